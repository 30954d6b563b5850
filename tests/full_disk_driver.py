"""Builds a project on a small disk that fills at a chosen stage of the build, and reports
what each build did, as JSON on stdout.

Run inside a private mount namespace (`unshare --user --map-root-user --mount`), so that
the tmpfs it mounts is seen by nothing else and vanishes with it. Arguments: the project to
copy onto the disk, and an empty folder to mount the disk on.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

DISK_SIZE = "48m"


def tree(folder: Path) -> dict[str, str]:
    """Every file under `folder` with a digest of its bytes."""
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def used(folder: Path) -> int:
    """Bytes of disk the files under `folder` take."""
    return sum(path.lstat().st_blocks * 512 for path in folder.rglob("*"))


def free(folder: Path) -> int:
    stats = os.statvfs(folder)
    return stats.f_bavail * stats.f_frsize


def leftovers(project: Path) -> list[str]:
    found = [path for path in project.iterdir() if path.name.startswith((".site-", ".site."))]
    found += list(project.rglob("*.tmp"))
    return sorted(str(path.relative_to(project)) for path in found)


def build(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", "build", "--project", str(project)],
                          capture_output=True, text=True, check=False)


def main(source: Path, disk: Path) -> None:
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={DISK_SIZE}", "tmpfs", str(disk)], check=True)
    project = Path(shutil.copytree(source, disk / "project"))
    first = build(project)
    if first.returncode != 0:
        raise SystemExit(f"the first build failed:\n{first.stderr}")
    site = project / "site"
    without_search = used(site) - used(site / "pagefind")
    stages = {
        # What fits before the disk fills: the generated pages, rewritten or not (MkDocs
        # fails on its first pages), or the whole site but its search index (Pagefind fails,
        # after MkDocs and the link check).
        "mkdocs": used(project / "build"),
        "search": without_search + used(site / "pagefind") // 8,
        # A record edited, so generation has a page to rewrite, and no room to write it.
        "generation": 0,
    }
    results = []
    record = project / "content" / "inspections" / "northtown-2016-02.yml"
    text = record.read_text(encoding="utf-8")
    for stage, room in stages.items():
        if stage == "generation":
            record.write_text(text.replace("Plans were timely.", "Plans were late."), encoding="utf-8")
        before = tree(site)
        filler = disk / "filler"
        with filler.open("wb") as handle:
            os.posix_fallocate(handle.fileno(), 0, max(free(disk) - room, 1))
        outcome = build(project)
        results.append({"stage": stage, "returncode": outcome.returncode, "output": outcome.stdout + outcome.stderr,
                        "site_unchanged": tree(site) == before, "leftovers": leftovers(project),
                        "free_at_start": room})
        filler.unlink()
        record.write_text(text, encoding="utf-8")
    after = build(project)
    results.append({"stage": "room again", "returncode": after.returncode, "output": after.stdout + after.stderr,
                    "site_unchanged": True, "leftovers": leftovers(project), "free_at_start": free(disk)})
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
