"""End to end: archives built with the real CLI, checked in the built HTML.

Each test runs on two builds: the fixture archive (tests/fixtures/archive), whose facts
are also pinned here because it changes only with the tests, and the real archive
(content/), whose expectations are derived from its records, so that adding or correcting
a record never breaks a test that is not about it.
"""
from __future__ import annotations

import functools
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from conftest import FIXTURES, REPO
from site_checks import broken_links, page, resolve, search_fragments, soup

from generator.archive import Archive, load_archive
from generator.models import Inspection
from generator.search_index import build_search_index, searchable_pages

CONTENT = {"fixture": FIXTURES / "archive" / "content", "real": REPO / "content"}
ITEM_ANCHORS = {"key_findings": "finding", "strengths": "strength", "improvements": "improvement",
                "recommendations": "recommendation", "examples": "example"}
"""The anchor prefix of each kind of numbered item on an inspection page (#strength-2)."""


@dataclass(frozen=True)
class Built:
    site: Path
    archive: Archive[Inspection]
    """The records the site was built from, whole: what the pages must show."""


@functools.cache
def records_of(content: Path) -> Archive[Inspection]:
    return load_archive(content)


@pytest.fixture(params=list(CONTENT))
def built(request: pytest.FixtureRequest) -> Built:
    project = request.getfixturevalue("built_fixture" if request.param == "fixture" else "built_archive")
    return Built(project / "site", records_of(CONTENT[request.param]))


# --- what the records say the pages must show ---------------------------------------


def newest_first(archive: Archive[Inspection], ids: list[str]) -> list[str]:
    return sorted(ids, key=lambda i: (archive.inspections[i].sort_date, i), reverse=True)


def themed_texts(record: Inspection) -> list[tuple[str, str, tuple[str, ...]]]:
    """(anchor, text, themes) of each tagged text of a record: numbered paragraphs and items."""
    out = []
    for section in record.sections:
        for paragraph in section.paragraphs + [p for sub in section.subsections for p in sub.paragraphs]:
            anchor = f"{section.id}-{paragraph.number.replace('.', '-')}"
            out.append((anchor, paragraph.text, tuple(paragraph.themes)))
    for field, prefix in ITEM_ANCHORS.items():
        for i, item in enumerate(getattr(record, field), start=1):
            out.append((f"{prefix}-{i}", item.text, tuple(item.themes)))
    return out


def words(text: str) -> str:
    return " ".join(text.split())


def landing_text(element: Tag) -> str:
    """What a reader sees where a link lands: the element, or for a heading (an example's
    title) everything up to the next heading."""
    if not re.fullmatch(r"h[1-6]", element.name):
        return words(element.get_text(" ", strip=True))
    parts = [element.get_text(" ", strip=True)]
    for sibling in element.find_next_siblings():
        if re.fullmatch(r"h[1-6]", sibling.name):
            break
        parts.append(sibling.get_text(" ", strip=True))
    return words(" ".join(parts))


def inspection_of(site: Path, html_file: Path, href: str) -> tuple[str | None, str]:
    """The inspection a link goes to (None for other pages), and its fragment."""
    target, fragment = resolve(site, html_file, href)
    if target is None or target.name != "index.html" or target.parent.parent != site / "inspections":
        return None, fragment
    return target.parent.name, fragment


def linked_inspections(site: Path, html_file: Path, links: list[Tag], known: dict[str, object]) -> list[str]:
    """The records that links go to, in order of first link."""
    found = (inspection_of(site, html_file, a["href"])[0] for a in links if a.get("href"))
    return list(dict.fromkeys(key for key in found if key in known))


# --- the tests ------------------------------------------------------------------------


def test_every_kind_of_page_is_built(built: Built) -> None:
    site, archive = built.site, built.archive
    for family, keys in [("inspections", archive.inspections), ("authorities", archive.authorities),
                         ("people", archive.people), ("themes", archive.themes), ("programmes", archive.programmes)]:
        assert (site / family / "index.html").is_file()
        for key in keys:
            assert (site / family / key / "index.html").is_file(), f"/{family}/{key}/ missing"
    for extra in ("about", "record-format", "programmes"):
        assert (site / extra / "index.html").is_file()
    assert json.loads((site / "schema" / "inspection.schema.json").read_text())["title"] == "Inspection"


def test_authority_pages_list_their_inspections_newest_first(built: Built) -> None:
    site, archive = built.site, built.archive
    for key in archive.authorities:
        html_file = site / "authorities" / key / "index.html"
        html = soup(html_file)
        expected = newest_first(archive, [i for i, r in archive.inspections.items()
                                          if key == r.authority or key in r.also_covers])
        # The timeline comes before the sections that link the same records again (figures,
        # inspectors); a related service's section may cite another authority's record.
        related = html.find(id="related-services")
        if related is not None:
            related.find_next("ul").decompose()
        listed = linked_inspections(site, html_file, html.select("article a[href]"), archive.inspections)
        assert listed == expected, key
        for record in (archive.inspections[i] for i in expected):
            overall = record.ratings.overall if record.ratings else record.judgement
            if overall:
                assert overall.rating in html.get_text(), (key, record.id)


def test_fixture_authority_timeline(built_fixture: Path) -> None:
    site = built_fixture / "site"
    html_file = site / "authorities" / "northtown" / "index.html"
    html = soup(html_file)
    listed = [inspection_of(site, html_file, a["href"])[0] for a in html.select("article a[href]")]
    assert list(dict.fromkeys(i for i in listed if i)) == ["northtown-2016-02", "northtown-2014-03"]
    assert "Good" in html.get_text()
    # A joint service's inspection is on the page of each authority it covers.
    for authority in ("eastmere", "westmere"):
        html_file = site / "authorities" / authority / "index.html"
        links = page(site, f"authorities/{authority}").select("article a[href]")
        assert {inspection_of(site, html_file, a["href"])[0] for a in links} - {None} == {"eastmere-2023-01"}


def test_person_pages_list_every_inspection_with_role_in_date_order(built: Built) -> None:
    site, archive = built.site, built.archive
    for key in archive.people:
        html_file = site / "people" / key / "index.html"
        rows = soup(html_file).select("article table tbody tr")
        named_in = [r for r in archive.inspections.values() if any(role.person == key for role in r.people)]
        oldest_first = newest_first(archive, [r.id for r in named_in])[::-1]
        assert [inspection_of(site, html_file, row.find("a")["href"])[0] for row in rows] == oldest_first, key
        for row, inspection in zip(rows, oldest_first, strict=True):
            text = words(row.get_text(" "))
            for role in (r for r in archive.inspections[inspection].people if r.person == key):
                for shown in (role.role, role.organisation, role.part):
                    assert shown is None or words(shown) in text, (key, inspection, shown)


def test_fixture_person_pages(built_fixture: Path) -> None:
    site = built_fixture / "site"
    rows = page(site, "people/ann-inspector").select("article table tbody tr")
    assert [row.find("a")["href"].split("/")[-2] for row in rows] == ["northtown-2014-03", "northtown-2016-02"]
    assert all(s in rows[0].get_text() for s in ("Lead Inspector", "HMI Probation", "inspection team"))
    assert all(s in rows[1].get_text() for s in ("Assistant Chief Inspector", "signatory"))
    [row] = page(site, "people/bob-chair").select("article table tbody tr")
    assert "Chair of the Management Board" in row.get_text() and "addressee" in row.get_text()


def test_theme_page_links_land_on_the_paragraph_they_quote(built: Built) -> None:
    site, archive = built.site, built.archive
    landed = 0
    pages: dict[Path, BeautifulSoup] = {}
    for theme in archive.themes:
        # Per year, newest first: each record's texts tagged with the theme.
        tagged: dict[int, dict[str, dict[str, str]]] = {}
        for record in archive.inspections.values():
            texts = {anchor: text for anchor, text, themes in themed_texts(record) if theme in themes}
            if texts:
                tagged.setdefault(record.sort_date.year, {})[record.id] = texts
        years = sorted(tagged, reverse=True)
        overview = site / "themes" / theme / "index.html"
        year_pages = [resolve(site, overview, a["href"])[0] for a in soup(overview).select("article table a")]
        assert [p.parent.name for p in year_pages if p is not None] == [str(y) for y in years], theme
        for year, year_page in zip(years, year_pages, strict=True):
            assert year_page is not None
            items = soup(year_page).select("article li")
            listed: list[tuple[str, str]] = []
            for item in items:
                link = item.find("a")
                inspection, fragment = inspection_of(site, year_page, link["href"])
                assert inspection in tagged[year] and fragment in tagged[year][inspection], (theme, link["href"])
                listed.append((inspection, fragment))
                quoted = words(tagged[year][inspection][fragment])[:60]
                assert quoted in words(item.get_text(" ")), (theme, link["href"])
                target = site / "inspections" / inspection / "index.html"
                if target not in pages:
                    pages[target] = soup(target)
                element = pages[target].find(id=fragment)
                assert element is not None, link["href"]
                assert quoted in landing_text(element), (link["href"], quoted)
                landed += 1
            # Every tagged text once, grouped by inspection, newest first.
            assert sorted(listed) == sorted((i, a) for i, texts in tagged[year].items() for a in texts), (theme, year)
            assert list(dict.fromkeys(i for i, _ in listed)) == newest_first(archive, list(tagged[year])), (theme, year)
    assert landed >= 3


def test_inspection_pages_have_numbered_paragraph_anchors_and_theme_links(built: Built) -> None:
    site, archive = built.site, built.archive
    for record in archive.inspections.values():
        html = page(site, f"inspections/{record.id}")
        for anchor, text, themes in themed_texts(record):
            element = html.find(id=anchor)
            assert element is not None, (record.id, anchor)
            if anchor.split("-")[0] in ITEM_ANCHORS.values() and anchor.split("-")[1].isdigit():
                if element.name == "li":  # findings, strengths, improvements, recommendations
                    tags = [a["href"] for a in element.select(".theme-tags a")]
                    assert all(any(f"themes/{t}/" in h for h in tags) for t in themes), (record.id, anchor, tags)
                continue
            assert element.name == "p", (record.id, anchor)
            assert element.find("a")["href"] == f"#{anchor}"  # a paragraph links to itself
            assert words(text)[:60] in words(element.get_text(" ")), (record.id, anchor)
            tags = [a["href"] for a in element.select(".theme-tags a")]
            assert all(any(f"themes/{t}/" in h for h in tags) for t in themes), (record.id, anchor, tags)
        if record.people:
            people = words(html.find(id="people").find_next("table").get_text(" "))
            assert all(words(archive.people[role.person].name) in people for role in record.people), record.id
        # No e-mail address on the page that the record does not itself give.
        emails = set(re.findall(r"[\w.+-]+@[\w-]+\.[\w.-]+", html.get_text()))
        assert emails <= set(re.findall(r"[\w.+-]+@[\w-]+\.[\w.-]+", record.model_dump_json())), record.id


def test_fixture_inspection_page(built_fixture: Path) -> None:
    html = page(built_fixture / "site", "inspections/northtown-2014-03")
    paragraph = html.find(id="protecting-the-public-2-2")  # in a subsection
    assert paragraph is not None and paragraph.name == "p"
    assert paragraph.find("a")["href"] == "#protecting-the-public-2-2"
    assert [a["href"] for a in paragraph.select(".theme-tags a")] == ["../../themes/management-oversight/"]
    for anchor in ("finding-1", "strength-1", "improvement-1", "recommendation-1", "example-1"):
        assert html.find(id=anchor) is not None, anchor
    people = html.find(id="people").find_next("table").get_text()
    assert "Ann Inspector" in people and "Bob Chair" in people
    assert not re.search(r"[\w.+-]+@[\w-]+\.\w", html.get_text())  # no e-mail address


def test_search_index_holds_text_from_every_record(built: Built) -> None:
    site, archive = built.site, built.archive
    fragments = search_fragments(site)
    searched = 0
    for record in archive.inspections.values():
        texts = [text for _, text, _ in themed_texts(record)] or ([record.summary] if record.summary else [])
        indexed = words(fragments[f"/inspections/{record.id}/"])
        for text in texts[:1] + texts[-1:]:
            assert words(text)[:80] in indexed, (record.id, text[:40])
            searched += 1
    assert searched
    # Authorities, people and theme overviews are indexed; listings and year pages are left
    # out, so a search lands on the record itself.
    for family in ("authorities", "people", "themes"):
        for key in getattr(archive, family):
            assert f"/{family}/{key}/" in fragments, (family, key)
    assert "/inspections/" not in fragments
    assert not [url for url in fragments if re.fullmatch(r"/(inspections|themes/[^/]+)/\d{4}/", url)]
    assert not any("¶" in text[:200] for text in fragments.values())


def test_every_internal_link_and_anchor_resolves(built: Built) -> None:
    # On the real archive, this is the smoke test that content/ builds and holds together.
    assert broken_links(built.site) == []


def test_record_pages_stay_out_of_the_navigation(built: Built) -> None:
    for key in built.archive.inspections:
        html = page(built.site, f"inspections/{key}")
        nav_links = [a["href"] for a in html.select("nav.md-nav--primary a")]
        assert nav_links, key
        assert not any(re.search(r"inspections/[a-z]", h) for h in nav_links), nav_links
        assert not any("people/" in h and not h.rstrip("/").endswith("people") for h in nav_links)


def test_custom_theme_overrides_are_used(built: Built) -> None:
    for key in built.archive.inspections:
        html = page(built.site, f"inspections/{key}")
        assert html.select_one(".record-kind").get_text(strip=True).startswith("Inspection record"), key
        assert "Records are curated from reports published by HM Inspectorate of Probation" in \
            html.select_one("footer").get_text(" ", strip=True)


def test_search_index_in_shards_covers_every_page_once(built: Built, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(built.site, site)
    shutil.rmtree(site / "pagefind")
    pages = searchable_pages(built.site.parent / "build" / "docs")
    # The front matter the pages are chosen by is what main.html marks for Pagefind.
    assert pages == sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                           if b"data-pagefind-body" in p.read_bytes())
    shard = max(2, -(-len(pages) // 5))  # about five shards, whatever the archive's size
    assert build_search_index(site, pages, shard_pages=shard) == -(-len(pages) // shard) > 1
    manifest = json.loads((site / "pagefind" / "shards.json").read_text())
    assert manifest["shards"] == [f"{n}/" for n in range(len(manifest["shards"]))] and manifest["pages"] == len(pages)
    indexed = sorted(search_fragments(site))
    assert indexed == sorted("/" + p.removesuffix("index.html") for p in pages)  # each page once, in one shard
