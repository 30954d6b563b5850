"""A record's checks beyond its fields' types: what its parts say about each other (dates in
order, sections and paragraphs it refers to). Each problem names the field that is wrong."""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from pydantic import ValidationError

from generator.errors import Problem
from generator.models import Framework, Inspection
from generator.rating_checks import check_ratings, check_tallies
from generator.suggest import did_you_mean
from generator.validation_problems import pydantic_problems
from generator.yaml_source import FieldPath, SourceDocument

Declared = dict[str, set[str]]
"""Every well-formed key of each vocabulary, by vocabulary name."""
Finding = tuple[FieldPath, str]
"""Where a problem is, within the record, and what it is."""


@dataclass(frozen=True)
class Vocabularies:
    """What a record is checked against: the keys of every vocabulary, the frameworks, and
    which frameworks each programme uses."""

    declared: Declared
    frameworks: dict[str, Framework] = field(default_factory=dict)
    programme_frameworks: dict[str, list[str]] = field(default_factory=dict)


def validate_record(doc: SourceDocument, vocabularies: Vocabularies) -> tuple[Inspection | None, list[Problem]]:
    """The record read into `doc` and its located warnings, or the located problems that stop it."""
    if not isinstance(doc.data, dict):
        return None, [doc.problem((), "expected a mapping of fields (an inspection record)")]
    try:
        record = Inspection.model_validate(doc.data, context={"vocabularies": vocabularies.declared})
    except ValidationError as exc:
        return None, pydantic_problems(doc, exc, Inspection)
    errors, warnings = check_record(record, vocabularies)
    return record, ([doc.problem(loc, message) for loc, message in errors]
                    + [doc.problem(loc, message, warning=True) for loc, message in warnings])


def check_record(record: Inspection, vocabularies: Vocabularies) -> tuple[list[Finding], list[Finding]]:
    """(errors, warnings)."""
    rating_errors, warnings = check_ratings(record, vocabularies.frameworks,
                                            vocabularies.programme_frameworks.get(record.programme))
    return check_dates(record) + check_internal_references(record) + check_tallies(record) + rating_errors, warnings


def check_dates(record: Inspection) -> list[Finding]:
    """Fieldwork periods in date order, and publication after the last day of fieldwork."""
    problems: list[Finding] = []
    for i, (earlier, later) in enumerate(pairwise(record.fieldwork), start=1):
        if later.start < earlier.start:
            problems.append((("fieldwork", i), f"fieldwork period starting {later.start} is listed after one "
                                                f"starting {earlier.start} (expected date order)"))
    if record.fieldwork and record.published:
        last_day = record.fieldwork[-1].end
        if record.published.latest < last_day.latest:
            problems.append((("published",), f"published ({record.published}) before fieldwork ended ({last_day})"))
    return problems


def check_internal_references(record: Inspection) -> list[Finding]:
    """References within one record: section ids, paragraph numbers. (Vocabulary keys are
    checked during validation, with the vocabularies in the validation context.)"""
    problems: list[Finding] = []
    numbers_in: dict[str, set[str]] = {}
    for s, section in enumerate(record.sections):
        if section.id in numbers_in:
            problems.append((("sections", s, "id"), f"section id '{section.id}' is used twice"))
        numbers = numbers_in.setdefault(section.id, set())
        groups: list[tuple[FieldPath, Any]] = [(("sections", s), section.paragraphs)] + [
            (("sections", s, "subsections", u), sub.paragraphs) for u, sub in enumerate(section.subsections)]
        for base, paragraphs in groups:
            for p, paragraph in enumerate(paragraphs):
                if paragraph.number in numbers:
                    problems.append((base + ("paragraphs", p, "number"),
                                     f"paragraph {paragraph.number} appears twice in section '{section.id}'"))
                numbers.add(paragraph.number)

    def need_section(key: str | None, loc: FieldPath) -> None:
        if key is not None and key not in numbers_in:
            problems.append((loc, f"unknown section '{key}' (expected the id of one of this "
                                  f"record's sections){did_you_mean(key, numbers_in)}"))

    for name in ("key_findings", "strengths", "improvements", "recommendations", "examples"):
        for i, item in enumerate(getattr(record, name)):
            need_section(getattr(item, "section", None), (name, i, "section"))
    for i, score in enumerate(record.scores):
        need_section(score.section, ("scores", i, "section"))
    for i, quote in enumerate(record.quotes):
        need_section(quote.section, ("quotes", i, "section"))
        if quote.paragraph is not None:
            if quote.section is None:
                problems.append((("quotes", i, "paragraph"), "a paragraph needs its section"))
            elif quote.section in numbers_in and quote.paragraph not in numbers_in[quote.section]:
                problems.append((("quotes", i, "paragraph"),
                                 f"section '{quote.section}' has no paragraph {quote.paragraph}"))
    return problems
