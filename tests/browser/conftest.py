"""Fixtures for the browser tests: one Chromium per session, the bundled
explainer built once with `python -m sitegen build` and served over HTTP.

Without Chromium or Playwright the tests are skipped with a loud reason,
except under CI (`CI=true`), where that is a failure.
Set SITEGEN_BROWSER_SITE=/path/to/built/site to test an existing build."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from browser_support import (  # noqa: E402
    TERM, StaticServer, build_site, find_article, launch_chromium, start_playwright,
)

CSP_PROBE = """
document.addEventListener('securitypolicyviolation', function (e) {
  (window.__cspViolations = window.__cspViolations || []).push(e.violatedDirective + ' ' + e.blockedURI);
  console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI);
});
"""


# Package scope: Playwright's sync API allows one instance at a time, and
# other test modules (tests/test_server_browser.py) start their own.
@pytest.fixture(scope="package")
def playwright_instance():
    with start_playwright() as p:
        yield p


@pytest.fixture(scope="package")
def browser(playwright_instance):
    b = launch_chromium(playwright_instance)
    yield b
    b.close()


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    prebuilt = os.environ.get("SITEGEN_BROWSER_SITE")
    if prebuilt:
        return Path(prebuilt)
    out = tmp_path_factory.mktemp("browser") / "site"
    proc = build_site(out)
    if proc.returncode != 0:
        pytest.fail(f"sitegen build failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}", pytrace=False)
    return out


# Package scope: its server is a thread, and a thread left running makes every later in-process build
# of the session serial (sitegen forks no workers beside other threads), so tests of parallel builds would
# stop testing them.
@pytest.fixture(scope="package")
def base_url(site_dir):
    with StaticServer(site_dir) as server:
        yield server.url


@pytest.fixture(scope="package")
def article_url(base_url, site_dir) -> str:
    return base_url + find_article(site_dir, TERM)


@pytest.fixture(scope="package")
def term_url(base_url) -> str:
    return f"{base_url}glossary/{TERM}/"


class Probe:
    """Console errors, page errors and CSP violations seen by a page."""

    def __init__(self, page):
        self.errors: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))

    @property
    def csp(self) -> list[str]:
        return [e for e in self.errors if "Content Security Policy" in e or "CSP violation" in e]


@pytest.fixture
def new_page(browser):
    """new_page(**context_options) -> page; page.probe collects errors."""
    contexts = []

    def make(**options):
        options.setdefault("viewport", {"width": 1280, "height": 900})
        ctx = browser.new_context(**options)
        contexts.append(ctx)
        ctx.add_init_script(CSP_PROBE)
        page = ctx.new_page()
        page.probe = Probe(page)
        return page

    yield make
    for ctx in contexts:
        ctx.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def phone(new_page):
    return new_page(viewport={"width": 375, "height": 667}, has_touch=True, is_mobile=True, device_scale_factor=2)
