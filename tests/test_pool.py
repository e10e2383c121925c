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


def test_a_parallel_build_leaves_no_worker_behind(tmp_path, monkeypatch):
    """A pool's workers are waited for after their results (while the build goes on), not never: once the build
    returns, every worker it forked (articles, glossary pages, the early-parse helper) has ended and been reaped."""
    import shutil
    from pathlib import Path

    import pytest

    import sitegen.build
    import sitegen.pool

    site = tmp_path / "site"
    shutil.copytree(Path(__file__).parent / "incremental" / "site", site)
    monkeypatch.setenv("SITEGEN_JOBS", "2")  # (a pool even for a few pages)
    pools: list = []
    joined: list = []
    real = sitegen.pool.fork_pool
    monkeypatch.setattr(sitegen.pool, "fork_pool", lambda *a, **k: pools.append(real(*a, **k)) or pools[-1])
    real_join = multiprocessing.pool.Pool.join
    monkeypatch.setattr(multiprocessing.pool.Pool, "join", lambda pool: joined.append(pool) or real_join(pool))
    sitegen.build.Builder(site, tmp_path / "out").build()
    assert len(pools) == 2, "one pool for the articles, one for the glossary pages"
    assert all(pool in joined for pool in pools)
    assert all(worker.exitcode == 0 for pool in pools for worker in pool._pool)
    assert multiprocessing.active_children() == []
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # (no child left at all, ended or not)


def test_tasks_cover_every_page_in_order_big_first_and_small_at_the_end():
    """The workers' tasks hold every page once, in order; none past the largest size; the sizes never grow;
    and the last tasks are the smallest, so that the workers end together."""
    from sitegen.build import TASK_SIZES, _tasks

    smallest, largest = TASK_SIZES
    for count in (1, 3, 7, 40, 600, 1000, 5000):
        for jobs in (2, 4):
            tasks = _tasks(list(range(count)), jobs)
            assert [page for task in tasks for page in task] == list(range(count))
            sizes = [len(task) for task in tasks]
            assert all(0 < size <= largest for size in sizes)
            assert sizes == sorted(sizes, reverse=True)
            assert sizes[-1] <= smallest
    assert len(_tasks(list(range(1000)), 2)) < 1000 / 8  # (fewer round trips than 8 pages a task)
