"""Open data in a real browser (Debian's Chromium): search hits that land on their paragraph,
redirects from former addresses, the print stylesheet, and the citation copy buttons."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import FIXTURES, edit, make_project, run_cli
from test_browser import SCREENSHOTS, _serve, browser, open_page, picks, search, site_url  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

# The text between an element with an id and the next one: what Pagefind counts as that
# anchor's (citations and theme tags are left out of the index, as Pagefind leaves them).
BLOCK_TEXT = """(id) => {
  const body = document.querySelector("[data-pagefind-body]");
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => node.nodeType === 1 && node.hasAttribute("data-pagefind-ignore")
      ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT });
  let inside = false, text = "";
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType === 1 && node.id) { if (inside) break; inside = node.id === id; }
    else if (inside && node.nodeType === 3) text += node.textContent;
  }
  return text;
}"""


def test_a_search_hit_lands_on_the_paragraph_that_matched(browser, site_url: str, picks) -> None:  # type: ignore[no-untyped-def] # noqa: F811
    page = open_page(browser)
    landed_on_paragraphs = 0
    for query, record in picks.phrases:
        search(page, site_url, query)
        first = page.locator(".md-search-result__item > a").first
        href = first.get_attribute("href")
        assert f"/inspections/{record}/#" in href, (query, href)
        target = href.split("#", 1)[1]
        first.click()
        page.wait_for_url(f"**/inspections/{record}/#{target}")
        element = page.locator(f"[id='{target}']")
        assert query.lower()[:5] in page.evaluate(BLOCK_TEXT, target).lower(), (query, target)
        box, height = element.bounding_box(), page.viewport_size["height"]
        assert box is not None and 0 <= box["y"] < height, (query, target, box)  # scrolled into view
        landed_on_paragraphs += "numbered-paragraph" in (element.get_attribute("class") or "")
    assert landed_on_paragraphs >= 1, "no hit landed on a numbered paragraph"
    assert page.problems == []


@pytest.fixture(scope="module")
def renamed_site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fixture archive built once, then again with an authority renamed and a record's id
    changed, each declaring the old key."""
    project = make_project(tmp_path_factory.mktemp("renamed") / "project", FIXTURES / "archive" / "content")
    assert run_cli("build", "--project", str(project)).returncode == 0
    content = project / "content"
    edit(content, "authorities.yml", "northtown:\n", "north-town:\n  formerly: [northtown]\n")
    for record in ("northtown-2014-03", "northtown-2016-02"):
        edit(content, f"inspections/{record}.yml", "authority: northtown\n", "authority: north-town\n")
    edit(content, "inspections/southvale-2022-05.yml", "id: southvale-2022-05\n",
         "id: southvale-2022-06\nformerly: [southvale-2022-05]\n")
    (content / "inspections/southvale-2022-05.yml").rename(content / "inspections/southvale-2022-06.yml")
    result = run_cli("build", "--project", str(project))
    assert result.returncode == 0, result.stderr + result.stdout
    yield from _serve(project / "site")


@pytest.mark.parametrize(("old", "new"), [
    ("authorities/northtown/#timeline", "authorities/north-town/#timeline"),
    ("inspections/southvale-2022-05/#standard-ratings", "inspections/southvale-2022-06/#standard-ratings"),
    ("inspections/southvale-2022-05/", "inspections/southvale-2022-06/"),
])
def test_a_former_address_leads_to_the_page_in_the_browser(browser, renamed_site_url: str, old: str,  # type: ignore[no-untyped-def] # noqa: F811
                                                           new: str) -> None:
    page = open_page(browser)
    page.goto(renamed_site_url + old)
    page.wait_for_url(renamed_site_url + new)
    assert page.locator("h1").first.is_visible()
    assert page.problems == []


@pytest.fixture(scope="module")
def fixture_url(built_fixture: Path) -> Iterator[str]:
    yield from _serve(built_fixture / "site")


def test_printed_pages_show_address_citation_and_source_without_navigation(browser, fixture_url: str) -> None:  # type: ignore[no-untyped-def] # noqa: F811
    page = open_page(browser)
    page.goto(fixture_url + "inspections/northtown-2014-03/")
    page.emulate_media(media="print")
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "inspection-print.png"), full_page=True)
    display = "(selector) => [...document.querySelectorAll(selector)].map(e => getComputedStyle(e).display)"
    for hidden in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-search",
                   ".md-footer", "details.paragraph-citation", ".theme-tags"):
        shown = page.evaluate(display, hidden)
        assert shown and set(shown) == {"none"}, (hidden, shown)
    address = page.locator(".permanent-url")
    assert address.is_visible()
    assert "youth-justice-inspections" in address.inner_text() and "/inspections/northtown-2014-03/" in (
        address.inner_text())
    assert page.locator(".citation .citation-text").is_visible()
    assert page.locator("#source").is_visible()
    assert page.get_by_role("link", name="Read the original").first.is_visible()
    overflow = page.evaluate("[...document.querySelectorAll('.md-typeset__scrollwrap')].map("
                             "e => getComputedStyle(e).overflowX)")
    assert overflow and set(overflow) == {"visible"}  # tables are printed whole, not cut at a scroll edge
    page.emulate_media(media="screen")
    assert page.locator(".permanent-url").is_hidden() and page.locator(".md-header").is_visible()


def test_a_citation_is_copied_with_the_keyboard_and_announced(browser, fixture_url: str) -> None:  # type: ignore[no-untyped-def] # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=fixture_url.rstrip("/"))
    page = context.new_page()
    page.goto(fixture_url + "inspections/northtown-2014-03/")
    summary = page.locator("details.paragraph-citation > summary").first
    for _ in range(400):  # Tab through the page to the first paragraph's citation
        page.keyboard.press("Tab")
        if summary.evaluate("e => e === document.activeElement"):
            break
    else:
        pytest.fail("the first paragraph's citation cannot be reached with Tab")
    page.keyboard.press("Enter")  # opens it
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert focused.startswith("Copy the plain text citation of paragraph"), focused
    page.keyboard.press("Enter")
    status = page.get_by_role("status")
    status.filter(has_text="copied").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    text = page.locator("details.paragraph-citation .citation-text").first.inner_text()
    assert copied == text and "/inspections/northtown-2014-03/#" in copied
    context.close()


def test_the_preview_error_page_reloads_by_itself_once_the_record_is_fixed(  # type: ignore[no-untyped-def]
        browser, fixture_project: Path) -> None:  # noqa: F811
    from test_authoring import _free_port
    from test_serve import READY, Serve

    record = fixture_project / "content" / "inspections" / "northtown-2016-02.yml"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("cases_inspected: 20", "cases_inspected: lots"), encoding="utf-8")
    port = _free_port()
    server = Serve(fixture_project, port)
    page = open_page(browser, width=390)
    try:
        server.wait_for(READY.format(port=port))
        page.goto(f"http://127.0.0.1:{port}/inspections/northtown-2016-02/")
        assert page.locator("h1").inner_text() == "The preview was not rebuilt"
        assert "valid integer" in page.locator("pre").inner_text()
        page.screenshot(path=str(SCREENSHOTS / "preview-error-phone.png"))
        record.write_text(text, encoding="utf-8")  # the open page, untouched, shows the record again
        page.wait_for_function("() => document.body.innerText.includes('Plans were timely')", timeout=30_000)
    finally:
        page.close()
        assert server.stop() == 0, server.text
