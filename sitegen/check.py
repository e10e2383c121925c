"""`sitegen check`: every content check, and with --links every link of a throwaway build."""

from __future__ import annotations

import tempfile
from pathlib import Path

from sitegen.build import render_site
from sitegen.errors import Diagnostics


def check(root: Path, *, links: bool = False, external: bool = False, drafts: bool = False, base_url: str | None = None) -> Diagnostics:
    diagnostics = Diagnostics()
    model, files, copies = render_site(root, diagnostics, drafts=drafts, base_url=base_url)
    if links and not diagnostics.has_errors():
        from sitegen.links import check_links

        with tempfile.TemporaryDirectory(prefix="sitegen-check-") as tmp:
            out = Path(tmp) / "site"
            from sitegen.writer import write_all

            write_all(out, files, copies)
            check_links(
                out, diagnostics, external=external,
                base_url=model.content.config.base_url,
                cache_file=root / ".sitegen-cache" / "links.json",
            )
    return diagnostics
