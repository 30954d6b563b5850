"""`inspection-archive new`: start a record with the required fields and guidance."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import jinja2

from generator.archive import RECORDS_DIR, load_vocabulary
from generator.errors import BuildError, ContentError, Problem
from generator.models import Authority, Inspection, Programme
from generator.suggest import did_you_mean

SCHEMA_FILE = Path("schema") / "inspection.schema.json"


def describe(field: str) -> str:
    return " ".join((Inspection.model_fields[field].description or "").split())


def new_record(root: Path, content: Path, authority_key: str, start: dt.date, templates: Path) -> Path:
    """Write content/inspections/<authority>-<YYYY>-<MM>.yml; refuse to overwrite anything."""
    problems: list[Problem] = []
    authorities = load_vocabulary(content / "authorities.yml", Authority, root, problems)
    programmes = load_vocabulary(content / "programmes.yml", Programme, root, problems)
    if problems:
        raise ContentError(problems)
    if authority_key not in authorities:
        raise BuildError(f"unknown authority '{authority_key}' (expected a key of authorities.yml; add a new "
                         f"authority there first){did_you_mean(authority_key, authorities)}")
    record_id = f"{authority_key}-{start:%Y-%m}"
    target = content / RECORDS_DIR / f"{record_id}.yml"
    schema = os.path.relpath(root / SCHEMA_FILE, target.parent)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True, autoescape=False)
    text = env.get_template("new-record.yml.j2").render(
        schema_path=schema, authority=authorities[authority_key], authority_key=authority_key,
        record_id=record_id, start=start.isoformat(), programmes=sorted(programmes), describe=describe)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise BuildError(f"{target} already exists; not overwriting it (choose another id or edit that file)") \
            from None
    return target
