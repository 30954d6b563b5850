"""The "Record format" page's content, derived from the models' JSON Schema so the
documentation cannot drift from what `check` enforces."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from generator.archive import VOCABULARY_FILES
from generator.dates import DAY_OR_MONTH_PATTERN, PARTIAL_DATE_PATTERN
from generator.models import Inspection
from generator.slugs import SLUG_PATTERN


@dataclass(frozen=True)
class FieldDoc:
    name: str
    type: str
    required: bool
    description: str


@dataclass(frozen=True)
class ModelDoc:
    name: str
    anchor: str
    description: str
    fields: tuple[FieldDoc, ...]
    file: str = ""
    """For vocabularies: the file whose entries have this shape."""


def record_json_schema() -> dict[str, Any]:
    schema = Inspection.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def schema_json() -> str:
    """The record schema as published and committed: stable key order, trailing newline."""
    return json.dumps(record_json_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _type_text(prop: dict[str, Any]) -> str:
    if "$ref" in prop:
        return str(prop["$ref"]).rsplit("/", 1)[-1]
    if "anyOf" in prop:
        options = [_type_text(p) for p in prop["anyOf"] if p.get("type") != "null"]
        return " or ".join(options)
    if "enum" in prop:
        return "one of " + ", ".join(f'"{v}"' for v in prop["enum"])
    if "const" in prop:
        return f'"{prop["const"]}"'
    kind = prop.get("type")
    if kind == "array":
        return f"list of {_type_text(prop.get('items', {}))}"
    if kind == "string":
        if prop.get("pattern") == SLUG_PATTERN:
            return "key"
        if prop.get("format") == "date":
            return "date (YYYY-MM-DD)"
        if prop.get("pattern") == DAY_OR_MONTH_PATTERN:
            return "date (YYYY-MM-DD or YYYY-MM)"
        if prop.get("pattern") == PARTIAL_DATE_PATTERN:
            return "date (YYYY-MM-DD, YYYY-MM or YYYY)"
        if "pattern" in prop and prop["pattern"].startswith("^[0-9]+"):
            return 'number as text ("2.3")'
        if "pattern" in prop and "https" in prop["pattern"]:
            return "link (http, https or mailto)"
        return "text"
    if kind == "integer":
        return "whole number" + (" ≥ 0" if prop.get("minimum") == 0 else "")
    if kind == "number":
        if prop.get("minimum") == 0 and prop.get("maximum") == 100:
            return "number 0–100"
        return "number"
    return str(kind or "any")


def _model_doc(name: str, schema: dict[str, Any], file: str = "") -> ModelDoc:
    required = set(schema.get("required", []))
    fields = tuple(
        FieldDoc(key, _type_text(prop), key in required, prop.get("description", ""))
        for key, prop in schema.get("properties", {}).items())
    return ModelDoc(name, name.lower(), schema.get("description", ""), fields, file)


def record_format() -> list[ModelDoc]:
    """The record model first, then the parts it is made of, then the vocabularies."""
    schema = record_json_schema()
    docs = [_model_doc("Inspection", schema)]
    docs += [_model_doc(name, part) for name, part in schema.get("$defs", {}).items()]
    for filename, model in VOCABULARY_FILES.values():
        docs.append(_model_doc(model.__name__, model.model_json_schema(), filename))
    return docs
