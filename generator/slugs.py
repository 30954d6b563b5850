"""Slugs: the URL-safe keys of authorities, people, themes and inspections."""
from __future__ import annotations

import re
import unicodedata

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_SLUG_RE = re.compile(SLUG_PATTERN)


def slugify(text: str) -> str:
    """Fold accents, case and punctuation away: "Ynys Môn" and "St. Helens" become
    "ynys-mon" and "st-helens". Used to detect names that would collide as URLs."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def is_slug(text: str) -> bool:
    return bool(_SLUG_RE.match(text))
