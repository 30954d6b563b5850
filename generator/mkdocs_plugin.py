"""MkDocs plugin `archive-memory`: keep MkDocs' memory flat as the archive grows.

MkDocs renders every page's Markdown to HTML before it writes any page (so that titles and
anchors are known everywhere), and keeps each page's source and HTML until the build ends.
With tens of thousands of record pages that is gigabytes. This plugin drops the Markdown
once rendered, keeps the HTML compressed (generator/packing.py: about a sixth of its size) until the page is
written, and drops it after. Nothing else reads them in between: the search plugin, which
would, is off (search is Pagefind's, built afterwards).
"""
from __future__ import annotations

from typing import Any

from mkdocs.plugins import BasePlugin

from generator.packing import pack, unpack

_PACKED = "_archive_packed_html"


class ReleasePageMemory(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    def on_page_content(self, html: str, /, *, page: Any, config: Any, files: Any) -> str:
        setattr(page, _PACKED, pack(html.encode("utf-8")))
        page.markdown = ""
        return ""

    def on_page_context(self, context: Any, /, *, page: Any, config: Any, nav: Any) -> Any:
        packed = getattr(page, _PACKED, None)
        if packed is not None:
            page.content = unpack(packed).decode("utf-8")
            setattr(page, _PACKED, None)
        return context

    def on_post_page(self, output: str, /, *, page: Any, config: Any) -> str:
        page.content = ""
        return output

