"""In a real browser (Playwright driving Debian's Chromium) against the freshly built
site served on localhost: search, navigation, anchors, console, phone widths, privacy,
accessibility (axe-core) and keyboard use. Screenshots go to tests/screenshots/.

A missing Chromium fails these tests (it never skips them): `make test` installs Debian's
package when it can; `make test-no-browser` leaves them out explicitly.
"""
from __future__ import annotations

import functools
import http.server
import itertools
import os
import re
import shutil
import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from conftest import REPO

from generator.archive import Archive, load_archive
from generator.models import Inspection, Paragraph

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
FAMILIES = ["home", "inspections-index", "inspection", "inspection-long", "council-report-record",
            "authorities-index", "authority", "people-index", "person", "themes-index", "theme", "theme-year",
            "inspections-year", "programme", "about", "record-format", "ratings", "framework"]
"""One page of each kind; which record, authority, person… is chosen from content/ (see Picks)."""
SEARCHED_RECORDS = 6
"""At most this many records are looked for by a phrase of their own (spread over the archive)."""
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic"]


def chromium_path() -> str:
    found = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.fail("Chromium is not installed. Install Debian's package (apt-get install chromium), or run "
                    "the suite without browser tests explicitly: make test-no-browser", pytrace=False)
    return found


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # `format`: the base class's signature
        pass


def _serve(site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join()


# The servers and the browser are this module's (not the session's): their threads end with
# it, so later tests run in a process with one thread, where parallel_map may fork.
@pytest.fixture(scope="module")
def site_url(built_archive: Path) -> Iterator[str]:
    yield from _serve(built_archive / "site")


@pytest.fixture(scope="module")
def sharded_site_url(built_archive: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The same site with its search index split into several shards, as large archives are."""
    from generator.search_index import build_search_index, searchable_pages

    site = tmp_path_factory.mktemp("sharded") / "site"
    shutil.copytree(built_archive / "site", site)
    shutil.rmtree(site / "pagefind")
    pages = searchable_pages(built_archive / "build" / "docs")
    assert build_search_index(site, pages, shard_pages=3) > 10  # the record pages fall into different shards
    yield from _serve(site)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def open_page(browser, width: int = 1280, height: int = 900):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.problems = []  # console errors and uncaught exceptions
    page.requests = []
    page.on("console", lambda m: page.problems.append(f"console {m.type}: {m.text} ({m.location.get('url', '')})")
            if m.type == "error" else None)
    page.on("pageerror", lambda e: page.problems.append(f"page error: {e}"))
    page.on("request", lambda r: page.requests.append(r.url))
    return page


def search(page, site_url: str, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    page.goto(site_url)
    opener = page.locator("label.md-header__button[for='__search']")
    if opener.is_visible():  # phone widths hide the search box behind a button
        opener.click()
    page.locator("input.md-search__input").click()
    page.keyboard.type(query)
    page.locator(".md-search-result__item").first.wait_for()
    return [a.get_attribute("href") for a in page.locator(".md-search-result__item > a").all()]


def inspections_in(hrefs: list[str]) -> list[str]:
    """Inspection ids among search results, in result order, without repeats."""
    found = [h.split("/inspections/")[1].split("/")[0] for h in hrefs if "/inspections/" in h]
    return list(dict.fromkeys(f for f in found if f))


# --- what to look at, chosen from content/ --------------------------------------------
# The site is the real archive; which pages and words the tests use is derived from its
# records, so that adding or correcting a record never breaks a test that is not about it.


def strings(value: Any) -> Iterator[str]:
    """Every string in a record's or vocabulary entry's dump."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def tokens(texts: Iterable[str]) -> set[str]:
    """Lower-case words as a search index may split them: letters alone, and letters with digits."""
    return {t.lower() for text in texts for pattern in (r"[A-Za-z]+", r"[A-Za-z0-9]+") for t in re.findall(pattern, text)}


def plain_words(text: str) -> list[str]:
    """Words of letters only, not joined to digits or hyphens."""
    return re.findall(r"(?<![\w-])[A-Za-z]+(?![\w-])", text)


def paragraphs(record: Inspection) -> list[Paragraph]:
    return [p for s in record.sections for p in s.paragraphs + [p for sub in s.subsections for p in sub.paragraphs]]


def tagged(record: Inspection, theme: str) -> list[Paragraph]:
    return [p for p in paragraphs(record) if theme in p.themes]


def oldest_first(records: Iterable[Inspection]) -> list[Inspection]:
    return sorted(records, key=lambda r: (r.sort_date, r.id))


def most(counts: Iterable[tuple[Any, int]]) -> Any:
    """The key with the highest count; the first key among equals."""
    ranked = sorted(counts, key=lambda kc: (-kc[1], kc[0]))
    assert ranked and ranked[0][1] > 0, "content/ has none"
    return ranked[0][0]


def own_word(record: Inspection, others: set[str]) -> str | None:
    """A word of the record's paragraphs, the earliest, that a search could match in no other
    record. Search stems words and matches prefixes, so no word of another record may share
    its first four letters."""
    prefixes = {t[:4] for t in others}
    return next((w for p in paragraphs(record) for w in plain_words(p.text)
                 if len(w) >= 7 and w.lower()[:4] not in prefixes), None)


@dataclass(frozen=True)
class Picks:
    archive: Archive[Inspection]
    urls: dict[str, str]
    """A page of each family (FAMILIES), relative to the site root."""
    inspection: Inspection
    authority: str
    theme: str
    theme_year: int
    phrases: list[tuple[str, str]]
    """(query, record id): a word that only that record's text has."""
    common_word: str
    """A word of the text of several records that no index page shows."""
    common_word_records: int

    @classmethod
    def of(cls, archive: Archive[Inspection]) -> Picks:
        records = list(archive.inspections.values())
        newest = oldest_first(records)[::-1]
        longest = most((r.id, len(paragraphs(r))) for r in records)
        reports = [r for r in newest if r.sources[0].kind == "inspection report" and r.id != longest] or newest
        council = next((r for r in newest if r.sources[0].kind == "council report"), newest[0])
        framework = most((k, sum(bool(r.ratings and r.ratings.framework == k) for r in records))
                         for k in archive.frameworks)
        authority = most((k, sum(r.authority == k for r in records)) for k in archive.authorities)
        person = most((k, sum(any(role.person == k for role in r.people) for r in records)) for k in archive.people)
        theme = most((k, sum(len(tagged(r, k)) for r in records)) for k in archive.themes)
        theme_year = most((y, sum(len(tagged(r, theme)) for r in records if r.sort_date.year == y))
                          for y in {r.sort_date.year for r in records})
        year = most((y, sum(r.sort_date.year == y for r in records)) for y in {r.sort_date.year for r in records})
        programme = most((k, sum(r.programme == k for r in records)) for k in archive.programmes)
        urls = {
            "home": "", "inspections-index": "inspections/", "inspection": f"inspections/{reports[0].id}/",
            "inspection-long": f"inspections/{longest}/", "council-report-record": f"inspections/{council.id}/",
            "authorities-index": "authorities/", "authority": f"authorities/{authority}/", "people-index": "people/",
            "person": f"people/{person}/", "themes-index": "themes/", "theme": f"themes/{theme}/",
            "theme-year": f"themes/{theme}/{theme_year}/", "inspections-year": f"inspections/{year}/",
            "programme": f"programmes/{programme}/", "about": "about/", "record-format": "record-format/",
            "ratings": "ratings/", "framework": f"frameworks/{framework}/",
        }
        assert sorted(urls) == sorted(FAMILIES)

        words = {r.id: tokens(strings(r.model_dump(mode="json"))) for r in records}
        searchable = [r for r in newest if paragraphs(r)]  # imported records hold ratings, not text
        spread = searchable[::max(1, -(-len(searchable) // SEARCHED_RECORDS))]
        phrases = []
        for record in spread:
            word = own_word(record, {t for key, ts in words.items() if key != record.id for t in ts})
            if word:
                phrases.append((word, record.id))
        assert len(phrases) >= min(2, len(searchable)), phrases

        # Words that index pages (authorities, people, theme overviews) show are left out, so
        # that the results are records.
        shown_elsewhere = tokens(s for name in ("authorities", "people", "themes", "programmes", "inspectorates",
                                                "measures") for entry in getattr(archive, name).values()
                                 for s in strings(entry.model_dump(mode="json")))
        shown_elsewhere |= tokens(s for r in records for s in strings(r.model_dump(
            mode="json", include={"title", "service", "people", "judgement", "scores", "rating_tallies", "figures"})))
        in_records = Counter(w for r in records for w in {w.lower() for p in paragraphs(r) for w in plain_words(p.text)
                                                          if len(w) >= 6} - shown_elsewhere)
        common = most(in_records.items())
        return cls(archive, urls, reports[0], authority, theme, theme_year, phrases, common, in_records[common])


@pytest.fixture(scope="session")
def picks() -> Picks:
    return Picks.of(load_archive(REPO / "content"))


def test_search_finds_the_one_inspection_that_mentions_a_phrase(browser, site_url: str, picks: Picks) -> None:  # type: ignore[no-untyped-def]
    page = open_page(browser)
    for query, record in picks.phrases:
        hrefs = search(page, site_url, query)
        assert inspections_in(hrefs)[:1] == [record], (query, hrefs)
    assert page.problems == []


def test_search_merges_every_shard_of_the_index(browser, sharded_site_url: str, picks: Picks) -> None:  # type: ignore[no-untyped-def]
    page = open_page(browser)
    for query, record in picks.phrases:
        hrefs = search(page, sharded_site_url, query)
        assert inspections_in(hrefs)[:1] == [record], (query, hrefs)
    assert page.problems == []


def test_search_for_a_common_word_finds_several_inspections(browser, site_url: str, picks: Picks) -> None:  # type: ignore[no-untyped-def]
    assert picks.common_word_records >= 2, picks.common_word
    page = open_page(browser)
    hrefs = search(page, site_url, picks.common_word)
    assert len(inspections_in(hrefs)) >= min(3, picks.common_word_records), (picks.common_word, hrefs)


def link_chain(archive: Archive[Inspection]) -> tuple[str, Inspection, str, Inspection]:
    """(authority, record, person, other record): a reader goes from an authority to one of
    its records, to someone on its team, to another record that person is named in. Each
    link is picked by its text, so each text must be unique where it is clicked."""
    records = list(archive.inspections.values())
    for authority in sorted(archive.authorities, key=lambda k: archive.authorities[k].name):
        own = [r for r in records if r.authority == authority]
        for record in own:
            if [r.title for r in own].count(record.title) != 1:
                continue
            names = [archive.people[role.person].name for role in record.people]
            for person in dict.fromkeys(role.person for role in record.people):
                if names.count(archive.people[person].name) != len([r for r in record.people if r.person == person]):
                    continue
                theirs = [r for r in records if any(role.person == person for role in r.people)]
                for other in theirs:
                    if other.id != record.id and [r.title for r in theirs].count(other.title) == 1:
                        return authority, record, person, other
    raise AssertionError("content/ has no person named in two records")


def test_following_links_home_authority_inspection_person_other_inspection(browser, site_url: str,  # type: ignore[no-untyped-def]
                                                                            picks: Picks) -> None:
    archive = picks.archive
    authority, record, person, other = link_chain(archive)
    page = open_page(browser)
    page.goto(site_url)
    page.get_by_role("link", name="every local authority").click()
    page.locator("article").get_by_role("link", name=archive.authorities[authority].name, exact=True).click()
    assert page.url.endswith(f"/authorities/{authority}/")
    page.locator("article").get_by_role("link", name=record.title, exact=True).first.click()
    assert page.url.endswith(f"/inspections/{record.id}/")
    page.locator("article table").get_by_role("link", name=archive.people[person].name, exact=True).first.click()
    assert page.url.endswith(f"/people/{person}/")
    page.locator("article").get_by_role("link", name=other.title, exact=True).click()
    assert page.url.endswith(f"/inspections/{other.id}/")
    assert " ".join(other.title.split()) in page.locator("article h1").inner_text()
    assert page.problems == []


def test_theme_link_lands_on_the_quoted_paragraph_in_view(browser, site_url: str, picks: Picks) -> None:  # type: ignore[no-untyped-def]
    theme, year = picks.theme, picks.theme_year
    # The newest record of the year with a paragraph on the theme, and its last such
    # paragraph: the furthest down its page, so the browser must scroll to it.
    record = oldest_first(r for r in picks.archive.inspections.values() if r.sort_date.year == year and tagged(r, theme))[-1]
    section, paragraph = next((s, p) for s in reversed(record.sections)
                              for p in reversed(s.paragraphs + [p for sub in s.subsections for p in sub.paragraphs])
                              if theme in p.themes)
    anchor = f"{section.id}-{paragraph.number.replace('.', '-')}"
    page = open_page(browser)
    page.goto(site_url + f"themes/{theme}/")
    page.locator("article table").get_by_role("link", name=str(year), exact=True).click()
    item = page.locator(f"article li:has(a[href*='{record.id}/#{anchor}'])")
    quoted = " ".join(paragraph.text.split())[:50]
    assert quoted in item.inner_text()
    item.locator("a").first.click()
    page.wait_for_load_state()
    assert urlsplit(page.url).fragment == anchor, page.url
    target = page.locator(f"[id='{anchor}']")
    assert quoted in target.inner_text()
    box = target.bounding_box()
    header = page.locator("header.md-header").bounding_box()
    viewport = page.viewport_size
    assert box is not None and header is not None and viewport is not None
    assert header["height"] <= box["y"] < viewport["height"], (box, header)  # below the sticky header, on screen
    highlight = target.evaluate("e => getComputedStyle(e).backgroundColor")
    assert highlight == "rgb(255, 243, 196)"  # the :target highlight


@pytest.mark.parametrize("family", FAMILIES)
def test_page_family_in_the_browser(browser, site_url: str, picks: Picks, family: str) -> None:  # type: ignore[no-untyped-def]
    """Console clean, no foreign requests, no serious axe violations, headings and tables in
    order, usable at 375 px; screenshots at desktop and phone widths."""
    from axe_playwright_python.sync_playwright import Axe

    SCREENSHOTS.mkdir(exist_ok=True)
    host = urlsplit(site_url).netloc
    for width, height, label in ((1280, 900, "desktop"), (375, 812, "phone")):
        page = open_page(browser, width, height)
        page.goto(site_url + picks.urls[family])
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(SCREENSHOTS / f"{family}-{label}.png"), full_page=True)
        assert page.problems == [], (family, label)
        foreign = [u for u in page.requests if urlsplit(u).netloc not in (host, "")]
        assert foreign == [], foreign
        violations = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
                      for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
        assert violations == [], (family, label, violations)
        levels = page.locator("article").evaluate(
            "a => [...a.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => Number(h.tagName[1]))")
        assert levels[0] == 1 and levels.count(1) == 1, levels
        assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels
        assert page.locator("article table").evaluate_all(
            "ts => ts.every(t => t.querySelectorAll('thead th').length > 0)")
        if label == "phone":
            overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{family}: {overflow}px of horizontal scrolling"
            # The navigation is reachable: the menu button opens a drawer linking every section.
            page.locator("label.md-header__button[for='__drawer']").click()
            destination = "Authorities" if family == "themes-index" else "Themes"
            page.locator("nav.md-nav--primary a:visible", has_text=destination).first.click()
            page.wait_for_url(f"**/{destination.lower()}/")
        page.context.close()


@pytest.fixture(scope="module")
def fixture_site_url(built_fixture: Path) -> Iterator[str]:
    yield from _serve(built_fixture / "site")


def ratings_rows(page) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return page.locator(".ratings-table tbody tr:visible").evaluate_all(
        "rows => rows.map(r => [...r.cells].map(c => c.textContent.trim()))")


def test_ratings_table_sorts_and_filters_in_the_browser(browser, fixture_site_url: str) -> None:  # type: ignore[no-untyped-def]
    """The fixture has three authorities with a rated inspection: Southvale (26/36), and Eastmere
    and Westmere, one joint service (18/36) in Wales."""
    from axe_playwright_python.sync_playwright import Axe

    page = open_page(browser)
    page.goto(fixture_site_url + "ratings/")
    page.wait_for_load_state("networkidle")
    assert [row[0] for row in ratings_rows(page)] == ["Eastmere", "Southvale", "Westmere"]  # by name, as built
    status = page.locator(".ratings-status")
    assert status.inner_text() == "3 of 3 authorities shown" and status.get_attribute("role") == "status"
    score = page.locator(".ratings-table th", has_text="Score")
    score.locator("button").click()
    assert score.get_attribute("aria-sort") == "ascending"
    assert [row[7] for row in ratings_rows(page)] == ["18/36", "18/36", "26/36"]
    score.locator("button").press("Enter")  # keyboard users sort too
    assert score.get_attribute("aria-sort") == "descending"
    assert ratings_rows(page)[0][0] == "Southvale"
    page.select_option("select[name=nation]", "Wales")
    assert sorted(row[0] for row in ratings_rows(page)) == ["Eastmere", "Westmere"]
    assert status.inner_text() == "2 of 3 authorities shown"
    page.select_option("select[name=year]", "2022")
    assert ratings_rows(page) == [] and status.inner_text() == "0 of 3 authorities shown"
    page.select_option("select[name=nation]", "")
    assert [row[0] for row in ratings_rows(page)] == ["Southvale"]
    page.select_option("select[name=year]", "")
    page.select_option("select[name=overall]", "Good")
    assert len(ratings_rows(page)) == 3
    page.select_option("select[name=status]", "curated")  # the fixture has no imported records
    assert len(ratings_rows(page)) == 3 and [row[3] for row in ratings_rows(page)] == ["curated"] * 3
    violations = [(v["id"], v["impact"]) for v in Axe().run(page).response["violations"]
                  if v["impact"] in ("serious", "critical")]
    assert violations == [] and page.problems == []
    # Without JavaScript the table is whole: every row, no controls.
    context = browser.new_context(java_script_enabled=False)
    plain = context.new_page()
    plain.goto(fixture_site_url + "ratings/")
    assert plain.locator(".ratings-table tbody tr").count() == 3 and plain.locator(".ratings-filters").count() == 0
    context.close()
    page.context.close()


def test_privacy_search_makes_no_foreign_requests(browser, site_url: str, picks: Picks) -> None:  # type: ignore[no-untyped-def]
    page = open_page(browser)
    search(page, site_url, picks.common_word)
    host = urlsplit(site_url).netloc
    assert any("/pagefind/" in u for u in page.requests)
    assert [u for u in page.requests if urlsplit(u).netloc not in (host, "")] == []


def test_keyboard_reaches_content_with_a_visible_focus(browser, site_url: str, picks: Picks) -> None:  # type: ignore[no-untyped-def]
    record = picks.inspection
    page = open_page(browser)
    page.goto(site_url + f"inspections/{record.id}/")
    page.keyboard.press("Tab")
    first = page.evaluate("() => document.activeElement.textContent.trim()")
    assert first == "Skip to content"
    reached = False
    for _ in range(60):
        page.keyboard.press("Tab")
        focus = page.evaluate("""() => {
            const e = document.activeElement, s = getComputedStyle(e);
            return {inArticle: !!e.closest('article'), href: e.getAttribute('href') || '',
                    outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0};
        }""")
        assert focus["outline"], f"no visible focus on {focus}"
        if focus["inArticle"] and f"authorities/{record.authority}/" in focus["href"]:
            reached = True
            break
    assert reached, "the first link of the record was not reachable by keyboard"
