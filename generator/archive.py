"""Load and validate the whole of `content/`: vocabularies, then records, then every
cross-reference between them. All problems are collected before anything is reported."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from generator.errors import ContentError, Problem
from generator.models import (
    PATTERN_HELP, Authority, Inspection, Inspectorate, Measure, Person, Programme, Theme, paragraph_anchor)
from generator.slugs import is_slug, slugify
from generator.parallel import ordered_map
from generator.suggest import did_you_mean
from generator.yaml_source import SourceDocument, YamlSourceError, read_yaml

M = TypeVar("M", bound=BaseModel)

VOCABULARY_FILES = {
    "authorities": ("authorities.yml", Authority),
    "themes": ("themes.yml", Theme),
    "people": ("people.yml", Person),
    "programmes": ("programmes.yml", Programme),
    "inspectorates": ("inspectorates.yml", Inspectorate),
    "measures": ("measures.yml", Measure),
}
RECORDS_DIR = "inspections"


@dataclass(frozen=True)
class Archive:
    """Everything in `content/`, validated and cross-checked."""

    authorities: dict[str, Authority]
    themes: dict[str, Theme]
    people: dict[str, Person]
    programmes: dict[str, Programme]
    inspectorates: dict[str, Inspectorate]
    measures: dict[str, Measure]
    inspections: dict[str, Inspection]
    """Inspections by id, newest first."""
    record_paths: dict[str, Path]
    """The file each inspection came from, by id."""


def pydantic_problems(doc: SourceDocument, error: ValidationError, model: type[BaseModel],
                      prefix: tuple = ()) -> list[Problem]:
    """Pydantic's errors as located Problems, with suggestions for misspelt field names."""
    problems = []
    for item in error.errors(include_url=False):
        loc = prefix + tuple(item["loc"])
        if item["type"] == "extra_forbidden":
            allowed = fields_at(model, item["loc"][:-1])
            message = f"unknown field '{loc[-1]}'{did_you_mean(str(loc[-1]), allowed)}"
            problems.append(doc.problem(loc, message, key=True))
            continue
        problems.append(doc.problem(loc, describe_error(item)))
    return problems


def describe_error(item: Any) -> str:
    """Pydantic's message, reworded where it is unclear to a curator, with the value given."""
    kind, message, given = item["type"], item["msg"], item.get("input")
    if kind == "missing":
        return "required field is missing"
    if kind == "value_error":
        return message.removeprefix("Value error, ")
    if kind == "string_pattern_mismatch":
        pattern = item.get("ctx", {}).get("pattern", "")
        return f"{PATTERN_HELP.get(pattern, message)} (got {given!r})"
    if kind == "string_too_short" and given is not None and not str(given).strip():
        return "is empty (expected text)"
    if isinstance(given, (str, int, float, bool)) and kind not in ("date_value", "date_format", "unknown_reference"):
        return f"{message} (got {given!r})"
    return message


def fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """The field names allowed at `loc` inside `model` (list indexes are skipped)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if current is not None else None
        current = _model_in(field.annotation) if field else None
    return list(current.model_fields) if current is not None else []


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model class inside an annotation such as Optional[list[Section]]."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def load_vocabulary(path: Path, model: type[M], root: Path, problems: list[Problem],
                    declared: set[str] | None = None) -> dict[str, M]:
    """Entries of one vocabulary file. `declared` receives every well-formed key, even of
    entries that fail validation, so records using them are not also reported."""
    try:
        doc = read_yaml(path, root)
    except FileNotFoundError:
        problems.append(Problem(str(path), 1, 1, "", "vocabulary file is missing"))
        return {}
    except YamlSourceError as exc:
        problems.append(exc.problem)
        return {}
    problems.extend(doc.problems)
    if not isinstance(doc.data, dict):
        problems.append(doc.problem((), "expected a mapping of keys to entries"))
        return {}
    entries: dict[str, M] = {}
    folded: dict[str, str] = {}
    for key, value in doc.data.items():
        if not is_slug(key):
            problems.append(doc.problem((key,), f"key '{key}' is not a valid slug (expected lowercase "
                                        "letters, digits and single hyphens, e.g. 'st-helens')", key=True))
            continue
        if declared is not None:
            declared.add(key)
        try:
            entry = model.model_validate(value)
        except ValidationError as exc:
            problems.extend(pydantic_problems(doc, exc, model, (key,)))
            continue
        # Two entries may share a name only when told apart (people with the same name).
        told_apart = getattr(entry, "disambiguation", None) is not None
        name_slug = slugify(getattr(entry, "name", key))
        for folded_key in {key} if told_apart else {key, name_slug}:
            if folded_key in folded and folded[folded_key] != key:
                problems.append(doc.problem((key,), f"'{key}' collides with '{folded[folded_key]}' "
                                            f"(both become '{folded_key}' in URLs); merge them or rename one",
                                            key=True))
            folded.setdefault(folded_key, key)
        entries[key] = entry
    return entries


def load_archive(content: Path) -> Archive:
    """Read and check everything under `content`; raise ContentError listing every problem."""
    problems: list[Problem] = []
    root = content.parent
    declared: dict[str, set[str]] = {name: set() for name in VOCABULARY_FILES}
    vocab = {name: load_vocabulary(content / filename, model, root, problems, declared[name])
             for name, (filename, model) in VOCABULARY_FILES.items()}

    records: dict[str, Inspection] = {}
    paths: dict[str, Path] = {}
    record_files = [p for p in sorted((content / RECORDS_DIR).rglob("*")) if p.suffix in (".yml", ".yaml")]
    parsed = ordered_map(read_record_file, [(p, root) for p in record_files])
    problems.extend(add_records(parsed, root, declared, records, paths))
    if problems:
        raise ContentError(problems)
    return Archive(inspections=newest_first(records), record_paths=paths, **vocab)  # type: ignore[arg-type]


def add_records(parsed: Iterable[tuple[Path, Any, list[Problem]]], root: Path, declared: dict[str, set[str]],
                records: dict[str, Inspection], paths: dict[str, Path]) -> list[Problem]:
    """Validate parsed record files into `records` and `paths` (by id); return the problems.
    Positions are read again only for files that have problems, so the fast path (and the
    worker processes) need not carry a position for every value."""
    problems: list[Problem] = []
    for path, data, reading_problems in parsed:
        problems.extend(reading_problems)
        if data is None:
            continue
        record, record_problems = validate_record(path, root, data, declared)
        if record is not None and record.id in records:
            record_problems = [duplicate_id(path, root, record.id, paths[record.id])]
        problems.extend(record_problems)
        if record is not None and not record_problems:
            records[record.id] = record
            paths[record.id] = path
    return problems


def newest_first(records: dict[str, Inspection]) -> dict[str, Inspection]:
    return dict(sorted(records.items(), key=lambda kv: (kv[1].sort_date, kv[0]), reverse=True))


def read_record_file(item: tuple[Path, Path]) -> tuple[Path, Any, list[Problem]]:
    """Parse one record file (in a worker process when the archive is large)."""
    path, root = item
    try:
        doc = read_yaml(path, root)
    except YamlSourceError as exc:
        return path, None, [exc.problem]
    return path, doc.data, doc.problems


def duplicate_id(path: Path, root: Path, key: str, first: Path) -> Problem:
    return read_yaml(path, root).problem(("id",), f"id '{key}' is already used by {first.relative_to(root)}")


def validate_record(path: Path, root: Path, data: Any,
                    declared: dict[str, set[str]]) -> tuple[Inspection | None, list[Problem]]:
    """The record, or the located problems that stop it."""
    if not isinstance(data, dict):
        return None, [read_yaml(path, root).problem((), "expected a mapping of fields (an inspection record)")]
    try:
        record = Inspection.model_validate(data, context={"vocabularies": declared})
    except ValidationError as exc:
        return None, pydantic_problems(read_yaml(path, root), exc, Inspection)
    internal = check_internal_references(record)
    if internal:
        doc = read_yaml(path, root)
        return record, [doc.problem(loc, message) for loc, message in internal]
    return record, []


def check_internal_references(record: Inspection) -> list[tuple[tuple, str]]:
    """References within one record: section ids, paragraph numbers. (Vocabulary keys are
    checked during validation, with the vocabularies in the validation context.)"""
    problems: list[tuple[tuple, str]] = []
    sections: dict[str, dict[str, str]] = {}
    for s, section in enumerate(record.sections):
        if section.id in sections:
            problems.append((("sections", s, "id"), f"section id '{section.id}' is used twice"))
        numbers: dict[str, str] = sections.setdefault(section.id, {})
        groups = [(("sections", s), section.paragraphs)] + [
            (("sections", s, "subsections", u), sub.paragraphs) for u, sub in enumerate(section.subsections)]
        for base, paragraphs in groups:
            for p, paragraph in enumerate(paragraphs):
                loc = base + ("paragraphs", p)
                if paragraph.number in numbers:
                    problems.append((loc + ("number",),
                                     f"paragraph {paragraph.number} appears twice in section '{section.id}'"))
                numbers[paragraph.number] = paragraph_anchor(section.id, paragraph.number)

    def need_section(key: str | None, loc: tuple) -> None:
        if key is not None and key not in sections:
            problems.append((loc, f"unknown section '{key}' (expected the id of one of this "
                                  f"record's sections){did_you_mean(key, sections)}"))

    for field in ("key_findings", "strengths", "improvements", "recommendations", "examples"):
        for i, item in enumerate(getattr(record, field)):
            need_section(getattr(item, "section", None), (field, i, "section"))
    for i, score in enumerate(record.scores):
        need_section(score.section, ("scores", i, "section"))
    for i, quote in enumerate(record.quotes):
        need_section(quote.section, ("quotes", i, "section"))
        if quote.paragraph is not None:
            if quote.section is None:
                problems.append((("quotes", i, "paragraph"), "a paragraph needs its section"))
            elif quote.section in sections and quote.paragraph not in sections[quote.section]:
                problems.append((("quotes", i, "paragraph"),
                                 f"section '{quote.section}' has no paragraph {quote.paragraph}"))
    return problems

