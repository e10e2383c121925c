"""How long `sitegen check --links` takes on a big site.

    python bench/links.py [ARTICLES]       tests/sites/links-ok plus ARTICLES tiny generated articles (default 1000)
    python bench/links.py --site ROOT      an existing site, e.g. $TMPDIR/sitegen-bench/sitegen-1000-500 (bench/run.py's corpus)

Builds the site into a temporary folder, then times the link check alone
(the build is timed separately): in one process, then shared among the
workers `sitegen check` would use. Offline: external URLs are only checked
for their form.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from sitegen.build import build, worker_count  # noqa: E402
from sitegen.errors import Diagnostics  # noqa: E402
from sitegen.links import check_links  # noqa: E402

BASE_URL = "https://example.github.io/explainers/"


def generated_site(root: Path, count: int) -> None:
    shutil.copytree(REPO / "tests/sites/links-ok", root)
    start = dt.date(2000, 1, 1)
    for n in range(count):
        (root / "content/articles" / f"bench-{n:05d}.md").write_text(
            f'---\ntitle: "Bench {n}"\ndate: {start + dt.timedelta(days=n)}\nsummary: "Article {n}."\n---\n\n'
            f"The S-300 at Tartus, and the ceasefire. See [the first story](../first-story/#background).\n",
            encoding="utf-8",
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", nargs="?", type=int, default=1000)
    parser.add_argument("--site", type=Path, help="an existing site's root instead of generated articles")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="sitegen-bench-") as tmp:
        if args.site:
            root, what = args.site.resolve(), str(args.site)
        else:
            root, what = Path(tmp) / "src", f"{args.articles} extra articles"
            generated_site(root, args.articles)
        out = Path(tmp) / "site"
        began = time.perf_counter()
        result = build(root, out, base_url=BASE_URL, search=False)
        built = time.perf_counter() - began
        pages = sum(1 for _ in out.rglob("*.html"))
        print(f"{what}: build {built:.2f} s ({result.pages} files, {pages} HTML pages)")
        for jobs in sorted({1, worker_count(result.pages)}):
            diagnostics = Diagnostics()
            began = time.perf_counter()
            links = check_links(out, diagnostics, base_url=BASE_URL, jobs=jobs)
            checked = time.perf_counter() - began
            errors = sum(1 for d in diagnostics.items if d.severity.value == "error")
            print(f"  check --links, {jobs} process{'es' * (jobs > 1)}: {checked:.2f} s for {links} links "
                  f"({links / checked:,.0f} links/s), {errors} errors")


if __name__ == "__main__":
    main()
