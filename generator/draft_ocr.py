"""Damage that PDF conversion leaves in words, proposed for repair and never changed: the
drafted text stays as printed, and the record's notes list each proposal for the curator.

Each rule asks the report itself what its words are: a fragment is damaged when it is not a
word the report uses elsewhere, and its repair is one the report does use.
- a digit stuck to a capitalised word ("2Case Planning Forums"), a footnote mark or a stray;
- an article run into the next word ("Agood system");
- a line whose first letter was lost ("n one case", where the report says "In");
- a title whose place is not the authority the text names ("... Work in FcW XUY" in a
  report on Rochdale).
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from generator.draft_text import Line

_WORD = re.compile(r"[A-Za-z]+")
_STUCK_DIGIT = re.compile(r"(?:^|(?<=\s))(\d)([A-Z][a-z]{2,})\b")
_RUN_IN_ARTICLE = re.compile(r"\b(A)([a-z]{3,})\b")
_LOST_FIRST_LETTER = re.compile(r"^([a-z]{1,2}) ")
_TITLE_PLACE = re.compile(r"\bin ([A-Z][\w ]+)$")
A_WORDS = frozenset({"about", "above", "abroad", "across", "afar", "again", "ahead", "alike", "alone", "along",
                     "aloud", "amiss", "anew", "apart", "around", "aside", "aware", "away", "awhile"})
"""English words that are "a" and another word: never an article run in."""


@dataclass(frozen=True)
class Repair:
    line: int
    printed: str
    proposed: str


def propose_repairs(lines: Sequence[Line], title: Line | None, area: str | None) -> list[Repair]:
    """Proposed repairs in `lines` and the report's `title`; `area` is the authority's name as
    the text prints it."""
    words = Counter(word.lower() for line in lines for word in _WORD.findall(line.text))
    starts = Counter(start.group(1) for line in lines if (start := _LOST_FIRST_LETTER.match(line.text)))
    repairs = []
    place = _TITLE_PLACE.search(title.text) if title else None
    if title and place and area and place.group(1) != area:
        repairs.append(Repair(title.line, place.group(1), area))
    for line in lines:
        for match in _STUCK_DIGIT.finditer(line.text):
            if words[match.group(2).lower()] > 1:
                repairs.append(Repair(line.line, match.group(0), match.group(2)))
        for match in _RUN_IN_ARTICLE.finditer(line.text):
            run_in = match.group(0).lower()
            if words[run_in] <= 1 and run_in not in A_WORDS and words[match.group(2)] > 1:
                repairs.append(Repair(line.line, match.group(0), f"A {match.group(2)}"))
        start = _LOST_FIRST_LETTER.match(line.text)
        if start and words[start.group(1)] <= starts[start.group(1)]:  # used nowhere but at a line's start
            known = [letter + start.group(1) for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                     if words[(letter + start.group(1)).lower()] > 1]
            if known:
                repairs.append(Repair(line.line, start.group(1), " or ".join(f"{word}" for word in known)))
    return repairs
