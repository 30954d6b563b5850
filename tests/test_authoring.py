"""Authoring: scaffolding a record, the committed JSON Schema, live preview."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from conftest import FIXTURES, REPO, run_cli

from generator.schema_doc import schema_json


def test_committed_schema_matches_the_model() -> None:
    committed = (REPO / "schema" / "inspection.schema.json").read_text(encoding="utf-8")
    assert committed == schema_json(), "run: make schema"
    schema = json.loads(committed)
    assert schema["additionalProperties"] is False
    assert {"id", "authority", "sources"} <= set(schema["required"]) and "service" not in schema["required"]


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
    # The empty programme is answered with the programmes there are, not a generic example key.
    assert ("programme: is empty (expected a key of programmes.yml: one of full-joint-inspection, "
            "short-quality-screening, youth-justice-inspection)") in check.stderr
    record.write_text("edited", encoding="utf-8")
    again = run_cli("new", "southvale", "2024-05-20", "--project", str(fixture_project))
    assert again.returncode == 1 and "already exists; not overwriting it" in again.stderr
    assert record.read_text(encoding="utf-8") == "edited"


def test_new_takes_a_month_of_fieldwork_or_only_a_publication_date(fixture_project: Path) -> None:
    month = run_cli("new", "southvale", "2024-05", "--project", str(fixture_project))
    assert month.returncode == 0, month.stderr
    text = (fixture_project / "content" / "inspections" / "southvale-2024-05.yml").read_text(encoding="utf-8")
    assert "  - start: 2024-05\n    end: 2024-05\n" in text and "\n# published: YYYY-MM-DD" in text
    published = run_cli("new", "southvale", "--published", "2024-07-02", "--project", str(fixture_project))
    assert published.returncode == 0, published.stderr
    text = (fixture_project / "content" / "inspections" / "southvale-2024-07.yml").read_text(encoding="utf-8")
    assert "\npublished: 2024-07-02\n" in text and "\n# fieldwork:\n" in text and "\nfieldwork:" not in text
    neither = run_cli("new", "southvale", "--project", str(fixture_project))
    assert neither.returncode == 1 and "give the first day (or month) of fieldwork" in neither.stderr
    bad = run_cli("new", "southvale", "2024-13", "--project", str(fixture_project))
    assert bad.returncode == 2 and "impossible date '2024-13': there is no month 13" in bad.stderr
    assert "Traceback" not in bad.stderr + neither.stderr


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
    text = text.replace('  - title: ""', "  - title: Report")
    record.write_text(text, encoding="utf-8")
    result = run_cli("check", "--project", str(tmp_path))
    assert result.returncode == 0, result.stderr


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(url: str, needle: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        body = _get(url)
        if body is not None and needle in body:
            return body
        time.sleep(0.3)
    raise AssertionError(f"{url} never showed {needle!r}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_regenerates_when_a_record_changes(fixture_project: Path, tmp_path: Path) -> None:
    port = _free_port()
    temp = tmp_path / "temp"  # MkDocs builds the preview into a temporary folder
    temp.mkdir()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--project", str(fixture_project),
         "--dev-addr", f"127.0.0.1:{port}"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "TMPDIR": str(temp)})
    url = f"http://127.0.0.1:{port}/inspections/northtown-2016-02/"
    record = fixture_project / "content" / "inspections" / "northtown-2016-02.yml"
    try:
        _wait_for(url, "Plans were timely")
        record.write_text(record.read_text().replace("Plans were timely.", "Plans were late."))
        _wait_for(url, "Plans were late")
        # A mistake is reported in the terminal (MkDocs holds requests until it is fixed);
        # the server stays up, and fixing the record updates the page.
        record.write_text(record.read_text().replace("cases_inspected: 20", "cases_inspected: lots"))
        time.sleep(3)
        record.write_text(record.read_text().replace("cases_inspected: lots", "cases_inspected: 21")
                          .replace("Plans were late.", "Plans were early."))
        _wait_for(url, "Plans were early")
        assert server.poll() is None
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0]
    assert "cases_inspected: Input should be a valid integer (got 'lots')" in output
    # Stopped by SIGTERM (as a service manager stops it), serve still cleans up after itself.
    assert server.returncode == 0, output
    assert list(temp.iterdir()) == []
