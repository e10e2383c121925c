"""Robust to size and shape: every input either builds in bounded time and memory or is one clear error.

Inputs are generated here (nothing large is committed). Builds that could
crash the interpreter (deep YAML) or take long run in a child process with
a generous timeout, which is a bound, not a speed test: docs/security.md
gives the measured figures (bench/ is where speed is measured).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sitegen.cli import main
from sitegen.content import MAX_ARTICLE_BYTES
from sitegen.markdown.matcher import Matcher, Name
from tests.conftest import REPO

MEMORY_BOUND_MB = 1024
"""Generous: every build here measures far below it (docs/security.md)."""

MEASURED = r"""
import resource, sys, time
from sitegen.cli import main
began = time.perf_counter()
code = main(sys.argv[1:])
print(f"measured: {time.perf_counter() - began:.2f} s {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB", file=sys.stderr)
sys.exit(code)
"""


def build_in_child(root: Path, out: Path, timeout: float = 240, *options: str) -> tuple[int, str, float, int]:
    """(exit status, stderr, seconds, peak memory in MB) of `sitegen build` in a child process."""
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    result = subprocess.run(
        [sys.executable, "-c", MEASURED, "build", "--root", str(root), "--out", str(out), *options],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout,
    )
    match = re.search(r"measured: ([\d.]+) s (\d+) MB", result.stderr)
    seconds, memory = (float(match.group(1)), int(match.group(2))) if match else (0.0, 0)
    return result.returncode, result.stderr, seconds, memory


def site(root: Path, site_yml: str = "title: Limits\nbase_url: https://example.org/\n") -> Path:
    (root / "content" / "articles").mkdir(parents=True)
    (root / "content" / "glossary").mkdir()
    (root / "content" / "site.yml").write_text(site_yml)
    return root


def article(root: Path, slug: str, body: str, title: str = "An article") -> Path:
    path = root / "content" / "articles" / f"{slug}.md"
    path.write_text(f"---\ntitle: {title}\ndate: 2020-01-01\n---\n{body}", encoding="utf-8")
    return path


def word(n: int) -> str:
    """A distinct made-up word per number: bab, cab, ..., zuzab."""
    letters = []
    while True:
        letters.append("bcdfghjklmnpqrstvwxz"[n % 20] + "aeiou"[(n // 20) % 5])
        n //= 100
        if n == 0:
            return "".join(letters)


def build(root: Path, out: Path, capsys) -> tuple[int, str]:
    code = main(["build", "--root", str(root), "--out", str(out)])
    return code, capsys.readouterr().err


# ---------------------------------------------------------------- big


def test_a_20000_term_glossary_and_a_1_mb_article_build(tmp_path):
    root = site(tmp_path / "big")
    names = [f"{word(i).capitalize()} {word(7 * i + 3)}" for i in range(20_000)]
    for part in range(2):  # two files, each under the 2 MB a YAML file may hold
        lines = ["sources:", f"  src-{part}: {{title: A source, url: 'https://example.org/{part}'}}", "terms:"]
        for i in range(part, len(names), 2):
            lines.append(f"  {names[i]}:\n    definition: The meaning of {names[i]}, see {names[(i + 1) % len(names)]}.\n    sources: [src-{part}]")
        (root / "content/glossary" / f"part-{part}.yml").write_text("\n".join(lines) + "\n")
    body, k = "", 0
    while len(body) < 1_000_000:  # mentions of 2,000 of the terms, each many times
        body += " ".join(f"{names[(k + j) * 37 % 2000 * 10]} met {names[(k + j) * 91 % 2000 * 10]} today." for j in range(25)) + "\n\n"
        k += 25
    body += ("one very long line of words " * 8000) + "\n"  # and a 220 kB line
    article(root, "big", body)
    out = tmp_path / "out"
    # Without the search index: Pagefind reading 20,000 pages is its own work (13 s of 25 here), not sitegen's.
    code, err, seconds, memory = build_in_child(root, out, 240, "--no-search")
    print(f"\n20,000 terms + 1 MB article: {seconds:.1f} s, {memory} MB")
    assert code == 0, err[-3000:]
    assert len(list((out / "glossary").iterdir())) == 20_000 + 1
    page = (out / "articles/big/index.html").read_text(encoding="utf-8")
    assert len(page) > 1_000_000 and len(set(re.findall(r'data-term="([^"]+)"', page))) == 2000
    assert memory < MEMORY_BOUND_MB


def test_an_article_over_the_size_limit_is_one_clear_error(tmp_path, capsys):
    root = site(tmp_path / "s")
    path = article(root, "huge", "x" * (MAX_ARTICLE_BYTES + 1))
    code, err = build(root, tmp_path / "out", capsys)
    assert code == 1
    assert f"{os.path.relpath(path)}:1:1: error: " in err and f"{MAX_ARTICLE_BYTES:,}" in err
    assert "Traceback" not in err


# ---------------------------------------------------------------- names


def test_a_term_name_of_1000_characters_is_a_clear_error(tmp_path, capsys):
    """Names are bounded at 200 characters (the schema): a longer one is an error at its line."""
    root = site(tmp_path / "s")
    name = ("Extraordinarily " * 70)[:1000].strip()
    (root / "content/glossary/long.yml").write_text(f"terms:\n  ok:\n    definition: d\n  {name}:\n    definition: d\n")
    article(root, "a", f"Mentions {name}.\n")
    code, err = build(root, tmp_path / "out", capsys)
    assert code == 1
    assert re.search(r"long\.yml:4:\d+: error: .*(too long|200)", err), err[:2000]
    assert "Traceback" not in err


def test_a_term_name_of_200_characters_works(tmp_path, capsys):
    root = site(tmp_path / "s")
    name = ("Quite long name " * 13)[:200].strip()
    assert len(name) >= 195
    (root / "content/glossary/long.yml").write_text(f"terms:\n  {name}:\n    id: long\n    definition: d\n")
    article(root, "a", f"It mentions {name} once.\n")
    code, err = build(root, tmp_path / "out", capsys)
    assert code == 0, err
    page = (tmp_path / "out/articles/a/index.html").read_text()
    assert f'data-term="long" id="m-long-1">{name}</a>' in page


# ---------------------------------------------------------------- shape

DEPTH = 10_000
DEEP_INLINE = {
    "brackets": "[" * DEPTH + "x" + "]" * DEPTH + "\n",
    "links": "[a](" * DEPTH + "x" + ")" * DEPTH + "\n",
    "emphasis": "*" * DEPTH + "x" + "*" * DEPTH + "\n",
    "underscores": "_" * DEPTH + "x" + "_" * DEPTH + "\n",
    "images": "![" * DEPTH + "x" + "](y)" * DEPTH + "\n",
    "backticks": "`" * DEPTH + "x\n",
    "angles": "<" * DEPTH + "x" + ">" * DEPTH + "\n",
    "headings": "#" * DEPTH + " heading\n",
    "table": "|" * DEPTH + "\n" + "|-" * DEPTH + "|\n",
}
DEEP_BLOCKS = {
    "quotes": "> " * DEPTH + "deep quote\n",
    "quotes without spaces": ">" * DEPTH + "deep quote\n",
    "bullets": "- " * DEPTH + "deep item\n",
    "numbers": "1. " * DEPTH + "deep number\n",
    "quotes and lists": "> - " * DEPTH + "deep mix\n",
    "indented lists": "".join("  " * i + "- level\n" for i in range(1000)),
    "tab-indented lists": "".join("\t" * i + "- level\n" for i in range(1000)),
}


def test_deeply_nested_inline_markdown_builds_and_keeps_its_text(tmp_path):
    """10,000 levels of brackets, links, emphasis, images...: nothing recurses, nothing is lost."""
    root = site(tmp_path / "s")
    article(root, "deep", "\n".join(f"{name}: {text}" for name, text in DEEP_INLINE.items()))
    out = tmp_path / "out"
    code, err, seconds, memory = build_in_child(root, out)
    print(f"\n10,000-level inline Markdown: {seconds:.1f} s, {memory} MB")
    assert code == 0, err[-3000:]
    assert "Traceback" not in err and "RecursionError" not in err
    page = (out / "articles/deep/index.html").read_text(encoding="utf-8")
    assert all(f"{name}:" in page for name in DEEP_INLINE)
    assert memory < MEMORY_BOUND_MB


@pytest.mark.parametrize("shape", sorted(DEEP_BLOCKS))
def test_quotes_and_lists_nested_past_the_limit_are_an_error_never_a_silent_cut(tmp_path, capsys, shape):
    """markdown-it drops what lies deeper than its nesting limit: sitegen says so, at the line."""
    root = site(tmp_path / "s")
    path = article(root, "deep", "A first paragraph.\n\n" + DEEP_BLOCKS[shape])
    code, err = build(root, tmp_path / "out", capsys)
    assert code == 1, err
    assert re.search(re.escape(os.path.relpath(path)) + r":(\d+):1: error: quotes or lists nested more than 50 levels", err), err
    assert "Traceback" not in err


def test_nesting_past_the_limit_in_definitions_notes_and_corrections_is_an_error(tmp_path, capsys):
    root = site(tmp_path / "s")
    path = root / "content/articles/a.md"
    path.write_text("---\ntitle: A\ndate: 2020-01-01\ncorrections:\n  - date: 2020-01-02\n    text: '" + "> " * 200 + "x'\n---\nDeep Term here.\n")
    sidecar = root / "content/articles/a.yml"
    sidecar.write_text(
        "terms:\n  Deep Term:\n    definition: '" + "- " * 200 + "d'\n"
        "notes:\n  - quote: Deep Term here.\n    note: '" + "> - " * 100 + "n'\n"
    )
    code, err = build(root, tmp_path / "out", capsys)
    assert code == 1
    found = re.findall(r"^(.*?):(\d+):1: error: quotes or lists nested", err, re.MULTILINE)
    assert sorted((Path(p).name, int(n)) for p, n in found) == [("a.md", 1), ("a.yml", 2), ("a.yml", 5)], err


def test_nesting_below_the_limit_keeps_every_word(tmp_path, capsys):
    root = site(tmp_path / "s")
    body = "> " * 90 + "ninety quotes deep\n\n" + "".join("  " * i + f"- list level {i}\n" for i in range(45))
    article(root, "a", body)
    code, err = build(root, tmp_path / "out", capsys)
    assert code == 0, err
    page = (tmp_path / "out/articles/a/index.html").read_text()
    assert "ninety quotes deep" in page and "list level 44" in page
    assert _max_depth(page, "blockquote") == 90 and _max_depth(page, "ul") == 45


def _max_depth(html: str, tag: str) -> int:
    depth = deepest = 0
    for match in re.finditer(rf"<(/?){tag}\b", html):
        depth += -1 if match.group(1) else 1
        deepest = max(deepest, depth)
    return deepest


YAML_NESTING = {
    "flow sequences in a sidecar": ("articles/a.yml", "terms:\n  X:\n    definition: d\n    aliases: " + "[" * 200_000 + "]" * 200_000 + "\n"),
    "flow mappings in a glossary": ("glossary/g.yml", "terms: " + "{a: " * 60_000 + "b" + "}" * 60_000 + "\n"),
    "compact block sequences": ("glossary/g.yml", "terms:\n  X:\n    definition: d\n    aliases:\n      " + "- " * 100_000 + "x\n"),
    "front matter": ("articles/a.md", "---\ntitle: A\ndate: 2020-01-01\nauthors: " + "[" * 100_000 + "]" * 100_000 + "\n---\nBody.\n"),
    "site.yml": ("site.yml", "title: " + "[" * 100_000 + "]" * 100_000 + "\n"),
}


@pytest.mark.parametrize("case", sorted(YAML_NESTING))
def test_deeply_nested_yaml_is_one_clear_error_never_a_crash(tmp_path, case):
    """The C composer of PyYAML overflows its stack (SIGSEGV) past ~50,000 levels: sitegen stops long before."""
    rel, text = YAML_NESTING[case]
    root = site(tmp_path / "s")
    article(root, "a", "Body.\n")
    (root / "content" / rel).write_text(text)
    code, err, _, _ = build_in_child(root, tmp_path / "out", timeout=120)
    assert code == 1, f"exit {code}: {err[-2000:]}"
    assert re.search(re.escape(f"content/{rel}") + r":\d+:\d+: error: .*nested", err), err[-2000:]
    assert "Traceback" not in err


def test_an_alias_bomb_is_one_clear_error(tmp_path, capsys):
    root = site(tmp_path / "s")
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    (root / "content/glossary/bomb.yml").write_text("\n".join(lines) + "\n")
    began = time.monotonic()
    code, err = build(root, tmp_path / "out", capsys)
    assert code == 1 and re.search(r"bomb\.yml:\d+:\d+: error: ", err), err
    assert time.monotonic() - began < 60  # a hang guard, not a speed test: a billion values would never finish


@pytest.mark.parametrize("escape", ["\\x01", "\\x7f", "\\x9f", "\\uFFFE", "\\e"])
def test_a_control_character_written_as_an_escape_is_an_error_where_it_is(escape):
    """The reader refuses control characters typed raw; an escape in a quoted scalar (a key's or a value's) is refused too."""
    from sitegen.errors import Diagnostics
    from sitegen.yamlio import parse_yaml

    for text, at in ((f'terms:\n  X:\n    definition: "a{escape}b"\n', (3, 17)), (f'"k{escape}": [x, "y{escape}"]\n', (1, 1))):
        diags = Diagnostics()
        parse_yaml(text, "g.yml", diags)
        found = [(d.line, d.col) for d in diags.items if d.code == "yaml-control-char"]
        assert found[0] == at and len(found) == (1 if text.startswith("terms") else 2), (text, diags.items)
    diags = Diagnostics()
    parse_yaml('terms:\n  X:\n    definition: "tab\\t, line\\n, NEL\\N, no-break\\_ space"\n', "g.yml", diags)
    assert not diags.items


@pytest.mark.parametrize("char", ["\x01", "\x1f", "\x7f", "\x85", "\x9f", "\ufffe", "\uffff"])
def test_a_control_character_in_an_article_body_is_an_error_where_it_is(tmp_path, char):
    """The body is looked at through the file's bytes first (`utf8_free_of_control`); what it finds is placed exactly."""
    from sitegen.content import load_article
    from sitegen.errors import Diagnostics

    path = tmp_path / "a.md"
    path.write_text(f"---\ntitle: A — b\ndate: 2020-01-01\n---\nFirst line, é\nab{char}c\n", encoding="utf-8")
    diags = Diagnostics()
    assert load_article(path, "a", diags, tmp_path) is None
    assert [(d.code, d.line, d.col) for d in diags.items] == [("control-char", 6, 3)]
    path.write_text("---\ntitle: A\ndate: 2020-01-01\n---\ntab\there, form\x0cfeed, no-break\u00a0space, © and —\r\n", encoding="utf-8")
    diags = Diagnostics()
    assert load_article(path, "a", diags, tmp_path) is not None and not diags.items


# ---------------------------------------------------------------- the matcher's worst inputs


def test_near_misses_of_a_long_name_cost_one_pass():
    """1 MB of 'a a a ...' against a 199-character name that never quite matches."""
    matcher = Matcher([Name("a " * 99 + "b", "x", False)])
    assert matcher.find("a " * 500_000) == []
    assert len(matcher.find(("a " * 99 + "b ") * 1000)) == 1000


def test_a_long_name_failing_its_case_rule_everywhere():
    """Every position matches the pattern but not the capital: the fallback tries only lengths that names have."""
    matcher = Matcher([Name("A" + " a" * 99, "x", True), Name("a a", "y", False)])
    found = matcher.find("a " * 500_000)
    assert len(found) == 250_000 and {m.name.term_id for m in found} == {"y"}
    assert [(m.start, m.end) for m in found[:2]] == [(0, 3), (4, 7)]


def test_overlapping_names_and_suffixes():
    names = [Name(" ".join(["Al"] * k), f"t{k}", False) for k in range(1, 60)]
    matcher = Matcher(names)
    text = " ".join(["Al's"] * 50_000)
    found = matcher.find(text)
    assert found and all(text[m.start : m.end].endswith("Al's") for m in found)
    assert sum(m.end - m.start for m in found) <= len(text)


def test_a_glossary_of_names_that_share_prefixes(tmp_path, capsys):
    """A build where every mention is a near-miss of longer names (a deep regex trie)."""
    root = site(tmp_path / "s")
    terms = "".join(f"  {'Pre ' * k}fix:\n    id: t-{k}\n    definition: d\n" for k in range(1, 50))
    (root / "content/glossary/g.yml").write_text("terms:\n" + terms)
    article(root, "a", ("Pre " * 49 + "fi\n\n") * 2000 + "Pre fix and Pre Pre fix.\n")
    code, err = build(root, tmp_path / "out", capsys)
    assert code == 0, err
    page = (tmp_path / "out/articles/a/index.html").read_text()
    assert 'data-term="t-1"' in page and 'data-term="t-2"' in page


# ---------------------------------------------------------------- empty


def test_an_empty_site_builds_a_complete_empty_site(tmp_path, capsys):
    root = site(tmp_path / "s")
    (root / "content/static").mkdir()
    (root / "content/glossary/empty.yml").write_text("")
    out = tmp_path / "out"
    code, err = build(root, out, capsys)
    assert code == 0, err
    for rel in ("index.html", "glossary/index.html", "404.html", "feed.xml", "sitemap.xml", "robots.txt", ".nojekyll"):
        assert (out / rel).is_file(), rel
    import xml.etree.ElementTree as ET

    assert ET.parse(out / "feed.xml").getroot().find("{http://www.w3.org/2005/Atom}entry") is None
    assert "sg-empty" in (out / "index.html").read_text()


@pytest.mark.parametrize(
    "layout, words",
    [
        ("no content folder", "content/site.yml is missing"),
        ("empty site.yml", "title"),
        ("empty article", "front matter"),
    ],
)
def test_nothing_at_all_is_one_clear_error(tmp_path, capsys, layout, words):
    root = tmp_path / "s"
    root.mkdir()
    if layout != "no content folder":
        site(root, "" if layout == "empty site.yml" else "title: T\n")
    if layout == "empty article":
        (root / "content/articles/a.md").write_text("")
    code, err = build(root, tmp_path / "out", capsys)
    assert code == 1 and words in err and "Traceback" not in err, err
    assert re.search(r":\d+:\d+: error: ", err)
