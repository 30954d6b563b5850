"""The `inspection-archive` command: a thin shell over the library."""
from __future__ import annotations

import contextlib
import errno
import logging
import os
import re
import signal
import sys
from pathlib import Path
from typing import TypeVar

import click
from pydantic_core import PydanticCustomError

from generator.archive import load_archive
from generator.build_lock import WAITING, build_lock
from generator.dates import FieldworkDate, PartialDate
from generator.errors import ContentError, Problem, describe_os_error, display_path
from generator.listing import Listing
from generator.parallel import forbid_forking
from generator.pipeline import Project
from generator.pipeline import build as build_project
from generator.pipeline import generate as generate_project
from generator.scaffold import new_record
from generator.schema_doc import schema_json

project_option = click.option(
    "--project", "root", type=click.Path(path_type=Path, file_okay=False, exists=True), default=Path("."),
    show_default=True, help="Project folder holding mkdocs.yml and content/.")
content_option = click.option(
    "--content", type=click.Path(path_type=Path, file_okay=False), default=None,
    help="Folder of curated records and vocabularies [default: PROJECT/content].")


class _Commands(click.Group):
    """Reading or writing a file can fail for reasons no check foresees (a full disk, a file
    made unreadable): each command then ends with one line saying which file and why."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except OSError as error:
            if error.errno == errno.EPIPE:  # the reader of our output went away: click's to handle
                raise
            raise click.ClickException(describe_os_error(error)) from None


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="inspection-archive")
def main() -> None:
    """Validate the curated inspection records and publish them as a static site."""


@main.command()
@project_option
@content_option
def check(root: Path, content: Path | None) -> None:
    """Validate every record and vocabulary; list every problem with its location."""
    archive = load_archive(content or root / "content", lambda _: Listing.of)  # keep little: only counted
    _warn(archive.warnings)
    count = len(archive.warnings)
    warned = f" ({count} warning{'s' if count != 1 else ''})" if count else ""
    click.echo(f"{len(archive.inspections)} inspection records and their vocabularies are valid{warned}.")


def _warn(warnings: tuple[Problem, ...]) -> None:
    for warning in warnings:
        click.echo(str(warning), err=True)


@main.command()
@project_option
@content_option
def generate(root: Path, content: Path | None) -> None:
    """Validate, then write the site's Markdown into the generated docs folder (no MkDocs)."""
    project = Project.at(root, content)
    with build_lock(project.root, _waiting):
        report = generate_project(project)
    _warn(report.site.archive.warnings)
    w = report.written
    click.echo(f"{report.pages} pages: {w.written} written, {w.unchanged} unchanged, {w.removed} removed "
               f"in {report.seconds:.2f}s.")


@main.command()
@project_option
@content_option
def build(root: Path, content: Path | None) -> None:
    """Validate, generate the Markdown, build the site with MkDocs (strict) and publish it atomically."""
    project = Project.at(root, content)
    report = build_project(project, _waiting)
    _warn(report.warnings)
    w = report.written
    click.echo(f"{report.records} inspections, {report.pages} pages "
               f"({w.written} written, {w.unchanged} unchanged, {w.removed} removed); "
               f"generated in {report.generate_seconds:.2f}s, MkDocs built in {report.mkdocs_seconds:.2f}s, "
               f"links checked in {report.links_seconds:.2f}s, search indexed in {report.search_seconds:.2f}s, "
               f"into {project.site.site_dir}.")


def _waiting(lock: Path) -> None:
    click.echo(WAITING.format(lock=display_path(lock)), err=True)


@main.command()
@project_option
@content_option
@click.argument("authority")
@click.argument("start", required=False)
@click.option("--published", help="Publication date (YYYY-MM-DD, YYYY-MM or YYYY), e.g. when fieldwork dates are "
                                  "not known.")
def new(root: Path, content: Path | None, authority: str, start: str | None, published: str | None) -> None:
    """Scaffold a record for AUTHORITY (a key of authorities.yml) whose fieldwork began on START (YYYY-MM-DD, or
    YYYY-MM where the source gives only the month); with --published alone when fieldwork dates are not known."""
    project = Project.at(root, content)
    path = new_record(project.root, project.content, authority, project.templates,
                      fieldwork_start=_date_option(FieldworkDate, start, "START"),
                      published=_date_option(PartialDate, published, "--published"))
    click.echo(f"Created {path}. Fill it in, then run: inspection-archive check")


@main.command()
@project_option
@content_option
@click.argument("source", type=click.Path(path_type=Path, dir_okay=False, exists=True))
def draft(root: Path, content: Path | None, source: Path) -> None:
    """Draft a record from SOURCE, a report converted to text or Markdown, into content/inspections/: every
    drafted field carries a `# check:` comment; never overwrites a record."""
    from generator.draft_yaml import write_draft

    project = Project.at(root, content)
    target, drafted = write_draft(project.root, project.content, source)
    click.echo(f"Drafted {target}: {len(drafted.fields)} fields, {len(drafted.sections)} sections, "
               f"{drafted.paragraph_count()} "
               f"numbered paragraphs, "
               f"{len(drafted.people)} people. Resolve every '# check:' comment, then run: inspection-archive check")


D = TypeVar("D", bound=PartialDate)


def _date_option(kind: type[D], value: str | None, name: str) -> D | None:
    if value is None:
        return None
    try:
        return kind.parse(value)  # type: ignore[return-value]
    except PydanticCustomError as error:
        raise click.BadParameter(error.message(), param_hint=name) from None


@main.group(name="import")
def import_() -> None:
    """Bring records in from a published table (see data/imports/)."""


@import_.command(name="ratings")
@project_option
@content_option
@click.argument("table", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--dry-run", is_flag=True, help="Report what the table holds and every defect; write nothing.")
@click.option("--version", "version", default=None,
              help="The table's version, for provenance [default: the date in its file name].")
def import_ratings(root: Path, content: Path | None, table: Path, dry_run: bool, version: str | None) -> None:
    """Read TABLE, data-to-insight's table of HMIP youth justice ratings, by column name; report every defect as
    FILE:row:column: what is wrong (what was done); and write a record per row into content/inspections/, never
    overwriting a curated record or a field a curator has edited."""
    from generator.archive import load_vocabularies
    from generator.ratings_import import Dataset, Mapping, apply_records, read_table, record_of

    content = content or root / "content"
    problems: list[Problem] = []
    vocabularies, _ = load_vocabularies(content, problems)
    if problems:
        raise ContentError(problems)
    mapping = Mapping.load(folder=content.parent / "data" / "imports")  # the project's own mapping and snapshots
    result = read_table(table, mapping, vocabularies.frameworks)
    shown = display_path(table)
    for defect in result.defects:
        click.echo(defect.shown(shown))
    flagged = sum(1 for d in result.defects if d.action.startswith("flagged"))
    repaired = sum(1 for d in result.defects if d.action.startswith("repaired"))
    summary = (f"{len(result.rows)} rows make records, {len(result.refused)} refused; {repaired} repairs, "
               f"{flagged} flags for the curator.")
    if dry_run:
        click.echo(f"{summary} Nothing was written (--dry-run).")
        return
    found = re.search(r"(\d{4}-\d{2}-\d{2})", table.name)
    if version is None and found is None:
        raise click.UsageError("give the table's version with --version (its file name holds no date)")
    dataset = Dataset(mapping.dataset["name"], version or (found[1] if found else ""), mapping.dataset["url"],
                      mapping.dataset["publisher"])
    names = {key: entry["name"] for key, entry in mapping.authorities.items()}
    names |= {key: authority.name for key, authority in vocabularies.authorities.items()}
    programmes = {framework: key for key, programme in reversed(vocabularies.programmes.items())
                  for framework in programme.frameworks}
    records = [record_of(row, vocabularies.frameworks, programmes, dataset, names) for row in result.rows
               if row.published and row.framework in programmes]
    report = apply_records(records, content, mapping.folder / "imported", mapping.authorities)
    for line in report.kept:
        click.echo(f"kept: {line}")
    click.echo(f"{summary} {len(report.written)} records written, {len(report.unchanged)} unchanged, "
               f"{len(report.kept)} left as curators made them; {len(report.authorities_added)} authorities added.")


@main.command()
def schema() -> None:
    """Print the JSON Schema of an inspection record (the committed copy is schema/inspection.schema.json)."""
    click.echo(schema_json(), nl=False)


def _stop_like_ctrl_c(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


DIRTY_WARNING = "A 'dirty' build is being performed"
SERVING = re.compile(r"Serving on (\S+)$")


class _ServeMessages(logging.Filter):
    """Puts two of MkDocs' messages in the archive's words: the ready line says where to look
    and how to stop, and the warning MkDocs gives on every "dirty" build (which reads as a
    problem, though serve asks for one on purpose) says what happened instead."""

    def __init__(self) -> None:
        super().__init__()
        self.builds = 0

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.name == "mkdocs.livereload" and SERVING.search(message):
            record.msg, record.args = SERVING.sub(r"Serving the archive on \1 (Ctrl-C to stop)", message), ()
        elif message.startswith(DIRTY_WARNING):
            self.builds += 1
            if self.builds == 1:  # the first build has nothing to reuse: every page is built
                return False
            record.msg, record.args = "Rebuilding only the pages whose Markdown changed.", ()
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


class _ServeFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        message = super().format(record)
        return message if record.levelno < logging.WARNING else f"{record.levelname}: {message}"


def _show_mkdocs_messages() -> None:
    """Print MkDocs' messages (and the live site's, under `mkdocs.`) from INFO up on stderr.
    MkDocs' own command line would set this up; serve calls MkDocs' library directly."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_ServeFormatter())
    handler.addFilter(_ServeMessages())
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False  # printed once, whatever the root logger does


@main.command()
@project_option
@content_option
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
def serve(root: Path, content: Path | None, dev_addr: str) -> None:
    """Preview the site, regenerating and reloading when records, vocabularies or templates change."""
    # MkDocs' server runs threads, and forking a process that has threads can leave the child
    # waiting forever on a lock another thread held: from here on, generation never forks.
    forbid_forking()
    from generator.live_site import serve_live

    project = Project.at(root, content)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    project.site.docs_dir.mkdir(parents=True, exist_ok=True)  # MkDocs checks it exists before generation fills it
    _show_mkdocs_messages()
    # The preview's temporary site folder is removed when serve is interrupted; a service
    # manager's SIGTERM would otherwise leave one behind in the temp folder on every run.
    signal.signal(signal.SIGTERM, _stop_like_ctrl_c)
    # Stopped during the first build, before the server would catch it, serve still exits 0.
    with contextlib.suppress(KeyboardInterrupt):
        serve_live(project, dev_addr)
