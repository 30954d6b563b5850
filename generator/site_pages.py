"""Every page of the site, rendered in streams so that a large archive is never held whole.

Reading the content renders each inspection page where its record is read (in a worker
process for a large archive) and keeps only the compressed page and the record's Listing.
The other pages are rendered from the listings; theme pages by year unpack the themed
texts of one year's records at a time.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import zlib
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from generator.archive import Archive, load_archive
from generator.index import Index, build_index
from generator.listing import Listing, Tagged
from generator.models import Inspection
from generator.parallel import parallel_map
from generator.render import (
    TEMPLATES, Renderer, authority_page, inspection_page, inspections_year_page, make_environment, person_page,
    programme_page, theme_page, theme_year_page)
from generator.schema_doc import record_format

LATEST_ON_HOME = 10
LATEST_ON_INDEX = 20
TOP_THEMES = 8
THEMES_PER_JOB = 8
PAGES_PER_TASK = 32
"""Single-page jobs handed to a worker at a time: each takes about a millisecond."""
MIN_TASKS = 8
"""Fewer tasks than this are rendered in this process: forking workers would cost more."""

Pages = list[tuple[str, str]]


@dataclasses.dataclass(frozen=True, slots=True)
class ReadRecord:
    """What is kept of a record once read: its listing and its inspection page."""

    listing: Listing
    page: bytes
    """The inspection page's Markdown, compressed, with its related panel still to fill in."""

    @property
    def sort_date(self) -> dt.date:
        return self.listing.sort_date


def keep_page_and_listing(env: jinja2.Environment) -> Callable[[Archive[Any]], Callable[[Inspection], ReadRecord]]:
    def keeper(vocabularies: Archive[Any]) -> Callable[[Inspection], ReadRecord]:
        renderer = Renderer(vocabularies, None, env)

        def keep(record: Inspection) -> ReadRecord:
            page = renderer.record_page(record).encode("utf-8")
            return ReadRecord(Listing.of(record), zlib.compress(page, 1))
        return keep
    return keeper


@dataclasses.dataclass
class Site:
    archive: Archive[Listing]
    index: Index
    renderer: Renderer
    record_pages: dict[str, bytes]
    """Each inspection's page as read (see ReadRecord), by id."""

    @classmethod
    def load(cls, content: Path, templates: Path = TEMPLATES) -> Site:
        """Read and validate `content`; raise ContentError listing every problem."""
        env = make_environment(templates)
        read = load_archive(content, keep_page_and_listing(env))
        return cls.of(read, env)

    @classmethod
    def of(cls, read: Archive[ReadRecord], env: jinja2.Environment) -> Site:
        """The site of an archive read with keep_page_and_listing."""
        archive = dataclasses.replace(read, inspections={k: r.listing for k, r in read.inspections.items()})
        index = build_index(archive)
        return cls(archive, index, Renderer(archive, index, env), {k: r.page for k, r in read.inspections.items()})

    def paths(self) -> set[str]:
        """Every page of the site."""
        return {path for paths, _ in self._plan(None) for path in paths}

    def render(self, wanted: set[str] | None = None) -> Iterator[tuple[str, str]]:
        """The pages (all, or those in `wanted`), as (path, Markdown), over several cores
        for a large site."""
        tasks = _tasks(self._plan(wanted))
        for pages in parallel_map(lambda number: [page for job in tasks[number] for page in job()],
                                  list(range(len(tasks))), min_items=MIN_TASKS):
            yield from pages

    def _plan(self, wanted: set[str] | None) -> Iterator[tuple[list[str], Callable[[], Pages]]]:
        """(paths, job) for every page; a job may render several pages (theme pages by year)."""
        def single(path: str, template: str, **context: object) -> Iterator[tuple[list[str], Callable[[], Pages]]]:
            if wanted is None or path in wanted:
                yield [path], partial(self._one, path, template, **context)

        archive, index = self.archive, self.index
        # The longest jobs first, so that workers finish together.
        for year in index.by_year:
            themes = [key for key in archive.themes if year in index.by_theme[key]
                      and (wanted is None or theme_year_page(key, year) in wanted)]
            # A few themes a job: a year's texts are unpacked once a job (cheap), and no job
            # holds more than a few megabytes of pages.
            for group in range(0, len(themes), THEMES_PER_JOB):
                keys = themes[group:group + THEMES_PER_JOB]
                yield [theme_year_page(key, year) for key in keys], partial(self._theme_years, year, keys)
        latest = list(archive.inspections)
        yield from single("index.md", "home.md.j2", latest=latest[:LATEST_ON_HOME])
        yield from single("about.md", "about.md.j2")
        if wanted is None or "record-format.md" in wanted:
            yield ["record-format.md"], self._record_format
        yield from single("inspections/index.md", "inspections_index.md.j2", latest=latest[:LATEST_ON_INDEX])
        for name in ("authorities", "people", "themes", "programmes"):
            yield from single(f"{name}/index.md", f"{name}_index.md.j2")
        for key in archive.inspections:
            path = inspection_page(key)
            if wanted is None or path in wanted:
                yield [path], partial(self._inspection, key)
        for key in archive.authorities:
            if wanted is None or authority_page(key) in wanted:
                yield [authority_page(key)], partial(self._authority, key)
        for key, person in archive.people.items():
            yield from single(person_page(key), "person.md.j2", key=key, person=person,
                              appearances=index.by_person[key])
        for year, keys in index.by_year.items():
            yield from single(inspections_year_page(year), "inspections_year.md.j2", year=year, keys=keys)
        for key, theme in archive.themes.items():
            yield from single(theme_page(key), "theme.md.j2", key=key, theme=theme, years=index.by_theme[key])
        for key, programme in archive.programmes.items():
            yield from single(programme_page(key), "programme.md.j2", key=key, programme=programme,
                              years=index.by_programme[key])

    def _one(self, path: str, template: str, **context: object) -> Pages:
        return [(path, self.renderer.page(path, template, **context))]

    def _record_format(self) -> Pages:
        formats = record_format()  # built from the model's schema: only when the page is rendered
        return self._one("record-format.md", "record-format.md.j2", models=formats,
                         model_names={m.name for m in formats})

    def _authority(self, key: str) -> Pages:
        """An authority's timeline: its records with their scores and figures, unpacked."""
        path = authority_page(key)
        records = [(listing, listing.details())
                   for listing in (self.archive.inspections[i] for i in self.index.by_authority[key])]
        return [(path, self.renderer.page(path, "authority.md.j2", key=key, authority=self.archive.authorities[key],
                                          records=records, top_themes=self.index.authority_themes[key][:TOP_THEMES]))]

    def _inspection(self, key: str) -> Pages:
        page = zlib.decompress(self.record_pages[key]).decode("utf-8")
        return [(inspection_page(key), self.renderer.with_related_panel(page, key))]

    def _theme_years(self, year: int, themes: list[str]) -> Pages:
        """The pages of `themes` for one year: every tagged text, grouped by inspection.

        The year's texts are unpacked and sorted by theme in one pass. Each inspection's
        heading is rendered once for all of the job's pages: they sit at the same depth, so
        its links are the same on each, and an inspection is listed under many themes."""
        wanted = set(themes)
        found: dict[str, dict[str, list[Tagged]]] = {key: {} for key in themes}
        for inspection in self.index.by_year[year]:  # newest first, as the pages list them
            listing = self.archive.inspections[inspection]
            if wanted.isdisjoint(listing.themes):
                continue
            for item in listing.texts():
                for key in wanted.intersection(item.themes):
                    found[key].setdefault(inspection, []).append(item)
        paths = {key: theme_year_page(key, year) for key in themes}
        headings: dict[str, Markup] = {}
        for groups in found.values():
            for inspection in groups.keys() - headings.keys():
                headings[inspection] = self.renderer.partial(
                    paths[themes[0]], "_theme_year_heading.md.j2", record=self.archive.inspections[inspection])
        return [(paths[key], self.renderer.page(paths[key], "theme_year.md.j2", key=key, theme=self.archive.themes[key],
                                                 year=year, groups=found[key], headings=headings))
                for key in themes]


def _tasks(plan: Iterator[tuple[list[str], Callable[[], Pages]]]) -> list[list[Callable[[], Pages]]]:
    """The plan's jobs in order, a job of several pages alone, single-page jobs together."""
    tasks: list[list[Callable[[], Pages]]] = []
    singles: list[Callable[[], Pages]] = []
    for paths, job in plan:
        if len(paths) > 1:
            tasks.append([job])
            continue
        singles.append(job)
        if len(singles) == PAGES_PER_TASK:
            tasks.append(singles)
            singles = []
    if singles:
        tasks.append(singles)
    return tasks


def render_site(content: Path, templates: Path = TEMPLATES) -> dict[str, str]:
    """Every page of the site, as page path (relative to the docs folder) → Markdown, in path order."""
    return dict(sorted(Site.load(content, templates).render()))
