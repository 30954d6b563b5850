"""Open data on real builds of the fixture archive: Atom feeds, the JSON and CSV downloads,
citations, and the register that keeps every published address."""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import jsonschema
import pytest
from conftest import edit, run_cli
from lxml import etree
from site_checks import page, tree_digest

from generator.archive import load_archive
from generator.citations import Cited, bibtex, csl_json, plain_text, ris
from generator.models import Inspection
from generator.open_data import CSV_COLUMNS, inspections_json
from generator.pipeline import Project
from generator.publication import Publication
from generator.ratings_data import FORMULA_START
from generator.render import safe_url
from generator.site_pages import Site
from generator.url_register import published_addresses, read_register

ATOM = "{http://www.w3.org/2005/Atom}"


def site_url_of(project: Path) -> str:
    return Project.at(project).site.publication.site_url


def local_file(site: Path, url: str, site_url: str) -> Path:
    """The built file that answers a permanent URL of the site."""
    assert url.startswith(site_url), url
    path = urlsplit(url).path[len(urlsplit(site_url).path):]
    return site / (path + "index.html" if path.endswith("/") or not path else path)


# --- feeds ---------------------------------------------------------------------------


def feeds_of(site: Path) -> list[Path]:
    return sorted(path for path in (site / "feeds").rglob("*.xml") if path.name != "sitemap.xml")


def test_feeds_are_valid_atom_listing_inspections_newest_published_first(built_fixture: Path) -> None:
    site, site_url = built_fixture / "site", site_url_of(built_fixture)
    archive = load_archive(built_fixture / "content")
    feeds = feeds_of(site)
    names = {str(path.relative_to(site)) for path in feeds}
    # Only two fixture records are dated to the day: the others (month only) are in no feed.
    assert names == {"feeds/inspections.xml", "feeds/authorities/northtown.xml", "feeds/authorities/southvale.xml"} | {
        f"feeds/themes/{theme}.xml" for key in ("northtown-2016-02", "southvale-2022-05")
        for theme in _themes(archive.inspections[key])}
    listed: set[str] = set()
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.version == "atom10"
        root = etree.fromstring(path.read_bytes())
        for element in ("id", "title", "updated", "author"):  # RFC 4287 4.1.1 (author: no entry has one)
            assert root.find(ATOM + element) is not None, (path, element)
        self_links = [link.get("href") for link in root.findall(ATOM + "link") if link.get("rel") == "self"]
        assert self_links == [site_url + str(path.relative_to(site))]
        dates = [entry.published_parsed for entry in parsed.entries]
        assert dates == sorted(dates, reverse=True) and dates
        for entry, element in zip(parsed.entries, root.findall(ATOM + "entry"), strict=True):
            key = entry.link.rstrip("/").rsplit("/", 1)[1]
            record = archive.inspections[key]
            listed.add(key)
            assert local_file(site, entry.link, site_url).is_file()
            assert entry.id == entry.link
            assert entry.title == record.title
            assert record.published is not None
            assert entry.published.startswith(f"{record.published}T00:00:00")
            assert entry.summary_detail.type == "text/plain"
            assert record.published.long() in entry.summary
            # RFC 4287 4.1.1: at most one alternate link per type and language (a link without
            # a rel is one).
            assert [link.get("rel", "alternate") for link in element.findall(ATOM + "link")] == ["alternate"]
            for required in ("id", "title", "updated"):
                assert element.find(ATOM + required) is not None
    assert listed == {"northtown-2016-02", "southvale-2022-05"}


def _themes(record: Inspection) -> set[str]:
    from generator.listing import Listing
    return Listing.of(record).themes


def test_pages_advertise_their_feeds(built_fixture: Path) -> None:
    site = built_fixture / "site"
    for url_path, feed in [("authorities/northtown", "feeds/authorities/northtown.xml"),
                           ("", "feeds/inspections.xml"), ("inspections", "feeds/inspections.xml")]:
        html = page(site, url_path)
        links = html.select('head link[rel="alternate"][type="application/atom+xml"]')
        assert len(links) == 1, url_path
        folder = site / url_path
        assert (folder / links[0]["href"]).resolve() == (site / feed).resolve(), url_path
    # An authority whose feed would be empty has neither the feed nor a link to it.
    assert not page(site, "authorities/eastmere").select('link[type="application/atom+xml"]')
    assert not (site / "feeds" / "authorities" / "eastmere.xml").exists()


# --- JSON and CSV ------------------------------------------------------------------------


def test_json_downloads_hold_every_record_as_validated(built_fixture: Path) -> None:
    site, site_url = built_fixture / "site", site_url_of(built_fixture)
    archive = load_archive(built_fixture / "content")
    text = (site / "data" / "inspections.json").read_text(encoding="utf-8")
    data = json.loads(text)
    schema = json.loads((site / "schema" / "inspection.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    assert data["schema"] == site_url + "schema/inspection.schema.json"
    assert [entry["id"] for entry in data["records"]] == list(archive.inspections)  # newest first
    seeds = [source.seed for record in archive.inspections.values() for source in record.sources if source.seed]
    assert seeds and not any(seed in text for seed in seeds)  # curators' file names are not published
    assert '"seed"' not in text
    for entry in data["records"]:
        validator.validate(entry["record"])
        record = archive.inspections[entry["id"]]
        unseeded = record.model_copy(update={"sources": [s.model_copy(update={"seed": None}) for s in record.sources]})
        assert Inspection.model_validate(entry["record"]) == unseeded
        assert entry["url"] == f"{site_url}inspections/{record.id}/"
        assert local_file(site, entry["url"], site_url).is_file()
        assert entry["status"] == "curated" and entry["report_url"] == record.report_url
        one = json.loads((site / "inspections" / f"{record.id}.json").read_text(encoding="utf-8"))
        assert one == entry


def test_the_archive_json_is_written_a_record_at_a_time(fixture_project: Path) -> None:
    site = Site.load(fixture_project / "content")
    pieces = list(inspections_json(site))
    assert len(pieces) == len(site.archive.inspections) + 2  # header, one piece per record, end
    assert json.loads(b"".join(pieces))["records"]


def unformula(cell: str) -> str:
    """What a program reading the CSV does with a cell the archive protected (Data page)."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_START) else cell


def test_csv_round_trips_and_no_cell_runs_as_a_formula(fixture_project: Path) -> None:
    content = fixture_project / "content"
    hostile = {"title": '=HYPERLINK("https://evil.example/","click")', "service": "+SUM(A1:A9)"}
    record = content / "inspections/southvale-2022-05.yml"
    text = record.read_text(encoding="utf-8")
    for field, value in hostile.items():  # YAML single quotes: the values hold no single quote
        text, found = re.subn(rf"(?m)^{field}: .*$", f"{field}: '{value}'", text)
        assert found == 1, field
    record.write_text(text, encoding="utf-8")
    result = run_cli("build", "--project", str(fixture_project))
    assert result.returncode == 0, result.stderr + result.stdout
    archive = Site.load(content).archive
    raw = (fixture_project / "site" / "data" / "inspections.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(raw, newline="")))
    assert rows[0] == [name for name, _ in CSV_COLUMNS]
    assert all(not cell.startswith(FORMULA_START) for row in rows for cell in row)
    table = [dict(zip(rows[0], map(unformula, row), strict=True)) for row in rows[1:]]
    assert [row["id"] for row in table] == list(archive.inspections)
    for row in table:
        record = archive.inspections[row["id"]]
        assert row["title"] == record.title and row["service"] == (record.service or "")
        assert row["authority"] == record.authority and row["published"] == str(record.published or "")
        assert row["overall_rating"] == (record.ratings.overall.rating if record.ratings and record.ratings.overall
                                         else "")
        assert row["record_status"] == record.record_status and row["report_url"] == (record.report_url or "")
    southvale = next(row for row in table if row["id"] == "southvale-2022-05")
    assert (southvale["title"], southvale["service"]) == (hostile["title"], hostile["service"])


# --- citations -------------------------------------------------------------------------


def hostile_cited(paragraph: str | None = None) -> Cited:
    return Cited(key="x-2020-01" + ("-para-2.3" if paragraph else ""), author="HM Inspectorate of Probation",
                 title="50% of {cases} & #1 in R_x ~ \\end", date=None, site_name="Archive",
                 url="https://example.org/inspections/x-2020-01/" + ("#p-2-3" if paragraph else ""),
                 report_url="https://example.org/report.pdf", status="imported", paragraph=paragraph)


def test_citation_formats() -> None:
    cited = hostile_cited("2.3")
    assert plain_text(cited) == ("HM Inspectorate of Probation (n.d.). 50% of {cases} & #1 in R_x ~ \\end, paragraph "
                                 "2.3. Archive. https://example.org/inspections/x-2020-01/#p-2-3 Original report: "
                                 "https://example.org/report.pdf. Imported from a published table; not yet checked "
                                 "against the report.")
    entry = bibtex(cited)
    assert "title = {{50\\% of \\{cases\\} \\& \\#1 in R\\_x \\textasciitilde{} \\textbackslash{}end}}," in entry
    assert entry.startswith("@techreport{x-2020-01-para-2.3,") and entry.count("{") == entry.count("}")
    lines = ris(cited).splitlines()
    assert lines[0] == "TY  - RPRT" and lines[-1] == "ER  - "
    assert all(re.match(r"^[A-Z][A-Z0-9]  - ", line) for line in lines)
    assert "UR  - https://example.org/inspections/x-2020-01/#p-2-3" in lines
    [item] = json.loads(csl_json(cited))
    assert item["URL"].endswith("#p-2-3") and item["type"] == "report" and "issued" not in item


def test_every_inspection_page_and_numbered_paragraph_has_a_citation(built_fixture: Path) -> None:
    site, site_url = built_fixture / "site", site_url_of(built_fixture)
    archive = load_archive(built_fixture / "content")
    for key, record in archive.inspections.items():
        html = page(site, f"inspections/{key}")
        url = f"{site_url}inspections/{key}/"
        whole = html.select_one("#cite ~ .citation")
        assert whole is not None, key
        assert [node["data-citation"] for node in whole.select("[data-citation]")] == [
            "plain text", "BibTeX", "RIS", "CSL-JSON"]
        assert url in whole.select_one(".citation-text").get_text()
        if record.report_url:
            assert html.select_one(f'.summary-panel a[href="{safe_url(record.report_url)}"]') is not None, key
        numbered = html.select("p.numbered-paragraph")
        assert len(numbered) == sum(len(s.paragraphs) + sum(len(u.paragraphs) for u in s.subsections)
                                    for s in record.sections)
        for paragraph in numbered:
            cite = paragraph.find_next_sibling()
            assert cite.name == "details" and "paragraph-citation" in cite["class"], (key, paragraph["id"])
            assert f"{url}#{paragraph['id']}" in cite.select_one(".citation-text").get_text()
            [item] = json.loads(cite.select_one('[data-citation="CSL-JSON"]').get_text())
            assert item["URL"] == f"{url}#{paragraph['id']}"


# --- permanent addresses ----------------------------------------------------------------


def build(project: Path) -> tuple[int, str]:
    result = run_cli("build", "--project", str(project))
    return result.returncode, result.stderr + result.stdout


def test_the_register_keeps_every_published_address(fixture_project: Path) -> None:
    code, output = build(fixture_project)
    assert code == 0, output
    register = fixture_project / "published-urls.txt"
    site = fixture_project / "site"
    first = read_register(register)
    assert first == published_addresses(site)
    assert {"/", "/inspections/northtown-2016-02/", "/inspections/northtown-2016-02.json", "/data/inspections.csv",
            "/feeds/inspections.xml", "/authorities/northtown/"} <= first
    assert not any(address.startswith(("/assets/", "/pagefind/")) for address in first)

    # A record removed without a redirect: the build fails and names what would disappear.
    before = tree_digest(site)
    moved = fixture_project / "northtown-2016-02.yml"
    shutil.move(fixture_project / "content/inspections/northtown-2016-02.yml", moved)
    code, output = build(fixture_project)
    assert code != 0 and "Traceback" not in output
    assert "/inspections/northtown-2016-02/\n" in output and "/inspections/northtown-2016-02.json" in output
    assert "formerly:" in output
    assert tree_digest(site) == before and read_register(register) == first

    # The same record under a new id, with its old one declared: the old addresses lead to it.
    text = moved.read_text(encoding="utf-8").replace("id: northtown-2016-02", "id: northtown-2016-03\nformerly:\n"
                                                     "  - northtown-2016-02", 1)
    (fixture_project / "content/inspections/northtown-2016-03.yml").write_text(text, encoding="utf-8")
    code, output = build(fixture_project)
    assert code == 0, output
    redirect = (site / "inspections/northtown-2016-02/index.html").read_text(encoding="utf-8")
    assert 'http-equiv="refresh" content="0; url=../northtown-2016-03/"' in redirect
    assert '<link rel="canonical" href="' + site_url_of(fixture_project) + 'inspections/northtown-2016-03/">' in redirect
    assert json.loads((site / "inspections/northtown-2016-02.json").read_text())["id"] == "northtown-2016-03"
    assert "/inspections/northtown-2016-02/" in page(site, "inspections/northtown-2016-03").select_one(
        ".summary-panel").get_text()
    assert read_register(register) == first | {"/inspections/northtown-2016-03/", "/inspections/northtown-2016-03.json"}


def test_a_renamed_authority_keeps_its_addresses(fixture_project: Path) -> None:
    assert build(fixture_project)[0] == 0
    content = fixture_project / "content"
    edit(content, "authorities.yml", "northtown:\n", "north-town:\n  formerly: [northtown]\n")
    for record in ("northtown-2014-03", "northtown-2016-02"):
        edit(content, f"inspections/{record}.yml", "authority: northtown\n", "authority: north-town\n")
    code, output = build(fixture_project)
    assert code == 0, output
    site = fixture_project / "site"
    assert "url=../north-town/" in (site / "authorities/northtown/index.html").read_text()
    assert (site / "feeds/authorities/northtown.xml").read_bytes() == (site / "feeds/authorities/north-town.xml"
                                                                        ).read_bytes()
    assert "/authorities/northtown/" in page(site, "authorities/north-town").get_text()


def test_a_former_key_may_not_be_a_current_one(content: Path) -> None:
    from conftest import loaded_problems
    edit(content, "authorities.yml", "northtown:\n", "northtown:\n  formerly: [southvale]\n")
    assert any("authorities.yml:2:" in problem and "'southvale' is a current key" in problem
               for problem in loaded_problems(content)), loaded_problems(content)


def test_related_services_link_both_ways(built_fixture: Path, tmp_path: Path) -> None:
    from conftest import FIXTURES, make_project
    project = make_project(tmp_path / "project", FIXTURES / "archive" / "content")
    edit(project / "content", "authorities.yml", "southvale:\n", "southvale:\n  related:\n"
         "    - authority: northtown\n      relation: run by\n      until: 2015-03\n"
         "      source: northtown-2014-03\n")
    assert build(project)[0] == 0
    site = project / "site"
    south = page(site, "authorities/southvale").find(id="related-services").find_next("ul").get_text(" ")
    north = page(site, "authorities/northtown").find(id="related-services").find_next("ul").get_text(" ")
    assert "Service run by" in south and "Northtown" in south and "until March 2015" in south
    assert "Ran the service of" in north and "Southvale" in north


def test_publication_urls() -> None:
    publication = Publication("https://example.org/archive/", "Archive")
    assert publication.url("/authorities/x/") == "https://example.org/archive/authorities/x/"


@pytest.mark.parametrize("value", ["", "example.org", None])
def test_site_url_must_be_an_address(tmp_path: Path, value: str | None) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: X\n" + (f"site_url: '{value}'\n" if value is not None else ""))
    from generator.errors import BuildError
    from generator.site_build import read_site_config
    with pytest.raises(BuildError, match="site_url must be"):
        read_site_config(config)


def test_an_imported_record_is_cited_as_the_report_its_row_describes() -> None:
    from conftest import FIXTURES
    archive = load_archive(FIXTURES / "equivalence" / "content")
    record = next(r for r in archive.inspections.values() if r.imported is not None)
    assert record.sources[0].kind == "dataset row"
    cited = Cited.of(record, Publication("https://example.org/", "Archive"), f"/inspections/{record.id}/")
    assert cited.author == next(s.publisher for s in record.sources if s.kind == "inspection report")
    assert plain_text(cited).endswith("Imported from a published table; not yet checked against the report.")


def test_the_data_page_documents_every_file_the_site_publishes(built_fixture: Path) -> None:
    from generator.families import FAMILIES
    html = page(built_fixture / "site", "data")
    text, hrefs = html.get_text(), {a["href"] for a in html.select("article a[href]")}
    codes = {code.get_text() for code in html.select("article td code")}
    assert {name for name, _ in CSV_COLUMNS} <= codes  # column names as written (no escape shows)
    internal = {"redirect", "feed-sitemap"}  # answers to old addresses and to the theme's script
    for family in FAMILIES:
        if family.is_markdown or family.name in internal:
            continue
        pattern = family.address("key")
        as_text = re.escape(pattern).replace(re.escape("<key>"), "<[a-z]+>")
        named = re.search(as_text, text) or any(href.endswith(pattern.rsplit("/", 1)[1]) for href in hrefs)
        assert named, f"the Data page does not document {family.name} ({pattern})"


def test_the_committed_register_holds_every_address_of_the_curated_site(built_archive: Path) -> None:
    """Builds add new addresses to published-urls.txt: commit it with the change that adds pages."""
    from conftest import REPO
    unregistered = published_addresses(built_archive / "site") - read_register(REPO / "published-urls.txt")
    assert not unregistered, f"not in published-urls.txt (run make site and commit it): {sorted(unregistered)[:10]}"
