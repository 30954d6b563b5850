"""A first draft of an inspection record from a report's converted text.

Each rule reads what the report's own layout says, the way a curator would: the memo block
(`To:`, `From:`, `Publication date:`), the title line, headings and numbered paragraphs,
the sentence that gives the fieldwork dates. What the text does not say stays out; every
drafted field carries a `# check:` comment saying what to verify and where it came from.
Sentences with an e-mail address or a phone number are left out, and the notes say where.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from generator.draft_dates import first_date, first_range
from generator.draft_figures import DraftFigure, read_figures
from generator.draft_ocr import Repair, propose_repairs
from generator.draft_ratings import DraftRatings, read_ratings
from generator.draft_text import SENTENCE_BREAK, Line, read_lines
from generator.slugs import slugify

_MEMO = re.compile(r"^(To|Copy to|From|Publication date|Report from|Author|Portfolio Holder)\s*:\s*(.*)$",
                   re.IGNORECASE)
_PARAGRAPH = re.compile(r"^(\d{1,2}(?:\.\d{1,3})+)\.?\s+(\S.*)$")
_SECTION = re.compile(r"^(?:Theme\s+)?(\d{1,2})[.:]?\s+([A-Z][^.]*)$")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\d£])(?:\+44\s?|0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}(?!\d)")
_SERVICE = re.compile(r"\b((?:[A-Z][\w'&-]*\s+){1,4}Youth (?:Offending|Justice) (?:Team|Service))\b")
_FIELDWORK_WORDS = re.compile(r"\b(?:conducted|took place|fieldwork|carried out|inspected|inspection)\b",
                              re.IGNORECASE)
_PROGRAMMES = (("short quality screening", "short-quality-screening"),
               ("full joint inspection", "full-joint-inspection"))
_INSPECTORATE = re.compile(r"\b(?:HM Inspectorate of Probation|HMI Probation|HMIP)\b")
_SHORT_HEADING_WORDS = 12
_NUMBERED_ITEM = re.compile(r"^(\d{1,2})\.\s+(\S.*)$")  # "2. There is appropriate ..."
_COPY_LIST = re.compile(r"^copy (?:to|list)\b[^\t]*$", re.IGNORECASE)
_LEAD_INSPECTOR = re.compile(r"\blead inspector,? (?:who )?(?:was|is) ((?:[A-Z][\w'’-]+ ){1,3}[A-Z][\w'’-]+)")
INTRODUCTION = "Introduction"
LISTS = {"key strengths": "strengths", "strengths": "strengths", "areas requiring improvement": "improvements",
         "areas for improvement": "improvements", "recommendations": "recommendations"}
"""Headings under which reports list what the record keeps as lists, not sections."""
END_MATTER = ("lead officer contact", "contact officer", "appendices", "background papers")
"""Headings that close a council committee report: what follows them is not the report's text."""
MEMO_WITHIN = 40  # lines: a memo block heads the report


@dataclass
class Drafted:
    """A field's value with what the curator must check about it."""

    value: object
    check: str


@dataclass(frozen=True)
class DraftPerson:
    name: str
    role: str
    part: str
    """Where the report names them: a `part` of the record's people."""
    line: int | None = None
    organisation: str = ""
    """As printed beside the name, where the report prints one."""

    @property
    def key(self) -> str:
        """The people.yml key the name would have."""
        return slugify(self.name)


@dataclass
class DraftSection:
    title: str
    line: int
    number: str | None = None
    intro: list[str] = field(default_factory=list)
    paragraphs: list[tuple[str, str, int]] = field(default_factory=list)  # number, text, line
    table: list[Line] = field(default_factory=list)
    """Lines laid out in columns (tab-separated in the text): shown to the curator, not drafted."""
    subsections: list[DraftSection] = field(default_factory=list)
    items: list[tuple[str | None, str]] = field(default_factory=list)
    """Its list items that are not numbered paragraphs: (number, text)."""
    level: int = 0
    """The level of the Markdown heading that started it (0: none)."""


@dataclass
class Draft:
    fields: dict[str, Drafted] = field(default_factory=dict)
    sections: list[DraftSection] = field(default_factory=list)
    people: list[DraftPerson] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)
    lists: dict[str, list[tuple[str | None, str]]] = field(default_factory=dict)
    """strengths, improvements, recommendations: the items under the report's own headings."""
    ratings: DraftRatings = field(default_factory=DraftRatings)
    figures: list[DraftFigure] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)
    """Damage the conversion seems to have done, for the curator to repair (the text is as printed)."""
    source_kind: str = "inspection report"
    """"council report" when the memo names a portfolio holder, report authors or an author."""

    def paragraph_count(self) -> int:
        return sum(len(part.paragraphs) for section in self.sections for part in [section, *section.subsections])


def draft_record(source: str, authorities: Mapping[str, Iterable[str]]) -> Draft:
    """Draft a record from `source` (a report's text); `authorities` maps each key of
    authorities.yml to its names."""
    draft = Draft()
    lines = [_redacted(line, draft) for line in read_lines(source)]
    body = _read_memo(lines, draft)
    title = _title(body) or _title(lines[:len(lines) - len(body)])  # a council report's title heads its memo
    if title is not None:
        draft.fields["title"] = Drafted(title.text, f"the report's title line (line {title.line})")
    text = "\n".join(line.text for line in body)
    draft.ratings = read_ratings(body)
    _dates(text, draft)
    area = _authority([title.text, text] if title else [text], authorities, draft)
    draft.figures = read_figures(body, area)
    draft.repairs = propose_repairs(body, title, area)
    service = _SERVICE.search(text)
    if service:
        draft.fields["service"] = Drafted(service.group(1), "the service's name as the report first prints it")
    if _INSPECTORATE.search(source):
        draft.fields["inspectorates"] = Drafted(["hmi-probation"], "the report names HM Inspectorate of Probation")
    lowered = source.lower()
    for words, key in _PROGRAMMES:
        if words in lowered:
            draft.fields["programme"] = Drafted(key, f"the report says \"{words}\"")
            break
    for match in _LEAD_INSPECTOR.finditer(text):
        draft.people.append(DraftPerson(match.group(1), "Lead inspector", "inspection team"))
    draft.sections = _lift_named_sections(_sections([line for line in body if line is not title], draft), draft)
    if title and draft.sections and draft.sections[0].title == INTRODUCTION:
        draft.sections[0].title = title.text  # the text before the first heading is under the title
    if any(person.part == "council report" for person in draft.people):
        draft.source_kind = "council report"
        draft.sections = _without_end_matter(draft.sections, draft)
    return draft


def _without_end_matter(sections: list[DraftSection], draft: Draft) -> list[DraftSection]:
    """A council report's sections without its end matter: the lead officer's contact block
    and the lists of appendices and background papers that close the report's template. The
    contact's name and job title (the two lines under the heading) are kept as a person."""
    end = next((index for index, section in enumerate(sections) if section.title.lower() in END_MATTER), None)
    if end is None:
        return sections
    if sections[end].title.lower() in ("lead officer contact", "contact officer") and len(sections) > end + 2:
        name, role = sections[end + 1], sections[end + 2]
        draft.people.append(DraftPerson(name.title, role.title, "council report", name.line))
    draft.left_out.append(f"lines {sections[end].line}–{sections[-1].line}: the report's end matter (contact "
                          "officer, appendices, background papers)")
    return sections[:end]


def _redacted(line: Line, draft: Draft) -> Line:
    """`line` without the sentences that hold an e-mail address or a phone number."""
    if not (_EMAIL.search(line.text) or _PHONE.search(line.text)):
        return line
    kept = [sentence for sentence in SENTENCE_BREAK.split(line.text)
            if not (_EMAIL.search(sentence) or _PHONE.search(sentence))]
    draft.left_out.append(f"line {line.line}: a sentence with an e-mail address or a phone number")
    return replace(line, text=" ".join(kept))


def _read_memo(lines: list[Line], draft: Draft) -> list[Line]:
    """Read the memo block's people and publication date; the lines after it (or all of
    them, if there is none). Letterhead above a memo block is left out."""
    first = next((index for index, line in enumerate(lines[:MEMO_WITHIN]) if _MEMO.match(line.text)), None)
    if first is None:
        return [line for line in lines if line.text]
    last = first
    while last + 1 < len(lines) and (_MEMO.match(lines[last + 1].text) or _continues_memo(lines[last + 1])):
        last += 1
    if first:
        draft.left_out.append(f"lines {lines[0].line}–{lines[first - 1].line}: the letterhead above the memo block")
    label = None
    for line in lines[first:last + 1]:
        match = _MEMO.match(line.text)
        if not match and line.text.startswith("("):
            continue  # "(Lead Member)": part of the role above, kept in the source only
        label, value = (match.group(1).lower(), match.group(2).strip()) if match else (label, line.text)
        if label == "publication date":
            found = first_date(value)
            if found:
                draft.fields["published"] = Drafted(found.value, f"\"Publication date: {found.printed}\" "
                                                                  f"(line {line.line})")
        elif label in ("to", "from", "report from", "author", "portfolio holder") and value:
            _person(value, {"to": "addressee", "from": "signatory"}.get(label, "council report"), line.line, draft)
    return [line for line in lines[last + 1:] if line.text]


def _continues_memo(line: Line) -> bool:
    """A line under `Report from:` naming one more person ("Name, Role"), or a role's
    continuation in brackets ("(Lead Member)")."""
    if line.text.startswith("(") and line.text.endswith(")"):
        return True
    return ("," in line.text and len(line.text.split()) <= _SHORT_HEADING_WORDS and not line.text.endswith(".")
            and line.kind == "text" and not line.depth)


def _person(value: str, part: str, line: int, draft: Draft) -> None:
    name, _, role = value.partition(",")
    name = _without_title(name)
    if not name or role.strip().lower().startswith("see "):
        return
    draft.people.append(DraftPerson(name, role.strip(), part, line))


def _without_title(name: str) -> str:
    """A name without the title printed before it ("Councillor Mrs Fay Holder")."""
    return re.sub(r"^(?:Councillor|Cllr|Mr|Mrs|Ms|Miss|Dr)\s+(?:(?:Mr|Mrs|Ms|Miss|Dr)\s+)?", "", name.strip())


def _title(lines: list[Line]) -> Line | None:
    """The report's title: its first heading, else the first short line that names an
    inspection or a report of one."""
    for line in lines[:12]:
        if line.kind == "heading":
            return line
    for line in lines[:12]:
        if _is_heading_like(line) and re.search(r"\b(?:inspection|report of)\b", line.text, re.IGNORECASE):
            return line
    return None


def _dates(text: str, draft: Draft) -> None:
    for sentence in SENTENCE_BREAK.split(text.replace("\n", " ")):
        if _FIELDWORK_WORDS.search(sentence):
            days = first_range(sentence)
            if days:
                draft.fields["fieldwork"] = Drafted([{"start": days.value, "end": days.end}],
                                                    f"fieldwork read from \"{days.printed}\"")
                break
    if "published" not in draft.fields:
        match = re.search(r"\bpublished on ([^.]*)", text)
        day = first_date(match.group(1)) if match else None
        if day:
            draft.fields["published"] = Drafted(day.value, f"\"published on {day.printed}\"")


def _authority(texts: Iterable[str], authorities: Mapping[str, Iterable[str]], draft: Draft) -> str | None:
    """The authority named first in the first of `texts` that names one (the title, then
    the whole report): the longer name where two start together ("North Somerset"). Returns
    the name as printed."""
    named = {name.lower(): key for key, names in authorities.items() for name in names}
    for text in texts:
        found = [(match.start(), -len(name), name) for name in named
                 for match in [re.search(rf"\b{re.escape(name)}\b", text, re.IGNORECASE)] if match]
        if found:
            start, _, name = min(found)
            draft.fields["authority"] = Drafted(named[name], f"the report names \"{name}\" (authorities.yml)")
            return text[start:start + len(name)]
        match = re.search(r"\bwork in ([A-Z][\w' -]+?)(?:\s*[:(]|$)", text)
        if match:
            draft.fields["authority"] = Drafted(slugify(match.group(1)), f"\"{match.group(1)}\" is not in "
                                                "authorities.yml: add it there, or correct this key")
            return match.group(1)
    return None


def _is_heading_like(line: Line) -> bool:
    words = line.text.split()
    return (0 < len(words) <= _SHORT_HEADING_WORDS and not line.text.endswith((".", ",", ";"))
            and line.text[:1].isupper() and line.kind != "table row")


def _sections(lines: list[Line], draft: Draft) -> list[DraftSection]:
    """Sections, with their subsections, intros and numbered paragraphs. Where the text has
    Markdown headings, they alone start sections: the shallowest level that recurs starts a
    section, deeper ones a subsection. Plain text has none, and a short line without a full
    stop starts a section instead."""
    levels = Counter(line.level for line in lines if line.kind == "heading")
    section_level = min((level for level, count in levels.items() if count > 1), default=0)
    sections: list[DraftSection] = []
    copy_list = False
    label = ""  # an acknowledgements table's role or group, carried down to rows that leave it blank
    for line in lines:
        if _COPY_LIST.match(line.text):
            copy_list = True
            continue
        if sections and _current(sections).title.lower() == "acknowledgements" and line.kind != "heading":
            row_label = _acknowledgement(line, label, draft)
            if row_label is not None:
                label = row_label
                continue
        if "\t" in line.text or line.kind == "table row":
            if copy_list:
                _copy_list_entry(line, draft)
            elif sections:
                _current(sections).table.append(line)
            continue
        paragraph = _PARAGRAPH.match(line.text)
        started = _starts_section(line, bool(levels))
        if paragraph and sections:
            _current(sections).paragraphs.append((paragraph.group(1), paragraph.group(2), line.line))
        elif started and sections and 0 < sections[-1].level <= section_level < line.level:
            sections[-1].subsections.append(started)  # under a heading of the section level
        elif started:
            sections.append(started)
        elif sections and _current(sections).paragraphs:
            current = _current(sections)
            number, text, start = current.paragraphs[-1]
            current.paragraphs[-1] = (number, f"{text}\n{line.text}", start)
        elif sections and line.depth:  # kept as text, and as an item should the section be a list
            item = _NUMBERED_ITEM.match(line.text)
            item_number = line.list_number or (item.group(1) if item else None)
            _current(sections).items.append((item_number, item.group(2) if item else line.text))
            _current(sections).intro.append(line.text)
        elif sections:
            _current(sections).intro.append(line.text)
        else:
            sections.append(DraftSection(INTRODUCTION, line.line, intro=[line.text]))
    return sections


def _current(sections: list[DraftSection]) -> DraftSection:
    return sections[-1].subsections[-1] if sections[-1].subsections else sections[-1]


def _starts_section(line: Line, has_headings: bool) -> DraftSection | None:
    """The section (or subsection) `line` starts, if it is a heading."""
    numbered = _SECTION.match(line.text)
    if line.list_number and _is_heading_like(line) and line.depth == 1 and not has_headings:
        return DraftSection(line.text, line.line, number=line.list_number)
    if has_headings and line.kind != "heading":
        return None
    if numbered and not line.depth and _is_heading_like(Line(line.kind, numbered.group(2), line.line)):
        return DraftSection(numbered.group(2), line.line, number=numbered.group(1), level=line.level)
    # A heading that ends in a colon introduces what follows ("Commentary on the inspection:").
    if (line.kind == "heading" or (not line.depth and _is_heading_like(line))) and not line.text.endswith(":"):
        return DraftSection(line.text, line.line, level=line.level)
    return None


def _copy_list_entry(line: Line, draft: Draft) -> None:
    """A copy list's row: the role, a tab, and one or more names."""
    role, _, names = line.text.partition("\t")
    for name in names.split(","):
        if name.strip():
            draft.people.append(DraftPerson(_without_title(name), role.strip(), "copy list", line.line))


def _acknowledgement(line: Line, label: str, draft: Draft) -> str | None:
    """A row of an acknowledgements table: "Lead Inspector<tab>Name, Organisation", or
    "<tab>Name, Organisation" under the row above. A label that heads a group of rows in bold
    (`<b>HMI Probation Support Services</b>`) names their organisation; their roles follow
    the names. Returns the row's label, or None for a line that is not a row (prose, kept)."""
    row_label, tab, entry = line.text.rpartition("\t")
    label = row_label.strip() if tab and row_label.strip() else label
    name, _, after = entry.partition(",")
    if not label or not after.strip() or len(name.split()) > 4:
        return None
    group = bool(re.search(rf"(?:<b>|\*\*)\s*{re.escape(label)}\s*(?:</b>|\*\*)", line.source))
    role, organisation = (after.strip(), label) if group else (label, after.strip())
    draft.people.append(DraftPerson(name.strip(), role, "inspection team", line.line, organisation))
    return label


def _lift_named_sections(sections: list[DraftSection], draft: Draft) -> list[DraftSection]:
    """A "Summary" section becomes the record's summary, and the lists under "Key strengths",
    "Areas requiring improvement" and "Recommendations" its lists. Text after such a list,
    under no heading of its own, stays a section with no title, for the curator to name."""
    kept = []
    for section in sections:
        name = section.title.lower().strip(" :")
        if name == "contents":
            draft.left_out.append(f"line {section.line}: the contents page")
        elif name == "summary" and section.intro and not section.paragraphs and "summary" not in draft.fields:
            draft.fields["summary"] = Drafted("\n\n".join(section.intro), f"the report's Summary (line {section.line})")
        elif name in LISTS and section.items and not section.paragraphs and LISTS[name] not in draft.lists:
            draft.lists[LISTS[name]] = section.items
            listed = {text for _, text in section.items}
            rest = [text for text in section.intro if text not in listed
                    and not ((item := _NUMBERED_ITEM.match(text)) and item.group(2) in listed)]
            if rest:
                kept.append(DraftSection("", section.line, intro=rest))
        else:
            kept.append(section)
    return kept
