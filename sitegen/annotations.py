"""Terms, sources and notes from glossary files and article sidecars.

The glossary files together form one scope; each sidecar is a scope of its
own, layered over the glossary for its article only. Every file is read as
YAML nodes, so each term, source and note keeps its line.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from sitegen.errors import Diagnostics, shown
from sitegen.ids import is_slug, slugify
from sitegen.markdown import NoteQuote, normalize_link
from sitegen.markdown.matcher import Match, Matcher, Name, default_case_sensitive, trie_pattern
from sitegen.pickling import pickled_by_fields
from sitegen.schema import did_you_mean, validate
from sitegen.yamlio import YamlDoc, load_yaml_file

GLOSSARY = "glossary"
"""The scope name of the site-wide glossary."""


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Source:
    title: str
    url: str
    publisher: str | None = None
    date: str | None = None
    id: str = ""
    """Its id in `sources:`; empty for a source given inline."""


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class FormerName:
    name: str
    until: dt.date | None = None
    """The day the name stopped being current, when known."""


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Term:
    id: str
    name: str
    definition: str
    """Markdown."""
    aliases: tuple[str, ...] = ()
    formerly: tuple[FormerName, ...] = ()
    sources: tuple[Source, ...] = ()
    see_also: tuple[str, ...] = ()
    """Term ids."""
    match_case: bool | None = None
    scope: str = GLOSSARY
    """'glossary' or the slug of the article whose sidecar defines it."""
    path: str = ""
    line: int = 1
    col: int = 1
    name_places: tuple[tuple[int, int], ...] = ()
    """(line, col) of each of `names()`, in the same order, for messages about one name."""

    _names: tuple[Name, ...] | None = field(default=None, init=False, repr=False, compare=False)
    """`names()`, made on first use: a build asks a glossary term for its names some nine times (the
    checks, the matcher, the hidden-name check, the lookups), and a Name is slow to make. Kept on the
    term, so it goes with it (never pickled: see `pickled_by_fields`)."""

    def names(self) -> list[Name]:
        """Its display name, aliases and former names (a new list; the names are made once per term)."""
        known = self._names
        if known is None:
            known = self._make_names()
            object.__setattr__(self, "_names", known)  # frozen: set once, from its own fields
        return list(known)

    def _make_names(self) -> tuple[Name, ...]:
        found = [Name(self.name, self.id, default_case_sensitive(self.name, self.match_case), "name")]
        found += [Name(a, self.id, default_case_sensitive(a, self.match_case), "alias") for a in self.aliases]
        found += [Name(f.name, self.id, default_case_sensitive(f.name, self.match_case), "former") for f in self.formerly]
        return tuple(found)

    def data(self) -> tuple:
        """What the term says, without where it is written: what its pages are made of."""
        return tuple(getattr(self, name) for name in _TERM_DATA)


_TERM_DATA = tuple(f.name for f in fields(Term) if f.init and f.name not in ("path", "line", "col", "name_places"))


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Note:
    quote: str
    note: str
    """Markdown."""
    sources: tuple[Source, ...] = ()
    occurrence: int | None = None
    path: str = ""
    line: int = 1
    col: int = 1


@dataclass(slots=True)
class Scope:
    """The terms, sources and notes of one scope (the glossary, or one sidecar)."""

    name: str
    terms: dict[str, Term] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)


@dataclass(slots=True)
class _Pending:
    """A file's raw terms and notes, before ids across the scope are resolved."""

    doc: YamlDoc
    terms: list[tuple[str, dict[str, Any]]]
    notes: list[dict[str, Any]]


SeeAlso = list[tuple[Term, YamlDoc, list[str]]]
"""Terms whose see_also names still wait to be resolved to ids."""


def load_scope(
    name: str, paths: list[Path], diagnostics: Diagnostics, fallback_sources: dict[str, Source] | None = None
) -> tuple[Scope, SeeAlso]:
    """Read a scope's files; problems go to `diagnostics`, the valid parts are kept."""
    scope = Scope(name)
    pending: list[_Pending] = []
    source_lines: dict[str, tuple[str, int]] = {}
    for path in paths:
        doc = load_yaml_file(path, diagnostics)
        if doc is None:
            continue
        if doc.value is None:
            continue  # an empty file: nothing yet
        if not validate(doc, "annotations", diagnostics):
            continue
        if name == GLOSSARY and doc.value.get("notes"):
            line, col = doc.where(("notes",), key=True)
            diagnostics.error(
                path, line, col, "glossary-notes",
                "notes: belong in an article's sidecar (content/articles/<slug>.yml), next to the article they quote; "
                "a glossary file holds only sources: and terms:",
            )
            continue
        for source_id, raw in (doc.value.get("sources") or {}).items():
            line, _ = doc.where(("sources", source_id), key=True)
            if source_id in scope.sources:
                first = source_lines[source_id]
                col = doc.where(("sources", source_id), key=True)[1]
                diagnostics.error(path, line, col, "duplicate-source", f"source id '{source_id}' is defined twice in the {_scope_label(name)} (first defined at {shown(first[0])}:{first[1]}); rename or remove one")
                continue
            source_lines[source_id] = (str(path), line)
            scope.sources[source_id] = Source(raw["title"], normalize_link(raw["url"]), raw.get("publisher"), raw.get("date"), source_id)
        pending.append(_Pending(doc, list((doc.value.get("terms") or {}).items()), list(doc.value.get("notes") or [])))

    known_sources = dict(fallback_sources or {})
    known_sources.update(scope.sources)
    first_defined: dict[str, tuple[str, int]] = {}
    raw_see_also: SeeAlso = []
    for item in pending:
        doc = item.doc
        for display, raw in item.terms:
            line, col = doc.where(("terms", display), key=True)
            term_id = raw.get("id") or slugify(display)
            if not term_id:
                diagnostics.error(doc.path, line, col, "term-id", f"the name '{display}' gives no id (it has no letters a-z or digits); add an id: such as id: my-term")
                continue
            if not is_slug(term_id):
                diagnostics.error(doc.path, line, col, "term-id", f"the id '{term_id}' is not a valid id")
                continue
            if term_id in first_defined:
                where = first_defined[term_id]
                diagnostics.error(
                    doc.path, line, col, "duplicate-term",
                    f"term id '{term_id}' ('{display}') is defined twice in the {_scope_label(name)} "
                    f"(first defined at {shown(where[0])}:{where[1]}); merge the two or give one an id:",
                )
                continue
            first_defined[term_id] = (doc.path, line)
            sources = _sources(doc, ("terms", display, "sources"), raw.get("sources", []), known_sources, diagnostics)
            formerly = []
            places = [(line, col)]
            places += [doc.where(("terms", display, "aliases", i)) for i in range(len(raw.get("aliases", [])))]
            for i, former in enumerate(raw.get("formerly", [])):
                places.append(doc.where(("terms", display, "formerly", i) + (() if isinstance(former, str) else ("name",))))
                if isinstance(former, str):
                    formerly.append(FormerName(former))
                else:
                    until = None
                    if "until" in former:
                        try:
                            until = dt.date.fromisoformat(former["until"])
                        except ValueError:
                            fl, fc = doc.where(("terms", display, "formerly", i, "until"))
                            diagnostics.error(doc.path, fl, fc, "bad-date", f"'{former['until']}' is not a real date (YYYY-MM-DD)")
                    formerly.append(FormerName(former["name"], until))
            term = Term(
                id=term_id,
                name=display,
                definition=raw["definition"],
                aliases=tuple(raw.get("aliases", [])),
                formerly=tuple(formerly),
                sources=tuple(sources),
                match_case=raw.get("match_case"),
                scope=name,
                path=doc.path,
                line=line,
                col=col,
                name_places=tuple(places),
            )
            if not raw.get("sources"):  # (unknown ids are errors of their own)
                diagnostics.warning(doc.path, line, col, "term-no-source", f"term '{display}' has no source; add sources: so readers can check it")
            scope.terms[term_id] = term
            raw_see_also.append((term, doc, list(raw.get("see_also", []))))
        for i, raw in enumerate(item.notes):
            line, col = doc.where(("notes", i))
            sources = _sources(doc, ("notes", i, "sources"), raw.get("sources", []), known_sources, diagnostics)
            scope.notes.append(Note(raw["quote"], raw["note"], tuple(sources), raw.get("occurrence"), doc.path, line, col))
    _check_names(scope, diagnostics)
    return scope, raw_see_also


def guess_note_quotes(path: Path) -> list[NoteQuote] | None:
    """A sidecar's note quotes as `load_scope` reads them from a valid file (as `site.note_quotes` gives them).

    Read without the glossary, so a build can start parsing its articles
    before the glossary is loaded; None when the file does not look valid.
    A guess only: what is made from it is keyed by it."""
    doc = load_yaml_file(path, Diagnostics())
    if doc is None or not isinstance(doc.value, dict):
        return None if doc is None or doc.value is not None else []
    notes = doc.value.get("notes") or []
    if not isinstance(notes, list):
        return None
    quotes = []
    for i, raw in enumerate(notes):
        if not isinstance(raw, dict) or not isinstance(raw.get("quote"), str):
            return None
        quotes.append(NoteQuote(i, raw["quote"], raw.get("occurrence"), *doc.where(("notes", i))))
    return quotes


def _scope_label(name: str) -> str:
    return "glossary" if name == GLOSSARY else f"sidecar of '{name}'"


def _sources(doc: YamlDoc, path: tuple, refs: list, known: dict[str, Source], diagnostics: Diagnostics) -> list[Source]:
    found: list[Source] = []
    for i, ref in enumerate(refs):
        if isinstance(ref, str):
            if ref in known:
                found.append(known[ref])
            else:
                line, col = doc.where(path + (i,))
                diagnostics.error(
                    doc.path, line, col, "unknown-source",
                    f"unknown source id '{ref}'" + (did_you_mean(ref, known) or "; define it under sources:"),
                )
        else:
            found.append(Source(ref["title"], normalize_link(ref["url"]), ref.get("publisher"), ref.get("date")))
    return found


def _check_names(scope: Scope, diagnostics: Diagnostics) -> None:
    """One name, alias or former name may belong to one term only."""
    owner: dict[str, tuple[Term, int, int]] = {}
    for term in scope.terms.values():
        for name, (line, col) in zip(term.names(), _places(term)):
            key = name.text.casefold()
            other = owner.get(key)
            if other is not None and other[0].id != term.id:
                diagnostics.error(
                    term.path, line, col, "duplicate-name",
                    f"'{name.text}' ({_kind_of(name)} of '{term.name}') is also a name of '{other[0].name}' "
                    f"(defined at {shown(other[0].path)}:{other[1]}); a name can belong to one term only: remove one",
                )
            owner.setdefault(key, (term, line, col))


def _places(term: Term) -> list[tuple[int, int]]:
    names = term.names()
    places = list(term.name_places)
    return places + [(term.line, term.col)] * (len(names) - len(places))


def _kind_of(name: Name) -> str:
    return {"name": "the name", "alias": "an alias", "former": "a former name"}[name.kind]


def check_names_across_scopes(glossary: Scope, sidecars: dict[str, Scope], articles, diagnostics: Diagnostics) -> set[str]:
    """Checks that need every scope and the articles' text.

    - A sidecar term that is not an override (another id) must not claim a
      name of a glossary term: one of the two could never be matched.
    - A name that occurs in the articles but never matches, because a longer
      name of another term always covers it, is a warning (longest match
      wins: "Jaish Fateh al-Sham" hides "al-Sham" inside it).

    Returns the ids of the terms with such a hidden name.
    """
    check_sidecar_names(glossary, sidecars, diagnostics)
    hidden = HiddenNames(glossary, sidecars)
    if not hidden.candidates:
        return set()
    return hidden.report([hidden.facts(article) for article in articles], diagnostics)


def check_sidecar_names(glossary: Scope, sidecars: dict[str, Scope], diagnostics: Diagnostics) -> None:
    """A sidecar term that is not an override must not claim a name of a glossary term."""
    glossary_names: dict[str, tuple[Term, int]] = {}
    for term in glossary.terms.values():
        for name, (line, _) in zip(term.names(), _places(term)):
            glossary_names.setdefault(name.text.casefold(), (term, line))
    for sidecar in sidecars.values():
        for term in sidecar.terms.values():
            if term.id in glossary.terms:
                continue  # an override of the glossary's term
            for name, (line, col) in zip(term.names(), _places(term)):
                other = glossary_names.get(name.text.casefold())
                if other is not None and other[0].id != term.id:
                    diagnostics.error(
                        term.path, line, col, "duplicate-name",
                        f"'{name.text}' ({_kind_of(name)} of '{term.name}') is also a name of the glossary term "
                        f"'{other[0].name}' (defined at {shown(other[0].path)}:{other[1]}); to override that term in this article, "
                        f"give it the same id (id: {other[0].id}), else remove the name",
                    )


_WORDS = re.compile(r"[\w-]+")
"""A run of `_word` characters (`\\w` is `str.isalnum()` or `_`, character by character)."""


def _sub_spans(text: str) -> list[tuple[int, int]]:
    """Every run of whole words inside `text`, except all of it.

    The words are found with `_WORDS`, not a `_word` call per character twice (every name of every
    term, once a build): `test_properties.py` holds the two to the same spans."""
    runs = [m.span() for m in _WORDS.finditer(text)]
    return [(i, j) for i, _ in runs for _, j in runs if i < j and (i, j) != (0, len(text))]


def _word(ch: str) -> bool:
    return ch.isalnum() or ch in "_-"


@dataclass(slots=True)
class _Hidden:
    """What the articles show of one name that sits inside another term's longer name."""

    term: Term
    name: Name
    index: int
    """Its position in term.names()."""
    covered: int = 0
    """Occurrences won by another term's longer name."""
    matched: bool = False
    """True once an occurrence is its own term's."""
    first: tuple[Name, str, int] | None = None
    """The winning name, and where it first won."""


def _hidden_candidates(scopes: list[Scope]) -> list[_Hidden]:
    """Names found, as whole words, inside another term's longer name (no article text needed)."""
    by_text: dict[str, list[tuple[Term, Name, int]]] = {}
    for scope in scopes:
        for term in scope.terms.values():
            for index, name in enumerate(term.names()):
                by_text.setdefault(name.text.lower(), []).append((term, name, index))
    found: dict[tuple[str, str, int], _Hidden] = {}
    for scope in scopes:
        for term in scope.terms.values():
            for longer in term.names():
                for i, j in _sub_spans(longer.text):
                    for inner, name, index in by_text.get(longer.text[i:j].lower(), ()):
                        if inner.id != term.id:
                            found.setdefault((inner.scope, inner.id, index), _Hidden(inner, name, index))
    return list(found.values())


def lower_by_line(text: str) -> str:
    """`text.lower()`, one line at a time.

    `str.lower` takes a slow path (a table look-up per character) for a whole
    string as soon as it holds one non-ASCII character: an article's one em
    dash made lowering its body 80 µs instead of 4. Line by line, only the lines
    holding such a character take it. The result is the same: the one
    context-dependent mapping, a capital sigma at a word's end, looks across
    case-ignorable characters only, and a line break is neither cased nor
    case-ignorable.
    """
    if text.isascii():
        return text.lower()
    return "\n".join([line.lower() for line in text.split("\n")])


class _NameSearch:
    """Which of some names a text holds (as substrings, written exactly as given), in one pass of one pattern."""

    def __init__(self, names: dict[int, str]):
        by_text: dict[str, list[int]] = {}
        for index, text in names.items():
            by_text.setdefault(text, []).append(index)
        self._by_text = by_text
        self._held = {text: self._starting(text) for text in by_text}
        """The longest name found at a place -> the names found there: it, and those it starts with."""
        self._search = re.compile(trie_pattern((text, True) for text in by_text)).search if by_text else None

    def __bool__(self) -> bool:
        return self._search is not None

    def found_in(self, text: str) -> dict[int, tuple[int, int]]:
        """The names `text` holds: index -> where the first and the last of their places start.

        The pattern gives the longest name at the first place it finds one (a name ending in the trie
        is optional after its longer ones); the search goes on from the next character, so names
        overlapping others are found too."""
        found: dict[int, tuple[int, int]] = {}
        search, held = self._search, self._held
        if search is None:
            return found
        pos = 0
        while (m := search(text, pos)) is not None:
            at = m.start()
            for index in held.get(m.group()) or self._starting(m.group()):
                places = found.get(index)
                found[index] = (at, at) if places is None else (places[0], at)
            pos = at + 1
        return found

    def _starting(self, text: str) -> list[int]:
        """The names `text` starts with. (A trie edge groups letters by their lowercase, so two names that
        differ only in case there let the pattern find a mix of the two, which is no name: the names at
        that place are still those the mix starts with.)"""
        by_text = self._by_text
        return [i for k in range(1, len(text) + 1) for i in by_text.get(text[:k], ())]


HiddenFacts = tuple
"""What one article shows of each candidate: ((scope, term id, name index), matched, covered, first), where
first is (winning name, winning term id, article path, line) of its first covered occurrence, or None."""


class HiddenNames:
    """The hidden-name check, one article at a time: a rebuild checks again only the articles that changed.

    `facts(article)` is what one article shows of each candidate name;
    `report` reads the facts of all articles in order (newest first), as one
    pass over the articles would: a name that matches its own term anywhere
    is fine; else each occurrence covered by a longer name counts, and the
    first one is quoted.
    """

    def __init__(self, glossary: Scope, sidecars: dict[str, Scope], glossary_matcher: Matcher | None = None):
        self.glossary = glossary
        self.sidecars = sidecars
        self.candidates = _hidden_candidates([glossary, *sidecars.values()])
        # A candidate can only occur in a text that holds its name: as written for a case-sensitive name
        # (most: a capital letter makes one), in any case for the others. Each kind is found in one pass
        # of one pattern, a trie of those names as the matcher's, so `re` skips ahead to their first
        # letters: capitals, for the case-sensitive ones. (A substring search each cost a pass each: at
        # 5,000 terms, 192 candidates and 16 first words, 0.1 ms an article.)
        self._exact_names = _NameSearch({i: h.name.text for i, h in enumerate(self.candidates) if h.name.case_sensitive})
        self._loose_names = _NameSearch({i: h.name.text.lower() for i, h in enumerate(self.candidates) if not h.name.case_sensitive})
        self._alone: dict[int, Matcher] = {}
        self._glossary_matcher = glossary_matcher
        """The glossary's own matcher, when the caller has it compiled already."""

    def compile_matchers(self) -> None:
        """Each candidate's own matcher, compiled now: called before the workers are forked, which compiled
        each one they met again (~0.1 ms each; 192 candidates at 5,000 terms, 9 at 500)."""
        for hidden in self.candidates:
            if id(hidden.name) not in self._alone:
                self._alone[id(hidden.name)] = Matcher([hidden.name])

    @property
    def key(self) -> str:
        """What the candidates are: facts computed for another key do not apply."""
        return "\n".join(f"{h.term.scope}\0{h.term.id}\0{h.index}\0{h.name.text}\0{h.name.case_sensitive}" for h in self.candidates)

    def occurring(self, text: str) -> dict[int, tuple[int, int]]:
        """The candidates whose name `text` holds, by index: where the first and the last of its places
        start (a candidate can occur only there)."""
        found = self._exact_names.found_in(text)
        if self._loose_names:
            lowered = lower_by_line(text)
            loose = self._loose_names.found_in(lowered)
            if len(lowered) != len(text):  # a character whose lowercase is longer: its places are not the text's
                loose = dict.fromkeys(loose, (0, len(text)))
            found.update(loose)
        return found

    def facts(self, article) -> HiddenFacts:
        glossary, sidecar = self.glossary, self.sidecars.get(article.slug)

        def visible(term: Term) -> bool:
            own = sidecar.terms.get(term.id) if sidecar is not None else None
            return (own or glossary.terms.get(term.id)) is term

        found = []
        body = article.body
        matchers: list[Matcher] = []
        lines: dict[int, tuple[list[Match], list[int]]] = {}

        def winners_at(pos: int) -> tuple[list[Match], list[int]]:
            """What the article really gets (leftmost, longest, across its scopes) on the line holding `pos`.

            No name holds a line break, so matching starts afresh on every line and a line's
            winners are those of matching the line alone: a few lines, not the whole text."""
            if not matchers:
                self._glossary_matcher = self._glossary_matcher or build_matcher(glossary.terms.values())
                matchers.append(self._glossary_matcher)
                if sidecar:
                    matchers.append(sidecar_matcher(sidecar))
            if matchers[0].spans_lines or matchers[-1].spans_lines:
                start, end = 0, len(body)
            else:
                start = body.rfind("\n", 0, pos) + 1
                end = body.find("\n", pos)
                end = len(body) if end < 0 else end
            got = lines.get(start)
            if got is None:
                winners = _leftmost_longest(matchers, body, start, end)
                got = lines[start] = (winners, [w.start for w in winners])
            return got

        occurring = self.occurring(body)
        for index in sorted(occurring):
            hidden = self.candidates[index]
            if not visible(hidden.term):
                continue
            matched, covered, first = False, 0, None
            matcher = self._alone.get(id(hidden.name))
            if matcher is None:
                matcher = self._alone[id(hidden.name)] = Matcher([hidden.name])
            # Its matches start where its name is, so from its first place to the end of its last one's
            # line (where no mention goes on), not the whole text: at 5,000 terms ~6 names an article.
            start, last = occurring[index]
            end = -1 if matcher.spans_lines else body.find("\n", last)
            for match in matcher.find(body, start, end if end >= 0 else len(body)):
                cover = _covering(*winners_at(match.start), match)
                if cover is None or cover.name.term_id == hidden.term.id:
                    matched = True
                    break
                covered += 1
                if first is None:
                    line = article.body_line + body.count("\n", 0, match.start)
                    first = (cover.name.text, cover.name.term_id, article.path, line)
            if matched or covered:
                found.append(((hidden.term.scope, hidden.term.id, hidden.index), matched, covered, first))
        return tuple(found)

    def report(self, facts: list[HiddenFacts], diagnostics: Diagnostics) -> set[str]:
        """The warnings, from the facts of every article in order; returns the ids of the terms warned about."""
        seen: dict[tuple, list] = {}
        for article_facts in facts:
            for key, matched, covered, first in article_facts:
                total = seen.setdefault(key, [False, 0, None])
                total[0] = total[0] or matched
                total[1] += covered
                if total[2] is None:
                    total[2] = first
        owners = {t.id: t for scope in (self.glossary, *self.sidecars.values()) for t in scope.terms.values()}
        warned: set[str] = set()
        for hidden in self.candidates:
            matched, count, first = seen.get((hidden.term.scope, hidden.term.id, hidden.index), (False, 0, None))
            if matched or not count:
                continue
            warned.add(hidden.term.id)
            term, name = hidden.term, hidden.name
            winner_text, winner_id, path, line = first
            line_at, col_at = _places(term)[hidden.index]
            diagnostics.warning(
                term.path, line_at, col_at, "name-never-matches",
                f"'{name.text}' ({_kind_of(name)} of '{term.name}') never matches: "
                + ("its one occurrence in the articles is" if count == 1 else f"each of its {count} occurrences in the articles is")
                + f" inside the longer name '{winner_text}' of '{owners[winner_id].name}', "
                f"which wins (first at {shown(path)}:{line}); link it explicitly there with "
                f"[{name.text}](term:{term.id}), or remove the name",
            )
        return warned


def _covering(winners: list[Match], starts: list[int], match: Match) -> Match | None:
    """The winning match that contains `match`, if any (winners are sorted by `starts` and do not overlap)."""
    index = bisect.bisect_right(starts, match.start) - 1
    if index >= 0 and winners[index].end >= match.end:
        return winners[index]
    return None


def _leftmost_longest(matchers: list[Matcher], text: str, start: int = 0, end: int | None = None) -> list[Match]:
    """The matches an article gets: leftmost first, longest first, across matchers (as TermContext.find)."""
    found = sorted((m for matcher in matchers for m in matcher.find(text, start, end)), key=lambda m: (m.start, -m.end))
    chosen: list[Match] = []
    for m in found:
        if not chosen or m.start >= chosen[-1].end:
            chosen.append(m)
    return chosen


def resolve_see_also(pending: SeeAlso, terms: dict[str, Term], diagnostics: Diagnostics) -> dict[str, Term]:
    """Turn see_also names into ids, against the terms visible from each term's scope."""
    lookup = name_lookup(terms.values())
    resolved: dict[str, Term] = {}
    for term, doc, names in pending:
        ids: list[str] = []
        for i, target in enumerate(names):
            target_id = lookup(target)
            if target_id is None:
                line, col = doc.where(("terms", term.name, "see_also", i))
                diagnostics.error(doc.path, line, col, "unknown-see-also", f"see_also of '{term.name}': no term named '{target}'" + did_you_mean(target, [t.name for t in terms.values()]))
            elif target_id != term.id and target_id not in ids:
                ids.append(target_id)
        resolved[term.id] = replace(term, see_also=tuple(ids)) if ids else term
    return resolved


def name_lookup(terms):
    """A resolver for explicit references: by id, display name, alias or former name."""
    by_id: dict[str, str] = {}
    by_name: dict[str, str] = {}
    by_folded: dict[str, str] = {}
    for term in terms:
        by_id[term.id] = term.id
        for name in term.names():
            by_name.setdefault(name.text, term.id)
            by_folded.setdefault(name.text.casefold(), term.id)

    def resolve(target: str) -> str | None:
        target = target.strip()
        return (
            by_id.get(target)
            or by_name.get(target)
            or by_id.get(slugify(target))
            or by_folded.get(target.casefold())
        )

    return resolve


def build_matcher(terms) -> Matcher:
    return Matcher(name for term in terms for name in term.names())


_SIDECAR_MATCHERS: dict[int, tuple[Scope, Matcher]] = {}
"""id(sidecar) -> (the sidecar, the matcher of its terms): compiled once per sidecar, not once per page
(the sidecar is held, so its id is not reused while it is here)."""


def sidecar_matcher(sidecar: Scope) -> Matcher:
    found = _SIDECAR_MATCHERS.get(id(sidecar))
    if found is None or found[0] is not sidecar:
        if len(_SIDECAR_MATCHERS) > 10_000:
            _SIDECAR_MATCHERS.clear()
        found = _SIDECAR_MATCHERS[id(sidecar)] = (sidecar, build_matcher(sidecar.terms.values()))
    return found[1]
