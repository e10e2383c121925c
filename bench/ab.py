#!/usr/bin/env python3
"""Clean builds of several checkouts side by side, with Hugo: python bench/ab.py TREE... [--rounds N]

Each TREE is a checkout of sitegen (a `git worktree add /tmp/x <commit>` is
the quickest). Every round builds the 1000/500 corpus once with Hugo, then
once with each tree (in the opposite order every other round), each a
whole process with no output and no cache, as `bench/run.py` times them; it
prints each tree's median, mean and range, its ratio to Hugo's median, and
the CPU its process tree used. With `--python`, each tree is built with each
interpreter given (a virtual environment's `bin/python` with sitegen's
dependencies), to compare Python builds as well as checkouts.

This machine is shared and its two cores slow each other down: a change of
1-2% is invisible in `bench/run.py`'s five runs, and even here it takes
10-20 rounds to see one of ~20 ms. Only trees measured in the same run can
be compared. It uses the corpora `bench/run.py` generated (--work).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# The build as the `sitegen` command runs it, from the tree given in SITEGEN_TREE.
BUILD = """
import os, sys
sys.path.insert(0, os.environ["SITEGEN_TREE"])
from pathlib import Path
import sitegen.cli
from sitegen.build import build
build(Path(sys.argv[1]), Path(sys.argv[2]), search=False)
if hasattr(sitegen.cli, "exit_now"):  # (how the command ends since session 16)
    sitegen.cli.exit_now(0)
"""


def timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process tree) of one run of `cmd`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("trees", nargs="+", type=Path, help="checkouts of sitegen to build with")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--python", action="append", type=Path, help="an interpreter to build with (repeatable; default: this one)")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "sitegen-bench", help="bench/run.py's work folder")
    args = parser.parse_args()
    site, hugo_site = args.work / "sitegen-1000-500", args.work / "hugo-1000-500"
    if not (site / ".bench-complete").exists() or not (hugo_site / ".bench-complete").exists():
        raise SystemExit(f"no 1000/500 corpora in {args.work}: run `python bench/run.py --quick --work {args.work}` first")
    trees = [tree.resolve() for tree in args.trees]
    pythons = [str(p) for p in args.python] if args.python else [sys.executable]
    for tree in trees:  # (as pip would have compiled an installed sitegen; every 3.11 shares the bytecode)
        for python in pythons:
            subprocess.run([python, "-m", "compileall", "-q", str(tree / "sitegen")], check=True)
    builds = [(tree, python) for tree in trees for python in pythons]
    script = args.work / "ab-build.py"
    script.write_text(BUILD)
    out = args.work / "ab-out"
    samples: dict[tuple, list[tuple[float, float]]] = {("hugo",): [], **{b: [] for b in builds}}
    for n in range(args.rounds):
        shutil.rmtree(out, ignore_errors=True)
        samples[("hugo",)].append(timed(["hugo", "--quiet", "-s", str(hugo_site), "-d", str(out / "hugo")]))
        for tree, python in builds if n % 2 == 0 else builds[::-1]:
            for path in (out / "site", out / ".site.spare", site / ".sitegen-cache"):
                shutil.rmtree(path, ignore_errors=True)
            env = dict(os.environ, SITEGEN_TREE=str(tree))
            env.pop("SITEGEN_JOBS", None)
            samples[tree, python].append(timed([python, str(script), str(site), str(out / "site")], env))
        print(f"round {n + 1} of {args.rounds}", file=sys.stderr, flush=True)
    shutil.rmtree(out, ignore_errors=True)
    hugo = statistics.median(wall for wall, _ in samples[("hugo",)])
    print(f"hugo: median {hugo:.3f} s")
    for tree, python in builds:
        walls = [wall for wall, _ in samples[tree, python]]
        cpus = [cpu for _, cpu in samples[tree, python]]
        median = statistics.median(walls)
        name = f"{tree} with {python}" if len(pythons) > 1 else str(tree)
        print(f"{name}: median {median:.3f} s (mean {statistics.mean(walls):.3f}, {min(walls):.3f}-{max(walls):.3f}), "
              f"{median / hugo:.3f}x hugo; CPU {statistics.median(cpus):.3f} s")


if __name__ == "__main__":
    main()
