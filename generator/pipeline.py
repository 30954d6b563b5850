"""load → validate → index → render → write → MkDocs: the build, step by step."""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from generator.archive import Archive, load_archive
from generator.render import TEMPLATES, render_site
from generator.schema_doc import schema_json
from generator.site_build import SiteConfig, build_site, read_site_config
from generator.writer import WriteReport, write_pages

SCHEMA_PAGE = "schema/inspection.schema.json"


@dataclass(frozen=True)
class Project:
    """Where things are: the curated content, the templates and the MkDocs configuration."""

    root: Path
    content: Path
    templates: Path
    site: SiteConfig

    @classmethod
    def at(cls, root: Path, content: Path | None = None, templates: Path | None = None) -> Project:
        root = root.resolve()
        return cls(root, (content or root / "content").resolve(), (templates or TEMPLATES).resolve(),
                   read_site_config(root / "mkdocs.yml"))


@dataclass(frozen=True)
class BuildReport:
    archive: Archive
    pages: int
    written: WriteReport
    generate_seconds: float
    mkdocs_seconds: float = 0.0
    search_seconds: float = 0.0


def generate(project: Project) -> BuildReport:
    """Validate the content and bring the generated Markdown folder up to date."""
    started = time.perf_counter()
    archive = load_archive(project.content)
    pages: dict[str, str | bytes] = dict(render_site(archive, project.templates))
    # Published with the site so editors can validate records while they are typed.
    pages[SCHEMA_PAGE] = schema_json()
    report = write_pages(pages, project.site.docs_dir, protected=[project.content])
    return BuildReport(archive, len(pages), report, time.perf_counter() - started)


def build(project: Project) -> BuildReport:
    """Generate, then build the site with MkDocs (strict) and swap it into place."""
    report = generate(project)
    timings = build_site(project.site)
    return BuildReport(report.archive, report.pages, report.written, report.generate_seconds,
                       timings.mkdocs_seconds, timings.search_seconds)
