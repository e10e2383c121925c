"""The whole site, assembled: articles rendered, terms resolved, backlinks, cross-page checks.

Everything here is computed before a single file is written.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from sitegen.annotations import GLOSSARY, Note, Scope, Term, build_matcher, check_names_across_scopes, name_lookup, sidecar_matcher
from sitegen.config import SiteConfig
from sitegen.content import Article
from sitegen.errors import Diagnostics, shown
from sitegen.markdown import (
    MAX_NESTING, Matcher, Mention, NoteQuote, Prepared, TermContext, finish_article, prepare_article, render_fragment, too_deep,
)
from sitegen.schema import did_you_mean

DEFINITION_ROOT = "../../"
"""Definitions and notes appear only on pages two levels deep (articles/x/, glossary/x/)."""


@dataclass(slots=True)
class SiteContent:
    """Everything read from content/, validated."""

    root: Path
    config: SiteConfig
    articles: list[Article]
    """Newest first."""
    glossary: Scope
    sidecars: dict[str, Scope]
    static: list[Path] = field(default_factory=list)


@dataclass(slots=True)
class ArticleEntry:
    """What the site-wide pages (index, feed, sitemap, redirects) need of one article."""

    article: Article


@dataclass(slots=True)
class RenderedArticle(ArticleEntry):
    body_html: str
    terms: list[Term]
    """The terms annotated in it, in order of first mention (sidecar overrides applied)."""
    mention_ids: dict[str, list[str]]
    notes: list[Note]
    """Its notes, in document order: note n is notes[n-1]."""
    mentions: list[Mention]


@dataclass(slots=True)
class SiteModel:
    content: SiteContent
    articles: list[ArticleEntry]
    """Newest first: rendered articles, or (in an incremental build) their entries."""
    terms: dict[str, Term]
    """Every term id -> the term its glossary page shows."""
    backlinks: dict[str, list[tuple[Article, int]]]
    """Term id -> (article, annotated mentions), newest article first."""
    definitions: "Definitions"


class Definitions:
    """Definition and note HTML, with mentions of other terms linked to their glossary pages."""

    def __init__(self, glossary: Scope):
        self.glossary = glossary
        self._cache: dict[str, str] = {}
        self.shown: set[str] | None = None
        """When a set, the ids of the terms whose definition was asked for (what a page depends on)."""

    @cached_property
    def matcher(self) -> Matcher:
        """Compiled on first use: a build with nothing to render never pays for it."""
        return build_matcher(self.glossary.terms.values())

    @cached_property
    def resolve(self):
        return _LazyLookup(self.glossary.terms)

    def context(self, matchers: tuple[Matcher, ...], resolve, exclude: str | None = None) -> TermContext:
        return TermContext(
            matchers=matchers,
            resolve=resolve,
            mode="first",
            link=lambda term_id: {
                "class": "sg-term-ref",
                "href": f"{DEFINITION_ROOT}glossary/{term_id}/",
                "data-term-ref": term_id,
            },
            exclude=exclude,
        )

    def of(self, term: Term, article_scope: "ArticleScope | None" = None) -> str:
        if self.shown is not None:
            self.shown.add(term.id)
        if term.scope == GLOSSARY:
            cached = self._cache.get(term.id)
            if cached is None:
                cached = render_fragment(term.definition, self.context((self.matcher,), self.resolve, term.id))
                self._cache[term.id] = cached
            return cached
        assert article_scope is not None
        return render_fragment(term.definition, self.context(article_scope.matchers, article_scope.resolve, term.id))

    def carry_over(self, previous: "Definitions") -> None:
        """Keep what `previous` rendered of terms whose definition did not change.

        Only for a glossary with the same names (the same links in every
        definition): the caller checks that.
        """
        terms = self.glossary.terms
        for term_id, html in previous._cache.items():
            old = previous.glossary.terms.get(term_id)
            new = terms.get(term_id)
            if old is not None and new is not None and old.definition == new.definition:
                self._cache[term_id] = html

    def note(self, text: str, article_scope: "ArticleScope") -> str:
        return render_fragment(text, self.context(article_scope.matchers, article_scope.resolve))


@dataclass(slots=True)
class ArticleScope:
    """The terms visible in one article: the glossary, overridden by its sidecar."""

    terms: Mapping[str, Term]
    matchers: tuple[Matcher, ...]
    resolve: object


class _LazyLookup:
    """`name_lookup` over a scope's terms, built on the first explicit `term:` link (most articles have none)."""

    __slots__ = ("_terms", "_resolve")

    def __init__(self, terms: Mapping[str, Term]):
        self._terms = terms
        self._resolve = None

    def __call__(self, target: str) -> str | None:
        if self._resolve is None:
            self._resolve = name_lookup(self._terms.values())
        return self._resolve(target)


_SCOPES: dict[int, tuple[Scope, Definitions, Scope, ArticleScope]] = {}
"""id(sidecar) -> (glossary, definitions, sidecar, its article scope), for the last few sidecars: an
article's page asks for its scope again right after its matching did, and its sidecar's matcher is
compiled once."""
SCOPES_KEPT = 4


def article_scope(glossary: Scope, definitions: Definitions, sidecar: Scope | None) -> ArticleScope:
    if sidecar is None or not sidecar.terms:
        return ArticleScope(glossary.terms, (definitions.matcher,), definitions.resolve)
    found = _SCOPES.get(id(sidecar))
    if found is None or found[0] is not glossary or found[1] is not definitions or found[2] is not sidecar:
        if len(_SCOPES) >= SCOPES_KEPT:
            _SCOPES.clear()
        terms = ChainMap(sidecar.terms, glossary.terms)  # a copy of a 5,000-term glossary per article would cost more
        scope = ArticleScope(terms, (definitions.matcher, sidecar_matcher(sidecar)), _LazyLookup(terms))
        found = _SCOPES[id(sidecar)] = (glossary, definitions, sidecar, scope)
    return found[3]


def note_quotes(sidecar: Scope | None) -> list[NoteQuote]:
    return [NoteQuote(i, n.quote, n.occurrence, n.line, n.col) for i, n in enumerate(sidecar.notes if sidecar else [])]


def render_one(article: Article, scope: ArticleScope, sidecar: Scope | None, mode: str, diagnostics: Diagnostics, report: bool = False, prepared: Prepared | None = None) -> RenderedArticle:
    """Render one article's body; `prepared` (from the cache) spares parsing it again."""
    notes = sidecar.notes if sidecar else []
    ctx = TermContext(matchers=scope.matchers, resolve=scope.resolve, mode=mode, first_line=article.body_line, report=report)
    quotes = note_quotes(sidecar)
    if prepared is None:
        prepared = prepare_article(article.body, quotes)
    result = finish_article(prepared, ctx, quotes)
    for problem in result.note_problems:
        note = notes[problem.note.index]
        diagnostics.error(note.path, note.line, note.col, "note-quote", problem.message)
    for target, line in result.unknown_links:
        names = [n.text for t in scope.terms.values() for n in t.names()]
        diagnostics.error(
            article.path, line, _link_column(article, line, target), "unknown-term-link",
            f"link to unknown term 'term:{target}'" + (did_you_mean(target, names) or "; define the term, or fix the name"),
        )
    order: list[str] = []
    mention_ids: dict[str, list[str]] = {}
    for mention in result.mentions:
        if mention.annotated:
            if mention.term_id not in mention_ids:
                order.append(mention.term_id)
                mention_ids[mention.term_id] = []
            mention_ids[mention.term_id].append(mention.element_id)
    return RenderedArticle(
        article=article,
        body_html=result.html,
        terms=[scope.terms[term_id] for term_id in order],
        mention_ids=mention_ids,
        notes=[notes[i] for i in result.note_order],
        mentions=result.mentions,
    )


def _link_column(article: Article, line: int, target: str) -> int:
    """Where `[text](term:target)` starts on its line; tokens carry no columns."""
    lines = article.body.split("\n")
    index = line - article.body_line
    if not 0 <= index < len(lines):
        return 1
    text = lines[index]
    at = text.find("term:" + target.split()[0] if target.split() else "term:")
    if at < 0:
        return 1
    bracket = text.rfind("[", 0, at)
    return (bracket if bracket >= 0 else at) + 1


def article_texts(article: Article) -> list[tuple[Path, int, str]]:
    """The Markdown an article holds: (file, first line, text)."""
    return [(article.path, article.body_line, article.body)] + [(article.path, 1, c.text) for c in article.corrections]


def scope_texts(scope: Scope) -> list[tuple[Path, int, str]]:
    """The Markdown a glossary or sidecar holds: (file, first line, text)."""
    return [(t.path, t.line, t.definition) for t in scope.terms.values()] + [(n.path, n.line, n.note) for n in scope.notes]


def check_depth(texts: list[tuple[Path, int, str]], diagnostics: Diagnostics) -> None:
    """Markdown nested past the parser's limit would lose its deepest text: an error, never a silent cut."""
    for path, first_line, text in texts:
        line = too_deep(text)
        if line is not None:
            diagnostics.error(
                path, first_line + line, 1, "markdown-too-deep",
                f"quotes or lists nested more than {MAX_NESTING // 2} levels deep here: the text deeper down would be lost; nest less",
            )


def site_terms(glossary: Scope, sidecars: dict[str, Scope], diagnostics: Diagnostics) -> dict[str, Term]:
    """Every term id -> the term its glossary page shows; a sidecar-only id in two sidecars is an error."""
    terms: dict[str, Term] = dict(glossary.terms)
    sidecar_owner: dict[str, Term] = {}
    for slug, sidecar in sorted(sidecars.items()):
        for term_id, term in sidecar.terms.items():
            if term_id in glossary.terms:
                continue  # an override, for that article only
            other = sidecar_owner.get(term_id)
            if other is not None:
                diagnostics.error(
                    term.path, term.line, term.col, "term-in-two-sidecars",
                    f"term id '{term_id}' is defined in two sidecars (first defined at {shown(other.path)}:{other.line}); "
                    "put a shared term in the glossary",
                )
                continue
            sidecar_owner[term_id] = term
            terms[term_id] = term
    return terms



def report_unused(glossary: Scope, backlinks: dict[str, list], diagnostics: Diagnostics, hidden: set[str]) -> None:
    for term in glossary.terms.values():
        if term.id not in backlinks and term.id not in hidden:  # (a hidden name already says why)
            diagnostics.info(term.path, term.line, term.col, "term-unused", f"glossary term '{term.name}' is not mentioned in any article yet")


def assemble(content: SiteContent, diagnostics: Diagnostics, report: bool = False) -> SiteModel:
    glossary = content.glossary
    definitions = Definitions(glossary)
    terms = site_terms(glossary, content.sidecars, diagnostics)
    hidden = check_names_across_scopes(glossary, content.sidecars, content.articles, diagnostics)
    texts = [text for article in content.articles for text in article_texts(article)]
    texts += [text for scope in [content.glossary, *content.sidecars.values()] for text in scope_texts(scope)]
    check_depth(texts, diagnostics)
    rendered: list[RenderedArticle] = []
    backlinks: dict[str, list[tuple[Article, int]]] = {}
    for article in content.articles:
        sidecar = content.sidecars.get(article.slug)
        scope = article_scope(glossary, definitions, sidecar)
        mode = article.annotate or content.config.annotate
        page = render_one(article, scope, sidecar, mode, diagnostics, report)
        rendered.append(page)
        for term in page.terms:
            backlinks.setdefault(term.id, []).append((article, len(page.mention_ids[term.id])))
    report_unused(glossary, backlinks, diagnostics, hidden)
    return SiteModel(content, rendered, terms, backlinks, definitions)
