"""Property-based: whatever text a record holds, the page's structure does not change.

Fast layer: render the fixture archive with hypothesis-chosen text in many fields, convert
the inspection page with exactly the site's Markdown extensions, and compare the elements
with those produced for plain text. Slow layer (make test-slow): the same through a real
`mkdocs build`, checked in the built HTML.
"""
from __future__ import annotations

import copy
import shutil
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import FIXTURES, make_project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_markdown_text import site_html

from generator.archive import load_archive
from generator.index import build_index
from generator.listing import Listing
from generator.models import Inspection
from generator.render import Renderer, make_environment

ENVIRONMENT = make_environment()

RECORD_ID = "northtown-2014-03"
MARKUP_PIECES = ["<script>", "</script>", "<img src=x onerror=alert(1)>", "javascript:", "[", "](", ")", "{:",
                 "}", "#", "|", "---", "`", "*", "_", "<!--", "-->", "{{", "}}", "{%", "%}", "&", "&#x3C;", "\\",
                 "!!! note", "<div markdown>", "</div>", "</title>", "<a href=", '"', "'", ">", "1.", "- ", "\n",
                 "\n\n", "    ", "=", "===", "~~~", "$$", "<br>", "<http://x.y>", "![a](b)"]

texts = st.lists(st.one_of(st.sampled_from(MARKUP_PIECES),
                           st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)),
                 min_size=1, max_size=12).map("".join).filter(lambda t: t.strip() != "")


def poisoned(record: dict[str, Any], text: str) -> dict[str, Any]:
    data = copy.deepcopy(record)
    data["title"] = text
    data["service"] = text
    data["sections"][0]["title"] = text
    data["sections"][0]["paragraphs"][0]["text"] = text
    data["sections"][0]["subsections"][0]["title"] = text
    data["strengths"][0]["text"] = text
    data["recommendations"][0]["addressed_to"] = text
    data["quotes"][0]["speaker"] = text
    data["examples"][0]["title"] = text
    data["figures"][0]["unit"] = text
    data["tables"][0]["title"] = text
    data["tables"][0]["rows"][0] = [text, text]
    data["people"][0]["role"] = text
    data["sources"][0]["title"] = text
    return data


def structure(markdown_text: str) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
    """Every element with its attributes, in document order (text left out)."""
    html = site_html(markdown_text.split("---\n", 2)[-1])
    return [(e.name, tuple(sorted((k, str(v)) for k, v in e.attrs.items())))
            for e in BeautifulSoup(html, "html.parser").find_all(True)]


@pytest.fixture(scope="module")
def fixture_archive():  # type: ignore[no-untyped-def]
    archive = load_archive(FIXTURES / "archive" / "content", lambda _: Listing.of)
    raw = yaml.safe_load((FIXTURES / "archive" / "content" / "inspections" / f"{RECORD_ID}.yml").read_text())
    return archive, raw, structure(page_for(archive, raw, "plain words"))


def page_for(archive, raw: dict[str, Any], text: str) -> str:  # type: ignore[no-untyped-def]
    vocabularies = {"themes": archive.themes, "people": archive.people, "authorities": archive.authorities,
                    "programmes": archive.programmes, "inspectorates": archive.inspectorates,
                    "measures": archive.measures}
    record = Inspection.model_validate(poisoned(raw, text), context={"vocabularies": vocabularies})
    changed = archive.holding(dict(archive.inspections, **{RECORD_ID: Listing.of(record)}))
    renderer = Renderer(changed, build_index(changed), ENVIRONMENT)
    return renderer.with_related_panel(renderer.record_page(record), RECORD_ID)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts)
def test_record_text_never_changes_the_page_structure(fixture_archive, text: str) -> None:  # type: ignore[no-untyped-def]
    archive, raw, plain = fixture_archive
    assert structure(page_for(archive, raw, text)) == plain


@pytest.mark.slow
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts)
def test_built_html_shows_record_text_as_text(tmp_path_factory, text: str) -> None:  # type: ignore[no-untyped-def]
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from site_checks import assert_no_injected_markup, page

    from generator.pipeline import Project, generate

    project = make_project(tmp_path_factory.mktemp("prop") / "p", FIXTURES / "archive" / "content")
    path = project / "content" / "inspections" / f"{RECORD_ID}.yml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    path.write_text(yaml.safe_dump(poisoned(raw, text), allow_unicode=True, sort_keys=False), encoding="utf-8")
    generate(Project.at(project))
    build(load_config(str(project / "mkdocs.yml"), strict=True, site_dir=str(project / "site")))
    html = page(project / "site", f"inspections/{RECORD_ID}")
    assert_no_injected_markup(html)
    shown = " ".join(html.select_one("article .summary-panel").get_text(" ").split())
    assert " ".join(text.split()) in shown
    shutil.rmtree(project)
