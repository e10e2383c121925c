#!/usr/bin/env python3
"""How long from saving a file to the rebuilt page being served by `sitegen serve`.

Generates a site with ../shared/bench/make_corpus.py (1,000 articles and a
500-term glossary by default), starts `python -m sitegen serve` on it, then,
several times each:
- appends a sentence to one article and waits for that article's page to
  serve it;
- changes one glossary definition and waits for that term's glossary page
  to serve the new text.
The time runs from the moment the saved file is closed to the response that
carries the new text, so it holds the watcher's debounce, the rebuild and
the serving. Like the browser, the benchmark listens on the server's
WebSocket and asks for the page after each finished build (polling the page
every few milliseconds would compete with the build for the server's GIL
and slow what it measures). The server's own build time is shown beside it. Goals (issue 4): under 200 ms for an article, under 1 s for a
glossary file, on a 2-core machine.

    python bench/serve_latency.py [-n 1000] [-g 500] [--runs 5]

A measurement, not a test: it asserts nothing and only prints.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import queue
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MAKE_CORPUS = REPO.parent / "shared" / "bench" / "make_corpus.py"

sys.path.insert(0, str(REPO))
import tornado.websocket  # noqa: E402

from sitegen.ids import slugify  # noqa: E402


def fetch(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read()
    except urllib.error.HTTPError as error:
        return error.read()


class Server:
    def __init__(self, root: Path):
        env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "sitegen", "serve", "--root", str(root), "--port", "0"],
            cwd=root, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        began = time.monotonic()
        self.url = ""
        while not self.url:
            if self.process.poll() is not None or time.monotonic() - began > 600:
                raise SystemExit("sitegen serve did not start:\n" + "\n".join(self.lines))
            for line in list(self.lines):
                if match := re.search(r"serving (http://\S+)", line):
                    self.url = match.group(1)
            time.sleep(0.05)
        self.origin = re.match(r"http://[^/]+", self.url).group(0)
        self.events: queue.Queue[dict] = queue.Queue()
        """Build states pushed by the server, as an open page receives them."""
        threading.Thread(target=lambda: asyncio.run(self._listen()), daemon=True).start()

    async def _listen(self) -> None:
        connection = await tornado.websocket.websocket_connect(self.origin.replace("http:", "ws:") + "/__sitegen/events")
        while (message := await connection.read_message()) is not None:
            self.events.put(json.loads(message))

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def status(self) -> dict:
        return json.loads(fetch(self.origin + "/__sitegen/status"))

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def measure(server: Server, path: Path, old: str, new: str, page: str, marker: str, timeout: float) -> tuple[float, float]:
    """Save `path` with `old` replaced by `new`; seconds until `page` serves `marker`, and the server's build time."""
    while not server.events.empty():
        server.events.get()
    text = path.read_text(encoding="utf-8")
    assert old in text, (old, path)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text.replace(old, new, 1))
    saved = time.perf_counter()
    needle = marker.encode()
    while True:
        try:
            state = server.events.get(timeout=max(0.0, saved + timeout - time.perf_counter()))
        except queue.Empty:
            raise SystemExit(f"{marker!r} not served after {timeout} s:\n" + "\n".join(server.lines[-20:])) from None
        if state["errors"]:
            raise SystemExit("the edit broke the build:\n" + "\n".join(state["errors"]))
        if needle in fetch(page):
            return time.perf_counter() - saved, state["seconds"]


def report(name: str, goal: float, results: list[tuple[float, float]]) -> None:
    seen = [s * 1000 for s, _ in results]
    built = [b * 1000 for _, b in results]
    print(f"{name}: median {statistics.median(seen):.0f} ms, min {min(seen):.0f}, max {max(seen):.0f} "
          f"(goal < {goal * 1000:.0f} ms; the server's build alone: median {statistics.median(built):.0f} ms) "
          f"over {len(seen)} saves")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--articles", type=int, default=1000)
    parser.add_argument("-g", "--terms", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5, help="saves of each kind (default 5)")
    parser.add_argument("--keep", action="store_true", help="keep the generated site")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds to wait for one rebuilt page (default 600)")
    parser.add_argument("--make-corpus", type=Path, default=MAKE_CORPUS, help=f"the corpus generator (default {MAKE_CORPUS})")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="sitegen-serve-bench-"))
    root = work / "site"
    try:
        print(f"generating {args.articles} articles and {args.terms} terms with {args.make_corpus} ...", flush=True)
        subprocess.run([sys.executable, str(args.make_corpus), "-n", str(args.articles), "-g", str(args.terms), "-o", str(root)],
                       check=True, stdout=subprocess.DEVNULL)
        began = time.perf_counter()
        server = Server(root)
        print(f"server up after {time.perf_counter() - began:.2f} s (first build included): {server.url}", flush=True)
        try:
            first = server.status()
            if not first["build"]:
                print("the first build failed; no measurement:\n" + "\n".join(first["errors"][:20]))
                return 1
            articles = root / "content" / "articles"
            article = sorted(articles.glob("*.md"))[len(list(articles.glob("*.md"))) // 2]
            article_page = f"{server.url}articles/{article.stem}/"
            last_line = article.read_text(encoding="utf-8").rstrip("\n").splitlines()[-1]
            article_results = []
            for run in range(args.runs):
                marker = f"Latency marker {run} {time.time_ns()}."
                article_results.append(measure(server, article, last_line, f"{last_line}\n\n{marker}", article_page, marker, args.timeout))
                last_line = marker

            glossary = root / "content" / "glossary" / "bench.yml"
            text = glossary.read_text(encoding="utf-8")
            name = re.search(r'^terms:\n  "([^"]+)":\n    definition: "', text, re.MULTILINE).group(1)
            term_page = f"{server.url}glossary/{slugify(name)}/"
            opening = f'  "{name}":\n    definition: "'
            glossary_results = []
            for run in range(args.runs):
                marker = f"Glossary marker {run} {time.time_ns()}."
                glossary_results.append(measure(server, glossary, opening, f"{opening}{marker} ", term_page, marker, args.timeout))

            print()
            print(f"sitegen serve, {args.articles} articles, {args.terms} glossary terms, {os.cpu_count()} cores:")
            report("save an article -> its page served", 0.2, article_results)
            report("save the glossary -> a term page served", 1.0, glossary_results)
        finally:
            server.stop()
    finally:
        if args.keep:
            print(f"kept {root}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
