"""Dates as reports print them: "22nd January 2014", "9 JUNE 2020", and fieldwork ranges
such as "16th-18th December 2013", "29 February-02 March 2016" or "24 to 28 February 2020"."""
from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

MONTHS = tuple(name.lower() for name in calendar.month_name[1:])
_MONTH = "(" + "|".join(MONTHS) + ")"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_DATE = re.compile(rf"\b{_DAY}\s+{_MONTH}\s+(\d{{4}})\b", re.IGNORECASE)
_RANGE = re.compile(rf"\b{_DAY}(?:\s+{_MONTH})?(?:\s+(\d{{4}}))?\s*(?:-|–|—|\bto\b|\band\b)\s*{_DAY}\s+{_MONTH}\s+"
                    rf"(\d{{4}})\b", re.IGNORECASE)


@dataclass(frozen=True)
class Found:
    value: str
    """The date (YYYY-MM-DD) or a range's start."""
    end: str | None
    printed: str
    """The words it was read from, for the curator's check."""


def first_date(text: str) -> Found | None:
    """The first whole date in `text` that exists in the calendar."""
    for match in _DATE.finditer(text):
        value = _iso(match.group(3), match.group(2), match.group(1))
        if value:
            return Found(value, None, match.group(0))
    return None


def first_range(text: str) -> Found | None:
    """The first range of days in `text` whose ends exist and come in order."""
    for match in _RANGE.finditer(text):
        start_day, start_month, start_year, end_day, end_month, end_year = match.groups()
        start = _iso(start_year or end_year, start_month or end_month, start_day)
        end = _iso(end_year, end_month, end_day)
        if start and end and start <= end:
            return Found(start, end, match.group(0))
    return None


def _iso(year: str, month: str, day: str) -> str | None:
    try:
        return datetime.date(int(year), MONTHS.index(month.lower()) + 1, int(day)).isoformat()
    except ValueError:
        return None
