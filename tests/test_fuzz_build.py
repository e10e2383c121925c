"""Property tests (hypothesis) of the whole build over generated YAML and Markdown: safety, not wording.

Whatever an editor writes into site.yml, an article's front matter, its
body, a sidecar or a glossary file, the build either succeeds or reports
content errors (it never raises: no traceback, no exit 3), and whatever it
produces holds nothing executable (the checks of tests/test_injection.py),
and its feed and sitemap parse as XML. The validation tests pin the
messages; these only pin that nothing gets through or breaks.
"""

from __future__ import annotations

import os
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sitegen.build import render_site
from sitegen.errors import Diagnostics
from tests.injection.make_site import payloads
from tests.test_injection import Page, _Collector, problems_in

BUILDS = settings(
    max_examples=int(os.environ.get("SITEGEN_FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

PAYLOADS = payloads()
TEXT = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(max_size=40),
    st.text(st.sampled_from(list("<>\"'&;:/=#[]()*_`!-\\ \n\tjavascript")), max_size=40),
    st.sampled_from(["", " ", "S-300", "2020-01-01", "https://example.org/", "yes", "null", "1e3", "~"]),
)
SCALAR = st.one_of(TEXT, st.integers(), st.floats(allow_nan=False), st.booleans(), st.none())
VALUE = st.recursive(SCALAR, lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(TEXT, inner, max_size=3)), max_leaves=12)


def source():
    return st.fixed_dictionaries(
        {"title": TEXT, "url": st.one_of(st.just("https://example.org/s"), TEXT.map(lambda t: "https://example.org/" + "".join(t.split())), TEXT)},
        optional={"publisher": TEXT, "date": st.sampled_from(["2020-01-01", "2020-02-30", "x"])},
    )


TERM = st.fixed_dictionaries(
    {"definition": TEXT},
    optional={
        "id": st.one_of(st.sampled_from(["a-b", "s-300", "x"]), TEXT),
        "aliases": st.lists(TEXT, max_size=2),
        "formerly": st.lists(st.one_of(TEXT, st.fixed_dictionaries({"name": TEXT}, optional={"until": TEXT})), max_size=2),
        "sources": st.lists(st.one_of(st.just("src"), source()), max_size=2),
        "see_also": st.lists(TEXT, max_size=2),
        "match_case": st.booleans(),
    },
)
ANNOTATIONS = st.fixed_dictionaries(
    {},
    optional={
        "sources": st.dictionaries(st.sampled_from(["src", "other", "Bad Id"]), source(), max_size=2),
        "terms": st.dictionaries(TEXT, TERM, max_size=4),
        "notes": st.lists(st.fixed_dictionaries({"quote": TEXT, "note": TEXT}, optional={"occurrence": st.integers(-1, 3)}), max_size=3),
    },
)
FRONT_MATTER = st.fixed_dictionaries(
    {"title": TEXT, "date": st.sampled_from(["2020-01-01", "2021-12-31", "2020-13-01", "yesterday"])},
    optional={
        "summary": TEXT,
        "authors": st.lists(TEXT, max_size=3),
        "source": source(),
        "updated": st.sampled_from(["2020-06-01", "2019-01-01"]),
        "image": st.sampled_from(["img/pixel.gif", "missing.png", "../../etc/hostname"]),
        "image_alt": TEXT,
        "image_credit": TEXT,
        "corrections": st.lists(st.fixed_dictionaries({"date": st.just("2020-02-02"), "text": TEXT}), max_size=2),
        "aliases": st.lists(TEXT, max_size=2),
        "annotate": st.sampled_from(["first", "all", "none", "some"]),
        "draft": st.booleans(),
    },
)
MARKDOWN_PIECES = st.one_of(
    TEXT,
    st.sampled_from(["# ", "## ", "> ", "- ", "1. ", "```\n", "`", "*", "**", "_", "[", "]", "(", ")", "![", "<", ">", "\n", "\n\n",
                     "|a|b|\n|-|-|\n", "[x](term:S-300)", "[x](term:nope)", "[x](javascript:alert(1))", "<script>", "&lt;", "&#0;", "    code\n"]),
)
MARKDOWN = st.lists(MARKDOWN_PIECES, max_size=25).map("".join)
SITE = st.fixed_dictionaries(
    {"title": TEXT},
    optional={
        "description": TEXT,
        "base_url": st.sampled_from(["https://example.org/x/", "/", "/sub/", "http://a.example", "javascript:alert(1)", "//evil.example/"]),
        "language": st.sampled_from(["en", "fr", "pt-BR", "en\"><x", "x"]),
        "cname": st.sampled_from(["explainers.example.org", "bad name", "a.b"]),
        "annotate": st.sampled_from(["first", "all", "none"]),
    },
)

GLOSSARY = """sources:
  src: {title: A source, url: "https://example.org/src"}
terms:
  S-300:
    definition: A missile system; see [the other](term:Tartus).
    sources: [src]
  Tartus:
    definition: A port.
"""


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fuzz") / "site"
    (root / "content/articles").mkdir(parents=True)
    (root / "content/glossary").mkdir()
    (root / "content/static/img").mkdir(parents=True)
    shutil.copy(Path(__file__).parent / "sites/layered/content/static/img/pixel.gif", root / "content/static/img/pixel.gif")
    return root


def write_site(root: Path, *, site=None, front=None, body="S-300 and Tartus here.\n", sidecar=None, glossary=GLOSSARY) -> None:
    content = root / "content"
    (content / "site.yml").write_text(site if isinstance(site, str) else yaml.safe_dump(site or {"title": "Fuzz", "base_url": "https://example.org/"}, allow_unicode=True), encoding="utf-8")
    front_text = front if isinstance(front, str) else yaml.safe_dump(front or {"title": "A", "date": "2020-01-01"}, allow_unicode=True)
    (content / "articles/a.md").write_text("---\n" + front_text + "---\n" + body, encoding="utf-8")
    side = content / "articles/a.yml"
    if sidecar is None:
        side.unlink(missing_ok=True)
    else:
        side.write_text(sidecar if isinstance(sidecar, str) else yaml.safe_dump(sidecar, allow_unicode=True), encoding="utf-8")
    (content / "glossary/g.yml").write_text(glossary if isinstance(glossary, str) else yaml.safe_dump(glossary, allow_unicode=True), encoding="utf-8")


def build_and_check(root: Path) -> None:
    """Build in memory: content errors are fine, an exception is not; whatever is produced must be inert."""
    diagnostics = Diagnostics()
    model, files, copies = render_site(root, diagnostics)
    if diagnostics.has_errors():
        return
    found = []
    for name, data in files.items():
        if name.endswith(".html"):
            text = data.decode("utf-8")
            page = Page(Path(name))
            collector = _Collector(page)
            collector.feed(text)
            collector.close()
            found += problems_in(page, text)
        elif name.endswith(".xml"):
            ET.fromstring(data)
    assert found == []
    assert all(root / "content" / "static" in path.parents for path in copies.values())


@BUILDS
@given(SITE)
def test_any_site_settings(root, settings_value):
    write_site(root, site=settings_value)
    build_and_check(root)


@BUILDS
@given(FRONT_MATTER, MARKDOWN)
def test_any_front_matter_and_body(root, front, body):
    write_site(root, front=front, body=body, sidecar={"notes": [{"quote": "S-300", "note": "A note."}]} if "S-300" in body else None)
    build_and_check(root)


@BUILDS
@given(ANNOTATIONS, MARKDOWN)
@example(sidecar={}, body="# [x](term:S-300)")  # found by this test: a term: link in a heading reached the page as href="term:S-300"
@example(sidecar={"terms": {"T": {"definition": "## [x](term:S-300)"}}}, body="T")
def test_any_sidecar(root, sidecar, body):
    names = [n for n in (sidecar.get("terms") or {})]
    write_site(root, body=body + "\n\n" + " ".join(names) + "\n", sidecar=sidecar)
    build_and_check(root)


@BUILDS
@given(ANNOTATIONS)
def test_any_glossary(root, glossary):
    write_site(root, glossary=glossary, body="S-300 and " + " ".join(glossary.get("terms") or {}) + "\n")
    build_and_check(root)


@BUILDS
@given(VALUE, VALUE)
def test_any_yaml_shape_anywhere(root, first, second):
    write_site(root, front={"title": "T", "date": "2020-01-01", "summary": first} if isinstance(first, dict) else yaml.safe_dump({"title": first, "date": "2020-01-01"}), sidecar=first, glossary=second)
    build_and_check(root)


YAML_NOISE = st.lists(
    st.one_of(st.text(max_size=15), st.sampled_from([": ", "- ", "\n", "  ", "&a ", "*a", "!!python/object:os.system ", "!!binary ", "%YAML 1.1\n", "---\n", "...\n",
                                                     "{", "}", "[", "]", "? ", "|\n", ">\n", "<<: *a\n", "'", '"', "\\x01", "\t", "#", "@", "`"])),
    max_size=30,
).map("".join)


@BUILDS
@given(YAML_NOISE, YAML_NOISE, YAML_NOISE)
def test_any_text_as_yaml(root, site_text, sidecar_text, glossary_text):
    write_site(root, site="title: Noise\n" + site_text, front="title: T\ndate: 2020-01-01\n" + sidecar_text + "\n", sidecar=sidecar_text, glossary=glossary_text)
    build_and_check(root)
