"""A built site's pages, normalised (tests/html_normal.py), as one text file: a header line
per page, and a line per block-level tag, so that a change shows as a readable diff."""
from __future__ import annotations

import re
from pathlib import Path

from html_normal import normalised_site

_HEADER = re.compile(r"^=== (.+) ===$", re.M)
_BLOCK_START = re.compile(r"(?=<(?:article|nav|div|p|ul|ol|li|h[1-6]|table|tr|blockquote)\b)")


def site_text(site: Path) -> str:
    return "".join(f"=== {path} ===\n{_BLOCK_START.sub(chr(10), page).lstrip()}\n"
                   for path, page in normalised_site(site).items())


def pages_of(text: str) -> dict[str, str]:
    parts = _HEADER.split(text)
    return dict(zip(parts[1::2], parts[2::2], strict=True))
