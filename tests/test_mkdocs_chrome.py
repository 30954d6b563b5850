"""The `archive-chrome` MkDocs plugin: Material's navigation and tabs, rendered once per
folder for the pages outside the navigation, give the site byte for byte as rendering them
on every page does."""
from __future__ import annotations

import logging
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO, make_project
from mkdocs.commands.build import build
from mkdocs.config import load_config

import generator.mkdocs_split
from generator.pipeline import Project, generate


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file() and p.name != "sitemap.xml.gz"}


def built(config_file: Path, site: Path, cache: bool) -> tuple[dict[str, bytes], int]:
    """The built site's files, and how many navigation renderings the cache kept."""
    config = load_config(str(config_file), site_dir=str(site))
    plugin = config.plugins["archive-chrome"]
    plugin.config["cache"] = cache
    build(config)
    return tree(site), len(plugin.rendered)


@pytest.fixture(autouse=True)
def _one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(generator.mkdocs_split, "MIN_ITEMS", 10**9)  # the cache is the parent's
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    logging.getLogger("mkdocs").setLevel(logging.WARNING)


def test_the_archive_with_the_cache_is_byte_for_byte_the_archive_without(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", FIXTURES / "archive" / "content")
    generate(Project.at(project))
    cached, kept = built(project / "mkdocs.yml", project / "site-cached", cache=True)
    fresh, none_kept = built(project / "mkdocs.yml", project / "site-fresh", cache=False)
    assert kept >= 4 and none_kept == 0  # nav and tabs for at least two folders were reused
    assert sorted(cached) == sorted(fresh) and len(fresh) > 40
    assert [name for name in fresh if cached[name] != fresh[name]] == []


CONFIG = f"""\
site_name: Chrome check
strict: true
theme:
  name: material
  custom_dir: {REPO / "site_overrides"}
  features: [navigation.tabs, navigation.tabs.sticky, navigation.indexes]
nav:
  - index.md
  - Section:
      - sec/index.md
      - sec/deep/page.md
not_in_nav: |
  /out.md
  /sec/a.md
  /sec/deep.md
  /sec/z.md
plugins: [archive-markdown, archive-chrome]
"""
PAGES = {
    "index.md": "# Home\n",
    "sec/index.md": "# Section\n",
    "sec/deep/page.md": "# Deep page\n",
    "out.md": "# Outside\n",
    # Siblings outside the navigation: a, deep and z share a folder, but a navigation item
    # lies under deep's own URL, so its links differ from its siblings'.
    "sec/a.md": "# A\n", "sec/deep.md": "# Deep\n", "sec/z.md": "# Z\n",
}


def test_pages_beside_and_above_navigation_items_get_their_own_links(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    for name, text in PAGES.items():
        (tmp_path / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / name).write_text(text, encoding="utf-8")
    cached, kept = built(tmp_path / "mkdocs.yml", tmp_path / "site-cached", cache=True)
    fresh, _ = built(tmp_path / "mkdocs.yml", tmp_path / "site-fresh", cache=False)
    assert kept == 4  # nav and tabs for sec/ (a, z) and for the top folder (out)
    assert [name for name in fresh if cached[name] != fresh[name]] == []
    assert 'href="page/"' in cached["sec/deep/index.html"].decode()
    assert 'href="../deep/page/"' in cached["sec/a/index.html"].decode()
