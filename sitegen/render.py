"""Pages from the site model, through the theme's Jinja2 templates.

Theme lookup is a search path: the site's `themes/<name>/` first, then the
built-in default; a template may extend the built-in one it overrides as
`default/<name>.html`. View models are plain dataclasses, built here.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

try:  # markupsafe's C escaper, without the Markup wrapper escape() adds
    from markupsafe import _escape_inner
except ImportError:  # pragma: no cover - a markupsafe without it

    def _escape_inner(text: str) -> str:
        return str(escape(text))

import sitegen
from sitegen.annotations import GLOSSARY, FormerName, Term
from sitegen.config import SiteConfig
from sitegen.errors import ContentError, Diagnostics
from sitegen.markdown import Mention, normalize_link
from sitegen.site import ArticleScope, RenderedArticle, SiteModel, article_scope
from sitegen.theme import Theme, builtin_theme, hashed_name  # noqa: F401  (re-exported: render.Theme)

PAGE_SIZE = 50
"""Articles per index page; the feed holds the newest FEED_SIZE."""
FEED_SIZE = 50
FRAGMENTS_KEPT = 20_000
"""Rendered fragments a renderer keeps (a few kB each)."""

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'"
)
"""No inline script or style, no third-party origin."""


# ---------------------------------------------------------------- view models
# Plain slotted dataclasses, built here and never changed after: frozen ones
# cost four times as much to make, and a page makes hundreds. The few that
# end up in a fragment() key are hashable (unsafe_hash: hashed by value).


@dataclass(slots=True, unsafe_hash=True)
class SourceView:
    number: int | None
    anchor: str
    title: str
    url: str
    publisher: str | None
    link_html: Markup = field(compare=False)
    """`source_link_html` of the other three: the `source` macro's markup without a number, made once per
    source and build. The default theme prints it where it lists sources in a loop (Terms, Sources,
    cards): four values read and escaped for each of the ~150 source links of an article page."""
    number_html: Markup = field(compare=False)
    """`source_number_html` of `number` (empty when it is None): what the `source` macro adds after the
    link for a number, with the site's `source` label; the default theme's Terms loop prints it."""


@dataclass(slots=True)
class LinkView:
    name: str
    url: str


@dataclass(slots=True, unsafe_hash=True)
class FormerNameView:
    """A former name; prints as the name, so `{{ n }}` and `|join` keep working."""

    name: str
    until: dt.date | None
    """The day it stopped being current, when known."""

    def __str__(self) -> str:
        return self.name


@dataclass(slots=True, unsafe_hash=True)
class UsedName:
    """The article calls a term by one of its former names."""

    name: str
    """The former name, as the glossary spells it."""
    until: dt.date | None
    then_current: bool
    """True when the article is dated before `until`: the name was current when it was written."""
    article_date: dt.date | None = None
    """The article's date, when `then_current` (the sentence names it)."""


@dataclass(slots=True)
class TermEntry:
    id: str
    name: str
    formerly: list[FormerNameView]
    aliases: list[str]
    definition_html: Markup
    sources: list[SourceView]
    mentions: list[str]
    """Element ids of its annotated mentions in the body (empty for a term only referenced from definitions)."""
    glossary_url: str
    see_also: list[LinkView]
    card: "CardView"
    """What its card shows: the same on every page that shows the term the same way."""
    used_name: UsedName | None = None
    """Set when the article used a former name of the term."""
    head_html: Markup = Markup("")
    """`entry_head_html` of its card: the default theme's Terms entry from its name to its definition (the
    name, the theme's `formerly` and `used_name` macros' markup, the definition), made once per card. The
    same on every page that shows the card: the Terms loop wrote it out ~25 times a page."""
    backlinks_html: Markup = Markup("")
    """`backlinks_html` of `mentions`: the default theme's links back to the term's mentions in the body
    (empty without a mention)."""
    sources_html: Markup = Markup("")
    """`entry_sources_html` of `sources`: the default theme's items of its source list, one a line."""
    see_also_html: Markup = Markup("")
    """`see_also_html` of `see_also`: the default theme's links to them, comma-separated."""
    card_html: Markup = Markup("")
    """`fragment("_card.html", term=card)`: its card, rendered once per build, printed by the default theme's
    cards loop (a fragment() call a card, from the template, cost some 3,000 instructions)."""


@dataclass(frozen=True, slots=True)
class CardView:
    """A term's card: hashable, so `fragment("_card.html", term=...)` renders each distinct card once per build."""

    id: str
    name: str
    formerly: tuple[FormerNameView, ...]
    definition_html: Markup
    sources: tuple[SourceView, ...]
    glossary_url: str
    used_name: UsedName | None
    _hash: int = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_hash", hash((self.id, self.name, self.formerly, self.definition_html, self.sources, self.glossary_url, self.used_name)))

    def __hash__(self) -> int:  # once: a card is looked up on every page that shows it
        return self._hash


@dataclass(slots=True)
class NoteEntry:
    number: int
    quote: str
    html: Markup
    sources: list[SourceView]
    quote_id: str
    ref_id: str
    sidenote_id: str = ""
    """Id of its copy beside the text (`sidenote-N`)."""


@dataclass(slots=True)
class BodyPart:
    """A run of the article body, cut after each block that holds note markers."""

    html: Markup
    notes: list[int]
    """Numbers of the notes whose markers are in this run's last block: their sidenotes follow it."""


@dataclass(slots=True)
class CorrectionView:
    date: dt.date
    html: Markup


@dataclass(slots=True)
class PublicationView:
    title: str | None
    url: str | None
    publisher: str | None
    date: dt.date | None


@dataclass(slots=True)
class ArticleView:
    title: str
    summary: str
    date: dt.date
    updated: dt.date | None
    authors: list[str]
    source: PublicationView | None
    image_url: str | None
    image_alt: str | None
    image_credit: str | None
    corrections: list[CorrectionView]
    body_html: Markup
    url: str
    body_parts: list[BodyPart] = field(default_factory=list)
    """`body_html` cut where sidenotes go; joined, the parts' html is `body_html`."""


@dataclass(slots=True)
class ArticleSummary:
    title: str
    url: str
    date: dt.date
    updated: dt.date | None
    summary: str
    authors: list[str]


@dataclass(slots=True)
class Pagination:
    number: int
    count: int
    prev_url: str | None
    next_url: str | None


@dataclass(slots=True)
class Backlink:
    title: str
    url: str
    date: dt.date
    count: int
    html: Markup
    """What the default `term.html` writes in the backlink's `<li>`: the title linked to the article, its
    date and its mention count. Made in Python (`Renderer.backlinks`) from the article's part, made once
    per article, and the count's: a term page lists up to hundreds of backlinks, five values read,
    filtered and escaped for each."""


@dataclass(slots=True)
class TermPageView:
    id: str
    name: str
    formerly: list[FormerNameView]
    aliases: list[str]
    definition_html: Markup
    sources: list[SourceView]
    see_also: list[LinkView]
    backlinks: list[Backlink]


@dataclass(slots=True)
class GlossaryItem:
    name: str
    url: str
    summary: str
    formerly: list[FormerNameView]


@dataclass(slots=True)
class LetterGroup:
    letter: str
    terms: list[GlossaryItem]


@dataclass(slots=True)
class PageInfo:
    kind: str
    title: str
    description: str
    canonical: str | None
    json_ld: dict | None
    og_type: str = "website"
    image: str | None = None


def source_link_html(title: Any, url: Any, publisher: Any) -> Markup:
    """A source's title (its URL when it has none) linked to its URL, then its publisher: what the
    default theme's `source` macro writes before the number (the same escaping: a template's
    `{{ value }}`)."""
    html = f'<a class="sg-source-link" href="{escape(url)}">{escape(title or url)}</a>'
    if publisher:
        html += f'<span class="sg-publisher">, {escape(publisher)}</span>'
    return Markup(html)


def backlink_head_html(url: Any, title: Any, date: dt.date, date_text: str) -> str:
    """The default `term.html`'s markup of a backlink (its `<li>`'s content) up to the mention count: the part
    that is the same on every term page listing the article. `date_text` is the date as the `date` filter
    writes it; each value escaped as a template's `{{ value }}`."""
    return (
        f'<a href="{escape(url)}">{escape(title)}</a> <span class="sg-meta"><time datetime="{escape(date.isoformat() if date else "")}">'
        f'{escape(date_text)}</time> &middot; '
    )


def backlink_tail_html(mentions: str) -> str:
    """The rest of a backlink's markup: `mentions`, the mention count's sentence (`mentions_one` or
    `mentions_other` filled in), escaped; plain `str`, so that joining it does not escape the head."""
    return str(escape(mentions)) + "</span>"


def source_number_html(number: int | None, label: str) -> Markup:
    """The link to the Sources list's item `number` that the `source` macro writes after a source's link
    (`label` is the site's `source` string), or nothing without a number."""
    if number is None:
        return Markup("")
    return Markup(f' <a class="sg-source-num" href="#source-{escape(number)}"><span class="sg-vh">{escape(label)} </span>[{escape(number)}]</a>')


_NO_MARKUP = Markup("")

_SOURCE_NUMBERS: dict[str, dict[int, Markup]] = {}
"""label -> number -> source_number_html: the same few on every page."""

_SOURCE_ANCHORS: dict[int, str] = {}
"""n -> `source-n`, the anchor of the Sources list's item n."""

_SOURCE_LINKS: dict[int, tuple[Any, Markup]] = {}
"""id(source) -> (the source, its link_html): each glossary source is shown on many pages. The source is
kept, so no other object can have its id while it is here (an id is unique among live objects)."""


def source_link(source: Any) -> Markup:
    """`source_link_html` of a Source (or anything with its title, url and publisher), once per source."""
    kept = _SOURCE_LINKS.get(id(source))
    if kept is not None:
        return kept[1]
    if len(_SOURCE_LINKS) >= FRAGMENTS_KEPT:  # a long dev-server session: start afresh
        _SOURCE_LINKS.clear()
    html = source_link_html(source.title, source.url, source.publisher)
    _SOURCE_LINKS[id(source)] = (source, html)
    return html


def entry_head_html(card: CardView, macros: Any) -> Markup:
    """What the default theme's Terms entry prints from its name to its definition: the name, the
    theme's `formerly` and `used_name` macros given the card (`macros()`: `_macros.html`'s module, asked
    only for a card with a former name), the definition. The same escaping as the template's."""
    html = f'<h3 class="sg-entry-name">{_escape_inner(card.name)}</h3>\n'
    if card.formerly or card.used_name:
        module = macros()
        if card.formerly:
            html += str(module.formerly(card))
        if card.used_name:
            html += str(module.used_name(card))
    return Markup(f'{html}        <div class="sg-def">{card.definition_html}</div>')


def backlinks_html(mentions: list[str], label: str) -> Markup:
    """The default theme's links from a Terms entry back to the term's `mentions` (their element ids):
    one link, or the label and a numbered link per mention; empty without a mention. `label` is the site's
    `back_to_mention` string, escaped."""
    if not mentions:
        return _NO_MARKUP
    if len(mentions) == 1:
        return Markup(
            f'<span class="sg-backlinks">\n            <a href="#{_escape_inner(mentions[0])}"><span aria-hidden="true">&uarr; </span>{label}</a>\n          </span>'
        )
    links = "".join([f' <a href="#{_escape_inner(mid)}"><span class="sg-vh">{label} </span>{n}</a>' for n, mid in enumerate(mentions, 1)])
    return Markup(f'<span class="sg-backlinks">\n            <span aria-hidden="true">&uarr; </span>{label}:\n{links}          </span>')


def see_also_html(links: list[LinkView]) -> Markup:
    """A Terms entry's see-also links as the default theme prints them: `<a href="{url}">{name}</a>` each,
    comma-separated (a loop in the template made the entries' loop ask for its `loop` on every entry)."""
    if not links:
        return _NO_MARKUP
    return str.__new__(Markup, ", ".join([f'<a href="{escape(link.url)}">{escape(link.name)}</a>' for link in links]))


def entry_sources_html(views: list[SourceView]) -> Markup:
    """A Terms entry's source items as the default theme prints them: `<li>{link_html}{number_html}</li>`
    for each (the `source` macro's markup with the number), one a line, the lines after the first indented
    as the list's. Made here, not by a loop in the template: ~50 items a page, a loop's ~4,000 instructions
    an item."""
    if not views:
        return _NO_MARKUP
    parts: list[str] = []
    for view in views:
        parts += ("<li>", view.link_html, view.number_html, "</li>\n          ")
    parts[-1] = "</li>"
    return str.__new__(Markup, "".join(parts))  # (Markup(text) of a str, without its look for __html__)


_SOURCE_ITEM_OPENINGS: dict[str, tuple[int | None, str]] = {}
"""anchor -> (number, the opening tag of the Sources list's item with them): the same few on every page."""


def sources_list_html(views: list[SourceView]) -> Markup:
    """The items of an article's Sources list as the default theme prints them: `<li id="{anchor}"
    value="{number}">{link_html}</li>` for each, one a line, the lines after the first indented as the list's."""
    if not views:
        return _NO_MARKUP
    parts: list[str] = []
    openings = _SOURCE_ITEM_OPENINGS
    for view in views:
        kept = openings.get(view.anchor)
        if kept is None or kept[0] != view.number:
            if len(openings) >= FRAGMENTS_KEPT:
                openings.clear()
            kept = openings[view.anchor] = (view.number, f'<li id="{escape(view.anchor)}" value="{escape(view.number)}">')
        parts += (kept[1], view.link_html, "</li>\n        ")
    parts[-1] = "</li>"
    return str.__new__(Markup, "".join(parts))


# ---------------------------------------------------------------- rendering


def root_for(site_path: str) -> str:
    """The relative prefix from a page's folder to the site root ('./', '../', ...)."""
    depth = site_path.strip("/").count("/") + 1 if site_path.strip("/") else 0
    return "../" * depth if depth else "./"


_TAGS = re.compile(r"<[^>]+>")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"‘'(])")


def plain_text(html: str) -> str:
    import html as html_lib

    return " ".join(html_lib.unescape(_TAGS.sub("", html)).split())


_SENTENCE_END = re.compile(r"[.!?]\s+(?=[A-Z“\"‘'(])")
"""`_SENTENCE`'s break with the stop before it: `re` skips to each stop, where a pattern that starts with a
look-behind is tried at every character (a property test holds the two to the same sentence)."""


def first_sentence(text: str, limit: int = 240) -> str:
    end = _SENTENCE_END.search(text)
    sentence = text if end is None else text[: end.start() + 1]
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


class Strings(dict):
    """The site's strings as `t(key)` gives them without values, for `{{ strings['key'] }}`: a missing or empty
    one is its key with spaces. A dict look-up where a template's t() call costs ~4,800 instructions (the
    default theme prints ~5 strings on every page, ~10 on a term page)."""

    def __init__(self, strings: dict[str, Any]):
        super().__init__({key: key.replace("_", " ") if text is None else text for key, text in strings.items()})

    def __missing__(self, key: str) -> str:
        return key.replace("_", " ")


@dataclass
class Renderer:
    model: SiteModel
    theme: Theme
    diagnostics: Diagnostics
    assets: dict[str, str] = field(default_factory=dict)
    """Theme static name -> hashed output path ('assets/sitegen.1a2b3c.css')."""
    asset_files: dict[str, bytes] = field(default_factory=dict)
    _fragments: dict[tuple, Markup] = field(default_factory=dict, repr=False)
    """fragment() results; kept while the renderer is (its theme and settings unchanged)."""
    _dates: dict[dt.date, str] = field(default_factory=dict, repr=False)
    """human_date() results: a term page lists the dates of hundreds of articles."""
    _cards: dict[tuple, tuple[Term, tuple[CardView, Markup, Markup]]] = field(default_factory=dict, repr=False)
    """card_with_markup() results, with the term each was made of (a rebuild's new term makes a new card)."""
    _mention_backlinks: dict[str, Markup] = field(default_factory=dict, repr=False)
    """backlinks_html of a one-mention list, by the mention's id (the label is the renderer's)."""
    _plain_texts: dict[str, str] = field(default_factory=dict, repr=False)
    """plain_text() of definitions: the glossary page and each term page both need it."""
    _summaries: dict[str, str] = field(default_factory=dict, repr=False)
    """first_sentence(plain_text()) of definitions: the glossary page's summary, the term page's description."""
    _backlink_heads: dict[int, tuple[Any, str, str]] = field(default_factory=dict, repr=False)
    """id(article) -> (the article, its URL from a term page, `backlink_head_html`): an article is listed by
    every term page of a term it mentions (25 at 1,000 articles). Only this part is kept, not each
    Backlink: the term-page workers of 5,000 articles kept ~5 MB each of whole Backlinks, the build's
    peak memory. The article is kept, so no other object can have its id while it is here."""
    _backlink_tails: dict[int, str] = field(default_factory=dict, repr=False)
    """mention count -> `backlink_tail_html` of its sentence."""

    @property
    def config(self) -> SiteConfig:
        return self.model.content.config

    @cached_property
    def strings(self) -> dict[str, str]:
        return self.theme.strings(self.config.language, self.diagnostics)

    def t(self, key: str, **values: Any) -> str:
        text = self.strings.get(key)
        if text is None:
            text = key.replace("_", " ")
        return text % values if values else text

    def tm(self, key: str, **values: Any) -> Markup:
        """A string with markup filled in: the text is escaped, Markup values (macro output) are kept."""
        text = escape(self.strings.get(key, key.replace("_", " ")))
        return text % values if values else text

    @cached_property
    def env(self):
        import jinja2  # here: a build that renders nothing never loads Jinja

        from sitegen.templating import Environment

        template_dirs = [d / "templates" for d in self.theme.dirs if (d / "templates").is_dir()]
        builtin = jinja2.FileSystemLoader(str(builtin_theme() / "templates"))
        loader = jinja2.ChoiceLoader(
            [jinja2.FileSystemLoader([str(d) for d in template_dirs]), jinja2.PrefixLoader({"default": builtin})]
        )
        env = Environment(
            loader=loader,
            autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True, default=True),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False,  # a theme edit makes a new renderer (the build hashes the theme's files): no stat per template use
        )
        env.filters["date"] = self.human_date
        env.filters["isodate"] = lambda d: d.isoformat() if d else ""
        env.globals["t"] = self.t
        env.globals["strings"] = Strings(self.strings)
        env.globals["tm"] = self.tm
        env.globals["site"] = self.config
        env.globals["csp"] = CSP
        env.globals["generator"] = f"sitegen {sitegen.__version__}"
        env.globals["fragment"] = self.fragment
        return env

    def fragment(self, template: str, **values: Any) -> Markup:
        """`template` rendered with `values` (hashable) and the globals only: once per build for equal values.

        What many pages repeat (a term's card on every article that shows
        it) costs one rendering, not one per page.
        """
        key = (template, *sorted(values.items()))
        html = self._fragments.get(key)
        if html is None:
            if len(self._fragments) >= FRAGMENTS_KEPT:  # a long dev-server session: start afresh
                self._fragments.clear()
            html = self._fragments[key] = Markup(self.render(template, **values))
        return html

    def prerender_cards(self, terms: Iterable[Term]) -> None:
        """Make each glossary term's card and Terms entry head (`card_with_markup`), as a page without a former name shows them.

        Before the workers are forked: each inherits them rendered, instead
        of rendering again every card its own articles show. A failure is
        left for the page that shows the card to report.
        """
        definitions = self.model.definitions
        for term in terms:
            try:
                self.card_with_markup(term, definitions.of(term), None)
            except Exception:
                return

    def card_with_markup(self, term: Term, definition_html: str, used: UsedName | None) -> tuple[CardView, Markup, Markup]:
        """A term's card as an article page shows it (definition and former name used), its Terms entry's head
        (entry_head_html) and the card rendered (`_card.html`): made together once."""
        key = (term.id, used, definition_html)
        kept = self._cards.get(key)
        if kept is not None and kept[0] is term:
            return kept[1]
        if len(self._cards) >= FRAGMENTS_KEPT:
            self._cards.clear()
        card = CardView(
            term.id, term.name, tuple(former_views(term.formerly)), Markup(definition_html),
            tuple(SourceView(None, "", s.title, s.url, s.publisher, source_link(s), Markup("")) for s in term.sources), f"../../glossary/{term.id}/", used,
        )
        made = (card, entry_head_html(card, self._theme_macros), self.fragment("_card.html", term=card))
        self._cards[key] = (term, made)
        return made

    def _theme_macros(self) -> Any:
        """The theme's `_macros.html` as `{% import "_macros.html" as m %}` gives it (without context)."""
        return self.env.get_template("_macros.html").module

    def plain_text(self, html: str) -> str:
        """plain_text(html), once per definition: the glossary page and its term's page both print it."""
        text = self._plain_texts.get(html)
        if text is None:
            if len(self._plain_texts) >= FRAGMENTS_KEPT:
                self._plain_texts.clear()
            text = self._plain_texts[html] = plain_text(html)
        return text

    def summary(self, html: str) -> str:
        """first_sentence(plain_text(html)), once per definition: the glossary page and its term's page both print it."""
        text = self._summaries.get(html)
        if text is None:
            if len(self._summaries) >= FRAGMENTS_KEPT:
                self._summaries.clear()
            text = self._summaries[html] = first_sentence(self.plain_text(html))
        return text

    def human_date(self, value: dt.date | None) -> str:
        if value is None:
            return ""
        text = self._dates.get(value)
        if text is None:
            text = self._dates[value] = self._human_date(value)
        return text

    def _human_date(self, value: dt.date) -> str:
        months = self.strings.get("months")
        if isinstance(months, list) and len(months) == 12:
            month = months[value.month - 1]
        else:
            month = value.strftime("%B")
        pattern = self.strings.get("date_format", "%(day)s %(month)s %(year)s")
        day = self.strings.get("first_day", "1") if value.day == 1 else value.day
        return pattern % {"day": day, "month": month, "year": value.year}

    def page(self, template: str, site_path: str, page: PageInfo, root: str | None = None, **context: Any) -> bytes:
        root = root if root is not None else root_for(site_path)

        def asset(name: str) -> str:
            if name not in self.assets:
                import jinja2

                raise jinja2.TemplateError(f"unknown theme asset '{name}'")
            return root + self.assets[name]

        return self.render_bytes(template, root=root, asset=asset, page=page, **context)

    def render(self, template: str, **context: Any) -> str:
        """`template` rendered with `context`. An error met in a site's own theme (a syntax error, a
        missing template, a name it misspelt) is its author's to fix: a ContentError at the line."""
        return self._render(template, context, False)

    def render_bytes(self, template: str, **context: Any) -> bytes:
        """`render`, in UTF-8 (`_Template.render_bytes`: faster than encoding the text)."""
        return self._render(template, context, True)

    def _render(self, template: str, context: dict[str, Any], as_bytes: bool) -> Any:
        try:
            found = self.env.get_template(template)
            return found.render_bytes(**context) if as_bytes else found.render(**context)
        except ContentError:
            raise
        except Exception as exc:
            found = theme_error(exc, [d / "templates" for d in self.theme.dirs if d != builtin_theme()])
            if found is None:
                raise  # in the built-in theme only: sitegen's own bug
            raise ContentError(found) from None

    # ----------------------------------------------------------- the pages

    def render_all(self) -> dict[str, bytes]:
        out: dict[str, bytes] = {}
        for name, path in self.theme.static_files().items():
            data = path.read_bytes()
            hashed = "assets/" + hashed_name(name, data)
            self.assets[name] = hashed
            out[hashed] = data
        articles = self.model.articles
        for page in articles:
            out[page.article.url + "index.html"] = self.article_page(page)
        out.update(self.index_pages())
        out["glossary/index.html"] = self.glossary_page()
        for term in self.model.terms.values():
            out[f"glossary/{term.id}/index.html"] = self.term_page(term)
        out["404.html"] = self.page(
            "404.html", "", PageInfo("404", f"{self.t('page_not_found')} · {self.config.title}", "", None, None),
            root=self.config.base_path,
        )
        out.update(self.publishing_files())
        out.update(self.redirect_pages(out))
        return out

    def redirect_pages(self, generated: dict[str, bytes]) -> dict[str, bytes]:
        """A page for every old path in an article's `aliases:`, unless the path is taken."""
        claims: dict[str, list[RenderedArticle]] = {}
        for page in self.model.articles:
            for alias in page.article.aliases:
                claims.setdefault(alias_file(alias), []).append(page)
        out = {}
        for path, pages in sorted(claims.items()):
            first = pages[0].article
            line, col = _position_of(first.path, path.removesuffix("index.html").rstrip("/") or path)
            if path in generated:
                self.diagnostics.error(first.path, line, col, "alias-clash", f"alias for {path} would replace a page sitegen generates; remove it from aliases:")
            elif len({p.article.slug for p in pages}) > 1:
                others = ", ".join(os.path.relpath(p.article.path) for p in pages[1:])
                self.diagnostics.error(first.path, line, col, "alias-clash", f"alias for {path} is also claimed by {others}; keep it in one article")
            else:
                out[path] = self.redirect_page(path, pages[0])
        return out

    def canonical(self, site_path: str) -> str | None:
        return self.config.absolute(site_path)

    def sources_of(self, sources, numbers: dict[str, int], ordered: list[SourceView], label: str) -> list[SourceView]:
        """Views of `sources`, numbered in the page's order of first citation (`numbers`: URL -> number).

        `ordered` gets the view of each URL's first citation: it is the page's Sources list as it
        stands (the same number, anchor, title, URL and publisher), not made again for it. `label` is
        the site's `source` string, escaped, for number_html."""
        views = []
        links = _SOURCE_LINKS
        number_htmls = _SOURCE_NUMBERS.get(label)
        if number_htmls is None:
            number_htmls = _SOURCE_NUMBERS[label] = {}
        for source in sources:
            n = numbers.setdefault(source.url, len(numbers) + 1)
            kept = links.get(id(source))  # (source_link(source), without the call: ~60 sources a page)
            link = kept[1] if kept is not None else source_link(source)
            anchor = _SOURCE_ANCHORS.get(n)  # (the same few texts on every page: made once)
            if anchor is None:
                anchor = _SOURCE_ANCHORS[n] = f"source-{n}"
            number_html = number_htmls.get(n)
            if number_html is None:
                number_html = number_htmls[n] = source_number_html(n, label)
            view = SourceView(n, anchor, source.title, source.url, source.publisher, link, number_html)
            if n > len(ordered):  # its URL's first citation on the page
                ordered.append(view)
            views.append(view)
        return views

    def scope_for(self, term: Term) -> ArticleScope | None:
        if term.scope == GLOSSARY:
            return None
        content = self.model.content
        return article_scope(content.glossary, self.model.definitions, content.sidecars.get(term.scope))

    def article_page(self, page: RenderedArticle) -> bytes:
        article = page.article
        content = self.model.content
        scope = article_scope(content.glossary, self.model.definitions, content.sidecars.get(article.slug))
        numbers: dict[str, int] = {}
        ordered: list[SourceView] = []
        definitions = self.model.definitions
        mention_ids = page.mention_ids

        def entry(term: Term, sources: list[SourceView]) -> TermEntry:
            # (The tests before used_name() and the see_also list skip a call and a comprehension's frame for
            # the many terms with no former name and no see-also: ~5,000 entries a build of 200 articles.)
            used = used_name(term, page.mentions, article.date) if term.formerly else None
            card, head, card_html = self.card_with_markup(term, definitions.of(term, scope), used)
            mentions = mention_ids.get(term.id, [])
            # (A term's one mention has the same id on most pages that show it, `m-<term>-1`: its backlink made once.)
            backlinks = kept_backlinks.get(mentions[0]) if len(mentions) == 1 else None
            if backlinks is None:
                backlinks = backlinks_html(mentions, back_label)
                if len(mentions) == 1:
                    if len(kept_backlinks) >= FRAGMENTS_KEPT:
                        kept_backlinks.clear()
                    kept_backlinks[mentions[0]] = backlinks
            # (Positional: keyword arguments cost a name match each, ~5,000 entries a build of 200 articles.)
            # TermEntry(id, name, formerly, aliases, definition_html, sources, mentions, glossary_url, see_also, card, used_name,
            #           head_html, backlinks_html, sources_html, see_also_html, card_html)
            see_also = (
                [LinkView(self.model.terms[s].name, f"../../glossary/{s}/") for s in term.see_also if s in self.model.terms] if term.see_also else []
            )
            return TermEntry(
                term.id, term.name, list(card.formerly) if card.formerly else [], list(term.aliases) if term.aliases else [], card.definition_html, sources,
                mentions, card.glossary_url, see_also, card, used,
                head, backlinks, entry_sources_html(sources), see_also_html(see_also) if see_also else _NO_MARKUP, card_html,
            )

        back_label = escape(self.t("back_to_mention"))
        kept_backlinks = self._mention_backlinks
        label = escape(self.t("source"))  # (escaped once: printed as the template would, and hashable whatever the strings hold)
        terms = [entry(term, self.sources_of(term.sources, numbers, ordered, label)) for term in page.terms]
        notes = [
            NoteEntry(
                number=n,
                quote=note.quote,
                html=Markup(definitions.note(note.note, scope)),
                sources=self.sources_of(note.sources, numbers, ordered, label),
                quote_id=f"q-{n}",
                ref_id=f"note-ref-{n}",
                sidenote_id=f"sidenote-{n}",
            )
            for n, note in enumerate(page.notes, 1)
        ]
        # Cards for the terms that definitions and notes refer to, so a card
        # can open another; they are not "Terms in this article".
        referenced = referenced_terms(
            [t.definition_html for t in terms] + [n.html for n in notes], {t.id for t in terms}, scope.terms, lambda t: definitions.of(t, scope)
        )
        cards = terms + [entry(term, unnumbered(term.sources, label)) for term in referenced]
        sources = ordered
        body = self.note_labels(page.body_html)
        view = ArticleView(
            title=article.title,
            summary=article.summary,
            date=article.date,
            updated=article.updated,
            authors=list(article.authors),
            source=PublicationView(article.source.title, article.source.url, article.source.publisher, article.source.date) if article.source else None,
            image_url=normalize_link("../../" + article.image.lstrip("/")) if article.image else None,
            image_alt=article.image_alt,
            image_credit=article.image_credit,
            corrections=[CorrectionView(c.date, Markup(definitions.note(c.text, scope))) for c in article.corrections],  # like a note: a term: link goes to its glossary page, never out as a term: URL
            body_html=Markup(body),
            url=article.url,
            body_parts=body_parts(body),
        )
        canonical = self.canonical(article.url)
        json_ld = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": article.title,
            "datePublished": article.date.isoformat(),
            "dateModified": article.latest.isoformat(),
            "inLanguage": self.config.language,
            "publisher": {"@type": "Organization", "name": self.config.title},
        }
        if article.summary:
            json_ld["description"] = article.summary
        if article.authors:
            json_ld["author"] = [{"@type": "Person", "name": a} for a in article.authors]
        if canonical:
            json_ld["mainEntityOfPage"] = canonical
            json_ld["url"] = canonical
        if article.source and article.source.url:
            json_ld["isBasedOn"] = article.source.url
        if article.image and self.config.is_absolute:
            json_ld["image"] = normalize_link(self.config.base_url + article.image.lstrip("/"))
        info = PageInfo(
            kind="article",
            title=f"{article.title} · {self.config.title}",
            description=article.summary,
            canonical=canonical,
            json_ld=json_ld,
            og_type="article",
            image=normalize_link(self.config.base_url + article.image.lstrip("/")) if article.image and self.config.is_absolute else None,
        )
        return self.page(
            "article.html", article.url, info, article=view, terms=terms, notes=notes, sources=sources, sources_html=sources_list_html(sources), cards=cards
        )

    def note_labels(self, html: str) -> str:
        """The markers' hidden 'Note ' label in the site's language."""
        label = self.t("note")
        if label == "Note":
            return html
        return html.replace('<span class="sg-vh">Note </span>', f'<span class="sg-vh">{escape(label)} </span>')

    def redirect_page(self, path: str, page: RenderedArticle) -> bytes:
        folder = path.rsplit("/", 1)[0] + "/" if "/" in path else ""
        root = root_for(folder)
        info = PageInfo("redirect", page.article.title, "", self.canonical(page.article.url), None)
        return self.page("redirect.html", folder, info, root=root, target_url=root + page.article.url, target_title=page.article.title)

    def index_pages(self) -> dict[str, bytes]:
        out = {}
        articles = self.model.articles
        count = max(1, -(-len(articles) // PAGE_SIZE))
        for number in range(1, count + 1):
            site_path = "" if number == 1 else f"page/{number}/"
            root = root_for(site_path)
            chunk = articles[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
            summaries = [
                ArticleSummary(p.article.title, root + p.article.url, p.article.date, p.article.updated, p.article.summary, list(p.article.authors))
                for p in chunk
            ]

            def page_url(n: int) -> str:
                return root if n == 1 else f"{root}page/{n}/"

            pagination = Pagination(
                number, count,
                page_url(number - 1) if number > 1 else None,
                page_url(number + 1) if number < count else None,
            )
            title = self.config.title if number == 1 else f"{self.config.title} · {self.t('page_n_of_m', number=number, count=count)}"
            json_ld = {"@context": "https://schema.org", "@type": "WebSite", "name": self.config.title}
            if self.config.is_absolute:
                json_ld["url"] = self.config.base_url
            if self.config.description:
                json_ld["description"] = self.config.description
            info = PageInfo("index", title, self.config.description, self.canonical(site_path), json_ld if number == 1 else None)
            out[site_path + "index.html"] = self.page("index.html", site_path, info, articles=summaries, pagination=pagination)
        return out

    def glossary_page(self) -> bytes:
        groups: dict[str, list[GlossaryItem]] = {}
        for term in sorted(self.model.terms.values(), key=lambda t: (t.name.casefold(), t.id)):
            letter = _letter(term.name)
            html = self.model.definitions.of(term, self.scope_for(term))
            groups.setdefault(letter, []).append(
                GlossaryItem(term.name, f"{term.id}/", self.summary(html), former_views(term.formerly))
            )
        letters = [LetterGroup(k, groups[k]) for k in sorted(groups, key=lambda k: (k == "#", k))]
        info = PageInfo("glossary", f"{self.t('glossary')} · {self.config.title}", self.t("glossary_intro"), self.canonical("glossary/"), None)
        return self.page("glossary.html", "glossary/", info, groups=letters)

    def term_page(self, term: Term) -> bytes:
        site_path = f"glossary/{term.id}/"
        html = self.model.definitions.of(term, self.scope_for(term))
        numbers: dict[str, int] = {}
        view = TermPageView(
            id=term.id,
            name=term.name,
            formerly=former_views(term.formerly),
            aliases=list(term.aliases),
            definition_html=Markup(html),
            sources=self.sources_of(term.sources, numbers, [], escape(self.t("source"))),
            see_also=[LinkView(self.model.terms[s].name, f"../{s}/") for s in term.see_also if s in self.model.terms],
            backlinks=self.backlinks(term.id),
        )
        text = self.plain_text(html)
        description = self.summary(html)
        canonical = self.canonical(site_path)
        json_ld = {
            "@context": "https://schema.org",
            "@type": "DefinedTerm",
            "name": term.name,
            "description": text,
            "termCode": term.id,
        }
        if term.aliases or term.formerly:
            json_ld["alternateName"] = list(term.aliases) + [f.name for f in term.formerly]
        if canonical:
            json_ld["url"] = canonical
            json_ld["inDefinedTermSet"] = self.config.base_url + "glossary/"
        info = PageInfo("term", f"{term.name} · {self.t('glossary')} · {self.config.title}", description, canonical, json_ld)
        return self.page("term.html", site_path, info, term=view)

    def backlinks(self, term_id: str) -> list[Backlink]:
        """The term page's backlinks, their markup made of the article's part (made once per article) and
        the mention count's (once per count)."""
        heads, tails = self._backlink_heads, self._backlink_tails
        found = []
        for article, count in self.model.backlinks.get(term_id, ()):
            head = heads.get(id(article))
            if head is None or head[0] is not article:
                if len(heads) >= FRAGMENTS_KEPT:  # a long dev-server session: start afresh
                    heads.clear()
                url = f"../../{article.url}"
                head = heads[id(article)] = (article, url, backlink_head_html(url, article.title, article.date, self.human_date(article.date)))
            tail = tails.get(count)
            if tail is None:
                # (the `format` filter of term.html's loop)
                tail = tails[count] = backlink_tail_html(self.t("mentions_one" if count == 1 else "mentions_other") % {"count": count})
            found.append(Backlink(article.title, head[1], article.date, count, Markup(head[2] + tail)))
        return found

    def publishing_files(self) -> dict[str, bytes]:
        config = self.config
        out: dict[str, bytes] = {".nojekyll": b""}
        if config.cname:
            out["CNAME"] = (config.cname + "\n").encode()
        robots = "User-agent: *\nAllow: /\n"
        if config.is_absolute:
            robots += f"Sitemap: {config.base_url}sitemap.xml\n"
            out["sitemap.xml"] = self.sitemap()
            out["feed.xml"] = self.feed()
        out["robots.txt"] = robots.encode()
        return out

    def sitemap(self) -> bytes:
        config = self.config
        urls: list[tuple[str, dt.date | None]] = []
        newest = max((p.article.latest for p in self.model.articles), default=None)
        urls.append((config.base_url, newest))
        pages = max(1, -(-len(self.model.articles) // PAGE_SIZE))
        urls += [(f"{config.base_url}page/{n}/", None) for n in range(2, pages + 1)]
        urls += [(config.base_url + p.article.url, p.article.latest) for p in self.model.articles]
        urls.append((config.base_url + "glossary/", None))
        urls += [(f"{config.base_url}glossary/{t}/", None) for t in sorted(self.model.terms)]
        return self.render_bytes("sitemap.xml", urls=urls)

    def feed(self) -> bytes:
        config = self.config
        entries = sorted(self.model.articles, key=lambda p: (p.article.latest, p.article.date, p.article.slug), reverse=True)[:FEED_SIZE]
        updated = entries[0].article.latest if entries else dt.date(1970, 1, 1)
        return self.render_bytes(
            "feed.xml",
            entries=[p.article for p in entries],
            updated=updated,
            feed_url=config.base_url + "feed.xml",
        )


def theme_error(exc: Exception, own_templates: list[Path]) -> Diagnostics | None:
    """Where in a site's own templates (`own_templates`, folders) rendering met `exc`, as an error; None if not there.

    Jinja's tracebacks name the template file and line of each template
    frame; the innermost one of the site's own is the line to fix (a call
    into the built-in theme's macros is the caller's mistake).
    """
    import traceback

    import jinja2

    folders = [os.path.join(os.path.normpath(d), "") for d in own_templates]

    def own(filename: str | None) -> bool:
        return filename is not None and os.path.normpath(filename).startswith(tuple(folders))

    if isinstance(exc, jinja2.TemplateSyntaxError) and own(exc.filename):
        path, line = exc.filename, exc.lineno
    else:
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if own(f.filename)]
        if not frames:
            return None
        path, line = frames[-1].filename, frames[-1].lineno or 1
    if isinstance(exc, jinja2.TemplateNotFound):
        message = f"no template named {', '.join(repr(n) for n in getattr(exc, 'templates', [exc.name]))} in the theme"
    elif isinstance(exc, jinja2.TemplateError):
        message = exc.message or type(exc).__name__
    else:
        message = f"{type(exc).__name__}: {exc}"
    diagnostics = Diagnostics()
    diagnostics.error(path, line, 1, "theme-template", f"template error: {message}")
    return diagnostics


def former_views(formerly: tuple[FormerName, ...]) -> list[FormerNameView]:
    return [FormerNameView(f.name, f.until) for f in formerly]


_SUFFIXES = ("", "s", "es", "'s", "’s")


def used_name(term: Term, mentions: list[Mention], date: dt.date) -> UsedName | None:
    """The former name the article's first annotated mention of `term` used, if it used one."""
    if not term.formerly:  # most terms: no mention to look for
        return None
    for mention in mentions:
        if mention.term_id != term.id or not mention.annotated:
            continue
        typed = mention.text.casefold()
        for former in sorted(term.formerly, key=lambda f: -len(f.name)):
            name = former.name.casefold()
            if typed.startswith(name) and typed[len(name):] in _SUFFIXES:
                then_current = former.until is not None and date < former.until
                return UsedName(former.name, former.until, then_current, date if then_current else None)
        return None
    return None


_TERM_REF = re.compile(r'data-term-ref="([^"]+)"')


def referenced_terms(html: list[str], known: set[str], terms: dict[str, Term], definition) -> list[Term]:
    """Every term reachable from `html` through `data-term-ref` links, definition after definition.

    Breadth first, each term once, so A -> B -> A ends; `known` are left out
    (the page has them already); `definition(term)` gives a term's HTML.
    """
    seen = set(known)
    found: list[Term] = []
    queue = list(html)
    while queue:
        html_text = queue.pop(0)
        if 'data-term-ref="' not in html_text:  # most definitions link no term: a substring search, not the pattern's scan
            continue
        for term_id in _TERM_REF.findall(html_text):
            term = terms.get(term_id)
            if term is None or term_id in seen:
                continue
            seen.add(term_id)
            found.append(term)
            queue.append(definition(term))
    return found


def unnumbered(sources, label: str) -> list[SourceView]:
    """Sources of a card that is not in the article's Sources list."""
    zero = source_number_html(0, label)  # (what the `source` macro writes for number 0)
    return [SourceView(0, "", s.title, s.url, s.publisher, source_link(s), zero) for s in sources]


_NOTE_MARKER = re.compile(r'<a class="sg-note-ref" href="#note-(\d+)"')
_BLOCK_END = re.compile(r"</(p|h[1-6]|li|td|th)>")


def body_parts(html: str) -> list[BodyPart]:
    """Cut the body after each block holding note markers (inside it for list items and cells, where a block may not follow)."""
    if '<a class="sg-note-ref" href="#note-' not in html:  # most articles have no notes: one substring search
        return [BodyPart(Markup(html), [])]
    parts: list[BodyPart] = []
    start = 0
    pending: list[int] = []
    cut = -1
    for marker in _NOTE_MARKER.finditer(html):
        if marker.start() < cut:
            pending.append(int(marker.group(1)))
            continue
        if pending:
            parts.append(BodyPart(Markup(html[start:cut]), pending))
            start, pending = cut, []
        end = _BLOCK_END.search(html, marker.end())
        if end is None:
            cut = len(html)
        else:
            cut = end.end() if end.group(1)[0] in "ph" else end.start()
        pending.append(int(marker.group(1)))
    if pending:
        parts.append(BodyPart(Markup(html[start:cut]), pending))
        start = cut
    if start < len(html) or not parts:
        parts.append(BodyPart(Markup(html[start:]), []))
    return parts


def alias_file(alias: str) -> str:
    """The output file of an old path: 'old/x/' and 'old/x' -> 'old/x/index.html', 'x.html' stays."""
    target = alias.strip("/")
    return target if target.endswith(".html") else target + "/index.html"


def _position_of(path: str, needle: str) -> tuple[int, int]:
    """Where a file first mentions `needle` ((1, 1) when it does not): where to point a diagnostic."""
    try:
        for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            if needle in line:
                return number, line.index(needle) + 1
    except OSError:
        pass
    return 1, 1


def _letter(name: str) -> str:
    import unicodedata

    first = unicodedata.normalize("NFKD", name[:1])[:1].upper()
    return first if first.isalpha() and first.isascii() else "#"


def json_dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def default_environment():
    """The Jinja environment of a site on the default theme, as a build makes it (`scripts/theme-code` and
    its test generate the shipped templates with it)."""
    from sitegen.site import SiteContent, SiteModel

    content = SiteContent(Path("."), SiteConfig(title="sitegen"), [], None, {}, [])  # type: ignore[arg-type]
    return Renderer(SiteModel(content, [], {}, {}, None), Theme([builtin_theme()]), Diagnostics()).env
