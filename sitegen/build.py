"""One build: read and check everything, render what changed, then swap the output in whole.

`build()` is one run of a `Builder`; the dev server keeps a Builder and calls
it on every change. A build with a warm cache does only what its changes
require, and its output is byte for byte the output of a clean build:

1. Every input file is known by its content hash, re-read only when its
   size, mtime or inode changed.
2. What each step makes of its inputs is memoized under a hash of those
   inputs, in the Builder's memory and in `<root>/.sitegen-cache/`
   (`cache.py`): the settings, the glossary, each sidecar, each article's
   front matter, and each article parsed but not yet matched against the
   glossary (`markdown.Prepared`): a glossary edit re-matches, it never
   re-parses.
3. Every page has a key, the hash of everything it shows (`_Keys`). A page
   whose key did not change is not rendered again; its file is carried over
   (`writer.Output` patches the previous generation and swaps it in).
4. Articles and glossary pages to render are spread over forked worker
   processes, one per core. A clean build starts parsing articles in a
   helper process while it still loads the glossary (`_EarlyParse`).

`SITEGEN_JOBS=N` sets the number of processes (1: render in this process
only); `SITEGEN_NO_CACHE=1` keeps nothing on disk. The output never depends
on either (tests/test_incremental.py holds that).
"""

from __future__ import annotations

import gc
import marshal
import os
import sys
import threading
import time
from collections import ChainMap
from collections.abc import Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, NamedTuple

from sitegen.allocator import keep_freed_memory
from sitegen.cache import Cache, code_identity, digest, file_digest, object_digest, open_cache
from sitegen.errors import ContentError, Diagnostic, Diagnostics, UsageError
from sitegen.pickling import pickled_by_fields
from sitegen.writer import MARKER, DonorChanged, Entry, Output, Tree, check_output, clean_leftovers, drop_spares, make_spare

if TYPE_CHECKING:  # the heavy modules are imported when a build needs them, not for a no-op build
    from sitegen.annotations import Scope, Term
    from sitegen.content import Article
    from sitegen.render import Renderer
    from sitegen.site import SiteContent, SiteModel
    from sitegen.theme import Theme

PARALLEL_MIN = 40
"""Pages to render before a pool of processes pays for its start: forking, and the definitions
every worker needs rendered first (a few hundred ms on a large site)."""
FULL_COLLECT_EVERY = 50
"""A Builder freezes what survives each build out of the collector's reach; every this many builds it collects in full."""
CARDS_AHEAD_PER_ARTICLE = 5
"""A clean parallel build renders every glossary card before forking when the glossary has at most this
many terms per article: an article shows some 10-40 terms, so the articles then show most of the cards."""
TASK_SIZES = (4, 64)
"""The fewest and the most pages a task sent to a worker holds (see `_tasks`)."""
RACY_NS = 2_000_000_000
"""A file modified this recently may change again within the same mtime tick: hash it next time too."""


@dataclass(slots=True)
class BuildResult:
    diagnostics: Diagnostics
    pages: int = 0
    """Files in the output (pages, assets and publishing files)."""
    written: int = 0
    """Files this build wrote or replaced (0 when nothing changed)."""
    copied: int = 0
    """Of those, files copied from another output of the project (`copied_from`) instead of being made again."""
    copied_from: Path | None = None
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)
    _model: Any = field(default=None, repr=False)

    @property
    def model(self) -> SiteModel | None:
        """The site as built: settings, articles, terms, backlinks (assembled on first use after a no-op build)."""
        if callable(self._model):
            self._model = self._model()
        return self._model

    @model.setter
    def model(self, value: SiteModel | None) -> None:
        self._model = value


# ---------------------------------------------------------------- the public entry points


def load_content(root: Path, diagnostics: Diagnostics, drafts: bool = False, base_url: str | None = None) -> SiteContent | None:
    """Read and validate content/; None when it cannot go on (diagnostics say why)."""
    from sitegen.annotations import GLOSSARY, Scope, load_scope, resolve_see_also
    from sitegen.config import load_config
    from sitegen.content import discover, load_article
    from sitegen.site import SiteContent

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
    """Everything but the writing, in memory, serially, uncached: (model, generated files, static copies).

    The reference the incremental builder is tested against.
    """
    from sitegen.render import Renderer
    from sitegen.site import assemble
    from sitegen.theme import Theme

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
    _warn_base_url(content.config, diagnostics)
    theme = Theme.find(root, content.config)
    theme.check_links(root, diagnostics)
    if diagnostics.has_errors():
        return model, {}, {}
    start = time.perf_counter()
    files = Renderer(model, theme, diagnostics).render_all()
    timings["render"] = time.perf_counter() - start
    copies = _static_copies(root, content.static, files, diagnostics)
    return model, files, copies


def _warn_base_url(config, diagnostics: Diagnostics) -> None:
    """What the settings alone say about publishing: a base_url without a host, a CNAME that disagrees."""
    from urllib.parse import urlsplit

    if not config.is_absolute:
        diagnostics.warning(
            config.path, *config.where("base_url"), "base-url-path",
            f"base_url '{config.base_url}' has no host: sitemap.xml, feed.xml and canonical links are left out "
            "(set an absolute https:// base_url, or pass --base-url)",
        )
    if config.cname and config.is_absolute and urlsplit(config.base_url).hostname != config.cname.lower():
        diagnostics.warning(
            config.path, *config.where("cname"), "cname-base-url",
            f"cname '{config.cname}' does not match base_url '{config.base_url}': on a custom domain the site is served "
            f"at https://{config.cname}/, so canonical links, the feed and 404.html would point elsewhere "
            f"(set base_url: https://{config.cname}/)",
        )


def _static_copies(root: Path, static: list[Path], generated, diagnostics: Diagnostics) -> dict[str, Path]:
    static_dir = root / "content" / "static"
    copies: dict[str, Path] = {}
    for path in static:
        rel = path.relative_to(static_dir).as_posix()
        if rel in generated or rel == MARKER:
            diagnostics.error(path, 1, 1, "static-clash", f"content/static/{rel} would overwrite the generated {rel}; rename or remove it")
        else:
            copies[rel] = path
    return copies


def project_outputs(root: Path) -> tuple[Path, ...]:
    """The outputs of a project that a build with no previous build of its own starts from: `site/`,
    where `sitegen build` writes unless told otherwise."""
    return (root / "site",)


def build(root: Path, out: Path, *, drafts: bool = False, base_url: str | None = None, strict: bool = False, search: bool = True, progress: bool = False) -> BuildResult:
    """Build the site into `out`; raises ContentError (and leaves `out` alone) on errors.

    `search` runs Pagefind over the staged output (off for dev-server rebuilds).
    A first build into another `out` starts from `site/` (see `project_outputs`).
    """
    builder = Builder(root, out, drafts=drafts, base_url=base_url, strict=strict, search=search, progress=progress, donors=project_outputs(root))
    return builder.build()


class Builder:
    """A build that can run again: the dev server keeps one and calls `build` on every change.

    Between builds it keeps, in memory, what the last good build was made of
    (so a rebuild touches only what changed) and the parsed glossary,
    compiled matcher and templates.

    `private_output`: `out` is a temporary folder that only this Builder
    writes and no later process builds into (the dev server's). Its build
    state then stays in memory, never in the cache (nothing would read it
    again), and the output this Builder left is trusted as it left it, as
    the spare is: no `lstat` of every file before each rebuild.
    """

    def __init__(self, root: Path, out: Path, *, drafts: bool = False, base_url: str | None = None, strict: bool = False, search: bool = False, progress: bool = False, private_output: bool = False, donors: Sequence[Path] = (), link_donor: bool = False):
        self.root = root
        self.out = out
        self.private_output = private_output
        self.donors = tuple(donors)
        """Other outputs of this project (`project_outputs`): when the cache knows no build of `out`,
        the first build starts from the first of them it knows one of, copying its pages that are
        still current instead of rendering them."""
        self.link_donor = link_donor
        """The output is only read, then deleted (`sitegen check`'s): a donor's files are hard-linked
        into it where the file system allows, not copied."""
        self.drafts = drafts
        self.base_url = base_url
        self.strict = strict
        self.search = search
        """Run Pagefind over the output when its pages changed (the dev server leaves it off)."""
        self.progress = progress
        """Draw a progress bar on stderr (when it is a terminal) for a build longer than a second."""
        self._state: State | None = None
        self._memo: dict[str, Any] = {}
        self._kept: dict[str, Any] = {}
        """Live objects worth keeping between builds while their key holds (renderer, definitions)."""
        self._cache: Cache | None = None
        self._builds = 0
        self._no_spare: State | None = None
        """The state a spare could not be made for."""
        self._warm = False

    def build(self, changed: set[Path] | None = None) -> BuildResult:
        """Rebuild; `changed` names the files that changed since the last call (None: unknown, check everything).

        Every input is checked by its hash either way; `changed` only makes
        sure the named files are re-read even when their mtime did not move.
        """
        try:
            return self._build(changed)
        except DonorChanged:  # another build replaced the donor's files while this one took them
            self.donors = ()
            return self._build(changed)

    def _build(self, changed: set[Path] | None) -> BuildResult:
        check_output(self.out, self.root)  # before anything is written, the cache included
        if self._cache is None:
            self._cache = open_cache(self.root)
            if self._cache.enabled and self._cache.emptied:
                drop_spares(self._cache.dir)
        run = _Run(self, changed)
        failed = True
        try:
            with _collector_paused(collect_after=False):  # (a good build leaves next to no cyclic garbage)
                result = run.execute()
            failed = False
            return result
        finally:
            if run.early is not None:
                run.early.kill()  # (finished already, unless the build stopped before its articles)
            self._cache.commit()
            self._builds += 1
            if failed:
                # Its objects (some frozen by _one_by_one) become garbage once the error is handled,
                # not yet: the collector gets the whole heap back, until a good build freezes it again.
                gc.unfreeze()
            else:
                if self._builds % FULL_COLLECT_EVERY == 0:
                    gc.unfreeze()
                    gc.collect()
                # What outlives a build (glossary, records, templates) is the next build's long-lived heap:
                # frozen, the collector stops scanning it (it cost 10-20% of a dev-server rebuild).
                gc.freeze()

    def close(self) -> None:
        """Close the cache now, not whenever the collector finds this Builder: a connection closed then
        deletes its `-wal` and `-shm` files, maybe while the folder is being removed (`sitegen check`'s
        throwaway build, a test's temporary site)."""
        if self._cache is not None:
            self._cache.close()
            self._cache = None

    def make_spare(self) -> bool:
        """Ready the next build's staging folder now; True when a spare was made.

        The dev server calls this while it waits for the first edit: after a
        clean build there is no previous generation to patch, and the first
        rebuild would otherwise link every unchanged page anew (a quarter of
        a second at 1,000 articles) before writing the one that changed.
        """
        state = self._state
        if state is None or state.live is None or state.spare is not None or self._cache is None or self._no_spare is state:
            return False
        state.spare = make_spare(self.out, state.live, self.spare_dir())
        if state.spare is None:
            self._no_spare = state  # (not again until the next build: the server asks every half second)
            return False
        if not self.private_output:
            self._cache.put_object(_state_key(self.out), state)
            self._cache.commit()
        return True

    def warm(self) -> None:
        """Ready, once, what the first edit would otherwise load: the Markdown parser and the schemas' checks.

        A dev server that took every page from `site/` parsed and checked
        nothing, so its first rebuild imported markdown-it and compiled the
        checks: 0.13-0.15 s at 1,000 articles, where later ones take 0.04 s.
        The server calls this while it waits, as it makes the spare.
        """
        if self._warm:
            return
        self._warm = True
        try:
            import yaml  # noqa: F401 (a build imports it only for a document its shortcuts do not read)

            from sitegen import schema
            from sitegen.markdown import article_parser

            article_parser()
            for name in ("article", "annotations"):
                schema.prepare(name)
        except Exception:  # (the build that needs them meets the same error, and reports it)
            pass

    def spare_dir(self) -> Path | None:
        """Where the output's spare goes: the build cache, except for a private output (a temporary
        folder, removed with everything in it: a spare in the cache would outlive it)."""
        if self.private_output or self._cache is None or not self._cache.enabled:
            return None
        return self._cache.dir


# ---------------------------------------------------------------- what a build remembers


class Sig(NamedTuple):
    """An input file as last hashed (a tuple: thousands are unpickled on every build)."""

    size: int
    mtime_ns: int
    ino: int
    digest: str


@dataclass(slots=True)
class ArticleRecord:
    """What one article file contributed to a build."""

    slug: str
    source: str
    """Content hash of the .md file."""
    key: str
    """Hash of everything this record was made from (the file, its sidecar, the glossary's names)."""
    article: Article | None
    """Its front matter (the body is not kept); None when it has errors."""
    diagnostics: list[Diagnostic]
    terms: tuple[tuple[str, int], ...] = ()
    """The terms annotated in it, in order of first mention, with the number of annotated mentions."""
    page_key: str = ""
    """The key of its page (see `_Keys.article_page`)."""
    hidden: tuple = ()
    """(candidates' key, what its text shows of them): its part of the hidden-name check (annotations.HiddenNames)."""
    shown: tuple[str, ...] = ()
    """Every term whose definition its page shows: annotated ones, and the cards they and its notes lead to."""
    load_key: str = ""
    """The cache keys of its front matter (`_Run.load_article`) and of its parsed text (`_Run.prepared`):
    kept while the record is (`_Run.prune`)."""
    prep_key: str = ""


@dataclass(slots=True)
class State:
    """What the last good build into one output folder was made of, and what it left there."""

    inputs: dict[str, Sig]
    fingerprint: str
    """The hash of every input: the same fingerprint and an intact output make a no-op build."""
    keys: dict[str, str]
    """The site-wide keys it was built with (`_Keys`, the glossary's files, the sidecars)."""
    records: Any
    """slug -> ArticleRecord, pickled apart: a no-op build never unpickles them."""
    groups: dict[str, tuple[str, list[Diagnostic]]]
    """Site-wide page group (one term's page, the index pages, ...) -> (its key, what rendering it reported)."""
    live: Tree | None
    spare: Tree | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    """Everything the build reported, replayed by a no-op build."""
    memos: dict[str, Any] = field(default_factory=dict)
    """The small memoized values every build needs (settings, what the glossary and sidecars reported)."""
    term_keys: dict[str, str] = field(default_factory=dict)
    """Glossary term id -> its `term_key`: after a glossary edit, which terms changed."""
    loader: Any = None
    """Reads the records from the cache when they were not unpickled with the rest."""

    @property
    def articles(self) -> dict[str, ArticleRecord]:
        """slug -> record; stored apart from the rest (a no-op build never reads them)."""
        if self.records is None:
            self.records = self.loader()
        return self.records

    def __getstate__(self):
        inputs = {path: tuple(sig) for path, sig in self.inputs.items()}
        return (inputs, self.fingerprint, self.keys, self.groups, self.live, self.spare, self.diagnostics, self.memos, self.term_keys)

    def __setstate__(self, state):
        (inputs, self.fingerprint, self.keys, self.groups, self.live, self.spare, self.diagnostics, self.memos, self.term_keys) = state
        make = Sig._make
        self.inputs = {path: make(sig) for path, sig in inputs.items()}
        self.records = None
        self.loader = None


def _load_records(cache: Cache, prefix: str) -> dict[str, ArticleRecord]:
    """The records of an output folder: one cache row per article, so a rebuild writes only the rows it changed."""
    import pickle

    records = {}
    for key, data in cache.items(prefix):
        try:
            record = pickle.loads(data)
        except Exception:  # damaged, or written by hand: that article is made again
            continue
        if isinstance(record, ArticleRecord):
            records[record.slug] = record
    return records


_SMALL_MEMOS = ("config:", "glossary-report:", "sidecar-report:")


def _prep_key(source: str | None, body: str, quotes) -> str:
    """The key of an article's parsed text: the hash of its file (`source`, which its body is cut from) and its
    note quotes. Not a hash of the body itself: that was the body encoded to UTF-8 (a character at a time, as
    every bench article holds an em dash) and hashed again, 0.8% of a clean build's instructions, for the one
    case it served better: an edit of the front matter alone, which now parses that article again (~1 ms).
    A file with no hash (unreadable when the build signed it, readable when it loaded it) is keyed by its
    body: any two such articles would share one key, and one would show the other's text."""
    return "prep:" + digest(source or "body:" + digest(body), repr([(q.quote, q.occurrence, q.line, q.col) for q in quotes]))


_PRUNED = ("load:", "prep:", "config:", "glossary:", "glossary-report:", "sidecar:", "sidecar-report:")
"""Cache rows made per version of an input: each edit adds one, and `_Run.prune` drops the ones of versions gone."""


def _state_key(out: Path) -> str:
    return "state:" + digest(str(out.resolve()))


def _records_key(out: Path) -> str:
    return "records:" + digest(str(out.resolve())) + ":"


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class _Keys:
    """The site-wide hashes pages are keyed by."""

    site: str
    """Settings, theme files, options (sitegen's own code is in the cache's fingerprint)."""
    names: str
    """Every name, alias and former name of the glossary with its id and case rule: what matching depends on."""
    glossary: str
    """The glossary files."""
    sidecars: str
    """All the sidecars."""
    static: str
    """The names of content/static/'s files (an article's lead image must exist)."""

    def article_page(self, record_key: str, term_keys: list[str]) -> str:
        # One part for all the terms (ids and hex keys hold no space): a digest part costs an encode and two
        # hash updates in Python, and a page shows ~25 terms.
        return "article|" + digest(self.site, record_key, " ".join(term_keys))

    def as_dict(self) -> dict[str, str]:
        return {"site": self.site, "names": self.names, "glossary": self.glossary, "sidecars": self.sidecars, "static": self.static}


# ---------------------------------------------------------------- one build


class _Inputs:
    """Content hashes of input files, re-read only when their stat changed.

    With `trust`, the caller has named every file that changed (`forced`),
    so the others are not even stat'ed.
    """

    def __init__(self, known: dict[str, Sig], forced: set[str], trust: bool = False):
        self.known = known
        self.forced = forced
        self.trust = trust
        self.sigs: dict[str, Sig] = {}
        self.seen: dict[str, str | None] = {}
        self.stats: dict[str, tuple[int, int, int]] = {}
        """(size, mtime_ns, inode) of each file as hashed: a later read checks it got that version (`read_as_hashed`)."""
        self.now_ns = time.time_ns()

    def digest(self, path: Path) -> str | None:
        key = str(path)
        if key in self.seen:
            return self.seen[key]
        result = self.seen[key] = self._digest(path, key)
        return result

    def _digest(self, path: Path, key: str) -> str | None:
        if self.trust and key not in self.forced:
            sig = self.known.get(key)
            if sig is not None:
                self.sigs[key] = sig
                self.stats[key] = (sig.size, sig.mtime_ns, sig.ino)
                return sig.digest
        # The file opened first and its stat asked of the open file, which is then read (a path stat'ed,
        # then opened and read by pathlib, took twice the system calls: ~1,000 a clean build in this
        # process before it forks). One that cannot be opened is stat'ed by its path, as before: its
        # signature may still match the last build's.
        try:
            fd: int | None = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
        except OSError:
            fd = None
        try:
            try:
                st = os.stat(path) if fd is None else os.fstat(fd)
            except OSError:
                return None
            self.stats[key] = (st.st_size, st.st_mtime_ns, st.st_ino)
            sig = self.known.get(key)
            if sig is not None and key not in self.forced and sig.size == st.st_size and sig.mtime_ns == st.st_mtime_ns and sig.ino == st.st_ino:
                self.sigs[key] = sig
                return sig.digest
            if fd is None:
                return None
            try:
                data = _read_to_end(fd, st.st_size)
            except OSError:
                return None
        finally:
            if fd is not None:
                os.close(fd)
        result = file_digest(data)
        if self.now_ns - st.st_mtime_ns > RACY_NS:
            self.sigs[key] = Sig(st.st_size, st.st_mtime_ns, st.st_ino, result)
        return result

    def read_as_hashed(self, path: Path) -> tuple[bytes, bool]:
        """The file's bytes, and whether they are the version `digest` hashed (the same size, mtime and inode).

        Cache rows are keyed by that hash: a file saved again between the hashing and this reading (an
        editor saving while the dev server builds) is rendered as read, but nothing may be stored under
        the old hash, which an undo back to that version would find."""
        data, st = read_with_stat(path)
        return data, self.stats.get(str(path)) == (st.st_size, st.st_mtime_ns, st.st_ino)


def read_with_stat(path: Path | str) -> tuple[bytes, os.stat_result]:
    """A file's bytes, and its `fstat` taken after they were read (a save meanwhile shows as another version).

    Five system calls and no file object: `open(path, "rb").read()` made a FileIO and a buffer, asked
    the kernel whether the file is a terminal, where it stands and how big it is, and read twice, the
    second time to find the end (~4 µs an article, read once hashed and once loaded on a clean build).
    `test_read_with_stat_reads_as_open_reads` holds it to `open().read()` and `os.fstat`."""
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        data = _read_to_end(fd, os.fstat(fd).st_size)
        return data, os.fstat(fd)
    finally:
        os.close(fd)


def _read_to_end(fd: int, size: int) -> bytes:
    """What is left to read of an open regular file `size` bytes long (as `fstat` said): one read, asking
    for a byte more. A regular file that gives fewer bytes than asked has no more; one that gives that byte
    grew meanwhile, and is read on to its end."""
    data = os.read(fd, size + 1)
    if len(data) > size:
        chunks = [data]
        while chunk := os.read(fd, max(size, 65536)):
            chunks.append(chunk)
        data = b"".join(chunks)
    return data


def worker_count(pages: int) -> int:
    """How many processes to render `pages` pages with: one per core, when there is enough to share.

    `SITEGEN_JOBS=N` sets it (and then a pool is used even for a few pages).
    """
    wanted = os.environ.get("SITEGEN_JOBS", "")
    if wanted.isdigit() and int(wanted) > 0:
        jobs = int(wanted)
    else:
        if pages < PARALLEL_MIN:
            return 1
        try:
            jobs = len(os.sched_getaffinity(0))
        except AttributeError:
            jobs = os.cpu_count() or 1
    return jobs if jobs > 1 and _can_fork() else 1


def _tasks(items: list, jobs: int) -> list[list]:
    """`items` cut into the tasks `jobs` workers take one at a time: big first, smaller towards the end.

    A task's round trip costs ~0.2 ms (its messages, the parent's threads waking, the worker's side file
    committed): 8 articles a task cost ~50 ms of CPU a build of 1,000 more than 32 did, timed as whole
    builds. But the workers end when the last task does: the last ones hold a few pages, so that neither
    waits long for the other."""
    smallest, largest = TASK_SIZES
    tasks = []
    start = 0
    while start < len(items):
        size = max(smallest, min(largest, (len(items) - start) // (jobs * 4)))
        tasks.append(items[start : start + size])
        start += size
    return tasks


def cards_ahead(terms: int, articles: int) -> bool:
    """Whether a clean parallel build renders every glossary card before forking its workers."""
    return terms <= CARDS_AHEAD_PER_ARTICLE * articles


def _can_fork() -> bool:
    # Forking a process that runs other threads (the dev server's) can deadlock on their locks. (Not
    # `multiprocessing.get_all_start_methods()`: the same answer, but importing multiprocessing took ~6 ms
    # of the serial start, before the early-parse helper is forked.)
    return hasattr(os, "fork") and threading.active_count() == 1


class ProgressBar:
    """A one-line bar on a terminal, shown once a build (or a link check) has run for a second; nothing otherwise."""

    DELAY = 1.0
    """Seconds before the bar appears: a quick build shows none."""

    def __init__(self, enabled: bool, began: float, label: str = ""):
        self.enabled = enabled and sys.stderr.isatty()
        self.began = began
        self.label = label
        self.total = 0
        self.done = 0
        self.shown = False
        self._last = 0.0
        self._status = ""

    def add(self, n: int) -> None:
        self.total += n

    def step(self, n: int = 1) -> None:
        self.done += n
        if not self.enabled:
            return
        now = time.perf_counter()
        if now - self.began < self.DELAY or now - self._last < 0.05:
            return
        self._last = now
        width = 30
        filled = min(width, int(width * self.done / max(self.total, 1)))
        sys.stderr.write(f"\r{self.label}[{'#' * filled}{'-' * (width - filled)}] {self.done}/{self.total} pages")
        sys.stderr.flush()
        self.shown = True

    def status(self, text: str) -> None:
        """A line in the bar's place, for a step that renders no pages (the search index)."""
        if self.enabled and time.perf_counter() - self.began >= self.DELAY and text != self._status:
            self._status = text
            sys.stderr.write(f"\r\033[K{self.label}{text}")
            sys.stderr.flush()
            self.shown = True

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()
            self.shown = False


_RUN: "_Run | None" = None
"""The build a forked worker serves (inherited from the parent at fork)."""


def _worker_start() -> None:
    run = _RUN
    assert run is not None
    run.in_worker = True
    # Its own connection (none survives a fork), read-only; what it computes goes to a file of its
    # own, which the parent takes in at the end: big values never travel through the pipes.
    run.side = run.cache.side(f"{os.getppid()}-{os.getpid()}")
    run.cache = open_cache(run.root, readonly=True)
    if run.early is not None and run.early.keys:
        run.cache.overlay(run.early.side, run.early.keys)  # what the early-parse helper made, not taken in yet
    # memo_out is kept: it holds the glossary and sidecars the parent loaded, which this worker's
    # read-only connection cannot see yet (emptied, each worker read the whole glossary again).
    gc.freeze()


@contextmanager
def _collector_paused(collect_after: bool = True):
    """No automatic collection inside; one young-generation collection at the end, if `collect_after`.

    What a build makes mostly lives on (the glossary, the records), and each automatic collection
    scanned all of it again: 0.5 s of a 5,000-term build. Pages, which do leave cyclic garbage,
    are collected one by one (`_one_by_one`)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        if collect_after:
            gc.collect(0)


def _one_by_one(items, process: Callable) -> list:
    """`process` of each item, with the collector run once after each, on what that item left behind.

    Rendering a page leaves cyclic garbage (parser and template state): left
    to the collector's own schedule it costs three times as much, and
    switched off it keeps 100 kB a page.
    """
    done = []
    with _collector_paused():
        # What lives now (the site as loaded: glossary, records, state) lives on; frozen, the first
        # collection scans the first page's leftovers, not a million objects (0.09 s at 5,000 articles).
        gc.freeze()
        for item in items:
            done.append(process(item))
            gc.collect(0)
    return done


def _articles_task(slugs: list[str]) -> tuple[list[tuple], dict[str, str]]:
    """Render some articles; also returns the definitions rendered on the way, for the parent to keep."""
    assert _RUN is not None
    cache = _RUN.definitions._cache
    known = set(cache)
    outcomes = _one_by_one(slugs, _RUN.process_article)
    if _RUN.side is not None:
        _RUN.side.commit()
    return outcomes, {k: v for k, v in cache.items() if k not in known}


def _terms_task(term_ids: list[str]) -> list[tuple]:
    assert _RUN is not None
    outcomes = _one_by_one(term_ids, _RUN.process_term)
    if _RUN.side is not None:
        _RUN.side.commit()  # (whatever it kept is in before the result: see close_pool)
    return outcomes


class _EarlyParse:
    """A helper forked at the start of a clean build, to read and parse articles while the parent loads the rest.

    Loading the glossary and sidecars, and what comes before the workers
    are forked (the matcher, the definitions), runs on one core; the other
    one idled (0.5-2.5 s). The helper fills it: it loads and parses
    articles, in order, into a side file of the cache, and stops when the
    parent is about to fork the workers, who find those articles as a warm
    cache gives them. It needs nothing from the glossary: front matter and
    parsing depend on the article's file alone, and on its sidecar's note
    quotes, which it reads from the file itself (a guess: every value is
    keyed by what it was made from, so a wrong one is a miss, never a
    wrong page).
    """

    def __init__(self, run: "_Run", slugs: list[str]):
        self.run = run
        # Imported before the fork, not after: this process needs them next anyway, and the helper starts at once.
        import sitegen.annotations  # noqa: F401  (YAML, the schemas, markdown-it)
        import sitegen.content  # noqa: F401

        stop_read, self.stop_write = os.pipe()
        self.done_read, done_write = os.pipe()
        self.pid: int | None = os.fork()
        if self.pid == 0:
            os.close(self.stop_write)
            os.close(self.done_read)
            _early_child(run, slugs, stop_read, done_write)  # never returns
        os.close(stop_read)
        os.close(done_write)
        self.exiting: int | None = None
        """Its process once it has finished: still exiting, reaped by `kill`."""
        self.side = f"{os.getpid()}-{self.pid}"
        self.keys: frozenset[str] = frozenset()
        """The keys of its side file, once it has finished, when that is left for the workers to read."""
        self.left = False
        """Whether `finish` left its side file to be taken in later."""

    def finish(self, stop: bool = True, take_in: bool = True) -> None:
        """Stop it after the article at hand (or, not `stop`, let it do them all), and take what it made into
        the cache; not `take_in`, leave its side file where it is for the workers to read (`Cache.overlay`),
        taken in with theirs (its name has their prefix), or by `kill` if the build ends before."""
        if self.pid is None:
            return
        if stop:
            os.close(self.stop_write)  # its end of the pipe turns readable: the signal to stop
        # Its word that its side file is complete (or the end of the pipe, if it died): the workers need
        # no more, and not its exit, which unmaps the parent's heap it shared (2-6 ms at 1,000 articles).
        os.read(self.done_read, 1)
        os.close(self.done_read)
        if not stop:
            os.close(self.stop_write)
        self.pid, self.exiting = None, self.pid
        self.left = not take_in
        if take_in:
            self.run.cache.absorb(self.side)
        else:
            self.keys = self.run.cache.side_keys(self.side)

    def kill(self) -> None:
        """The build ended before the workers were needed (a failure, an interruption): stop it now, drop its file.
        (After `finish`, its side file if it is still there: taken in.)"""
        if self.pid is None:
            if self.exiting is not None:
                try:
                    os.waitpid(self.exiting, 0)
                except ChildProcessError:  # (reaped already)
                    pass
                self.exiting = None
            if self.left:
                self.run.cache.absorb(self.side)  # (nothing, once taken in with the workers' files)
            return

        import signal

        try:
            os.kill(self.pid, signal.SIGKILL)
        except OSError:
            pass
        for fd in (self.stop_write, self.done_read):
            try:
                os.close(fd)
            except OSError:  # (closed already: `finish` was interrupted)
                pass
        os.waitpid(self.pid, 0)
        self.pid = None
        self.run.cache.discard(self.side)


def _early_child(run: "_Run", slugs: list[str], stop: int, done: int) -> None:
    import select

    from sitegen.annotations import guess_note_quotes

    try:
        run.in_worker = True
        run.side = run.cache.side(f"{os.getppid()}-{os.getpid()}")
        run.cache = open_cache(run.root, readonly=True)  # its own connection: none survives a fork
        sidecars = run.files.sidecars
        stopped = select.poll()
        stopped.register(stop, select.POLLIN)
        with _collector_paused():
            for slug in slugs:
                if stopped.poll(0):
                    break
                path = run.files.articles[slug]
                source = run.inputs.digest(path)
                article, _, loaded, planned = run.load_article(slug, path, run._load_key(slug, path, source))
                if loaded is not None and planned and (run.builder.drafts or not loaded.draft):
                    sidecar = sidecars.get(slug)
                    quotes = guess_note_quotes(sidecar) if sidecar is not None else []
                    if quotes is not None:
                        run.prepared(loaded, quotes, _prep_key(source, loaded.body, quotes))
                gc.collect(0)
    except BaseException:  # an interruption, or anything odd: the workers compute what is missing
        pass
    finally:
        try:
            if run.side is not None:
                run.side.commit()
            os.write(done, b".")  # (its side file is complete: the parent goes on while this process exits)
        finally:
            os._exit(0)


class _Run:
    """The state of one build."""

    def __init__(self, builder: Builder, changed: set[Path] | None):
        self.builder = builder
        self.root = builder.root
        self.out = builder.out
        self.cache: Cache = builder._cache  # type: ignore[assignment]
        self.began = time.perf_counter()
        self.diagnostics = Diagnostics()
        self.timings: dict[str, float] = {}
        self.prev: State | None = builder._state
        self.donor: Path | None = None
        """The output `prev` describes, when it is not this build's (see `Builder.donors`)."""
        if self.prev is None:
            self.prev = self._stored_state(self.out)
            for donor in builder.donors if self.prev is None else ():
                if donor.resolve() != self.out.resolve():
                    self.prev = self._stored_state(donor)
                    if self.prev is not None:
                        self.donor = donor
                        break
        forced = {str(p) for p in changed} if changed else set()
        # Told what changed, by a Builder whose last build was in this process: trust the rest.
        self.trust = changed is not None and self.prev is not None and self.prev is builder._state
        self.changed = changed or set()
        self.inputs = _Inputs(self.prev.inputs if self.prev else {}, forced, self.trust)
        self.memo_in = builder._memo or (self.prev.memos if self.prev else {})
        self.memo_out: dict[str, Any] = {}
        self.in_worker = False
        self.progress = ProgressBar(builder.progress, self.began)
        self.output: Output | None = None
        self.renderer: Renderer | None = None
        self.model: SiteModel | None = None
        self.records: dict[str, ArticleRecord] = {}
        self.groups: dict[str, tuple[str, list[Diagnostic]]] = {}
        self.group_keys: dict[str, str] = {}
        self._term_parts: dict[str, tuple[Term, str]] = {}
        """Term id -> (the term, its part of an article page's key): made once per term, not once per page."""
        self._pool = None
        self._closed_pool = None
        """A pool closed whose workers may still be ending (`join_pool`)."""
        self._definitions = None
        self.side = None
        self.early: _EarlyParse | None = None

    def _stored_state(self, out: Path) -> State | None:
        """What the cache holds of the last build into `out`, its records read only when needed."""
        stored = self.cache.get_object(_state_key(out))
        if not isinstance(stored, State):
            return None
        cache, key = self.cache, _records_key(out)
        stored.loader = lambda: _load_records(cache, key)
        return stored

    # ------------------------------------------------------------ memoized steps

    def memo(self, key: str, compute: Callable[[], Any]) -> Any:
        """The value computed from inputs hashed into `key`: from memory, the disk cache, or `compute`."""
        value = self.memo_out.get(key)
        if value is not None:
            return value
        value = self.memo_in.get(key)
        if value is None:
            value = self.cache.get_object(key)
            if value is None:
                value = compute()
                self.cache.put_object(key, value)
        self.memo_out[key] = value
        return value

    def _timed(self, name: str, began: float) -> float:
        now = time.perf_counter()
        self.timings[name] = self.timings.get(name, 0.0) + now - began
        return now

    # ------------------------------------------------------------ the build

    def execute(self) -> BuildResult:
        result = BuildResult(self.diagnostics, timings=self.timings)
        clean_leftovers(self.out)  # (the output was checked by Builder.build) even when this build fails: an earlier one's leftovers go, a half-done swap is undone
        t = time.perf_counter()
        if not self.load_site():
            raise ContentError(self.diagnostics)
        t = self._timed("load", t)
        prev = self.prev
        output = self.output = Output(
            self.out, prev.live if prev else None, prev.spare if prev and not self.donor else None,
            trust_spare=self.trust, trust_live=self.trust and self.builder.private_output, spare_dir=self.builder.spare_dir(),
            donor=self.donor, link_donor=self.builder.link_donor,
        )
        if prev is not None and prev.fingerprint == self.fingerprint and output.live_clean:
            return self.no_op(result)
        todo = self.plan_articles()
        t = self._timed("plan", t)
        try:
            if not todo and prev is not None and output.live_clean and self.nothing_else_changed():
                return self.no_op(result)
            output.begin()
            self.render_articles(todo)
            self.close_pool(absorb_apart=True)  # (the side files are taken in while the site-wide pages render)
            t = self._timed("articles", t)
            if self.diagnostics.has_errors():
                raise ContentError(self.diagnostics)
            self.assemble_site()
            self.keep_articles()
            self.render_site_pages()
            self.close_pool()
            t = self._timed("site pages", t)
            for _, diags in self.groups.values():
                self.diagnostics.extend(diags)
            if self.diagnostics.has_errors(self.builder.strict):
                raise ContentError(self.diagnostics)
            live, spare = output.commit()
            self._timed("write", t)
        except BaseException as exc:
            self.progress.close()
            self.close_pool(terminate=True)
            kept = output.abandon()
            if prev is not None and self.donor is None:  # (a donor's state is never this Builder's own)
                prev.spare = kept
                self.builder._state = prev
            if isinstance(exc, ContentError) and exc.diagnostics is not self.diagnostics:
                self.diagnostics.extend(exc.diagnostics)  # a theme's error, met while rendering: with what the build found before
                raise ContentError(self.diagnostics) from None
            if isinstance(exc, OSError):  # a full disk, a read-only folder: the output's problem, not a bug
                raise UsageError(f"cannot write the output {self.out}: {exc}; the previous output is unchanged") from exc
            raise
        self.progress.close()
        try:
            self.save(live, spare)
        finally:
            self.join_pool()  # (ended meanwhile)
        result.pages = len(output.new) - 1  # not the marker
        result.written = output.written
        result.copied = output.copied
        result.copied_from = self.donor if output.copied else None
        result.model = self.model
        result.seconds = time.perf_counter() - self.began
        return result

    def no_op(self, result: BuildResult) -> BuildResult:
        """Nothing changed: the output already is this build's output, and the report is the last one."""
        prev = self.prev
        assert prev is not None and prev.live is not None
        self.diagnostics.items[:] = prev.diagnostics
        if self.diagnostics.has_errors(self.builder.strict):
            raise ContentError(self.diagnostics)
        self.groups = prev.groups
        self.builder._state = prev
        self.builder._memo = {**self.memo_in, **self.memo_out}  # nothing changed: all of it still holds
        if self.inputs.sigs != prev.inputs:  # some file was touched without a change
            prev.inputs = self.inputs.sigs
            if not self.builder.private_output:
                self.cache.put_object(_state_key(self.out), prev)
        result.pages = len(prev.live.files) - 1
        result.model = self.model if self.model is not None else self._assembled
        result.seconds = time.perf_counter() - self.began
        return result

    def _assembled(self) -> SiteModel:
        self.diagnostics = Diagnostics()  # reported already; assembling again must not add to the report
        self.records = self.prev.articles
        self.assemble_site()
        return self.model

    def save(self, live: Tree, spare: Tree | None) -> None:
        self.cache.wait_absorbed()
        small = {k: v for k, v in self.memo_out.items() if k.startswith(_SMALL_MEMOS)}
        prev = self.prev
        if prev is not None and prev.term_keys and prev.keys.get("glossary") == self.keys.glossary:
            term_keys = prev.term_keys
        else:
            term_keys = {term_id: self.term_key(term) for term_id, term in self.glossary.terms.items()}
        state = State(self.inputs.sigs, self.fingerprint, self.keys.as_dict(), dict(self.records), self.groups, live, spare, list(self.diagnostics.items), small, term_keys)
        self.builder._state = state
        self.builder._memo = self.memo_out
        if self.builder.private_output:
            return
        prefix = _records_key(self.out)
        if self.prev is not None and self.donor is None:
            old = self.prev.articles
        else:  # (a donor's records are stored under its own output's name)
            old = {}
            self.cache.delete(self.cache.keys(prefix))  # rows of a state that is gone
        for slug, record in state.records.items():
            if old.get(slug) is not record:
                self.cache.put(prefix + slug, _pickle(record))
        self.cache.delete([prefix + slug for slug in old if slug not in state.records])
        self.cache.put_object(_state_key(self.out), state)
        self.prune()

    def prune(self) -> None:
        """Drop the cached values of input versions that are gone: an article's earlier texts, an edited
        glossary's or sidecar's previous load. Each edit adds such rows, and the Pages workflow carries
        the cache from run to run, so without this it would only grow until sitegen's code changes.
        What the current content needs stays, whether or not this build read it (a glossary edit
        re-matches every article from its parsed text)."""
        keep = {self.config_key, "glossary:" + self.glossary_key, "glossary-report:" + self.glossary_key}
        keep.update(prefix + memo for memo in self.sidecar_memos.values() for prefix in ("sidecar:", "sidecar-report:"))
        keep.update(key for record in self.records.values() for key in (record.load_key, record.prep_key))
        self.cache.delete([key for prefix in _PRUNED for key in self.cache.keys(prefix) if key not in keep])

    # ------------------------------------------------------------ settings, glossary, sidecars, theme

    def load_site(self) -> bool:
        """Settings, the list of files, the theme, the glossary and the sidecars; False on a fatal error."""
        root = self.root
        site_yml = root / "content" / "site.yml"
        themes = root / "themes"
        theme_names = sorted(p.name for p in themes.iterdir() if p.is_dir()) if themes.is_dir() else []
        from sitegen.paths import refuse_link

        if refuse_link(site_yml, root / "content", self.diagnostics):  # never hashed, never read
            return False
        config_key = self.config_key = "config:" + digest(str(site_yml), self.inputs.digest(site_yml) or "-", self.builder.base_url or "", *theme_names)
        config, diags = self.memo(config_key, self._load_config)
        self.diagnostics.extend(diags)
        if config is None:
            return False
        self.config = config
        self.files = self.discover()
        if self.prev is None and self.cache.enabled and worker_count(len(self.files.articles)) > 1:
            keep_freed_memory()  # before the fork: the helper parses a thousand articles too
            self.early = _EarlyParse(self, sorted(self.files.articles))
        glossary_key = self.glossary_key = digest(*(f"{p} {self.inputs.digest(p)}" for p in self.files.glossary))
        names, shared, diags = self.memo("glossary-report:" + glossary_key, self._glossary_report)
        self.diagnostics.extend(diags)
        self.sidecar_memos: dict[str, str] = {}
        self.sidecar_keys: dict[str, str] = {}
        for slug, path in self.files.sidecars.items():
            if slug not in self.files.articles:
                continue
            # A sidecar takes the glossary's sources and names, not its definitions: editing one does not reload sidecars.
            memo = self.sidecar_memos[slug] = digest(str(path), self.inputs.digest(path) or "-", shared)
            scope_key, diags = self.memo("sidecar-report:" + memo, lambda slug=slug: self._sidecar_report(slug))
            self.diagnostics.extend(diags)
            self.sidecar_keys[slug] = scope_key
        from sitegen.theme import Theme

        self.theme = Theme.find(root, config)
        links = Diagnostics()
        self.theme.check_links(root, links)  # a link out of themes/ is never read
        self.diagnostics.extend(links.items)
        if links.has_errors():
            return False
        theme_files = []
        for theme_dir in self.theme.dirs:
            for sub in ("templates", "static", "strings"):
                folder = theme_dir / sub
                if folder.is_dir():
                    theme_files += sorted(p for p in folder.rglob("*") if p.is_file())
        self.theme_key = digest(*(f"{p} {self.inputs.digest(p)}" for p in theme_files))
        self.keys = _Keys(
            # (Not whether the search index is made: no page shows it, so `sitegen serve`, which makes
            # none, can take its first pages from `sitegen build`'s output.)
            site=digest(object_digest(config), self.theme_key, f"drafts={self.builder.drafts}"),
            names=names,
            glossary=glossary_key,
            sidecars=digest(*(f"{slug} {key}" for slug, key in sorted(self.sidecar_keys.items()))),
            static=digest(*map(str, self.files.static)),
        )
        self.sources = {slug: self.inputs.digest(path) for slug, path in self.files.articles.items()}
        self.fingerprint = digest(
            f"search={self.builder.search}",
            *self.keys.as_dict().values(),
            object_digest([d.sort_key() + (d.severity.value,) for d in self.diagnostics.items]),
            *(f"{slug} {source}" for slug, source in self.sources.items()),
            *(f"{p} {self.inputs.digest(p)}" for p in self.files.static),
        )
        return True

    def discover(self):
        """The files of content/; a Builder told what changed lists them again only if a file came or went."""
        from sitegen.content import discover

        kept = self.builder._kept.get("discover")
        content = os.path.abspath(self.root / "content") + os.sep
        if self.trust and kept is not None:
            files, diags, known = kept
            if known is None:  # made on the first rebuild that needs it: a one-off build never does
                known = {os.path.abspath(p) for p in (*files.articles.values(), *files.sidecars.values(), *files.glossary, *files.static)}
                self.builder._kept["discover"] = (files, diags, known)
            inside = [os.path.abspath(p) for p in self.changed if os.path.abspath(p).startswith(content)]
            if all(p in known and os.path.isfile(p) for p in inside if p != content + "site.yml"):
                self.diagnostics.extend(diags)
                return files
        diags = Diagnostics()
        files = discover(self.root, diags)
        self.builder._kept["discover"] = (files, diags.items, None)
        self.diagnostics.extend(diags.items)
        return files

    def remember(self, key: str, value: Any) -> None:
        self.memo_out[key] = value
        self.cache.put_object(key, value)

    @property
    def glossary(self) -> Scope:
        """The glossary, resolved (loaded only when a page needs it)."""
        return self.memo("glossary:" + self.glossary_key, lambda: self._load_glossary()[0])

    def _glossary_report(self) -> tuple[str, str, list[Diagnostic]]:
        """(its names' digest, the digest of what a sidecar takes from it, its diagnostics)."""
        glossary, diags = self._load_glossary()
        self.remember("glossary:" + self.glossary_key, glossary)
        names = digest(*sorted(f"{n.term_id}\0{n.text}\0{n.case_sensitive}" for t in glossary.terms.values() for n in t.names()))
        return names, digest(names, object_digest(glossary.sources)), diags

    @property
    def sidecars(self) -> dict[str, Scope]:
        found = getattr(self, "_sidecars", None)
        if found is None:
            found = self._sidecars = {slug: self.sidecar(slug) for slug in self.sidecar_memos}
        return found

    def sidecar(self, slug: str) -> Scope | None:
        memo = self.sidecar_memos.get(slug)
        if memo is None:
            return None
        return self.memo("sidecar:" + memo, lambda: self._load_sidecar(slug)[0])

    def _sidecar_report(self, slug: str) -> tuple[str, list[Diagnostic]]:
        scope, diags = self._load_sidecar(slug)
        self.remember("sidecar:" + self.sidecar_memos[slug], scope)
        return object_digest(scope), diags

    def _load_config(self):
        from sitegen.config import load_config

        diags = Diagnostics()
        config = load_config(self.root, diags, self.builder.base_url)
        return config, diags.items

    def _load_glossary(self):
        from sitegen.annotations import GLOSSARY, load_scope, resolve_see_also
        from sitegen.site import check_depth, scope_texts

        diags = Diagnostics()
        glossary, pending = load_scope(GLOSSARY, self.files.glossary, diags)
        glossary.terms = resolve_see_also(pending, glossary.terms, diags)
        check_depth(scope_texts(glossary), diags)
        return glossary, diags.items

    def _load_sidecar(self, slug: str):
        from sitegen.annotations import load_scope, resolve_see_also
        from sitegen.site import check_depth, scope_texts

        diags = Diagnostics()
        glossary = self.glossary
        scope, pending = load_scope(slug, [self.files.sidecars[slug]], diags, fallback_sources=glossary.sources)
        if any(names for _, _, names in pending):  # else nothing to resolve (and the lookup over the glossary is costly)
            visible = dict(glossary.terms)
            visible.update(scope.terms)
            scope.terms = resolve_see_also(pending, visible, diags)
        check_depth(scope_texts(scope), diags)
        return scope, diags.items

    # ------------------------------------------------------------ articles

    @cached_property
    def changed_terms(self) -> set[str] | None:
        """After an edit of the glossary alone (its names unchanged): the ids of the terms whose data changed.

        None when something else changed too (or the last build is unknown): then every key is checked.
        """
        prev = self.prev
        if prev is None or not prev.term_keys:
            return None
        if any(prev.keys.get(k) != v for k, v in self.keys.as_dict().items() if k != "glossary"):
            return None
        old, terms = prev.term_keys, self.glossary.terms
        return {t for t in terms if old.get(t) != self.term_key(terms[t])} | {t for t in old if t not in terms}

    def plan_articles(self) -> list[str]:
        """The articles to look at again: a new record, or a page the output does not have."""
        assert self.output is not None
        prev = self.prev.articles if self.prev else {}
        same_keys = self.prev is not None and self.prev.keys == self.keys.as_dict()
        drafts = self.builder.drafts
        todo = []
        for slug, source in self.sources.items():
            old = prev.get(slug)
            if same_keys and old is not None and source is not None and old.source == source:
                # Nothing it was made from changed (its sidecar, the glossary, the settings are in the keys).
                article = old.article
                if article is None or (article.draft and not drafts) or self.output.holds(article.url + "index.html", old.page_key):
                    self.reuse(old)
                    continue
            if old is not None and source is not None and old.source == source and old.key == self.record_key(slug, source, old.article):
                article = old.article
                if article is None or (article.draft and not drafts):
                    self.reuse(old)
                    continue
                if (same_keys or self._page_unchanged(old)) and self.output.holds(article.url + "index.html", old.page_key):
                    self.reuse(old)
                    continue
            todo.append(slug)
        self.progress.add(len(todo))
        return todo

    def _page_unchanged(self, record: ArticleRecord) -> bool:
        changed = self.changed_terms
        if changed is not None and self.sidecar_keys.get(record.slug) is None:
            # Only glossary terms changed: a page that shows none of them is the same page.
            return changed.isdisjoint(t for t, _ in record.terms) and changed.isdisjoint(record.shown)
        return record.page_key == self.article_page_key(record)

    def reuse(self, record: ArticleRecord) -> None:
        self.records[record.slug] = record
        self.diagnostics.extend(record.diagnostics)

    def record_key(self, slug: str, source: str, article: Article | None) -> str:
        """What an article record is made of: the file, its sidecar, the glossary's names, the annotate mode."""
        image = str(self._image_found(article)) if article is not None and article.image else ""
        sidecar = self.files.sidecars.get(slug)
        return digest(source, str(sidecar), self.sidecar_keys.get(slug, "-"), self.keys.names, self.config.annotate, image)

    def article_page_key(self, record: ArticleRecord) -> str:
        """What an article's page is made of: its record, and the data of every term it shows."""
        scope_terms = self._scope_terms(record.slug)
        ids = set(record.shown)
        ids.update([t for t, _ in record.terms])
        known = self._term_parts
        parts = []
        for t in sorted(ids):
            term = scope_terms.get(t)
            if term is None:
                parts.append(t)
                continue
            # Each term's "id=key" made once per build (a page shows ~25, and the same terms recur
            # on page after page), checked to be of the same term (a sidecar's term may share the id).
            found = known.get(t)
            if found is None or found[0] is not term:
                found = known[t] = (term, f"{t}={self.term_key(term)}")
            parts.append(found[1])
        return self.keys.article_page(record.key, parts)

    def _scope_terms(self, slug: str) -> Mapping[str, Term]:
        sidecar = self.sidecar(slug)
        if sidecar is None or not sidecar.terms:
            return self.glossary.terms
        return ChainMap(sidecar.terms, self.glossary.terms)

    def term_key(self, term: Term) -> str:
        """A term's data, without where it is written (moving it in its file changes no page)."""
        known = self.builder._kept.setdefault("term_keys", {})
        found = known.get(id(term))
        if found is not None and found[0] is term:
            return found[1]
        key = self.stored_term_keys.get(term.id) if term.scope == "glossary" else None
        if key is None:
            key = digest(repr(term.data()))  # repr: exact, and a quarter of pickling's cost (a worker keys thousands of terms)
        known[id(term)] = (term, key)  # holds the term, so its id is not reused
        return key

    @cached_property
    def stored_term_keys(self) -> dict[str, str]:
        """The glossary terms' keys the last build saved, while the glossary files are the same (a new
        process would otherwise key every term again for the glossary page's key: 5,000 at 5,000 terms)."""
        prev = self.prev
        if prev is not None and prev.term_keys and prev.keys.get("glossary") == self.keys.glossary:
            return prev.term_keys
        return {}

    def render_articles(self, todo: list[str]) -> None:
        if not todo:
            return
        self.prepare_renderer()
        jobs = worker_count(len(todo))
        if jobs > 1:
            # Made once, here, before the workers are forked: the matchers (the glossary's, each sidecar's,
            # each hidden-name candidate's), every glossary definition (each worker would render most of them
            # again) and every glossary term's key (each worker keys most of them for its pages, and this
            # process keys them all afterwards for the glossary pages anyway).
            definitions = self.definitions
            for term in self.glossary.terms.values():
                definitions.of(term)
                self.term_key(term)
            self.hidden_names.compile_matchers()
            self.compile_sidecar_matchers()
            self.compile_templates()  # (the helper goes on parsing meanwhile)
            # So is multiprocessing (~9 ms to import): imported by `pool` only after the helper had
            # stopped, it kept the second core idle just before the workers start.
            import sitegen.pool  # noqa: F401
            if self.early is not None:
                if cards_ahead(len(self.glossary.terms), len(todo)):
                    # Every card once, while the helper still uses the other core, not once per worker.
                    self.renderer.prerender_cards(self.glossary.terms.values())
                self.early.finish(take_in=False)  # (taken in with the workers' side files, after the articles)
            tasks = _tasks(todo, jobs)
            for outcomes, rendered in self.pool(jobs).imap_unordered(_articles_task, tasks):
                definitions._cache.update(rendered)  # the glossary pages' workers will not render them again
                for outcome in outcomes:
                    self.apply_article(outcome)
        else:
            if self.early is not None:
                self.early.finish()
            _one_by_one(todo, lambda slug: self.apply_article(self.process_article(slug)))

    def compile_sidecar_matchers(self) -> None:
        """The matcher of each sidecar's own terms (~90 µs each), compiled once, here, before the workers are
        forked (while the early-parse helper, if any, uses the other core): inherited by every worker, and by
        the glossary page.

        Else each article worker that met the sidecar compiled it, then this process again for the glossary
        page (~9 ms at 1,000 articles / 100 sidecars, on the build's serial end)."""
        from sitegen.annotations import sidecar_matcher

        for sidecar in self.sidecars.values():
            if sidecar is not None and sidecar.terms:
                sidecar_matcher(sidecar)

    def pool(self, jobs: int):
        if self._pool is None:
            from sitegen.pool import fork_pool

            self.join_pool()
            self.cache.wait_absorbed()
            self.compile_templates()
            global _RUN
            _RUN = self
            gc.freeze()  # the workers share the parent's objects; a collection would copy their pages
            self._pool = fork_pool(jobs, _worker_start)
        return self._pool

    def compile_templates(self) -> None:
        """The page templates compiled once, here, before the workers are forked (not once per worker).
        (base.html prints _search.html through fragment().)"""
        for name in ("article.html", "term.html", "_search.html"):
            try:
                self.renderer.env.get_template(name)
            except Exception:
                pass  # reported when a page needs it

    def close_pool(self, terminate: bool = False, absorb_apart: bool = False) -> None:
        """Let the workers finish (or stop them), and take what they computed into the cache: with
        `absorb_apart`, in a thread while this process goes on (`Cache.wait_absorbed` waits for it: before a
        fork, as no thread may run then, and before the build is saved).

        Called once every result is in, and with it every side file (a task commits its own before it
        returns): the workers' exit, which takes a few milliseconds (their memory handed back), is waited
        for later (`join_pool`), while this process goes on."""
        global _RUN
        self.cache.wait_absorbed()
        if terminate:
            self.join_pool()
        pool, self._pool = self._pool, None
        if pool is not None:
            if terminate:
                pool.terminate()
                pool.join()
            else:
                pool.close()
                self._closed_pool = pool
            gc.unfreeze()
            _RUN = None
            if absorb_apart and not terminate:
                self.cache.absorb_apart(f"{os.getpid()}-")
            else:
                self.cache.absorb(f"{os.getpid()}-")

    def join_pool(self) -> None:
        """Wait for the workers of the pool `close_pool` closed to end (before a fork: its threads must be gone)."""
        pool, self._closed_pool = self._closed_pool, None
        if pool is not None:
            pool.join()

    def apply_article(self, outcome: tuple) -> None:
        record, page = outcome
        intern = sys.intern  # each worker's message carries its own copy of every term id
        record.terms = tuple((intern(term_id), count) for term_id, count in record.terms)
        record.shown = tuple(map(intern, record.shown))
        self.records[record.slug] = record
        self.diagnostics.extend(record.diagnostics)
        if page is not None:
            self.apply_page(page)
        self.progress.step()

    def apply_page(self, page: tuple) -> None:
        how, rel, entry = page
        assert self.output is not None
        if how == "keep":
            self.output.keep(rel)
        elif how != "added":  # written by a worker, or already in staging
            self.output.record(rel, entry, how == "wrote")

    def keep_articles(self) -> None:
        """The pages of the articles this build did not look at again stay as they are."""
        for record in self.included:
            rel = record.article.url + "index.html"
            if rel not in self.output.new:
                self.output.keep(rel)

    def process_article(self, slug: str) -> tuple:
        """Load, parse, match and render one article (in a worker, or here); returns (record, page)."""
        from collections import ChainMap

        from sitegen.site import article_scope, article_texts, check_depth, note_quotes, render_one

        path = self.files.articles[slug]
        source = self.sources[slug]
        diags = Diagnostics()
        load_key = self._load_key(slug, path, source)
        article, load_diags, loaded, planned = self.load_article(slug, path, load_key)
        diags.extend(load_diags)
        record = ArticleRecord(slug, source or "", "broken:" + (source or ""), article, [], load_key=load_key)
        page = None
        if article is not None:
            record.key = self.record_key(slug, record.source, article)
            if self.builder.drafts or not article.draft:
                sidecar = self.sidecar(slug)
                quotes = note_quotes(sidecar)
                if loaded is None:
                    data, planned = self.inputs.read_as_hashed(path)
                    article = replace(article, body=_body_of(data, article.body_line))  # diagnostics point into it
                else:
                    article = loaded  # (read just now: the article as loaded, its body in it)
                body = article.body
                check_depth(article_texts(article), diags)
                record.prep_key = _prep_key(source, body, quotes)
                prepared = self.prepared(article, quotes, record.prep_key, store=planned)
                scope = article_scope(self.glossary, self.definitions, sidecar)
                rendered = render_one(article, scope, sidecar, article.annotate or self.config.annotate, diags, prepared=prepared)
                record.terms = tuple((t.id, len(rendered.mention_ids[t.id])) for t in rendered.terms)
                check = self.hidden_names
                if check.candidates:
                    record.hidden = (self.hidden_key, check.facts(article))
                renderer = self.renderer
                assert renderer is not None
                # The article's view of the site's terms: the glossary and its own sidecar's
                # (another sidecar's term with the same id is an error found later).
                own = {k: v for k, v in (sidecar.terms.items() if sidecar else ()) if k not in self.glossary.terms}
                renderer.model.terms = ChainMap(own, self.glossary.terms) if own else self.glossary.terms
                page = self.render_article_page(record, rendered)
        record.diagnostics = diags.items
        return record, page

    def render_article_page(self, record: ArticleRecord, rendered) -> tuple:
        """The page, keyed by its record and the terms it shows: which ones is known once it is rendered."""
        rel = record.article.url + "index.html"
        definitions = self.definitions
        definitions.shown = set()
        try:
            data = self.renderer.article_page(rendered)
        finally:
            shown, definitions.shown = definitions.shown, None
        record.shown = tuple(sorted(shown))
        record.page_key = self.article_page_key(record)
        return self.put_page(rel, record.page_key, lambda: data)

    def _load_key(self, slug: str, path: Path, source: str | None) -> str:
        return "load:" + digest(str(path), source or "-", str(self.files.sidecars.get(slug)), str(self.root))

    def load_article(self, slug: str, path: Path, key: str) -> tuple[Article | None, list[Diagnostic], Article | None, bool]:
        """The article's front matter (memoized under `key`, from the file's hash; its body empty); the article
        as loaded, body and all, when its file had to be read (the same fields but the body: no copy of the
        front matter made again with the body put back); and whether what was read is the version hashed
        (`_Inputs.read_as_hashed`)."""
        from sitegen.content import load_article

        found = self.memo_in.get(key) or self.cache.get_object(key)
        if found is not None:
            article, diags, image_found = found
            if article is None or not article.image or image_found == self._image_found(article):
                return article, diags, None, False
        diags = Diagnostics()
        data, planned = self.inputs.read_as_hashed(path)
        article = load_article(path, slug, diags, self.root, self.files.sidecars.get(slug), data)
        kept = replace(article, body="") if article is not None else None
        if planned:
            value = (kept, diags.items, self._image_found(kept) if kept is not None else False)
            if self.in_worker:
                self.keep_new(key, _pickle(value))
            else:
                self.cache.put_object(key, value)
        return kept, diags.items, article, planned

    def keep_new(self, key: str, value: bytes) -> None:
        """A value a worker computed, for the cache."""
        if self.side is not None:
            self.side.put(key, value)

    def _image_found(self, article: Article) -> bool:
        return bool(article.image) and (self.root / "content" / "static" / article.image.lstrip("/")).is_file()

    def prepared(self, article: Article, quotes, key: str, store: bool = True):
        """The article parsed, notes anchored, terms not yet matched: from the cache when its file is known
        (`key`: `_prep_key`); kept there if `store` (the body is the version the key's hash names)."""
        from sitegen.markdown import Prepared, prepare_article

        body = article.body
        data = self.cache.get(key)
        if data is not None:
            try:
                return Prepared.from_data(marshal.loads(data))
            except (ValueError, EOFError, TypeError):
                pass
        prepared = prepare_article(body, quotes)
        if not store:
            return prepared
        blob = marshal.dumps(prepared.to_data())
        if self.in_worker:
            self.keep_new(key, blob)
        else:
            self.cache.put(key, blob)
        return prepared

    def put_page(self, rel: str, identity: str, render: Callable[[], bytes]) -> tuple:
        """A page known by `identity`: kept when the output has it, else rendered and written into staging."""
        assert self.output is not None
        if self.output.holds(rel, identity):
            return ("keep", rel, None)
        current = self.output.current.get(rel)
        if current is not None and current.identity == identity:
            return ("have", rel, current)
        data = render()
        assert self.output.staging is not None
        if self.in_worker:
            return ("wrote", rel, self.output.write_detached(rel, data, identity))
        self.output.add(rel, data, identity)
        return ("added", rel, None)

    # ------------------------------------------------------------ the site as a whole

    @property
    def hidden_names(self):
        """The hidden-name check over the glossary and every sidecar (assembling the site checks the key)."""
        if getattr(self, "_hidden_names", None) is None:
            from sitegen.annotations import HiddenNames

            kept = self.builder._kept.get("hidden")
            wanted = (self.keys.glossary, self.keys.sidecars)
            if kept is None or kept[0] != wanted:  # the candidates come from the glossary and the sidecars only
                check = HiddenNames(self.glossary, self.sidecars, self.definitions.matcher)
                kept = self.builder._kept["hidden"] = (wanted, check, digest(check.key))
            _, self._hidden_names, self.hidden_key = kept
        return self._hidden_names

    @property
    def definitions(self):
        """Definition HTML, kept between builds while the glossary is the same."""
        if self._definitions is None:
            from sitegen.site import Definitions

            kept = self.builder._kept
            previous = kept.get("definitions")
            if previous is None or previous[0] != self.keys.glossary:
                definitions = Definitions(self.glossary)
                if previous is not None and previous[1] == self.keys.names:
                    definitions.carry_over(previous[2])  # one definition edited: the others stay rendered
                kept["definitions"] = (self.keys.glossary, self.keys.names, definitions)
            self._definitions = kept["definitions"][2]
        return self._definitions

    def prepare_renderer(self) -> None:
        """The renderer, its templates compiled and its strings read, before any worker is forked."""
        if self.renderer is not None:
            return
        keep_freed_memory()  # pages are about to be rendered, here and in workers forked from here
        from sitegen.render import Renderer
        from sitegen.site import SiteContent, SiteModel

        kept = self.builder._kept
        if kept.get("renderer", (None,))[0] != self.keys.site:
            content = SiteContent(self.root, self.config, [], self.glossary, self.sidecars, [])
            renderer = Renderer(SiteModel(content, [], {}, {}, self.definitions), self.theme, Diagnostics())
            renderer.strings  # read now, once: what it reports belongs to the "theme" group
            strings_diagnostics = renderer.diagnostics.items
            if self.cache.enabled:
                # Compiled templates kept on disk (Jinja checks each one's source): a new process does not compile them again.
                renderer.env.bytecode_cache = _template_cache(self.cache.dir / "templates")
            kept["renderer"] = (self.keys.site, renderer, strings_diagnostics)
        _, renderer, self.strings_diagnostics = kept["renderer"]
        renderer.diagnostics = Diagnostics()
        renderer.model = self.model or SiteModel(SiteContent(self.root, self.config, [], self.glossary, self.sidecars, []), [], {}, {}, self.definitions)
        renderer.model.definitions = self.definitions
        self.asset_data: dict[str, tuple[Path, str]] = {}
        renderer.assets.clear()
        for name, path in self.theme.static_files().items():
            content = self.inputs.digest(path) or ""
            hashed = "assets/" + _asset_name(name, path, content)
            renderer.assets[name] = hashed
            self.asset_data[hashed] = (path, content)
        self.renderer = renderer

    def assemble_site(self) -> None:
        """Cross-page checks, the list of articles, the terms and their backlinks, from the records."""
        from sitegen.annotations import HiddenNames, check_sidecar_names
        from sitegen.site import ArticleEntry, SiteContent, SiteModel, report_unused, site_terms

        if self.model is not None:
            return
        kept = self.builder._kept.get("assembled")
        if kept is not None and self._same_site(*kept[:2]):
            _, _, self.included, self.model, diags = kept
            self.diagnostics.extend(diags)
            return
        before = len(self.diagnostics.items)
        drafts = self.builder.drafts
        included = [r for r in self.records.values() if r.article is not None and (drafts or not r.article.draft)]
        included.sort(key=lambda r: (r.article.date, r.article.slug), reverse=True)
        slugs = {r.slug for r in included}
        sidecars = {slug: scope for slug, scope in self.sidecars.items() if slug in slugs}
        terms = site_terms(self.glossary, sidecars, self.diagnostics)
        check_sidecar_names(self.glossary, sidecars, self.diagnostics)
        hidden = self.hidden_names if sidecars.keys() == self.sidecars.keys() else HiddenNames(self.glossary, sidecars, self.definitions.matcher)
        warned: set[str] = set()
        if hidden.candidates:
            key = digest(hidden.key)
            included = [self._with_hidden(record, hidden, key) for record in included]
            warned = hidden.report([record.hidden[1] for record in included], self.diagnostics)
        backlinks: dict[str, list] = {}
        for record in included:
            for term_id, count in record.terms:
                backlinks.setdefault(term_id, []).append((record.article, count))
        report_unused(self.glossary, backlinks, self.diagnostics, warned)
        _warn_base_url(self.config, self.diagnostics)
        articles = [r.article for r in included]
        content = SiteContent(self.root, self.config, articles, self.glossary, sidecars, self.files.static)
        self.model = SiteModel(content, [ArticleEntry(a) for a in articles], terms, backlinks, None)
        self.included = included
        self.builder._kept["assembled"] = (self.keys.as_dict(), dict(self.records), included, self.model, self.diagnostics.items[before:])

    def _with_hidden(self, record: ArticleRecord, hidden, key: str) -> ArticleRecord:
        """The record with its facts for the hidden-name check of these candidates (computed if it has none)."""
        if record.hidden and record.hidden[0] == key:
            return record
        body = _body_of(self.files.articles[record.slug].read_bytes(), record.article.body_line)
        record = replace(record, hidden=(key, hidden.facts(replace(record.article, body=body))))
        self.records[record.slug] = record
        return record

    def _same_site(self, keys: dict[str, str], records: dict[str, ArticleRecord]) -> bool:
        """Whether the last assembled site still holds: same keys, and no article changed what it shows elsewhere."""
        if keys != self.keys.as_dict() or records.keys() != self.records.keys():
            return False
        for slug, record in self.records.items():
            old = records[slug]
            if old is not record and (old.article != record.article or old.terms != record.terms or old.hidden != record.hidden):
                return False
        return True

    # ------------------------------------------------------------ site-wide pages

    def site_groups(self) -> list[str]:
        """The groups of site-wide pages, in the order they are rendered (redirects and static files check against all others)."""
        groups = ["theme", "assets", "site", "index", "glossary"] + [f"term:{t}" for t in self.model.terms] + ["redirects", "static"]
        return groups + ["search"] if self.builder.search else groups

    def dirty_terms(self) -> set[str] | None:
        """The terms whose page may have changed; None: any of them."""
        prev = self.prev
        dirty: set[str] = set()
        if prev is None or prev.keys != self.keys.as_dict():
            changed = self.changed_terms
            if changed is None:
                return None
            dirty |= changed  # a term page shows its own data, its backlinks and the names of its see-also
        for slug in set(prev.articles) | set(self.records):
            old, new = prev.articles.get(slug), self.records.get(slug)
            if old is new or (old is not None and new is not None and old.terms == new.terms and old.article == new.article):
                continue  # the same backlinks (a page rendered again for another reason)
            for record in (old, new):
                if record is not None:
                    dirty.update(t for t, _ in record.terms)
        return dirty

    def group_key(self, name: str) -> str:
        if name == "search":  # it reads the output as it stands: never kept
            return self._group_key(name)
        found = self.group_keys.get(name)
        if found is None:
            found = self.group_keys[name] = self._group_key(name)
        return found

    def _group_key(self, name: str) -> str:
        keys = self.keys
        model = self.model
        if name.startswith("term:"):
            term_id = name[5:]
            term = model.terms[term_id]
            scope = self.sidecar_keys.get(term.scope, "") if term.scope != "glossary" else ""
            # A date as its day number: pickling a date object writes (and looks up) its class every time,
            # 1.8 µs of the 2 a backlink cost (0.45 ms a term page at 5,000 articles).
            backlinks = [(a.slug, a.title, a.date.toordinal(), count) for a, count in model.backlinks.get(term_id, [])]
            see_also = [(s, model.terms[s].name) for s in term.see_also if s in model.terms]
            return digest(keys.site, keys.names, self.term_key(term), scope, object_digest((backlinks, see_also)))
        if name in ("index", "site"):
            extra = sorted(model.terms) if name == "site" else []
            return digest(keys.site, self.listing_key, object_digest(extra))
        if name == "glossary":
            terms = [(t.id, self.term_key(t), self.sidecar_keys.get(t.scope, "")) for t in model.terms.values()]
            return digest(keys.site, keys.names, object_digest(terms))
        if name in ("redirects", "static"):
            extra = [f"{p} {self.inputs.digest(p)}" for p in self.files.static] if name == "static" else []
            return digest(keys.site, self.layout_key, *extra)
        if name in ("theme", "assets"):
            return digest(keys.site, self.theme_key)
        if name == "search":
            # What Pagefind reads: every HTML file of the new generation (the last group).
            pages = sorted((rel, e.identity) for rel, e in self.output.new.items() if rel.endswith(".html"))
            return digest(keys.site, _pagefind_version(), object_digest(pages))
        raise KeyError(name)

    @cached_property
    def listing_key(self) -> str:
        """What the index and the site's files (sitemap, feed) show of every article.

        From a digest per article, kept while its front matter is the same
        object: a rebuild digests only the articles it read again, not 5,000."""
        known = self.builder._kept.get("listing_keys", {})
        kept = self.builder._kept["listing_keys"] = {}  # only today's articles: an edited one's old object goes
        keys = []
        for a in self.model.content.articles:
            found = known.get(id(a))
            if found is None or found[0] is not a:
                found = (a, object_digest((a.slug, a.title, a.date, a.updated, a.summary, a.authors)))
            kept[id(a)] = found
            keys.append(found[1])
        return digest("".join(keys))  # (all of one length)

    @cached_property
    def layout_key(self) -> str:
        """What every page is called (aliases and static files must not clash with one)."""
        articles = self.model.content.articles
        return object_digest((sorted(a.slug for a in articles), sorted(self.model.terms), [(a.slug, a.title, a.aliases) for a in articles if a.aliases]))

    def nothing_else_changed(self) -> bool:
        """With no article to render again: do all the site-wide pages have the keys of the last build?"""
        assert self.prev is not None
        self.assemble_site()
        groups = self.site_groups()
        if set(self.prev.groups) != set(groups):
            return False
        dirty = self.dirty_terms()
        for name in groups:
            if name == "search":
                continue  # it reads only the pages: the same pages, the same index
            if name.startswith("term:") and dirty is not None and name[5:] not in dirty:
                continue
            if self.group_key(name) != self.prev.groups[name][0]:
                return False
        return True

    def render_site_pages(self) -> None:
        """Every page but the articles, each group only when its key changed; the others are carried over."""
        output = self.output
        assert output is not None
        prev_groups = self.prev.groups if self.prev else {}
        prev_files = self._prev_group_files()
        dirty = self.dirty_terms()
        self.prepare_renderer()
        stale_terms: list[str] = []
        for name in self.site_groups():
            old = prev_groups.get(name)
            files = prev_files.get(name, [])
            if name == "search":
                self.render_terms(stale_terms)
                stale_terms = []
            unchanged = old is not None and all(rel in output.live for rel in files)
            if unchanged and not (name.startswith("term:") and dirty is not None and name[5:] not in dirty):
                unchanged = self.group_key(name) == old[0]
            if unchanged:
                for rel in files:
                    output.keep(rel)
                self.groups[name] = old
            elif name.startswith("term:"):
                stale_terms.append(name[5:])
            else:
                if name in ("redirects", "static", "search"):
                    self.render_terms(stale_terms)  # they need every other page
                    stale_terms = []
                self.render_group(name)
        self.render_terms(stale_terms)

    def _prev_group_files(self) -> dict[str, list[str]]:
        """Which output files each group made last time (a file's identity starts with its group)."""
        found: dict[str, list[str]] = {}
        if self.prev is not None and self.prev.live is not None:
            for rel, entry in self.prev.live.files.items():
                found.setdefault(entry.identity.split("|", 1)[0], []).append(rel)
        return found

    def group_file(self, name: str, rel: str, data: bytes) -> None:
        self.apply_page(self.put_page(rel, f"{name}|c:{file_digest(data)}", lambda: data))

    def render_group(self, name: str) -> None:
        renderer = self.renderer
        assert renderer is not None and self.output is not None
        renderer.model = self.model
        self.model.definitions = self.definitions
        diags = Diagnostics()
        renderer.diagnostics = diags
        if name == "theme":
            diags.extend(self.strings_diagnostics)
        elif name == "assets":
            for rel, (path, content) in self.asset_data.items():
                self.apply_page(self.put_page(rel, f"assets|c:{content}", path.read_bytes))
        elif name == "site":
            from sitegen.render import PageInfo

            config = self.config
            info = PageInfo("404", f"{renderer.t('page_not_found')} · {config.title}", "", None, None)
            self.group_file(name, "404.html", renderer.page("404.html", "", info, root=config.base_path))
            for rel, data in renderer.publishing_files().items():
                self.group_file(name, rel, data)
        elif name == "index":
            for rel, data in renderer.index_pages().items():
                self.group_file(name, rel, data)
        elif name == "glossary":
            self.group_file(name, "glossary/index.html", renderer.glossary_page())
        elif name == "redirects":
            generated = dict.fromkeys(r for r in self.output.new if r != MARKER)
            redirect_pages = getattr(renderer, "redirect_pages", None)
            pages = redirect_pages(generated) if redirect_pages is not None else self._alias_pages()
            for rel, data in pages.items():
                self.group_file(name, rel, data)
        elif name == "search":
            from sitegen.search import SEARCH_DIR, index_site

            output = self.output
            key = self.group_key("search")
            output.discard([rel for rel, e in output.current.items() if e.identity.startswith("search|") and rel not in output.new])
            folder = output.staging / SEARCH_DIR
            for path, _, files in sorted(os.walk(folder), reverse=True):  # the old index's empty folders
                if not files:
                    try:
                        os.rmdir(path)
                    except OSError:
                        pass
            index_site(output.staging, diags, self.out, waiting=lambda seconds: self.progress.status(f"search index (Pagefind): {int(seconds)} s"))
            if not diags.has_errors() and folder.is_dir():
                for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                    rel = path.relative_to(output.staging).as_posix()
                    if rel not in output.new:
                        output.adopt(rel, f"search|{rel}|{key}")
        elif name == "static":
            generated = {r for r in self.output.new if r != MARKER}
            for rel, path in _static_copies(self.root, self.files.static, generated, diags).items():
                identity = f"static|c:{self.inputs.digest(path)}"
                if self.output.holds(rel, identity):
                    self.output.keep(rel)
                else:
                    self.output.copy(rel, path, identity)
        self.groups[name] = (self.group_key(name), diags.items)

    def _alias_pages(self) -> dict[str, bytes]:
        out = {}
        for entry in self.model.articles:
            for alias in entry.article.aliases:
                target = alias.strip("/")
                path = target if target.endswith(".html") else (target + "/index.html" if target else "index.html")
                out[path] = self.renderer.redirect_page(path, entry)
        return out

    def render_terms(self, term_ids: list[str]) -> None:
        if not term_ids:
            return
        self.progress.add(len(term_ids))
        self.renderer.model = self.model
        self.model.definitions = self.definitions
        self.cache.wait_absorbed()  # a fork waits for it anyway, and while it runs `worker_count` would say one process
        self.join_pool()  # (the same: a closed pool's threads)
        jobs = worker_count(len(term_ids))
        if jobs > 1:
            # The workers key the pages too: a term page's key digests every article that mentions it.
            tasks = _tasks(term_ids, jobs)
            outcomes = (o for done in self.pool(jobs).imap_unordered(_terms_task, tasks) for o in done)
        else:
            outcomes = (self.process_term(t) for t in term_ids)
        for term_id, key, page in outcomes:
            self.groups[f"term:{term_id}"] = (key, [])
            self.apply_page(page)
            self.progress.step()
        self.close_pool()

    def process_term(self, term_id: str) -> tuple:
        """A glossary page, keyed, and rendered unless the output has it: (term id, key, page)."""
        name = f"term:{term_id}"
        key = self.group_key(name)
        rel = f"glossary/{term_id}/index.html"
        term = self.model.terms[term_id]
        return term_id, key, self.put_page(rel, f"{name}|{key}|{rel}", lambda: self.renderer.term_page(term))


def _template_cache(folder: Path):
    """Jinja's compiled templates on disk, named after the code that compiled them.

    Jinja checks a template's source, not the code generator that compiled it (`templating.py`): the
    templates another version of sitegen compiled are never read, and their files go.
    """
    import jinja2

    stamp = code_identity()[:16]
    folder.mkdir(exist_ok=True)
    for path in folder.glob("*.cache"):
        if not path.name.startswith(stamp + "-"):
            path.unlink(missing_ok=True)
    return jinja2.FileSystemBytecodeCache(str(folder), pattern=stamp + "-%s.cache")


def _pagefind_version() -> str:
    """Which Pagefind builds the index (its output changes with it)."""
    from sitegen.search import pagefind_executable

    exe = pagefind_executable()
    if exe is None:
        return "none"
    try:
        st = os.stat(exe)
    except OSError:
        return exe
    return f"{exe} {st.st_size} {st.st_mtime_ns}"


def _body_of(data: bytes, body_line: int) -> str:
    """An article's body, from its file's bytes, as `content.split_front_matter` cuts it (from its first line on)."""
    text = data.decode("utf-8").removeprefix("\ufeff")
    return "\n".join(text.split("\n")[body_line - 1 :])  # (not splitlines: it also breaks at U+2028, form feeds...)


def _pickle(value: Any) -> bytes:
    import pickle

    return pickle.dumps(value, protocol=5)


_ASSET_NAMES: dict[tuple[str, str], tuple[str, str]] = {}
"""(asset name, path) -> (its content digest, its hashed name): a long-lived process (the dev server)
hashes an unchanged asset once, and keeps one entry per asset, however often it is saved."""


def _asset_name(name: str, path: Path, content: str) -> str:
    """The asset's public name, from the SHA-256 of its bytes (input digests are BLAKE2b: see `file_digest`)."""
    from sitegen.theme import hashed_name

    if not content:  # unreadable: named as before, from no bytes (the copy reports it)
        return hashed_name(name, b"")
    key = (name, str(path))
    known = _ASSET_NAMES.get(key)
    if known is not None and known[0] == content:
        return known[1]
    try:
        data = path.read_bytes()
    except OSError:
        data = b""
    found = hashed_name(name, data)
    if file_digest(data) == content:  # the bytes `content` was taken of, not a version saved since
        _ASSET_NAMES[key] = (content, found)
    return found
