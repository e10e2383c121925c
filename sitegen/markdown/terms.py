"""Term mentions: automatic matches and explicit `term:` links, over a prepared document.

Rendering an article happens in two steps, so that the expensive one can be
cached by content hash and the cheap one re-run when the glossary changes:

1. `prepare` renders the token stream to HTML except for the places where a
   term may be annotated: each text token outside any link and heading
   becomes a *slot* `("t", text, line)`, each `[text](term:...)` link opener
   a slot `("l", target, line, html)` (html: the opener as written without
   terms). Text that is never annotated (headings,
   links, code, image text) is kept as `("s", text, line, reason)` for
   `sitegen terms`. Everything else is plain HTML strings.
2. `annotate` fills the slots for one set of terms: it finds mentions with
   the matchers and writes the HTML the markdown-it renderer would have
   written for the same tokens.

Lines are relative to the document's first line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Union
from urllib.parse import unquote

from sitegen.markdown.matcher import SEPARATOR, Match, Matcher

Part = Union[str, tuple]
"""A piece of a prepared document: HTML, or a slot tuple (see the module docstring)."""


@dataclass(slots=True)
class Mention:
    """One place a term's name occurs, annotated or not.

    Not frozen: a frozen dataclass sets each field through object.__setattr__, 4x the cost of making
    one, and a build makes one per mention (~5,000 for 200 articles). Never changed once made."""

    term_id: str
    line: int
    """Line in the source file (1-based)."""
    text: str
    annotated: bool
    reason: str = ""
    """Why it was not annotated: heading, code, link, image, annotate-first, annotate-none, self."""
    explicit: bool = False
    element_id: str = ""


@dataclass(slots=True)
class TermContext:
    """What the term rule needs for one document, and what it reports back."""

    matchers: tuple[Matcher, ...]
    resolve: Callable[[str], str | None]
    """A `term:` link target (id, name or alias) -> term id."""
    mode: str = "first"
    """'first', 'all' or 'none'."""
    link: Callable[[str], dict[str, str]] | None = None
    """term id, mention number -> attributes of the link; None for article mentions."""
    exclude: str | None = None
    """A term never linked here (a definition does not link to itself)."""
    first_line: int = 1
    report: bool = False
    """Also record the mentions that are skipped (for `sitegen terms`)."""
    mentions: list[Mention] = field(default_factory=list)
    unknown_links: list[tuple[str, int]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def find(self, text: str) -> list[Match]:
        if len(self.matchers) == 1:
            return self.matchers[0].find(text)
        matches = sorted(
            (m for matcher in self.matchers for m in matcher.find(text)),
            key=lambda m: (m.start, -m.end),
        )
        chosen: list[Match] = []
        for m in matches:
            if not chosen or m.start >= chosen[-1].end:
                chosen.append(m)
        return chosen


def escapeHtml(raw: str) -> str:
    """markdown-it's own escaping (`&`, `<`, `>`, `"`; not `'`), so slots render as its text rule does.

    Text with none of the four, nearly all of an article's, is returned as it is: four `in` tests
    cost a quarter of four `str.replace` calls that would find nothing (a property test holds it
    to the four replacements)."""
    if "&" in raw or "<" in raw or ">" in raw or '"' in raw:
        return raw.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return raw


# ---------------------------------------------------------------- step 1: prepare


def render_token(renderer, tokens, idx: int, options, env) -> str:
    """`renderer.renderToken(tokens, idx, options, env)`, written out for a token without attributes.

    Most tokens sitegen renders this way (paragraphs, list items, emphasis) have none; markdown-it's
    builds the tag in five concatenations and two calls that list the empty attributes (~0.3 µs a
    token, ~120 tokens an article). `test_tokens_render_as_render_token_renders_them` holds the two
    to the same text."""
    token = tokens[idx]
    if token.attrs:
        return renderer.renderToken(tokens, idx, options, env)
    if token.hidden:
        return ""
    nesting = token.nesting
    if nesting == -1:
        return "</" + token.tag + (">\n" if token.block else ">")
    if not token.block:
        return ("<" + token.tag + " />") if nesting == 0 and options["xhtmlOut"] else ("<" + token.tag + ">")
    head = "\n<" if idx and tokens[idx - 1].hidden else "<"
    if nesting == 0:
        return head + token.tag + (" />\n" if options["xhtmlOut"] else ">\n")
    if idx + 1 < len(tokens):
        following = tokens[idx + 1]
        if following.type == "inline" or following.hidden or (following.nesting == -1 and following.tag == token.tag):
            return head + token.tag + ">"
    return head + token.tag + ">\n"


def prepare_parts(tokens, renderer, options, env) -> list[Part]:
    """The rendered document with slots where terms may go (what `renderer.render` would give, minus the slots)."""
    parts: list[Part] = []
    html: list[str] = []
    rules = renderer.rules
    in_heading = False
    report_code = ("fence", "code_block")
    count = len(tokens)

    def slot(item: tuple) -> None:
        if html:
            parts.append("".join(html))
            html.clear()
        parts.append(item)

    for i, token in enumerate(tokens):
        kind = token.type
        if kind == "inline":
            children = token.children
            if children:
                line = token.map[0] if token.map else 0
                if len(children) == 1 and not in_heading and children[0].type == "text":
                    # Most inline runs: what `_inline_parts` makes of them (`slot`, written out).
                    if html:
                        parts.append("".join(html))
                        html.clear()
                    parts.append(("t", children[0].content, line))
                else:
                    _inline_parts(children, line, in_heading, renderer, options, env, html, slot, parts)
            continue
        nesting = token.nesting
        if nesting and not token.attrs and kind not in rules and token.block:
            # A block's opening or closing tag, as `render_token` writes it: nearly all of an
            # article's ~92 block tokens but its text, and a call each.
            if kind == "heading_open":
                in_heading = True
            elif kind == "heading_close":
                in_heading = False
            if token.hidden:
                continue
            if nesting == -1:
                html.append("</" + token.tag + ">\n")
                continue
            head = "\n<" if i and tokens[i - 1].hidden else "<"
            following = tokens[i + 1] if i + 1 < count else None
            if following is not None and (following.type == "inline" or following.hidden or (following.nesting == -1 and following.tag == token.tag)):
                html.append(head + token.tag + ">")
            else:
                html.append(head + token.tag + ">\n")
            continue
        if kind == "heading_open":
            in_heading = True
        elif kind == "heading_close":
            in_heading = False
        elif kind in report_code:
            slot(("s", token.content, token.map[0] if token.map else 0, "code"))
        html.append(rules[kind](tokens, i, options, env) if kind in rules else render_token(renderer, tokens, i, options, env))
    if html:
        parts.append("".join(html))
    return parts


def _inline_parts(children, line: int, in_heading: bool, renderer, options, env, html: list[str], slot, parts: list[Part]) -> None:
    rules = renderer.rules
    link_depth = 0
    dropped: list[bool] = []  # per open link: a term: link in a heading, left out (its text stays)?
    for i, child in enumerate(children):
        kind = child.type
        if kind == "text":
            # An inline run's texts (~40 an article), each a slot (`slot`, written out).
            if html:
                parts.append("".join(html))
                html.clear()
            if link_depth == 0 and not in_heading:
                parts.append(("t", child.content, line))
                continue
            parts.append(("s", child.content, line, "heading" if in_heading else "link"))
        elif kind in ("softbreak", "hardbreak"):
            line += 1
        elif kind == "link_open":
            link_depth += 1
            href = child.attrs.get("href", "")
            is_term = isinstance(href, str) and href.startswith("term:")
            dropped.append(is_term and in_heading)
            if dropped[-1]:  # never annotated in a heading, and a term: URL must not reach the page
                continue
            if is_term:
                original = rules[kind](children, i, options, env) if kind in rules else render_token(renderer, children, i, options, env)
                slot(("l", unquote(href[5:]), line, original))
                continue
        elif kind == "link_close":
            link_depth -= 1
            if dropped and dropped.pop():
                continue
        elif kind == "code_inline":
            slot(("s", child.content, line, "code"))
        elif kind == "image":
            slot(("s", child.content, line, "image"))
        html.append(rules[kind](children, i, options, env) if kind in rules else render_token(renderer, children, i, options, env))


# ---------------------------------------------------------------- step 2: annotate


def annotate(parts: list[Part], ctx: TermContext | None) -> str:
    """The document's HTML with the terms of `ctx` annotated; mentions are recorded in `ctx`.

    Without a context the slots render as plain Markdown would: text escaped,
    `term:` links as ordinary links.

    The texts to annotate are matched at once, joined by SEPARATOR, which no name holds: a
    match never crosses it and it is no word character, so the matches are those of each text
    on its own. An article has ~36 texts, most with no mention, and each text's own searches
    (one more than its mentions) and the calls around them were a third of annotating. (A name
    holding SEPARATOR, a control character, is an error in its file; its build still renders,
    matching each text alone.) `test_annotate_gives_what_each_text_annotated_alone_gave` holds
    this to the text-by-text code it replaced.
    """
    out: list[str] = []
    if ctx is None:
        for part in parts:
            if part.__class__ is str:
                out.append(part)
            elif part[0] == "t":
                out.append(escapeHtml(part[1]))
            elif part[0] == "l":
                out.append(part[3])
        return "".join(out)
    texts = [part[1] for part in parts if part.__class__ is not str and part[0] == "t"]
    joined = SEPARATOR.join(texts)
    separable = all(matcher.separable for matcher in ctx.matchers)
    matches = ctx.find(joined) if separable else []
    count = len(matches)
    # Nearly every article has nothing to escape: then its texts and their slices go out as they are.
    escape = "&" in joined or "<" in joined or ">" in joined or '"' in joined
    first = ctx.first_line
    index = 0
    next_start = matches[0].start if count else len(joined)
    offset = 0  # where the current text starts in `joined`
    for part in parts:
        if part.__class__ is str:
            out.append(part)
            continue
        kind = part[0]
        if kind == "t":
            text = part[1]
            end = offset + len(text)
            if not separable:
                _annotate_span(ctx, text, 0, len(text), ctx.find(text), 0, first + part[2], escape, out)
            elif next_start >= end:  # no mention in this text
                out.append(escapeHtml(text) if escape else text)
            else:
                index = _annotate_span(ctx, joined, offset, end, matches, index, first + part[2], escape, out)
                next_start = matches[index].start if index < count else len(joined)
            offset = end + 1
        elif kind == "l":
            _explicit(ctx, part[1], first + part[2], out)
        elif ctx.report:
            for m in ctx.find(part[1]):
                ctx.mentions.append(Mention(m.name.term_id, first + part[2], part[1][m.start : m.end], False, part[3]))
    return "".join(out)


def _count(ctx: TermContext, term_id: str) -> int:
    """The number of this mention of `term_id` in the document (1 for the first), counted."""
    number = ctx.counts[term_id] = ctx.counts.get(term_id, 0) + 1
    return number


def _attrs(ctx: TermContext, term_id: str) -> dict[str, str]:
    number = _count(ctx, term_id)
    if ctx.link is not None:
        return ctx.link(term_id)
    return {"class": "sg-term", "href": f"#term-{term_id}", "data-term": term_id, "id": f"m-{term_id}-{number}"}


def _opener(attrs: dict[str, str]) -> str:
    """`<a ...>` exactly as markdown-it's renderToken writes a link_open with these attributes."""
    return "<a" + "".join(f' {escapeHtml(key)}="{escapeHtml(str(value))}"' for key, value in attrs.items()) + ">"


def _open_mention(ctx: TermContext, term_id: str) -> tuple[str, str]:
    """The `<a ...>` that opens a mention (`_opener(_attrs(...))`), and the element id it gives the mention.

    An article's mentions, the usual case, are written out directly: the attributes' dict and ten
    escapes per mention were a tenth of annotating."""
    if ctx.link is not None:
        attrs = _attrs(ctx, term_id)
        return _opener(attrs), attrs.get("id", "")
    number = _count(ctx, term_id)
    safe = escapeHtml(term_id)
    return f'<a class="sg-term" href="#term-{safe}" data-term="{safe}" id="m-{safe}-{number}">', f"m-{term_id}-{number}"


def _explicit(ctx: TermContext, target: str, line: int, out: list[str]) -> None:
    term_id = ctx.resolve(target)
    if term_id is None:
        ctx.unknown_links.append((target, line))
        out.append('<a href="#">')
        return
    opener, element_id = _open_mention(ctx, term_id)
    out.append(opener)
    ctx.mentions.append(Mention(term_id, line, target, True, explicit=True, element_id=element_id))


def _annotate_span(ctx: TermContext, joined: str, start: int, end: int, matches: list[Match], index: int, line: int,
                   escape: bool, out: list[str]) -> int:
    """The HTML of joined[start:end], one text, whose mentions are matches[index:...]; returns the index of the first match after it.

    An article's mention (no `ctx.link`) is counted and its link written here, as `_open_mention`
    writes it: two calls and an escape fewer for each of an article's ~25 mentions."""
    exclude, mode, counts, mentions, article = ctx.exclude, ctx.mode, ctx.counts, ctx.mentions, ctx.link is None
    pos = start
    count = len(matches)
    while index < count:
        m = matches[index]
        m_start = m.start
        if m_start >= end:
            break
        index += 1
        term_id = m.name.term_id
        m_end = m.end
        if term_id == exclude:
            reason = "self"
        elif mode == "first":
            reason = "annotate-first" if term_id in counts else ""
        elif mode == "none":
            reason = "annotate-none"
        else:
            reason = ""
        typed = joined[m_start:m_end]
        if reason:
            if ctx.report:
                mentions.append(Mention(term_id, line, typed, False, reason))
            continue
        if m_start > pos:
            out.append(escapeHtml(joined[pos:m_start]) if escape else joined[pos:m_start])
        shown = escapeHtml(typed) if escape else typed
        if article:
            number = counts[term_id] = counts.get(term_id, 0) + 1
            safe = _SAFE_IDS.get(term_id) or _safe_id(term_id)
            out.append(f'<a class="sg-term" href="#term-{safe}" data-term="{safe}" id="m-{safe}-{number}">{shown}</a>')
            element_id = f"m-{term_id}-{number}"
        else:
            opener, element_id = _open_mention(ctx, term_id)
            out.append(opener + shown + "</a>")
        mentions.append(Mention(term_id, line, typed, True, "", False, element_id))
        pos = m_end
    if pos < end:
        out.append(escapeHtml(joined[pos:end]) if escape else joined[pos:end])
    return index


_SAFE_IDS: dict[str, str] = {}
"""Term id -> escaped: a glossary's few hundred ids, each escaped once."""


def _safe_id(term_id: str) -> str:
    safe = _SAFE_IDS.get(term_id)
    if safe is None:
        if len(_SAFE_IDS) > 100_000:
            _SAFE_IDS.clear()
        safe = _SAFE_IDS[term_id] = escapeHtml(term_id)
    return safe
