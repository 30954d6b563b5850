"""parallel_map: results in order from forked workers, errors passed on, the parent left as it was;
and the same work in this process where forking is unsafe.

can_fork refuses on one core, so on a one-core machine (as some CI runners are) the forked
path would never run: the tests that need it say the machine has two cores, so that only
the thread count decides."""
from __future__ import annotations

import gc
import os
import threading
import time
from collections.abc import Callable, Iterator

import pytest

import generator.parallel
from generator.parallel import can_fork, parallel_map, paused_collector


@pytest.fixture
def two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    """generator.parallel sees two cores, whatever the machine has."""
    monkeypatch.setattr(generator.parallel.os, "cpu_count", lambda: 2)
    deadline = time.monotonic() + 10  # threads an earlier test stopped may still be ending
    while threading.active_count() > 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert can_fork(1000, 1), f"forking is refused: other threads {threading.enumerate()}, or no fork start method"


@pytest.fixture
def another_thread() -> Iterator[None]:
    """A second thread in this process, as under `serve`: forking would be unsafe."""
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    yield
    stop.set()
    thread.join()


def _offset_and_pid(offset: int) -> Callable[[int], tuple[int, int]]:
    """A closure: it reaches the workers by forking, never by pickling."""
    return lambda n: (n + offset, os.getpid())


@pytest.mark.usefixtures("two_cores")
def test_results_come_back_in_order_from_worker_processes_whatever_the_batch() -> None:
    for batch in (1, 16, 999, 2000):
        results = list(parallel_map(_offset_and_pid(7), list(range(1000)), min_items=1, batch=batch))
        assert [value for value, _ in results] == [n + 7 for n in range(1000)], batch
        workers = {pid for _, pid in results}
        assert os.getpid() not in workers, batch  # every item ran in a forked worker


@pytest.mark.usefixtures("two_cores", "another_thread")
def test_beside_another_thread_everything_runs_in_this_process() -> None:
    assert not can_fork(1000, 1)
    results = list(parallel_map(_offset_and_pid(7), list(range(1000)), min_items=1, batch=16))
    assert results == [(n + 7, os.getpid()) for n in range(1000)]


@pytest.mark.usefixtures("two_cores")
def test_small_inputs_run_in_this_process() -> None:
    results = list(parallel_map(_offset_and_pid(0), list(range(10)), min_items=11))
    assert results == [(n, os.getpid()) for n in range(10)]


def fail_on_500(n: int) -> int:
    if n == 500:
        raise ValueError(f"item 500 in process {os.getpid()}")
    return n


@pytest.mark.usefixtures("two_cores")
def test_an_error_in_a_worker_reaches_the_caller() -> None:
    with pytest.raises(ValueError, match="item 500") as raised:
        list(parallel_map(fail_on_500, list(range(1000)), min_items=1, batch=16))
    assert f"process {os.getpid()}" not in str(raised.value)  # raised in a worker, passed on
    assert gc.get_freeze_count() == 0  # the parent's objects are unfrozen on the way out


@pytest.mark.usefixtures("two_cores", "another_thread")
def test_an_error_in_this_process_reaches_the_caller() -> None:
    with pytest.raises(ValueError, match=f"item 500 in process {os.getpid()}$"):
        list(parallel_map(fail_on_500, list(range(1000)), min_items=1, batch=16))


@pytest.mark.usefixtures("two_cores")
def test_workers_pause_the_collector_and_the_parent_collector_is_left_as_it_was() -> None:
    # Workers pause automatic collection for each batch (see _call); the parent's is untouched.
    during = list(parallel_map(lambda n: (gc.isenabled(), os.getpid()), list(range(100)), min_items=1, batch=10))
    assert not any(enabled for enabled, _ in during)
    assert os.getpid() not in {pid for _, pid in during}
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_a_nested_pause_leaves_the_collector_paused_until_the_outer_one_ends() -> None:
    # A preview refresh pauses the collector and builds the index, which pauses it too.
    assert gc.isenabled()
    with paused_collector():
        with paused_collector():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
