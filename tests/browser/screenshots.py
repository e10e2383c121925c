"""Screenshots of the bundled explainer for docs/screenshots/.

    python tests/browser/screenshots.py [--site DIR] [--out DIR]

Builds the site with `python -m sitegen build` (unless --site names a built
one), serves it on 127.0.0.1 and saves the article at desktop (1280x900),
tablet (768x1024) and phone (375x812) widths: sidenotes in the margin, a card
and a card opened from inside it, the dark scheme, search results, a note
opened under its paragraph."""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from browser_support import (  # noqa: E402
    CHROMIUM_ARGS, REPO_ROOT, TERM, StaticServer, build_site, chromium_path, find_article,
)

PHONE = {"is_mobile": True, "has_touch": True, "device_scale_factor": 2}
SHOTS = [
    # name, viewport, context options, what the reader does first
    ("article-desktop", (1280, 900), {}, "notes"),
    ("article-desktop-card", (1280, 900), {}, "nested"),
    ("article-desktop-dark-card", (1280, 900), {"color_scheme": "dark"}, "card"),
    ("article-desktop-search", (1280, 900), {}, "search"),
    ("article-tablet", (768, 1024), {"has_touch": True}, "top"),
    ("article-tablet-note", (768, 1024), {"has_touch": True}, "note"),
    ("article-phone", (375, 812), PHONE, "top"),
    ("article-phone-card", (375, 812), PHONE, "card"),
    ("article-phone-note", (375, 812), PHONE, "note"),
]


def bring(page, locator, height: int, at: float = 0.3) -> None:
    """Scroll so that `locator` sits at `at` of the viewport's height."""
    locator.scroll_into_view_if_needed()
    page.evaluate("y => window.scrollBy(0, y)", int(locator.bounding_box()["y"]) - int(height * at))
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def act(page, what: str, touch: bool, height: int) -> None:
    mention = page.locator(f'a[data-term="{TERM}"]').first
    if what == "notes":
        bring(page, page.locator("#note-ref-7"), height, 0.25)
    elif what in ("card", "nested"):
        bring(page, mention, height, 0.3 if what == "card" else 0.12)
        mention.tap() if touch else mention.hover()
        page.locator(f"#card-{TERM}").wait_for(state="visible")
        if what == "nested":
            page.locator(f"#card-{TERM} a[data-term-ref]").first.hover()
            page.locator(".sg-card.is-open >> nth=1").wait_for(state="visible")
    elif what == "search":
        page.locator("#sg-search-q").fill("S-300")
        page.locator(".sg-search-results a >> nth=2").wait_for(state="visible")
    elif what == "note":
        marker = page.locator("#note-ref-5")
        bring(page, marker, height, 0.2)
        marker.tap()
        page.locator("#sidenote-5").wait_for(state="visible")


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
            for name, (w, h), options, what in SHOTS:
                ctx = browser.new_context(viewport={"width": w, "height": h}, reduced_motion="reduce", **options)
                page = ctx.new_page()
                page.goto(url)
                act(page, what, bool(options.get("has_touch")), h)
                path = args.out / f"{name}.png"
                page.screenshot(path=str(path))
                print(path)
                ctx.close()
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
