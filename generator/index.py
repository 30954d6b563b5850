"""The cross-reference graph: authority, person, theme, programme and year → records.

Pure functions over an archive's listings; one pass over every record, so building the
index is linear in the size of the archive.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from generator.archive import Archive
from generator.listing import Credit, Listing
from generator.parallel import paused_collector


@dataclass(frozen=True)
class Appearance:
    """A person's part in one inspection (they may hold several roles in it)."""

    inspection: str
    roles: tuple[Credit, ...]

    @property
    def parts(self) -> list[str]:
        """The parts they had ("inspection team", "signatory", …), each once, in order."""
        return list(dict.fromkeys(role.part for role in self.roles))


@dataclass
class Index:
    by_authority: dict[str, list[str]] = field(default_factory=dict)
    """Inspection ids per authority, newest first."""
    by_person: dict[str, list[Appearance]] = field(default_factory=dict)
    """Appearances per person, oldest first."""
    by_theme: dict[str, dict[int, dict[str, int]]] = field(default_factory=dict)
    """Per theme, per year (newest first), per inspection (newest first): how many texts are tagged."""
    by_programme: dict[str, dict[int, list[str]]] = field(default_factory=dict)
    """Inspection ids per programme and year, newest first."""
    by_year: dict[int, list[str]] = field(default_factory=dict)
    """Inspection ids per year of fieldwork (or publication), newest first."""
    authority_themes: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    """Themes raised about each authority, most frequent first."""
    authority_people: dict[str, list[tuple[str, list[tuple[str, Credit]]]]] = field(default_factory=dict)
    """People who inspected each authority, with (inspection, role) pairs, by name."""

    def theme_total(self, theme: str) -> tuple[int, int]:
        """(tagged texts, inspections) for a theme across all years."""
        years = self.by_theme[theme].values()
        return sum(sum(year.values()) for year in years), sum(len(year) for year in years)


# All that the index reads of a record (a test builds it from listings holding nothing
# else): an edit that changes none of it (texts, figures, ratings) leaves the index as it was.
INDEX_FIELDS = ("id", "sort_date", "authority", "also_covers", "programme", "theme_counts", "people")


def index_inputs(record: Listing) -> tuple[object, ...]:
    return tuple(getattr(record, name) for name in INDEX_FIELDS)


def build_index(archive: Archive[Listing]) -> Index:
    with paused_collector():  # hundreds of thousands of small objects, no cyclic garbage
        return _build_index(archive)


def _build_index(archive: Archive[Listing]) -> Index:
    index = Index()
    by_authority: dict[str, list[str]] = defaultdict(list)
    by_person: dict[str, list[Appearance]] = defaultdict(list)
    by_theme: dict[str, dict[int, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    by_programme: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    by_year: dict[int, list[str]] = defaultdict(list)
    theme_counts: dict[str, Counter[str]] = defaultdict(Counter)
    inspectors: dict[str, dict[str, list[tuple[str, Credit]]]] = defaultdict(lambda: defaultdict(list))

    for record in archive.inspections.values():  # newest first
        year = record.sort_date.year
        for authority in record.authorities:
            by_authority[authority].append(record.id)
        by_programme[record.programme][year].append(record.id)
        by_year[year].append(record.id)
        for theme, count in record.theme_counts:
            by_theme[theme][year][record.id] = count
            for authority in record.authorities:
                theme_counts[authority][theme] += count
        roles: dict[str, list[Credit]] = defaultdict(list)
        for role in record.people:
            roles[role.person].append(role)
            if role.part == "inspection team":
                for authority in record.authorities:
                    inspectors[authority][role.person].append((record.id, role))
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
