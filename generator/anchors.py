"""Anchors on an inspection page: the one place that says how each part of a record is
addressed, so the page, the listings that link into it and the record checks agree.

A paragraph's anchor is part of its permanent address (people cite `#protecting-the-public-2-4`),
so these patterns never change.
"""
from __future__ import annotations

import re

from markupsafe import Markup

ITEM_KINDS = {
    "key_findings": ("Key finding", "finding"),
    "strengths": ("Strength", "strength"),
    "improvements": ("Area for improvement", "improvement"),
    "recommendations": ("Recommendation", "recommendation"),
    "examples": ("Example", "example"),
}
"""Record-level lists: field → (what a reader calls one, anchor prefix)."""

_PATTERNS = {
    "section": "{0}",
    "paragraph": "{0}-{1}",
    "subsection": "{0}-part-{1}",
    "quote": "quote-{0}",
    "table": "table-{0}",
    "standard": "standard-{0}",
    **{field: prefix + "-{0}" for field, (_, prefix) in ITEM_KINDS.items()},
}
_IDENT = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def anchor(kind: str, *parts: object) -> Markup:
    """The anchor of a part of a record: `anchor("paragraph", "protecting-the-public", "2.4")`
    is "protecting-the-public-2-4", `anchor("strengths", 2)` is "strength-2". Numbers as
    printed ("2.4") become hyphenated, as an id cannot hold a dot in a CSS selector."""
    text = _PATTERNS[kind].format(*(str(part).replace(".", "-") for part in parts))
    return ident(text)


def ident(value: str) -> Markup:
    """An HTML id or fragment the generator built from keys and numbers (never free text)."""
    if not _IDENT.match(value):
        raise ValueError(f"not a safe identifier: {value!r}")
    return Markup(value)
