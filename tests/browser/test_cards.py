"""What a reader does with the definition cards of an article (SPEC §2)."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from browser_support import TERM, hover

MENTION = f'a[data-term="{TERM}"]'
CARD = f"#card-{TERM}"
MARGIN = 8  # px the card keeps from the viewport's edges

# Records when the pointer entered the mention and when the card opened.
TIMING_PROBE = """([sel, card]) => {
  window.__t = {};
  document.querySelector(sel).addEventListener('pointerover', () => { window.__t.over ??= performance.now(); });
  new MutationObserver(() => {
    if (document.querySelector(card).classList.contains('is-open')) window.__t.open ??= performance.now();
  }).observe(document.querySelector(card), {attributes: true});
}"""


def tab_to(page, selector: str):
    """Reach `selector` with the Tab key, as a keyboard user does: focus the
    control before it (a real key press first, so focus is keyboard focus;
    Escape closes a card that control may have opened), then press Tab."""
    page.keyboard.press("Tab")
    page.evaluate("""sel => {
      const target = document.querySelector(sel);
      const all = [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')]
        .filter(x => x.tabIndex >= 0 && !x.closest('.sg-card') && x.getClientRects().length);
      all[all.indexOf(target) - 1].focus();
    }""", selector)
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")
    assert page.evaluate("s => document.activeElement.matches(s)", selector), f"Tab did not reach {selector}"


def open_cards(page) -> int:
    return page.locator(".sg-card.is-open").count()


def box_inside(box, width, height, margin=MARGIN):
    eps = 0.5
    return (box["x"] >= margin - eps and box["x"] + box["width"] <= width - margin + eps
            and box["y"] >= margin - eps and box["y"] + box["height"] <= height - margin + eps)


def test_hover_shows_card_after_rest(page, article_url):
    page.goto(article_url)
    mention, card = page.locator(MENTION).first, page.locator(CARD)
    expect(card).to_be_hidden()
    page.evaluate(TIMING_PROBE, [MENTION, CARD])
    hover(mention)
    assert not card.is_visible(), "card appeared without the pointer resting on the mention"
    expect(card).to_be_visible(timeout=3000)
    t = page.evaluate("window.__t")
    assert t["open"] - t["over"] >= 250, f"card opened {t['open'] - t['over']:.0f} ms after the pointer arrived"
    definition = page.locator(f"#term-{TERM} .sg-def").inner_text().strip()
    assert definition and card.locator(".sg-card-def").inner_text().strip() == definition
    expect(card.locator(".sg-card-sources a[href^='http']").first).to_be_visible()
    expect(card.locator(".sg-card-more a")).to_have_attribute("href", re.compile(rf"glossary/{TERM}/$"))
    expect(mention).to_have_attribute("aria-expanded", "true")
    expect(mention).to_have_attribute("aria-controls", f"card-{TERM}")


def test_pointer_moves_into_card_and_away(page, article_url):
    page.goto(article_url)
    mention, card = page.locator(MENTION).first, page.locator(CARD)
    hover(mention)
    expect(card).to_be_visible()
    src = card.locator(".sg-card-sources a").first
    box = src.bounding_box()
    page.mouse.move(box["x"] + 5, box["y"] + box["height"] / 2, steps=12)
    page.wait_for_timeout(900)  # well past the grace period
    expect(card).to_be_visible()
    assert page.evaluate(f"document.querySelector('{CARD}').matches(':hover')")
    page.mouse.move(2, 2, steps=5)
    expect(card).to_be_hidden(timeout=2000)
    expect(mention).to_have_attribute("aria-expanded", "false")


def test_pointer_passing_over_does_not_open(page, article_url):
    page.goto(article_url)
    mention, card = page.locator(MENTION).first, page.locator(CARD)
    box = mention.bounding_box()
    page.mouse.move(box["x"] + 2, box["y"] + box["height"] / 2)
    page.wait_for_timeout(100)
    page.mouse.move(box["x"] + 2, box["y"] - 120, steps=3)
    page.wait_for_timeout(600)
    expect(card).to_be_hidden()


def test_keyboard_focus_opens_at_once_tab_enters_escape_closes(page, article_url):
    page.goto(article_url)
    card = page.locator(CARD)
    tab_to(page, MENTION)
    assert card.is_visible(), "card did not open at once on keyboard focus"
    page.keyboard.press("Tab")
    assert page.evaluate(f"document.querySelector('{CARD}').contains(document.activeElement)"), \
        "Tab from the mention did not move into its card"
    # A term named first in the definition takes focus first, and opens its own card on top.
    for _ in range(open_cards(page) - 1):
        page.keyboard.press("Escape")
        expect(card).to_be_visible()
    assert open_cards(page) == 1
    page.keyboard.press("Escape")
    expect(card).to_be_hidden()
    assert page.evaluate(f"document.activeElement.matches('{MENTION}')"), "Escape did not return focus to the mention"
    page.wait_for_timeout(100)
    expect(card).to_be_hidden()  # focus coming back must not reopen it


def test_tab_through_card_then_out_closes(page, article_url):
    page.goto(article_url)
    card = page.locator(CARD)
    tab_to(page, MENTION)
    page.evaluate("""sel => {
      const m = document.querySelector(sel);
      const all = [...document.querySelectorAll('a[href], button')].filter(x =>
        !x.closest('.sg-card') && x.getClientRects().length);
      all[all.indexOf(m) + 1].dataset.expectedNext = '';
    }""", MENTION)
    controls = card.locator("a[href], button").count()
    assert controls >= 2
    seen = set()
    for _ in range(60):  # through the card, and the cards its definition opens on the way
        page.keyboard.press("Tab")
        where = page.evaluate("""() => { const c = document.activeElement.closest('.sg-card');
            return c ? c.id + ' ' + [...c.querySelectorAll('a[href], button')].indexOf(document.activeElement) : null; }""")
        if where is None:
            break
        assert card.is_visible()
        seen.add(where)
    assert {f"card-{TERM} {i}" for i in range(controls)} <= seen, "Tab skipped controls of the card"
    expect(card).to_be_hidden()
    assert page.evaluate("'expectedNext' in document.activeElement.dataset"), "focus did not move on past the mention"
    # Only the card of what now has focus (when that is a mention) is open.
    assert open_cards(page) == page.evaluate("document.activeElement.matches('a[data-term]') ? 1 : 0")


def test_shift_tab_from_card_returns_to_mention(page, article_url):
    page.goto(article_url)
    card = page.locator(CARD)
    tab_to(page, MENTION)
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(f"document.activeElement.matches('{MENTION}')")
    expect(card).to_be_visible()
    assert open_cards(page) == 1, "a card opened from inside the card stayed open"
    page.keyboard.press("Shift+Tab")
    expect(card).to_be_hidden()


def test_click_outside_closes(page, article_url):
    page.goto(article_url)
    card = page.locator(CARD)
    hover(page.locator(MENTION).first)
    expect(card).to_be_visible()
    page.locator("h1").click()
    expect(card).to_be_hidden()


def test_close_button(page, article_url):
    page.goto(article_url)
    card = page.locator(CARD)
    tab_to(page, MENTION)
    card.locator(".sg-card-close").click()
    expect(card).to_be_hidden()


def test_only_one_card_open(page, article_url):
    page.goto(article_url)
    others = page.evaluate(f"""() => [...document.querySelectorAll('a[data-term]')]
        .map(a => a.dataset.term).filter(t => t !== '{TERM}')""")
    assert others, "the article needs a second annotated term"
    hover(page.locator(MENTION).first)
    expect(page.locator(CARD)).to_be_visible()
    hover(page.locator(f'a[data-term="{others[0]}"]').first)
    expect(page.locator(f"#card-{others[0]}")).to_be_visible()
    expect(page.locator(CARD)).to_be_hidden()
    assert open_cards(page) == 1
    tab_to(page, MENTION)
    assert open_cards(page) == 1


def test_card_flips_above_near_the_bottom(page, article_url):
    page.goto(article_url)
    mention, card = page.locator(MENTION).first, page.locator(CARD)
    mention.scroll_into_view_if_needed()
    box = mention.bounding_box()
    page.mouse.wheel(0, box["y"] - (900 - 60))  # mention 60 px above the bottom edge
    page.wait_for_timeout(200)
    box = mention.bounding_box()
    assert 900 - 100 < box["y"] < 900, box
    hover(mention)
    expect(card).to_be_visible()
    cbox = card.bounding_box()
    assert cbox["y"] + cbox["height"] <= box["y"] + 1, "card not placed above a mention at the bottom"
    assert box_inside(cbox, 1280, 900)


def test_card_follows_scroll(page, article_url):
    page.goto(article_url)
    mention, card = page.locator(MENTION).first, page.locator(CARD)
    tab_to(page, MENTION)
    page.evaluate("y => window.scrollBy(0, y)", mention.bounding_box()["y"] - 200)
    page.wait_for_timeout(150)
    before = card.bounding_box()["y"] - mention.bounding_box()["y"]
    page.evaluate("window.scrollBy(0, 80)")
    page.wait_for_timeout(150)
    expect(card).to_be_visible()
    after = card.bounding_box()["y"] - mention.bounding_box()["y"]
    assert abs(before - after) < 2, (before, after)
    page.evaluate("window.scrollBy(0, 400)")  # the mention leaves the viewport
    expect(card).to_be_hidden()


def test_phone_tap_opens_card_without_navigating(phone, article_url):
    phone.goto(article_url)
    mention, card = phone.locator(MENTION).first, phone.locator(CARD)
    mention.scroll_into_view_if_needed()
    url = phone.url
    mention.tap()
    expect(card).to_be_visible()
    phone.wait_for_timeout(300)
    assert phone.url == url, "the tap navigated instead of opening the card"
    expect(card).to_be_visible()
    expect(card.locator(".sg-card-more a")).to_be_visible()
    assert box_inside(card.bounding_box(), 375, 667)
    phone.locator("h1").tap()
    expect(card).to_be_hidden()


def test_phone_cards_stay_inside_viewport(phone, article_url):
    """Every mention, including the rightmost one, opens a card fully on screen."""
    phone.goto(article_url)
    ids = phone.evaluate("""() => {
        const all = [...document.querySelectorAll('a[data-term]')];
        all.forEach((a, i) => a.dataset.testIndex = i);
        return all.map(a => [a.dataset.testIndex, a.getClientRects()[0].right]);
    }""")
    rightmost = max(ids, key=lambda x: x[1])
    assert rightmost[1] > 375 * 0.6, "no mention near the right edge to test"
    for index, _ in sorted(ids, key=lambda x: -x[1]):
        mention = phone.locator(f'a[data-test-index="{index}"]')
        mention.scroll_into_view_if_needed()
        rect = phone.evaluate("a => { const r = a.getClientRects()[0]; return [r.left + 2, (r.top + r.bottom) / 2]; }",
                              mention.element_handle())
        phone.touchscreen.tap(*rect)
        card = phone.locator(".sg-card.is-open")
        expect(card).to_have_count(1)
        assert box_inside(card.bounding_box(), 375, 667), (index, card.bounding_box())
        phone.keyboard.press("Escape")
        expect(card).to_have_count(0)


def test_without_javascript_mention_is_a_link_to_the_entry(new_page, article_url):
    page = new_page(java_script_enabled=False)
    page.goto(article_url)
    expect(page.locator(CARD)).to_be_hidden()
    page.locator(MENTION).first.click()
    expect(page).to_have_url(re.compile(rf"#term-{TERM}$"))
    entry = page.locator(f"#term-{TERM}")
    expect(entry).to_be_in_viewport()
    expect(entry.locator(".sg-def")).to_be_visible()
    assert entry.evaluate("e => getComputedStyle(e).backgroundColor") != \
        page.evaluate("getComputedStyle(document.body).backgroundColor"), "the :target entry is not highlighted"
    expect(page.locator(".sg-card:visible")).to_have_count(0)


def test_print_expands_first_use(page, article_url):
    page.goto(article_url)
    terms = page.evaluate("new Set([...document.querySelectorAll('a[data-term]')].map(a => a.dataset.term)).size")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    spans = page.locator(".sg-print-def")
    expect(spans).to_have_count(terms)
    first = page.evaluate(f"""() => {{
      const m = document.querySelector('{MENTION}');
      return [m.nextSibling.className, m.nextSibling.textContent];
    }}""")
    definition = page.locator(f"{CARD} .sg-card-def").text_content().split()
    assert first[0] == "sg-print-def"
    assert first[1].split() == ["(" + definition[0], *definition[1:-1], definition[-1] + ")"]
    page.emulate_media(media="print")
    expect(spans.first).to_be_visible()
    expect(page.locator(".sg-masthead nav")).to_be_hidden()
    page.emulate_media(media="screen")
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    expect(spans).to_have_count(0)


def test_markup_has_no_inline_script_or_style(page, base_url, article_url, term_url):
    """The HTML as served (scripts may set styles through CSSOM later, which the CSP allows)."""
    for url in (base_url, article_url, f"{base_url}glossary/", term_url, f"{base_url}404.html"):
        html = page.request.get(url).text()
        scripts = re.findall(r"<script\b([^>]*)>", html)
        inline = [a for a in scripts if "src=" not in a and 'type="application/ld+json"' not in a]
        assert inline == [], (url, inline)
        assert not re.search(r"<style\b|\sstyle=", html), url
        assert re.match(r'<!doctype html>\s*<html lang="[^"]+">\s*<head>\s*<meta charset="utf-8">\s*'
                        r'<meta http-equiv="Content-Security-Policy"', html), url
