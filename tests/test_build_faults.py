"""What a build guarantees when it is killed, run twice at once, or runs out of disk: the site
folder always holds a whole site, old or new; nothing a failed or killed build started is
left behind once the next build has run; and a failure is one clear message."""
from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO, make_project, run_cli
from full_disk_driver import leftovers, tree

from generator import site_swap
from generator.build_lock import build_lock
from generator.search_index import incomplete_shard
from generator.site_swap import remove_leftovers, staging_folder, swap_into_place

RECORD = Path("content") / "inspections" / "northtown-2016-02.yml"
PAGE = Path("site") / "inspections" / "northtown-2016-02" / "index.html"
GENERATED = Path("build") / "docs" / "inspections" / "northtown-2016-02.md"


def sites(tmp_path: Path) -> tuple[Path, Path]:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("old", encoding="utf-8")
    staging = staging_folder(site)
    (staging / "index.html").write_text("new", encoding="utf-8")
    return site, staging


def crash_at_second_rename(monkeypatch: pytest.MonkeyPatch) -> None:
    """The process dies (as under kill -9: no handler runs) at its second rename."""
    rename = os.rename
    calls = []

    def dying_rename(source: object, target: object) -> None:
        calls.append(source)
        if len(calls) == 2:
            raise SystemExit("killed")
        rename(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "rename", dying_rename)


def test_the_swap_is_one_step_so_a_crash_never_leaves_no_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site, staging = sites(tmp_path)
    crash_at_second_rename(monkeypatch)
    swap_into_place(staging, site)
    assert (site / "index.html").read_text(encoding="utf-8") == "new"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["site"]  # the old site removed


def test_without_an_exchange_a_crash_between_renames_is_repaired_by_the_next_build(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site, staging = sites(tmp_path)
    monkeypatch.setattr(site_swap, "exchange", lambda first, second: False)
    crash_at_second_rename(monkeypatch)
    with pytest.raises(SystemExit):
        swap_into_place(staging, site)
    assert not site.exists()
    monkeypatch.undo()
    removed = remove_leftovers(site)
    assert (site / "index.html").read_text(encoding="utf-8") == "old"
    assert [path.name for path in removed] == [staging.name]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["site"]


def test_the_fallback_swap_publishes_the_new_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site, staging = sites(tmp_path)
    monkeypatch.setattr(site_swap, "exchange", lambda first, second: False)
    swap_into_place(staging, site)
    assert (site / "index.html").read_text(encoding="utf-8") == "new"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["site"]


def test_exchange_swaps_two_folders(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "from-a").touch()
    (tmp_path / "b").mkdir()
    assert site_swap.exchange(tmp_path / "a", tmp_path / "b")  # Linux, on the file systems tests run on
    assert list((tmp_path / "b").iterdir()) == [tmp_path / "b" / "from-a"]
    assert list((tmp_path / "a").iterdir()) == []


def start_build(project: Path) -> subprocess.Popen[str]:
    # A session of its own, so that the test can pause the build with all its children.
    return subprocess.Popen([sys.executable, "-m", "generator", "build", "--project", str(project)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO,
                            start_new_session=True)


def wait_until(condition: object, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def staging_in_use(project: Path) -> bool:
    return any(any(folder.iterdir()) for folder in project.glob(".site-build-*"))


@pytest.fixture
def built_project(tmp_path: Path) -> Path:
    project = make_project(tmp_path / "project", FIXTURES / "archive" / "content")
    result = run_cli("build", "--project", str(project))
    assert result.returncode == 0, result.stderr
    return project


def test_the_next_build_removes_what_a_killed_build_left(built_project: Path) -> None:
    build = start_build(built_project)
    wait_until(lambda: staging_in_use(built_project))  # MkDocs is writing the new site
    build.send_signal(signal.SIGKILL)
    build.wait()
    assert list(built_project.glob(".site-build-*"))  # what the killed build leaves
    result = run_cli("build", "--project", str(built_project))
    assert result.returncode == 0, result.stderr
    assert not list(built_project.glob(".site-*")), list(built_project.iterdir())
    assert (built_project / PAGE).is_file()


def test_a_second_build_waits_for_the_first_and_never_mixes_their_pages(built_project: Path) -> None:
    record = built_project / RECORD
    first = start_build(built_project)
    wait_until(lambda: staging_in_use(built_project))  # the first build's MkDocs reads the generated pages
    record.write_text(record.read_text(encoding="utf-8").replace("Plans were timely.", "Plans were late."),
                      encoding="utf-8")
    # The first build is paused until the second says it waits: on a busy machine the first
    # could otherwise finish before the second asks for the lock.
    os.killpg(first.pid, signal.SIGSTOP)
    second = start_build(built_project)
    assert second.stderr is not None
    said = ""
    while "waiting for it to finish" not in said and (line := second.stderr.readline()):
        said += line
    os.killpg(first.pid, signal.SIGCONT)
    while first.poll() is None:  # the second build must not touch the pages the first is building from
        assert "Plans were timely" in (built_project / GENERATED).read_text(encoding="utf-8")
        time.sleep(0.01)
    assert first.returncode == 0, first.communicate()[1]
    _, second_err = second.communicate(timeout=120)
    second_err = said + second_err
    assert second.returncode == 0, second_err
    assert "Another build of this project is running" in second_err and "waiting for it to finish" in second_err
    assert "Plans were late." in (built_project / PAGE).read_text(encoding="utf-8")


def test_a_full_disk_at_any_stage_is_one_clear_message_and_leaves_nothing(tmp_path: Path) -> None:
    if shutil.which("unshare") is None:
        pytest.fail("this test needs util-linux's unshare (Debian package util-linux) to mount a small disk")
    project = make_project(tmp_path / "project", FIXTURES / "archive" / "content")
    disk = tmp_path / "disk"
    disk.mkdir()
    result = subprocess.run(["unshare", "--user", "--map-root-user", "--mount", sys.executable,
                             str(Path(__file__).with_name("full_disk_driver.py")), str(project), str(disk)],
                            capture_output=True, text=True, cwd=REPO, check=False)
    assert result.returncode == 0, result.stderr
    outcomes = {outcome["stage"]: outcome for outcome in json.loads(result.stdout)}
    assert list(outcomes) == ["mkdocs", "search", "generation", "room again"]
    for stage in ("mkdocs", "search", "generation"):
        outcome = outcomes[stage]
        output = outcome["output"]
        assert outcome["returncode"] == 1, (stage, output)
        # Pagefind reports success on a full disk: its output is checked, and the cause guessed.
        full = "is the disk full?" if stage == "search" else "No space left on device"
        assert full in output and "Traceback" not in output, (stage, output)
        assert len(output.strip().splitlines()) <= 3, (stage, output)
        assert outcome["site_unchanged"], (stage, output)
        assert outcome["leftovers"] == [], (stage, outcome["leftovers"])
    assert "Pagefind" in outcomes["search"]["output"]
    assert "Could not write the generated pages" in outcomes["generation"]["output"]
    assert outcomes["room again"]["returncode"] == 0, outcomes["room again"]["output"]
    assert outcomes["room again"]["leftovers"] == []


@pytest.mark.parametrize("damage", ["empty", "cut off", "miscounted", "no entry"])
def test_an_incomplete_search_index_is_caught_though_pagefind_reports_success(built_project: Path,
                                                                              damage: str) -> None:
    shard = built_project / "site" / "pagefind" / "0"
    pages = json.loads((shard / "pagefind-entry.json").read_bytes())["languages"]["en"]["page_count"]
    assert incomplete_shard(shard, pages) is None
    fragment = sorted((shard / "fragment").iterdir())[0]
    if damage == "empty":
        fragment.write_bytes(b"")
    elif damage == "cut off":
        fragment.write_bytes(fragment.read_bytes()[:-9])
    elif damage == "no entry":
        (shard / "pagefind-entry.json").unlink()
    problem = incomplete_shard(shard, pages + 1 if damage == "miscounted" else pages)
    assert problem is not None and {"empty": "is empty", "cut off": "is cut off", "miscounted": "counts",
                                    "no entry": "is missing"}[damage] in problem, problem


def wait_for_orphans(project: Path) -> None:
    """A killed build's MkDocs or Pagefind may still be running, and holds the build lock."""
    with build_lock(project):
        pass


@pytest.mark.slow
def test_a_build_killed_at_any_moment_leaves_a_whole_site_and_the_next_build_clears_up(
        built_project: Path) -> None:
    seed = int.from_bytes(os.urandom(4), "big")
    chance = random.Random(seed)
    record = built_project / RECORD
    texts = {"A": record.read_text(encoding="utf-8")}
    texts["B"] = texts["A"].replace("Plans were timely.", "Plans were late.")
    trees = {"A": tree(built_project / "site")}
    started = time.monotonic()
    record.write_text(texts["B"], encoding="utf-8")
    assert run_cli("build", "--project", str(built_project)).returncode == 0
    duration = time.monotonic() - started
    trees["B"] = tree(built_project / "site")
    assert trees["A"] != trees["B"]
    published = "B"
    kills = {"anywhere": 0, "near the swap": 0}
    for trial in range(36):
        building = "A" if published == "B" else "B"
        record.write_text(texts[building], encoding="utf-8")
        build = start_build(built_project)
        if trial % 3 == 2:  # once the search index is being written, the swap is a few ms away
            wait_until(lambda: any(built_project.glob(".site-build-*/pagefind")), seconds=120)
            time.sleep(chance.uniform(0, 0.05))
            kind = "near the swap"
        else:
            time.sleep(chance.uniform(0, duration * 1.2))
            kind = "anywhere"
        build.send_signal(signal.SIGKILL)
        build.wait()
        kills[kind] += 1
        found = tree(built_project / "site")
        assert found in (trees["A"], trees["B"]), f"seed {seed}, trial {trial}: the site is neither whole site"
        wait_for_orphans(built_project)
        result = run_cli("build", "--project", str(built_project))
        assert result.returncode == 0, f"seed {seed}, trial {trial}:\n{result.stderr}"
        assert tree(built_project / "site") == trees[building], f"seed {seed}, trial {trial}"
        assert leftovers(built_project) == [], f"seed {seed}, trial {trial}"
        published = building
    assert kills == {"anywhere": 24, "near the swap": 12}
