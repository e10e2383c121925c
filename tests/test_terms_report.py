"""`sitegen terms`: coverage per term (annotated, or skipped and why) and names without a term."""

from __future__ import annotations

import re

from sitegen.build import load_content
from sitegen.errors import Diagnostics
from sitegen.site import assemble
from sitegen.terms_report import _phrases, coverage, name_candidates
from tests.conftest import REPO, TESTS, run_sitegen
from tests.invalid_sites import make_site, run_in

SITE = TESTS / "terms_site"


def test_the_report_of_a_small_site_is_exactly_as_expected():
    code, out, err = run_in(SITE, "terms")
    assert (code, err) == (0, "")
    assert out == (SITE / "expected.txt").read_text("utf-8")


def test_every_reason_for_a_skipped_mention_is_reported():
    code, out, _ = run_in(SITE, "terms")
    for status in ("annotated", "annotated (explicit link)", "skipped: in a heading", "skipped: in code",
                   "skipped: inside a link", "skipped: in image text", "skipped: not the first (annotate: first)"):
        assert re.search(rf"^  content/articles/report\.md:\d+ +{re.escape(status)} +\"", out, re.M), status
    assert "Aleppo  (aleppo, glossary): not mentioned in any article" in out


def test_annotate_none_is_a_reason_too(tmp_path):
    site = tmp_path / "s"
    site.mkdir()
    for path in SITE.rglob("*"):
        if path.is_file() and path.name != "expected.txt":
            target = site / path.relative_to(SITE)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    (site / "content" / "site.yml").write_text("title: x\nbase_url: https://example.org/\nannotate: none\n")
    code, out, _ = run_in(site, "terms")
    assert code == 0
    assert re.search(r'report\.md:8 +skipped: annotate: none +"S-300 system"', out)
    assert re.search(r'report\.md:13 +annotated \(explicit link\) +"Homs"', out), "explicit links are still annotated"


def _model(root):
    diagnostics = Diagnostics()
    content = load_content(root, diagnostics)
    return assemble(content, diagnostics, report=True)


def test_on_the_bundled_explainer_every_term_is_covered_and_names_are_useful():
    model = _model(REPO)
    entries = coverage(model)
    assert len(entries) == len(model.terms)
    # The one glossary term the article never names: it spells him as the Pentagon did (a note says so),
    # and the report shows that spelling among the names without a term.
    assert [e.term.id for e in entries if not e.places] == ["abu-al-faraj-al-masri"]
    phrases = {c.phrase for c in name_candidates(model)}
    assert {"Abu al-Farai al-Masri", "Secretary of State", "Moscow", "Brussels", "Obama", "United States"} <= phrases
    names = {name.text for term in model.terms.values() for name in term.names()}
    assert not phrases & names, "a term's own names are never candidates"
    assert not phrases & {"The", "But", "In", "Just", "Despite", "Monday", "Tuesday", "It", "Maj", "Gen"}


def test_phrases_skip_common_words_and_keep_connectors_inside_names():
    found = [(phrase, initial) for phrase, _, initial in _phrases(
        "The Secretary of State met Bashar al Jaafari in New York. However, the U.S. and Russia spoke. Putin’s aide left."
    )]
    assert found == [
        ("Secretary of State", False), ("Bashar al Jaafari", False), ("New York", False),
        ("U.S.", False), ("Russia", False), ("Putin", True),
    ]
    # A single word seen only at the start of sentences is no candidate; seen elsewhere too, it is.
    assert [p for p, _, initial in _phrases("Reporters asked. Reporters left.") if not initial] == []


def test_content_errors_are_reported_as_by_check(tmp_path):
    root = make_site("unknown-source-id", tmp_path / "site-root")
    code, out, err = run_in(root, "terms")
    assert code == 1 and out == ""
    assert err == "content/glossary/more.yml:5:15: error: unknown source id 'wiki-tartous'; did you mean 'wiki-tartus'?\nsitegen: terms failed: 1 error, 0 warnings\n"


def test_terms_from_the_command_line():
    result = run_sitegen("terms", "--root", str(SITE))
    assert result.returncode == 0
    assert result.stdout.startswith("5 terms in 1 article: 4 mentioned, 1 not mentioned\n")
