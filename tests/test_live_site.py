"""The site `serve` shows (generator/live_site.py): after any edit it is exactly the site a
full MkDocs build of the same Markdown gives, whether the edit rebuilt a few pages or the
whole site."""
from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from test_preview import edit

from generator.errors import ContentError
from generator.live_site import LiveSite
from generator.pipeline import Project


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file() and p.name != "sitemap.xml.gz"}


def full_build(project: Path, site: Path) -> dict[str, bytes]:
    build(load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=False))
    return tree(site)


@pytest.fixture(autouse=True)
def _quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")  # the theme prints the build date
    logging.getLogger("mkdocs").setLevel(logging.ERROR)


def test_the_live_site_is_the_full_build_after_every_kind_of_edit(fixture_project: Path, tmp_path: Path) -> None:
    live = LiveSite(Project.at(fixture_project), tmp_path / "live")
    live.rebuild()
    assert live.last == "site"
    steps = [
        ("pages", lambda: edit(fixture_project, "Risk of harm was assessed well", "Risk of harm was assessed badly")),
        ("pages", lambda: edit(fixture_project, "value: 41.9", "value: 42.9")),
        # The people listing, a page of the navigation, changes: the whole site is rebuilt.
        ("site", lambda: edit(fixture_project, "person: ann-inspector, role: Lead Inspector",
                              "person: bob-chair, role: Lead Inspector")),
        ("site", lambda: (fixture_project / "content/inspections/northtown-2016-02.yml").unlink()),
        ("site", lambda: edit(fixture_project, "name: Risk of harm", "name: Harm to others", "content/themes.yml")),
        ("site", lambda: edit(fixture_project, "site_name: ", "site_name: Renamed ", "mkdocs.yml")),
        ("pages", lambda: None),  # nothing changed: nothing to rebuild
    ]
    for number, (expected, step) in enumerate(steps):
        step()
        live.rebuild()
        assert live.last == expected, number
        assert tree(tmp_path / "live") == full_build(fixture_project, tmp_path / f"full-{number}"), number
    page = (tmp_path / "live" / "inspections" / "northtown-2014-03" / "index.html").read_text(encoding="utf-8")
    assert "assessed badly" in page and "Harm to others" in page
    assert not (tmp_path / "live" / "inspections" / "northtown-2016-02").exists()  # removed, not served


def test_a_content_error_leaves_the_live_site_as_it_was(fixture_project: Path, tmp_path: Path) -> None:
    live = LiveSite(Project.at(fixture_project), tmp_path / "live")
    live.rebuild()
    before = tree(tmp_path / "live")
    edit(fixture_project, "cases_inspected: ", "cases_inspected: lots #")
    with pytest.raises(ContentError):
        live.rebuild()
    assert tree(tmp_path / "live") == before
    edit(fixture_project, "cases_inspected: lots #", "cases_inspected: ")
    edit(fixture_project, "Risk of harm was assessed well", "Risk of harm was assessed badly")
    live.rebuild()
    assert live.last == "pages"
    assert "assessed badly" in (tmp_path / "live" / "inspections" / "northtown-2014-03" / "index.html").read_text()
