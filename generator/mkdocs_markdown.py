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
from urllib.parse import unquote, urlsplit, urlunsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

from generator.markdown_html import render_markdown, toc_tokens

log = logging.getLogger("mkdocs.plugins.archive-markdown")


class ArchiveMarkdown(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    def on_pre_page(self, page: Page, /, *, config: MkDocsConfig, files: Files) -> Page:
        page.render = functools.partial(render_page, page)  # type: ignore[method-assign]
        return page


def render_page(page: Page, config: MkDocsConfig, files: Files) -> None:
    """What Page.render does, with markdown-it-pyrs."""
    if page.markdown is None:
        raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
    rendered = render_markdown(page.markdown, functools.partial(site_url, page.file.src_uri, page.file.url, files))
    page.content = rendered.html
    page.toc = get_toc(toc_tokens(rendered.headings))
    page._title_from_render = rendered.title
    page.present_anchor_ids = rendered.ids
    page.links_to_anchors = {}


def site_url(src_uri: str, page_url: str, files: Files, url: str) -> str:
    """A link as written in the page at `src_uri`, as it must be in the built page."""
    scheme, netloc, path, query, fragment = urlsplit(url)
    if scheme or netloc or not path:  # external, or an anchor on this page
        return url
    if url.startswith(("/", "\\")):
        log.warning(f"Doc file '{src_uri}' contains an absolute link '{url}', it was left as is.")
        return url
    target_uri = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), unquote(path)).lstrip("/"))
    target = files.get_file_from_path(target_uri)
    if target is None:
        log.warning(f"Doc file '{src_uri}' contains a link '{url}', but the target '{target_uri}' "
                    "is not found among documentation files.")
        return url
    return urlunsplit(("", "", _relative_url(target.url, page_url), query, fragment))


@functools.lru_cache(maxsize=65536)  # the same few index pages are linked from every page
def _relative_url(target_url: str, page_url: str) -> str:
    return get_relative_url(target_url, page_url)

