"""sitegen.allocator: freed memory is kept for the next page instead of being faulted in again."""

from __future__ import annotations

import os
import platform
import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's mallopt only")

# Each round allocates 4 MB in 100 kB blocks (under stock glibc's 128 kB mmap limit, so from the
# heap) and frees them: the shape of rendering a page. Prints the page faults of 50 rounds.
CHURN = """
import resource, sys
from sitegen.allocator import keep_freed_memory
print(keep_freed_memory() if sys.argv[1] == "tuned" else None)
def churn():
    blocks = [b"x" * 100_000 for _ in range(40)]
    del blocks
churn()
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(50):
    churn()
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


def _faults(mode: str, **env: str) -> tuple[str, int]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_") and k != "GLIBC_TUNABLES"}
    out = subprocess.run([sys.executable, "-c", CHURN, mode], capture_output=True, text=True, check=True, env={**clean, **env}).stdout.split()
    return out[0], int(out[1])


def test_freed_heap_memory_is_reused_without_faulting_it_in_again():
    _, stock = _faults("stock")
    set_, tuned = _faults("tuned")
    assert set_ == "True"
    # Stock glibc hands the 4 MB back each round and faults it in again (about 1,000 pages a round).
    assert stock > 20_000, stock
    assert tuned < stock / 20, (tuned, stock)


def test_limits_set_from_outside_are_left_alone():
    set_, faults = _faults("tuned", MALLOC_TRIM_THRESHOLD_="131072")
    assert set_ == "False"
    assert faults > 20_000, faults
