"""Screenshots of the bundled explainer for docs/screenshots/.

    python tests/browser/screenshots.py [--site DIR] [--out DIR]

Builds the site with `python -m sitegen build` (unless --site names a built
one), serves it on 127.0.0.1 and saves the article at 1280x900 and 375x812,
with a definition card closed and open, in the light and the dark scheme."""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from browser_support import (  # noqa: E402
    CHROMIUM_ARGS, REPO_ROOT, TERM, StaticServer, build_site, chromium_path, find_article,
)

SHOTS = [
    # name, viewport, options, open a card?
    ("article-desktop", (1280, 900), {}, False),
    ("article-desktop-card", (1280, 900), {}, True),
    ("article-desktop-dark-card", (1280, 900), {"color_scheme": "dark"}, True),
    ("article-phone", (375, 812), {"is_mobile": True, "has_touch": True}, False),
    ("article-phone-card", (375, 812), {"is_mobile": True, "has_touch": True}, True),
]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--site", type=Path, help="an already built site")
    ap.add_argument("--out", type=Path, default=REPO_ROOT / "docs" / "screenshots")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            proc = build_site(site)
            if proc.returncode:
                print(proc.stdout, proc.stderr, sep="\n", file=sys.stderr)
                return 1
        args.out.mkdir(parents=True, exist_ok=True)
        with StaticServer(site) as server, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            url = server.url + find_article(site, TERM)
            for name, (w, h), options, card in SHOTS:
                ctx = browser.new_context(viewport={"width": w, "height": h}, reduced_motion="reduce", **options)
                page = ctx.new_page()
                page.goto(url)
                if card:
                    mention = page.locator(f'a[data-term="{TERM}"]').first
                    mention.scroll_into_view_if_needed()
                    page.evaluate("y => window.scrollBy(0, y)", int(mention.bounding_box()["y"]) - int(h * 0.3))
                    if options.get("has_touch"):
                        mention.tap()
                    else:
                        mention.hover()
                    page.locator(f"#card-{TERM}").wait_for(state="visible")
                path = args.out / f"{name}.png"
                page.screenshot(path=str(path))
                print(path)
                ctx.close()
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
