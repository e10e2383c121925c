"""Every mistake an editor can make gets one precise message: the invalid sites under tests/invalid/.

Each case's expected.txt is exactly what `sitegen check` prints (file, line,
column, severity, message, then the summary line); `sitegen build` must
report the same problems and write nothing. See tests/invalid_sites.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import REPO, run_sitegen
from tests.invalid_sites import BASE, INVALID, case_names, make_site, run_in

CASES = case_names()
LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning|info): (?P<message>.+)$")


def expected(case: str) -> str:
    return (INVALID / case / "expected.txt").read_text("utf-8")


def problems(output: str) -> list[str]:
    return [line for line in output.splitlines() if LINE.match(line)]


def test_there_is_a_case_per_mistake():
    assert len(CASES) >= 60
    for case in CASES:
        assert (INVALID / case / "expected.txt").is_file(), f"{case} has no expected.txt"


def test_the_base_site_is_clean():
    code, _, err = run_in(BASE, "check")
    assert (code, err) == (0, "sitegen: check passed: 0 errors, 0 warnings\n")


@pytest.mark.parametrize("case", CASES)
def test_check_reports_exactly_the_expected_problems(case, tmp_path):
    root = make_site(case, tmp_path / "site-root")
    code, out, err = run_in(root, "check")
    assert err == expected(case)
    assert out == ""
    lines = [LINE.match(line) for line in problems(err)]
    assert lines, "every case reports at least one problem"
    assert all(int(m["line"]) >= 1 and int(m["col"]) >= 1 for m in lines)
    assert all(not Path(m["path"]).is_absolute() for m in lines)
    assert "Traceback" not in err
    severities = {m["severity"] for m in lines}
    assert code == (1 if "error" in severities else 0), "info and warnings never fail check"
    strict_code, _, strict_err = run_in(root, "check", "--strict")
    assert strict_code == (1 if severities & {"error", "warning"} else 0), "--strict fails on warnings, never on info"
    assert problems(strict_err) == problems(err)


@pytest.mark.parametrize("case", CASES)
def test_build_runs_the_same_checks_and_writes_nothing_on_errors(case, tmp_path):
    root = make_site(case, tmp_path / "site-root")
    out = tmp_path / "out"
    code, _, err = run_in(root, "build", "--out", str(out))
    wanted = [line for line in problems(expected(case)) if ": info: " not in line]
    assert problems(err) == wanted, "build shows what check shows, except info"
    has_errors = any(": error: " in line for line in wanted)
    assert code == (1 if has_errors else 0)
    assert out.exists() is not has_errors, "a failed build writes nothing"
    if any(": warning: " in line for line in wanted):
        strict_out = tmp_path / "strict-out"
        code, _, err = run_in(root, "build", "--strict", "--out", str(strict_out))
        assert code == 1 and not strict_out.exists()
        assert "(--strict: warnings count as errors)" in err


GITHUB = re.compile(r"^::(?P<kind>error|warning|notice) file=(?P<file>[^,]+),line=(?P<line>\d+),col=(?P<col>\d+),title=(?P<title>[^:]+)::(?P<message>.+)$")


@pytest.mark.parametrize("case", ["unknown-key-sidecar", "term-without-source", "glossary-term-unused-is-info", "yaml-duplicate-key-nested"])
def test_github_format_gives_one_annotation_per_problem(case, tmp_path):
    root = make_site(case, tmp_path / "site-root")
    code, out, err = run_in(root, "check", "--format", "github")
    text_lines = [LINE.match(line) for line in problems(expected(case))]
    annotations = [GITHUB.match(line) for line in out.splitlines()]
    assert all(annotations), out
    assert len(annotations) == len(text_lines)
    kinds = {"error": "error", "warning": "warning", "info": "notice"}
    for annotation, text in zip(annotations, text_lines):
        assert annotation["kind"] == kinds[text["severity"]]
        assert (annotation["file"], annotation["line"], annotation["col"]) == (text["path"], text["line"], text["col"])
        assert annotation["title"].startswith("sitegen ")
        assert annotation["message"] == text["message"].replace("%", "%25")
    assert err.startswith("sitegen: check ")  # the summary stays on stderr


def test_github_format_escapes_what_would_break_the_command():
    from sitegen.errors import Diagnostic, Severity

    d = Diagnostic("content/a,b:c.yml", 3, 4, Severity.ERROR, "x", "50% done\nnext line")
    assert d.format_github() == "::error file=content/a%2Cb%3Ac.yml,line=3,col=4,title=sitegen x::50%25 done%0Anext line"


def test_an_invalid_site_from_the_command_line_gives_no_traceback(tmp_path):
    root = make_site("yaml-alias-bomb", tmp_path / "site-root")
    result = run_sitegen("build", cwd=root)
    assert result.returncode == 1
    assert result.stderr == "".join(
        line + "\n" for line in problems(expected("yaml-alias-bomb"))
    ) + "sitegen: build failed: 1 error, 0 warnings\n"
    assert not (root / "site").exists()


def test_the_bundled_explainer_has_no_errors():
    code, _, err = run_in(REPO, "check")
    assert code == 0, err
    assert ": error: " not in err


@pytest.mark.parametrize("url", ["example.org", "//example.org/explainers/", "ftp://example.org/"])
def test_a_bad_base_url_option_is_bad_usage(url):
    code, _, err = run_in(BASE, "check", "--base-url", url)
    assert code == 2
    assert err == f"sitegen: error: --base-url must be an absolute http(s) URL or a path starting with a single '/' (found '{url}')\n"


# ---------------------------------------------------------------- docs/checks.md stays true

CHECKS_DOC = REPO / "docs" / "checks.md"


def _doc_rows() -> list[list[str]]:
    rows = []
    for line in CHECKS_DOC.read_text("utf-8").splitlines():
        if line.startswith("| `"):
            cells = [cell.strip() for cell in line.strip().strip("|").split(" | ")]
            if len(cells) == 4 and cells[1] in ("error", "warning", "info"):
                rows.append(cells)
    return rows


def test_every_check_of_every_case_is_documented(tmp_path):
    from sitegen.check import check

    documented = {code for cells in _doc_rows() for code in re.findall(r"`([a-z0-9A-Z-]+)`", cells[0])}
    seen: dict[str, str] = {}
    for case in CASES:
        root = make_site(case, tmp_path / case)
        for d in check(root).items:
            seen.setdefault(d.code, case)
    missing = {code: case for code, case in seen.items() if code not in documented}
    assert not missing, f"checks reported by tests/invalid but not in docs/checks.md: {missing}"


def test_every_case_is_in_the_docs_and_every_example_is_its_exact_output():
    rows = _doc_rows()
    cited: set[str] = set()
    for check_name, severity, example, cases in rows:
        names = re.findall(r"`([a-z0-9-]+)`", cases)
        cited.update(names)
        message = re.match(r"`([^`]+)`", example)
        if not names or message is None or "…" in message[1]:
            continue
        outputs = [expected(name) for name in names]
        assert any(f": {severity}: {message[1]}" in out for out in outputs), (
            f"docs/checks.md: the {check_name} example is not the output of {', '.join(names)}: {message[1]}"
        )
    assert set(CASES) <= cited, f"cases not described in docs/checks.md: {sorted(set(CASES) - cited)}"
    assert cited <= set(CASES), f"docs/checks.md cites cases that do not exist: {sorted(cited - set(CASES))}"


def test_a_name_inside_a_longer_name_is_fine_when_it_also_stands_alone(tmp_path):
    root = make_site("name-hidden-by-longer-name", tmp_path / "site-root")
    article = root / "content" / "articles" / "base.md"
    article.write_text(article.read_text("utf-8") + "\nAny anti-aircraft system would do.\n", encoding="utf-8")
    code, _, err = run_in(root, "check", "--strict")
    assert code == 0 and "never matches" not in err, err


def test_names_hidden_in_a_sidecar_and_in_the_glossary_are_each_reported_where_they_are_defined(tmp_path):
    root = make_site("name-hidden-by-longer-name", tmp_path / "site-root")
    (root / "content" / "glossary" / "more.yml").unlink()
    sidecar = root / "content" / "articles" / "base.yml"
    sidecar.write_text(
        "terms:\n  Russian navy:\n    aliases: [Tartus]\n    definition: Clash.\n    sources: [wiki-tartus]\n",
        encoding="utf-8",
    )
    code, _, err = run_in(root, "check")
    assert "content/articles/base.yml:3:15: error: 'Tartus' (an alias of 'Russian navy') is also a name of the glossary term 'Tartus'" in err
    sidecar.write_text(
        "terms:\n  Port facility:\n    aliases: [naval base at Tartus]\n    definition: A base.\n    sources: [wiki-tartus]\n"
        "  Base:\n    aliases: [naval base]\n    definition: Hidden.\n    sources: [wiki-tartus]\n",
        encoding="utf-8",
    )
    code, _, err = run_in(root, "check", "--strict")
    assert code == 1
    assert problems(err) == [
        "content/articles/base.yml:7:15: warning: 'naval base' (an alias of 'Base') never matches: its one occurrence in the "
        "articles is inside the longer name 'naval base at Tartus' of 'Port facility', which wins "
        "(first at content/articles/base.md:7); link it explicitly there with [naval base](term:base), or remove the name",
        "content/glossary/base.yml:11:3: warning: 'Tartus' (the name of 'Tartus') never matches: its one occurrence in the "
        "articles is inside the longer name 'naval base at Tartus' of 'Port facility', which wins "
        "(first at content/articles/base.md:7); link it explicitly there with [Tartus](term:tartus), or remove the name",
    ]
