"""Atom feeds (RFC 4287) of newly published inspections: the whole archive's, and one per
authority and per theme, made with feedgen.

Atom dates are instants, and reports are dated by the day at best: an entry's date is its
report's publication day at 00:00 UTC. A record whose publication day is not known (only
the month or year, or nothing) is left out of the feeds rather than given a day its source
does not state; the Data page says so.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from feedgen.feed import FeedGenerator

from generator.families import FAMILY
from generator.listing import Listing

if TYPE_CHECKING:
    from generator.archive import Archive
    from generator.index import Index
    from generator.site_pages import Site

FEED_ENTRIES = 50
"""The newest inspections a feed lists: a reader polls it, so it stays small."""


def publication_instant(record: Listing) -> dt.datetime | None:
    """The report's publication day as an Atom instant, if the day is known."""
    date = record.published
    if date is None or not date.day:
        return None
    return dt.datetime(date.year, date.month, date.day, tzinfo=dt.timezone.utc)


def newest_published(records: Iterable[Listing], limit: int = FEED_ENTRIES) -> list[tuple[dt.datetime, Listing]]:
    """The records a feed lists: those with a known publication day, newest first."""
    dated = [(when, record) for record in records if (when := publication_instant(record)) is not None]
    dated.sort(key=lambda pair: (pair[0], pair[1].id), reverse=True)
    return dated[:limit]


def summary(record: Listing, site: Site) -> str:
    """What an entry says, as plain text."""
    parts = [f"{site.archive.authorities[record.authority].name}."]
    if record.overall:
        kind = "Overall rating" if record.ratings is not None else "Overall judgement"
        parts.append(f"{kind}: {record.overall}.")
    if record.published:
        parts.append(f"Published {record.published.long()}.")
    if record.record_status == "imported":
        parts.append("Imported from a published table, not yet checked against the report.")
    if record.report_url:
        parts.append(f"Original report: {record.report_url}")
    return " ".join(parts)


def atom_feed(site: Site, *, title: str, subtitle: str, feed: str, page: str, records: Iterable[Listing]) -> bytes:
    """A feed of `records` (newest published first), at site path `feed`, for the page at
    site path `page`."""
    publication = site.publication
    entries = newest_published(records)
    generator = FeedGenerator()
    generator.id(publication.url(feed))
    generator.title(title)
    generator.subtitle(subtitle)
    generator.link(href=publication.url(feed), rel="self", type="application/atom+xml")
    generator.link(href=publication.url(page), rel="alternate", type="text/html")
    generator.language("en-GB")
    generator.author({"name": publication.site_name})
    if not entries:
        raise ValueError(f"{feed}: a feed needs an entry (see has_feed)")
    generator.updated(entries[0][0])
    for when, record in entries:
        entry = generator.add_entry(order="append")
        url = publication.url(FAMILY["inspection"].url(record.id))
        entry.id(url)
        entry.title(record.title)
        # One link only: feedgen 1.0.0 writes entry links without their rel (so each is an
        # "alternate" one), and Atom forbids two alternate links of the same type.
        entry.link(href=url, rel="alternate", type="text/html")
        entry.published(when)
        entry.updated(when)
        entry.summary(summary(record, site), type="text")
    data: bytes = generator.atom_str(pretty=True)
    return data


def _records(site: Site, family: str, key: str | None) -> Iterator[Listing]:
    return (site.archive.inspections[k] for k in feed_inspections(family, site.archive, site.index, key))


def archive_feed(site: Site) -> bytes:
    return atom_feed(site, title=f"{site.publication.site_name}: new inspections",
                     subtitle="Inspection reports newly published, newest first.",
                     feed=FAMILY["feed"].url(), page=FAMILY["inspections-index"].url(),
                     records=_records(site, "feed", None))


def authority_feed(site: Site, key: str) -> bytes:
    name = site.archive.authorities[key].name
    return atom_feed(site, title=f"{site.publication.site_name}: inspections of {name}",
                     subtitle=f"Inspection reports on youth justice work in {name}, newest first.",
                     feed=FAMILY["authority-feed"].url(key), page=FAMILY["authority"].url(key),
                     records=_records(site, "authority-feed", key))


def theme_feed(site: Site, key: str) -> bytes:
    name = site.archive.themes[key].name
    return atom_feed(site, title=f"{site.publication.site_name}: {name}",
                     subtitle=f"Inspection reports with findings on {name.lower()}, newest first.",
                     feed=FAMILY["theme-feed"].url(key), page=FAMILY["theme"].url(key),
                     records=_records(site, "theme-feed", key))


def feed_inspections(family: str, archive: Archive[Listing], index: Index, key: str | None = None) -> Iterable[str]:
    """The inspections a feed of `family` ("feed", "authority-feed", "theme-feed") draws on."""
    if family == "feed":
        return archive.inspections
    if family == "authority-feed":
        return index.by_authority[key or ""]
    if family == "theme-feed":
        return (k for year in index.by_theme[key or ""].values() for k in year)
    raise KeyError(family)


def has_feed(family: str, archive: Archive[Listing], index: Index, key: str | None = None) -> bool:
    """Whether the feed exists: whether it would list any inspection (see the module)."""
    return any(publication_instant(archive.inspections[k]) is not None
               for k in feed_inspections(family, archive, index, key))

