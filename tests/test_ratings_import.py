"""Reading a table of rated inspections: by column name, every defect reported with its row
and column, mechanical damage repaired, everything else flagged, unreadable rows refused."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO, make_project, run_cli
from site_checks import tree_digest

from generator.archive import load_archive
from generator.errors import BuildError
from generator.ratings_import import Mapping, read_table

HEADER = ("la_name,la_ref,score_%,overall_rating,publication_date,report_url,governance_and_leadership,staff,"
          "partnerships_and_services,information_and_facilities,assessment,planning,implementation_and_delivery,"
          "reviewing,outofcourt_disposal_policy_and_provision,resettlement_policy_and_provision")
GOOD_ROW = ("Norfolk,nyjs,61.11,Good,28/01/2025,https://example.org/nyjs2025/,Good,Good,Good,Good,Good,Outstanding,"
            "Outstanding,,,Outstanding")


@pytest.fixture(scope="module")
def frameworks():  # type: ignore[no-untyped-def]
    return load_archive(FIXTURES / "archive" / "content").frameworks


def table(tmp_path: Path, *rows: str, header: str = HEADER) -> Path:
    path = tmp_path / "ratings.csv"
    path.write_text("\n".join((header, *rows)) + "\n", encoding="utf-8")
    return path


def defects(tmp_path: Path, frameworks, *rows: str, header: str = HEADER) -> list[str]:  # type: ignore[no-untyped-def]
    return [d.shown("t.csv") for d in read_table(table(tmp_path, *rows, header=header), Mapping.load(),
                                                 frameworks).defects]


def test_a_clean_row_is_read_by_column_name(tmp_path: Path, frameworks) -> None:  # type: ignore[no-untyped-def]
    [row] = read_table(table(tmp_path, GOOD_ROW), Mapping.load(), frameworks).rows
    assert (row.row, row.authorities, row.framework, str(row.published), row.overall, row.points) == (
        2, ["norfolk"], "hmip-youth-2021", "2025-01-28", "Good", 22)
    assert row.standards["1.1"] == ("Good", None) and row.standards["4.1"] == ("Outstanding", None)
    assert row.standards["2.1"] == (None, "unclear") and row.standards["2.4"] == (None, "not stated")


def test_another_column_order_and_two_digit_years(tmp_path: Path, frameworks) -> None:  # type: ignore[no-untyped-def]
    names = HEADER.split(",")
    values = GOOD_ROW.split(",")
    order = list(reversed(range(len(names))))
    values[4] = "28/01/25"
    path = table(tmp_path, ",".join(values[i] for i in order), header=",".join(names[i] for i in order))
    result = read_table(path, Mapping.load(), frameworks)
    assert str(result.rows[0].published) == "2025-01-28" and result.rows[0].points == 22
    assert "ratings.csv:2:publication_date: two-digit year in '28/01/25' (repaired: read as 2025-01-28)" in [
        d.shown("ratings.csv") for d in result.defects]


@pytest.mark.parametrize(("change", "expected"), [
    (lambda v: v.__setitem__(3, "Inadeq uate"),
     "t.csv:2:overall_rating: rating 'Inadeq uate' split by a space (repaired: read as 'Inadequate')"),
    (lambda v: v.__setitem__(3, "good"), "t.csv:2:overall_rating: rating 'good' in another letter case (repaired: "
                                         "read as 'Good')"),
    (lambda v: v.__setitem__(3, "Rating"),
     "t.csv:2:overall_rating: 'Rating' where the overall rating belongs (flagged for the curator: left out)"),
    (lambda v: v.__setitem__(6, "1 The resettlement standard does not contribute"),
     "t.csv:2:governance_and_leadership: '1 The resettlement standard does not contribute' where a rating belongs "
     "(flagged for the curator: not stated)"),
    (lambda v: v.__setitem__(2, "4.56"),
     "t.csv:2:score_%: 4.56% is no whole number of points out of 36 (1.64) (flagged for the curator: score left out)"),
    (lambda v: v.__setitem__(2, "50.0"),
     "t.csv:2:score_%: 18 of 36 points is in the Requires improvement band, but the overall rating is Good "
     "(flagged: both kept as published)"),
    (lambda v: v.__setitem__(7, ""),
     "t.csv:2:staff: no rating for standard 1.2 (flagged for the curator: not stated; a lost \"Requires "
     "improvement\", not rated, or missing)"),
    (lambda v: None,
     "t.csv:2:assessment: the column stands for standards 2.1 and 3.1 (flagged for the curator: 'Good' is recorded "
     "as unclear for both)"),
    (lambda v: (v.__setitem__(0, "youth justice services in Conwy & Denbighshire - Joint_Inspection"),
                v.__setitem__(1, "cd")),
     "t.csv:2:la_name: the row covers 2 authorities (conwy, denbighshire) (flagged for the curator: one record, "
     "filed under conwy)"),
    (lambda v: (v.__setitem__(0, "youth justice services in Conwy & Denbighshire - Joint_Inspection"),
                v.__setitem__(1, "cd")),
     "t.csv:2:la_name: report-title text in the name 'youth justice services in Conwy & Denbighshire - "
     "Joint_Inspection' (repaired: read as 'Conwy & Denbighshire')"),
    (lambda v: (v.__setitem__(0, "Nowhere"), v.__setitem__(1, "nowhereyjs")),
     "t.csv:2:la_ref: unknown slug 'nowhereyjs' and name 'Nowhere' (refused: add it to data/imports' areas.yml)"),
    (lambda v: v.__setitem__(1, "norfolk-yjs"),
     "t.csv:2:la_ref: unknown slug 'norfolk-yjs' (matched by its name 'Norfolk'; add the slug to areas.yml)"),
])
def test_every_defect_class_is_reported_with_row_and_column(tmp_path: Path, frameworks, change, expected) -> None:  # type: ignore[no-untyped-def]
    values = GOOD_ROW.split(",")
    change(values)
    found = defects(tmp_path, frameworks, ",".join(values))
    assert expected in found, "\n".join(found)


def test_a_score_in_its_ratings_band_is_no_defect(tmp_path: Path, frameworks) -> None:  # type: ignore[no-untyped-def]
    values = GOOD_ROW.split(",")
    values[2] = "72.22"  # 26 of 36 points: Good, as published
    assert not any("band" in d for d in defects(tmp_path, frameworks, ",".join(values)))


def test_a_missing_or_unknown_column_is_named(tmp_path: Path, frameworks) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(BuildError, match="no column for published"):
        read_table(table(tmp_path, "x", header=HEADER.replace("publication_date", "pub")), Mapping.load(), frameworks)
    with pytest.raises(BuildError, match=r"column 'wards' is not in data/imports' columns\.yml"):
        read_table(table(tmp_path, GOOD_ROW + ",x", header=HEADER + ",wards"), Mapping.load(), frameworks)


def test_a_mapping_naming_a_framework_the_vocabulary_lacks_is_refused(tmp_path: Path, frameworks) -> None:  # type: ignore[no-untyped-def]
    lacking = {key: value for key, value in frameworks.items() if key != "hmip-youth-2018"}
    with pytest.raises(BuildError, match=r"columns\.yml names framework 'hmip-youth-2018'"):
        read_table(table(tmp_path, GOOD_ROW), Mapping.load(), lacking)


def test_the_committed_table_reads_whole_and_dry_run_writes_nothing(tmp_path: Path) -> None:
    source = REPO / "data" / "sources" / "hmip-youth-ratings" / "hmi_youth_justice_inspection_ratings-2025-02-14.csv"
    before = sorted(p.name for p in (REPO / "content" / "inspections").iterdir())
    result = run_cli("import", "ratings", str(source), "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "82 rows make records, 0 refused" in result.stdout and "Nothing was written" in result.stdout
    for fragment in ("written day/month/year", "split by a space", "where the overall rating belongs", "is no whole number of points",
                     "stands for standards", "no rating for standard", "covers 4 authorities", "report-title text"):
        assert fragment in result.stdout, fragment
    assert sorted(p.name for p in (REPO / "content" / "inspections").iterdir()) == before


def import_project(tmp_path: Path) -> Path:
    project = make_project(tmp_path / "project", FIXTURES / "archive" / "content")
    shutil.copytree(REPO / "data" / "imports", project / "data" / "imports", ignore=shutil.ignore_patterns("imported"))
    return project


def run_import(project: Path, path: Path) -> str:
    result = run_cli("import", "ratings", str(path), "--project", str(project), "--version", "test")
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_import_writes_records_that_check_and_a_second_import_changes_nothing(tmp_path: Path) -> None:
    project = import_project(tmp_path)
    source = table(tmp_path, GOOD_ROW, GOOD_ROW.replace("Norfolk,nyjs", "Nowhere,nowhereyjs"))
    out = run_import(project, source)
    assert "1 records written" in out and "1 refused" in out and "1 authorities added" in out
    record = project / "content" / "inspections" / "norfolk-2025-01.yml"
    text = record.read_text(encoding="utf-8")
    assert "status: imported" in text and "row: 2" in text and "https://example.org/nyjs2025/" in text
    assert "norfolk:\n  name: Norfolk\n  nation: England\n" in (project / "content" / "authorities.yml").read_text()
    assert run_cli("check", "--project", str(project)).returncode == 0
    before = tree_digest(project)
    assert "0 records written, 1 unchanged" in run_import(project, source)
    assert tree_digest(project) == before


def test_a_curators_edit_survives_a_newer_table(tmp_path: Path) -> None:
    project = import_project(tmp_path)
    run_import(project, table(tmp_path, GOOD_ROW))
    record = project / "content" / "inspections" / "norfolk-2025-01.yml"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("title: HMIP inspection of youth justice services in Norfolk (2025)",
                                   "title: Norfolk youth justice inspection (checked title)"), encoding="utf-8")
    newer = table(tmp_path, GOOD_ROW.replace("https://example.org/nyjs2025/", "https://example.org/moved/"))
    out = run_import(project, newer)
    assert "kept: norfolk-2025-01: kept the curator's title" in out
    text = record.read_text(encoding="utf-8")
    assert "title: Norfolk youth justice inspection (checked title)" in text  # the curator's field
    assert "https://example.org/moved/" in text  # an imported field, updated


def test_curated_and_checked_records_are_never_touched(tmp_path: Path) -> None:
    project = import_project(tmp_path)
    # A row whose record id is that of the fixture's curated southvale-2022-05.
    curated = GOOD_ROW.replace("Norfolk,nyjs", "Southvale,southvaleyjs").replace("28/01/2025", "09/05/2022")
    areas = project / "data" / "imports" / "hmip-youth-ratings" / "areas.yml"
    areas.write_text(areas.read_text(encoding="utf-8").replace(
        "slugs:\n", "slugs:\n  southvaleyjs:\n    authorities: [southvale]\n    names: [Southvale]\n"), encoding="utf-8")
    run_import(project, table(tmp_path, GOOD_ROW))
    checked = project / "content" / "inspections" / "norfolk-2025-01.yml"
    checked.write_text(checked.read_text(encoding="utf-8").replace("status: imported", "status: checked"),
                       encoding="utf-8")
    before = tree_digest(project / "content")
    out = run_import(project, table(tmp_path, GOOD_ROW.replace("61.11,Good", "72.22,Good"), curated))
    assert "kept: norfolk-2025-01: checked by a curator" in out
    assert "kept: southvale-2022-05: a curated record with this id exists; the row was not imported" in out
    assert tree_digest(project / "content") == before
