"""Helpers shared by the browser tests (conftest.py) and screenshots.py:
find Chromium, build the bundled explainer, serve a folder over HTTP."""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import NoReturn

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"]
CI = os.environ.get("CI", "").lower() == "true"
# The mention the tests hover; the bundled explainer must annotate this term.
TERM = "s-300"


def chromium_path() -> str | None:
    """Debian's Chromium (Playwright's own download is not used)."""
    env = os.environ.get("SITEGEN_CHROMIUM")
    if env:
        return env if Path(env).exists() else None
    for candidate in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if Path(candidate).exists():
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


def unavailable(reason: str) -> NoReturn:
    """No browser here: a loud skip, or under CI (`CI=true`), where the browser tests must run, a failure."""
    import pytest

    if CI:
        pytest.fail(f"browser tests cannot run under CI: {reason}", pytrace=False)
    pytest.skip(f"!!! BROWSER TESTS SKIPPED: {reason} !!!")


def start_playwright():
    """Playwright's sync API, to use as a context manager (or `unavailable`)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        unavailable(f"playwright is not installed ({exc}); pip install -e '.[test]'")
    return sync_playwright()


def launch_chromium(playwright):
    """Debian's Chromium, driven by `playwright` (or `unavailable`, with the reason)."""
    exe = chromium_path()
    if exe is None:
        unavailable("Chromium not found at /usr/bin/chromium (apt-get install -y chromium, or set SITEGEN_CHROMIUM)")
    try:
        return playwright.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
    except Exception as exc:  # noqa: BLE001 - any launch failure means "no browser here"
        unavailable(f"Chromium at {exe} did not start: {exc}")


def build_site(out: Path) -> subprocess.CompletedProcess:
    """Build the repository's own site into `out` with the real command line."""
    return subprocess.run(
        [sys.executable, "-m", "sitegen", "build", "--root", str(REPO_ROOT), "--out", str(out)],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=300,
    )


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass


class StaticServer:
    """Serves `directory` on a free port of 127.0.0.1 in a background thread."""

    def __init__(self, directory: Path):
        handler = functools.partial(_QuietHandler, directory=str(directory))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> StaticServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


def find_article(site: Path, term: str = TERM) -> str:
    """Site-relative URL of the first article that mentions `term`."""
    for page in sorted(site.glob("articles/*/index.html")):
        if f'data-term="{term}"' in page.read_text(encoding="utf-8"):
            return page.parent.relative_to(site).as_posix() + "/"
    raise LookupError(f"no article in {site} mentions the term {term!r}")


def settle(page) -> None:
    """Wait two animation frames: scroll events are dispatched on the next frame."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def hover(locator) -> None:
    """Hover as a reader does: the page is scrolled to the element and has
    settled, then the pointer moves onto it. (A card never opens for a
    mention that a scroll carries under the pointer, so Playwright's own
    scroll-then-move, whose scroll event lands after the move, would not
    count as a rest.)"""
    locator.scroll_into_view_if_needed()
    settle(locator.page)
    locator.hover()
