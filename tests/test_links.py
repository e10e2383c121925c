"""`sitegen check --links [--external]`: sitegen.links on hand-made output and on tiny sites.

tests/sites/links-output/output is an output tree written by hand with every
kind of link, and expected.txt beside it the exact diagnostics (refresh it by
running this file: `python -m tests.test_links --update`). External checks
talk only to a local http.server on 127.0.0.1.
"""

from __future__ import annotations

import http.server
import json
import re
import shutil
import sys
import threading
import time
from pathlib import Path

import pytest

from sitegen.errors import Diagnostics
from sitegen.links import LinkCache, check_links
from tests.conftest import SITES, FakeTerminal, run_sitegen

OUTPUT = SITES / "links-output"
BASE_URL = "https://example.org/news/"


def diagnostics_text(diagnostics: Diagnostics) -> str:
    return "".join(f"{d.path}:{d.line}:{d.col}: {d.severity.value}: {d.message}\n" for d in diagnostics.sorted())


def check_output_tree() -> str:
    diagnostics = Diagnostics()
    check_links(OUTPUT / "output", diagnostics, base_url=BASE_URL)
    return diagnostics_text(diagnostics)


# ---------------------------------------------------------------- internal links


def test_hand_made_output_gives_exactly_the_expected_diagnostics():
    assert check_output_tree() == (OUTPUT / "expected.txt").read_text(encoding="utf-8")


def test_pages_shared_among_workers_give_what_one_process_gives(monkeypatch):
    """A page a chunk: each worker parses, for a `#fragment`, pages of other chunks itself."""
    import sitegen.links as links

    def checked(jobs: int) -> tuple[str, dict, int]:
        diagnostics = Diagnostics()
        checker = links._Checker(OUTPUT / "output", diagnostics, BASE_URL)
        pages = sorted(f for f in checker.files if f.endswith(".html"))
        count = links._check_in_workers(checker, pages, jobs) if jobs > 1 else checker.check_pages(pages)
        external = {url: sorted(places, key=lambda link: link[:3]) for url, places in checker.external.items()}
        return diagnostics_text(diagnostics), external, count

    monkeypatch.setattr(links, "CHUNK_PAGES", 1)
    text, external, count = checked(jobs=2)
    assert (text, external, count) == checked(jobs=1)
    assert text == (OUTPUT / "expected.txt").read_text(encoding="utf-8")
    assert external and count > 40
    monkeypatch.setattr(links, "PARALLEL_PAGES", 1)
    parallel = Diagnostics()
    assert check_links(OUTPUT / "output", parallel, base_url=BASE_URL, jobs=2) == count
    assert diagnostics_text(parallel) == text


def test_a_check_again_reads_only_the_pages_that_changed(tmp_path, monkeypatch):
    """What each page holds is kept in the build cache with the page's hash: unchanged pages are not parsed again."""
    import sitegen.links as links
    from sitegen.cache import Cache

    out = tmp_path / "output"
    shutil.copytree(OUTPUT / "output", out)
    expected = (OUTPUT / "expected.txt").read_text(encoding="utf-8")
    cache = Cache(tmp_path)
    parsed: list[str] = []
    parse_html = links.parse_html
    monkeypatch.setattr(links, "parse_html", lambda data, page: parsed.append(page) or parse_html(data, page))

    def checked() -> tuple[str, int]:
        parsed.clear()
        diagnostics = Diagnostics()
        count = check_links(out, diagnostics, base_url=BASE_URL, cache=cache)
        return diagnostics_text(diagnostics), count

    text, count = checked()
    assert text == expected and len(parsed) == 7
    assert checked() == (text, count) and parsed == []
    page = out / "about" / "index.html"
    page.write_text(page.read_text().replace('href="../"', 'href="../missing/"'))
    text, _ = checked()
    assert parsed == ["about/index.html"]
    assert "about/index.html:6:4: error: broken link '../missing/': no file 'missing/index.html' in the output" in text
    # Pages read by workers are kept too (each page a chunk, so cross-page anchors are read in other workers).
    cache.delete(cache.keys(links.PARSED_KEY))
    monkeypatch.setattr(links, "PARALLEL_PAGES", 1)
    monkeypatch.setattr(links, "CHUNK_PAGES", 1)
    diagnostics = Diagnostics()
    check_links(out, diagnostics, base_url=BASE_URL, cache=cache, jobs=2)
    assert diagnostics_text(diagnostics) == text
    assert checked()[0] == text and parsed == []
    # A damaged entry is only a page parsed again.
    cache.put(links.PARSED_KEY + "index.html", b"not a pickle")
    assert checked()[0] == text and parsed == ["index.html"]


def test_a_long_link_check_on_a_terminal_shows_its_own_bar_and_erases_it(tmp_path, monkeypatch):
    from sitegen.build import ProgressBar
    from sitegen.check import check

    root = tmp_path / "s"
    shutil.copytree(SITES / "links-ok", root, ignore=shutil.ignore_patterns(".sitegen-cache"))
    monkeypatch.setattr(ProgressBar, "DELAY", 0.0)  # as if each step took more than a second
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert not check(root, links=True, progress=True).has_errors()
    shown = terminal.getvalue()
    pages = len(re.findall(r"\r\[#*-*\] \d+/\d+ pages", shown))
    checked = re.findall(r"\rlinks \[#*-*\] (\d+)/(\d+) pages", shown)
    assert pages and checked, shown
    assert int(checked[0][1]) >= 5, "it counts the output's HTML pages"
    assert shown.endswith("\r\x1b[K")


def test_every_kind_of_good_link_passes():
    """The good half of the hand-made pages: none of these URLs appears in a diagnostic."""
    text = "".join(line for line in check_output_tree().splitlines(True) if not line.startswith("404.html:"))
    for good in ["'about/'", "'about'", "'./'", "''", "'?page=2'", "'about/#team'", "'#heading'", "'#top'", "'#old-style'",
                 "'docs/page.html'", "'docs/page%20two.html'", "'/news/about/'", "'/news'", "'../about/'", "'mailto:",
                 "page.html#part'", "'img/a.png'", "'style.css'", "fonts.example.com", "cdn.example.com", "example.org/other/"]:
        assert good not in text, good


def test_at_the_root_the_same_links_resolve_differently():
    """With base_url '/', '/news/about/' leaves the (root) site's files and '/elsewhere/' is just missing."""
    diagnostics = Diagnostics()
    check_links(OUTPUT / "output", diagnostics, base_url="/")
    text = diagnostics_text(diagnostics)
    assert "broken link '/news/about/': no file 'news/about/index.html' in the output" in text
    assert "broken link '/elsewhere/': no file 'elsewhere/index.html' in the output" in text
    assert "leaves the site: it does not start with the base path" not in text


def positions(html: Path, fragment: str) -> tuple[int, int]:
    """Line and column (1-based) of the tag holding `fragment` in a built page."""
    text = html.read_text(encoding="utf-8")
    at = text.index(fragment)
    start = text.rindex("<", 0, at)
    line = text.count("\n", 0, start) + 1
    col = start - (text.rfind("\n", 0, start) + 1) + 1
    return line, col


def test_check_links_catches_a_planted_broken_link_and_anchor(tmp_path):
    site = SITES / "links-broken"
    result = run_sitegen("check", "--links", "--root", str(site))
    assert result.returncode == 1
    # Where the links are depends on the theme: find them in a build of the same content.
    out = tmp_path / "site"
    assert run_sitegen("build", "--root", str(site), "--out", str(out)).returncode == 0
    page = out / "articles/planted/index.html"
    where = {href: positions(page, f'href="{href}"') for href in ["../missing/", "#nowhere", "/glossary/", "http:///nohost"]}
    expected = [
        "articles/planted/index.html:{}:{}: error: broken link '../missing/': no file 'articles/missing/index.html' in the output".format(*where["../missing/"]),
        "articles/planted/index.html:{}:{}: error: broken anchor '#nowhere': this page has no id 'nowhere'".format(*where["#nowhere"]),
        "articles/planted/index.html:{}:{}: error: link '/glossary/' leaves the site: it does not start with the base path '/news/' (use a relative link, which works under any base_url)".format(*where["/glossary/"]),
        "articles/planted/index.html:{}:{}: error: malformed URL 'http:///nohost': it has no host".format(*where["http:///nohost"]),
    ]
    lines = result.stderr.splitlines()
    assert lines[:-1] == expected
    assert lines[-1] == "sitegen: check failed: 4 errors, 0 warnings"


def test_github_format_names_the_page_and_line(tmp_path):
    result = run_sitegen("check", "--links", "--format", "github", "--root", str(SITES / "links-broken"))
    assert result.returncode == 1
    first = result.stdout.splitlines()[0]  # annotations go to stdout, where Actions reads them
    assert re.fullmatch(
        r"::error file=articles/planted/index\.html,line=\d+,col=\d+,title=sitegen broken-link::broken link '\.\./missing/': no file 'articles/missing/index\.html' in the output",
        first,
    ), first


def test_a_good_site_passes_link_checks_at_any_base_url():
    for base_url in ["https://example.github.io/explainers/", "https://explainers.example.org/", "/explainers/", "/"]:
        result = run_sitegen("check", "--links", "--root", str(SITES / "links-ok"), "--base-url", base_url)
        assert result.returncode == 0, (base_url, result.stderr)
        assert " error: " not in result.stderr, base_url


def test_without_links_the_planted_problems_go_unnoticed():
    """--links is what finds them: a plain check passes the same content."""
    result = run_sitegen("check", "--root", str(SITES / "links-broken"))
    assert result.returncode == 0, result.stderr


# ---------------------------------------------------------------- external links


class Remote(http.server.BaseHTTPRequestHandler):
    """Canned answers: /ok, /get-only (refuses HEAD), /missing (404), /slow (answers after 3 s)."""

    hits: list[tuple[str, str]] = []
    lock = threading.Lock()

    def answer(self, send_body: bool) -> None:
        with self.lock:
            self.hits.append((self.command, self.path))
        if self.path == "/slow":
            time.sleep(3)
        status = {"/ok": 200, "/get-only": 405 if self.command == "HEAD" else 200, "/slow": 200}.get(self.path, 404)
        body = b"hello\n"
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def do_GET(self):
        self.answer(True)

    def do_HEAD(self):
        self.answer(False)

    def log_message(self, format, *args):
        pass


@pytest.fixture
def remote():
    Remote.hits = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Remote)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join(5)


def page_linking(tmp_path: Path, urls: list[str]) -> Path:
    out = tmp_path / "site"
    out.mkdir()
    links = "\n".join(f'<p><a href="{u}">{i}</a></p>' for i, u in enumerate(urls))
    (out / "index.html").write_text(f'<!doctype html>\n<html lang="en">\n<head><title>x</title></head>\n<body>\n{links}\n</body>\n</html>\n')
    (out / "other.html").write_text(f'<!doctype html>\n<html lang="en"><head><title>y</title></head><body>\n<a href="{urls[0]}">again</a></body></html>\n')
    return out


def test_external_links_are_fetched_with_head_then_get_and_timeouts(tmp_path, remote):
    urls = [f"{remote}/ok", f"{remote}/get-only", f"{remote}/missing", f"{remote}/slow", f"{remote}/ok#fragment"]
    out = page_linking(tmp_path, urls)
    cache = tmp_path / "cache" / "links.json"
    diagnostics = Diagnostics()
    check_links(out, diagnostics, external=True, cache_file=cache, now=1_000_000.0, timeout=1.0)
    assert diagnostics_text(diagnostics) == (
        f"index.html:7:4: warning: external link '{remote}/missing' failed: HTTP 404\n"
        f"index.html:8:4: warning: external link '{remote}/slow' failed: timed out\n"
    )
    hits = sorted(Remote.hits)
    assert hits.count(("HEAD", "/ok")) == 1  # once, though linked three times on two pages
    assert ("GET", "/ok") not in hits
    assert ("HEAD", "/get-only") in hits and ("GET", "/get-only") in hits
    assert ("GET", "/missing") in hits  # a failed HEAD is retried with GET before it is reported
    # Only successes are cached, with the time of the check.
    assert json.loads(cache.read_text()) == {"version": 1, "ok": {f"{remote}/get-only": 1_000_000.0, f"{remote}/ok": 1_000_000.0}}


def test_cached_successes_are_not_fetched_again_for_a_day(tmp_path, remote):
    out = page_linking(tmp_path, [f"{remote}/ok", f"{remote}/missing"])
    cache = tmp_path / "links.json"
    check_links(out, Diagnostics(), external=True, cache_file=cache, now=1_000_000.0)
    Remote.hits.clear()
    later = Diagnostics()
    check_links(out, later, external=True, cache_file=cache, now=1_000_000.0 + 23 * 3600)
    assert ("HEAD", "/ok") not in Remote.hits  # from the cache
    assert ("HEAD", "/missing") in Remote.hits  # failures are always asked again
    assert "external link" in diagnostics_text(later)
    Remote.hits.clear()
    check_links(out, Diagnostics(), external=True, cache_file=cache, now=1_000_000.0 + 25 * 3600)
    assert ("HEAD", "/ok") in Remote.hits  # expired


def test_a_damaged_cache_is_only_a_slower_check(tmp_path):
    cache = tmp_path / "links.json"
    cache.write_text("{not json")
    assert LinkCache(cache, now=0).entries == {}


def test_without_external_nothing_is_fetched(tmp_path, remote):
    out = page_linking(tmp_path, [f"{remote}/missing", "https://exa mple.com/"])
    diagnostics = Diagnostics()
    check_links(out, diagnostics, external=False)
    assert Remote.hits == []
    assert diagnostics_text(diagnostics) == "index.html:6:4: error: malformed URL 'https://exa mple.com/': it contains a space (write %20)\n"


def test_cli_external_check_reports_and_caches_under_the_site_root(tmp_path, remote):
    root = tmp_path / "site-src"
    shutil.copytree(SITES / "links-ok", root)
    glossary = root / "content/glossary/main.yml"
    glossary.write_text(glossary.read_text().replace("https://en.wikipedia.org/wiki/Tartus", f"{remote}/missing"))
    for sidecar in [root / "content/articles/first-story.yml"]:
        sidecar.write_text(sidecar.read_text().replace("https://news.example.com/report", f"{remote}/ok"))
    # Every other external URL of the site points at the local server too, so nothing leaves the machine.
    for path in (root / "content").rglob("*"):
        if path.suffix in (".yml", ".md"):
            path.write_text(re.sub(r"https://en\.wikipedia\.org/wiki/[^\s\"')]+", f"{remote}/ok", path.read_text()))
    result = run_sitegen("check", "--links", "--external", "--root", str(root), "--base-url", "https://example.github.io/explainers/")
    assert result.returncode == 0, result.stderr  # failures of other people's sites are warnings
    assert re.search(rf"warning: external link '{re.escape(remote)}/missing' failed: HTTP 404 \(and \d+ more places?\)", result.stderr), result.stderr
    strict = run_sitegen("check", "--links", "--external", "--strict", "--root", str(root), "--base-url", "https://example.github.io/explainers/")
    assert strict.returncode == 1
    cached = json.loads((root / ".sitegen-cache" / "links.json").read_text())
    assert list(cached["ok"]) == [f"{remote}/ok"]
    external = {path for _, path in Remote.hits}
    assert external == {"/ok", "/missing"}


if __name__ == "__main__":
    if sys.argv[1:] == ["--update"]:
        (OUTPUT / "expected.txt").write_text(check_output_tree(), encoding="utf-8")
        print(f"wrote {OUTPUT / 'expected.txt'}")
    else:
        print("usage: python -m tests.test_links --update", file=sys.stderr)
