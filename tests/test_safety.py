"""Nothing lost, nothing injected: content/ is never written, a failed build keeps the
previous site, stale pages go, and record text can never become markup."""
from __future__ import annotations

from pathlib import Path

import yaml
from conftest import run_cli
from site_checks import page, tree_digest

RECORD = "content/inspections/northtown-2014-03.yml"

HOSTILE = [
    "</title><script>alert('title')</script>",
    '<script>alert("x")</script>',
    "<img src=x onerror=alert(1)>",
    "[click me](javascript:alert(1))",
    '<a href="javascript:alert(1)">j</a>',
    "\n\n# Injected heading\n\n",
    "| a | b |\n|---|---|\n| c | d |",
    "{{ 7*7 }} {% raw %}",
    'Text{: #hijack onmouseover="alert(1)" }',
    "<!-- hidden -->",
    "`code` **bold** _em_",
    "<http://evil.example/>",
    "!!! danger\n    admonition",
]


def build(project: Path) -> None:
    result = run_cli("build", "--project", str(project))
    assert result.returncode == 0, result.stderr + result.stdout


def edit_record(project: Path, change) -> None:  # type: ignore[no-untyped-def]
    path = project / RECORD
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_build_never_writes_into_content(fixture_project: Path) -> None:
    before = tree_digest(fixture_project / "content")
    build(fixture_project)
    build(fixture_project)
    assert tree_digest(fixture_project / "content") == before


def test_invalid_content_fails_cleanly_and_keeps_the_previous_site(fixture_project: Path) -> None:
    build(fixture_project)
    site_before = tree_digest(fixture_project / "site")
    docs_before = tree_digest(fixture_project / "build" / "docs")
    edit_record(fixture_project, lambda d: d.update(cases_inspected="thirty"))
    result = run_cli("build", "--project", str(fixture_project))
    assert result.returncode == 1
    assert "northtown-2014-03.yml:15:18: cases_inspected: Input should be a valid integer (got 'thirty')" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(fixture_project / "site") == site_before
    assert tree_digest(fixture_project / "build" / "docs") == docs_before


def test_failed_mkdocs_build_keeps_the_previous_site(fixture_project: Path) -> None:
    build(fixture_project)
    site_before = tree_digest(fixture_project / "site")
    config = fixture_project / "mkdocs.yml"
    config.write_text(config.read_text() + "\nmarkdown_extensions:\n  - no_such_extension\n")
    result = run_cli("build", "--project", str(fixture_project))
    assert result.returncode == 1
    assert "MkDocs failed; the previous site" in result.stderr and "no_such_extension" in result.stderr
    assert tree_digest(fixture_project / "site") == site_before
    assert not list(fixture_project.glob(".site-*")), "staging folders left behind"


def test_generation_is_incremental_and_removes_stale_pages(fixture_project: Path) -> None:
    build(fixture_project)
    again = run_cli("generate", "--project", str(fixture_project))
    assert "pages: 0 written," in again.stdout, again.stdout
    (fixture_project / "content" / "inspections" / "northtown-2016-02.yml").unlink()
    # Withdrawn on purpose: its addresses leave the register too (test_open_data covers the
    # register itself).
    (fixture_project / "published-urls.txt").unlink()
    result = run_cli("build", "--project", str(fixture_project))
    assert result.returncode == 0, result.stderr
    assert not (fixture_project / "build" / "docs" / "inspections" / "northtown-2016-02.md").exists()
    assert not (fixture_project / "site" / "inspections" / "northtown-2016-02").exists()
    # Its page and JSON, its year listing, its theme-year page, and the two feeds that listed
    # only it.
    assert "6 removed" in result.stdout


def test_record_text_cannot_inject_markup(fixture_project: Path) -> None:
    payload = " ".join(HOSTILE)

    def poison(data: dict) -> None:  # type: ignore[type-arg]
        data["title"] = payload
        data["summary"] = payload
        data["service"] = payload
        data["sections"][0]["title"] = payload
        data["sections"][0]["paragraphs"][0]["text"] = payload
        data["strengths"][0]["text"] = payload
        data["quotes"][0]["text"] = payload
        data["quotes"][0]["speaker"] = payload
        data["tables"][0]["rows"][0] = [payload, payload]
        data["people"][0]["role"] = payload
        data["notes"] = payload

    edit_record(fixture_project, poison)
    build(fixture_project)
    site = fixture_project / "site"
    for url in ("inspections/northtown-2014-03", "themes/risk-of-harm", "people/ann-inspector",
                "authorities/northtown", "", "inspections"):
        html = page(site, url)
        article = html.select_one("article")
        for element in html.find_all(True):
            assert not any(attr.lower().startswith("on") for attr in element.attrs), (url, element)
            for attr in ("href", "src", "action", "formaction"):
                value = str(element.get(attr, "")).strip().lower()
                assert not value.startswith(("javascript:", "data:", "vbscript:")), (url, element)
        for script in html.find_all("script"):
            assert "alert" not in script.get_text(), url
        assert article.find(id="hijack") is None
        assert not any(h.get_text(strip=True) == "Injected heading" for h in article.find_all(["h1", "h2", "h3"]))
        assert not article.select(".admonition.danger")
        assert not any(a.get("href", "").startswith("http://evil") for a in article.find_all("a")), url
    record = page(site, "inspections/northtown-2014-03").select_one("article").get_text()
    assert '<script>alert("x")</script>' in record  # shown as text
    title = page(site, "inspections/northtown-2014-03").title.get_text()
    assert title.startswith("</title><script>alert('title')</script>")  # text inside <title>, not markup
    assert "{{ 7*7 }}" in record and "49" not in record
    assert "[click me](javascript:alert(1))" in record
