"""The matching rules of SPEC §1 and note anchoring, as fixture files under tests/fixtures/."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from sitegen.annotations import build_matcher, load_scope, name_lookup
from sitegen.errors import Diagnostics
from sitegen.markdown import NoteQuote, TermContext, render_article
from tests.fixtures import Case, read_cases

FIXTURES = Path(__file__).parent / "fixtures"


@cache
def _glossary():
    diagnostics = Diagnostics()
    scope, _ = load_scope("glossary", [FIXTURES / "glossary.yml"], diagnostics)
    assert not diagnostics.items, diagnostics.items
    return build_matcher(scope.terms.values()), name_lookup(scope.terms.values())


def _context(mode: str = "first") -> TermContext:
    matcher, resolve = _glossary()
    return TermContext(matchers=(matcher,), resolve=resolve, mode=mode)


def render_terms(case: Case) -> str:
    mode = re.match(r"\[(first|all|none)\]", case.title)
    return render_article(case.input, _context(mode.group(1) if mode else "first"), []).html


_QUOTE = re.compile(r"^quote(?:\[(\d+)\])?: (.*)$")


def render_notes(case: Case) -> str:
    """Input: `quote: ...` lines (`quote[2]: ...` for an occurrence), a blank line, Markdown."""
    head, _, body = case.input.partition("\n\n")
    quotes = []
    for i, line in enumerate(head.split("\n")):
        m = _QUOTE.match(line)
        assert m, f"bad quote line {line!r}"
        quotes.append(NoteQuote(i, m.group(2), int(m.group(1)) if m.group(1) else None, i + 1, 1))
    result = render_article(body, _context(), quotes)
    problems = "".join(f"error: note {p.note.index + 1}: {p.message}\n" for p in result.note_problems)
    return problems + result.html


RENDERERS = {"terms.md": render_terms, "notes.md": render_notes}


def _cases(name: str):
    return [pytest.param(case, id=f"{name}:{case.line}:{case.title}") for case in read_cases(FIXTURES / name)]


@pytest.mark.parametrize("case", _cases("terms.md"))
def test_term_matching(case: Case):
    assert render_terms(case) == case.expected


@pytest.mark.parametrize("case", _cases("notes.md"))
def test_note_anchoring(case: Case):
    assert render_notes(case) == case.expected
