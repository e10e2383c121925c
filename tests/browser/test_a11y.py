"""axe-core finds no violations on every kind of page and in every state a
reader can put the article in (card open, a second card open from inside
it, a note open under its paragraph, search results showing, cards switched
off), in the light and the dark colour scheme.

Each article state is checked where it changes the page: the whole page once
per layout and scheme, then, state by state, the parts that state shows (the
open cards, the open note and its paragraph, the masthead with its results).
A full scan of the article takes seconds; this keeps the suite quick."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from browser_support import TERM, hover

MENTION = f'a[data-term="{TERM}"]'


@pytest.fixture(scope="module")
def axe():
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError as exc:
        pytest.skip(f"!!! axe-playwright-python is not installed: {exc} !!!")
    return Axe()


def check(axe, page, *parts: str, state: str = "page"):
    """No violation in the page, or in `parts` (CSS selectors) of it."""
    context = {"include": [[p] for p in parts]} if parts else None
    if parts:
        for p in parts:
            assert page.locator(p).count(), f"{state}: nothing matches {p}"
    # axe takes colours as painted: a card still fading in (0.14 s) blends its text into the page (4.13:1
    # where the finished card has 4.5:1 or more). Every running animation ends first.
    page.evaluate("""() => Promise.all(document.getAnimations()
        .filter(a => a.effect && a.effect.getTiming().iterations !== Infinity)
        .map(a => a.finished.catch(() => null)))""")
    results = axe.run(page, context=context)
    assert results.violations_count == 0, f"{state}:\n" + results.generate_report()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("where", ["index", "glossary", "term", "404"])
def test_axe_pages(axe, new_page, base_url, term_url, where, scheme):
    page = new_page(color_scheme=scheme)
    page.goto({"index": base_url, "glossary": f"{base_url}glossary/", "term": term_url,
               "404": f"{base_url}404.html"}[where])
    check(axe, page)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_article_every_state_wide(axe, new_page, article_url, scheme):
    page = new_page(color_scheme=scheme)
    page.goto(article_url)
    expect(page.locator(".sg-body.has-sidenotes")).to_have_count(1)  # sidenotes in the margin
    expect(page.locator(".sg-card.is-open")).to_have_count(0)
    check(axe, page, state="cards closed")

    hover(page.locator(MENTION).first)
    expect(page.locator(f"#card-{TERM}")).to_be_visible()
    check(axe, page, ".sg-card.is-open", state="card open")

    hover(page.locator(f"#card-{TERM} a[data-term-ref]").first)
    expect(page.locator(".sg-card.is-open")).to_have_count(2)
    check(axe, page, ".sg-card.is-open", state="nested card open")
    expect(page.locator(".sg-card.is-open")).to_have_count(2)  # the scans ran with the cards open

    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.locator(".sg-switch").click()
    expect(page.locator(".sg-switch")).to_have_attribute("aria-checked", "false")
    page.locator("#sg-search-q").fill("Tartus")
    expect(page.locator("#sg-search-status")).to_have_text(re.compile(r"\d+ results?"), timeout=10000)
    expect(page.locator(".sg-search-results a").first).to_be_visible()
    check(axe, page, ".sg-masthead", ".sg-article-head", ".sg-body", state="search open, cards off")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_article_every_state_phone(axe, new_page, article_url, scheme):
    page = new_page(viewport={"width": 375, "height": 667}, has_touch=True, is_mobile=True, color_scheme=scheme)
    page.goto(article_url)
    check(axe, page, state="phone")

    page.locator("#note-ref-1").tap()
    expect(page.locator("#sidenote-1")).to_be_visible()
    check(axe, page, "#sidenote-1", ".sg-body > p:first-of-type", state="note open")

    mention = page.locator(MENTION).first
    mention.scroll_into_view_if_needed()
    mention.tap()
    expect(page.locator(f"#card-{TERM}")).to_be_visible()
    check(axe, page, ".sg-card.is-open", state="card open")
