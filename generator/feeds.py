"""Atom feeds (RFC 4287) of newly published inspections: the whole archive's, and one per
authority and per theme, made with feedgen.

Atom dates are instants, and reports are dated by the day at best: an entry's date is its
report's publication day at 00:00 UTC. A record whose publication day is not known (only
the month or year, or nothing) is left out of the feeds rather than given a day its source
does not state; the Data page says so.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

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


@dataclass(frozen=True)
class FeedKind:
    """What a feed family lists, and how its feed names itself."""

    page: str
    """The family of the page the feed belongs to (its alternate link)."""
    title: str
    subtitle: str
    """Formats, given the site's name (`site`) and the page's entry's name (`name`)."""
    inspections: Callable[[Archive[Listing], Index, Any], Iterable[str]]
    """The inspections it draws on, given the archive, the index and the feed's key."""
    name: Callable[[Archive[Listing], Any], str] = lambda archive, key: ""


FEEDS: dict[str, FeedKind] = {
    "feed": FeedKind(
        "inspections-index", "{site}: new inspections", "Inspection reports newly published, newest first.",
        lambda archive, index, key: archive.inspections),
    "authority-feed": FeedKind(
        "authority", "{site}: inspections of {name}",
        "Inspection reports on youth justice work in {name}, newest first.",
        lambda archive, index, key: index.by_authority[key], lambda archive, key: archive.authorities[key].name),
    "theme-feed": FeedKind(
        "theme", "{site}: {name}", "Inspection reports with findings on {lower}, newest first.",
        lambda archive, index, key: (k for year in index.by_theme[key].values() for k in year),
        lambda archive, key: archive.themes[key].name),
}
"""Each feed family's kind, by the family's name in generator/families.py."""


def feed(site: Site, family: str, key: str | None = None) -> bytes:
    """The feed of `family` ("feed", "authority-feed", "theme-feed") with key `key`."""
    kind = FEEDS[family]
    name = kind.name(site.archive, key)
    words = {"site": site.publication.site_name, "name": name, "lower": name.lower()}
    records = (site.archive.inspections[k] for k in kind.inspections(site.archive, site.index, key))
    return atom_feed(site, title=kind.title.format(**words), subtitle=kind.subtitle.format(**words),
                     feed=FAMILY[family].url(key), page=FAMILY[kind.page].url(key), records=records)


def has_feed(family: str, archive: Archive[Listing], index: Index, key: str | None = None) -> bool:
    """Whether the feed exists: whether it would list any inspection (see the module)."""
    return any(publication_instant(archive.inspections[k]) is not None
               for k in FEEDS[family].inspections(archive, index, key))

