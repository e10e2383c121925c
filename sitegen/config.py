"""content/site.yml: the site's settings, validated, as a frozen dataclass."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from sitegen.errors import Diagnostics, UsageError
from sitegen.paths import refuse_link
from sitegen.pickling import pickled_by_fields

# Reading and checking site.yml needs YAML, the schemas and markdown-it's URL rules; a no-op build,
# which only unpickles the settings it kept, does not: those modules are imported where they are used.

ANNOTATE_MODES = ("first", "all", "none")


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class SiteConfig:
    title: str
    """Site title (required)."""
    description: str = ""
    base_url: str = "/"
    """Public URL of the site root, always ending in '/'; may be a path alone."""
    language: str = "en"
    theme: str = "default"
    annotate: str = "first"
    cname: str | None = None
    path: str = ""
    """Where the settings came from, for diagnostics."""
    places: tuple[tuple[str, int, int], ...] = ()
    """(key, line, col) of each setting in site.yml, for diagnostics about it."""

    def where(self, key: str) -> tuple[int, int]:
        """The line and column of a setting's value in site.yml; 1:1 when it is not there."""
        return next(((line, col) for name, line, col in self.places if name == key), (1, 1))

    @property
    def is_absolute(self) -> bool:
        """True when base_url has a scheme and host, so absolute URLs can be made."""
        return bool(urlsplit(self.base_url).netloc)

    @property
    def base_path(self) -> str:
        """The path part of base_url, e.g. '/explainers/'."""
        return urlsplit(self.base_url).path or "/"

    def absolute(self, site_path: str) -> str | None:
        """The absolute URL of a site path ('articles/x/'), or None without a host."""
        return self.base_url + site_path if self.is_absolute else None


def normalise_base_url(url: str) -> str:
    """With its trailing slash, and written as a browser sends it (characters a URL cannot hold are %-encoded)."""
    from sitegen.markdown import normalize_link

    url = normalize_link(url)
    return url if url.endswith("/") else url + "/"


def load_config(root: Path, diagnostics: Diagnostics, base_url: str | None = None) -> SiteConfig | None:
    """Read content/site.yml; None when it has errors (they are in `diagnostics`)."""
    from sitegen.schema import did_you_mean, validate
    from sitegen.yamlio import load_yaml_file

    path = root / "content" / "site.yml"
    if refuse_link(path, root / "content", diagnostics):
        return None
    if not path.is_file():
        diagnostics.error(path, 1, 1, "site-missing", "content/site.yml is missing; run 'sitegen init' to start a site")
        return None
    before = len(diagnostics.items)
    doc = load_yaml_file(path, diagnostics)
    if doc is None:
        return None
    if doc.value is None:
        doc.value = {}
    if not validate(doc, "site", diagnostics) or len(diagnostics.items) > before:
        return None
    value = dict(doc.value)
    if base_url is not None:
        value["base_url"] = base_url
        if not (base_url.startswith("/") and not base_url.startswith("//") or urlsplit(base_url).scheme in ("http", "https") and urlsplit(base_url).netloc):
            raise UsageError(f"--base-url must be an absolute http(s) URL or a path starting with a single '/' (found '{base_url}')")
    theme = value.get("theme", "default")
    if theme != "default" and not (root / "themes" / theme).is_dir():
        line, col = doc.where(("theme",))
        themes_dir = root / "themes"
        known = ["default"] + (sorted(p.name for p in themes_dir.iterdir() if p.is_dir()) if themes_dir.is_dir() else [])
        diagnostics.error(
            path, line, col, "unknown-theme",
            f"unknown theme '{theme}': there is no folder themes/{theme}/ and it is not the built-in 'default'"
            + (did_you_mean(theme, known) or f"; themes here: {', '.join(known)}"),
        )
        return None
    return SiteConfig(
        title=value["title"],
        description=value.get("description", ""),
        base_url=normalise_base_url(value.get("base_url", "/")),
        language=value.get("language", "en"),
        theme=theme,
        annotate=value.get("annotate", "first"),
        cname=value.get("cname"),
        path=str(path),
        places=tuple((key, *doc.where((key,))) for key in doc.value),
    )
