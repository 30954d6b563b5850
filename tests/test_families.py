"""The page-family registry is the one source of what the site holds: its pages, what an
edit touches, the navigation, and the folders mkdocs.yml names."""
from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pathspec
import pytest
from conftest import FIXTURES, REPO, run_cli

from generator.errors import BuildError
from generator.families import FAMILIES, FAMILY, navigation, not_in_nav, pages_touched_by
from generator.listing import Listing
from generator.pipeline import Project, generate
from generator.site_build import read_site_config
from generator.site_pages import Site

FIXTURE = FIXTURES / "archive" / "content"


@pytest.fixture(scope="module")
def site() -> Site:
    return Site.load(FIXTURE)


def test_the_site_is_exactly_the_pages_of_its_families(site: Site) -> None:
    rendered = dict(site.render())
    declared = [family.path(key) for family in FAMILIES for key in family.keys(site)]
    assert len(declared) == len(set(declared)), "two families claim the same path"
    assert sorted(rendered) == sorted(declared)
    assert isinstance(rendered[FAMILY["schema"].path()], str) and rendered["schema/inspection.schema.json"]


def test_an_edit_touches_every_page_that_shows_the_record(site: Site) -> None:
    """Every page that links to an inspection shows something of it, so preview must re-render it."""
    pages = dict(site.render())
    for key, record in site.archive.inspections.items():
        target = re.compile(rf"(^|/|\(){re.escape(key)}\.md[#)]")
        linking = {path for path, text in pages.items() if isinstance(text, str) and target.search(text)}
        linking.add(FAMILY["inspection"].path(key))
        missing = linking - pages_touched_by(record, site.archive)
        assert not missing, (key, sorted(missing))


def test_every_markdown_page_is_in_the_navigation_or_left_out_of_it_on_purpose(site: Site) -> None:
    in_nav = {path for entry in navigation() for path in entry.values()}
    excluded = pathspec.gitignore.GitIgnoreSpec.from_lines(not_in_nav())
    for family in FAMILIES:
        for key in family.keys(site):
            path = family.path(key)
            if not family.is_markdown:
                continue
            assert path in in_nav or excluded.match_file(path), path  # MkDocs: the nav wins where both match
    assert next(iter(navigation()[0].values())) == "index.md"


def test_addresses_are_the_published_urls() -> None:
    assert FAMILY["authority"].address() == "/authorities/<key>/"
    assert FAMILY["inspection"].address("id") == "/inspections/<id>/"
    assert FAMILY["home"].address() == "/"
    assert FAMILY["inspections-index"].address() == "/inspections/"
    assert FAMILY["schema"].address() == "/schema/inspection.schema.json"


def test_mkdocs_yml_is_read_with_mkdocs_tags(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text((REPO / "mkdocs.yml").read_text(encoding="utf-8").replace(
        "docs_dir: build/docs", "docs_dir: !ENV [ARCHIVE_DOCS_DIR, build/docs]"), encoding="utf-8")
    monkeypatch.setenv("ARCHIVE_DOCS_DIR", "elsewhere/docs")
    assert read_site_config(config).docs_dir == tmp_path / "elsewhere" / "docs"
    monkeypatch.delenv("ARCHIVE_DOCS_DIR")
    assert read_site_config(config).docs_dir == tmp_path / "build" / "docs"
    config.write_text("site_name: [unclosed\n", encoding="utf-8")
    with pytest.raises(BuildError, match=r"mkdocs\.yml: MkDocs encountered an error parsing"):
        read_site_config(config)


def test_generate_honours_env_in_mkdocs_yml(fixture_project: Path) -> None:
    config = fixture_project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "site_name: Youth Justice Inspection Archive", "site_name: !ENV [SITE_NAME, Archive]"), encoding="utf-8")
    result = run_cli("generate", "--project", str(fixture_project))
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert (fixture_project / "build" / "docs" / "index.md").is_file()


def test_mkdocs_yml_may_not_spell_the_navigation(fixture_project: Path) -> None:
    config = fixture_project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "nav:\n  - Home: index.md\n", encoding="utf-8")
    generate(Project.at(fixture_project))
    result = run_cli("build", "--project", str(fixture_project))
    assert result.returncode == 1 and "must not set nav" in result.stderr, result.stderr
    shutil.rmtree(fixture_project / "build")


def test_a_family_unpacks_only_the_parts_it_declares(monkeypatch: pytest.MonkeyPatch) -> None:
    # Preview skips the families that do not unpack a record's texts or details when an edit
    # changed only those: a family that reads one without saying so would go stale.
    site = Site.load(FIXTURES / "archive" / "content")
    allowed: set[str] = set()

    def guarded(part: str, original: Any) -> Any:
        def unpack(self: Listing) -> Any:
            assert part in allowed, f"unpacks {part} without declaring it"
            return original(self)
        return unpack

    monkeypatch.setattr(Listing, "texts", guarded("texts", Listing.texts))
    monkeypatch.setattr(Listing, "details", guarded("details", Listing.details))
    for family in FAMILIES:
        allowed.clear()
        allowed.update(family.unpacks)
        paths = {family.path(key) for key in family.keys(site)}
        assert len(list(site.render(paths))) == len(paths), family.name
