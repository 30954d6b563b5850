"""Every validation rule, each killed by a test that asserts its exact message and location,
with the boundaries of each limit on both sides (see [tool.mutmut] in pyproject.toml)."""
from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from typing import Annotated, Any

import pytest
from conftest import REPO, edit, generated_problems
from conftest import loaded_problems as problems
from pydantic import TypeAdapter, ValidationError

import generator.yaml_source
from generator.archive import Archive, load_archive, load_vocabularies, read_records, record_files
from generator.dates import DAY_OR_MONTH_PATTERN, PARTIAL_DATE_PATTERN, FieldworkDate, PartialDate
from generator.errors import ContentError, Problem
from generator.models import Inspection, Judgement, Paragraph, Slug, Subsection, _reference
from generator.site_pages import render_site
from generator.validation_problems import describe_error, fields_at
from generator.yaml_source import MAX_FILE_BYTES, SourceDocument, YamlSourceError, _position, read_yaml

OLDER = "inspections/northtown-2014-03.yml"
NEWER = "inspections/northtown-2016-02.yml"
OLDER_AT = "content/inspections/northtown-2014-03.yml"
NEWER_AT = "content/inspections/northtown-2016-02.yml"
SLUG_HELP = "(expected lowercase letters, digits and single hyphens, e.g. 'st-helens')"
TAG_HELP = "is not supported (write the value without a tag; quote text that looks like a number or true/false)"


def assert_valid(content: Path) -> None:
    load_archive(content)


# --- sections and paragraphs ------------------------------------------------------


def test_duplicate_section_id(content: Path) -> None:
    edit(content, NEWER, "people:", "  - id: reducing-reoffending\n    title: Again\npeople:")
    assert generated_problems(content) == [
        f"{NEWER_AT}:19:9: sections[1].id: section id 'reducing-reoffending' is used twice"]


def test_sections_sharing_an_id_share_their_paragraph_numbers(content: Path) -> None:
    edit(content, NEWER, "people:", "  - id: reducing-reoffending\n    title: Again\n    paragraphs:\n"
                                    "      - {number: '1.1', text: Again., themes: [risk-of-harm]}\npeople:")
    assert generated_problems(content) == [
        f"{NEWER_AT}:19:9: sections[1].id: section id 'reducing-reoffending' is used twice",
        f"{NEWER_AT}:22:18: sections[1].paragraphs[0].number: paragraph 1.1 appears twice in section "
        "'reducing-reoffending'"]


def test_distinct_sections_may_reuse_paragraph_numbers(content: Path) -> None:
    edit(content, NEWER, "people:", "  - id: protecting-the-public\n    title: Other\n    paragraphs:\n"
                                    "      - {number: '1.1', text: Again., themes: [risk-of-harm]}\npeople:")
    assert_valid(content)


def test_duplicate_paragraph_number_in_one_list(content: Path) -> None:
    edit(content, NEWER, "        themes: [management-oversight]\n",
         "        themes: [management-oversight]\n      - number: \"1.1\"\n        text: Again.\n"
         "        themes: [risk-of-harm]\n")
    assert generated_problems(content) == [
        f"{NEWER_AT}:19:17: sections[0].paragraphs[1].number: paragraph 1.1 appears twice in section "
        "'reducing-reoffending'"]


def test_duplicate_paragraph_number_between_section_and_subsection(content: Path) -> None:
    edit(content, OLDER, 'number: "2.2"', 'number: "2.1"')
    assert problems(content) == [
        f"{OLDER_AT}:45:21: sections[0].subsections[0].paragraphs[0].number: paragraph 2.1 appears twice in "
        "section 'protecting-the-public'"]


def test_duplicate_paragraph_number_between_two_subsections(content: Path) -> None:
    edit(content, OLDER, "    summary: Overall,",
         "      - title: Planning\n        paragraphs:\n          - number: \"2.2\"\n            text: Again.\n"
         "            themes: [risk-of-harm]\n    summary: Overall,")
    assert problems(content) == [
        f"{OLDER_AT}:50:21: sections[0].subsections[1].paragraphs[0].number: paragraph 2.2 appears twice in "
        "section 'protecting-the-public'"]


# --- references to sections and paragraphs -------------------------------------------


def test_quote_paragraph_without_its_section(content: Path) -> None:
    edit(content, OLDER, "    section: protecting-the-public\n    paragraph:", "    paragraph:")
    assert generated_problems(content) == [f"{OLDER_AT}:68:16: quotes[0].paragraph: a paragraph needs its section"]


def test_quote_paragraph_missing_from_its_section(content: Path) -> None:
    edit(content, OLDER, '    paragraph: "2.1"', '    paragraph: "2.9"')
    assert generated_problems(content) == [
        f"{OLDER_AT}:69:16: quotes[0].paragraph: section 'protecting-the-public' has no paragraph 2.9"]


def test_quote_paragraph_in_a_subsection_is_found(content: Path) -> None:
    edit(content, OLDER, '    paragraph: "2.1"', '    paragraph: "2.2"')
    assert_valid(content)


def test_quote_paragraph_of_another_section_is_refused(content: Path) -> None:
    edit(content, OLDER, "key_findings:", "  - id: other\n    title: Other\n    paragraphs:\n"
                                          "      - {number: '9.1', text: Elsewhere., themes: [risk-of-harm]}\n"
                                          "key_findings:")
    edit(content, OLDER, '    paragraph: "2.1"', '    paragraph: "9.1"')
    assert problems(content) == [
        f"{OLDER_AT}:73:16: quotes[0].paragraph: section 'protecting-the-public' has no paragraph 9.1"]


def test_quote_in_an_unknown_section_is_reported_once(content: Path) -> None:
    edit(content, OLDER, "    section: protecting-the-public\n    paragraph:", "    section: nowhere\n    paragraph:")
    assert problems(content) == [
        f"{OLDER_AT}:68:14: quotes[0].section: unknown section 'nowhere' (expected the id of one of this record's "
        "sections)"]


@pytest.mark.parametrize(("field", "line", "column"), [
    ("key_findings", 52, 14), ("examples", 78, 14), ("scores", 20, 14)])
def test_unknown_section_of_an_item(content: Path, field: str, line: int, column: int) -> None:
    text = (content / OLDER).read_text(encoding="utf-8").splitlines()
    text[line - 1] = text[line - 1].replace("protecting-the-public", "protecting-the-pubic")
    (content / OLDER).write_text("\n".join(text) + "\n", encoding="utf-8")
    assert problems(content) == [
        f"{OLDER_AT}:{line}:{column}: {field}[0].section: unknown section 'protecting-the-pubic' (expected the id of "
        "one of this record's sections); did you mean 'protecting-the-public'?"]


@pytest.mark.parametrize("field", ["strengths", "improvements"])
def test_unknown_section_of_strengths_and_improvements(content: Path, field: str) -> None:
    edit(content, OLDER, f"{field}:\n  - text:", f"{field}:\n  - section: nowhere\n    text:")
    line = (content / OLDER).read_text(encoding="utf-8").splitlines().index("  - section: nowhere") + 1
    assert problems(content) == [
        f"{OLDER_AT}:{line}:14: {field}[0].section: unknown section 'nowhere' (expected the id of one of this "
        "record's sections)"]


def test_unknown_section_of_a_recommendation_is_an_unknown_field(content: Path) -> None:
    edit(content, OLDER, "    addressed_to: Head of YOT\n", "    addressed_to: Head of YOT\n    section: nowhere\n")
    assert problems(content) == [
        f"{OLDER_AT}:63:5: recommendations[0].section: unknown field 'section'"]


# --- dates ----------------------------------------------------------------------------

TWO_PERIODS = "  - {start: 2014-03-03, end: 2014-03-07}\n  - {start: 2014-03-17, end: 2014-03-21}\n"


def test_fieldwork_periods_out_of_date_order(content: Path) -> None:
    edit(content, OLDER, TWO_PERIODS, "  - {start: 2014-03-17, end: 2014-03-21}\n  - {start: 2014-03-03, end: 2014-03-07}\n")
    assert generated_problems(content) == [
        f"{OLDER_AT}:9:5: fieldwork[1]: fieldwork period starting 2014-03-03 is listed after one starting "
        "2014-03-17 (expected date order)"]


def test_third_fieldwork_period_out_of_order(content: Path) -> None:
    edit(content, OLDER, TWO_PERIODS, TWO_PERIODS + "  - {start: 2014-03-10, end: 2014-03-11}\n")
    assert problems(content) == [
        f"{OLDER_AT}:10:5: fieldwork[2]: fieldwork period starting 2014-03-10 is listed after one starting "
        "2014-03-17 (expected date order)"]


def test_fieldwork_periods_starting_the_same_day_are_in_order(content: Path) -> None:
    edit(content, OLDER, TWO_PERIODS, "  - {start: 2014-03-03, end: 2014-03-07}\n  - {start: 2014-03-03, end: 2014-03-21}\n")
    assert_valid(content)


def test_fieldwork_of_one_day_and_of_a_month(content: Path) -> None:
    edit(content, OLDER, TWO_PERIODS, "  - {start: 2014-03-03, end: 2014-03-03}\n  - {start: 2014-04, end: 2014-04}\n")
    edit(content, OLDER, "published: 2014-05", "published: 2014-04")
    assert_valid(content)


def test_month_of_fieldwork_sorts_before_its_days(content: Path) -> None:
    edit(content, OLDER, TWO_PERIODS, "  - {start: 2014-03-03, end: 2014-03-03}\n  - {start: 2014-03, end: 2014-03}\n")
    assert problems(content) == [
        f"{OLDER_AT}:9:5: fieldwork[1]: fieldwork period starting 2014-03 is listed after one starting 2014-03-03 "
        "(expected date order)"]


def test_fieldwork_month_ending_in_the_month_it_starts(content: Path) -> None:
    edit(content, OLDER, TWO_PERIODS, "  - {start: 2014-03-20, end: 2014-03}\n")
    assert_valid(content)


def test_fieldwork_from_a_month_to_a_day_of_it(content: Path) -> None:
    edit(content, OLDER, TWO_PERIODS, "  - {start: 2014-03, end: 2014-03-01}\n")
    archive = load_archive(content)
    assert archive.inspections["northtown-2014-03"].sort_date.isoformat() == "2014-03-01"


def test_fieldwork_ending_the_day_before_it_starts(content: Path) -> None:
    edit(content, OLDER, TWO_PERIODS, "  - {start: 2014-03-20, end: 2014-03-19}\n")
    assert problems(content) == [
        f"{OLDER_AT}:8:5: fieldwork[0]: fieldwork ends (2014-03-19) before it starts (2014-03-20)"]


def test_fieldwork_ending_the_month_before_it_starts(content: Path) -> None:
    edit(content, OLDER, TWO_PERIODS, "  - {start: 2014-03-01, end: 2014-02}\n")
    assert problems(content) == [f"{OLDER_AT}:8:5: fieldwork[0]: fieldwork ends (2014-02) before it starts (2014-03-01)"]


def test_published_on_the_last_day_of_fieldwork(content: Path) -> None:
    edit(content, NEWER, "published: 2016-03-01", "published: 2016-02-03")
    assert_valid(content)


def test_published_the_day_before_fieldwork_ended(content: Path) -> None:
    edit(content, NEWER, "published: 2016-03-01", "published: 2016-02-02")
    assert problems(content) == [f"{NEWER_AT}:9:12: published: published (2016-02-02) before fieldwork ended (2016-02-03)"]


def test_publication_is_compared_with_the_last_period(content: Path) -> None:
    edit(content, OLDER, "published: 2014-05", "published: 2014-03-10")
    assert problems(content) == [f"{OLDER_AT}:10:12: published: published (2014-03-10) before fieldwork ended (2014-03-21)"]


def test_published_in_the_month_fieldwork_ended(content: Path) -> None:
    edit(content, OLDER, "published: 2014-05", "published: 2014-03")
    assert_valid(content)


def test_published_in_the_year_fieldwork_ended(content: Path) -> None:
    edit(content, OLDER, "published: 2014-05", "published: 2014")
    assert_valid(content)


def test_published_the_year_before_fieldwork(content: Path) -> None:
    edit(content, OLDER, "published: 2014-05", "published: 2013")
    assert problems(content) == [f"{OLDER_AT}:10:12: published: published (2013) before fieldwork ended (2014-03-21)"]


def test_publication_without_fieldwork_is_not_compared(content: Path) -> None:
    edit(content, OLDER, "fieldwork:\n" + TWO_PERIODS, "")
    edit(content, OLDER, "published: 2014-05", "published: 1999")
    assert_valid(content)


@pytest.mark.parametrize(("value", "message"), [
    ("2016-13-01", "impossible date '2016-13-01': there is no month 13"),
    ("2015-02-29", "impossible date '2015-02-29': February 2015 has 28 days"),
    ("2016-04-31", "impossible date '2016-04-31': April 2016 has 30 days"),
    ("2016-13", "impossible date '2016-13': there is no month 13"),
    ("2016-00-01", "impossible date '2016-00-01': there is no month 0"),
    ("2016-00", "impossible date '2016-00': there is no month 0"),
    ("2016-02-00", "impossible date '2016-02-00': there is no day 0"),
    ("16-03-01", "expected a date written YYYY-MM-DD, YYYY-MM or YYYY, got '16-03-01'"),
    ("201", "expected a date written YYYY-MM-DD, YYYY-MM or YYYY, got 201"),
    ("10000", "expected a date written YYYY-MM-DD, YYYY-MM or YYYY, got 10000"),
    ("true", "expected a date written YYYY-MM-DD, YYYY-MM or YYYY, got True"),
    ("2016-3-1", "expected a date written YYYY-MM-DD, YYYY-MM or YYYY, got '2016-3-1'"),
])
def test_impossible_publication_dates(content: Path, value: str, message: str) -> None:
    edit(content, NEWER, "published: 2016-03-01", f"published: {value}")
    assert problems(content) == [f"{NEWER_AT}:9:12: published: {message}"]


@pytest.mark.parametrize("value", ["2016-02-29", "2016-12-31", "2016-12", "2016", "'2016'", "9999"])
def test_possible_publication_dates(content: Path, value: str) -> None:
    edit(content, NEWER, "published: 2016-03-01", f"published: {value}")
    assert_valid(content)


def test_smallest_year_given_as_a_number(content: Path) -> None:
    edit(content, NEWER, "published: 2016-03-01\n", "")
    edit(content, NEWER, "  date: 2016-03-01", "  date: 1000")
    assert_valid(content)
    edit(content, NEWER, "  date: 1000", "  date: 999")
    assert problems(content) == [
        f"{NEWER_AT}:24:11: sources[0].date: expected a date written YYYY-MM-DD, YYYY-MM or YYYY, got 999"]


@pytest.mark.parametrize(("value", "message"), [
    ("2016", "expected a date written YYYY-MM-DD or YYYY-MM, got 2016"),
    ("'2016'", "expected a date written YYYY-MM-DD or YYYY-MM, got '2016'"),
    ("2016-02-30", "impossible date '2016-02-30': February 2016 has 29 days"),
    ("2016-14", "impossible date '2016-14': there is no month 14"),
    ("2016-00", "impossible date '2016-00': there is no month 0"),
    ("2016-02-00", "impossible date '2016-02-00': there is no day 0"),
    ("2016-02-01x", "expected a date written YYYY-MM-DD or YYYY-MM, got '2016-02-01x'"),
])
def test_impossible_fieldwork_dates(content: Path, value: str, message: str) -> None:
    edit(content, NEWER, "{start: 2016-02-01,", f"{{start: {value},")
    assert problems(content) == [f"{NEWER_AT}:8:13: fieldwork[0].start: {message}"]


def test_sort_date_is_fieldwork_start_else_publication(content: Path) -> None:
    edit(content, NEWER, "fieldwork:\n  - {start: 2016-02-01, end: 2016-02-03}\n", "")
    edit(content, OLDER, "published: 2014-05\n", "")
    archive = load_archive(content)
    assert archive.inspections["northtown-2016-02"].sort_date.isoformat() == "2016-03-01"
    assert archive.inspections["northtown-2014-03"].sort_date.isoformat() == "2014-03-03"
    assert archive.inspections["northtown-2014-03"].first_day is not None
    assert archive.inspections["northtown-2016-02"].first_day is None


def test_partial_dates_read_as_the_source_gives_them(content: Path) -> None:
    archive = load_archive(content)
    older = archive.inspections["northtown-2014-03"]
    assert older.published is not None and older.sources[0].date is not None
    assert (str(older.published), older.published.long()) == ("2014-05", "May 2014")
    assert (older.published.earliest.isoformat(), older.published.latest.isoformat()) == ("2014-05-01", "2014-05-31")
    assert str(older.fieldwork[1].end) == "2014-03-21"


# --- numbers and shapes --------------------------------------------------------------


@pytest.mark.parametrize("value", ["0", "0.0", "100", "100.0", "99.9", "0.1"])
def test_percent_boundaries_accepted(content: Path, value: str) -> None:
    edit(content, OLDER, "percent: 71.5", f"percent: {value}")
    assert_valid(content)


@pytest.mark.parametrize(("value", "message"), [
    ("-0.1", "Input should be greater than or equal to 0 (got -0.1)"),
    ("100.1", "Input should be less than or equal to 100 (got 100.1)"),
    ("101", "Input should be less than or equal to 100 (got 101)"),
    ("'50'", "Input should be a valid number (got '50')"),
])
def test_percent_boundaries_refused(content: Path, value: str, message: str) -> None:
    edit(content, OLDER, "percent: 71.5", f"percent: {value}")
    assert problems(content) == [f"{OLDER_AT}:18:14: scores[0].percent: {message}"]


def test_count_zero_accepted(content: Path) -> None:
    edit(content, NEWER, "cases_inspected: 20", "cases_inspected: 0")
    assert_valid(content)


@pytest.mark.parametrize(("rows", "message"), [
    ('[Police, "£1,000"]\n      - [Total, "£1,000", extra]', "row 2 has 3 cells; expected 2 (one per column)"),
    ("[Police]\n      - [Total, \"£1,000\"]", "row 1 has 1 cells; expected 2 (one per column)"),
])
def test_table_rows_with_the_wrong_number_of_cells(content: Path, rows: str, message: str) -> None:
    edit(content, OLDER, '[Police, "£1,000"]\n      - [Total, "£1,000"]', rows)
    assert generated_problems(content) == [f"{OLDER_AT}:88:5: tables[0]: {message}"]


def test_table_of_one_column(content: Path) -> None:
    edit(content, OLDER, '    columns: [Partner, Amount]\n    rows:\n      - [Police, "£1,000"]\n'
                         '      - [Total, "£1,000"]', "    columns: [Partner]\n    rows:\n      - [Police]")
    assert_valid(content)


# --- text ------------------------------------------------------------------------------


@pytest.mark.parametrize("code", [0x00, 0x01, 0x08, 0x0B, 0x0C, 0x0E, 0x1F, 0x7F, 0x85, 0x9F])
def test_control_character_is_refused_with_its_position(content: Path, code: int) -> None:
    edit(content, NEWER, "service: Northtown Youth Offending Service", f'service: "  North\\x{code:02x}town"')
    shown = repr(f"  North{chr(code)}town")
    assert problems(content) == [
        f"{NEWER_AT}:3:10: service: contains the control character U+{code:04X} at position 5 (got {shown})"]


def test_only_the_first_control_character_is_reported(content: Path) -> None:
    edit(content, NEWER, "title: Short Quality", 'title: "\\x01Short\\x02 Quality"\nx: Short Quality')
    edit(content, NEWER, "x: Short Quality Screening of youth offending work in Northtown\n", "")
    assert generated_problems(content) == [
        f"{NEWER_AT}:6:8: title: contains the control character U+0001 at position 0 (got '\\x01Short\\x02 Quality')"]


@pytest.mark.parametrize("code", [0x09, 0x0A, 0x0D, 0x20, 0x7E, 0xA0, 0xA9])
def test_tab_newline_and_printable_characters_are_allowed(content: Path, code: int) -> None:
    edit(content, NEWER, "service: Northtown Youth Offending Service", f'service: "North\\x{code:02x}town"')
    assert_valid(content)


def test_control_character_in_a_vocabulary_entry(content: Path) -> None:
    edit(content, "people.yml", "name: Bob Chair", 'name: "Bob\\x1bChair"')
    assert problems(content) == [
        "content/people.yml:4:9: bob-chair.name: contains the control character U+001B at position 3 "
        "(got 'Bob\\x1bChair')"]


def test_empty_text_after_stripping(content: Path) -> None:
    edit(content, NEWER, "service: Northtown Youth Offending Service", "service: '   '")
    assert problems(content) == [f"{NEWER_AT}:3:10: service: is empty (expected text)"]


# --- vocabulary keys and references ------------------------------------------------------


SOUTHVALE_UNDECLARED = (
    "content/inspections/southvale-2022-05.yml:2:12: authority: unknown authority 'southvale' (expected a key of "
    "authorities.yml: one of eastmere, northtown, westmere)")
"""What the record of Southvale says when a malformed key leaves 'southvale' undeclared."""


@pytest.mark.parametrize("key", ["South Vale", "southVale", "south--vale", "-southvale", "southvale-", "south_vale"])
def test_non_slug_vocabulary_key(content: Path, key: str) -> None:
    edit(content, "authorities.yml", "southvale:", f"{key}:")
    assert generated_problems(content) == [
        f"content/authorities.yml:4:1: {key}: key '{key}' is not a valid slug {SLUG_HELP}", SOUTHVALE_UNDECLARED]


def test_non_slug_key_is_refused_before_its_entry_is_validated(content: Path) -> None:
    edit(content, "authorities.yml", "southvale:\n  name: Southvale", "South Vale:\n  nam: Southvale")
    assert problems(content) == [
        f"content/authorities.yml:4:1: South Vale: key 'South Vale' is not a valid slug {SLUG_HELP}",
        SOUTHVALE_UNDECLARED]


def test_key_of_an_invalid_entry_is_still_declared(content: Path) -> None:
    """Records using the key are not also reported as using an unknown authority."""
    edit(content, "authorities.yml", "northtown:\n  name: Northtown", "northtown:\n  nam: Northtown")
    assert problems(content) == [
        "content/authorities.yml:2:3: northtown.nam: unknown field 'nam'; did you mean 'name'?",
        "content/authorities.yml:2:3: northtown.name: required field is missing"]


def test_unknown_reference_lists_a_small_vocabulary(content: Path) -> None:
    edit(content, NEWER, "programme: short-quality-screening", "programme: sqs")
    assert problems(content) == [
        f"{NEWER_AT}:5:12: programme: unknown programme 'sqs' (expected a key of programmes.yml: one of "
        "full-joint-inspection, short-quality-screening, youth-justice-inspection)"]


def test_unknown_reference_in_a_large_vocabulary_lists_no_keys(content: Path) -> None:
    extra = "".join(f"extra-{i}:\n  name: Extra {i}\n" for i in range(3))  # seven keys in all
    (content / "authorities.yml").write_text((content / "authorities.yml").read_text() + extra, encoding="utf-8")
    edit(content, NEWER, "authority: northtown", "authority: northtwon")
    assert problems(content) == [
        f"{NEWER_AT}:2:12: authority: unknown authority 'northtwon' (expected a key of authorities.yml); "
        "did you mean 'northtown'?"]


def test_six_keys_are_still_listed(content: Path) -> None:
    extra = "".join(f"extra-{i}:\n  name: Extra {i}\n" for i in range(2))  # six keys in all
    (content / "authorities.yml").write_text((content / "authorities.yml").read_text() + extra, encoding="utf-8")
    edit(content, NEWER, "authority: northtown", "authority: nowhere")
    assert problems(content) == [
        f"{NEWER_AT}:2:12: authority: unknown authority 'nowhere' (expected a key of authorities.yml: one of "
        "eastmere, extra-0, extra-1, northtown, southvale, westmere)"]


@pytest.mark.parametrize("value", ["''", "'  '"])
def test_empty_reference(content: Path, value: str) -> None:
    edit(content, NEWER, "authority: northtown", f"authority: {value}")
    assert problems(content) == [
        f"{NEWER_AT}:2:12: authority: is empty (expected a key of authorities.yml: one of eastmere, northtown, "
        "southvale, westmere)"]


def test_reference_that_is_not_text(content: Path) -> None:
    edit(content, NEWER, "authority: northtown", "authority: 12")
    assert problems(content) == [f"{NEWER_AT}:2:12: authority: Input should be a valid string (got 12)"]


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("inspectorates: [hmi-probation]", "inspectorates: [hmi-probaton]",
     "inspectorates[0]: unknown inspectorate 'hmi-probaton' (expected a key of inspectorates.yml: one of "
     "hmi-probation, ofsted); did you mean 'hmi-probation'?"),
    ("inspectorates: [hmi-probation]", "inspectorates: []",
     "inspectorates: List should have at least 1 item after validation, not 0"),
    ("themes: [management-oversight]", "themes: []",
     "sections[0].paragraphs[0].themes: List should have at least 1 item after validation, not 0"),
])
def test_reference_lists(content: Path, old: str, new: str, expected: str) -> None:
    edit(content, NEWER, old, new)
    [found] = problems(content)
    assert found.split(": ", 1)[1] == expected


def test_unknown_measure(content: Path) -> None:
    edit(content, OLDER, "measure: reoffending-rate", "measure: reoffending")
    assert problems(content) == [
        f"{OLDER_AT}:80:14: figures[0].measure: unknown measure 'reoffending' (expected a key of measures.yml: one of "
        "reoffending-rate); did you mean 'reoffending-rate'?"]


def test_colliding_names_of_vocabulary_entries(content: Path) -> None:
    edit(content, "authorities.yml", "southvale:\n  name: Southvale", "southvale:\n  name: Northtown")
    assert problems(content) == [
        "content/authorities.yml:4:1: southvale: 'southvale' collides with 'northtown' (both become 'northtown' in "
        "URLs); merge them or rename one"]


def test_a_key_colliding_with_another_entrys_name(content: Path) -> None:
    (content / "authorities.yml").write_text(
        "northtown:\n  name: Northtown\nsouthvale:\n  name: Southvale\nold-town:\n  name: Southvale Old\n"
        "southvale-old:\n  name: Another\neastmere:\n  name: Eastmere\nwestmere:\n  name: Westmere\n",
        encoding="utf-8")
    assert problems(content) == [
        "content/authorities.yml:7:1: southvale-old: 'southvale-old' collides with 'old-town' (both become "
        "'southvale-old' in URLs); merge them or rename one"]


def test_people_with_the_same_name_told_apart(content: Path) -> None:
    edit(content, "people.yml", "bob-chair:\n  name: Bob Chair",
         "bob-chair:\n  name: Ann Inspector\n  disambiguation: Chair of the board")
    assert_valid(content)


def test_people_with_the_same_name_not_told_apart(content: Path) -> None:
    edit(content, "people.yml", "bob-chair:\n  name: Bob Chair", "bob-chair:\n  name: Ann Inspector")
    assert problems(content) == [
        "content/people.yml:3:1: bob-chair: 'bob-chair' collides with 'ann-inspector' (both become 'ann-inspector' "
        "in URLs); merge them or rename one"]


def test_an_entry_named_after_its_own_key(content: Path) -> None:
    edit(content, "people.yml", "bob-chair:\n  name: Bob Chair", "bob-chair:\n  name: Bob-Chair")
    assert_valid(content)


@pytest.mark.parametrize(("data", "expected"), [
    ("- northtown\n", "content/authorities.yml:1:1: expected a mapping of keys to entries"),
    ("northtown: [x\n", "content/authorities.yml:2:1: YAML syntax error: did not find expected ',' or ']'"),
])
def test_unreadable_vocabulary(content: Path, data: str, expected: str) -> None:
    (content / "authorities.yml").write_text(data, encoding="utf-8")
    assert problems(content)[0] == expected


def test_missing_vocabulary_file(content: Path) -> None:
    (content / "measures.yml").unlink()
    found = problems(content)
    assert found[0] == f"{content / 'measures.yml'}:1:1: vocabulary file is missing"


def test_duplicate_key_in_a_vocabulary(content: Path) -> None:
    edit(content, "people.yml", "bob-chair:", "ann-inspector:\n  name: Ann Again\nbob-chair:")
    assert problems(content) == [
        "content/people.yml:3:1: ann-inspector: duplicate key 'ann-inspector' (first given on line 1); YAML would "
        "silently keep only the last one"]


def test_a_second_use_of_an_id_points_at_the_later_file(content: Path) -> None:
    copy = (content / OLDER).read_text(encoding="utf-8").replace("northtown-2014-03", "northtown-2016-02", 1)
    (content / "inspections" / "z-copy.yml").write_text(copy, encoding="utf-8")
    assert problems(content) == [
        "content/inspections/z-copy.yml:1:5: id: id 'northtown-2016-02' is already used by "
        "content/inspections/northtown-2016-02.yml"]


def test_records_are_kept_newest_first_with_their_paths(content: Path) -> None:
    edit(content, NEWER, "fieldwork:\n  - {start: 2016-02-01, end: 2016-02-03}\n", "")
    edit(content, NEWER, "published: 2016-03-01", "published: 2014-03-03")
    edit(content, NEWER, "  date: 2016-03-01", "  date: 2014-03-03")
    archive = load_archive(content)
    assert list(archive.inspections) == [  # northtown's two on the same day: by id, descending
        "eastmere-2023-01", "southvale-2022-05", "northtown-2016-02", "northtown-2014-03"]
    assert archive.record_paths["northtown-2014-03"] == content / OLDER


# --- unknown fields and wrong types -----------------------------------------------------


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("    seed: northtown-2016.txt", "    seed: northtown-2016.txt\n    sead: x",
     f"{NEWER_AT}:27:5: sources[0].sead: unknown field 'sead'; did you mean 'seed'?"),
    ("people:", "peeple: []\npeople:",
     f"{NEWER_AT}:19:1: peeple: unknown field 'peeple'; did you mean 'people'?"),
    ("        themes: [management-oversight]", "        themes: [management-oversight]\n        theme: x",
     f"{NEWER_AT}:19:9: sections[0].paragraphs[0].theme: unknown field 'theme'; did you mean 'themes'?"),
    ("    seed: northtown-2016.txt", "    seed: northtown-2016.txt\n    zzz: x",
     f"{NEWER_AT}:27:5: sources[0].zzz: unknown field 'zzz'"),
])
def test_unknown_fields_with_suggestions(content: Path, old: str, new: str, expected: str) -> None:
    edit(content, NEWER, old, new)
    assert problems(content) == [expected]


def test_unknown_field_in_a_vocabulary_entry(content: Path) -> None:
    edit(content, "themes.yml", "  group: topic\n  description: Assessing", "  grop: topic\n  description: Assessing")
    assert problems(content) == [
        "content/themes.yml:2:3: risk-of-harm.group: required field is missing",
        "content/themes.yml:3:3: risk-of-harm.grop: unknown field 'grop'; did you mean 'group'?"]


def test_record_that_is_not_a_mapping(content: Path) -> None:
    (content / NEWER).write_text("just text\n", encoding="utf-8")
    assert problems(content) == [f"{NEWER_AT}:1:1: expected a mapping of fields (an inspection record)"]


def test_literal_choice(content: Path) -> None:
    edit(content, NEWER, "part: signatory", "part: signer")
    [found] = problems(content)
    assert found == (
        f"{NEWER_AT}:20:97: people[0].part: Input should be 'inspection team', 'signatory', 'addressee', "
        "'copy list', 'council report' or 'named in text' (got 'signer')")


def test_number_pattern(content: Path) -> None:
    edit(content, NEWER, 'number: "1.1"', "number: 1.1.")
    assert problems(content) == [
        f"{NEWER_AT}:16:17: sections[0].paragraphs[0].number: expected a number as printed, e.g. \"2.3\" (in quotes) "
        "(got '1.1.')"]


def test_section_id_pattern(content: Path) -> None:
    edit(content, NEWER, "  - id: reducing-reoffending", "  - id: Reducing")
    assert problems(content) == [
        f"{NEWER_AT}:12:9: sections[0].id: expected a key of lowercase letters, digits and single hyphens, e.g. "
        "'st-helens' (got 'Reducing')"]


def test_number_given_as_a_float_is_refused(content: Path) -> None:
    edit(content, NEWER, 'number: "1.1"', "number: 1.1")
    assert problems(content) == [
        f"{NEWER_AT}:16:17: sections[0].paragraphs[0].number: Input should be a valid string (got 1.1)"]


def test_mapping_where_text_is_meant(content: Path) -> None:
    edit(content, NEWER, "service: Northtown Youth Offending Service", "service: {a: 1}")
    assert problems(content) == [f"{NEWER_AT}:3:10: service: Input should be a valid string"]


def test_float_and_bool_values_keep_their_type_in_messages(content: Path) -> None:
    edit(content, NEWER, "cases_inspected: 20", "cases_inspected: 2.5")
    edit(content, NEWER, "service: Northtown Youth Offending Service", "service: false")
    assert problems(content) == [
        f"{NEWER_AT}:3:10: service: Input should be a valid string (got False)",
        f"{NEWER_AT}:10:18: cases_inspected: Input should be a valid integer (got 2.5)"]


# --- YAML limits --------------------------------------------------------------------------


def read_error(path: Path) -> str:
    with pytest.raises(YamlSourceError) as info:
        read_yaml(path, path.parent)
    return str(info.value)


def write(tmp_path: Path, data: str | bytes) -> Path:
    path = tmp_path / "r.yml"
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def test_file_of_exactly_the_size_limit_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, "a: " + "x" * (MAX_FILE_BYTES - 4) + "\n")
    assert path.stat().st_size == MAX_FILE_BYTES == 1_000_000
    assert len(read_yaml(path).data["a"]) == MAX_FILE_BYTES - 4


def test_file_one_byte_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "a: " + "x" * (MAX_FILE_BYTES - 3) + "\n")
    assert read_error(path) == "r.yml:1:1: file is 1,000,001 bytes; the limit is 1,000,000 bytes (split it or trim it)"


def test_values_exactly_at_the_node_limit_are_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(generator.yaml_source, "MAX_NODES", 5)
    assert read_yaml(write(tmp_path, "a: [1, 2, 3]\n")).data == {"a": [1, 2, 3]}  # mapping, list, three items


def test_values_one_over_the_node_limit_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(generator.yaml_source, "MAX_NODES", 5)
    assert read_error(write(tmp_path, "a: [1, 2, 3, 4]\n")) == "r.yml:1:1: file has more than 5 values; refusing to read it"


def test_values_of_duplicate_keys_count_towards_the_node_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(generator.yaml_source, "MAX_NODES", 5)
    assert read_error(write(tmp_path, "a: [1, 2]\na: [3]\n")) == "r.yml:1:1: file has more than 5 values; refusing to read it"


def test_node_limit_message_groups_thousands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(generator.yaml_source, "MAX_NODES", 1_000)
    items = ", ".join(["1"] * 998)
    assert len(read_yaml(write(tmp_path, f"a: [{items}]\n")).data["a"]) == 998
    assert read_error(write(tmp_path, f"a: [{items}, 1]\n")) == (
        "r.yml:1:1: file has more than 1,000 values; refusing to read it")


def test_node_limit_is_far_above_a_curated_record(monkeypatch: pytest.MonkeyPatch) -> None:
    """200,000 values, a hundred times the largest curated record: only a generated file reaches it."""
    assert generator.yaml_source.MAX_NODES == 200_000
    monkeypatch.setattr(generator.yaml_source, "MAX_NODES", 200_000 // 100)
    for path in sorted((REPO / "content" / "inspections").glob("*.yml")):
        read_yaml(path)


def test_node_limit_in_a_record_is_reported_as_a_problem(content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # frameworks.yml, of 313 values, is the fixture's largest file: the record is made larger still.
    edit(content, OLDER, "notes:", "padding: [" + ", ".join(["0"] * 300) + "]\nnotes:")
    monkeypatch.setattr(generator.yaml_source, "MAX_NODES", 400)
    assert generated_problems(content) == [f"{OLDER_AT}:1:1: file has more than 400 values; refusing to read it"]


@pytest.mark.parametrize(("data", "expected"), [
    ("a: !!binary aGk=\n", f"r.yml:1:4: YAML tag '!!binary' {TAG_HELP}"),
    ("a: !!int 3\n", f"r.yml:1:4: YAML tag '!!int' {TAG_HELP}"),
    ("a: !!float 2\n", f"r.yml:1:4: YAML tag '!!float' {TAG_HELP}"),
    ("a: !!bool true\n", f"r.yml:1:4: YAML tag '!!bool' {TAG_HELP}"),
    ("a: !!timestamp 2014-01-01\n", f"r.yml:1:4: YAML tag '!!timestamp' {TAG_HELP}"),
    ("a: !!null ''\n", f"r.yml:1:4: YAML tag '!!null' {TAG_HELP}"),
    ("a: 1\nb: !local x\n", f"r.yml:2:4: YAML tag '!local' {TAG_HELP}"),
    ("a: 1\nb: !<tag:example.org,2000:x> x\n", f"r.yml:2:4: YAML tag 'tag:example.org,2000:x' {TAG_HELP}"),
    ("a: !!set {x}\n", f"r.yml:1:4: YAML tag '!!set' {TAG_HELP}"),
    ("a: !!omap [x: 1]\n", f"r.yml:1:4: YAML tag '!!omap' {TAG_HELP}"),
    ("a: !!pairs [x: 1]\n", f"r.yml:1:4: YAML tag '!!pairs' {TAG_HELP}"),
    ("a: 1\nb: !local [1]\n", f"r.yml:2:4: YAML tag '!local' {TAG_HELP}"),
    ("a:\n  - !!map {b: 1}\n", f"r.yml:2:5: YAML tag '!!map' {TAG_HELP}"),
    ("a: !!seq [1]\n", f"r.yml:1:4: YAML tag '!!seq' {TAG_HELP}"),
    ("a: 1\n? [k]\n: v\n", "r.yml:2:3: a mapping key must be plain text"),
    ("a: 1\n!!int 3: v\n", "r.yml:2:1: a mapping key must be plain text"),
    ("a: 1\nb: [x, *c]\n", "r.yml:2:8: YAML error: found undefined alias"),
    ("a: 1\n  b: 2\n", "r.yml:2:4: YAML syntax error: mapping values are not allowed in this context"),
    ("a: 1\nb: &x 2\nc: *x\n", "r.yml:2:4: YAML anchors and aliases (&name / *name) are not supported; write the "
                               "value out"),
    ("a: 1\nb:\n  <<: {c: 2}\n", "r.yml:3:3: YAML merge keys (<<) are not supported; write the fields out"),
    ("\ufeff\n  \n", "r.yml:1:1: file is empty (expected a YAML mapping)"),
    ("# a comment\n\n", "r.yml:1:1: file is empty (expected a YAML mapping)"),
    ("a: 1\n--- \nb: 2\n", "r.yml:2:1: file holds more than one YAML document (expected exactly one; remove the "
                           "extra '---')"),
    (b"a: 1\n\nb: \xff\n", "r.yml:3:1: file is not UTF-8 (byte 0xff at offset 9); save it as UTF-8"),
])
def test_unreadable_yaml_with_position(tmp_path: Path, data: str | bytes, expected: str) -> None:
    assert read_error(write(tmp_path, data)) == expected


def test_keys_may_be_tagged_as_text(tmp_path: Path) -> None:
    assert read_yaml(write(tmp_path, "!!str 3: v\n!!str true: w\n")).data == {"3": "v", "true": "w"}


def test_byte_order_mark_is_dropped(tmp_path: Path) -> None:
    assert read_yaml(write(tmp_path, "\ufeffa: 1\n")).data == {"a": 1}


@pytest.mark.parametrize(("value", "expected"), [
    ("''", ""), ('""', ""), ("~", None), ("null", None), ("", None), ("Null", "Null"), ("True", "True"),
    ("'true'", "true"), ("!!str true", "true"), ("!!str 20", "20"), ("!!str null", "null"), ("!!str", ""),
    ("0", 0), ("-0", 0), ("+7", 7), ("-12", -12),
    ("007", "007"), ("1_000", "1_000"), ("0.5", 0.5), ("-1.25", -1.25), ("+0.0", 0.0), (".5", ".5"), ("5.", "5."),
    ("1e3", "1e3"), ("01.5", "01.5"), ("0x1F", "0x1F"), ("'12'", "12"), ("1.5.2", "1.5.2"),
])
def test_scalar_values(tmp_path: Path, value: str, expected: object) -> None:
    found = read_yaml(write(tmp_path, f"a: {value}\n")).data["a"]
    assert found == expected and type(found) is type(expected)


@pytest.mark.parametrize(("data", "expected"), [
    ("a: |\n  one\n  two\n\n  three\n", "one\ntwo\n\nthree\n"),
    ("a: >-\n  one\n  two\n\n  three\n", "one two\n\nthree"),
    ('a: "one\n  two\n\n  three"\n', "one two\n\nthree"),
    ("a: 'one\n\n  two'\n", "one\n\ntwo"),
    ("a: one\n\n  two\n", "one\n\ntwo"),
])
def test_blank_lines_between_paragraphs(tmp_path: Path, data: str, expected: str) -> None:
    assert read_yaml(write(tmp_path, data)).data["a"] == expected


def test_locations_of_keys_values_and_missing_fields(tmp_path: Path) -> None:
    doc = read_yaml(write(tmp_path, "a: 1\nlist:\n  - x: q\n    y: [5, 6]\n"), tmp_path)
    assert doc.locate(()) == (1, 1)
    assert doc.locate(("list",), key=True) == (2, 1)
    assert doc.locate(("list",)) == (3, 3)
    assert doc.locate(("list", 0, "y", 1)) == (4, 12)
    assert doc.locate(("list", 0, "y", 1), key=True) == (4, 12)  # an item has no key: its value
    assert doc.locate(("list", 1)) == (3, 3)  # past the end: the list
    assert doc.locate(("list", -1)) == (3, 3)
    assert doc.locate(("list", "x")) == (3, 3)
    assert doc.locate(("a", "deeper")) == (1, 4)
    assert doc.locate((0,)) == (1, 1)
    assert str(doc.problem(("list", 0, "y", 1), "bad")) == "r.yml:4:12: list[0].y[1]: bad"
    assert str(doc.problem(("list", 0, "y"), "bad", key=True)) == "r.yml:4:5: list[0].y: bad"
    assert read_yaml(write(tmp_path, "a: 1\n")).locate(("zzz",), key=True) == (1, 1)


def test_location_of_a_duplicated_key_is_the_first(tmp_path: Path) -> None:
    doc = read_yaml(write(tmp_path, "x: 0\n1: one\na: first\na: second\n"), tmp_path)
    assert doc.data == {"x": 0, "1": "one", "a": "first"}
    assert doc.locate(("a",)) == (3, 4)
    assert [str(p) for p in doc.problems] == [
        "r.yml:4:1: a: duplicate key 'a' (first given on line 3); YAML would silently keep only the last one"]


# --- how problems are reported -------------------------------------------------------------


def test_an_unknown_field_does_not_hide_the_errors_after_it(content: Path) -> None:
    edit(content, NEWER, "        themes: [management-oversight]", "        themes: [management-oversight]\n        txt: x")
    edit(content, NEWER, "seed: northtown-2016.txt", "seed: northtown-2016.doc")
    assert problems(content) == [
        f"{NEWER_AT}:19:9: sections[0].paragraphs[0].txt: unknown field 'txt'; did you mean 'text'?",
        f"{NEWER_AT}:27:11: sources[0].seed: expected the seed file name, e.g. '004_f194b9a7416624d2.txt' "
        "(got 'northtown-2016.doc')"]


def test_unknown_field_in_a_subsection_is_matched_against_the_subsection(content: Path) -> None:
    edit(content, OLDER, "        title: Assessment\n", "        title: Assessment\n        sumary: x\n")
    assert problems(content) == [f"{OLDER_AT}:44:9: sections[0].subsections[0].sumary: unknown field 'sumary'"]


@pytest.mark.parametrize(("loc", "expected"), [
    ((), list(Inspection.model_fields)),
    (("sections", 0, "subsections", 0), list(Subsection.model_fields)),
    (("sections", 0, "subsections", 0, "paragraphs", 3), list(Paragraph.model_fields)),
    (("judgement",), list(Judgement.model_fields)),  # Optional[Judgement]
    (("fieldwork", 0), ["start", "end"]),
    (("service",), []),  # text, not a model
    (("inspectorates", 0), []),  # a list of keys
    (("nowhere", "deeper"), []),
])
def test_fields_allowed_at_a_location(loc: tuple[str | int, ...], expected: list[str]) -> None:
    assert fields_at(Inspection, loc) == expected


def test_a_pattern_without_help_keeps_pydantics_message() -> None:
    item = {"type": "string_pattern_mismatch", "msg": "String should match pattern '^x$'", "input": "y"}
    assert describe_error(item) == "String should match pattern '^x$' (got 'y')"
    assert describe_error({**item, "ctx": {"pattern": "^x$"}}) == "String should match pattern '^x$' (got 'y')"


def test_problems_of_unreadable_files_have_no_field(tmp_path: Path, content: Path) -> None:
    with pytest.raises(YamlSourceError) as info:
        read_yaml(write(tmp_path, ""), tmp_path)
    assert info.value.problem == Problem("r.yml", 1, 1, "", "file is empty (expected a YAML mapping)")
    (content / "measures.yml").unlink()
    with pytest.raises(ContentError) as error:
        load_archive(content)
    assert Problem(str(content / "measures.yml"), 1, 1, "", "vocabulary file is missing") in error.value.problems


def test_a_document_knows_its_file(tmp_path: Path) -> None:
    path = write(tmp_path, "a: 1\n")
    doc = read_yaml(path, tmp_path)
    assert (doc.path, doc.display) == (path, "r.yml")


def test_location_without_a_node_tree_is_the_start_of_the_file() -> None:
    doc = SourceDocument(Path("r.yml"), "r.yml", {"a": 1})
    assert doc.locate(("a",)) == (1, 1)
    assert doc.locate(("a",), key=True) == (1, 1)
    assert _position(None) == (1, 1)


# --- references, dates and types built afresh (the models build theirs on import) ------------------


def reference_error(key: object, context: dict[str, Any] | None) -> str | None:
    """What a reference to authorities.yml says of `key`, as `type: message`, or None if it is accepted."""
    adapter: TypeAdapter[str] = TypeAdapter(Annotated[Slug, _reference("authorities", "authority")])
    try:
        adapter.validate_python(key, context=context)
    except ValidationError as error:
        [item] = error.errors(include_url=False)
        return f"{item['type']}: {describe_error(item)}"
    return None


def known(*keys: str) -> dict[str, Any]:
    return {"vocabularies": {"authorities": set(keys), "themes": {"risk-of-harm"}}}


@pytest.mark.parametrize(("key", "context", "expected"), [
    ("northtown", known("northtown", "southvale"), None),
    ("northtwon", known("northtown", "southvale"),
     "unknown_reference: unknown authority 'northtwon' (expected a key of authorities.yml: one of northtown, "
     "southvale); did you mean 'northtown'?"),
    ("zzz", known("southvale", "northtown"),
     "unknown_reference: unknown authority 'zzz' (expected a key of authorities.yml: one of northtown, southvale)"),
    ("zzz", known(*"abcdef"),
     "unknown_reference: unknown authority 'zzz' (expected a key of authorities.yml: one of a, b, c, d, e, f)"),
    ("zzz", known(*"abcdefg"), "unknown_reference: unknown authority 'zzz' (expected a key of authorities.yml)"),
    ("", known("northtown"), "unknown_reference: is empty (expected a key of authorities.yml: one of northtown)"),
    (" ", known("northtown"), "unknown_reference: is empty (expected a key of authorities.yml: one of northtown)"),
    (12, known("northtown"), "string_type: Input should be a valid string (got 12)"),
    ("Any Key", None, "string_pattern_mismatch: expected a key of lowercase letters, digits and single hyphens, "
                      "e.g. 'st-helens' (got 'Any Key')"),
    ("any-key", None, None),  # without vocabularies, any well-formed key
    ("any-key", {}, None),
    ("any-key", {"vocabularies": {}}, None),
])
def test_reference_to_a_vocabulary(key: object, context: dict[str, Any] | None, expected: str | None) -> None:
    assert reference_error(key, context) == expected


def test_partial_date_type() -> None:
    adapter: TypeAdapter[PartialDate] = TypeAdapter(PartialDate)
    assert adapter.validate_python("2014-05") == PartialDate(2014, 5)
    assert adapter.dump_python(PartialDate(2014, 5)) == "2014-05"
    assert adapter.dump_json(PartialDate(2014, 5, 2)) == b'"2014-05-02"'
    assert adapter.json_schema() == {"type": "string", "pattern": PARTIAL_DATE_PATTERN}
    assert TypeAdapter(FieldworkDate).json_schema() == {"type": "string", "pattern": DAY_OR_MONTH_PATTERN}


def test_fieldwork_date_from_a_date() -> None:
    assert FieldworkDate.parse(dt.date(2014, 3, 5)) == FieldworkDate(2014, 3, 5)
    assert str(FieldworkDate.parse(dt.date(2014, 3, 5))) == "2014-03-05"


@pytest.mark.parametrize(("date", "text", "long"), [
    (PartialDate(2013), "2013", "2013"),
    (PartialDate(2013, 9), "2013-09", "September 2013"),
    (PartialDate(2014, 1, 22), "2014-01-22", "22 January 2014"),
    (PartialDate(987, 1, 2), "0987-01-02", "2 January 987"),
])
def test_dates_printed_as_the_source_gives_them(date: PartialDate, text: str, long: str) -> None:
    assert (str(date), date.long()) == (text, long)


# --- the archive as loaded --------------------------------------------------------------------


def test_the_archive_holds_every_vocabulary(content: Path) -> None:
    archive = load_archive(content)
    assert (list(archive.authorities), list(archive.inspectorates), list(archive.measures)) == (
        ["northtown", "southvale", "eastmere", "westmere"], ["hmi-probation", "ofsted"], ["reoffending-rate"])
    assert (list(archive.people), list(archive.programmes)) == (
        ["ann-inspector", "bob-chair"], ["short-quality-screening", "full-joint-inspection", "youth-justice-inspection"])
    assert list(archive.frameworks) == ["hmip-youth-2018", "hmip-youth-2021", "hmip-fji-2012", "hmip-sqs-2012"]
    assert len(archive.themes) == 4
    assert [str(p) for p in archive.warnings] == [
        "content/inspections/eastmere-2023-01.yml:13:21: warning: ratings.overall.rating: the published overall "
        "rating 'Good' differs from the band of its score (18 of 36 points: Requires improvement)"]
    other: Archive[Any] = archive.holding({})
    assert (other.inspections, other.record_paths, other.inspectorates, other.frameworks, other.warnings) == (
        {}, archive.record_paths, archive.inspectorates, archive.frameworks, archive.warnings)


def test_vocabularies_alone_hold_no_records(content: Path) -> None:
    found: list[Problem] = []
    vocabularies, checks = load_vocabularies(content, found)
    assert (vocabularies.inspections, vocabularies.record_paths, vocabularies.warnings, found) == ({}, {}, (), [])
    assert checks.declared["authorities"] == {"eastmere", "northtown", "southvale", "westmere"}
    assert checks == vocabularies.vocabularies()


def test_records_may_be_written_yml_or_yaml(content: Path) -> None:
    text = (content / NEWER).read_text(encoding="utf-8").replace("northtown-2016-02", "southvale-2017-01", 1)
    (content / "inspections" / "southvale-2017-01.yaml").write_text(text, encoding="utf-8")
    (content / "inspections" / "notes.txt").write_text("not a record", encoding="utf-8")
    assert [p.name for p in record_files(content)] == [
        "eastmere-2023-01.yml", "northtown-2014-03.yml", "northtown-2016-02.yml", "southvale-2017-01.yaml",
        "southvale-2022-05.yml"]
    assert "southvale-2017-01" in load_archive(content).inspections


def test_a_non_slug_key_does_not_stop_the_keys_after_it(content: Path) -> None:
    (content / "authorities.yml").write_text("North Town:\n  name: North Town\n" +
                                             (content / "authorities.yml").read_text(encoding="utf-8"))
    assert problems(content) == [
        f"content/authorities.yml:1:1: North Town: key 'North Town' is not a valid slug {SLUG_HELP}"]


def test_a_second_use_of_an_id_does_not_stop_the_records_after_it(content: Path) -> None:
    shutil.copy(content / OLDER, content / "inspections" / "a-copy.yml")
    (content / "inspections" / "zz-bad.yml").write_text("- not a record\n", encoding="utf-8")
    assert problems(content) == [
        "content/inspections/northtown-2014-03.yml:1:5: id: id 'northtown-2014-03' is already used by "
        "content/inspections/a-copy.yml",
        "content/inspections/zz-bad.yml:1:1: expected a mapping of fields (an inspection record)"]


def test_read_results_name_their_file(content: Path) -> None:
    (content / "inspections" / "bad.yml").write_text("", encoding="utf-8")
    (content / "inspections" / "wrong.yml").write_text("id: x\n", encoding="utf-8")
    files = record_files(content)
    checks = load_vocabularies(content, [])[1]
    results = list(read_records(files, content.parent, checks, lambda record: record.id, content))
    assert [(r.path, r.display, r.id, r.kept, len(r.problems)) for r in results] == [
        (files[0], "content/inspections/bad.yml", None, None, 1),
        (files[1], "content/inspections/eastmere-2023-01.yml", "eastmere-2023-01", "eastmere-2023-01", 1),  # a warning
        (files[2], "content/inspections/northtown-2014-03.yml", "northtown-2014-03", "northtown-2014-03", 0),
        (files[3], "content/inspections/northtown-2016-02.yml", "northtown-2016-02", "northtown-2016-02", 0),
        (files[4], "content/inspections/southvale-2022-05.yml", "southvale-2022-05", "southvale-2022-05", 0),
        (files[5], "content/inspections/wrong.yml", None, None, 5)]  # five required fields missing
    assert [p.warning for p in results[1].problems] == [True]


def test_records_are_newest_first_whatever_their_ids(content: Path) -> None:
    text = (content / NEWER).read_text(encoding="utf-8").replace("northtown-2016-02", "aaa-2019-01", 1)
    text = text.replace("2016-02-01", "2019-01-01").replace("2016-02-03", "2019-01-02").replace("2016-03-01", "2019-02")
    (content / "inspections" / "aaa.yml").write_text(text, encoding="utf-8")
    text = (content / NEWER).read_text(encoding="utf-8").replace("northtown-2016-02", "zzz-2001-01", 1)
    text = text.replace("2016-02-01", "2001-01-01").replace("2016-02-03", "2001-01-02").replace("2016-03-01", "2001-02")
    (content / "inspections" / "zzz.yml").write_text(text, encoding="utf-8")
    assert list(load_archive(content).inspections) == [
        "eastmere-2023-01", "southvale-2022-05", "aaa-2019-01", "northtown-2016-02", "northtown-2014-03", "zzz-2001-01"]


# --- the related panel of an inspection page ---------------------------------------------------


def add_inspection(content: Path, year: int) -> str:
    key = f"northtown-{year}-01"
    (content / "inspections" / f"{key}.yml").write_text(
        f"id: {key}\nauthority: northtown\nservice: Northtown YOT\ninspectorates: [hmi-probation]\n"
        f"programme: short-quality-screening\ntitle: Inspection {year}\n"
        f"fieldwork:\n  - {{start: {year}-01-04, end: {year}-01-06}}\n"
        f"sources:\n  - title: Inspection {year}\n    kind: inspection report\n    publisher: HMI Probation\n"
        f"    seed: northtown-{year}.txt\n", encoding="utf-8")
    return key


def related_panel(content: Path, key: str) -> tuple[list[str], list[str]]:
    """The ids an inspection page lists under "Other inspections", and the panel's other lines."""
    page = render_site(content)[f"inspections/{key}.md"]
    assert isinstance(page, str)
    panel = page.split('## <a id="same-authority"></a>Other inspections of Northtown\n', 1)[1]
    lines = [line for line in panel.splitlines() if line]
    listed = [m[1] for line in lines if (m := re.fullmatch(r"- \[[^]]*\]\(([a-z0-9-]+)\.md\).*", line))]
    return listed, [line for line in lines if not line.startswith("- ")]


def test_related_panel_lists_the_ten_closest_in_time_newest_first(content: Path) -> None:
    for year in range(2000, 2014):
        add_inspection(content, year)
    listed, rest = related_panel(content, "northtown-2010-01")
    # 2004-01-04 is 2,192 days before, 2016-02-01 is 2,219 days after: 2004 is in, 2016 and 2000-2003 are out.
    assert listed == ["northtown-2014-03", "northtown-2013-01", "northtown-2012-01", "northtown-2011-01",
                      "northtown-2009-01", "northtown-2008-01", "northtown-2007-01", "northtown-2006-01",
                      "northtown-2005-01", "northtown-2004-01"]
    assert rest == ["10 of 15 others, closest in time; [Northtown](../authorities/northtown.md) lists them all."]


def test_related_panel_of_the_newest_inspection(content: Path) -> None:
    for year in range(2002, 2014):
        add_inspection(content, year)
    listed, rest = related_panel(content, "northtown-2016-02")
    assert listed == ["northtown-2014-03"] + [f"northtown-{year}-01" for year in range(2013, 2004, -1)]
    assert rest == ["10 of 13 others, closest in time; [Northtown](../authorities/northtown.md) lists them all."]


def test_related_panel_with_exactly_ten_others_lists_them_all(content: Path) -> None:
    for year in range(2005, 2014):
        add_inspection(content, year)
    listed, rest = related_panel(content, "northtown-2005-01")
    assert listed == ["northtown-2016-02", "northtown-2014-03"] + [f"northtown-{y}-01" for y in range(2013, 2005, -1)]
    assert rest == []


def test_related_panel_of_the_only_inspection(content: Path) -> None:
    # every authority of the fixture has an inspection (westmere that of eastmere-2023-01): one is added
    (content / "authorities.yml").write_text((content / "authorities.yml").read_text(encoding="utf-8") +
                                             "farfield:\n  name: Farfield\n", encoding="utf-8")
    edit(content, NEWER, "authority: northtown", "authority: farfield")
    page = render_site(content)["inspections/northtown-2016-02.md"]
    assert isinstance(page, str)
    assert page.endswith('## <a id="same-authority"></a>Other inspections of Farfield\n\n'
                         "This is the only inspection of [Farfield](../authorities/farfield.md) in the archive.\n")


# --- a vocabulary entry that fails, used by a record ---------------------------------------------


def test_generate_reports_an_invalid_vocabulary_entry_that_a_record_uses(content: Path) -> None:
    edit(content, "people.yml", "name: Bob Chair", "nam: Bob Chair")
    assert generated_problems(content) == [
        "content/people.yml:4:3: bob-chair.nam: unknown field 'nam'; did you mean 'name'?",
        "content/people.yml:4:3: bob-chair.name: required field is missing"]
