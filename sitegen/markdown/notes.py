"""Anchor passage notes to their quotes in the article's rendered text.

A quote is matched against the text of each paragraph across inline markup,
with straight and curly quotes and runs of white space treated as equal.
Its text is then wrapped in a `data-note` element, followed by a marker
link to the note's entry. Runs before term matching, so mentions inside a
quote are still annotated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_QUOTES = (("‘", "'"), ("’", "'"), ("‚", "'"), ("‛", "'"), ("′", "'"), ("“", '"'), ("”", '"'), ("„", '"'), ("‟", '"'), ("″", '"'))
_QUOTE_TABLE = str.maketrans(dict(_QUOTES))
_SPACE = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Curly and straight quotes alike, and each run of white space one space.

    Every paragraph of an article with notes goes through here: `str.translate` and a substitution
    that matched every single space cost 600 µs an article; these C-speed scans, 80 µs.
    """
    for curly, straight in _QUOTES:
        if curly in text:
            text = text.replace(curly, straight)
    if "  " not in text and text.isprintable():  # every white space character but " " is unprintable
        return text
    return _SPACE.sub(" ", text)


@dataclass(frozen=True, slots=True)
class NoteQuote:
    """What the anchoring needs of one note."""

    index: int
    """The note's position in its sidecar."""
    quote: str
    occurrence: int | None
    line: int
    col: int


@dataclass(slots=True)
class _Paragraph:
    token: object
    """The inline token (markdown_it.token.Token)."""
    text: str
    """Normalized text of the inline token."""
    child_at: list[int]
    offset_at: list[int]


def _paragraph(token) -> _Paragraph:
    """The normalized text of an inline token, with where each character came from."""
    chars: list[str] = []
    child_at: list[int] = []
    offset_at: list[int] = []
    last_space = True
    for index, child in enumerate(token.children or ()):
        if child.type in ("softbreak", "hardbreak"):
            content = " "
        elif child.type in ("text", "code_inline"):
            content = child.content.translate(_QUOTE_TABLE)
        else:
            continue
        for offset, ch in enumerate(content):
            if ch.isspace():
                if last_space:
                    continue
                ch = " "
                last_space = True
            else:
                last_space = False
            chars.append(ch)
            child_at.append(index)
            offset_at.append(offset)
    return _Paragraph(token, "".join(chars), child_at, offset_at)


def _paragraph_text(token) -> str:
    """The same text as `_paragraph(token).text`, without the character map (cheap: most paragraphs hold no quote)."""
    parts = []
    for child in token.children or ():
        if child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type in ("text", "code_inline"):
            parts.append(child.content)
    return normalize("".join(parts)).lstrip(" ")


@dataclass(slots=True)
class NoteProblem:
    note: NoteQuote
    message: str


def anchor_notes(tokens: list, notes: list[NoteQuote], token_class: type | None = None) -> tuple[list[int], list[NoteProblem]]:
    """Wrap each note's quote; returns the note indexes in document order and the problems.

    The tokens it adds are of `token_class` (markdown-it's `Token` unless told: an article of simple blocks
    is anchored in tokens of its own, without importing markdown-it)."""
    if not notes:
        return [], []  # most articles have none: skip reading every paragraph
    if token_class is None:
        from markdown_it.token import Token as token_class
    inlines = [t for t in tokens if t.type == "inline" and t.children]
    texts = [_paragraph_text(t) for t in inlines]
    placed: list[tuple[int, int, int, NoteQuote]] = []  # (paragraph, start, end, note)
    problems: list[NoteProblem] = []
    for note in notes:
        wanted = normalize(note.quote).strip()
        hits = [
            (p_index, start)
            for p_index, text in enumerate(texts)
            for start in _find_all(text, wanted)
        ]
        if not hits:
            problems.append(NoteProblem(note, f"note quote not found in the article: \"{_short(note.quote)}\"" + _nearest(texts, wanted)))
            continue
        if note.occurrence is None and len(hits) > 1:
            problems.append(NoteProblem(note, f"note quote occurs {len(hits)} times in the article: \"{_short(note.quote)}\"; add occurrence: N (1 to {len(hits)}) or quote more words"))
            continue
        if note.occurrence is not None and note.occurrence > len(hits):
            fix = "remove occurrence:" if len(hits) == 1 else f"use a number from 1 to {len(hits)}"
            times = "only once" if len(hits) == 1 else f"only {len(hits)} times"
            problems.append(NoteProblem(note, f"occurrence: {note.occurrence}, but the quote occurs {times} in the article: \"{_short(note.quote)}\"; {fix}"))
            continue
        p_index, start = hits[(note.occurrence or 1) - 1]
        placed.append((p_index, start, start + len(wanted), note))
    placed.sort(key=lambda item: (item[0], item[1]))
    for before, after in zip(placed, placed[1:]):
        if before[0] == after[0] and after[1] < before[2]:
            problems.append(NoteProblem(after[3], f"note quote overlaps the quote of the note at line {before[3].line}; notes cannot overlap"))
    bad = {id(p.note) for p in problems}
    placed = [item for item in placed if id(item[3]) not in bad]
    order = [item[3].index for item in placed]
    numbers = {item[3].index: n for n, item in enumerate(placed, 1)}
    paragraphs: dict[int, _Paragraph] = {}
    for p_index, start, end, note in reversed(placed):
        if p_index not in paragraphs:
            paragraphs[p_index] = _paragraph(inlines[p_index])
        _wrap(paragraphs[p_index], start, end, numbers[note.index], token_class)
    return order, problems


def _find_all(text: str, wanted: str) -> list[int]:
    found = []
    start = text.find(wanted)
    while start != -1 and wanted:
        found.append(start)
        start = text.find(wanted, start + 1)
    return found


def _short(text: str, limit: int = 80) -> str:
    text = normalize(text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _nearest(texts: list[str], wanted: str) -> str:
    import difflib  # (only for a note quote not found: ~1.8 ms of every build's start)

    best, best_score = "", 0.0
    for text in texts:
        matcher = difflib.SequenceMatcher(None, text, wanted, autojunk=False)
        block = matcher.find_longest_match(0, len(text), 0, len(wanted))
        if block.size == 0:
            continue
        start = max(0, block.a - block.b)
        window = text[start : start + len(wanted)]
        score = difflib.SequenceMatcher(None, window, wanted, autojunk=False).ratio()
        if score > best_score:
            best, best_score = window, score
    if best_score < 0.5:
        return ""
    return f"; nearest text in the article: \"{_short(best)}\""


def _split(children: list, index: int, offset: int, Token: type) -> int:
    """Split text child `index` at `offset`; returns the index of the second part."""
    child = children[index]
    if child.type != "text" or offset <= 0:
        return index
    if offset >= len(child.content):
        return index + 1
    head = Token("text", "", 0, content=child.content[:offset], level=child.level)
    tail = Token("text", "", 0, content=child.content[offset:], level=child.level)
    children[index : index + 1] = [head, tail]
    return index + 1


def _wrap(para: _Paragraph, start: int, end: int, number: int, Token: type) -> None:
    children = para.token.children
    assert children is not None
    first_child, first_offset = para.child_at[start], para.offset_at[start]
    last_child, last_offset = para.child_at[end - 1], para.offset_at[end - 1] + 1
    # Split at the end first, so the start's index stays valid.
    if children[last_child].type == "text":
        stop = _split(children, last_child, last_offset, Token)  # first index after the quote
    else:
        stop = last_child + 1
    begin = _split(children, first_child, first_offset, Token) if children[first_child].type == "text" else first_child
    if begin != first_child:
        stop += 1
    begin, stop = _balance(children, begin, stop)
    level = children[begin].level if begin < len(children) else 0
    opener = Token("sg_note_open", "span", 1, level=level)
    opener.attrs = {"class": "sg-note", "data-note": str(number), "id": f"q-{number}"}
    closer = Token("sg_note_close", "span", -1, level=level)
    ref = Token("sg_note_ref", "a", 0, level=level)
    ref.meta = {"number": number}
    children[stop:stop] = [closer, ref]
    children.insert(begin, opener)


def _balance(children: list, begin: int, stop: int) -> tuple[int, int]:
    """Widen [begin, stop) to whole elements, so the wrapper nests properly."""
    depth = lowest = 0
    for child in children[begin:stop]:
        depth += child.nesting
        lowest = min(lowest, depth)
    need = -lowest
    while need > 0 and begin > 0:
        begin -= 1
        need -= children[begin].nesting
    depth = sum(child.nesting for child in children[begin:stop])
    while depth > 0 and stop < len(children):
        depth += children[stop].nesting
        stop += 1
    return begin, stop
