"""The default theme's Python side over a tiny French site (tests/sites/reader-fr):
strings and dates in the site's language, cards for the terms definitions
refer to, dated former names, sidenotes cut into the body, the search step."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from sitegen.build import Builder, build
from sitegen.errors import ContentError
from sitegen.render import body_parts
from tests.conftest import REPO, SITES
from tests.htmltools import page

STRINGS = REPO / "themes" / "default" / "strings"
SITE = SITES / "reader-fr"


@pytest.fixture(scope="module")
def fr(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("reader-fr") / "site"
    result = build(SITE, out)
    assert not result.diagnostics.has_errors(strict=True), [d.format_text() for d in result.diagnostics.sorted()]
    return out


def test_every_language_has_every_string():
    en = yaml.safe_load((STRINGS / "en.yml").read_text(encoding="utf-8"))
    for path in STRINGS.glob("*.yml"):
        other = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert set(other) == set(en), f"{path.name}: missing {set(en) - set(other)}, extra {set(other) - set(en)}"
        for key, value in en.items():
            if isinstance(value, str):
                assert re.findall(r"%\(\w+\)s", other[key]) == re.findall(r"%\(\w+\)s", value) or \
                    sorted(re.findall(r"%\(\w+\)s", other[key])) == sorted(re.findall(r"%\(\w+\)s", value)), (path.name, key)


def test_french_strings_and_dates(fr):
    article = page(fr / "articles/premier/index.html")
    assert article.find("html").attrs["lang"] == "fr"
    text = " ".join(article.text.split())
    assert "Termes de cet article" in text
    assert "Mis à jour le 1er novembre 2016" in text
    assert article.find("time", datetime="2016-10-01").text == "1er octobre 2016"
    assert "Par Camille Martin et Louis Bernard" in text
    assert "Définitions au survol" in text
    assert article.find("a", href="#note-1").text == "Note 1"  # the marker's hidden label
    search = article.find("form", class_="sg-search")
    assert search.attrs["data-one"] == "1 résultat" and search.attrs["data-other"] == "%(count)s résultats"
    assert article.find("input", id="sg-search-q").attrs["placeholder"] == "Chercher articles et termes"
    # A feed link because base_url is absolute (site.is_absolute, not a guess on the string).
    assert article.find("link", rel="alternate").attrs["href"] == "../../feed.xml"


def test_no_english_left_on_a_french_site(fr):
    en = yaml.safe_load((STRINGS / "en.yml").read_text(encoding="utf-8"))
    frs = yaml.safe_load((STRINGS / "fr.yml").read_text(encoding="utf-8"))
    english = [v.split("%(")[0].strip() for k, v in en.items() if isinstance(v, str) and v != frs[k]]
    english = [v for v in english if len(v) >= 6]
    assert len(english) > 30
    english += en["months"]
    for path in [fr / "index.html", fr / "glossary/index.html", fr / "glossary/alpha/index.html",
                 fr / "articles/premier/index.html", fr / "404.html"]:
        html = path.read_text(encoding="utf-8")
        visible = " ".join(re.sub(r"<[^>]+>", " ", html).split())
        attrs = " ".join(re.findall(r'(?:data-[a-z]+|placeholder|aria-label)="([^"]*)"', html))
        for phrase in english:
            assert phrase not in visible and phrase not in attrs, f"{path.relative_to(fr)}: English {phrase!r}"


def test_cards_for_terms_reached_from_definitions_and_notes(fr):
    article = page(fr / "articles/premier/index.html")
    cards = [c.attrs["id"] for c in article.find_all("div", class_="sg-card")]
    # Alpha and Front Nouveau are mentioned; Bêta is named in Alpha's definition,
    # Alpha again in Bêta's (the cycle ends), Gamma in Bêta's and in a note. Delta: never.
    assert cards == ["card-alpha", "card-front-nouveau", "card-beta", "card-gamma"]
    entries = [e.attrs["id"] for e in article.find_all("div", class_="sg-entry")]
    assert entries == ["term-alpha", "term-front-nouveau"], "only mentioned terms are 'Terms in this article'"
    beta = article.by_id("card-beta")
    assert [a.attrs["data-term-ref"] for a in beta.find_all("a", data_term_ref=True)] == ["alpha", "gamma"]
    # A referenced term's sources are not added to the article's numbered Sources list.
    assert [li.attrs["id"] for li in article.by_id("sg-sources-h").parent.find_all("li")] == ["source-1", "source-2"]


def test_dated_former_names(fr):
    article = page(fr / "articles/premier/index.html")
    for box in (article.by_id("card-front-nouveau"), article.by_id("term-front-nouveau")):
        formerly = " ".join(box.find("p", class_="sg-formerly").text.split())
        assert formerly == "anciennement Vieux Front (jusqu’au 28 janvier 2017), Ancien Front"
        used = " ".join(box.find("p", class_="sg-used-name").text.split())
        # The article (1 October 2016) is older than the rename: the name was current then.
        # (split() also turns the narrow no-break space before ";" into a space.)
        assert used == "Cet article, du 1er octobre 2016, l’appelle Vieux Front, son nom à l’époque ; il s’appelle aujourd’hui Front Nouveau."
    term = page(fr / "glossary/front-nouveau/index.html")
    assert " ".join(term.find("p", class_="sg-formerly").text.split()) == "anciennement Vieux Front (jusqu’au 28 janvier 2017), Ancien Front"
    assert term.find("p", class_="sg-used-name") is None, "a term page belongs to no article"
    glossary = page(fr / "glossary/index.html")
    assert "anciennement Vieux Front (jusqu’au 28 janvier 2017)" in " ".join(glossary.text.split())


def test_explainer_names_the_former_name_it_uses(tmp_path):
    out = tmp_path / "site"
    build(REPO, out, search=False)
    card = page(out / "articles/kerry-rips-russia/index.html").by_id("card-jaish-fateh-al-sham")
    formerly = " ".join(card.find("p", class_="sg-formerly").text.split())
    assert formerly == "formerly Nusra, Nusra Front, al-Nusra Front, Jabhat al-Nusra (until 28 July 2016)"
    used = " ".join(card.find("p", class_="sg-used-name").text.split())
    assert used == "This article calls it Nusra, its name until 28 July 2016."


def test_sidenotes_follow_their_block(fr):
    html = (fr / "articles/premier/index.html").read_text(encoding="utf-8")
    body = html[html.index('<div class="sg-body'):html.index('<footer class="sg-end')]
    # Two notes in one paragraph: both copies right after it; a list item's note inside the item.
    assert re.search(r'id="note-ref-2">.*?</a> ici\.</p>\s*<div class="sg-sidenote" id="sidenote-1".*?'
                     r'<div class="sg-sidenote" id="sidenote-2"', body, re.S)
    assert re.search(r'id="note-ref-3">.*?</a>\s*<div class="sg-sidenote" id="sidenote-3".*?</div>\s*</div>\s*</li>', body, re.S)
    doc = page(fr / "articles/premier/index.html")
    note = doc.by_id("sidenote-1")
    assert note.attrs["role"] == "note" and doc.by_id(note.attrs["aria-labelledby"]).text == "Note 1"
    assert note.find("a", data_term_ref="gamma") is not None


@pytest.mark.parametrize("html, cuts", [
    ("<p>a</p>", [("<p>a</p>", [])]),
    ('<p>x<a class="sg-note-ref" href="#note-1" id="note-ref-1">1</a></p>\n<p>y</p>',
     [('<p>x<a class="sg-note-ref" href="#note-1" id="note-ref-1">1</a></p>', [1]), ("\n<p>y</p>", [])]),
    ('<table><tr><td>x<a class="sg-note-ref" href="#note-1" id="note-ref-1">1</a></td></tr></table>',
     [('<table><tr><td>x<a class="sg-note-ref" href="#note-1" id="note-ref-1">1</a>', [1]), ("</td></tr></table>", [])]),
])
def test_body_parts(html, cuts):
    parts = body_parts(html)
    assert [(str(p.html), p.notes) for p in parts] == cuts
    assert "".join(str(p.html) for p in parts) == html


def test_search_index_is_part_of_build_not_of_dev_rebuilds(fr, tmp_path):
    entry = fr / "pagefind" / "pagefind-entry.json"
    assert (fr / "pagefind" / "pagefind.js").is_file() and entry.is_file()
    assert '"fr"' in entry.read_text(), "indexed in the page's language"
    dev = tmp_path / "dev"
    Builder(SITE, dev).build()
    assert (dev / "articles/premier/index.html").is_file() and not (dev / "pagefind").exists()


def test_a_static_pagefind_folder_is_an_error(tmp_path):
    import shutil

    root = tmp_path / "site-src"
    shutil.copytree(SITE, root)
    (root / "content/static/pagefind").mkdir(parents=True)
    (root / "content/static/pagefind/x.txt").write_text("mine")
    with pytest.raises(ContentError) as caught:
        build(root, tmp_path / "out")
    from sitegen.errors import Severity

    assert [d.code for d in caught.value.diagnostics.sorted() if d.severity is Severity.ERROR] == ["search-clash"]
    assert not (tmp_path / "out").exists(), "a failed build writes nothing"


_SEARCH_BLOCK_BEFORE = """\
    {% block search %}
    {#- Pagefind's loader is imported by search.js on first use; its strings come from here. -#}
    <form class="sg-search" role="search" data-pagefind="{{ root }}pagefind/pagefind.js" data-root="{{ root }}"
          data-searching="{{ t('search_searching') }}" data-none="{{ t('search_none') }}"
          data-one="{{ t('search_one') }}" data-other="{{ t('search_other') }}" data-unavailable="{{ t('search_unavailable') }}">
      <label class="sg-vh" for="sg-search-q">{{ t('search') }}</label>
      <input class="sg-search-q" id="sg-search-q" type="search" name="q" placeholder="{{ t('search_placeholder') }}"
             autocomplete="off" spellcheck="false" enterkeyhint="search" aria-describedby="sg-search-status">
      <p class="sg-vh" id="sg-search-status" role="status"></p>
      <div class="sg-search-panel" id="sg-search-panel" hidden>
        <p class="sg-search-count" aria-hidden="true"></p>
        <ol class="sg-search-results" aria-label="{{ t('search_results') }}"></ol>
      </div>
    </form>
    {% endblock %}
  </div>"""
"""base.html's `search` block before its form moved to _search.html (made once per root by fragment())."""


@pytest.mark.parametrize("language", ["en", "fr", "xx"])
def test_the_search_form_is_what_base_html_wrote(language):
    """base.html prints _search.html through fragment(), once per root: the bytes its `search` block wrote before,
    for every root and the site's strings (one with markup characters); a theme's own `search` block still
    replaces it, and its super() gives the form."""
    from markupsafe import Markup

    from sitegen.config import SiteConfig
    from sitegen.errors import Diagnostics
    from sitegen.render import PageInfo, Renderer, builtin_theme
    from sitegen.site import SiteContent, SiteModel
    from sitegen.theme import Theme

    content = SiteContent(Path("."), SiteConfig(title="T", language=language), [], None, {}, [])  # type: ignore[arg-type]
    renderer = Renderer(SiteModel(content, [], {}, {}, None), Theme([builtin_theme()]), Diagnostics())
    renderer.assets.update({"sitegen.css": "a.css", "favicon.svg": "f.svg", "search.js": "s.js"})
    renderer.strings["search_one"] = 'one <"&\'> %(count)s'
    before = renderer.env.from_string(_SEARCH_BLOCK_BEFORE)
    info = PageInfo("term", "x", "", None, None)
    for root in ["./", "../", "../../", "/sub/", '"<&>'] * 2:
        form = renderer.fragment("_search.html", root=root)
        assert type(form) is Markup and str(form) + "  </div>" == before.render(root=root)
        page = renderer.page("404.html", "", info, root=root).decode()
        assert page.count('<form class="sg-search"') == 1 and f"</nav>\n{form}  </div>\n</header>" in page
    own = renderer.env.from_string('{% extends "base.html" %}{% block search %}<p>own</p>{{ super() }}{% endblock %}')
    page = own.render(root="./", page=info, asset=lambda name: name)
    assert "</nav>\n<p>own</p>" + str(renderer.fragment("_search.html", root="./")) + "  </div>" in page



_OLD_LINES = {
    "term.html": [
        ("{% block content %}\n", "{% block content %}\n{% set mentions_one, mentions_other = t('mentions_one'), t('mentions_other') %}\n"),
        ("    {# no macro call for the many terms without a former name #}\n    {{ m.formerly(term) if term.formerly else '' }}\n",
         "    {{ m.formerly(term) }}\n"),
        ("        {# s.link_html = m.source(s), made once per source #}\n        <li>{{ s.link_html }}</li>\n", "        <li>{{ m.source(s) }}</li>\n"),
        ("        <li>{{ b.html }}</li>\n",
         '        <li><a href="{{ b.url }}">{{ b.title }}</a> <span class="sg-meta"><time datetime="{{ b.date|isodate }}">{{ b.date|date }}</time>'
         " &middot; {{ (mentions_one if b.count == 1 else mentions_other)|format(count=b.count) }}</span></li>\n"),
    ],
    "glossary.html": [
        ("        {# no macro call for the many terms without a former name #}\n        {{ m.formerly(term, 'span') if term.formerly else '' }}\n",
         "        {{ m.formerly(term, 'span') }}\n"),
    ],
}
"""The lines of the default term.html and glossary.html this session made cheaper (new -> as they were)."""


@pytest.mark.parametrize("language", ["en", "fr"])
def test_term_and_glossary_pages_are_what_their_templates_wrote_before(language):
    """term.html (backlinks' `html`, sources' `link_html`, m.formerly only for a term with former names) and
    glossary.html (the same for m.formerly) give the bytes their old lines gave, on terms with and without
    former names, aliases, sources, see-also and backlinks."""
    import datetime as dt

    from sitegen.annotations import FormerName, Source, Term
    from sitegen.config import SiteConfig
    from sitegen.content import Article
    from sitegen.errors import Diagnostics
    from sitegen.render import Renderer, builtin_theme
    from sitegen.site import SiteContent, SiteModel
    from sitegen.theme import Theme

    sources = (Source(title="T <1>", url="https://a.example/?a&b", publisher="P & Co"), Source(title="", url="https://b.example/", publisher=None))
    formerly = (FormerName("Old <name>", dt.date(2016, 7, 28)), FormerName("B", dt.date(2016, 7, 28)), FormerName("C"))
    terms = {
        "a": Term("a", "A <term>", "x", aliases=("Alias & co",), formerly=formerly, sources=sources, see_also=("b", "gone")),
        "b": Term("b", "Bee", "y"),
        "c": Term("c", "Cee", "z", formerly=formerly[2:]),
    }
    articles = [Article(f"s{i}", "", f"Title <{i}> & “q”", dt.date(2016, 10, i), "", 1) for i in range(1, 4)]
    backlinks = {"a": [(articles[0], 1), (articles[1], 3), (articles[2], 1)], "c": [(articles[1], 2)]}
    config = SiteConfig(title="Site", language=language, base_url="https://example.org/")
    content = SiteContent(Path("."), config, articles, None, {}, [])  # type: ignore[arg-type]

    class Definitions:
        def of(self, term, scope=None):
            return f"<p>{term.definition} &amp; more.</p>"

    renderer = Renderer(SiteModel(content, [], terms, backlinks, Definitions()), Theme([builtin_theme()]), Diagnostics())  # type: ignore[arg-type]
    renderer.assets.update({"sitegen.css": "a.css", "favicon.svg": "f.svg", "search.js": "s.js"})
    rendered: list[tuple[str, dict, str]] = []
    render = renderer.render  # (pages are rendered by render_bytes: the same text, in UTF-8)
    renderer.render_bytes = lambda template, **context: (rendered.append((template, context, render(template, **context))) or rendered[-1][2]).encode()  # type: ignore[method-assign]
    for term in terms.values():
        renderer.term_page(term)
    renderer.glossary_page()
    rendered = [r for r in rendered if r[0] in _OLD_LINES]
    assert [r[0] for r in rendered] == ["term.html"] * 3 + ["glossary.html"]
    for name, context, text in rendered:
        source = (builtin_theme() / "templates" / name).read_text(encoding="utf-8")
        for new, old in _OLD_LINES[name]:
            assert source.count(new) == 1, (name, new)
            source = source.replace(new, old)
        assert renderer.env.from_string(source).render(**context) == text
    page_a, glossary = rendered[0][2], rendered[3][2]
    assert all(f in page_a for f in ("Old &lt;name&gt;", "sg-source-link", "P &amp; Co", "Title &lt;2&gt;", "../b/", "2016-10-03"))
    assert "Old &lt;name&gt;" in glossary and "sg-backlist" not in rendered[1][2]


@pytest.mark.parametrize("language", sorted(p.stem for p in STRINGS.glob("*.yml")) + ["xx"])
def test_the_strings_global_is_t_without_values(language, tmp_path):
    """`strings['key']`, which the default base.html and term.html print instead of calling t('key'), gives what
    t('key') gives: for every key the default templates read that way and every language, and for a key that
    is missing or empty (null) in a theme's own strings file (its name with spaces)."""
    from sitegen.config import SiteConfig
    from sitegen.errors import Diagnostics
    from sitegen.render import Renderer, Strings, builtin_theme
    from sitegen.site import SiteContent, SiteModel
    from sitegen.theme import Theme

    own = tmp_path / "own"
    (own / "strings").mkdir(parents=True)
    (own / "strings" / "en.yml").write_text("glossary: ~\nextra: '<b>x</b>'\nmonths: [a, b]\n", encoding="utf-8")
    used = set()
    for path in (builtin_theme() / "templates").iterdir():
        used.update(re.findall(r"strings\['(\w+)'\]", path.read_text(encoding="utf-8")))
    assert {"glossary", "skip_to_content", "mentioned_in"} <= used
    for theme in (Theme([builtin_theme()]), Theme([own, builtin_theme()])):
        content = SiteContent(Path("."), SiteConfig(title="T", language=language), [], None, {}, [])  # type: ignore[arg-type]
        renderer = Renderer(SiteModel(content, [], {}, {}, None), theme, Diagnostics())
        strings = renderer.env.globals["strings"]
        assert type(strings) is Strings and used <= set(renderer.strings)  # (a misspelt key would print itself)
        for key in used | set(renderer.strings) | {"not_a_key", "extra"}:
            assert strings[key] == renderer.t(key), key
            assert renderer.env.from_string("{{ strings[key] }}").render(key=key) == renderer.env.from_string("{{ t(key) }}").render(key=key)
