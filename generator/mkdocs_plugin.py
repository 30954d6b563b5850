"""MkDocs plugin `archive-memory`: keep MkDocs' memory flat as the archive grows.

MkDocs renders every page's Markdown to HTML before it writes any page (so that titles and
anchors are known everywhere), and keeps each page's source and HTML until the build ends.
With tens of thousands of record pages that is gigabytes. This plugin drops the Markdown
once rendered, keeps the HTML zlib-compressed (about a sixth of its size) until the page is
written, and drops it after. Nothing else reads them in between: the search plugin, which
would, is off (search is Pagefind's, built afterwards).

MkDocs also keeps every link to an anchor until the end of the build, to check them then
(about 200 bytes each, and theme pages link to every tagged paragraph). A link to a page
already rendered is checked as soon as its page is rendered instead, by the same test MkDocs
applies; only the links it cannot check yet, or that fail, are left for MkDocs to check and
report as usual.
"""
from __future__ import annotations

import zlib
from typing import Any

from mkdocs.plugins import BasePlugin

_PACKED = "_archive_packed_html"


class ReleasePageMemory(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    def on_page_content(self, html: str, /, *, page: Any, config: Any, files: Any) -> str:
        setattr(page, _PACKED, zlib.compress(html.encode("utf-8"), 1))
        page.markdown = ""
        if page.links_to_anchors:
            page.links_to_anchors = unresolved_anchor_links(page.links_to_anchors)
        return ""

    def on_page_context(self, context: Any, /, *, page: Any, config: Any, nav: Any) -> Any:
        packed = getattr(page, _PACKED, None)
        if packed is not None:
            page.content = zlib.decompress(packed).decode("utf-8")
            setattr(page, _PACKED, None)
        return context

    def on_post_page(self, output: str, /, *, page: Any, config: Any) -> str:
        page.content = ""
        return output


def unresolved_anchor_links(links: dict[Any, dict[str, str]]) -> dict[Any, dict[str, str]]:
    """`links` less those whose target page is rendered and has the anchor (the links that
    Page.validate_anchor_links would pass at the end of the build)."""
    left = {}
    for target, anchors in links.items():
        present = target.page.present_anchor_ids if target.page is not None else None
        if present is None:  # not rendered yet: MkDocs checks it at the end
            left[target] = anchors
            continue
        missing = {anchor: link for anchor, link in anchors.items() if anchor not in present}
        if missing:
            left[target] = missing
    return left
