"""Pydantic's validation errors, turned into located Problems that a curator can act on."""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from generator.errors import Problem
from generator.models import PATTERN_HELP
from generator.suggest import did_you_mean
from generator.yaml_source import FieldPath, SourceDocument


def pydantic_problems(doc: SourceDocument, error: ValidationError, model: type[BaseModel],
                      prefix: FieldPath = ()) -> list[Problem]:
    """Pydantic's errors as located Problems, with suggestions for misspelt field names."""
    problems = []
    for item in error.errors(include_url=False):
        loc = prefix + tuple(item["loc"])
        if item["type"] == "extra_forbidden":
            allowed = fields_at(model, tuple(item["loc"][:-1]))
            message = f"unknown field '{loc[-1]}'{did_you_mean(str(loc[-1]), allowed)}"
            problems.append(doc.problem(loc, message, key=True))
            continue
        problems.append(doc.problem(loc, describe_error(item)))
    return problems


def describe_error(item: Any) -> str:
    """Pydantic's message, reworded where it is unclear to a curator, with the value given."""
    kind, message, given = item["type"], item["msg"], item.get("input")
    if kind == "missing":
        return "required field is missing"
    if kind == "value_error":
        return str(message).removeprefix("Value error, ")
    if kind == "string_pattern_mismatch":
        pattern = item.get("ctx", {}).get("pattern", "")
        return f"{PATTERN_HELP.get(pattern, message)} (got {given!r})"
    if kind == "string_too_short" and given is not None and not str(given).strip():
        return "is empty (expected text)"
    if isinstance(given, (str, int, float, bool)) and kind not in ("date_value", "date_format", "unknown_reference"):
        return f"{message} (got {given!r})"
    return str(message)


def fields_at(model: type[BaseModel], loc: FieldPath) -> list[str]:
    """The field names allowed at `loc` inside `model` (list indexes are skipped)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if current is not None else None
        current = _model_in(field.annotation) if field else None
    return list(current.model_fields) if current is not None else []


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model class inside an annotation such as Optional[list[Section]]."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None
