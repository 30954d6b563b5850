"""Write a draft as a record file a curator finishes: YAML in the curated records' layout,
with a `# check:` comment above every drafted value."""
from __future__ import annotations

import json
import re
from pathlib import Path

from generator.archive import RECORDS_DIR, load_vocabulary
from generator.dates import PartialDate
from generator.draft import Draft, Drafted, DraftSection, draft_record
from generator.errors import BuildError, ContentError, Problem
from generator.models import SEED_PATTERN, Authority, Person
from generator.scaffold import record_id, write_new_record
from generator.slugs import slugify

HEADER = """\
# A draft, made by `inspection-archive draft` from {source}.
# Nothing in it is checked yet. For every `# check:` comment: verify the value against the
# report, correct it, then delete the comment. Choose each paragraph's themes (themes.yml),
# add the people to people.yml, then run `inspection-archive check`.
"""
MAX_ID = 72  # a section id's limit is 80: room for the "-2" of a repeated title
ORDER = ("authority", "service", "inspectorates", "programme", "title", "fieldwork", "published")


def write_draft(root: Path, content: Path, source: Path) -> tuple[Path, Draft]:
    """Draft a record from the report text at `source` into content/inspections/<id>.yml."""
    problems: list[Problem] = []
    authorities = load_vocabulary(content / "authorities.yml", Authority, root, problems)
    people = load_vocabulary(content / "people.yml", Person, root, problems)
    if problems:
        raise ContentError(problems)
    try:
        text = source.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise BuildError(f"{source}: not UTF-8 text ({error.reason} at byte {error.start})") from None
    names = {key: [authority.name, *authority.also_known_as] for key, authority in authorities.items()}
    draft = draft_record(text, names)
    key = _record_id(draft)
    target = content / RECORDS_DIR / f"{key}.yml"
    return write_new_record(target, draft_yaml(draft, key, source.name, set(people))), draft


def _record_id(draft: Draft) -> str:
    authority = draft.fields.get("authority")
    fieldwork = draft.fields.get("fieldwork")
    published = draft.fields.get("published")
    day = fieldwork.value[0]["start"] if fieldwork else published.value if published else None  # type: ignore[index]
    if authority is None or day is None:
        raise BuildError("cannot name the draft: the text gives no authority, or neither fieldwork nor "
                         "publication date, that the drafter can read (use `inspection-archive new` instead)")
    return record_id(str(authority.value), PartialDate.parse(str(day)))


def draft_yaml(draft: Draft, record_id: str, source_name: str, known_people: set[str]) -> str:
    out = [HEADER.format(source=source_name), f"id: {record_id}\n"]
    for name in ORDER:
        if name in draft.fields:
            out.append(_field(name, draft.fields[name]))
    out.append(_ratings(draft))
    if "summary" in draft.fields:
        summary = draft.fields["summary"]
        out.append(f"# check: {summary.check}\nsummary: |-\n{_block(str(summary.value), 2)}")
    if draft.sections:
        out.append("sections:\n")
        used: set[str] = set()
        for section in draft.sections:
            out.append(_section(section, used))
    for name, items in draft.lists.items():
        out.append(f"{name}:\n")
        for number, text in items:
            numbered = f"    number: {_scalar(number)}\n" if number and name == "recommendations" else ""
            out.append(f"  # check: an item under the report's heading for {name}; choose its themes\n"
                       f"  - text: {_scalar(text)}\n{numbered}    themes: []\n")
    out.append(_figures(draft))
    if draft.people:
        out.append("people:\n")
        for person in draft.people:
            where = f" (line {person.line})" if person.line else ""
            unknown = "" if person.key in known_people else f"; add {person.key} to people.yml"
            # An empty role is refused by check: the curator supplies it.
            out.append(f"  # check: {person.name}, named as {person.part}{where}{unknown}\n"
                       f"  - person: {person.key}\n    role: {_scalar(person.role)}\n"
                       + (f"    organisation: {_scalar(person.organisation)}\n" if person.organisation else "")
                       + f"    part: {person.part}\n")
    out.append(_sources(draft, source_name))
    out.append(_notes(draft, source_name))
    return "".join(out)


def _field(name: str, drafted: Drafted) -> str:
    comment = f"# check: {drafted.check}\n"
    value = drafted.value
    if isinstance(value, list) and value and isinstance(value[0], dict):
        items = "".join("  - " + "\n    ".join(f"{key}: {_scalar(item)}" for key, item in entry.items()) + "\n"
                        for entry in value)
        return f"{comment}{name}:\n{items}"
    if isinstance(value, list):
        return f"{comment}{name}:\n" + "".join(f"  - {_scalar(item)}\n" for item in value)
    return f"{comment}{name}: {_scalar(value)}\n"


def _section(section: DraftSection, used: set[str]) -> str:
    slug = slugify(section.title)
    key = (slug[:MAX_ID].rsplit("-", 1)[0] if len(slug) > MAX_ID else slug) or "section"
    while key in used:
        key += "-2"
    used.add(key)
    out = [f"  # check: section from line {section.line}\n  - id: {key}\n", _body(section, "    ")]
    if section.subsections:
        out.append("    subsections:\n")
        for subsection in section.subsections:
            body = _body(subsection, " " * 8)
            out.append(f"      # check: subsection from line {subsection.line}\n      - {body[8:]}")
    return "".join(out)


def _body(part: DraftSection, pad: str) -> str:
    """A section's or subsection's fields, each line indented by `pad`."""
    out = []
    if part.number:
        out.append(f"{pad}number: {_scalar(part.number)}\n")
    out.append(f"{pad}title: {_scalar(part.title)}\n")
    if part.intro:
        out.append(f"{pad}intro: |-\n" + _block("\n\n".join(part.intro), len(pad) + 2))
    if part.paragraphs:
        out.append(f"{pad}paragraphs:\n")
        for number, text, line in part.paragraphs:
            out.append(f"{pad}  - number: {_scalar(number)}\n{pad}    text: |-\n{_block(text, len(pad) + 6)}"
                       f"{pad}    # check: paragraph {number} (line {line}); choose its themes\n"
                       f"{pad}    themes: []\n")
    for row in part.table:
        out.append(f"{pad}# check: a table row in the source (line {row.line}), not drafted: "
                   f"{' | '.join(cell.strip() for cell in row.text.split(chr(9)))}\n")
    return "".join(out)


def _ratings(draft: Draft) -> str:
    found = draft.ratings
    out = []
    if found.overall:
        rating, words, line = found.overall
        out.append("# check: the framework is not named in the text: a key of frameworks.yml\n"
                   f"ratings:\n  framework: \"\"\n  # check: read from \"{words}\" (line {line})\n"
                   f"  overall:\n    rating: {_scalar(rating)}\n")
    if found.tallies:
        out.append("rating_tallies:\n")
        for tally in found.tallies:
            counts = "".join(f"      - rating: {_scalar(rating)}\n        count: {count}\n"
                             for rating, count in tally.counts)
            out.append(f"  # check: the tally of {tally.level.lower()} from line {tally.line}\n"
                       f"  - level: {_scalar(tally.level)}\n    total: {tally.total}\n    counts:\n{counts}")
    if found.scores:
        out.append("scores:\n")
        for score in found.scores:
            out.append(f"  # check: the score of the theme headed at line {score.line}; choose its theme "
                       "(themes.yml)\n"
                       f"  - theme: \"\"\n    label: {_scalar(score.label)}\n")
            if score.percent is not None:
                out.append(f"    percent: {score.percent}\n")
            if score.descriptor:
                out.append(f"    descriptor: {_scalar(score.descriptor)}\n")
    return "".join(out)


def _figures(draft: Draft) -> str:
    if not draft.figures:
        return ""
    out = ["figures:\n"]
    for figure in draft.figures:
        # An empty unit is refused by check: the curator supplies it.
        out.append(f"  # check: read from line {figure.line}: {_scalar(figure.sentence)}; the measure, the unit, "
                   "the period and what it is compared with\n"
                   f"  - measure: {figure.measure}\n    value: {figure.value:g}\n    unit: {_scalar(figure.unit)}\n")
        if figure.period:
            out.append(f"    period: {_scalar(figure.period)}\n")
        if figure.compared_with:
            out.append("    compared_with:\n" + "".join(f"      - label: {_scalar(label)}\n        value: {value:g}\n"
                                                      for label, value in figure.compared_with))
    return "".join(out)


def _sources(draft: Draft, source_name: str) -> str:
    title = draft.fields.get("title")
    published = draft.fields.get("published")
    # A council's name is not in its report's text as the drafter reads it: the curator fills it in.
    publisher = "HM Inspectorate of Probation" if draft.source_kind == "inspection report" else ""
    lines = ["sources:\n", "  # check: the source's title, kind, publisher and date\n",
             f"  - title: {_scalar(title.value if title else '')}\n",
             f"    kind: {draft.source_kind}\n",
             f"    publisher: {_scalar(publisher)}\n"]
    if published:
        lines.append(f"    date: {_scalar(published.value)}\n")
    if re.fullmatch(SEED_PATTERN, source_name):
        lines.append(f"    seed: {_scalar(source_name)}\n")
    return "".join(lines)


def _notes(draft: Draft, source_name: str) -> str:
    text = [f"Drafted from {source_name}; every field still to be checked against the report."]
    if draft.left_out:
        text.append("Left out: " + "; ".join(draft.left_out) + ".")
    if draft.repairs:
        text.append("Possible conversion damage, kept as printed until checked: " + "; ".join(
            f"line {repair.line}: \"{repair.printed}\" (perhaps \"{repair.proposed}\")" for repair in draft.repairs)
            + ".")
    return "notes: |-\n" + _block("\n\n".join(text), 2)


def _block(text: str, indent: int) -> str:
    pad = " " * indent
    return "".join(f"{pad}{line}\n" if line else "\n" for line in text.split("\n"))


def _scalar(value: object) -> str:
    """A YAML scalar that reads back as the same string: JSON's quoting is YAML's."""
    return json.dumps(str(value), ensure_ascii=False)
