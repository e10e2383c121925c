"""It deletes only what it made, and reads only what it should.

Every refusal of an output folder (exit 2, one clear line, nothing touched),
and every kind of symlink in content/ or themes/: a link to a file inside
the same folder is followed; anything else is `path:1:1: error: symlink ...`
(exit 1), never opened, and the previous output stays as it was.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from sitegen.cli import main
from sitegen.writer import MARKER
from tests.conftest import SITES
from tests.test_hardening_output import snapshot

SECRET = "SECRET-FROM-OUTSIDE-THE-SITE"


@pytest.fixture
def root(tmp_path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(SITES / "layered", root)
    return root


def build(root: Path, out: Path | str, capsys) -> tuple[int, str]:
    code = main(["build", "--root", str(root), "--out", str(out)])
    return code, capsys.readouterr().err


def assert_refused(code: int, err: str, words: str) -> None:
    assert code == 2, err
    assert words in err, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("sitegen: error: refusing"), err


# ---------------------------------------------------------------- output folders


@pytest.mark.parametrize(
    "where, words",
    [
        ("/", "it is the file system's root"),
        ("HOME", "it is your home folder"),
        (".", "it is the project folder"),
        ("content", "it is inside or above"),
        ("content/static/img", "it is inside or above"),
        ("content/new-folder", "it is inside or above"),
        ("themes", "it is inside or above"),
        ("themes/default/templates", "it is inside or above"),
        ("..", "it is inside or above"),
    ],
)
def test_refuses_dangerous_output_folders(root, tmp_path, capsys, monkeypatch, where, words):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    out = Path("/") if where == "/" else home if where == "HOME" else root / where
    before = snapshot(tmp_path)
    code, err = build(root, out, capsys)
    assert_refused(code, err, words)
    assert snapshot(tmp_path) == before  # nothing written, nothing removed, anywhere


def test_refuses_an_output_that_is_a_link_into_content(root, tmp_path, capsys):
    link = tmp_path / "site"
    link.symlink_to(root / "content" / "static")
    code, err = build(root, link, capsys)
    assert_refused(code, err, "it is inside or above")


def test_refuses_an_output_inside_the_real_folder_of_a_linked_content(tmp_path, capsys):
    """content/ may be a link (a shared checkout); its real folder is protected all the same."""
    real = tmp_path / "shared" / "content"
    shutil.copytree(SITES / "layered" / "content", real)
    root = tmp_path / "project"
    root.mkdir()
    (root / "content").symlink_to(real)
    code, err = build(root, real / "site", capsys)
    assert_refused(code, err, "it is inside or above")
    assert not (real / "site").exists()


def test_refuses_a_folder_it_did_not_make_and_leaves_every_file(root, tmp_path, capsys):
    out = tmp_path / "thesis"
    (out / "chapters").mkdir(parents=True)
    (out / "chapters" / "one.md").write_text("years of work")
    (out / "index.html").write_text("<p>my own page</p>")
    before = snapshot(tmp_path)
    code, err = build(root, out, capsys)
    assert_refused(code, err, f"it is not empty and was not made by sitegen (no {MARKER} file)")
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("fake", ["folder", "symlink"])
def test_a_marker_must_be_a_real_file(root, tmp_path, capsys, fake):
    out = tmp_path / "site"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    if fake == "folder":
        (out / MARKER).mkdir()
    else:
        (tmp_path / "elsewhere").write_text("a marker somewhere else")
        (out / MARKER).symlink_to(tmp_path / "elsewhere")
    before = snapshot(tmp_path)
    code, err = build(root, out, capsys)
    assert_refused(code, err, "was not made by sitegen")
    assert snapshot(tmp_path) == before


def test_refuses_an_output_that_is_a_file(root, tmp_path, capsys):
    out = tmp_path / "site"
    out.write_text("a file, not a folder")
    code, err = build(root, out, capsys)
    assert code == 2 and "exists and is not a folder" in err
    assert out.read_text() == "a file, not a folder"


def test_an_empty_folder_is_used_and_a_folder_it_made_is_replaced_whole(root, tmp_path, capsys):
    out = tmp_path / "site"
    out.mkdir()
    code, err = build(root, out, capsys)
    assert code == 0, err
    assert (out / MARKER).is_file() and (out / "index.html").is_file()
    (out / "stray.html").write_text("edited by hand in the output")  # the marker says: sitegen's, replaced whole
    code, err = build(root, out, capsys)
    assert code == 0, err
    assert not (out / "stray.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"]


def test_refusals_through_the_command_line_exit_2_without_a_traceback(root, tmp_path):
    from tests.conftest import run_sitegen

    result = run_sitegen("build", "--root", str(root), "--out", str(root / "content"))
    assert result.returncode == 2
    assert result.stderr.startswith("sitegen: error: refusing to use ") and "Traceback" not in result.stderr


# ---------------------------------------------------------------- symlinks


@pytest.fixture
def outside(tmp_path) -> Path:
    """A folder beside the project, with a secret in it."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_text(SECRET)
    (folder / "article.md").write_text(f"---\ntitle: Secret\ndate: 2020-01-01\n---\n{SECRET}\n")
    (folder / "glossary.yml").write_text(f"terms:\n  Secret:\n    definition: {SECRET}\n")
    (folder / "site.yml").write_text(f"title: {SECRET}\n")
    (folder / "base.html").write_text(SECRET)
    return folder


def _git_config(root: Path) -> Path:
    git = root / ".git"
    git.mkdir()
    (git / "config").write_text(f'[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic {SECRET}\n')
    return git / "config"


LINKS = {
    # name: (link, target) relative to the project root; "OUT/" is the outside folder
    "static file to outside": ("content/static/secret.txt", "OUT/secret.txt"),
    "static file to the git config": ("content/static/config.txt", "GIT"),
    "static file to /proc/self/environ": ("content/static/environ.txt", "/proc/self/environ"),
    "static folder to outside": ("content/static/more", "OUT/"),
    "static folder inside": ("content/static/again", "content/static/img"),
    "the static folder itself": ("content/static", "OUT/"),
    "article to outside": ("content/articles/secret.md", "OUT/article.md"),
    "the articles folder itself": ("content/articles", "OUT/"),
    "glossary file to outside": ("content/glossary/secret.yml", "OUT/glossary.yml"),
    "site.yml to outside": ("content/site.yml", "OUT/site.yml"),
    "dangling": ("content/static/gone.txt", "content/static/no-such-file"),
    "loop": ("content/static/loop.txt", "content/static/loop.txt"),
    "theme template to outside": ("themes/default/templates/base.html", "OUT/base.html"),
    "theme static file to outside": ("themes/default/static/evil.css", "OUT/secret.txt"),
    "theme folder to outside": ("themes/default/static", "OUT/"),
    "the site's theme itself": ("themes/default", "OUT/"),
}


def _plant(root: Path, outside: Path, link: str, target: str) -> Path:
    path = root / link
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    if target == "GIT":
        real = _git_config(root)
    elif target.startswith("OUT/"):
        real = outside / target[4:]
    elif target.startswith("/"):
        real = Path(target)
    else:
        real = root / target
    path.symlink_to(real, target_is_directory=real.is_dir())
    return path


_OPENED: list[str] | None = None


def _audit(event: str, args: tuple) -> None:
    if event == "open" and _OPENED is not None and isinstance(args[0], (str, bytes, os.PathLike)):
        _OPENED.append(os.fsdecode(args[0]))


sys.addaudithook(_audit)  # sees every open(), io.open, os.open of the process


@pytest.fixture(scope="module")
def first_build(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("first") / "site"
    assert main(["build", "--root", str(SITES / "layered"), "--out", str(out)]) == 0
    return out


@pytest.mark.parametrize("case", sorted(LINKS))
def test_a_symlink_that_leaves_its_folder_is_an_error_and_is_never_read(root, outside, tmp_path, capsys, first_build, case):
    link, target = LINKS[case]
    out = tmp_path / "site"
    shutil.copytree(first_build, out)
    before = snapshot(out)
    path = _plant(root, outside, link, target)
    global _OPENED
    _OPENED = opened = []
    try:
        code, err = build(root, out, capsys)
    finally:
        _OPENED = None
    assert code == 1, err
    top = "themes" if link.startswith("themes/") else "content"
    shown = os.path.relpath(path)
    assert f"{shown}:1:1: error: symlink " in err, err
    assert f"sitegen follows a link only to a file inside {top}/" in err
    assert "Traceback" not in err and SECRET not in err
    followed = [f for f in opened if Path(f).resolve().is_relative_to(outside.resolve()) or f.endswith(("environ", ".git/config"))]
    assert followed == [], f"opened through the link: {followed}"
    assert snapshot(out) == before


def test_a_symlink_to_a_file_inside_its_folder_is_followed(root, tmp_path, capsys):
    (root / "content/static/same-pixel.gif").symlink_to("img/pixel.gif")  # relative, stays in content/
    (root / "themes/shared.html").write_text((root / "themes/default/templates/article.html").read_text())
    (root / "themes/default/templates/article.html").unlink()
    (root / "themes/default/templates/article.html").symlink_to(root / "themes/shared.html")
    out = tmp_path / "site"
    code, err = build(root, out, capsys)
    assert code == 0, err
    copied = out / "same-pixel.gif"
    assert not copied.is_symlink() and copied.read_bytes() == (root / "content/static/img/pixel.gif").read_bytes()
    assert "Layered theme footer" in (out / "articles/first/index.html").read_text()


def test_editor_lock_files_are_ignored_even_as_dangling_links(root, tmp_path, capsys):
    """Emacs marks a file being edited with a dangling link `.#name`; sitegen never looks at it."""
    (root / "content/articles/.#first.md").symlink_to("user@host.1234:1700000000")
    (root / "content/static/.#pixel.gif").symlink_to("user@host.1234:1700000000")
    code, err = build(root, tmp_path / "site", capsys)
    assert code == 0, err


def test_an_image_path_must_stay_in_content_static(root, tmp_path, capsys, outside):
    article = root / "content/articles/second.md"
    text = article.read_text()
    relative = os.path.relpath(outside / "secret.txt", root / "content/static")
    article.write_text(text.replace("title:", f"image: {relative}\nimage_alt: a secret\ntitle:", 1))
    code, err = build(root, tmp_path / "site", capsys)
    assert code == 1, err
    assert "second.md:" in err and "not found in content/static/" in err
