"""load → validate → index → render → write → MkDocs: the build, step by step."""
from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Union

from generator.build_lock import build_lock
from generator.errors import BuildError, ContentError, Problem, describe_os_error
from generator.parallel import can_fork
from generator.render import TEMPLATES
from generator.site_build import SiteConfig, build_site, read_site_config
from generator.site_pages import Site
from generator.writer import WriteReport, finish_pages, output_folder


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
    records: int
    pages: int
    written: WriteReport
    generate_seconds: float
    mkdocs_seconds: float = 0.0
    links_seconds: float = 0.0
    search_seconds: float = 0.0
    warnings: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class Generated:
    """What `generate` did, with the site it loaded (for callers that keep it)."""

    site: Site
    pages: int
    written: WriteReport
    seconds: float


def generate(project: Project) -> Generated:
    """Validate the content and bring the generated Markdown folder up to date."""
    started = time.perf_counter()
    site = Site.load(project.content, project.templates, project.site.publication)
    docs = output_folder(project.site.docs_dir, protected=[project.content])
    report = finish_pages(docs, site.write(docs))
    return Generated(site, report.written + report.unchanged, report, time.perf_counter() - started)


@dataclass(frozen=True)
class Summary:
    """What a generation in a child process did: counts and timings."""

    records: int
    pages: int
    written: WriteReport
    seconds: float
    warnings: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class Refused:
    """A generation that found problems in the content."""

    problems: list[Problem]


@dataclass(frozen=True)
class Failed:
    """A generation that failed after validation (a BuildError's message)."""

    message: str


Outcome = Union[Summary, Refused, Failed]
"""What crosses back from a generation in a child process. (Exceptions are not sent:
ClickException subclasses do not survive pickling with their arguments.)"""


def _generate_summary(project: Project) -> Outcome:
    try:
        done = generate(project)
    except ContentError as error:
        return Refused(error.problems)
    except BuildError as error:
        return Failed(error.message)
    except OSError as error:
        return Failed(f"Could not write the generated pages: {describe_os_error(error)}")
    archive = done.site.archive
    return Summary(len(archive.inspections), done.pages, done.written, done.seconds, archive.warnings)


def _in_child(function: Callable[[Project], Outcome], project: Project) -> Outcome:
    """Run `function(project)` in a forked child (not a daemon, so it may fork workers of its
    own) and return its picklable result; the child's memory goes back when it exits."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=lambda: send.send(function(project)))
    child.start()
    send.close()
    try:
        result: Outcome = receive.recv()
    except EOFError:
        raise BuildError("generation stopped unexpectedly (see the messages above)") from None
    finally:
        child.join()
    return result


def build(project: Project, on_wait: Callable[[Path], None] = lambda _: None) -> BuildReport:
    """Generate, then build the site with MkDocs (strict) and swap it into place, holding the
    project's build lock throughout (`on_wait` is called if another build holds it).

    Generation runs in a child process when possible, so the memory of the loaded archive is
    returned to the system before MkDocs (which holds its own copy of every page) starts."""
    with build_lock(project.root, on_wait) as lock_fd:
        outcome = _in_child(_generate_summary, project) if can_fork(1, min_items=1) else _generate_summary(project)
        if isinstance(outcome, Refused):
            raise ContentError(outcome.problems)
        if isinstance(outcome, Failed):
            raise BuildError(outcome.message)
        timings = build_site(project.site, lock_fd)
    return BuildReport(outcome.records, outcome.pages, outcome.written, outcome.seconds, timings.mkdocs_seconds,
                       timings.links_seconds, timings.search_seconds, outcome.warnings)
