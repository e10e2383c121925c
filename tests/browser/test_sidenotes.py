"""Passage notes as sidenotes: beside their quotes on wide screens, opened
under their paragraph on narrow ones, numbered endnotes in print."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

NOTE_RECTS = """() => {
  const body = document.querySelector('.sg-body').getBoundingClientRect();
  return [...document.querySelectorAll('.sg-sidenote')].map(n => {
    const r = n.getBoundingClientRect(), num = n.id.split('-')[1];
    const m = document.getElementById('note-ref-' + num).getClientRects()[0];
    return {id: n.id, top: r.top + scrollY, bottom: r.bottom + scrollY, left: r.left, right: r.right,
            marker: m.top + scrollY, bodyRight: body.right, visible: getComputedStyle(n).visibility === 'visible'};
  });
}"""


@pytest.mark.parametrize("width", [1024, 1280, 1600])
def test_sidenotes_in_the_margin_beside_their_markers_never_overlapping(new_page, article_url, width):
    page = new_page(viewport={"width": width, "height": 900})
    page.goto(article_url)
    expect(page.locator(".sg-body.has-sidenotes")).to_have_count(1)
    notes = page.evaluate(NOTE_RECTS)
    assert len(notes) >= 10
    for n in notes:
        assert n["visible"], n
        assert n["left"] >= n["bodyRight"] + 16, f"{n['id']} is not in the margin at {width}px"
        assert n["right"] <= width, f"{n['id']} runs off the screen at {width}px"
        assert n["top"] >= n["marker"] - 2, f"{n['id']} starts above its marker"
    for a, b in zip(notes, notes[1:]):
        assert b["top"] >= a["bottom"] + 4, f"{a['id']} and {b['id']} overlap at {width}px"
    first = notes[0]
    assert abs(first["top"] - first["marker"]) <= 4, "the first note is not level with its marker"
    # Every note comes before the end of the article's text column's container.
    assert notes[-1]["bottom"] <= page.evaluate(
        "document.querySelector('.sg-body').getBoundingClientRect().bottom + scrollY") + 1


def test_wide_marker_takes_focus_to_its_note(page, article_url):
    page.goto(article_url)
    url = page.url
    marker = page.locator("#note-ref-3")
    expect(marker).to_have_attribute("aria-controls", "sidenote-3")
    assert marker.get_attribute("aria-expanded") is None, "a note always shown is not collapsible"
    marker.click()
    assert page.evaluate("document.activeElement.id") == "sidenote-3"
    assert page.url == url
    expect(page.locator("#sidenote-3")).to_be_in_viewport()


def test_wide_note_is_reached_by_tab_after_its_paragraph(page, article_url):
    page.goto(article_url)
    page.locator("#note-ref-2").focus()
    page.keyboard.press("Tab")
    # The marker is the paragraph's last control: its note's first link comes next.
    assert page.evaluate("document.activeElement.closest('.sg-sidenote')?.id") == "sidenote-1"


@pytest.mark.parametrize("viewport", [(375, 667), (768, 1024)], ids=["phone", "tablet"])
def test_narrow_marker_opens_note_under_its_paragraph_by_tap(new_page, article_url, viewport):
    w, h = viewport
    page = new_page(viewport={"width": w, "height": h}, has_touch=True, is_mobile=True)
    page.goto(article_url)
    marker, note = page.locator("#note-ref-5"), page.locator("#sidenote-5")
    expect(note).to_be_hidden()
    expect(marker).to_have_attribute("aria-expanded", "false")
    expect(marker).to_have_attribute("aria-controls", "sidenote-5")
    url = page.url
    marker.tap()
    expect(note).to_be_visible()
    expect(marker).to_have_attribute("aria-expanded", "true")
    assert page.url == url, "the tap followed the link instead of opening the note"
    paragraph = page.evaluate("() => document.getElementById('note-ref-5').closest('p').getBoundingClientRect().bottom")
    box = note.bounding_box()
    assert box["y"] >= paragraph - 1, "the note is not under its paragraph"
    assert box["x"] >= 0 and box["x"] + box["width"] <= w
    marker.tap()
    expect(note).to_be_hidden()
    expect(marker).to_have_attribute("aria-expanded", "false")


def test_narrow_marker_opens_note_by_enter_and_escape_closes(new_page, article_url):
    page = new_page(viewport={"width": 600, "height": 800})
    page.goto(article_url)
    # Marker 2 is its paragraph's last control: Tab goes on into its open note.
    marker, note = page.locator("#note-ref-2"), page.locator("#sidenote-2")
    marker.focus()
    page.keyboard.press("Enter")
    expect(note).to_be_visible()
    expect(marker).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.sg-sidenote')?.id") == "sidenote-2"
    # Its first link names a term, whose card opens; Escape closes what is on top first.
    expect(page.locator(".sg-card.is-open")).to_have_count(1)
    page.keyboard.press("Escape")
    expect(page.locator(".sg-card.is-open")).to_have_count(0)
    expect(note).to_be_visible()
    page.keyboard.press("Escape")
    expect(note).to_be_hidden()
    assert page.evaluate("document.activeElement.id") == "note-ref-2", "Escape did not return to the marker"


def test_print_has_numbered_endnotes_and_no_sidenotes(page, article_url):
    page.goto(article_url)
    page.emulate_media(media="print")
    expect(page.locator(".sg-sidenote").first).to_be_hidden()
    endnotes = page.locator(".sg-notes ol > li")
    count = page.locator(".sg-sidenote").count()
    expect(endnotes).to_have_count(count)
    expect(endnotes.nth(count - 1)).to_have_attribute("value", str(count))
    expect(endnotes.first).to_be_visible()
    expect(page.locator("#note-ref-1")).to_be_visible()
