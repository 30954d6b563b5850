"""`inspection-archive new`: start a record with the required fields and guidance."""
from __future__ import annotations

import os
from pathlib import Path

import jinja2

from generator.archive import RECORDS_DIR, load_vocabulary
from generator.dates import FieldworkDate, PartialDate
from generator.errors import BuildError, ContentError, Problem
from generator.models import Authority, Inspection, Programme
from generator.suggest import did_you_mean

SCHEMA_FILE = Path("schema") / "inspection.schema.json"


def describe(field: str) -> str:
    return " ".join((Inspection.model_fields[field].description or "").split())


def new_record(root: Path, content: Path, authority_key: str, templates: Path, *,
               fieldwork_start: FieldworkDate | None = None, published: PartialDate | None = None) -> Path:
    """Write content/inspections/<authority>-<YYYY>-<MM>.yml, named by the month fieldwork
    began or, when only that is known, the month of publication; refuse to overwrite anything."""
    problems: list[Problem] = []
    authorities = load_vocabulary(content / "authorities.yml", Authority, root, problems)
    programmes = load_vocabulary(content / "programmes.yml", Programme, root, problems)
    if problems:
        raise ContentError(problems)
    if authority_key not in authorities:
        raise BuildError(f"unknown authority '{authority_key}' (expected a key of authorities.yml; add a new "
                         f"authority there first){did_you_mean(authority_key, authorities)}")
    named_by = fieldwork_start or published
    if named_by is None:
        raise BuildError("give the first day (or month) of fieldwork, or the publication date with --published")
    key = record_id(authority_key, named_by)
    target = content / RECORDS_DIR / f"{key}.yml"
    schema = os.path.relpath(root / SCHEMA_FILE, target.parent)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True, autoescape=False)
    text = env.get_template("new-record.yml.j2").render(
        schema_path=schema, authority=authorities[authority_key], authority_key=authority_key,
        record_id=key, start=str(fieldwork_start) if fieldwork_start else None,
        published=str(published) if published else None, programmes=sorted(programmes), describe=describe)
    return write_new_record(target, text)


def record_id(authority_key: str, named_by: PartialDate) -> str:
    """The id a new record takes: <authority>-<YYYY>-<MM> of the date it is named by."""
    return f"{authority_key}-{named_by.year:04d}" + (f"-{named_by.month:02d}" if named_by.month else "")


def write_new_record(target: Path, text: str) -> Path:
    """Write `text` to `target`, which must not exist yet: a curator's file is never overwritten."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise BuildError(f"{target} already exists; not overwriting it (choose another id or edit that file)") \
            from None
    return target
