"""axe-core finds no violations on every kind of page, card closed and open,
in the light and the dark colour scheme."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from browser_support import TERM


@pytest.fixture(scope="module")
def axe():
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError as exc:
        pytest.skip(f"!!! axe-playwright-python is not installed: {exc} !!!")
    return Axe()


def check(axe, page):
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("where", ["index", "glossary", "term", "404"])
def test_axe_pages(axe, new_page, base_url, term_url, where, scheme):
    page = new_page(color_scheme=scheme)
    page.goto({"index": base_url, "glossary": f"{base_url}glossary/", "term": term_url,
               "404": f"{base_url}404.html"}[where])
    check(axe, page)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_article_card_closed(axe, new_page, article_url, scheme):
    page = new_page(color_scheme=scheme)
    page.goto(article_url)
    expect(page.locator(".sg-card.is-open")).to_have_count(0)
    check(axe, page)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_article_card_open(axe, new_page, article_url, scheme):
    page = new_page(color_scheme=scheme)
    page.goto(article_url)
    page.locator(f'a[data-term="{TERM}"]').first.hover()
    card = page.locator(f"#card-{TERM}")
    expect(card).to_be_visible()
    check(axe, page)
    expect(card).to_be_visible()  # the scan ran with the card open


def test_axe_article_phone_card_open(axe, new_page, article_url):
    page = new_page(viewport={"width": 375, "height": 667}, has_touch=True, is_mobile=True)
    page.goto(article_url)
    page.locator(f'a[data-term="{TERM}"]').first.tap()
    expect(page.locator(f"#card-{TERM}")).to_be_visible()
    check(axe, page)
