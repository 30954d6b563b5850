"""The site a reader sees is the same whichever Markdown engine converts its pages.

tests/golden/rendered/*.txt hold every built page of two archives, normalised (tests/
html_normal.py: title, content and table of contents, with spelling differences of HTML
taken out): the fixture archive, and tests/fixtures/equivalence (the five curated records
and one imported record, frozen). They were first written from a build in which
Python-Markdown (with attr_list, md_in_html, tables, admonition and toc) converted the
pages; the site is now converted by markdown-it-pyrs (generator/markdown_html.py), and every
page must still normalise to the same text. After an intended change to the output,
`make goldens` rewrites them from the current build.
"""
from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from conftest import FIXTURES, make_project, run_cli
from rendered_pages import pages_of, site_text

GOLDEN = Path(__file__).parent / "golden" / "rendered"


def first_difference(expected: dict[str, str], built: dict[str, str]) -> str:
    missing, extra = sorted(set(expected) - set(built)), sorted(set(built) - set(expected))
    if missing or extra:
        return f"pages missing: {missing[:10]}; pages not expected: {extra[:10]}"
    differing = [path for path in expected if expected[path] != built[path]]
    if not differing:
        return ""
    path = differing[0]
    diff = difflib.unified_diff(expected[path].splitlines(), built[path].splitlines(), "expected", "built",
                                lineterm="", n=1)
    return f"{len(differing)} pages differ, first {path}:\n" + "\n".join(list(diff)[:40])


@pytest.fixture(scope="module")
def built_equivalence(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("equivalence") / "project", FIXTURES / "equivalence" / "content")
    result = run_cli("build", "--project", str(project))
    assert result.returncode == 0, result.stderr + result.stdout
    return project


@pytest.mark.parametrize("archive", ["fixture-archive", "equivalence"])
def test_every_page_reads_as_it_did_with_python_markdown(archive: str, built_fixture: Path,
                                                         built_equivalence: Path, update_goldens: bool) -> None:
    project = built_fixture if archive == "fixture-archive" else built_equivalence
    golden = GOLDEN / f"{archive}.txt"
    text = site_text(project / "site")
    if update_goldens:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    expected = pages_of(golden.read_text(encoding="utf-8"))
    assert len(expected) > 40 if archive == "equivalence" else len(expected) > 30
    assert not first_difference(expected, pages_of(text)), first_difference(expected, pages_of(text))
