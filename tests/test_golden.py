"""Golden files: the generated Markdown of the fixture archive, byte for byte.

Regenerate after an intended change with `make goldens` (pytest --update-goldens) and
review the diff like any other change.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from generator.site_pages import render_site

from conftest import FIXTURES, REPO

GOLDEN = Path(__file__).resolve().parent / "golden" / "fixture-archive"


def test_generated_markdown_matches_goldens(update_goldens: bool) -> None:
    pages = render_site(FIXTURES / "archive" / "content")
    if update_goldens:
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for page, text in pages.items():
            (GOLDEN / page).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / page).write_text(text, encoding="utf-8")
    expected = {p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8")
                for p in sorted(GOLDEN.rglob("*.md"))}
    assert sorted(pages) == sorted(expected), "pages added or removed: run make goldens and review"
    for page, text in pages.items():
        assert text == expected[page], f"{page} differs from its golden file: run make goldens and review"


def test_generation_is_deterministic_for_the_real_archive() -> None:
    first = render_site(REPO / "content")
    second = render_site(REPO / "content")
    assert first == second
    assert list(first) == sorted(first)
