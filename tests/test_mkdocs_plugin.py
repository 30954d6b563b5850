"""The site's MkDocs plugins. `archive-markdown` converts pages as Python-Markdown with the
toc extension did (links to pages as site URLs, ids, permalinks, table of contents, title),
and a link to a missing page still fails a strict build. `archive-memory` saves memory:
a page's Markdown goes once rendered, its HTML is held compressed until the page is
written, and nothing of either is left after."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import zstandard
from hypothesis import given
from hypothesis import strategies as st
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from generator.mkdocs_markdown import SiteLinks
from generator.packing import unpack

CONFIG = """\
site_name: Plugin check
strict: true
theme: mkdocs
plugins: [archive-markdown, archive-memory]
"""


def mkdocs_build(tmp_path: Path, pages: dict[str, str]) -> subprocess.CompletedProcess[str]:
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    for name, text in pages.items():
        (tmp_path / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / name).write_text(text, encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(tmp_path / "mkdocs.yml")],
                          capture_output=True, text=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))


def test_pages_are_converted_with_links_ids_permalinks_toc_and_title(tmp_path: Path) -> None:
    result = mkdocs_build(tmp_path, {
        "a.md": "# A &amp; B\n\nSee [z](z.md#later) and [here](#present).\n\n<a id=\"present\" class=\"x\"></a>Text\n\n"
                "## <a id=\"two\"></a>Second\n\n### Third part\n",
        "sub/z.md": "# Z\n\nBack to [a](../a.md).\n",
        "z.md": "# Z\n\n<a id=\"later\"></a>Later\n",
    })
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "a" / "index.html").read_text(encoding="utf-8")
    assert '<p id="present" class="x">Text</p>' in html
    assert 'href="../z/#later"' in html and 'href="#present"' in html
    permalink = '<a class="headerlink" href="#{0}" title="Permanent link">&para;</a>'
    assert '<h1 id="a-b">A &amp; B' + permalink.format("a-b") + "</h1>" in html  # id from the text, as toc made it
    assert '<h2 id="two">Second' + permalink.format("two") + "</h2>" in html
    assert '<h3 id="third-part">' in html
    assert "<title>A &amp; B - Plugin check</title>" in html
    assert '<a href="#two" class="nav-link">Second</a>' in html  # the theme's table of contents
    nested = (tmp_path / "site" / "sub" / "z" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../a/"' in nested


def test_a_link_to_a_missing_page_fails_the_strict_build(tmp_path: Path) -> None:
    result = mkdocs_build(tmp_path, {"a.md": "# A\n\n[gone](gone.md#x) [fine](b.md)\n", "b.md": "# B\n",
                                     "c.md": "# C\n\n[gone](gone.md#x)\n"})
    assert result.returncode != 0
    for page in ("a.md", "c.md"):  # each page with the link, though its target is looked up once
        assert f"Doc file '{page}' contains a link 'gone.md#x', but the target 'gone.md' is not found" in result.stderr
    assert "'b.md'" not in result.stderr


segments = st.lists(st.sampled_from(["a", "b", "c", "x.y", "index.html", ".."]), max_size=4).map("/".join)


@given(target=segments, trailing=st.booleans(), page=segments, page_trailing=st.booleans())
def test_links_are_relative_exactly_as_mkdocs_makes_them(target: str, trailing: bool, page: str,
                                                         page_trailing: bool) -> None:
    target_url = target + ("/" if trailing and target else "")
    page_url = page + ("/" if page_trailing and page else "")
    links = SiteLinks({"t.md": target_url})
    assert links.rewriter("p.md", page_url)("t.md#f") == get_relative_url(target_url, page_url) + "#f"


@given(target=segments, pages=st.lists(segments, min_size=2, max_size=6))
def test_pages_of_one_folder_get_their_own_relative_links(target: str, pages: list[str]) -> None:
    # One SiteLinks for all, as in a build: what it works out for one page must not be
    # reused for a sibling the answer differs for (a target under the sibling's own URL).
    links = SiteLinks({"t.md": target + "/" if target else ""})
    for page in pages:
        page_url = page + "/" if page else ""
        assert links.rewriter("p.md", page_url)("t.md") == get_relative_url(links.urls["t.md"], page_url)


class _Rendered(BasePlugin):  # type: ignore[type-arg]
    """Runs before archive-memory on each page's HTML: what MkDocs rendered, and its Markdown."""

    def __init__(self) -> None:
        self.html: dict[str, str] = {}
        self.markdown: dict[str, str] = {}

    @event_priority(100)
    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        self.html[page.file.src_uri] = html
        self.markdown[page.file.src_uri] = page.markdown or ""
        return html


class _Held(BasePlugin):  # type: ignore[type-arg]
    """Runs after archive-memory at each step, and records what every page still holds."""

    def __init__(self) -> None:
        self.after_content: dict[str, tuple[str, str]] = {}
        """(HTML handed on, page.markdown) once every on_page_content has run."""
        self.before_writing: dict[str, tuple[str | None, str | None, list[bytes]]] = {}
        """(content, markdown, bytes held) of every page once all are rendered and none is written yet."""
        self.in_context: dict[str, str] = {}
        self.written: dict[str, tuple[str, str | None, str | None]] = {}
        """(output, content, markdown) once each page's on_post_page has run."""
        self.at_end: dict[str, tuple[str | None, str | None, list[bytes]]] = {}
        self.pages: list[Page] = []

    @event_priority(-100)
    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        self.after_content[page.file.src_uri] = (html, page.markdown or "")
        return html

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        # Between the last on_page_content and the first on_page_context: what MkDocs keeps of each page.
        self.pages = [f.page for f in files.documentation_pages() if f.page]
        self.before_writing = {page.file.src_uri: _held(page) for page in self.pages}
        return env

    @event_priority(-100)
    def on_page_context(self, context: Any, /, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        self.in_context[page.file.src_uri] = page.content or ""
        return context

    @event_priority(-100)
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        self.written[page.file.src_uri] = (output, page.content, page.markdown)
        return output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.at_end = {page.file.src_uri: _held(page) for page in self.pages}


def _held(page: Any) -> tuple[str | None, str | None, list[bytes]]:
    """A page's content and Markdown, and every bytes value it holds (whatever the plugin names it)."""
    return page.content, page.markdown, [v for v in vars(page).values() if isinstance(v, bytes) and v]


def test_page_memory_is_released_and_the_html_is_held_compressed(tmp_path: Path) -> None:
    # Pages long enough that compression shows; each with its own words, so no two are alike.
    paragraph = "The youth offending team assessed the risk of harm in {n} of 30 cases. "
    pages = {f"page-{n}.md": f"# Page {n}\n\n" + "\n\n".join(paragraph.format(n=n) * 5 for _ in range(20)) + "\n"
             for n in range(4)}
    pages["sub/nested.md"] = "# Nested\n\nSee [page 0](../page-0.md).\n\n" + paragraph.format(n="all") * 20 + "\n"
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    for name, text in pages.items():
        (tmp_path / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / name).write_text(text, encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    assert list(config.plugins) == ["archive-markdown", "archive-memory"]
    rendered, held = _Rendered(), _Held()
    config.plugins["test-rendered"] = rendered
    config.plugins["test-held"] = held
    build(config)

    assert sorted(rendered.html) == sorted(pages)
    for name in pages:
        html = rendered.html[name]
        assert html and rendered.markdown[name]
        # Once rendered, the Markdown is dropped and no plain HTML is handed on.
        assert held.after_content[name] == ("", ""), name
        # Until the page is written, MkDocs holds neither its Markdown nor its HTML as text,
        # only the HTML compressed.
        content, markdown, kept = held.before_writing[name]
        assert not content and not markdown, name
        packed = [b for b in kept if _inflates_to(b, html)]
        assert packed and len(packed[0]) < len(html.encode("utf-8")), name
        # The theme gets the HTML back whole to write the page...
        assert held.in_context[name] == html, name
        output, content, markdown = held.written[name]
        assert html in output
        assert output == (tmp_path / "site" / name.replace(".md", "/index.html")).read_text(encoding="utf-8")
        # ...and once it is written, nothing of it is left on the page.
        assert not content and not markdown, name
        content, markdown, kept = held.at_end[name]
        assert not content and not markdown and not kept, name  # the compressed copy is let go too


def _inflates_to(data: bytes, html: str) -> bool:
    try:
        return unpack(data).decode("utf-8") == html
    except zstandard.ZstdError:
        return False
