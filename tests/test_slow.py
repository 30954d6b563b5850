"""Slow, exhaustive runs: `make test-slow` (CI runs them after `make test`)."""
from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest
from conftest import REPO, make_project, run_cli
from site_checks import broken_links, tree_digest

from generator.archive import record_files
from generator.parallel import MIN_ITEMS, can_fork
from generator.site_pages import render_site

sys.path.insert(0, str(REPO / "benchmarks"))
from synth import write_archive

pytestmark = pytest.mark.slow


def test_two_fresh_builds_of_the_real_archive_are_identical(tmp_path: Path) -> None:
    digests = []
    for name in ("first", "second"):
        project = make_project(tmp_path / name, REPO / "content")
        result = run_cli("build", "--project", str(project))
        assert result.returncode == 0, result.stderr
        docs = tree_digest(project / "build" / "docs")
        site = {k: v for k, v in tree_digest(project / "site").items() if not k.startswith("sitemap")}
        digests.append((docs, site))
        assert broken_links(project / "site") == []
    assert digests[0] == digests[1]


def test_forked_and_single_process_generation_give_the_same_pages(tmp_path: Path) -> None:
    """A large archive is read and rendered by forked workers; under `serve`, beside
    MkDocs' threads, the same work runs in one process. Both must give the same site."""
    write_archive(tmp_path, MIN_ITEMS + 50)
    content = tmp_path / "content"
    assert can_fork(len(record_files(content))), "this test needs a machine with more than one core"
    forked = render_site(content)
    other_thread_running = threading.Event()
    thread = threading.Thread(target=other_thread_running.wait)
    thread.start()
    try:
        assert not can_fork(len(record_files(content)))
        single = render_site(content)
    finally:
        other_thread_running.set()
        thread.join()
    assert forked.keys() == single.keys()
    assert [path for path in forked if forked[path] != single[path]] == []
