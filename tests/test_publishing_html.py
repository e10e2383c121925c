"""The generated HTML passes the Nu HTML Checker with no errors: every page kind, two sites."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO, SITES, run_sitegen
from tests.vnu import describe, require_vnu, validate


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> list[tuple[Path, list[Path]]]:
    """(output, its HTML files) for the bundled explainer and for links-ok with a second index page."""
    require_vnu()
    sites = []
    base = tmp_path_factory.mktemp("vnu")
    tiny = base / "links-ok"
    shutil.copytree(SITES / "links-ok", tiny)
    for n in range(51):  # one more than a page holds: page/2/ exists
        (tiny / "content/articles" / f"extra-{n:02d}.md").write_text(
            f'---\ntitle: "Extra {n}"\ndate: 2020-01-{n % 28 + 1:02d}\n---\n\nText {n}.\n', encoding="utf-8"
        )
    for name, root, base_url in [
        ("explainer", REPO, "https://example.github.io/explainers/"),
        ("links-ok", tiny, "https://example.github.io/explainers/"),
        ("path-only", SITES / "links-ok", "/explainers/"),
    ]:
        out = base / f"{name}-site"
        result = run_sitegen("build", "--root", str(root), "--out", str(out), "--base-url", base_url)
        assert result.returncode == 0, result.stderr
        files = sorted(out.rglob("*.html"))
        # Pages of one kind are alike: keep one extra article and a few term pages.
        files = [f for f in files if "extra-" not in str(f) or "extra-00" in str(f)]
        terms = [f for f in files if f.parent.parent.name == "glossary"]
        files = [f for f in files if f not in terms[4:]]
        sites.append((out, files))
    return sites


def test_every_page_kind_is_checked(built):
    kinds = {"index.html", "404.html", "glossary/index.html", "page/2/index.html", "old/first/index.html", "2024/03/first-story.html"}
    seen = {f.relative_to(out).as_posix() for out, files in built for f in files}
    assert kinds <= seen
    assert any(p.startswith("articles/") for p in seen) and any(p.startswith("glossary/") and p != "glossary/index.html" for p in seen)


INVALID = '<!doctype html><html lang="en"><head><title>x</title></head><body><p popover="bogus"><div></span></body></html>\n'


def test_generated_html_has_no_nu_checker_errors(built, tmp_path):
    # A page with known errors goes in the same run (one JVM start), so a checker
    # that silently reports nothing cannot pass.
    bad = tmp_path / "known-bad.html"
    bad.write_text(INVALID, encoding="utf-8")
    files = [f for _, group in built for f in group]
    messages = validate(files + [bad])
    assert any(m.get("url", "").endswith("known-bad.html") for m in messages), "vnu found nothing wrong in an invalid page"
    errors = [m for m in messages if not m.get("url", "").endswith("known-bad.html")]
    assert errors == [], "\n" + describe(errors, built[0][0].parent)
