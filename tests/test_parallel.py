"""parallel_map: results in order from forked workers, errors passed on, the parent left as it was."""
from __future__ import annotations

import gc
import os

import pytest

from generator.parallel import can_fork, parallel_map


def test_results_come_back_in_order_whatever_the_batch() -> None:
    offset = 7  # a closure: the function reaches the workers by forking, never by pickling
    for batch in (1, 16, 999, 2000):
        results = list(parallel_map(lambda n: (n + offset, os.getpid()), list(range(1000)), min_items=1, batch=batch))
        assert [value for value, _ in results] == [n + offset for n in range(1000)]
        workers = {pid for _, pid in results}
        # On one core, or beside other threads, the same work runs in this process instead.
        assert (os.getpid() not in workers) == can_fork(1000, 1)


def test_an_error_in_a_worker_reaches_the_caller() -> None:
    def fail_on_500(n: int) -> int:
        if n == 500:
            raise ValueError("item 500")
        return n

    with pytest.raises(ValueError, match="item 500"):
        list(parallel_map(fail_on_500, list(range(1000)), min_items=1, batch=16))


def test_the_parent_collector_is_left_as_it_was() -> None:
    # Workers pause automatic collection for each batch (see _call); the parent's is untouched.
    during = list(parallel_map(lambda n: gc.isenabled(), list(range(100)), min_items=1, batch=10))
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
    if can_fork(100, 1):
        assert not any(during)
