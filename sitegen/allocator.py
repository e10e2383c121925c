"""How the C allocator hands memory back: kept for the next page rather than returned at once.

A page is built as one long string (an article page of 80 kB is 160 kB as
UCS-2), then encoded and written; each page leaves a few MB of freed memory
at the top of the heap. Stock glibc hands that back to the kernel as soon as
it passes 128 kB, and the next page takes it again, one zeroed 4 kB page
fault at a time: 80,000 faults and 0.2 s of kernel time in a one-process
build of 1,000 articles, 9,600 with the limits below. `mallopt` is glibc's
documented knob for this (the MALLOC_*_ variables set the same limits from
outside, and are left alone when set).
"""

from __future__ import annotations

import os
import sys

MMAP_THRESHOLD = 1 << 20
"""A block this big or bigger is mapped on its own and unmapped when freed (stock: 128 kB, rising)."""

TRIM_THRESHOLD = 8 << 20
"""Free memory at the heap's top is handed back once it passes this (stock: 128 kB, rising)."""

_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # glibc's <malloc.h>
_OVERRIDES = ("MALLOC_TRIM_THRESHOLD_", "MALLOC_MMAP_THRESHOLD_", "MALLOC_TOP_PAD_", "GLIBC_TUNABLES")
_done = False


def keep_freed_memory() -> bool:
    """Raise glibc's limits once in this process (forked workers inherit them); True if they were set.

    Called by builds that render pages, not by a no-op rebuild: loading
    ctypes costs 3 ms. Elsewhere (another libc, another system) nothing happens.
    """
    global _done
    if _done:
        return True
    if not sys.platform.startswith("linux") or any(name in os.environ for name in _OVERRIDES):
        return False
    import ctypes

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    # (musl has mallopt too, and ignores it: 0)
    _done = mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1 and mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD) == 1
    return _done
