"""MkDocs plugin `archive-memory`: let each page's Markdown and HTML go once it is written.

MkDocs keeps every page's source and rendered HTML until the whole build ends; with tens
of thousands of record pages that is gigabytes. Nothing reads them after the page is
written (the search plugin, which would, is off: search is Pagefind's, built afterwards).
"""
from __future__ import annotations

from typing import Any

from mkdocs.plugins import BasePlugin


class ReleasePageMemory(BasePlugin):  # type: ignore[type-arg]
    def on_post_page(self, output: str, /, *, page: Any, config: Any) -> str:
        page.markdown = ""
        page.content = ""
        return output
