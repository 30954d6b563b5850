"""Authoring: scaffolding a record, the committed JSON Schema, live preview."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from generator.schema_doc import schema_json

from conftest import FIXTURES, REPO, run_cli


def test_committed_schema_matches_the_model() -> None:
    committed = (REPO / "schema" / "inspection.schema.json").read_text(encoding="utf-8")
    assert committed == schema_json(), "run: make schema"
    schema = json.loads(committed)
    assert schema["additionalProperties"] is False
    assert {"id", "authority", "service", "source"} <= set(schema["required"])


def test_new_scaffolds_a_record_and_refuses_to_overwrite(fixture_project: Path) -> None:
    result = run_cli("new", "southvale", "2024-05-13", "--project", str(fixture_project))
    assert result.returncode == 0, result.stderr
    record = fixture_project / "content" / "inspections" / "southvale-2024-05.yml"
    text = record.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/inspection.schema.json\n")
    assert "id: southvale-2024-05\n" in text and "authority: southvale\n" in text and "start: 2024-05-13" in text
    # The scaffold is deliberately incomplete: check names each field still to fill in.
    check = run_cli("check", "--project", str(fixture_project))
    assert check.returncode == 1
    assert "southvale-2024-05.yml:13:10: service: is empty (expected text)" in check.stderr
    record.write_text("edited", encoding="utf-8")
    again = run_cli("new", "southvale", "2024-05-20", "--project", str(fixture_project))
    assert again.returncode == 1 and "already exists; not overwriting it" in again.stderr
    assert record.read_text(encoding="utf-8") == "edited"


def test_new_suggests_a_known_authority(fixture_project: Path) -> None:
    result = run_cli("new", "northtwon", "2024-05-13", "--project", str(fixture_project))
    assert result.returncode == 1
    assert "unknown authority 'northtwon'" in result.stderr and "did you mean 'northtown'?" in result.stderr
    assert not list((fixture_project / "content" / "inspections").glob("northtwon*"))


def test_filled_scaffold_validates(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "archive" / "content", content)
    (tmp_path / "mkdocs.yml").write_text((REPO / "mkdocs.yml").read_text())
    assert run_cli("new", "southvale", "2024-05-13", "--project", str(tmp_path)).returncode == 0
    record = content / "inspections" / "southvale-2024-05.yml"
    text = record.read_text(encoding="utf-8")
    for field, value in [("service", "Southvale YOS"), ("programme", "short-quality-screening"),
                         ("title", "SQS of Southvale"), ("seed", "southvale.txt")]:
        text = text.replace(f'{field}: ""', f"{field}: {value}", 1)
    text = text.replace('  title: ""', "  title: Report")
    record.write_text(text, encoding="utf-8")
    result = run_cli("check", "--project", str(tmp_path))
    assert result.returncode == 0, result.stderr
