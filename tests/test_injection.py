"""No injection: every payload of tests/injection/payloads.yml, in every text field, builds into inert text.

The site is made by tests/injection/make_site.py and built once. Every
output file is then parsed and searched for anything a browser or a feed
reader would execute or load:
- HTML: no element or attribute that a build of the same site with plain
  text does not have (the payloads add no structure); no `on*`, `style` or
  `srcdoc` attribute; only http(s), mailto and relative URLs in any
  href/src/action/formaction/srcset/poster/cite/data or meta refresh (after
  the browser's own clean-up of entities, white space and control
  characters); `<script>` only as the theme's own external file or an
  `application/ld+json` block that parses as JSON and holds no `<`, `>` or
  `&` (so it cannot close its element); the CSP meta tag on every page,
  before anything it governs;
- feed.xml and sitemap.xml parse as XML, with only their own elements and
  text content (never HTML content) and http(s) links;
- each payload comes back exactly as typed where it is shown (headline,
  <title>, meta tags, JSON-LD, feed): escaped, never mangled or evaluated.
Payloads the schemas refuse are in tests/injection/rejected.yml, each with
the error it must give.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from sitegen.cli import main
from sitegen.render import CSP
from tests.injection.make_site import BASE, HERE, make_site, payloads, yaml_safe

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "cite", "data", "background", "xlink:href", "ping", "manifest", "longdesc", "usemap", "lowsrc", "dynsrc", "itemtype", "codebase", "archive", "profile"}
FORBIDDEN_ATTRIBUTES = {"style", "srcdoc", "formaction"}
FORBIDDEN_TAGS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "textarea", "select", "style", "template", "portal", "svg", "math", "xmp", "plaintext", "listing", "noembed", "noframes", "isindex", "marquee", "audio", "video", "source", "track", "param"}
"""The theme's search form (<form>, <input>) is allowed: its action, like every URL, must be safe, and the
payloads add no element at all (test_payloads_add_no_element_and_no_attribute)."""
SAFE_SCHEMES = {"http", "https", "mailto"}


def own_asset(url: str, extension: str) -> bool:
    """A theme file of this site: a same-origin path (relative, or from base_url's path as 404.html has it) into assets/."""
    return (
        url_scheme(url) is None
        and not url.startswith("//")
        and re.search(r"(^|/)assets/[\w./-]+\.[0-9a-f]{10}\." + extension + "$", url) is not None
    )

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_C0_AND_SPACE = "".join(chr(c) for c in range(0x21))


def url_scheme(value: str) -> str | None:
    """The scheme a browser would see in an attribute value (already entity-decoded), lowercased; None if relative."""
    cleaned = value.strip(_C0_AND_SPACE)
    cleaned = re.sub(r"[\t\n\r]", "", cleaned)  # the URL parser drops tabs and newlines anywhere
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


@dataclass
class Page:
    """What the HTML parser saw in one page."""

    path: Path
    elements: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    scripts: list[tuple[dict[str, str], str]] = field(default_factory=list)
    texts: dict[str, list[str]] = field(default_factory=dict)


class _Collector(HTMLParser):
    """Tags and attributes (entity-decoded, as a browser has them), script contents, and the text of a few elements."""

    TEXT_OF = {"title", "h1"}

    def __init__(self, page: Page):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.in_script: dict[str, str] | None = None
        self.script_text: list[str] = []
        self.capturing: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        self.page.elements.append((tag, attributes))
        if tag == "script":
            self.in_script, self.script_text = attributes, []
        if tag in self.TEXT_OF:
            self.capturing.append((tag, []))

    def handle_startendtag(self, tag, attrs):
        self.page.elements.append((tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag):
        if tag == "script" and self.in_script is not None:
            self.page.scripts.append((self.in_script, "".join(self.script_text)))
            self.in_script = None
        if self.capturing and self.capturing[-1][0] == tag:
            name, parts = self.capturing.pop()
            self.page.texts.setdefault(name, []).append("".join(parts))

    def handle_data(self, data):
        if self.in_script is not None:
            self.script_text.append(data)
        for _, parts in self.capturing:
            parts.append(data)


def parse_page(path: Path) -> Page:
    page = Page(path)
    collector = _Collector(page)
    collector.feed(path.read_text(encoding="utf-8"))
    collector.close()
    return page


def problems_in(page: Page, raw: str) -> list[str]:
    """Everything executable or loadable that a payload could have put into this page."""
    found: list[str] = []
    where = page.path.name

    # Scripts: the theme's own external files, or JSON-LD that cannot close its element.
    for attrs, text in page.scripts:
        if "src" in attrs:
            if not own_asset(attrs["src"], "js") or text.strip() or set(attrs) - {"src", "defer", "type"}:
                found.append(f"{where}: foreign script {attrs}")
        elif attrs.get("type") == "application/ld+json":
            if set(attrs) != {"type"}:
                found.append(f"{where}: JSON-LD script with attributes {attrs}")
        else:
            found.append(f"{where}: inline script {attrs} {text[:80]!r}")
    raw_scripts = re.findall(r"<script\b", raw, re.IGNORECASE)
    if len(raw_scripts) != len(page.scripts):
        found.append(f"{where}: {len(raw_scripts)} '<script' in the text but {len(page.scripts)} script elements")
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', raw, re.DOTALL):
        if re.search(r"[<>&]", block):
            found.append(f"{where}: JSON-LD holds a raw <, > or & (it could close its element): {block[:80]!r}")
        try:
            json.loads(block)
        except ValueError as exc:
            found.append(f"{where}: JSON-LD does not parse: {exc}")

    # Elements and attributes.
    csp_at = None
    for index, (tag, attrs) in enumerate(page.elements):
        if tag in FORBIDDEN_TAGS:
            found.append(f"{where}: <{tag}> element")
        for name, value in attrs.items():
            if name.startswith("on"):
                found.append(f"{where}: event handler {name}={value!r} on <{tag}>")
            if name in FORBIDDEN_ATTRIBUTES:
                found.append(f"{where}: {name} attribute on <{tag}>")
            if name in URL_ATTRIBUTES and url_scheme(value) not in SAFE_SCHEMES | {None}:
                found.append(f"{where}: <{tag} {name}={value!r}> has scheme {url_scheme(value)}")
            if name == "srcset":
                for candidate in value.split(","):
                    url = candidate.strip().split(" ")[0] if candidate.strip() else ""
                    if url_scheme(url) not in SAFE_SCHEMES | {None}:
                        found.append(f"{where}: srcset URL {url!r}")
        if tag == "meta" and "http-equiv" in attrs:
            kind = attrs["http-equiv"].lower()
            if kind == "content-security-policy":
                if csp_at is not None:
                    found.append(f"{where}: two CSP meta tags")
                csp_at = index
                if attrs.get("content") != CSP:
                    found.append(f"{where}: CSP is {attrs.get('content')!r}")
            elif kind == "refresh":
                target = attrs.get("content", "").split("url=", 1)[-1]
                if url_scheme(target) not in SAFE_SCHEMES | {None}:
                    found.append(f"{where}: refresh to {target!r}")
            else:
                found.append(f"{where}: meta http-equiv={attrs['http-equiv']!r}")
        if tag == "link" and attrs.get("rel") not in ("stylesheet", "icon", "canonical", "alternate"):
            found.append(f"{where}: <link rel={attrs.get('rel')!r}>")
        if tag == "link" and attrs.get("rel") == "stylesheet" and not own_asset(attrs.get("href", ""), "css"):
            found.append(f"{where}: foreign stylesheet {attrs.get('href')!r}")
    if csp_at is None:
        found.append(f"{where}: no Content-Security-Policy meta tag")
    else:
        governed = [i for i, (tag, _) in enumerate(page.elements) if tag in ("script", "link", "img", "style", "a")]
        if governed and governed[0] < csp_at:
            found.append(f"{where}: the CSP comes after <{page.elements[governed[0]][0]}>")
    return found


def signature(pages: list[Page]) -> set[tuple[str, str]]:
    """Every (element, attribute name) pair used, ('p', '') for an element without attributes."""
    pairs = set()
    for page in pages:
        for tag, attrs in page.elements:
            pairs.add((tag, ""))
            pairs.update((tag, name) for name in attrs)
    return pairs


# ---------------------------------------------------------------- the builds


@pytest.fixture(scope="module")
def injected(tmp_path_factory) -> tuple[Path, Path, list[str]]:
    tmp = tmp_path_factory.mktemp("injection")
    root = tmp / "site"
    used = make_site(root)
    out = tmp / "out"
    assert main(["build", "--root", str(root), "--out", str(out)]) == 0
    return root, out, used


@pytest.fixture(scope="module")
def control(tmp_path_factory) -> Path:
    """The same site with plain text instead of payloads (every branch of make_site taken)."""
    tmp = tmp_path_factory.mktemp("control")
    root = tmp / "site"
    branches = ["two\nlines", "two\n\nparagraphs", "with `code`", "control\x01char"]
    make_site(root, branches + [f"plain text {n}" for n in range(len(payloads()) - len(branches))])
    out = tmp / "out"
    assert main(["build", "--root", str(root), "--out", str(out)]) == 0
    return out


def html_pages(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


_PARSED: dict[Path, Page] = {}


def parsed(path: Path) -> Page:
    if path not in _PARSED:
        _PARSED[path] = parse_page(path)
    return _PARSED[path]


def test_the_corpus_is_large_and_every_payload_reaches_the_site(injected):
    root, out, used = injected
    assert len(used) >= 80
    assert len(list((root / "content/articles").glob("p-*.md"))) == len(used)
    assert len(html_pages(out)) > 2 * len(used)


def test_no_page_holds_anything_executable(injected):
    _, out, _ = injected
    found = []
    for path in html_pages(out):
        found += problems_in(parsed(path), path.read_text(encoding="utf-8"))
    assert found == []


def test_payloads_add_no_element_and_no_attribute(injected, control):
    _, out, _ = injected
    extra = signature([parsed(p) for p in html_pages(out)]) - signature([parsed(p) for p in html_pages(control)])
    assert extra == set()


def test_every_payload_comes_back_exactly_as_typed(injected):
    """Escaped, not mangled: headline, <title>, meta tags and JSON-LD hold the very text of the YAML."""
    root, out, used = injected
    site_title = " ~ ".join(p for p in used if yaml_safe(p))
    checked = 0
    for i, payload in enumerate(used):
        if not yaml_safe(payload):
            continue
        page = parsed(out / f"articles/p-{i:03d}/index.html")
        assert page.texts["h1"] == [payload]
        assert page.texts["title"] == [f"{payload} · {site_title}"]
        metas = {a.get("property") or a.get("name"): a.get("content") for t, a in page.elements if t == "meta"}
        assert metas["og:title"] == f"{payload} · {site_title}"
        assert metas["description"] == payload
        assert metas["og:site_name"] == site_title
        img = next(a for t, a in page.elements if t == "img" and a.get("src", "").endswith("pixel.gif"))
        assert img["alt"] == payload
        ld = json.loads(page.scripts[[a.get("type") for a, _ in page.scripts].index("application/ld+json")][1])
        assert ld["headline"] == payload and ld["description"] == payload
        assert ld["author"][0]["name"] == payload
        term = parsed(out / f"glossary/g-{i}/index.html")
        assert term.texts["h1"] == [f"{payload} G{i}"]
        checked += 1
    assert checked >= 75


def test_template_syntax_in_content_is_never_evaluated(injected):
    _, out, used = injected
    i = next(i for i, p in enumerate(used) if p.startswith("{{ 7*7 }}"))
    page = (out / f"articles/p-{i:03d}/index.html").read_text(encoding="utf-8")
    assert "{{ 7*7 }} {% raw %}{{ config }}{% endraw %} ${7*7} #{7*7}" in html.unescape(page)
    assert parsed(out / f"articles/p-{i:03d}/index.html").texts["h1"] == [used[i]]  # not 49
    i = next(i for i, p in enumerate(used) if "__subclasses__" in p)
    page = (out / f"articles/p-{i:03d}/index.html").read_text(encoding="utf-8")
    assert "{{ ''.__class__.__mro__[1].__subclasses__() }}" in html.unescape(page)
    assert "<class " not in html.unescape(page)


def test_raw_html_in_an_article_body_is_text(injected):
    """The policy: raw HTML is off everywhere; a tag in Markdown shows as the characters typed."""
    _, out, _ = injected
    raw = (out / "articles/markdown-vectors/index.html").read_text(encoding="utf-8")
    assert "<p>&lt;script&gt;alert('raw-html-block')&lt;/script&gt;</p>" in raw
    assert "&lt;div onclick=&quot;alert(1)&quot;&gt;a div with a handler&lt;/div&gt;" in raw
    assert "&lt;!-- a comment --&gt;" in raw
    assert "<div onclick" not in raw and "<!-- a comment" not in raw


def test_feed_and_sitemap_are_well_formed_with_text_content_only(injected):
    root, out, used = injected
    atom = "{http://www.w3.org/2005/Atom}"
    raw = (out / "feed.xml").read_text(encoding="utf-8")
    assert "<!DOCTYPE" not in raw and "<!ENTITY" not in raw
    feed = ET.fromstring(raw)
    allowed = {"feed", "title", "subtitle", "id", "link", "updated", "author", "name", "generator", "entry", "published", "summary"}
    for element in feed.iter():
        assert element.tag.startswith(atom) and element.tag[len(atom):] in allowed, element.tag
        assert element.get("type") in (None, "text", "application/atom+xml", "text/html"), element.attrib
        if element.tag == atom + "link":
            assert url_scheme(element.get("href")) in ("http", "https")
        assert len(element) == 0 or not (element.text or "").strip()  # no mixed content
    titles = {e.findtext(atom + "title") for e in feed.iter(atom + "entry")}
    assert len(titles) == 50
    assert titles <= {p if yaml_safe(p) else f"payload {i}" for i, p in enumerate(used)} | {"Markdown vectors"}
    assert feed.findtext(atom + "title") == " ~ ".join(p for p in used if yaml_safe(p))
    sitemap = ET.parse(out / "sitemap.xml").getroot()
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    for element in sitemap.iter():
        assert element.tag in (ns + "urlset", ns + "url", ns + "loc", ns + "lastmod")
    for loc in sitemap.iter(ns + "loc"):
        assert loc.text.startswith("https://example.org/injection/")


def test_plain_files_hold_no_markup(injected):
    _, out, _ = injected
    assert (out / "robots.txt").read_text() == "User-agent: *\nAllow: /\nSitemap: https://example.org/injection/sitemap.xml\n"
    assert not (out / "CNAME").exists()


@pytest.mark.parametrize(
    "base_url",
    ['https://example.org/"><script>alert(1)</script>/', "/x\"'><svg/onload=alert(1)>/", "https://example.org/javascript:alert(1)/"],
)
def test_a_hostile_base_url_stays_inert(tmp_path, base_url):
    """base_url lands in canonical links, og:url, the feed, the sitemap and 404.html's links."""
    root = tmp_path / "site"
    shutil.copytree(BASE, root)
    out = tmp_path / "out"
    assert main(["build", "--root", str(root), "--out", str(out), "--base-url", base_url]) == 0
    found = []
    for path in html_pages(out):
        found += problems_in(parse_page(path), path.read_text(encoding="utf-8"))
    assert found == []
    for name in ("feed.xml", "sitemap.xml"):
        if (out / name).exists():
            ET.parse(out / name)


def test_the_csp_is_strict():
    directives = dict((d.split()[0], d.split()[1:]) for d in CSP.split(";") if d.strip())
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["form-action"] in (["'self'"], ["'none'"])
    every = [source for sources in directives.values() for source in sources]
    assert not [s for s in every if "unsafe" in s or s == "*" or s.startswith(("http:", "https:")) or "." in s]
    assert directives["style-src"] == ["'self'"]  # no inline style either


# ---------------------------------------------------------------- refused payloads

REJECTED = yaml.safe_load((HERE / "rejected.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", REJECTED, ids=[c["name"] for c in REJECTED])
def test_a_refused_payload_is_an_error_at_its_place(tmp_path, capsys, monkeypatch, case):
    root = tmp_path / "site"
    shutil.copytree(BASE, root)
    if "file" in case:
        (root / case["file"]).write_text(case["text"], encoding="utf-8")
    monkeypatch.chdir(root)  # diagnostics show paths relative to here
    code = main(["build", "--root", ".", "--out", str(tmp_path / "out"), *case.get("args", [])])
    err = capsys.readouterr().err
    assert code == case.get("exit", 1), err
    if "where" in case:
        assert f"{case['where']}:" in err or f"{case['where']} " in err, err
    else:
        assert case["says"] in err, err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


# ---------------------------------------------------------------- the checker itself

HEAD = f'<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="{html.escape(CSP)}"></head><body>'
CAUGHT = [
    ('<a href=" JaVa&#x09;script:alert(1)">x</a>', "has scheme javascript"),
    ('<a href="&#106;avascript:alert(1)">x</a>', "has scheme javascript"),
    ("<a href='\x01javascript:alert(1)'>x</a>", "has scheme javascript"),
    ('<img src="DATA:image/svg+xml,x">', "has scheme data"),
    ('<form><button formaction="vbscript:x">', "has scheme vbscript"),
    ('<form action="javascript:alert(1)"><input></form>', "has scheme javascript"),
    ('<img srcset="ok.png 1x, javascript:alert(1) 2x">', "srcset URL"),
    ('<a href="term:x">x</a>', "has scheme term"),
    ("<p onmouseover=alert(1)>x</p>", "event handler onmouseover"),
    ('<p style="x">x</p>', "style attribute"),
    ("<script>alert(1)</script>", "inline script"),
    ('<script src="https://evil.example/x.js"></script>', "foreign script"),
    ('<script src="//evil.example/assets/x.0123456789.js"></script>', "foreign script"),
    ('<script type="application/ld+json">{"a": "</p>"}</script>', "JSON-LD holds a raw"),
    ('<script type="application/ld+json">{"a": </script>', "JSON-LD does not parse"),
    ("<iframe src=x></iframe>", "<iframe> element"),
    ("<svg><circle/></svg>", "<svg> element"),
    ('<meta http-equiv="refresh" content="0; url=javascript:alert(1)">', "refresh to"),
    ('<meta http-equiv="set-cookie" content="a=b">', "meta http-equiv"),
    ('<link rel="import" href="x.html">', "<link rel='import'>"),
    ('<link rel="stylesheet" href="https://evil.example/x.css">', "foreign stylesheet"),
]


@pytest.mark.parametrize("snippet, expected", CAUGHT)
def test_the_checker_catches_what_it_looks_for(tmp_path, snippet, expected):
    path = tmp_path / "page.html"
    path.write_text(HEAD + snippet + "</body></html>", encoding="utf-8")
    found = problems_in(parse_page(path), path.read_text(encoding="utf-8"))
    assert any(expected in problem for problem in found), found


def test_the_checker_wants_the_csp_first(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<!doctype html><html><head><link rel=icon href=x.svg></head><body></body></html>")
    assert problems_in(parse_page(path), path.read_text()) == ["page.html: no Content-Security-Policy meta tag"]
    path.write_text(f'<html><head><link rel=icon href=x.svg><meta http-equiv="Content-Security-Policy" content="{html.escape(CSP)}"></head></html>')
    assert problems_in(parse_page(path), path.read_text()) == ["page.html: the CSP comes after <link>"]


def test_an_image_from_another_site_becomes_a_link_the_csp_would_block_it(tmp_path):
    """img-src is 'self': an <img> of another origin would only make a CSP violation, so it is a link."""
    from sitegen.markdown import render_fragment

    html_out = render_fragment("![a *map*](https://maps.example/x.png) ![b](//cdn.example/y.png) ![c](img/z.png) ![](HTTP://e.example/)")
    assert html_out == (
        '<p><a href="https://maps.example/x.png">a map</a> <a href="//cdn.example/y.png">b</a> '
        '<img src="img/z.png" alt="c" /> <a href="HTTP://e.example/">HTTP://e.example/</a></p>\n'
    )


def test_scripts_never_write_markup():
    """The card script only shows, hides and places cards built into the page; the reload script writes text."""
    from sitegen.render import builtin_theme
    from sitegen.server import CLIENT_DIR

    scripts = sorted((builtin_theme() / "static").rglob("*.js")) + sorted(CLIENT_DIR.glob("*.js"))
    assert len(scripts) >= 2
    sinks = re.compile(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\s*\(|new\s+Function|setTimeout\s*\(\s*['\"`]|setInterval\s*\(\s*['\"`]|\.srcdoc|javascript:")
    found = [f"{path.name}: {match.group()}" for path in scripts for match in sinks.finditer(path.read_text(encoding="utf-8"))]
    assert found == []


def test_the_injection_site_is_valid_html(injected):
    """Whatever the payloads, every page is valid HTML (the Nu checker): a hostile site is not a broken one."""
    from tests.vnu import describe, validate

    _, out, _ = injected
    messages = validate(html_pages(out))
    assert messages == [], describe(messages, out)
