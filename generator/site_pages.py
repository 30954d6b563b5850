"""Every page of the site, rendered in streams so that a large archive is never held whole.

Reading the content renders each inspection page where its record is read (in a worker
process for a large archive) and keeps only the compressed page and the record's Listing.
The other pages are rendered from the listings; theme pages by year unpack the themed
texts of one year's records at a time.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jinja2

from generator.archive import Archive, load_archive
from generator.families import FAMILIES, Content, Family, Job, Key, redirects
from generator.index import Index, build_index
from generator.listing import Listing
from generator.models import Inspection
from generator.open_data import pack_record
from generator.packing import pack, unpack
from generator.parallel import parallel_map
from generator.publication import Publication
from generator.render import TEMPLATES, Renderer, make_environment, publication_of
from generator.writer import write_page

PAGES_PER_TASK = 32
"""Single-page jobs handed to a worker at a time: each takes about a millisecond."""
MIN_TASKS = 8
"""Fewer tasks than this are rendered in this process: forking workers would cost more."""

@dataclasses.dataclass(frozen=True, slots=True)
class ReadRecord:
    """What is kept of a record once read: its listing and its inspection page."""

    listing: Listing
    page: bytes
    """The inspection page's Markdown, compressed, with its related panel still to fill in."""
    data: bytes
    """The record's published JSON, compressed (see open_data)."""

    @property
    def sort_date(self) -> dt.date:
        return self.listing.sort_date


def keep_page_and_listing(env: jinja2.Environment) -> Callable[[Archive[Any]], Callable[[Inspection], ReadRecord]]:
    def keeper(vocabularies: Archive[Any]) -> Callable[[Inspection], ReadRecord]:
        renderer = Renderer(vocabularies, None, env)
        publication = publication_of(env)

        def keep(record: Inspection) -> ReadRecord:
            page = renderer.record_page(record).encode("utf-8")
            return ReadRecord(Listing.of(record), pack(page), pack_record(record, publication))
        return keep
    return keeper


@dataclasses.dataclass
class Site:
    archive: Archive[Listing]
    index: Index
    renderer: Renderer
    record_pages: dict[str, bytes]
    """Each inspection's page as read (see ReadRecord), by id."""
    record_data: dict[str, bytes]
    """Each inspection's published JSON as read (see ReadRecord), by id."""

    @functools.cached_property
    def redirects(self) -> dict[str, tuple[Family, Key]]:
        """Every former address and the page it became (see families.redirects)."""
        return redirects(self)

    @property
    def publication(self) -> Publication:
        return publication_of(self.renderer.env)

    @classmethod
    def load(cls, content: Path, templates: Path = TEMPLATES, publication: Publication | None = None) -> Site:
        """Read and validate `content`; raise ContentError listing every problem. Absolute
        URLs are made from `publication` (by default, the repository's mkdocs.yml)."""
        env = make_environment(templates, publication)
        read = load_archive(content, keep_page_and_listing(env))
        return cls.of(read, env)

    @classmethod
    def of(cls, read: Archive[ReadRecord], env: jinja2.Environment, index: Index | None = None) -> Site:
        """The site of an archive read with keep_page_and_listing (and its index, if known)."""
        archive = read.holding({k: r.listing for k, r in read.inspections.items()})
        index = build_index(archive) if index is None else index
        return cls(archive, index, Renderer(archive, index, env), {k: r.page for k, r in read.inspections.items()},
                   {k: r.data for k, r in read.inspections.items()})

    def paths(self) -> set[str]:
        """Every page of the site."""
        return {path for family in FAMILIES for path in map(family.path, family.keys(self))}

    def render(self, wanted: set[str] | None = None) -> Iterator[tuple[str, Content]]:
        """The pages (all, or those in `wanted`), as (path, content), over several cores
        for a large site."""
        tasks = _tasks(self._plan(wanted))
        for pages in parallel_map(lambda number: [(path, whole(content)) for job in tasks[number]
                                                  for path, content in job()],
                                  list(range(len(tasks))), min_items=MIN_TASKS):
            yield from pages

    def write(self, root: Path, wanted: set[str] | None = None) -> Iterator[tuple[str, bool]]:
        """Render the pages (all, or those in `wanted`) and write them into `root` (an
        output_folder) where they are rendered: (path, whether it was rewritten) for each.
        Pages never travel between processes (hundreds of megabytes for a large archive)."""
        tasks = _tasks(self._plan(wanted))
        for outcomes in parallel_map(
                lambda number: [(path, write_page(root, path, content)) for job in tasks[number]
                                for path, content in job()],
                list(range(len(tasks))), min_items=MIN_TASKS):
            yield from outcomes

    def _plan(self, wanted: set[str] | None) -> Iterator[tuple[list[Key], Job]]:
        """(keys, job) for every page, family by family in the registry's order; a job may
        make several pages (theme pages by year)."""
        for family in FAMILIES:
            keys = [key for key in family.keys(self) if wanted is None or family.path(key) in wanted]
            yield from family.plan(self, keys)

    def inspection_page(self, key: str) -> str:
        """An inspection's page as read, with its related panel filled in."""
        page = unpack(self.record_pages[key]).decode("utf-8")
        return self.renderer.with_related_panel(page, key)


def whole(content: Content) -> str | bytes:
    """A page's content in one piece (a streamed file's pieces joined)."""
    return content if isinstance(content, (str, bytes)) else b"".join(content)


def _tasks(plan: Iterator[tuple[list[Key], Job]]) -> list[list[Job]]:
    """The plan's jobs in order, a job of several pages alone, single-page jobs together."""
    tasks: list[list[Job]] = []
    singles: list[Job] = []
    for keys, job in plan:
        if len(keys) > 1:
            tasks.append([job])
            continue
        singles.append(job)
        if len(singles) == PAGES_PER_TASK:
            tasks.append(singles)
            singles = []
    if singles:
        tasks.append(singles)
    return tasks


def render_site(content: Path, templates: Path = TEMPLATES) -> dict[str, Content]:
    """Every page of the site, as page path (relative to the docs folder) → content, in path order."""
    return dict(sorted(Site.load(content, templates).render()))
