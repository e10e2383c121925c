"""`sitegen init` and `sitegen new`: a new site, a new article, ready to edit.

Every YAML file written carries a `# yaml-language-server: $schema=...` line
pointing at the schemas written into the site's `schemas/` folder, so an
editor with YAML support completes keys and underlines mistakes as they are
typed. Nothing is ever overwritten: if any file to be written exists, no
file is written and the command exits with status 2 (like any other refusal
to touch a user's files).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

import sitegen
from sitegen.errors import UsageError
from sitegen.ids import SLUG_RE, slugify
from sitegen.schema import SCHEMA_NAMES, schema_text

SCHEMAS_DIR = "schemas"
"""Where the schemas go, at the site's root (next to content/)."""

FIRST_SLUG = "welcome"
GITIGNORE_LINES = ("site/", ".sitegen-cache/")


@dataclass(frozen=True, slots=True)
class Planned:
    path: str
    """Relative to the site's root, with '/'."""
    text: str


def modeline(at: str, schema: str) -> str:
    """The comment that tells the YAML language server which schema a file at `at` follows."""
    depth = at.count("/")
    return f"# yaml-language-server: $schema={'../' * depth}{SCHEMAS_DIR}/{schema}.schema.json\n"


def pages_workflow() -> str | None:
    """The GitHub Pages workflow shipped with sitegen, if this version has one."""
    try:
        source = resources.files("sitegen").joinpath("scaffold_files", "pages.yml")
        return source.read_text("utf-8") if source.is_file() else None
    except (FileNotFoundError, ModuleNotFoundError, NotADirectoryError):
        return None


def requirements_txt() -> str:
    """What the Pages workflow installs: where this sitegen came from, when pip recorded it (PEP 610).

    The name 'sitegen' on PyPI belongs to another project, so a bare
    `sitegen==x` would install the wrong thing; a git URL pins ours.
    """
    head = "# Where the Pages workflow installs sitegen from (the name 'sitegen' on PyPI is another project).\n"
    try:
        direct = json.loads(metadata.distribution("sitegen").read_text("direct_url.json") or "null")
    except (metadata.PackageNotFoundError, ValueError):
        direct = None
    vcs = (direct or {}).get("vcs_info")
    if vcs and direct.get("url", "").startswith(("https://", "http://")):
        return head + f"sitegen @ {vcs['vcs']}+{direct['url']}@{vcs['commit_id']}\n"
    return head + (
        f"# Name sitegen's repository and the release you use ({sitegen.__version__} made this site), e.g.\n"
        "# sitegen @ git+https://github.com/OWNER/sitegen@v" + sitegen.__version__ + "\n"
    )


def init(root: Path) -> int:
    """Start a new site in `root` (created if missing)."""
    if (root / "content" / "site.yml").exists():
        raise UsageError(f"there is already a site in {_shown(root)} (content/site.yml exists); nothing was written")
    today = dt.date.today().isoformat()
    title = root.name.replace("-", " ").replace("_", " ").strip().title() or "Explainers"
    planned = [
        Planned("content/site.yml", _site_yml(title)),
        Planned(f"content/articles/{FIRST_SLUG}.md", _first_article(today)),
        Planned(f"content/articles/{FIRST_SLUG}.yml", _first_sidecar()),
        Planned("requirements.txt", requirements_txt()),
        *_schemas(root),
    ]
    workflow = pages_workflow()
    if workflow is not None:
        planned.append(Planned(".github/workflows/pages.yml", workflow))
    notes: list[str] = []
    gitignore = root / ".gitignore"
    if gitignore.exists():
        present = {line.strip() for line in gitignore.read_text("utf-8", "replace").splitlines()}
        missing = [line for line in GITIGNORE_LINES if line not in present and line.rstrip("/") not in present]
        if missing:
            notes.append(f"your .gitignore was left as it is; add {' and '.join(missing)} to it (sitegen's output and cache)")
    else:
        planned.append(Planned(".gitignore", "# Made by sitegen on every build: never commit them.\n" + "".join(f"{line}\n" for line in GITIGNORE_LINES)))
    _write_all(root, planned)
    print(f"sitegen: started a new site in {_shown(root)}:", file=sys.stderr)
    for item in planned:
        print(f"  {item.path}", file=sys.stderr)
    for note in notes:
        print(f"sitegen: note: {note}", file=sys.stderr)
    where = "" if root.resolve() == Path.cwd().resolve() else f"cd {_shown(root)} && "
    print(f"sitegen: next: {where}sitegen serve (then edit content/articles/{FIRST_SLUG}.md)", file=sys.stderr)
    return 0


def new(root: Path, slug: str) -> int:
    """Scaffold content/articles/<slug>.md and its sidecar, with today's date and commented examples."""
    if not (root / "content" / "site.yml").is_file():
        raise UsageError(f"no site in {_shown(root)}: content/site.yml is missing (run 'sitegen init', or pass --root)")
    if not SLUG_RE.match(slug):
        suggestion = slugify(slug)
        raise UsageError(
            f"'{slug}' is not a valid slug: use lowercase letters a-z, digits and single hyphens"
            + (f", e.g. '{suggestion}'" if suggestion else ", e.g. 'kerry-rips-russia'")
        )
    title = slug.replace("-", " ").capitalize()
    planned = [
        Planned(f"content/articles/{slug}.md", _article(title, dt.date.today().isoformat())),
        Planned(f"content/articles/{slug}.yml", _sidecar(slug)),
    ]
    planned += [item for item in _schemas(root) if not (root / item.path).exists()]
    _write_all(root, planned)
    for item in planned:
        print(f"sitegen: created {_shown(root / item.path)}", file=sys.stderr)
    print("sitegen: the article is a draft: set draft: false (or remove the line) to publish it", file=sys.stderr)
    return 0


def _schemas(root: Path) -> list[Planned]:
    """The schemas, unless identical copies are already there."""
    planned = []
    for name in SCHEMA_NAMES:
        rel = f"{SCHEMAS_DIR}/{name}.schema.json"
        path = root / rel
        if not (path.is_file() and path.read_text("utf-8", "replace") == schema_text(name)):
            planned.append(Planned(rel, schema_text(name)))
    return planned


def _write_all(root: Path, planned: list[Planned]) -> None:
    """Write every file, or none: any file already there stops everything before a byte is written."""
    existing = [item.path for item in planned if (root / item.path).exists() or (root / item.path).is_symlink()]
    if existing:
        raise UsageError(
            "refusing to overwrite " + ", ".join(_shown(root / p) for p in existing)
            + "; nothing was written (move them away, or choose another name)"
        )
    if root.exists() and not root.is_dir():
        raise UsageError(f"{_shown(root)} exists and is not a folder")
    for item in planned:
        path = root / item.path
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8", newline="\n") as handle:  # "x": never replace a file
            handle.write(item.text)


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve())) or "."
    except ValueError:
        return str(path)


# ---------------------------------------------------------------- templates


def _site_yml(title: str) -> str:
    return modeline("content/site.yml", "site") + f"""\
# The site's settings. An editor with YAML support shows what each key means.
title: "{title}"
description: "Annotated explainers: the news, its people, places and terms, with sources."
# The public address of the site, e.g. https://<user>.github.io/<repository>/
# (the Pages workflow passes the right one to sitegen on GitHub).
base_url: /
language: en
# Which mentions of a term are annotated: first (per article), all, or none.
annotate: first
# theme: default
# cname: explainers.example.org
"""


def _first_article(today: str) -> str:
    return f"""\
---
{modeline("content/articles/x.md", "article").rstrip()}
title: Welcome to your explainer site
date: {today}
summary: "A sample article: read it, then edit it or replace it with your own."
---

Every article lives in `content/articles/` as a Markdown file, next to a
sidecar of the same name that holds its terms, sources and notes. When a term
such as GitHub Pages appears in the text, readers can hover over it, or tap
it, to read its definition and its sources.

A note attaches to an exact quote, with no markup in the article: this
sentence carries one on its last words.

Start the next article with `sitegen new my-slug`, preview the site with
`sitegen serve`, and run `sitegen check` before you publish.
"""


def _first_sidecar() -> str:
    return modeline(f"content/articles/{FIRST_SLUG}.yml", "annotations") + f"""\
# Terms, sources and notes of {FIRST_SLUG}.md.

sources:
  github-pages-docs:
    title: GitHub Pages documentation
    url: https://docs.github.com/en/pages
    publisher: GitHub

terms:
  GitHub Pages:
    definition: >
      GitHub's free hosting for static websites, published from a repository.
    sources: [github-pages-docs]

notes:
  - quote: "carries one on its last words"
    note: This is a note. Its quote must match the article's text exactly once.
"""


def _article(title: str, today: str) -> str:
    return f"""\
---
{modeline("content/articles/x.md", "article").rstrip()}
title: "{title}"
date: {today}
# A new article is a draft: it stays out of the site until you remove this
# line (or set it to false). `sitegen serve --drafts` shows it meanwhile.
draft: true
# summary: "One or two sentences for the front page, the feed and search engines."
# authors: [Jane Doe]
# updated: {today}
# source:                       # the publication this explainer annotates
#   title: "Original headline"
#   url: https://example.org/original-story
#   publisher: Example News
#   date: {today}
# image: images/lead.jpg        # a file under content/static/
# image_alt: "What the image shows, for readers who cannot see it"
# image_credit: "Photographer / Agency"
# corrections:
#   - date: {today}
#     text: "An earlier version of this article misspelt a name."
# aliases: [old/path-of-this-article/]
# annotate: first               # first, all or none: overrides site.yml
---

Write the article here, in Markdown. Every term defined in this article's
sidecar or in the glossary is annotated where the text first mentions it;
to attach a term to other words, write [these words](term:Term name).
"""


def _sidecar(slug: str) -> str:
    return modeline(f"content/articles/{slug}.yml", "annotations") + f"""\
# Terms, sources and notes of {slug}.md. Uncomment and edit the examples.

sources:
  # wiki-s300:                  # an id: lowercase letters, digits and hyphens
  #   title: S-300 missile system
  #   url: https://en.wikipedia.org/wiki/S-300_missile_system
  #   publisher: Wikipedia
  #   date: 2016-10-04

terms:
  # S-300:                      # the name, as it appears in the article
  #   aliases: [S-300 anti-aircraft system]
  #   formerly: [SA-10]         # old names, shown as "formerly"
  #   definition: >
  #     A Russian long-range surface-to-air missile system.
  #   sources: [wiki-s300]      # ids from sources:, or {{title: ..., url: ...}}
  #   see_also: [Tartus]
  #   match_case: true          # default: exact case when the name has a capital

notes:
  # - quote: "the exact words of the article"
  #   note: What readers should know about them.
  #   sources: [wiki-s300]
  #   occurrence: 2             # when the quote occurs more than once
"""
