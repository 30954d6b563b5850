"""MkDocs plugin `archive-markdown`: pages are converted by markdown-it-pyrs, not Python-Markdown.

Each page's `render` (MkDocs' Page.render, which runs Python-Markdown) is replaced on the
page before MkDocs reads it, by one that converts the same Markdown with
generator/markdown_html.py and sets what Page.render sets: the HTML, the table of contents,
the title from an opening h1 and the page's anchor ids. Relative links to `.md` files become
site URLs as MkDocs makes them, and a link to a missing page is a warning, so strict mode
still fails on it. Links to anchors, in Markdown and in raw HTML alike, are checked on the
staged site by generator/link_check.py.
"""
from __future__ import annotations

import functools
import logging
import posixpath
from collections.abc import Callable
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from generator.markdown_html import render_markdown, toc_tokens

log = logging.getLogger("mkdocs.plugins.archive-markdown")
_PAGE, _LINK = "\x00page\x00", "\x00link\x00"  # stand for the page and its link in a cached warning


class ArchiveMarkdown(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    def __init__(self) -> None:
        self.links: SiteLinks | None = None

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.links = SiteLinks({file.src_uri: file.url for file in files})  # the files are final here
        return nav

    def on_pre_page(self, page: Page, /, *, config: MkDocsConfig, files: Files) -> Page:
        page.render = functools.partial(self.render_page, page)  # type: ignore[method-assign]
        return page

    def render_page(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        """What Page.render does, with markdown-it-pyrs."""
        if page.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        assert self.links is not None, "MkDocs calls on_nav before it renders any page"
        rendered = render_markdown(page.markdown, self.links.rewriter(page.file.src_uri, page.file.url))
        page.content = rendered.html
        page.toc = get_toc(toc_tokens(rendered.headings))
        page._title_from_render = rendered.title
        page.present_anchor_ids = rendered.ids
        page.links_to_anchors = {}


class _Warning(NamedTuple):
    """The warning MkDocs gives for a link, with _PAGE for the page and _LINK for the link."""

    message: str


class _Target(NamedTuple):
    parts: list[str]  # the target's URL, split
    trailing_slash: bool
    query: str


class SiteLinks:
    """Relative links as written in the Markdown, made into site URLs as MkDocs makes them
    (mkdocs.utils.get_relative_url), with what repeats across pages worked out once: a
    record page's links are the same few targets as its neighbours'."""

    def __init__(self, urls: dict[str, str]) -> None:
        self.urls = urls  # src_uri -> url of every file in the site
        self._links: dict[tuple[str, tuple[str, ...]], dict[str, str | _Target | _Warning | None]] = {}
        """(folder of the Markdown, parent folder of the page's URL) -> {link without its
        fragment: what it becomes}. Sibling pages (inspections/a/, inspections/b/) share a
        link's site URL when the target lies outside their parent folder; a target inside it
        is kept, to be made relative for each page; a warning is given for every page; None
        leaves the link as it is."""

    def rewriter(self, src_uri: str, page_url: str) -> Callable[[str], str]:
        folder = posixpath.dirname(src_uri)
        dirname, _, basename = page_url.rpartition("/")
        page_parts = _parts(dirname if "." in basename else page_url)
        parent = page_parts[:-1]
        links = self._links.setdefault((folder, tuple(parent)), {})

        def site_url(url: str) -> str:
            if url.startswith("#") or ":" in url.partition("/")[0]:
                return url  # an anchor on this page, or another site
            path, hash_, fragment = url.partition("#")
            if path in links:
                known = links[path]
            else:
                known = links[path] = self._resolve(folder, path, page_parts, parent)
            if type(known) is str:
                return known + hash_ + fragment
            if isinstance(known, _Target):
                return _relative(page_parts, known) + hash_ + fragment
            if isinstance(known, _Warning):
                log.warning(known.message.replace(_PAGE, src_uri).replace(_LINK, url))
            return url

        return site_url

    def _resolve(self, folder: str, url: str, page_parts: list[str],
                 parent: list[str]) -> str | _Target | _Warning | None:
        """What a link (without its fragment) becomes for the pages whose URLs have `parent`
        as their parent folder."""
        _, _, path, query, _ = urlsplit(url)
        if not path:
            return None
        if url.startswith(("/", "\\")):
            return _Warning(f"Doc file '{_PAGE}' contains an absolute link '{_LINK}', it was left as is.")
        target_uri = posixpath.normpath(posixpath.join(folder, unquote(path)).lstrip("/"))
        target_url = self.urls.get(target_uri)
        if target_url is None:
            return _Warning(f"Doc file '{_PAGE}' contains a link '{_LINK}', but the target '{target_uri}' "
                            "is not found among documentation files.")
        target = _Target(_parts(target_url), target_url.endswith("/"), "?" + query if query else "")
        if target.parts[:len(parent)] == parent:
            return target  # inside the parent folder: relative to each page on its own
        return _relative(page_parts, target)


def _relative(page_parts: list[str], target: _Target) -> str:
    common = 0
    for a, b in zip(page_parts, target.parts, strict=False):
        if a != b:
            break
        common += 1
    relative = "/".join([".."] * (len(page_parts) - common) + target.parts[common:]) or "."
    return relative + ("/" if target.trailing_slash else "") + target.query


def _parts(path: str) -> list[str]:
    path = posixpath.normpath("/" + path)[1:]
    return path.split("/") if path else []
