"""The generated site is the same bytes whatever the process: another hash seed (which
reorders every set of strings) or forked workers instead of this process give the same
pages, in path order.

Two renders in one process share one hash seed, so they cannot see a page that depends on
set order; each render here is a separate Python process."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, REPO

# Prints {"forks": how many times the process forked, "pages": [[path, sha256], ...]} in
# render_site's order. "forked" makes every parallel_map fork (whatever the core count or
# the input's size); "in-process" forbids it, so the two cover both paths.
RENDER = """\
import hashlib, json, os, sys
from pathlib import Path
import generator.parallel
from generator.site_pages import render_site

content, mode = Path(sys.argv[1]), sys.argv[2]
assert hasattr(generator.parallel, "can_fork"), "generator.parallel.can_fork moved: update this test"
generator.parallel.can_fork = (lambda *args, **kwargs: True) if mode == "forked" else (lambda *args, **kwargs: False)
forks = []
os.register_at_fork(after_in_parent=lambda: forks.append(1))
pages = render_site(content)
digest = lambda c: hashlib.sha256(c.encode("utf-8") if isinstance(c, str) else c).hexdigest()
print(json.dumps({"forks": len(forks), "pages": [[path, digest(c)] for path, c in pages.items()]}))
"""

CONTENTS = {"fixture-archive": FIXTURES / "archive" / "content", "real-archive": REPO / "content"}


def render_in_a_new_process(content: Path, hash_seed: int, mode: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", RENDER, str(content), mode], cwd=REPO, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=dict(os.environ, PYTHONHASHSEED=str(hash_seed)))


def result_of(process: subprocess.Popen[str]) -> dict[str, Any]:
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    result: dict[str, Any] = json.loads(out)
    return result


@pytest.mark.parametrize("content", CONTENTS.values(), ids=CONTENTS.keys())
def test_pages_are_the_same_bytes_in_path_order_whatever_the_hash_seed_or_process(content: Path) -> None:
    # Started together, so the three renders take the time of one.
    runs = {(seed, mode): render_in_a_new_process(content, seed, mode)
            for seed, mode in ((1, "in-process"), (2, "in-process"), (2, "forked"))}
    results = {run: result_of(process) for run, process in runs.items()}
    seed_1, seed_2, forked = results[1, "in-process"], results[2, "in-process"], results[2, "forked"]
    assert seed_1["forks"] == seed_2["forks"] == 0 and forked["forks"] > 0  # each took the path it names

    paths = [path for path, _ in seed_1["pages"]]
    assert paths == sorted(paths), "render_site must return pages in path order"
    assert len(paths) == len(set(paths)) and "index.md" in paths
    assert seed_2["pages"] == seed_1["pages"], f"these pages change with PYTHONHASHSEED: {changed(seed_1, seed_2)}"
    assert forked["pages"] == seed_2["pages"], f"these pages change when rendered in workers: {changed(seed_2, forked)}"


def changed(first: dict[str, Any], second: dict[str, Any]) -> list[str]:
    """The paths whose digests differ between two renders, and those only one has."""
    a, b = dict(first["pages"]), dict(second["pages"])
    return sorted(path for path in a.keys() | b.keys() if a.get(path) != b.get(path))
