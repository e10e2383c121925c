"""Where a site's theme comes from: its own `themes/<name>/`, then the built-in default.

Apart from `render` so that a build can list and hash the theme's files
without loading Jinja (a no-op rebuild never renders anything).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import sitegen
from sitegen.config import SiteConfig
from sitegen.errors import Diagnostics


def builtin_theme() -> Path:
    """The default theme: inside the installed wheel, or at the repository's top level."""
    installed = Path(sitegen.__file__).parent / "_themes" / "default"
    if installed.is_dir():
        return installed
    return Path(sitegen.__file__).resolve().parent.parent / "themes" / "default"


@dataclass(slots=True)
class Theme:
    """Where templates, static files and strings come from, most specific first."""

    dirs: list[Path]

    @classmethod
    def find(cls, root: Path, config: SiteConfig) -> "Theme":
        dirs = []
        own = root / "themes" / config.theme
        if own.is_dir():
            dirs.append(own)
        builtin = builtin_theme()
        if builtin not in dirs:
            dirs.append(builtin)
        return cls(dirs)

    def check_links(self, root: Path, diagnostics: Diagnostics) -> None:
        """A site's own theme may link only to files inside themes/ (the built-in one is sitegen's own)."""
        from sitegen.paths import walk_files

        builtin = builtin_theme()
        for theme_dir in self.dirs:
            if theme_dir != builtin:
                walk_files(theme_dir, root / "themes", diagnostics, skip=lambda p: p.name.startswith("."))

    def static_files(self) -> dict[str, Path]:
        """Relative name -> file; a site's theme overrides the built-in one file by file."""
        files: dict[str, Path] = {}
        for theme_dir in reversed(self.dirs):
            static = theme_dir / "static"
            if static.is_dir():
                for path in sorted(static.rglob("*")):
                    if path.is_file() and not path.name.startswith("."):
                        files[path.relative_to(static).as_posix()] = path
        return files

    def strings(self, language: str, diagnostics: Diagnostics) -> dict[str, str]:
        wanted = ["en"]
        base = language.split("-")[0]
        if base != "en":
            wanted.append(base)
        if language not in wanted:
            wanted.append(language)
        merged: dict[str, str] = {}
        for lang in wanted:
            for theme_dir in reversed(self.dirs):
                path = theme_dir / "strings" / f"{lang}.yml"
                if path.is_file():
                    from sitegen.yamlio import load_yaml_file

                    doc = load_yaml_file(path, diagnostics)
                    if doc is not None and isinstance(doc.value, dict):
                        merged.update({str(k): v for k, v in doc.value.items()})
        return merged


def hashed_name(name: str, data: bytes, sha256: str | None = None) -> str:
    """`sitegen.css` -> `sitegen.1a2b3c4d5e.css`; `sha256` (hex) spares hashing `data` again."""
    digest = (sha256 or hashlib.sha256(data).hexdigest())[:10]
    path = PurePosixPath(name)
    return str(path.with_name(f"{path.stem}.{digest}{path.suffix}"))
