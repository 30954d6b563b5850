"""`draft`: a first record from a report's text, for each kind of source, with a `# check:`
comment on every drafted value, nothing invented, no personal contact details copied, and
no curator's file overwritten."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import run_cli

LETTER = """\
Inspection of Youth Offending Work

Arolygiad o Waith Troseddu Ieuencid

HM Inspectorate of Probation
1 Example Street, Manchester M3 3FX
0161 240 5336 - www.example.org

<i>To:</i>\tBob Chair, Chair of Northtown YOT Management Board
<i>Copy to:</i>\tSee copy list at end
<i>From:</i>\tAnn Inspector, Assistant Chief Inspector
<i>Publication date:</i>\t22nd January 2014

Report of Short Quality Screening (SQS) of youth offending work in Northtown

This report outlines the findings of the recent SQS inspection, conducted from 16th-18th December 2013.

Context

We examined 20 cases supervised by Northtown Youth Offending Team (YOT).

1. Reducing the likelihood of reoffending

- 1.1. Assessments were timely in 17 out of the 18 relevant cases.
- 1.2. Plans were *variable*.

2. Protecting the public

- 2.1. Risk of harm was assessed well.

Summary

Overall, we found committed staff.

Key strengths

- Good quality assessments.
- Good quality reports.

Areas requiring improvement

- Improving risk plans.

We are grateful for the support that we received from staff.

If you have any questions please contact the lead inspector, who was Ann Inspector. She can be contacted at \
ann.inspector@example.gov.uk or on 07768 073286.

Copy to:\t
YOT Manager\t<i>Carol Manager</i>
YJB link staff\t<i>Dan One, Councillor Erin Two</i>
"""

JOINT = """\
## Full Joint Inspection of Youth Offending Work in Southvale

An inspection led by HMI Probation

## **Summary**

Overall, work to reduce reoffending was good. The inspection took place during 24-28 June 2013.

### **Theme 1: Reducing the likelihood of reoffending**

- 1.1. The quality of assessments was mixed.
- 1.2. Courts had been advised well.
"""

COUNCIL = """\
CABINET

9 JUNE 2020

HMIP INSPECTION OF YOUTH OFFENDING TEAM (YOT)

Portfolio Holder: Councillor Mrs Fay Holder, Portfolio Holder for Children's Services
(Lead Member)

Report from: Gus Director, Director of Public Health
Hal Second, Director of Children and Adults Services

Author: Ivy Author, Head Of Service

Summary

This report is to update Cabinet on the outcomes of the HMIP inspection of the Youth Offending Team (YOT), \
that took place during 24 to 28 February 2020, and which was published on 4 June 2020.

Overall, Eastmere YOT was rated as: 'Requires improvement'.

1. Background

- 1.1. HMIP inspected Eastmere Youth Offending Team across three broad areas.
- 1.2. Overall, the 12 Standards judged against the HMIP criteria, Eastmere YOT received:
- 7 areas of good
 - 4 areas of requires improvement
 - 1 areas of inadequate
"""


def draft(project: Path, text: str, name: str = "report.txt") -> tuple[str, Path]:
    source = project / name
    source.write_text(text, encoding="utf-8")
    result = run_cli("draft", "--project", str(project), str(source))
    assert result.returncode == 0, result.stderr
    written = Path(re.search(r"Drafted (\S+):", result.stdout).group(1))  # type: ignore[union-attr]
    return written.read_text(encoding="utf-8"), written


def test_a_letter_report_is_drafted_with_its_memo_dates_sections_and_people(fixture_project: Path) -> None:
    text, path = draft(fixture_project, LETTER)
    assert path.name == "northtown-2013-12.yml"
    record = yaml.safe_load(text)
    assert record["authority"] == "northtown"
    assert record["service"] == "Northtown Youth Offending Team"
    assert record["programme"] == "short-quality-screening"
    assert record["title"] == "Report of Short Quality Screening (SQS) of youth offending work in Northtown"
    assert record["published"] == "2014-01-22"
    assert record["fieldwork"] == [{"start": "2013-12-16", "end": "2013-12-18"}]
    numbered = [(section.get("number"), section["title"], [p["number"] for p in section.get("paragraphs", [])])
                for section in record["sections"]]
    assert (("1", "Reducing the likelihood of reoffending", ["1.1", "1.2"]) in numbered
            and ("2", "Protecting the public", ["2.1"]) in numbered), numbered
    assert record["sections"][2]["paragraphs"][1]["text"] == "Plans were variable."  # emphasis marks taken off
    assert record["summary"] == "Overall, we found committed staff."
    assert [item["text"] for item in record["strengths"]] == ["Good quality assessments.", "Good quality reports."]
    assert [item["text"] for item in record["improvements"]] == ["Improving risk plans."]
    # The text after the list has no heading of its own: the curator names its section.
    assert record["sections"][-1]["title"] == "" and "grateful" in record["sections"][-1]["intro"]
    assert record["sections"][0]["title"] == record["title"]  # the text before the first heading
    people = {(p["person"], p["part"], p["role"]) for p in record["people"]}
    assert people >= {("bob-chair", "addressee", "Chair of Northtown YOT Management Board"),
                      ("ann-inspector", "signatory", "Assistant Chief Inspector"),
                      ("ann-inspector", "inspection team", "Lead inspector"),
                      ("carol-manager", "copy list", "YOT Manager"), ("dan-one", "copy list", "YJB link staff"),
                      ("erin-two", "copy list", "YJB link staff")}, people
    # The letterhead's phone number and the lead inspector's e-mail and phone are not copied.
    for contact in ("0161 240 5336", "ann.inspector@", "07768"):
        assert contact not in text
    assert "letterhead" in record["notes"] and "e-mail address or a phone number" in record["notes"]
    for field in ("authority", "service", "programme", "title", "published", "fieldwork"):
        assert re.search(rf"# check: .+\n{field}:", text), field


def test_a_full_joint_inspection_report_is_drafted_from_its_markdown_headings(fixture_project: Path) -> None:
    record = yaml.safe_load(draft(fixture_project, JOINT)[0])
    assert record["authority"] == "southvale" and record["programme"] == "full-joint-inspection"
    assert record["title"] == "Full Joint Inspection of Youth Offending Work in Southvale"
    assert record["fieldwork"] == [{"start": "2013-06-24", "end": "2013-06-28"}]
    theme = next(section for section in record["sections"] if section.get("number") == "1")
    assert theme["title"] == "Reducing the likelihood of reoffending"
    assert [p["number"] for p in theme["paragraphs"]] == ["1.1", "1.2"]
    assert "published" not in record  # the text gives no publication date: nothing is invented


def test_a_council_report_is_drafted_with_its_authors(fixture_project: Path) -> None:
    record = yaml.safe_load(draft(fixture_project, COUNCIL)[0])
    assert record["authority"] == "eastmere"
    assert record["title"] == "HMIP INSPECTION OF YOUTH OFFENDING TEAM (YOT)"
    assert record["fieldwork"] == [{"start": "2020-02-24", "end": "2020-02-28"}]
    assert record["published"] == "2020-06-04"
    assert record["sources"][0]["kind"] == "council report" and record["sources"][0]["publisher"] == ""
    people = {(p["person"], p["role"]) for p in record["people"]}
    assert people == {("fay-holder", "Portfolio Holder for Children's Services"),
                      ("gus-director", "Director of Public Health"),
                      ("hal-second", "Director of Children and Adults Services"),
                      ("ivy-author", "Head Of Service")}, people
    assert {p["part"] for p in record["people"]} == {"council report"}
    assert record["ratings"] == {"framework": "", "overall": {"rating": "Requires improvement"}}  # framework: unnamed
    assert record["rating_tallies"] == [{"level": "Standards", "total": 12, "counts": [
        {"rating": "Good", "count": 7}, {"rating": "Requires improvement", "count": 4},
        {"rating": "Inadequate", "count": 1}]}]


def test_a_draft_passes_check_once_its_check_items_are_resolved(fixture_project: Path) -> None:
    text, path = draft(fixture_project, LETTER)
    first = run_cli("check", "--project", str(fixture_project))
    assert first.returncode == 1
    unresolved = [line for line in (first.stdout + first.stderr).splitlines() if path.name in line]
    assert unresolved and all("themes" in line or "unknown person" in line or ".title: is empty" in line
                              for line in unresolved), unresolved
    # The curator's part: themes chosen, people added, the untitled section named.
    path.write_text(text.replace("themes: []", "themes: [risk-of-harm]").replace('title: ""', "title: Closing"),
                    encoding="utf-8")
    people = fixture_project / "content" / "people.yml"
    people.write_text(people.read_text(encoding="utf-8") + "".join(
        f"{key}:\n  name: {name}\n" for key, name in (("carol-manager", "Carol Manager"), ("dan-one", "Dan One"),
                                                      ("erin-two", "Erin Two"))), encoding="utf-8")
    result = run_cli("check", "--project", str(fixture_project))
    assert result.returncode == 0, result.stdout + result.stderr


def test_draft_never_overwrites_a_record(fixture_project: Path) -> None:
    text, path = draft(fixture_project, LETTER)
    path.write_text(text + "# the curator's work\n", encoding="utf-8")
    source = fixture_project / "report.txt"
    result = run_cli("draft", "--project", str(fixture_project), str(source))
    assert result.returncode == 1 and "already exists; not overwriting it" in result.stderr
    assert path.read_text(encoding="utf-8").endswith("# the curator's work\n")


@pytest.mark.parametrize("text", ["Nothing here names an authority or a date.\n", "\xff\xfe"])
def test_a_text_the_drafter_cannot_name_is_a_clear_error(fixture_project: Path, text: str) -> None:
    source = fixture_project / "report.txt"
    source.write_bytes(text.encode("latin-1"))
    result = run_cli("draft", "--project", str(fixture_project), str(source))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "cannot name the draft" in result.stderr or "not UTF-8 text" in result.stderr
    assert not list((fixture_project / "content" / "inspections").glob("*-20*.yml.tmp"))


def test_deeper_headings_make_subsections_of_the_level_that_recurs(fixture_project: Path) -> None:
    text = JOINT + """
# Protecting the public

## What we expect to see

We expect risk of harm to be assessed.

## Key Findings

- 2.1. Risk was assessed well.

# Governance

## What we expect to see

Boards hold partners to account.
"""
    record = yaml.safe_load(draft(fixture_project, text)[0])
    sections = {section["title"]: section for section in record["sections"]}
    protecting = sections["Protecting the public"]
    assert [sub["title"] for sub in protecting["subsections"]] == ["What we expect to see", "Key Findings"]
    assert protecting["subsections"][1]["paragraphs"][0]["number"] == "2.1"
    assert sections["Governance"]["subsections"][0]["intro"] == "Boards hold partners to account."
    assert "Summary" not in sections  # the record's summary


def test_figures_are_drafted_with_their_unit_period_and_comparators(fixture_project: Path) -> None:
    text = LETTER.replace("Context\n", """Context

In Northtown 35.6% of young people reoffended.

The published reoffending rate<sup>1</sup> for Northtown was 35.6%. This was better than the previous year \
and the England and Wales average of 38.0%. Staff saw 40% of cases twice.

<sup>1</sup> Based on binary reoffending rates after 12 months for the April 2013 – March 2014 cohort.
""")
    record = yaml.safe_load(draft(fixture_project, text)[0])
    assert record["figures"] == [{"measure": "reoffending-rate", "value": 35.6, "unit": "%",
                                  "period": "April 2013 – March 2014 cohort",
                                  "compared_with": [{"label": "England and Wales average", "value": 38}]}]
    # Stated twice: drafted once, from the statement that gives its cohort.


def test_a_joint_inspection_s_scores_team_and_appendix_figures_are_drafted(fixture_project: Path) -> None:
    text = JOINT + """
## Case assessment score

Within the case assessment, overall 65% of work to reduce reoffending was done well enough.

## Summary

Overall, work to reduce reoffending was good.

## Theme 2: Governance

## Summary

Overall, governance was unsatisfactory.

## Contents

Foreword\t\t1
Theme 1: Ro\teducing the likelihood of reoffending\t6

## First time entrants measure:

The number of children entering the youth justice system in a 12 month period, as a proportion per \
100,000 10-17 year olds in the general local population. The figure for Southvale is 393, compared to \
595 for England and Wales as a whole.

(Data based on October 2011 to September 2012 cohort)

## Acknowledgements

We thank the staff of Southvale, who gave their time.

Lead Inspector\tAnn Inspector, HMI Probation
Inspection Team\tFay Team, Ofsted
\tGus Team, Care Quality Commission
<b>HMI Probation Support Services</b>\tHal Support, Publications Manager
"""
    record = yaml.safe_load(draft(fixture_project, text)[0])
    assert record["scores"] == [
        {"theme": "", "label": "Reducing the likelihood of reoffending", "percent": 65, "descriptor": "Good"},
        {"theme": "", "label": "Governance", "descriptor": "Unsatisfactory"}]  # the curator chooses each theme
    assert record["figures"] == [{"measure": "first-time-entrants", "value": 393,
                                  "unit": "per 100,000 10-17 year olds",
                                  "period": "October 2011 to September 2012 cohort",
                                  "compared_with": [{"label": "England and Wales as a whole", "value": 595}]}]
    team = {(p["person"], p["role"], p.get("organisation"), p["part"]) for p in record["people"]}
    assert team >= {("ann-inspector", "Lead Inspector", "HMI Probation", "inspection team"),
                    ("fay-team", "Inspection Team", "Ofsted", "inspection team"),
                    ("gus-team", "Inspection Team", "Care Quality Commission", "inspection team"),
                    ("hal-support", "Publications Manager", "HMI Probation Support Services", "inspection team")}
    titles = [section["title"] for section in record["sections"]]
    assert "Contents" not in titles and "the contents page" in record["notes"]
    thanks = next(section for section in record["sections"] if section["title"] == "Acknowledgements")
    assert thanks["intro"] == "We thank the staff of Southvale, who gave their time."  # prose is kept, rows are people


def test_conversion_damage_is_proposed_in_the_notes_and_never_changed(fixture_project: Path) -> None:
    text = JOINT.replace("in Southvale\n", "in FcW XUY\n").replace(
        "- 1.2. Courts had been advised well.",
        "- 1.2. 2Case Planning Forums met. Agood system was apart from the rest.\n\n"
        "n one case the Case Planning Forums met. In time a good system grew. In the end it held.\n\n"
        "The work in Southvale was good. Each part of it was good, and every part held.")
    record = yaml.safe_load(draft(fixture_project, text)[0])
    notes = " ".join(record["notes"].split())
    for proposal in ('"FcW XUY" (perhaps "Southvale")', '"2Case" (perhaps "Case")', '"Agood" (perhaps "A good")',
                     '"n" (perhaps "In")'):
        assert proposal in notes, notes
    assert "apart" not in notes  # a word of its own, not "a part"
    assert record["title"].endswith("in FcW XUY")
    paragraph = next(p for section in record["sections"] for p in section.get("paragraphs", [])
                     if p["number"] == "1.2")
    assert paragraph["text"].startswith("2Case Planning Forums met. Agood system")


def test_a_council_report_s_end_matter_is_not_a_section_and_its_contact_details_are_not_copied(
        fixture_project: Path) -> None:
    text = COUNCIL + """
2. Recommendations

- 2.1. The Cabinet is asked to note the findings.

Lead officer contact

Jo Officer
Head of Youth Justice
Eastmere Council – Town Hall
01634 338197
jo.officer@eastmere.gov.uk

Appendices

Appendix A: HMIP Inspection Report

Background papers

None
"""
    written, _ = draft(fixture_project, text)
    record = yaml.safe_load(written)
    assert [section["title"] for section in record["sections"]][-1] == "Recommendations"
    assert ("jo-officer", "Head of Youth Justice", "council report") in {
        (p["person"], p["role"], p["part"]) for p in record["people"]}
    assert "01634" not in written and "jo.officer@" not in written
    assert "end matter" in record["notes"]
