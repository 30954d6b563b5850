"""Write a synthetic archive shaped like the real records: numbered findings under
sections, strengths, improvements, recommendations, quotes, examples, figures, a table
and a team of named people, across ~155 authorities, a few hundred people and every theme.

Deterministic: the same count and seed give the same files.

    python benchmarks/synth.py OUT_DIR --records 1000
"""
from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
AUTHORITIES = 155
PEOPLE = 400
WORDS = [
    'assessment', 'planning', 'review', 'risk', 'harm', 'victims', 'safety', 'management', 'oversight',
    'quality', 'case', 'manager', 'young', 'person', 'child', 'parent', 'carer', 'court', 'custody',
    'resettlement', 'education', 'training', 'employment', 'health', 'substance', 'misuse', 'police',
    'social', 'care', 'partnership', 'board', 'data', 'performance', 'information', 'sharing', 'records',
    'intervention', 'outcome', 'compliance', 'breach', 'engagement', 'diversity', 'exploitation',
    'vulnerability', 'safeguarding', 'reoffending', 'public', 'protection', 'sentence', 'order', 'referral',
    'panel', 'staff', 'supervision', 'training', 'learning', 'development', 'report', 'analysis', 'evidence',
    'timely', 'sufficient', 'good', 'improved', 'variable', 'effective', 'consistent',
]
SYLLABLES = ["ash", "bar", "brook", "ches", "dun", "ey", "field", "ford", "ham", "hurst", "ing", "ley", "mar",
             "mere", "mond", "ness", "north", "orm", "pen", "ridge", "rock", "sea", "shire", "stan", "ton",
             "vale", "well", "west", "wick", "wood", "worth", "york"]
FIRST = ["Alex", "Bernadette", "Chris", "Dana", "Eleanor", "Fergus", "Gita", "Helen", "Imran", "Julie",
         "Kofi", "Linda", "Malcolm", "Nadia", "Owen", "Paula", "Rhian", "Sanjay", "Tomasz", "Yvonne"]
LAST = ["Adeyemi", "Brown", "Currie", "Davies", "Evans", "Fox", "Griffiths", "Hughes", "Iqbal", "Jones",
        "Kowalski", "Lewis", "Mercer", "Nason", "Owusu", "Patel", "Roberts", "Smith", "Thomas", "Williams"]
SECTIONS = [("reducing-reoffending", "Reducing reoffending"), ("protecting-the-public", "Protecting the public"),
            ("protecting-the-child", "Protecting the child or young person"),
            ("ensuring-the-sentence-is-served", "Ensuring that the sentence is served"),
            ("governance", "Governance and leadership")]


def sentence(rng: random.Random, words: int = 18) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, sentences: int = 4) -> str:
    return " ".join(sentence(rng, rng.randint(10, 24)) for _ in range(sentences))


def unique_word(n: int) -> str:
    return f"q{n:05d}x"


def authority_names(rng: random.Random) -> list[str]:
    names: set[str] = set()
    while len(names) < AUTHORITIES:
        names.add("".join(rng.sample(SYLLABLES, 2)).capitalize())
    return sorted(names)


def dump(data: object) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def write_archive(out: Path, records: int, seed: int = 7) -> list[str]:
    """Write out/content/ with `records` inspections; return their ids in order. The first
    records are the same whatever the count, so pages can be compared across sizes."""
    rng = random.Random(seed)
    content = out / "content"
    if content.exists():
        shutil.rmtree(content)
    (content / "inspections").mkdir(parents=True)
    for name in ("themes.yml", "frameworks.yml", "programmes.yml", "inspectorates.yml", "measures.yml"):
        shutil.copy(REPO / "content" / name, content / name)
    themes = list(yaml.safe_load((REPO / "content" / "themes.yml").read_text()))
    authorities = {n.lower(): n for n in authority_names(rng)}
    people: dict[str, str] = {}
    while len(people) < PEOPLE:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}-{rng.choice(SYLLABLES).capitalize()}"
        people[name.lower().replace(" ", "-")] = name
    (content / "authorities.yml").write_text(dump({k: {"name": v} for k, v in authorities.items()}))
    (content / "people.yml").write_text(dump({k: {"name": v} for k, v in people.items()}))
    person_keys, authority_keys = sorted(people), sorted(authorities)
    programmes = ["short-quality-screening", "full-joint-inspection", "youth-offending-service-inspection"]

    ids: list[str] = []
    used: set[str] = set()
    for n in range(records):
        authority = authority_keys[n % len(authority_keys)]
        year, month = 2009 + rng.randrange(17), rng.randint(1, 12)
        record_id = f"{authority}-{year}-{month:02d}"
        suffix = 2
        while record_id in used:
            record_id, suffix = f"{authority}-{year}-{month:02d}-{suffix}", suffix + 1
        used.add(record_id)
        ids.append(record_id)
        day = rng.randint(1, 20)

        def tags() -> list[str]:
            return rng.sample(themes, rng.randint(1, 3))

        sections = []
        for number, (section_id, title) in enumerate(SECTIONS, start=1):
            sections.append({
                "id": section_id, "number": str(number), "title": title, "themes": [rng.choice(themes)],
                "paragraphs": [{"number": f"{number}.{p}", "text": paragraph(rng), "themes": tags()}
                               for p in range(1, rng.randint(4, 8))]})
        record = {
            "id": record_id, "authority": authority, "service": f"{authorities[authority]} Youth Offending Service",
            "inspectorates": ["hmi-probation"], "programme": rng.choice(programmes),
            "title": f"Inspection of youth offending work in {authorities[authority]} ({year})",
            "fieldwork": [{"start": f"{year}-{month:02d}-{day:02d}", "end": f"{year}-{month:02d}-{day + 3:02d}"}],
            "published": f"{year}-{month:02d}-{day + 6:02d}" if month < 12 else f"{year}-12-28",
            "cases_inspected": rng.randint(15, 40),
            "summary": paragraph(rng, 6) + "\n\n" + paragraph(rng, 4),
            "sections": sections,
            "strengths": [{"text": sentence(rng, 12), "themes": tags()} for _ in range(5)],
            "improvements": [{"text": sentence(rng, 12), "themes": tags()} for _ in range(4)],
            "recommendations": [{"text": sentence(rng, 20), "addressed_to": "Head of Service", "themes": tags()}
                                for _ in range(4)],
            "quotes": [{"text": sentence(rng, 15), "speaker": rng.choice(["young person", "parent/carer"]),
                        "section": rng.choice(SECTIONS)[0]} for _ in range(3)],
            # A word found in this record only, so a search can prove every record is indexed.
            "examples": [{"kind": "case illustration", "title": f"Case {unique_word(n)}", "text": paragraph(rng, 5),
                          "themes": tags()}],
            "figures": [{"measure": "reoffending-rate", "value": round(rng.uniform(20, 50), 1), "unit": "%",
                         "period": f"{year - 2} cohort",
                         "compared_with": [{"label": "England and Wales average", "value": 36.6}]}],
            "tables": [{"title": "Partner funding", "columns": ["Partner", "Amount"],
                        "rows": [["Police", f"£{rng.randint(10, 99)},000"],
                                 ["Health", f"£{rng.randint(10, 99)},000"]]}],
            "people": [{"person": key, "role": rng.choice(["Lead Inspector", "Inspector", "Local Assessor",
                                                           "Chair of the Management Board", "YOS Manager"]),
                        "part": rng.choice(["inspection team", "copy list"])}
                       for key in rng.sample(person_keys, rng.randint(12, 24))],
            "sources": [{"title": f"Inspection report, {authorities[authority]}", "kind": "inspection report",
                         "publisher": "HM Inspectorate of Probation", "date": f"{year}-{month:02d}",
                         "seed": f"synthetic-{n:05d}.txt"}],
        }
        (content / "inspections" / f"{record_id}.yml").write_text(dump(record), encoding="utf-8")
    return ids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="folder to write content/ into")
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    ids = write_archive(args.out, args.records, args.seed)
    print(f"{len(ids)} records in {args.out / 'content'}")


if __name__ == "__main__":
    main()
