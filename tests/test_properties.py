"""Property tests: whatever an editor types, sitegen answers with a clean build or diagnostics, never a crash.

Arbitrary text, YAML-shaped noise, random values and Markdown go into every
file of a small site (site.yml, a glossary file, a sidecar, an article's
front matter and body); the checks must return, and every problem must
carry a file, a 1-based line and column, and a message.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from markupsafe import Markup, escape

from sitegen.annotations import Source
from sitegen.check import check
from sitegen.errors import Diagnostics, Severity
from sitegen.markdown import normalize_link, normalize_link_fully, prepare_fragment, prepare_fragment_fully
from sitegen.schema import SCHEMA_NAMES, validate
from sitegen.yamlio import parse_yaml
from tests.invalid_sites import BASE

EXAMPLES = int(os.environ.get("SITEGEN_PROPERTY_EXAMPLES", "60"))
"""Modest by default, to keep the suite fast; raise it for a longer hunt."""
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)

# Any character a file can hold (no lone surrogates: they cannot be written as UTF-8).
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)

YAML_BITS = st.sampled_from([
    "\n", "  ", "    ", "\t", "- ", ": ", ":", "? ", "---\n", "...\n", "#", "'", '"', "[", "]", "{", "}", ",",
    "&a ", "*a", "&b ", "*b", "!!str ", "!!int ", "!!set ", "!tag ", "<<: ", "|\n", ">-\n", "~", "null", "yes", "NO",
    "1.10", "0o17", "2016-10-04", "12:30", "true", "\\", "%YAML 1.1\n", "@", "`", "\x00", "\ufeff", "é", "’",
    "terms", "sources", "notes", "definition", "title", "date", "url", "quote", "note", "aliases", "formerly",
    "see_also", "occurrence", "id", "S-300", "Tartus", "https://example.org/", "javascript:x", "wiki-tartus",
])
YAML_NOISE = st.lists(st.one_of(YAML_BITS, TEXT.map(lambda t: t[:12])), max_size=60).map("".join)

MARKDOWN_BITS = st.sampled_from([
    "\n", "\n\n", "# ", "## ", "* ", "1. ", "> ", "```\n", "`", "**", "_", "[", "]", "(", ")", "](term:", "](term:Tartus)",
    "](term:nope)", "](https://x.org/)", "![", "<b>", "</b>", "<!-- ", " -->", "|", "---", "\\", "&amp;", "    ",
    "Tartus", "S-300", "S-300 anti-aircraft system", "a potential shield", "Tartus’s", "tartus", "Russia", " ", ".",
    "“", "”", "'", "\t", "\x00", "\r\n",
])
MARKDOWN = st.lists(st.one_of(MARKDOWN_BITS, TEXT.map(lambda t: t[:20])), max_size=80).map("".join)

JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), TEXT.map(lambda t: t[:30]),
              st.sampled_from(["first", "https://example.org/", "2016-10-04", "2016-02-30", "s-300", "Tartus", ""])),
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.sampled_from([
            "title", "date", "url", "terms", "sources", "notes", "definition", "aliases", "formerly", "name",
            "until", "see_also", "match_case", "id", "quote", "note", "occurrence", "base_url", "annotate",
            "theme", "language", "cname", "draft", "image", "image_alt", "corrections", "text", "S-300", "x",
        ]), children, max_size=5),
    ),
    max_leaves=25,
)


@pytest.fixture(scope="module")
def workdir():
    with tempfile.TemporaryDirectory(prefix="sitegen-props-") as tmp:
        yield Path(tmp)


def fresh_site(workdir: Path) -> Path:
    root = workdir / "site"
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(BASE, root)
    return root


def assert_well_formed(diagnostics: Diagnostics) -> None:
    for d in diagnostics.items:
        assert d.line >= 1 and d.col >= 1, d
        assert d.path and d.code and d.message.strip(), d
        assert "\n" not in d.message and "\r" not in d.message, d


def run_check(root: Path) -> Diagnostics:
    diagnostics = check(root)
    assert_well_formed(diagnostics)
    return diagnostics


@SETTINGS
@given(text=st.one_of(TEXT, YAML_NOISE))
def test_any_text_parses_to_values_or_diagnostics(text):
    diagnostics = Diagnostics()
    doc = parse_yaml(text, "x.yml", diagnostics)
    assert_well_formed(diagnostics)
    if doc is None:
        assert diagnostics.has_errors()
    for name in SCHEMA_NAMES:
        if doc is not None:
            validate(doc, name, diagnostics)
    assert_well_formed(diagnostics)


@SETTINGS
@given(value=JSON_VALUES, name=st.sampled_from(SCHEMA_NAMES))
def test_any_value_validates_or_gets_a_message_per_mistake(value, name):
    text = yaml.safe_dump({"root": value} if not isinstance(value, dict) else value, allow_unicode=True)
    diagnostics = Diagnostics()
    doc = parse_yaml(text, "x.yml", diagnostics)
    if doc is None:
        return
    if validate(doc, name, diagnostics) is False:
        assert diagnostics.count(Severity.ERROR) >= 1
    assert_well_formed(diagnostics)


TARGETS = {
    "site": "content/site.yml",
    "glossary": "content/glossary/base.yml",
    "sidecar": "content/articles/base.yml",
    "front matter": "content/articles/base.md",
}


@SETTINGS
@given(target=st.sampled_from(sorted(TARGETS)), text=st.one_of(TEXT, YAML_NOISE), keep=st.booleans())
def test_any_yaml_in_any_file_gives_a_build_or_diagnostics(workdir, target, text, keep):
    root = fresh_site(workdir)
    path = root / TARGETS[target]
    if target == "front matter":
        body = path.read_text("utf-8").split("---\n", 2)[2]
        path.write_text(f"---\n{text}\n---\n{body}", encoding="utf-8")
    else:
        original = path.read_text("utf-8")
        path.write_text(original + "\n" + text if keep else text, encoding="utf-8")
    run_check(root)


@SETTINGS
@given(body=MARKDOWN, quote_at=st.tuples(st.integers(0, 400), st.integers(1, 40)), occurrence=st.one_of(st.none(), st.integers(1, 3)))
def test_any_markdown_gives_a_build_or_diagnostics(workdir, body, quote_at, occurrence):
    """Any body, with a note quoting a random slice of it (which may or may not be text a reader sees)."""
    root = fresh_site(workdir)
    article = root / "content" / "articles" / "base.md"
    article.write_text("---\ntitle: Arbitrary\ndate: 2016-10-04\n---\n" + body, encoding="utf-8")
    start, length = quote_at
    quote = body[start : start + length] or "a potential shield"
    sidecar = {"notes": [{"quote": quote, "note": "A note.", **({"occurrence": occurrence} if occurrence else {})}]}
    (root / "content" / "articles" / "base.yml").write_text(yaml.safe_dump(sidecar, allow_unicode=True), encoding="utf-8")
    run_check(root)


@SETTINGS
@given(definition=MARKDOWN, alias=st.one_of(TEXT.map(lambda t: t[:20]), MARKDOWN_BITS))
def test_any_definition_and_name_give_a_build_or_diagnostics(workdir, definition, alias):
    root = fresh_site(workdir)
    glossary = {
        "sources": {"s": {"title": "S", "url": "https://example.org/"}},
        "terms": {"Tartus": {"definition": definition or "x", "aliases": [alias], "sources": ["s"]},
                  alias or "x": {"definition": "Another.", "see_also": ["Tartus", alias or "x"]}},
    }
    (root / "content" / "glossary" / "base.yml").write_text(yaml.safe_dump(glossary, allow_unicode=True), encoding="utf-8")
    run_check(root)


@SETTINGS
@given(value=JSON_VALUES, name=st.sampled_from(SCHEMA_NAMES))
def test_the_quick_schema_check_never_passes_what_jsonschema_fails(value, name):
    """validate() trusts fastjsonschema's yes and asks jsonschema only after a no: on any value, the two agree."""
    from sitegen import schema

    text = yaml.safe_dump({"root": value} if not isinstance(value, dict) else value, allow_unicode=True)
    doc = parse_yaml(text, "x.yml", Diagnostics())
    if doc is None:
        return
    full = not any(True for _ in schema._validator(name).iter_errors(doc.value))
    assert schema._quick_check(name)(doc.value) == full


def _schema_shaped(node, depth: int = 0):
    """Values shaped by a schema node (inlined refs), valid or nearly: each part may be any JSON value instead,
    and strings come from what the schemas' patterns and dates look for, so both verdicts are common."""
    anything = JSON_VALUES if depth < 3 else st.none()
    if not isinstance(node, dict):
        return anything
    if "anyOf" in node:
        shaped = st.one_of([_schema_shaped(branch, depth + 1) for branch in node["anyOf"]])
    elif isinstance(node.get("type"), list):
        shaped = st.one_of([_schema_shaped({**node, "type": kind}, depth) for kind in node["type"]])
    elif "enum" in node:
        shaped = st.sampled_from(node["enum"])
    elif node.get("type") == "object":
        props = node.get("properties", {})
        extra = node.get("additionalProperties")
        keys = st.sampled_from(sorted(props)) if props else st.nothing()
        if isinstance(extra, dict):
            keys = st.one_of(keys, SCHEMA_STRINGS) if props else SCHEMA_STRINGS
        required = node.get("required", [])
        shaped = st.tuples(st.lists(keys, max_size=4, unique=True), st.integers(0, 7)).flatmap(
            lambda drawn: st.fixed_dictionaries({
                k: _schema_shaped(props.get(k, extra), depth + 1) for k in (required if drawn[1] else []) + drawn[0]
            })
        )
    elif node.get("type") == "array":
        shaped = st.lists(_schema_shaped(node.get("items"), depth + 1), max_size=3)
    elif node.get("type") == "string":
        from sitegen.schema import ecma_pattern

        fitting = [text for text in STRING_POOL if ecma_pattern(node.get("pattern", "")).search(text)]
        shaped = st.one_of(st.sampled_from(fitting), st.sampled_from(fitting), SCHEMA_STRINGS) if fitting else SCHEMA_STRINGS
    elif node.get("type") == "boolean":
        shaped = st.booleans()
    elif node.get("type") in ("integer", "number"):
        shaped = st.integers(-2, 3)
    else:
        shaped = anything
    if not depth:
        return shaped
    return st.integers(0, 15).flatmap(lambda n: anything if n == 0 else shaped)  # one part in 16 anything at all


STRING_POOL = ["2016-02-03", "2016-02-30", "2016-2-3", "2016-02-03\n", "https://example.org/a", "HTTP://x", "ftp://x",
               "old/page", "/old/page/", "a//b", "", " ", "\t", "Tartus", "al-Nusra", "x" * 300, "first", "all", "none"]
"""Strings some pattern of the schemas looks for, or nearly (a string node draws mostly from those its pattern finds)."""
SCHEMA_STRINGS = st.one_of(st.sampled_from(STRING_POOL), st.text(max_size=6))


@pytest.mark.parametrize("name", SCHEMA_NAMES)
@settings(SETTINGS, max_examples=EXAMPLES * 5)  # ~1 ms an example
@given(data=st.data())
def test_the_shipped_quick_check_gives_the_compiled_checks_verdict(data, name):
    """The quick check that ships generated (sitegen/_checks/) against the one compiled from the schema in
    the process, as every build did before, and against jsonschema, on documents shaped by the schema."""
    import fastjsonschema

    from sitegen import schema

    definition, specs = schema._quick_definition(name)
    compiled = schema._compile_quietly(fastjsonschema, definition, schema._formats(specs))
    shipped = schema._shipped_check(name)
    assert shipped is not None or not hasattr(fastjsonschema, "JsonSchemaValuesException")  # (before 2.21: not used)
    if shipped is None:
        return
    value = data.draw(_schema_shaped(schema._inline_refs(schema.schema(name))))

    def verdict(check) -> bool:
        try:
            check(value)
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    old = verdict(compiled)
    assert verdict(lambda v: shipped.validate(v, custom_formats=schema._formats(shipped.FORMATS))) == old
    assert schema._quick_check(name)(value) == old
    assert old == (not any(True for _ in schema._validator(name).iter_errors(value)))


HIDDEN_WORDS = ["Fawj", "fawj", "Nour", "al-Din", "Nasr", "nasr", "Jamaat", "S-300", "Ḥizb", "İdlib"]


@st.composite
def names_and_text(draw):
    """Names made of a few shared words, and a text made mostly of those names (so longer names cover shorter ones)."""
    names = draw(st.lists(st.lists(st.sampled_from(HIDDEN_WORDS), min_size=1, max_size=3).map(" ".join), min_size=2, max_size=8, unique=True))
    pieces = st.one_of(st.sampled_from(names), st.sampled_from(HIDDEN_WORDS + [" ", " ", "\n", "\n\n", ", ", ".", "’s", "s", "-", "x"]))
    return names, draw(st.lists(pieces, max_size=40).map(" ".join))


@SETTINGS
@example(names_text=(["Nasr", "Nasr Jamaat"], "İdlib İdlib İdlib İdlib İdlib İdlib\nNasr\nJamaat Fawj"), sidecar_names=[])
@example(names_text=(["nasr", "Nasr Jamaat"], "Nasr Jamaat\nnasr"), sidecar_names=[])  # a name of any case inside a longer one
@given(names_text=names_and_text(), sidecar_names=st.lists(st.sampled_from(["Nour al-Din", "Fawj", "Nasr Jamaat"]), max_size=2, unique=True))
def test_hidden_names_found_line_by_line_as_over_the_whole_text(names_text, sidecar_names):
    """The hidden-name check matches only the lines where a candidate occurs (no name holds a line
    break); its facts must be those of matching the whole text."""
    from types import SimpleNamespace

    from sitegen.annotations import GLOSSARY, HiddenNames, Scope, Term
    from sitegen.markdown import matcher

    names, body = names_text
    glossary = Scope(GLOSSARY, {f"g{i}": Term(f"g{i}", name, "Defined.") for i, name in enumerate(names)})
    sidecar = Scope("a", {f"s{i}": Term(f"s{i}", name, "Defined.", scope="a") for i, name in enumerate(sidecar_names)})
    article = SimpleNamespace(slug="a", body=body, body_line=5, path="a.md")
    by_line = HiddenNames(glossary, {"a": sidecar}).facts(article)
    made = matcher.Matcher.__init__

    def crossing_lines(self, names):  # every matcher says a mention may cross lines: the whole text is matched
        made(self, names)
        self.spans_lines = True

    try:
        matcher.Matcher.__init__ = crossing_lines
        whole = HiddenNames(glossary, {"a": sidecar}).facts(article)
    finally:
        matcher.Matcher.__init__ = made
    assert by_line == whole
    occurring = HiddenNames.occurring
    try:  # every candidate examined, not only those whose name the text holds
        HiddenNames.occurring = lambda self, text: dict.fromkeys(range(len(self.candidates)), (0, len(text)))
        every = HiddenNames(glossary, {"a": sidecar}).facts(article)
    finally:
        HiddenNames.occurring = occurring
    assert by_line == every
    compiled = HiddenNames(glossary, {"a": sidecar})
    compiled.compile_matchers()  # (as a build does before it forks its workers)
    alone = dict(compiled._alone)
    assert len(alone) == len({id(hidden.name) for hidden in compiled.candidates})
    assert compiled.facts(article) == by_line and compiled._alone == alone  # the same facts, no matcher made again


NAME_BITS = st.sampled_from(["a", "A", "b", "B", "ab", "Ab", "aB", " ", "-", "σ", "Σ", "ς", "é", "É", "x"])


@st.composite
def names_and_a_text_of_them(draw):
    """Names from a few bits (some differing only in case), and a text made mostly of them, so they overlap."""
    names = draw(st.lists(st.lists(NAME_BITS, min_size=1, max_size=4).map("".join), min_size=1, max_size=8))
    text = draw(st.lists(st.one_of(st.sampled_from(names), NAME_BITS), max_size=20).map("".join))
    return names, text


@SETTINGS
@example(names_text=(["ab", "ba"], "aba"))  # one name starts inside another
@example(names_text=(["Ab x", "AB y", "A"], "AB x"))  # a mix of two names that differ in case, then no name
@given(names_text=names_and_a_text_of_them())
def test_a_name_search_finds_the_names_a_text_holds(names_text):
    """`_NameSearch` (one pass of a trie pattern, each place's longest name and those it starts with)
    finds what a substring search of each name finds, its first and last places, names differing only in
    case included."""
    from sitegen.annotations import _NameSearch

    names, text = names_text
    held = {i: (text.find(name), text.rfind(name)) for i, name in enumerate(names) if name in text}
    assert _NameSearch(dict(enumerate(names))).found_in(text) == held


URL_BITS = st.sampled_from([
    "https://", "http://", "HTTP://", "//", "mailto:", "example.org", "a.b", "-", "--", ".", "..", "/", "?", "#", "%", "%41",
    "%zz", "@", ":", ":8080", "x", "Y", "0", "~", "_", " ", "é", "ü.de", "[::1]", "'", '"', "<", "&", "=", "a" * 70,
])

LABEL = st.from_regex(r"[a-z0-9]{1,8}(-{1,2}[a-z0-9]{1,8})?", fullmatch=True)
UNRESERVED = st.text(st.sampled_from("AZaz09/._~-"), max_size=20)
PLAIN_URLS = st.builds(
    lambda scheme, labels, path, query, fragment: f"{scheme}://{'.'.join(labels)}{path}{query}{fragment}",
    st.sampled_from(["http", "https"]), st.lists(LABEL, min_size=1, max_size=8),
    st.one_of(st.just(""), UNRESERVED.map(lambda t: "/" + t)),
    st.one_of(st.just(""), st.text(st.sampled_from("az09=&._~-"), max_size=12).map(lambda t: "?" + t)),
    st.one_of(st.just(""), st.text(st.sampled_from("AZaz09._~-"), max_size=12).map(lambda t: "#" + t)),
)
"""URLs the fast path takes (and, with more than 63 characters of host, some it must leave to markdown-it)."""
PLAIN_PATHS = st.builds(
    lambda start, path, query, fragment: f"{start}{path}{query}{fragment}",
    st.sampled_from(["", "/", "term:", "term:/", "//", "term://", "TERM:"]), UNRESERVED,
    st.one_of(st.just(""), st.text(st.sampled_from("az09=&._~-"), max_size=12).map(lambda t: "?" + t)),
    st.one_of(st.just(""), st.text(st.sampled_from("AZaz09._~-"), max_size=12).map(lambda t: "#" + t)),
)
"""Paths and `term:` links the fast path takes (a site's base URL is often "/"), and, with "//", some it must not."""


@SETTINGS
@example(url="https://a.example/c d")
@example(url="https://Example.org/x")
@example(url="https://a.example/%41%zz")
@example(url="https://a.example/x#y#z")
@example(url="https://a.example:8080/x")
@example(url="https://" + "a" * 70 + ".example/x")
@example(url="https://bücher.example/x")
@example(url="/")
@example(url="/explainers/")
@example(url="//a.example/x")
@example(url="/a b/")
@example(url="/%41/")
@example(url="term:s-300")
@example(url="term://Host/x")
@example(url="a.example")
@example(url="")
@given(url=st.one_of(PLAIN_URLS, PLAIN_PATHS, st.lists(URL_BITS, max_size=12).map("".join), TEXT))
def test_plain_urls_are_their_own_normal_form(url):
    """The fast path of `normalize_link` answers only for URLs markdown-it would leave as they are."""
    from sitegen.markdown import _PLAIN_URL

    if _PLAIN_URL.match(url):
        assert normalize_link_fully(url) == url
    normalize_link.cache_clear()
    assert normalize_link(url) == normalize_link_fully(url)


PROSE_BITS = st.sampled_from([
    "S-300", "Tartus", "al-Sham", " ", "  ", ". ", ", ", "1981", "1981.", "12)", "2S-662", "é", "Ж", "٣", "’", "'", '"', "(", ")",
    ":", "https://x.org/a", "!", "?", "-", "+", "=", "#", "|", "$", "%", "@", "^", "{", "}", "*", "_", "~", "`", "[", "]",
    "<", ">", "&", "&amp;", "\\", "\n", "\r", "\t", "\x00", "\x7f", "\x85", "\xa0", "\u2028", "\u3000", "\ufeff", "    ",
])
PROSE = st.lists(st.one_of(PROSE_BITS, TEXT.map(lambda t: t[:8])), max_size=30).map("".join)
"""Definitions and notes: mostly prose, with every character a block or inline rule could act on."""


@SETTINGS
@example(text="Tartus is a port.")
@example(text="1981. A year")
@example(text="12) A list")
@example(text="2S-662 is a bomber")
@example(text="٣. An Arabic-Indic digit")
@example(text="A trailing space ")
@example(text="A trailing no-break space\xa0")
@example(text="A trailing ideographic space\u3000")
@example(text="A byte order mark\ufeff")
@example(text="A line\u2028separator")
@example(text="Two\nlines")
@example(text="A tab\there")
@example(text="Ends in a backslash\\")
@example(text="An &amp; entity")
@example(text="_Emphasis_")
@example(text="é")
@given(text=st.one_of(PROSE, TEXT))
def test_plain_paragraphs_parse_as_markdown_it_parses_them(text):
    """The fast path of `prepare_fragment` answers only for text markdown-it makes one plain paragraph of."""
    from sitegen.markdown import _PLAIN_PARAGRAPH

    if _PLAIN_PARAGRAPH.match(text):
        assert prepare_fragment_fully(text) == ["<p>", ("t", text, 0), "</p>\n"]
    assert prepare_fragment(text) == prepare_fragment_fully(text)


LINE_BITS = st.sampled_from(["\n", "\r\n", "\r", "\x00", " ", "\t", ">", "*", "+", "-", "1", "9", ".", ")", "> " * 12, " " * 24, "- " * 12, "a", "é"])
LINES = st.lists(st.one_of(LINE_BITS, TEXT.map(lambda t: t[:6])), max_size=60).map("".join)
"""Text made of what line starts, nesting and line endings are made of."""


@SETTINGS
@example(text="a\r\nb\rc\n\r\nd\x00")
@example(text="\r\r\n\n")
@given(text=st.one_of(LINES, TEXT))
def test_line_endings_normalized_as_markdown_it_normalizes_them(text):
    """`_normalize` replaces markdown-it's own rule: the same source for the rules after it."""
    from markdown_it.rules_core.normalize import normalize as markdown_it_normalize
    from markdown_it.rules_core.state_core import StateCore

    from sitegen.markdown import _normalize, article_parser

    ours, theirs = StateCore(text, article_parser(), {}), StateCore(text, article_parser(), {})
    _normalize(ours)
    markdown_it_normalize(theirs)
    assert ours.src == theirs.src


@SETTINGS
@example(text="> " * 12)
@example(text="x\n" + "> " * 12)
@example(text="x\r" + "> " * 12)
@example(text=" " * 23 + "\n" + " " * 24)
@given(text=st.one_of(LINES, TEXT))
def test_deep_nesting_prefilter_finds_what_a_multiline_search_finds(text):
    """`too_deep`'s quick look for a line that could nest deep: the line starts `^` finds with MULTILINE."""
    import re

    from sitegen.markdown import _DEEP_START, could_nest_deep

    multiline = re.compile("^" + _DEEP_START.pattern, re.MULTILINE)
    assert could_nest_deep(text) == bool(multiline.search(text))


@SETTINGS
@example(text="“A quote” and ‘another’ with  two spaces,\ta tab and a\xa0no-break space")
@example(text="plain words only")
@example(text="a\u2028b\x85c\u3000d")
@given(text=st.one_of(PROSE, TEXT))
def test_note_text_normalized_as_translate_and_one_substitution_would(text):
    """`notes.normalize`'s shortcuts (one scan per curly quote, no substitution for single spaces) change nothing."""
    import re

    from sitegen.markdown.notes import _QUOTE_TABLE, normalize

    assert normalize(text) == re.sub(r"\s+", " ", text.translate(_QUOTE_TABLE))


CONTROL_BITS = st.sampled_from([
    "\n", "\r", "\t", "\x0b", "\x0c", "\x00", "\x08", "\x0e", "\x1f", " ", "\x7f", "\x80", "\x85", "\x9f", "\xa0",
    "\u200b", "\u200c", "\u2028", "\ufeff", "\ufffd", "\ufffe", "\uffff", "\U0010ffff", "—", "a", "Z",
])
"""Characters HTML forbids in text, white space it allows, and other characters `str.isprintable` refuses."""


@SETTINGS
@example(text="plain line\nand another — with a dash")
@example(text="tab\there\nthen\x7f")
@example(text="\ufffe")
@given(text=st.one_of(st.lists(CONTROL_BITS, max_size=30).map("".join), TEXT))
def test_control_characters_found_as_the_regular_expression_finds_them(text):
    """`find_control`'s shortcut (a printable text has none) finds what `_CONTROL.search` finds."""
    from sitegen.content import _CONTROL, find_control

    found, expected = find_control(text), _CONTROL.search(text)
    assert (found and (found.start(), found.group())) == (expected and (expected.start(), expected.group()))


CASE_BITS = st.sampled_from([
    "\n", " ", "Σ", "σ", "ς", "ΑΣ", "Ά", "İ", "ß", "ǅ", "\u0345", "\u0301", "'", ".", ":", "\u00ad", "\u02b0", "—", "A", "z", "É", "Ⅻ",
])
"""Characters whose lowercase depends on their neighbours or changes the length, case-ignorable ones, line breaks."""


@SETTINGS
@example(text="ΑΣ\nΑ")
@example(text="Α\u0345Σ\n\u0345Β")
@example(text="ΣΑ—\nİ\n")
@given(text=st.one_of(st.lists(CASE_BITS, max_size=40).map("".join), TEXT))
def test_lowered_line_by_line_as_lowered_whole(text):
    """`lower_by_line` (the hidden-name check's lowercase of an article) gives what `str.lower` gives."""
    from sitegen.annotations import lower_by_line

    assert lower_by_line(text) == text.lower()


@SETTINGS
@example(ids=["tartus", "tartus", "s-300"])
@example(ids=['a&b<c>"d\'', "x"])
@given(ids=st.lists(st.one_of(st.sampled_from(["tartus", "s-300", "jaish-fateh-al-sham"]), TEXT.map(lambda t: t[:12])), min_size=1, max_size=6))
def test_mention_openers_written_out_as_the_attributes_render(ids):
    """`_open_mention`'s written-out `<a ...>` is what markdown-it renders of the mention's attributes."""
    from sitegen.markdown.terms import TermContext, _attrs, _open_mention, _opener

    ours, theirs = TermContext(matchers=(), resolve=lambda _: None), TermContext(matchers=(), resolve=lambda _: None)
    for term_id in ids:
        attrs = _attrs(theirs, term_id)
        assert _open_mention(ours, term_id) == (_opener(attrs), attrs["id"])
    assert ours.counts == theirs.counts


INLINE_BITS = st.sampled_from([
    "S-300", "al-Sham", "--", "---", "#", "##", ":", "::", "=", "+", "@", "{", "}", "$", "%", "^", ">", "<", "&", "&amp;",
    "[", "]", "](https://x.org/a-b)", "[a-b](term:S-300)", "![alt-text](x.png)", "<https://x.org/a-b>", "<a@b.org>",
    "*", "**", "_", "__", "~~", "`", "``", "\\", "\\-", "\\#", "\n", "  \n", " ", "- ", "1. ", "> ", "| a-b | c |\n|---|---|\n| d-e | f |\n",
])
INLINE = st.lists(st.one_of(INLINE_BITS, PROSE_BITS, TEXT.map(lambda t: t[:10])), max_size=40).map("".join)


@SETTINGS
@example(text="Tu-92D and [S-300 *anti-aircraft*](term:S-300) near Tartus.")
@example(text="| a-b | c |\n|---|---|\n| [x-y](term:z) | ~~d-e~~ |\n")
@example(text="[link-label-[nested-]](u) ![img-alt [x-y]](p) <https://a-b.org/c-d> a\\-b &amp;-x")
@example(text="**bold-face**-suffix _em-dash_-x `code-span` a  \nb")
@example(text="Plain prose, S-300.\n\n## A plain heading\n\n- one item\n- two: items\n\n| a-b | c |\n|---|---|\n| d | e=f |\n\n> quoted (plain)\n")
@example(text="a *b* c\n\na ~~b~~ c\n\na [b](c) d\n\na ![b](c) d\n\na <https://x.org> b\n\na &amp; b\n\na \\* b\n\na `b` c\n\na _b_ c\n\na  \nb\n")  # one rule each
@example(text="1. x\n\n# x\n\n> x\n\n- x\n\n* x\n\n+ x\n\n___\n\n    code\n\n```\nx\n```\n\n~~~\nx\n~~~\n\n<div>\n\n[a]: /u\n\n[a]\n")  # one block rule each
@example(text="a\n===\n\nb\n---\n\na | b\n|---|---|\n\n> a\nlazy\n\n- a\n\n  b\n\n٣. x\n\n１. x\n\n  two-space indent\n\n\tTab\n")
@example(text="A lazy\ncontinuation line")
@example(text="- a\n- b\n  - c\n  - d\n- e\n\n1. x\n2. y\n3) z\n\n- a\nlazy\n- b\n  * c\n  + d\n- \n  - e\n    - f\n     - g\n\n> - q\n> - r\n- 1. s\n  2. t\n10. u\n-\tv\n- w\n")
@example(text="- a\n   - b\n       - c\n    - d\n")
@example(text="- a\n  -\n- b\n  2. c\n- d\n  - e\n\n1.   f\n    - g\n10.  h\n     1) i\n")
@example(text="Trailing separators\x1c\x1d\n\nA next line\x85\n\n\u2028A line separator\u2028\n\nNo-break\xa0\n\n- an item\x1f\n")
@example(text="# ")
@example(text="a\nb\n\nc\n \n- d\n  e\n- f\n\n      g\n\n  - h\n        i\n\n    j\n")
@given(text=st.one_of(INLINE, MARKDOWN, PROSE))
def test_fewer_text_stops_give_the_tokens_markdown_it_gives(text):
    """The text rule stops at fewer characters (`_TERMINATORS`), text where it would not stop at all gets its
    text token directly (`_inline`), and a lone line is tried as a paragraph first (`_plain_paragraph`): every
    token comes out as with markdown-it's own rules."""
    from markdown_it.rules_core import inline as stock_inline
    from markdown_it.rules_core import text_join as stock_text_join

    from sitegen.markdown import _base_parser, _TERMINATORS

    ours, stock = _base_parser(), _base_parser()
    try:
        from markdown_it.parser_inline import _default_terminator_re
    except ImportError:  # markdown-it-py 3: its text rule stops at a fixed set of characters
        pass
    else:
        stock.inline.terminator_re = _default_terminator_re()
    stock.core.ruler.at("inline", stock_inline)
    stock.core.ruler.at("text_join", stock_text_join)
    stock.block.ruler.disable("sitegen_plain_paragraph")  # (which compiles its chains again, without sitegen's)
    del stock.block.tokenize  # markdown-it's own, trying every rule on every line
    assert ours.inline.terminator_re is _TERMINATORS
    assert ours.inline.ruler.get_active_rules()[0] == "text"  # `_inline` skips what `text`, first, would consume whole
    env = {"sitegen_notes": [], "sitegen_note_label": "Note"}
    assert [t.as_dict() for t in ours.parse(text, dict(env))] == [t.as_dict() for t in stock.parse(text, dict(env))]


BLOCK_BITS = st.sampled_from([
    "\n", "\n\n", " ", "  ", "    ", "\t", "```", "```py\n", "~~~", ">", "> ", "***", "---", "___", "- ", "* ", "+ ", "-", "1. ",
    "2) ", "0.", "1234567890. ", "[a]: /u", "[a]", "[", "# ", "## ", "###### ", "####### ", "#x", "<div>", "<!-- x -->", "===",
    "| a | b |\n|---|---|\n", "|", ":-", "a", "é", "１. ", "٣. ", "\\", "`", "*a*", "[b](term:c)",
])
BLOCKS = st.lists(st.one_of(BLOCK_BITS, PROSE_BITS, TEXT.map(lambda t: t[:8])), max_size=60).map("".join)
"""Text made of what block rules start on, at line starts and elsewhere."""


@SETTINGS
@example(text="1. x\n\n# x\n\n> x\n\n- x\n\n* x\n\n+ x\n\n___\n\n    code\n\n```\nx\n```\n\n~~~\nx\n~~~\n\n<div>\n\n[a]: /u\n\n[a]\n")
@example(text="> - a\n>   > # b\n>   ```\n>   c\n\n- x\n  1. y\n     ***\n  [r]: /u\n\n    code\n  - z\n")
@example(text="a\n===\n\nb\n---\n\na | b\n|---|---|\n\n> a\nlazy\n\n- a\n\n  b\n\n٣. x\n\n１. x\n\n\tTab\n")
@example(text="".join(f"{digit}. a\n\n{digit}) b\n\n" for digit in "0123456789"))
@example(text="para\n# heading\npara\n> quote\npara\n- list\npara\n2. list\npara\n```\nfence\n```\npara\n***\n")
@example(text="a\nb\n\nc\n \n- d\n  e\n- f\n\n      g\n\n  - h\n        i\n\n    j\n")
@given(text=st.one_of(BLOCKS, MARKDOWN, LINES, TEXT))
def test_dispatched_blocks_give_the_tokens_markdown_it_gives(text):
    """`dispatch_block_rules` tries at each line only the rules that can start on its first character, and
    `_OFF_BY_DEFAULT` sets options to the default their rules assume: the tokens come out as when markdown-it
    tries every rule on every line, without those options."""
    from sitegen.markdown import _base_parser

    from sitegen.markdown import _OFF_BY_DEFAULT

    ours, stock = _base_parser(), _base_parser()
    del stock.block.tokenize  # markdown-it's own, and its own terminator chains, compiled again:
    stock.block.ruler.enable([])
    for name in _OFF_BY_DEFAULT:
        del stock.options[name]  # left to the rules' own default
    env = {"sitegen_notes": [], "sitegen_note_label": "Note"}
    assert [t.as_dict() for t in ours.parse(text, dict(env))] == [t.as_dict() for t in stock.parse(text, dict(env))]


@pytest.mark.parametrize("text", ["a\n\n    code\n\nb\n", "- a\n\n      code\n  - b\n\n        c\n", "    x\ny\n\n> a\n>\n>     q\n"])
def test_blocks_are_dispatched_as_markdown_it_gives_them_without_its_private_code_flag(text, monkeypatch):
    """sitegen reads markdown-it's private `StateBlock._code_enabled` (`dispatch.code_enabled`); a release
    without it must still parse as markdown-it does (every rule tried on an indented line)."""
    from markdown_it.rules_block.state_block import StateBlock

    from sitegen.markdown import _base_parser

    env = {"sitegen_notes": [], "sitegen_note_label": "Note"}
    expected = [t.as_dict() for t in _base_parser().parse(text, dict(env))]
    real_init = StateBlock.__init__

    def without_flag(self, *args, **kwargs):
        real_init(self, *args, **kwargs)
        del self._code_enabled

    monkeypatch.setattr(StateBlock, "__init__", without_flag)
    monkeypatch.setattr(StateBlock, "is_code_block", lambda self, line: self.sCount[line] - self.blkIndent >= 4)
    assert [t.as_dict() for t in _base_parser().parse(text, dict(env))] == expected
    assert any(t["type"] == "code_block" for t in expected)


@SETTINGS
@example(text="- a\n- b\n\n  > c\n- \n\n***\n\n# x\n\n1. *y* **z** [w](u) ![v](i) `c` ~~s~~\n2. b  \nc\n\n| a |\n|---|\n| b |\n")
@given(text=st.one_of(BLOCKS, MARKDOWN, INLINE))
def test_tokens_render_as_render_token_renders_them(text):
    """`render_token`, written out for tokens without attributes, gives markdown-it's `renderToken` text for
    every token of a document and of its inline runs (hidden tight-list paragraphs included), with and without
    `xhtmlOut`."""
    from sitegen.markdown import article_parser
    from sitegen.markdown.terms import render_token

    md = article_parser()
    tokens = md.parse(text, {})
    runs = [tokens] + [token.children for token in tokens if token.children]
    for options in ({"xhtmlOut": True}, {"xhtmlOut": False}):
        for run in runs:
            for idx in range(len(run)):
                assert render_token(md.renderer, run, idx, options, {}) == md.renderer.renderToken(run, idx, options, {})


@SETTINGS
@example(text="- a\n- b\n\n  > c\n- \n\n***\n\n# x\n\n1. *y* **z** [w](u) ![v](i) `c` ~~s~~\n2. b  \nc\n\n| a |\n|---|\n| b |\n")
@example(text="- a\n\n  b\n- c\n\n> - d\n>\n>   e\n\n## [x](term:y)\n\n[z](term:y) w\n")
@example(text="- a\n  - b\n- c\n  > d\n- \n- e\n  1. f\n")
@given(text=st.one_of(BLOCKS, MARKDOWN, INLINE))
def test_prepared_parts_render_as_markdown_it_renders_the_tokens(text):
    """`prepare_parts` writes a block's opening and closing tags itself, as `render_token` would: with no
    terms, its parts give the HTML markdown-it's renderer gives for the same tokens (a `term:` link in a
    heading, which it leaves out, aside)."""
    from sitegen.markdown import article_parser
    from sitegen.markdown.terms import annotate, prepare_parts

    md = article_parser()
    tokens = md.parse(text, {})
    assume(not any(t.type == "heading_open" and "term:" in (tokens[i + 1].content or "") for i, t in enumerate(tokens)))
    assert annotate(prepare_parts(tokens, md.renderer, md.options, {}), None) == md.renderer.render(tokens, md.options, {})


@SETTINGS
@given(
    type_=st.sampled_from(["text", "em_open", "link_open", "paragraph_close"]), tag=st.sampled_from(["", "p", "a"]),
    nesting=st.sampled_from([-1, 0, 1]), content=TEXT.map(lambda t: t[:5]), level=st.integers(0, 3), markup=st.sampled_from(["", "*", "**"]),
    attrs=st.one_of(st.none(), st.dictionaries(st.sampled_from(["href", "id"]), st.sampled_from(["x", "#y"]), max_size=2)), block=st.booleans(),
)
def test_new_tokens_are_the_tokens_markdown_it_makes(type_, tag, nesting, content, level, markup, attrs, block):
    """`new_token` sets every field of markdown-it's `Token` (all of its dataclass fields, so one it adds
    later fails here) as `Token(...)` does; and `_push` as `StateBlock.push` does."""
    import dataclasses

    from markdown_it.rules_block.state_block import StateBlock
    from markdown_it.token import Token

    from sitegen.markdown import _push, article_parser, new_token

    article_parser()  # (sets the class new_token makes)
    keywords = {"content": content, "level": level, "markup": markup, "block": block} | ({} if attrs is None else {"attrs": dict(attrs)})
    ours, stock = new_token(type_, tag, nesting, **keywords), Token(type_, tag, nesting, **keywords)
    assert type(ours) is Token
    assert [getattr(ours, f.name) for f in dataclasses.fields(Token)] == [getattr(stock, f.name) for f in dataclasses.fields(Token)]
    assert ours.attrs is not new_token(type_, tag, nesting).attrs and ours.meta is not new_token(type_, tag, nesting).meta
    states = [StateBlock("a\n", article_parser(), {}, []) for _ in range(2)]
    for state in states:
        state.level = level + 1
    pushed = [_push(states[0], type_, tag, nesting), states[1].push(type_, tag, nesting)]
    assert [getattr(pushed[0], f.name) for f in dataclasses.fields(Token)] == [getattr(pushed[1], f.name) for f in dataclasses.fields(Token)]
    assert states[0].level == states[1].level and states[0].tokens == states[1].tokens


EMPHASIS_BITS = st.sampled_from([
    " ", "  ", "a", "é", "1", "Tu-92D", ".", ",", "(", ")", "'", '"', "—", "“", "$", "€", "©", "_", "\xa0", "\u3000",
    "\u2009", "\t", "ـ", "\u0301", "ǅ", "²", "٣", "\u200b", "\ufeff", "S-300", "al-Sham", "the outcome of the talks",
])
EMPHASIS_RUN = st.lists(st.one_of(EMPHASIS_BITS, EMPHASIS_BITS, EMPHASIS_BITS, EMPHASIS_BITS, TEXT.map(lambda t: t[:2])), max_size=5).map("".join)
WORDISH = st.sampled_from(["a", "é", "1", "ǅ", "²", "٣", "ـ", "\u0301", "\u200b", "\ufeff", "S", "𝔸"])
SEPARATOR = st.sampled_from([" ", ".", ",", "(", ")", "'", '"', "—", "“", "$", "€", "©", "\xa0", "\u3000", "\u2009", "\t", "\u200b"])
MOSTLY_WORDISH = st.one_of(WORDISH, WORDISH, WORDISH, WORDISH, WORDISH, SEPARATOR)
MOSTLY_SEPARATOR = st.one_of(SEPARATOR, SEPARATOR, SEPARATOR, SEPARATOR, SEPARATOR, WORDISH)
EMPHASIZED = st.one_of(MOSTLY_WORDISH, st.tuples(MOSTLY_WORDISH, EMPHASIS_RUN, MOSTLY_WORDISH).map("".join))
AROUND = st.one_of(MOSTLY_SEPARATOR, st.tuples(MOSTLY_SEPARATOR, EMPHASIS_RUN, MOSTLY_SEPARATOR).map("".join))
STAR_RUN = st.sampled_from(["*", "*", "**", "**", "***"])
EMPHASIS_PAIR = st.tuples(STAR_RUN, EMPHASIZED, st.one_of(st.none(), st.none(), st.none(), STAR_RUN)).map(
    lambda pair: pair[0] + pair[1] + (pair[2] or pair[0])
)
EMPHASIS = st.tuples(
    st.one_of(AROUND, st.just("")), EMPHASIS_PAIR, st.lists(st.tuples(AROUND, EMPHASIS_PAIR).map("".join), max_size=4), st.one_of(AROUND, st.just(""))
).map(lambda parts: parts[0] + parts[1] + "".join(parts[2]) + parts[3])
"""Prose between pairs of star runs (mostly one or two stars, mostly alike): mostly words inside and white space
or punctuation around, with some of every kind of character on either side of a run."""


@SETTINGS
@example(text="It negotiated *the outcome of the talks*. Analysts linked it to *public confidence in the process*")
@example(text="*a* b *c d*, (*e*) *f*")
@example(text="a*b*c *d*e *f *g* h* *i**j*")
@example(text="*\u00a0a* *a\u00a0* *a*\u3000b *—* *é*")
@example(text="**a** b, x **a**, **a** **b**, *a* **b**, ***a***, **a*, *a**")
@given(text=st.one_of(EMPHASIS, INLINE))
def test_simple_emphasis_gives_the_tokens_markdown_it_gives(text):
    """`_simple_emphasis` answers only where markdown-it's inline parser gives the same tokens."""
    from markdown_it.token import Token

    from markdown_it import MarkdownIt

    from sitegen.markdown import _simple_emphasis

    ours = _simple_emphasis(text, Token)
    if ours is not None:
        stock = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"]).parseInline(text)[0].children
        assert [t.as_dict() for t in ours] == [t.as_dict() for t in stock]


def test_simple_emphasis_gives_markdown_it_tokens_for_every_short_text():
    """Every text of up to seven letters, spaces, full stops and stars: `_simple_emphasis` answers as markdown-it."""
    from itertools import product

    from markdown_it import MarkdownIt
    from markdown_it.token import Token

    from sitegen.markdown import _simple_emphasis

    stock = MarkdownIt("commonmark", {"html": False})
    answered = 0
    for size in range(1, 8):
        for chars in product("a .*", repeat=size):
            text = "".join(chars)
            ours = _simple_emphasis(text, Token)
            if ours is not None:
                answered += 1
                assert [t.as_dict() for t in ours] == [t.as_dict() for t in stock.parseInline(text)[0].children], text
    assert answered > 500


@SETTINGS
@example(text="**a** *b* c***")
@given(text=st.one_of(EMPHASIS, st.text(st.sampled_from("*a "), max_size=30)))
def test_star_runs_split_as_a_regular_expression_splits(text):
    import re

    from sitegen.markdown import _star_runs

    if "*" in text:
        assert _star_runs(text) == re.split(r"(\*+)", text)


LINK_BITS = st.sampled_from([
    "[the published minutes](https://library.example.edu/reports/00001-a-b)", "[a](b)", "[S-300](term:S-300)", "[ a ](x)", "[a](/rel?q=1#f)",
    "[a](javascript:x)", "[a](<u>)", '[a](u "t")', "[a](u)(v)", "![a](u)", "[a]", "[a](b", "[]", "[](u)", "[a](u&amp;v)", "[a](u\\)v)",
    "[a](%20)", "[a](HTTP://X.ORG/É)", "[a*](u)", "[a](u*)", "[", "]", "(", ")", "!", "*", "**", " ",
])
LINKED = st.lists(st.one_of(LINK_BITS, LINK_BITS, EMPHASIS, EMPHASIS_BITS), min_size=1, max_size=8).map("".join)
"""Links of every form (and brackets that make none) among simple emphasis and prose."""


@SETTINGS
@example(text="For more detail, see [the published minutes](https://library.example.edu/reports/x-y). *The* **end**")
@example(text="[a](b)[c](d) **a** [b](c) **d** [b](c)**a** [ a ](x)")
@example(text="*a [b](c) d* [a](javascript:x) [a](HTTP://X.ORG/É) [](u)")
@example(text="a [*b*](c) d")
@example(text="a [b](javascript:x) c")
@example(text="a [b](u&amp;v) c")
@example(text="a [b](u\\*v) c")
@example(text="a[b [c](d) e")
@example(text="a [b](c)) d")
@given(text=st.one_of(LINKED, EMPHASIS, INLINE))
def test_simple_inline_gives_the_tokens_markdown_it_gives(text):
    """`_simple_inline` answers only where markdown-it's inline parser (with sitegen's link checks) gives the same tokens."""
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

    from sitegen.markdown import _simple_inline, fragment_parser, normalize_link, validate_link

    ours = _simple_inline(text, Token, fragment_parser())
    if ours is not None:
        stock = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
        stock.validateLink, stock.normalizeLink = validate_link, normalize_link
        assert [t.as_dict() for t in ours] == [t.as_dict() for t in stock.parseInline(text)[0].children]


def test_simple_emphasis_answers_for_plain_emphasis():
    from markdown_it.token import Token

    from sitegen.markdown import _simple_emphasis

    assert _simple_emphasis("It negotiated *the outcome of the talks*. Analysts *linked* it", Token) is not None
    assert _simple_emphasis("*a*", Token) is not None


def test_simple_inline_answers_for_a_plain_link():
    from markdown_it.token import Token

    from sitegen.markdown import _simple_inline, fragment_parser

    assert _simple_inline("See [the minutes](https://x.org/a-b). *More* here", Token, fragment_parser()) is not None


@SETTINGS
@example(text="## A\n\n## A\n\n### A\n\n# A\n\n#### A\n\n## a-1\n\n## A-1\n\n## `code` *em* [l](u)\n\n##\n\n## ’\n\nA\n---\n")
@given(text=st.one_of(BLOCKS, MARKDOWN, st.lists(st.sampled_from(["## ", "### ", "# ", "A", "a-1", "`c`", " *e*", "\n\n", "é"]), max_size=30).map("".join)))
def test_heading_anchors_as_the_plugin_names_them(text):
    """`_heading_anchors` gives every heading the id the `anchors` plugin's own rule gives it."""
    from mdit_py_plugins.anchors import anchors_plugin

    from sitegen.markdown import _base_parser, _heading_slug, article_parser

    stock = _base_parser()
    anchors_plugin(stock, min_level=2, max_level=3, slug_func=_heading_slug)
    assert [t.as_dict() for t in article_parser().parse(text, {})] == [t.as_dict() for t in stock.parse(text, {})]


ARTICLE_LINE_STARTS = st.sampled_from([
    "", "", "", "# ", "## ", "### ", "#### ", "####### ", "#", "##  ", "- ", "- ", "-", "-  ", "- - ", "- > ", "- # ", "- 1. ", "* ", "+ ",
    "> ", "> ", ">", ">  ", "> > ", "> - ", "> * ", "*", "**", "*** ", "* * *", "- *", "1. ", "2) ", "10. ", "1986 ", "2016. ", "9K-838 ", " ", "   ", "    ", "\t", "---", "***",
    "___", "===", "[a]: /u", "[", "<div>", "```", "~~~", "|", "٣. ", "\x0c", "\u2000", "\xa0", "\r", "\x00",
])
ARTICLE_LINE_TEXTS = st.sampled_from([
    "A", "plain prose", "S-300", "Tartus’s", "*em*", "**strong**", "a *b* c", "[l](https://x.org/a-b)", "[S-300](term:s-300)",
    "[a]", "`c`", " ", "  ", "#", " #", " ##", "é", "\\*", "&amp;", "*", "**", "| a |", "-", "1.", "x\ty", "\xa0", "\u2000", ">",
])
ARTICLE_WORDS = st.sampled_from(["A", "plain prose", " ", "S-300", "Tartus’s", "*em*", "**strong**", "a *b* c", "[l](https://x.org/a-b)",
                                  "[S-300](term:s-300)", "9K-838", "é", "—", ", ", ". "])
ARTICLE_NOISE = st.one_of(ARTICLE_LINE_TEXTS, PROSE_BITS, TEXT.map(lambda t: t[:4]))
ARTICLE_TEXT = st.tuples(st.lists(st.integers(0, 15).flatmap(lambda i: ARTICLE_NOISE if i == 0 else ARTICLE_WORDS), min_size=1, max_size=5),
                         st.sampled_from([" ", " ", ""])).map(lambda words_glue: words_glue[1].join(words_glue[0]))
"""A line's text: mostly plain words, simple emphasis and links; now and then anything."""
ARTICLE_LINE = st.tuples(ARTICLE_LINE_STARTS, ARTICLE_TEXT).map("".join)
SIMPLE_BLOCK = st.one_of(
    ARTICLE_TEXT,
    st.tuples(st.sampled_from(["# ", "## ", "## ", "### ", "#### "]), ARTICLE_TEXT).map("".join),
    st.lists(ARTICLE_TEXT.map("- ".__add__), min_size=1, max_size=4).map("\n".join),
    st.lists(ARTICLE_TEXT.map("> ".__add__), min_size=1, max_size=3).map("\n>\n".join),
)
"""A block `prepare_simple_article` may take: a paragraph, a heading, a list, a quote."""
ARTICLE_BLOCK = st.integers(0, 5).flatmap(lambda i: st.lists(ARTICLE_LINE, min_size=1, max_size=4).map("\n".join) if i == 0 else SIMPLE_BLOCK)
ARTICLES = st.tuples(
    st.sampled_from(["", "", "\n", "\n\n"]),
    st.lists(st.tuples(ARTICLE_BLOCK, st.sampled_from(["\n\n"] * 12 + ["\n", "\n\n\n", "\n \n", ""])).map("".join), max_size=8).map("".join),
).map("".join)
"""Articles of blocks between empty lines, most of them what `prepare_simple_article` takes, with every block start
and line text near its edges (an indent, a marker without its space, a list going on, two lines of a quote...)."""
SIMPLE_ARTICLE = (
    "Plain prose, S-300 and Tartus’s port.\n\n## Background\n\nIt negotiated *the outcome of the talks*. "
    "Analysts **linked** it.\n\n### The Money Trail\n\n- It is worth noting\n- 9K-838 weakened [the minutes](https://x.org/a-b)\n\n"
    "> Despite repeated warnings, rival factions complicated the arms embargo.\n>\n> — a senior diplomat\n\n"
    "9K-838 reversed access. For more detail, see [the published minutes](https://library.example.edu/reports/x-y).\n\n"
    "## Background\n\n# One\n\n#### Four *em*\n\n## *Em* and [S-300](term:s-300)\n"
)


@SETTINGS
@example(text=SIMPLE_ARTICLE, quotes=[])
@example(text="- a\n- b\n\n- c\n", quotes=[])
@example(text="- a\n\n* b\n", quotes=[])
@example(text="- a\n\n+ b\n", quotes=[])
@example(text="- a\n\n1. b\n", quotes=[])
@example(text="- a\n\n  b\n", quotes=[])
@example(text="-a b\n", quotes=[])
@example(text="- \n", quotes=[])
@example(text="- a\n-\n", quotes=[])
@example(text="- a\nb\n", quotes=[])
@example(text="> a\n\n> b\n", quotes=[])
@example(text="> a\n> b\n", quotes=[])
@example(text=">\n", quotes=[])
@example(text=">\n>\n", quotes=[])
@example(text=">\n> a\n", quotes=[])
@example(text="> a\n>\n", quotes=[])
@example(text="> a\n>\n>\n> b\n", quotes=[])
@example(text="> a\nlazy\n", quotes=[])
@example(text=">a\n", quotes=[])
@example(text="a\n===\n", quotes=[])
@example(text="a\nb\n", quotes=[])
@example(text="2016. A year\n", quotes=[])
@example(text="1986 was\n", quotes=[])
@example(text="9) x\n", quotes=[])
@example(text="1234567890. y\n", quotes=[])
@example(text="- 1. a\n", quotes=[])
@example(text="> 2) a\n", quotes=[])
@example(text="## a #\n", quotes=[])
@example(text="## b ##\n", quotes=[])
@example(text="## C#\n", quotes=[])
@example(text="##  c\n", quotes=[])
@example(text="## d \n", quotes=[])
@example(text="##\n", quotes=[])
@example(text="####### e\n", quotes=[])
@example(text="#f\n", quotes=[])
@example(text="## a\nb\n", quotes=[])
@example(text="## A\n\n## A\n\n### A\n\n## a-1\n\n## A-1\n\n## *A*\n\n# A\n\n#### A\n", quotes=[])
@example(text="a  \n", quotes=[])
@example(text="a\xa0\n", quotes=[])
@example(text="a\x1c\n", quotes=[])
@example(text="- a\x85\n", quotes=[])
@example(text="> a\x1f\n", quotes=[])
@example(text="\x0ca\n", quotes=[])
@example(text="\u2000a\n", quotes=[])
@example(text="- \u2000a\n", quotes=[])
@example(text="> \xa0a\n", quotes=[])
@example(text=" a\n", quotes=[])
@example(text="\ta\n", quotes=[])
@example(text="    a\n", quotes=[])
@example(text="*a* b\n", quotes=[])
@example(text="**a** b\n", quotes=[])
@example(text="* a\n", quotes=[])
@example(text="*\n", quotes=[])
@example(text="***\n", quotes=[])
@example(text="* * *\n", quotes=[])
@example(text="*\t*\t*\n", quotes=[])
@example(text="**a\n", quotes=[])
@example(text="- *a* b\n", quotes=[])
@example(text="- * a\n", quotes=[])
@example(text="> ***\n", quotes=[])
@example(text="[a]: /u\n\n[a]\n", quotes=[])
@example(text="- [a]: /u\n\n[a] b\n", quotes=[])
@example(text="a\r\n\nb\n", quotes=[])
@example(text="a\rb\n", quotes=[])
@example(text="c\x00\n", quotes=[])
@example(text="a `b` c\n", quotes=[])
@example(text="a _b_ c\n", quotes=[])
@example(text=SIMPLE_ARTICLE, quotes=[(0, 12, None), (120, 30, None), (9, 5, 1)])
@example(text=SIMPLE_ARTICLE, quotes=[(SIMPLE_ARTICLE.index("the outcome"), 20, None), (SIMPLE_ARTICLE.index("Money"), 5, None)])
@example(text=SIMPLE_ARTICLE, quotes=[(SIMPLE_ARTICLE.index("worth"), 5, None), (SIMPLE_ARTICLE.index("[the minutes]"), 22, None)])
@example(text=SIMPLE_ARTICLE, quotes=[(SIMPLE_ARTICLE.index("Background"), 10, None), (SIMPLE_ARTICLE.index("Background"), 10, 2)])
@example(text=SIMPLE_ARTICLE, quotes=[(SIMPLE_ARTICLE.index("rival"), 14, None), (SIMPLE_ARTICLE.index("rival") + 6, 14, None)])
@example(text=SIMPLE_ARTICLE, quotes=[(SIMPLE_ARTICLE.index("*Em*"), 12, None), (SIMPLE_ARTICLE.index("Four"), 7, 3)])
@example(text="a b\n\n- a b\n", quotes=[(0, 3, None)])
@given(text=st.one_of(ARTICLES, ARTICLES, BLOCKS, MARKDOWN),
       quotes=st.lists(st.tuples(st.integers(0, 1000), st.integers(1, 16), st.one_of(st.none(), st.integers(1, 3))), max_size=3))
def test_simple_articles_prepare_as_markdown_it_prepares_them(text, quotes):
    """`prepare_simple_article` answers only for articles that markdown-it's path prepares the same (parts, note
    order and problems of `prepare_article_fully`, with notes quoting pieces of the text), and whose HTML, without
    notes, stock markdown-it with the anchors plugin renders the same."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.anchors import anchors_plugin

    from sitegen.markdown import (NoteQuote, _heading_slug, annotate, normalize_link, prepare_article, prepare_article_fully,
                                  prepare_simple_article, validate_link)

    notes = [NoteQuote(index, text[start % len(text) : start % len(text) + length] if text else "x", occurrence, index + 1, 1)
             for index, (start, length, occurrence) in enumerate(quotes)]
    fast = prepare_simple_article(text, notes)
    full = prepare_article_fully(text, notes)
    assert prepare_article(text, notes) == full
    if fast is None:
        return
    assert fast == full
    stock = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    stock.validateLink, stock.normalizeLink = validate_link, normalize_link
    anchors_plugin(stock, min_level=2, max_level=3, slug_func=_heading_slug)
    lines = text.split("\n")
    if not notes and not any(line.startswith("#") and "term:" in line for line in lines):  # (a term: link in a heading is left out)
        assert annotate(fast.parts, None) == stock.render(text)


def test_word_chars_are_markdown_its():
    """`_is_word_char`, written with markdown-it's character sets, classes every code point as its delimiter scan does."""
    from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace

    from sitegen.markdown import _is_word_char

    for code in range(0x110000):
        char = chr(code)
        assert _is_word_char.__wrapped__(char) == (not (isWhiteSpace(code) or isMdAsciiPunct(code) or isPunctChar(char))), hex(code)


@SETTINGS
@example(slug="a", taken=["a", "a-1", "a-3"])
@given(slug=st.text(st.sampled_from("ab-1"), max_size=4), taken=st.lists(st.text(st.sampled_from("ab-12"), max_size=4), max_size=8))
def test_unique_slug_is_the_plugins(slug, taken):
    """`_unique_slug` names a heading as the anchors plugin's `unique_slug` does, and takes the name the same way."""
    from mdit_py_plugins.anchors.index import unique_slug

    from sitegen.markdown import _unique_slug

    ours, theirs = set(taken), set(taken)
    assert _unique_slug(slug, ours) == unique_slug(slug, theirs)
    assert ours == theirs


def test_simple_articles_prepare_without_markdown_it():
    """A bench-like article, with notes or without, and a plain base URL are prepared without importing markdown-it
    (~120 M instructions, 3% of a clean build)."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from sitegen.markdown import NoteQuote, normalize_link, prepare_simple_article\n"
        f"text = {SIMPLE_ARTICLE!r}\n"
        "assert prepare_simple_article(text, []) is not None\n"
        "assert prepare_simple_article(text, [NoteQuote(0, 'the outcome of', None, 1, 1), NoteQuote(1, 'Analysts linked', None, 2, 1)]).note_order == [0, 1]\n"
        "assert normalize_link('/') == '/' and normalize_link('/docs/') == '/docs/'\n"
        "assert not [m for m in sys.modules if m.startswith(('markdown_it', 'mdit_py_plugins'))], sorted(sys.modules)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[1])


def test_simple_articles_are_taken_by_the_fast_path():
    """What `test_simple_articles_prepare_as_markdown_it_prepares_them` tests is used: a bench-like article is
    simple, with notes or without, and its notes are anchored."""
    from sitegen.markdown import NoteQuote, prepare_simple_article

    assert prepare_simple_article(SIMPLE_ARTICLE, []) is not None
    assert prepare_simple_article("Tartus.\n\n- a\n- b\n\n> c\n", []) is not None
    prepared = prepare_simple_article(SIMPLE_ARTICLE, [NoteQuote(0, "the outcome of", None, 1, 1), NoteQuote(1, "It is worth", None, 2, 1)])
    assert prepared is not None and prepared.note_order == [0, 1] and not prepared.note_problems


@SETTINGS
@example(text="plain prose, with S-300 and a dash — but no rule")
@example(text="a\\b")
@given(text=st.one_of(INLINE, PROSE, TEXT))
def test_terminators_found_as_the_text_rule_finds_them(text):
    """`_has_terminator` (one substring test per character) answers as `_TERMINATORS.search` does."""
    from sitegen.markdown import _TERMINATORS, _has_terminator

    assert _has_terminator(text) == (_TERMINATORS.search(text) is not None)


def _trie_pattern_node_per_character(names) -> str:
    """The matcher's pattern as session 11 built it, from a trie with a node object per character."""
    import re

    from sitegen.markdown.matcher import _case_variants, _edge

    trie: dict = {}
    for text, case_sensitive in names:
        node = trie
        for ch in text:
            entry = node.get(ch.lower())
            if entry is None:
                entry = node[ch.lower()] = (set(), {})
            entry[0].update((ch,) if case_sensitive else _case_variants(ch))
            node = entry[1]
        node[""] = True

    def emit(node: dict, top: bool = False) -> str:
        branches = []
        for folded in sorted(k for k in node if k):
            allowed, child = node[folded]
            rest = emit(child)
            branches += [re.escape(c) + rest for c in sorted(allowed)] if top else [_edge(allowed) + rest]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return "(?:" + body + ")?" if "" in node else body

    return emit(trie, top=True)


NAME_BITS = st.sampled_from([
    "S", "s", "-", "3", "0", " ", "A", "a", "al", "Al", "İ", "i", "ß", "Σ", "ς", "’", "'", ".", "[", "\\", "ǅ", "é", "É", "x",
])
"""Pieces of names: shared prefixes, case pairs, characters whose lowercase is longer, characters `re` escapes."""


@SETTINGS
@example(names=[("S-300", True), ("S-300 system", True), ("s-300", False), ("Tartus", True)])
@example(names=[("İa", True), ("i̇b", False), ("", True), ("x", False), ("x", True)])
@given(names=st.lists(st.tuples(st.one_of(st.lists(NAME_BITS, max_size=6).map("".join), TEXT.map(lambda t: t[:8])), st.booleans()), max_size=12))
def test_trie_pattern_written_from_sorted_names_as_from_a_node_per_character(names):
    """`trie_pattern` (runs of sorted names, one-name tails written out whole) gives the node-per-character trie's pattern."""
    from sitegen.markdown.matcher import trie_pattern

    assert trie_pattern(names) == _trie_pattern_node_per_character(names)


@SETTINGS
@example(text="a\x85b\tc\nd")
@example(text="\ufffe")
@example(text="no\u00a0break")
@given(text=st.one_of(st.lists(CONTROL_BITS, max_size=30).map("".join), TEXT))
def test_unsafe_yaml_characters_found_as_the_regular_expression_finds_them(text):
    """`find_unsafe`'s shortcut (a printable scalar has none) finds what `_UNSAFE_CHARS.search` finds."""
    from sitegen.yamlio import _UNSAFE_CHARS, find_unsafe

    found, expected = find_unsafe(text), _UNSAFE_CHARS.search(text)
    assert (found and (found.start(), found.group())) == (expected and (expected.start(), expected.group()))


@SETTINGS
@example(raw='a & b < c > d "e" \'f\'')
@example(raw="&amp;&")
@given(raw=st.one_of(st.lists(st.sampled_from(["&", "<", ">", '"', "'", "a", " ", "—", "&amp;"]), max_size=20).map("".join), TEXT))
def test_text_without_a_character_to_escape_is_returned_as_the_replacements_would(raw):
    """`escapeHtml`'s shortcut (text with no `&<>"` is itself) gives what markdown-it's four replacements give."""
    from sitegen.markdown.terms import escapeHtml

    assert escapeHtml(raw) == raw.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


REL_BITS = st.sampled_from(["a", "b.html", "/", "//", ".", "..", "./", "../", "articles", "index.html", " ", "é", "\\", "..."])


@SETTINGS
@example(rel="articles/a/index.html", staging="/tmp/stage")
@example(rel="a/../b", staging="/tmp/stage")
@example(rel="./a", staging="/tmp/stage")
@example(rel="a//b", staging="/tmp/stage")
@example(rel="a/", staging="/tmp/stage")
@example(rel="index.html", staging="/")
@example(rel="", staging="/tmp/stage")
@given(rel=st.one_of(st.lists(REL_BITS, max_size=8).map("".join), TEXT.map(lambda t: t[:20].replace("\x00", ""))),
       staging=st.sampled_from(["/tmp/stage", "/", "rel/stage"]))
def test_staged_paths_joined_as_text_as_pathlib_joins_them(rel, staging):
    """`staged_path` (a plain relative path joined as text) gives `staging / safe_rel(rel)`, and refuses what it refuses."""
    from pathlib import Path

    from sitegen.writer import safe_rel, staged_path

    try:
        expected = str(Path(staging) / safe_rel(rel))
    except Exception as refused:  # ValueError; IndexError for "." (no parts at all)
        with pytest.raises(type(refused)):
            staged_path(Path(staging), rel)
        return
    assert staged_path(Path(staging), rel) == expected


@SETTINGS
@example(name="ǅungla", match_case=None)
@example(name="s-300", match_case=None)
@given(name=st.one_of(st.lists(CASE_BITS, max_size=10).map("".join), TEXT.map(lambda t: t[:20])), match_case=st.sampled_from([None, True, False]))
def test_default_case_rule_as_a_character_by_character_look_for_a_capital(name, match_case):
    """`default_case_sensitive` (`any(map(str.isupper, ...))`) answers as the generator over the characters did."""
    from sitegen.markdown.matcher import default_case_sensitive

    expected = match_case if match_case is not None else any(ch.isupper() for ch in name)
    assert default_case_sensitive(name, match_case) == expected


def test_a_terms_names_are_made_once_and_follow_the_term():
    """`Term.names` is memoized per term object: a changed copy has its own names, and a caller's list is its own."""
    from dataclasses import replace

    from sitegen.annotations import FormerName, Term
    from sitegen.markdown.matcher import Name

    term = Term("s-300", "S-300", "d", aliases=("S-300 system",), formerly=(FormerName("s300"),))
    expected = [Name("S-300", "s-300", True, "name"), Name("S-300 system", "s-300", True, "alias"), Name("s300", "s-300", False, "former")]
    first = term.names()
    assert first == expected
    first.append(Name("x", "y", False))
    assert term.names() == expected and term.names() is not term.names()
    assert term.names()[0] is term.names()[0]  # made once
    other = replace(term, aliases=(), match_case=False)
    assert other.names() == [Name("S-300", "s-300", False, "name"), Name("s300", "s-300", False, "former")]
    assert term.names() == expected


def _slugify_every_step(name: str) -> str:
    """`ids.slugify` with every step run, whatever the text (the rule before its ASCII shortcut)."""
    import unicodedata

    from sitegen.ids import _APOSTROPHES, _NON_ALNUM, MAX_ID

    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _APOSTROPHES.sub("", text.lower())
    text = text.encode("ascii", "ignore").decode("ascii")
    text = _NON_ALNUM.sub("-", text).strip("-")
    return text[:MAX_ID].rstrip("-")


@SETTINGS
@example(name="Syria’s U.N. S-300")
@example(name="Don't  stop -- x_y")
@example(name="Café Ǆ ﬁ")
@given(name=st.one_of(st.text(st.characters(max_codepoint=127), max_size=80), st.lists(NAME_BITS, max_size=12).map("".join), TEXT))
def test_ascii_names_slugified_as_every_step_would(name):
    """`slugify`'s ASCII shortcut (lowercase, drop apostrophes) gives what NFKD, the combining-mark filter and the rest give."""
    from sitegen.ids import slugify

    assert slugify(name) == _slugify_every_step(name)


@SETTINGS
@example(text="plain — text\twith\r\nwhite space\x0c")
@example(text="nbsp\u00a0and C1\u0085")
@example(text="\ufeffBOM, \ufffd, \ufffe")
@example(text="x\uffff")
@example(text="\x7f")
@given(text=st.one_of(st.lists(CONTROL_BITS, max_size=30).map("".join), TEXT))
def test_utf8_bytes_without_controls_hold_no_character_find_control_finds(text):
    """`utf8_free_of_control` (a look at the file's UTF-8 bytes) answers True only for text in which `find_control` finds nothing,
    and False for every text in which it finds something."""
    from sitegen.content import find_control, utf8_free_of_control

    assert utf8_free_of_control(text.encode("utf-8")) == (find_control(text) is None)


def test_frozen_dataclasses_pickled_by_their_fields_come_back_equal():
    """`pickled_by_fields`: each class it is given pickles its fields (in order) and unpickles to an equal object."""
    import datetime as dt
    import pickle
    from dataclasses import fields

    from sitegen.annotations import FormerName, Note, Source, Term
    from sitegen.build import _Keys
    from sitegen.content import Article, Correction, Publication
    from sitegen.errors import Diagnostic, Severity

    source = Source("T", "https://x.org/", "P", "2020-01-01", "s")
    values = [
        source, FormerName("Old", dt.date(2001, 2, 3)),
        Term("t", "T", "d", ("A",), (FormerName("O"),), (source,), ("u",), True, "a", "p", 3, 4, ((1, 2),)),
        Note("q", "n", (source,), 2, "p", 5, 6), Publication("T", "https://x.org/", "P", dt.date(2020, 1, 2)),
        Correction(dt.date(2020, 1, 3), "fixed"),
        Article("a", "p", "T", dt.date(2020, 1, 1), "body", 5, updated=dt.date(2020, 2, 1), authors=("X",), corrections=(Correction(dt.date(2020, 1, 3), "c"),)),
        Diagnostic("p", 1, 2, Severity.ERROR, "code", "message"), _Keys("a", "b", "c", "d", "e"),
    ]
    for value in values:
        state = value.__getstate__()
        assert state == tuple(getattr(value, f.name) for f in fields(value) if f.init)
        copy = pickle.loads(pickle.dumps(value, protocol=5))
        assert copy == value and type(copy) is type(value)
    # A term's names memo is not pickled (nor keyed: `Term.data`), and a copy makes its own.
    term = values[2]
    names = term.names()
    assert term._names is not None and all(v is not term._names for v in term.__getstate__()) and term._names not in term.data()
    copy = pickle.loads(pickle.dumps(term, protocol=5))
    assert copy._names is None and copy.names() == names and copy == term and hash(copy) == hash(term)


def _sub_spans_character_by_character(text: str) -> list[tuple[int, int]]:
    """`annotations._sub_spans` as it was: word starts and ends found by asking each character."""
    from sitegen.annotations import _word

    starts = [i for i in range(len(text)) if _word(text[i]) and (i == 0 or not _word(text[i - 1]))]
    ends = [j for j in range(1, len(text) + 1) if _word(text[j - 1]) and (j == len(text) or not _word(text[j]))]
    return [(i, j) for i in starts for j in ends if i < j and (i, j) != (0, len(text))]


@SETTINGS
@example(text="Jaish Fateh al-Sham")
@example(text="S-300 _x_ Ⅻ ²³ ٣ x\u0301y")
@given(text=st.one_of(st.lists(NAME_BITS, max_size=12).map("".join), TEXT.map(lambda t: t[:30])))
def test_word_spans_found_by_one_expression_as_character_by_character(text):
    """`_sub_spans` (runs of `[\\w-]`) gives the spans the per-character `_word` test gave."""
    from sitegen.annotations import _sub_spans

    assert _sub_spans(text) == _sub_spans_character_by_character(text)


# An article page's view: body_parts and referenced_terms first ask whether the text
# holds a note marker / a term link at all (one substring search); the slow paths
# below are their code before that test, and the answers must be the same.

HTML_BITS = st.sampled_from([
    "<p>", "</p>", "<li>", "</li>", "<td>", "</td>", "<h2>", "</h2>", "text ", "—", "é", "<em>", "</em>",
    '<a class="sg-note-ref" href="#note-1"', '<a class="sg-note-ref" href="#note-2"', '<a class="sg-note-ref" href="#note-', ">",
    '<span data-term-ref="tartus">', '<span data-term-ref="s-300">', '<span data-term-ref="unknown">', 'data-term-ref="', "</span>",
])
HTML = st.lists(HTML_BITS, max_size=30).map("".join)


def _body_parts_scanning(html):
    from markupsafe import Markup

    from sitegen.render import _BLOCK_END, _NOTE_MARKER, BodyPart

    parts, start, pending, cut = [], 0, [], -1
    for marker in _NOTE_MARKER.finditer(html):
        if marker.start() < cut:
            pending.append(int(marker.group(1)))
            continue
        if pending:
            parts.append(BodyPart(Markup(html[start:cut]), pending))
            start, pending = cut, []
        end = _BLOCK_END.search(html, marker.end())
        cut = len(html) if end is None else end.end() if end.group(1)[0] in "ph" else end.start()
        pending.append(int(marker.group(1)))
    if pending:
        parts.append(BodyPart(Markup(html[start:cut]), pending))
        start = cut
    if start < len(html) or not parts:
        parts.append(BodyPart(Markup(html[start:]), []))
    return parts


@SETTINGS
@example(html="<p>no notes</p>")
@example(html='<p>a<a class="sg-note-ref" href="#note-2">2</a></p><li>b<a class="sg-note-ref" href="#note-3">3</a></li>c')
@given(html=HTML)
def test_body_parts_as_without_the_substring_test(html):
    from sitegen.render import body_parts

    assert body_parts(html) == _body_parts_scanning(html)


@SETTINGS
@example(htmls=['<p><span data-term-ref="s-300">S</span></p>', "<p>none</p>"], definitions={"s-300": '<span data-term-ref="tartus">', "tartus": ""})
@given(htmls=st.lists(HTML, max_size=4), definitions=st.dictionaries(st.sampled_from(["tartus", "s-300"]), HTML))
def test_referenced_terms_as_without_the_substring_test(htmls, definitions):
    from sitegen.annotations import Term
    from sitegen.render import _TERM_REF, referenced_terms

    terms = {term_id: Term(term_id, term_id, "") for term_id in definitions}

    def scanning():
        seen, found, queue = set(), [], list(htmls)
        while queue:
            for term_id in _TERM_REF.findall(queue.pop(0)):
                term = terms.get(term_id)
                if term is None or term_id in seen:
                    continue
                seen.add(term_id)
                found.append(term)
                queue.append(definitions[term_id])
        return found

    assert referenced_terms(htmls, set(), terms, lambda t: definitions[t.id]) == scanning()


@SETTINGS
@example(htmls=["<p>A &amp; B.</p>", "<p>A &amp; B. C</p>"])
@given(htmls=st.lists(st.one_of(HTML, TEXT, st.sampled_from(["<p>A &amp; B.</p>", "<p>A &amp; B. C</p>"])), max_size=6))
def test_renderer_plain_text_is_plain_texts(htmls):
    """Renderer.plain_text keeps plain_text's answer per definition (the glossary page and the term page share it)."""
    from sitegen.render import Renderer, plain_text

    renderer = Renderer(None, None, None)  # (plain_text needs none of them)
    for html in htmls + htmls:
        assert renderer.plain_text(html) == plain_text(html)
        assert renderer.summary(html) == _first_sentence_as_before(plain_text(html))


def _first_sentence_as_before(text: str, limit: int = 240) -> str:
    """first_sentence as it was: the text split at the first break `_SENTENCE` finds."""
    from sitegen.render import _SENTENCE

    sentence = _SENTENCE.split(text, maxsplit=1)[0]
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


_SENTENCE_TEXT = st.lists(
    st.one_of(st.sampled_from([".", "!", "?", " ", "  ", "\n", "\t", "\u00a0", "\u2003", "A", "Z", "a", "“", "\"", "‘", "'", "(", ")", "…", "é", "É", ". A", "? “", "! ("]),
              TEXT.map(lambda t: t[:10])),
    max_size=60,
).map("".join)


@SETTINGS
@example(". A", 240)
@example("a.  \n A. B", 240)
@example("x. a. B", 3)
@example("Why? Because! (So.) Then", 240)
@example("Oh! ‘Quoted.’ “Twice”", 240)
@example("Stop. (Then) more", 240)
@example("Stop. 'Then' more", 240)
@example("a?“b!(c" + "d" * 300 + ". E", 240)
@given(_SENTENCE_TEXT, st.integers(1, 300))
def test_first_sentence_is_what_the_split_gave(text, limit):
    """first_sentence searches for the stop before a break (`re` skips to each stop) instead of splitting at a
    break found by a look-behind tried at every character: the same sentence, cut at the same limit."""
    from sitegen.render import first_sentence

    assert first_sentence(text, limit) == _first_sentence_as_before(text, limit)
    assert first_sentence(text) == _first_sentence_as_before(text)


class _KeyedTerm:
    """A stand-in for a Term: article_page_key reads a term only through `term_key`."""

    def __init__(self, key: str):
        self.key = key


class _KeyRun:
    """The parts of a build's _Run that article_page_key uses, one per test case: its per-build memo
    of each term's part of the key carries over from one page to the next, as in a build."""

    def __init__(self):
        from sitegen.build import _Keys

        self.keys = _Keys("site", "names", "glossary", "sidecars", "static")
        self._term_parts = {}
        self.scope: dict = {}

    def _scope_terms(self, slug: str):
        return self.scope

    def term_key(self, term: _KeyedTerm) -> str:
        return term.key


_PAGE_IDS = st.sampled_from(["a", "b", "s-300", "tartus", "x1"])
_TERM_KEYS = st.sampled_from(["0f", "1e", "2d"])
_PAGES = st.lists(
    st.tuples(
        st.sampled_from(["rec1", "rec2"]),
        st.lists(_PAGE_IDS, max_size=4),  # annotated terms
        st.lists(_PAGE_IDS, max_size=4),  # terms whose definition the page shows
        st.dictionaries(_PAGE_IDS, st.tuples(_TERM_KEYS, st.booleans()), max_size=5),  # the page's scope: id -> (key, same object as before)
    ),
    min_size=2, max_size=6,
)


@SETTINGS
@given(_PAGES)
def test_article_page_keys_differ_exactly_when_what_the_page_shows_differs(pages):
    """An article page's key (`_Run.article_page_key`, each term's "id=key" part made once per build) is equal
    for two pages exactly when their record keys and the (id, term key) of every term they show are: a term
    object not seen before under its id (a sidecar's, or an edited one) is keyed again, never taken for the last."""
    from types import SimpleNamespace

    from sitegen.build import _Run

    run = _KeyRun()
    objects: dict[tuple[str, str], _KeyedTerm] = {}
    seen: dict[tuple, str] = {}
    for record_key, annotated, shown, scope in pages:
        run.scope = {}
        for term_id, (key, same) in scope.items():
            term = objects.get((term_id, key)) if same else None
            run.scope[term_id] = objects[(term_id, key)] = term or _KeyedTerm(key)
        record = SimpleNamespace(slug="s", key=record_key, terms=tuple((t, 1) for t in annotated), shown=tuple(shown))
        key = _Run.article_page_key(run, record)
        what = (record_key, tuple(sorted((t, run.scope[t].key if t in run.scope else None) for t in {*annotated, *shown})))
        for other, other_key in seen.items():
            assert (other == what) == (other_key == key), (other, what)
        seen[what] = key


def _sources_as_before(groups, label="Source"):
    """The page's source views as Renderer.article_page made them before its Sources list was the
    first citations' own views: numbered by first citation, the list made again from the sources."""
    from sitegen.render import SourceView, source_link_html, source_number_html

    def view(n, source):
        link = source_link_html(source.title, source.url, source.publisher)
        return SourceView(n, f"source-{n}", source.title, source.url, source.publisher, link, source_number_html(n, label))

    numbers: dict[str, int] = {}
    ordered = []
    views = []
    for sources in groups:
        group = []
        for source in sources:
            if source.url not in numbers:
                numbers[source.url] = len(ordered) + 1
                ordered.append(source)
            group.append(view(numbers[source.url], source))
        views.append(group)
    return views, [view(n, s) for n, s in enumerate(ordered, 1)]


_SOURCE = st.builds(
    Source,
    title=st.sampled_from(["A", "Another title"]),
    url=st.sampled_from(["https://a.example/", "https://b.example/x", "https://c.example/"]),
    publisher=st.sampled_from([None, "Agency", ""]),
)


@SETTINGS
@given(st.lists(st.lists(_SOURCE, max_size=4), max_size=6))
def test_a_pages_sources_are_numbered_and_listed_as_before(groups):
    """Renderer.sources_of over a page's terms and notes, in order: each citation's view, and the page's
    Sources list (`ordered`, the first citation of each URL), equal what article_page made before."""
    from sitegen.render import Renderer

    numbers: dict[str, int] = {}
    ordered: list = []
    views = [Renderer.sources_of(None, sources, numbers, ordered, Markup("Source")) for sources in groups]
    assert (views, ordered) == _sources_as_before(groups)
    before = _sources_as_before(groups)  # (link_html and number_html are left out of ==: derived from the other fields)
    assert [[(v.link_html, v.number_html) for v in g] for g in views] == [[(v.link_html, v.number_html) for v in g] for g in before[0]]


_SOURCE_TEXT = st.one_of(st.none(), st.just(""), st.text(alphabet="<>&\"' aé→1", max_size=8), st.integers(0, 2030))


@SETTINGS
@given(_SOURCE_TEXT, st.text(alphabet="<>&\"' a:/é", max_size=8), _SOURCE_TEXT, st.integers(0, 300), st.sampled_from(["source", "Quelle <q>"]))
def test_a_sources_link_html_is_what_the_templates_wrote(title, url, publisher, number, label):
    """SourceView.link_html, which the default theme prints in its Terms, Sources and card loops, is the
    markup those loops wrote out before, and the `source` macro's (without a number), as Jinja renders them."""
    import jinja2

    from sitegen.render import Renderer, SourceView, builtin_theme, source_link, source_link_html, source_number_html
    from sitegen.templating import Environment

    written_out = (
        '<a class="sg-source-link" href="{{ s.url }}">{{ s.title or s.url }}</a>'
        '{% if s.publisher %}<span class="sg-publisher">, {{ s.publisher }}</span>{% endif %}'
    )
    env = Environment(loader=jinja2.FileSystemLoader(str(builtin_theme() / "templates")), autoescape=True, undefined=jinja2.StrictUndefined)
    env.globals["t"] = lambda key: key
    env.filters["date"] = env.filters["isodate"] = str
    view = SourceView(None, "", title, url, publisher, Markup(""), Markup(""))
    html = source_link_html(title, url, publisher)
    assert type(html) is Markup
    assert html == env.from_string(written_out).render(s=view)
    macros = env.get_template("_macros.html").module
    assert html == macros.source(view)
    source = Source(title=title, url=url, publisher=publisher)
    assert source_link(source) == html and source_link(source) is source_link(source)
    numbered = Renderer.sources_of(None, [source], {}, [], escape(label))[0]
    assert numbered.link_html == html and numbered.number_html == source_number_html(1, label)
    assert macros.source(view, number) == html + source_number_html(number, "source")  # (t('source') is 'source' here)


@SETTINGS
@given(st.integers(0, 500), st.text(alphabet="<>&\"' aé→", max_size=6))
def test_a_sources_number_html_is_what_the_terms_loop_wrote(number, label):
    """SourceView.number_html is the number link the Terms loop wrote out after each source before."""
    import jinja2

    from sitegen.render import source_number_html
    from sitegen.templating import Environment

    written_out = ' <a class="sg-source-num" href="#source-{{ s.number }}"><span class="sg-vh">{{ source_label }} </span>[{{ s.number }}]</a>'
    env = Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    expected = env.from_string(written_out).render(s={"number": number}, source_label=label)
    assert source_number_html(number, label) == expected == source_number_html(number, escape(label))
    assert source_number_html(None, label) == ""

YAML_DOCS = st.one_of(
    TEXT, YAML_NOISE,
    st.tuples(JSON_VALUES, st.sampled_from([None, True, False]), st.sampled_from([None, '"', "'"])).map(
        lambda v: yaml.safe_dump(v[0], default_flow_style=v[1], default_style=v[2], allow_unicode=True)),
    st.tuples(JSON_VALUES, YAML_NOISE).map(lambda v: yaml.safe_dump(v[0], allow_unicode=True) + v[1]),
)


FLAT_KEYS = st.one_of(
    st.sampled_from(["title", "date", "summary", "draft", "n", "a_b", "A1", "_x", "true", "null", "<<", "1a", "a-b", "a b", "k" * 100, "k" * 101, "k" * 1030]),  # (a key past 1,024 characters is an error)
    TEXT.map(lambda t: t[:5]),
)
FLAT_VALUES = st.one_of(
    st.sampled_from([
        '"x"', '"a: b # c"', '"é — ’ 𝄞"', '"a\\\\b"', '"a\\"b"', '"a"b"', '""', '"  spaced  "', "'s'", "'it''s'",
        "2019-01-01", "2019-02-30", "5", "-5", "+5", "05", "0x1F", "0o17", "0b1", "1e3", "1E-3", ".5", "1.", "1_000", "3.14",
        "true", "True", "TRUE", "tRue", "yes", "No", "False", "NULL", "Null", "nULL", "~", "", "null", ".inf", "-.Inf", ".NaN", "nan",
        "a b", "a  b", "a ", " a", "a #b", "a#b", "a: b", "a:b", "-a", "- a", "a.", "a-", "a_", "_a", "0.1.2", "v1.2-rc_3",
        "/", "/a/", "//", "https://x.org/a", "a:", "a::b", "a:/", "/ a", "a /", "a:-", "1:2", "12:30", "1:2:3", "a: /",
        '"\t"', '"\u2028"', '"\xa0"', '"\ufeff"', '"\x85"', '"\x7f"', "[a]", "{a: 1}", "&x a", "*x", "!!str a", "!!int 5", "|", ">",
    ]),
    TEXT.map(lambda t: t[:10]),
    st.lists(st.sampled_from(list("aZ09 ._-:#\"'\\\t")), max_size=8).map("".join),
)
FLAT_DOCS = st.lists(
    st.tuples(FLAT_KEYS, st.sampled_from([": ", ": ", ": ", ":", ":  ", " : "]), FLAT_VALUES, st.sampled_from(["", "", "", " ", "\r", " # c"])),
    max_size=6,
).map(lambda lines: "".join(key + colon + value + end + "\n" for key, colon, value, end in lines))

FLAT_GOOD_LINES = st.tuples(
    st.sampled_from(["title", "date", "summary", "draft", "a_b", "A1", "_x", "true", "k" * 100]),
    st.one_of(
        st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Cn", "Co", "Zl", "Zp"), blacklist_characters='"\\'), max_size=30).map(lambda t: f'"{t}"'),
        TEXT.map(lambda t: '"' + t[:30].replace('"', "").replace("\\", "") + '"'),
        st.tuples(st.sampled_from(["a", "Z", "0", "9", "1", "true", "null", "0x", "0o", "inf", "2016-10-04", "/", "https://"]),
                  st.lists(st.sampled_from(list("aZ09 ._-/:") + ["true", "null", "0x", "0o", "e", "inf"]), max_size=7).map("".join)).map("".join),
    ),
).map(lambda line: f"{line[0]}: {line[1]}\n")
"""Lines the shortcut may read: most documents of them are flat mappings, a few are not (a duplicate key, a tab...)."""
FLAT_GOOD_DOCS = st.lists(st.one_of(FLAT_GOOD_LINES, FLAT_GOOD_LINES, FLAT_GOOD_LINES, FLAT_DOCS.map(lambda t: t[:40])), min_size=1, max_size=6).map("".join)


@SETTINGS
@example(text='title: "The Northern Retreat"\ndate: 2019-01-01\nsummary: "Reports: a — b’s."\n', offset=1)
@example(text="a: 5\nb: true\nc: null\nd: ~\ne: .inf\nf: 0x1F\ng: 1e3\nh: 2016-10-04\ni: NULL\nj: Null\nk: False\nl: TRUE\nm: -5\nn: +1.5\n", offset=0)
@example(text="a: 5\nb: true\nc: null\nf: 0x1F\ng: 1e3\nh: 2016-10-04\ni: NULL\nk: False\nl: 1.\nm: 0o17\nn: on\n", offset=2)  # typed, by the shortcut
@example(text='a: "x\\ty"\nb: "c\\\\d"\n', offset=1)  # escapes: the parser's
@example(text="a: b \nc: d  \n", offset=1)  # trailing spaces: not the value's
@example(text='a: "x"\na: "y"\n', offset=1)
@example(text='a: "x"', offset=0)
@example(text='a: "x"\nb: "y"', offset=0)
@example(text="k" * 1030 + ': "a"\n', offset=1)
@example(text="\n", offset=1)
@example(text='a: "x"\n\n', offset=1)
@example(text='a: "x\ty"\n', offset=1)
@example(text='a: "x"\r\n', offset=1)
@example(text='a: "\u2028"\n', offset=1)
@example(text="a: b c\nd: e # f\n", offset=1)
@example(text="<<: a\n", offset=1)
@example(text="a: /\nb: /docs/\nc: https://x.org/a-b?q\nd: a:b\ne: a/b c\n", offset=1)  # paths and URLs, plain
@example(text="a: b:\n", offset=1)
@example(text="a: b: c\n", offset=1)
@example(text="a: b:/c\n", offset=1)
@example(text="a: //\n", offset=1)
@example(text="a: /#b\n", offset=1)
@example(text="a: b :c\n", offset=1)
@given(text=st.one_of(FLAT_GOOD_DOCS, FLAT_DOCS, FLAT_DOCS.map(lambda t: t[:-1]), YAML_DOCS), offset=st.sampled_from([0, 1, 3]))
def test_flat_mapping_read_as_the_parser_reads_it(text, offset):
    """`parse_yaml`'s shortcut for `key: value` lines gives the parser's values, types, marks, typed texts and diagnostics."""
    from sitegen.yamlio import _flat_mapping, parse_by_parser

    def answer(parse) -> tuple:
        diagnostics = Diagnostics()
        doc = parse(text, "x.yml", diagnostics, line_offset=offset)
        said = [(d.code, d.line, d.col, d.message) for d in diagnostics.items]
        if doc is None:
            return None, said
        typed = [(key, type(value).__name__, repr(value)) for key, value in doc.value.items()] if isinstance(doc.value, dict) else repr(doc.value)
        return typed, doc.marks, doc.key_marks, doc.raw, said

    assert answer(parse_yaml) == answer(parse_by_parser)
    if text.startswith("a: 5\nb: true\nc: null\nf:"):
        assert _flat_mapping(text, "x.yml", offset) is not None  # (the example above tests the shortcut only if it takes it)


BLOCK_KEYS = st.one_of(
    st.sampled_from(["title", "url", "sources", "terms", "notes", "a b", "a-b", "a.b", "_x", "1", "true", "null", "<<", "-a", "a:", "k" * 99,
                     "k" * 100, "k" * 101, '"Local Term 0"', '"a: b"', '"x"', '""', '"a\\"b"', '"é — ’"', '"' + "q" * 98 + '"', '"' + "q" * 99 + '"',
                     "a #b", "a\t", "'s'"]),
    TEXT.map(lambda t: t[:6]),
)
BLOCK_VALUES = st.one_of(
    FLAT_VALUES,
    st.lists(st.one_of(st.sampled_from(["a", "a-0", "2019", "0x1F", "true", "null", "~", '"x, y"', '"[z]"', '""', "a b", "-a", "[a]", "a,b"]),
                       TEXT.map(lambda t: t[:4])), max_size=4).map(
        lambda items: "[" + st_join(items) + "]"),
    st.sampled_from(["[]", "[ ]", "[a,b]", "[a ,b]", "[a, b,]", "[a, b] ", "[a]]", "{}"]),
)


def st_join(items: list[str]) -> str:
    return ", ".join(items)


GOOD_BLOCK_KEYS = st.one_of(
    st.sampled_from(["title", "url", "sources", "terms", "notes", "a b", "a-b", "a.b", "_x", "1", "0x1", "true", "null", "k" * 99, '"Local Term 0"',
                     '"a: b"', '"x"', '""', '"é — ’"', '"- a"', '"[a]"', '"#"']),
    st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Cn", "Co", "Zl", "Zp"), blacklist_characters='"\\'), max_size=12).map(lambda t: f'"{t}"'),
)
GOOD_BLOCK_VALUES = st.one_of(
    FLAT_GOOD_LINES.map(lambda line: line.split(": ", 1)[1][:-1]),
    st.sampled_from(["Feed (Atom)", "Searching…", "a, b", "[a] b", "a: b", "a:b", "a #b", "a#b", "a  b", "é", "’s", "-a", "?a", ":a",
                     "%(count)s results", "@a", "`a`", "a | b", "a > b", "{a}", "1:2", "a/b:c", "…", "No articles yet."]),
    st.lists(st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Cn", "Co", "Zl", "Zp")), min_size=1, max_size=8).map("".join),
    st.lists(st.one_of(st.sampled_from(["a", "a-0", "2019", "0x1F", "0o7", "1e3", "true", "null", "Null", "inf", "a.b", '"x, y"', '"[z]"', '""', '"a b"']),
                       st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Cn", "Co", "Zl", "Zp"), blacklist_characters='"\\'), max_size=5)
                       .map(lambda t: f'"{t}"')), max_size=4).map(lambda items: "[" + ", ".join(items) + "]"),
)


@st.composite
def block_documents(draw, good: bool, depth: int = 0, indent: int = 0) -> str:
    """A block mapping of keys with values, nested mappings and lists of mappings: `good`, of what `_block_mapping`
    should take (most such documents are its own), else with any key, value, indent or dash."""
    keys, values = (GOOD_BLOCK_KEYS, GOOD_BLOCK_VALUES) if good else (BLOCK_KEYS, BLOCK_VALUES)
    lines = [draw(st.sampled_from(["", "", "", "\n", "# c\n", "  # c: d\n", "#\n", " \n"]))] if draw(st.booleans()) else []
    unique = (lambda key: key[1:-1] if key.startswith('"') and key.endswith('"') and len(key) > 1 else key) if good else None
    for key in draw(st.lists(keys, min_size=1, max_size=4, unique_by=unique)):
        kind = draw(st.sampled_from(["value", "value", "map", "list"] if depth < 3 else ["value"]))
        comment = draw(st.sampled_from(["", "", "", "", " # c", "  #c", " #", "# c", " # a: b"]))
        if kind == "value":
            lines.append(" " * indent + key + (": " if good else draw(st.sampled_from([": ", ": ", ":", "  : "]))) + draw(values) + comment + "\n")
            continue
        lines.append(" " * indent + key + ":" + comment + "\n")
        step = draw(st.sampled_from([2, 2, 1, 4] if good else [2, 2, 2, 1, 4, 0, -1]))
        if kind == "map":
            lines.append(draw(block_documents(good, depth + 1, max(indent + step, 0))))
        else:
            for _ in range(draw(st.integers(1 if good else 0, 3))):
                inner = max(indent + step, 0)
                item = draw(block_documents(good, depth + 1, inner + 2))[inner + 2 :]
                lines.append(" " * inner + ("- " if good else draw(st.sampled_from(["- ", "- ", "-  ", "-"]))) + item)
    return "".join(lines)


BLOCK_DOCS = st.one_of(
    block_documents(True),
    block_documents(True),
    block_documents(False),
    st.tuples(block_documents(True), st.integers(0, 400), YAML_BITS).map(lambda t: t[0][: t[1]] + t[2] + t[0][t[1] :]),
    st.tuples(block_documents(True), st.integers(0, 400)).map(lambda t: t[0][: t[1]] + t[0][t[1] + 1 :]),
)
"""Glossary- and sidecar-shaped documents, and the same with a piece of YAML put in or a character left out."""


def _yaml_answer(parse, text: str, offset: int) -> tuple:
    """Everything a parse gives that sitegen reads: values with their types and keys' order, marks, typed texts, diagnostics."""

    def ordered(value):
        if isinstance(value, dict):
            return [(key, ordered(item)) for key, item in value.items()]
        if isinstance(value, list):
            return [ordered(item) for item in value]
        return (type(value).__name__, repr(value))

    diagnostics = Diagnostics()
    doc = parse(text, "x.yml", diagnostics, line_offset=offset)
    said = [(d.code, d.line, d.col, d.message) for d in diagnostics.items]
    if doc is None:
        return None, said
    return ordered(doc.value), doc.marks, doc.key_marks, doc.raw, said


GLOSSARY_LIKE = (
    'sources:\n  a-0:\n    title: "A, reference 1"\n    url: "https://x.org/a"\n  b:\n    title: "B"\n    url: "https://x.org/b"\n'
    'terms:\n  "Keystone Forge Group":\n    definition: "A thing: it is."\n    sources: [a-0, b]\n    aliases: ["KFG", 2019]\n'
    '  S-300:\n    id: s-300\n    definition: "Plain."\n    formerly:\n      - name: "Old"\n        until: 2019-01-01\n'
    'notes:\n  - quote: "is worth noting"\n    note: "A note."\n    occurrence: 2\n    sources: []\n  - quote: "b"\n    note: "c"\n'
)


@SETTINGS
@example(text=GLOSSARY_LIKE, offset=0)
@example(text=GLOSSARY_LIKE, offset=2)
@example(text="a:\n  b: c\nd:\n", offset=0)
@example(text="a:\n- b: c\n", offset=0)
@example(text="a:\n  - b: c\n  d: e\n", offset=0)
@example(text="a:\n  b: c\n   d: e\n", offset=0)
@example(text="a:\n    b: c\n  d: e\n", offset=0)
@example(text="a:\n  b:\n    c: [x, y]\n  b: z\n", offset=0)
@example(text='a: ["x, y", z]\n', offset=1)
@example(text="a: [x,y]\n", offset=0)
@example(text=" a: b\n", offset=0)
@example(text="a: b\n\nc: d\n", offset=0)
@example(text="a:\n  b: c\n", offset=0)
@example(text="a:\nb: c\n", offset=0)  # a null, then a key
@example(text="# c\n\na: b # c\n\n  # d\nc: # e\n  d: Feed (Atom), é…\n", offset=1)  # comments and empty lines
@example(text="# c\n", offset=0)
@example(text="a: b #c\n", offset=0)
@example(text="a: b#c\n", offset=0)
@example(text='a: "b"# c\n', offset=0)
@example(text="a:\n  b: `c`\n  d: x\n", offset=0)  # indicators no plain text starts with
@example(text="a:\n  b: @c\n", offset=0)
@example(text="a:\n  b: %c\n", offset=0)
@example(text="a:\n  b: !c\n", offset=0)
@example(text="a:\n  b: &c d\n", offset=0)
@example(text='a:\n  b: "\x01"\n', offset=0)  # a control character: the parser's error
@example(text='a:\n  b: "x\u2028y"\n', offset=0)  # a line separator inside quotes, which YAML folds
@example(text='a:\n  - b: "\x85"\n', offset=0)
@given(text=st.one_of(BLOCK_DOCS, BLOCK_DOCS, YAML_DOCS), offset=st.sampled_from([0, 1, 3]))
def test_block_mapping_read_as_the_parser_reads_it(text, offset):
    """`parse_yaml`'s shortcut for nested block mappings gives the parser's values, types, keys' order, marks,
    typed texts and diagnostics."""
    from sitegen.yamlio import _block_mapping, parse_by_parser

    assert _yaml_answer(parse_yaml, text, offset) == _yaml_answer(parse_by_parser, text, offset)
    if text == GLOSSARY_LIKE:
        assert _block_mapping(text, "x.yml", offset) is not None  # (the example tests the shortcut only if it takes it)


def test_the_bench_glossary_and_sidecars_take_the_block_shortcut():
    """The corpus the build is measured on takes `_block_mapping` (its glossary is 6% of a clean build by the
    parser): a sample of its YAML (`fixtures/bench-sample`: 3 articles, 20 terms, seed 1), and, where the
    generator is beside the checkout, what it makes now, which must still be that sample."""
    import subprocess
    import sys

    from sitegen.yamlio import _block_mapping

    sample = Path(__file__).parent / "fixtures" / "bench-sample"
    files = sorted(sample.rglob("*.yml"))
    assert [path.parent.name for path in files] == ["articles", "glossary"]
    for path in files:
        assert _block_mapping(path.read_text(encoding="utf-8"), str(path), 0) is not None, path
    make_corpus = Path(__file__).resolve().parents[2] / "shared" / "bench" / "make_corpus.py"  # (as bench/run.py finds it)
    if make_corpus.is_file():
        with tempfile.TemporaryDirectory() as folder:
            subprocess.run([sys.executable, str(make_corpus), "-n", "3", "-g", "20", "-s", "1",
                            "-o", folder, "-l", "sitegen"], check=True, capture_output=True)
            made = {path.relative_to(Path(folder, "content")): path.read_bytes() for path in Path(folder, "content").rglob("*.yml") if path.name != "site.yml"}
            assert made == {path.relative_to(sample): path.read_bytes() for path in files}


PLAIN_BITS = st.sampled_from(["~", "null", "Null", "NULL", "nUll", "true", "True", "TRUE", "false", "False", "FALSE", "tRUE", "0", "7",
                              "-", "+", ".", "e", "E", "x", "o", "0x", "0o", "inf", "Inf", "nan", "NaN", "_", " ", "a", "Z", "é"])


@SETTINGS
@example(text="")
@given(text=st.one_of(st.lists(PLAIN_BITS, max_size=5).map("".join), TEXT.map(lambda t: t[:8])))
def test_plain_values_typed_as_resolve_plain_types_them(text):
    """`_plain_value`'s shortcut (a text whose first character starts no number, null or bool is text) types as `resolve_plain`."""
    from sitegen.yamlio import _plain_value, resolve_plain

    typed_ones = ["", "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE", ".5", "+1", "-1", ".inf", ".nan"]
    for one in [text, *typed_ones, *(str(digit) for digit in range(10))]:
        found, expected = _plain_value(one), resolve_plain(one)
        assert (type(found), repr(found)) == (type(expected), repr(expected)), one


def _split_front_matter_by_lines(text: str, path: str, diagnostics: Diagnostics):
    """`content.split_front_matter` as it was: the whole text split into lines, the body joined again."""
    lines = text.split("\n")
    first = lines[0].rstrip("\r").rstrip() if lines else ""
    if first != "---":
        diagnostics.error(path, 1, 1, "front-matter-missing", first)  # (the wording is not what is compared)
        return None, text, 1
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r").rstrip() in ("---", "..."):
            doc = parse_yaml("\n".join(lines[1:index]) + "\n", path, diagnostics, line_offset=1)
            if doc is not None and doc.value is None:
                doc.value = {}
                doc.marks[()] = (1, 1)
            return doc, "\n".join(lines[index + 1 :]), index + 2
    diagnostics.error(path, 1, 1, "front-matter-unclosed", "")
    return None, "", 1


FRONT_BITS = st.sampled_from(["---", "...", "--- ", "---\r", "----", "+++", "\n", "\n", "\n", "\r\n", " ", "\t", "title: x", 'a: "b"', "a: [1", "é", "\u2028", "x"])


@SETTINGS
@example(text="---\n---\n")
@example(text="---\n---")
@example(text="---")
@example(text="---\ntitle: x\n...\nbody\n---\nmore")
@example(text="--- \r\ntitle: x\r\n---\r\nbody\r\n")
@example(text="---\ntitle: x\n")
@example(text="")
@given(text=st.one_of(st.lists(FRONT_BITS, max_size=14).map("".join), TEXT))
def test_front_matter_cut_off_as_by_splitting_every_line(text):
    """`split_front_matter`, which looks for the closing line from the top, cuts as splitting the whole text did."""
    from sitegen.content import split_front_matter

    def answer(split) -> tuple:
        diagnostics = Diagnostics()
        doc, body, line = split(text, "a.md", diagnostics)
        codes = [(d.code, d.line, d.col) for d in diagnostics.items]
        return (None if doc is None else (repr(doc.value), doc.marks, doc.key_marks, doc.raw)), body, line, codes

    assert answer(split_front_matter) == answer(_split_front_matter_by_lines)


_BACKLINK_TEXT = st.text(alphabet="<>&\"' aé→%1", max_size=8)


@SETTINGS
@given(
    st.lists(st.tuples(_BACKLINK_TEXT, st.dates(), st.integers(0, 3)), min_size=1, max_size=5),
    st.sampled_from(["en", "fr", "xx"]),
    st.sampled_from([None, "%(count)s <mention>", "no count & no %%", "“%(count)s”"]),
)
def test_a_backlinks_html_is_what_term_html_wrote(articles, language, mentions_other):
    """Backlink.html, which the default term.html prints in its backlinks loop, is the markup that loop wrote
    out before (with the site's strings and date filters); each article's part of it is made once, and an
    article that is no longer the same object gets its own."""
    import datetime as dt

    from sitegen.config import SiteConfig
    from sitegen.content import Article
    from sitegen.render import Renderer, builtin_theme
    from sitegen.site import SiteContent, SiteModel
    from sitegen.theme import Theme

    written_out = (
        "{% set mentions_one, mentions_other = t('mentions_one'), t('mentions_other') %}"
        "{% for b in backlinks %}"
        '<li><a href="{{ b.url }}">{{ b.title }}</a> <span class="sg-meta"><time datetime="{{ b.date|isodate }}">{{ b.date|date }}</time> &middot; {{ (mentions_one if b.count == 1 else mentions_other)|format(count=b.count) }}</span></li>\n'
        "{% endfor %}"
    )
    made = [Article(f"s{i}-{title[:3]}", "", title, date, "", 1) for i, (title, date, _) in enumerate(articles)]
    backlinks = {"a": [(a, count) for a, (_, _, count) in zip(made, articles)]}
    backlinks["b"] = list(reversed(backlinks["a"]))
    content = SiteContent(Path("."), SiteConfig(title="t", language=language), made, None, {}, [])  # type: ignore[arg-type]
    renderer = Renderer(SiteModel(content, [], {}, backlinks, None), Theme([builtin_theme()]), Diagnostics())
    if mentions_other is not None:
        renderer.strings["mentions_other"] = mentions_other
    template = renderer.env.from_string(written_out)
    for term_id in backlinks:
        views = renderer.backlinks(term_id)
        assert [(b.title, b.url, b.date, b.count) for b in views] == [(a.title, f"../../{a.url}", a.date, n) for a, n in backlinks[term_id]]
        assert all(type(b.html) is Markup for b in views)
        assert "".join(f"<li>{b.html}</li>\n" for b in views) == template.render(backlinks=views)
    assert len(renderer._backlink_heads) == len(made)  # (one part per article, whatever the pages and counts)
    renamed = Article(made[0].slug, "", made[0].title + "<x>", made[0].date + dt.timedelta(days=1), "", 1)
    renderer.model.backlinks["a"][0] = (renamed, backlinks["a"][0][1])
    renderer._backlink_heads[id(renamed)] = renderer._backlink_heads[id(made[0])]  # as if `renamed` had the id of a freed article
    first = renderer.backlinks("a")[0]
    assert (first.title, first.date) == (renamed.title, renamed.date) and "&lt;x&gt;" in first.html


# The default theme's Terms entry as article.html wrote it out before its head, backlinks and card were made in
# Python (TermEntry.head_html, backlinks_html, card_html): the reference they are held to.
_ENTRY_HEAD_WRITTEN_OUT = """{% import "_macros.html" as m %}
        <h3 class="sg-entry-name">{{ term.name }}</h3>
        {% if term.formerly %}{{ m.formerly(term) }}{% endif %}
        {% if term.used_name %}{{ m.used_name(term) }}{% endif %}
        <div class="sg-def">{{ term.definition_html }}</div>
"""
_BACKLINKS_WRITTEN_OUT = """          {% if term.mentions %}
          <span class="sg-backlinks">
            {% if term.mentions|length == 1 %}
            <a href="#{{ term.mentions[0] }}"><span aria-hidden="true">&uarr; </span>{{ back_label }}</a>
            {% else %}
            <span aria-hidden="true">&uarr; </span>{{ back_label }}:
            {% for mid in term.mentions %} <a href="#{{ mid }}"><span class="sg-vh">{{ back_label }} </span>{{ loop.index }}</a>{% endfor %}
            {% endif %}
          </span>
          {% endif %}
"""
_NAME_TEXT = st.text(alphabet="<>&\"' aAé→1", min_size=1, max_size=8)
_DATES = st.one_of(st.none(), st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)))


def _default_renderer():
    from sitegen.config import SiteConfig
    from sitegen.render import Renderer, Theme, builtin_theme
    from sitegen.site import SiteContent, SiteModel

    content = SiteContent(Path("."), SiteConfig(title="sitegen"), [], None, {}, [])  # type: ignore[arg-type]
    return Renderer(SiteModel(content, [], {}, {}, None), Theme([builtin_theme()]), Diagnostics())


@SETTINGS
@example(name="A", definition="<p>x</p>", formerly=[("Old", dt.date(2016, 7, 28)), ("Older", dt.date(2016, 7, 28)), ("Oldest", None)], used=0,
         then_current=True, date=dt.date(2015, 1, 1))
@given(
    name=_NAME_TEXT, definition=st.text(alphabet="<>&\"' ap/\n", max_size=12),
    formerly=st.lists(st.tuples(_NAME_TEXT, _DATES), max_size=3, unique_by=lambda f: f[0]),
    used=st.one_of(st.none(), st.integers(0, 2)), then_current=st.booleans(), date=st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)),
)
def test_an_entrys_head_and_card_are_what_the_terms_and_cards_loops_wrote(name, definition, formerly, used, then_current, date):
    """TermEntry.head_html (entry_head_html of its card, the theme's own `formerly` and `used_name` macros
    called for it) is the markup the Terms loop wrote out from the entry's name to its definition, and
    TermEntry.card_html the card that `fragment("_card.html", term=term.card)` rendered."""
    from sitegen.annotations import FormerName, Term
    from sitegen.render import TermEntry, UsedName

    renderer = _default_renderer()
    term = Term("t-1", name, "unused", formerly=tuple(FormerName(n, d) for n, d in formerly), sources=(Source("S <1>", "https://a.example/?a&b"),))
    used_name = None
    if used is not None and used < len(formerly):
        old, until = formerly[used]
        current = then_current and until is not None
        used_name = UsedName(old, until, current, date if current else None)
    card, head, card_html = renderer.card_with_markup(term, definition, used_name)
    assert type(head) is Markup and type(card_html) is Markup
    entry = TermEntry(card.id, card.name, list(card.formerly), [], card.definition_html, [], [], card.glossary_url, [], card, used_name)
    assert "        " + head + "\n" == renderer.env.from_string(_ENTRY_HEAD_WRITTEN_OUT).render(term=entry)
    assert card_html == renderer.render("_card.html", term=card) == renderer.fragment("_card.html", term=card)
    assert renderer.card_with_markup(term, definition, used_name) == (card, head, card_html)  # (made once)


@SETTINGS
@example(mentions=["m-a-1"], label="Back to mention")
@example(mentions=["m-a-1", "m-a-2", "m-a-3"], label="Back <to> & \"it\"")
@given(mentions=st.lists(st.text(alphabet="<>&\"' m-1é", min_size=1, max_size=6), max_size=4), label=st.text(alphabet="<>&\"' aé→", max_size=6))
def test_an_entrys_backlinks_are_what_the_terms_loop_wrote(mentions, label):
    """TermEntry.backlinks_html (backlinks_html of its mentions) is the markup the Terms loop wrote out for them."""
    from sitegen.render import backlinks_html

    renderer = _default_renderer()
    html = backlinks_html(mentions, escape(label))
    assert type(html) is Markup
    expected = renderer.env.from_string(_BACKLINKS_WRITTEN_OUT).render(term={"mentions": mentions}, back_label=label)
    assert ("          " + html + "\n" if mentions else html) == expected


_ENTRY_SOURCES_WRITTEN_OUT = """        {% if term.sources %}
        <ul class="sg-entry-sources" aria-label="{{ sources_label }}">
          {% for s in term.sources %}
          <li>{{ s.link_html }}{{ s.number_html }}</li>
          {% endfor %}
        </ul>
        {% endif %}
        {% if term.see_also %}
        <p class="sg-see-also">{{ see_also_label }}: {% for x in term.see_also %}<a href="{{ x.url }}">{{ x.name }}</a>{% if not loop.last %}, {% endif %}{% endfor %}</p>
        {% endif %}
"""
_ENTRY_SOURCES_MADE = """        {% if term.sources %}
        <ul class="sg-entry-sources" aria-label="{{ sources_label }}">
          {{ term.sources_html }}
        </ul>
        {% endif %}
        {% if term.see_also %}
        <p class="sg-see-also">{{ see_also_label }}: {{ term.see_also_html }}</p>
        {% endif %}
"""
_SOURCES_LIST_WRITTEN_OUT = """  {% if sources %}
      <ol>
        {% for s in sources %}
        <li id="{{ s.anchor }}" value="{{ s.number }}">{{ s.link_html }}</li>
        {% endfor %}
      </ol>
  {% endif %}
"""
_SOURCES_LIST_MADE = """  {% if sources %}
      <ol>
        {{ sources_html }}
      </ol>
  {% endif %}
"""
_SOURCES = st.builds(Source, title=st.text(alphabet="<>&\"' aé→", max_size=5), url=st.sampled_from(["https://a.example/1", "https://b.example/?a&b", "x\"<"]),
                     publisher=st.one_of(st.none(), st.text(alphabet="<&é a", max_size=4)))


@SETTINGS
@example(groups=[[Source("T", "https://a.example/1"), Source("U", "https://b.example/?a&b", "P")], [Source("T", "https://a.example/1")]], see_also=[("A & B", "../../glossary/a/")], label="Source")
@given(groups=st.lists(st.lists(_SOURCES, max_size=4), max_size=4), see_also=st.lists(st.tuples(_NAME_TEXT, st.text(alphabet="<>&\"' a/é", max_size=6)), max_size=3),
       label=st.sampled_from(["Source", "Quelle <q>"]))
def test_an_entrys_sources_and_see_also_and_the_sources_list_are_what_the_loops_wrote(groups, see_also, label):
    """TermEntry.sources_html and see_also_html, and the page's sources_html (entry_sources_html,
    see_also_html, sources_list_html), printed as the default theme prints them, are what its loops wrote."""
    from sitegen.render import LinkView, Renderer, SourceView, entry_sources_html, see_also_html, sources_list_html

    env = _default_renderer().env
    numbers: dict[str, int] = {}
    ordered: list = []
    links = [LinkView(name, url) for name, url in see_also]
    for sources in groups:
        views = Renderer.sources_of(None, sources, numbers, ordered, escape(label))
        term = {"sources": views, "see_also": links, "sources_html": entry_sources_html(views), "see_also_html": see_also_html(links)}
        assert type(term["sources_html"]) is Markup and type(term["see_also_html"]) is Markup
        labels = {"sources_label": "Sources <&>", "see_also_label": "See also"}
        assert env.from_string(_ENTRY_SOURCES_MADE).render(term=term, **labels) == env.from_string(_ENTRY_SOURCES_WRITTEN_OUT).render(term=term, **labels)
    html = sources_list_html(ordered)
    assert type(html) is Markup
    # (an opening kept for an anchor is used only with its number: views made otherwise may pair them differently)
    made = [SourceView(n, "a<1>", "t", "u", None, Markup("<a>"), Markup("")) for n in (1, 2, None)]
    assert [sources_list_html([v]) for v in made] == ['<li id="a&lt;1&gt;" value="1"><a></li>', '<li id="a&lt;1&gt;" value="2"><a></li>', '<li id="a&lt;1&gt;" value="None"><a></li>']
    assert env.from_string(_SOURCES_LIST_MADE).render(sources=ordered, sources_html=html) == env.from_string(_SOURCES_LIST_WRITTEN_OUT).render(sources=ordered)


@SETTINGS
@example(data=b"", grown=b"")
@example(data=b"x" * 70_000, grown=b"")
@example(data=b"abc", grown=b"y" * 100_000)
@given(data=st.one_of(st.binary(max_size=2_000), st.integers(0, 200_000).map(lambda n: os.urandom(n))), grown=st.one_of(st.just(b""), st.binary(min_size=1, max_size=70_000)))
def test_read_with_stat_reads_as_open_reads(workdir, data, grown):
    """`build.read_with_stat`, which reads a file with four system calls, gives what `open().read()` gave and
    the `fstat` taken after it; a file that grew between its size being asked and its reading (`grown`: the
    first `fstat` reports the size before it) is read to its end."""
    from sitegen import build

    path = workdir / "read-me"
    path.write_bytes(data + grown)
    real_fstat = os.fstat
    asked = []

    def fstat_before_growth(fd):  # the first answer is the size before `grown` was written
        st = real_fstat(fd)
        if not asked:
            asked.append(fd)
            fields = list(st)
            fields[6] = len(data)  # st_size
            return os.stat_result(fields)
        return st

    build.os.fstat = fstat_before_growth
    try:
        got, st = build.read_with_stat(path)
    finally:
        build.os.fstat = real_fstat
    with open(path, "rb") as f:
        expected = f.read()
        expected_st = os.fstat(f.fileno())
    assert got == expected
    assert (st.st_size, st.st_mtime_ns, st.st_ino) == (expected_st.st_size, expected_st.st_mtime_ns, expected_st.st_ino)


def _old_digest(inputs, path, key, unreadable=False):
    """`_Inputs._digest` as it was (a stat of the path, then pathlib's read): the oracle of the test below."""
    from sitegen.build import RACY_NS, Sig
    from sitegen.cache import file_digest

    try:
        st = os.stat(path)
    except OSError:
        return None
    inputs.stats[key] = (st.st_size, st.st_mtime_ns, st.st_ino)
    sig = inputs.known.get(key)
    if sig is not None and key not in inputs.forced and sig.size == st.st_size and sig.mtime_ns == st.st_mtime_ns and sig.ino == st.st_ino:
        inputs.sigs[key] = sig
        return sig.digest
    try:
        if unreadable:
            raise PermissionError(path)
        data = path.read_bytes()
    except OSError:
        return None
    result = file_digest(data)
    if inputs.now_ns - st.st_mtime_ns > RACY_NS:
        inputs.sigs[key] = Sig(st.st_size, st.st_mtime_ns, st.st_ino, result)
    return result


@SETTINGS
@example(kind="folder", data=b"", known="none", forced=False, old=False, unreadable=False)
@example(kind="missing", data=b"", known="same", forced=False, old=True, unreadable=False)
@example(kind="file", data=b"x" * 70_000, known="same", forced=True, old=True, unreadable=False)
@example(kind="file", data=b"x", known="same", forced=False, old=True, unreadable=True)
@example(kind="file", data=b"x", known="other", forced=False, old=True, unreadable=True)
@given(kind=st.sampled_from(["file", "file", "file", "folder", "missing"]), data=st.binary(max_size=3_000),
       known=st.sampled_from(["none", "same", "other"]), forced=st.booleans(), old=st.booleans(), unreadable=st.booleans())
def test_an_input_is_hashed_and_signed_as_a_stat_then_a_read_did(workdir, kind, data, known, forced, old, unreadable):
    """`_Inputs.digest` opens the file and asks the open file its stat: the digest, stats and signatures are
    those a stat of the path and a read by pathlib gave, for a file whose signature is known (the same, or
    another), forced or not, old enough to sign or not, one that cannot be opened (`unreadable`), a folder, or
    no file at all."""
    from sitegen.build import Sig, _Inputs

    path = workdir / "input"
    if path.is_dir():
        path.rmdir()
    path.unlink(missing_ok=True)
    if kind == "file":
        path.write_bytes(data)
        if old:
            os.utime(path, ns=(10**18, 10**18))
    elif kind == "folder":
        path.mkdir()
    key = str(path)
    sigs = {}
    if known != "none" and kind != "missing":
        st = os.stat(path)
        sigs[key] = Sig(st.st_size if known == "same" else st.st_size + 1, st.st_mtime_ns, st.st_ino, "a digest the signature vouches for")
    elif known != "none":
        sigs[key] = Sig(0, 0, 0, "a digest the signature vouches for")
    new, expected = _Inputs(sigs, {key} if forced else set()), _Inputs(sigs, {key} if forced else set())
    expected.now_ns = new.now_ns
    real_open = os.open

    def refusing_open(file, *args, **kwargs):  # (the tests may run as root, who can open anything)
        if unreadable and os.fspath(file) == key:
            raise PermissionError(file)
        return real_open(file, *args, **kwargs)

    os.open = refusing_open
    try:
        got = new.digest(path)
    finally:
        os.open = real_open
    assert got == _old_digest(expected, path, key, unreadable)
    assert (new.stats, new.sigs) == (expected.stats, expected.sigs)
