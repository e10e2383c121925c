"""The search step of `sitegen build`: Pagefind as a child process, watched while it runs.

Pagefind is most of a build at 1,000 articles (~5 s here), so a terminal is
told it is running; one that hangs is stopped, and one that fails is named
with what it said. The site is tests/sites/links-ok; the misbehaving
Pagefinds are two-line scripts.
"""

from __future__ import annotations

import re
import shutil
import sys
import time
from pathlib import Path

import pytest

from sitegen import search
from sitegen.build import Builder, ProgressBar
from sitegen.errors import ContentError
from tests.conftest import SITES, FakeTerminal


@pytest.fixture
def site(tmp_path) -> Path:
    return shutil.copytree(SITES / "links-ok", tmp_path / "site", ignore=shutil.ignore_patterns(".sitegen-cache"))


def fake_pagefind(tmp_path: Path, monkeypatch, body: str) -> None:
    script = tmp_path / "pagefind"
    script.write_text("#!/bin/sh\n" + body + "\n")
    script.chmod(0o755)
    monkeypatch.setattr(search, "pagefind_executable", lambda: str(script))


def test_a_build_on_a_terminal_says_while_the_search_index_is_made(site, tmp_path, monkeypatch):
    monkeypatch.setattr(ProgressBar, "DELAY", 0.0)  # as if the build had run for more than a second
    monkeypatch.setattr(search, "TICK", 0.01)  # so that even this small site's index is waited for
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    result = Builder(site, tmp_path / "out", search=True, progress=True).build()
    shown = terminal.getvalue()
    assert re.search(r"\r\x1b\[Ksearch index \(Pagefind\): \d+ s", shown), shown
    assert shown.endswith("\r\x1b[K")  # gone before the summary line
    assert (tmp_path / "out" / "pagefind" / "pagefind.js").is_file() and not result.diagnostics.has_errors()


def running(pid: int) -> bool:
    """Whether a process is alive (a zombie no longer runs; no init may be there to reap it)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def test_a_hanging_pagefind_is_stopped_with_what_it_started_and_the_build_fails_without_touching_the_output(site, tmp_path, monkeypatch):
    out = tmp_path / "out"
    Builder(site, out).build()  # a previous output, without search
    before = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
    # As npm's `pagefind` does, a wrapper that starts the real program and waits for it.
    fake_pagefind(tmp_path, monkeypatch, f"sleep 30 &\necho $! > {tmp_path / 'child'}\nwait")
    monkeypatch.setattr(search, "TIMEOUT", 0.5)
    began = time.monotonic()
    with pytest.raises(ContentError) as caught:
        Builder(site, out, search=True).build()
    assert time.monotonic() - began < 10, "stopped at its timeout, not waited for"
    [problem] = [d for d in caught.value.diagnostics.items if d.code == "search-failed"]
    assert problem.message == "Pagefind did not finish within 0.5 s and was stopped"
    child = int((tmp_path / "child").read_text())
    for _ in range(50):  # SIGKILL is delivered at once, but not synchronously
        if not running(child):
            break
        time.sleep(0.02)
    assert not running(child), "what the wrapper started was stopped too"
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == before


def test_the_status_line_is_drawn_only_on_a_terminal_after_the_delay_and_erased(monkeypatch):
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    bar = ProgressBar(True, time.perf_counter() - 2)
    bar.status("search index (Pagefind): 1 s")
    bar.status("search index (Pagefind): 1 s")  # the same text is not drawn again
    bar.close()
    assert terminal.getvalue() == "\r\x1b[Ksearch index (Pagefind): 1 s\r\x1b[K"
    early = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", early)
    bar = ProgressBar(True, time.perf_counter())  # the build has run for less than a second
    bar.status("search index (Pagefind): 0 s")
    bar.close()
    assert early.getvalue() == ""
    import io

    plain = io.StringIO()  # not a terminal
    monkeypatch.setattr(sys, "stderr", plain)
    bar = ProgressBar(True, time.perf_counter() - 2)
    bar.status("search index (Pagefind): 1 s")
    bar.close()
    assert plain.getvalue() == ""


def test_a_failing_pagefind_is_named_with_what_it_said(site, tmp_path, monkeypatch):
    fake_pagefind(tmp_path, monkeypatch, "echo 'Error: cannot read the site' >&2\nexit 3")
    with pytest.raises(ContentError) as caught:
        Builder(site, tmp_path / "out", search=True).build()
    [problem] = [d for d in caught.value.diagnostics.items if d.code == "search-failed"]
    assert problem.message == "Pagefind failed (exit 3): Error: cannot read the site"
    assert not (tmp_path / "out").exists()
