"""Nested definitions: a term named inside a card opens its own card on top;
Escape closes the top one; A -> B -> A never opens A twice; cards stay on screen."""
from __future__ import annotations

from playwright.sync_api import expect

from browser_support import TERM, hover, settle

MENTION = f'a[data-term="{TERM}"]'
A = f"#card-{TERM}"
# The explainer's S-300 definition names Tartus, whose definition names S-300 again.
B_ID = "tartus"
B = f"#card-{B_ID}"
REF_TO_B = f'{A} a[data-term-ref="{B_ID}"]'
REF_BACK_TO_A = f'{B} a[data-term-ref="{TERM}"]'


def open_ids(page) -> list[str]:
    return page.evaluate("[...document.querySelectorAll('.sg-card.is-open')].map(c => c.id)")


def inside(box, w, h, margin=8):
    return (box["x"] >= margin - .5 and box["y"] >= margin - .5
            and box["x"] + box["width"] <= w - margin + .5 and box["y"] + box["height"] <= h - margin + .5)


def test_term_in_a_card_opens_a_second_card_on_top_and_escape_closes_the_top(page, article_url):
    page.goto(article_url)
    hover(page.locator(MENTION).first)
    expect(page.locator(A)).to_be_visible()
    ref = page.locator(REF_TO_B)
    expect(ref).to_have_class("sg-term-ref")
    hover(ref)
    expect(page.locator(B)).to_be_visible()
    assert sorted(open_ids(page)) == sorted([A[1:], B[1:]])
    expect(ref).to_have_attribute("aria-expanded", "true")
    expect(ref).to_have_attribute("aria-controls", B[1:])
    for card in (A, B):
        assert inside(page.locator(card).bounding_box(), 1280, 900), card
    # B is drawn above A: the point at the centre of B belongs to B.
    box = page.locator(B).bounding_box()
    assert page.evaluate("([x, y]) => document.elementFromPoint(x, y).closest('.sg-card')?.id",
                         [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2]) == B[1:]
    page.keyboard.press("Escape")
    expect(page.locator(B)).to_be_hidden()
    expect(page.locator(A)).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator(A)).to_be_hidden()


def test_a_card_leading_back_to_an_open_one_never_loops(page, article_url):
    page.goto(article_url)
    hover(page.locator(MENTION).first)
    hover(page.locator(REF_TO_B))
    expect(page.locator(B)).to_be_visible()
    back = page.locator(REF_BACK_TO_A)
    hover(back)
    page.wait_for_timeout(500)  # past the hover delay
    assert sorted(open_ids(page)) == sorted([A[1:], B[1:]]), "A -> B -> A opened a card again"
    expect(page.locator(A)).to_have_class("sg-card is-open is-flash")  # the open card is pointed at instead
    # The keyboard gets the same answer: focus on the link back to A opens nothing new.
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.locator(MENTION).first.focus()
    page.keyboard.press("Tab")  # into A: its first control is the link to B, which opens B
    expect(page.locator(B)).to_be_visible()
    page.keyboard.press("Tab")  # into B
    for _ in range(8):
        if page.evaluate(f"document.activeElement.matches('{REF_BACK_TO_A}')"):
            break
        page.keyboard.press("Tab")
    assert page.evaluate(f"document.activeElement.matches('{REF_BACK_TO_A}')")
    settle(page)
    assert len(open_ids(page)) == 2


def test_moving_back_to_the_first_card_closes_the_second(page, article_url):
    page.goto(article_url)
    hover(page.locator(MENTION).first)
    hover(page.locator(REF_TO_B))
    expect(page.locator(B)).to_be_visible()
    # Into A's own text, away from the link and from B: B closes after the grace period, A stays.
    name = page.locator(f"{A} .sg-card-name").bounding_box()
    page.mouse.move(name["x"] + 4, name["y"] + name["height"] / 2, steps=6)
    expect(page.locator(B)).to_be_hidden(timeout=2000)
    expect(page.locator(A)).to_be_visible()


def test_phone_taps_stack_cards_on_screen(phone, article_url):
    phone.goto(article_url)
    mention = phone.locator(MENTION).first
    mention.scroll_into_view_if_needed()
    mention.tap()
    expect(phone.locator(A)).to_be_visible()
    url = phone.url
    phone.locator(REF_TO_B).tap()
    expect(phone.locator(B)).to_be_visible()
    assert phone.url == url, "the tap in the card followed the link"
    for card in (A, B):
        assert inside(phone.locator(card).bounding_box(), 375, 667), card
    phone.locator(REF_BACK_TO_A).tap()
    assert sorted(open_ids(phone)) == sorted([A[1:], B[1:]])
    phone.locator("h1").tap()
    assert open_ids(phone) == []


def test_term_only_named_in_a_note_has_a_card(page, article_url):
    """Abu al-Faraj al-Masri is spelled "al-Farai" in the article, so only a note names him."""
    page.goto(article_url)
    assert page.locator("#term-abu-al-faraj-al-masri").count() == 0, "not a term of the article"
    ref = page.locator('.sg-sidenote a[data-term-ref="abu-al-faraj-al-masri"]').first
    hover(ref)
    expect(page.locator("#card-abu-al-faraj-al-masri")).to_be_visible()
