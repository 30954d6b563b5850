"""End to end: the real archive built with the real CLI, checked in the built HTML."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from generator.archive import load_archive
from generator.site_pages import Site
from generator.search_index import build_search_index, pages_to_index

from conftest import REPO
from site_checks import broken_links, page, resolve, search_fragments, soup


def site_of(project: Path) -> Path:
    return project / "site"


def test_every_kind_of_page_is_built(built_archive: Path) -> None:
    site = site_of(built_archive)
    archive = load_archive(REPO / "content")
    for family, keys in [("inspections", archive.inspections), ("authorities", archive.authorities),
                         ("people", archive.people), ("themes", archive.themes)]:
        assert (site / family / "index.html").is_file()
        for key in keys:
            assert (site / family / key / "index.html").is_file(), f"/{family}/{key}/ missing"
    for extra in ("about", "record-format", "programmes"):
        assert (site / extra / "index.html").is_file()
    assert json.loads((site / "schema" / "inspection.schema.json").read_text())["title"] == "Inspection"


def test_medway_authority_page_lists_both_medway_inspections_newest_first(built_archive: Path) -> None:
    html = page(site_of(built_archive), "authorities/medway")
    timeline = [a["href"] for a in html.select("article a[href*='inspections/medway-']")]
    ordered = list(dict.fromkeys(h.strip("./").split("/")[-1] for h in timeline))
    assert ordered[:2] == ["medway-2020-02", "medway-2013-12"]
    assert "Requires improvement" in html.get_text()


def test_person_pages_list_every_inspection_with_role_in_date_order(built_archive: Path) -> None:
    site = site_of(built_archive)
    rows = page(site, "people/fergus-currie").select("article table tbody tr")
    inspections = [row.find("a")["href"].split("/")[-2] for row in rows]
    assert inspections == ["rochdale-2013-06", "medway-2013-12", "havering-2015-07", "salford-2016-02"]
    assert "Care Quality Commission" in rows[0].get_text()
    lead = page(site, "people/yvonne-mcguckian").select("article table tbody tr")
    assert [r.find("a")["href"].split("/")[-2] for r in lead] == ["rochdale-2013-06", "havering-2015-07"]
    assert all("Lead" in r.get_text() or "lead" in r.get_text() for r in lead)


def test_theme_page_links_land_on_the_paragraph_they_quote(built_archive: Path) -> None:
    site = site_of(built_archive)
    overview = site / "themes" / "management-oversight" / "index.html"
    year_pages = [resolve(site, overview, a["href"])[0] for a in soup(overview).select("article table a")]
    years = Site.load(REPO / "content").index.by_theme["management-oversight"]
    assert [p.parent.name for p in year_pages] == [str(y) for y in years] and len(years) >= 3
    items = [(page, item) for page in year_pages for item in soup(page).select("article li")]
    assert len(items) >= 10
    for theme_file, item in items:
        link = item.find("a")
        target, fragment = resolve(site, theme_file, link["href"])
        assert target is not None and fragment, link["href"]
        element = soup(target).find(id=fragment)
        assert element is not None, link["href"]
        quoted = item.get_text(" ", strip=True).split(": ", 1)[1][:60]
        assert quoted in element.get_text(" ", strip=True), (link["href"], quoted)


def test_inspection_page_has_numbered_paragraph_anchors_and_theme_links(built_archive: Path) -> None:
    html = page(site_of(built_archive), "inspections/medway-2013-12")
    paragraph = html.find(id="protecting-the-public-2-4")
    assert paragraph is not None and paragraph.name == "p"
    assert paragraph.find("a")["href"] == "#protecting-the-public-2-4"
    assert any("themes/management-oversight" in a["href"] for a in paragraph.select(".theme-tags a"))
    assert html.find(id="strength-1") is not None and html.find(id="improvement-4") is not None
    people = html.find(id="people").find_next("table").get_text()
    assert "Jonathan Nason" in people and "@" not in html.get_text()


def test_search_index_holds_text_from_every_record(built_archive: Path) -> None:
    fragments = search_fragments(site_of(built_archive))
    archive = load_archive(REPO / "content")
    for record in archive.inspections.values():
        paragraphs = [p for s in record.sections for p in s.paragraphs] + \
                     [p for s in record.sections for sub in s.subsections for p in sub.paragraphs]
        assert paragraphs, record.id
        text = " ".join(fragments[f"/inspections/{record.id}/"].split())
        for paragraph in (paragraphs[0], paragraphs[-1]):
            assert " ".join(paragraph.text.split())[:80] in text, (record.id, paragraph.number)
    # Listings and year pages are left out: a search lands on the record itself.
    assert "/inspections/" not in fragments and "/themes/management-oversight/2013/" not in fragments
    assert "/authorities/medway/" in fragments and "/people/fergus-currie/" in fragments
    assert not any("¶" in text[:200] for text in fragments.values())


def test_every_internal_link_and_anchor_resolves(built_archive: Path) -> None:
    assert broken_links(site_of(built_archive)) == []


def test_record_pages_stay_out_of_the_navigation(built_archive: Path) -> None:
    html = page(site_of(built_archive), "inspections/rochdale-2013-06")
    nav_links = [a["href"] for a in html.select("nav.md-nav--primary a")]
    assert not any(re.search(r"inspections/[a-z]", h) for h in nav_links), nav_links
    assert not any("people/" in h and not h.rstrip("/").endswith("people") for h in nav_links)


def test_custom_theme_overrides_are_used(built_archive: Path) -> None:
    html = page(site_of(built_archive), "inspections/havering-2015-07")
    assert html.select_one(".record-kind").get_text(strip=True).startswith("Inspection record")
    assert "Records are curated from reports published by HM Inspectorate of Probation" in \
        html.select_one("footer").get_text(" ", strip=True)


def test_search_index_in_shards_covers_every_page_once(built_archive: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(site_of(built_archive), site)
    shutil.rmtree(site / "pagefind")
    pages = pages_to_index(site)
    assert build_search_index(site, shard_pages=30) == -(-len(pages) // 30)
    manifest = json.loads((site / "pagefind" / "shards.json").read_text())
    assert manifest["shards"] == [f"{n}/" for n in range(len(manifest["shards"]))] and manifest["pages"] == len(pages)
    indexed = sorted(search_fragments(site))
    assert indexed == sorted("/" + p.removesuffix("index.html") for p in pages)  # each page once, in one shard
