"""markdown-it style fixture files: `title / . / input / . / expected / .` blocks.

`python -m tests.fixtures --update FILE` rewrites the expected parts from the
current output (review the diff before committing it).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Case:
    title: str
    input: str
    expected: str
    line: int


def read_cases(path: Path) -> list[Case]:
    lines = path.read_text(encoding="utf-8").split("\n")
    cases: list[Case] = []
    i = 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        title, start = lines[i], i + 1
        assert lines[i + 1] == ".", f"{path}:{i + 2}: expected '.'"
        j = i + 2
        body: list[str] = []
        while lines[j] != ".":
            body.append(lines[j])
            j += 1
        j += 1
        expected: list[str] = []
        while lines[j] != ".":
            expected.append(lines[j])
            j += 1
        cases.append(Case(title, "\n".join(body) + "\n", "\n".join(expected) + "\n", start))
        i = j + 1
    return cases


def write_cases(path: Path, cases: list[tuple[str, str, str]]) -> None:
    chunks = [f"{title}\n.\n{text.rstrip(chr(10))}\n.\n{expected.rstrip(chr(10))}\n.\n" for title, text, expected in cases]
    path.write_text("\n".join(chunks), encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--update":
        from tests.test_markdown_fixtures import RENDERERS

        target = Path(sys.argv[2])
        render = RENDERERS[target.name]
        write_cases(target, [(c.title, c.input, render(c)) for c in read_cases(target)])
        print(f"updated {target}")
    else:
        print(__doc__)
