"""Spread independent work over the machine's cores, when that is worthwhile and safe.

Reading YAML and rendering pages are independent per file, and MkDocs itself runs on one
core, so the generator may use the others. Workers are forked, so they share the parent's
loaded archive without copying it; forking is skipped for small inputs, where it does not
pay, and whenever the process has (or may have) other threads, where it is unsafe: a forked
child gets a copy of every lock as it was, so one held by another thread at that moment is
never released in the child, which then waits on it forever. `forbid_forking` rules it out
for a process that is about to start threads (`serve`); the thread count catches the rest.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import islice
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 400
IN_FLIGHT = 4
"""Batches in flight per worker."""


_forking_forbidden = False


def forbid_forking() -> None:
    """Never fork from this process again (there is no undoing it): call it before starting
    threads. Counting threads at the moment of forking is a race (a thread may start right
    after, and threads of C libraries are not counted at all), so a process that will run
    threads, such as MkDocs' live-reload server, must say so before it starts any."""
    global _forking_forbidden
    _forking_forbidden = True


def can_fork(items: int, min_items: int = MIN_ITEMS) -> bool:
    return (not _forking_forbidden and items >= min_items and (os.cpu_count() or 1) > 1
            and threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods())


# The function being mapped, set just before forking: workers inherit it, so it may be any
# callable (a closure, a bound method); only the items and results are pickled.
_FUNCTION: Callable[[Any], Any] | None = None


@contextmanager
def paused_collector() -> Iterator[None]:
    """Pause the automatic garbage collector for work that allocates hundreds of thousands
    of short-lived objects, almost all freed by reference counting: its scans would find
    nearly nothing, and in a process holding a loaded site they walk millions of objects.
    Nested pauses leave it paused until the outermost ends."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _call(batch: list[Any]) -> list[Any]:
    assert _FUNCTION is not None
    # A batch (YAML nodes, models, template frames) runs with the collector paused, then
    # collects once: a tenth of a worker's time saved.
    try:
        with paused_collector():
            return [_FUNCTION(item) for item in batch]
    finally:
        gc.collect(0)


def parallel_map(function: Callable[[T], R], items: list[T], min_items: int = MIN_ITEMS,
                 batch: int = 1) -> Iterator[R]:
    """`map(function, items)` in order, over forked workers when `can_fork`. Items and results
    must be picklable.

    Workers take `batch` items at a time: sending each small item on its own costs more
    than the item. Only a few batches are in flight at once, so results never pile up in
    the parent faster than the caller takes them, whatever their size."""
    global _FUNCTION
    if not can_fork(len(items), min_items):
        yield from map(function, items)
        return
    workers = min(os.cpu_count() or 2, 4)
    _FUNCTION = function
    # Frozen objects are left alone by the workers' garbage collector, which would otherwise
    # write to every object the parent holds and so copy all of its memory into each worker.
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            waiting = (items[start:start + batch] for start in range(0, len(items), batch))
            in_flight = deque(pool.apply_async(_call, (chunk,)) for chunk in islice(waiting, workers * IN_FLIGHT))
            while in_flight:
                results = in_flight.popleft().get()
                for chunk in islice(waiting, 1):
                    in_flight.append(pool.apply_async(_call, (chunk,)))
                yield from results
    finally:
        gc.unfreeze()
        _FUNCTION = None
