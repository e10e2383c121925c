"""Property tests: whatever an editor types, sitegen answers with a clean build or diagnostics, never a crash.

Arbitrary text, YAML-shaped noise, random values and Markdown go into every
file of a small site (site.yml, a glossary file, a sidecar, an article's
front matter and body); the checks must return, and every problem must
carry a file, a 1-based line and column, and a message.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

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


HIDDEN_WORDS = ["Fawj", "fawj", "Nour", "al-Din", "Nasr", "nasr", "Jamaat", "S-300", "Ḥizb", "İdlib"]


@st.composite
def names_and_text(draw):
    """Names made of a few shared words, and a text made mostly of those names (so longer names cover shorter ones)."""
    names = draw(st.lists(st.lists(st.sampled_from(HIDDEN_WORDS), min_size=1, max_size=3).map(" ".join), min_size=2, max_size=8, unique=True))
    pieces = st.one_of(st.sampled_from(names), st.sampled_from(HIDDEN_WORDS + [" ", " ", "\n", "\n\n", ", ", ".", "’s", "s", "-", "x"]))
    return names, draw(st.lists(pieces, max_size=40).map(" ".join))


@SETTINGS
@example(names_text=(["Nasr", "Nasr Jamaat"], "İdlib İdlib İdlib İdlib İdlib İdlib\nNasr\nJamaat Fawj"), sidecar_names=[])
@given(names_text=names_and_text(), sidecar_names=st.lists(st.sampled_from(["Nour al-Din", "Fawj", "Nasr Jamaat"]), max_size=2, unique=True))
def test_hidden_names_found_line_by_line_as_over_the_whole_text(names_text, sidecar_names):
    """The hidden-name check matches only the lines where a candidate occurs (no name holds a line
    break); its facts must be those of matching the whole text."""
    from types import SimpleNamespace

    from sitegen import annotations
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
    few = annotations._FEW_PLACES
    try:
        annotations._FEW_PLACES = -1  # each candidate looked for in the whole text, not at its first word's places
        anywhere = HiddenNames(glossary, {"a": sidecar}).facts(article)
    finally:
        annotations._FEW_PLACES = few
    assert by_line == anywhere


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


@SETTINGS
@example(url="https://a.example/c d")
@example(url="https://Example.org/x")
@example(url="https://a.example/%41%zz")
@example(url="https://a.example/x#y#z")
@example(url="https://a.example:8080/x")
@example(url="https://" + "a" * 70 + ".example/x")
@example(url="https://bücher.example/x")
@given(url=st.one_of(PLAIN_URLS, st.lists(URL_BITS, max_size=12).map("".join), TEXT))
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
@example(text="# ")
@given(text=st.one_of(INLINE, MARKDOWN, PROSE))
def test_fewer_text_stops_give_the_tokens_markdown_it_gives(text):
    """The text rule stops at fewer characters (`_TERMINATORS`), text where it would not stop at all gets its
    text token directly (`_inline`), and a lone line is tried as a paragraph first (`_plain_paragraph`): every
    token comes out as with markdown-it's own rules."""
    from markdown_it.parser_inline import _default_terminator_re
    from markdown_it.rules_core import inline as stock_inline

    from sitegen.markdown import _base_parser, _TERMINATORS

    ours, stock = _base_parser(), _base_parser()
    stock.inline.terminator_re = _default_terminator_re()
    stock.core.ruler.at("inline", stock_inline)
    stock.block.ruler.disable("sitegen_plain_paragraph")
    assert ours.inline.terminator_re is _TERMINATORS
    assert ours.inline.ruler.get_active_rules()[0] == "text"  # `_inline` skips what `text`, first, would consume whole
    env = {"sitegen_notes": [], "sitegen_note_label": "Note"}
    assert [t.as_dict() for t in ours.parse(text, dict(env))] == [t.as_dict() for t in stock.parse(text, dict(env))]


@SETTINGS
@example(text="plain prose, with S-300 and a dash — but no rule")
@example(text="a\\b")
@given(text=st.one_of(INLINE, PROSE, TEXT))
def test_terminators_found_as_the_text_rule_finds_them(text):
    """`_has_terminator` (one substring test per character) answers as `_TERMINATORS.search` does."""
    from sitegen.markdown import _TERMINATORS, _has_terminator

    assert _has_terminator(text) == (_TERMINATORS.search(text) is not None)


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
