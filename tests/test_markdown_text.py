from __future__ import annotations

import html

import markdown
import pytest
import yaml
from conftest import REPO
from markdown_it import MarkdownIt

from generator.markdown_text import ESCAPED_CHARS, escape_inline, escape_paragraphs


def site_markdown() -> markdown.Markdown:
    """A Markdown converter with exactly the extensions mkdocs.yml configures."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    names, configs = [], {}
    for entry in config["markdown_extensions"]:
        if isinstance(entry, dict):
            (name, options), = entry.items()
            names.append(name)
            configs[name] = options
        else:
            names.append(entry)
    return markdown.Markdown(extensions=names, extension_configs=configs)


def test_escape_set_matches_the_site_markdown_extensions() -> None:
    # If an extension added to mkdocs.yml gives meaning to new characters, this fails:
    # escape_inline must then learn them, or record text could become markup.
    assert set(site_markdown().ESCAPED_CHARS) == set(ESCAPED_CHARS)


@pytest.mark.parametrize("text", [
    "<script>alert(1)</script>", "# heading", "| a | b |", "[x](javascript:alert(1))", "{: #id onclick=x }",
    "1. list", "- item", "> quote", "*em* __strong__", "`code`", "&amp; &lt;", "a\\b", "line\n===",
    "    indented code", "<http://example.org>", "![img](x.png)", "50% - 79%", "Q&A 5 < 6 > 4", "!!! note",
])
def test_escaped_text_renders_as_exactly_the_text(text: str) -> None:
    rendered = site_markdown().convert(escape_inline(text))
    assert rendered.startswith("<p>") and rendered.endswith("</p>")
    inner = rendered[3:-4]
    assert "<" not in inner and ">" not in inner, rendered  # no element of any kind
    assert html.unescape(inner) == " ".join(text.split())


def test_escaped_text_is_a_single_text_paragraph_for_commonmark_too() -> None:
    tokens = MarkdownIt("commonmark").parse(escape_inline("# x <b>y</b> [l](javascript:1) | a |"))
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    assert [c.type for c in tokens[1].children] == ["text"]


def test_paragraphs_are_split_on_blank_lines_only() -> None:
    assert escape_paragraphs("one\nline\n\n two ") == "one line\n\ntwo"
