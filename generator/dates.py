"""Dates as the sources give them: fieldwork days, and publication dates that are
sometimes only a month ("September 2013")."""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic_core import PydanticCustomError, core_schema

PARTIAL_DATE_PATTERN = r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$"
DAY_OR_MONTH_PATTERN = r"^(\d{4})-(\d{2})(?:-(\d{2}))?$"
_PARTIAL = re.compile(PARTIAL_DATE_PATTERN)
_DAY_OR_MONTH = re.compile(DAY_OR_MONTH_PATTERN)


def _checked_date(year: int, month: int, day: int, text: str) -> dt.date:
    if not 1 <= month <= 12:
        raise PydanticCustomError("date_value", "impossible date '{text}': there is no month {month}",
                                  {"text": text, "month": month})
    last = calendar.monthrange(year, month)[1]
    if day < 1:
        raise PydanticCustomError("date_value", "impossible date '{text}': there is no day 0", {"text": text})
    if day > last:
        raise PydanticCustomError(
            "date_value", "impossible date '{text}': {month_name} {year} has {last} days",
            {"text": text, "month_name": calendar.month_name[month], "year": year, "last": last})
    return dt.date(year, month, day)


def _checked_parts(m: re.Match[str], text: str) -> tuple[int, int, int]:
    """Year, month and day of a matched date, 0 for a part not written; a month or day written
    as 00 is impossible, not "unknown"."""
    year, month, day = int(m[1]), int(m[2] or 0), int(m[3] or 0)
    if m[2] is not None:
        _checked_date(year, month, 1 if m[3] is None else day, text)
    return year, month, day


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day, as the source gives it."""

    year: int
    month: int = 0
    day: int = 0

    @classmethod
    def parse(cls, value: Any) -> PartialDate:
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
            return cls(value)
        if not isinstance(value, str) or not (m := _PARTIAL.match(value)):
            raise PydanticCustomError(
                "date_format", "expected a date written YYYY-MM-DD, YYYY-MM or YYYY, got {value}",
                {"value": repr(value)})
        return cls(*_checked_parts(m, value))

    @property
    def earliest(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> dt.date:
        month = self.month or 12
        return dt.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def __str__(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        return f"{self.year:04d}-{self.month:02d}" if self.month else f"{self.year:04d}"

    def long(self) -> str:
        """"22 January 2014", "September 2013" or "2013"."""
        if not self.month:
            return str(self.year)
        month = calendar.month_name[self.month]
        return f"{self.day} {month} {self.year}" if self.day else f"{month} {self.year}"

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls.parse, serialization=core_schema.plain_serializer_function_ser_schema(str))

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: Any, handler: GetJsonSchemaHandler) -> dict[str, Any]:
        return {"type": "string", "pattern": _PARTIAL.pattern}


class FieldworkDate(PartialDate):
    """A day of fieldwork, or only its month where that is all the source gives."""

    @classmethod
    def parse(cls, value: Any) -> FieldworkDate:
        if isinstance(value, FieldworkDate):
            return value
        if isinstance(value, dt.date):
            return cls(value.year, value.month, value.day)
        if not isinstance(value, str) or not (m := _DAY_OR_MONTH.match(value)):
            raise PydanticCustomError("date_format", "expected a date written YYYY-MM-DD or YYYY-MM, got {value}",
                                      {"value": repr(value)})
        return cls(*_checked_parts(m, value))

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: Any, handler: GetJsonSchemaHandler) -> dict[str, Any]:
        return {"type": "string", "pattern": _DAY_OR_MONTH.pattern}
