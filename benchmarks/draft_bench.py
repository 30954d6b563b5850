"""How close `draft` comes to the curated records: drafts each report text in
data/sources/hmip-report-texts/ and compares it, field group by field group, with the record
curated from it (the record whose source names that text as its `seed`). Prints a table of
precision (of what was drafted, how much is right) and recall (of what the curated record
holds, how much was drafted), and the time per report.

    .venv/bin/python benchmarks/draft_bench.py     (make bench-draft)
"""
from __future__ import annotations

import difflib
import re
import sys
import time
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.draft import Draft, draft_record  # noqa: E402
from generator.slugs import slugify  # noqa: E402

TEXTS = ROOT / "data" / "sources" / "hmip-report-texts"
CONTENT = ROOT / "content"
SIMILAR = 0.9  # a paragraph's drafted text counts as right when this similar to the curated text


@dataclass
class Tally:
    drafted: int = 0
    curated: int = 0
    right: int = 0

    def add(self, drafted: AbstractSet[Any], curated: AbstractSet[Any]) -> None:
        self.drafted += len(drafted)
        self.curated += len(curated)
        self.right += len(drafted & curated)

    def cell(self) -> str:
        precision = f"{self.right / self.drafted:.0%}" if self.drafted else "–"
        recall = f"{self.right / self.curated:.0%}" if self.curated else "–"
        return f"{precision} / {recall} ({self.right} of {self.drafted} drafted, {self.curated} curated)"


GROUPS = ("dates", "authority", "summary", "people and parts", "roles", "section titles", "numbered paragraphs",
          "paragraph text", "strengths, improvements, recommendations", "ratings and scores", "figures",
          "figure units and periods", "figure comparisons", "conversion damage proposed")


def curated_records() -> dict[str, Any]:
    records = {}
    for path in sorted((CONTENT / "inspections").glob("*.yml")):
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        for source in record.get("sources", []):
            if source.get("seed"):
                records[source["seed"]] = record
    return records


def _dates(values: dict[str, Any]) -> set[tuple[str, str]]:
    return {(key, str(value)) for key, value in values.items() if value}


def _title(text: str) -> str:
    """A section title without its number, as words."""
    return re.sub(r"^(?:theme\s+)?\d+[.:]?\s*", "", slugify(text).replace("-", " "))


def compare(draft: Draft, record: dict[str, Any], tallies: dict[str, Tally]) -> None:
    fields: dict[str, Any] = {name: drafted.value for name, drafted in draft.fields.items()}
    drafted_fieldwork = (fields.get("fieldwork") or [{}])[0]
    curated_fieldwork = (record.get("fieldwork") or [{}])[0]
    tallies["dates"].add(_dates({"start": drafted_fieldwork.get("start"), "end": drafted_fieldwork.get("end"),
                                "published": fields.get("published")}),
                         _dates({"start": curated_fieldwork.get("start"), "end": curated_fieldwork.get("end"),
                                "published": record.get("published")}))
    tallies["authority"].add({fields["authority"]} if "authority" in fields else set(), {record["authority"]})
    drafted_people = {(person.key, person.part) for person in draft.people}
    curated_people = {(role["person"], role["part"]) for role in record.get("people", [])}
    tallies["people and parts"].add(drafted_people, curated_people)
    tallies["roles"].add({(p.key, p.part, p.role) for p in draft.people},
                         {(r["person"], r["part"], r["role"]) for r in record.get("people", [])})
    tallies["section titles"].add({_title(section.title) for section in draft.sections},
                                  {_title(section["title"]) for section in record.get("sections", [])})
    drafted_paragraphs = {number: text for section in draft.sections
                          for part in [section, *section.subsections] for number, text, _ in part.paragraphs}
    curated_paragraphs = {str(p["number"]): p["text"] for section in record.get("sections", [])
                          for p in [*section.get("paragraphs", []),
                                    *(q for sub in section.get("subsections", []) for q in sub.get("paragraphs", []))]}
    tallies["numbered paragraphs"].add(set(drafted_paragraphs), set(curated_paragraphs))
    similar = {number for number in set(drafted_paragraphs) & set(curated_paragraphs)
               if difflib.SequenceMatcher(None, drafted_paragraphs[number], curated_paragraphs[number]).ratio()
               >= SIMILAR}
    text_tally = tallies["paragraph text"]
    text_tally.drafted += len(drafted_paragraphs)
    text_tally.curated += len(curated_paragraphs)
    text_tally.right += len(similar)
    drafted_summary = str(fields.get("summary") or "")
    curated_summary = str(record.get("summary") or "")
    summary = tallies["summary"]
    summary.drafted += bool(drafted_summary)
    summary.curated += bool(curated_summary)
    summary.right += bool(drafted_summary and curated_summary and difflib.SequenceMatcher(
        None, drafted_summary, curated_summary).ratio() >= SIMILAR)
    tallies["strengths, improvements, recommendations"].add(
        {(name, text) for name, items in draft.lists.items() for _, text in items},
        {(name, item["text"]) for name in ("strengths", "improvements", "recommendations")
         for item in record.get(name, [])})
    rated = record.get("ratings") or {}
    ratings: set[tuple[object, ...]] = {("overall", str(rated["overall"]["rating"]))} if rated.get("overall") else set()
    ratings |= {("standard", str(key)) for key in rated.get("standards", {})}
    ratings |= {("tally", tally["level"], count["rating"], count["count"]) for tally in record.get("rating_tallies", [])
                for count in tally["counts"]}
    ratings |= {("score", str(score["label"]).lower(), score.get("percent"), score.get("descriptor"))
                for score in record.get("scores", [])}
    overall = draft.ratings.overall
    drafted_ratings: set[tuple[object, ...]] = {("overall", overall[0])} if overall else set()
    drafted_ratings |= {("tally", tally.level, rating, count) for tally in draft.ratings.tallies
                        for rating, count in tally.counts}
    drafted_ratings |= {("score", score.label.lower(), score.percent, score.descriptor)
                        for score in draft.ratings.scores}
    tallies["ratings and scores"].add(drafted_ratings, ratings)
    curated_figures = record.get("figures", [])
    tallies["figures"].add({(f.measure, f.value) for f in draft.figures},
                           {(f["measure"], float(f["value"])) for f in curated_figures})
    tallies["figure units and periods"].add(
        {(f.measure, f.value, f.unit, f.period) for f in draft.figures},
        {(f["measure"], float(f["value"]), f["unit"], str(f.get("period", ""))) for f in curated_figures})
    tallies["figure comparisons"].add(
        {(f.measure, f.value, label, value) for f in draft.figures for label, value in f.compared_with},
        {(f["measure"], float(f["value"]), c["label"], float(c["value"])) for f in curated_figures
         for c in f.get("compared_with", [])})


def _damage(draft: Draft, record: dict[str, Any], tallies: dict[str, Tally]) -> None:
    """Repairs the curator made, as the notes record them ("Agood system" -> "A good system"),
    against the drafter's proposals: a proposal is right when the curator repaired the words it names."""
    repaired = re.findall(r"\"([^\"]+)\" -> \"", str(record.get("notes", "")))
    tally = tallies["conversion damage proposed"]
    tally.drafted += len(draft.repairs)
    tally.curated += len(repaired)
    tally.right += sum(any(repair.printed in words for words in repaired) for repair in draft.repairs)


def main() -> None:
    authorities = yaml.safe_load((CONTENT / "authorities.yml").read_text(encoding="utf-8"))
    names = {key: [value["name"], *value.get("also_known_as", [])] for key, value in authorities.items()}
    records = curated_records()
    tallies = {group: Tally() for group in GROUPS}
    timings = []
    for text_file in sorted(TEXTS.glob("*.txt")):
        record = records.get(text_file.name)
        if record is None:
            print(f"{text_file.name}: no curated record names it as its seed; skipped", file=sys.stderr)
            continue
        text = text_file.read_text(encoding="utf-8")
        started = time.perf_counter()
        draft = draft_record(text, names)
        timings.append((text_file.name, record["id"], time.perf_counter() - started))
        compare(draft, record, tallies)
        _damage(draft, record, tallies)
    print("| field group | precision / recall |\n|---|---|")
    for group in GROUPS:
        print(f"| {group} | {tallies[group].cell()} |")
    print("\n| report | record | draft s |\n|---|---|---|")
    for name, record_id, seconds in timings:
        print(f"| {name} | {record_id} | {seconds:.3f} |")


if __name__ == "__main__":
    main()
