"""`serve`: generation never forks inside MkDocs' threaded server, and the terminal says
when the preview is ready and what each rebuild did, in the archive's words."""
from __future__ import annotations

import multiprocessing
import os
import select
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from test_authoring import _free_port, _get

from generator import parallel

READY = "Serving the archive on http://127.0.0.1:{port}/ (Ctrl-C to stop)"
REBUILT = "Rebuilding only the pages whose Markdown changed."


def test_once_forbidden_nothing_forks_however_large_the_input(monkeypatch: pytest.MonkeyPatch) -> None:
    # Two cores and no other threads: forking would be allowed but for the switch.
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    monkeypatch.setattr(parallel, "_forking_forbidden", False)  # restored after the test
    if "fork" in multiprocessing.get_all_start_methods():
        assert parallel.can_fork(10_000, min_items=1)
    parallel.forbid_forking()
    assert not parallel.can_fork(10_000, min_items=1)
    assert not parallel.can_fork(1, min_items=1)  # pipeline.build's child process
    pids = set(parallel.parallel_map(lambda _: os.getpid(), list(range(10_000)), min_items=1, batch=16))
    assert pids == {os.getpid()}


class Serve:
    """`inspection-archive serve` in a child process, its output read as it comes (no threads)."""

    def __init__(self, project: Path, port: int, env: dict[str, str] | None = None) -> None:
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "--project", str(project), "--dev-addr",
             f"127.0.0.1:{port}"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
        self.output = b""

    @property
    def text(self) -> str:
        return self.output.decode("utf-8", errors="replace")

    def wait_for(self, needle: str, seconds: float = 60, after: int = 0) -> None:
        """Read output until `needle` appears after character `after` of it."""
        assert self.process.stdout is not None
        deadline = time.monotonic() + seconds
        while needle not in self.text[after:]:
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"serve never printed {needle!r}:\n{self.text}"
            if select.select([self.process.stdout], [], [], remaining)[0]:
                chunk = os.read(self.process.stdout.fileno(), 65536)
                assert chunk, f"serve exited ({self.process.wait()}) without printing {needle!r}:\n{self.text}"
                self.output += chunk

    def stop(self) -> int:
        self.process.terminate()  # SIGTERM, as a service manager stops it
        self.output += self.process.communicate(timeout=30)[0]
        return self.process.returncode


def test_serve_says_when_it_is_ready_and_what_a_rebuild_did(fixture_project: Path) -> None:
    port = _free_port()
    server = Serve(fixture_project, port)
    try:
        server.wait_for(READY.format(port=port))
        assert _get(f"http://127.0.0.1:{port}/") is not None  # ready means it answers
        record = fixture_project / "content" / "inspections" / "northtown-2016-02.yml"
        edited = len(server.text)
        record.write_text(record.read_text().replace("Plans were timely.", "Plans were late."))
        server.wait_for(REBUILT, after=edited)
        assert "Regenerated " in server.text[edited:]
    finally:
        returncode = server.stop()
    assert returncode == 0, server.text
    assert "dirty" not in server.text
    assert "DEBUG" not in server.text and "WARNING" not in server.text, server.text


@pytest.mark.slow
def test_serve_starts_and_stops_cleanly_again_and_again(fixture_project: Path, tmp_path: Path) -> None:
    temp = tmp_path / "temp"  # MkDocs builds the preview into a temporary folder
    temp.mkdir()
    for _ in range(5):
        port = _free_port()
        server = Serve(fixture_project, port, env={**os.environ, "TMPDIR": str(temp)})
        try:
            server.wait_for(READY.format(port=port), seconds=60)
        finally:
            returncode = server.stop()
        assert returncode == 0, server.text
    assert list(temp.iterdir()) == []


def _status_and_body(url: str) -> tuple[int, str]:
    """The answer to a GET, error statuses included; a request left hanging fails the test."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def test_while_a_rebuild_has_failed_every_page_shows_why(fixture_project: Path) -> None:
    port = _free_port()
    server = Serve(fixture_project, port)
    page = f"http://127.0.0.1:{port}/inspections/northtown-2016-02/"
    record = fixture_project / "content" / "inspections" / "northtown-2016-02.yml"
    text = record.read_text(encoding="utf-8")
    try:
        server.wait_for(READY.format(port=port))
        assert _status_and_body(page)[0] == 200
        broken = len(server.text)
        record.write_text(text.replace("cases_inspected: 20", "cases_inspected: <b>lots</b>"), encoding="utf-8")
        server.wait_for("The preview was not rebuilt", after=broken)
        server.wait_for("Reloading browsers", after=server.text.index("The preview was not rebuilt", broken))
        for url in (page, f"http://127.0.0.1:{port}/", f"http://127.0.0.1:{port}/authorities/northtown/"):
            status, body = _status_and_body(url)  # answered at once, not held until the record is fixed
            assert status == 500, body
            assert "The preview was not rebuilt" in body and "/livereload/" in body
            assert "cases_inspected: Input should be a valid integer (got &#x27;&lt;b&gt;lots&lt;/b&gt;&#x27;)" in body
            assert "<b>lots" not in body
        assert _status_and_body(f"http://127.0.0.1:{port}/assets/archive.css")[0] == 200  # files are still served
        fixed = len(server.text)
        record.write_text(text.replace("Plans were timely.", "Plans were mended."), encoding="utf-8")
        server.wait_for("Regenerated", after=fixed)
        server.wait_for("Reloading browsers", after=server.text.index("Regenerated", fixed))
        status, body = _status_and_body(page)
        assert status == 200 and "Plans were mended." in body
    finally:
        returncode = server.stop()
    assert returncode == 0, server.text
    assert "Traceback" not in server.text, server.text


def test_serve_starts_even_when_the_first_build_fails_and_shows_why(fixture_project: Path) -> None:
    record = fixture_project / "content" / "inspections" / "northtown-2016-02.yml"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("cases_inspected: 20", "cases_inspected: lots"), encoding="utf-8")
    port = _free_port()
    server = Serve(fixture_project, port)
    try:
        server.wait_for(READY.format(port=port))
        status, body = _status_and_body(f"http://127.0.0.1:{port}/")
        assert status == 500 and "valid integer" in body, body
        fixed = len(server.text)
        record.write_text(text, encoding="utf-8")
        server.wait_for("Regenerated", after=fixed)
        server.wait_for("Reloading browsers", after=server.text.index("Regenerated", fixed))
        assert _status_and_body(f"http://127.0.0.1:{port}/")[0] == 200
    finally:
        assert server.stop() == 0, server.text


def test_a_record_deleted_while_serving_is_no_longer_served(fixture_project: Path) -> None:
    port = _free_port()
    server = Serve(fixture_project, port)
    page = f"http://127.0.0.1:{port}/inspections/northtown-2016-02/"
    try:
        server.wait_for(READY.format(port=port))
        assert _status_and_body(page)[0] == 200
        deleted = len(server.text)
        (fixture_project / "content" / "inspections" / "northtown-2016-02.yml").unlink()
        server.wait_for("Regenerated", after=deleted)
        server.wait_for("Reloading browsers", after=server.text.index("Regenerated", deleted))
        assert _status_and_body(page)[0] == 404
        assert _status_and_body(f"http://127.0.0.1:{port}/inspections/northtown-2016-02.json")[0] == 404
        assert "northtown-2016-02" not in _status_and_body(f"http://127.0.0.1:{port}/authorities/northtown/")[1]
    finally:
        assert server.stop() == 0, server.text
