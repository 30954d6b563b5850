from __future__ import annotations

import html
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from generator.markdown_html import render_markdown
from generator.markdown_text import escape_inline, escape_paragraphs


def site_html(markdown_text: str) -> str:
    """HTML as the site makes it: generator/markdown_html.py, which the archive-markdown plugin runs."""
    return render_markdown(markdown_text).html.strip()


PUNCTUATION = string.punctuation  # every character CommonMark lets a backslash escape
POSITIONS = ["{c}", "{c}{c}{c}", "{c} x", "x {c}", "x{c}x", "1{c} x", "x\n{c}{c}{c}", "{c}x{c}", "[x]{c}(y)",
             "x {c}{c}x{c}{c}", "{c}\n===", "    {c}"]


@pytest.mark.parametrize("c", list(PUNCTUATION))
def test_every_punctuation_character_in_every_position_renders_as_itself(c: str) -> None:
    # With the site's engine: whatever CommonMark makes of a character at the start of a
    # line, doubled or tripled, beside a bracket or after a digit, the escaped text is
    # still one paragraph of exactly that text.
    for position in POSITIONS:
        text = position.replace("\\n", "\n").format(c=c)
        rendered = site_html(escape_inline(text))
        assert rendered.startswith("<p>") and rendered.endswith("</p>"), (text, rendered)
        inner = rendered[3:-4]
        assert "<" not in inner and ">" not in inner, (text, rendered)
        assert html.unescape(inner) == " ".join(text.split()), (text, rendered)


@pytest.mark.parametrize("c", list(PUNCTUATION))
def test_a_value_on_the_line_after_a_paragraph_line_continues_the_paragraph(c: str) -> None:
    # A template may print a value at the start of a line that follows text ("===" or
    # "---" there would underline the text as a heading).
    for position in ["{c}", "{c}{c}{c}", "{c} x"]:
        text = position.format(c=c)
        rendered = site_html("Some text\n" + escape_inline(text))
        assert rendered.startswith("<p>Some text\n") and rendered.endswith("</p>"), (text, rendered)
        assert html.unescape(rendered[len("<p>Some text\n"):-4]) == text, (text, rendered)


@pytest.mark.parametrize("c", list(PUNCTUATION))
def test_every_punctuation_character_stays_in_its_table_cell(c: str) -> None:
    for position in ["{c}", "{c}{c}{c}", "x {c} y", "{c}x{c}"]:
        text = position.format(c=c)
        rendered = site_html(f"| a | b |\n|---|---|\n| {escape_inline(text)} | z |")
        cells = rendered.split("<tbody>")[1]
        assert cells.count("<td>") == 2, (text, rendered)
        first = cells.split("<td>")[1].split("</td>")[0]
        assert html.unescape(first) == text, (text, rendered)


@given(st.text(st.sampled_from(PUNCTUATION + " \n\t01aZé<>&"), min_size=1, max_size=40).filter(str.strip))
def test_any_text_of_punctuation_renders_as_itself(text: str) -> None:
    rendered = site_html(escape_inline(text))
    assert rendered.startswith("<p>") and rendered.endswith("</p>")
    inner = rendered[3:-4]
    assert "<" not in inner and ">" not in inner
    assert html.unescape(inner) == " ".join(text.split())


@pytest.mark.parametrize("text", [
    "<script>alert(1)</script>", "# heading", "| a | b |", "[x](javascript:alert(1))", "{: #id onclick=x }",
    "1. list", "- item", "> quote", "*em* __strong__", "`code`", "&amp; &lt;", "a\\b", "line\n===",
    "    indented code", "<http://example.org>", "![img](x.png)", "50% - 79%", "Q&A 5 < 6 > 4", "!!! note",
])
def test_escaped_text_renders_as_exactly_the_text(text: str) -> None:
    rendered = site_html(escape_inline(text))
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
