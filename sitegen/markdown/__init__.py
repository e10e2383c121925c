"""Markdown to HTML: markdown-it-py with sitegen's term and note rules.

Pure: takes text and annotation data, returns HTML and what it found; never
touches a file. Raw HTML is off everywhere (it renders as text): editors are
semi-trusted and YAML definitions are not code.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache, partial
from typing import Callable
from urllib.parse import unquote

from sitegen.ids import slugify
from sitegen.markdown.dispatch import code_enabled, dispatch_block_rules
from sitegen.markdown.matcher import Matcher, Name
from sitegen.markdown.notes import NoteProblem, NoteQuote, anchor_notes, normalize
from sitegen.markdown.terms import Mention, Part, TermContext, annotate, prepare_parts
from sitegen.markdown.terms import escapeHtml as _escape_html

__all__ = [
    "ArticleHTML", "Matcher", "Mention", "Name", "NoteProblem", "NoteQuote", "Prepared", "TermContext",
    "finish_article", "prepare_article", "prepare_article_fully", "prepare_fragment", "prepare_fragment_fully", "render_article", "render_fragment", "normalize",
    "normalize_link", "normalize_link_fully", "too_deep", "MAX_NESTING",
]

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
MAX_NESTING = 100
"""markdown-it's depth limit (a quote is one level, a list two): it drops whatever lies deeper, so sitegen reports it."""
_DEEP_START = re.compile(r"[ \t>*+\-0-9.)]{24}")
"""A line start that could open that many levels: each takes a column or more, and a tab is at most four."""
_DEEP_LINE = re.compile(r"\n[ \t>*+\-0-9.)]{24}")
"""The same after a line break: a literal first character lets `re` skip ahead (`^` with MULTILINE
tried the pattern at every character: 88 µs an article, against 8)."""
_TERMINATOR_CHARS = "\n!&*<[\\]_`~"
"""Where the inline `text` rule stops: where an enabled inline rule can start (newline, escape,
backticks, strikethrough, emphasis, link, image, autolink, entity) or a link label ends. markdown-it's
own set also holds characters kept for extensions (- # : = + ...); it stopped at each hyphen of
"S-300" to try every rule there for nothing (~50 stops an article)."""
_TERMINATORS = re.compile("[" + re.escape(_TERMINATOR_CHARS) + "]")
"""The same, as the `text` rule looks for them."""


def _has_terminator(text: str) -> bool:
    """Whether `text` holds one of `_TERMINATOR_CHARS` (`_TERMINATORS.search(text) is not None`).

    One substring test per character, each a memchr-like scan, is ~5x faster on a paragraph than
    the regular expression, which tests its character set at every character."""
    for char in _TERMINATOR_CHARS:
        if char in text:
            return True
    return False


SAFE_SCHEMES = frozenset({"http", "https", "mailto", "term"})

_TOKEN = _TOKEN_NEW = None
"""markdown-it's `Token` class and its `__new__`, set by `_base_parser` (`new_token` runs only in its rules)."""


_PLAIN_URL = re.compile(
    r"(?:https?://(?=[a-z0-9.-]{1,63}(?:[/?#]|\Z))[a-z0-9]+(?:-+[a-z0-9]+)*(?:\.[a-z0-9]+(?:-+[a-z0-9]+)*)*"
    r"(?:/[A-Za-z0-9/._~-]*)?|(?:term:)?/?(?!/)[A-Za-z0-9/._~-]*)(?:\?[A-Za-z0-9=&._~-]*)?(?:#[A-Za-z0-9._~-]*)?\Z"
)
"""A URL markdown-it leaves as it is: http(s), a short lowercase ASCII host, only unreserved characters after it, one '#';
or a path, relative or not (a site's base URL is often "/"), or a `term:` link of such characters.

Most source URLs look like this; markdown-it's normalisation (a parse, a
format and a Python loop per character) took a quarter of loading a
5,000-term glossary. `test_plain_urls_are_their_own_normal_form` holds
the two to the same answer."""


@lru_cache(maxsize=65536)  # pure, and a glossary's hundreds of source URLs are read again after every edit
def normalize_link(url: str) -> str:
    """A URL as a browser sends it: markdown-it's normalisation (%-encoding, punycode hosts), and any '#' after the first encoded too."""
    return url if _PLAIN_URL.match(url) else normalize_link_fully(url)


def normalize_link_fully(url: str) -> str:
    """`normalize_link` without its fast path for plain URLs."""
    from markdown_it.common.normalize_url import normalizeLink

    head, hash_, fragment = normalizeLink(url).partition("#")
    return head + hash_ + fragment.replace("#", "%23")


def validate_link(url: str) -> bool:
    """Only http(s), mailto, relative URLs (and our own term:) may reach an href or src."""
    match = _SCHEME.match(url.strip())
    return match is None or match.group(1).lower() in SAFE_SCHEMES


def _notes_rule(state) -> None:
    notes = state.env.get("sitegen_notes")
    if notes is None:
        return
    order, problems = anchor_notes(state.tokens, notes)
    state.env["sitegen_note_order"] = order
    state.env["sitegen_note_problems"] = problems


def _render_note_ref(self, tokens, idx, options, env) -> str:
    return _note_ref_html(tokens[idx].meta["number"], env.get("sitegen_note_label", "Note"))


def _note_ref_html(number: int, label: str) -> str:
    return (
        f'<a class="sg-note-ref" href="#note-{number}" id="note-ref-{number}">'
        f'<span class="sg-vh">{label} </span>{number}</a>'
    )


def _render_image(self, tokens, idx, options, env) -> str:
    """An image from another site would be blocked by the pages' CSP (images come from this site only): link to it instead."""
    token = tokens[idx]
    src = token.attrGet("src") or ""
    if not (_SCHEME.match(src) or src.startswith("//")):
        return self.image(tokens, idx, options, env)
    from markdown_it.common.utils import escapeHtml

    text = self.renderInlineAsText(token.children or [], options, env) or src
    return f'<a href="{escapeHtml(src)}">{escapeHtml(text)}</a>'


def _heading_slug(text: str) -> str:
    return slugify(text) or "section"


_OFF_BY_DEFAULT = dict.fromkeys(
    ("tasklists", "tasklists_editable", "alerts", "strikethrough_single_tilde", "store_labels", "inline_definitions"), False
)
"""Options markdown-it's rules read with `options.get(name, False)`, set to that default: its options are a
Python mapping whose `get` raises and catches a KeyError for a missing name (~1.5 µs), twice a list and once
a list item or a quote. `test_dispatched_blocks_give_the_tokens_markdown_it_gives` parses without them."""


def _base_parser():
    # Imported here: a build that renders nothing (a no-op rebuild) never loads markdown-it.
    global _TOKEN, _TOKEN_NEW
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import text_join
    from markdown_it.rules_block.list import skipBulletListMarker, skipOrderedListMarker
    from markdown_it.token import Token

    try:
        from markdown_it.common.utils import mdTrim
    except ImportError:  # markdown-it-py 3, whose `paragraph` rule trims with `str.strip`
        mdTrim = str.strip
    _TOKEN, _TOKEN_NEW = Token, Token.__new__

    md = MarkdownIt("commonmark", {"html": False, "typographer": False, "maxNesting": MAX_NESTING, **_OFF_BY_DEFAULT})
    md.enable(["table", "strikethrough"])
    md.inline.terminator_re = _TERMINATORS  # (markdown-it-py 4; older releases scan without it)
    md.validateLink = validate_link
    md.normalizeLink = normalize_link
    md.core.ruler.at("normalize", _normalize)
    md.core.ruler.at("inline", _inline)
    md.core.ruler.at("text_join", partial(_text_join, text_join))
    opens_outer_list_item = partial(_opens_outer_list_item, skipBulletListMarker, skipOrderedListMarker)
    plain_paragraph = partial(_plain_paragraph, mdTrim, opens_outer_list_item)
    md.block.ruler.before("table", "sitegen_plain_paragraph", plain_paragraph)
    dispatch_block_rules(md, {plain_paragraph: _may_be_plain_paragraph})
    md.core.ruler.push("sitegen_notes", _notes_rule)
    md.add_render_rule("sg_note_ref", _render_note_ref)
    md.add_render_rule("image", _render_image)
    return md


def _normalize(state) -> None:
    """markdown-it's `normalize` rule (CR LF and CR to LF, NUL to U+FFFD), without its two regular
    expressions over the whole text, which replace every line break with itself: 106 µs an article, against 1."""
    src = state.src
    if "\r" in src:
        src = src.replace("\r\n", "\n").replace("\r", "\n")
    if "\0" in src:
        src = src.replace("\0", "\ufffd")
    state.src = src


_BLOCK_STARTS = frozenset("`~>*-_+[<#0123456789")
"""The first characters (after the indent) where a block rule before `paragraph` can match on a line
alone: fence, blockquote, hr, list, reference, html_block, heading. (`table` and `lheading` need a
next line that is not empty; `code`, an indent of four.)"""


def _may_be_plain_paragraph(first_char: str) -> bool:
    """Whether `_plain_paragraph` can take a line that starts with `first_char` (for `dispatch_block_rules`)."""
    return first_char not in _BLOCK_STARTS


def new_token(type_: str, tag: str, nesting: int, content: str = "", level: int = 0, markup: str = "", attrs: dict | None = None,
              block: bool = False):
    """`Token(type_, tag, nesting, content=..., level=..., markup=..., attrs=..., block=...)`, made without its dataclass `__init__`.

    markdown-it's `Token` is a dataclass whose `__init__` makes its empty attributes through a default
    factory, then calls `__post_init__`, which calls `convert_attrs`, which makes them again: ~5,400
    instructions a token, against ~3,300 here; sitegen's own rules make ~90 of an article's ~150 tokens.
    `test_new_tokens_are_the_tokens_markdown_it_makes` holds the two to the same fields."""
    token = _TOKEN_NEW(_TOKEN)
    token.type = type_
    token.tag = tag
    token.nesting = nesting
    token.attrs = {} if attrs is None else attrs
    token.map = None
    token.level = level
    token.children = None
    token.content = content
    token.markup = markup
    token.info = ""
    token.meta = {}
    token.block = block
    token.hidden = False
    return token


def _push(state, type_: str, tag: str, nesting: int):
    """`state.push(type_, tag, nesting)` (markdown-it's `StateBlock.push`), with a token from `new_token`."""
    if nesting < 0:
        state.level -= 1
    token = new_token(type_, tag, nesting, level=state.level, block=True)
    if nesting > 0:
        state.level += 1
    state.tokens.append(token)
    return token


def _plain_paragraph(md_trim, opens_outer_list_item, state, start: int, end: int, silent: bool) -> bool:
    """markdown-it's `paragraph` rule, tried first for a line no other rule can take: one followed by an
    empty line, or by the next item of an enclosing list (`_opens_outer_list_item`).

    Most of an article's paragraphs and list items are such lines, and markdown-it tried
    ten rules on each first (each a call, a debug log and its own checks).
    A property test holds the tokens to markdown-it's own.
    """
    src, bMarks, tShift = state.src, state.bMarks, state.tShift
    begin = bMarks[start]
    if src[begin + tShift[start]] in _BLOCK_STARTS or (state.sCount[start] - state.blkIndent >= 4 and code_enabled(state)):
        return False  # (the second test: `state.is_code_block(start)`, written out, as `isEmpty` below)
    following = start + 1
    if following < state.lineMax and bMarks[following] + tShift[following] < state.eMarks[following] and not opens_outer_list_item(state, following):
        return False  # a next line: a table, a setext heading, or more of the paragraph
    # What `paragraph` does for a paragraph of one line (its debug log, terminator chain and line loop
    # have nothing to do): a line at no indent is its own text, before markdown-it's trim.
    if state.blkIndent:
        content = md_trim(state.getLines(start, following, state.blkIndent, False))
    else:
        content = md_trim(src[begin : state.eMarks[start]])
    state.line = following
    _push(state, "paragraph_open", "p", 1).map = [start, following]
    token = _push(state, "inline", "", 0)
    token.content = content
    token.map = [start, following]
    token.children = []
    _push(state, "paragraph_close", "p", -1)
    return True


def _opens_outer_list_item(bullet_marker_end, ordered_marker_end, state, line: int) -> bool:
    """Whether `line`, indented less than the current block, starts a list item: the end of a list item's
    one-line paragraph (every item of a tight list but its last).

    There, markdown-it's `table` gives up on the outdent, `lheading` finds no underline and, like
    `paragraph`, runs the terminator chain on `line` (table, fence, blockquote, hr, list), which `list`
    ends if no rule before it does: the paragraph is the one line. `list` answers True, silently, for
    any list marker on a line that is not indented four columns past the enclosing list's.
    """
    indent = state.sCount[line]
    if not 0 <= indent < state.blkIndent or (state.listIndent >= 0 and indent - state.listIndent >= 4):
        return False
    return bullet_marker_end(state, line) >= 0 or ordered_marker_end(state, line) >= 0


def _inline(state) -> None:
    """markdown-it's core `inline` rule, except for text where no inline rule can start (`_has_terminator`),
    and text whose only markup is simple emphasis and plain links (`_simple_inline`).

    Most of an article's paragraphs, headings and list items are such
    plain text (three in four inline tokens of the bench corpus). The inline
    parser would run its `text` rule (the first) to the end, push the one
    text token, and find nothing for its post-processing rules: 17 µs a
    token, against 1. A property test holds both to markdown-it's answer.
    The tokens handed to the parser are recorded for `_text_join`.
    """
    md, env = state.md, state.env
    parse = md.inline.parse
    parsed = []
    for token in state.tokens:
        if token.type == "inline":
            if token.children is None:
                token.children = []
            elif token.children:
                parsed.append(token)  # children from elsewhere: left to `text_join` as they would be
            content = token.content
            if content and not _has_terminator(content):
                token.children.append(new_token("text", "", 0, content))
            elif (simple := _simple_inline(content, new_token, md)) is not None:
                token.children.extend(simple)
            else:
                parse(content, md, env, token.children)
                parsed.append(token)
    state.sitegen_parsed = parsed


def _text_join(text_join, state) -> None:
    """markdown-it's `text_join` rule over the inline tokens the inline parser filled (`_inline`).

    It joins escapes and entities (`text_special` tokens) and adjacent text tokens into one; the
    children `_inline` makes itself hold neither, and it copied each list to find that out (~1.3 µs an
    inline token). The property test against markdown-it's own rules covers it."""
    from markdown_it.rules_core.state_core import StateCore

    parsed = getattr(state, "sitegen_parsed", None)
    text_join(state if parsed is None else StateCore("", state.md, state.env, parsed))


_TERMINATORS_BUT_STAR = _TERMINATOR_CHARS.replace("*", "")


_MD_WHITESPACE = frozenset("\t\n\x0b\x0c\r \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000")
"""What markdown-it's `isWhiteSpace` takes (Zs and the ASCII controls of white space)."""
_MD_ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
"""What markdown-it's `isMdAsciiPunct` takes."""


@lru_cache(maxsize=4096)
def _is_word_char(char: str) -> bool:
    """Neither white space nor punctuation, as markdown-it's delimiter scan (`scanDelims`) classes characters.

    Written with markdown-it's own sets (`isWhiteSpace`, `isMdAsciiPunct`, `isPunctChar`), not imported from
    it: an article of simple blocks is prepared without markdown-it, and importing it costs ~120 M
    instructions (3% of a clean build). `test_word_chars_are_markdown_its` compares every code point."""
    return not (char in _MD_WHITESPACE or char in _MD_ASCII_PUNCT or unicodedata.category(char).startswith(("P", "S")))


def _star_runs(content: str) -> list[str]:
    """`content` as text, run of stars, text, ..., run, text; runs are maximal, so inner texts are not empty.

    (`re.split` with `(\\*+)` is as exact, but tests its pattern at every character: ~9x slower on a paragraph.)"""
    pieces = content.split("*")
    parts = [pieces[0]]
    stars = 0
    for piece in pieces[1:-1]:
        stars += 1
        if piece:
            parts.append("*" * stars)
            parts.append(piece)
            stars = 0
    parts.append("*" * (stars + 1))
    parts.append(pieces[-1])
    return parts


_EMPHASIS_TOKENS = {"*": ("em_open", "em_close", "em"), "**": ("strong_open", "strong_close", "strong")}


def _simple_emphasis(content: str, make_token) -> list | None:
    """The inline tokens of text whose only markup is `*emphasis*` or `**strong emphasis**` that cannot be
    read two ways, or None.

    Most prose with a terminator holds only such stars (all but a tenth of the bench corpus'), and
    markdown-it's inline parser spends ~20 µs on each: a text rule, a delimiter scan and two tokens per
    star, then four post-processing rules. Here every run of one or two stars must be either an opener
    (not after a word character, before one) or a closer (after a word character, not before one), and
    openers and closers must alternate in pairs of equal runs: CommonMark's delimiter rules then pair
    each opener with the closer after it, with nothing else to decide. markdown-it leaves the outer star
    of each `**` as a text token emptied, merged into the text beside it, or kept empty at either end.
    `test_simple_emphasis_gives_the_tokens_markdown_it_gives` holds the tokens to markdown-it's own.
    """
    if "*" not in content:
        return None
    for char in _TERMINATORS_BUT_STAR:
        if char in content:
            return None
    parts = _star_runs(content)
    if len(parts) % 4 != 1:
        return None  # an odd number of runs
    is_word = _is_word_char
    first = parts[0]
    children = [make_token("text", "", 0, content=first)] if first or parts[1] == "**" else []
    last = len(parts) - 2
    for index in range(1, len(parts), 2):
        run, before, after = parts[index], parts[index - 1], parts[index + 1]
        names = _EMPHASIS_TOKENS.get(run)
        if names is None:
            return None
        if index % 4 == 1:  # an opener; the text after it is inside
            if (before and is_word(before[-1])) or not is_word(after[0]):
                return None
            children.append(make_token(names[0], names[2], 1, markup=run))
            children.append(make_token("text", "", 0, content=after, level=1))
        else:  # a closer, of the opener's run
            if run != parts[index - 2] or not is_word(before[-1]) or (after and is_word(after[0])):
                return None
            children.append(make_token(names[1], names[2], -1, markup=run))
            if after or (index == last and run == "**"):
                children.append(make_token("text", "", 0, content=after))
    return children


_LINK_DESTINATION = re.compile(r"[A-Za-z0-9/:.?#=_~%+-]+\Z")
"""A link destination markdown-it reads up to its `)` as it is: no space, control character, parenthesis,
angle bracket, escape, entity or star."""


class _LinkRules:
    """The link rules `article_parser` and `fragment_parser` set (`md.normalizeLink`, `md.validateLink`), for
    `_simple_inline` without a parser (`_simple_blocks`)."""

    normalizeLink = staticmethod(normalize_link)
    validateLink = staticmethod(validate_link)


_LINK_RULES = _LinkRules()


def _simple_inline(content: str, make_token, md) -> list | None:
    """The inline tokens of text whose only markup is simple emphasis (`_simple_emphasis`) and links
    `[plain label](destination)` outside it, or None.

    A paragraph with a link went through markdown-it's inline parser (~25 µs: the label scanned by
    every rule in turn, the destination parsed, emphasis around). Here each link's label holds no
    markup at all, its destination is `_LINK_DESTINATION` (a link markdown-it accepts: `validateLink`
    of the normalized URL), and the text between links is simple emphasis on its own: no star run
    pairs across a link (a run beside a bracket cannot open or close there anyway).
    `test_simple_inline_gives_the_tokens_markdown_it_gives` holds the tokens to markdown-it's own.
    """
    if "[" not in content and "]" not in content:
        return _simple_emphasis(content, make_token)
    for char in _TERMINATORS_BUT_STAR:
        if char in content and char not in "[]":
            return None
    children: list = []
    position = 0
    while (opening := content.find("[", position)) >= 0:
        label_end = content.find("]", opening)
        if label_end < 0 or content[label_end + 1 : label_end + 2] != "(":
            return None
        destination_end = content.find(")", label_end)
        label, destination = content[opening + 1 : label_end], content[label_end + 2 : destination_end]
        if destination_end < 0 or not label or "[" in label or "*" in label or not _LINK_DESTINATION.match(destination):
            return None
        href = md.normalizeLink(destination)
        if not md.validateLink(href) or not _add_simple_text(content[position:opening], make_token, children):
            return None
        children.append(make_token("link_open", "a", 1, attrs={"href": href}))
        children.append(make_token("text", "", 0, content=label, level=1))
        children.append(make_token("link_close", "a", -1))
        position = destination_end + 1
    if not _add_simple_text(content[position:], make_token, children):
        return None
    return children


def _add_simple_text(text: str, make_token, children: list) -> bool:
    """Add the tokens of `text`, between links, to `children`: False if it is not plain text or simple emphasis."""
    if "]" in text:
        return False
    if "*" not in text:
        if text:
            children.append(make_token("text", "", 0, content=text))
        return True
    emphasized = _simple_emphasis(text, make_token)
    if emphasized is None:
        return False
    children.extend(emphasized)
    return True


@cache
def article_parser():
    from mdit_py_plugins.anchors import anchors_plugin
    from mdit_py_plugins.anchors.index import unique_slug

    md = _base_parser()
    anchors_plugin(md, min_level=2, max_level=3, slug_func=_heading_slug)
    md.core.ruler.at("anchor", partial(_heading_anchors, unique_slug))
    return md


@cache
def _trim_chars() -> str | None:
    """The characters markdown-it's paragraphs are trimmed of (`str.strip`'s argument), for `_simple_blocks`:
    asked only for a line that starts or ends with white space (`str.isspace`, which holds them all)."""
    try:
        from markdown_it.common.utils import MD_TRIM_CHARS as trim_chars  # what its `mdTrim` strips
    except ImportError:  # markdown-it-py 3, whose `paragraph` rule trims with `str.strip`
        trim_chars = None
    return trim_chars


def _unique_slug(slug: str, slugs: set[str]) -> str:
    """The anchors plugin's `unique_slug`, written here: `_simple_blocks` names headings without importing
    markdown-it (which the plugin's module imports). `test_unique_slug_is_the_plugins` holds the two together."""
    unique = slug
    number = 1
    while unique in slugs:
        unique = f"{slug}-{number}"
        number += 1
    slugs.add(unique)
    return unique


def _heading_anchors(unique_slug, state) -> None:
    """The `anchors` plugin's rule as `article_parser` configures it (h2 and h3, `_heading_slug`, no permalink).

    The plugin's walks every token twice (its explicit ids first, then the headings to name); this walks
    the headings. `test_heading_anchors_as_the_plugin_names_them` holds the two to the same ids."""
    tokens = state.tokens
    headings = [index for index, token in enumerate(tokens) if token.type == "heading_open"]
    if not headings:
        return
    taken = {str(given) for index in headings if (given := tokens[index].attrs.get("id"))}
    for index in headings:
        token = tokens[index]
        if token.tag not in ("h2", "h3") or token.attrs.get("id"):
            continue
        title = "".join(child.content for child in tokens[index + 1].children if child.type in ("text", "code_inline"))
        token.attrs["id"] = unique_slug(_heading_slug(title), taken)


@cache
def fragment_parser():
    return _base_parser()


def could_nest_deep(text: str) -> bool:
    """Whether a line of `text` starts with what could open MAX_NESTING levels (most texts: no parse needed)."""
    return bool(_DEEP_START.match(text) or _DEEP_LINE.search(text))


def too_deep(text: str) -> int | None:
    """The 0-based line where `text` nests quotes or lists past MAX_NESTING (so text would be lost), or None."""
    if not could_nest_deep(text):
        return None
    for token in fragment_parser().parse(text):
        if token.level >= MAX_NESTING - 1:
            return token.map[0] if token.map else 0
    return None


@dataclass(slots=True)
class ArticleHTML:
    """What rendering one article body gives back."""

    html: str
    mentions: list[Mention] = field(default_factory=list)
    note_order: list[int] = field(default_factory=list)
    """Sidecar indexes of the anchored notes, in document order (note n = order[n-1])."""
    note_problems: list[NoteProblem] = field(default_factory=list)
    unknown_links: list[tuple[str, int]] = field(default_factory=list)
    """`term:` link targets that name no term, with their lines."""


@dataclass(frozen=True, slots=True)
class Prepared:
    """A document parsed and rendered but for its term mentions: what the cache keeps.

    Depends only on the Markdown text and the note quotes, never on the
    glossary, so a glossary edit re-runs `finish_article`, not the parser.
    Plain data (str, int, tuple, list), so `marshal` can store it.
    """

    parts: list[Part]
    note_order: list[int]
    note_problems: list[tuple[int, str]]
    """(index into the notes given to `prepare_article`, message)."""

    def to_data(self) -> tuple:
        return (self.parts, self.note_order, self.note_problems)

    @classmethod
    def from_data(cls, data: tuple) -> "Prepared":
        parts, order, problems = data
        return cls(parts, order, [tuple(p) for p in problems])


def _prepare(md, text: str, env: dict) -> list[Part]:
    return prepare_parts(md.parse(text, env), md.renderer, md.options, env)


def prepare_article(body: str, notes: list[NoteQuote], note_label: str = "Note") -> Prepared:
    """Parse an article body and anchor its notes: the costly, glossary-independent half."""
    prepared = prepare_simple_article(body, notes, note_label)
    return prepared if prepared is not None else prepare_article_fully(body, notes, note_label)


def prepare_article_fully(body: str, notes: list[NoteQuote], note_label: str = "Note") -> Prepared:
    """`prepare_article` without its fast path for articles of simple blocks (`prepare_simple_article`)."""
    env = {"sitegen_notes": notes, "sitegen_note_label": note_label}
    parts = _prepare(article_parser(), body, env)
    problems = [(notes.index(p.note), p.message) for p in env.get("sitegen_note_problems", [])]
    return Prepared(parts, list(env.get("sitegen_note_order", [])), problems)


_ORDERED_MARKER = re.compile(r"[0-9]+[.)]")
"""What may open an ordered list item at a line's start (more than markdown-it takes: up to nine digits, then a space)."""
_ATX_HEADING = re.compile(r"(#{1,6}) (.+)\Z")
"""An ATX heading's marks and text (a closing sequence and spaces around the text are left to markdown-it)."""


def _plain_start(text: str) -> bool:
    """Whether `text` (a line, or a list item's or a quote's line after its marker), with no next line in its
    block, can only be a paragraph: no indent, and a first character no block rule before `paragraph` starts
    on (a digit only when no ordered list marker follows it; `table` and `lheading` need a next line)."""
    first = text[0]
    if first == "*":
        return True  # emphasis; a list's star or a rule is no simple emphasis (its first run opens before no word), never taken
    if first in _BLOCK_STARTS:
        return first in "0123456789" and not _ORDERED_MARKER.match(text)
    return first != " " and first != "\t"


def prepare_simple_article(body: str, notes: list[NoteQuote], note_label: str = "Note") -> Prepared | None:
    """What `prepare_article` gives an article whose blocks are all simple, or None.

    Simple blocks, each on its own between empty lines: a one-line paragraph (`_plain_start`), an ATX
    heading, a tight `- ` list of one-line items, a quote of one-line paragraphs between `>` lines; every
    line's text is plain, or simple emphasis and links (`_simple_inline`). That is most articles, and
    markdown-it spends ~0.25 ms on each: a state of every line's marks, the block rules, ~150 tokens,
    which `prepare_parts` then walks. Here the parts are written as `prepare_parts` writes them, and the
    headings named as `_heading_anchors` names them; the notes are anchored in inline tokens made only
    for an article that has notes. Anything else (a line with an indent, a list that could go on after
    an empty line, a reference, code, a table...) gives None: markdown-it parses it.
    `test_simple_articles_prepare_as_markdown_it_prepares_them` holds the result to markdown-it's own.
    """
    if "\r" in body or "\0" in body:
        return None  # (what `_normalize` would change)
    parts: list[Part] = []
    html: list[str] = []

    def slot(part: tuple) -> None:
        if html:
            parts.append("".join(html))
            html.clear()
        parts.append(part)

    def write_inline(content: str, children: list, line: int, in_heading: bool) -> None:
        """What `prepare_parts` writes for an inline token of this content and children (`_token_fields`)."""
        if children:
            _simple_inline_parts(children, line, in_heading, html, slot)
        elif in_heading:  # plain text: its one text token
            slot(("s", content, line, "heading"))
            html.append(_escape_html(content))
        else:
            slot(("t", content, line))

    if not notes:
        if not _simple_blocks(body, html, write_inline):
            return None
        if html:
            parts.append("".join(html))
        return Prepared(parts, [], [])
    items: list = []
    if not _simple_blocks(body, items, lambda *inline: items.append(list(inline))):
        return None
    inlines = []
    for item in items:
        if item.__class__ is not str:
            content, fields = item[0], item[1]
            token = _NoteToken("inline", "", 0, content)
            token.children = item[1] = [_NoteToken(*field) for field in fields] if fields else [_NoteToken("text", "", 0, content)]
            inlines.append(token)
    order, found = anchor_notes(inlines, notes, _NoteToken)
    for item in items:
        if item.__class__ is str:
            html.append(item)
            continue
        content, children, line, in_heading = item
        if len(children) == 1 and not in_heading and children[0].type == "text":
            slot(("t", children[0].content, line))
        else:  # as `prepare_parts` writes an inline token (`_inline_parts`)
            _simple_inline_parts([child.fields() for child in children], line, in_heading, html, slot, note_label)
    if html:
        parts.append("".join(html))
    return Prepared(parts, order, [(notes.index(problem.note), problem.message) for problem in found])


def _token_fields(type_: str, tag: str, nesting: int, content: str = "", level: int = 0, markup: str = "", attrs: dict | None = None) -> tuple:
    """The arguments of `new_token`, kept as a tuple: a token of simple inline text, made only if notes need it
    (`new_token` sets thirteen attributes: ~3,300 instructions, ~40 tokens an article)."""
    return (type_, tag, nesting, content, level, markup, attrs)


class _NoteToken:
    """A token of an article of simple blocks that has notes: what `anchor_notes` reads and writes of
    markdown-it's `Token` (made with the same arguments), for `_simple_inline_parts`. The article is
    prepared without markdown-it, whose import costs ~120 M instructions (3% of a clean build)."""

    __slots__ = ("type", "tag", "nesting", "content", "level", "markup", "attrs", "children", "meta")

    def __init__(self, type: str, tag: str, nesting: int, content: str = "", level: int = 0, markup: str = "", attrs: dict | None = None):
        self.type = type
        self.tag = tag
        self.nesting = nesting
        self.content = content
        self.level = level
        self.markup = markup
        self.attrs = {} if attrs is None else attrs
        self.children = None
        self.meta: dict = {}

    def fields(self) -> tuple:
        """As `_token_fields`; a note's marker gives its `meta` (its number) for its attributes."""
        return (self.type, self.tag, self.nesting, self.content, self.level, self.markup, self.meta if self.type == "sg_note_ref" else self.attrs)


def _simple_inline_parts(children: list[tuple], line: int, in_heading: bool, html: list[str], slot: Callable[[tuple], None],
                         note_label: str = "Note") -> None:
    """What `terms._inline_parts` writes for the tokens of simple emphasis and links, given as `_token_fields`,
    and the tokens `anchor_notes` adds around a note's quote (as markdown-it's renderer writes them)."""
    link_depth = 0
    dropped: list[bool] = []  # per open link: a term: link in a heading, left out (its text stays)?
    for kind, tag, nesting, content, _level, _markup, attrs in children:
        if kind == "text":
            if link_depth == 0 and not in_heading:
                slot(("t", content, line))
            else:
                slot(("s", content, line, "heading" if in_heading else "link"))
                html.append(_escape_html(content))
        elif kind == "link_open":
            link_depth += 1
            href = attrs["href"]
            is_term = href.startswith("term:")
            dropped.append(is_term and in_heading)
            opener = '<a href="' + _escape_html(href) + '">'
            if not is_term:
                html.append(opener)
            elif not in_heading:
                slot(("l", unquote(href[5:]), line, opener))
        elif kind == "link_close":
            link_depth -= 1
            if not dropped.pop():
                html.append("</a>")
        elif kind == "sg_note_open":  # `renderToken` of a token with attributes
            html.append("<span" + "".join(" " + _escape_html(key) + '="' + _escape_html(str(value)) + '"' for key, value in attrs.items()) + ">")
        elif kind == "sg_note_ref":
            html.append(_note_ref_html(attrs["number"], note_label))
        else:  # emphasis, and a note's closing tag
            html.append("<" + tag + ">" if nesting == 1 else "</" + tag + ">")


def _simple_blocks(body: str, out: list, inline: Callable[[str, list, int, bool], None]) -> bool:
    """Write the blocks of `body` for `prepare_simple_article`: their tags to `out`, and each line's text to
    `inline(text, its inline tokens' `_token_fields` or [] for plain text, line, in a heading)`.
    False, having written part of it, if a block is not simple."""
    unique_slug = _unique_slug
    write = out.append
    lines = body.split("\n")
    count = len(lines)
    slugs: set[str] = set()
    # The characters where the inline `text` rule stops that the article holds at all: each line is
    # looked through for those only (a line holds no line break).
    stops = [char for char in _TERMINATOR_CHARS if char != "\n" and char in body]

    def children_of(content: str) -> list | None:
        """The inline tokens of `content`, `[]` for plain text (one text token, left unmade), None if not simple."""
        for char in stops:
            if char in content:
                return _simple_inline(content, _token_fields, _LINK_RULES) or None
        return []

    def block_line(text: str, line: int, open_tag: str, close_tag: str) -> bool:
        """A one-line paragraph or list item of `text` (before markdown-it's trim) between its tags; False if not simple."""
        # A line with no white space at either end is its own trimmed text, whatever the trim's characters.
        content = text if text and not (text[0].isspace() or text[-1].isspace()) else text.strip(_trim_chars())
        children = children_of(content)
        if not content or children is None:
            return False
        write(open_tag)
        inline(content, children, line, False)
        write(close_tag)
        return True

    index = 0
    after_list = False
    while index < count:
        line = lines[index]
        if not line:
            index += 1
            continue
        end = index + 1
        while end < count and lines[end]:
            end += 1
        first = line[0]
        if after_list and (first in "-*+" or _ORDERED_MARKER.match(line)):
            return False  # the list might go on, loose
        after_list = False
        if first == "#":
            heading = _ATX_HEADING.match(line)
            if end != index + 1 or heading is None:
                return False
            marks, content = heading.groups()
            if content[-1] == "#" or content.strip() != content:
                return False  # a closing sequence, or a space markdown-it trims
            children = children_of(content)
            if children is None:
                return False
            tag = "h" + str(len(marks))
            if tag == "h2" or tag == "h3":
                title = "".join(child[3] for child in children if child[0] == "text") if children else content
                write(f'<{tag} id="{_escape_html(unique_slug(_heading_slug(title), slugs))}">')
            else:
                write(f"<{tag}>")
            inline(content, children, index, True)
            write(f"</{tag}>\n")
        elif first == "-":
            write("<ul>\n")
            for item in range(index, end):
                text = lines[item]
                if not text.startswith("- ") or len(text) < 3 or not _plain_start(text[2:]):
                    return False
                if not block_line(text[2:], item, "<li>", "</li>\n"):
                    return False
            write("</ul>\n")
            after_list = True
        elif first == ">":
            if line == ">" or lines[end - 1] == ">":
                return False  # (a quote without a paragraph is written on one line)
            write("<blockquote>\n")
            previous = ""
            for quoted in range(index, end):
                text = lines[quoted]
                if text == ">":
                    previous = text
                    continue
                if previous.startswith("> ") or not text.startswith("> ") or len(text) < 3 or not _plain_start(text[2:]):
                    return False  # two lines of one paragraph, or not a plain one
                previous = text
                if not block_line(text[2:], quoted, "<p>", "</p>\n"):
                    return False
            write("</blockquote>\n")
        else:
            if end != index + 1 or not _plain_start(line) or not block_line(line, index, "<p>", "</p>\n"):
                return False
        index = end
    return True


def finish_article(prepared: Prepared, terms: TermContext, notes: list[NoteQuote]) -> ArticleHTML:
    """Annotate a prepared article's term mentions: the cheap half."""
    html = annotate(prepared.parts, terms)
    return ArticleHTML(
        html=html,
        mentions=terms.mentions,
        note_order=list(prepared.note_order),
        note_problems=[NoteProblem(notes[index], message) for index, message in prepared.note_problems],
        unknown_links=terms.unknown_links,
    )


def render_article(body: str, terms: TermContext, notes: list[NoteQuote], note_label: str = "Note") -> ArticleHTML:
    return finish_article(prepare_article(body, notes, note_label), terms, notes)


_PLAIN_PARAGRAPH = re.compile(r"(?![0-9]+[.)])[^\W_](?:[^\x00-\x1f\x7f\\`*_~\[\]<>&]*[^\s\x00-\x1f\x7f\ufeff\\`*_~\[\]<>&])?\Z")
"""One line of prose that markdown-it makes one paragraph of one text run: it starts with a letter
or a number that is not a list's (no block can open), holds no character an inline rule acts on,
and ends in no space it would trim.

Most definitions and notes look like this, and a parse costs some 70 µs each: 0.35 s of a clean
build with 5,000 terms. `test_plain_paragraphs_parse_as_markdown_it_parses_them` holds the two to
the same parts."""


def prepare_fragment(text: str) -> list[Part]:
    if _PLAIN_PARAGRAPH.match(text):
        return ["<p>", ("t", text, 0), "</p>\n"]
    return prepare_fragment_fully(text)


def prepare_fragment_fully(text: str) -> list[Part]:
    """`prepare_fragment` without its fast path for plain paragraphs."""
    return _prepare(fragment_parser(), text, {})


def render_fragment(text: str, terms: TermContext | None = None) -> str:
    """A definition, note or correction: Markdown whose term mentions link to glossary pages."""
    return annotate(prepare_fragment(text), terms)
