"""Performance figures as reports state them in sentences: "The published reoffending rate
for Salford was 35.6%. This was better than ... the England and Wales average of 38.0%."

A sentence gives a figure when it links a number to a measure ("was 35.6%", "is 393",
"there were 12 custodial sentences") and names the measure itself, the area, or follows
such a sentence ("In 2018 this is now at 35%"). The measure comes from the sentence, else
from the heading or caption above it ("First time entrants measure:", "Figure 2.
Reoffending rate."). A comparator is a second number after "than", "compared to",
"against" or "while", with the words that name it. The cohort or period is the sentence's
own ("in 2018-19"), else a "... cohort" phrase in the lines that follow before the next
heading (a footnote, "(Data based on ... cohort)").
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from generator.draft_text import SENTENCE_BREAK, Line

MEASURES = (  # the first whose words a text holds; per-reoffender before rate, as both say "reoffend"
    ("reoffences-per-reoffender", re.compile(r"\boffences per (?:child|young person|reoffender)|\breoffences\b",
                                             re.IGNORECASE)),
    ("reoffending-rate", re.compile(r"\breoffending (?:rate|proportion)|\breoffended\b", re.IGNORECASE)),
    ("first-time-entrants", re.compile(r"\bfirst[- ]time entrants?\b", re.IGNORECASE)),
    ("use-of-custody", re.compile(r"\bcustod(?:y rate|ial sentences?)\b|\bsentenced to custody\b|\buse of custody\b",
                                  re.IGNORECASE)),
)
_NUMBER = r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
_VALUE = (rf"\b(?:was|is|were|are|reflected|(?:there|There) were)\s+(?:now\s+)?(?:at\s+)?{_NUMBER}(\s?%)?"
                    rf"|\b(?:[Ii]n|[Ff]or)\s+{{area}},?\s+{_NUMBER}(\s?%)?"
          rf"|\bnow at\s+{_NUMBER}(\s?%)?")
"""A number linked to what it measures; `{area}` stands for the authority's name."""
_COMPARATOR = re.compile(rf"\b(?:than|compared (?:to|with)|against|while)\s+(?:the\s+)?(?:"
                         rf"{_NUMBER}(\s?%)?\s+(?:for|in)\s+(?P<after>[^,.;()]+)"
                         rf"|(?P<before>[^,.;()%]*?)\s+(?:of|was|is|at)\s+{_NUMBER}(\s?%)?)")
_UNIT_AFTER = re.compile(r"^\s+((?:(?!in\b|for\b|which\b|compared\b|worse\b|better\b)[\w'-]+\s*){1,10})")
_PER = re.compile(r"\bper \d{1,3}(?:,\d{3})*(?: [\d-]+)? (?:[\w-]+ ){0,2}?(?:year olds|population)\b")
_COHORT = re.compile(r"\b(?:for |on )?(?:the )?((?:[A-Z][a-z]+ )?\d{4}\s?(?:–|-|to)\s?(?:[A-Z][a-z]+ )?\d{4} cohort)")
_PERIOD = re.compile(r"\b(?:[Ii]n|[Ff]or|[Dd]uring)\s+((?:Quarter \d for )?\d{4}(?:[-/]\d{2,4})?)\b(?!\s?%)")
_CAPTION = re.compile(r"^Figure \d+\.\s")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_LOOK_BELOW = 7  # lines below a figure where its footnote or "(Data based on ...)" line may stand


@dataclass(frozen=True)
class DraftFigure:
    measure: str
    value: float
    unit: str
    """"%", the words after the number, or the "per N ..." the paragraph defines; "" if none."""
    period: str
    compared_with: tuple[tuple[str, float], ...]
    sentence: str
    line: int


def read_figures(lines: Sequence[Line], area: str | None) -> list[DraftFigure]:
    """The figures `lines` state; `area` is the authority's name as the report prints it."""
    value_pattern = re.compile(_VALUE.replace("{area}", re.escape(area) if area else "(?!x)x"))
    found: dict[tuple[str, float], DraftFigure] = {}
    context = ""
    for index, line in enumerate(lines):
        if line.kind == "heading" or _CAPTION.match(line.text):
            context = line.text
            continue
        below = lines[index + 1:index + _LOOK_BELOW + 1]
        sentences = SENTENCE_BREAK.split(line.text)
        previous_gave = False
        for at, sentence in enumerate(sentences):
            next_sentence = sentences[at + 1] if at + 1 < len(sentences) else ""
            figure = _figure(sentence, next_sentence, line, context, below, value_pattern, area, previous_gave)
            previous_gave = figure is not None
            if figure:
                key = (figure.measure, figure.value)
                kept = found.get(key)
                if kept is None or _said(figure) > _said(kept):  # a later statement may say more of it
                    found[key] = figure
    return sorted(found.values(), key=lambda figure: figure.line)


def _figure(sentence: str, next_sentence: str, line: Line, context: str, below: Sequence[Line],
            value_pattern: re.Pattern[str], area: str | None, previous_gave: bool) -> DraftFigure | None:
    measure = _measure(sentence)
    named = measure is not None or (area is not None and area in sentence) or previous_gave
    measure = measure or _measure(context) or _measure(line.text)
    value = value_pattern.search(sentence)
    if not (measure and named and value):
        return None
    groups = value.groups()  # (number, per cent sign) for each way of linking a value
    number, percent = next((groups[at], groups[at + 1]) for at in range(0, len(groups), 2) if groups[at] is not None)
    if _YEAR.match(number) and not percent:
        return None
    unit = "%" if percent else _unit(sentence[value.end():], line.text, context)
    comparisons = []
    # The sentence after goes on about the same figure when it starts "This was ...".
    continuing = [next_sentence] if re.match(r"^(?:This|It) (?:was|is)\b", next_sentence) else []
    for later in [sentence[value.end():], *continuing]:
        for match in _COMPARATOR.finditer(later):
            label, compared = _comparison(match)
            if label and compared is not None:
                comparisons.append((label, compared))
        if comparisons:
            break
    return DraftFigure(measure, float(number.replace(",", "")), unit, _period(sentence, below),
                       tuple(comparisons), sentence, line.line)


def _said(figure: DraftFigure) -> int:
    return bool(figure.period) + bool(figure.unit) + len(figure.compared_with)


def _measure(text: str) -> str | None:
    return next((key for key, words in MEASURES if words.search(text)), None)


def _unit(after: str, paragraph: str, context: str) -> str:
    words = _UNIT_AFTER.match(after)
    if words and words.group(1).strip():
        return words.group(1).strip()
    per = _PER.search(paragraph) or _PER.search(context)
    return per.group(0) if per else ""


def _comparison(match: re.Match[str]) -> tuple[str, float | None]:
    groups = match.groups()
    if match.group("after"):
        return match.group("after").strip(), float(groups[0].replace(",", ""))
    before = match.group("before") or ""
    label = re.split(r"\bthan the |\bthe ", before)[-1].strip()
    number = groups[4]
    return label, float(number.replace(",", "")) if number else None


def _period(sentence: str, below: Sequence[Line]) -> str:
    own = _COHORT.search(sentence) or _PERIOD.search(sentence)
    if own:
        return own.group(1)
    for line in below:
        if line.kind == "heading":
            break
        cohort = _COHORT.search(line.text)
        if cohort:
            return cohort.group(1)
    return ""
