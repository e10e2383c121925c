"""YAML as the editor typed it: values with their line marks, nothing retyped.

PyYAML's own loader turns `NO` into False, `2016-10-04` into a date and keeps
the last of two duplicate keys. We read the parser's event stream instead
and build the values ourselves: plain scalars are resolved with the YAML 1.2
core schema (only null, true/false and numbers are typed; everything else
stays the exact text, as the editor's YAML 1.2 schema tooling reads it),
duplicate keys are errors, and nesting and alias expansion are bounded, so
a hostile file is an error, never a hang, a memory blow-up or a crash.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitegen.errors import Diagnostics

yaml: Any = None
"""PyYAML, imported by `parse_by_parser` when a document first needs it: a site whose settings, glossary,
sidecars and front matter all take `_flat_mapping` or `_block_mapping` (the bench site) never does, and
its import costs ~40 M instructions (1% of a clean build: its pure-Python reader compiles a regular
expression over most of Unicode)."""

MAX_YAML_BYTES = 8 * 1024 * 1024
"""Larger annotation files are refused (a 5,000-term glossary with sources is ~2.7 MB)."""
MAX_ALIASED_VALUES = 100_000
"""Bound on the values that aliases (*name) repeat, so an alias bomb is an error, not a hang."""
MAX_DEPTH = 64
"""Bound on nesting: sitegen's files need 6 levels; the C composer crashes past ~50,000."""

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)

_TAG = "tag:yaml.org,2002:"
_CORE_TAGS = {_TAG + name for name in ("str", "int", "float", "bool", "null")}
_UNSAFE_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
"""Control characters XML 1.0 (feed.xml) or HTML forbid: the reader refuses them typed raw, but a quoted escape ("\\x01") writes them."""


def find_unsafe(text: str) -> re.Match[str] | None:
    """The first character of a scalar that `_UNSAFE_CHARS` refuses, if any.

    Each of them is one `str.isprintable` refuses, and that check is a third of the regular
    expression's: a printable scalar, nearly every one, is not searched (as `content.find_control`).
    """
    return None if text.isprintable() else _UNSAFE_CHARS.search(text)


Path_ = tuple[Any, ...]
"""A location inside a document: keys and list indexes from the root."""


@dataclass(slots=True)
class YamlDoc:
    """A parsed YAML document and where each of its values came from."""

    path: str
    value: Any
    marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    """(line, col), 1-based, of each value node, by its path."""
    key_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    """(line, col) of each mapping key, by the path of the value it names."""
    raw: dict[Path_, str] = field(default_factory=dict)
    """The typed text of each plain scalar that was read as a number, true/false or null."""

    def where(self, path: Path_, key: bool = False) -> tuple[int, int]:
        """The position of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        if key and path in self.key_marks:
            return self.key_marks[path]
        while path:
            if path in self.marks:
                return self.marks[path]
            path = path[:-1]
        return self.marks.get((), (1, 1))

    def typed(self, path: Path_, value: Any) -> str:
        """The value as the editor typed it (`yes`, `1.10`, `~`), for messages."""
        raw = self.raw.get(tuple(path))
        if raw is not None:
            return raw
        if isinstance(value, bool):
            return "true" if value else "false"
        return "null" if value is None else str(value)


def _shown_tag(tag: str) -> str:
    return "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag


def resolve_plain(text: str) -> Any:
    """A plain (unquoted) scalar under the YAML 1.2 core schema."""
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text):
        return int(text, 8 if text.startswith("0o") else 16 if text.startswith("0x") else 10)
    if _FLOAT.match(text):
        return float(text.lower().replace(".inf", "inf").replace(".nan", "nan"))
    return text


_TYPED_START = frozenset("0123456789+-.~nNtTfF")
"""The first characters of every text `resolve_plain` types (a number, null, true or false)."""


def _plain_value(text: str) -> Any:
    """`resolve_plain(text)`, with a text that cannot be typed (most: a word) returned at once."""
    if text and text[0] not in _TYPED_START:
        return text
    return resolve_plain(text)


class _Fatal(Exception):
    """A problem after which the rest of the document cannot be trusted."""

    def __init__(self, line: int, col: int, code: str, message: str):
        super().__init__(message)
        self.line, self.col, self.code, self.message = line, col, code, message


_IN_PROGRESS = object()
_NO_KEY = object()


@dataclass(slots=True)
class _Frame:
    """An open mapping or sequence."""

    path: Path_ | None
    """None while building a value that is dropped (a duplicate key's, a bad key)."""
    value: Any
    anchor: str | None
    is_key: bool = False
    """A mapping or list used as a key: built only to be reported."""
    key: Any = _NO_KEY
    """In a mapping: the key waiting for its value (None: drop the value)."""
    seen: dict[str, int] = field(default_factory=dict)
    """In a mapping: each key's line, for duplicate-key messages."""
    size: int = 1
    start: tuple[int, int] = (1, 1)


class _Builder:
    """Turns the parser's events into plain values, recording marks as it goes."""

    def __init__(self, doc: YamlDoc, diagnostics: Diagnostics, line_offset: int):
        self.doc = doc
        self.diagnostics = diagnostics
        self.line_offset = line_offset
        self.stack: list[_Frame] = []
        self.anchors: dict[str, Any] = {}
        self.aliased = 0
        self.documents = 0

    def error(self, at: tuple[int, int], code: str, message: str) -> None:
        self.diagnostics.error(self.doc.path, at[0], at[1], code, message)

    # Where a new value goes -------------------------------------------------

    def _slot(self, event: yaml.Event) -> tuple[Path_ | None, bool]:
        """(path of the value starting now, whether it is a mapping key)."""
        if not self.stack:
            return (), False
        parent = self.stack[-1]
        if isinstance(parent.value, list):
            return (None if parent.path is None else parent.path + (len(parent.value),)), False
        if parent.key is _NO_KEY:
            return None, True
        if parent.path is None or parent.key is None:
            return None, False
        return parent.path + (parent.key,), False

    def _place(self, value: Any, size: int, at: tuple[int, int]) -> None:
        """Put a finished value into its parent (or make it the document)."""
        if not self.stack:
            self.doc.value = value
            return
        parent = self.stack[-1]
        parent.size += size
        if isinstance(parent.value, list):
            if parent.path is not None:
                parent.value.append(value)
            else:
                parent.value.append(None)  # keep indexes counting in dropped lists
            return
        if parent.key is _NO_KEY:
            raise AssertionError("a key is placed by _key")
        if parent.key is not None and parent.path is not None:
            parent.value[parent.key] = value
        parent.key = _NO_KEY

    def _key(self, text: str | None, at: tuple[int, int], plain: bool) -> None:
        parent = self.stack[-1]
        if text is None:
            self.error(at, "yaml-key", "a key must be plain text, not a list, a mapping or an alias")
            parent.key = None
            return
        if text == "<<" and plain:
            self.error(at, "yaml-merge-key", "merge keys ('<<: *name') are not supported: write the keys out")
            parent.key = None
            return
        if text in parent.seen:
            self.error(
                at, "yaml-duplicate-key",
                f"duplicate key '{text}' (first defined at line {parent.seen[text]}); "
                "remove one of them or merge them",
            )
            parent.key = None
            return
        parent.seen[text] = at[0]
        parent.key = text
        if parent.path is not None:
            self.doc.key_marks[parent.path + (text,)] = at

    # Events -----------------------------------------------------------------

    def run(self, text: str) -> None:
        handlers = {
            yaml.ScalarEvent: self._scalar,
            yaml.MappingStartEvent: self._start,
            yaml.SequenceStartEvent: self._start,
            yaml.MappingEndEvent: self._end,
            yaml.SequenceEndEvent: self._end,
            yaml.AliasEvent: self._alias,
            yaml.DocumentStartEvent: self._document,
        }
        offset = self.line_offset
        for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            handler = handlers.get(type(event))
            if handler is not None:
                mark = event.start_mark
                handler(event, (mark.line + 1 + offset, mark.column + 1))

    def _document(self, event, at: tuple[int, int]) -> None:
        self.documents += 1
        if self.documents > 1:
            raise _Fatal(*at, "yaml-syntax", "more than one YAML document; remove the extra '---'")

    def _start(self, event, at: tuple[int, int]) -> None:
        if len(self.stack) >= MAX_DEPTH:
            raise _Fatal(*at, "yaml-too-deep", f"nested more than {MAX_DEPTH} levels deep; sitegen's files need a handful")
        path, is_key = self._slot(event)
        is_map = isinstance(event, yaml.MappingStartEvent)
        tag = event.tag
        if tag not in (None, "!", _TAG + ("map" if is_map else "seq")):
            self.error(at, "yaml-tag", f"unsupported YAML tag '{_shown_tag(tag)}'; remove it")
        if path is not None:
            self.doc.marks[path] = at
        if event.anchor is not None:
            self.anchors[event.anchor] = _IN_PROGRESS
        self.stack.append(_Frame(path, {} if is_map else [], event.anchor, is_key=is_key, start=at))

    def _end(self, event, at: tuple[int, int]) -> None:
        frame = self.stack.pop()
        if frame.anchor is not None:
            self.anchors[frame.anchor] = (frame.value, frame.size)
        if frame.is_key:
            self._key(None, frame.start, False)
            self.stack[-1].size += frame.size
            return
        self._place(frame.value, frame.size, frame.start)

    def _scalar(self, event: yaml.ScalarEvent, at: tuple[int, int]) -> None:
        path, is_key = self._slot(event)
        bad = find_unsafe(event.value)
        if bad:
            self.error(at, "yaml-control-char", f"the control character U+{ord(bad.group()):04X} (written as an escape) is not allowed in text; remove it")
        plain = bool(event.implicit[0]) and event.tag is None
        if is_key:
            if event.anchor is not None:
                self.anchors[event.anchor] = (event.value, 1)
            self._key(event.value, at, plain)
            return
        value = self._typed(event, at, path)
        if path is not None:
            self.doc.marks[path] = at
            if plain and not isinstance(value, str):
                self.doc.raw[path] = event.value
        if event.anchor is not None:
            self.anchors[event.anchor] = (value, 1)
        self._place(value, 1, at)

    def _typed(self, event: yaml.ScalarEvent, at: tuple[int, int], path: Path_ | None) -> Any:
        text = event.value
        tag = event.tag
        if tag is None:
            return _plain_value(text) if event.implicit[0] else text
        if tag in ("!", _TAG + "str"):
            return text
        if tag not in _CORE_TAGS:
            self.error(at, "yaml-tag", f"unsupported YAML tag '{_shown_tag(tag)}'; remove it")
            return text
        # An explicit !!int, !!float, !!bool or !!null: the text must be one.
        value = resolve_plain(text)
        wanted = {"int": int, "float": (int, float), "bool": bool, "null": type(None)}[tag[len(_TAG):]]
        if isinstance(value, bool) and wanted is not bool or not isinstance(value, wanted):
            self.error(at, "yaml-tag", f"'{text}' is not a valid !!{tag[len(_TAG):]}; remove the tag")
            return text
        return float(value) if tag.endswith("float") else value

    def _alias(self, event: yaml.AliasEvent, at: tuple[int, int]) -> None:
        path, is_key = self._slot(event)
        name = event.anchor
        target = self.anchors.get(name)
        if is_key:
            self._key(None, at, False)
            return
        if target is None:
            raise _Fatal(*at, "yaml-alias", f"unknown alias '*{name}': define '&{name}' before using it")
        if target is _IN_PROGRESS:
            raise _Fatal(*at, "yaml-alias", f"the alias '*{name}' is inside the value it names (a loop)")
        value, size = target
        self.aliased += size
        if self.aliased > MAX_ALIASED_VALUES:
            raise _Fatal(
                *at, "yaml-too-large",
                f"aliases (*name) repeat more than {MAX_ALIASED_VALUES:,} values in this file "
                "(an alias bomb?); write the values out instead",
            )
        if path is not None:
            self.doc.marks[path] = at
        self._place(value, size, at)


def read_text(path: Path, diagnostics: Diagnostics, max_bytes: int | None = None, what: str = "file",
              fix: str = "split it into smaller files") -> str | None:
    """The file's text, or None (with a diagnostic) when it is not UTF-8 or too large."""
    return decode_text(path.read_bytes(), path, diagnostics, max_bytes, what, fix)


def decode_text(data: bytes, path: Path, diagnostics: Diagnostics, max_bytes: int | None = None, what: str = "file",
                fix: str = "split it into smaller files") -> str | None:
    """`read_text` of a file's bytes already read."""
    if max_bytes is not None and len(data) > max_bytes:
        diagnostics.error(
            path, 1, 1, "file-too-large",
            f"this {what} is {len(data):,} bytes, over the limit of {max_bytes:,}; {fix}",
        )
        return None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        diagnostics.error(path, 1, 1, "not-utf8", "file is UTF-16; save it as UTF-8")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line_start = before.rfind(b"\n") + 1
        line = before.count(b"\n") + 1
        col = len(before[line_start:].decode("utf-8", "replace")) + 1
        try:
            data.decode("cp1252")
            guess = "; it looks like Windows-1252 or Latin-1 text"
        except UnicodeDecodeError:
            guess = ""
        diagnostics.error(
            path, line, col, "not-utf8",
            f"file is not UTF-8 (byte 0x{data[exc.start]:02x} here{guess}); save it as UTF-8",
        )
        return None
    return text.removeprefix("\ufeff")


_PLAIN = r"[^\s\-?:,\[\]{}#&*!|>'\"%@`](?:[^\s:#]|:(?=\S)| +(?=[^\s#]))*"
"""A plain scalar YAML reads as it stands: it starts with no indicator (`-?:,[]{}#&*!|>'"%@` and the
backquote), holds no ': ' and no ' #', and no white space but spaces between words (the parser then
types it as `resolve_plain` does)."""
_FLAT_LINE = re.compile(r'([A-Za-z_][A-Za-z0-9_]{0,99}): (?:"([^"\\]*)"|(' + _PLAIN + r'))')
"""One `key: value` line a flat mapping is made of: a word for key, and for value a double-quoted text
without escapes or a plain one (`_PLAIN`, which YAML reads as it stands, then types as `resolve_plain`
does); nothing else, not even a comment or a trailing space."""


def _flat_mapping(text: str, path: str, line_offset: int) -> YamlDoc | None:
    """`text` read without the parser when it is only `_FLAT_LINE`s with different keys (None: it is not).

    An article's front matter is usually three such lines (title, date, summary): PyYAML's parser, its
    ~11 events and `_Builder` cost 15-20 µs an article, these lines 3 µs. A line that is not printable
    (a tab, a control or format character, a carriage return) is left to the parser, which refuses or
    reads it; so is a document with no line."""
    lines = text.split("\n")
    if lines[-1] or len(lines) < 2:
        return None
    del lines[-1]
    value: dict[str, Any] = {}
    doc = YamlDoc(path=path, value=value)
    marks, key_marks, raw = doc.marks, doc.key_marks, doc.raw
    marks[()] = (1 + line_offset, 1)
    match = _FLAT_LINE.fullmatch
    for number, line in enumerate(lines, 1 + line_offset):
        found = match(line)
        if found is None or not line.isprintable():
            return None
        key, quoted, plain = found.groups()
        if key in value:
            return None  # (the parser's builder words the duplicate)
        key_marks[(key,)] = (number, 1)
        marks[(key,)] = (number, len(key) + 3)
        if quoted is not None:
            value[key] = quoted
        else:
            typed = value[key] = _plain_value(plain)
            if typed.__class__ is not str:
                raw[(key,)] = plain
    return doc


_BLOCK_LINE = re.compile(
    r'(?P<indent> *)(?P<dash>- )?(?:(?P<key>[A-Za-z0-9_](?:[A-Za-z0-9_ .-]{0,98}[A-Za-z0-9_.-])?)|"(?P<quoted_key>[^"\\]{0,98})"):'
    r'(?: (?:"(?P<quoted>[^"\\]*)"|(?P<list>\[(?P<items>(?:[A-Za-z0-9][A-Za-z0-9._-]*|"[^"\\]*")(?:, (?:[A-Za-z0-9][A-Za-z0-9._-]*|"[^"\\]*"))*)?\])'
    r'|(?P<plain>' + _PLAIN + r')))?(?: +#.*)?'
)
"""One line of a block mapping `_block_mapping` reads: an indent of spaces, `- ` for a list's next item (a mapping),
a key (plain words, or a double-quoted text without escapes, up to 100 characters) and `:`, then nothing (a nested
mapping or list follows), or a value as `_FLAT_LINE` takes it, or a flow list `[a, b]` of plain words or such quoted
texts, separated by ", "; and a comment after it."""
_FLOW_ITEM = re.compile(r'"([^"\\]*)"|([A-Za-z0-9][A-Za-z0-9._-]*)')
"""One item of a flow list `_BLOCK_LINE` took: a quoted text, or a plain word."""
_MAX_BLOCK_DEPTH = 16


def _block_mapping(text: str, path: str, line_offset: int) -> YamlDoc | None:
    """`text` read without the parser when it is only `_BLOCK_LINE`s: nested block mappings (and lists of
    mappings) of keys with quoted, plain or flow-list values, every key of a mapping at one indent, each
    nested block indented more than its key, no key twice (None: it is not).

    A glossary or sidecar is usually such a document (sources, terms, notes): PyYAML's parser, its ~24
    events a term and `_Builder` cost ~220 M instructions for the bench glossary's 500 terms, 6% of a
    clean build; this, ~90 M. As `_flat_mapping`, a line that is not printable (a tab, a control
    or format character, a carriage return) is left to the parser, and so is anything else: a key with
    nothing under it, a list of scalars, anchors, tags, escapes, a text on more than one line. Empty lines
    and comments are skipped (a theme's strings file is mostly comments and plain texts).
    `test_block_mapping_read_as_the_parser_reads_it` holds it to the parser's values, keys' order, marks,
    typed texts and diagnostics."""
    lines = text.split("\n")
    if lines[-1] or len(lines) < 2:
        return None
    del lines[-1]
    root: dict[str, Any] = {}
    doc = YamlDoc(path=path, value=root)
    marks, key_marks, raw = doc.marks, doc.key_marks, doc.raw
    marks[()] = (1 + line_offset, 1)
    stack: list[tuple[int, Any, Path_]] = [(0, root, ())]
    """The open mappings and lists: (the indent of a mapping's keys or of a list's dashes, the mapping or list, its path)."""
    opening: Path_ | None = None
    """The path of a key with nothing after its ':', whose nested mapping or list starts on the next line."""
    match = _BLOCK_LINE.fullmatch
    keys = False
    for number, line in enumerate(lines, 1 + line_offset):
        found = match(line)
        if found is None or not line.isprintable():
            text_of_line = line.lstrip(" ")
            if (not text_of_line or text_of_line[0] == "#") and line.isprintable():
                continue  # an empty line, or a comment: nothing to YAML
            return None
        if not keys:
            keys = True
            marks[()] = (number, 1)  # (the root mapping starts at its first key)
        spaces, dash, plain_key, quoted_key, quoted, flow_list, flow, plain = found.groups()
        indent = len(spaces)
        if opening is not None:
            if indent <= stack[-1][0] or len(stack) >= _MAX_BLOCK_DEPTH:
                return None  # (a key with a null value, a list at its key's indent, or too deep: the parser's)
            opened: Any = [] if dash else {}
            stack[-1][1][opening[-1]] = opened
            marks[opening] = (number, indent + 1)
            stack.append((indent, opened, opening))
            opening = None
        else:
            while indent < stack[-1][0]:
                stack.pop()
            if indent != stack[-1][0] or (stack[-1][1].__class__ is list) is not bool(dash):
                return None
        if dash:  # a new item of the list at this indent: a mapping whose keys start after the dash
            items, at = stack[-1][1], stack[-1][2]
            item: dict[str, Any] = {}
            at = at + (len(items),)
            items.append(item)
            indent += 2
            marks[at] = (number, indent + 1)
            stack.append((indent, item, at))
        _, mapping, at = stack[-1]
        key = plain_key if quoted_key is None else quoted_key
        if key in mapping:
            return None  # (the parser's builder words the duplicate)
        key_path = at + (key,)
        key_marks[key_path] = (number, indent + 1)
        column = found.end("quoted_key") + 4 if quoted_key is not None else found.end("key") + 3
        # (the value's 1-based column: after the key, its closing quote if any, and ": ")
        if quoted is not None:
            mapping[key] = quoted
            marks[key_path] = (number, column)
        elif plain is not None:
            typed = mapping[key] = _plain_value(plain)
            marks[key_path] = (number, column)
            if typed.__class__ is not str:
                raw[key_path] = plain
        elif flow_list is not None:
            items: list[Any] = []
            mapping[key] = items
            marks[key_path] = (number, column)
            if flow is not None:
                position, first = 0, found.start("items") + 1  # (1-based: the first item's column)
                while True:
                    item = _FLOW_ITEM.match(flow, position)
                    item_path = key_path + (len(items),)
                    marks[item_path] = (number, first + position)
                    if item.group(1) is not None:
                        items.append(item.group(1))
                    else:
                        word = item.group(2)
                        typed = _plain_value(word)
                        items.append(typed)
                        if typed.__class__ is not str:
                            raw[item_path] = word
                    position = item.end() + 2  # (past ", ")
                    if position > len(flow):
                        break
        else:
            mapping[key] = None  # (placed when its nested mapping is made: keeps the keys' order)
            opening = key_path
    if opening is not None or not keys:
        return None
    return doc


def parse_yaml(text: str, path: str, diagnostics: Diagnostics, line_offset: int = 0) -> YamlDoc | None:
    """Parse one YAML document; None (with diagnostics) when it cannot be read."""
    flat = _flat_mapping(text, path, line_offset)
    if flat is None:
        flat = _block_mapping(text, path, line_offset)
    if flat is not None:
        return flat
    return parse_by_parser(text, path, diagnostics, line_offset)


def parse_by_parser(text: str, path: str, diagnostics: Diagnostics, line_offset: int = 0) -> YamlDoc | None:
    """`parse_yaml` by PyYAML's parser and `_Builder`, whatever the text (tests hold `_flat_mapping` to it)."""
    global yaml
    if yaml is None:
        import yaml
    doc = YamlDoc(path=path, value=None)
    doc.marks[()] = (1 + line_offset, 1)
    builder = _Builder(doc, diagnostics, line_offset)
    try:
        builder.run(text)
    except _Fatal as exc:
        diagnostics.error(path, exc.line, exc.col, exc.code, exc.message)
        return None
    except yaml.MarkedYAMLError as exc:
        line, col, message = _syntax_problem(exc, text)
        diagnostics.error(path, line + line_offset, col, "yaml-syntax", message)
        return None
    except yaml.reader.ReaderError as exc:
        before = text[: exc.position]
        line = before.count("\n") + 1
        col = exc.position - (before.rfind("\n") + 1) + 1
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        diagnostics.error(
            path, line + line_offset, col, "yaml-syntax",
            f"the control character U+{ord(char):04X} is not allowed in YAML; remove it",
        )
        return None
    except yaml.YAMLError as exc:
        diagnostics.error(path, 1 + line_offset, 1, "yaml-syntax", f"invalid YAML: {exc}")
        return None
    return doc


def load_yaml_file(path: Path, diagnostics: Diagnostics) -> YamlDoc | None:
    text = read_text(path, diagnostics, MAX_YAML_BYTES, what="YAML file", fix="split it into several files")
    if text is None:
        return None
    return parse_yaml(text, str(path), diagnostics)


_HINTS = (
    # (words in PyYAML's problem, what to tell the editor)
    # PyYAML 6.0.4 and newer stop deep flow nesting themselves, before our own bound.
    ("exceeded maximum nesting depth",
     f"nested more than {MAX_DEPTH} levels deep; sitegen's files need a handful"),
    ("mapping values are not allowed",
     "unexpected ':'; if it is part of a value, put the whole value in quotes; "
     "if the line before is a key, end it with ':'"),
    ("cannot start any token",
     "a value cannot start with this character; put the whole value in quotes"),
    ("did not find expected key",
     "this line's indentation does not match the lines above it"),
    ("did not find expected '-' indicator",
     "this line's indentation does not match the list above it"),
    ("could not find expected ':'",
     "a key must end with ':' (or a quote is not closed)"),
    ("found unexpected end of stream",
     "a quote or bracket opened here is never closed"),
    ("did not find expected ',' or ']'",
     "a '[' list opened here is not closed with ']'"),
    ("did not find expected ',' or '}'",
     "a '{' mapping opened here is not closed with '}'"),
    ("found undefined tag handle", "unknown tag; remove it"),
)


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str]:
    """(line, col, message) of a syntax error, in the editor's words."""
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or "invalid YAML"
    lines = text.splitlines()
    if mark is not None:
        line_text = lines[mark.line] if 0 <= mark.line < len(lines) else ""
        if "\t" in problem or "\t" in line_text[: mark.column + 1] or line_text.lstrip(" ").startswith("\t"):
            first_tab = line_text.find("\t")
            return mark.line + 1, (first_tab if first_tab >= 0 else mark.column) + 1, (
                "a tab character; YAML indentation must use spaces"
            )
    for words, hint in _HINTS:
        if words in problem:
            # An unclosed quote or bracket is best shown where it was opened.
            if words in ("found unexpected end of stream", "did not find expected ',' or ']'",
                         "did not find expected ',' or '}'") and exc.context_mark is not None:
                mark = exc.context_mark
            return (mark.line + 1 if mark else 1), (mark.column + 1 if mark else 1), f"invalid YAML: {hint}"
    message = f"invalid YAML: {problem}"
    if exc.context:
        message += f" ({exc.context})"
    return (mark.line + 1 if mark else 1), (mark.column + 1 if mark else 1), message
