"""Publishing: the built site works under any base_url, as GitHub Pages serves it.

The site under test is tests/sites/links-ok plus 55 generated articles (so
the index paginates and the feed is capped). It is built for a base URL on a
local http.server that serves the output under that path the way GitHub
Pages does (folder URLs get their index.html, a missing path gets 404.html
with status 404), and then crawled: every internal link, asset, anchor and
redirect must resolve.
"""

from __future__ import annotations

import datetime as dt
import http.server
import json
import shutil
import threading
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pytest
import yaml

from tests.conftest import REPO, SITES, run_sitegen
from tests.htmltools import Element, page, parse

EXTRA_ARTICLES = 55
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ALIASES = ["2024/03/first-story.html", "old/first/"]
OFFICIAL_ACTIONS = ["actions/checkout", "actions/setup-python", "actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"]


# ---------------------------------------------------------------- the site and its server


def make_site(root: Path) -> Path:
    """links-ok with enough articles to need a second index page."""
    shutil.copytree(SITES / "links-ok", root)
    start = dt.date(2020, 1, 1)
    for n in range(EXTRA_ARTICLES):
        day = start + dt.timedelta(days=n)
        (root / "content" / "articles" / f"filler-{n:02d}.md").write_text(
            f'---\ntitle: "Filler {n:02d}"\ndate: {day.isoformat()}\nsummary: "Filler article number {n}."\n'
            f"authors: [Writer {n % 3}]\n---\n\nFiller text about the S-300, number {n}.\n",
            encoding="utf-8",
        )
    return root


class PagesHandler(http.server.SimpleHTTPRequestHandler):
    """GitHub Pages in miniature: the output folder under a base path, 404.html for anything missing."""

    out: Path
    prefix: str

    def translate_path(self, path: str) -> str:
        path = urlsplit(path).path
        if not path.startswith(self.prefix):
            return str(self.out / "__outside_the_base_path__")
        return super().translate_path("/" + path[len(self.prefix):])

    def send_error(self, code, message=None, explain=None):
        not_found = self.out / "404.html"
        if code != 404 or not not_found.is_file():
            return super().send_error(code, message, explain)
        body = not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format, *args):  # keep test output quiet
        pass


class PagesServer:
    def __init__(self, prefix: str):
        handler = type("Handler", (PagesHandler,), {"out": Path("/nonexistent"), "prefix": prefix, "directory": None})
        self.handler = handler
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), lambda *a: handler(*a, directory=str(handler.out)))
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.base_url = self.origin + prefix
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def serve(self, out: Path) -> None:
        self.handler.out = out
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)


@dataclass
class Served:
    server: PagesServer
    out: Path
    base_url: str
    """What the site was built for (may be a path alone)."""
    stderr: str


def build(root: Path, out: Path, base_url: str) -> str:
    result = run_sitegen("build", "--root", str(root), "--out", str(out), "--base-url", base_url)
    assert result.returncode == 0, result.stderr
    return result.stderr


@pytest.fixture(scope="module")
def site_root(tmp_path_factory) -> Path:
    return make_site(tmp_path_factory.mktemp("pub") / "site-src")


@pytest.fixture(scope="module", params=["sub-path", "root", "path-only"])
def served(request, site_root, tmp_path_factory):
    prefix = "/" if request.param == "root" else "/explainers/"
    server = PagesServer(prefix)
    base_url = prefix if request.param == "path-only" else server.base_url
    out = tmp_path_factory.mktemp(request.param) / "site"
    stderr = build(site_root, out, base_url)
    server.serve(out)
    yield Served(server, out, base_url, stderr)
    server.stop()


@pytest.fixture(scope="module")
def subpath_build(site_root, tmp_path_factory) -> Path:
    """The site built for https://example.github.io/explainers/ (never served)."""
    out = tmp_path_factory.mktemp("gh") / "site"
    build(site_root, out, "https://example.github.io/explainers/")
    return out


# ---------------------------------------------------------------- crawling


def fetch(url: str) -> tuple[int, bytes, str]:
    """(status, body, final URL), following the server's redirects as a browser does."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read(), response.url
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), url


def links_of(doc: Element) -> list[tuple[str, str]]:
    """(tag, url) for everything a browser follows or loads."""
    found = []
    for el in doc.iter():
        for attr in ("href", "src"):
            if attr in el.attrs and not (el.tag == "link" and el.attrs.get("rel") in ("preconnect", "dns-prefetch")):
                found.append((el.tag, el.attrs[attr]))
        if el.tag == "meta" and el.attrs.get("http-equiv", "").lower() == "refresh":
            found.append(("meta", el.attrs["content"].split("url=", 1)[1]))
    return found


def crawl(server: PagesServer, starts: list[str]) -> tuple[dict[str, Element], list[str]]:
    """Every page reachable from `starts` on the server; and every problem found on the way."""
    pages: dict[str, Element] = {}
    problems: list[str] = []
    anchors: list[tuple[str, str, str]] = []  # (from page, target page, id)
    checked: set[str] = set()
    queue = list(starts)
    while queue:
        url = queue.pop()
        if url in checked:
            continue
        checked.add(url)
        status, body, final = fetch(url)
        if status != 200 and url not in starts:
            problems.append(f"{url}: HTTP {status}")
            continue
        if not final.endswith((".html", "/")):
            continue
        doc = parse(body.decode("utf-8"))
        pages[final] = doc
        for tag, link in links_of(doc):
            target, fragment = urldefrag(urljoin(final, link))
            if not target.startswith(server.origin):
                continue  # external: sitegen check --links --external's job
            if not target.startswith(server.base_url) and target + "/" != server.base_url:
                problems.append(f"{final}: <{tag}> {link} leaves the base path {server.base_url}")
                continue
            if fragment:
                anchors.append((final, target, unquote(fragment)))
            queue.append(target)
    for source, target, anchor in anchors:
        doc = pages.get(target) or pages.get(target + "/")
        if doc is None:
            continue  # reported above as an HTTP error
        if doc.by_id(anchor) is None:
            problems.append(f"{source}: #{anchor} not found in {target}")
    return pages, problems


def start_urls(server: PagesServer) -> list[str]:
    base = server.base_url
    return [base] + [base + alias for alias in ALIASES] + [base + "no/such/page/", base + "articles/deeply/missing/thing.html"]


def test_every_link_asset_anchor_and_redirect_resolves_when_served(served):
    pages, problems = crawl(served.server, start_urls(served.server))
    assert problems == []
    base = served.server.base_url
    # The crawl reached every kind of page, including the second index page and the glossary.
    assert base + "page/2/" in pages
    assert base + "glossary/tartus/" in pages
    assert base + "articles/filler-00/" in pages
    expected = {p.relative_to(served.out).as_posix() for p in served.out.rglob("index.html")}
    reached = {urlsplit(u).path[len(urlsplit(base).path):] + ("index.html" if u.endswith("/") else "") for u in pages}
    assert expected - {a for a in reached} == set()


def test_404_page_served_at_any_depth_links_from_the_base_path(served):
    base = served.server.base_url
    for missing in ["nope", "a/b/c/d/", "articles/nope/index.html"]:
        status, body, _ = fetch(base + missing)
        assert status == 404
        doc = parse(body.decode())
        assert doc.find("h1") is not None
        for tag, link in links_of(doc):
            if link.startswith("#"):
                assert doc.by_id(link[1:]) is not None, link
                continue
            target = urljoin(base + missing, link)
            if target.startswith(served.server.origin):
                assert fetch(urldefrag(target)[0])[0] == 200, (missing, link)


def test_redirect_pages_point_at_the_article(served):
    base = served.server.base_url
    for alias in ALIASES:
        status, body, url = fetch(base + alias)
        assert status == 200
        doc = parse(body.decode())
        refresh = doc.find("meta", http_equiv="refresh").attrs["content"]
        assert urljoin(url, refresh.split("url=", 1)[1]) == base + "articles/first-story/"
        assert doc.find("meta", name="robots").attrs["content"] == "noindex"


def test_path_only_base_url_warns_and_leaves_out_absolute_urls(served):
    if served.base_url.startswith("http"):
        assert "warning:" not in served.stderr
        assert (served.out / "feed.xml").is_file() and (served.out / "sitemap.xml").is_file()
        return
    assert f"warning: base_url '{served.base_url}' has no host: sitemap.xml, feed.xml and canonical links are left out" in served.stderr
    assert not (served.out / "feed.xml").exists() and not (served.out / "sitemap.xml").exists()
    assert "Sitemap:" not in (served.out / "robots.txt").read_text()
    for path in served.out.rglob("*.html"):
        doc = page(path)
        assert doc.find("link", rel="canonical") is None or path.parent.name in ("03", "first")  # redirects: relative canonical
        assert doc.find("meta", property="og:url") is None


# ---------------------------------------------------------------- pages furniture


def html_pages(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


def test_every_page_has_lang_favicon_canonical_and_social_meta(subpath_build):
    base = "https://example.github.io/explainers/"
    redirects = {subpath_build / "2024/03/first-story.html", subpath_build / "old/first/index.html"}
    for path in html_pages(subpath_build):
        doc = page(path)
        rel = path.relative_to(subpath_build).as_posix()
        assert doc.find("html").attrs["lang"] == "en-GB", rel
        icon = doc.find("link", rel="icon")
        assert icon is not None and "favicon" in icon.attrs["href"], rel
        assert doc.find("meta", property="og:title").attrs["content"], rel
        assert doc.find("meta", property="og:site_name").attrs["content"] == "Links OK", rel
        assert doc.find("meta", name="twitter:card").attrs["content"] in ("summary", "summary_large_image"), rel
        canonical = doc.find("link", rel="canonical")
        if rel == "404.html":
            assert canonical is None  # served at any path: it has no address of its own
            continue
        expected = base + ("articles/first-story/" if path in redirects else rel.removesuffix("index.html"))
        assert canonical.attrs["href"] == expected, rel
        if path not in redirects:
            assert doc.find("meta", property="og:url").attrs["content"] == expected, rel


def test_article_has_og_image_and_large_card(subpath_build):
    doc = page(subpath_build / "articles/first-story/index.html")
    assert doc.find("meta", property="og:image").attrs["content"] == "https://example.github.io/explainers/img/pixel.gif"
    assert doc.find("meta", name="twitter:card").attrs["content"] == "summary_large_image"
    assert doc.find("meta", property="og:type").attrs["content"] == "article"
    assert doc.find("meta", property="og:description").attrs["content"].startswith("Tartus gets")


def json_ld(doc: Element) -> dict | None:
    script = doc.find("script", type="application/ld+json")
    return None if script is None else json.loads(script.text)


def test_json_ld_is_valid_and_typed_per_page(subpath_build):
    base = "https://example.github.io/explainers/"
    article = json_ld(page(subpath_build / "articles/first-story/index.html"))
    assert article["@context"] == "https://schema.org" and article["@type"] == "NewsArticle"
    assert article["headline"] == "The first story"
    assert article["datePublished"] == "2024-03-01" and article["dateModified"] == "2024-03-05"
    assert [a["name"] for a in article["author"]] == ["Ana Reporter", "Bo Editor"]
    assert all(a["@type"] == "Person" for a in article["author"])
    assert article["url"] == article["mainEntityOfPage"] == base + "articles/first-story/"
    assert article["image"] == base + "img/pixel.gif"
    assert article["publisher"] == {"@type": "Organization", "name": "Links OK"}
    term = json_ld(page(subpath_build / "glossary/tartus/index.html"))
    assert term["@type"] == "DefinedTerm" and term["name"] == "Tartus"
    assert term["url"] == base + "glossary/tartus/" and term["inDefinedTermSet"] == base + "glossary/"
    assert term["description"].startswith("A Syrian port city")
    home = json_ld(page(subpath_build / "index.html"))
    assert home["@type"] == "WebSite" and home["url"] == base
    # Every page's JSON-LD parses (a template that breaks it would fail here).
    for path in html_pages(subpath_build):
        json_ld(page(path))


def test_index_paginates_past_fifty(subpath_build):
    first = page(subpath_build / "index.html")
    second = page(subpath_build / "page/2/index.html")
    def listed(doc: Element) -> list[str]:
        hrefs = [a.attrs["href"] for a in doc.find("main").find_all("a") if "articles/" in a.attrs.get("href", "")]
        return list(dict.fromkeys(hrefs))

    total = EXTRA_ARTICLES + 2
    assert len(listed(first)) == 50
    assert len(listed(second)) == total - 50
    assert listed(first)[0] == "./articles/first-story/"  # newest first
    assert listed(second)[-1] == "../../articles/filler-00/"
    assert first.find("a", rel="next").attrs["href"] == "./page/2/"
    assert second.find("a", rel="prev").attrs["href"] == "../../"
    assert not (subpath_build / "page/3").exists()
    assert not (subpath_build / "page/1").exists()


def test_feed_is_atom_with_the_newest_fifty(subpath_build):
    base = "https://example.github.io/explainers/"
    feed = ET.parse(subpath_build / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{required}").text, required
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == base + "feed.xml"
    assert feed.find(f"{ATOM}author/{ATOM}name") is not None  # entries without authors inherit it
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 50
    updated = [e.find(f"{ATOM}updated").text for e in entries]
    assert updated == sorted(updated, reverse=True)
    for entry in entries:
        for required in ("id", "title", "updated", "summary"):
            assert entry.find(f"{ATOM}{required}").text, required
        dt.datetime.fromisoformat(entry.find(f"{ATOM}updated").text.replace("Z", "+00:00"))
        link = entry.find(f"{ATOM}link[@rel='alternate']").get("href")
        assert link.startswith(base + "articles/")
        assert (subpath_build / link[len(base):] / "index.html").is_file()
        assert entry.find(f"{ATOM}author/{ATOM}name").text
    first = entries[0]
    assert first.find(f"{ATOM}title").text == "The first story"
    assert first.find(f"{ATOM}updated").text == "2024-03-05T00:00:00Z"
    assert first.find(f"{ATOM}published").text == "2024-03-01T00:00:00Z"
    assert [a.text for a in first.findall(f"{ATOM}author/{ATOM}name")] == ["Ana Reporter", "Bo Editor"]
    assert feed.find(f"{ATOM}updated").text == "2024-03-05T00:00:00Z"
    # The oldest five fillers fall outside the newest 50.
    ids = {e.find(f"{ATOM}id").text for e in entries}
    assert base + "articles/filler-00/" not in ids and base + "articles/filler-54/" in ids


def test_sitemap_lists_every_page_with_absolute_urls(subpath_build):
    base = "https://example.github.io/explainers/"
    urlset = ET.parse(subpath_build / "sitemap.xml").getroot()
    assert urlset.tag == f"{SITEMAP}urlset"
    locs = []
    for url in urlset:
        assert url.tag == f"{SITEMAP}url"
        children = [c.tag.removeprefix(SITEMAP) for c in url]
        assert children[0] == "loc" and set(children) <= {"loc", "lastmod", "changefreq", "priority"}
        assert len(children) == len(set(children))
        loc = url.find(f"{SITEMAP}loc").text
        assert loc.startswith(base) and len(loc) < 2048
        lastmod = url.find(f"{SITEMAP}lastmod")
        if lastmod is not None:
            dt.date.fromisoformat(lastmod.text)
        locs.append(loc)
    assert len(locs) == len(set(locs))
    pages = {
        base + p.relative_to(subpath_build).as_posix().removesuffix("index.html")
        for p in subpath_build.rglob("index.html")
    } - {base + "old/first/"}  # a redirect is not a page
    assert set(locs) == pages
    robots = (subpath_build / "robots.txt").read_text()
    assert f"Sitemap: {base}sitemap.xml" in robots


def test_custom_domain_writes_cname_and_links_404_from_root(site_root, tmp_path):
    root = tmp_path / "custom"
    shutil.copytree(site_root, root)
    with open(root / "content/site.yml", "a", encoding="utf-8") as f:
        f.write("cname: explainers.example.org\n")
    out = tmp_path / "site"
    stderr = build(root, out, "https://explainers.example.org/")
    assert "warning:" not in stderr
    assert (out / "CNAME").read_text() == "explainers.example.org\n"
    doc = page(out / "404.html")
    assert doc.find("link", rel="stylesheet").attrs["href"].startswith("/assets/sitegen.")
    assert page(out / "index.html").find("link", rel="canonical").attrs["href"] == "https://explainers.example.org/"
    # A base_url on another host than the cname is a warning naming the fix.
    result = run_sitegen("check", "--root", str(root), "--base-url", "https://example.github.io/explainers/")
    assert "warning: cname 'explainers.example.org' does not match base_url 'https://example.github.io/explainers/'" in result.stderr
    assert "(set base_url: https://explainers.example.org/)" in result.stderr


def test_theme_assets_carry_a_content_hash(subpath_build):
    import hashlib

    assets = sorted(p for p in (subpath_build / "assets").rglob("*") if p.is_file())
    assert assets
    for asset in assets:
        stem, digest, suffix = asset.name.rsplit(".", 2)
        assert digest == hashlib.sha256(asset.read_bytes()).hexdigest()[:10], asset.name
    # content/static/ files keep their names.
    assert (subpath_build / "img/pixel.gif").is_file()


def tree(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(site_root, tmp_path):
    """Different hash seeds and output folders, the same bytes: nothing depends on time, order of a set, or place."""
    trees = []
    for seed in ("1", "2"):
        out = tmp_path / f"out-{seed}" / "site"
        result = run_sitegen("build", "--root", str(site_root), "--out", str(out), "--base-url", "https://example.github.io/explainers/", env={"PYTHONHASHSEED": seed})
        assert result.returncode == 0, result.stderr
        trees.append(tree(out))
    assert trees[0].keys() == trees[1].keys()
    assert [k for k in trees[0] if trees[0][k] != trees[1][k]] == []


def test_the_bundled_explainer_builds_byte_identically(tmp_path):
    trees = []
    for seed in ("3", "4"):
        out = tmp_path / f"out-{seed}" / "site"
        result = run_sitegen("build", "--root", str(REPO), "--out", str(out), "--base-url", "https://example.github.io/explainers/", env={"PYTHONHASHSEED": seed})
        assert result.returncode == 0, result.stderr
        trees.append(tree(out))
    assert trees[0] == trees[1]


# ---------------------------------------------------------------- the workflow


WORKFLOW = REPO / ".github" / "workflows" / "pages.yml"
SCAFFOLD_WORKFLOW = REPO / "sitegen" / "scaffold_files" / "pages.yml"


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def test_workflow_uses_the_official_pages_actions(workflow):
    used = [step["uses"].split("@")[0] for step in steps(workflow) if "uses" in step]
    for action in OFFICIAL_ACTIONS:
        assert action in used, action
    for step in steps(workflow):
        if "uses" in step:
            assert "@v" in step["uses"], step["uses"]  # pinned to a major version
    configure = next(s for s in steps(workflow) if s.get("uses", "").startswith("actions/configure-pages"))
    assert configure["id"] == "pages"
    upload = next(s for s in steps(workflow) if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "site"


def test_workflow_permissions_triggers_and_concurrency(workflow):
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "push" in triggers and "pull_request" in triggers and "workflow_dispatch" in triggers
    assert workflow["permissions"]["pages"] == "write"
    assert workflow["permissions"]["id-token"] == "write"
    assert workflow["permissions"]["contents"] == "read"
    assert workflow["concurrency"]["group"]
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert "pull_request" in deploy["if"]  # pull requests are checked, never published
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")


def test_workflow_builds_then_checks_with_the_pages_base_url(workflow):
    all_steps = steps(workflow)
    runs = [step.get("run", "") for step in all_steps]
    install = next(r for r in runs if "pip install" in r)
    assert "pip install ." in install
    build_at = next(i for i, r in enumerate(runs) if "sitegen build" in r)
    check_at = next(i for i, r in enumerate(runs) if "sitegen check" in r)
    build_step, check_step = all_steps[build_at], all_steps[check_at]
    check = check_step["run"]
    assert "--strict" in check and "--format github" in check and "--links" in check
    for run in (build_step["run"], check):
        assert "--base-url \"${{ steps.pages.outputs.base_url }}\"" in run
    # The check comes second, to take the build's pages instead of rendering them again...
    assert build_at < check_at
    # ... and runs after a failed build too (its annotations say what failed), not after a failed install.
    assert check_step["if"] == "${{ !cancelled() && steps.%s.outcome != 'skipped' }}" % build_step["id"]
    # Nothing is published unless the build and the check both passed: the upload runs only when no
    # step before it failed, and no step's failure is forgiven.
    upload = next(s for s in all_steps if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert "if" not in upload and all_steps.index(upload) > check_at
    assert not [s for s in all_steps if "continue-on-error" in s], "a forgiven failure would let the upload run"
    assert all("continue-on-error" not in job for job in workflow["jobs"].values())


def test_the_workflows_check_renders_no_page_of_the_workflows_build_again(tmp_path, monkeypatch, workflow):
    """The workflow's two commands, in its order: every page the check reads is taken from site/."""
    from sitegen.build import Builder
    from sitegen.cli import main

    root = shutil.copytree(SITES / "links-ok", tmp_path / "site")
    address = "https://example.github.io/sitegen"
    commands = [step["run"] for step in steps(workflow) if step.get("run", "").startswith(("sitegen build", "sitegen check"))]
    assert [c.split()[1] for c in commands] == ["build", "check"]
    results = []
    original = Builder.build

    def spied(self, changed=None):
        results.append(original(self, changed))
        return results[-1]

    monkeypatch.setattr(Builder, "build", spied)
    for command in commands:
        args = command.replace("${{ steps.pages.outputs.base_url }}", address).replace('"', "").split()
        assert main(args[1:] + ["--root", str(root)]) == 0, command
    built, checked = results
    assert built.written == built.pages and checked.copied_from == root / "site"
    assert checked.pages > 10 and checked.copied == checked.pages  # not one page rendered twice


def test_workflow_carries_the_build_cache_from_run_to_run(workflow):
    """Restored before the build, saved after the check (or a failed build or check), under one list of paths
    (actions/cache finds a cache only by the same paths), without the spare generation of `site/`
    (hard links to files the runner will not have) or a build's side files."""
    all_steps = steps(workflow)
    uses = [step.get("uses", "").split("@")[0] for step in all_steps]
    restore, save = all_steps[uses.index("actions/cache/restore")], all_steps[uses.index("actions/cache/save")]
    runs = [step.get("run", "") for step in all_steps]
    check = next(i for i, r in enumerate(runs) if "sitegen check" in r)
    build_at = next(i for i, r in enumerate(runs) if "sitegen build" in r)
    assert all_steps.index(restore) < build_at < check < all_steps.index(save)
    paths = restore["with"]["path"].split()
    assert paths == save["with"]["path"].split()
    # (A build's side files are its own: one left by a killed build on another runner could outlive it here.)
    assert "!.sitegen-cache/spare-*" in paths and "!.sitegen-cache/side-*" in paths
    # actions/cache matches a path without its descendants, then tar takes a folder whole: the folder
    # itself would carry what the exclusions name (actions/toolkit#713). Its entries, one by one, do not.
    assert ".sitegen-cache/*" in paths and ".sitegen-cache" not in paths
    assert save["with"]["key"] == "${{ steps.%s.outputs.cache-primary-key }}" % restore["id"]
    assert restore["with"]["restore-keys"] in restore["with"]["key"]  # the newest cache of an earlier run
    assert "!cancelled()" in save["if"] and "success()" not in save["if"]  # after a failed check too
    assert "steps.%s.outcome == 'success'" % restore["id"] in save["if"]  # the key comes from the restore step


def test_workflow_check_passes_on_this_repository(workflow):
    """What the workflow runs, with the address configure-pages reports (no trailing slash)."""
    check = next(step["run"] for step in steps(workflow) if "sitegen check" in step.get("run", ""))
    args = check.replace("${{ steps.pages.outputs.base_url }}", "https://example.github.io/sitegen").replace('"', "").split()
    assert args[0] == "sitegen"
    result = run_sitegen(*args[1:], "--root", str(REPO))
    assert result.returncode == 0, result.stderr
    assert "::error" not in result.stderr and "::warning" not in result.stderr


def test_scaffold_copy_of_the_workflow_is_identical():
    assert SCAFFOLD_WORKFLOW.read_bytes() == WORKFLOW.read_bytes()


def test_workflow_validates_against_the_github_workflow_schema():
    """check-jsonschema's vendored copy of SchemaStore's workflow schema: offline, and independent of us."""
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
