"""The `inspection-archive` command: a thin shell over the library."""
from __future__ import annotations

import datetime as dt
import os
import signal
from pathlib import Path

import click

from generator.archive import load_archive
from generator.listing import Listing
from generator.pipeline import Project, build as build_project, generate as generate_project
from generator.scaffold import new_record
from generator.schema_doc import schema_json

project_option = click.option(
    "--project", "root", type=click.Path(path_type=Path, file_okay=False, exists=True), default=Path("."),
    show_default=True, help="Project folder holding mkdocs.yml and content/.")
content_option = click.option(
    "--content", type=click.Path(path_type=Path, file_okay=False), default=None,
    help="Folder of curated records and vocabularies [default: PROJECT/content].")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="inspection-archive")
def main() -> None:
    """Validate the curated inspection records and publish them as a static site."""


@main.command()
@project_option
@content_option
def check(root: Path, content: Path | None) -> None:
    """Validate every record and vocabulary; list every problem with its location."""
    archive = load_archive(content or root / "content", lambda _: Listing.of)  # keep little: only counted
    click.echo(f"{len(archive.inspections)} inspection records and their vocabularies are valid.")


@main.command()
@project_option
@content_option
def generate(root: Path, content: Path | None) -> None:
    """Validate, then write the site's Markdown into the generated docs folder (no MkDocs)."""
    report = generate_project(Project.at(root, content))
    w = report.written
    click.echo(f"{report.pages} pages: {w.written} written, {w.unchanged} unchanged, {w.removed} removed "
               f"in {report.seconds:.2f}s.")


@main.command()
@project_option
@content_option
def build(root: Path, content: Path | None) -> None:
    """Validate, generate the Markdown, build the site with MkDocs (strict) and publish it atomically."""
    project = Project.at(root, content)
    report = build_project(project)
    w = report.written
    click.echo(f"{report.records} inspections, {report.pages} pages "
               f"({w.written} written, {w.unchanged} unchanged, {w.removed} removed); "
               f"generated in {report.generate_seconds:.2f}s, MkDocs built in {report.mkdocs_seconds:.2f}s, "
               f"search indexed in {report.search_seconds:.2f}s, into {project.site.site_dir}.")


@main.command()
@project_option
@content_option
@click.argument("authority")
@click.argument("start", type=click.DateTime(formats=["%Y-%m-%d"]))
def new(root: Path, content: Path | None, authority: str, start: dt.datetime) -> None:
    """Scaffold a record for AUTHORITY (a key of authorities.yml) whose fieldwork began on START (YYYY-MM-DD)."""
    project = Project.at(root, content)
    path = new_record(project.root, project.content, authority, start.date(), project.templates)
    click.echo(f"Created {path}. Fill it in, then run: inspection-archive check")


@main.command()
def schema() -> None:
    """Print the JSON Schema of an inspection record (the committed copy is schema/inspection.schema.json)."""
    click.echo(schema_json(), nl=False)


def _stop_like_ctrl_c(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@main.command()
@project_option
@content_option
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
def serve(root: Path, content: Path | None, dev_addr: str) -> None:
    """Preview the site, regenerating and reloading when records, vocabularies or templates change."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    from generator.serve_hook import CONTENT_ENV, PROJECT_ENV

    project = Project.at(root, content)
    os.environ[PROJECT_ENV] = str(project.root)
    os.environ[CONTENT_ENV] = str(project.content)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    project.site.docs_dir.mkdir(parents=True, exist_ok=True)  # MkDocs checks it exists; the hook fills it
    hook = Path(__file__).with_name("serve_hook.py")
    # MkDocs removes its temporary site folder only when stopped by Ctrl-C; a service manager's
    # SIGTERM would otherwise leave one behind in the temp folder on every run.
    signal.signal(signal.SIGTERM, _stop_like_ctrl_c)
    # "dirty" rebuilds only pages whose Markdown changed; the generator rewrites only those.
    mkdocs_serve(config_file=str(project.site.config_file), dev_addr=dev_addr, strict=False, build_type="dirty",
                 hooks=[str(hook)], watch=[str(project.content), str(project.templates)])
