"""Run MkDocs in strict mode, check the links, index for search, and publish atomically.

`mkdocs build --strict` empties its site folder first and writes a broken site before
it reports warnings, so we build into a fresh folder beside `site/` and swap it into
place only when MkDocs succeeds and every internal link of the result resolves. A failed
build leaves the previous site untouched.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from mkdocs.exceptions import ConfigurationError
from mkdocs.utils.yaml import yaml_load

from generator.errors import BuildError, describe_os_error
from generator.link_check import broken_links
from generator.publication import Publication
from generator.search_index import build_search_index, searchable_pages
from generator.site_swap import remove_leftovers, staging_folder, swap_into_place
from generator.url_register import add_to_register, published_addresses, read_register

SHOWN_BROKEN_LINKS = 20
OS_ERROR = re.compile(r"\w+Error: \[Errno (\d+)\] (.+?)(?:: '(.*?)'(?: -> '(.*)')?)?$")
"""How Python prints an OSError: `[Errno 28] No space left on device: 'from' -> 'to'`."""
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


def build_site(config: SiteConfig, lock_fd: int | None = None) -> SiteTimings:
    """Build with `mkdocs build --strict` into a staging folder, check its links, index it
    for search, then swap it in. Call it holding the build lock (`lock_fd`, handed on to
    MkDocs and Pagefind): it first clears away what killed builds left."""
    remove_leftovers(config.site_dir)
    staging = staging_folder(config.site_dir)
    try:
        timings = _build_into(staging, config, () if lock_fd is None else (lock_fd,))
        published = published_addresses(staging)
        missing = sorted(read_register(config.url_register) - published)
        if missing:
            raise BuildError(disappearing_message(missing, config))
        swap_into_place(staging, config.site_dir)
    except OSError as error:
        raise BuildError(f"Could not build the site: {describe_os_error(error)}\n"
                         f"Nothing was published: {_kept(config)}.") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # gone already once swapped in
    try:
        add_to_register(config.url_register, published)
    except OSError as error:
        raise BuildError(f"The site was published, but {config.url_register.name} could not be updated: "
                         f"{describe_os_error(error)}. Build again to add the new addresses.") from None
    return timings


def _build_into(staging: Path, config: SiteConfig, pass_fds: tuple[int, ...]) -> SiteTimings:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean",
               "--config-file", str(config.config_file), "--site-dir", str(staging)]
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False, pass_fds=pass_fds)
    mkdocs_seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise BuildError(f"MkDocs failed; {_kept(config)}.\n{mkdocs_problem(result.stderr + result.stdout)}")
    started = time.perf_counter()
    broken = broken_links(staging)
    links_seconds = time.perf_counter() - started
    if broken:
        raise BuildError(f"{len(broken)} broken link{'s' if len(broken) != 1 else ''} in the built site; "
                         f"{_kept(config)}.\n{first_lines(map(str, broken))}")
    started = time.perf_counter()
    try:
        build_search_index(staging, searchable_pages(config.docs_dir), pass_fds=pass_fds)
    except BuildError as error:
        raise BuildError(f"{error.message}\nNothing was published: {_kept(config)}.") from None
    return SiteTimings(mkdocs_seconds, links_seconds, time.perf_counter() - started)


def _kept(config: SiteConfig) -> str:
    return f"the previous site in {config.site_dir} was left as it was"


def mkdocs_problem(output: str) -> str:
    """What MkDocs said went wrong: its warnings and errors, or, when it crashed, the
    exception its traceback ends with (the traceback itself says nothing to a curator)."""
    lines = output.splitlines()
    if "Traceback (most recent call last):" in lines:
        crash = next((line for line in reversed(lines) if line and not line.startswith(" ")), "")
        cause = OS_ERROR.match(crash)
        if cause:
            number, reason, source, target = cause.groups()
            return describe_os_error(OSError(int(number), reason, target or source))  # a copy fails at its target
        return "\n".join(_messages(lines[:lines.index("Traceback (most recent call last):")]) + [crash])
    return "\n".join(_messages(lines)) or output.strip()


def _messages(lines: list[str]) -> list[str]:
    return [line for line in lines if line.startswith(("WARNING", "ERROR", "Error", "Aborted"))]


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
            f"Nothing was published: {_kept(config)}.")
