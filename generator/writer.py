"""Write generated pages into the docs folder: only what changed, atomically, never
outside the folder, and without leaving pages whose records were removed."""
from __future__ import annotations

import filecmp
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.errors import BuildError


@dataclass(frozen=True)
class WriteReport:
    written: int
    unchanged: int
    removed: int
    pages: tuple[str, ...] = ()
    """The pages written (their paths in the folder)."""


def plain_page(page: str) -> str:
    """`page`, if it is a plain relative path: not absolute, no "..", "." or empty part, so
    that two names of one file cannot both be pages."""
    if not page or "\\" in page or any(part in ("", ".", "..") for part in page.split("/")):
        raise BuildError(f"refusing to write page {page!r}: it is not a plain relative path")
    return page


def safe_target(root: Path, page: str) -> Path:
    """The file for `page` inside `root`; refuses absolute paths and anything that climbs out."""
    target = (root / PurePosixPath(plain_page(page))).resolve()
    if not target.is_relative_to(root.resolve()):
        raise BuildError(f"refusing to write page {page!r}: it resolves outside {root}")
    return target


def write_atomically(target: Path, data: bytes | Iterable[bytes], *, unless_unchanged: bool = False) -> bool:
    """Replace `target` with `data` (bytes, or pieces written as they come) through a
    temporary file beside it; with `unless_unchanged`, keep a file that already holds those
    bytes. Whether it was replaced."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            for piece in [data] if isinstance(data, bytes) else data:
                handle.write(piece)
        if unless_unchanged and target.is_file() and filecmp.cmp(tmp, target, shallow=False):
            os.unlink(tmp)
            return False
        os.replace(tmp, target)
    except BaseException as error:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(error, OSError) and error.filename is None:  # a failed write names no file
            raise OSError(error.errno, error.strerror, str(target)) from error
        raise
    return True


def write_pages(pages: Mapping[str, str | bytes] | Iterable[tuple[str, str | bytes]], root: Path, *,
                protected: Sequence[Path] = (), keep: Iterable[str] | None = None) -> WriteReport:
    """Make `root` hold exactly the site's pages: rewrite files whose bytes differ and
    delete the rest. `pages` may be a mapping or a stream of (page, content) pairs, written
    as they arrive so that a large site is never held in memory whole. When `pages` is a
    subset (an incremental update), `keep` names every page of the site, and only pages
    outside both are deleted."""
    root = output_folder(root, protected)
    items = pages.items() if isinstance(pages, Mapping) else pages
    return finish_pages(root, ((page, write_page(root, page, content)) for page, content in items), keep=keep)


def output_folder(root: Path, protected: Sequence[Path] = ()) -> Path:
    """`root`, resolved, once it is known not to overlap a folder builds never modify."""
    root = root.resolve()
    for folder in protected:
        folder = folder.resolve()
        if root == folder or root.is_relative_to(folder) or folder.is_relative_to(root):
            raise BuildError(f"refusing to generate into {root}: it overlaps {folder}, which builds never modify")
    return root


def write_page(root: Path, page: str, content: str | bytes | Iterable[bytes]) -> bool:
    """Write `page` into `root` (an output_folder) unless it holds these bytes already;
    whether it was written. Content given piece by piece is written as it comes. Safe to
    call from several processes for different pages."""
    target = safe_target(root, page)
    if not isinstance(content, (str, bytes)):
        return write_atomically(target, content, unless_unchanged=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    if target.is_file() and target.read_bytes() == data:
        return False
    write_atomically(target, data)
    return True


def finish_pages(root: Path, outcomes: Iterable[tuple[str, bool]], *, keep: Iterable[str] | None = None) -> WriteReport:
    """Given each page written into `root` with whether write_page rewrote it, delete every
    other file (but those `keep` names) and report."""
    # Pages by their path in `root`: the ones kept are never written, so they need no
    # resolving (a preview keeps every page of the site and writes a few).
    expected = set() if keep is None else {plain_page(page) for page in keep}
    unchanged = removed = 0
    written: list[str] = []
    for page, rewritten in outcomes:
        if page in expected and keep is None:
            raise BuildError(f"refusing to write page {page!r} twice")
        expected.add(page)
        if rewritten:
            written.append(page)
        else:
            unchanged += 1
    if root.is_dir():
        for walked, _, names in os.walk(root, topdown=False):  # files before their folders
            relative = os.path.relpath(walked, root)
            prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
            for name in names:
                if prefix + name not in expected:
                    os.unlink(os.path.join(walked, name))
                    removed += 1
            if prefix and not os.listdir(walked):
                os.rmdir(walked)
    return WriteReport(len(written), unchanged, removed, tuple(written))
