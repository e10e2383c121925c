"""`sitegen serve` in a real browser: edits reload the page, errors show in an overlay, all under the CSP.

Playwright drives Debian's Chromium. Without them the test is skipped with
a loud reason, except under CI (`CI=true`), where that is a failure.
"""

from __future__ import annotations

import pytest

from tests.browser.browser_support import launch_chromium, start_playwright
from tests.serve_helpers import ServerProcess, copy_site, edit, line_of

CSP_PROBE = """
document.addEventListener('securitypolicyviolation', function (e) {
  (window.__cspViolations = window.__cspViolations || []).push(e.violatedDirective + ' ' + e.blockedURI);
});
"""
WAIT_MS = 20_000
# Predicates are functions, not expression strings: Playwright evaluates a string with eval() in
# the page, which the pages' CSP rightly forbids.


@pytest.fixture(scope="module")
def browser():
    with start_playwright() as p:
        instance = launch_chromium(p)
        yield instance
        instance.close()


def test_edit_reloads_error_shows_in_overlay_fix_clears_it(browser, tmp_path):
    root = copy_site(tmp_path)
    article = root / "content" / "articles" / "harbour-deal.md"
    sidecar = root / "content" / "articles" / "harbour-deal.yml"
    with ServerProcess(root, tmp_path) as server:
        context = browser.new_context(viewport={"width": 900, "height": 500})
        context.add_init_script(CSP_PROBE)
        page = context.new_page()
        problems: list[str] = []
        page.on("console", lambda m: m.type == "error" and problems.append(m.text))
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        try:
            page.goto(server.url + "articles/harbour-deal/")
            page.wait_for_function("() => document.readyState === 'complete'")
            assert page.locator("h1").inner_text() == "The Harbour Deal"
            overlay = page.locator("#sitegen-overlay .error")

            # 1. Edit the Markdown: the page reloads by itself, at the same scroll position.
            page.evaluate("window.scrollTo(0, 400); window.__before = true")
            scrolled = page.evaluate("window.scrollY")
            assert scrolled > 300  # the page is long enough to scroll
            edit(article, "The last paragraph says goodbye.", "The last paragraph says farewell.")
            page.get_by_text("The last paragraph says farewell.").wait_for(timeout=WAIT_MS)
            page.wait_for_function("() => document.readyState === 'complete'")
            assert page.evaluate("window.__before") is None  # a real reload, not a patch
            page.wait_for_function(f"() => Math.abs(window.scrollY - {scrolled}) < 5", timeout=5000)

            # 2. Break the sidecar: the overlay names the file and line; the old page stays readable.
            page.evaluate("window.__before = true")
            edit(sidecar, '"left them waiting for hours"', '"left them waiting for days"')
            overlay.first.wait_for(timeout=WAIT_MS)
            line = line_of(sidecar, "waiting for days")
            text = overlay.first.text_content()
            assert text.startswith(f"content/articles/harbour-deal.yml:{line}:"), text
            assert "error" in text and "waiting for days" in text
            assert overlay.count() == 1
            assert page.evaluate("window.__before") is True  # no reload on a failed build
            assert page.get_by_text("The last paragraph says farewell.").count() == 1
            page.evaluate("window.scrollTo(0, 0)")
            heading_on_top = page.evaluate(
                """() => { const h = document.querySelector('h1'); const r = h.getBoundingClientRect();
                    return h.contains(document.elementFromPoint(r.left + 5, r.top + r.height / 2)); }"""
            )
            assert heading_on_top  # the overlay does not hide the page
            panel = page.locator("#sitegen-overlay .panel")
            assert panel.evaluate("p => getComputedStyle(p).position") == "fixed"  # its stylesheet loaded

            # 3. Fix it: the overlay goes by itself (after the reload the good build brings).
            edit(sidecar, '"left them waiting for days"', '"left them waiting for hours"')
            page.wait_for_function("() => window.__before === undefined", timeout=WAIT_MS)
            page.wait_for_function("() => document.readyState === 'complete'")
            assert page.locator("#sitegen-overlay").count() == 0
            assert page.get_by_text("The last paragraph says farewell.").count() == 1

            # 4. All of it under the pages' strict CSP.
            assert page.evaluate("window.__cspViolations || []") == []
            assert [p for p in problems if "Content Security Policy" in p] == []
            assert problems == []
        finally:
            context.close()
