"""Shared test helpers: the repository root, and running sitegen as a user would."""

from __future__ import annotations

import importlib.util
import io
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
TESTS = REPO / "tests"
SITES = TESTS / "sites"

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

CHECK_JSONSCHEMA: list[str] | None = (
    [sys.executable, "-m", "check_jsonschema"] if importlib.util.find_spec("check_jsonschema") else None
)
"""The independent validator, from this interpreter's packages: a fresh machine has no check-jsonschema
on its PATH unless the virtual environment is activated, and `scripts/test` does not activate it."""

# A shell without job control starts a background command (`pytest ... &`) with SIGINT ignored, and
# every process the suite starts would inherit that: the Ctrl-C tests would wait for an exit that never
# comes. A signal this process handles reaches the programs it starts at its default, as from a terminal.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


def run_sitegen(*args: str, cwd: Path | None = None, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run `python -m sitegen ARGS` in a child process, with this checkout first on the path."""
    full_env = dict(os.environ)
    full_env["PYTHONPATH"] = str(REPO) + os.pathsep + full_env.get("PYTHONPATH", "")
    full_env.pop("CI_FORCE_COLOR", None)
    if env:
        full_env.update(env)
    return subprocess.run(
        [sys.executable, "-m", "sitegen", *args],
        cwd=cwd or REPO,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


class FakeTerminal(io.StringIO):
    """A stderr that says it is a terminal, so a progress bar draws into it."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def sitegen_cli():
    return run_sitegen
