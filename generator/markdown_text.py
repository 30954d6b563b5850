"""Record text is data: turn it into Markdown that renders as exactly that text.

Everything a template prints goes through `escape_inline` unless it is already `Markup`
(links and anchors the generator builds itself), so a record cannot open a heading,
a table, a link, raw HTML or an attribute list, however its text is written.
"""
from __future__ import annotations

import html
import re

from markupsafe import Markup

# Exactly the characters Python-Markdown can backslash-escape with the extensions in
# mkdocs.yml (its ESCAPED_CHARS plus "|" from tables); a test keeps the two in step.
# Escaping any other character would leave a visible backslash.
ESCAPED_CHARS = "\\`*_{}[]()>#+-.!|"
_MARKDOWN_SPECIAL = re.compile("([" + re.escape(ESCAPED_CHARS) + "])")
_BLANK_LINES = re.compile(r"\n\s*\n")
_WHITESPACE = re.compile(r"\s+")


def escape_inline(value: object) -> Markup:
    """One line of literal text: HTML-escaped, Markdown punctuation backslash-escaped,
    newlines folded into spaces so nothing can start a new block."""
    if isinstance(value, Markup):
        return value
    text = _WHITESPACE.sub(" ", str(value)).strip()
    text = html.escape(text, quote=True)
    # After html.escape the only '&' are our own entities; '#' inside them must survive.
    parts = re.split(r"(&(?:amp|lt|gt|quot|#x27);)", text)
    return Markup("".join(p if p.startswith("&") and p.endswith(";") else _MARKDOWN_SPECIAL.sub(r"\\\1", p)
                          for p in parts))


def escape_paragraphs(value: object) -> Markup:
    """Text of one or more paragraphs (separated by blank lines) as Markdown paragraphs."""
    paragraphs = [p for p in _BLANK_LINES.split(str(value).strip()) if p.strip()]
    return Markup("\n\n".join(escape_inline(p) for p in paragraphs))


def link(label: object, target: str) -> Markup:
    """A Markdown link whose target the generator built (never record text)."""
    return Markup(f"[{escape_inline(label)}]({target})")
