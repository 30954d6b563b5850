"""Ratings as data: what check refuses in a record's ratings and its framework, the warning
it gives where a published rating is not its score's band, and what the pages and downloads show."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import FIXTURES, edit, run_cli
from conftest import loaded_problems as problems

from generator.archive import load_archive
from generator.ratings_data import safe_cell
from generator.site_pages import render_site

RATED = "inspections/southvale-2022-05.yml"
WHERE = "content/inspections/southvale-2022-05.yml"


@pytest.mark.parametrize(("old", "new", "expected"), [
    ('{standard: "2.4", rating: Good}', '{standard: "2.5", rating: Good}',
     f"{WHERE}:22:18: ratings.standards[7].standard: standard '2.5' is not in framework 'hmip-youth-2021'; "
     "did you mean '2.4'?"),
    ('{standard: "2.4", rating: Good}', '{standard: "2.4", rating: Goodish}',
     f"{WHERE}:22:33: ratings.standards[7].rating: rating 'Goodish' is not on the framework's scale (Outstanding, "
     "Good, Requires improvement, Inadequate); did you mean 'Good'?"),
    ("overall: {rating: Good}", "overall: {rating: Satisfactory}",
     f"{WHERE}:12:21: ratings.overall.rating: rating 'Satisfactory' is not on the framework's scale (Outstanding, "
     "Good, Requires improvement, Inadequate)"),
    ("percent: 72.22", "percent: 75",
     f"{WHERE}:13:45: ratings.score.percent: 75% does not match 26 of 36 points (72.22%)"),
    ("points: 26, maximum: 36, percent: 72.22", "points: 26, maximum: 39, percent: 66.67",
     f"{WHERE}:13:32: ratings.score.maximum: the framework's maximum score is 36, not 39"),
    ("points: 26, maximum: 36, percent: 72.22", "points: 40, maximum: 36",
     f"{WHERE}:13:19: ratings.score.points: 40 points is more than the maximum of 36"),
    ('    - {standard: "2.4", rating: Good}\n', "",
     f"{WHERE}:15:5: ratings.standards: standards 2.4 of framework 'hmip-youth-2021' are missing (give each a "
     "rating, or a status: not rated, not stated or unclear)"),
    ('{standard: "2.4", rating: Good}', '{standard: "2.3", rating: Good}',
     f"{WHERE}:22:18: ratings.standards[7].standard: standard 2.3 is listed twice"),
    ('{standard: "2.4", rating: Good}', '{standard: "2.4"}',
     f"{WHERE}:22:7: ratings.standards[7]: standard 2.4: give either a rating or a status (not rated, not stated "
     "or unclear), not both or neither"),
    ('{standard: "2.4", rating: Good}', '{standard: "2.4", rating: Good, status: unclear}',
     f"{WHERE}:22:7: ratings.standards[7]: standard 2.4: give either a rating or a status (not rated, not stated "
     "or unclear), not both or neither"),
    ("total: 13", "total: 12",
     f"{WHERE}:30:12: rating_tallies[0].total: the counts add up to 13, not 12 (expected them to add up to the "
     "total)"),
    ("{rating: Good, count: 9}\n      - {rating: Requires improvement, count: 1}",
     "{rating: Good, count: 10}\n      - {rating: Requires improvement, count: 0}",
     f"{WHERE}:29:5: rating_tallies[0]: the tally (10 Good; 3 Outstanding) contradicts the standards' ratings "
     "(9 Good; 3 Outstanding; 1 Requires improvement)"),
    ("framework: hmip-youth-2021", "framework: hmip-fji-2012",
     f"{WHERE}:11:14: ratings.framework: programme 'youth-justice-inspection' does not use framework "
     "'hmip-fji-2012' (its frameworks: hmip-youth-2018, hmip-youth-2021)"),
    ("framework: hmip-youth-2021", "framework: hmip-youth-2020",
     f"{WHERE}:11:14: ratings.framework: unknown framework 'hmip-youth-2020' (expected a key of frameworks.yml: "
     "one of hmip-fji-2012, hmip-sqs-2012, hmip-youth-2018, hmip-youth-2021); did you mean 'hmip-youth-2021'?"),
    ("published: 2022-08-09\n", "published: 2022-08-09\njudgement: {rating: Good}\n",
     f"{WHERE}:10:12: judgement: a rated inspection gives its overall rating in ratings.overall, not judgement"),
])
def test_rating_mistakes_are_refused_with_location(content: Path, old: str, new: str, expected: str) -> None:
    edit(content, RATED, old, new)
    found = problems(content)
    assert expected in found, "\n".join(found)


def test_a_rating_unlike_its_scores_band_is_a_warning_not_an_error(content: Path) -> None:
    archive = load_archive(content)
    assert [str(w) for w in archive.warnings] == [
        "content/inspections/eastmere-2023-01.yml:13:21: warning: ratings.overall.rating: the published overall "
        "rating 'Good' differs from the band of its score (18 of 36 points: Requires improvement)"]
    result = run_cli("check", "--content", str(content))
    assert result.returncode == 0
    assert "warning: ratings.overall.rating" in result.stderr and "(1 warning)" in result.stdout
    edit(content, "inspections/eastmere-2023-01.yml", "points: 18, maximum: 36, percent: 50",
         "points: 19, maximum: 36, percent: 52.78")
    assert load_archive(content).warnings == ()


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("    - {rating: Outstanding, lowest: 31, highest: 36}\n  sources:\n    - title: Our standards and ratings\n      "
     "publisher: HM Inspectorate of Probation\n      url: https://www.justiceinspectorates.gov.uk/hmiprobation/about-"
     "hmi-probation/about-our-work/our-standards-and-ratings/\n      supports: >-",
     "    - {rating: Outstanding, lowest: 32, highest: 36}\n  sources:\n    - title: Our standards and ratings\n      "
     "publisher: HM Inspectorate of Probation\n      url: https://www.justiceinspectorates.gov.uk/hmiprobation/about-"
     "hmi-probation/about-our-work/our-standards-and-ratings/\n      supports: >-",
     "band 'Outstanding' covers 32–36; expected it to start at 31 (bands must follow one another without gaps)"),
    ("{rating: Inadequate, lowest: 0, highest: 6}", "{rating: Poor, lowest: 0, highest: 6}",
     "rating 'Poor' is not on the scale (Outstanding, Good, Requires improvement, Inadequate)"),
    ('{number: "2.4", key: reviewing, title: Reviewing}', '{number: "2.3", key: reviewing, title: Reviewing}',
     "standard 2.3 appears twice (expected each number or key once)"),
])
def test_framework_mistakes_are_refused(content: Path, old: str, new: str, expected: str) -> None:
    edit(content, "frameworks.yml", old, new)
    found = problems(content)
    assert any(expected in p and p.startswith("content/frameworks.yml:") for p in found), found


def test_pages_and_downloads_show_the_ratings() -> None:
    pages = render_site(FIXTURES / "archive" / "content")
    joint = pages["inspections/eastmere-2023-01.md"]
    assert isinstance(joint, str)
    assert '<div class="admonition warning">\n<p class="admonition-title">Rating and score disagree</p>' in joint
    assert "| Out\\-of\\-court disposals | 3\\.1 Assessment | Not stated: The ratings table is cut off" in joint
    # Listings and timelines show a rated inspection's overall rating, not "no overall rating".
    latest = [line for line in str(pages["inspections/index.md"]).splitlines() if "southvale-2022-05.md" in line]
    assert latest and latest[0].endswith("| May 2022 | Good |"), latest
    assert "- **Judgement:** Good\n" in str(pages["authorities/southvale.md"])
    for authority in ("eastmere", "westmere"):  # a joint service is listed on each authority's page
        assert "eastmere-2023-01.md#standard-ratings" in str(pages[f"authorities/{authority}.md"])
    rows = list(csv.DictReader(io.StringIO(str(pages["ratings/ratings.csv"]))))
    assert len(rows) == 2 * 13
    statuses = {(r["inspection"], r["standard"]): r["status"] for r in rows}
    assert statuses[("eastmere-2023-01", "4.1")] == "not rated" and statuses[("southvale-2022-05", "1.1")] == "rated"
    data = json.loads(str(pages["ratings/ratings.json"]))
    assert [c["name"] for c in data["columns"]] == list(rows[0]) and len(data["rows"]) == len(rows)
    assert {k: str(v) for k, v in data["rows"][0].items()} == rows[0]


@pytest.mark.parametrize(("value", "shown"), [("=1+1", "'=1+1"), ("+44", "'+44"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
                                              ("\tx", "'\tx"), ("Good", "Good"), ("", "")])
def test_no_csv_cell_runs_as_a_formula(value: str, shown: str) -> None:
    assert safe_cell(value) == shown
