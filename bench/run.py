"""sitegen against Hugo on the shared benchmark corpus: python bench/run.py [--quick]

Generates the corpora with ../shared/bench/make_corpus.py (relative to the
repository root) into a work folder (kept between runs; --fresh remakes
them), then times, each as a whole process and as the median of --runs runs:

  clean    `sitegen build` with no output and no cache
  no-op    the same build again, nothing changed
  edit     one article's text changed, then built (a new process)
  serve    the dev server's Builder (a temporary output): its first build,
           which copies what the last `sitegen build` left current, then
           one article changed and rebuilt in the same process
  serial   the clean build in one process (SITEGEN_JOBS=1): what the work
           costs without the second core, for the 5,000-term target
  hugo     `hugo` on the same articles (--layout hugo), no output before

Before the corpora it measures the machine itself: a fixed CPU-bound loop run
alone, then two copies at once. Two full cores would run both in the time of
one; this machine's two virtual cores have run them at 1.3-1.5x one (each copy
slows down while the other runs), which caps what two workers can gain.

sitegen builds without its search index (Pagefind) unless --search: Hugo's
layout builds none, and Pagefind alone costs more than the rest (see
bench/README.md).

Peak memory is the largest sum of RSS (and of PSS, which shares copy-on-write
pages fairly) over the whole process tree, sampled every 5 ms, in one more
run of each kind: sampling slows what it samples, so timed runs are never
sampled. Corpora: 1,000 articles / 500
terms, 5,000 / 500 and 1,000 / 5,000 (--quick: the first only, 3 runs).

The builds run with the interpreter that runs this script: run it with a
virtual environment's `bin/python` to measure that Python build (the header
names it). How CPython was compiled matters: Debian's python3 (built with
profile-guided and link-time optimization) builds ~10% faster here than a
pyenv build made without them (see bench/README.md).

The machine is shared: compare ratios measured in one run, not seconds
across runs. Never part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MAKE_CORPUS = REPO.parent / "shared" / "bench" / "make_corpus.py"
CORPORA = [(1000, 500), (5000, 500), (1000, 5000)]
TARGETS = {
    "clean": "<= 1.3x hugo",
    "no-op": "< 0.5 s",
    "serve": "< 0.15 s",
    "per page": "flat from 1,000 to 5,000 articles",
    "5,000 terms": "articles phase <= 1.2x the 500-term one",
    "memory": "< 150 MB at 5,000 articles",
}

# A fixed amount of pure-Python work (about a second), to see what a second process gets of the machine.
SPIN_SCRIPT = "import time; t = time.process_time(); x = 0\nfor i in range(12_000_000): x += i\nprint(time.process_time() - t)"

# A build as the CLI runs it, reporting its phases: imports, then one build.
BUILD_SCRIPT = """
import json, sys, time
began = time.perf_counter()
sys.path.insert(0, {repo!r})
from pathlib import Path
from sitegen.build import build
from sitegen.cli import exit_now
result = build(Path(sys.argv[1]), Path(sys.argv[2]), search=sys.argv[3] == "search")
print(json.dumps({{"seconds": time.perf_counter() - began, "written": result.written, "pages": result.pages,
                   "timings": result.timings}}))
exit_now(0)  # as the `sitegen` command ends (sitegen.cli.run)
"""

# The dev server's path: one Builder, one warm-up build, then edit-and-rebuild cycles.
SERVE_SCRIPT = """
import json, sys, tempfile, time
sys.path.insert(0, {repo!r})
from pathlib import Path
from sitegen.build import Builder
root, built, runs = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
article = sorted((root / "content" / "articles").glob("*.md"))[int(sys.argv[4])]
with tempfile.TemporaryDirectory(dir=built.parent) as tmp:
    # As the dev server makes it: a temporary folder (here beside the other outputs, on the same
    # file system), and `sitegen build`'s output to start from.
    builder = Builder(root, Path(tmp) / "site", private_output=True, donors=[built])
    began = time.perf_counter()
    first = builder.build()
    start = time.perf_counter() - began
    builder.make_spare()  # as the dev server does while it waits for the first edit
    builder.warm()
    original = article.read_text(encoding="utf-8")
    times, written = [], []
    try:
        for n in range(runs):
            article.write_text(original + f"\\nA sentence added in rebuild {{n}}.\\n", encoding="utf-8")
            began = time.perf_counter()
            result = builder.build({{article}})
            times.append(time.perf_counter() - began)
            written.append(result.written)
    finally:
        article.write_text(original, encoding="utf-8")
print(json.dumps({{"start": start, "copied": first.copied, "times": times, "written": written}}))
"""


@dataclass
class Sample:
    wall: float
    cpu: float
    rss_tree: float
    pss_tree: float
    maxrss: float
    info: dict = field(default_factory=dict)


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                found += [int(c) for c in f.read().split()]
    except OSError:
        pass
    return found


def _memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of a process and all its descendants, in kB."""
    rss = pss = 0
    stack = [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1])
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1])
        except OSError:
            continue
        stack += _children(p)
    return rss, pss


def run(cmd: list[str], env: dict | None = None, cwd: Path | None = None, memory: bool = False) -> tuple[Sample, str]:
    """Run a command to its end; wall time and CPU time of its process tree, and with `memory` its peak memory.

    Timed runs are never sampled: reading every process's smaps_rollup each 5 ms takes a core's worth of
    kernel time on this 2-core machine and slowed a 6 s build by 1.5 s. Memory comes from runs of its own.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=cwd, text=True)
    peak = [0, 0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            rss, pss = _memory(proc.pid)
            peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
            done.wait(0.005)

    sampler = threading.Thread(target=sample, daemon=True)
    if memory:
        sampler.start()
    stdout, stderr = proc.communicate()
    wall = time.perf_counter() - began
    done.set()
    if memory:
        sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Sample(wall, cpu, peak[0] / 1024, peak[1] / 1024, after.ru_maxrss / 1024), stdout


def median(samples: list[Sample], attr: str) -> float:
    return statistics.median(getattr(s, attr) for s in samples)


class Bench:
    def __init__(self, work: Path, runs: int, python: str, search: bool):
        self.work = work
        self.search = search
        self.runs = runs
        self.python = python
        self.rows: list[dict] = []
        self.env = dict(os.environ, PYTHONPATH=str(REPO))
        self.env.pop("SITEGEN_JOBS", None)
        self.env.pop("SITEGEN_NO_CACHE", None)
        # sitegen as installed: pip compiles its modules to bytecode once. Run from the repository with
        # PYTHONDONTWRITEBYTECODE set (as on this machine), every process would compile them again (~0.1 s).
        subprocess.run([python, "-m", "compileall", "-q", str(REPO / "sitegen")], check=True)
        (work / "build.py").write_text(BUILD_SCRIPT.format(repo=str(REPO)))
        (work / "serve.py").write_text(SERVE_SCRIPT.format(repo=str(REPO)))

    def corpus(self, articles: int, terms: int, layout: str, fresh: bool) -> Path:
        root = self.work / f"{layout}-{articles}-{terms}"
        stamp = root / ".bench-complete"
        if fresh or not stamp.exists():
            subprocess.run([sys.executable, str(MAKE_CORPUS), "--articles", str(articles), "--terms", str(terms),
                            "--seed", "1", "--out", str(root), "--layout", layout, "--force"], check=True, stdout=subprocess.DEVNULL)
            stamp.write_text("")
        return root

    def sitegen(self, root: Path, out: Path, memory: bool = False, jobs: int | None = None) -> tuple[Sample, dict]:
        env = dict(self.env, SITEGEN_JOBS=str(jobs)) if jobs else self.env
        sample, stdout = run([self.python, str(self.work / "build.py"), str(root), str(out), "search" if self.search else "no-search"], env=env, memory=memory)
        info = json.loads(stdout.strip().splitlines()[-1])
        sample.info = info
        return sample, info

    def clean(self, root: Path, out: Path) -> None:
        for path in (out, out.parent / f".{out.name}.spare", root / ".sitegen-cache"):
            shutil.rmtree(path, ignore_errors=True)

    def measure(self, articles: int, terms: int, fresh: bool) -> None:
        label = _label(articles, terms)
        print(f"\n== {label}", flush=True)
        root = self.corpus(articles, terms, "sitegen", fresh)
        hugo_root = self.corpus(articles, terms, "hugo", fresh)
        out = self.work / "out" / "site"
        out.parent.mkdir(exist_ok=True)
        runs = self.runs

        hugo: list[Sample] = []
        clean: list[Sample] = []
        hugo_out = self.work / "out" / "hugo"
        for _ in range(runs):  # interleaved, so both see the same load
            shutil.rmtree(hugo_out, ignore_errors=True)
            hugo.append(run(["hugo", "--quiet", "-s", str(hugo_root), "-d", str(hugo_out)])[0])
            self.clean(root, out)
            clean.append(self.sitegen(root, out)[0])
        serial: list[Sample] = []
        for _ in range(runs):
            self.clean(root, out)
            serial.append(self.sitegen(root, out, jobs=1)[0])
        noop = [self.sitegen(root, out)[0] for _ in range(runs)]
        edits: list[Sample] = []
        article = sorted((root / "content" / "articles").glob("*.md"))[articles // 2]
        original = article.read_text(encoding="utf-8")
        try:
            for n in range(runs + 1):  # the last one for its memory
                article.write_text(original + f"\nA sentence added in edit {n}.\n", encoding="utf-8")
                edits.append(self.sitegen(root, out, memory=n == runs)[0])
        finally:
            article.write_text(original, encoding="utf-8")
        self.sitegen(root, out)
        serve_cmd = [self.python, str(self.work / "serve.py"), str(root), str(out)]
        _, stdout = run(serve_cmd + [str(max(runs, 5)), str(articles // 3)], env=self.env)
        serve = json.loads(stdout.strip().splitlines()[-1])
        serve_sample, stdout = run(serve_cmd + ["2", str(articles // 3)], env=self.env, memory=True)
        starts = [serve["start"], json.loads(stdout.strip().splitlines()[-1])["start"]]

        # Peak memory, from runs of their own (see run()).
        shutil.rmtree(hugo_out, ignore_errors=True)
        hugo_memory = run(["hugo", "--quiet", "-s", str(hugo_root), "-d", str(hugo_out)], memory=True)[0]
        self.clean(root, out)
        clean_memory = self.sitegen(root, out, memory=True)[0]
        noop_memory = self.sitegen(root, out, memory=True)[0]

        hugo_s = median(hugo, "wall")
        self.add(label, "hugo (clean)", hugo, None, memory=hugo_memory)
        self.add(label, "clean", clean, hugo_s, phases=_phases(clean), memory=clean_memory)
        self.add(label, "clean, one process", serial, hugo_s, phases=_phases(serial), memory=None)
        self.add(label, "no-op", noop, hugo_s, memory=noop_memory)
        self.add(label, "edit one article", edits[:-1], hugo_s, memory=edits[-1])
        self.rows.append({"corpus": label, "what": "serve: first build", "median": statistics.median(starts),
                          "min": min(starts), "max": max(starts), "cpu": None, "rss": None, "pss": None, "maxrss": None,
                          "ratio": statistics.median(starts) / hugo_s, "phases": None, "written": serve["copied"]})
        self.rows.append({"corpus": label, "what": "serve: edit one article", "median": statistics.median(serve["times"]),
                          "min": min(serve["times"]), "max": max(serve["times"]), "cpu": None, "rss": serve_sample.rss_tree,
                          "pss": serve_sample.pss_tree, "maxrss": serve_sample.maxrss, "ratio": None, "phases": None,
                          "written": statistics.median(serve["written"])})
        self.print_rows([r for r in self.rows if r["corpus"] == label])

    def add(self, corpus: str, what: str, samples: list[Sample], hugo: float | None, memory: Sample | None, phases: dict | None = None) -> None:
        walls = [s.wall for s in samples]
        self.rows.append({
            "corpus": corpus, "what": what, "median": statistics.median(walls), "min": min(walls), "max": max(walls),
            "cpu": median(samples, "cpu"), "rss": memory.rss_tree if memory else None, "pss": memory.pss_tree if memory else None,
            "maxrss": memory.maxrss if memory else None, "ratio": statistics.median(walls) / hugo if hugo else None,
            "phases": phases, "written": statistics.median(s.info.get("written", 0) for s in samples) if samples[0].info else None,
        })

    @staticmethod
    def print_rows(rows: list[dict]) -> None:
        print(f"| {'corpus':<28} | {'what':<24} | {'median s':>8} | {'min-max s':>11} | {'cpu s':>6} | {'x hugo':>6} | {'written':>7} | {'tree RSS/PSS MB':>15} |")
        print(f"|{'-' * 30}|{'-' * 26}|{'-' * 10}:|{'-' * 13}:|{'-' * 8}:|{'-' * 8}:|{'-' * 9}:|{'-' * 17}:|")
        for r in rows:
            cpu = f"{r['cpu']:.2f}" if r["cpu"] is not None else "-"
            ratio = f"{r['ratio']:.2f}" if r["ratio"] is not None else "-"
            written = f"{r['written']:.0f}" if r["written"] is not None else "-"
            memory = f"{r['rss']:>6.0f} / {r['pss']:<6.0f}" if r["rss"] is not None else f"{'-':>15}"
            print(f"| {r['corpus']:<28} | {r['what']:<24} | {r['median']:>8.3f} | {r['min']:>5.2f}-{r['max']:<5.2f} | {cpu:>6} | {ratio:>6} | {written:>7} | {memory} |")
        for r in rows:
            if r["phases"]:
                print(f"  {r['corpus']}, {r['what']} phases (median s): " + ", ".join(f"{k} {v:.2f}" for k, v in r["phases"].items()))

    def row(self, articles: int, terms: int, what: str) -> dict | None:
        label = _label(articles, terms)
        return next((r for r in self.rows if r["corpus"] == label and r["what"] == what), None)

    def targets(self) -> list[str]:
        """Each target of issue 6 against this run's figures, for the corpora that were measured."""
        lines = []
        clean = self.row(1000, 500, "clean")
        if clean:
            lines.append(f"clean 1000/500: {clean['ratio']:.2f}x hugo (target {TARGETS['clean']})")
        noop = [r["median"] for r in self.rows if r["what"] == "no-op"]
        serve = [r["median"] for r in self.rows if r["what"] == "serve: edit one article"]
        if noop:
            lines.append(f"no-op: {min(noop):.2f}-{max(noop):.2f} s (target {TARGETS['no-op']})")
        if serve:
            lines.append(f"serve: {min(serve):.3f}-{max(serve):.3f} s (target {TARGETS['serve']})")
        big = self.row(5000, 500, "clean")
        if clean and big:
            per = [r["phases"]["articles"] / n for r, n in ((clean, 1000), (big, 5000))]
            lines.append(f"per page: {per[0] * 1000:.2f} ms at 1,000 articles, {per[1] * 1000:.2f} ms at 5,000 ({per[1] / per[0] - 1:+.0%}; target {TARGETS['per page']})")
        for what in ("clean", "clean, one process"):
            few, many = self.row(1000, 500, what), self.row(1000, 5000, what)
            if few and many:
                a, b = few["phases"]["articles"], many["phases"]["articles"]
                lines.append(f"5,000 terms, {what}: articles phase {b:.2f} s against {a:.2f} s, {b / a:.2f}x (target {TARGETS['5,000 terms']})")
        if big:
            lines.append(f"memory at 5,000 articles: clean build tree PSS {big['pss']:.0f} MB, RSS {big['rss']:.0f} MB (target {TARGETS['memory']})")
        return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1,000 articles / 500 terms only, 3 runs")
    parser.add_argument("--runs", type=int, default=None, help="runs per measurement (default 5, --quick 3)")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "sitegen-bench", help="where corpora and outputs go")
    parser.add_argument("--fresh", action="store_true", help="generate the corpora again")
    parser.add_argument("--corpus", action="append", metavar="ARTICLES/TERMS", help="only this corpus, e.g. 1000/500 (repeatable)")
    parser.add_argument("--search", action="store_true", help="build the search index too (Pagefind; off by default: Hugo builds none)")
    args = parser.parse_args(argv)
    if not MAKE_CORPUS.is_file():
        print(f"bench: {MAKE_CORPUS} not found", file=sys.stderr)
        return 2
    if shutil.which("hugo") is None:
        print("bench: hugo is not installed (apt-get install -y hugo)", file=sys.stderr)
        return 2
    args.work.mkdir(parents=True, exist_ok=True)
    runs = args.runs or (3 if args.quick else 5)
    corpora = CORPORA[:1] if args.quick else CORPORA
    if args.corpus:
        corpora = [tuple(int(x) for x in c.split("/")) for c in args.corpus]
    bench = Bench(args.work, runs, sys.executable, args.search)
    hugo_version = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.split()[1]
    print(f"sitegen at {REPO}, Hugo {hugo_version}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}, {runs} runs each, search {'on' if args.search else 'off'}")
    print(f"Python {platform.python_version()} at {sys.executable} (-> {os.path.realpath(sys.executable)}), {platform.python_build()[1]}")
    print(second_core(sys.executable, runs))
    for articles, terms in corpora:
        bench.measure(articles, terms, args.fresh)
    print(f"\n== all (load average now {os.getloadavg()[0]:.1f}); targets: " + ", ".join(f"{k} {v}" for k, v in TARGETS.items()))
    bench.print_rows(bench.rows)
    print("\n== targets")
    for line in bench.targets():
        print(f"- {line}")
    return 0


def _label(articles: int, terms: int) -> str:
    return f"{articles} articles / {terms} terms"


def _phases(samples: list[Sample]) -> dict[str, float]:
    return {k: statistics.median(s.info["timings"].get(k, 0.0) for s in samples) for k in samples[0].info["timings"]}


def second_core(python: str, runs: int) -> str:
    """What a second process gets of this machine: a CPU-bound loop alone, then two copies at once."""
    cmd = [python, "-c", SPIN_SCRIPT]
    alone, pair = [], []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        alone.append(time.perf_counter() - began)
        began = time.perf_counter()
        both = [subprocess.Popen(cmd, stdout=subprocess.DEVNULL) for _ in range(2)]
        for proc in both:
            proc.wait()
        pair.append(time.perf_counter() - began)
    one, two = statistics.median(alone), statistics.median(pair)
    return (f"the machine: a CPU-bound loop takes {one:.2f} s alone, {two:.2f} s as two copies at once: "
            f"two processes do {2 * one / two:.2f}x the work of one (2.00 would be two full cores)")


if __name__ == "__main__":
    sys.exit(main())
