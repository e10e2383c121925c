"""The worker processes a build renders pages with (and `check --links` parses them with):
multiprocessing's Pool, forked, minus a busy loop.

Imported only by work big enough to share (a no-op build never loads
multiprocessing).
"""

from __future__ import annotations

import multiprocessing
from multiprocessing.pool import Pool
from typing import Callable


class _QuietPool(Pool):
    """A Pool whose worker-handler thread wakes only when a worker exits or the pool closes.

    Stock, that thread also waits on the results pipe, which stays readable
    until the result-handler thread has read the message: it looped some 50
    times a result (9,000 times in a build of 1,000 articles, 0.1 s of the
    parent's CPU and as much contention for the GIL, while both cores render).
    Its own work needs only the workers' sentinels, which it waits on anyway,
    and the change notifier, which `close`, `terminate` and an emptied task
    cache write to.
    """

    def _get_sentinels(self):
        return [self._change_notifier._reader]


def fork_pool(processes: int, initializer: Callable[[], None] | None = None) -> Pool:
    """`processes` forked workers: each starts with the parent's memory (the loaded site), then runs `initializer`."""
    return _QuietPool(processes, initializer=initializer, context=multiprocessing.get_context("fork"))
