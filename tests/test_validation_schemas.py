"""One source of truth: sitegen and an independent validator agree on every fixture.

check-jsonschema (a separate implementation: ruamel.yaml, its own regex
engine, format checks on) and sitegen's own validation read each fixture
with the schema files shipped in sitegen/schemas/, and must give the same
verdict: valid or not. The fixtures are every YAML file and front matter
under tests/schema_cases/ (one schema rule broken per invalid file),
tests/invalid/ (the invalid sites and their base), tests/sites/ and the
bundled content/.

Known, documented divergences (docs/checks.md, "Where other tools differ"):
they are listed in DIVERGENT with the reason, and asserted to still hold.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from sitegen.content import MAX_ARTICLE_BYTES, split_front_matter
from sitegen.errors import Diagnostics
from sitegen.schema import SCHEMA_NAMES, schema_text, validate
from sitegen.yamlio import load_yaml_file, read_text
from tests.conftest import CHECK_JSONSCHEMA, REPO, TESTS

DIVERGENT = {
    "tests/invalid/file-utf16/content/site.yml": (False, True,
        "YAML allows UTF-16; sitegen accepts only UTF-8 (so does every editor's default)"),
    "tests/invalid/yaml-merge-key/content/glossary/more.yml": (False, True,
        "ruamel.yaml applies YAML 1.1 merge keys (<<); YAML 1.2, the editor's language server and sitegen do not"),
    "tests/invalid/yaml-key-not-text/content/glossary/more.yml": (False, True,
        "check-jsonschema turns a list used as a key into the text \"('Homs', 'Hims')\"; sitegen reports it"),
    "tests/schema_cases/annotations/valid/yaml-1-2-text-that-ruamel-reads-as-numbers.yml": (True, False,
        "ruamel.yaml reads 0b101, 1_000, +0o17 and -0x1F as numbers; the YAML 1.2 core schema "
        "(sitegen, the editor's language server) reads them as text"),
}
"""Fixture -> (sitegen's verdict, check-jsonschema's verdict, why they differ)."""

NOT_RUN = {
    "tests/invalid/yaml-alias-bomb/content/glossary/more.yml":
        "check-jsonschema would walk the billion values the aliases stand for",
    "tests/invalid/yaml-alias-loop/content/glossary/more.yml":
        "check-jsonschema recurses without end into a value that contains itself (RecursionError)",
}
"""Fixtures only sitegen reads: the other validator cannot survive them."""


def schema_of(path: Path) -> str | None:
    """Which schema a content file follows, from where it lies."""
    parts = path.parts
    if path.name == "site.yml" and parts[-2] == "content":
        return "site"
    if "schema_cases" in parts:
        return parts[parts.index("schema_cases") + 1]
    if len(parts) >= 2 and parts[-2] in ("articles", "glossary") and path.suffix == ".yml":
        return "annotations"
    if len(parts) >= 2 and parts[-2] == "articles" and path.suffix == ".md":
        return "article"
    return None


def fixtures() -> list[tuple[str, str]]:
    roots = [TESTS / "schema_cases", TESTS / "invalid", TESTS / "sites", REPO / "content"]
    found = []
    for root in roots:
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            name = schema_of(path) if path.is_file() else None
            if name is not None:
                found.append((path.relative_to(REPO).as_posix(), name))
    return found


FIXTURES = fixtures()


def document(path: Path, name: str, diagnostics: Diagnostics):
    """The YAML document sitegen's loaders validate, or None when it cannot be read."""
    if name == "article":
        text = read_text(path, diagnostics, MAX_ARTICLE_BYTES)
        return split_front_matter(text, str(path), diagnostics)[0] if text is not None else None
    doc = load_yaml_file(path, diagnostics)
    if doc is not None and doc.value is None and name == "site":
        doc.value = {}  # config.load_config reads an empty site.yml as no settings
    return doc


def sitegen_verdict(path: Path, name: str) -> bool:
    """What sitegen's loaders decide from the YAML and the schema alone (no cross-file checks)."""
    diagnostics = Diagnostics()
    doc = document(path, name, diagnostics)
    if doc is not None:
        validate(doc, name, diagnostics)
    return not diagnostics.has_errors()


def front_matter_text(path: Path) -> str | None:
    """The YAML between the '---' lines, as an editor's schema tooling sees it; None without one."""
    try:
        lines = path.read_text("utf-8").split("\n")
    except UnicodeDecodeError:
        return None
    if not lines or lines[0].rstrip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]) + "\n"
    return None


@pytest.fixture(scope="module")
def independent_verdicts(tmp_path_factory) -> dict[str, bool]:
    """check-jsonschema's verdict on every fixture: one run per schema."""
    if CHECK_JSONSCHEMA is None:
        pytest.fail("check-jsonschema is not installed (pip install check-jsonschema)")
    tmp = tmp_path_factory.mktemp("schemas")
    verdicts: dict[str, bool] = {}
    for name in SCHEMA_NAMES:
        schema_file = tmp / f"{name}.schema.json"
        schema_file.write_text(schema_text(name), encoding="utf-8")
        files: dict[str, str] = {}
        for rel, kind in FIXTURES:
            if kind != name or rel in NOT_RUN:
                continue
            if name == "article":
                text = front_matter_text(REPO / rel)
                if text is None:
                    continue  # no front matter block: sitegen's own check, no schema involved
                extracted = tmp / (rel.replace("/", "__") + ".yaml")
                extracted.write_text(text, encoding="utf-8")
                files[str(extracted)] = rel
            else:
                files[str(REPO / rel)] = rel
        result = subprocess.run(
            [*CHECK_JSONSCHEMA, "--output-format", "json", "--schemafile", str(schema_file), *files],
            capture_output=True, text=True, timeout=300,
        )
        report = json.loads(result.stdout)
        failed = {e["filename"] for e in report.get("errors", [])} | {e["filename"] for e in report.get("parse_errors", [])}
        for file, rel in files.items():
            verdicts[rel] = file not in failed
    return verdicts


def test_there_are_fixtures_of_every_kind():
    kinds = {name for _, name in FIXTURES}
    assert kinds == set(SCHEMA_NAMES)
    valid = [rel for rel, _ in FIXTURES if "/valid/" in rel]
    invalid = [rel for rel, _ in FIXTURES if "/invalid/" in rel and "schema_cases" in rel]
    assert len(valid) >= 8 and len(invalid) >= 40


@pytest.mark.parametrize("rel,name", FIXTURES, ids=[rel for rel, _ in FIXTURES])
def test_sitegen_and_check_jsonschema_agree(rel, name, independent_verdicts):
    if rel in NOT_RUN:
        assert sitegen_verdict(REPO / rel, name) is False
        return
    if name == "article" and front_matter_text(REPO / rel) is None:
        assert sitegen_verdict(REPO / rel, name) is False  # a missing or broken block is an error
        return
    ours = sitegen_verdict(REPO / rel, name)
    theirs = independent_verdicts[rel]
    if rel in DIVERGENT:
        assert (ours, theirs) == DIVERGENT[rel][:2], f"the documented divergence no longer holds: {DIVERGENT[rel][2]}"
        return
    assert ours == theirs, f"sitegen says {'valid' if ours else 'invalid'}, check-jsonschema says {'valid' if theirs else 'invalid'}"
    if "schema_cases" in rel:
        assert ours == ("/valid/" in rel), "a schema case's folder says what it should be"


def test_entries_known_valid_never_hide_an_error():
    """validate() skips glossary entries it has seen valid; an edited entry is checked again, with the same messages."""
    from sitegen import schema
    from sitegen.yamlio import parse_yaml

    terms = "".join(f"  Term {n}:\n    definition: The term number {n}.\n    sources: [s{n % 3}]\n" for n in range(40))
    valid = "sources:\n  s0: {title: A, url: 'https://a.example/'}\n  s1: {title: B, url: 'https://b.example/'}\n  s2: {title: C, url: 'https://c.example/'}\nterms:\n" + terms
    broken = valid.replace("  Term 7:\n    definition: The term number 7.", "  Term 7:\n    definitoin: The term number 7.")

    def messages(text: str) -> list[str]:
        diagnostics = Diagnostics()
        doc = parse_yaml(text, "g.yml", diagnostics)
        schema.validate(doc, "annotations", diagnostics)
        return [d.format_text() for d in diagnostics.sorted()]

    schema._KNOWN_VALID.clear()
    fresh = messages(broken)
    assert len(fresh) == 1 and "definitoin" in fresh[0] and "g.yml:" in fresh[0]
    assert messages(valid) == []
    assert len(schema._KNOWN_VALID) == 43  # 3 sources and 40 terms
    assert messages(broken) == fresh


def test_entries_seen_valid_are_checked_again_when_their_text_changes():
    """An entry is skipped as known valid only when its text is the very text last seen valid in that file
    (kept as the entry until asked, then as `repr`): `1` for `true`, or the same entry in another file, is
    checked again; every edit gets the messages a fresh process would give."""
    from sitegen import schema
    from sitegen.yamlio import parse_yaml

    def messages(text: str, path: str = "g.yml") -> list[str]:
        diagnostics = Diagnostics()
        doc = parse_yaml(text, path, diagnostics)
        schema.validate(doc, "annotations", diagnostics)
        return [d.format_text() for d in diagnostics.sorted()]

    base = "sources:\n  s0:\n    title: A\n    url: https://a.example/\nterms:\n  A:\n    definition: x\n    match_case: true\n  B:\n    definition: y\n"
    edits = [(base, "g.yml"), (base.replace("true", "1"), "g.yml"), (base, "g.yml"), (base.replace("true", "1.0"), "g.yml"),
             (base.replace("true", "1"), "other.yml"), (base.replace("title: A", "title: 5"), "g.yml"), (base, "g.yml"),
             (base.replace("definition: y", "definitoin: y"), "g.yml"), (base.replace("true", "false"), "g.yml")]
    schema._KNOWN_VALID.clear()
    compared = False
    for text, path in edits:
        remembered = messages(text, path)
        kept = dict(schema._KNOWN_VALID)
        compared = compared or any(isinstance(seen, str) for seen in kept.values())
        schema._KNOWN_VALID.clear()
        assert remembered == messages(text, path), text
        schema._KNOWN_VALID.clear()
        schema._KNOWN_VALID.update(kept)
    assert compared  # (entries were compared by their text)


def test_the_quick_check_passes_exactly_what_jsonschema_passes():
    """validate() asks fastjsonschema first and jsonschema only about a document it fails: on every
    fixture, both must give the same verdict (a quick pass that jsonschema fails would let a mistake in)."""
    from sitegen import schema

    verdicts = {True: 0, False: 0}
    disagree = []
    for rel, name in FIXTURES:
        if rel in NOT_RUN:
            continue
        doc = document(REPO / rel, name, Diagnostics())
        if doc is None:
            continue
        quick = schema._quick_check(name)
        assert quick is not None, f"no quick check for the {name} schema"
        full = not any(True for _ in schema._validator(name).iter_errors(doc.value))
        verdicts[full] += 1
        if quick(doc.value) != full:
            disagree.append(f"{rel}: fastjsonschema says {quick(doc.value)}, jsonschema says {full}")
    assert disagree == []
    assert verdicts[True] >= 20 and verdicts[False] >= 40, verdicts


@pytest.mark.parametrize("value", [
    {"title": "T", "date": "2016-02-30"},      # not a day
    {"title": "T", "date": "2016-02-03\n"},    # a final newline: ECMAScript's $ is the end of the text
    {"title": "T", "date": "2016-02-03", "aliases": ["old/page\n"]},
    {"title": "T", "date": True},
    {"title": "T", "date": "2016-02-03", "draft": "yes"},
])
def test_the_quick_check_is_no_looser_on_the_edges(value):
    """What Python's validators easily get wrong: `$` before a newline, an unreal date, a bool for text."""
    from sitegen import schema

    full = not any(True for _ in schema._validator("article").iter_errors(value))
    assert full is False
    assert schema._quick_check("article")(value) is False


def test_the_quick_check_compiles_without_detailed_exceptions_on_older_fastjsonschema():
    """fastjsonschema before 2.21 has no `detailed_exceptions` (pyproject asks for 2.19): the same check, with them."""
    import fastjsonschema

    from sitegen import schema

    class Before221:
        @staticmethod
        def compile(definition, handlers={}, formats={}, use_default=True, use_formats=True):  # 2.19's signature
            return fastjsonschema.compile(definition, handlers, formats, use_default, use_formats)

    definition = {"type": "object", "properties": {"title": {"type": "string", "minLength": 1}}}
    for module in (fastjsonschema, Before221):
        check = schema._compile_quietly(module, definition, {})
        assert check({"title": "T"}) == {"title": "T"}
        with pytest.raises(fastjsonschema.JsonSchemaException):
            check({"title": ""})


def test_the_shipped_quick_checks_are_the_current_schemas():
    """sitegen/_checks/ is generated from the schemas (scripts/schema-checks): after a schema edit, run it again.
    A stale module is not used (see the next test), so this is what tells a forgotten run."""
    import importlib

    import fastjsonschema

    from sitegen import schema

    if not hasattr(fastjsonschema, "JsonSchemaValuesException"):  # (before 2.21: the shipped code cannot run, and is not used)
        pytest.skip("this fastjsonschema cannot run the shipped checks")
    for name in SCHEMA_NAMES:
        module = importlib.import_module(f"sitegen._checks.{name}")
        assert module.SCHEMA_DIGEST == schema._schema_digest(name), f"sitegen/_checks/{name}.py is stale: run scripts/schema-checks"
        assert schema._shipped_check(name) is module
        if module.VERSION == fastjsonschema.VERSION:  # (another fastjsonschema may write other code for the same check)
            assert Path(module.__file__).read_text(encoding="utf-8") == schema.shipped_check_source(name)


def test_a_stale_shipped_quick_check_is_not_used(monkeypatch):
    """A schema edited without generating its check again: the check is compiled from the schema, as before."""
    from sitegen import schema

    monkeypatch.setattr(schema, "_schema_digest", lambda name: "edited")
    schema._quick_check.cache_clear()
    try:
        assert schema._shipped_check("article") is None
        quick = schema._quick_check("article")
        assert quick({"title": "T", "date": "2016-02-03"}) is True
        assert quick({"title": "T", "date": "2016-02-30"}) is False
    finally:
        schema._quick_check.cache_clear()


def test_the_schemas_are_read_as_importlib_resources_reads_them():
    """`schema_text` opens the file beside the module: the same text the package's resources give."""
    from importlib import resources

    for name in SCHEMA_NAMES:
        assert schema_text(name) == resources.files("sitegen.schemas").joinpath(f"{name}.schema.json").read_text("utf-8")
