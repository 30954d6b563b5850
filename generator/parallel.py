"""Spread independent work over the machine's cores, when that is worthwhile and safe.

Reading YAML and rendering pages are independent per file, and MkDocs itself runs on one
core, so the generator may use the others. Workers are forked, so they share the parent's
loaded archive without copying it; forking is skipped when the process runs other threads
(e.g. under `serve`), where it is unsafe, and for small inputs, where it does not pay.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 400


def can_fork(items: int, min_items: int = MIN_ITEMS) -> bool:
    return (items >= min_items and (os.cpu_count() or 1) > 1 and threading.active_count() == 1
            and "fork" in multiprocessing.get_all_start_methods())


def parallel_map(function: Callable[[T], R], items: list[T], *, ordered: bool = True, chunk: int = 16,
                 min_items: int = MIN_ITEMS) -> Iterator[R]:
    """`map(function, items)` over forked workers when `can_fork`, in order or as results come.
    `function` must be a module-level function; anything else it needs must be set up before
    the call. Results travel `chunk` items at a time: small enough that neither a worker nor
    the parent holds many of them at once."""
    if not can_fork(len(items), min_items):
        yield from map(function, items)
        return
    workers = min(os.cpu_count() or 2, 4)
    # Frozen objects are left alone by the workers' garbage collector, which would otherwise
    # write to every object the parent holds and so copy all of its memory into each worker.
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            run = pool.imap if ordered else pool.imap_unordered
            yield from run(function, items, chunksize=chunk)
    finally:
        gc.unfreeze()
