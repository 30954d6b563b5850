"""A report's converted text as a list of lines, each with what the Markdown made of it.

Reports converted from PDF mix real Markdown (`## headings`, `**bold**`, `- ` items) with
plain lines and inline HTML (`<i>To:</i>`). markdown-it-py reads all of it; this flattens
its tokens into the report's lines in order, with the markup taken off the text, so that the
drafter's rules can look at lines as a reader sees them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.token import Token

Kind = Literal["heading", "text", "item", "table row"]


@dataclass(frozen=True)
class Line:
    kind: Kind
    text: str
    """Plain text: inline markup and HTML tags removed, spaces and tabs as in the source."""
    line: int
    """1-based line of the source where it starts."""
    list_number: str | None = None
    """The number of an ordered-list item ("1" for a line `1. Protecting the public`)."""
    depth: int = 0
    """How deeply nested in lists it is (0: not in a list)."""
    level: int = 0
    """A heading's level (1 for `#`)."""
    source: str = ""
    """The source line as written, markup and all."""


_PARSER = MarkdownIt("commonmark").enable("table")
SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“(])")
"""Where one sentence ends and the next begins, as the drafter's rules split a line."""
_TAG = re.compile(r"<[^>]+>")


def read_lines(source: str) -> list[Line]:
    """The lines of `source` (a report as text or Markdown), in order, blank lines left out."""
    lines: list[Line] = []
    depth = 0
    numbers: list[str | None] = []
    kind: Kind = "text"
    level = 0
    row: list[str] | None = None
    row_line = 0
    written = source.splitlines()
    for token in _PARSER.parse(source):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif token.type == "list_item_open":
            numbers.append(token.info or None)
        elif token.type == "list_item_close":
            numbers.pop()
        elif token.type == "heading_open":
            kind, level = "heading", int(token.tag[1:])
        elif token.type in ("heading_close", "paragraph_close"):
            kind, level = "text", 0
        elif token.type == "tr_open":
            row, row_line = [], (token.map[0] + 1 if token.map else 0)
        elif token.type == "tr_close" and row is not None:
            lines.append(Line("table row", "\t".join(row), row_line, depth=depth))  # cells tab-separated
            row = None
        elif token.type == "inline" and row is not None:
            row.append(plain_text(token).strip())
        elif token.type == "inline":
            start = (token.map[0] + 1) if token.map else 0
            item = depth > 0 and kind != "heading"
            for offset, text in enumerate(plain_text(token).split("\n")):
                if text.strip():
                    number = numbers[-1] if numbers and item and offset == 0 else None
                    lines.append(Line("item" if item else kind, text.strip(), start + offset,
                                      list_number=number, depth=depth, level=level,
                                      source=written[start + offset - 1] if start + offset <= len(written) else ""))
        elif token.type in ("code_block", "fence", "html_block"):
            start = (token.map[0] + 1) if token.map else 0
            for offset, text in enumerate(_TAG.sub("", token.content).split("\n")):
                if text.strip():
                    lines.append(Line("text", text.strip(), start + offset, depth=depth))
    return lines


def plain_text(inline: Token) -> str:
    """The text of an inline token as a reader sees it: no emphasis marks, no tags, links
    as their text, line breaks kept."""
    parts: list[str] = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline", "image"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts)
