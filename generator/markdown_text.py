"""Record text is data: turn it into Markdown that renders as exactly that text.

Everything a template prints goes through `escape_inline` unless it is already `Markup`
(links and anchors the generator builds itself), so a record cannot open a heading,
a table, a link, raw HTML or an attribute list, however its text is written.
"""
from __future__ import annotations

import re
from functools import lru_cache

from markupsafe import Markup

# Exactly the characters Python-Markdown can backslash-escape with the extensions in
# mkdocs.yml (its ESCAPED_CHARS plus "|" from tables); a test keeps the two in step.
# Escaping any other character would leave a visible backslash.
ESCAPED_CHARS = "\\`*_{}[]()>#+-.!|"
# One pass of str.translate does both jobs: HTML-escape &, <, >, quotes, and backslash-
# escape Markdown punctuation (">" only needs the HTML entity).
_TABLE = {ord(c): "\\" + c for c in ESCAPED_CHARS}
_TABLE.update({ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", ord('"'): "&quot;", ord("'"): "&#x27;"})
_BLANK_LINES = re.compile(r"\n\s*\n")


@lru_cache(maxsize=8192)  # names, roles and labels repeat on many pages
def _escape(text: str) -> str:
    return " ".join(text.split()).translate(_TABLE)


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
