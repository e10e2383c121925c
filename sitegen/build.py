"""One build: read and check everything, render every page, then write the output in one swap."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from sitegen.annotations import GLOSSARY, Scope, load_scope, resolve_see_also
from sitegen.config import load_config
from sitegen.content import discover, load_article
from sitegen.errors import ContentError, Diagnostics, UsageError
from sitegen.render import Renderer, Theme
from sitegen.search import index_site
from sitegen.site import SiteContent, SiteModel, assemble
from sitegen.writer import Staging, check_output, clean_leftovers


@dataclass(slots=True)
class BuildResult:
    diagnostics: Diagnostics
    pages: int = 0
    """Files written (pages, assets and publishing files)."""
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)
    model: SiteModel | None = None


def load_content(root: Path, diagnostics: Diagnostics, drafts: bool = False, base_url: str | None = None) -> SiteContent | None:
    """Read and validate content/; None when it cannot go on (diagnostics say why)."""
    config = load_config(root, diagnostics, base_url)
    if config is None:
        return None
    files = discover(root, diagnostics)
    glossary, pending = load_scope(GLOSSARY, files.glossary, diagnostics)
    sidecars: dict[str, Scope] = {}
    sidecar_pending = []
    for slug, path in files.sidecars.items():
        if slug in files.articles:
            scope, more = load_scope(slug, [path], diagnostics, fallback_sources=glossary.sources)
            sidecars[slug] = scope
            sidecar_pending.append((scope, more))
    glossary.terms = resolve_see_also(pending, glossary.terms, diagnostics)
    for scope, more in sidecar_pending:
        visible = dict(glossary.terms)
        visible.update(scope.terms)
        scope.terms = resolve_see_also(more, visible, diagnostics)
    articles = []
    for slug, path in files.articles.items():
        article = load_article(path, slug, diagnostics, root, files.sidecars.get(slug))
        if article is not None and (drafts or not article.draft):
            articles.append(article)
    for slug in list(sidecars):
        if slug not in {a.slug for a in articles}:
            del sidecars[slug]  # its article is a draft, or broken
    articles.sort(key=lambda a: (a.date, a.slug), reverse=True)
    return SiteContent(root=root, config=config, articles=articles, glossary=glossary, sidecars=sidecars, static=files.static)


def render_site(root: Path, diagnostics: Diagnostics, *, drafts: bool = False, base_url: str | None = None, report: bool = False, timings: dict[str, float] | None = None) -> tuple[SiteModel | None, dict[str, bytes], dict[str, Path]]:
    """Everything but the writing: (model, generated files, static copies)."""
    timings = timings if timings is not None else {}
    start = time.perf_counter()
    content = load_content(root, diagnostics, drafts, base_url)
    timings["load"] = time.perf_counter() - start
    if content is None or diagnostics.has_errors():
        return None, {}, {}
    start = time.perf_counter()
    model = assemble(content, diagnostics, report)
    timings["assemble"] = time.perf_counter() - start
    if diagnostics.has_errors():
        return model, {}, {}
    if not content.config.is_absolute:
        diagnostics.warning(
            content.config.path, *content.config.where("base_url"), "base-url-path",
            f"base_url '{content.config.base_url}' has no host: sitemap.xml, feed.xml and canonical links are left out "
            "(set an absolute https:// base_url, or pass --base-url)",
        )
    config = content.config
    if config.cname and config.is_absolute and urlsplit(config.base_url).hostname != config.cname.lower():
        diagnostics.warning(
            config.path, *config.where("cname"), "cname-base-url",
            f"cname '{config.cname}' does not match base_url '{config.base_url}': on a custom domain the site is served "
            f"at https://{config.cname}/, so canonical links, the feed and 404.html would point elsewhere "
            f"(set base_url: https://{config.cname}/)",
        )
    theme = Theme.find(root, content.config)
    theme.check_links(root, diagnostics)
    if diagnostics.has_errors():
        return model, {}, {}
    start = time.perf_counter()
    files = Renderer(model, theme, diagnostics).render_all()
    timings["render"] = time.perf_counter() - start
    static_dir = root / "content" / "static"
    copies: dict[str, Path] = {}
    for path in content.static:
        rel = path.relative_to(static_dir).as_posix()
        if rel in files or rel == ".sitegen-output":
            diagnostics.error(path, 1, 1, "static-clash", f"content/static/{rel} would overwrite the generated {rel}; rename or remove it")
        else:
            copies[rel] = path
    return model, files, copies


def build(root: Path, out: Path, *, drafts: bool = False, base_url: str | None = None, strict: bool = False, search: bool = True) -> BuildResult:
    """Build the site into `out`; raises ContentError (and leaves `out` alone) on errors.

    `search` runs Pagefind over the staged output (off for dev-server rebuilds).
    """
    began = time.perf_counter()
    diagnostics = Diagnostics()
    result = BuildResult(diagnostics)
    check_output(out, root)
    clean_leftovers(out)  # even when this build fails: an earlier one's leftovers go, a half-done swap is undone
    model, files, copies = render_site(root, diagnostics, drafts=drafts, base_url=base_url, timings=result.timings)
    result.model = model
    if diagnostics.has_errors(strict):
        raise ContentError(diagnostics)
    start = time.perf_counter()
    try:
        staging = Staging(out)
        try:
            for rel, data in files.items():
                staging.write(rel, data)
            for rel, path in copies.items():
                staging.copy(rel, path)
            if search:
                index_site(staging.path, diagnostics, out)
                if diagnostics.has_errors(strict):
                    raise ContentError(diagnostics)
            staging.commit()
        except BaseException:
            staging.abandon()
            raise
    except OSError as exc:  # a full disk, a read-only folder: the output's problem, not a bug
        raise UsageError(f"cannot write the output {out}: {exc}; the previous output is unchanged") from exc
    result.timings["write"] = time.perf_counter() - start
    result.pages = len(files) + len(copies)
    result.seconds = time.perf_counter() - began
    return result


class Builder:
    """A build that can run again: the dev server keeps one and calls `build` on every change.

    Today every call is a full build; caching and incremental re-rendering
    live behind this interface, so callers never change.
    """

    def __init__(self, root: Path, out: Path, *, drafts: bool = False, base_url: str | None = None, strict: bool = False, search: bool = False):
        self.root = root
        self.out = out
        self.drafts = drafts
        self.base_url = base_url
        self.strict = strict
        self.search = search

    def build(self, changed: set[Path] | None = None) -> BuildResult:
        """Rebuild; `changed` names the files that changed since the last call (None: unknown)."""
        return build(self.root, self.out, drafts=self.drafts, base_url=self.base_url, strict=self.strict, search=self.search)
