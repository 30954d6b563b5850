"""What pages other than its own need to know about an inspection.

An inspection page is rendered from its full record, in the worker that read it. Every
other page (listings, timelines, person, theme and year pages, the related panel) is
rendered from Listings and from each record's themed texts packed as compact excerpts, so
a large archive is never held in memory as validated records.
"""
from __future__ import annotations

import datetime as dt
import pickle
from dataclasses import dataclass, fields
from typing import Any, NamedTuple, Optional

from generator.anchors import ITEM_KINDS, anchor
from generator.dates import FieldworkDate, PartialDate
from generator.models import (
    Figure,
    Imported,
    Inspection,
    Judgement,
    Period,
    Ratings,
    RatingTally,
    Score,
    record_status,
)
from generator.packing import pack, unpack

EXCERPT_CHARS = 200


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """The start of a text, cut at a word boundary, with an ellipsis when shortened."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"


class Tagged(NamedTuple):
    """One themed piece of text and where it lives on its inspection page. (Named tuples
    pickle small and fast: a large archive packs and unpacks hundreds of thousands.)"""

    kind: str
    """"Paragraph", "Key finding", "Strength", …"""
    label: str
    """What a reader cites: "2.3", or "Strength 2"."""
    anchor: str
    excerpt: str
    """The start of the text (theme pages quote no more)."""
    context: str
    """The section (and subsection) it belongs to, or "" for record-level lists."""
    themes: tuple[str, ...]


def tagged_items(record: Inspection) -> list[Tagged]:
    """Every paragraph, finding, strength, improvement, recommendation and example, in page order."""
    out: list[Tagged] = []
    for section in record.sections:
        heading = f"{section.number}. {section.title}" if section.number else section.title
        groups = [(heading, section.paragraphs)] + [
            (f"{heading} › {sub.number}. {sub.title}" if sub.number else f"{heading} › {sub.title}", sub.paragraphs)
            for sub in section.subsections]
        for context, paragraphs in groups:
            for paragraph in paragraphs:
                out.append(Tagged("Paragraph", paragraph.number, anchor("paragraph", section.id, paragraph.number),
                                  excerpt(paragraph.text), context, tuple(paragraph.themes)))
    titles = {s.id: s.title for s in record.sections}
    for field_name, (kind, _) in ITEM_KINDS.items():
        for i, item in enumerate(getattr(record, field_name), start=1):
            number = getattr(item, "number", None) or str(i)
            title = getattr(item, "title", None)
            label = f"{kind} {number}" + (f": {title}" if title else "")
            context = titles.get(getattr(item, "section", None) or "", "")
            out.append(Tagged(kind, label, anchor(field_name, i), excerpt(item.text), context, tuple(item.themes)))
    return out


class Credit(NamedTuple):
    """A person named in a record, with their role: a Role as a named tuple, without a pydantic
    model's per-instance dict and field set (listings hold one for every role in the archive)."""

    person: str
    role: str
    organisation: Optional[str]
    part: str


class Details(NamedTuple):
    """The scores and figures of an inspection, shown on its authority's page. Each field
    is the record's field of the same name (see Listing.of): adding one here is enough."""

    scores: tuple[Score, ...]
    rating_tallies: tuple[RatingTally, ...]
    figures: tuple[Figure, ...]


@dataclass(frozen=True, slots=True)
class Listing:
    """An inspection without its text: what listings, timelines and indexes show of it.
    What few pages show is kept packed (compressed) and unpacked by the page that needs it."""

    # Fields down to `people` are the record's fields (or properties) of the same name,
    # copied by Listing.of: adding one here is enough for every page to see it.
    id: str
    authority: str
    also_covers: tuple[str, ...]
    service: Optional[str]
    programme: str
    title: str
    fieldwork: tuple[Period, ...]
    published: Optional[PartialDate]
    judgement: Optional[Judgement]
    ratings: Optional[Ratings]
    imported: Optional[Imported]
    report_url: Optional[str]
    first_day: Optional[FieldworkDate]
    sort_date: dt.date
    formerly: tuple[str, ...]
    people: tuple[Credit, ...]
    theme_counts: tuple[tuple[str, int], ...]
    """How many of the record's texts carry each theme, in the order the themes first appear."""
    packed_texts: bytes
    """The record's themed texts (see `texts`): theme pages read them a year at a time."""
    packed_details: bytes
    """See `details`."""

    @classmethod
    def of(cls, record: Inspection) -> Listing:
        items = tagged_items(record)
        counts: dict[str, int] = {}
        for item in items:
            for theme in item.themes:
                counts[theme] = counts.get(theme, 0) + 1
        copied = {name: _frozen(getattr(record, name)) for name in _COPIED}
        people = tuple(Credit(r.person, r.role, r.organisation, r.part) for r in record.people)
        details = Details(**{name: tuple(getattr(record, name)) for name in Details._fields})
        return cls(**copied, people=people, theme_counts=tuple(counts.items()), packed_texts=_pack(items),
                   packed_details=_pack(details))

    def texts(self) -> list[Tagged]:
        """The record's themed texts, in page order."""
        texts: list[Tagged] = _unpack(self.packed_texts)
        return texts

    def details(self) -> Details:
        details: Details = _unpack(self.packed_details)
        return details

    @property
    def record_status(self) -> str:
        return record_status(self.imported)

    @property
    def authorities(self) -> tuple[str, ...]:
        """Every authority the inspected service covers, its own first."""
        return (self.authority, *self.also_covers)

    @property
    def overall(self) -> Optional[str]:
        """The overall rating or judgement, in the scale's words."""
        if self.ratings is not None and self.ratings.overall is not None:
            return self.ratings.overall.rating
        return self.judgement.rating if self.judgement else None

    @property
    def shown_date(self) -> Optional[PartialDate]:
        """The date listings show: the first day of fieldwork, else publication."""
        return self.first_day or self.published

    @property
    def themes(self) -> set[str]:
        """The themes of the record's texts (the theme pages that list it)."""
        return {theme for theme, _ in self.theme_counts}


_FIELDS = [f.name for f in fields(Listing)]
_COPIED = _FIELDS[:_FIELDS.index("people")]


def _frozen(value: Any) -> Any:
    """Lists become tuples: a listing is immutable and hashable like the record it reduces."""
    return tuple(value) if isinstance(value, list) else value


def _pack(value: Any) -> bytes:
    return pack(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def _unpack(packed: bytes) -> Any:
    return pickle.loads(unpack(packed))
