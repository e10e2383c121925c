"""How long `sitegen check --links` takes on a big site: python bench/links.py [ARTICLES]

Builds tests/sites/links-ok plus ARTICLES generated articles (default 1000)
into a temporary folder, then times the link check alone (the build is
timed separately). Offline: external URLs are only checked for their form.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from sitegen.build import build  # noqa: E402
from sitegen.errors import Diagnostics  # noqa: E402
from sitegen.links import check_links  # noqa: E402


def main(count: int) -> None:
    with tempfile.TemporaryDirectory(prefix="sitegen-bench-") as tmp:
        root = Path(tmp) / "src"
        shutil.copytree(REPO / "tests/sites/links-ok", root)
        start = dt.date(2000, 1, 1)
        for n in range(count):
            (root / "content/articles" / f"bench-{n:05d}.md").write_text(
                f'---\ntitle: "Bench {n}"\ndate: {start + dt.timedelta(days=n)}\nsummary: "Article {n}."\n---\n\n'
                f"The S-300 at Tartus, and the ceasefire. See [the first story](../first-story/#background).\n",
                encoding="utf-8",
            )
        out = Path(tmp) / "site"
        began = time.perf_counter()
        result = build(root, out, base_url="https://example.github.io/explainers/")
        built = time.perf_counter() - began
        pages = sum(1 for _ in out.rglob("*.html"))
        diagnostics = Diagnostics()
        began = time.perf_counter()
        links = check_links(out, diagnostics, base_url="https://example.github.io/explainers/")
        checked = time.perf_counter() - began
        errors = sum(1 for d in diagnostics.items if d.severity.value == "error")
        print(f"{count} extra articles: build {built:.2f} s ({result.pages} files); "
              f"check --links {checked:.2f} s for {pages} pages, {links} links "
              f"({links / checked:,.0f} links/s), {errors} errors")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
