"""Discovery of content/ and articles' front matter, as typed dataclasses."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sitegen.errors import Diagnostics
from sitegen.ids import is_slug, slugify
from sitegen.paths import refuse_link, walk_files
from sitegen.pickling import pickled_by_fields

if TYPE_CHECKING:
    from sitegen.yamlio import YamlDoc

# Reading articles needs YAML, the schemas and markdown-it's URL rules; a no-op build, which lists the
# files and unpickles the articles it kept, does not: those are imported where they are used.

_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
"""Characters HTML forbids in text (tab, line feed, form feed and carriage return are white space)."""

MAX_ARTICLE_BYTES = 4 * 1024 * 1024
"""An article larger than this is refused rather than rendered slowly."""


def find_control(text: str) -> re.Match[str] | None:
    """The first character of `text` that HTML forbids (`_CONTROL`), if any.

    Each of them is one `str.isprintable` refuses (C0 and C1 controls, DEL,
    noncharacters), and that check costs a third of the regular expression's
    (which tests a large character set at each character): a text that is
    printable once its line breaks are spaces, the usual case, has none.
    """
    if text.replace("\n", " ").isprintable():
        return None
    return _CONTROL.search(text)


_CONTROL_BYTES = bytes(range(0x09)) + b"\x0b" + bytes(range(0x0e, 0x20)) + b"\x7f"
"""`_CONTROL`'s characters below U+0080, each one byte in UTF-8 (and never part of a longer sequence)."""
_C1_UTF8 = re.compile(b"\xc2[\x80-\x9f]")
"""`_CONTROL`'s characters U+0080-U+009F in UTF-8 (U+FFFE and U+FFFF are EF BF BE and EF BF BF)."""


def utf8_free_of_control(data: bytes) -> bool:
    """Whether UTF-8 `data` surely holds no character `_CONTROL` matches (False: look with `find_control`).

    An article's bytes are at hand before its text: deleting the one-byte controls with
    `bytes.translate` and two substring searches cost a fifth of `find_control`'s
    `str.isprintable` over a text with one non-ASCII character (a two-byte string)."""
    return (
        len(data.translate(None, _CONTROL_BYTES)) == len(data)
        and (b"\xc2" not in data or _C1_UTF8.search(data) is None)  # one byte: memchr, where the others are slower
        and (b"\xef" not in data or (b"\xef\xbf\xbe" not in data and b"\xef\xbf\xbf" not in data))
    )


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Publication:
    """Where an article was first published."""

    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    date: dt.date | None = None


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Correction:
    date: dt.date
    text: str
    """Markdown."""


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Article:
    """One article: its front matter, typed, and its Markdown body."""

    slug: str
    path: str
    title: str
    date: dt.date
    body: str
    body_line: int
    """The 1-based line of the body's first line in the file."""
    updated: dt.date | None = None
    summary: str = ""
    authors: tuple[str, ...] = ()
    source: Publication | None = None
    image: str | None = None
    image_alt: str | None = None
    image_credit: str | None = None
    corrections: tuple[Correction, ...] = ()
    aliases: tuple[str, ...] = ()
    draft: bool = False
    annotate: str | None = None
    sidecar: str | None = None
    """Path of its annotations sidecar, if any."""

    @property
    def latest(self) -> dt.date:
        """The later of date and updated: what feeds and meta report."""
        return max(self.date, self.updated) if self.updated else self.date

    @property
    def url(self) -> str:
        return f"articles/{self.slug}/"


@dataclass(slots=True)
class ContentFiles:
    """What lies in content/, before anything is parsed."""

    articles: dict[str, Path] = field(default_factory=dict)
    sidecars: dict[str, Path] = field(default_factory=dict)
    glossary: list[Path] = field(default_factory=list)
    static: list[Path] = field(default_factory=list)


def _ignored_name(name: str) -> bool:
    """Editor droppings: hidden, backup and swap files."""
    return name.startswith((".", "#", "~")) or name.endswith(("~", ".swp", ".swx", ".tmp", ".bak"))


def _ignored(path: Path) -> bool:
    return _ignored_name(path.name)


def _listing(folder: Path, content: Path, diagnostics: Diagnostics) -> list[Path]:
    """The files directly in `folder`, sorted by name, but editor droppings, folders and refused links.

    `os.scandir` knows from the folder itself which entries are links or
    folders: one system call per folder, not two per file (5,000 articles).
    """
    with os.scandir(folder) as listing:
        entries = sorted(listing, key=lambda entry: entry.name)
    found = []
    for entry in entries:
        if _ignored_name(entry.name):
            continue
        path = folder / entry.name
        if entry.is_symlink():
            if refuse_link(path, content, diagnostics) or path.is_dir():
                continue
        elif entry.is_dir():
            continue
        found.append(path)
    return found


def discover(root: Path, diagnostics: Diagnostics) -> ContentFiles:
    content = root / "content"
    files = ContentFiles()
    articles_dir = content / "articles"
    if articles_dir.is_dir() and not refuse_link(articles_dir, content, diagnostics):
        for path in _listing(articles_dir, content, diagnostics):
            slug = path.stem
            if path.suffix in (".md", ".yml"):
                if not is_slug(slug, max_length=None):
                    diagnostics.error(
                        path, 1, 1, "bad-slug",
                        f"'{path.name}': a file name must be a slug of lowercase ASCII letters, "
                        "digits and hyphens (like kerry-rips-russia.md)"
                        + (f"; rename it to '{slugify(slug)}{path.suffix}'" if slugify(slug) else ""),
                    )
                    continue
                (files.articles if path.suffix == ".md" else files.sidecars)[slug] = path
            elif path.suffix in (".yaml", ".markdown"):
                better = ".yml" if path.suffix == ".yaml" else ".md"
                diagnostics.error(path, 1, 1, "bad-extension", f"'{path.name}' is not read: rename it to '{slug}{better}'")
            else:
                diagnostics.warning(path, 1, 1, "unknown-file", f"'{path.name}' is not an article (.md) or sidecar (.yml) and is ignored; move it out of content/articles/")
    for slug, path in files.sidecars.items():
        if slug not in files.articles:
            from sitegen.schema import did_you_mean

            diagnostics.error(
                path, 1, 1, "orphan-sidecar",
                f"sidecar without its article: there is no articles/{slug}.md"
                + (did_you_mean(slug, files.articles) or "; rename the sidecar to match its article, or remove it"),
            )
    glossary_dir = content / "glossary"
    if glossary_dir.is_dir() and not refuse_link(glossary_dir, content, diagnostics):
        for path in _listing(glossary_dir, content, diagnostics):
            if path.suffix == ".yml":
                files.glossary.append(path)
            elif path.suffix == ".yaml":
                diagnostics.error(path, 1, 1, "bad-extension", f"'{path.name}' is not read: rename it to '{path.stem}.yml'")
            else:
                diagnostics.warning(path, 1, 1, "unknown-file", f"'{path.name}' in glossary/ is not a .yml file and is ignored")
    static_dir = content / "static"
    files.static = walk_files(static_dir, content, diagnostics, skip=_ignored)
    return files


def split_front_matter(text: str, path: str, diagnostics: Diagnostics) -> tuple[YamlDoc | None, str, int]:
    """(front matter, body, body's first line); the doc is None on error.

    Lines are split on line feeds only, as markdown-it counts them, so line
    numbers in the front matter and in the body agree with the editor's.
    """
    from sitegen.yamlio import parse_yaml

    start = text.find("\n") + 1  # (0: a text of one line)
    first = (text[: start - 1] if start else text).rstrip("\r").rstrip()
    if first != "---":
        if first == "+++":
            message = "TOML front matter ('+++') is not supported: write YAML between two '---' lines"
        elif first.startswith("---"):
            message = "the first line must be exactly '---' (nothing after it); put the front matter on the next lines"
        else:
            message = "missing front matter: the file must start with a '---' line, then title: and date:, then '---'"
        diagnostics.error(path, 1, 1, "front-matter-missing", message)
        return None, text, 1
    # The closing line is looked for line by line from the top: splitting the whole article into lines
    # (and joining the body's again) cost more than parsing its front matter.
    index, line_start = 1, start
    while start:
        end = text.find("\n", line_start)
        if (text[line_start:end] if end >= 0 else text[line_start:]).rstrip("\r").rstrip() in ("---", "..."):
            yaml_text = text[start:line_start] if line_start > start else "\n"
            body = text[end + 1 :] if end >= 0 else ""
            doc = parse_yaml(yaml_text, path, diagnostics, line_offset=1)
            if doc is not None and doc.value is None:
                doc.value = {}
                doc.marks[()] = (1, 1)
            return doc, body, index + 2
        if end < 0:
            break
        index, line_start = index + 1, end + 1
    diagnostics.error(
        path, 1, 1, "front-matter-unclosed",
        "the front matter is not closed: add a '---' line after its last key",
    )
    return None, "", 1


def _date(doc: YamlDoc, key: tuple, diagnostics: Diagnostics) -> dt.date | None:
    value = doc.value
    for part in key:
        value = value[part]
    try:
        return dt.date.fromisoformat(value)
    except ValueError:  # the schema's format: date catches these first
        line, col = doc.where(key)
        diagnostics.error(doc.path, line, col, "bad-date", f"'{value}' is not a real date (YYYY-MM-DD)")
        return None


def load_article(path: Path, slug: str, diagnostics: Diagnostics, root: Path, sidecar: Path | None = None, data: bytes | None = None) -> Article | None:
    """Parse one article file (its bytes `data`, when the caller has read them); None when it has errors."""
    from sitegen.markdown import normalize_link
    from sitegen.schema import did_you_mean, validate
    from sitegen.yamlio import decode_text

    if data is None:
        data = path.read_bytes()
    text = decode_text(data, path, diagnostics, MAX_ARTICLE_BYTES, what="article", fix="shorten it, or split it into several articles")
    if text is None:
        return None
    before = len(diagnostics.items)
    doc, body, body_line = split_front_matter(text, str(path), diagnostics)
    if doc is None:
        return None
    bad = None if utf8_free_of_control(data) else find_control(body)  # the body is part of the file
    if bad:  # HTML forbids it; it is never what an editor meant (a paste from another program)
        before = body[: bad.start()]
        diagnostics.error(
            path, body_line + before.count("\n"), bad.start() - before.rfind("\n"), "control-char",
            f"the control character U+{ord(bad.group()):04X} is not allowed in text; remove it",
        )
        return None
    if not validate(doc, "article", diagnostics):
        return None
    fm = doc.value
    date = _date(doc, ("date",), diagnostics)
    updated = _date(doc, ("updated",), diagnostics) if "updated" in fm else None
    source = None
    if "source" in fm:
        src = fm["source"]
        source = Publication(
            title=src.get("title"), url=normalize_link(src["url"]) if "url" in src else None, publisher=src.get("publisher"),
            date=_date(doc, ("source", "date"), diagnostics) if "date" in src else None,
        )
    corrections = []
    for i, item in enumerate(fm.get("corrections", [])):
        when = _date(doc, ("corrections", i, "date"), diagnostics)
        if when:
            corrections.append(Correction(when, item["text"]))
    if "image" in fm:  # image_alt is required with it by the schema
        static = root / "content" / "static"
        image_file = static / fm["image"].lstrip("/")
        if not image_file.is_file() or not image_file.resolve().is_relative_to(static.resolve()):
            line, col = doc.where(("image",))
            present = [p.relative_to(static).as_posix() for p in static.rglob("*") if p.is_file()] if static.is_dir() else []
            diagnostics.error(
                path, line, col, "image-missing",
                f"image '{fm['image']}' not found in content/static/"
                + (did_you_mean(fm["image"].lstrip("/"), present) or "; put the file there, or fix the path"),
            )
    if date and updated and updated < date:
        line, col = doc.where(("updated",))
        diagnostics.warning(path, line, col, "updated-before-date", f"updated ({updated}) is earlier than date ({date}); updated is the day of the last change, so fix one of them")
    if len(diagnostics.items) > before and any(d.severity.value == "error" for d in diagnostics.items[before:]):
        return None
    assert date is not None
    return Article(
        slug=slug,
        path=str(path),
        title=fm["title"],
        date=date,
        body=body,
        body_line=body_line,
        updated=updated,
        summary=fm.get("summary", ""),
        authors=tuple(fm.get("authors", ())),
        source=source,
        image=fm.get("image"),
        image_alt=fm.get("image_alt"),
        image_credit=fm.get("image_credit"),
        corrections=tuple(corrections),
        aliases=tuple(fm.get("aliases", ())),
        draft=fm.get("draft", False),
        annotate=fm.get("annotate"),
        sidecar=str(sidecar) if sidecar else None,
    )
