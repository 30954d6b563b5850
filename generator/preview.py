"""Incremental regeneration for `serve`: keep the site's listings and pages in memory
between rebuilds, re-read only the record files that changed, and re-render only the pages
they touch.

A change to a vocabulary or a template (or the first run) regenerates everything.
"""
from __future__ import annotations

import dataclasses
import os
import time
from pathlib import Path

from generator.archive import VOCABULARY_FILES, add_records, newest_first, read_records, record_file_names
from generator.errors import ContentError
from generator.families import pages_touched_by, pages_touched_by_change
from generator.index import index_inputs
from generator.listing import Listing
from generator.parallel import paused_collector
from generator.pipeline import Project, generate
from generator.site_pages import ReadRecord, Site, keep_page_and_listing
from generator.writer import WriteReport, finish_pages, output_folder

Stamp = tuple[int, int]


def stamp(path: Path) -> Stamp:
    info = path.stat()
    return info.st_mtime_ns, info.st_size


@dataclasses.dataclass
class Preview:
    project: Project
    site: Site | None = None
    records: dict[str, Stamp] = dataclasses.field(default_factory=dict)
    shared: dict[Path, Stamp] = dataclasses.field(default_factory=dict)
    """Vocabularies and templates: a change to any of them regenerates everything."""
    last_full: bool = False
    """Whether the last refresh regenerated everything."""

    def _shared_stamps(self) -> dict[Path, Stamp]:
        files = [self.project.content / name for name, _ in VOCABULARY_FILES.values()]
        files += sorted(self.project.templates.rglob("*"))
        return {f: stamp(f) for f in files if f.is_file()}

    def _record_stamps(self) -> dict[str, Stamp]:
        # Listed on every edit: path strings and os.stat (Path objects only for what changed).
        stamps = {}
        for name in record_file_names(self.project.content):
            info = os.stat(name)
            stamps[name] = info.st_mtime_ns, info.st_size
        return stamps

    def refresh(self) -> tuple[int, WriteReport, float]:
        """Bring the generated Markdown up to date: (pages rendered, what was written, seconds)."""
        # Listings are unpacked and pages rendered beside the millions of objects the site
        # holds: the collector's scans of them took most of a refresh.
        with paused_collector():
            return self._refresh()

    def _refresh(self) -> tuple[int, WriteReport, float]:
        started = time.perf_counter()
        shared, records = self._shared_stamps(), self._record_stamps()
        current = self.site
        self.last_full = current is None or shared != self.shared
        if current is None or self.last_full:
            full = generate(self.project)
            site, rendered, report = full.site, full.pages, full.written
        else:
            site, touched = self._update(current, records)
            docs = output_folder(self.project.site.docs_dir, protected=[self.project.content])
            outcomes = list(site.write(docs, touched))
            report = finish_pages(docs, outcomes, keep=site.paths())
            rendered = len(outcomes)
        self.site, self.shared, self.records = site, shared, records
        return rendered, report, time.perf_counter() - started

    def _update(self, site: Site, records: dict[str, Stamp]) -> tuple[Site, set[str]]:
        """The site with changed, added and removed record files applied, and the pages
        that the old and new versions of those records touch."""
        root = self.project.content.parent
        changed = {Path(p) for p, stamp in records.items() if self.records.get(p) != stamp}
        removed = {Path(p) for p in self.records.keys() - records.keys()}
        by_path = {path: key for key, path in site.archive.record_paths.items()}
        kept = {key: ReadRecord(listing, site.record_pages[key], site.record_data[key])
                for key, listing in site.archive.inspections.items()}
        paths = dict(site.archive.record_paths)
        touched: set[str] = set()
        before: dict[Path, Listing] = {}  # the old versions of the changed and removed records
        for path in changed | removed:
            if path in by_path:
                key = by_path[path]
                before[path] = site.archive.inspections[key]
                del kept[key], paths[key]
        keep = keep_page_and_listing(site.renderer.env)(site.archive)
        problems = add_records(read_records(sorted(changed), root, site.archive.vocabularies(), keep,
                                            self.project.content), root, kept, paths)
        if any(not problem.warning for problem in problems):
            raise ContentError(problems)
        stale = {str(p.relative_to(root)) for p in changed | removed}
        warnings = tuple(sorted([w for w in site.archive.warnings if w.path not in stale] + problems))
        after = {path: kept[key].listing for key, path in paths.items() if path in changed}
        # Most edits change a record's texts alone: the index (much of a large preview)
        # stays as it was unless what it reads of a record changed.
        same_index = before.keys() == after.keys() and all(
            index_inputs(before[path]) == index_inputs(after[path]) for path in after)
        updated = Site.of(site.archive.holding(newest_first(kept), paths, warnings), site.renderer.env,
                          site.index if same_index else None)
        for path in before.keys() | after.keys():
            old, new = before.get(path), after.get(path)
            if old is not None and new is not None:
                touched |= pages_touched_by_change(old, site.archive, new, updated.archive)
            elif old is not None:  # removed: the pages that showed it
                touched |= pages_touched_by(old, site.archive)
            elif new is not None:  # added
                touched |= pages_touched_by(new, updated.archive)
        return updated, touched
