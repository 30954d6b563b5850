"""The ratings downloads (`ratings.csv`, `ratings.json`): one row per inspection and standard,
with a status wherever there is no rating, so that no blank is silent.

The columns are a published interface: add new ones at the end, never rename or reorder.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from generator.archive import Archive
from generator.families import FAMILY
from generator.listing import Listing
from generator.models import Framework, Standard

COLUMNS = [
    ("inspection", "The inspection's id (its page is /inspections/<id>/)."),
    ("url", "The inspection's page in this archive."),
    ("authority", "Key of the authority the service belongs to."),
    ("authorities", "Every authority the service covers, separated by semicolons (a joint service has several)."),
    ("nation", "England or Wales, where known."),
    ("framework", "Key of the framework the inspection used (see /frameworks/)."),
    ("published", "Publication date of the report, as precise as the source gives it."),
    ("overall_rating", "The overall rating on the framework's scale."),
    ("score_points", "Points scored, as published."),
    ("score_maximum", "Points possible."),
    ("score_percent", "The score as a percentage, as published."),
    ("domain", "The standard's domain."),
    ("standard", "The standard's number (or key, where the framework numbers none)."),
    ("standard_title", "The standard's title."),
    ("scored", "Whether the standard counts towards the score (true or false)."),
    ("rating", "The standard's rating, or empty where there is none (see status)."),
    ("status", "rated, or why there is no rating: not rated, not stated (the source does not say) or unclear."),
    ("record_status", "Where the record comes from: curated (from its report), imported (from a published table, "
                      "not yet checked against the report) or checked (imported, then checked by a curator)."),
    ("source_url", "The original report, where the record gives its address."),
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet runs a cell that starts with one of these as a formula."""


def rows(archive: Archive[Listing]) -> Iterator[dict[str, Any]]:
    """One row per standard of every rated inspection, newest inspection first."""
    for record in archive.inspections.values():
        ratings = record.ratings
        if ratings is None:
            continue
        framework = archive.frameworks[ratings.framework]
        given = {entry.standard: entry for entry in ratings.standards}
        nation = archive.authorities[record.authority].nation
        report_url = record.report_url
        for domain, standard in _standards(framework):
            entry = given.get(standard.ref)
            yield {
                "inspection": record.id,
                "url": FAMILY["inspection"].url(record.id),
                "authority": record.authority,
                "authorities": ";".join(record.authorities),
                "nation": nation or "",
                "framework": ratings.framework,
                "published": str(record.published or ""),
                "overall_rating": ratings.overall.rating if ratings.overall else "",
                "score_points": ratings.score.points if ratings.score else "",
                "score_maximum": ratings.score.maximum if ratings.score else "",
                "score_percent": percent_cell(ratings.score.percent) if ratings.score else "",
                "domain": domain,
                "standard": standard.ref,
                "standard_title": standard.title,
                "scored": "true" if standard.scored else "false",
                "rating": entry.rating or "" if entry else "",
                "status": ("rated" if entry.rating else entry.status) if entry else "not stated",
                "record_status": record.record_status,
                "source_url": report_url or "",
            }


def _standards(framework: Framework) -> Iterator[tuple[str, Standard]]:
    for domain in framework.domains:
        for standard in domain.standards:
            yield domain.title, standard


def percent_cell(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def safe_cell(value: object) -> str:
    """A cell no spreadsheet will run: text that would start a formula is prefixed with an
    apostrophe (OWASP's advice for CSV injection), which spreadsheets show as plain text."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def ratings_csv(archive: Archive[Listing]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([name for name, _ in COLUMNS])
    for row in rows(archive):
        writer.writerow([safe_cell(row[name]) for name, _ in COLUMNS])
    return out.getvalue()


def ratings_json(archive: Archive[Listing]) -> str:
    """The same rows as the CSV, as a JSON list of objects with the same keys."""
    data = {"columns": [{"name": name, "description": text} for name, text in COLUMNS], "rows": list(rows(archive))}
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"
