"""The bundled Kerry/Syria explainer: its content, and a golden copy of its annotated body.

Refresh the golden file after a deliberate change with
`python -m tests.test_explainer --update`, and review the diff.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sitegen.build import render_site
from sitegen.errors import Diagnostics, Severity
from tests.conftest import REPO

GOLDEN = Path(__file__).parent / "golden" / "kerry-rips-russia.body.html"
SLUG = "kerry-rips-russia"


def _model():
    diagnostics = Diagnostics()
    model, files, _ = render_site(REPO, diagnostics)
    errors = [d.format_text() for d in diagnostics.items if d.severity is Severity.ERROR]
    assert not errors, errors
    return model, files


def _golden_text(model) -> str:
    page = next(p for p in model.articles if p.article.slug == SLUG)
    lines = [page.body_html.rstrip("\n"), "", "<!-- terms, in order of first mention -->"]
    lines += [f"<!-- {t.id}: {len(page.mention_ids[t.id])} -->" for t in page.terms]
    lines += ["<!-- notes, in document order -->"] + [f"<!-- {n}: {note.quote} -->" for n, note in enumerate(page.notes, 1)]
    return "\n".join(lines) + "\n"


def test_explainer_body_matches_the_golden_copy():
    model, _ = _model()
    assert _golden_text(model) == GOLDEN.read_text(encoding="utf-8")


def test_explainer_has_the_terms_a_reader_needs():
    model, files = _model()
    page = next(p for p in model.articles if p.article.slug == SLUG)
    ids = {t.id for t in page.terms}
    assert {"s-300", "tartus", "jaish-fateh-al-sham", "latakia", "admiral-kuznetsov", "isil", "al-qaeda", "homs", "aleppo", "igor-konashenkov"} <= ids
    assert len(page.terms) >= 15
    for term in page.terms:
        assert term.definition.strip(), term.id
        assert term.sources, f"{term.id} has no source"
        assert all(s.url.startswith(("https://", "http://")) for s in term.sources)
    jfs = model.terms["jaish-fateh-al-sham"]
    assert {"Nusra", "Jabhat al-Nusra"} <= {f.name for f in jfs.formerly}
    assert len(page.notes) >= 3
    assert f"articles/{SLUG}/index.html" in files


def test_the_articles_slips_are_kept_and_corrected_by_notes():
    model, _ = _model()
    page = next(p for p in model.articles if p.article.slug == SLUG)
    assert "Bashir al Assad" in page.article.body and "Abu al-Farai al-Masri" in page.article.body
    quotes = " | ".join(n.quote for n in page.notes)
    assert "Bashir al Assad" in quotes and "Abu al-Farai al-Masri" in quotes
    assert page.article.image_credit == "Halil Fidan/Anadolu Agency/Getty Images"
    assert page.article.date.isoformat() == "2016-10-04"


def test_the_articles_words_are_the_seeds_words():
    seed = REPO.parent / "shared" / "seeds" / "kerry-rips-russia.txt"
    if not seed.is_file():  # shared/ sits beside the repository here and in CI
        import pytest

        pytest.skip("../shared/seeds is not beside this checkout")
    import re

    def words(text: str) -> list[str]:
        return re.findall(r"[\w’'.,“”\-—\[\]]+", text)

    model, _ = _model()
    page = next(p for p in model.articles if p.article.slug == SLUG)
    body = re.sub(r"\[([^\]]*)\]\(term:[^)]*\)", r"\1", page.article.body).replace("*", "")
    seed_lines = seed.read_text(encoding="utf-8").split("\n")
    seed_body = "\n".join(seed_lines[4:]).split("Photo Credit:")[0]
    assert words(body) == words(seed_body)


if __name__ == "__main__":
    if sys.argv[1:] == ["--update"]:
        sys.path.insert(0, str(REPO))
        GOLDEN.write_text(_golden_text(_model()[0]), encoding="utf-8")
        print(f"updated {GOLDEN}")
