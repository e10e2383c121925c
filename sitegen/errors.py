"""Diagnostics and the user-error exception tree.

A content problem is a `Diagnostic`; problems are collected, then reported
together. `UserError` subclasses end the program with one clean line and a
fixed exit status; anything else is a bug (exit 3, with a traceback).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from sitegen.pickling import pickled_by_fields


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem in one place of the content."""

    path: str
    """The file, as given (made relative to the current folder when shown)."""
    line: int
    """1-based line; 1 when the problem has no position."""
    col: int
    """1-based column."""
    severity: Severity
    code: str
    """A short stable name of the check, e.g. `yaml-duplicate-key`."""
    message: str

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.col, self.code, self.message)

    def display_path(self) -> str:
        return shown(self.path)

    def format_text(self) -> str:
        return (
            f"{self.display_path()}:{self.line}:{self.col}: "
            f"{self.severity.value}: {self.message}"
        )

    def format_github(self) -> str:
        """A GitHub Actions workflow command: an annotation on the file and line."""
        kind = {"error": "error", "warning": "warning", "info": "notice"}[self.severity.value]
        return (
            f"::{kind} file={_github_property(self.display_path())},line={self.line},col={self.col},"
            f"title={_github_property('sitegen ' + self.code)}::{_github_data(self.message)}"
        )


def _github_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    # As @actions/core escapes them: property values also may not hold ':' or ','.
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


@dataclass(slots=True)
class Diagnostics:
    """A collector: every step appends here instead of raising at the first problem."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(
        self,
        path: str | Path,
        line: int,
        col: int,
        severity: Severity,
        code: str,
        message: str,
    ) -> None:
        # One problem, one line: a name or quote with a line break in it is shown escaped.
        message = message.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\r")
        self.items.append(Diagnostic(str(path), max(1, line), max(1, col), severity, code, message))

    def error(self, path: str | Path, line: int, col: int, code: str, message: str) -> None:
        self.add(path, line, col, Severity.ERROR, code, message)

    def warning(self, path: str | Path, line: int, col: int, code: str, message: str) -> None:
        self.add(path, line, col, Severity.WARNING, code, message)

    def info(self, path: str | Path, line: int, col: int, code: str, message: str) -> None:
        self.add(path, line, col, Severity.INFO, code, message)

    def extend(self, other: "Diagnostics | list[Diagnostic]") -> None:
        self.items.extend(other.items if isinstance(other, Diagnostics) else other)

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.items if d.severity is severity)

    def has_errors(self, strict: bool = False) -> bool:
        return any(
            d.severity is Severity.ERROR or (strict and d.severity is Severity.WARNING)
            for d in self.items
        )

    def sorted(self) -> list[Diagnostic]:
        return sorted(set(self.items), key=Diagnostic.sort_key)


def shown(path: str | Path) -> str:
    """A path as a message shows it: relative to the current folder, like a diagnostic's own path."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


class UserError(Exception):
    """A problem the user can fix; reported as one line, never a traceback."""

    exit_code = 1


class ContentError(UserError):
    """The content has errors; the diagnostics say where."""

    def __init__(self, diagnostics: Diagnostics):
        super().__init__(f"{diagnostics.count(Severity.ERROR)} error(s) in the content")
        self.diagnostics = diagnostics

    def __reduce__(self):  # (a worker process raises it: the parent unpickles it with its diagnostics)
        return (type(self), (self.diagnostics,))


class UsageError(UserError):
    """Bad command-line usage, or an output folder that is unsafe to replace."""

    exit_code = 2
