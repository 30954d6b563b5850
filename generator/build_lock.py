"""One build of a project at a time: builds share the generated docs folder and the site
folder, so a second build waits for the first.

The lock is an advisory `flock` on a file in the project folder. The system releases it
when the last process holding it ends, however it ends, so a killed build leaves no stale
lock. The build hands the lock's descriptor to the processes it starts (MkDocs, Pagefind):
if the build itself is killed, the lock stays held until they too have finished writing
into its staging folder, and only then may the next build clear that folder away.
"""
from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_FILE = ".build.lock"
WAITING = "Another build of this project is running (it holds {lock}); waiting for it to finish."


@contextmanager
def build_lock(project_root: Path, on_wait: Callable[[Path], None] = lambda _: None) -> Iterator[int]:
    """Hold the project's build lock (calling `on_wait` first if another build holds it);
    yields the lock's file descriptor."""
    path = project_root / LOCK_FILE
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            on_wait(path)
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield fd
    finally:
        os.close(fd)
