"""The cross-reference graph: authority, person, theme, programme and year → records.

Pure functions over a validated Archive; one pass over every record, so building the
index is linear in the size of the archive.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from generator.archive import Archive
from generator.models import Inspection, Role, paragraph_anchor

ITEM_KINDS = {
    "key_findings": ("Key finding", "finding"),
    "strengths": ("Strength", "strength"),
    "improvements": ("Area for improvement", "improvement"),
    "recommendations": ("Recommendation", "recommendation"),
    "examples": ("Example", "example"),
}


@dataclass(frozen=True)
class Tagged:
    """One themed piece of text and where it lives on its inspection page."""

    inspection: str
    kind: str
    """"Paragraph", "Key finding", "Strength", …"""
    label: str
    """What a reader cites: "2.3", or "Strength 2"."""
    anchor: str
    text: str
    context: str
    """The section (and subsection) it belongs to, or "" for record-level lists."""
    themes: tuple[str, ...]


@dataclass(frozen=True)
class Appearance:
    """A person's part in one inspection (they may hold several roles in it)."""

    inspection: str
    roles: tuple[Role, ...]


@dataclass
class Index:
    by_authority: dict[str, list[str]] = field(default_factory=dict)
    """Inspection ids per authority, newest first."""
    by_person: dict[str, list[Appearance]] = field(default_factory=dict)
    """Appearances per person, oldest first."""
    by_theme: dict[str, dict[int, dict[str, list[Tagged]]]] = field(default_factory=dict)
    """Per theme, per year (newest first), per inspection (newest first): the tagged texts."""
    by_programme: dict[str, dict[int, list[str]]] = field(default_factory=dict)
    """Inspection ids per programme and year, newest first."""
    by_year: dict[int, list[str]] = field(default_factory=dict)
    """Inspection ids per year of fieldwork (or publication), newest first."""
    authority_themes: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    """Themes raised about each authority, most frequent first."""
    authority_people: dict[str, list[tuple[str, list[tuple[str, Role]]]]] = field(default_factory=dict)
    """People who inspected each authority, with (inspection, role) pairs, by name."""

    def theme_total(self, theme: str) -> tuple[int, int]:
        """(tagged texts, inspections) for a theme across all years."""
        years = self.by_theme[theme].values()
        return sum(len(items) for year in years for items in year.values()), sum(len(year) for year in years)


def tagged_items(record: Inspection) -> list[Tagged]:
    """Every paragraph, finding, strength, improvement, recommendation and example, in page order."""
    out: list[Tagged] = []
    for section in record.sections:
        heading = f"{section.number}. {section.title}" if section.number else section.title
        for paragraph in section.paragraphs:
            out.append(Tagged(record.id, "Paragraph", paragraph.number,
                              paragraph_anchor(section.id, paragraph.number), paragraph.text, heading,
                              tuple(paragraph.themes)))
        for sub in section.subsections:
            sub_heading = f"{sub.number}. {sub.title}" if sub.number else sub.title
            for paragraph in sub.paragraphs:
                out.append(Tagged(record.id, "Paragraph", paragraph.number,
                                  paragraph_anchor(section.id, paragraph.number), paragraph.text,
                                  f"{heading} › {sub_heading}", tuple(paragraph.themes)))
    titles = {s.id: s.title for s in record.sections}
    for field_name, (kind, prefix) in ITEM_KINDS.items():
        for i, item in enumerate(getattr(record, field_name), start=1):
            number = getattr(item, "number", None) or str(i)
            title = getattr(item, "title", None)
            label = f"{kind} {number}" + (f": {title}" if title else "")
            context = titles.get(getattr(item, "section", None) or "", "")
            out.append(Tagged(record.id, kind, label, f"{prefix}-{i}", item.text, context, tuple(item.themes)))
    return out


def build_index(archive: Archive) -> Index:
    index = Index()
    by_authority: dict[str, list[str]] = defaultdict(list)
    by_person: dict[str, list[Appearance]] = defaultdict(list)
    by_theme: dict[str, dict[int, dict[str, list[Tagged]]]] = defaultdict(lambda: defaultdict(dict))
    by_programme: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    by_year: dict[int, list[str]] = defaultdict(list)
    theme_counts: dict[str, Counter[str]] = defaultdict(Counter)
    inspectors: dict[str, dict[str, list[tuple[str, Role]]]] = defaultdict(lambda: defaultdict(list))

    for record in archive.inspections.values():  # newest first
        year = record.sort_date.year
        by_authority[record.authority].append(record.id)
        by_programme[record.programme][year].append(record.id)
        by_year[year].append(record.id)
        for item in tagged_items(record):
            for theme in item.themes:
                by_theme[theme][year].setdefault(record.id, []).append(item)
                theme_counts[record.authority][theme] += 1
        roles: dict[str, list[Role]] = defaultdict(list)
        for role in record.people:
            roles[role.person].append(role)
            if role.part == "inspection team":
                inspectors[record.authority][role.person].append((record.id, role))
        for person, person_roles in roles.items():
            by_person[person].append(Appearance(record.id, tuple(person_roles)))

    for person in by_person:  # a person's inspections read in date order, oldest first
        by_person[person].reverse()
    index.by_authority = {k: by_authority.get(k, []) for k in sorted(archive.authorities)}
    index.by_person = {k: by_person.get(k, []) for k in sorted(archive.people)}
    index.by_theme = {k: dict(by_theme.get(k, {})) for k in sorted(archive.themes)}
    index.by_programme = {k: dict(by_programme.get(k, {})) for k in sorted(archive.programmes)}
    index.by_year = dict(sorted(by_year.items(), reverse=True))
    index.authority_themes = {
        k: sorted(theme_counts[k].items(), key=lambda kv: (-kv[1], kv[0])) for k in index.by_authority}
    index.authority_people = {
        k: sorted(inspectors[k].items(), key=lambda kv: archive.people[kv[0]].name) for k in index.by_authority}
    return index
