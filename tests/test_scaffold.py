"""`sitegen init`, `sitegen new` and `sitegen schema`: a new site builds at once, nothing is overwritten."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from pathlib import Path

import pytest

from sitegen import scaffold
from sitegen.schema import SCHEMA_NAMES, schema, schema_text
from tests.conftest import CHECK_JSONSCHEMA, REPO, run_sitegen
from tests.invalid_sites import run_in

MODELINE = re.compile(r"^# yaml-language-server: \$schema=(?P<path>\S+)$")


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def modeline_target(path: Path) -> Path:
    """The schema a file's `# yaml-language-server` line points at (first line, or first of the front matter)."""
    lines = path.read_text("utf-8").split("\n")
    line = lines[1] if path.suffix == ".md" else lines[0]
    match = MODELINE.match(line)
    assert match, f"{path}: no yaml-language-server line: {line!r}"
    return (path.parent / match["path"]).resolve()


@pytest.fixture
def new_site(tmp_path) -> Path:
    code, _, err = run_in(tmp_path, "init", "my-explainers")
    assert code == 0, err
    return tmp_path / "my-explainers"


def test_init_writes_a_site_that_builds_cleanly(new_site, tmp_path):
    files = set(snapshot(new_site))
    assert {
        "content/site.yml", "content/articles/welcome.md", "content/articles/welcome.yml",
        ".gitignore", "requirements.txt",
        "schemas/site.schema.json", "schemas/article.schema.json", "schemas/annotations.schema.json",
    } <= files
    assert (new_site / ".gitignore").read_text().split("\n")[1:3] == ["site/", ".sitegen-cache/"]
    code, _, err = run_in(new_site, "check")
    assert code == 0 and "0 errors" in err and ": error:" not in err, err
    code, _, err = run_in(new_site, "build")
    assert code == 0 and "(0 errors" in err, err
    page = (new_site / "site" / "articles" / "welcome" / "index.html").read_text("utf-8")
    assert 'data-term="github-pages"' in page
    assert 'data-note="1"' in page
    # The first article mentions its term and quotes its note: nothing is unused.
    assert ": info:" not in run_in(new_site, "check")[2]


def test_init_modelines_point_at_the_written_schemas(new_site):
    for rel, name in [("content/site.yml", "site"), ("content/articles/welcome.md", "article"), ("content/articles/welcome.yml", "annotations")]:
        target = modeline_target(new_site / rel)
        assert target == (new_site / "schemas" / f"{name}.schema.json").resolve()
        assert target.read_text("utf-8") == schema_text(name)


def test_the_scaffolded_files_pass_the_independent_validator_with_the_written_schemas(new_site, tmp_path):
    """What the editor's tooling will see: check-jsonschema, with the schema each modeline names."""
    run_in(new_site, "new", "second-article")
    assert CHECK_JSONSCHEMA, "check-jsonschema is not installed"
    by_schema: dict[Path, list[str]] = {}
    for path in sorted((new_site / "content").rglob("*")):
        if path.suffix == ".yml":
            by_schema.setdefault(modeline_target(path), []).append(str(path))
        elif path.suffix == ".md":
            lines = path.read_text("utf-8").split("\n")
            end = lines.index("---", 1)
            extracted = tmp_path / f"{path.stem}.front-matter.yaml"
            extracted.write_text("\n".join(lines[1:end]) + "\n", encoding="utf-8")
            by_schema.setdefault(modeline_target(path), []).append(str(extracted))
    assert len(by_schema) == 3
    for schema_file, files in by_schema.items():
        result = subprocess.run([*CHECK_JSONSCHEMA, "--schemafile", str(schema_file), *files], capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr


def test_init_refuses_to_overwrite_and_writes_nothing(new_site):
    before = snapshot(new_site)
    code, _, err = run_in(new_site, "init")
    assert code == 2
    assert err == "sitegen: error: there is already a site in . (content/site.yml exists); nothing was written\n"
    assert snapshot(new_site) == before


def test_init_stops_at_any_file_in_the_way_before_writing_anything(tmp_path):
    (tmp_path / "requirements.txt").write_text("flask\n")
    code, _, err = run_in(tmp_path, "init")
    assert code == 2
    assert "refusing to overwrite requirements.txt; nothing was written" in err
    assert snapshot(tmp_path) == {"requirements.txt": b"flask\n"}


def test_init_keeps_an_existing_gitignore_and_says_what_it_lacks(tmp_path):
    (tmp_path / ".gitignore").write_text("node_modules/\nsite/\n")
    code, _, err = run_in(tmp_path, "init")
    assert code == 0
    assert (tmp_path / ".gitignore").read_text() == "node_modules/\nsite/\n"
    assert "sitegen: note: your .gitignore was left as it is; add .sitegen-cache/ to it" in err


def test_init_writes_the_pages_workflow_sitegen_ships(tmp_path):
    shipped = REPO / "sitegen" / "scaffold_files" / "pages.yml"
    assert scaffold.pages_workflow() == shipped.read_text("utf-8")
    code, _, err = run_in(tmp_path, "init", "site")
    assert code == 0, err
    assert (tmp_path / "site" / ".github" / "workflows" / "pages.yml").read_text("utf-8") == shipped.read_text("utf-8")
    assert "  .github/workflows/pages.yml\n" in err


def test_init_without_a_workflow_template_skips_it(tmp_path, monkeypatch):
    monkeypatch.setattr(scaffold, "pages_workflow", lambda: None)
    code, _, _ = run_in(tmp_path, "init", "site")
    assert code == 0
    assert not (tmp_path / "site" / ".github").exists()


def test_new_scaffolds_a_draft_with_todays_date_and_every_key(new_site):
    code, _, err = run_in(new_site, "new", "kerry-rips-russia")
    assert code == 0, err
    article = (new_site / "content" / "articles" / "kerry-rips-russia.md").read_text("utf-8")
    sidecar = (new_site / "content" / "articles" / "kerry-rips-russia.yml").read_text("utf-8")
    assert f"\ndate: {dt.date.today().isoformat()}\n" in article
    assert '\ntitle: "Kerry rips russia"\n' in article and "\ndraft: true\n" in article
    for key in schema("article")["properties"]:
        assert re.search(rf"^#? ?{key}:", article, re.M), f"no example of {key}"
    for key in ("sources", "terms", "notes", "aliases", "formerly", "definition", "see_also", "match_case", "quote", "note", "occurrence", "url", "publisher"):
        assert re.search(rf"^\s*(#\s*)?(-\s*)?{key}:", sidecar, re.M), f"no example of {key}"
    assert modeline_target(new_site / "content" / "articles" / "kerry-rips-russia.yml").is_file()
    code, _, err = run_in(new_site, "check", "--drafts")
    assert code == 0 and ": error:" not in err, err
    code, _, err = run_in(new_site, "build")
    assert code == 0, err
    assert not (new_site / "site" / "articles" / "kerry-rips-russia").exists(), "a draft stays out"
    path = new_site / "content" / "articles" / "kerry-rips-russia.md"
    path.write_text(article.replace("\ndraft: true\n", "\n"), encoding="utf-8")
    code, _, err = run_in(new_site, "build")
    assert code == 0, err
    assert (new_site / "site" / "articles" / "kerry-rips-russia" / "index.html").is_file()


def test_new_refuses_to_overwrite(new_site):
    run_in(new_site, "new", "second")
    sidecar = new_site / "content" / "articles" / "second.yml"
    sidecar.write_text("# mine\n")
    before = snapshot(new_site)
    code, _, err = run_in(new_site, "new", "second")
    assert code == 2
    assert err.startswith("sitegen: error: refusing to overwrite content/articles/second.md, content/articles/second.yml;")
    assert snapshot(new_site) == before


@pytest.mark.parametrize("slug,suggestion", [("Kerry Rips", "kerry-rips"), ("kerry_rips", "kerry-rips"), ("x--y", "x-y"), ("!!!", None)])
def test_new_rejects_an_invalid_slug_and_suggests_one(new_site, slug, suggestion):
    before = snapshot(new_site)
    code, _, err = run_in(new_site, "new", slug)
    assert code == 2
    assert f"'{slug}' is not a valid slug" in err
    assert (f"e.g. '{suggestion}'" in err) if suggestion else "e.g. 'kerry-rips-russia'" in err
    assert snapshot(new_site) == before


def test_new_needs_a_site(tmp_path):
    code, _, err = run_in(tmp_path, "new", "x")
    assert code == 2
    assert "content/site.yml is missing (run 'sitegen init', or pass --root)" in err


def test_new_adds_missing_schemas_but_never_replaces_them(new_site):
    (new_site / "schemas" / "site.schema.json").unlink()
    (new_site / "schemas" / "annotations.schema.json").write_text("{}")
    code, _, err = run_in(new_site, "new", "third")
    assert code == 0, err
    assert (new_site / "schemas" / "site.schema.json").read_text("utf-8") == schema_text("site")
    assert (new_site / "schemas" / "annotations.schema.json").read_text("utf-8") == "{}"


# ---------------------------------------------------------------- sitegen schema


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_schema_prints_the_shipped_file(name, tmp_path):
    code, out, _ = run_in(tmp_path, "schema", name)
    assert code == 0
    assert out == (REPO / "sitegen" / "schemas" / f"{name}.schema.json").read_text("utf-8")
    assert json.loads(out)["$schema"] == "http://json-schema.org/draft-07/schema#"
    code, _, err = run_in(tmp_path, "schema", name, "--write", "out/schemas")
    assert code == 0 and f"wrote out/schemas/{name}.schema.json" in err
    assert (tmp_path / "out" / "schemas" / f"{name}.schema.json").read_text("utf-8") == out


def test_schema_rejects_an_unknown_name():
    result = run_sitegen("schema", "glossary")
    assert result.returncode == 2
    assert "invalid choice: 'glossary'" in result.stderr


def _properties(node, trail=""):
    """Every (trail, property schema) under a schema, for the tooltip check."""
    if isinstance(node, dict):
        for key, value in node.get("properties", {}).items():
            yield f"{trail}.{key}", value
        for key, value in node.items():
            yield from _properties(value, f"{trail}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _properties(value, f"{trail}[{i}]")


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_every_key_has_a_tooltip(name):
    document = schema(name)
    definitions = document.get("definitions", {})
    for trail, prop in _properties(document):
        described = "description" in prop or (
            "$ref" in prop and "description" in definitions[prop["$ref"].rsplit("/", 1)[1]]
        )
        assert described, f"{name}: {trail} has no description for the editor's tooltip"


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_every_pattern_has_a_message_for_the_editor(name):
    def patterns(node):
        if isinstance(node, dict):
            if "pattern" in node and node["pattern"] != "\\S":
                yield node
            for value in node.values():
                yield from patterns(value)
        elif isinstance(node, list):
            for value in node:
                yield from patterns(value)

    for node in patterns(schema(name)):
        assert "patternErrorMessage" in node, node["pattern"]


def test_the_repository_schemas_folder_is_the_shipped_one():
    """The bundled content's modelines point at schemas/ at the repository root."""
    for name in SCHEMA_NAMES:
        assert (REPO / "schemas" / f"{name}.schema.json").read_text("utf-8") == schema_text(name)
    for path in sorted((REPO / "content").rglob("*")):
        if path.suffix in (".yml", ".md"):
            assert modeline_target(path).is_file(), path


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_nothing_but_annotations_sits_beside_a_ref(name):
    """Draft-07 ignores a $ref's siblings; sitegen inlines references, so a sibling must never constrain."""
    def refs(node):
        if isinstance(node, dict):
            if "$ref" in node:
                yield node
            for value in node.values():
                yield from refs(value)
        elif isinstance(node, list):
            for value in node:
                yield from refs(value)

    for node in refs(schema(name)):
        assert set(node) - {"$ref"} <= {"description", "title", "examples", "default", "x-expected"}, node


def test_requirements_never_name_the_other_pypi_project():
    from sitegen.scaffold import requirements_txt

    active = [line for line in requirements_txt().splitlines() if line and not line.startswith("#")]
    assert all(line.startswith("sitegen @ git+") for line in active), active
