"""Slow, exhaustive runs: `make test-slow` (CI runs them after `make test`)."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPO, make_project, run_cli
from site_checks import broken_links, tree_digest

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
