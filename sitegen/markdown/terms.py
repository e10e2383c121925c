"""Term mentions on the token stream: automatic matches and explicit `term:` links.

A core rule, pushed after `text_join` so it sees merged text tokens. It
never looks inside headings, code, links, images or raw HTML: it only
rewrites `text` tokens that sit outside any link, outside a heading.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import unquote

from markdown_it.token import Token

from sitegen.markdown.matcher import Match, Matcher


@dataclass(frozen=True, slots=True)
class Mention:
    """One place a term's name occurs, annotated or not."""

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


def _attrs(ctx: TermContext, term_id: str) -> dict[str, str]:
    number = ctx.counts.get(term_id, 0) + 1
    ctx.counts[term_id] = number
    if ctx.link is not None:
        return ctx.link(term_id)
    return {"class": "sg-term", "href": f"#term-{term_id}", "data-term": term_id, "id": f"m-{term_id}-{number}"}


def terms_rule(state) -> None:
    ctx: TermContext | None = state.env.get("sitegen_terms")
    if ctx is None:
        return
    in_heading = False
    for token in state.tokens:
        kind = token.type
        if kind == "heading_open":
            in_heading = True
        elif kind == "heading_close":
            in_heading = False
        elif kind == "inline" and token.children:
            line = ctx.first_line + (token.map[0] if token.map else 0)
            token.children = _inline(ctx, token.children, line, in_heading)
        elif ctx.report and kind in ("fence", "code_block"):
            line = ctx.first_line + (token.map[0] if token.map else 0)
            _skipped(ctx, token.content, line, "code")


def _skipped(ctx: TermContext, text: str, line: int, reason: str) -> None:
    for m in ctx.find(text):
        ctx.mentions.append(Mention(m.name.term_id, line, text[m.start : m.end], False, reason))


def _inline(ctx: TermContext, children: list[Token], line: int, in_heading: bool) -> list[Token]:
    out: list[Token] = []
    link_depth = 0
    dropped: list[bool] = []  # per open link: was it a term: link in a heading, left out (its text stays)?
    for child in children:
        kind = child.type
        if kind == "text" and link_depth == 0 and not in_heading:
            _annotate_text(ctx, child, line, out)
            continue
        if kind in ("softbreak", "hardbreak"):
            line += 1
        elif kind == "link_open":
            href = child.attrs.get("href", "")
            is_term = isinstance(href, str) and href.startswith("term:")
            if is_term and not in_heading:
                _explicit(ctx, child, unquote(href[5:]), line)
            link_depth += 1
            dropped.append(is_term and in_heading)
            if dropped[-1]:  # never annotated in a heading, and a term: URL must not reach the page
                continue
        elif kind == "link_close":
            link_depth -= 1
            if dropped and dropped.pop():
                continue
        elif ctx.report:
            if kind == "text":
                _skipped(ctx, child.content, line, "heading" if in_heading else "link")
            elif kind == "code_inline":
                _skipped(ctx, child.content, line, "code")
            elif kind == "image":
                _skipped(ctx, child.content, line, "image")
        out.append(child)
    return out


def _explicit(ctx: TermContext, token: Token, target: str, line: int) -> None:
    term_id = ctx.resolve(target)
    if term_id is None:
        ctx.unknown_links.append((target, line))
        token.attrs = {"href": "#"}
        return
    token.attrs = _attrs(ctx, term_id)
    ctx.mentions.append(Mention(term_id, line, target, True, explicit=True, element_id=token.attrs.get("id", "")))


def _annotate_text(ctx: TermContext, token: Token, line: int, out: list[Token]) -> None:
    text = token.content
    matches = ctx.find(text)
    if not matches:
        out.append(token)
        return
    pos = 0
    level = token.level
    for m in matches:
        term_id = m.name.term_id
        typed = text[m.start : m.end]
        if term_id == ctx.exclude:
            reason = "self"
        elif ctx.mode == "none":
            reason = "annotate-none"
        elif ctx.mode == "first" and term_id in ctx.counts:
            reason = "annotate-first"
        else:
            reason = ""
        if reason:
            if ctx.report:
                ctx.mentions.append(Mention(term_id, line, typed, False, reason))
            continue
        if m.start > pos:
            out.append(Token("text", "", 0, content=text[pos : m.start], level=level))
        opener = Token("link_open", "a", 1, level=level)
        opener.attrs = _attrs(ctx, term_id)
        out.append(opener)
        out.append(Token("text", "", 0, content=typed, level=level + 1))
        out.append(Token("link_close", "a", -1, level=level))
        ctx.mentions.append(Mention(term_id, line, typed, True, element_id=opener.attrs.get("id", "")))
        pos = m.end
    if pos == 0:
        out.append(token)
    elif pos < len(text):
        out.append(Token("text", "", 0, content=text[pos:], level=level))
