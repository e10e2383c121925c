"""The injection site in Chromium: no dialog, no script of a payload runs, no CSP violation.

The site of tests/injection/make_site.py (every payload in every field) is
built and served. Every article (each holds every field of one payload,
with the cards, Terms, Notes and Sources of its terms), every index and
redirect page, 404.html and every eighth glossary page is loaded, and on
articles every card is shown. An init script replaces alert/confirm/prompt
and watches for any script element added; the page is then searched for
script elements and inline handlers it should not have. (tests/test_injection.py
checks every page's HTML without a browser.) Then the site's search is
asked for payload words: the results show their text, never their markup.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from browser_support import StaticServer

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from sitegen.cli import main  # noqa: E402
from tests.injection.make_site import make_site  # noqa: E402

TRAP = """
window.__xss = [];
for (const name of ['alert', 'confirm', 'prompt', 'print']) {
  window[name] = (...args) => { window.__xss.push(name + '(' + args.join(',') + ')'); };
}
new MutationObserver(records => {
  for (const r of records) for (const n of r.addedNodes) {
    if (n.nodeType === 1 && document.readyState === 'complete' && (n.tagName === 'SCRIPT' || n.tagName === 'IFRAME'))
      window.__xss.push('added ' + n.tagName);
  }
}).observe(document, {childList: true, subtree: true});
"""


@pytest.fixture(scope="module")
def injection_url(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("injection-browser")
    make_site(tmp / "site")
    out = tmp / "out"
    assert main(["build", "--root", str(tmp / "site"), "--out", str(out)]) == 0
    with StaticServer(out) as server:
        yield server.url, out


def _pages(out: Path) -> list[str]:
    every = sorted(p.relative_to(out).as_posix().removesuffix("index.html") for p in out.rglob("*.html"))
    terms = [rel for rel in every if rel.startswith("glossary/") and rel != "glossary/"]
    return [rel for rel in every if not rel.startswith("glossary/") or rel == "glossary/"] + terms[::8]


def test_no_payload_runs_in_the_browser(new_page, injection_url):
    base, out = injection_url
    page = new_page()
    page.add_init_script(TRAP)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    checked = mentions = 0  # pages, cards shown
    findings: list[str] = []
    for rel in _pages(out):
        page.goto(base + rel, wait_until="load")
        if 'http-equiv="refresh"' in (out / (rel + "index.html" if rel.endswith("/") or not rel else rel)).read_text():
            page.wait_for_url("**/articles/markdown-vectors/")  # an alias: the refresh lands on the article
            page.wait_for_load_state("load")
        if rel.startswith("articles/"):
            mentions += page.evaluate("""() => {
                const cards = [...document.querySelectorAll('.sg-card')];
                cards.forEach(c => { c.classList.add('is-open'); if (c.showPopover) c.showPopover(); });
                return cards.length;
            }""")
        scripts = page.evaluate("""() => [...document.scripts].map(s => s.src ? 'src' : s.type)""")
        if any(kind not in ("src", "application/ld+json") for kind in scripts):
            findings.append(f"{rel}: script elements {scripts}")
        handlers = page.evaluate("""() => [...document.querySelectorAll('*')].flatMap(el =>
            [...el.attributes].filter(a => a.name.startsWith('on')).map(a => el.tagName + ' ' + a.name))""")
        if handlers:
            findings.append(f"{rel}: inline handlers {handlers}")
        trapped = page.evaluate("window.__xss")
        if trapped:
            findings.append(f"{rel}: ran {trapped}")
        checked += 1
    assert checked > 100 and mentions > 150
    assert dialogs == []
    assert findings == []
    assert page.probe.csp == []
    assert [e for e in page.probe.errors if e.startswith("page error")] == []  # the theme's script never throws on odd text


@pytest.mark.parametrize("query", ["alert", "script onerror", "javascript", "img src"])
def test_search_results_over_payloads_stay_text(new_page, injection_url, query):
    """Pagefind's titles and excerpts hold the payloads' text: the results show it, never run it."""
    base, out = injection_url
    if not (out / "pagefind" / "pagefind.js").is_file():
        pytest.fail("the injection site has no search index (is pagefind-bin installed?)")
    page = new_page()
    page.add_init_script(TRAP)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(base, wait_until="load")
    page.fill("#sg-search-q", query)
    results = page.locator(".sg-search-results li")
    results.first.wait_for(timeout=20_000)  # (wait_for_function would eval a string: the CSP forbids it)
    assert results.count() > 0
    elements = page.evaluate("""() => [...document.querySelectorAll('.sg-search-results *')].map(el =>
        el.tagName.toLowerCase() + [...el.attributes].map(a => ' ' + a.name).join(''))""")
    assert {e.split()[0] for e in elements} <= {"li", "a", "span", "mark"}, elements  # the payloads' text, no element of theirs
    assert not [e for e in elements if " on" in e or " style" in e or " src" in e]
    assert "alert" in page.locator(".sg-search-results").inner_text() or query != "alert"
    assert page.evaluate("window.__xss") == [] and dialogs == []
    assert page.probe.csp == [] and [e for e in page.probe.errors if e.startswith("page error")] == []
