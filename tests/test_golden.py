"""Golden files: every file generated for the fixture archive (Markdown and data), byte for byte.

Regenerate after an intended change with `make goldens` (pytest --update-goldens) and
review the diff like any other change.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from conftest import FIXTURES

from generator.site_pages import render_site

GOLDEN = Path(__file__).resolve().parent / "golden" / "fixture-archive"


def test_generated_files_match_goldens(update_goldens: bool) -> None:
    pages = {path: content.encode("utf-8") if isinstance(content, str) else content
             for path, content in render_site(FIXTURES / "archive" / "content").items()}
    if update_goldens:
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for page, data in pages.items():
            (GOLDEN / page).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / page).write_bytes(data)
    expected = {p.relative_to(GOLDEN).as_posix(): p.read_bytes() for p in sorted(GOLDEN.rglob("*")) if p.is_file()}
    assert sorted(pages) == sorted(expected), "pages added or removed: run make goldens and review"
    for page, text in pages.items():
        assert text == expected[page], f"{page} differs from its golden file: run make goldens and review"
