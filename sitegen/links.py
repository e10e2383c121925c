"""`sitegen check --links`: every link in a built site resolves.

Runs after the build, on the output itself (as zola's link checker and
htmltest do), so it sees exactly what a reader's browser will: every
`href`/`src` of every HTML page must reach a file of the output (a folder
URL means its `index.html`, as GitHub Pages serves it) and every `#anchor`
an `id` in the target page. External URLs are only checked for their form,
unless `external=True`: then each distinct http(s) URL is fetched once
(HEAD, then GET where HEAD is refused), a few at a time, with a timeout and
a cache of recent successes on disk.
"""

from __future__ import annotations

import functools
import ipaddress
import json
import os
import pickle
import posixpath
import re
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

import sitegen
from sitegen.cache import Cache, digest, open_cache
from sitegen.errors import Diagnostics

URL_ATTRS: dict[str, tuple[str, ...]] = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "script": ("src",),
    "iframe": ("src",),
    "audio": ("src",),
    "video": ("src", "poster"),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
}
"""The attributes a browser follows or loads, by element."""

SKIPPED_RELS = {"preconnect", "dns-prefetch"}
"""`<link rel>` values whose href is an origin, not a resource."""

OPAQUE_SCHEMES = {"mailto", "tel", "sms", "data", "javascript", "ftp", "geo", "irc", "ircs", "xmpp", "webcal", "magnet", "news"}
"""Schemes left alone: not fetchable over HTTP, or not ours to judge."""

_split = functools.lru_cache(maxsize=65536)(urlsplit)
"""urlsplit, remembered: a site's pages repeat the same few thousand external URLs (150,000 links, 2,088
URLs, at 1,000 articles) and each page its own links to the glossary."""

_REFRESH_URL = re.compile(r"^\s*\d+\s*[;,]\s*url\s*=\s*['\"]?([^'\"]*)", re.IGNORECASE)
_LABEL = r"[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?"
_HOST = re.compile(rf"^{_LABEL}(?:\.{_LABEL})*\.?$")

EXTERNAL_WORKERS = 8
EXTERNAL_TIMEOUT = 10.0
"""Seconds per request."""
CACHE_TTL = 24 * 60 * 60
"""A successful external check is trusted for a day."""
USER_AGENT = f"sitegen/{sitegen.__version__} link checker"
NOT_FOUND_PAGE = "404.html"
"""Served at any missed path, so it may not use relative links (SPEC §2)."""


class Link(NamedTuple):
    """One URL in one page of the output (a site has hundreds of thousands: read by index, so that the
    plain tuples read back from the cache serve as well)."""

    page: str
    """The page, as a path under the output ('articles/x/index.html')."""
    line: int
    col: int
    url: str


@dataclass(slots=True)
class Page:
    ids: set[str] = field(default_factory=set)
    links: list[Link] = field(default_factory=list)
    """Links as parsed, or plain tuples of the same shape when read back from the cache (read by index)."""


class _PageParser(HTMLParser):
    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.result = Page()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value is not None}
        line, offset = self.getpos()
        if "id" in values:
            self.result.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.result.ids.add(values["name"])
        if tag == "link" and SKIPPED_RELS & set(values.get("rel", "").lower().split()):
            return
        urls: list[str] = []
        for attr in URL_ATTRS.get(tag, ()):
            value = values.get(attr)
            if value is None:
                continue
            if attr == "srcset":
                urls += [c.strip().split()[0] for c in value.split(",") if c.strip()]
            else:
                urls.append(value.strip())
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            match = _REFRESH_URL.match(values.get("content", ""))
            if match:
                urls.append(match.group(1).strip())
        for url in urls:
            self.result.links.append(Link(self.page, line, offset + 1, url))

    handle_startendtag = handle_starttag


def parse_html(data: bytes, page: str) -> Page:
    parser = _PageParser(page)
    parser.feed(data.decode("utf-8", errors="replace"))
    parser.close()
    return parser.result


PARSED_KEY = "links-page:"
"""Build-cache key prefix of a page's ids and links, with the hash of the page they were read from.

Parsing is nine tenths of a check, and most pages are what the last check
read: a check again after fixing one link parses the few pages that changed."""


def _pack(page_hash: str, page: Page) -> bytes:
    return pickle.dumps((page_hash, sorted(page.ids), [link[1:] for link in page.links]), protocol=5)


def _unpack(rel: str, packed: tuple) -> Page:
    _, ids, links = packed
    return Page(set(ids), [(rel, line, col, url) for line, col, url in links])  # type: ignore[misc]  (Link-shaped: no Python call per link)


class _Checker:
    def __init__(self, out: Path, diagnostics: Diagnostics, base_url: str, cache: Cache | None = None):
        self.out = out
        self.diagnostics = diagnostics
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        parts = urlsplit(self.base_url)
        self.base_origin = f"{parts.scheme}://{parts.netloc}".lower() if parts.netloc else None
        self.base_path = parts.path or "/"
        self.cache = cache
        """Where what each page holds is kept between checks (see PARSED_KEY)."""
        self.read: dict[str, bytes] = {}
        """Pages parsed here (not found in the cache), packed for it."""
        self.pages: dict[str, Page] = {}
        self.external: dict[str, list[Link]] = {}
        self.files: set[str] = set()
        """Every file of the output, as 'a/b/c.html': one walk instead of a stat per link."""
        self.folders: set[str] = set()
        for path in out.rglob("*"):
            rel = path.relative_to(out).as_posix()
            (self.folders if path.is_dir() else self.files).add(rel)

    def check_pages(self, pages: list[str], progress=None) -> int:
        """Check the links of these pages; how many there were."""
        count = 0
        for rel in pages:
            page = self.page(rel)
            for link in page.links:
                self.check(link)
                count += 1
            page.links = []  # checked: only its ids may be asked for again (memory stays flat)
            if progress is not None:
                progress.step()
        return count

    def page(self, rel: str) -> Page:
        found = self.pages.get(rel)
        if found is None:
            found = self.pages[rel] = self._read(rel)
        return found

    def _read(self, rel: str) -> Page:
        """What the page holds: from the cache when it holds this very page, else parsed."""
        data = (self.out / rel).read_bytes()
        if self.cache is None:
            return parse_html(data, rel)
        page_hash = digest(data)
        stored = self.cache.get(PARSED_KEY + rel)
        if stored is not None:
            try:
                packed = pickle.loads(stored)
                if packed[0] == page_hash:
                    return _unpack(rel, packed)
            except Exception:  # damaged, or written by another version: parsed again
                pass
        page = parse_html(data, rel)
        self.read[rel] = _pack(page_hash, page)
        return page

    def error(self, link: Link, code: str, message: str) -> None:
        self.diagnostics.error(link[0], link[1], link[2], code, message)

    def check(self, link: Link) -> None:
        page, line, col, url = link
        if url == "" or url.startswith("#"):
            self.internal(link, page, url[1:])
            return
        parts = _split(url)
        if url.startswith("//"):
            parts = _split("https:" + url)
        scheme = parts.scheme.lower()
        if scheme and scheme not in ("http", "https"):
            if scheme not in OPAQUE_SCHEMES:
                self.diagnostics.warning(page, line, col, "unknown-scheme", f"link '{url}' has an unknown scheme '{scheme}:' (a typo of https:?)")
            return
        if scheme:
            problem = malformed(url)
            if problem:
                self.error(link, "malformed-url", f"malformed URL '{url}': {problem}")
                return
            ours = self.base_origin == f"{scheme}://{parts.netloc}".lower()
            if ours and (parts.path.startswith(self.base_path) or parts.path + "/" == self.base_path):
                self.internal(link, self.site_path(parts.path[len(self.base_path):]), parts.fragment)
            else:
                self.external.setdefault(url.split("#", 1)[0], []).append(link)
            return
        if parts.path.startswith("/"):
            if not parts.path.startswith(self.base_path) and parts.path + "/" != self.base_path:
                self.error(
                    link, "link-outside-base",
                    f"link '{url}' leaves the site: it does not start with the base path '{self.base_path}' "
                    "(use a relative link, which works under any base_url)",
                )
                return
            self.internal(link, self.site_path(parts.path[len(self.base_path):]), parts.fragment)
            return
        if page == NOT_FOUND_PAGE and parts.path:
            self.error(
                link, "relative-link-in-404",
                f"relative link '{url}' in {NOT_FOUND_PAGE}: GitHub Pages serves this page at whatever path was missed, "
                f"so its links must start from the base path ('{self.base_path}...')",
            )
            return
        if not parts.path:  # '?query' alone: this page
            self.internal(link, page, parts.fragment)
            return
        folder = posixpath.dirname(page)
        joined = posixpath.join(folder, parts.path)
        if posixpath.normpath(joined).startswith("../") or posixpath.normpath(joined) == "..":
            self.error(link, "link-outside-site", f"link '{url}' leaves the site: it goes above the site's root folder")
            return
        self.internal(link, self.site_path(joined), parts.fragment)

    def site_path(self, path: str) -> str:
        """An output-relative file for a URL path under the site root ('' and 'x/' mean index.html)."""
        path = unquote(path)
        trailing = path == "" or path.endswith("/")
        path = posixpath.normpath(path) if path else "."
        if path == ".":
            return "index.html"
        if trailing or path in self.folders:
            return f"{path}/index.html"
        return path

    def internal(self, link: Link, target: str, fragment: str) -> None:
        if target.startswith("../"):
            self.error(link, "link-outside-site", f"link '{link[3]}' leaves the site: it goes above the site's root folder")
            return
        if target not in self.files:
            self.error(link, "broken-link", f"broken link '{link[3]}': no file '{target}' in the output")
            return
        fragment = unquote(fragment)
        if not fragment or fragment == "top" or fragment.startswith(":~:") or not target.endswith(".html"):
            return
        if fragment not in self.page(target).ids:
            where = "this page" if target == link[0] else f"'{target}'"
            self.error(link, "broken-anchor", f"broken anchor '{link[3]}': {where} has no id '{fragment}'")


@functools.lru_cache(maxsize=4096)
def malformed(url: str) -> str | None:
    """Why an absolute http(s) URL cannot work, or None."""
    if " " in url:
        return "it contains a space (write %20)"
    parts = urlsplit(url)
    try:
        host, port = parts.hostname, parts.port
    except ValueError as exc:
        return str(exc)
    if not parts.netloc or not host:
        return "it has no host"
    try:
        ipaddress.ip_address(host)
        return None if port != 0 else "port 0"
    except ValueError:
        pass
    try:
        ascii_host = host.encode("idna").decode("ascii")  # an internationalised name, as DNS sees it
    except UnicodeError:
        ascii_host = ""
    if not _HOST.match(ascii_host):
        return f"'{host}' is not a valid host name"
    if port == 0:
        return "port 0"
    return None


# ---------------------------------------------------------------- external URLs


@dataclass(frozen=True, slots=True)
class Outcome:
    ok: bool
    detail: str
    """'HTTP 404', 'timed out', ... (empty when ok)."""
    cacheable: bool = True


def fetch(url: str, timeout: float = EXTERNAL_TIMEOUT) -> Outcome:
    """HEAD the URL; where HEAD is refused or fails, GET it (some servers answer only GET)."""
    first = _request(url, "HEAD", timeout)
    if first.ok:
        return first
    return _request(url, "GET", timeout)


def _request(url: str, method: str, timeout: float) -> Outcome:
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            if method == "GET":
                response.read(1024)
            return Outcome(True, "")
    except urllib.error.HTTPError as exc:
        if exc.code == 429:
            return Outcome(False, "HTTP 429 (rate limited; try again later)", cacheable=False)
        return Outcome(False, f"HTTP {exc.code}")
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError) or "timed out" in str(reason):
            return Outcome(False, "timed out")
        return Outcome(False, str(getattr(reason, "strerror", None) or reason))
    except TimeoutError:
        return Outcome(False, "timed out")
    except (OSError, ValueError) as exc:
        return Outcome(False, str(exc) or type(exc).__name__)


class LinkCache:
    """Successful external checks, with when they were made: `<root>/.sitegen-cache/links.json`."""

    def __init__(self, path: Path | None, now: float, ttl: float = CACHE_TTL):
        self.path = path
        self.now = now
        self.ttl = ttl
        self.entries: dict[str, float] = {}
        if path is not None and path.is_file():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                self.entries = {str(k): float(v) for k, v in data.get("ok", {}).items()}
            except (ValueError, AttributeError, TypeError):
                self.entries = {}  # a damaged cache is only a slower check

    def fresh(self, url: str) -> bool:
        checked = self.entries.get(url)
        return checked is not None and 0 <= self.now - checked < self.ttl

    def remember(self, url: str) -> None:
        self.entries[url] = self.now

    def forget(self, url: str) -> None:
        self.entries.pop(url, None)

    def save(self) -> None:
        if self.path is None:
            return
        kept = {url: t for url, t in sorted(self.entries.items()) if 0 <= self.now - t < self.ttl}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"version": 1, "ok": kept}, indent=1) + "\n", encoding="utf-8")
        os.replace(tmp, self.path)


def check_external(found: dict[str, list[Link]], diagnostics: Diagnostics, cache: LinkCache, workers: int = EXTERNAL_WORKERS, timeout: float = EXTERNAL_TIMEOUT) -> None:
    todo = sorted(url for url in found if not cache.fresh(url))
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        outcomes = dict(zip(todo, pool.map(lambda u: fetch(u, timeout), todo)))
    for url in todo:
        outcome = outcomes[url]
        if outcome.ok:
            cache.remember(url)
            continue
        cache.forget(url)
        places = sorted(found[url], key=lambda link: link[:3])
        first = places[0]
        more = len(places) - 1
        also = f" (and {more} more place{'s' * (more != 1)})" if more else ""
        diagnostics.warning(first[0], first[1], first[2], "external-link", f"external link '{url}' failed: {outcome.detail}{also}")
    cache.save()


# ---------------------------------------------------------------- the check


PARALLEL_PAGES = 200
"""Fewer HTML pages are checked in one process: forking costs more than it saves."""
CHUNK_PAGES = 25


def check_links(
    out: Path,
    diagnostics: Diagnostics,
    external: bool = False,
    *,
    base_url: str = "/",
    cache_file: Path | None = None,
    now: float | None = None,
    timeout: float = EXTERNAL_TIMEOUT,
    jobs: int = 1,
    progress=None,
    cache: Cache | None = None,
) -> int:
    """Check every link of every HTML page under `out`; returns how many links were looked at.

    Problems are named by the page's path under `out` and the line of the tag.
    `base_url` tells which root-relative and absolute URLs point into the site.
    `jobs` > 1 shares the pages among that many forked processes.
    `progress` (a build's `ProgressBar`) is told how many pages are done.
    `cache` (the build cache) keeps what each page holds, so an unchanged
    page is not parsed again by the next check.
    """
    checker = _Checker(out, diagnostics, base_url, cache if cache is not None and cache.enabled else None)
    pages = sorted(f for f in checker.files if f.endswith(".html"))
    if progress is not None:
        progress.add(len(pages))
    if jobs > 1 and len(pages) >= PARALLEL_PAGES:
        if checker.cache is not None:
            checker.cache.commit()  # the workers read through connections of their own: only what is committed
        count = _check_in_workers(checker, pages, jobs, progress)
    else:
        count = checker.check_pages(pages, progress)
    if checker.cache is not None:
        for rel, packed in checker.read.items():
            checker.cache.put(PARSED_KEY + rel, packed)
        checker.cache.delete([key for key in checker.cache.keys(PARSED_KEY) if key[len(PARSED_KEY):] not in checker.files])
        checker.cache.commit()
    if external and checker.external:
        link_cache = LinkCache(cache_file, time.time() if now is None else now)
        check_external(checker.external, diagnostics, link_cache, timeout=timeout)
    return count


_WORKER_CHECKER: _Checker | None = None
"""The checker a forked worker inherits: the output's file list, and the pages parsed so far."""


def _check_in_workers(checker: _Checker, pages: list[str], jobs: int, progress=None) -> int:
    """`checker.check_pages(pages)`, a chunk of pages per task; what the workers parsed lands in `checker.read`.

    Parsing the HTML is nine tenths of a check (html.parser, in Python), and
    a page's links need no other page parsed but the few that hold a
    `#fragment` they point to, which the worker parses for itself.
    """
    from sitegen.pool import fork_pool

    global _WORKER_CHECKER
    _WORKER_CHECKER = checker
    chunks = [pages[i : i + CHUNK_PAGES] for i in range(0, len(pages), CHUNK_PAGES)]
    count = 0
    try:
        with fork_pool(jobs, _worker_start) as pool:
            for chunk, (problems, external, checked, read) in zip(chunks, pool.imap(_check_chunk, chunks)):
                checker.diagnostics.extend(problems)
                for url, places in external.items():
                    checker.external.setdefault(url, []).extend(places)
                count += checked
                checker.read.update(read)
                if progress is not None:
                    progress.step(len(chunk))
    finally:
        _WORKER_CHECKER = None
    return count


def _worker_start() -> None:
    """A worker reads the cache through a connection of its own (a SQLite connection does not survive a fork)."""
    checker = _WORKER_CHECKER
    if checker is not None and checker.cache is not None:
        checker.cache = open_cache(checker.cache.dir.parent, readonly=True)


def _check_chunk(pages: list[str]) -> tuple[list, dict[str, list[Link]], int, dict[str, bytes]]:
    """In a worker: the problems and external URLs of these pages, how many links they hold, and the
    pages it parsed (not found in the cache), packed for it."""
    checker = _WORKER_CHECKER
    assert checker is not None
    checker.diagnostics = Diagnostics()
    checker.external = {}
    checker.read = {}
    checked = checker.check_pages(pages)
    return checker.diagnostics.items, checker.external, checked, checker.read
