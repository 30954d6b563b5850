"""Write generated pages into the docs folder: only what changed, atomically, never
outside the folder, and without leaving pages whose records were removed."""
from __future__ import annotations

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


def safe_target(root: Path, page: str) -> Path:
    """The file for `page` inside `root`; refuses absolute paths and anything that climbs out."""
    pure = PurePosixPath(page)
    if not page or pure.is_absolute() or ".." in pure.parts or "" in page.split("/") or "\\" in page:
        raise BuildError(f"refusing to write page {page!r}: it is not a plain relative path")
    target = (root / pure).resolve()
    if not target.is_relative_to(root.resolve()):
        raise BuildError(f"refusing to write page {page!r}: it resolves outside {root}")
    return target


def write_atomically(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_pages(pages: Mapping[str, str | bytes] | Iterable[tuple[str, str | bytes]], root: Path, *,
                protected: Sequence[Path] = (), keep: Iterable[str] | None = None) -> WriteReport:
    """Make `root` hold exactly the site's pages: rewrite files whose bytes differ and
    delete the rest. `pages` may be a mapping or a stream of (page, content) pairs, written
    as they arrive so that a large site is never held in memory whole. When `pages` is a
    subset (an incremental update), `keep` names every page of the site, and only pages
    outside both are deleted."""
    root = root.resolve()
    for folder in protected:
        folder = folder.resolve()
        if root == folder or root.is_relative_to(folder) or folder.is_relative_to(root):
            raise BuildError(f"refusing to generate into {root}: it overlaps {folder}, which builds never modify")
    expected = set() if keep is None else {safe_target(root, page) for page in keep}
    written = unchanged = removed = 0
    for page, content in (pages.items() if isinstance(pages, Mapping) else pages):
        target = safe_target(root, page)
        if target in expected and keep is None:
            raise BuildError(f"refusing to write page {page!r} twice")
        expected.add(target)
        data = content.encode("utf-8") if isinstance(content, str) else content
        if target.is_file() and target.read_bytes() == data:
            unchanged += 1
            continue
        write_atomically(target, data)
        written += 1
    if root.is_dir():
        for existing in sorted(root.rglob("*"), reverse=True):  # files before their folders
            if existing.is_file() and existing not in expected:
                existing.unlink()
                removed += 1
            elif existing.is_dir() and not any(existing.iterdir()):
                existing.rmdir()
    return WriteReport(written, unchanged, removed)
