"""Running `sitegen serve` in a child process for the tests: a free port, and always stopped."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.conftest import REPO, TESTS

SERVER_SITE = TESTS / "server_site"


def copy_site(tmp_path: Path) -> Path:
    """A fresh copy of the tiny test site (tests edit it; the repository's copy stays as it is)."""
    root = tmp_path / "site-src"
    shutil.copytree(SERVER_SITE, root)
    return root


class ServerProcess:
    """`python -m sitegen serve --port 0` on a copy of a site; use as a context manager."""

    def __init__(self, root: Path, tmp: Path, *args: str):
        self.root = root
        self.tmp = tmp / "server-tmp"
        self.tmp.mkdir(exist_ok=True)
        env = dict(os.environ)
        env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
        env["TMPDIR"] = str(self.tmp)  # so the test can find (and check the removal of) the served folder
        self.process = subprocess.Popen(
            [sys.executable, "-m", "sitegen", "serve", "--port", "0", *args],
            cwd=root,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.url = self._wait_for_url()
        match = re.match(r"(http://[^/]+)", self.url)
        assert match
        self.origin = match.group(1)
        self.port = int(self.origin.rsplit(":", 1)[1])

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    def _wait_for_url(self, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in list(self.lines):
                match = re.search(r"serving (http://\S+)", line)
                if match:
                    return match.group(1)
            if self.process.poll() is not None:
                self._reader.join(5)
                raise AssertionError(f"sitegen serve exited with {self.process.returncode}:\n{self.output}")
            time.sleep(0.05)
        self.stop()
        raise AssertionError(f"sitegen serve did not start in {timeout} s:\n{self.output}")

    def served_folder(self) -> Path:
        folders = list(self.tmp.glob("sitegen-serve-*/site"))
        assert len(folders) == 1, folders
        return folders[0]

    def status(self) -> dict:
        with urllib.request.urlopen(self.origin + "/__sitegen/status", timeout=10) as response:
            return json.loads(response.read())

    def wait_for_build(self, after: int, timeout: float = 30) -> dict:
        """Wait until more than `after` builds have finished; returns the status."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = self.status()
            if status["builds"] > after:
                return status
            time.sleep(0.05)
        raise AssertionError(f"no build after {after} in {timeout} s:\n{self.output}")

    def get(self, path: str) -> tuple[int, bytes, dict]:
        """GET origin+path (path as sent, already encoded); redirects are not followed."""

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(self.origin + path, timeout=10) as response:
                return response.status, response.read(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read(), dict(error.headers)

    def stop(self) -> int:
        """Ctrl-C, as a user would; kill only if it does not stop in time. Returns the exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self._reader.join(5)
        return self.process.returncode

    def __enter__(self) -> "ServerProcess":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def remove_client(html: bytes) -> bytes:
    """Undo the server's inject_client, to compare a served page with the built file."""
    return re.sub(rb'<script src="/__sitegen/reload\.js\?build=[^"]*" defer></script>', b"", html, count=1)


def edit(path: Path, old: str, new: str) -> None:
    """Replace text in a file the way an editor saves it (in place)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")
