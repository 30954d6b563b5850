"""Citations of an inspection record, or of one of its numbered paragraphs, with its
permanent URL: plain text in one style, BibTeX, RIS and CSL-JSON.

The plain-text style, for every record alike:

    Author (date). Title[, paragraph N]. Site name. URL[ Original report: URL.][ Status.]

where the author is the publisher of the report the record is curated from (for a record
imported from a table's row, of the inspection report the row describes), and the date the
report's publication date as precisely as the source gives it ("n.d." where none is).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Optional

from markupsafe import Markup

from generator.dates import PartialDate
from generator.models import Inspection
from generator.publication import Publication

_SPACE = re.compile(r"\s+")
_BIBTEX_SPECIAL = re.compile(r"[\\{}%&$#_^~]")
_BIBTEX_REPLACEMENT = {"\\": r"\textbackslash{}", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}"}
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
STATUS_NOTES = {
    "imported": "Imported from a published table; not yet checked against the report.",
    "checked": "Imported from a published table, then checked against the report.",
}


def one_line(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class Cited:
    """What a citation names: a record, or one paragraph of it."""

    key: str
    author: str
    title: str
    date: Optional[PartialDate]
    site_name: str
    url: str
    report_url: Optional[str]
    status: str
    paragraph: Optional[str] = None

    @classmethod
    def of(cls, record: Inspection, publication: Publication, page_url: str,
           paragraph: str | None = None, anchor: str | None = None) -> Cited:
        reports = [s for s in record.sources if s.kind in ("inspection report", "council report")]
        source = (reports or record.sources)[0]
        return cls(
            key=record.id + (f"-para-{paragraph}" if paragraph else ""),
            author=one_line(source.publisher),
            title=one_line(record.title),
            date=record.published or source.date,
            site_name=publication.site_name,
            url=publication.url(page_url) + (f"#{anchor}" if anchor else ""),
            report_url=record.report_url,
            status=record.record_status,
            paragraph=paragraph,
        )

    @property
    def remarks(self) -> list[str]:
        """What follows the URL in every format: the original report, the record's status."""
        remarks = [f"Original report: {self.report_url}."] if self.report_url else []
        if self.status in STATUS_NOTES:
            remarks.append(STATUS_NOTES[self.status])
        return remarks

    @property
    def notes(self) -> list[str]:
        """The machine formats' note: the paragraph (plain text has it in the title), then the remarks."""
        return ([f"Paragraph {self.paragraph}."] if self.paragraph else []) + self.remarks


def plain_text(cited: Cited) -> str:
    date = cited.date.long() if cited.date else "n.d."
    title = cited.title + (f", paragraph {cited.paragraph}" if cited.paragraph else "")
    text = f"{cited.author} ({date}). {title}. {cited.site_name}. {cited.url}"
    return " ".join([text, *cited.remarks])


def _bibtex_text(text: str) -> str:
    return _BIBTEX_SPECIAL.sub(lambda m: _BIBTEX_REPLACEMENT.get(m.group(), "\\" + m.group()), text)


def bibtex(cited: Cited) -> str:
    fields = [("author", "{" + _bibtex_text(cited.author) + "}"), ("title", "{" + _bibtex_text(cited.title) + "}"),
              ("institution", _bibtex_text(cited.author))]
    if cited.date:
        fields.append(("year", str(cited.date.year)))
    lines = [f"@techreport{{{cited.key},"]
    lines += [f"  {name} = {{{value}}}," for name, value in fields]
    if cited.date and cited.date.month:
        lines.append(f"  month = {_MONTHS[cited.date.month - 1]},")
    lines.append("  type = {Inspection record},")
    lines.append(f"  howpublished = {{{_bibtex_text(cited.site_name)}}},")
    lines.append(f"  url = {{{cited.url}}},")
    if cited.notes:
        lines.append(f"  note = {{{_bibtex_text(' '.join(cited.notes))}}},")
    lines.append("}")
    return "\n".join(lines)


def ris(cited: Cited) -> str:
    lines = ["TY  - RPRT", f"AU  - {cited.author}", f"TI  - {cited.title}", f"T2  - {cited.site_name}",
             f"PB  - {cited.author}"]
    if cited.date:
        lines.append(f"PY  - {cited.date.year}")
        if cited.date.month:
            day = f"{cited.date.day:02d}" if cited.date.day else ""
            lines.append(f"DA  - {cited.date.year}/{cited.date.month:02d}/{day}")
    lines.append(f"UR  - {cited.url}")
    lines += [f"N1  - {note}" for note in cited.notes]
    lines.append("ER  - ")
    return "\n".join(lines)


def csl_json(cited: Cited) -> str:
    item: dict[str, object] = {"id": cited.key, "type": "report", "genre": "Inspection record",
                               "title": cited.title, "author": [{"literal": cited.author}],
                               "publisher": cited.author, "container-title": cited.site_name, "URL": cited.url}
    if cited.date:
        item["issued"] = {"date-parts": [[part for part in (cited.date.year, cited.date.month, cited.date.day)
                                          if part]]}
    if cited.notes:
        item["note"] = " ".join(cited.notes)
    return json.dumps([item], ensure_ascii=False, indent=2)


FORMATS = (("BibTeX", bibtex), ("RIS", ris), ("CSL-JSON", csl_json))


def citation_block(cited: Cited) -> Markup:
    """The citation as HTML, readable without JavaScript: the plain text, then each machine
    format in a disclosure (archive.js adds copy buttons). A paragraph's citation is folded
    under it; a record's is shown. One HTML block with no blank line, so Markdown passes it
    through whole; every value is escaped (as HTML: Markdown does not read inside it)."""
    parts = [Markup('<p class="citation-text" data-citation="plain text">{}</p>').format(plain_text(cited))]
    for name, render in FORMATS:
        parts.append(Markup('<details class="citation-format"><summary>{0}</summary>'
                            '<pre data-citation="{0}"><code>{1}</code></pre></details>').format(name, render(cited)))
    body = Markup("\n").join(parts)
    if cited.paragraph:
        return Markup('<details class="paragraph-citation" data-pagefind-ignore><summary>Cite paragraph {}</summary>'
                      '\n{}\n</details>').format(cited.paragraph, body)
    return Markup('<div class="citation" data-pagefind-ignore>\n{}\n</div>').format(body)

