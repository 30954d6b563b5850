"""Run MkDocs in strict mode, check the links, index for search, and publish atomically.

`mkdocs build --strict` empties its site folder first and writes a broken site before
it reports warnings, so we build into a fresh folder beside `site/` and swap it into
place only when MkDocs succeeds and every internal link of the result resolves. A failed
build leaves the previous site untouched.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from mkdocs.exceptions import ConfigurationError
from mkdocs.utils.yaml import yaml_load

from generator.errors import BuildError
from generator.link_check import broken_links
from generator.search_index import build_search_index, searchable_pages

SHOWN_BROKEN_LINKS = 20


@dataclass(frozen=True)
class SiteConfig:
    config_file: Path
    docs_dir: Path
    site_dir: Path


def read_site_config(config_file: Path) -> SiteConfig:
    """The folders mkdocs.yml names, resolved against the file's own folder. Read with MkDocs'
    own YAML loader, so `!ENV`, `INHERIT` and MkDocs' other tags mean what they mean to MkDocs.
    (Its full config loader is not used: it insists that the docs folder, which generation
    creates, already exists.)"""
    if not config_file.is_file():
        raise BuildError(f"{config_file}: MkDocs configuration not found")
    try:
        with config_file.open("rb") as handle:
            data = yaml_load(handle)
    except ConfigurationError as error:
        raise BuildError(f"{config_file}: {error}") from None
    base = config_file.resolve().parent
    folders = {}
    for name, default in (("docs_dir", "docs"), ("site_dir", "site")):
        value = data.get(name, default)
        if not isinstance(value, str) or not value:
            raise BuildError(f"{config_file}: {name} must be a folder name (got {value!r})")
        folders[name] = base / value
    return SiteConfig(config_file.resolve(), folders["docs_dir"], folders["site_dir"])


@dataclass(frozen=True)
class SiteTimings:
    mkdocs_seconds: float
    links_seconds: float
    search_seconds: float


def build_site(config: SiteConfig) -> SiteTimings:
    """Build with `mkdocs build --strict` into a temporary folder, check its links, index it
    for search, then swap it in."""
    parent = config.site_dir.parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=parent, prefix=".site-build-"))
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean",
               "--config-file", str(config.config_file), "--site-dir", str(staging)]
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    mkdocs_seconds = time.perf_counter() - started
    if result.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        messages = [line for line in (result.stderr + result.stdout).splitlines()
                    if line.startswith(("WARNING", "ERROR", "Error", "Aborted"))]
        detail = "\n".join(messages) or (result.stderr or result.stdout).strip()
        raise BuildError(f"MkDocs failed; the previous site in {config.site_dir} was left as it was.\n{detail}")
    started = time.perf_counter()
    broken = broken_links(staging)
    links_seconds = time.perf_counter() - started
    if broken:
        shutil.rmtree(staging, ignore_errors=True)
        shown = "\n".join(str(link) for link in broken[:SHOWN_BROKEN_LINKS])
        more = f"\n… and {len(broken) - SHOWN_BROKEN_LINKS} more" if len(broken) > SHOWN_BROKEN_LINKS else ""
        raise BuildError(f"{len(broken)} broken link{'s' if len(broken) != 1 else ''} in the built site; the previous "
                         f"site in {config.site_dir} was left as it was.\n{shown}{more}")
    started = time.perf_counter()
    try:
        build_search_index(staging, searchable_pages(config.docs_dir))
    except BuildError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(f"{error.message}\nThe previous site in {config.site_dir} was left as it was.") from None
    search_seconds = time.perf_counter() - started
    swap_into_place(staging, config.site_dir)
    return SiteTimings(mkdocs_seconds, links_seconds, search_seconds)


def swap_into_place(staging: Path, site_dir: Path) -> None:
    """Replace `site_dir` with `staging` using renames, so readers never see a half site."""
    old = None
    if site_dir.exists():
        old = Path(tempfile.mkdtemp(dir=site_dir.parent, prefix=".site-old-"))
        os.rmdir(old)
        os.rename(site_dir, old)
    try:
        os.rename(staging, site_dir)
    except OSError:
        if old is not None:
            os.rename(old, site_dir)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
