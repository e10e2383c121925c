"""The build cache (<root>/.sitegen-cache/): never trusted blindly, never required, never in the way."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen.cache import open_cache
from tests.conftest import REPO, TESTS, run_sitegen
from tests.test_incremental import reference, tree

SITE = TESTS / "incremental" / "site"


@pytest.fixture
def site(tmp_path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(SITE, root)
    return root


def build(site: Path, out: Path, **env: str):
    result = run_sitegen("build", "--no-search", "--root", str(site), "--out", str(out), env=env or None)
    assert result.returncode == 0, result.stderr
    return result


def test_the_cache_folder_keeps_itself_out_of_git(site, tmp_path):
    build(site, tmp_path / "out")
    ignore = site / ".sitegen-cache" / ".gitignore"
    assert ignore.read_text().splitlines()[-1] == "*"


def test_no_cache_means_nothing_on_disk(site, tmp_path):
    build(site, tmp_path / "out", SITEGEN_NO_CACHE="1")
    assert not (site / ".sitegen-cache").exists()
    assert tree(tmp_path / "out") == reference(site)[0]


def test_a_damaged_cache_is_thrown_away_not_trusted(site, tmp_path):
    out = tmp_path / "out"
    build(site, out)
    (site / ".sitegen-cache" / "build.sqlite").write_bytes(b"not a database at all" * 100)
    for suffix in ("-wal", "-shm"):
        (site / ".sitegen-cache" / f"build.sqlite{suffix}").unlink(missing_ok=True)
    (site / "content" / "articles" / "beta.md").write_text((site / "content" / "articles" / "beta.md").read_text() + "\nOne more line.\n")
    build(site, out)
    assert tree(out) == reference(site)[0]
    build(site, out)  # and the next build has a working cache again
    assert (site / ".sitegen-cache" / "build.sqlite").read_bytes()[:16] == b"SQLite format 3\x00"


def test_a_cache_made_by_other_code_is_emptied(site, tmp_path):
    out = tmp_path / "out"
    build(site, out)
    db = sqlite3.connect(site / ".sitegen-cache" / "build.sqlite")
    with db:
        db.execute("UPDATE kv SET value = ? WHERE key = 'fingerprint'", (b"another version of sitegen",))
        db.execute("INSERT INTO kv VALUES ('planted', ?)", (b"stale",))
    db.close()
    build(site, out)
    db = sqlite3.connect(site / ".sitegen-cache" / "build.sqlite")
    assert db.execute("SELECT count(*) FROM kv WHERE key = 'planted'").fetchone()[0] == 0
    db.close()
    assert tree(out) == reference(site)[0]


def test_a_cache_carried_to_a_fresh_checkout_and_a_new_install_still_serves(site, tmp_path, monkeypatch):
    """The Pages workflow restores `.sitegen-cache/` from the last run into a fresh checkout (every file
    newer, at maybe another path, no `site/`) beside sitegen installed again (every module newer): the
    code is the same, so nothing is parsed again, and the output is a clean build's."""
    import sitegen.cache
    import sitegen.markdown
    from sitegen.build import Builder

    monkeypatch.setenv("SITEGEN_JOBS", "1")
    parsed: list[str] = []
    real = sitegen.markdown.prepare_article
    monkeypatch.setattr(sitegen.markdown, "prepare_article", lambda body, *a, **k: parsed.append(body) or real(body, *a, **k))
    Builder(site, site / "site").build()
    assert len(parsed) == 3
    parsed.clear()

    checkout = tmp_path / "runner" / "site"
    shutil.copytree(site / "content", checkout / "content", copy_function=shutil.copy)  # new mtimes, new inodes
    shutil.copytree(site / ".sitegen-cache", checkout / ".sitegen-cache", ignore=shutil.ignore_patterns("spare-*"))
    monkeypatch.setattr(sitegen.cache, "_code_fingerprint", "the same code, installed again")
    monkeypatch.setattr(sitegen.cache, "_code_identity", None)  # so it is read again from the source
    cache = open_cache(checkout)
    assert cache.enabled and not cache.emptied
    cache.close()
    Builder(checkout, checkout / "site").build()
    assert parsed == []
    assert tree(checkout / "site") == reference(checkout)[0]


def test_the_code_identity_is_the_code_not_where_or_when_it_was_installed(tmp_path):
    import sitegen
    from sitegen.cache import code_identity

    installed = Path(sitegen.__file__).parent
    again = tmp_path / "sitegen"
    shutil.copytree(installed, again, copy_function=shutil.copy, ignore=shutil.ignore_patterns("__pycache__"))
    for path in again.rglob("*"):
        os.utime(path, (1_000_000_000, 1_000_000_000))
    assert code_identity(again) == code_identity(installed)
    module = again / "render.py"
    module.write_bytes(module.read_bytes() + b"\n")
    assert code_identity(again) != code_identity(installed)


def test_the_quick_look_for_a_change_of_code_sees_an_edit_that_kept_the_mtime(tmp_path, monkeypatch):
    """`cp -p`, rsync and tar put the mtime back: the inode and ctime still tell (the look vouches for the identity)."""
    import sitegen
    from sitegen.cache import _stat_fingerprint

    again = tmp_path / "sitegen"
    shutil.copytree(Path(sitegen.__file__).parent, again, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(sitegen, "__file__", str(again / "__init__.py"))
    before = _stat_fingerprint()
    module = again / "render.py"
    st = module.stat()
    data = module.read_bytes()
    module.write_bytes(data[:-1] + b"#")  # the same size
    os.utime(module, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert module.stat().st_size == st.st_size and module.stat().st_mtime_ns == st.st_mtime_ns
    assert _stat_fingerprint() != before


def test_code_seen_is_not_written_when_the_code_changed_while_it_was_read(site, monkeypatch):
    import sitegen.cache

    looks = iter(["before the edit", "after the edit"])
    monkeypatch.setattr(sitegen.cache, "_code_fingerprint", None)
    monkeypatch.setattr(sitegen.cache, "_stat_fingerprint", lambda: next(looks))
    cache = open_cache(site)
    assert cache.enabled and cache.emptied
    cache.close()
    db = sqlite3.connect(site / ".sitegen-cache" / "build.sqlite")
    assert db.execute("SELECT count(*) FROM kv WHERE key = 'code-seen'").fetchone()[0] == 0
    db.close()


def test_the_code_identity_names_each_library_by_its_installed_version():
    from importlib import metadata

    from sitegen.cache import _LIBRARIES, _installed_version

    for module, distribution in _LIBRARIES.items():
        found = _installed_version(module, distribution).split()
        assert found[0].endswith((".dist-info", ".egg-info")), found
        assert f"-{metadata.version(distribution)}." in found[0], found


def test_a_library_with_no_record_of_its_version_is_known_by_its_file(tmp_path, monkeypatch):
    """A library on PYTHONPATH, not installed: its module's place, size and mtime stand in for a version."""
    import importlib

    from sitegen.cache import _installed_version

    module = tmp_path / "sg_fake_lib" / "__init__.py"
    module.parent.mkdir()
    module.write_text("VERSION = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.invalidate_caches()
    unrecorded = _installed_version("sg_fake_lib", "sg-fake-lib")
    assert str(module) in unrecorded
    module.write_text("VERSION = 22\n")
    assert _installed_version("sg_fake_lib", "sg-fake-lib") != unrecorded
    (tmp_path / "Sg_Fake.Lib-2.0.dist-info").mkdir()  # an older pip's spelling of the same name
    assert _installed_version("sg_fake_lib", "sg-fake-lib") == "Sg_Fake.Lib-2.0.dist-info -"
    # The same version built from other code (a git commit, a patch): its RECORD's hashes differ.
    record = tmp_path / "Sg_Fake.Lib-2.0.dist-info" / "RECORD"
    record.write_text("sg_fake_lib/__init__.py,sha256=one,13\n")
    first = _installed_version("sg_fake_lib", "sg-fake-lib")
    record.write_text("sg_fake_lib/__init__.py,sha256=two,13\n")
    assert first.startswith("Sg_Fake.Lib-2.0.dist-info ") and _installed_version("sg_fake_lib", "sg-fake-lib") != first
    assert _installed_version("sg_no_such_lib", "sg-no-such-lib") == "sg-no-such-lib -"


_SEGMENTS = ["a", "b", "a-b", "a.b", "a_b", "B", "__pycache__", "x.py", "x.json", "x.pyc", ".py", "y.py.txt"]


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.sampled_from(_SEGMENTS), min_size=1, max_size=4), max_size=12))
def test_the_code_files_are_the_ones_rglob_found_in_its_order(tmp_path_factory, paths):
    """`_code_files` walks with os.walk: the same files, in the same order, as `sorted(rglob("*"))` with its filter."""
    from sitegen.cache import _code_files

    package = tmp_path_factory.mktemp("pkg")
    for parts in paths:
        *folders, name = parts
        folder = package.joinpath(*folders)
        if folder.exists() and not folder.is_dir() or any(p.is_file() for p in folder.parents if p != package and p.is_relative_to(package)):
            continue
        folder.mkdir(parents=True, exist_ok=True)
        if not (folder / name).exists():
            (folder / name).write_text("x")
    # (rglob also gave a folder named like a module, which reading the source then failed on)
    expected = [path for path in sorted(package.rglob("*")) if path.suffix in (".py", ".json") and "__pycache__" not in path.relative_to(package).parts and path.is_file()]
    assert _code_files(package) == expected


def test_the_libraries_are_named_alike_with_their_folders_listed_once(tmp_path, monkeypatch):
    """`_identity_of` lists each library folder once for all its libraries: the names found are those of one listing each."""
    import importlib

    from sitegen.cache import _LIBRARIES, _installed_version

    listings: dict = {}
    for module, distribution in _LIBRARIES.items():
        assert _installed_version(module, distribution, listings) == _installed_version(module, distribution)
    for name in ("Sg_Fake.Lib-2.0.dist-info", "sg_fake_lib-3.0.dist-info", "sg-fake-lib-1.0.egg-info", "sg_fake_lib_two-1.0.dist-info", "sg_fake_lib.py"):
        (tmp_path / name).mkdir()
    (tmp_path / "sg_fake_lib").mkdir()
    (tmp_path / "sg_fake_lib" / "__init__.py").write_text("")
    (tmp_path / "sg_fake_lib_two.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.invalidate_caches()
    shared = listings  # (holding the installed libraries' folder already)
    for module, distribution in (("sg_fake_lib", "sg-fake-lib"), ("sg_fake_lib_two", "sg.Fake-lib.two"), ("sg_no_such_lib", "sg-no-such-lib")):
        assert _installed_version(module, distribution, shared) == _installed_version(module, distribution)
    assert _installed_version("sg_fake_lib", "sg-fake-lib", shared).split() == ["Sg_Fake.Lib-2.0.dist-info", "sg_fake_lib-3.0.dist-info", "-", "-"]


def test_a_cache_whose_stamp_rows_are_not_bytes_is_emptied_not_a_crash(site, tmp_path):
    out = tmp_path / "out"
    build(site, out)
    db = sqlite3.connect(site / ".sitegen-cache" / "build.sqlite")
    with db:  # as the sqlite3 shell would write them
        db.execute("UPDATE kv SET value = 'text, not a blob' WHERE key = 'fingerprint'")
        db.execute("UPDATE kv SET value = 12345678901234 WHERE key = 'code-seen'")
        db.execute("INSERT INTO kv VALUES ('planted', ?)", (b"stale",))
    db.close()
    (site / "content" / "articles" / "beta.md").write_text((site / "content" / "articles" / "beta.md").read_text() + "\nOne more line.\n")
    result = build(site, out)
    assert "Traceback" not in result.stderr
    db = sqlite3.connect(site / ".sitegen-cache" / "build.sqlite")
    with db:  # and any other value
        db.execute("UPDATE kv SET value = 'text' WHERE key NOT IN ('fingerprint', 'code-seen')")
    db.close()
    shutil.rmtree(out)
    result = build(site, out)
    assert "Traceback" not in result.stderr
    db = sqlite3.connect(site / ".sitegen-cache" / "build.sqlite")
    assert db.execute("SELECT count(*) FROM kv WHERE key = 'planted'").fetchone()[0] == 0
    db.close()
    assert tree(out) == reference(site)[0]


def test_damaged_article_records_are_made_again(site, tmp_path):
    """An output's records are read back in one sweep (`Cache.items`): one that is not a blob, or not
    a record, is that article rendered again, never a crash."""
    out = tmp_path / "out"
    build(site, out)
    db = sqlite3.connect(site / ".sitegen-cache" / "build.sqlite")
    keys = [k for (k,) in db.execute("SELECT key FROM kv WHERE key LIKE 'records:%'")]
    assert len(keys) >= 3
    with db:
        db.execute("UPDATE kv SET value = 'text' WHERE key = ?", (keys[0],))
        db.execute("UPDATE kv SET value = ? WHERE key = ?", (b"not a pickle", keys[1]))
        db.execute("UPDATE kv SET value = ? WHERE key = ?", (pickle.dumps({"a": "dict"}), keys[2]))
    db.close()
    (site / "content" / "articles" / "beta.md").write_text((site / "content" / "articles" / "beta.md").read_text() + "\nOne more line.\n")
    result = build(site, out)
    assert "Traceback" not in result.stderr
    assert tree(out) == reference(site)[0]


def test_side_files_left_by_other_code_go_when_the_cache_is_emptied(site, tmp_path):
    """A worker's side file is taken in by the build whose process id it names; one left by another
    version of sitegen (a killed build, a process id used again) must never be."""
    build(site, tmp_path / "out")
    folder = site / ".sitegen-cache"
    db = sqlite3.connect(folder / "build.sqlite")
    with db:
        db.execute("UPDATE kv SET value = ? WHERE key = 'fingerprint'", (b"another version of sitegen",))
    db.close()
    stale = folder / f"side-{os.getpid()}-4242.sqlite"
    side = sqlite3.connect(stale)
    with side:
        side.execute("CREATE TABLE kv (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
        side.execute("INSERT INTO kv VALUES ('planted', ?)", (b"computed by the other version",))
    side.close()
    cache = open_cache(site)
    assert cache.enabled and cache.emptied
    assert not stale.exists()
    cache.absorb(f"{os.getpid()}-")
    assert cache.get("planted") is None
    cache.close()


def test_two_processes_stamping_a_new_cache_at_once_keep_it(site, monkeypatch):
    """The second to open a new cache read it before the first stamped it: under the write lock it
    reads it again, finds this code's stamp and empties nothing (it used to insert a second stamp,
    fail, and delete the database the first was using)."""
    from sitegen.cache import Cache

    first = open_cache(site)
    assert first.enabled and first.emptied
    first.put("value", b"of the first")
    first.commit()
    stamp = Cache._stamp
    calls = []

    def read_too_early(db):  # what the second read before the first's stamp was written
        calls.append(1)
        return (None, None) if len(calls) == 1 else stamp(db)

    monkeypatch.setattr(Cache, "_stamp", staticmethod(read_too_early))
    second = open_cache(site)
    assert second.enabled and not second.emptied
    assert second.get("value") == b"of the first"
    assert (site / ".sitegen-cache" / "build.sqlite").is_file()
    first.close()
    second.close()


def test_a_process_whose_cache_another_version_emptied_stops_writing_to_it(site, tmp_path):
    """A dev server running while sitegen is upgraded (or edited) and `sitegen build` runs: the build
    empties the cache and stamps it with its code; the server's next values would be the old code's,
    so it goes on without the cache instead of writing them under the new stamp."""
    build(site, tmp_path / "out")
    old = open_cache(site)
    assert old.enabled
    db = sqlite3.connect(site / ".sitegen-cache" / "build.sqlite")
    with db:  # what a newer sitegen's build does on opening it
        db.execute("DELETE FROM kv")
        db.execute("INSERT INTO kv VALUES ('fingerprint', ?)", (b"a newer sitegen",))
    db.close()
    old.put("page", b"rendered by the old code")
    old.commit()
    assert not old.enabled
    db = sqlite3.connect(site / ".sitegen-cache" / "build.sqlite")
    assert db.execute("SELECT key FROM kv").fetchall() == [("fingerprint",)]
    db.close()


def test_a_warm_cache_spares_parsing_and_a_glossary_edit_only_matches(site, tmp_path, monkeypatch):
    """A new output folder with a warm cache parses nothing; a glossary edit re-matches without parsing."""
    import sitegen.markdown
    from sitegen.build import Builder

    monkeypatch.setenv("SITEGEN_JOBS", "1")
    parsed: list[str] = []
    real = sitegen.markdown.prepare_article
    monkeypatch.setattr(sitegen.markdown, "prepare_article", lambda body, *a, **k: parsed.append(body) or real(body, *a, **k))
    Builder(site, tmp_path / "a").build()
    assert len(parsed) == 3  # every article but the draft
    parsed.clear()
    Builder(site, tmp_path / "b").build()  # another Builder: only the disk cache is shared
    assert parsed == []
    assert tree(tmp_path / "b") == tree(tmp_path / "a")
    glossary = site / "content" / "glossary" / "main.yml"
    glossary.write_text(glossary.read_text().replace("A port city on Syria's coast.", "A port city on the coast of Syria."))
    Builder(site, tmp_path / "c").build()
    assert parsed == []
    assert tree(tmp_path / "c") == reference(site)[0]


def test_an_article_is_parsed_again_exactly_when_its_file_changed(site, tmp_path, monkeypatch):
    """A parsed article is keyed by its file's hash and its note quotes (`_prep_key`), not by a hash of its
    body: an edit anywhere in the file, front matter alone included, parses it again; the same file is
    served from the cache; the pages are a clean build's every time."""
    import sitegen.markdown
    from sitegen.build import Builder

    monkeypatch.setenv("SITEGEN_JOBS", "1")
    parsed: list[str] = []
    real = sitegen.markdown.prepare_article
    monkeypatch.setattr(sitegen.markdown, "prepare_article", lambda body, *a, **k: parsed.append(body) or real(body, *a, **k))
    article = site / "content" / "articles" / "beta.md"
    first = article.read_text()
    Builder(site, tmp_path / "a").build()
    parsed.clear()
    article.write_text(first + "\nOne sentence more about Latakia.\n")
    Builder(site, tmp_path / "b").build()
    assert len(parsed) == 1 and parsed[0].endswith("One sentence more about Latakia.\n")
    assert tree(tmp_path / "b") == reference(site)[0]
    parsed.clear()
    article.write_text(first.replace("summary: Tartus again.", "summary: Tartus, again."))
    Builder(site, tmp_path / "c").build()
    assert len(parsed) == 1 and "summary" not in parsed[0]  # the same body, parsed again: its file changed
    assert tree(tmp_path / "c") == reference(site)[0]
    parsed.clear()
    Builder(site, tmp_path / "d").build()  # the same file again: from the cache
    assert parsed == []
    assert tree(tmp_path / "d") == reference(site)[0]


def test_articles_whose_files_have_no_hash_do_not_share_a_parse(site, tmp_path, monkeypatch):
    """A file the build could not hash when it signed its inputs (it changed under the build) but could
    load: its parse is keyed by its body, so two such articles are not given one parse."""
    from sitegen import build as build_module

    monkeypatch.setenv("SITEGEN_JOBS", "1")
    articles = site / "content" / "articles"
    for slug, word in (("beta", "Xanadu"), ("gamma", "Yoknapatawpha")):
        text = (articles / f"{slug}.md").read_text()
        (articles / f"{slug}.md").write_text(text + f"\nOnly {slug} says {word}.\n")
    real = build_module._Inputs.digest
    monkeypatch.setattr(build_module._Inputs, "digest", lambda self, path: None if path.suffix == ".md" else real(self, path))
    build_module.Builder(site, tmp_path / "out").build()
    for slug, word in (("beta", "Xanadu"), ("gamma", "Yoknapatawpha")):
        page = (tmp_path / "out" / "articles" / slug / "index.html").read_text()
        assert f"Only {slug} says {word}." in page, slug


def test_the_cache_keeps_only_what_the_current_content_needs(site, tmp_path):
    """Each edit adds rows (the article's new text parsed, the glossary loaded again); a build drops
    those of versions that are gone, so a cache carried from run to run does not grow with every edit."""
    out = tmp_path / "out"
    article = site / "content" / "articles" / "beta.md"
    glossary = site / "content" / "glossary" / "main.yml"

    def rows(prefix: str) -> int:
        db = sqlite3.connect(site / ".sitegen-cache" / "build.sqlite")
        try:
            return db.execute("SELECT count(*) FROM kv WHERE key >= ? AND key < ?", (prefix, prefix + "\uffff")).fetchone()[0]
        finally:
            db.close()

    build(site, out)
    counts = {prefix: rows(prefix) for prefix in ("prep:", "load:", "glossary:", "glossary-report:", "sidecar:", "sidecar-report:")}
    assert counts["prep:"] == 3 and counts["load:"] == 4  # every article parsed but the draft; every front matter
    for n in range(3):
        article.write_text(article.read_text() + f"\nEdit number {n}.\n")
        glossary.write_text(glossary.read_text().replace("A port city", f"A port city ({n})"))
        build(site, out)
        assert {prefix: rows(prefix) for prefix in counts} == counts
    assert tree(out) == reference(site)[0]


def test_an_article_saved_while_it_is_built_is_never_cached_under_its_old_hash(site, tmp_path, monkeypatch):
    """Saved between the build's hashing of it and its reading (an editor saving while the dev server
    builds): the page shows what was read, and an undo back to the hashed version shows that version."""
    from sitegen import build as build_module

    article = site / "content" / "articles" / "beta.md"
    original = article.read_text()
    load = build_module._Run.load_article

    def saved_meanwhile(self, slug, path, key):
        if path == article:  # (hashed already: its key names the original)
            article.write_text(original.replace("Latakia as well.", "Homs, said the second save."))
        return load(self, slug, path, key)

    monkeypatch.setattr(build_module._Run, "load_article", saved_meanwhile)
    build_module.build(site, tmp_path / "first", search=False)
    assert b"Homs, said the second save." in (tmp_path / "first" / "articles" / "beta" / "index.html").read_bytes()
    monkeypatch.undo()
    article.write_text(original)  # the editor's undo: the version the first build hashed
    build_module.build(site, tmp_path / "second", search=False)
    assert b"Homs, said the second save." not in (tmp_path / "second" / "articles" / "beta" / "index.html").read_bytes()
    assert tree(tmp_path / "second") == reference(site)[0]


def test_a_cache_held_by_another_build_is_left_alone(site, tmp_path, monkeypatch):
    """A dev server and `sitegen build` on one site: the one that cannot get the cache goes on without it."""
    from sitegen import cache as cache_module

    monkeypatch.setattr(cache_module, "BUSY_SECONDS", 0.2)
    first = cache_module.open_cache(site)
    first.put("held", b"by the first build")  # its transaction holds the write lock until commit
    second = cache_module.open_cache(site)
    second.put("wanted", b"by the second build")
    assert not second.enabled  # it gave up the cache for this build...
    first.commit()
    assert (site / ".sitegen-cache" / "build.sqlite").is_file()  # ...without deleting it under the first
    third = cache_module.open_cache(site)
    assert third.get("held") == b"by the first build"
    for c in (first, second, third):
        c.close()


# Run in a fresh process: forking is refused in one that runs other threads, as pytest's may (a browser session).
EARLY_PARSE = """
import json, os, sys, time
from pathlib import Path
import sitegen.markdown
from sitegen import build
from sitegen.errors import ContentError

site, out, log = map(Path, sys.argv[1:4])
real = sitegen.markdown.prepare_article

def logged(body, *args, **kwargs):  # in whichever process parses: the helper or a worker
    with open(log, "a") as f:
        f.write(f"{os.getpid()}\\n")
    return real(body, *args, **kwargs)

sitegen.markdown.prepare_article = logged
finish = build._EarlyParse.finish
finishing = []

def timed_finish(self, **k):  # every article, then
    began = time.perf_counter()
    finish(self, stop=False, **k)
    finishing.append(time.perf_counter() - began)

build._EarlyParse.finish = timed_finish
started = []
start = build._EarlyParse.__init__
build._EarlyParse.__init__ = lambda self, *a: started.append(self) or start(self, *a)
real_exit = os._exit

def exit_slowly(code):  # the helper (its pid, in its own copy of the object, is 0) takes its time to go
    if os.environ.get("SLOW_HELPER_EXIT") and started and started[-1].pid == 0:
        time.sleep(float(os.environ["SLOW_HELPER_EXIT"]))
    real_exit(code)

os._exit = exit_slowly
taken_in = []  # the cache's parsed articles as the workers are forked
pool = build._Run.pool

def forking(self, jobs):
    from sitegen.cache import open_cache
    reader = open_cache(site, readonly=True)
    taken_in.append(len(reader.keys("prep:")))
    reader.close()
    if os.environ.get("FAIL_AT_FORK"):
        raise ContentError(self.diagnostics)
    return pool(self, jobs)

build._Run.pool = forking
try:
    build.Builder(site, out).build()
    failed = False
except ContentError:
    failed = True
print(json.dumps({"me": os.getpid(), "helpers": len(started), "stopped": all(h.pid is None for h in started), "reaped": all(h.exiting is None for h in started),
                  "failed": failed, "taken_in": taken_in, "finishing": finishing}))
"""


def _early_parse_build(site: Path, tmp_path: Path, **more_env: str) -> tuple[dict, list[int]]:
    log = tmp_path / "parsed"
    log.touch()
    env = dict(os.environ, SITEGEN_JOBS="2", PYTHONPATH=str(REPO), **more_env)
    result = subprocess.run([sys.executable, "-c", EARLY_PARSE, str(site), str(tmp_path / "out"), str(log)],
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1]), [int(pid) for pid in log.read_text().split()]


def test_the_early_parse_leaves_what_the_workers_look_up(site, tmp_path):
    """A parallel clean build forks a helper that parses articles while the glossary loads; the workers parse none again."""
    report, parsers = _early_parse_build(site, tmp_path)
    assert report["helpers"] == 1 and report["stopped"] and report["reaped"] and not report["failed"]
    assert len(parsers) == 3 and len(set(parsers)) == 1 and parsers[0] != report["me"]  # the helper: every article but the draft
    assert tree(tmp_path / "out") == reference(site)[0]  # (alpha's notes anchored from the helper's reading of its sidecar)
    assert not list((site / ".sitegen-cache").glob("side-*"))
    # The workers read the helper's side file where it was: it was taken in after them, with theirs.
    assert report["taken_in"] == [0, 3]  # (as the article workers are forked, then the term pages')
    assert len(open_cache(site).keys("prep:")) == 3


def test_a_read_only_cache_and_its_overlay_are_found_in_a_folder_named_like_a_uri(tmp_path):
    """The workers open the cache, and the early-parse helper's side file, by SQLite URI: a folder named
    with `#`, `?` or `%` is a path all the same (it opened another file, and every look-up missed)."""
    from sitegen.cache import Cache, SideCache

    root = tmp_path / "news #1?mode=rw&x=%41"
    (root / ".sitegen-cache").mkdir(parents=True)
    writer = Cache(root)
    writer.put("main-row", b"in the cache")
    writer.commit()
    side = SideCache(root / ".sitegen-cache" / "side-1-2.sqlite")
    side.put("side-row", b"in the side file")
    side.commit()
    keys = writer.side_keys("1-2")
    assert keys == {"side-row"}
    reader = Cache(root, readonly=True)
    reader.overlay("1-2", keys)
    assert reader.get("main-row") == b"in the cache" and reader.get("side-row") == b"in the side file"
    reader.close()
    writer.close()


def test_the_workers_start_once_the_helper_has_written_its_file_not_once_it_has_exited(site, tmp_path):
    """The helper says its side file is complete, then exits (unmapping the heap it shared takes a few ms):
    the parent goes on at its word and reaps it at the end of the build."""
    report, parsers = _early_parse_build(site, tmp_path, SLOW_HELPER_EXIT="2")
    assert report["helpers"] == 1 and report["reaped"] and not report["failed"] and len(parsers) == 3
    assert report["finishing"] and report["finishing"][0] < 1.5
    assert tree(tmp_path / "out") == reference(site)[0]


def test_the_early_parse_is_kept_when_the_build_fails_before_the_workers(site, tmp_path):
    """Left for the workers, the helper's side file is taken in all the same when the build ends before them."""
    report, parsers = _early_parse_build(site, tmp_path, FAIL_AT_FORK="1")
    assert report["helpers"] == 1 and report["stopped"] and report["reaped"] and report["failed"] and report["taken_in"] == [0]
    assert not list((site / ".sitegen-cache").glob("side-*"))
    assert len(open_cache(site).keys("prep:")) == 3 and len(parsers) == 3


def test_a_build_that_fails_early_stops_its_helper(site, tmp_path):
    """A glossary error ends the build before any worker: the helper is stopped and leaves no file behind."""
    glossary = site / "content" / "glossary" / "main.yml"
    glossary.write_text(glossary.read_text() + "\nterms: [\n")
    report, _ = _early_parse_build(site, tmp_path)
    assert report["helpers"] == 1 and report["stopped"] and report["failed"]
    assert not list((site / ".sitegen-cache").glob("side-*"))
    assert not (tmp_path / "out").exists()


def test_side_files_of_a_killed_build_are_dropped(site, tmp_path):
    """A build killed before it took in its workers' side files leaves them behind; the next build deletes them."""
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True).stdout.strip()
    folder = site / ".sitegen-cache"
    folder.mkdir()
    orphan = folder / f"side-{gone}-1.sqlite"
    running = folder / f"side-{os.getpid()}-2.sqlite"  # a build still at work (this process) keeps its own
    for path in (orphan, running):
        path.write_bytes(b"")
    cache = open_cache(site)
    assert cache.enabled
    cache.close()
    assert not orphan.exists() and running.exists()


def test_templates_compiled_by_other_code_are_not_read_and_go(site, tmp_path):
    """Jinja checks a compiled template's source, not the code that compiled it: the files are named after sitegen's code."""
    from sitegen.cache import code_identity

    out = tmp_path / "out"
    build(site, out)
    folder = site / ".sitegen-cache" / "templates"
    stamp = code_identity()[:16]
    ours = sorted(p.name for p in folder.iterdir())
    assert ours and all(name.startswith(stamp + "-") for name in ours)
    (folder / "0123456789abcdef-oldcode.cache").write_bytes(b"compiled by another version")
    (folder / "__jinja2_oldcode.cache").write_bytes(b"compiled before the files were named")
    build(site, tmp_path / "out2")  # a new output folder: pages are rendered again
    assert sorted(p.name for p in folder.iterdir()) == ours
    assert tree(tmp_path / "out2") == reference(site)[0]


class _NoEarlyParse:
    """`build._EarlyParse` that parses nothing: the workers parse every article, into their side files."""

    def __init__(self, run, slugs):
        pass

    keys = frozenset()

    def finish(self, stop=True, take_in=True):
        pass

    def kill(self):
        pass


def test_the_workers_side_files_are_taken_in_while_the_site_pages_render(site, tmp_path, monkeypatch):
    """After the articles, a thread with its own connection copies the workers' side files into the cache
    while this process renders the site-wide pages: all of it is there after the build, no side file is
    left, and the next build parses nothing."""
    import threading

    import sitegen.build
    import sitegen.markdown
    from sitegen.cache import Cache

    monkeypatch.setattr(sitegen.build, "_EarlyParse", _NoEarlyParse)
    monkeypatch.setenv("SITEGEN_JOBS", "2")
    absorbed_in: list[str] = []
    real_absorb = Cache._absorb_with_own_connection
    monkeypatch.setattr(Cache, "_absorb_with_own_connection",
                        lambda self, paths: absorbed_in.append(threading.current_thread().name) or real_absorb(self, paths))
    sitegen.build.Builder(site, tmp_path / "a").build()
    assert absorbed_in == ["sitegen-absorb"]
    assert not list((site / ".sitegen-cache").glob("side-*"))
    assert len(open_cache(site).keys("prep:")) == 3  # every article but the draft, parsed by the workers
    monkeypatch.setenv("SITEGEN_JOBS", "1")
    parsed: list[str] = []
    real = sitegen.markdown.prepare_article
    monkeypatch.setattr(sitegen.markdown, "prepare_article", lambda body, *a, **k: parsed.append(body) or real(body, *a, **k))
    sitegen.build.Builder(site, tmp_path / "b").build()
    assert parsed == []
    assert tree(tmp_path / "b") == tree(tmp_path / "a") == reference(site)[0]


def test_the_term_pages_are_rendered_in_parallel_while_the_side_files_are_still_taken_in(site, tmp_path, monkeypatch):
    """A thread still copying the side files when the term pages start must not make them render in one
    process (`worker_count` refuses to fork while another thread runs): the build waits for it first."""
    import time

    import sitegen.build
    from sitegen.cache import Cache

    monkeypatch.setattr(sitegen.build, "_EarlyParse", _NoEarlyParse)
    monkeypatch.setenv("SITEGEN_JOBS", "2")
    real_absorb = Cache._absorb_with_own_connection
    monkeypatch.setattr(Cache, "_absorb_with_own_connection", lambda self, paths: time.sleep(0.5) or real_absorb(self, paths))
    real_count = sitegen.build.worker_count
    counted: list[int] = []
    monkeypatch.setattr(sitegen.build, "worker_count", lambda pages: counted.append(real_count(pages)) or counted[-1])
    sitegen.build.Builder(site, tmp_path / "a").build()
    assert counted == [2, 2, 2]  # the early-parse helper's question, the articles, the term pages
    assert tree(tmp_path / "a") == reference(site)[0]


def test_a_write_while_the_side_files_are_taken_in_waits_for_the_thread(site, tmp_path, monkeypatch):
    """The thread takes the write lock for each side file. A write of the build meanwhile (the site-wide
    pages may compute and keep a value) must wait for the thread, not begin the build's transaction, which
    holds the lock until the build saves its state, after waiting for the thread: the thread then waited
    BUSY_SECONDS (10) in vain, and its values were lost."""
    import time

    import sitegen.build
    import sitegen.cache
    from sitegen.cache import Cache

    monkeypatch.setattr(sitegen.build, "_EarlyParse", _NoEarlyParse)
    monkeypatch.setenv("SITEGEN_JOBS", "2")
    monkeypatch.setattr(sitegen.cache, "BUSY_SECONDS", 2.0)
    real_absorb = Cache._absorb_with_own_connection
    monkeypatch.setattr(Cache, "_absorb_with_own_connection", lambda self, paths: time.sleep(0.3) or real_absorb(self, paths))
    real_assemble = sitegen.build._Run.assemble_site
    monkeypatch.setattr(sitegen.build._Run, "assemble_site", lambda self: self.cache.put("probe:x", b"1") or real_assemble(self))
    began = time.perf_counter()
    sitegen.build.Builder(site, tmp_path / "a").build()
    assert time.perf_counter() - began < 2.0
    assert len(open_cache(site).keys("prep:")) == 3 and open_cache(site).get("probe:x") == b"1"


def test_taking_side_files_in_apart_switches_threads_often_until_waited_for(tmp_path):
    """While absorb_apart's thread may run, the interpreter hands it the GIL within _ABSORB_SWITCH (it would
    wait up to 5 ms after each statement); wait_absorbed puts the interval back, and the rows are in."""
    import os
    import sys

    from sitegen.cache import _ABSORB_SWITCH, Cache

    before = sys.getswitchinterval()
    cache = Cache(tmp_path)
    assert cache.enabled
    side = cache.side(f"{os.getpid()}-1")
    side.put("prep:x", b"1")
    side.commit()
    cache.absorb_apart(f"{os.getpid()}-")
    assert sys.getswitchinterval() == pytest.approx(_ABSORB_SWITCH) and _ABSORB_SWITCH < before
    cache.wait_absorbed()
    assert sys.getswitchinterval() == before
    assert cache.get("prep:x") == b"1" and not list(cache.dir.glob("side-*"))


def test_side_files_are_deleted_when_the_cache_went_away_meanwhile(tmp_path):
    """A cache given up during the build (another code's values found, a lock, a broken file) takes no side
    file in, in a thread or not: they are deleted, not left to pile up in a dev server's cache folder."""
    import os

    from sitegen.cache import Cache

    cache = Cache(tmp_path)
    assert cache.enabled
    side = cache.side(f"{os.getpid()}-1")
    side.put("prep:x", b"1")
    side.commit()
    cache._failed = True  # (what _begin and _broken set)
    cache.absorb_apart(f"{os.getpid()}-")
    cache.wait_absorbed()
    assert not list(cache.dir.glob("side-*"))


def test_a_parallel_build_that_fails_after_its_articles_takes_their_side_files_in(site, tmp_path, monkeypatch):
    """An article error ends the build once the workers are done, before the site-wide pages (which take
    the side files in): what the workers made is taken in all the same, and no side file is left."""
    import sitegen.build
    from sitegen.errors import ContentError

    monkeypatch.setattr(sitegen.build, "_EarlyParse", _NoEarlyParse)
    monkeypatch.setenv("SITEGEN_JOBS", "2")
    (site / "content" / "articles" / "broken.md").write_text("---\ntitle: Broken\ndate: not a date\n---\nTartus.\n")
    with pytest.raises(ContentError):
        sitegen.build.Builder(site, tmp_path / "a").build()
    assert not list((site / ".sitegen-cache").glob("side-*"))
    assert len(open_cache(site).keys("prep:")) == 3  # the good articles, parsed by the workers


def test_the_sidecars_matchers_are_compiled_once_before_the_workers_are_forked(site, tmp_path, monkeypatch):
    """A parallel clean build compiles each sidecar's matcher while the early-parse helper runs: the
    article workers, the glossary page and the term pages' workers all use that one, and the pages are
    the same."""
    import sitegen.annotations
    import sitegen.build

    monkeypatch.setenv("SITEGEN_JOBS", "2")
    log = tmp_path / "compiled"
    real = sitegen.annotations.build_matcher

    def logged(terms):
        if sys._getframe(1).f_code.co_name == "sidecar_matcher":  # (a sidecar's, compiled for its scope)
            with open(log, "a") as f:
                f.write(f"{os.getpid()}\n")
        return real(terms)

    monkeypatch.setattr(sitegen.annotations, "build_matcher", logged)
    sitegen.build.Builder(site, tmp_path / "a").build()
    assert log.read_text().split() == [str(os.getpid())]  # alpha.yml's terms, once, in this process
    assert tree(tmp_path / "a") == reference(site)[0]
