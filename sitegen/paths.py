"""Where sitegen may read: symbolic links never lead it out of content/ or themes/.

A symlink is followed only when it points at a file inside the folder it
lives in (`content/` for content, `themes/` for a site's theme). A link to
anything else — outside that folder (another part of the project such as
`.git/`, the home folder, `/proc/self/environ`), to a folder, or to nothing —
is an error and is never opened: a contributor's link must not publish a
file from the machine that builds the site.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from sitegen.errors import Diagnostics


def refuse_link(path: Path, top: Path, diagnostics: Diagnostics) -> bool:
    """True, with an error, when `path` is a symlink sitegen must not follow."""
    if not path.is_symlink():
        return False
    written = os.readlink(path)
    try:
        target = path.resolve()
    except (RuntimeError, OSError):  # a loop of links
        target = None
    if target is None:
        why = f"goes round in a loop (to {written})"
    elif not target.is_relative_to(top.resolve()):
        why = f"points outside {top.name}/ (to {written})"
    elif not target.exists():
        why = f"points at nothing (to {written})"
    elif not target.is_file():
        why = f"points at a folder (to {written}); symlinked folders are not followed"
    else:
        return False
    diagnostics.error(
        path, 1, 1, "symlink",
        f"symlink {why}: sitegen follows a link only to a file inside {top.name}/; copy the file in instead",
    )
    return True


def walk_files(folder: Path, top: Path, diagnostics: Diagnostics, skip: Callable[[Path], bool] = lambda p: False) -> list[Path]:
    """Every file under `folder` (itself inside `top`), sorted, but those `skip` names; symlinks checked, linked folders never entered."""
    if refuse_link(folder, top, diagnostics) or not folder.is_dir():
        return []
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder):  # followlinks=False: a linked folder is listed, not entered
        here = Path(dirpath)
        for name in dirnames:
            if not skip(here / name):
                refuse_link(here / name, top, diagnostics)
        for name in filenames:
            path = here / name
            if not skip(path) and not refuse_link(path, top, diagnostics) and path.is_file():
                found.append(path)
    return sorted(found)
