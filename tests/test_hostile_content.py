"""What a content tree may hold that would otherwise crash, mislead or hang the build:
each is refused with its location."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import edit, loaded_problems


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-infinity", "1e999", "-1e999"])
@pytest.mark.parametrize("field", ["value: 41.9", "value: 36.6"])  # a figure, and what it is compared with
def test_a_number_must_be_finite(content: Path, value: str, field: str) -> None:
    edit(content, "inspections/northtown-2014-03.yml", field, field.replace(field.split()[1], value))
    problems = loaded_problems(content)
    assert len(problems) == 1, problems
    assert problems[0].startswith("content/inspections/northtown-2014-03.yml:")
    assert "finite number" in problems[0] or "valid number" in problems[0], problems


@pytest.mark.parametrize("control", ["\u202e", "\u202a", "\u202b", "\u202c", "\u202d", "\u2066", "\u2067", "\u2068",
                                     "\u2069"])
@pytest.mark.parametrize(("file", "text"), [("inspections/northtown-2016-02.yml", "Plans were timely."),
                                            ("authorities.yml", "name: Northtown")])
def test_bidirectional_controls_are_refused(content: Path, control: str, file: str, text: str) -> None:
    edit(content, file, text, text[:-3] + control + text[-3:])
    problems = loaded_problems(content)
    assert any(problem.startswith(f"content/{file}:") and f"bidirectional control U+{ord(control):04X}" in problem
               for problem in problems), problems
