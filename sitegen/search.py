"""The search index: Pagefind, run over a finished output folder before it is swapped in.

Pagefind reads the built HTML (only the parts a theme marks with
`data-pagefind-body`: in the default theme, articles and term pages) and
writes `pagefind/` beside it: its loader `pagefind.js`, WebAssembly and the
index in small shards, under the names its loader expects. A theme's search
box imports `pagefind/pagefind.js` on first use. No server is involved, so
the site stays a folder of files for GitHub Pages.

The binary comes from PyPI's `pagefind-bin` (a wheel per platform with the
executable inside); a `pagefind` on PATH is used when that is missing.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from sitegen.errors import Diagnostics

SEARCH_DIR = "pagefind"
"""Pagefind's output folder, relative to the site root (its loader's default)."""
TIMEOUT = 600.0
"""Seconds Pagefind may take before it is stopped (1,000 articles take ~5 here)."""
TICK = 0.25
"""Seconds between two calls of `index_site`'s `waiting` while Pagefind runs."""


def pagefind_executable() -> str | None:
    try:
        from pagefind_bin import get_executable
    except ImportError:
        return shutil.which("pagefind")
    return str(get_executable())


def index_site(folder: Path, diagnostics: Diagnostics, shown: Path | None = None, waiting: Callable[[float], None] | None = None) -> None:
    """Write `folder/pagefind/`; a missing binary is a warning (the site works, search says so).

    `shown` is the folder named in messages (the output, not its staging copy);
    `waiting` is told the seconds so far while Pagefind runs (a progress line).
    """
    where = shown or folder
    if (folder / SEARCH_DIR).exists():
        diagnostics.error(where / SEARCH_DIR, 1, 1, "search-clash", f"the output already has a {SEARCH_DIR}/ folder (from content/static/?); the search index needs that name")
        return
    exe = pagefind_executable()
    if exe is None:
        diagnostics.warning(where, 1, 1, "search-missing", "no search index: Pagefind is not installed (pip install pagefind-bin)")
        return
    try:
        proc = subprocess.Popen(
            [exe, "--site", str(folder), "--output-subdir", SEARCH_DIR, "--silent"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            start_new_session=True,  # its own process group: a wrapper (npm's `pagefind`) is stopped with what it started
        )
    except OSError as exc:
        diagnostics.error(where, 1, 1, "search-failed", f"Pagefind did not run: {exc}")
        return
    try:
        out, err = _wait(proc, waiting)
    except subprocess.TimeoutExpired:
        diagnostics.error(where, 1, 1, "search-failed", f"Pagefind did not finish within {TIMEOUT:g} s and was stopped")
        return
    if proc.returncode != 0 or not (folder / SEARCH_DIR / "pagefind.js").is_file():
        output = " ".join((err or out).split())[-400:]
        diagnostics.error(where, 1, 1, "search-failed", f"Pagefind failed (exit {proc.returncode}): {output}")


def _wait(proc: subprocess.Popen, waiting: Callable[[float], None] | None) -> tuple[str, str]:
    """Pagefind's output once it exits, calling `waiting` every TICK seconds meanwhile (`communicate`,
    retried after its timeout, loses no output). Past TIMEOUT, or on an interrupt, it is stopped."""
    began = time.monotonic()
    try:
        while True:
            try:
                return proc.communicate(timeout=TICK)
            except subprocess.TimeoutExpired:
                elapsed = time.monotonic() - began
                if elapsed >= TIMEOUT:
                    raise
                if waiting is not None:
                    waiting(elapsed)
    except BaseException:
        _stop(proc)
        raise


def _stop(proc: subprocess.Popen) -> None:
    """Kill Pagefind's process group and reap it (after an interrupt, `communicate` may have given up waiting)."""
    try:
        if hasattr(os, "killpg"):
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
    except (ProcessLookupError, PermissionError):  # it exited meanwhile
        pass
    for stream in (proc.stdout, proc.stderr):
        if stream is not None:
            stream.close()
    proc.wait()
