"""The archive's bulk downloads: every record as validated, as JSON (one file per inspection
and one for the whole archive), and a CSV of each inspection's main fields.

Each record's JSON is made once, where the record is read, and kept compressed; the
whole-archive files are written as streams of those pieces, so the memory they need does
not grow with the archive. The CSV columns are a published interface: add new ones at the
end, never rename or reorder them.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from generator.families import FAMILY
from generator.listing import Listing
from generator.models import Inspection
from generator.packing import pack, unpack
from generator.publication import Publication
from generator.ratings_data import percent_cell, safe_cell

if TYPE_CHECKING:
    from generator.site_pages import Site

UNPUBLISHED: dict[str, Any] = {"sources": {"__all__": {"seed"}}}
"""What a record holds for curators only: the file name of the text it was curated from."""

DATA_FORMAT = 1
"""The version of the JSON files' layout (not of the records' schema)."""


def published_record(record: Inspection, publication: Publication) -> dict[str, Any]:
    """A record as the downloads publish it: where it lives, its status, its original
    report, and the record itself, as validated (it follows the published JSON Schema)."""
    return {
        "id": record.id,
        "url": publication.url(FAMILY["inspection"].url(record.id)),
        "status": record.record_status,
        "report_url": record.report_url,
        "record": record.model_dump(mode="json", exclude=UNPUBLISHED),
    }


def pack_record(record: Inspection, publication: Publication) -> bytes:
    """The record's published JSON, compressed (kept for the whole build: see the module)."""
    data = json.dumps(published_record(record, publication), ensure_ascii=False, separators=(",", ":"))
    return pack(data.encode("utf-8"))


def inspection_json(packed: bytes) -> bytes:
    return unpack(packed) + b"\n"


def archive_header(publication: Publication) -> dict[str, Any]:
    return {
        "dataset": f"{publication.site_name}: inspection records",
        "format": DATA_FORMAT,
        "site_url": publication.site_url,
        "schema": publication.url(FAMILY["schema"].url()),
        "documentation": publication.url(FAMILY["data"].url()),
    }


def inspections_json(site: Site) -> Iterator[bytes]:
    """`{…header, "records": [record, …]}`, newest inspection first, piece by piece."""
    header = json.dumps(archive_header(site.publication), ensure_ascii=False, separators=(",", ":"))
    yield header[:-1].encode("utf-8") + b',"records":[\n'
    for number, key in enumerate(site.archive.inspections):
        yield (b",\n" if number else b"") + unpack(site.record_data[key])
    yield b"\n]}\n"


CSV_COLUMNS = [
    ("id", "The inspection's id: its page is /inspections/<id>/ and its record /inspections/<id>.json."),
    ("url", "The inspection's permanent page in this archive."),
    ("title", "The inspection's short title."),
    ("authority", "Key of the authority the service belongs to (its page is /authorities/<key>/)."),
    ("authority_name", "The authority's name."),
    ("authorities", "Every authority the service covers, separated by semicolons (a joint service has several)."),
    ("nation", "England or Wales, where known."),
    ("service", "The service's own name, where the source gives it."),
    ("programme", "Key of the inspection programme (see /programmes/)."),
    ("fieldwork_start", "The first day of fieldwork, as precise as the source gives it."),
    ("fieldwork_end", "The last day of fieldwork."),
    ("published", "Publication date of the report, as precise as the source gives it (YYYY, YYYY-MM or YYYY-MM-DD)."),
    ("framework", "Key of the rating framework the inspection used, if it was rated (see /frameworks/)."),
    ("overall_rating", "The overall rating on the framework's scale, if rated."),
    ("score_points", "Points scored, as published."),
    ("score_maximum", "Points possible."),
    ("score_percent", "The score as a percentage, as published."),
    ("judgement", "The overall judgement in words, for an inspection outside a rating framework."),
    ("record_status", "Where the record comes from: curated (from its report), imported (from a published table, "
                      "not yet checked against the report) or checked (imported, then checked by a curator)."),
    ("report_url", "The original report, where the record gives its address."),
    ("record_json", "The whole record, as JSON."),
]


def csv_row(record: Listing, site: Site) -> dict[str, object]:
    ratings = record.ratings
    score = ratings.score if ratings else None
    first, last = (record.fieldwork[0], record.fieldwork[-1]) if record.fieldwork else (None, None)
    authority = site.archive.authorities[record.authority]
    return {
        "id": record.id,
        "url": site.publication.url(FAMILY["inspection"].url(record.id)),
        "title": record.title,
        "authority": record.authority,
        "authority_name": authority.name,
        "authorities": ";".join(record.authorities),
        "nation": authority.nation or "",
        "service": record.service or "",
        "programme": record.programme,
        "fieldwork_start": str(first.start) if first else "",
        "fieldwork_end": str(last.end) if last else "",
        "published": str(record.published or ""),
        "framework": ratings.framework if ratings else "",
        "overall_rating": ratings.overall.rating if ratings and ratings.overall else "",
        "score_points": score.points if score else "",
        "score_maximum": score.maximum if score else "",
        "score_percent": percent_cell(score.percent) if score else "",
        "judgement": record.judgement.rating if record.judgement else "",
        "record_status": record.record_status,
        "report_url": record.report_url or "",
        "record_json": site.publication.url(FAMILY["inspection-json"].url(record.id)),
    }


def inspections_csv(site: Site) -> Iterator[bytes]:
    """One row per inspection, newest first, a row at a time; no cell can run as a formula."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([name for name, _ in CSV_COLUMNS])
    for record in site.archive.inspections.values():
        row = csv_row(record, site)
        writer.writerow([safe_cell(row[name]) for name, _ in CSV_COLUMNS])
        if out.tell() > 1 << 16:
            yield out.getvalue().encode("utf-8")
            out.seek(0)
            out.truncate()
    yield out.getvalue().encode("utf-8")
