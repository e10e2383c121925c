#!/usr/bin/env python3
"""What an article costs with 5,000 terms against 500, measured in one process.

Issue 6 asks that matching and article pages cost no more than 1.2x with a
5,000-term glossary. Timed as whole builds, the articles phase moves by a
fifth from one run to the next on this machine (the share the second core
gives moves with the neighbours' load), and a parallel build's phase also
holds what the early-parse helper did while the glossary loaded. Here both
sites are loaded into one process, with what a build makes once before its
workers (the matcher, every definition and term key, the hidden-name
candidates, the compiled templates, every glossary card), and then their articles are
processed alternately, one of each at a time, the CPU time of each summed:
load on the machine slows both alike. Each article is loaded, parsed, matched, checked for
hidden names, rendered and written to a staging folder, without the cache,
as a worker does it.

    python bench/terms_ratio.py [--work DIR] [--articles 400]

It uses the corpora bench/run.py generated (--work, default
$TMPDIR/sitegen-bench). A measurement, not a test: it only prints.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ["SITEGEN_NO_CACHE"] = "1"  # parse every article, as a clean build does

from sitegen.build import Builder, _Run, cards_ahead, open_cache  # noqa: E402  (after the environment is set)
from sitegen.writer import Output  # noqa: E402


def loaded(root: Path, out: Path):
    """A build of `root` as its workers start: site loaded, shared work done, output begun."""
    builder = Builder(root, out)
    builder._cache = open_cache(root)  # what Builder.build opens first (SITEGEN_NO_CACHE: none)
    run = _Run(builder, None)
    if not run.load_site():
        raise SystemExit(f"{root}: the site has errors")
    run.prepare_renderer()
    for term in run.glossary.terms.values():  # as Builder.render_articles does before it forks
        run.definitions.of(term)
        run.term_key(term)
    run.hidden_names.compile_matchers()
    run.compile_templates()
    if cards_ahead(len(run.glossary.terms), len(run.files.articles)):
        run.renderer.prerender_cards(run.glossary.terms.values())
    run.output = Output(out, None, None, spare_dir=None)
    run.output.begin()
    return run, sorted(run.files.articles)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "sitegen-bench")
    parser.add_argument("--articles", type=int, default=400, help="articles of each site to process (after 20 to warm up)")
    args = parser.parse_args(argv)
    roots = [args.work / "sitegen-1000-500", args.work / "sitegen-1000-5000"]
    for root in roots:
        if not (root / ".bench-complete").exists():
            print(f"bench: {root} not found; run bench/run.py first (same --work)", file=sys.stderr)
            return 2
    # The pages go beside the corpora, as bench/run.py's builds do (on this machine /tmp is a disk
    # whose mkdir and open took 0.5-1 ms each: a third of an article's time, and no part of the target).
    with tempfile.TemporaryDirectory(dir=args.work) as tmp:
        sites = [loaded(root, Path(tmp) / root.name) for root in roots]
        warm, count = 20, min(args.articles, min(len(slugs) for _, slugs in sites) - 20)
        spent = [0.0, 0.0]
        gc.disable()  # a build collects after each page; here, every 20 pages, outside the timing
        for i in range(warm + count):
            for k, (run, slugs) in enumerate(sites):
                began = time.process_time()
                run.process_article(slugs[i])
                if i >= warm:
                    spent[k] += time.process_time() - began
            if i % 20 == 0:
                gc.collect()
        gc.enable()
    few, many = (s / count * 1000 for s in spent)
    print(f"{count} articles each: {few:.2f} ms an article with 500 terms, {many:.2f} ms with 5,000: "
          f"{many / few:.3f}x (target <= 1.2x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
