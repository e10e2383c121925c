"""Incremental, cached and parallel builds give byte for byte the output of a clean serial build.

The site and the edits are data: tests/incremental/site/ and the steps in
tests/incremental/steps/ (see the README there). The reference for every
step is `render_site`, the plain in-memory path: no cache, no worker, no
previous output.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import pytest

from sitegen.build import Builder, ProgressBar, _records_key, _state_key, render_site
from sitegen.errors import ContentError, Diagnostics
from sitegen.render import Renderer
from sitegen import writer
from sitegen.writer import MARKER, MARKER_TEXT, Output, _verify, spare_path
from tests.conftest import TESTS, FakeTerminal, run_sitegen

SITE = TESTS / "incremental" / "site"
STEPS = sorted(p for p in (TESTS / "incremental" / "steps").iterdir() if p.is_dir())


def tree(out: Path) -> dict[str, bytes]:
    files = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    # A clean build leaves no empty folder behind; neither may a rebuild.
    for folder in (p for p in out.rglob("*") if p.is_dir()):
        assert any(folder.iterdir()), f"empty folder left in the output: {folder.relative_to(out)}"
    return files


def reference(root: Path) -> tuple[dict[str, bytes], list[str]]:
    """A clean build of `root`, in memory: the files and the diagnostics."""
    diagnostics = Diagnostics()
    _, files, copies = render_site(root, diagnostics)
    assert not diagnostics.has_errors(), [d.format_text() for d in diagnostics.sorted()]
    expected = dict(files)
    expected.update({rel: path.read_bytes() for rel, path in copies.items()})
    expected[MARKER] = MARKER_TEXT
    return expected, _shown(diagnostics)


def _shown(diagnostics: Diagnostics) -> list[str]:
    return [d.format_text() for d in diagnostics.sorted()]


def apply(step: Path, root: Path) -> set[Path]:
    """Apply one step to the site; returns the paths it touched."""
    changed: set[Path] = set()
    deletions = step / "DELETE"
    if deletions.is_file():
        for rel in deletions.read_text().split():
            (root / rel).unlink(missing_ok=True)
            changed.add(root / rel)
    for source in sorted(p for p in step.rglob("*") if p.is_file() and p.name != "DELETE"):
        target = root / source.relative_to(step)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        changed.add(target)
    return changed


def assert_same(out: Path, expected: dict[str, bytes], step: str) -> None:
    found = tree(out)
    assert sorted(found) == sorted(expected), f"after {step}: the files differ"
    different = [rel for rel in expected if found[rel] != expected[rel]]
    assert not different, f"after {step}: these files differ from a clean build: {different}"


@pytest.fixture
def site(tmp_path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(SITE, root)
    return root


def test_steps_are_data():
    assert len(STEPS) >= 20
    assert any(s.name.endswith("-fails") for s in STEPS)


@pytest.mark.parametrize(
    ("private_output", "spare_ahead"), [(False, False), (True, False), (True, True)], ids=["output", "private-output", "dev-server"]
)
def test_every_rebuild_in_one_process_equals_a_clean_build(site, tmp_path, monkeypatch, private_output, spare_ahead):
    """Also as the dev server builds: its output trusted as it left it, its state never stored, and the
    next build's spare made while it waits for an edit."""
    monkeypatch.setenv("SITEGEN_JOBS", "1")
    out = tmp_path / "out" / "site"
    builder = Builder(site, out, private_output=private_output)
    result = builder.build()
    if spare_ahead:
        assert builder.make_spare()
    assert (builder._state.spare is not None) is spare_ahead
    linked: list[str] = []
    link = os.link
    monkeypatch.setattr(os, "link", lambda source, target: (linked.append(target), link(source, target))[1])
    expected, shown = reference(site)
    assert_same(out, expected, "the first build")
    assert _shown(result.diagnostics) == shown
    for step in STEPS:
        changed = apply(step, site)
        if step.name.endswith("-fails"):
            before = tree(out)
            with pytest.raises(ContentError):
                builder.build(changed)
            assert tree(out) == before, f"{step.name} touched the output"
            continue
        result = builder.build(changed)
        if step is STEPS[0]:  # one article's body: with a spare made ahead, nothing else is touched
            assert bool(linked) is not spare_ahead, linked[:3]
        if spare_ahead:
            assert not builder.make_spare()  # from the second build on, the previous generation is the spare
        expected, shown = reference(site)
        assert_same(out, expected, step.name)
        assert _shown(result.diagnostics) == shown, step.name
        assert result.pages == len(expected) - 1
        # What the builder remembers of the output and its spare is what is on disk.
        state = builder._state
        assert Output(out, state.live).live_clean, step.name
        assert state.spare is None or _verify(spare_path(out.resolve(), builder.spare_dir()), state.spare)[1], step.name
        stored = builder._cache.get_object(_state_key(out)) is not None or bool(builder._cache.keys(_records_key(out)))
        assert stored is not private_output, step.name


def test_a_rebuild_writes_only_what_changed(site, tmp_path, monkeypatch):
    monkeypatch.setenv("SITEGEN_JOBS", "1")
    out = tmp_path / "out"
    builder = Builder(site, out)
    first = builder.build()
    assert first.written == first.pages
    assert builder.build().written == 0
    apply(STEPS[0], site)  # one article's body
    assert builder.build(None).written == 1


@pytest.mark.parametrize(
    ("private_output", "link_donor"), [(True, False), (True, True), (False, False)], ids=["dev-server", "check", "another-output"]
)
def test_a_first_build_that_takes_pages_from_another_output_equals_a_clean_build(site, tmp_path, monkeypatch, private_output, link_donor):
    """The first build of the dev server or `sitegen check` (a private output), or of `sitegen build --out`
    elsewhere, copies the pages of `site/` that are still current: after every kind of edit since that
    build, the result is a clean build's, `site/` is untouched, and the next build goes on from its own output."""
    monkeypatch.setenv("SITEGEN_JOBS", "1")
    donor = site / "site"
    Builder(site, donor, search=True).build()  # (with a search index, which no page shows)
    donated = tree(donor)
    rendered: list[str] = []
    article_page = Renderer.article_page
    monkeypatch.setattr(Renderer, "article_page", lambda self, page: (rendered.append(page.article.slug), article_page(self, page))[1])

    def first_build(name: str) -> tuple[Builder, list[str]]:
        """The build, and the articles it rendered."""
        out = tmp_path / name / "site"
        builder = Builder(site, out, private_output=private_output, donors=[donor], link_donor=link_donor)
        rendered.clear()
        builder.build()
        slugs = sorted(rendered)
        shared = [rel for rel in donated if (out / rel).is_file() and (out / rel).stat().st_ino == (donor / rel).stat().st_ino]
        assert bool(shared) is link_donor, name  # a check's throwaway output links; the others copy
        assert_same(out, reference(site)[0], name)
        assert tree(donor) == donated, f"{name}: the other output changed"
        return builder, slugs

    builder, slugs = first_build("nothing-changed")
    assert slugs == []
    if not private_output:  # what it stored is its own: a new process after an edit renders just that article
        alpha = site / "content" / "articles" / "alpha.md"
        text = alpha.read_text()
        alpha.write_text(text + "\nOne more line.\n")
        rendered.clear()
        Builder(site, builder.out, donors=[donor]).build()
        assert rendered == ["alpha"]
        alpha.write_text(text)
    # A page changed by hand in that output is not taken; the build renders its own.
    page = donor / "articles" / "beta" / "index.html"
    page.write_bytes(page.read_bytes().replace(b"</body>", b"<!-- edited --></body>"))
    donated = tree(donor)
    assert first_build("a-page-edited-there")[1] == ["beta"]
    for step in STEPS:
        if step.name.endswith("-fails"):
            continue
        apply(step, site)
        builder, slugs = first_build(step.name)
        if step is STEPS[0]:  # one article's body (and beta, still edited there)
            assert slugs == ["alpha", "beta"], slugs
        # And the builder goes on from its own output, not the other one; so does a new process.
        assert builder.build().written == 0
        if not private_output:
            rendered.clear()
            assert Builder(site, builder.out, donors=[donor]).build().written == 0
            assert rendered == []


def test_a_spare_that_cannot_be_made_is_not_tried_again_until_the_next_build(site, tmp_path, monkeypatch):
    """A full disk, or a file system without hard links: the dev server asks every half second, and goes on without."""
    monkeypatch.setenv("SITEGEN_JOBS", "1")
    builder = Builder(site, tmp_path / "out" / "site", private_output=True)
    builder.build()
    tries: list[str] = []

    def refuse(source, target):
        tries.append(target)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "link", refuse)
    assert not builder.make_spare() and tries
    tries.clear()
    assert not builder.make_spare() and not tries
    assert not list((tmp_path / "out").glob(".site.*")), "nothing is left of the attempt"
    monkeypatch.undo()
    monkeypatch.setenv("SITEGEN_JOBS", "1")
    builder.build(apply(STEPS[0], site))
    assert_same(builder.out, reference(site)[0], "the build without a spare")


@pytest.fixture
def donor(site, monkeypatch) -> Path:
    """`sitegen build`'s output of the site, for other builds to start from."""
    monkeypatch.setenv("SITEGEN_JOBS", "1")
    Builder(site, site / "site").build()
    return site / "site"


def built_from(donor: Path, out: Path, *, changed_meanwhile: bool = False) -> Builder:
    """A dev server's first build from `donor`, checked against a clean build; the build leaves `donor` as it was."""
    site, donated = donor.parent, tree(donor)
    builder = Builder(site, out, private_output=True, donors=[donor])
    builder.build()
    assert_same(out, reference(site)[0], "a first build from a donor")
    assert changed_meanwhile or tree(donor) == donated
    return builder


def test_a_donor_file_that_cannot_be_read_is_rendered_instead(donor, tmp_path, monkeypatch):
    refused = str(donor.resolve() / "articles" / "beta" / "index.html")
    real_open = os.open
    monkeypatch.setattr(os, "open", lambda path, *a, **k: (_ for _ in ()).throw(PermissionError(13, "Permission denied", path)) if str(path) == refused else real_open(path, *a, **k))
    assert built_from(donor, tmp_path / "serve" / "site").donors == ()


def test_a_donor_file_changed_while_it_is_copied_is_not_kept(donor, tmp_path, monkeypatch):
    """Written to in place by another program during the copy: the copy falls short, or the file's mtime moves."""
    page = donor / "articles" / "beta" / "index.html"
    sendfile = os.sendfile

    def shrinking(out_fd, in_fd, offset, count):
        if os.fstat(in_fd).st_ino == page.stat().st_ino:
            os.truncate(page, 100)
        return sendfile(out_fd, in_fd, offset, count)

    monkeypatch.setattr(os, "sendfile", shrinking)
    assert built_from(donor, tmp_path / "serve" / "site", changed_meanwhile=True).donors == ()


def test_a_donor_changed_while_its_files_are_taken_is_let_go(donor, tmp_path, monkeypatch):
    """Another build replaced a file of the donor after this one checked it: the build starts over without the donor."""
    page = donor / "articles" / "beta" / "index.html"
    page.write_bytes(page.read_bytes().replace(b"</body>", b"<!-- edited --></body>"))
    monkeypatch.setattr(writer, "_verify", lambda root, tree: (dict(tree.files), False))  # (checked before the edit)
    assert built_from(donor, tmp_path / "serve" / "site").donors == ()


def test_a_failed_first_build_from_a_donor_leaves_nothing_of_the_donor_trusted(site, donor, tmp_path):
    """The dev server starts after edits made since `sitegen build`, one of them an error: its first build
    fails. The next, told only of the fix, must not take the donor's record of the other files as its own."""
    for step in STEPS[:4]:  # an article's body and front matter edited since that build, another added
        apply(step, site)
    broken = next(s for s in STEPS if s.name.endswith("-fails"))
    apply(broken, site)
    builder = Builder(site, tmp_path / "serve" / "site", private_output=True, donors=[donor])
    with pytest.raises(ContentError):
        builder.build()
    fixed = STEPS[STEPS.index(broken) + 1]
    builder.build(apply(fixed, site))
    assert_same(builder.out, reference(site)[0], "the build after the fix")


def test_whole_process_rebuilds_with_cache_and_workers_equal_clean_builds(site, tmp_path):
    """The CLI, each build a new process with the cache on disk, articles rendered by forked workers."""
    out = tmp_path / "site-out"
    env = {"SITEGEN_JOBS": "2"}
    steps = [s for s in STEPS if s.name.split("-", 1)[0] in {"01", "02", "04", "05", "06", "09a", "10", "13", "16", "18", "19"}]
    result = run_sitegen("build", "--no-search", "--root", str(site), "--out", str(out), env=env)
    assert result.returncode == 0, result.stderr
    assert_same(out, reference(site)[0], "the first build")
    assert (site / ".sitegen-cache" / "build.sqlite").is_file()
    for step in steps:
        apply(step, site)
        result = run_sitegen("build", "--no-search", "--root", str(site), "--out", str(out), env=env)
        if step.name.endswith("-fails"):
            assert result.returncode == 1, result.stderr
            continue
        assert result.returncode == 0, result.stderr
        assert_same(out, reference(site)[0], step.name)


def test_spares_in_the_cache_go_when_sitegens_code_changes(site, tmp_path, monkeypatch):
    """A new version empties the cache: no state names the spares kept in it, so they go too (unless in use)."""
    import fcntl
    import sqlite3

    monkeypatch.setenv("SITEGEN_JOBS", "1")
    cache = site / ".sitegen-cache"
    Builder(site, tmp_path / "out" / "site").build()
    spares = [cache / "spare-site-0123456789abcdef", cache / "spare-site-fedcba9876543210"]
    for spare in spares:
        (spare / "articles").mkdir(parents=True)
        (spare / MARKER).write_bytes(MARKER_TEXT)
    (cache / "spare-not-ours").mkdir()  # no marker: never touched
    held = os.open(spares[1], os.O_RDONLY)
    fcntl.flock(held, fcntl.LOCK_EX)  # a build of the old version is assembling in it
    try:
        Builder(site, tmp_path / "out" / "site").build()
        assert all(spare.is_dir() for spare in spares), "the same code: nothing goes"
        with sqlite3.connect(cache / "build.sqlite") as db:
            db.execute("UPDATE kv SET value = ? WHERE key = 'fingerprint'", (b"another version",))
        Builder(site, tmp_path / "out" / "site").build()
        assert not spares[0].exists()
        assert spares[1].is_dir() and (cache / "spare-not-ours").is_dir()
    finally:
        os.close(held)


def test_a_build_that_finds_the_spare_in_use_goes_on_without_it(site, tmp_path, monkeypatch):
    """Two builds of one output at once (a dev server and `sitegen build`): the one that finds the spare
    held assembles in a folder of its own, and its previous generation is dropped, not forced onto the spare."""
    monkeypatch.setenv("SITEGEN_JOBS", "1")
    out = tmp_path / "out" / "site"
    first = Builder(site, out)
    first.build()
    apply(STEPS[0], site)
    first.build()  # now the output has a spare
    state = first._state
    assert state.spare is not None
    holder = Output(out, state.live, state.spare, spare_dir=site / ".sitegen-cache")
    assert holder.begin() == spare_path(out.resolve(), site / ".sitegen-cache")  # held from here on
    try:
        apply(STEPS[1], site)
        second = Builder(site, out)  # another process would read the same state from the cache
        second.build()
        assert_same(out, reference(site)[0], "the build beside a held spare")
        assert second._state.spare is None
    finally:
        holder.abandon()
    assert first.build().pages == len(reference(site)[0]) - 1  # and the first one carries on


def test_cache_and_workers_change_nothing(site, tmp_path):
    """Serial without cache, then with workers and a cold cache, then a warm cache into a new folder."""
    runs = [({"SITEGEN_JOBS": "1", "SITEGEN_NO_CACHE": "1"}, "a"), ({"SITEGEN_JOBS": "2"}, "b"), ({"SITEGEN_JOBS": "2"}, "c")]
    outputs = []
    for env, name in runs:
        result = run_sitegen("build", "--no-search", "--root", str(site), "--out", str(tmp_path / name), env=env)
        assert result.returncode == 0, result.stderr
        outputs.append(tree(tmp_path / name))
    assert outputs[0] == outputs[1] == outputs[2] == reference(site)[0]


def test_no_op_rebuild_reports_the_same_warnings(site, tmp_path):
    (site / "content" / "site.yml").write_text("title: Paths only\nbase_url: /inc/\n")
    out = tmp_path / "out"
    first = run_sitegen("build", "--no-search", "--root", str(site), "--out", str(out))
    second = run_sitegen("build", "--no-search", "--root", str(site), "--out", str(out))
    assert first.returncode == second.returncode == 0
    assert "base-url" in first.stderr or "has no host" in first.stderr
    warnings = [line for line in first.stderr.splitlines() if "warning:" in line]
    assert warnings and warnings == [line for line in second.stderr.splitlines() if "warning:" in line]


def test_a_file_changed_in_the_output_is_rebuilt(site, tmp_path, monkeypatch):
    monkeypatch.setenv("SITEGEN_JOBS", "1")
    out = tmp_path / "out"
    builder = Builder(site, out)
    builder.build()
    page = out / "articles" / "alpha" / "index.html"
    original = page.read_bytes()
    page.write_bytes(b"edited by hand")
    (out / "stray.txt").write_text("not ours")
    builder.build()
    assert page.read_bytes() == original
    assert_same(out, reference(site)[0], "a hand edit in the output")


def test_deleting_the_cache_or_the_output_is_safe(site, tmp_path):
    out = tmp_path / "out"
    assert run_sitegen("build", "--no-search", "--root", str(site), "--out", str(out)).returncode == 0
    shutil.rmtree(site / ".sitegen-cache")
    apply(STEPS[0], site)
    assert run_sitegen("build", "--no-search", "--root", str(site), "--out", str(out)).returncode == 0
    assert_same(out, reference(site)[0], "a deleted cache")
    shutil.rmtree(out)
    assert run_sitegen("build", "--no-search", "--root", str(site), "--out", str(out)).returncode == 0
    assert_same(out, reference(site)[0], "a deleted output")


def test_the_search_index_is_rebuilt_when_pages_change_and_only_then(site, tmp_path):
    """With search on (the CLI's default), a rebuild's output equals a clean build's, Pagefind's index included."""
    out, clean = tmp_path / "out", tmp_path / "clean"
    assert run_sitegen("build", "--root", str(site), "--out", str(out)).returncode == 0
    for step in [s for s in STEPS if s.name.startswith(("01-", "13-"))]:
        apply(step, site)
        result = run_sitegen("build", "--root", str(site), "--out", str(out))
        assert result.returncode == 0, result.stderr
        shutil.rmtree(clean, ignore_errors=True)
        fresh = run_sitegen("build", "--root", str(site), "--out", str(clean), env={"SITEGEN_NO_CACHE": "1", "SITEGEN_JOBS": "1"})
        assert fresh.returncode == 0, fresh.stderr
        assert tree(out) == tree(clean), step.name
    again = run_sitegen("build", "--root", str(site), "--out", str(out))
    assert "(0 written)" in again.stderr, again.stderr


def test_a_long_build_on_a_terminal_shows_a_progress_bar_and_erases_it(site, tmp_path, monkeypatch):
    monkeypatch.setenv("SITEGEN_JOBS", "1")
    monkeypatch.setattr(ProgressBar, "DELAY", 0.0)  # as if the build took more than a second
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    Builder(site, tmp_path / "out", progress=True).build()
    shown = terminal.getvalue()
    assert re.search(r"\r\[#*-*\] \d+/\d+ pages", shown), shown
    assert shown.endswith("\r\x1b[K")  # the bar is gone; the summary line takes its place


def test_a_short_build_or_no_terminal_shows_no_bar(site, tmp_path, monkeypatch):
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr(ProgressBar, "DELAY", 3600.0)  # a build shorter than that
    Builder(site, tmp_path / "a", progress=True).build()
    assert terminal.getvalue() == ""
    result = run_sitegen("build", "--no-search", "--root", str(site), "--out", str(tmp_path / "b"))
    lines = result.stderr.splitlines()
    assert "\r" not in result.stderr
    assert len(lines) == 1 and re.fullmatch(r"sitegen: built \d+ files into .* \(\d+ written\) in [\d.]+ s \(0 errors, 0 warnings(, 1 info)?\)", lines[0]), lines
