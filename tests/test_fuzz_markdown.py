"""Fuzz targets (hypothesis) for the matcher and the note anchoring.

Matcher: whatever the names and the text, matches come out in order, never
overlap, are whole words, and their text is a name of their term (as
written when the name is case-sensitive) with at most a plural or
possessive ending; a name standing alone is always found.
Anchoring: whatever the Markdown and the quote, it never raises; a quote
that occurs is wrapped (or reported when it occurs more than once), the
wrapper holds the quote's text (exactly, in a paragraph without markup),
the HTML stays well nested, and a quote that does not occur is reported.
"""

from __future__ import annotations

import html
import os
import re

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from sitegen.markdown import NoteQuote, TermContext, normalize, render_article
from sitegen.markdown.matcher import SUFFIXES, Matcher, Name, _suffix_end

FUZZ = settings(max_examples=int(os.environ.get("SITEGEN_FUZZ_EXAMPLES", "300")), deadline=None, suppress_health_check=[HealthCheck.too_slow])
"""SITEGEN_FUZZ_EXAMPLES=20000 for a long hunt; 300 keeps the file at a few seconds."""


def word_char(ch: str) -> bool:
    return ch.isalnum() or ch in "_-"


# Letters of both cases, the characters SPEC's rules care about, and some that are odd.
ALPHABET = st.sampled_from(list("aAbBsSeE -'’_.,;:!?()\"“”\t\n") + ["é", "É", "ß", "İ", "ı", "ﬁ", "Σ", "ς", "σ", "\u0301", "\u00a0", "0", "1", "中"])
name_texts = st.text(ALPHABET, min_size=1, max_size=12).map(str.strip).filter(lambda t: t and word_char(t[0]) and word_char(t[-1]))
names = st.lists(
    st.tuples(name_texts, st.sampled_from(["t1", "t2", "t3"]), st.booleans()),
    min_size=1, max_size=8,
).map(lambda items: [Name(text, term, case) for text, term, case in items])


def check_matches(matcher_names: list[Name], text: str) -> list:
    found = Matcher(matcher_names).find(text)
    previous_end = 0
    for m in found:
        assert 0 <= m.start < m.end <= len(text)
        assert m.start >= previous_end, "overlapping or out of order"
        previous_end = m.end
        assert m.start == 0 or not word_char(text[m.start - 1]), "not a whole word on the left"
        assert m.end == len(text) or not word_char(text[m.end]), "not a whole word on the right"
        assert m.name in matcher_names
        typed = text[m.start : m.end]
        splits = [
            k for k in range(len(typed) + 1)
            if typed[:k].lower() == m.name.text.lower() and typed[k:].lower() in {s.lower() for s in SUFFIXES + ("",)}
        ]
        assert splits, f"{typed!r} is not {m.name.text!r} with an ending"
        if m.name.case_sensitive:
            assert any(typed[:k] == m.name.text for k in splits), f"{typed!r} breaks the case of {m.name.text!r}"
    return found


@FUZZ
@given(names, st.text(ALPHABET, max_size=80))
def test_matches_never_overlap_are_whole_words_and_map_back_to_a_name(matcher_names, text):
    check_matches(matcher_names, text)


@FUZZ
@given(names, st.lists(st.integers(0, 7), max_size=10), st.lists(st.sampled_from(["", "s", "es", "'s", "’s", " and", ", then", "-x", "x"]), max_size=10))
def test_names_woven_into_text(matcher_names, picks, endings):
    """Text made of the names themselves, with endings: the likeliest place for overlaps and near-misses."""
    parts = [matcher_names[i % len(matcher_names)].text + (endings[j] if j < len(endings) else "") for j, i in enumerate(picks)]
    check_matches(matcher_names, " ".join(parts))


ASCII_NAME = st.text(st.sampled_from("abcdefgh ABCD-'"), min_size=1, max_size=10).map(str.strip).filter(
    lambda t: t and t[0].isalnum() and t[-1].isalnum() and "  " not in t
)


@FUZZ
@given(st.lists(ASCII_NAME, min_size=1, max_size=6, unique_by=str.lower), st.data())
@example(["S-300", "S"], None)
def test_a_name_standing_alone_is_found_as_a_whole(texts, data):
    """A name between spaces is one match covering it, or a longer name covering it (never missed, never cut)."""
    matcher_names = [Name(t, f"t{i}", any(c.isupper() for c in t)) for i, t in enumerate(texts)]
    chosen = texts[0] if data is None else data.draw(st.sampled_from(texts))
    text = f"before {chosen} after"
    found = check_matches(matcher_names, text)
    start = len("before ")
    covering = [m for m in found if m.start <= start and m.end >= start + len(chosen)]
    assert covering, f"{chosen!r} not found in {text!r}: {found}"



def found_as_before(matcher: Matcher, text: str) -> list[tuple[int, int, Name]]:
    """`Matcher.find` as it was before its look-up of names as written (`Matcher.exact`): each
    candidate's name found among the names of its lowercase, a case-sensitive one as written first."""

    def exact(typed: str) -> Name | None:
        candidates = matcher.by_lower.get(typed.lower()) or []
        return next((n for n in candidates if n.case_sensitive and n.text == typed), None) or next(
            (n for n in candidates if not n.case_sensitive), None)

    found, pos = [], 0
    while (m := matcher.pattern.search(text, pos)) is not None:
        start, core_end = m.start(), m.end(1)
        if start > 0 and word_char(text[start - 1]):
            pos = start + 1
            continue
        name, end = exact(text[start:core_end]), m.end()
        if name is None:  # shorter names ending at a word boundary, longest first
            for length in matcher.lengths:
                k = start + length
                if k >= core_end or (word_char(text[k - 1]) and k < len(text) and word_char(text[k])):
                    continue
                name = exact(text[start:k])
                if name is not None and (end := _suffix_end(text, k)) is not None:
                    break
                name = None
        if name is None:
            pos = start + 1
            continue
        found.append((start, end, name))
        pos = end
    return found


@FUZZ
@given(names, st.lists(st.integers(0, 7), max_size=10), st.lists(st.sampled_from(["", "s", "es", "'s", "’s", " and", "-x", "x", "S", "ES"]), max_size=10),
       st.lists(st.sampled_from([str.upper, str.lower, str.title, str.swapcase, str]), max_size=10), st.text(ALPHABET, max_size=30),
       st.sampled_from([" ", "-", "_", "x", ", "]))
@example([Name("Ab", "t1", True), Name("ab", "t2", False), Name("AB", "t3", True)], [0, 1, 2], [], [str, str.upper, str.lower], "", " ")
@example([Name("Ab", "t1", True), Name("Ab", "t2", True), Name("ab", "t3", False), Name("ab", "t1", False)], [0], [], [], " aB", " ")
def test_names_are_found_as_before_their_look_up_as_written(matcher_names, picks, endings, cases, noise, glue):
    """`Matcher.find` looks a candidate up among the case-sensitive names as written first (`exact`),
    then among the others by lowercase (`loose`): the same names, at the same places, as looking
    among all the names of its lowercase."""
    parts = [
        (cases[j] if j < len(cases) else str)(matcher_names[i % len(matcher_names)].text) + (endings[j] if j < len(endings) else "")
        for j, i in enumerate(picks)
    ]
    text = glue.join(parts) + noise
    matcher = Matcher(matcher_names)
    assert [(m.start, m.end, m.name) for m in matcher.find(text)] == found_as_before(matcher, text)


MARKUP = st.sampled_from(["\n", "\n\n", "## ", "* ", "> ", "`", "**", "*", "[", "](term:Ab)", "](term:nope)", "](https://x.org/)",
                          "&", "<", '"', "\x00", " ", ".", "'s", "-", "    "])


# Names that may hold the separator (no glossary name does: it is a control character).
names_or_separator = st.lists(
    st.tuples(st.one_of(name_texts, name_texts.map(lambda t: t + "\x00" + t)), st.sampled_from(["t1", "t2", "t3"]), st.booleans()),
    min_size=1, max_size=8,
).map(lambda items: [Name(text, term, case) for text, term, case in items])


def _annotated_text_by_text(parts, ctx: TermContext) -> str:
    """`terms.annotate` as it was before its texts were joined: each text matched alone, each link opened by `_open_mention`."""
    from sitegen.markdown.terms import Mention, _explicit, _open_mention, escapeHtml

    out: list[str] = []
    first = ctx.first_line
    for part in parts:
        if part.__class__ is str:
            out.append(part)
            continue
        kind, line = part[0], first + part[2]
        if kind == "l":
            _explicit(ctx, part[1], line, out)
        elif kind == "s":
            if ctx.report:
                for m in ctx.find(part[1]):
                    ctx.mentions.append(Mention(m.name.term_id, line, part[1][m.start : m.end], False, part[3]))
        else:
            text, pos = part[1], 0
            for m in ctx.find(text):
                term_id, typed = m.name.term_id, text[m.start : m.end]
                reason = ("self" if term_id == ctx.exclude else "annotate-none" if ctx.mode == "none"
                          else "annotate-first" if ctx.mode == "first" and term_id in ctx.counts else "")
                if reason:
                    if ctx.report:
                        ctx.mentions.append(Mention(term_id, line, typed, False, reason))
                    continue
                opener, element_id = _open_mention(ctx, term_id)
                out.append(escapeHtml(text[pos : m.start]) + opener + escapeHtml(typed) + "</a>")
                ctx.mentions.append(Mention(term_id, line, typed, True, element_id=element_id))
                pos = m.end
            out.append(escapeHtml(text[pos:]))
    return "".join(out)


@FUZZ
@given(names_or_separator, names, st.lists(st.one_of(MARKUP, st.integers(0, 15), st.text(ALPHABET, max_size=8)), max_size=40),
       st.sampled_from(["first", "all", "none"]), st.booleans(), st.sampled_from([None, "t1", "t2"]), st.booleans(), st.booleans())
@example([Name("Bs", "t1", True)], [Name("S", "t2", True)], [0, "\n\n", 0, " ", 1], "all", False, None, False, False)
@example([Name("b\x00b", "t1", True)], [Name("b", "t2", True)], ["b", "\n\n", "b"], "all", False, None, False, False)
@example([Name("A&B", "t&<1", True)], [Name("b", "t2", True)], [0, " ", 0, " b"], "all", False, None, False, False)
def test_annotate_gives_what_each_text_annotated_alone_gave(glossary_names, sidecar_names, bits, mode, report, exclude, two, linked):
    """`annotate` matches a document's texts joined by SEPARATOR, at once (each alone when a name holds
    SEPARATOR), and writes an article's mention links itself: the same HTML, mentions, counts and unknown
    links as the code it replaced (`_annotated_text_by_text`), for an article's mentions and for a
    definition's (`link`)."""
    from sitegen.markdown import prepare_article
    from sitegen.markdown.terms import annotate

    everyone = glossary_names + sidecar_names
    body = "".join(everyone[bit % len(everyone)].text if isinstance(bit, int) else bit for bit in bits)
    parts = prepare_article(body, []).parts
    matchers = (Matcher(glossary_names), Matcher(sidecar_names)) if two else (Matcher(everyone),)

    def context() -> TermContext:
        return TermContext(matchers=matchers, resolve=lambda target: "t1" if target == "Ab" else None, mode=mode,
                           link=(lambda term_id: {"class": "ref", "href": f"../{term_id}/"}) if linked else None,
                           exclude=exclude, first_line=3, report=report)

    joined, alone = context(), context()
    assert annotate(parts, joined) == _annotated_text_by_text(parts, alone)
    assert (joined.mentions, joined.counts, joined.unknown_links) == (alone.mentions, alone.counts, alone.unknown_links)

# ---------------------------------------------------------------- note anchoring

WORDS = st.sampled_from(["tide", "pier", "harbour", "the", "a", "deal", "port", "“quoted”", "it's", "ships", "north"])
INLINE = st.one_of(
    WORDS,
    WORDS.map(lambda w: f"*{w}*"),
    WORDS.map(lambda w: f"**{w}**"),
    WORDS.map(lambda w: f"`{w}`"),
    WORDS.map(lambda w: f"[{w}](https://example.org/{w})"),
    WORDS.map(lambda w: f"*{w} {w}*"),
    st.just("\n"),
    st.just("  \n"),
)
paragraphs = st.lists(st.lists(INLINE, min_size=1, max_size=14).map(" ".join), min_size=1, max_size=4)


def plain_text_of(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def assert_well_nested(markup: str) -> None:
    stack = []
    for closing, tag in re.findall(r"<(/?)([a-z][a-z0-9]*)\b[^>]*>", markup):
        if tag in ("br", "hr", "img"):
            continue
        if closing:
            assert stack and stack[-1] == tag, f"</{tag}> closes {stack[-1:]}"
            stack.pop()
        else:
            stack.append(tag)
    assert stack == []


def render_with_note(body: str, quote: str, occurrence: int | None = None):
    ctx = TermContext(matchers=(), resolve=lambda target: None)
    return render_article(body, ctx, [NoteQuote(0, quote, occurrence, 1, 1)])


@FUZZ
@given(paragraphs, st.data())
def test_anchoring_wraps_the_quote_or_says_why(paras, data):
    body = "\n\n".join(paras)
    plain = render_with_note(body, "no such words anywhere").html
    assert_well_nested(plain)
    texts = [normalize(plain_text_of(p)).strip() for p in re.findall(r"<p>(.*?)</p>", plain, re.DOTALL)]
    texts = [t for t in texts if t]
    assume(texts)
    source = data.draw(st.sampled_from(texts))
    start = data.draw(st.integers(0, len(source) - 1))
    end = data.draw(st.integers(start + 1, len(source)))
    quote = source[start:end].strip()
    assume(quote)
    result = render_with_note(body, quote)
    assert_well_nested(result.html)
    count = sum(t.count(quote) for t in texts)  # non-overlapping count; find_all counts overlaps too
    if result.note_problems:
        assert not result.note_order
        message = result.note_problems[0].message
        assert "occurs" in message and "times" in message, message
        return
    assert result.note_order == [0] and count >= 1
    wrapped = re.search(r'<span class="sg-note" data-note="1" id="q-1">(.*?)</span><a class="sg-note-ref" href="#note-1"', result.html, re.DOTALL)
    assert wrapped, result.html
    inside = normalize(plain_text_of(wrapped.group(1)))
    assert quote in inside
    # In a paragraph without markup, the wrapper holds exactly the quote.
    holder = next(p for p in re.findall(r"<p>(.*?)</p>", plain, re.DOTALL) if quote in normalize(plain_text_of(p)))
    if "<" not in holder:
        assert inside.strip() == quote


@FUZZ
@given(st.lists(WORDS, min_size=1, max_size=30).map(" ".join), st.data())
def test_in_a_plain_paragraph_the_wrapper_is_exactly_the_quote(text, data):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    quote = text[start:end]
    assume(quote.strip() == quote and quote)
    result = render_with_note(text, quote, occurrence=1)
    assert result.note_order == [0] and not result.note_problems
    wrapped = html.unescape(re.search(r'id="q-1">(.*?)</span>', result.html, re.DOTALL).group(1))
    at = normalize(text).index(normalize(quote))  # straight and curly quotes are the same letter here
    assert wrapped == text[at : at + len(quote)] and normalize(wrapped) == normalize(quote)
    before = html.unescape(result.html.split('<span class="sg-note"')[0].removeprefix("<p>"))
    assert before == text[:at]


@FUZZ
@given(st.text(min_size=0, max_size=200), st.text(min_size=1, max_size=30))
def test_anchoring_never_raises_on_any_text(body, quote):
    assume(quote.strip())
    result = render_with_note(body, quote)
    assert len(result.note_order) + len(result.note_problems) == 1
    assert_well_nested(result.html)


@FUZZ
@given(paragraphs)
def test_a_quote_that_is_not_there_is_reported_never_dropped(paras):
    result = render_with_note("\n\n".join(paras), "zebra crossing")
    assert result.note_order == []
    assert [p.message.split(":")[0] for p in result.note_problems] == ["note quote not found in the article"]
    assert "sg-note" not in result.html
