"""Read a table of rated inspections (data-to-insight's scrape of HMIP's reports) into rows
the archive can hold, reporting every defect as `FILE:row:column: what is wrong (what was done)`.

Columns are found by name through a committed mapping (data/imports/<dataset>/columns.yml),
areas through a committed alias table (areas.yml). Mechanical damage is repaired and noted;
anything that would need a guess is flagged and left for the curator; a row that cannot make
a record is refused with its reason. Imported values stay claims: every row keeps its
dataset, version and row number.
"""
from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.dates import PartialDate
from generator.errors import BuildError
from generator.models import Framework

IMPORTS = Path(__file__).resolve().parent.parent / "data" / "imports"
SCALE_WORDS = {"outstanding": "Outstanding", "good": "Good", "requiresimprovement": "Requires improvement",
               "inadequate": "Inadequate"}
_TITLE_TEXT = re.compile(r"^\s*youth (?:justice|offending) services? in\s+|\s*-\s*joint[_ ]inspection\s*$", re.I)
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
POINTS_TOLERANCE = 0.02
"""A published percentage, times the maximum, is this close to a whole number of points."""


@dataclass(frozen=True)
class Defect:
    row: int
    """The row in the file, counting the header as row 1."""
    column: str
    message: str
    action: str
    """What was done: "repaired: …", "flagged for the curator", "refused"."""

    def shown(self, file: str) -> str:
        return f"{file}:{self.row}:{self.column}: {self.message} ({self.action})"


@dataclass
class ImportedRow:
    row: int
    slug: str
    authorities: list[str]
    framework: str | None
    published: PartialDate | None
    report_url: str | None
    overall: str | None
    score_percent: float | None
    points: int | None
    standards: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    """Standard → (rating, status): a rating, or why there is none."""
    defects: list[Defect] = field(default_factory=list)


@dataclass
class ImportResult:
    rows: list[ImportedRow]
    refused: list[Defect]

    @property
    def defects(self) -> list[Defect]:
        return sorted([d for r in self.rows for d in r.defects] + self.refused, key=lambda d: (d.row, d.column))


@dataclass(frozen=True)
class Mapping:
    fields: dict[str, list[str]]
    standards: dict[str, list[str]]
    frameworks: dict[str, list[str]]
    by_publication: list[dict[str, Any]]
    slugs: dict[str, dict[str, Any]]
    authorities: dict[str, dict[str, Any]]

    @classmethod
    def load(cls, dataset: str = "hmip-youth-ratings", folder: Path = IMPORTS) -> Mapping:
        base = folder / dataset
        columns, areas = (yaml.safe_load((base / name).read_text(encoding="utf-8")) for name in
                          ("columns.yml", "areas.yml"))
        return cls(columns["fields"], columns["standards"], columns.get("frameworks", {}),
                   columns.get("by_publication", []), areas["slugs"], areas.get("authorities", {}))

    def names(self) -> dict[str, str]:
        """Every spelling of an area in the alias table → its slug."""
        return {_fold(name): slug for slug, entry in self.slugs.items() for name in entry.get("names", [])}


def _fold(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower().replace("&", "and"))


def read_table(path: Path, mapping: Mapping, frameworks: dict[str, Framework],
               known_authorities: Iterable[str] = ()) -> ImportResult:
    """Every row of the table, repaired where that is mechanical, with its defects."""
    text = path.read_text(encoding="utf-8-sig")
    reader = csv.DictReader(text.splitlines())
    header = [name.strip() for name in reader.fieldnames or []]
    columns = _find_columns(header, mapping, path)
    unknown = [name for name in header if name not in mapping.standards and name not in
               {c for names in mapping.fields.values() for c in names}]
    if unknown:
        raise BuildError(f"{path}:1: column {unknown[0]!r} is not in data/imports' columns.yml (add it, as a standard "
                         "or as ignored, so that no value is silently dropped)")
    names = mapping.names()
    rows: list[ImportedRow] = []
    refused: list[Defect] = []
    for number, raw in enumerate(reader, start=2):
        cells = {name.strip(): (value or "").strip() for name, value in raw.items() if name is not None}
        result = _read_row(number, cells, columns, mapping, names, frameworks)
        if isinstance(result, Defect):
            refused.append(result)
        else:
            rows.append(result)
    return ImportResult(rows, refused)


def _find_columns(header: list[str], mapping: Mapping, path: Path) -> dict[str, str]:
    found = {}
    for name, candidates in mapping.fields.items():
        present = next((c for c in candidates if c in header), None)
        if present is None:
            raise BuildError(f"{path}:1: no column for {name} (expected one of {', '.join(candidates)})")
        found[name] = present
    return found


def _read_row(number: int, cells: dict[str, str], columns: dict[str, str], mapping: Mapping,
              names: dict[str, str], frameworks: dict[str, Framework]) -> ImportedRow | Defect:
    defects: list[Defect] = []

    def note(column: str, message: str, action: str) -> None:
        defects.append(Defect(number, column, message, action))

    slug = cells[columns["slug"]]
    area_column = columns["area"]
    area = cells[area_column]
    cleaned = _TITLE_TEXT.sub("", area).strip()
    if cleaned != area:
        note(area_column, f"report-title text in the name {area!r}", f"repaired: read as {cleaned!r}")
    entry = mapping.slugs.get(slug)
    if entry is None and _fold(cleaned) in names:
        entry = mapping.slugs[names[_fold(cleaned)]]
        note(columns["slug"], f"unknown slug {slug!r}", f"matched by its name {cleaned!r}; add the slug to areas.yml")
    if entry is None:
        return Defect(number, columns["slug"], f"unknown slug {slug!r} and name {cleaned!r}",
                      "refused: add it to data/imports' areas.yml")
    authorities = list(entry["authorities"])
    if len(authorities) > 1:
        note(area_column, f"the row covers {len(authorities)} authorities ({', '.join(authorities)})",
             f"flagged for the curator: one record, filed under {authorities[0]}")

    published = _date(cells[columns["published"]], columns["published"], note)
    framework = _framework(cells, mapping)
    if framework is None and published is not None:
        framework = _framework_by_date(published, mapping)
        if framework is not None:
            note(columns["published"], "no standard column tells which framework the inspection used",
                 f"flagged for the curator: {framework}, from the publication date")
    if framework is None:
        return Defect(number, columns["published"], "no standard column or publication date tells which framework "
                      "the inspection used", "refused: no rating can be placed")
    scale = frameworks[framework].scale if framework in frameworks else list(SCALE_WORDS.values())
    overall_column = columns["overall_rating"]
    overall = _rating(cells[overall_column], overall_column, scale, note)
    if overall is None and cells[overall_column]:
        note(overall_column, f"{cells[overall_column]!r} where the overall rating belongs",
             "flagged for the curator: left out")

    percent, points = _score(cells[columns["score_percent"]], columns["score_percent"], frameworks.get(framework),
                             overall, note)
    standards: dict[str, tuple[str | None, str | None]] = {}
    for column, refs in mapping.standards.items():
        if column not in cells:
            continue
        value = cells[column]
        if not refs:
            if value:
                note(column, f"{value!r} in a column that names no single standard", "flagged for the curator: "
                     "left out")
            continue
        rating = _rating(value, column, scale, note) if value else None
        if value and rating is None:
            note(column, f"{value!r} where a rating belongs", "flagged for the curator: not stated")
        if len(refs) > 1 and value:
            note(column, f"the column stands for standards {' and '.join(refs)}",
                 f"flagged for the curator: {rating!r} is recorded as unclear for both")
        for ref in refs:
            if ref in standards and standards[ref][0] is not None:
                continue  # a duplicate column (a misspelling) that is blank does not undo a rating
            if len(refs) > 1 and rating is not None:
                standards[ref] = (None, "unclear")
            else:
                standards[ref] = (rating, None if rating else "not stated")
    for ref in (s.ref for s in frameworks[framework].standards) if framework in frameworks else ():
        if ref not in standards:
            standards[ref] = (None, "not stated")
        if standards[ref] == (None, "not stated"):
            note(_column_for(ref, mapping, cells), f"no rating for standard {ref}",
                 "flagged for the curator: not stated; a lost \"Requires improvement\", not rated, or missing")
    url = cells[columns["report_url"]] or None
    return ImportedRow(number, slug, authorities, framework, published, url, overall, percent, points, standards,
                       defects)


def _column_for(ref: str, mapping: Mapping, cells: dict[str, str]) -> str:
    return next((c for c, refs in mapping.standards.items() if ref in refs and c in cells), ref)


def _framework(cells: dict[str, str], mapping: Mapping) -> str | None:
    for key, columns in mapping.frameworks.items():
        if any(cells.get(column) for column in columns):
            return key
    return None


def _framework_by_date(published: PartialDate, mapping: Mapping) -> str | None:
    for rule in mapping.by_publication:
        start = rule.get("from")
        if start is None or published.earliest >= PartialDate.parse(str(start)).earliest:
            return str(rule["framework"])
    return None


def _rating(value: str, column: str, scale: list[str], note: Any) -> str | None:
    folded = re.sub(r"\s+", "", value).lower()
    rating = SCALE_WORDS.get(folded)
    if rating is None or rating not in scale:
        return None
    if value != rating:
        how = "split by a space" if value.count(" ") != rating.count(" ") else "in another letter case"
        note(column, f"rating {value!r} {how}", f"repaired: read as {rating!r}")
    return rating


def _date(value: str, column: str, note: Any) -> PartialDate | None:
    if _ISO.match(value):
        return PartialDate.parse(value)
    found = _DAY_MONTH_YEAR.match(value)
    if found:
        day, month, year = int(found[1]), int(found[2]), int(found[3])
        if len(found[3]) == 2:
            year += 2000  # the table covers reports from 2018 on
        try:
            date = PartialDate.parse(f"{year:04d}-{month:02d}-{day:02d}")
        except ValueError:
            date = None
        if date is not None:
            if len(found[3]) == 2:
                note(column, f"two-digit year in {value!r}", f"repaired: read as {date}")
            return date
    note(column, f"{value!r} is not a date", "flagged for the curator: left out")
    return None


def _score(value: str, column: str, framework: Framework | None, overall: str | None,
           note: Any) -> tuple[float | None, int | None]:
    if not value:
        return None, None
    try:
        percent = float(value)
    except ValueError:
        note(column, f"{value!r} is not a percentage", "flagged for the curator: left out")
        return None, None
    if framework is None or not framework.maximum:
        return percent, None
    exact = percent * framework.maximum / 100
    points = round(exact)
    if abs(exact - points) > POINTS_TOLERANCE or not 0 <= points <= framework.maximum:
        note(column, f"{percent:g}% is no whole number of points out of {framework.maximum} ({exact:.2f})",
             "flagged for the curator: score left out")
        return None, None
    band = framework.band_for(points)
    if overall is not None and band is not None and band != overall:
        note(column, f"{points} of {framework.maximum} points is in the {band} band, but the overall rating is "
                     f"{overall}", "flagged: both kept as published")
    return percent, points

