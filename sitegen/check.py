"""`sitegen check`: every content check, and with --links every link of a throwaway build."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from sitegen.errors import ContentError, Diagnostics


def check(
    root: Path, *, links: bool = False, external: bool = False, drafts: bool = False, base_url: str | None = None, progress: bool = False
) -> Diagnostics:
    """The problems a build of `root` meets (info included), and with `links` those of every link in its output.

    The build is `sitegen build`'s own, into a temporary folder: parallel and
    cached, so a check costs what a build costs, and a build after it finds
    every article already parsed. A check after a build (as in the Pages
    workflow) takes the pages of `site/` that are still current (hard links
    where the file system allows: its output is only read).
    """
    from sitegen.build import Builder, ProgressBar, project_outputs, worker_count

    with tempfile.TemporaryDirectory(prefix="sitegen-check-") as tmp:
        out = Path(tmp) / "site"
        builder = Builder(root, out, drafts=drafts, base_url=base_url, progress=progress, private_output=True, donors=project_outputs(root), link_donor=True)
        try:
            result = builder.build()
        except ContentError as exc:
            return exc.diagnostics
        finally:
            builder.close()
        diagnostics = result.diagnostics
        if links and not diagnostics.has_errors():
            from sitegen.cache import open_cache
            from sitegen.links import check_links

            bar = ProgressBar(progress, time.perf_counter(), "links ")
            cache = open_cache(root)
            try:
                check_links(
                    out, diagnostics, external=external,
                    base_url=result.model.content.config.base_url,
                    cache_file=root / ".sitegen-cache" / "links.json",
                    jobs=worker_count(result.pages),
                    progress=bar,
                    cache=cache,
                )
            finally:
                bar.close()
                cache.close()
    return diagnostics
