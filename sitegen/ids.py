"""SPEC's slug rule, shared by article slugs, term ids and source ids."""

from __future__ import annotations

import re
import unicodedata

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_ID = 64
_APOSTROPHES = re.compile(r"['’]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(name: str) -> str:
    """`S-300` -> `s-300`, `Syria’s` -> `syrias`, `U.N.` -> `u-n`; may return ''."""
    if name.isascii():
        # ASCII text is its own NFKD form, holds no combining character and loses nothing to the ASCII
        # encoding: most headings and names, which skip a Python test per character (`test_ascii_slugs_...`).
        text = name.replace("'", "").lower()
    else:
        text = slugify_decomposed(name)
    text = _NON_ALNUM.sub("-", text).strip("-")
    return text[:MAX_ID].rstrip("-")


def slugify_decomposed(name: str) -> str:
    """`slugify`'s first steps for any text: decomposed, without combining marks or apostrophes, lowered, ASCII."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _APOSTROPHES.sub("", text.lower())
    return text.encode("ascii", "ignore").decode("ascii")


def is_slug(text: str, max_length: int | None = MAX_ID) -> bool:
    """A valid id; article slugs (file names) pass max_length=None: SPEC limits only ids."""
    return (max_length is None or len(text) <= max_length) and bool(SLUG_RE.match(text))
