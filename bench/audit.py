"""The reader-facing audit: Lighthouse scores and page weight of the bundled explainer.

    python bench/audit.py [--site DIR] [--presets mobile,desktop] [--pages index,article,glossary,term] [--json FILE]

Builds the repository's own site with `python -m sitegen build` (unless
--site names a built one), serves it on 127.0.0.1 the way GitHub Pages does
(gzip for text, `Cache-Control: max-age=600`, 404.html for a missing path),
then:

- weighs the explainer article: every file the page loads before any image
  or any use of search (HTML, CSS, scripts, icon), gzipped as served, and
  Lighthouse's own count of transferred bytes;
- runs Lighthouse 12 (`npx`-free: the npm package under .cache/npm, see
  scripts/audit) against Debian's Chromium on the index, the article, the
  glossary and a term page, with the mobile and the desktop presets, and
  prints the four category scores (with --runs N, those of the median run:
  the mobile performance score moves by a few points with the machine's
  load, so measure on an idle machine).

Targets (issue 8): accessibility, best practices and SEO 100, performance at
least 95, the article under 100 kB. Exit status 1 when a target is missed.
Set LIGHTHOUSE to the CLI's path and CHROME_PATH to the browser to override.
"""
from __future__ import annotations

import argparse
import gzip
import http.server
import json
import mimetypes
import os
import re
import subprocess
import sys
import tempfile
import threading
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LIGHTHOUSE = Path(os.environ.get("LIGHTHOUSE", REPO / ".cache/npm/node_modules/lighthouse/cli/index.js"))
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
BUDGET = 100_000
"""Bytes the article may transfer before images (gzip)."""
TEXT = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml", "application/atom+xml")


class PagesHandler(http.server.BaseHTTPRequestHandler):
    """Serves a folder like GitHub Pages: index.html for folders, gzip for text, 404.html."""

    root: Path = Path(".")
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # noqa: A002 - base class signature
        pass

    def _file(self) -> tuple[Path | None, int]:
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        rel = urllib.request.url2pathname(path).lstrip("/")
        target = (self.root / rel).resolve()
        if not target.is_relative_to(self.root):
            return None, 404
        if target.is_dir():
            if not path.endswith("/"):
                return target, 301
            target = target / "index.html"
        if target.is_file():
            return target, 200
        return self.root / "404.html", 404

    def _send(self, body: bool) -> None:
        target, status = self._file()
        if status == 301:
            self.send_response(301)
            self.send_header("Location", self.path.split("?", 1)[0] + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if target is None or not target.is_file():
            self.send_error(404)
            return
        data = target.read_bytes()
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if target.suffix == ".pagefind" or target.suffix == ".pf_meta" or target.suffix == ".pf_fragment" or target.suffix == ".pf_index":
            kind = "application/octet-stream"
        self.send_response(status)
        self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith("text/") else ""))
        self.send_header("Cache-Control", "max-age=600")
        if kind.startswith(TEXT) and "gzip" in self.headers.get("Accept-Encoding", ""):
            data = gzip.compress(data, 6)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            self.wfile.write(data)

    def do_GET(self):  # noqa: N802 - http.server's naming
        self._send(True)

    def do_HEAD(self):  # noqa: N802
        self._send(False)


class PagesServer:
    def __init__(self, root: Path):
        handler = type("Handler", (PagesHandler,), {"root": root.resolve()})
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> "PagesServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


def build(out: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "sitegen", "build", "--root", str(REPO), "--out", str(out)],
                          cwd=REPO, capture_output=True, text=True, timeout=600)
    if proc.returncode:
        sys.exit(f"sitegen build failed ({proc.returncode}):\n{proc.stderr}")


def first_article(site: Path) -> str:
    return sorted(site.glob("articles/*/index.html"))[0].parent.relative_to(site).as_posix() + "/"


def first_term(site: Path) -> str:
    return sorted(site.glob("glossary/*/index.html"))[0].parent.relative_to(site).as_posix() + "/"


def page_weight(site: Path, page: str) -> list[tuple[str, int, int]]:
    """(file, bytes, gzip bytes) of the page and everything it loads at once, images left out."""
    html_path = site / page / "index.html"
    html = html_path.read_text(encoding="utf-8")
    files = [html_path]
    for ref in re.findall(r'<(?:link[^>]+href|script[^>]+src)="([^"]+)"', html):
        if ref.startswith(("http:", "https:", "//", "data:")) or ref.endswith((".png", ".jpg", ".jpeg", ".webp", ".avif", ".gif")):
            continue
        if re.search(rf'<link[^>]+rel="(?:canonical|alternate)"[^>]+href="{re.escape(ref)}"', html):
            continue
        target = (html_path.parent / ref).resolve()
        if target.is_file():
            files.append(target)
    rows = []
    for f in files:
        data = f.read_bytes()
        rows.append((f.relative_to(site).as_posix(), len(data), len(gzip.compress(data, 6))))
    return rows


def lighthouse(url: str, preset: str, out: Path) -> dict:
    flags = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"
    cmd = ["node", str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
           f"--chrome-flags={flags}", "--only-categories=" + ",".join(CATEGORIES)]
    if preset == "desktop":
        cmd.append("--preset=desktop")
    env = dict(os.environ, CHROME_PATH=CHROME)
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
    if proc.returncode or not out.is_file():
        raise RuntimeError(f"lighthouse failed on {url} ({preset}): {proc.stderr[-2000:]}")
    return json.loads(out.read_text())


def summarize(report: dict) -> tuple[dict[str, int], list[str]]:
    scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
    problems = []
    for c in CATEGORIES:
        for ref in report["categories"][c]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                value = audit.get("displayValue", "")
                problems.append(f"{c}: {ref['id']} {audit['score']:.2f} {value}".rstrip())
    return scores, problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--site", type=Path, help="an already built site (default: build the explainer)")
    ap.add_argument("--presets", default="mobile,desktop")
    ap.add_argument("--pages", default="index,article,glossary,term")
    ap.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page and preset; the median run (by performance) is shown")
    ap.add_argument("--json", type=Path, help="write every score and the weights to this file")
    args = ap.parse_args()
    if not LIGHTHOUSE.is_file():
        sys.exit(f"Lighthouse not found at {LIGHTHOUSE}: run scripts/audit, or npm install --prefix .cache/npm lighthouse@12")

    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            build(site)
        article = first_article(site)
        paths = {"index": "", "article": article, "glossary": "glossary/", "term": first_term(site)}
        ok = True
        result: dict = {"weight": {}, "scores": {}}

        rows = page_weight(site, article)
        total = sum(r[2] for r in rows)
        print(f"Page weight of {article} before images (gzip -6, as served):")
        for name, raw, packed in rows:
            print(f"  {packed / 1000:7.1f} kB  ({raw / 1000:6.1f} kB raw)  {name}")
        print(f"  {total / 1000:7.1f} kB  total (budget {BUDGET / 1000:.0f} kB)")
        result["weight"] = {"files": rows, "total_gzip": total}
        ok &= total < BUDGET

        with PagesServer(site) as server:
            print(f"\nLighthouse {lighthouse_version()} on {server.url}, Chromium at {CHROME}")
            print(f"{'page':10} {'preset':8} " + " ".join(f"{c:>15}" for c in CATEGORIES))
            for preset in args.presets.split(","):
                for name in args.pages.split(","):
                    runs = [lighthouse(server.url + paths[name], preset, Path(tmp) / f"{name}-{preset}-{i}.json") for i in range(args.runs)]
                    runs.sort(key=lambda r: r["categories"]["performance"]["score"])
                    report = runs[len(runs) // 2]
                    scores, problems = summarize(report)
                    result["scores"][f"{name}/{preset}"] = scores
                    missed = [c for c in CATEGORIES if scores[c] < TARGETS[c]]
                    ok &= not missed
                    print(f"{name:10} {preset:8} " + " ".join(f"{scores[c]:>15}" for c in CATEGORIES))
                    for p in problems:
                        print(f"{'':20}{p}")
                    if name == "article":
                        weight = report["audits"]["total-byte-weight"]["numericValue"]
                        result["weight"][f"lighthouse_{preset}"] = weight
                        print(f"{'':20}transferred (Lighthouse total-byte-weight): {weight / 1000:.1f} kB")
                        ok &= weight < BUDGET
        if args.json:
            args.json.write_text(json.dumps(result, indent=2))
        print("\nall targets met" if ok else "\nTARGETS MISSED")
        return 0 if ok else 1


def lighthouse_version() -> str:
    try:
        return json.loads((LIGHTHOUSE.parents[1] / "package.json").read_text())["version"]
    except (OSError, ValueError, KeyError):
        return "?"


if __name__ == "__main__":
    raise SystemExit(main())
