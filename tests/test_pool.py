"""The build's worker pool (sitegen.pool): results as multiprocessing's Pool gives them, without its busy loop."""

from __future__ import annotations

import multiprocessing.pool
import os

from sitegen.pool import fork_pool


def _square(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


def _nothing() -> None:
    pass


def test_the_pool_returns_every_result_from_forked_workers_and_its_handler_stays_asleep(monkeypatch):
    wakeups = 0
    maintain = multiprocessing.pool.Pool._maintain_pool

    def counted(*args, **kwargs):
        nonlocal wakeups
        wakeups += 1
        return maintain(*args, **kwargs)

    # The worker-handler thread runs this once each time it wakes up.
    monkeypatch.setattr(multiprocessing.pool.Pool, "_maintain_pool", staticmethod(counted))
    pool = fork_pool(2, _nothing)
    try:
        results = list(pool.imap_unordered(_square, range(300)))
    finally:
        pool.close()
        pool.join()
    assert sorted(r for r, _ in results) == [n * n for n in range(300)]
    assert os.getpid() not in {pid for _, pid in results}
    # Stock, it woke on every message in the results pipe, and looped until the message was read
    # (hundreds of times here); it needs waking only to start and when the pool closes.
    assert wakeups < 20, wakeups
