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
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from mkdocs.exceptions import ConfigurationError
from mkdocs.utils.yaml import yaml_load

from generator.errors import BuildError
from generator.link_check import broken_links
from generator.publication import Publication
from generator.search_index import build_search_index, searchable_pages
from generator.url_register import add_to_register, published_addresses, read_register

SHOWN_BROKEN_LINKS = 20
URL_REGISTER = "published-urls.txt"


@dataclass(frozen=True)
class SiteConfig:
    config_file: Path
    docs_dir: Path
    site_dir: Path
    publication: Publication

    @property
    def url_register(self) -> Path:
        """The committed list of every URL the site has published (see url_register)."""
        return self.config_file.parent / URL_REGISTER


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
    site_url = data.get("site_url")
    if not isinstance(site_url, str) or not site_url.startswith(("https://", "http://")):
        raise BuildError(f"{config_file}: site_url must be the site's permanent address, e.g. "
                         f"'https://example.org/archive/' (got {site_url!r}): feeds and citations use it")
    site_url = site_url if site_url.endswith("/") else site_url + "/"
    folders = {}
    for name, default in (("docs_dir", "docs"), ("site_dir", "site")):
        value = data.get(name, default)
        if not isinstance(value, str) or not value:
            raise BuildError(f"{config_file}: {name} must be a folder name (got {value!r})")
        folders[name] = base / value
    publication = Publication(site_url, str(data.get("site_name", "")))
    return SiteConfig(config_file.resolve(), folders["docs_dir"], folders["site_dir"], publication)


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
        raise BuildError(f"{len(broken)} broken link{'s' if len(broken) != 1 else ''} in the built site; the previous "
                         f"site in {config.site_dir} was left as it was.\n{first_lines(map(str, broken))}")
    published = published_addresses(staging)
    missing = sorted(read_register(config.url_register) - published)
    if missing:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(disappearing_message(missing, config))
    started = time.perf_counter()
    try:
        build_search_index(staging, searchable_pages(config.docs_dir))
    except BuildError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(f"{error.message}\nThe previous site in {config.site_dir} was left as it was.") from None
    search_seconds = time.perf_counter() - started
    swap_into_place(staging, config.site_dir)
    add_to_register(config.url_register, published)
    return SiteTimings(mkdocs_seconds, links_seconds, search_seconds)


def first_lines(items: Iterable[str], indent: str = "") -> str:
    """The first SHOWN_BROKEN_LINKS items, one a line, and how many more there are."""
    items = list(items)
    lines = [indent + item for item in items[:SHOWN_BROKEN_LINKS]]
    if len(items) > SHOWN_BROKEN_LINKS:
        lines.append(f"{indent}… and {len(items) - SHOWN_BROKEN_LINKS} more")
    return "\n".join(lines)


def disappearing_message(missing: list[str], config: SiteConfig) -> str:
    shown = first_lines(missing, indent="  ")
    count = f"{len(missing)} published address{'es' if len(missing) != 1 else ''}"
    return (f"{count} would disappear ({config.url_register.name} lists every address the site has published):\n"
            f"{shown}\n"
            "Addresses are permanent. If an authority, theme, person, programme or framework was renamed, list its "
            "old key under `formerly:` in its entry; if a record's id changed, or records were merged, list the "
            "old id under `formerly:` in the record that replaces it. Each old address then leads to the new one. "
            f"To withdraw a page on purpose, remove its line from {config.url_register.name} in the same commit.\n"
            f"The previous site in {config.site_dir} was left as it was.")


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
