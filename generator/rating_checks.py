"""A record's ratings against its framework (frameworks.yml): standards it names, ratings on
the scale, a score that adds up, tallies that agree. Published ratings that disagree with
their score's band are warnings, not errors: reports and datasets sometimes do disagree,
and the reader should see it rather than the record be refused."""
from __future__ import annotations

from collections import Counter

from generator.models import Framework, Inspection, Ratings
from generator.suggest import did_you_mean
from generator.yaml_source import FieldPath

Finding = tuple[FieldPath, str]
PERCENT_TOLERANCE = 0.01
"""Published percentages are rounded to two decimal places."""


def score_percent(points: int, maximum: int) -> float:
    return 100 * points / maximum if maximum else 0.0


def check_tallies(record: Inspection) -> list[Finding]:
    """Counts that add up to their stated total (for every record, rated or not)."""
    problems: list[Finding] = []
    for i, tally in enumerate(record.rating_tallies):
        counted = sum(entry.count for entry in tally.counts)
        if tally.total is not None and counted != tally.total:
            problems.append((("rating_tallies", i, "total"),
                             f"the counts add up to {counted}, not {tally.total} "
                             "(expected them to add up to the total)"))
    return problems


def check_ratings(record: Inspection, frameworks: dict[str, Framework],
                  programme_frameworks: list[str] | None) -> tuple[list[Finding], list[Finding]]:
    """(errors, warnings) about the record's ratings under its framework."""
    ratings = record.ratings
    if ratings is None or ratings.framework not in frameworks:
        return [], []  # an unknown framework key is reported by validation
    framework = frameworks[ratings.framework]
    errors: list[Finding] = []
    warnings: list[Finding] = []
    if programme_frameworks is not None and ratings.framework not in programme_frameworks:
        allowed = ", ".join(programme_frameworks) or "none"
        errors.append((("ratings", "framework"), f"programme '{record.programme}' does not use framework "
                                                 f"'{ratings.framework}' (its frameworks: {allowed})"))
    if record.judgement is not None:
        errors.append((("judgement",), "a rated inspection gives its overall rating in ratings.overall, not judgement"))
    scale = framework.scale
    if ratings.overall is not None:
        if not framework.overall_rating:
            errors.append((("ratings", "overall"), f"framework '{ratings.framework}' gives no overall rating"))
        elif ratings.overall.rating not in scale:
            errors.append((("ratings", "overall", "rating"), _off_scale(ratings.overall.rating, scale)))
    by_ref = {standard.ref: standard for standard in framework.standards}
    given: Counter[str] = Counter()
    for i, entry in enumerate(ratings.standards):
        where: FieldPath = ("ratings", "standards", i)
        if entry.standard not in by_ref:
            errors.append((where + ("standard",), f"standard '{entry.standard}' is not in framework "
                                                  f"'{ratings.framework}'{did_you_mean(entry.standard, by_ref)}"))
            continue
        given[entry.standard] += 1
        if given[entry.standard] == 2:
            errors.append((where + ("standard",), f"standard {entry.standard} is listed twice"))
        if entry.rating is not None and entry.rating not in scale:
            errors.append((where + ("rating",), _off_scale(entry.rating, scale)))
    missing = [ref for ref in by_ref if ref not in given]
    if ratings.standards and missing:
        errors.append((("ratings", "standards"), f"standards {', '.join(missing)} of framework '{ratings.framework}' "
                                                 "are missing (give each a rating, or a status: not rated, not stated "
                                                 "or unclear)"))
    score = ratings.score
    if score is not None:
        errors.extend(_score_problems(score.points, score.maximum, score.percent, framework))
        disagreement = band_disagreement(ratings, framework)
        if disagreement:
            warnings.append((("ratings", "overall", "rating"), disagreement))
    errors.extend(_tallies_against_standards(record))
    return errors, warnings


def band_disagreement(ratings: Ratings, framework: Framework) -> str | None:
    """What to tell curator and reader when the overall rating is not the band its score implies."""
    if ratings.overall is None or ratings.score is None:
        return None
    band = framework.band_for(ratings.score.points)
    if band is None or band == ratings.overall.rating:
        return None
    return (f"the published overall rating '{ratings.overall.rating}' differs from the band of its score "
            f"({ratings.score.points} of {ratings.score.maximum} points: {band})")


def _off_scale(rating: str, scale: list[str]) -> str:
    if not scale:
        return f"rating '{rating}' given, but the framework has no rating scale"
    return f"rating '{rating}' is not on the framework's scale ({', '.join(scale)}){did_you_mean(rating, scale)}"


def _score_problems(points: int, maximum: int, percent: float | None, framework: Framework) -> list[Finding]:
    problems: list[Finding] = []
    if maximum != framework.maximum:
        problems.append((("ratings", "score", "maximum"),
                         f"the framework's maximum score is {framework.maximum}, not {maximum}"))
    if points > maximum:
        problems.append((("ratings", "score", "points"), f"{points} points is more than the maximum of {maximum}"))
    if percent is not None and maximum and abs(percent - score_percent(points, maximum)) > PERCENT_TOLERANCE:
        problems.append((("ratings", "score", "percent"),
                         f"{percent:g}% does not match {points} of {maximum} points "
                         f"({score_percent(points, maximum):.2f}%)"))
    return problems


def _tallies_against_standards(record: Inspection) -> list[Finding]:
    """A tally of standards must count what the per-standard ratings say, where both are given."""
    assert record.ratings is not None
    rated = Counter(entry.rating for entry in record.ratings.standards if entry.rating is not None)
    if not rated:
        return []
    problems: list[Finding] = []
    for i, tally in enumerate(record.rating_tallies):
        if tally.level.strip().lower() != "standards":
            continue
        counted = Counter({entry.rating: entry.count for entry in tally.counts if entry.count})
        if counted != rated:
            said = "; ".join(f"{count} {rating}" for rating, count in sorted(counted.items()))
            found = "; ".join(f"{count} {rating}" for rating, count in sorted(rated.items()))
            problems.append((("rating_tallies", i), f"the tally ({said}) contradicts the standards' ratings ({found})"))
    return problems
