"""Every internal link of the staged site leads somewhere: the file exists and, for a link to
an anchor, the page has an element with that id.

This is checked on the HTML MkDocs wrote, so it covers what MkDocs' own validation never
saw: links in raw HTML (templates, theme overrides) as well as those written in Markdown,
whose pages are converted outside Python-Markdown (generator/mkdocs_markdown.py). Pages are
read twice, in parallel where the site is large: once for their ids, once for their links.
"""
from __future__ import annotations

import html
import os
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from generator.parallel import parallel_map

# A link of any element that loads or leads somewhere, its value quoted either way or not at
# all (templates and overrides are hand-written HTML; MkDocs writes double quotes).
_LINK = re.compile(rb'<(?:a|area|link|img|script|source|iframe|video|audio|track|embed|object|form)\b[^>]*?'
                   rb'\s(?:href|src|poster|data|action)\s*=\s*(?:"([^"]*)"|\'([^\']*)\'|([^\s"\'>]+))')
_IDS = (re.compile(rb' id="([^"]*)"'), re.compile(rb' name="([^"]*)"'))  # literal first: scans fast
SKIPPED_FOLDERS = ("pagefind/",)  # the search index: written after the check, by Pagefind
BATCH = 64


@dataclass(frozen=True)
class BrokenLink:
    page: str
    link: str
    problem: str

    def __str__(self) -> str:
        return f"{self.page}: link '{self.link}' {self.problem}"


def broken_links(site: Path) -> list[BrokenLink]:
    """Every internal link in the HTML pages of `site` that does not resolve, page by page."""
    files = set(_files(site))
    pages = sorted(p for p in files if p.endswith(".html"))
    ids = dict(zip(pages, parallel_map(lambda page: _ids_of(site / page), pages, batch=BATCH), strict=True))
    checker = _Checker(site, files, ids)
    return [broken for found in parallel_map(checker.check, pages, batch=BATCH) for broken in found]


def _files(site: Path) -> Iterator[str]:
    for folder, subfolders, names in os.walk(site):
        relative = Path(folder).relative_to(site).as_posix()
        prefix = "" if relative == "." else relative + "/"
        subfolders[:] = [name for name in subfolders if prefix + name + "/" not in SKIPPED_FOLDERS]
        yield from (prefix + name for name in names)


def _ids_of(page: Path) -> frozenset[str]:
    text = page.read_bytes()
    return frozenset(_text(found) for pattern in _IDS for found in pattern.findall(text))


def _text(value: bytes) -> str:
    text = value.decode("utf-8")
    return html.unescape(text) if "&" in text else text


@dataclass
class _Checker:
    site: Path
    files: set[str]
    ids: dict[str, frozenset[str]]
    _resolved: dict[tuple[str, str], str | None] = field(default_factory=dict)

    def check(self, page: str) -> list[BrokenLink]:
        return list(self._broken(page))

    def _broken(self, page: str) -> Iterator[BrokenLink]:
        folder = posixpath.dirname(page)
        # Hundreds of links a page: the common cases are decided without urlsplit.
        for quoted, single_quoted, bare in set(_LINK.findall((self.site / page).read_bytes())):
            link = _text(quoted or single_quoted or bare)
            if ":" in link.partition("/")[0] or link.startswith("//"):
                continue  # another site, mailto: and the like
            path, _, fragment = link.partition("#")
            path = path.partition("?")[0]
            # Absolute paths are the site's own: MkDocs writes them in 404.html, which is
            # served at any address.
            start = "" if path.startswith("/") else folder
            target = self._target(start, (unquote(path) if "%" in path else path).lstrip("/")) if path else page
            if target is None:
                yield BrokenLink(page, link, "leads to nothing in the site")
            elif fragment and target in self.ids:
                anchor = unquote(fragment) if "%" in fragment else fragment
                if anchor not in self.ids[target]:
                    yield BrokenLink(page, link, f"leads to {target}, which has no anchor '{anchor}'")

    def _target(self, folder: str, path: str) -> str | None:
        # Climbing out of the page's own folder first makes most links alike across pages
        # ("../../authorities/x/" from any record), so their resolution is cached.
        ups = 0
        while path.startswith("../", 3 * ups):
            ups += 1
        if ups:
            parts = folder.split("/") if folder else []
            if ups > len(parts):
                return None
            folder, path = "/".join(parts[:len(parts) - ups]), path[3 * ups:]
        key = (folder, path)
        if key not in self._resolved:
            self._resolved[key] = self._resolve(folder, path)
        return self._resolved[key]

    def _resolve(self, folder: str, path: str) -> str | None:
        target = posixpath.normpath(posixpath.join(folder, path))
        if target.startswith("../") or target == "..":
            return None
        for candidate in (target, posixpath.join(target, "index.html")):
            candidate = posixpath.normpath(candidate).removeprefix("./")
            if candidate in self.files:
                return candidate
        return None
