"""Pickling frozen, slotted dataclasses by their fields, without `dataclasses.fields` on every object."""

from __future__ import annotations

from dataclasses import fields
from operator import attrgetter
from typing import Any, TypeVar

T = TypeVar("T", bound=type)


def pickled_by_fields(cls: T) -> T:
    """Give a frozen, slotted dataclass a `__getstate__` and `__setstate__` that read its field names once.

    `dataclasses` gives such a class methods that call `fields()` for every object pickled or
    unpickled, half the cost of pickling a loaded glossary (the cache keeps it, and digests its
    sources). The state is the values of its `__init__` fields, in order, as a tuple; a field
    outside `__init__` (a memo) is not pickled, and is set to its default when unpickled.
    """
    names = tuple(f.name for f in fields(cls) if f.init)
    memos = tuple((f.name, f.default) for f in fields(cls) if not f.init)
    values = attrgetter(*names) if len(names) > 1 else (lambda obj: (getattr(obj, names[0]),))

    def __getstate__(self: Any) -> tuple:
        return values(self)

    def __setstate__(self: Any, state: tuple) -> None:
        for name, value in zip(names, state):
            object.__setattr__(self, name, value)
        for name, value in memos:
            object.__setattr__(self, name, value)

    cls.__getstate__ = __getstate__  # type: ignore[attr-defined]
    cls.__setstate__ = __setstate__  # type: ignore[attr-defined]
    return cls
