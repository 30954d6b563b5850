"""The record format: what a curated inspection record and each vocabulary may hold.

The attribute docstrings are the documentation: they become the JSON Schema's
descriptions and the generated "Record format" page, so they cannot drift apart.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal, Optional

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

from generator.dates import FieldworkDate, PartialDate
from generator.slugs import SLUG_PATTERN
from generator.suggest import did_you_mean

RECORD_ID_PATTERN = r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$"
NUMBER_PATTERN = r"^[0-9]+(\.[0-9]+)*$"
URL_PATTERN = r"^(https?://[^\s<>\"]+|mailto:[^\s<>\"]+)$"
SEED_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*\.txt$"
PATTERN_HELP = {
    SLUG_PATTERN: "expected a key of lowercase letters, digits and single hyphens, e.g. 'st-helens'",
    RECORD_ID_PATTERN: "expected a key that starts with a letter, e.g. 'medway-2013-12' (a bare year is kept "
                       "for the year's listing)",
    NUMBER_PATTERN: 'expected a number as printed, e.g. "2.3" (in quotes)',
    URL_PATTERN: "expected an http, https or mailto link",
    SEED_PATTERN: "expected the seed file name, e.g. '004_f194b9a7416624d2.txt'",
}
"""What each text pattern means, for error messages."""

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80)]
RecordId = Annotated[str, StringConstraints(pattern=RECORD_ID_PATTERN, max_length=80)]
Formerly = list[Slug]
FORMERLY_DOC = ("Keys this entry was published under before, oldest first: their pages redirect here, so links to "
                "them keep working (never reuse one for another entry).")


# Unicode's control characters (category Cc) but for tab, line feed and carriage return.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


# Unicode's bidirectional embedding, override and isolate controls: published raw, one
# reverses or reorders the text that follows it on every page that shows the value.
_BIDI_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _printable(text: str) -> str:
    """Control characters are never part of a report's text (the generator also uses some
    of them as placeholders), so they are refused rather than published; so are the
    bidirectional controls, which would reorder the text around them."""
    found = _CONTROL.search(text)
    if found:
        raise PydanticCustomError("control_character",
                                  "contains the control character {code} at position {position}",
                                  {"code": f"U+{ord(found.group()):04X}", "position": found.start()})
    found = _BIDI_CONTROL.search(text)
    if found:
        raise PydanticCustomError("bidi_control",
                                  "contains the bidirectional control {code} at position {position}: it would "
                                  "reorder the text around it on every page (delete it; a report's right-to-left "
                                  "text needs none)",
                                  {"code": f"U+{ord(found.group()):04X}", "position": found.start()})
    return text


Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True), AfterValidator(_printable)]
Number = Annotated[str, StringConstraints(pattern=NUMBER_PATTERN)]
Percent = Annotated[float, Field(strict=True, ge=0, le=100)]
Count = Annotated[int, Field(strict=True, ge=0)]
Url = Annotated[str, StringConstraints(pattern=URL_PATTERN)]


SHOWN_KEYS = 6
"""A vocabulary this small is listed whole when a key is missing or unknown."""


def _reference(vocabulary: str, singular: str) -> BeforeValidator:
    """A key that must exist in a vocabulary. The vocabularies arrive in the validation
    context, so an unknown key is reported together with every other error in the record.
    Checked before the key's pattern, so that an empty or malformed key is answered with the
    keys this vocabulary has, not with a generic example."""

    def check(key: Any, info: ValidationInfo) -> Any:
        known = (info.context or {}).get("vocabularies", {}).get(vocabulary)
        if known is None or not isinstance(key, str) or key in known:
            return key
        expected = f"a key of {vocabulary}.yml"
        if 0 < len(known) <= SHOWN_KEYS:  # none when the vocabulary file could not be read
            expected += f": one of {', '.join(sorted(known))}"
        if not key.strip():
            raise PydanticCustomError("unknown_reference", "is empty (expected {expected})", {"expected": expected})
        raise PydanticCustomError(
            "unknown_reference", "unknown {singular} '{key}' (expected {expected}){hint}",
            {"singular": singular, "key": key, "expected": expected, "hint": did_you_mean(key, known)})

    return BeforeValidator(check)


AuthorityKey = Annotated[Slug, _reference("authorities", "authority")]
ThemeKey = Annotated[Slug, _reference("themes", "theme")]
PersonKey = Annotated[Slug, _reference("people", "person")]
ProgrammeKey = Annotated[Slug, _reference("programmes", "programme")]
InspectorateKey = Annotated[Slug, _reference("inspectorates", "inspectorate")]
MeasureKey = Annotated[Slug, _reference("measures", "measure")]
FrameworkKey = Annotated[Slug, _reference("frameworks", "framework")]
Themes = Annotated[list[ThemeKey], Field(min_length=1)]
SeedFile = Annotated[str, StringConstraints(pattern=SEED_PATTERN)]


class Strict(BaseModel):
    """Unknown fields are errors: a misspelt field name must not be silently dropped. No
    number may be infinite or not a number (`nan`, `inf`, `1e999`): none is a figure."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True, frozen=True, allow_inf_nan=False)


# --- vocabularies -------------------------------------------------------------


class AuthorityLink(Strict):
    """How another authority's service is related to this one's, as a source describes it. Declared on one of the
    two authorities; both pages show it."""

    authority: Slug
    """A key of authorities.yml: the other authority."""
    relation: Literal["predecessor", "successor", "run by", "ran"]
    """What the other authority's service is to this one's: its "predecessor" or "successor" (services merged,
    split or renamed), or the authority it was "run by" (or that this one "ran") for a time."""
    since: Optional[PartialDate] = None
    """When the relation began, as precisely as the source says."""
    until: Optional[PartialDate] = None
    """When it ended, as precisely as the source says."""
    source: Optional[RecordId] = None
    """The id of the inspection record whose source describes it."""
    note: Optional[Text] = None
    """What the source says, as a whole sentence, e.g. "Barking and Dagenham managed the service until November 2014."
    """


class Authority(Strict):
    """A local authority whose youth justice work is inspected."""

    name: Text
    """Official name, e.g. "Medway" or "Rochdale"."""
    nation: Optional[Literal["England", "Wales"]] = None
    """England or Wales."""
    also_known_as: list[Text] = []
    """Other names used for the area or its council."""
    formerly: Formerly = Field(default=[], description=FORMERLY_DOC)
    related: list[AuthorityLink] = []
    """Services this one succeeded, was succeeded by, was run by or ran."""


class Theme(Strict):
    """A subject that findings, strengths, improvements and recommendations are tagged with."""

    name: Text
    """Display name, e.g. "Management oversight"."""
    description: Text
    """One or two sentences saying what the theme covers."""
    group: Literal["inspection area", "topic"]
    """"inspection area" for the areas inspections are organised by; "topic" for subjects that run across them."""
    formerly: Formerly = Field(default=[], description=FORMERLY_DOC)


class Person(Strict):
    """Someone named in a source with a public role."""

    name: Text
    """Name as printed in the sources (OCR damage corrected)."""
    disambiguation: Optional[Text] = None
    """Tells apart people who share a name, e.g. their role; required when another entry has the same name."""
    formerly: Formerly = Field(default=[], description=FORMERLY_DOC)


class Programme(Strict):
    """An inspection programme."""

    name: Text
    """Display name, e.g. "Short Quality Screening"."""
    abbreviation: Optional[Text] = None
    """Short form used in the sources, e.g. "SQS"."""
    description: Text
    """What the programme looked at and how."""
    frameworks: list[FrameworkKey] = []
    """Keys of frameworks.yml: the versions of the framework its inspections used, oldest first."""
    formerly: Formerly = Field(default=[], description=FORMERLY_DOC)


class Standard(Strict):
    """A standard (or theme) that a framework rates."""

    number: Optional[Number] = None
    """Its number as the framework prints it, e.g. "2.1"; records name the standard by it."""
    key: Slug
    """A key for the standard within its domain, e.g. "assessment"; records name it by this where the framework
    numbers none."""
    title: Text
    """Its title, e.g. "Assessment"."""
    scored: bool = True
    """Whether its rating counts towards the score (a resettlement standard is rated but not scored)."""

    @property
    def ref(self) -> str:
        """How a record names the standard: its number, else its key."""
        return self.number or self.key


class Domain(Strict):
    """A group of standards, e.g. "2. Court disposals"."""

    number: Optional[Number] = None
    """Its number as printed."""
    key: Slug
    """A key, unique within the framework."""
    title: Text
    """Its title."""
    standards: Annotated[list[Standard], Field(min_length=1)]
    """Its standards, in the framework's order."""


class Band(Strict):
    """The points that give an overall rating."""

    rating: Text
    """A rating of the framework's scale."""
    lowest: Count
    """The fewest points that give it."""
    highest: Count
    """The most points that give it."""


class Citation(Strict):
    """A document a framework's facts come from."""

    title: Text
    """Its title."""
    publisher: Text
    """Who published it."""
    date: Optional[PartialDate] = None
    """When, as precisely as known."""
    url: Optional[Url] = None
    """Where it can be read."""
    supports: Text
    """What this archive takes from it."""


class Framework(Strict):
    """One version of an inspection framework: what it rates and how ratings become an overall rating."""

    name: Text
    """Display name, e.g. "HMI Probation standards for youth offending services (2018)"."""
    short_name: Text
    """A short name for tables, e.g. "HMIP youth 2018"."""
    description: Text
    """What it rates, in a sentence or two."""
    applies_from: Optional[PartialDate] = None
    """When inspections began to use it, as precisely as the sources say."""
    applies_to: Optional[PartialDate] = None
    """When it was replaced, if it was."""
    scale: list[Text] = []
    """The ratings, best first, e.g. Outstanding, Good, Requires improvement, Inadequate; empty if it rates nothing."""
    points: dict[Text, Count] = {}
    """Points each rating earns towards the score; empty if it gives no score."""
    overall_rating: bool
    """Whether it gives an overall rating."""
    domains: list[Domain] = []
    """Its domains and their standards."""
    bands: list[Band] = []
    """Points to overall rating, lowest band first; they must cover every possible score."""
    sources: Annotated[list[Citation], Field(min_length=1)]
    """The documents its facts come from."""
    unverified: Optional[Text] = None
    """What could not be checked against the framework's own documents (shown to readers)."""
    formerly: Formerly = Field(default=[], description=FORMERLY_DOC)

    @property
    def standards(self) -> list[Standard]:
        return [standard for domain in self.domains for standard in domain.standards]

    @property
    def maximum(self) -> int:
        """The highest possible score."""
        best = max(self.points.values(), default=0)
        return best * sum(1 for standard in self.standards if standard.scored)

    def band_for(self, points: int) -> Optional[str]:
        return next((band.rating for band in self.bands if band.lowest <= points <= band.highest), None)

    @model_validator(mode="after")
    def _consistent(self) -> Framework:
        refs = [standard.ref for standard in self.standards]
        repeated = sorted({ref for ref in refs if refs.count(ref) > 1})
        if repeated:
            raise ValueError(f"standard {', '.join(repeated)} appears twice (expected each number or key once)")
        for rating in list(self.points) + [band.rating for band in self.bands]:
            if rating not in self.scale:
                raise ValueError(f"rating '{rating}' is not on the scale ({', '.join(self.scale) or 'empty'})")
        expected = 0
        for band in self.bands:
            if band.lowest != expected or band.highest < band.lowest:
                raise ValueError(f"band '{band.rating}' covers {band.lowest}–{band.highest}; expected it to start at "
                                 f"{expected} (bands must follow one another without gaps)")
            expected = band.highest + 1
        if self.bands and expected - 1 != self.maximum:
            raise ValueError(f"the bands end at {expected - 1} points but the maximum score is {self.maximum}")
        return self


class Inspectorate(Strict):
    """An inspectorate that takes part in inspections."""

    name: Text
    """Full name, e.g. "HM Inspectorate of Probation"."""
    abbreviation: Optional[Text] = None
    """Short form, e.g. "HMI Probation"."""


class Measure(Strict):
    """A performance figure that records report, such as the reoffending rate."""

    name: Text
    """Display name, e.g. "Reoffending rate"."""
    description: Text
    """What is counted and how."""


# --- inspection records ---------------------------------------------------------


class Period(Strict):
    """A span of fieldwork days."""

    start: FieldworkDate
    """First day, YYYY-MM-DD, or YYYY-MM where the source gives only the month."""
    end: FieldworkDate
    """Last day, YYYY-MM-DD, or YYYY-MM where the source gives only the month; not before `start`."""

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end.latest < self.start.earliest:
            raise ValueError(f"fieldwork ends ({self.end}) before it starts ({self.start})")
        return self


class Judgement(Strict):
    """An overall rating or descriptor for the whole inspection."""

    rating: Text
    """The rating in the source's words, e.g. "Requires improvement"."""
    note: Optional[Text] = None
    """How the source qualifies the rating."""


class Score(Strict):
    """A per-theme result, e.g. a case assessment percentage and its descriptor."""

    theme: ThemeKey
    """The theme scored (a key of themes.yml)."""
    label: Text
    """The heading the source uses for this score."""
    percent: Optional[Percent] = None
    """Percentage of work done well enough, 0–100."""
    descriptor: Optional[Text] = None
    """The source's descriptor, e.g. "Good"."""
    section: Optional[Slug] = None
    """The `id` of the section where the score is explained."""


class RatingCount(Strict):
    rating: Text
    """A rating, e.g. "Good"."""
    count: Count
    """How many items received it."""


class RatingTally(Strict):
    """How many standards or indicators received each rating."""

    level: Text
    """What was rated, e.g. "Standards" or "Indicators"."""
    total: Optional[Count] = None
    """How many there were in all, as the source states."""
    counts: Annotated[list[RatingCount], Field(min_length=1)]
    """One entry per rating, in the source's order."""


class Paragraph(Strict):
    """A numbered finding paragraph."""

    number: Number
    """The paragraph number as printed, e.g. "2.3"; unique within its section."""
    text: Text
    """The paragraph, OCR damage corrected, meaning unchanged."""
    themes: Themes
    """One or more theme keys."""


class Subsection(Strict):
    """A titled part of a section, e.g. "1. Assessment"."""

    number: Optional[Number] = None
    """Number as printed, if any."""
    title: Text
    """Heading as printed."""
    intro: Optional[Text] = None
    """Unnumbered text before the paragraphs."""
    paragraphs: list[Paragraph] = []
    """Numbered paragraphs, in order."""


class Section(Strict):
    """A top-level part of the report, e.g. "2. Protecting the public"."""

    id: Slug
    """Anchor key, unique within the record; paragraph anchors are `<id>-<number>`."""
    number: Optional[Number] = None
    """Number as printed, if any."""
    title: Text
    """Heading as printed."""
    themes: list[ThemeKey] = []
    """Themes the whole section is about."""
    intro: Optional[Text] = None
    """Unnumbered text before the paragraphs (blank lines separate paragraphs)."""
    paragraphs: list[Paragraph] = []
    """Numbered paragraphs, in order."""
    subsections: list[Subsection] = []
    """Titled parts, in order."""
    summary: Optional[Text] = None
    """The section's closing summary, if the source gives one."""


class Item(Strict):
    """A key finding, strength or area requiring improvement."""

    text: Text
    """As printed."""
    themes: Themes
    """One or more theme keys."""
    section: Optional[Slug] = None
    """The `id` of the section this item belongs to, if the source places it in one."""


class Recommendation(Strict):
    """A recommendation and who it is addressed to."""

    number: Optional[Number] = None
    """Number as printed, if any."""
    text: Text
    """As printed, without the addressee in brackets."""
    addressed_to: Optional[Text] = None
    """Who must act, as the source says, e.g. "Head of YOT"."""
    themes: Themes
    """One or more theme keys."""


class Quote(Strict):
    """Words the source quotes."""

    text: Text
    """The quotation, without the quotation marks."""
    speaker: Text
    """Who said it, e.g. "young person", "parent/carer", "inspector"."""
    context: Optional[Text] = None
    """What the source says about the quotation, e.g. "about their experience of Early Break"."""
    section: Optional[Slug] = None
    """The `id` of the section it appears in."""
    paragraph: Optional[Number] = None
    """The number of the paragraph it appears in (within `section`)."""


class Example(Strict):
    """A case illustration or practice example."""

    kind: Literal["case illustration", "practice example"]
    """Which of the two the source calls it."""
    title: Optional[Text] = None
    """Its heading, e.g. "Operation Madison"."""
    text: Text
    """As printed (blank lines separate paragraphs)."""
    themes: Themes
    """One or more theme keys."""
    section: Optional[Slug] = None
    """The `id` of the section it appears in."""


class Comparison(Strict):
    label: Text
    """What the figure is compared with, e.g. "England and Wales average"."""
    value: float
    """The comparator's value, in the same unit."""


class Figure(Strict):
    """A performance figure: reoffending, first-time entrants, custody and the like."""

    measure: MeasureKey
    """A key of measures.yml."""
    value: float
    """The figure."""
    unit: Text
    """Unit as the source gives it, e.g. "%" or "per 100,000 10-17 year olds"."""
    period: Optional[Text] = None
    """Cohort or period it covers, e.g. "April 2013 – March 2014 cohort"."""
    compared_with: list[Comparison] = []
    """Comparators given by the source."""
    note: Optional[Text] = None
    """Anything the source says about how the figure was produced."""


class Table(Strict):
    """A table from the source, e.g. partner funding."""

    title: Text
    """Caption."""
    columns: Annotated[list[Text], Field(min_length=1)]
    """Column headings."""
    rows: Annotated[list[list[Text]], Field(min_length=1)]
    """Rows of cells, as text, one cell per column."""
    note: Optional[Text] = None
    """What the source says about the table."""

    @model_validator(mode="after")
    def _rectangular(self) -> Table:
        for i, row in enumerate(self.rows):
            if len(row) != len(self.columns):
                raise ValueError(f"row {i + 1} has {len(row)} cells; expected {len(self.columns)} (one per column)")
        return self


class StandardRating(Strict):
    """One standard's rating, or why there is none."""

    standard: Text
    """The standard's number in the framework, e.g. "2.1" (its key where the framework numbers none)."""
    rating: Optional[Text] = None
    """A rating of the framework's scale, e.g. "Good"."""
    status: Optional[Literal["not rated", "not stated", "unclear"]] = None
    """Instead of a rating: the inspection did not rate it, the source does not say, or the source is unclear."""
    note: Optional[Text] = None
    """What the source says about it, or why it is unclear."""

    @model_validator(mode="after")
    def _rating_or_status(self) -> StandardRating:
        if (self.rating is None) == (self.status is None):
            raise ValueError(f"standard {self.standard}: give either a rating or a status (not rated, not stated "
                             "or unclear), not both or neither")
        return self


class OverallRating(Strict):
    """The inspection's overall rating."""

    rating: Text
    """A rating of the framework's scale, e.g. "Requires improvement"."""
    as_published: Optional[Text] = None
    """The source's own wording, where it differs from the scale's (e.g. "requires improvement" in a council report)."""
    note: Optional[Text] = None
    """How the source explains or qualifies it."""


class RatingScore(Strict):
    """The score that sets the overall rating, as published."""

    points: Count
    """Points earned, e.g. 26."""
    maximum: Count
    """Points possible, e.g. 36."""
    percent: Optional[Percent] = None
    """The percentage as published, e.g. 72.22; it must agree with points and maximum."""


class Ratings(Strict):
    """What an inspection under a rating framework rated."""

    framework: FrameworkKey
    """A key of frameworks.yml: the framework (and version) the inspection used."""
    overall: Optional[OverallRating] = None
    """The overall rating."""
    score: Optional[RatingScore] = None
    """The score, where the source gives it."""
    standards: list[StandardRating] = []
    """Every standard of the framework with its rating or status; leave the list out where the source gives no
    per-standard ratings (e.g. only tallies)."""


class Role(Strict):
    """A named person's part in this inspection or its report."""

    person: PersonKey
    """A key of people.yml."""
    role: Text
    """Role as the source gives it, e.g. "Lead Inspector"."""
    organisation: Optional[Text] = None
    """Organisation as the source gives it, e.g. "Care Quality Commission"."""
    part: Literal["inspection team", "signatory", "addressee", "copy list", "council report", "named in text"]
    """Where the source names them: the inspection team, the signatory (the "From:" line), the addressee, the copy list,
    the authors and holders of a council report, or elsewhere in the text."""


class Source(Strict):
    """The document the record was curated from."""

    title: Text
    """Title as printed (a garbled title line is corrected, and the correction noted in `notes`)."""
    kind: Literal["inspection report", "council report", "press release", "dataset row"]
    """An inspectorate's report, a council's report about an inspection, a press release, or a row of a published
    dataset."""
    publisher: Text
    """Who issued it, e.g. "HM Inspectorate of Probation" or "Medway Council"."""
    date: Optional[PartialDate] = None
    """Date of the document, as precise as the source gives it."""
    seed: Optional[SeedFile] = None
    """File name of the converted text the record was curated from (kept for curators; never published)."""
    url: Optional[Url] = None
    """Where the document can be read, if known (http, https or mailto only)."""


class Imported(Strict):
    """Where an imported record came from, and whether a curator has checked it against the report."""

    dataset: Text
    """The published table, e.g. "data-to-insight/hmi-probation-youth-justice-scrape"."""
    version: Text
    """Which version of it, e.g. "2025-02-14 (commit b55c03e)"."""
    row: Count
    """The row of the table (the header is row 1)."""
    status: Literal["imported", "checked"]
    """"imported": as the table says, not yet checked against the report; a curator who has checked every field
    against the report sets "checked"."""
    defects: list[Text] = []
    """What the import repaired or flagged in the row, as reported when it was imported."""


def record_status(imported: Optional[Imported]) -> str:
    """"curated" from a report, or an imported record's status ("imported", "checked")."""
    return imported.status if imported else "curated"


class Inspection(Strict):
    """One inspection: what was inspected, what was found, and the source it comes from."""

    id: RecordId
    """Permanent key and URL: /inspections/<id>/. Convention: <authority>-<YYYY>-<MM> of fieldwork."""
    authority: AuthorityKey
    """A key of authorities.yml: the authority the service belongs to (for a joint service, the one named first)."""
    also_covers: list[AuthorityKey] = []
    """Other authorities a joint service covers, e.g. Denbighshire for Conwy and Denbighshire; the record is listed
    on each one's page."""
    service: Optional[Text] = None
    """The service's own name, e.g. "Medway Youth Offending Team" (left out where the source does not give it)."""
    inspectorates: Annotated[list[InspectorateKey], Field(min_length=1)]
    """Keys of inspectorates.yml, lead inspectorate first."""
    programme: ProgrammeKey
    """A key of programmes.yml."""
    title: Text
    """Short title for listings, e.g. "Short Quality Screening of youth offending work in Medway"."""
    fieldwork: list[Period] = []
    """Fieldwork periods, in order."""
    published: Optional[PartialDate] = None
    """Publication date of the inspection report, as precise as the source gives it."""
    cases_inspected: Optional[Count] = None
    """Number of cases inspected."""
    judgement: Optional[Judgement] = None
    """Overall judgement in words, for an inspection outside a rating framework (see `ratings` for rated ones)."""
    ratings: Optional[Ratings] = None
    """Ratings under the inspection's framework: overall, score and per standard."""
    scores: list[Score] = []
    """Per-theme scores."""
    rating_tallies: list[RatingTally] = []
    """Counts of standards or indicators per rating."""
    summary: Optional[Text] = None
    """The source's summary (blank lines separate paragraphs)."""
    sections: list[Section] = []
    """The report's sections with their numbered paragraphs."""
    key_findings: list[Item] = []
    """Key findings."""
    strengths: list[Item] = []
    """Key strengths."""
    improvements: list[Item] = []
    """Areas requiring improvement."""
    recommendations: list[Recommendation] = []
    """Recommendations, in order."""
    quotes: list[Quote] = []
    """Quotations from young people, parents/carers, inspectors and others."""
    examples: list[Example] = []
    """Case illustrations and practice examples."""
    figures: list[Figure] = []
    """Performance figures."""
    tables: list[Table] = []
    """Tables such as partner funding."""
    people: list[Role] = []
    """Everyone named with a role."""
    sources: Annotated[list[Source], Field(min_length=1)]
    """The documents this record comes from, the one it was curated from first."""
    notes: Optional[Text] = None
    """Curator's notes: what the source leaves unclear, corrections made, what was left out and why."""
    imported: Optional[Imported] = None
    """For a record made by `inspection-archive import`: its provenance and status."""
    formerly: list[RecordId] = []
    """Ids this record was published under before (a corrected id, or records merged into this one): their pages
    redirect here, so links to them keep working."""

    @property
    def record_status(self) -> str:
        return record_status(self.imported)

    @property
    def report_url(self) -> Optional[str]:
        """The address of the inspection report among the sources, if one is recorded."""
        return next((s.url for s in self.sources if s.kind == "inspection report" and s.url), None)

    @property
    def first_day(self) -> Optional[FieldworkDate]:
        return self.fieldwork[0].start if self.fieldwork else None

    @property
    def sort_date(self) -> dt.date:
        """When the inspection happened, for ordering: fieldwork start, else publication."""
        if self.fieldwork:
            return self.fieldwork[0].start.earliest
        if self.published:
            return self.published.earliest
        return dt.date.min
