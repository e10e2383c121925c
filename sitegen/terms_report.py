"""`sitegen terms`: the coverage an editor needs to see.

For each term: every place an article mentions it, whether that mention was
annotated, and if not, why (in a heading, in code, inside a link, in image
text, not the first mention under `annotate: first`, `annotate: none`).
Then the capitalised phrases of the articles that look like names but are
no term's name or alias: candidates for the glossary.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.annotations import GLOSSARY, Term
from sitegen.build import load_content
from sitegen.errors import ContentError, Diagnostics, shown
from sitegen.markdown import TermContext
from sitegen.markdown.__init__ import article_parser
from sitegen.site import SiteModel, article_scope, assemble

REASONS = {
    "heading": "skipped: in a heading",
    "code": "skipped: in code",
    "link": "skipped: inside a link",
    "image": "skipped: in image text",
    "annotate-first": "skipped: not the first (annotate: first)",
    "annotate-none": "skipped: annotate: none",
    "self": "skipped: its own definition",
}


@dataclass(frozen=True, slots=True)
class Place:
    path: str
    line: int
    text: str
    """The words as written in the article."""
    status: str
    """'annotated', 'annotated (explicit link)', or 'skipped: why'."""


@dataclass(slots=True)
class Coverage:
    term: Term
    places: list[Place] = field(default_factory=list)

    @property
    def annotated(self) -> int:
        return sum(1 for p in self.places if p.status.startswith("annotated"))


@dataclass(frozen=True, slots=True)
class Candidate:
    phrase: str
    count: int
    path: str
    line: int
    """Where it first occurs."""


def coverage(model: SiteModel) -> list[Coverage]:
    """Every term, A-Z, with the places the articles mention it (sidecar terms included)."""
    by_id: dict[str, Coverage] = {term_id: Coverage(term) for term_id, term in model.terms.items()}
    for page in model.articles:
        path = shown(page.article.path)
        for mention in page.mentions:
            if mention.annotated:
                status = "annotated (explicit link)" if mention.explicit else "annotated"
            else:
                status = REASONS.get(mention.reason, f"skipped: {mention.reason}")
            entry = by_id.get(mention.term_id)
            if entry is not None:
                entry.places.append(Place(path, mention.line, mention.text, status))
    for entry in by_id.values():
        entry.places.sort(key=lambda p: (p.path, p.line))
    return sorted(by_id.values(), key=lambda c: (c.term.name.casefold(), c.term.id))


# ---------------------------------------------------------------- names without a term

_WORD = re.compile(r"[^\W\d_][\w'’.\-]*|\d[\w'’.\-]*")
_CONNECTORS = frozenset({"of", "al", "el", "de", "del", "bin", "ibn", "la", "le", "van", "von", "da", "du", "des", "the", "for"})
"""Lowercase words that may sit inside a name: Secretary of State, Bashar al Assad."""
_COMMON = frozenset("""
a an and as at but by for from he her his i if in into it its just last meanwhile mr mrs ms
no not of on or our she so that the their there these they this those to we when while with
yet you after before since despite however although because what who which where why how
""".split())
"""Words that are capitalised only because they start a sentence (compared in lowercase)."""
_NOT_NAMES = frozenset("""
monday tuesday wednesday thursday friday saturday sunday january february march april may june
july august september october november december
mr mrs ms dr maj gen col lt sgt capt adm sen rep gov pres st
""".split())
"""Capitalised words that are never a name by themselves: days, months, titles; they also split phrases."""
_SENTENCE_END = re.compile(r"[.!?:;]['\"’”)\]]*\s*$")


def _capitalised(word: str) -> bool:
    return word[:1].isupper() or any(part[:1].isupper() for part in word.split("-")[1:])


def _clean(word: str) -> str:
    for ending in ("'s", "’s"):
        if word.endswith(ending):
            word = word[: -len(ending)]
    word = word.rstrip("’'-")
    if word.endswith(".") and word.count(".") == 1:
        word = word[:-1]  # the end of a sentence, not U.S.
    return word


def _ends_a_name(raw: str) -> bool:
    """A possessive ("Putin’s") or a full stop ("Moscow.", but not "U.S.") ends a name."""
    return _clean(raw) != raw and not (raw.endswith(".") and raw.count(".") > 1)


def _phrases(text: str) -> list[tuple[str, int, bool]]:
    """Capitalised phrases in `text`: (phrase, offset, whether it starts a sentence)."""
    found: list[tuple[str, int, bool]] = []
    words = [(m.start(), m.group()) for m in _WORD.finditer(text)]
    i = 0
    while i < len(words):
        if not _capitalised(words[i][1]):
            i += 1
            continue
        run = [words[i]]  # (offset, raw word)
        j = i + 1
        while j < len(words):
            offset, raw = words[j]
            last_offset, last = run[-1]
            if text[last_offset + len(last) : offset].strip() or _ends_a_name(last):
                break  # punctuation or a code span between them, or the name ended
            if _clean(raw).lower() in _NOT_NAMES:
                break
            if not _capitalised(raw):
                # A connector may sit inside a name (Secretary of State), never at its end.
                follows = words[j + 1] if j + 1 < len(words) else None
                if raw not in _CONNECTORS or follows is None or not _capitalised(follows[1]) \
                        or text[offset + len(raw) : follows[0]].strip():
                    break
            run.append((offset, raw))
            j += 1
        before = text[: run[0][0]].rstrip(" \t\n\"'“‘([")
        initial = not before or _SENTENCE_END.search(before) is not None
        names = [(offset, _clean(raw)) for offset, raw in run]
        # Leading words capitalised only by their position: "The State Department" -> "State Department".
        while names and (names[0][1].lower() in _COMMON | _NOT_NAMES or names[0][1] in _CONNECTORS):
            names.pop(0)
            initial = False
        if names:
            found.append((" ".join(word for _, word in names), names[0][0], initial))
        i = j
    return found


def _inline_texts(body: str):
    """(text, first line offset) of each paragraph, heading and table cell; code spans become breaks."""
    for token in article_parser().parse(body, {}):
        if token.type != "inline" or not token.children:
            continue
        parts: list[str] = []
        for child in token.children:
            if child.type == "text":
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append("\n")
            elif child.type == "image":
                parts.append(" \x00 ")
            elif child.type == "code_inline":
                parts.append(" \x00 ")
        yield "".join(parts), (token.map[0] if token.map else 0)


def name_candidates(model: SiteModel) -> list[Candidate]:
    """Capitalised phrases that look like names and are no term's name, by how often they occur."""
    counts: Counter[str] = Counter()
    first: dict[str, tuple[str, int]] = {}
    only_initial: dict[str, bool] = {}
    glossary = model.content.glossary
    for page in model.articles:
        article = page.article
        sidecar = model.content.sidecars.get(article.slug)
        scope = article_scope(glossary, model.definitions, sidecar)
        finder = TermContext(matchers=scope.matchers, resolve=scope.resolve)
        for text, line_offset in _inline_texts(article.body):
            # Mentions of terms are covered already: cut them out of the text.
            chars = list(text)
            for match in finder.find(text):
                chars[match.start : match.end] = "\x00" * (match.end - match.start)
            text = "".join(chars)
            for phrase, offset, initial in _phrases(text):
                if phrase.lower() in _NOT_NAMES or len(phrase) < 2:
                    continue
                single = " " not in phrase
                only_initial[phrase] = only_initial.get(phrase, True) and single and initial
                counts[phrase] += 1
                if phrase not in first:
                    line = article.body_line + line_offset + text.count("\n", 0, offset)
                    first[phrase] = (shown(article.path), line)
    return sorted(
        (Candidate(p, n, *first[p]) for p, n in counts.items() if not only_initial[p]),
        key=lambda c: (-c.count, c.phrase.casefold()),
    )


# ---------------------------------------------------------------- the report


def format_report(entries: list[Coverage], candidates: list[Candidate], articles: int) -> str:
    mentioned = sum(1 for e in entries if e.places)
    out: list[str] = [
        f"{len(entries)} term{'s' * (len(entries) != 1)} in {articles} article{'s' * (articles != 1)}: "
        f"{mentioned} mentioned, {len(entries) - mentioned} not mentioned",
        "",
    ]
    for entry in entries:
        term = entry.term
        where = "glossary" if term.scope == GLOSSARY else f"sidecar of {term.scope}"
        head = f"{term.name}  ({term.id}, {where})"
        if not entry.places:
            out.append(f"{head}: not mentioned in any article")
            out.append("")
            continue
        skipped = len(entry.places) - entry.annotated
        out.append(f"{head}: {len(entry.places)} mention{'s' * (len(entry.places) != 1)}, {entry.annotated} annotated, {skipped} skipped")
        rows = [(f"{p.path}:{p.line}", p.status, f"\"{p.text}\"") for p in entry.places]
        out += _table(rows, indent="  ")
        out.append("")
    out.append("Capitalised phrases with no term (candidates for the glossary):")
    if candidates:
        out += _table([(c.phrase, str(c.count), f"{c.path}:{c.line}") for c in candidates], indent="  ", right={1})
    else:
        out.append("  none")
    return "\n".join(out) + "\n"


def _table(rows: list[tuple[str, ...]], indent: str = "", right: set[int] = frozenset()) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [cell.rjust(widths[i]) if i in right else cell.ljust(widths[i]) for i, cell in enumerate(row)]
        lines.append((indent + "  ".join(cells)).rstrip())
    return lines


def terms_report(root: Path, drafts: bool = False) -> int:
    """Print the report for the site at `root`; content errors are reported as by `check` (exit 1)."""
    diagnostics = Diagnostics()
    content = load_content(root, diagnostics, drafts)
    if content is None or diagnostics.has_errors():
        raise ContentError(diagnostics)
    model = assemble(content, diagnostics, report=True)
    if diagnostics.has_errors():
        raise ContentError(diagnostics)
    sys.stdout.write(format_report(coverage(model), name_candidates(model), len(model.articles)))
    return 0
