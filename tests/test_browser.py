"""In a real browser (Playwright driving Debian's Chromium) against the freshly built
site served on localhost: search, navigation, anchors, console, phone widths, privacy,
accessibility (axe-core) and keyboard use. Screenshots go to tests/screenshots/.

A missing Chromium fails these tests (it never skips them): `make test` installs Debian's
package when it can; `make test-no-browser` leaves them out explicitly.
"""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
FAMILIES = {
    "home": "",
    "inspections-index": "inspections/",
    "inspection": "inspections/medway-2013-12/",
    "inspection-long": "inspections/rochdale-2013-06/",
    "council-report-record": "inspections/medway-2020-02/",
    "authorities-index": "authorities/",
    "authority": "authorities/medway/",
    "people-index": "people/",
    "person": "people/fergus-currie/",
    "themes-index": "themes/",
    "theme": "themes/management-oversight/",
    "theme-year": "themes/management-oversight/2013/",
    "inspections-year": "inspections/2013/",
    "programme": "programmes/short-quality-screening/",
    "about": "about/",
    "record-format": "record-format/",
}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic"]


def chromium_path() -> str:
    found = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.fail("Chromium is not installed. Install Debian's package (apt-get install chromium), or run "
                    "the suite without browser tests explicitly: make test-no-browser", pytrace=False)
    return found


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - signature from the base class
        pass


def _serve(site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def site_url(built_archive: Path) -> Iterator[str]:
    yield from _serve(built_archive / "site")


@pytest.fixture(scope="session")
def sharded_site_url(built_archive: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The same site with its search index split into several shards, as large archives are."""
    from generator.search_index import build_search_index

    site = tmp_path_factory.mktemp("sharded") / "site"
    shutil.copytree(built_archive / "site", site)
    shutil.rmtree(site / "pagefind")
    assert build_search_index(site, shard_pages=3) > 10  # the record pages fall into different shards
    yield from _serve(site)


@pytest.fixture(scope="session")
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
    page.on("console", lambda m: page.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
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


@pytest.mark.parametrize(("query", "record"), [
    ("Operation Madison", "rochdale-2013-06"),   # a named practice example
    ("Spark2Life", "havering-2015-07"),          # a named local project
    ("tablets", "medway-2020-02"),               # the council's virtual working
    ("pictorial", "salford-2016-02"),            # a case example in paragraph 4.3
])
def test_search_finds_the_one_inspection_that_mentions_a_phrase(browser, site_url: str, query: str,  # type: ignore[no-untyped-def]
                                                                  record: str) -> None:
    page = open_page(browser)
    hrefs = search(page, site_url, query)
    assert inspections_in(hrefs)[:1] == [record], hrefs
    assert page.problems == []


def test_search_merges_every_shard_of_the_index(browser, sharded_site_url: str) -> None:  # type: ignore[no-untyped-def]
    page = open_page(browser)
    for query, record in [("Operation Madison", "rochdale-2013-06"), ("Spark2Life", "havering-2015-07"),
                          ("tablets", "medway-2020-02"), ("pictorial", "salford-2016-02")]:
        hrefs = search(page, sharded_site_url, query)
        assert inspections_in(hrefs)[:1] == [record], (query, hrefs)
    assert page.problems == []


def test_search_for_a_theme_word_finds_several_inspections(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    page = open_page(browser)
    hrefs = search(page, site_url, "oversight")
    assert len(inspections_in(hrefs)) >= 3, hrefs


def test_following_links_home_authority_inspection_person_other_inspection(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    page = open_page(browser)
    page.goto(site_url)
    page.get_by_role("link", name="every local authority").click()
    page.locator("article").get_by_role("link", name="Medway", exact=True).click()
    assert page.url.endswith("/authorities/medway/")
    page.locator("article").get_by_role("link", name="Short Quality Screening of youth offending work in Medway").first.click()
    assert page.url.endswith("/inspections/medway-2013-12/")
    page.locator("article table").get_by_role("link", name="Fergus Currie").click()
    assert page.url.endswith("/people/fergus-currie/")
    page.locator("article").get_by_role("link", name="Full Joint Inspection of youth offending work in Rochdale").click()
    assert page.url.endswith("/inspections/rochdale-2013-06/")
    assert "Rochdale" in page.locator("article h1").inner_text()
    assert page.problems == []


def test_theme_link_lands_on_the_quoted_paragraph_in_view(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    page = open_page(browser)
    page.goto(site_url + "themes/management-oversight/")
    page.locator("article table").get_by_role("link", name="2013").click()
    item = page.locator("article li").filter(has_text="Paragraph 2.4").first
    quoted = item.inner_text().split(": ", 1)[1][:50]
    item.locator("a").first.click()
    page.wait_for_load_state()
    anchor = urlsplit(page.url).fragment
    assert anchor, page.url
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
def test_page_family_in_the_browser(browser, site_url: str, family: str) -> None:  # type: ignore[no-untyped-def]
    """Console clean, no foreign requests, no serious axe violations, headings and tables in
    order, usable at 375 px; screenshots at desktop and phone widths."""
    from axe_playwright_python.sync_playwright import Axe

    SCREENSHOTS.mkdir(exist_ok=True)
    host = urlsplit(site_url).netloc
    for width, height, label in ((1280, 900, "desktop"), (375, 812, "phone")):
        page = open_page(browser, width, height)
        page.goto(site_url + FAMILIES[family])
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
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels
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


def test_privacy_search_makes_no_foreign_requests(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    page = open_page(browser)
    search(page, site_url, "victims")
    host = urlsplit(site_url).netloc
    assert any("/pagefind/" in u for u in page.requests)
    assert [u for u in page.requests if urlsplit(u).netloc not in (host, "")] == []


def test_keyboard_reaches_content_with_a_visible_focus(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    page = open_page(browser)
    page.goto(site_url + "inspections/medway-2013-12/")
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
        if focus["inArticle"] and "authorities/medway" in focus["href"]:
            reached = True
            break
    assert reached, "the first link of the record was not reachable by keyboard"
