"""The `archive-split` MkDocs plugin: a large site's pages are built by two processes, each
page exactly once, and the result is the same site a single process builds. A warning on a
page of either process still fails a strict build."""
from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
from conftest import FIXTURES, make_project
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin
from mkdocs.structure.pages import Page

import generator.mkdocs_split
import generator.parallel
from generator.pipeline import Project, generate

CONFIG = """\
site_name: Split check
strict: true
theme: mkdocs
nav: [index.md]
plugins: [archive-markdown, archive-split, archive-memory]
"""


class _Pids(BasePlugin):  # type: ignore[type-arg]
    """Appends "pid page" for each page written, to a file (the child's memory is its own)."""

    def __init__(self, log: Path) -> None:
        self.log = log

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        if output.strip():
            with self.log.open("a", encoding="utf-8") as handle:
                handle.write(f"{os.getpid()} {page.file.src_uri}\n")
        return output


def site_of(root: Path, pages: dict[str, str], split: bool, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(generator.parallel.os, "cpu_count", lambda: 2)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")  # the theme prints the build date
    monkeypatch.setattr(generator.mkdocs_split, "MIN_ITEMS", 1 if split else 10**9)
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    for name, text in pages.items():
        (root / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "docs" / name).write_text(text, encoding="utf-8")
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"))
    config.plugins["test-pids"] = _Pids(root / "pids.txt")
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    build(config)
    return root / "site"


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()
            and p.name != "sitemap.xml.gz"}


PAGES = {"index.md": "# Home\n\n[a](a.md) [z](sub/z.md#end)\n",
         **{f"p{n}.md": f"# Page {n}\n\n## <a id=\"s\"></a>Part\n\nText {n} links [home](index.md).\n" for n in range(9)},
         "sub/z.md": "# Z\n\n<a id=\"end\"></a>The end.\n", "a.md": "# A\n\nA page.\n"}


def test_two_processes_build_each_page_once_and_the_same_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    alone = tree(site_of(tmp_path / "alone", PAGES, False, monkeypatch))
    split = tree(site_of(tmp_path / "split", PAGES, True, monkeypatch))
    assert split == alone
    written = [line.split() for line in (tmp_path / "split" / "pids.txt").read_text().splitlines()]
    assert sorted(page for _, page in written) == sorted(PAGES)  # each page once
    by_pid: dict[str, set[str]] = {}
    for pid, page in written:
        by_pid.setdefault(pid, set()).add(page)
    assert len(by_pid) == 2 and str(os.getpid()) in by_pid
    assert all(len(pages) >= 4 for pages in by_pid.values())


@pytest.mark.parametrize("broken", ["a.md", "index.md"])
def test_a_warning_on_either_process_s_page_fails_the_strict_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   broken: str) -> None:
    # MkDocs orders pages by path with index.md first: the parent builds index.md, the child a.md.
    pages = dict(PAGES, **{broken: PAGES[broken] + "\n[gone](gone.md)\n"})
    with pytest.raises(Abort):
        site_of(tmp_path, pages, True, monkeypatch)
    written = (tmp_path / "pids.txt").read_text().splitlines()
    assert len({line.split()[0] for line in written}) == 2  # both processes ran


def test_the_archive_built_by_two_processes_is_byte_for_byte_the_site_one_builds(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The real configuration and theme (Material, the archive's plugins and overrides).
    monkeypatch.setattr(generator.parallel.os, "cpu_count", lambda: 2)
    project = make_project(tmp_path / "project", FIXTURES / "archive" / "content")
    generate(Project.at(project))
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    sites = {}
    for split in (False, True):
        monkeypatch.setattr(generator.mkdocs_split, "MIN_ITEMS", 1 if split else 10**9)
        sites[split] = project / f"site-{split}"
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(sites[split]))
        config.plugins["test-pids"] = _Pids(project / f"pids-{split}.txt")
        build(config)
    assert len({line.split()[0] for line in (project / "pids-True.txt").read_text().splitlines()}) == 2
    alone, split_tree = tree(sites[False]), tree(sites[True])
    assert len(alone) > 40 and sorted(split_tree) == sorted(alone)
    assert [name for name in alone if split_tree[name] != alone[name]] == []
