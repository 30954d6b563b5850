"""Load and validate the whole of `content/`: vocabularies, then records, then every
cross-reference between them. All problems are collected before anything is reported."""
from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, Optional, TypeVar

from pydantic import BaseModel, ValidationError

from generator.errors import ContentError, Problem
from generator.models import (
    PATTERN_HELP, Authority, Inspection, Inspectorate, Measure, Person, Programme, Theme, paragraph_anchor)
from generator.slugs import is_slug, slugify
from generator.parallel import parallel_map
from generator.suggest import did_you_mean
from generator.yaml_source import SourceDocument, YamlSourceError, read_yaml

M = TypeVar("M", bound=BaseModel)
R = TypeVar("R")
Declared = dict[str, set[str]]
"""Every well-formed key of each vocabulary, by vocabulary name."""

VOCABULARY_FILES = {
    "authorities": ("authorities.yml", Authority),
    "themes": ("themes.yml", Theme),
    "people": ("people.yml", Person),
    "programmes": ("programmes.yml", Programme),
    "inspectorates": ("inspectorates.yml", Inspectorate),
    "measures": ("measures.yml", Measure),
}
RECORDS_DIR = "inspections"
READ_BATCH = 16
"""Record files a worker reads per task; each takes a few milliseconds."""


@dataclass(frozen=True)
class Archive(Generic[R]):
    """Everything in `content/`, validated and cross-checked. Each record is kept in the
    form its reader chose (see load_archive): whole, or as a Listing."""

    authorities: dict[str, Authority]
    themes: dict[str, Theme]
    people: dict[str, Person]
    programmes: dict[str, Programme]
    inspectorates: dict[str, Inspectorate]
    measures: dict[str, Measure]
    inspections: dict[str, R]
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


def load_vocabularies(content: Path, problems: list[Problem]) -> tuple[Archive[Any], Declared]:
    """An archive of the vocabularies alone (no records yet), and every well-formed key each
    vocabulary declares."""
    declared: Declared = {name: set() for name in VOCABULARY_FILES}
    vocab = {name: load_vocabulary(content / filename, model, content.parent, problems, declared[name])
             for name, (filename, model) in VOCABULARY_FILES.items()}
    return Archive(inspections={}, record_paths={}, **vocab), declared


def record_files(content: Path) -> list[Path]:
    return [p for p in sorted((content / RECORDS_DIR).rglob("*")) if p.suffix in (".yml", ".yaml")]


def whole(vocabularies: Archive[Any]) -> Callable[[Inspection], Inspection]:
    return lambda record: record


def load_archive(content: Path, keep: Callable[[Archive[Any]], Callable[[Inspection], R]] = whole
                 ) -> Archive[R]:
    """Read and check everything under `content`; raise ContentError listing every problem.

    `keep(vocabularies)` gives what to keep of each valid record. It runs where the record
    was read (in a worker process when the archive is large), so a caller that keeps less
    than the whole record never holds the whole archive."""
    problems: list[Problem] = []
    vocabularies, declared = load_vocabularies(content, problems)
    records: dict[str, R] = {}
    paths: dict[str, Path] = {}
    results = read_records(record_files(content), content.parent, declared, keep(vocabularies))
    problems.extend(add_records(results, content.parent, records, paths))
    if problems:
        raise ContentError(problems)
    return dataclasses.replace(vocabularies, inspections=newest_first(records), record_paths=paths)


ReadResult = tuple[Path, Optional[str], Any, list[Problem]]
"""A record file's path, and its id and what was kept of it, or the problems that stop it."""


def read_records(files: list[Path], root: Path, declared: Declared,
                 keep: Callable[[Inspection], Any]) -> Iterator[ReadResult]:
    """Read and validate record files, and keep what `keep` returns of each valid record,
    over several cores for large sets."""
    return parallel_map(lambda path: _read_record(path, root, declared, keep), files, batch=READ_BATCH)


def _read_record(path: Path, root: Path, declared: Declared, keep: Callable[[Inspection], Any]) -> ReadResult:
    try:
        doc = read_yaml(path, root)
    except YamlSourceError as exc:
        return path, None, None, [exc.problem]
    record, problems = validate_record(path, root, doc.data, declared)
    problems = doc.problems + problems
    if record is None or problems:
        return path, None, None, problems
    return path, record.id, keep(record), []


def add_records(results: Iterable[ReadResult], root: Path, records: dict[str, R],
                paths: dict[str, Path]) -> list[Problem]:
    """Add what was kept of read records to `records` and `paths` (by id), refusing a second use of an
    id; return every problem found."""
    problems: list[Problem] = []
    for path, key, value, file_problems in results:
        problems.extend(file_problems)
        if key is None:
            continue
        if key in paths:
            problems.append(duplicate_id(path, root, key, paths[key]))
            continue
        records[key] = value
        paths[key] = path
    return problems


def newest_first(records: dict[str, R]) -> dict[str, R]:
    return dict(sorted(records.items(), key=lambda kv: (kv[1].sort_date, kv[0]), reverse=True))  # type: ignore


def duplicate_id(path: Path, root: Path, key: str, first: Path) -> Problem:
    return read_yaml(path, root).problem(("id",), f"id '{key}' is already used by {first.relative_to(root)}")


def validate_record(path: Path, root: Path, data: Any,
                    declared: Declared) -> tuple[Inspection | None, list[Problem]]:
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

