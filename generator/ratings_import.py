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
import json
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
    area: str
    """The area's name as the table gives it, report-title text removed."""
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
    dataset: dict[str, str]
    folder: Path

    @classmethod
    def load(cls, dataset: str = "hmip-youth-ratings", folder: Path = IMPORTS) -> Mapping:
        base = folder / dataset
        columns, areas = (yaml.safe_load((base / name).read_text(encoding="utf-8")) for name in
                          ("columns.yml", "areas.yml"))
        return cls(columns["fields"], columns["standards"], columns.get("frameworks", {}),
                   columns.get("by_publication", []), areas["slugs"], areas.get("authorities", {}),
                   columns["dataset"], base)

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
    named = list(mapping.frameworks) + [str(rule["framework"]) for rule in mapping.by_publication]
    missing = [key for key in named if key not in frameworks]
    if missing:
        raise BuildError(f"columns.yml names framework {missing[0]!r}, which frameworks.yml does not have")
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
    scale = frameworks[framework].scale
    overall_column = columns["overall_rating"]
    overall = _rating(cells[overall_column], overall_column, scale, note)
    if overall is None and cells[overall_column]:
        note(overall_column, f"{cells[overall_column]!r} where the overall rating belongs",
             "flagged for the curator: left out")

    percent, points = _score(cells[columns["score_percent"]], columns["score_percent"], frameworks[framework],
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
    for ref in (s.ref for s in frameworks[framework].standards):
        if ref not in standards:
            standards[ref] = (None, "not stated")
        if standards[ref] == (None, "not stated"):
            note(_column_for(ref, framework, mapping, cells), f"no rating for standard {ref}",
                 "flagged for the curator: not stated; a lost \"Requires improvement\", not rated, or missing")
    url = cells[columns["report_url"]] or None
    return ImportedRow(number, slug, cleaned, authorities, framework, published, url, overall, percent, points,
                       standards, defects)


def _column_for(ref: str, framework: str, mapping: Mapping, cells: dict[str, str]) -> str:
    """The column that holds `ref` for this framework (joint working and out-of-court policy share 3.4)."""
    other = {c for key, columns in mapping.frameworks.items() if key != framework for c in columns}
    candidates = [c for c, refs in mapping.standards.items() if ref in refs and c in cells]
    return next((c for c in candidates if c not in other), candidates[0] if candidates else ref)


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


def _unspaced(text: str) -> str:
    """A rating with the spaces a PDF's text may split it by, and its letter case, taken out."""
    return re.sub(r"\s+", "", text).lower()


def _rating(value: str, column: str, scale: list[str], note: Any) -> str | None:
    rating = {_unspaced(r): r for r in scale}.get(_unspaced(value))
    if rating is None:
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
            else:
                note(column, f"date {value!r} written day/month/year", f"repaired: read as {date}")
            return date
    note(column, f"{value!r} is not a date", "flagged for the curator: left out")
    return None


def _score(value: str, column: str, framework: Framework, overall: str | None,
           note: Any) -> tuple[float | None, int | None]:
    if not value:
        return None, None
    try:
        percent = float(value)
    except ValueError:
        note(column, f"{value!r} is not a percentage", "flagged for the curator: left out")
        return None, None
    if not framework.maximum:
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



# --- records -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dataset:
    """Which published table this is, for each record's provenance."""

    name: str
    version: str
    url: str
    publisher: str


def record_of(row: ImportedRow, frameworks: dict[str, Framework], programmes: dict[str, str], dataset: Dataset,
              names: dict[str, str]) -> dict[str, Any]:
    """`programmes`: the programme that uses each framework."""
    """The record a row makes, as data for YAML. Only what the row says: no service name, no
    fieldwork dates, no text; every defect is carried on the record for its readers."""
    authority = row.authorities[0]
    assert row.published is not None and row.framework is not None
    month = f"-{row.published.month:02d}" if row.published.month else ""
    name = row.area or names.get(authority, authority)
    ratings: dict[str, Any] = {"framework": row.framework}
    if row.overall:
        ratings["overall"] = {"rating": row.overall}
    if row.points is not None:
        ratings["score"] = {"points": row.points, "maximum": 36, "percent": row.score_percent}
    ratings["standards"] = [{"standard": standard.ref, **({"rating": rating} if rating else {"status": status})}
                            for standard in frameworks[row.framework].standards
                            for rating, status in [row.standards.get(standard.ref, (None, "not stated"))]]
    record: dict[str, Any] = {
        "id": f"{authority}-{row.published.year}{month}",
        "authority": authority,
    }
    if len(row.authorities) > 1:
        record["also_covers"] = row.authorities[1:]
    record |= {
        "inspectorates": ["hmi-probation"],
        "programme": programmes[row.framework],
        "title": f"HMIP inspection of youth justice services in {name} ({row.published.year})",
        "published": str(row.published),
        "ratings": ratings,
        "sources": [s for s in (
            {"title": f"{dataset.name}, row {row.row}", "kind": "dataset row", "publisher": dataset.publisher,
             "url": dataset.url},
            {"title": f"Inspection of youth justice services in {name}", "kind": "inspection report",
             "publisher": "HM Inspectorate of Probation", "url": row.report_url} if row.report_url else None) if s],
        "notes": "Made by inspection-archive import from a row of a published table. The title is composed by the "
                 "import; the table gives no service name, fieldwork dates or findings.",
        "imported": {"dataset": dataset.name, "version": dataset.version, "row": row.row, "status": "imported",
                     "defects": [f"{d.column}: {d.message} ({d.action})" for d in row.defects]},
    }
    return record


@dataclass
class ApplyReport:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    """What was left as a curator made it: "<id>: why"."""
    authorities_added: list[str] = field(default_factory=list)


def apply_records(records: list[dict[str, Any]], content: Path, snapshots: Path,
                  new_authorities: dict[str, dict[str, Any]]) -> ApplyReport:
    """Write the records an import makes, never overwriting a curator's work.

    `snapshots` holds what the last import wrote of each record: a field whose value in the
    record still equals it was not edited and is updated; any other field is the curator's and
    is kept. Curated records, records a curator has marked checked, and records a curator
    deleted are not touched. A file is written only when its bytes change."""
    from generator.writer import write_atomically
    from generator.yaml_source import read_yaml

    report = ApplyReport()
    folder = content / "inspections"
    used: set[str] = set()
    for data in records:
        key = data["id"]
        path, snapshot = folder / f"{key}.yml", snapshots / f"{key}.json"
        previous = json.loads(snapshot.read_text(encoding="utf-8")) if snapshot.is_file() else None
        if path.exists():
            current = read_yaml(path, content.parent).data
            if not isinstance(current, dict) or "imported" not in current:
                report.kept.append(f"{key}: a curated record with this id exists; the row was not imported")
                continue
            if isinstance(current.get("imported"), dict) and current["imported"].get("status") == "checked":
                report.kept.append(f"{key}: checked by a curator")
                continue
            edited = [k for k in current if previous is None or current[k] != previous.get(k)]
            merged = {k: (current[k] if k in edited else v) for k, v in data.items()}
            merged |= {k: v for k, v in current.items() if k not in merged}
            if edited:
                report.kept.append(f"{key}: kept the curator's {', '.join(edited)}")
        elif previous is not None:
            report.kept.append(f"{key}: deleted by a curator; not made again")
            continue
        else:
            merged = data
        used.update([merged["authority"], *merged.get("also_covers", [])])
        text = yaml.safe_dump(merged, sort_keys=False, allow_unicode=True, width=100)
        if path.exists() and path.read_text(encoding="utf-8") == text:
            report.unchanged.append(key)
        else:
            write_atomically(path, text.encode("utf-8"))
            report.written.append(key)
        imported = json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
        if not snapshot.is_file() or snapshot.read_text(encoding="utf-8") != imported:
            write_atomically(snapshot, imported.encode("utf-8"))
    report.authorities_added = _add_authorities(content / "authorities.yml", used, new_authorities)
    return report


def _add_authorities(path: Path, used: set[str], known: dict[str, dict[str, Any]]) -> list[str]:
    """Append the authorities the import needs and the vocabulary lacks (never changing an entry)."""
    from generator.writer import write_atomically

    existing = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    missing = sorted(key for key in used if key not in existing)
    if not missing:
        return []
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n"
    for key in missing:
        entry = known[key]
        text += yaml.safe_dump({key: {"name": entry["name"], "nation": entry["nation"]}}, sort_keys=False,
                               allow_unicode=True)
    write_atomically(path, text.encode("utf-8"))
    return missing
