"""Load the whole of `content/`: vocabularies, then records (validated where they are read,
see record_checks), refusing a second use of an id. All problems are collected before
anything is reported."""
from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, Optional, Protocol, TypeVar

from pydantic import BaseModel, ValidationError

from generator.errors import ContentError, Problem, display_path
from generator.families import RECORDS, reserved_keys
from generator.models import (
    Authority,
    Framework,
    Inspection,
    Inspectorate,
    Measure,
    Person,
    Programme,
    Strict,
    Theme,
)
from generator.parallel import parallel_map
from generator.record_checks import Declared, Vocabularies, validate_record
from generator.slugs import is_slug, slugify
from generator.suggest import did_you_mean
from generator.validation_problems import pydantic_problems
from generator.yaml_source import Location, SourceDocument, YamlSourceError, read_yaml

M = TypeVar("M", bound=BaseModel)
R = TypeVar("R")
T = TypeVar("T")

VOCABULARY_FILES: dict[str, tuple[str, type[Strict]]] = {
    "authorities": ("authorities.yml", Authority),
    "themes": ("themes.yml", Theme),
    "people": ("people.yml", Person),
    "frameworks": ("frameworks.yml", Framework),
    "programmes": ("programmes.yml", Programme),  # after frameworks, whose keys it names
    "inspectorates": ("inspectorates.yml", Inspectorate),
    "measures": ("measures.yml", Measure),
}
RECORDS_DIR = "inspections"
RESERVED_IDS = reserved_keys(RECORDS)
READ_BATCH = 16
"""Record files a worker reads per task; each takes a few milliseconds."""


@dataclass(frozen=True)
class Archive(Generic[R]):
    """Everything in `content/`, validated and cross-checked. Each record is kept in the
    form its reader chose (see load_archive): whole, or as a Listing."""

    authorities: dict[str, Authority]
    themes: dict[str, Theme]
    people: dict[str, Person]
    frameworks: dict[str, Framework]
    programmes: dict[str, Programme]
    inspectorates: dict[str, Inspectorate]
    measures: dict[str, Measure]
    inspections: dict[str, R]
    """Inspections by id, newest first."""
    record_paths: dict[str, Path]
    """The file each inspection came from, by id."""
    warnings: tuple[Problem, ...] = ()
    """What check reports without refusing the content (e.g. a rating unlike its score's band)."""

    def holding(self, inspections: dict[str, T], record_paths: dict[str, Path] | None = None,
                warnings: tuple[Problem, ...] | None = None) -> Archive[T]:
        """The same vocabularies with other inspections (or another form of them)."""
        return Archive(self.authorities, self.themes, self.people, self.frameworks, self.programmes,
                       self.inspectorates, self.measures, inspections,
                       self.record_paths if record_paths is None else record_paths,
                       self.warnings if warnings is None else warnings)

    def vocabularies(self) -> Vocabularies:
        """What records are checked against."""
        return Vocabularies({name: set(getattr(self, name)) for name in VOCABULARY_FILES}, self.frameworks,
                            {key: programme.frameworks for key, programme in self.programmes.items()})


def load_vocabulary(path: Path, model: type[M], root: Path, problems: list[Problem],
                    declared: set[str] | None = None, known: Declared | None = None,
                    reserved: dict[str, str] | None = None) -> dict[str, M]:
    """Entries of one vocabulary file. `declared` receives every well-formed key, even of
    entries that fail validation, so records using them are not also reported. A key in
    `reserved` (see families.reserved_keys) is refused."""
    reserved = reserved or {}
    try:
        doc = read_yaml(path, root, confine=path.parent)
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
        if key in reserved:
            problems.append(doc.problem((key,), f"key '{key}' is reserved: the site's page {reserved[key]} "
                                        "is already there (choose another key)", key=True))
            continue
        if declared is not None:
            declared.add(key)
        try:
            entry = model.model_validate(value, context={"vocabularies": known} if known is not None else None)
        except ValidationError as exc:
            problems.extend(pydantic_problems(doc, exc, model, (key,)))
            continue
        # Two entries may share a name only when told apart (people with the same name).
        told_apart = getattr(entry, "disambiguation", None) is not None
        name_slug = slugify(str(getattr(entry, "name", key)))
        for folded_key in {key} if told_apart else {key, name_slug}:
            if folded_key in folded and folded[folded_key] != key:
                problems.append(doc.problem((key,), f"'{key}' collides with '{folded[folded_key]}' "
                                            f"(both become '{folded_key}' in URLs); merge them or rename one",
                                            key=True))
            folded.setdefault(folded_key, key)
        entries[key] = entry
    problems.extend(_former_keys(doc, entries))
    if model is Authority:
        problems.extend(_authority_links(doc, entries))
    return entries


def _former_keys(doc: SourceDocument, entries: dict[str, Any]) -> Iterator[Problem]:
    """A former key redirects to one entry: it may not be a current key, nor another's former one."""
    claimed: dict[str, str] = {}
    for key, entry in entries.items():
        for i, old in enumerate(getattr(entry, "formerly", ())):
            if old in entries:
                yield doc.problem((key, "formerly", i), f"'{old}' is a current key; a former key must be one "
                                  "that is no longer used")
            elif old in claimed:
                yield doc.problem((key, "formerly", i), f"'{old}' is already a former key of '{claimed[old]}'")
            claimed.setdefault(old, key)


def _authority_links(doc: SourceDocument, entries: dict[str, Any]) -> Iterator[Problem]:
    for key, entry in entries.items():
        for i, related in enumerate(entry.related):
            if related.authority == key:
                yield doc.problem((key, "related", i, "authority"), "an authority cannot be related to itself")
            elif related.authority not in entries:
                yield doc.problem((key, "related", i, "authority"), f"unknown authority '{related.authority}' "
                                  f"(expected a key of authorities.yml){did_you_mean(related.authority, entries)}")


def load_vocabularies(content: Path, problems: list[Problem]) -> tuple[Archive[Any], Vocabularies]:
    """An archive of the vocabularies alone (no records yet), and what records are checked
    against (every well-formed key each vocabulary declares, even of entries that failed)."""
    declared: Declared = {}
    vocab: dict[str, dict[str, Any]] = {}
    for name, (filename, model) in VOCABULARY_FILES.items():  # each checked against those before it
        declared[name] = set()
        vocab[name] = load_vocabulary(content / filename, model, content.parent, problems, declared[name],
                                      dict(declared), reserved_keys(name))
    archive: Archive[Any] = Archive(inspections={}, record_paths={}, **vocab)  # type: ignore[arg-type]
    checks = archive.vocabularies()
    return archive, Vocabularies(declared, checks.frameworks, checks.programme_frameworks)


def record_files(content: Path) -> list[Path]:
    """Every `*.yml` and `*.yaml` under the records folder, in Path order (what sorted(rglob)
    gives, several times faster: a preview lists them on every edit)."""
    return sorted(map(Path, record_file_names(content)), key=lambda path: path.parts)


def record_file_names(content: Path) -> Iterator[str]:
    """The paths of record_files, as strings, in no particular order."""
    for folder, folders, files in os.walk(content / RECORDS_DIR):
        for name in folders + files:
            if os.path.splitext(name)[1] in (".yml", ".yaml"):
                yield os.path.join(folder, name)


def whole(vocabularies: Archive[Any]) -> Callable[[Inspection], Any]:
    return lambda record: record


def _nothing(record: Inspection) -> None:
    return None


def load_archive(content: Path, keep: Callable[[Archive[Any]], Callable[[Inspection], Any]] = whole
                 ) -> Archive[Any]:
    """Read and check everything under `content`; raise ContentError listing every problem.

    `keep(vocabularies)` gives what to keep of each valid record. It runs where the record
    was read (in a worker process when the archive is large), so a caller that keeps less
    than the whole record never holds the whole archive."""
    problems: list[Problem] = []
    vocabularies, checks = load_vocabularies(content, problems)
    records: dict[str, Any] = {}
    paths: dict[str, Path] = {}
    # Records are still checked when a vocabulary has problems, but nothing is made of them:
    # pages would refer to the entries that failed.
    kept = keep(vocabularies) if not problems else _nothing
    results = read_records(record_files(content), content.parent, checks, kept, content)
    problems.extend(add_records(results, content.parent, records, paths))
    if any(not problem.warning for problem in problems):
        raise ContentError(problems)
    return vocabularies.holding(newest_first(records), paths, tuple(sorted(problems)))


@dataclass(frozen=True)
class ReadResult:
    """A record file's path, and its id and what was kept of it, or the problems that stop it."""

    path: Path
    display: str
    """The path as problems show it."""
    id: Optional[str] = None
    id_at: Location = (1, 1)
    """Where the id is written, for a problem with a second use of it."""
    kept: Any = None
    formerly: tuple[tuple[str, Location], ...] = ()
    """The record's former ids, with where each is written."""
    problems: tuple[Problem, ...] = ()
    """The problems that stop the record, or the warnings of one that is kept."""


def read_records(files: list[Path], root: Path, vocabularies: Vocabularies,
                 keep: Callable[[Inspection], Any], content: Path) -> Iterator[ReadResult]:
    """Read and validate record files (following links only within `content`), and keep
    what `keep` returns of each valid record, over several cores for large sets."""
    return parallel_map(lambda path: _read_record(path, root, vocabularies, keep, content), files, batch=READ_BATCH)


def _read_record(path: Path, root: Path, vocabularies: Vocabularies,
                 keep: Callable[[Inspection], Any], content: Path) -> ReadResult:
    try:
        doc = read_yaml(path, root, confine=content)
    except FileNotFoundError:  # removed since it was listed
        problem = Problem(display_path(path, root), 1, 1, "", "file disappeared while it was being read")
        return ReadResult(path, problem.path, problems=(problem,))
    except YamlSourceError as exc:
        return ReadResult(path, exc.problem.path, problems=(exc.problem,))
    record, problems = validate_record(doc, vocabularies)
    problems = doc.problems + problems
    if record is not None and record.id in RESERVED_IDS:
        problems.append(doc.problem(("id",), f"id '{record.id}' is reserved: the site's page "
                                    f"{RESERVED_IDS[record.id]} is already there (choose another id)"))
    if record is None or any(not problem.warning for problem in problems):
        return ReadResult(path, doc.display, problems=tuple(p for p in problems if not p.warning))
    formerly = tuple((old, doc.locate(("formerly", i))) for i, old in enumerate(record.formerly))
    return ReadResult(path, doc.display, record.id, doc.locate(("id",)), keep(record), formerly, tuple(problems))


def add_records(results: Iterable[ReadResult], root: Path, records: dict[str, R],
                paths: dict[str, Path]) -> list[Problem]:
    """Add what was kept of read records to `records` and `paths` (by id), refusing a second use of an
    id; return every problem found."""
    problems: list[Problem] = []
    former: list[tuple[str, ReadResult, Location]] = []
    for result in results:
        problems.extend(result.problems)
        key = result.id
        if key is None:
            continue
        if key in paths:
            problems.append(Problem(result.display, *result.id_at, "id",
                                    f"id '{key}' is already used by {paths[key].relative_to(root)}"))
            continue
        records[key] = result.kept
        paths[key] = result.path
        former.extend((old, result, at) for old, at in result.formerly)
    claimed: dict[str, str] = {}
    for old, result, at in former:
        if old in paths:
            problems.append(Problem(result.display, *at, "formerly", f"'{old}' is the id of "
                                    f"{paths[old].relative_to(root)}; a former id must be one no record uses"))
        elif old in claimed:
            problems.append(Problem(result.display, *at, "formerly", f"'{old}' is already a former id of "
                                    f"'{claimed[old]}'"))
        claimed.setdefault(old, str(result.id))
    return problems


class Dated(Protocol):
    @property
    def sort_date(self) -> dt.date: ...


D = TypeVar("D", bound=Dated)


def newest_first(records: dict[str, D]) -> dict[str, D]:
    return dict(sorted(records.items(), key=lambda kv: (kv[1].sort_date, kv[0]), reverse=True))
