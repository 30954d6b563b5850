"""Ratings as reports state them in words: "Overall, the YOT was rated as: 'Requires
improvement'", and tallies such as "the 12 Standards ... received:" followed by lines like
"7 areas of good". Only HMIP's four-point scale is read (frameworks.yml: Outstanding,
Good, Requires improvement, Inadequate); the framework itself is left to the curator.

Full joint inspections score each theme instead: under a "Theme N: <name>" heading, a
"Case assessment score" heading gives the percentage ("overall 65% of work ... was done well
enough") and the theme's "Summary" heading its descriptor ("Overall, governance was
unsatisfactory.")."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from generator.draft_text import Line

SCALE = ("Outstanding", "Good", "Requires improvement", "Inadequate")
_RATING = r"(outstanding|good|requires\s+improvement|inadequate)"
_OVERALL = re.compile(rf"\boverall\b[^.]*?\b(?:was|were|is|has been) rated(?: as)?:?\s*['‘\"]?{_RATING}\b",
                      re.IGNORECASE)
_TALLY_HEAD = re.compile(r"\b(\d+)\s+(?:(?:more|further)\s+)?(?:detailed\s+)?(standards|indicators)\b", re.IGNORECASE)
_THEME = re.compile(r"^Theme\s+\d+\s*:\s*(\S.*)$", re.IGNORECASE)
_PERCENT = re.compile(r"\b(\d{1,3})%")
_DESCRIPTOR = re.compile(r"^Overall,[^.]*?\b(?:was|were)\s+((?:very\s+)?[a-z]+)\.", re.IGNORECASE)
_TALLY_LINE = re.compile(rf"^(\d+)\s+(?:\w+\s+){{0,3}}?{_RATING}\b", re.IGNORECASE)


@dataclass(frozen=True)
class Tally:
    level: str
    total: int
    counts: tuple[tuple[str, int], ...]
    line: int


@dataclass(frozen=True)
class Score:
    label: str
    percent: int | None
    descriptor: str | None
    line: int


@dataclass
class DraftRatings:
    overall: tuple[str, str, int] | None = None
    """The rating on the scale, the words it was read from, and their line."""
    tallies: list[Tally] = field(default_factory=list)
    scores: list[Score] = field(default_factory=list)


def read_ratings(lines: Sequence[Line]) -> DraftRatings:
    found = DraftRatings()
    for index, line in enumerate(lines):
        overall = _OVERALL.search(line.text)
        if overall and found.overall is None:
            found.overall = (_on_scale(overall.group(1)), overall.group(0), line.line)
        head = _TALLY_HEAD.search(line.text)
        if head and line.text.rstrip().endswith(":"):
            counts = []
            for following in lines[index + 1:]:
                count = _TALLY_LINE.match(following.text)
                if not count:
                    break
                counts.append((_on_scale(count.group(2)), int(count.group(1))))
            if counts:
                found.tallies.append(Tally(head.group(2).capitalize(), int(head.group(1)), tuple(counts), line.line))
    found.scores = read_scores(lines)
    return found


def read_scores(lines: Sequence[Line]) -> list[Score]:
    scores: list[Score] = []
    theme: Score | None = None
    under = ""  # the heading the line is under, within the theme
    for line in lines:
        named = _THEME.match(line.text) if line.kind == "heading" else None
        if named:
            _keep(theme, scores)
            theme, under = Score(named.group(1).strip(), None, None, line.line), ""
        elif line.kind == "heading":
            under = line.text.lower()
        elif theme and "score" in under and theme.percent is None and (percent := _PERCENT.search(line.text)):
            theme = Score(theme.label, int(percent.group(1)), theme.descriptor, theme.line)
        elif theme and under == "summary" and theme.descriptor is None and (said := _DESCRIPTOR.match(line.text)):
            theme = Score(theme.label, theme.percent, said.group(1).capitalize(), theme.line)
    _keep(theme, scores)
    return scores


def _keep(theme: Score | None, scores: list[Score]) -> None:
    if theme and (theme.percent is not None or theme.descriptor):
        scores.append(theme)


def _on_scale(words: str) -> str:
    return next(rating for rating in SCALE if rating.lower() == " ".join(words.lower().split()))
