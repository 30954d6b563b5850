"""Incremental regeneration for `serve`: keep the archive in memory between rebuilds,
re-read only the record files that changed, and re-render only the pages they touch.

A change to a vocabulary or a template (or the first run) regenerates everything.
"""
from __future__ import annotations

import dataclasses
import time
from pathlib import Path

from generator.archive import RECORDS_DIR, VOCABULARY_FILES, Archive, add_records, newest_first, read_record_file
from generator.errors import ContentError
from generator.index import tagged_items
from generator.models import Inspection
from generator.pipeline import SCHEMA_PAGE, Project, generate
from generator.render import (
    authority_page, inspection_page, inspections_year_page, page_jobs, person_page, programme_page, render_jobs,
    theme_page, theme_year_page)
from generator.writer import WriteReport, write_pages

INDEX_PAGES = {"index.md", "inspections/index.md", "authorities/index.md", "people/index.md", "themes/index.md",
               "programmes/index.md"}

Stamp = tuple[int, int]


def _stamp(path: Path) -> Stamp:
    info = path.stat()
    return info.st_mtime_ns, info.st_size


def pages_touched_by(record: Inspection, archive: Archive) -> set[str]:
    """The pages whose content depends on `record` (in the archive that holds it)."""
    year = record.sort_date.year
    pages = {inspection_page(record.id), authority_page(record.authority), programme_page(record.programme),
             inspections_year_page(year)}
    # Other inspections of the authority list this one among their related inspections.
    pages |= {inspection_page(k) for k, other in archive.inspections.items() if other.authority == record.authority}
    pages |= {person_page(role.person) for role in record.people}
    # Theme pages list exactly the record's tagged texts (the index's own enumeration of them).
    themes = {t for item in tagged_items(record) for t in item.themes}
    pages |= {theme_page(t) for t in themes} | {theme_year_page(t, year) for t in themes}
    return pages


@dataclasses.dataclass
class Preview:
    project: Project
    archive: Archive | None = None
    records: dict[Path, Stamp] = dataclasses.field(default_factory=dict)
    shared: dict[Path, Stamp] = dataclasses.field(default_factory=dict)
    """Vocabularies and templates: a change to any of them regenerates everything."""

    def _shared_stamps(self) -> dict[Path, Stamp]:
        files = [self.project.content / name for name, _ in VOCABULARY_FILES.values()]
        files += sorted(self.project.templates.rglob("*"))
        return {f: _stamp(f) for f in files if f.is_file()}

    def _record_stamps(self) -> dict[Path, Stamp]:
        folder = self.project.content / RECORDS_DIR
        return {p: _stamp(p) for p in sorted(folder.rglob("*")) if p.suffix in (".yml", ".yaml")}

    def refresh(self) -> tuple[int, WriteReport, float]:
        """Bring the generated Markdown up to date: (pages rendered, what was written, seconds)."""
        started = time.perf_counter()
        shared, records = self._shared_stamps(), self._record_stamps()
        if self.archive is None or shared != self.shared:
            full = generate(self.project)
            archive, rendered, report = full.archive, full.pages, full.written
        else:
            archive, touched = self._update(records)
            jobs = page_jobs(archive, self.project.templates)
            paths = sorted(touched & set(jobs))
            report = write_pages(render_jobs(jobs, paths), self.project.site.docs_dir,
                                 protected=[self.project.content], keep=set(jobs) | {SCHEMA_PAGE})
            rendered = len(paths)
        self.archive, self.shared, self.records = archive, shared, records
        return rendered, report, time.perf_counter() - started

    def _update(self, records: dict[Path, Stamp]) -> tuple[Archive, set[str]]:
        """The archive with changed, added and removed record files applied, and the pages
        that the old and new versions of those records touch."""
        assert self.archive is not None
        root = self.project.content.parent
        changed = {p for p, stamp in records.items() if self.records.get(p) != stamp}
        removed = set(self.records) - set(records)
        by_path = {path: key for key, path in self.archive.record_paths.items()}
        inspections = dict(self.archive.inspections)
        paths = dict(self.archive.record_paths)
        touched: set[str] = set(INDEX_PAGES)
        for path in changed | removed:
            if path in by_path:  # the old version's pages change too (or disappear)
                old = inspections.pop(by_path[path])
                paths.pop(old.id)
                touched |= pages_touched_by(old, self.archive)
        declared = {name: set(getattr(self.archive, name)) for name in VOCABULARY_FILES}
        parsed = (read_record_file((path, root)) for path in sorted(changed))
        problems = add_records(parsed, root, declared, inspections, paths)
        if problems:
            raise ContentError(problems)
        ordered = newest_first(inspections)
        archive = dataclasses.replace(self.archive, inspections=ordered, record_paths=paths)
        for key, path in paths.items():
            if path in changed:
                touched |= pages_touched_by(archive.inspections[key], archive)
        return archive, touched
