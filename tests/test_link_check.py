"""Every internal link of the built site resolves, or the build fails and publishes nothing:
links written in Markdown and links in raw HTML (templates, theme overrides) alike."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO, make_project, run_cli

from generator.errors import BuildError
from generator.link_check import broken_links
from generator.pipeline import Project, build


def write(site: Path, pages: dict[str, str]) -> Path:
    for name, text in pages.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, encoding="utf-8")
    return site


def test_each_kind_of_broken_link_is_found_and_every_good_one_passes(tmp_path: Path) -> None:
    site = write(tmp_path / "site", {
        "index.html": '<a href="a/">a</a> <a href="a/#here">here</a> <a href="a/#gone">gone</a> '
                      '<a href="missing/">missing</a> <a href="#top">top</a> <a href="#nowhere">self</a> '
                      '<p id="top"></p> <img src="img/x.png"> <img src="img/y.png"> '
                      '<a href="https://example.org/#x">out</a> <a href="mailto:a@b.c">mail</a> '
                      '<a href="../outside.html">outside</a> <a href="a/?q=1#here">query</a> '
                      "<a class=x href='single/'>single</a> <a href=bare/>bare</a> <a href = \"spaced/\">spaced</a> "
                      '<video poster="img/poster.png" src="img/x.png"></video> <object data="img/no.svg"></object> '
                      '<form action="search/"></form> <area href="img/x.png"> <a data-href="not-a-link/">',
        "a/index.html": '<h2 id="here">Here</h2> <a name="named"></a> <a href="../#top">up</a> '
                        '<a href="../a/#named">named</a> <a href="../../x/">too far</a> '
                        '<link rel="stylesheet" href="../assets/s.css"> <a href="%23">odd</a>',
        "404.html": '<a href="/a/">absolute</a> <script src="/assets/none.js"></script>',
        "img/x.png": "",
        "assets/s.css": "",
        "pagefind/ignored.html": '<a href="nowhere/">not checked</a>',
    })
    found = {(b.page, b.link): b.problem for b in broken_links(site)}
    assert found == {
        ("index.html", "a/#gone"): "leads to a/index.html, which has no anchor 'gone'",
        ("index.html", "missing/"): "leads to nothing in the site",
        ("index.html", "#nowhere"): "leads to index.html, which has no anchor 'nowhere'",
        ("index.html", "img/y.png"): "leads to nothing in the site",
        ("index.html", "../outside.html"): "leads to nothing in the site",
        ("index.html", "single/"): "leads to nothing in the site",
        ("index.html", "bare/"): "leads to nothing in the site",
        ("index.html", "spaced/"): "leads to nothing in the site",
        ("index.html", "img/poster.png"): "leads to nothing in the site",
        ("index.html", "img/no.svg"): "leads to nothing in the site",
        ("index.html", "search/"): "leads to nothing in the site",
        ("a/index.html", "../../x/"): "leads to nothing in the site",
        ("a/index.html", "%23"): "leads to nothing in the site",
        ("404.html", "/assets/none.js"): "leads to nothing in the site",
    }


def test_a_broken_link_in_a_theme_override_fails_the_build_and_keeps_the_old_site(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", FIXTURES / "archive" / "content")
    assert run_cli("build", "--project", str(project)).returncode == 0
    published = (project / "site" / "index.html").read_bytes()
    main = project / "site_overrides" / "main.html"
    main.write_text(main.read_text(encoding="utf-8").replace(
        "{% block content %}", '{% block content %}<a href="{{ base_url }}/no-such-page/#x">broken</a>', 1),
        encoding="utf-8")
    result = run_cli("build", "--project", str(project))
    assert result.returncode == 1, result.stdout
    assert "broken links in the built site; the previous site" in result.stderr
    assert "link '../no-such-page/#x' leads to nothing in the site" in result.stderr
    assert "Traceback" not in result.stderr
    assert (project / "site" / "index.html").read_bytes() == published
    assert not list(project.glob(".site-build-*"))


def test_a_markdown_link_to_a_missing_anchor_fails_the_build(tmp_path: Path) -> None:
    # What MkDocs' anchor validation used to catch in the Markdown, the link check now does.
    project = make_project(tmp_path / "project", FIXTURES / "archive" / "content")
    templates = shutil.copytree(REPO / "templates", tmp_path / "templates")
    home = templates / "home.md.j2"
    home.write_text(home.read_text(encoding="utf-8") + "\nSee [the year](inspections/index.md#no-such-year).\n",
                    encoding="utf-8")
    with pytest.raises(BuildError) as raised:
        build(Project.at(project, templates=templates))
    assert "index.html: link 'inspections/#no-such-year' leads to inspections/index.html, which has no anchor " \
           "'no-such-year'" in raised.value.message
