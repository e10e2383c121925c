"""Find term mentions in plain text: one compiled pass, whatever the glossary size.

The names are compiled into a single regular expression shaped as a
character trie and placed first in the pattern, so Python's `re` can skip
ahead on the first character instead of trying every branch at every
position (a leading look-behind would defeat that: see
shared/bench/BASELINES.md). The pattern is case-aware rather than
IGNORECASE: `re` only skips ahead on a set of literal first characters, and
a case-insensitive pattern has none (it costs 6x more on a 500-term
glossary). Each trie edge allows the cases its names allow (the exact letter
for a case-sensitive name, both cases for the others), so a candidate is
nearly always a mention. The left word boundary and the exact case rule are
checked in Python, only where the pattern matched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Iterable

SUFFIXES = ("'s", "’s", "es", "s")
_SUFFIX_RE = "(?:'[sS]|’[sS]|[eE][sS]|[sS])?"
_RIGHT = r"(?![\w-])"
_CORE_GROUP = 1
SEPARATOR = "\x00"
"""What `terms.annotate` joins a document's texts with: a character no word holds (see `Matcher.separable`)."""


@dataclass(frozen=True, slots=True)
class Name:
    """One way of writing a term: its display name, an alias or a former name."""

    text: str
    term_id: str
    case_sensitive: bool
    kind: str = "name"
    """'name', 'alias' or 'former'."""


@dataclass(slots=True)
class Match:
    """Not frozen: a frozen dataclass sets each field through object.__setattr__, 4x the cost of
    making one, and a build makes one per name found (~9,000 for 200 articles). Never changed."""

    start: int
    end: int
    """End of the whole mention, plural or possessive ending included."""
    name: Name


def default_case_sensitive(name: str, match_case: bool | None) -> bool:
    """SPEC: case-sensitive by default for names with a capital letter."""
    if match_case is not None:
        return match_case
    return any(map(str.isupper, name))


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch in "_-"


@cache  # a few dozen distinct characters, asked about once per character of every name
def _case_variants(ch: str) -> frozenset[str]:
    """The characters a case-insensitive name accepts for `ch` (one-character case pairs only)."""
    return frozenset(v for v in (ch, ch.lower(), ch.upper(), ch.title()) if len(v) == 1 and v.lower() == ch.lower())


def _edge(chars: set[str] | frozenset[str]) -> str:
    """One trie edge: the characters some name allows there."""
    if len(chars) == 1:
        return re.escape(next(iter(chars)))
    return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"


def trie_pattern(names: Iterable[tuple[str, bool]]) -> str:
    """A trie over lowercased names; each edge is the set of characters some name allows there.

    The trie is walked over the names sorted by their lowercase, character by character (a node is a
    run of names with the same lowercase prefix), and the tail that only one name has is written out
    at once: most of a glossary's characters are such tails, and a node object per character
    was most of the matcher's setup (`tests/test_properties.py` holds it to the node-per-character
    trie's pattern)."""
    entries = sorted((tuple(map(str.lower, text)), text, case_sensitive) for text, case_sensitive in names)

    def tail(index: int, depth: int) -> str:
        _, text, case_sensitive = entries[index]
        if case_sensitive:
            return re.escape(text[depth:])  # re.escape works character by character: one edge each
        return "".join(_edge(_case_variants(ch)) for ch in text[depth:])

    def emit(lo: int, hi: int, depth: int, top: bool = False) -> str:
        if hi - lo == 1 and not top:
            return tail(lo, depth)
        i = lo
        while i < hi and len(entries[i][0]) == depth:  # names that end here sort first
            i += 1
        terminal = i > lo
        branches: list[str] = []
        while i < hi:
            folded = entries[i][0][depth]
            j = i + 1
            while j < hi and entries[j][0][depth] == folded:
                j += 1
            allowed: set[str] = set()
            for _, text, case_sensitive in entries[i:j]:
                if case_sensitive:
                    allowed.add(text[depth])
                else:
                    allowed.update(_case_variants(text[depth]))
            rest = emit(i, j, depth + 1)
            if top:
                # One literal per first character, never a class: that is what lets `re` skip ahead.
                branches += [re.escape(c) + rest for c in sorted(allowed)]
            else:
                branches.append(_edge(allowed) + rest)
            i = j
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if terminal:
            # Greedy '?': the longer name is tried first, the shorter on backtrack.
            return "(?:" + body + ")?"
        return body

    return emit(0, len(entries), 0, top=True)


class Matcher:
    """All names of a set of terms, compiled once."""

    def __init__(self, names: Iterable[Name]):
        self.by_lower: dict[str, list[Name]] = {}
        self.exact: dict[str, Name] = {}
        """A case-sensitive name's text -> the first such name: what `_exact` finds first."""
        self.loose: dict[str, Name] = {}
        """A case-insensitive name's lowercase -> the first such name: what `_exact` falls back to."""
        for name in names:
            lower = name.text.lower()
            self.by_lower.setdefault(lower, []).append(name)
            if name.case_sensitive:
                self.exact.setdefault(name.text, name)
            else:
                self.loose.setdefault(lower, name)
        self.lengths = sorted({len(text) for text in self.by_lower}, reverse=True)
        """The lengths names have, longest first: where a shorter name could end."""
        self.spans_lines = any("\n" in text for text in self.by_lower)
        """Whether a mention can hold a line break (else matching starts afresh on every line)."""
        self.separable = not any(SEPARATOR in text for text in self.by_lower)
        """Whether no name holds SEPARATOR: then no mention crosses it, and texts joined by it can be matched at once."""
        if self.by_lower:
            core = trie_pattern((n.text, n.case_sensitive) for group in self.by_lower.values() for n in group)
            self.pattern: re.Pattern[str] | None = re.compile(f"({core}){_SUFFIX_RE}{_RIGHT}")
        else:
            self.pattern = None

    def __bool__(self) -> bool:
        return self.pattern is not None

    def find(self, text: str, pos: int = 0, endpos: int | None = None) -> list[Match]:
        """Non-overlapping mentions in `text` (or in text[pos:endpos], cut where no word goes on), leftmost first, longest name first."""
        pattern = self.pattern
        if pattern is None:
            return []
        found: list[Match] = []
        search = pattern.search
        exact = self.exact
        if endpos is None:
            endpos = len(text)
        while True:
            m = search(text, pos, endpos)
            if m is None:
                return found
            start, core_end = m.span(_CORE_GROUP)
            if start and ((before := text[start - 1]).isalnum() or before in "_-"):  # `_is_word_char`, inlined
                pos = start + 1
                continue
            # Nearly every candidate is a case-sensitive name as written: `_exact`'s first answer, at once.
            name = exact.get(text[start:core_end])
            if name is not None:
                pos = m.end()
                found.append(Match(start, pos, name))
                continue
            match = self._resolve(text, start, core_end, m.end())
            if match is None:
                pos = start + 1
                continue
            found.append(match)
            pos = match.end

    def _resolve(self, text: str, start: int, core_end: int, end: int) -> Match | None:
        name = self._exact(text[start:core_end])
        if name is not None:
            return Match(start, end, name)
        # The longest name failed its case rule: try shorter names that end at a word boundary
        # (only at lengths some name has, so a long near-miss costs one try per length, not per character).
        for length in self.lengths:
            k = start + length
            if k >= core_end:
                continue
            if _is_word_char(text[k - 1]) and k < len(text) and _is_word_char(text[k]):
                continue
            name = self._exact(text[start:k])
            if name is None:
                continue
            end_k = _suffix_end(text, k)
            if end_k is not None:
                return Match(start, end_k, name)
        return None

    def _exact(self, typed: str) -> Name | None:
        """The name `typed` is: a case-sensitive one written exactly so first, else a case-insensitive one."""
        name = self.exact.get(typed)
        if name is not None:
            return name
        return self.loose.get(typed.lower())


def _suffix_end(text: str, k: int) -> int | None:
    """Where a mention ending at k ends, with an optional suffix; None without a right boundary."""
    for suffix in SUFFIXES + ("",):
        end = k + len(suffix)
        if text.startswith(suffix, k) and (end >= len(text) or not _is_word_char(text[end])):
            return end
    return None
