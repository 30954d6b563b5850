"""`serve` regenerates incrementally: after any edit, the docs folder must be exactly what
a full generation would write."""
from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from conftest import make_project
from site_checks import tree_digest

from generator.errors import ContentError
from generator.index import INDEX_FIELDS, build_index
from generator.listing import Listing
from generator.pipeline import Project, generate
from generator.preview import Preview

RECORD = "content/inspections/northtown-2014-03.yml"


def full_generation(project: Path, tmp_path: Path) -> dict[str, str]:
    fresh = tmp_path / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    make_project(fresh, project / "content")
    generate(Project.at(fresh))
    return tree_digest(fresh / "build" / "docs")


def edit(project: Path, old: str, new: str, name: str = RECORD) -> None:
    path = project / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_incremental_regeneration_matches_a_full_one(fixture_project: Path, tmp_path: Path) -> None:
    preview = Preview(Project.at(fixture_project))
    preview.refresh()
    docs = fixture_project / "build" / "docs"
    steps = [
        lambda: edit(fixture_project, "Risk of harm was assessed well", "Risk of harm was assessed badly"),
        lambda: edit(fixture_project, "value: 41.9", "value: 42.9"),  # only the record's details change
        lambda: edit(fixture_project, "themes: [risk-of-harm, protecting-the-public]", "themes: [victims-and-restorative-justice]"),
        lambda: edit(fixture_project, "{start: 2014-03-03, end: 2014-03-07}", "{start: 2013-03-03, end: 2013-03-07}"),
        lambda: edit(fixture_project, "person: ann-inspector, role: Lead Inspector", "person: bob-chair, role: Lead Inspector"),
        lambda: (fixture_project / "content/inspections/northtown-2016-02.yml").unlink(),
        lambda: edit(fixture_project, "title: Full Joint Inspection of youth offending work in Northtown\n",
                     "title: Renamed inspection\n"),
        lambda: edit(fixture_project, "name: Risk of harm", "name: Harm to others", "content/themes.yml"),
    ]
    for step in steps:
        step()
        rendered, _, _ = preview.refresh()
        assert tree_digest(docs) == full_generation(fixture_project, tmp_path)
    assert rendered > 10  # the vocabulary change regenerated everything


def test_an_edit_of_text_alone_renders_the_record_and_the_theme_pages_that_quote_it(fixture_project: Path) -> None:
    preview = Preview(Project.at(fixture_project))
    preview.refresh()
    site = preview.site
    assert site is not None
    assert len(site.archive.inspections["northtown-2014-03"].themes) > 2
    # The paragraph carries two of the record's themes: only their pages of 2014 quote it.
    edit(fixture_project, "Risk of harm was assessed well", "Risk of harm was assessed badly")
    rendered, written, _ = preview.refresh()
    # Its page, its JSON and the archive's, and the two theme pages; not its authority,
    # people, listings or neighbours' pages.
    assert (rendered, written.written) == (5, 5)
    pages = fixture_project / "build" / "docs"
    for page in ("inspections/northtown-2014-03.md", "themes/risk-of-harm/2014.md",
                 "themes/protecting-the-public/2014.md", "inspections/northtown-2014-03.json",
                 "data/inspections.json"):
        assert "assessed badly" in (pages / page).read_text(encoding="utf-8"), page


def test_only_touched_pages_are_rendered(fixture_project: Path) -> None:
    preview = Preview(Project.at(fixture_project))
    total, _, _ = preview.refresh()
    edit(fixture_project, "Plans were timely.", "Plans were late.", "content/inspections/northtown-2016-02.yml")
    rendered, written, _ = preview.refresh()
    assert rendered < total
    # The record's page, the theme-year page that quotes the paragraph, and the record's JSON
    # and the archive's.
    assert written.written == 4
    assert "Plans were late" in (fixture_project / "build/docs/inspections/northtown-2016-02.md").read_text()


def test_a_mistake_is_reported_and_the_next_fix_recovers(fixture_project: Path) -> None:
    preview = Preview(Project.at(fixture_project))
    preview.refresh()
    edit(fixture_project, "cases_inspected: 30", "cases_inspected: lots")
    with pytest.raises(ContentError, match="cases_inspected: Input should be a valid integer"):
        preview.refresh()
    edit(fixture_project, "cases_inspected: lots", "cases_inspected: 31")
    preview.refresh()
    assert "**Cases inspected:** 31" in (fixture_project / "build/docs/inspections/northtown-2014-03.md").read_text()


def test_the_index_reads_nothing_of_a_record_but_its_index_fields(fixture_project: Path) -> None:
    # A preview keeps the index when an edit leaves these fields alone: so it must not read others.
    archive = generate(Project.at(fixture_project)).site.archive
    others = [field.name for field in dataclasses.fields(Listing) if field.name not in INDEX_FIELDS]
    blank = {key: dataclasses.replace(listing, **dict.fromkeys(others))
             for key, listing in archive.inspections.items()}
    assert build_index(archive.holding(blank)) == build_index(archive)


def test_a_text_edit_keeps_the_index_and_an_authority_edit_rebuilds_it(fixture_project: Path) -> None:
    preview = Preview(Project.at(fixture_project))
    preview.refresh()
    assert preview.site is not None
    index = preview.site.index
    edit(fixture_project, "Risk of harm was assessed well", "Risk of harm was assessed badly")
    preview.refresh()
    assert preview.site.index is index
    edit(fixture_project, "value: 41.9", "value: 42.9")
    preview.refresh()
    assert preview.site.index is index
    edit(fixture_project, "{start: 2014-03-03, end: 2014-03-07}", "{start: 2013-03-03, end: 2013-03-07}")
    preview.refresh()
    assert preview.site.index is not index
