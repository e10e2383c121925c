"""The invalid sites under tests/invalid/: one folder per mistake an editor can make.

Each case folder holds only what differs from `tests/invalid/_base/` (a small
valid site), plus:
- `expected.txt`: exactly what `sitegen check` prints, run from the site's
  root: one `path:line:col: severity: message` line per problem, then the
  summary line;
- optionally `remove.txt`: paths of the base site to delete;
- optionally `generate.txt`: `<path> <bytes>` lines, files filled up to that
  size at test time (so oversized files need not be committed).

`python -m tests.invalid_sites --update [CASE...]` rewrites the expected.txt
files from the current output; review the diff before committing it.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import sys
import tempfile
from pathlib import Path

INVALID = Path(__file__).resolve().parent / "invalid"
BASE = INVALID / "_base"
METADATA = {"expected.txt", "remove.txt", "generate.txt"}


def case_names() -> list[str]:
    return sorted(p.name for p in INVALID.iterdir() if p.is_dir() and not p.name.startswith("_"))


def make_site(case: str, dest: Path) -> Path:
    """The base site with the case's files laid over it, in `dest`."""
    shutil.copytree(BASE, dest)
    folder = INVALID / case
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if path.is_file() and rel.as_posix() not in METADATA:
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    remove = folder / "remove.txt"
    if remove.is_file():
        for line in remove.read_text("utf-8").split():
            (dest / line).unlink()
    generate = folder / "generate.txt"
    if generate.is_file():
        for line in generate.read_text("utf-8").splitlines():
            rel, size = line.rsplit(" ", 1)
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            filler = b"# filler for an oversized file\n"
            data = filler * (int(size) // len(filler) + 1)
            target.write_bytes(data[: int(size)])
    return dest


def run_in(root: Path, *args: str) -> tuple[int, str, str]:
    """Run the CLI in this process, from `root`, as an editor would: (exit status, stdout, stderr)."""
    from sitegen.cli import main

    out, err = io.StringIO(), io.StringIO()
    before = os.getcwd()
    os.chdir(root)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(args))
    finally:
        os.chdir(before)
    return code, out.getvalue(), err.getvalue()


def check_output(case: str) -> str:
    with tempfile.TemporaryDirectory(prefix="sitegen-invalid-") as tmp:
        root = make_site(case, Path(tmp) / "site-root")
        return run_in(root, "check")[2]


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "--update":
        sys.path.insert(0, str(INVALID.parent.parent))
        for name in sys.argv[2:] or case_names():
            (INVALID / name / "expected.txt").write_text(check_output(name), encoding="utf-8")
            print(f"updated {name}")
    else:
        print(__doc__)
