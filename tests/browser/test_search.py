"""Search: the masthead box finds articles and terms with Pagefind's index,
loaded only once the box is used, and is driven by the keyboard."""
from __future__ import annotations

import re

from playwright.sync_api import expect

BOX = "#sg-search-q"
RESULTS = ".sg-search-results a"


def result_urls(page) -> list[str]:
    return page.locator(RESULTS).evaluate_all("els => els.map(a => a.getAttribute('href'))")


def search(page, query: str) -> None:
    page.locator(BOX).fill(query)
    expect(page.locator("#sg-search-status")).to_have_text(re.compile(r"^\d+ results?$"), timeout=10000)


def test_index_loads_only_when_the_box_is_used(page, base_url):
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(base_url)
    page.wait_for_load_state("networkidle")
    assert not [u for u in requests if "/pagefind/" in u], "search files loaded before the box was used"
    page.locator(BOX).focus()
    page.wait_for_load_state("networkidle")
    assert any(u.endswith("/pagefind/pagefind.js") for u in requests)


def test_s300_finds_the_term_and_the_article_and_opens_it(page, article_url):
    page.goto(article_url)  # a page two levels down: result links must still resolve
    search(page, "S-300")
    urls = result_urls(page)
    assert "../../glossary/s-300/" in urls and "../../articles/kerry-rips-russia/" in urls, urls
    status = page.locator("#sg-search-status").text_content()
    assert status == f"{page.locator(RESULTS).count()} results" or int(status.split()[0]) >= len(urls)
    expect(page.locator(".sg-search-results mark").first).to_have_text(re.compile("S-300|S|300", re.I))
    # Keyboard: arrows walk the results, Enter opens one.
    page.locator(BOX).press("ArrowDown")
    index = urls.index("../../articles/kerry-rips-russia/")
    for _ in range(index):
        page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.getAttribute('href')") == urls[index]
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/articles/kerry-rips-russia/$"))


def test_tartus_first_result_is_its_term_page_and_enter_opens_it(page, base_url):
    page.goto(f"{base_url}glossary/")
    search(page, "Tartus")
    urls = result_urls(page)
    assert urls[0] == "../glossary/tartus/", urls
    assert "../articles/kerry-rips-russia/" in urls
    expect(page.locator(".sg-result-kind").first).to_have_text("Glossary")
    expect(page.locator(".sg-result-title").first).to_have_text("Tartus")
    page.locator(BOX).press("Enter")  # Enter in the box opens the first result
    expect(page).to_have_url(re.compile(r"/glossary/tartus/$"))
    expect(page.locator("h1")).to_have_text("Tartus")


def test_escape_closes_results_and_no_match_is_said(page, base_url):
    page.goto(base_url)
    search(page, "Tartus")
    panel = page.locator("#sg-search-panel")
    expect(panel).to_be_visible()
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    assert page.evaluate("document.activeElement.id") == "sg-search-q"
    page.locator(BOX).fill("zzxqv")
    expect(page.locator("#sg-search-status")).to_have_text("No results for “zzxqv”", timeout=10000)
    expect(page.locator(RESULTS)).to_have_count(0)


def test_without_an_index_the_box_says_so(new_page, base_url):
    """A dev-server build has no index: the box explains instead of failing silently."""
    page = new_page()
    page.route("**/pagefind/**", lambda route: route.fulfill(status=404, body="not found"))
    page.goto(base_url)
    page.locator(BOX).fill("Tartus")
    expect(page.locator("#sg-search-status")).to_contain_text("sitegen build", timeout=10000)
    assert page.probe.csp == []
