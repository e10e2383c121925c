"""The reader's control over the page: the pop-up switch (kept across pages),
no card opening while the page scrolls, motion, and a clean console and CSP
in every state."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from browser_support import TERM, hover, settle

MENTION = f'a[data-term="{TERM}"]'
CARD = f"#card-{TERM}"
SWITCH = ".sg-switch"

# Counts every card that opens from now on.
OPEN_WATCH = """() => {
  window.__opened = [];
  new MutationObserver(records => records.forEach(r => {
    if (r.target.classList.contains('is-open')) window.__opened.push(r.target.id);
  })).observe(document.querySelector('.sg-cards'), {attributes: true, subtree: true, attributeFilter: ['class']});
}"""


def test_switch_turns_cards_off_on_every_page_and_links_still_work(page, base_url, article_url):
    page.goto(article_url)
    switch = page.locator(SWITCH)
    expect(switch).to_be_visible()
    expect(switch).to_have_attribute("role", "switch")
    expect(switch).to_have_attribute("aria-checked", "true")
    switch.click()
    expect(switch).to_have_attribute("aria-checked", "false")
    # Another page, then the article again: still off.
    page.goto(f"{base_url}glossary/")
    page.goto(article_url)
    expect(page.locator(SWITCH)).to_have_attribute("aria-checked", "false")
    mention = page.locator(MENTION).first
    hover(mention)
    page.wait_for_timeout(600)
    expect(page.locator(CARD)).to_be_hidden()
    assert mention.get_attribute("aria-expanded") is None, "a mention that opens nothing claims to expand"
    mention.focus()
    expect(page.locator(CARD)).to_be_hidden()
    mention.click()  # the link still goes to the term's entry
    expect(page).to_have_url(re.compile(rf"#term-{TERM}$"))
    page.locator(SWITCH).click()
    expect(page.locator(SWITCH)).to_have_attribute("aria-checked", "true")
    page.goto(article_url + "?again")
    hover(page.locator(MENTION).first)
    expect(page.locator(CARD)).to_be_visible()


def test_switch_off_lets_a_tap_follow_the_link(new_page, article_url):
    phone = new_page(viewport={"width": 375, "height": 667}, has_touch=True, is_mobile=True)
    phone.goto(article_url)
    phone.locator(SWITCH).tap()
    mention = phone.locator(MENTION).first
    mention.scroll_into_view_if_needed()
    mention.tap()
    expect(phone).to_have_url(re.compile(rf"#term-{TERM}$"))
    expect(phone.locator(CARD)).to_be_hidden()


def test_no_card_opens_while_the_page_scrolls_under_a_still_pointer(page, article_url):
    page.goto(article_url)
    mention = page.locator(MENTION).first
    box = mention.bounding_box()
    x, y = box["x"] + 6, 450
    # Start 600 px above the place where the mention will sit under the pointer.
    end = page.evaluate("() => scrollY") + box["y"] + box["height"] / 2 - y
    page.evaluate("y => window.scrollTo(0, y)", end - 600)
    page.mouse.move(x, y)
    page.wait_for_timeout(400)
    page.keyboard.press("Escape")  # whatever the pointer landed on
    settle(page)
    page.evaluate(OPEN_WATCH)
    for _ in range(10):  # the wheel carries mentions, then the S-300 one, under the pointer
        page.mouse.wheel(0, 60)
        page.wait_for_timeout(40)
    page.wait_for_timeout(200)
    assert page.evaluate("document.elementFromPoint(%d, %d).closest('a[data-term]')?.dataset.term" % (x, y)) == TERM
    page.wait_for_timeout(700)
    assert page.evaluate("window.__opened") == [], "a card opened because the page scrolled under the pointer"
    # A real movement, once the page is still, opens it (so the watch above can see a card open).
    page.mouse.move(x + 3, y)
    expect(page.locator(CARD)).to_be_visible()
    assert page.evaluate("window.__opened") == [CARD[1:]]


def test_no_card_opens_when_the_page_starts_scrolling_under_a_resting_pointer(page, article_url):
    """The pointer arrives on a mention and the reader starts scrolling at once,
    slowly (a trackpad), so the mention stays under the pointer for longer than
    the hover delay: the scroll breaks the rest, and nothing opens while the
    page moves."""
    page.goto(article_url)
    mention = page.locator(MENTION).first
    mention.scroll_into_view_if_needed()
    settle(page)
    page.evaluate(OPEN_WATCH)
    box = mention.bounding_box()
    page.mouse.move(box["x"] + 6, box["y"] + box["height"] / 2)
    for _ in range(8):  # 0.4 s of scrolling by 1 px (less than half a line), the pointer held still
        page.mouse.wheel(0, 1)
        page.wait_for_timeout(50)
    assert page.evaluate("document.elementFromPoint(%f, %f).closest('a[data-term]')?.dataset.term"
                         % (box["x"] + 6, box["y"] + box["height"] / 2)) == TERM, "the mention left the pointer"
    assert page.evaluate("window.__opened") == [], "a card opened while the page was scrolling"


def test_reduced_motion_stops_every_animation(new_page, article_url):
    def animations(**opts):
        page = new_page(**opts)
        page.goto(article_url)
        page.locator("#note-ref-3").click()  # wide: focuses and flashes the note
        page.locator(MENTION).first.focus()
        page.keyboard.press("Tab")
        return page.evaluate("""() => [...document.querySelectorAll('.sg-card.is-open, .sg-sidenote.is-flash, .sg-switch-track')]
            .map(e => getComputedStyle(e).animationName + '/' + getComputedStyle(e).transitionDuration)""")

    moving = animations(reduced_motion="no-preference")
    assert any(not a.startswith("none") for a in moving) and any(not a.endswith("/0s") for a in moving), moving
    still = animations(reduced_motion="reduce")
    assert all(a == "none/0s" for a in still), still


def test_no_csp_violation_or_error_in_any_state(new_page, base_url, article_url):
    page = new_page()
    page.goto(article_url)
    hover(page.locator(MENTION).first)
    hover(page.locator(f'{CARD} a[data-term-ref]').first)
    expect(page.locator(".sg-card.is-open")).to_have_count(2)
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.locator(SWITCH).click()
    page.locator(SWITCH).click()
    page.locator("#sg-search-q").fill("Tartus")
    expect(page.locator(".sg-search-results a").first).to_be_visible(timeout=10000)
    page.set_viewport_size({"width": 500, "height": 800})
    page.locator("#note-ref-1").click()
    expect(page.locator("#sidenote-1")).to_be_visible()
    page.evaluate("window.dispatchEvent(new Event('beforeprint')); window.dispatchEvent(new Event('afterprint'))")
    for url in (base_url, f"{base_url}glossary/", f"{base_url}glossary/{TERM}/", f"{base_url}404.html"):
        page.goto(url)
        page.locator("#sg-search-q").fill("S-300")
        expect(page.locator(".sg-search-results a").first).to_be_visible(timeout=10000)
    assert page.evaluate("window.__cspViolations || []") == []
    assert page.probe.errors == [], page.probe.errors
    # The probe works: an inline style is refused by the page's CSP.
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<div style=\"color:red\">x</div>')")
    page.wait_for_timeout(100)
    assert page.evaluate("window.__cspViolations || []"), "CSP probe did not see an inline style"
