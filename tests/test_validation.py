"""Records and vocabularies: what `check` accepts, and the exact message for what it refuses."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import edit, run_cli
from conftest import generated_problems as problems

from generator.archive import load_archive

RECORD = "inspections/northtown-2016-02.yml"


def test_fixture_archive_is_valid(content: Path) -> None:
    archive = load_archive(content)
    assert list(archive.inspections) == ["eastmere-2023-01", "southvale-2022-05", "northtown-2016-02",
                                        "northtown-2014-03"]  # newest first
    assert archive.inspections["northtown-2014-03"].published.long() == "May 2014"


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("cases_inspected: 20", "cases_inspected: 20\ncases_inspceted: 3",
     "content/inspections/northtown-2016-02.yml:11:1: cases_inspceted: unknown field 'cases_inspceted'; "
     "did you mean 'cases_inspected'?"),
    ("programme: short-quality-screening\n", "",
     "content/inspections/northtown-2016-02.yml:1:1: programme: required field is missing"),
    ("cases_inspected: 20", "cases_inspected: '20'",
     "content/inspections/northtown-2016-02.yml:10:18: cases_inspected: Input should be a valid integer (got '20')"),
    ("title: Short Quality", "title: no\nx: Short Quality", None),
    ("title: Short Quality", "title: NO\nx: Short Quality", None),
    ("published: 2016-03-01", "published: 2016-02-30",
     "content/inspections/northtown-2016-02.yml:9:12: published: impossible date '2016-02-30': "
     "February 2016 has 29 days"),
    ("{start: 2016-02-01, end: 2016-02-03}", "{start: 2016-02-05, end: 2016-02-03}",
     "content/inspections/northtown-2016-02.yml:8:5: fieldwork[0]: fieldwork ends (2016-02-03) before it "
     "starts (2016-02-05)"),
    ("published: 2016-03-01", "published: 2016-01-20",
     "content/inspections/northtown-2016-02.yml:9:12: published: published (2016-01-20) before fieldwork ended "
     "(2016-02-03)"),
    ("cases_inspected: 20", "cases_inspected: -1",
     "content/inspections/northtown-2016-02.yml:10:18: cases_inspected: Input should be greater than or equal "
     "to 0 (got -1)"),
    ("themes: [management-oversight]", "themes: [management-oversite]",
     "content/inspections/northtown-2016-02.yml:18:18: sections[0].paragraphs[0].themes[0]: unknown theme "
     "'management-oversite' (expected a key of themes.yml: one of management-oversight, protecting-the-public, "
     "risk-of-harm, victims-and-restorative-justice); did you mean 'management-oversight'?"),
    ("authority: northtown", "authority: northtwon",
     "content/inspections/northtown-2016-02.yml:2:12: authority: unknown authority 'northtwon' "
     "(expected a key of authorities.yml: one of eastmere, northtown, southvale, westmere); did you mean "
     "'northtown'?"),
    ("person: ann-inspector", "person: ann-inspecter",
     "content/inspections/northtown-2016-02.yml:20:14: people[0].person: unknown person 'ann-inspecter' "
     "(expected a key of people.yml: one of ann-inspector, bob-chair); did you mean 'ann-inspector'?"),
    ("id: northtown-2016-02", "id: ../escape",
     "content/inspections/northtown-2016-02.yml:1:5: id: expected a key that starts with a letter, e.g. "
     "'medway-2013-12' (a bare year is kept for the year's listing) (got '../escape')"),
    ("id: northtown-2016-02", "id: a/b",
     "content/inspections/northtown-2016-02.yml:1:5: id: expected a key that starts with a letter, e.g. "
     "'medway-2013-12' (a bare year is kept for the year's listing) (got 'a/b')"),
    ("id: northtown-2016-02", "id: ''",
     "content/inspections/northtown-2016-02.yml:1:5: id: expected a key that starts with a letter, e.g. "
     "'medway-2013-12' (a bare year is kept for the year's listing) (got '')"),
    ("id: northtown-2016-02", "id: '2016'",
     "content/inspections/northtown-2016-02.yml:1:5: id: expected a key that starts with a letter, e.g. "
     "'medway-2013-12' (a bare year is kept for the year's listing) (got '2016')"),
    ("service: Northtown Youth Offending Service", "service: ''",
     "content/inspections/northtown-2016-02.yml:3:10: service: is empty (expected text)"),
    ("service: Northtown Youth Offending Service", "service: 2020",
     "content/inspections/northtown-2016-02.yml:3:10: service: Input should be a valid string (got 2020)"),
    ("service: Northtown Youth Offending Service", "service: true",
     "content/inspections/northtown-2016-02.yml:3:10: service: Input should be a valid string (got True)"),
    ("    date: 2016-03-01\n", "    date: 2016-03-01\n    url: javascript:alert(1)\n",
     "content/inspections/northtown-2016-02.yml:26:10: sources[0].url: expected an http, https or mailto link "
     "(got 'javascript:alert(1)')"),
    ("seed: northtown-2016.txt", "seed: ../secret.txt",
     "content/inspections/northtown-2016-02.yml:26:11: sources[0].seed: expected the seed file name, e.g. "
     "'004_f194b9a7416624d2.txt' (got '../secret.txt')"),
])
def test_record_mistakes_are_reported_with_location(content: Path, old: str, new: str, expected: str | None) -> None:
    edit(content, RECORD, old, new)
    found = problems(content)
    if expected is None:  # only the field path matters for these
        assert len(found) == 1
    else:
        assert found == [expected]


def test_percent_outside_0_to_100(content: Path) -> None:
    edit(content, "inspections/northtown-2014-03.yml", "percent: 71.5", "percent: 171.5")
    assert problems(content) == [
        "content/inspections/northtown-2014-03.yml:18:14: scores[0].percent: Input should be less than or "
        "equal to 100 (got 171.5)"]


def test_yes_no_where_text_is_meant_is_text_but_bool_where_number_is_meant_fails(content: Path) -> None:
    edit(content, RECORD, "cases_inspected: 20", "cases_inspected: yes")
    assert problems(content) == ["content/inspections/northtown-2016-02.yml:10:18: cases_inspected: Input "
                                 "should be a valid integer (got 'yes')"]


def test_duplicate_record_id(content: Path) -> None:
    shutil.copy(content / RECORD, content / "inspections" / "copy.yml")
    assert problems(content) == ["content/inspections/northtown-2016-02.yml:1:5: id: id 'northtown-2016-02' is "
                                 "already used by content/inspections/copy.yml"]


def test_colliding_vocabulary_names(content: Path) -> None:
    (content / "authorities.yml").write_text(
        "st-helens:\n  name: St Helens\nst-helens-2:\n  name: St. Helens\n", encoding="utf-8")
    found = problems(content)
    assert "content/authorities.yml:3:1: st-helens-2: 'st-helens-2' collides with 'st-helens' (both become " \
           "'st-helens' in URLs); merge them or rename one" in found


def test_accents_fold_when_checking_collisions(content: Path) -> None:
    (content / "authorities.yml").write_text(
        "northtown:\n  name: Northtown\nynys-mon:\n  name: Ynys Môn\nanglesey:\n  name: Ynys Mon\n",
        encoding="utf-8")
    assert any("'anglesey' collides with 'ynys-mon'" in p for p in problems(content))


def test_unknown_section_reference(content: Path) -> None:
    edit(content, "inspections/northtown-2014-03.yml", "    section: protecting-the-public\n    paragraph:",
         "    section: protecting-the-pubic\n    paragraph:")
    found = problems(content)
    assert found == ["content/inspections/northtown-2014-03.yml:68:14: quotes[0].section: unknown section "
                     "'protecting-the-pubic' (expected the id of one of this record's sections); did you mean "
                     "'protecting-the-public'?"]


def test_every_problem_in_every_file_is_reported_at_once(content: Path) -> None:
    edit(content, RECORD, "cases_inspected: 20", "cases_inspected: many")
    edit(content, "inspections/northtown-2014-03.yml", "percent: 71.5", "percent: -3")
    edit(content, "themes.yml", "group: topic", "group: subject")
    assert len(problems(content)) == 3


def test_check_command_exit_codes(content: Path) -> None:
    ok = run_cli("check", "--content", str(content))
    assert ok.returncode == 0 and "4 inspection records and their vocabularies are valid (1 warning)." in ok.stdout
    edit(content, RECORD, "cases_inspected: 20", "cases_inspected: many")
    bad = run_cli("check", "--content", str(content))
    assert bad.returncode == 1
    assert "cases_inspected: Input should be a valid integer" in bad.stderr
    assert "1 problem found; nothing was built." in bad.stderr
    assert "Traceback" not in bad.stderr


def test_unknown_keys_are_reported_with_the_other_errors_of_the_same_record(content: Path) -> None:
    edit(content, RECORD, "cases_inspected: 20", "cases_inspected: many")
    edit(content, RECORD, "themes: [management-oversight]", "themes: [management-oversite]")
    found = problems(content)
    assert len(found) == 2
    assert "unknown theme 'management-oversite'" in found[1]


@pytest.mark.parametrize(("data", "expected"), [
    (b"id: [x\n", "content/inspections/bad.yml:2:1: YAML syntax error: did not find expected ',' or ']'"),
    (b"", "content/inspections/bad.yml:1:1: file is empty (expected a YAML mapping)"),
    (b"id: caf\xe9\n", "content/inspections/bad.yml:1:1: file is not UTF-8 (byte 0xe9 at offset 7); save it as UTF-8"),
    (b"id: a\n---\nid: b\n", "content/inspections/bad.yml:2:1: file holds more than one YAML document (expected "
                             "exactly one; remove the extra '---')"),
    (b"a: &a [x, x]\nb: [*a, *a]\n", "content/inspections/bad.yml:1:4: YAML anchors and aliases (&name / *name) "
                                     "are not supported; write the value out"),
    (b"- just\n- a list\n", "content/inspections/bad.yml:1:1: expected a mapping of fields (an inspection record)"),
    (b"id: " + b"x" * 1_000_001, "content/inspections/bad.yml:1:1: file is 1,000,005 bytes; the limit is "
                                 "1,000,000 bytes (split it or trim it)"),
])
def test_unreadable_files_are_refused_with_location(content: Path, data: bytes, expected: str) -> None:
    (content / "inspections" / "bad.yml").write_bytes(data)
    assert problems(content) == [expected]


def test_duplicate_key_is_reported_with_the_other_problems_of_the_file(content: Path) -> None:
    edit(content, RECORD, "cases_inspected: 20", "cases_inspected: many\nservice: Again")
    assert problems(content) == [
        "content/inspections/northtown-2016-02.yml:10:18: cases_inspected: Input should be a valid integer "
        "(got 'many')",
        "content/inspections/northtown-2016-02.yml:11:1: service: duplicate key 'service' (first given on line 3); "
        "YAML would silently keep only the last one"]


def test_alias_bomb_is_refused_quickly(content: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 12)]
    (content / "inspections" / "bomb.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = problems(content)  # 10**12 values if expanded; refused at the first reused anchor instead
    assert found == ["content/inspections/bomb.yml:1:5: YAML anchors and aliases (&name / *name) are not "
                     "supported; write the value out"]
