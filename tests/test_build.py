"""End-to-end builds of the tiny sites under tests/sites/, checked against SPEC's output and hooks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import SITES, run_sitegen
from tests.htmltools import page


@pytest.fixture(scope="module")
def layered(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("layered") / "site"
    result = run_sitegen("build", "--root", str(SITES / "layered"), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


def test_minimal_site_builds_with_the_builtin_theme(tmp_path):
    out = tmp_path / "site"
    result = run_sitegen("build", "--root", str(SITES / "minimal"), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("sitegen: built ")
    for rel in ["index.html", "articles/hello/index.html", "glossary/index.html", "404.html", ".nojekyll", "sitemap.xml", "feed.xml", "robots.txt"]:
        assert (out / rel).is_file(), rel
    assert any(p.suffix == ".css" for p in (out / "assets").iterdir())
    doc = page(out / "articles/hello/index.html")
    assert doc.find("html").attrs["lang"] == "en"
    assert "Hello, world." in doc.text


def test_default_out_is_site_under_root(tmp_path):
    root = tmp_path / "minimal"
    shutil.copytree(SITES / "minimal", root)
    result = run_sitegen("build", "--root", str(root))
    assert result.returncode == 0, result.stderr
    assert (root / "site" / "index.html").is_file()


def test_every_annotated_mention_carries_the_spec_hooks(layered):
    doc = page(layered / "articles/first/index.html")
    body_mentions = [a for a in doc.find_all("a", data_term=True)]
    assert {a.attrs["data-term"] for a in body_mentions} == {"s-300", "tartus", "jaish-fateh-al-sham"}
    for a in body_mentions:
        term_id = a.attrs["data-term"]
        assert a.attrs["href"] == f"#term-{term_id}"
        entry = doc.by_id(f"term-{term_id}")
        assert entry is not None, term_id
        # The entry links back to the mention and on to the glossary page.
        hrefs = [x.attrs.get("href") for x in entry.find_all("a")]
        assert f"#{a.attrs['id']}" in hrefs
        assert f"../../glossary/{term_id}/" in hrefs


def test_annotate_first_links_only_the_first_mention(layered):
    doc = page(layered / "articles/first/index.html")
    s300 = [a for a in doc.find_all("a", data_term="s-300")]
    assert len(s300) == 1 and s300[0].text == "S-300 anti-aircraft system"


def test_former_names_are_matched_and_shown(layered):
    doc = page(layered / "articles/first/index.html")
    mention = doc.find("a", data_term="jaish-fateh-al-sham")
    assert mention.text == "Nusra"
    assert "Nusra Front" in doc.by_id("term-jaish-fateh-al-sham").text


def test_definitions_link_other_terms_with_data_term_ref_never_data_term(layered):
    doc = page(layered / "articles/first/index.html")
    entry = doc.by_id("term-s-300")
    refs = entry.find_all("a", data_term_ref="tartus")
    assert refs and refs[0].attrs["href"] == "../../glossary/tartus/"
    for card_or_entry in doc.find_all(class_="sg-def") + doc.find_all("div", popover=True):
        assert not card_or_entry.find_all(data_term=True)


def test_the_page_holds_only_the_terms_it_uses(layered):
    html = (layered / "articles/first/index.html").read_text()
    assert "Unused Term" not in html and "Mentioned nowhere" not in html


def test_sidecar_term_overrides_the_glossary_for_its_article_only(layered):
    first = page(layered / "articles/first/index.html")
    second = page(layered / "articles/second/index.html")
    glossary_page = page(layered / "glossary/tartus/index.html")
    assert "as this article explains it" in first.by_id("term-tartus").text
    assert "as this article explains it" not in second.by_id("term-tartus").text
    assert "home to a Russian naval facility" in glossary_page.text
    assert "as this article explains it" not in glossary_page.text


def test_notes_are_wrapped_numbered_and_listed(layered):
    doc = page(layered / "articles/first/index.html")
    quote = doc.find(data_note="1")
    assert quote.text == "A civilian hospital dug deep underground"
    marker = doc.find("a", href="#note-1")
    assert marker is not None
    entry = doc.by_id("note-1")
    assert "near Homs" in entry.text
    # Terms inside a note link to their glossary pages.
    assert entry.find("a", data_term_ref="s-300") is not None


def test_sources_are_numbered_once_per_article(layered):
    doc = page(layered / "articles/first/index.html")
    urls = [a.attrs["href"] for li in doc.find_all("li", id=True) if li.attrs["id"].startswith("source-") for a in li.find_all("a")]
    assert urls == sorted(set(urls), key=urls.index), "a source is listed twice"
    assert "https://example.org/report" in urls and "https://en.wikipedia.org/wiki/S-300_missile_system" in urls


def test_term_pages_have_backlinks_to_every_article_that_mentions_them(layered):
    doc = page(layered / "glossary/tartus/index.html")
    links = {a.attrs["href"] for a in doc.find_all("a")}
    assert "../../articles/first/" in links and "../../articles/second/" in links
    unused = page(layered / "glossary/unused-term/index.html")
    assert "../../articles/first/" not in {a.attrs["href"] for a in unused.find_all("a")}


def test_glossary_index_lists_every_term_a_to_z(layered):
    doc = page(layered / "glossary/index.html")
    names = [a.text.strip() for a in doc.find_all("a") if a.attrs.get("href", "").endswith("/") and a.attrs["href"].count("/") == 1 and not a.attrs["href"].startswith((".", "#"))]
    assert names == sorted(names, key=str.casefold)
    assert {"S-300", "Tartus", "Jaish Fateh al-Sham", "Unused Term"} <= set(names)


def test_explicit_term_links_annotate_any_text(layered):
    doc = page(layered / "articles/second/index.html")
    a = doc.find("a", data_term="s-300")
    assert a.text == "the missile system" and a.attrs["href"] == "#term-s-300"


def test_drafts_are_left_out_unless_asked(layered, tmp_path):
    assert not (layered / "articles/draft").exists()
    out = tmp_path / "site"
    result = run_sitegen("build", "--root", str(SITES / "layered"), "--out", str(out), "--drafts")
    assert result.returncode == 0, result.stderr
    assert (out / "articles/draft/index.html").is_file()


def test_static_files_are_copied_as_they_are(layered):
    assert (layered / "img/pixel.gif").read_bytes() == (SITES / "layered/content/static/img/pixel.gif").read_bytes()


def test_a_site_theme_overrides_a_template_and_extends_the_builtin(layered):
    first = (layered / "articles/first/index.html").read_text()
    assert "Layered theme footer" in first and 'id="term-s-300"' in first
    assert "Layered theme footer" not in (layered / "index.html").read_text()


def test_alias_gets_a_redirect_page(layered):
    doc = page(layered / "old/second/index.html")
    refresh = doc.find("meta", http_equiv="refresh")
    assert refresh is not None and "../../articles/second/" in refresh.attrs["content"]


def test_index_lists_articles_newest_first(layered):
    doc = page(layered / "index.html")
    hrefs = [a.attrs["href"] for a in doc.find_all("a") if "articles/" in a.attrs.get("href", "")]
    assert hrefs.index("./articles/second/") < hrefs.index("./articles/first/")


def test_failed_build_leaves_the_previous_output_alone(tmp_path):
    root = tmp_path / "s"
    shutil.copytree(SITES / "layered", root)
    out = tmp_path / "site"
    assert run_sitegen("build", "--root", str(root), "--out", str(out)).returncode == 0
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    article = root / "content/articles/first.md"
    original = article.read_text()
    article.write_text(original.replace("[now known as", "[see](term:no-such-term) [now known as"))
    result = run_sitegen("build", "--root", str(root), "--out", str(out))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "first.md:10:7: error: link to unknown term 'term:no-such-term'" in result.stderr
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert article.read_text() != original  # the editor's file is untouched by the build
    assert not [p for p in tmp_path.iterdir() if ".staging-" in p.name]


def test_a_check_writes_no_site_and_leaves_its_articles_parsed_for_the_build(tmp_path, monkeypatch):
    """The Pages workflow checks, then builds: the build finds the check's work in the cache."""
    import sitegen.markdown
    from sitegen.build import build
    from sitegen.check import check

    root = tmp_path / "s"
    shutil.copytree(SITES / "layered", root, ignore=shutil.ignore_patterns(".sitegen-cache"))  # (other tests build it in place)
    content = {p: p.read_bytes() for p in (root / "content").rglob("*") if p.is_file()}
    parsed: list[str] = []
    prepare_article = sitegen.markdown.prepare_article
    monkeypatch.setattr(sitegen.markdown, "prepare_article", lambda body, *a, **k: parsed.append(body) or prepare_article(body, *a, **k))
    diagnostics = check(root, links=True)
    assert not diagnostics.has_errors(), diagnostics.sorted()
    assert len(parsed) == 2, "the check parses each published article once"
    assert not (root / "site").exists()
    assert {p: p.read_bytes() for p in (root / "content").rglob("*") if p.is_file()} == content
    parsed.clear()
    result = build(root, root / "site", search=False)
    assert parsed == [], "the build parses none again"
    assert sorted(d.sort_key() for d in result.diagnostics.items) == sorted(d.sort_key() for d in diagnostics.items)
    assert (root / "site/articles/first/index.html").is_file()


@pytest.mark.parametrize("links", [False, True])
def test_a_check_closes_the_cache_before_it_returns(tmp_path, links):
    """Its connections are closed when it returns, not when the collector finds them: closing one deletes
    the cache's -wal and -shm files, which once raced a test removing the site folder."""
    from sitegen.check import check

    root = tmp_path / "s"
    shutil.copytree(SITES / "layered", root, ignore=shutil.ignore_patterns(".sitegen-cache"))
    assert not check(root, links=links).has_errors()
    left = sorted(p.name for p in (root / ".sitegen-cache").iterdir())
    assert "build.sqlite" in left and not [name for name in left if name.endswith(("-wal", "-shm"))], left


def test_a_check_after_a_build_renders_only_what_changed_since(tmp_path, monkeypatch):
    from sitegen.check import check
    from sitegen.render import Renderer

    root = tmp_path / "s"
    shutil.copytree(SITES / "layered", root, ignore=shutil.ignore_patterns(".sitegen-cache"))
    rendered: list[str] = []
    article_page = Renderer.article_page
    monkeypatch.setattr(Renderer, "article_page", lambda self, page: rendered.append(page.article.slug) or article_page(self, page))
    assert run_sitegen("build", "--root", str(root)).returncode == 0  # (another process)
    built = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    first = check(root, links=True)
    assert rendered == [], "it copies what the build left"
    article = root / "content" / "articles" / "first.md"
    article.write_text(article.read_text() + "\nOne more line.\n")
    assert check(root, links=True).sorted() == first.sorted()
    assert rendered == ["first"]
    assert {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()} == built


def test_an_articles_body_read_again_is_the_body_its_front_matter_was_cut_from(tmp_path):
    """A worker that finds the front matter in the cache reads the body again by line number: lines are
    line feeds only, as markdown-it counts them, even with U+2028 or a NEL in a title."""
    from sitegen.build import _body_of
    from sitegen.content import split_front_matter
    from sitegen.errors import Diagnostics

    text = "---\ntitle: 'zero\u200bwidth\u2028  line\u2029  separator'\nsummary: 'next\x85line'\ndate: 2020-01-01\n---\n\nBody\u2029 with a form\x0cfeed\r\nand a CRLF.\n"
    path = tmp_path / "a.md"
    path.write_bytes(text.encode("utf-8"))
    doc, body, body_line = split_front_matter(text, str(path), Diagnostics())
    assert doc is not None
    assert _body_of(path.read_bytes(), body_line) == body


def test_refuses_to_replace_a_folder_it_did_not_make(tmp_path):
    out = tmp_path / "precious"
    out.mkdir()
    (out / "thesis.txt").write_text("years of work")
    result = run_sitegen("build", "--root", str(SITES / "minimal"), "--out", str(out))
    assert result.returncode == 2
    assert "refusing to replace" in result.stderr
    assert (out / "thesis.txt").read_text() == "years of work"


def test_version_and_module_entry_point():
    result = run_sitegen("--version")
    assert result.returncode == 0 and result.stdout.startswith("sitegen ")


def test_bad_usage_exits_2():
    result = run_sitegen("build", "--no-such-flag")
    assert result.returncode == 2


def test_asset_names_kept_one_per_asset_and_only_for_the_bytes_hashed(tmp_path):
    """The dev server names an asset from its SHA-256 once per version, keeps one entry per asset however often
    it is saved, and never keeps a name made from bytes other than those its digest was taken of."""
    import hashlib

    from sitegen.build import _ASSET_NAMES, _asset_name
    from sitegen.cache import file_digest
    from sitegen.theme import hashed_name

    path = tmp_path / "site.css"
    for text in (b"a{}", b"b{}", b"a{}"):
        path.write_bytes(text)
        assert _asset_name("site.css", path, file_digest(text)) == hashed_name("site.css", text)
        assert hashlib.sha256(text).hexdigest()[:10] in hashed_name("site.css", text)
    assert [key for key in _ASSET_NAMES if key[1] == str(path)] == [("site.css", str(path))]
    stale = file_digest(b"b{}")  # the digest of a version saved over since: named from what is there now
    assert _asset_name("site.css", path, stale) == hashed_name("site.css", b"a{}")
    assert _ASSET_NAMES[("site.css", str(path))][0] == file_digest(b"a{}")


def test_the_command_ends_cleanly_with_its_output_piped_or_closed(tmp_path):
    """`sitegen build` ends without the interpreter's teardown (`cli.exit_now`): what it printed is flushed
    first, and a standard output that was closed when it started (so `sys.stdout` is None) is no error."""
    import os
    import subprocess
    import sys

    from tests.conftest import REPO

    site = tmp_path / "s"
    shutil.copytree(SITES / "minimal", site, ignore=shutil.ignore_patterns(".sitegen-cache"))
    piped = run_sitegen("build", "--no-search", "--root", str(site))
    assert piped.returncode == 0, piped.stderr
    assert piped.stderr.strip().splitlines()[-1].startswith("sitegen: built ")
    closed = subprocess.run(
        [sys.executable, "-m", "sitegen", "build", "--no-search", "--root", str(site)],
        env=dict(os.environ, PYTHONPATH=str(REPO)), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        preexec_fn=lambda: os.close(1), timeout=120,
    )
    assert closed.returncode == 0, closed.stderr
    assert "Traceback" not in closed.stderr and "sitegen: built " in closed.stderr
