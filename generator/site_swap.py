"""Put a newly built site in place of the published one in a single step, and clear away
what a killed build left beside it.

The new site is built in a staging folder beside the published one. On Linux the two are
exchanged by one `renameat2(RENAME_EXCHANGE)` call, so at every instant the published
folder's name holds a whole site, old or new. Where the system or file system cannot
exchange, the swap falls back to two renames; a crash between them leaves the old site
under the `-old-` name, and the next build puts it back before anything else.
"""
from __future__ import annotations

import ctypes
import errno
import os
import shutil
import sys
import tempfile
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_CANNOT_EXCHANGE = {errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP}


def staging_folder(site_dir: Path) -> Path:
    """A new, empty folder beside `site_dir` to build into."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(dir=site_dir.parent, prefix=_prefix(site_dir, "build")))


def swap_into_place(staging: Path, site_dir: Path) -> None:
    """Publish `staging` as `site_dir` and remove the site it replaces."""
    if not os.path.lexists(site_dir):
        os.rename(staging, site_dir)
        return
    if exchange(staging, site_dir):
        _remove(staging)  # now the old site
        return
    old = Path(tempfile.mkdtemp(dir=site_dir.parent, prefix=_prefix(site_dir, "old")))
    os.rmdir(old)
    os.rename(site_dir, old)
    try:
        os.rename(staging, site_dir)
    except OSError:
        os.rename(old, site_dir)
        raise
    _remove(old)


def remove_leftovers(site_dir: Path) -> list[Path]:
    """Remove the staging and old folders that killed builds left beside `site_dir`, after
    putting back an old site that a fallback swap had moved aside; what was removed. Only
    call this while holding the build lock: another build's staging folder looks the same."""
    if not site_dir.parent.is_dir():
        return []
    old = sorted(site_dir.parent.glob(_prefix(site_dir, "old") + "*"), key=lambda path: path.stat().st_mtime)
    if old and not os.path.lexists(site_dir):
        os.rename(old.pop(), site_dir)
    leftovers = old + sorted(site_dir.parent.glob(_prefix(site_dir, "build") + "*"))
    for leftover in leftovers:
        _remove(leftover)
    return leftovers


def exchange(first: Path, second: Path) -> bool:
    """Swap what the two names point to in one step; False where that cannot be done."""
    if not sys.platform.startswith("linux"):
        return False
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:  # a C library older than glibc 2.28
        return False
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    error = ctypes.get_errno()
    if error in _CANNOT_EXCHANGE:
        return False
    raise OSError(error, os.strerror(error), str(first), None, str(second))


def _prefix(site_dir: Path, kind: str) -> str:
    return f".{site_dir.name}-{kind}-"


def _remove(path: Path) -> None:
    if path.is_symlink() or not path.is_dir():
        path.unlink(missing_ok=True)
    else:
        shutil.rmtree(path, ignore_errors=True)
