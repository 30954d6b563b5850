"""The site's Markdown to HTML, with a compiled CommonMark engine (markdown-it-pyrs).

Python-Markdown took nine tenths of MkDocs' time converting the pages the generator had
just written. markdown-it-pyrs (the Rust port of markdown-it, by markdown-it-py's maintainer)
converts the same CommonMark tens of times faster. This module turns its output into what
MkDocs and Material expect from Python-Markdown with the `toc` extension: heading ids, a
permalink in each heading, the table of contents and the page title.

Ids are written in CommonMark as an empty anchor opening a block, which any CommonMark
renderer keeps:

    ## <a id="summary"></a>Summary
    <a id="p-3-2" class="numbered-paragraph"></a>[3.2](#p-3-2 "Link to paragraph 3.2") Text …

and are moved here onto the block they open (`<h2 id="summary">`, `<p id="p-3-2"
class="numbered-paragraph">`). Record text cannot take part: `<` in it is always escaped
(generator/markdown_text.py), so an anchor can only come from a template.
"""
from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from markdown.extensions.toc import nest_toc_tokens, slugify, unique
from markdown_it_pyrs import MarkdownIt

# CommonMark (raw HTML allowed: only templates write it) plus GFM tables. Nothing else:
# strikethrough, linkify and typographic replacements would change what record text shows.
_ENGINE = MarkdownIt("commonmark").enable("table")

_BLOCK_ANCHOR = re.compile(r'<(h[1-6]|p|li)><a ((?:[a-z-]+="[^"<>]*" ?)+)></a>')
_HEADING = re.compile(r"<(h[1-6])((?: [a-z-]+=\"[^\"]*\")*)>(.*?)</\1>", re.DOTALL)
_ID = re.compile(r' id="([^"]*)"')
_TAG = re.compile(r"<[^>]*>")
_LINK = re.compile(r'(<(?:a|img) [^>]*?\b(?:href|src)=")([^"]*)(")')
PERMALINK = '<a class="headerlink" href="#{id}" title="Permanent link">&para;</a>'


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    name: str  # the heading's text, tags stripped, still HTML-escaped (as Python-Markdown's toc)


@dataclass
class RenderedPage:
    html: str
    headings: list[Heading]
    title: str | None  # the text of an h1 that opens the page, as MkDocs takes it
    ids: set[str] = field(default_factory=set)


def _unattribute(value: str) -> str:
    return html.unescape(value) if "&" in value else value


_NEEDS_ESCAPE = re.compile("[&<>\"']")


def _attribute(value: str) -> str:
    return html.escape(value) if _NEEDS_ESCAPE.search(value) else value


def strip_tags(text: str) -> str:
    return " ".join(_TAG.sub("", text).split())


def render_markdown(source: str, rewrite_url: Callable[[str], str] | None = None) -> RenderedPage:
    """Convert one page. `rewrite_url` maps each link and image target as written (MkDocs
    passes the page's relative `.md` links through it to make them site URLs)."""
    body = _BLOCK_ANCHOR.sub(r"<\1 \2>", _ENGINE.render(source))
    if rewrite_url is not None:
        body = _LINK.sub(lambda m: m[1] + _attribute(rewrite_url(_unattribute(m[2]))) + m[3], body)
    used_ids = set(_ID.findall(body))
    counters: dict[str, int] = {}
    headings: list[Heading] = []

    def with_id_and_permalink(match: re.Match[str]) -> str:
        tag, attributes, inner = match.groups()
        name = strip_tags(inner)
        explicit = _ID.search(attributes)
        if explicit:
            anchor = html.unescape(explicit.group(1))
        else:
            anchor = unique(slugify(html.unescape(name), "-"), used_ids, counters)
            attributes = f' id="{html.escape(anchor)}"' + attributes
        headings.append(Heading(int(tag[1]), anchor, name))
        permalink = PERMALINK.format(id=html.escape(anchor))
        return f"<{tag}{attributes}>{inner}{permalink}</{tag}>"

    body = _HEADING.sub(with_id_and_permalink, body)
    title = headings[0].name if body.startswith("<h1") and headings else None
    return RenderedPage(body, headings, title, used_ids | {h.id for h in headings})


def toc_tokens(headings: list[Heading]) -> Any:
    """The nested tokens Python-Markdown's toc extension leaves in `Markdown.toc_tokens`
    (MkDocs' get_toc reads them), nested by its own function."""
    return nest_toc_tokens([{"level": h.level, "id": h.id, "name": h.name} for h in headings])
