"""Record text is data: turn it into Markdown that renders as exactly that text.

Everything a template prints goes through `escape_inline` unless it is already `Markup`
(links and anchors the generator builds itself), so a record cannot open a heading,
a table, a link or raw HTML, however its text is written.
"""
from __future__ import annotations

import re
from functools import lru_cache

from markupsafe import Markup

# The ASCII punctuation that CommonMark with GFM tables (generator/markdown_html.py) can give
# a meaning: emphasis, code, links and images, headings, list markers ("1." and "1)"),
# fences ("~~~"), setext underlines ("="), table cells ("|") and escapes. CommonMark lets any
# ASCII punctuation be backslash-escaped without a visible backslash; tests render every one
# of them, in every position, through the site's engine.
ESCAPED_CHARS = "\\`*_[]()>#+-.!|~="
# Replacement pairs, in an order that never re-escapes what an earlier pair inserted:
# backslash first, then Markdown punctuation (">" only needs its HTML entity), then "&"
# before the entities that contain it. Chained str.replace is many times faster than
# str.translate with a dict, and escaping runs over every text of the archive.
_REPLACEMENTS = [("\\", "\\\\")] + [(c, "\\" + c) for c in ESCAPED_CHARS if c not in "\\>"] + [
    ("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;")]
_BLANK_LINES = re.compile(r"\n\s*\n")


@lru_cache(maxsize=8192)  # names, roles and labels repeat on many pages
def _escape(text: str) -> str:
    text = " ".join(text.split())
    for plain, escaped in _REPLACEMENTS:
        if plain in text:
            text = text.replace(plain, escaped)
    return text


def escape_inline(value: object) -> Markup:
    """One line of literal text: HTML-escaped, Markdown punctuation backslash-escaped,
    newlines folded into spaces so nothing can start a new block."""
    if isinstance(value, Markup):
        return value
    return Markup(_escape(str(value)))


def escape_paragraphs(value: object) -> Markup:
    """Text of one or more paragraphs (separated by blank lines) as Markdown paragraphs."""
    paragraphs = [p for p in _BLANK_LINES.split(str(value).strip()) if p.strip()]
    return Markup("\n\n".join(escape_inline(p) for p in paragraphs))


def link(label: object, target: str) -> Markup:
    """A Markdown link whose target the generator built (never record text)."""
    return Markup(f"[{escape_inline(label)}]({target})")
