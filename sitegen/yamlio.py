"""YAML as the editor typed it: values with their line marks, nothing retyped.

PyYAML's own loader turns `NO` into False, `2016-10-04` into a date and keeps
the last of two duplicate keys. We compose the node tree instead and resolve
plain scalars with the YAML 1.2 core schema (only null, true/false and
numbers are typed; everything else stays the exact text), rejecting duplicate
keys and bounding alias expansion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sitegen.errors import Diagnostics

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_YAML_BYTES = 2 * 1024 * 1024
"""Larger annotation files are refused: no editor writes one by hand."""
MAX_NODES = 200_000
"""Bound on converted nodes, so an alias bomb is an error, not a hang."""

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)

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
    """The typed text of each plain scalar that was read as a number or null."""

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


class _TooLarge(Exception):
    pass


class _Converter:
    def __init__(self, doc: YamlDoc, diagnostics: Diagnostics, line_offset: int):
        self.doc = doc
        self.diagnostics = diagnostics
        self.line_offset = line_offset
        self.count = 0

    def pos(self, node: yaml.Node) -> tuple[int, int]:
        mark = node.start_mark
        return (mark.line + 1 + self.line_offset, mark.column + 1)

    def convert(self, node: yaml.Node, path: Path_) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooLarge
        self.doc.marks[path] = self.pos(node)
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            first_seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                line, col = self.pos(key_node)
                if not isinstance(key_node, yaml.ScalarNode):
                    self.diagnostics.error(
                        self.doc.path, line, col, "yaml-key", "a key must be plain text"
                    )
                    continue
                key = key_node.value
                if key in first_seen:
                    self.diagnostics.error(
                        self.doc.path, line, col, "yaml-duplicate-key",
                        f"duplicate key '{key}' (first defined at "
                        f"{self.doc.path}:{first_seen[key]}); remove one of them",
                    )
                    continue
                first_seen[key] = line
                self.doc.key_marks[path + (key,)] = (line, col)
                result[key] = self.convert(value_node, path + (key,))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, path + (i,)) for i, item in enumerate(node.value)]
        return self.scalar(node, path)

    def scalar(self, node: yaml.ScalarNode, path: Path_) -> Any:
        text = node.value
        tag = node.tag
        if node.style:  # quoted or block scalar: always text (plain is None or '')
            return text
        if tag == "tag:yaml.org,2002:str":  # explicit !!str
            return text
        if _NULL.match(text):
            self.doc.raw[path] = text
            return None
        if text in _BOOL:
            return _BOOL[text]
        if _INT.match(text) or _FLOAT.match(text):
            self.doc.raw[path] = text
        if _INT.match(text):
            return int(text, 8 if text.startswith("0o") else 16 if text.startswith("0x") else 10)
        if _FLOAT.match(text):
            return float(text.lower().replace(".inf", "inf").replace(".nan", "nan"))
        return text


def read_text(path: Path, diagnostics: Diagnostics, max_bytes: int | None = None) -> str | None:
    """The file's text, or None (with a diagnostic) when it is not UTF-8 or too large."""
    data = path.read_bytes()
    if max_bytes is not None and len(data) > max_bytes:
        diagnostics.error(
            path, 1, 1, "file-too-large",
            f"file is {len(data):,} bytes; the limit is {max_bytes:,}",
        )
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        diagnostics.error(
            path, line, col, "not-utf8",
            f"file is not UTF-8 (byte 0x{data[exc.start]:02x}); save it as UTF-8",
        )
        return None
    return text.removeprefix("\ufeff")


def parse_yaml(text: str, path: str, diagnostics: Diagnostics, line_offset: int = 0) -> YamlDoc | None:
    """Parse one YAML document; None (with diagnostics) when it cannot be read."""
    doc = YamlDoc(path=path, value=None)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + line_offset) if mark else 1
        col = (mark.column + 1) if mark else 1
        diagnostics.error(path, line, col, "yaml-syntax", _syntax_message(exc, text, mark))
        return None
    except yaml.YAMLError as exc:
        diagnostics.error(path, 1 + line_offset, 1, "yaml-syntax", f"invalid YAML: {exc}")
        return None
    if node is None:
        doc.value = None
        doc.marks[()] = (1 + line_offset, 1)
        return doc
    converter = _Converter(doc, diagnostics, line_offset)
    try:
        doc.value = converter.convert(node, ())
    except _TooLarge:
        diagnostics.error(
            path, 1 + line_offset, 1, "yaml-too-large",
            f"the document expands to more than {MAX_NODES:,} values "
            "(an alias/anchor loop or bomb?)",
        )
        return None
    except RecursionError:
        diagnostics.error(path, 1 + line_offset, 1, "yaml-too-deep", "the document is nested too deeply")
        return None
    return doc


def load_yaml_file(path: Path, diagnostics: Diagnostics) -> YamlDoc | None:
    text = read_text(path, diagnostics, MAX_YAML_BYTES)
    if text is None:
        return None
    return parse_yaml(text, str(path), diagnostics)


def _syntax_message(exc: yaml.MarkedYAMLError, text: str, mark: Any) -> str:
    problem = exc.problem or "invalid YAML"
    if mark is not None and "\t" in problem or "'\\t'" in problem:
        return "a tab character; YAML indentation must use spaces"
    if mark is not None:
        lines = text.splitlines()
        if 0 <= mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]:
            return "a tab character; YAML indentation must use spaces"
    message = f"invalid YAML: {problem}"
    if exc.context:
        message += f" ({exc.context})"
    if "expected a single document" in problem or "but found another document" in problem:
        message = "more than one YAML document; remove the extra '---'"
    return message
