"""Render the archive into Markdown pages with the Jinja2 templates.

Every value a template prints is escaped as literal text (see markdown_text) unless it
is a link or anchor built here. The result is a mapping of page path → Markdown,
produced in a fixed order so that the same content always gives the same bytes.
"""
from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from generator.archive import Archive
from generator.dates import PartialDate, long_day
from generator.index import Index, build_index
from generator.markdown_text import escape_inline, escape_paragraphs, link
from generator.models import Figure, Inspection, Period
from generator.parallel import ordered_map
from generator.schema_doc import record_format

_IDENT = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
LATEST_ON_HOME = 10
LATEST_ON_INDEX = 20
TOP_THEMES = 8
RELATED_LIMIT = 10
EXCERPT_CHARS = 200


def inspection_page(key: str) -> str:
    return f"inspections/{key}.md"


def authority_page(key: str) -> str:
    return f"authorities/{key}.md"


def person_page(key: str) -> str:
    return f"people/{key}.md"


def theme_page(key: str) -> str:
    return f"themes/{key}.md"


def programme_page(key: str) -> str:
    return f"programmes/{key}.md"


def inspections_year_page(year: int) -> str:
    return f"inspections/{year}.md"


def theme_year_page(key: str, year: int) -> str:
    return f"themes/{key}/{year}.md"


@lru_cache(maxsize=None)
def relative_link(target: str, from_dir: str) -> str:
    """posixpath.relpath, cached: the same few thousand targets are linked from many pages."""
    return posixpath.relpath(target, from_dir or ".")


def nearest(keys: list[str], archive: Archive, record: Inspection, limit: int) -> list[str]:
    """Up to `limit` of `keys` closest in time to `record`, newest first: a "related"
    panel that does not grow with the archive."""
    others = [k for k in keys if k != record.id]
    closest = sorted(others, key=lambda k: (abs((archive.inspections[k].sort_date - record.sort_date).days), k))
    chosen = set(closest[:limit])
    return [k for k in others if k in chosen]


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """The start of a text, cut at a word boundary, with an ellipsis when shortened."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"


def ident(value: str) -> Markup:
    """An HTML id or fragment the generator built from keys and numbers."""
    if not _IDENT.match(value):
        raise ValueError(f"not a safe identifier: {value!r}")
    return Markup(value)


def safe_url(url: str) -> Markup:
    """A record's link (already limited to http, https and mailto by the model), with the
    characters that could end a Markdown link target percent-encoded."""
    if not url.startswith(("http://", "https://", "mailto:")):
        raise ValueError(f"refusing link scheme: {url!r}")
    return Markup(quote(url, safe=":/?#@!$&'*+,;=%~"))


def join_escaped(items: Any, separator: str = "") -> Markup:
    """Jinja's `join` escapes items as HTML only; record text also needs Markdown escaping."""
    return escape_inline(separator).join(escape_inline(item) for item in items)


def number_text(value: float | int) -> str:
    """12.0 → "12", 41.9 → "41.9"."""
    return f"{value:g}" if isinstance(value, float) else str(value)


def quantity_text(figure: Figure) -> str:
    """A figure with its unit: "41.9%", "393 per 100,000 10-17 year olds"."""
    separator = "" if figure.unit.startswith("%") else " "
    return f"{number_text(figure.value)}{separator}{figure.unit}"


def fieldwork_text(periods: list[Period]) -> str:
    return "; ".join(long_day(p.start) if p.start == p.end else f"{long_day(p.start)} to {long_day(p.end)}"
                     for p in periods)


def date_text(value: PartialDate | None) -> str:
    return value.long() if value else ""


@dataclass
class Renderer:
    archive: Archive
    index: Index
    env: jinja2.Environment

    def page(self, path: str, template: str, **context: Any) -> str:
        here = posixpath.dirname(path)

        def href(target: str, anchor: str | None = None) -> Markup:
            return Markup(relative_link(target, here) + (f"#{anchor}" if anchor else ""))

        def link_to(label: object, target: str, anchor: str | None = None) -> Markup:
            return link(label, href(target, anchor))

        helpers: dict[str, Callable[..., Any]] = {
            "href": href,
            "ident": ident,
            "records_of": lambda keys: [self.archive.inspections[k] for k in keys],
            "safe_url": safe_url,
            "link_to": link_to,
            "inspection_link": lambda key, anchor=None, label=None: link_to(
                label or self.archive.inspections[key].title, inspection_page(key), anchor),
            "authority_link": lambda key: link_to(self.archive.authorities[key].name, authority_page(key)),
            "person_link": lambda key: link_to(self.archive.people[key].name, person_page(key)),
            "theme_link": lambda key: link_to(self.archive.themes[key].name, theme_page(key)),
            "programme_link": lambda key: link_to(self.archive.programmes[key].name, programme_page(key)),
            "year_link": lambda year, anchor=None: link_to(year, inspections_year_page(year), anchor),
            "theme_year_link": lambda key, year: link_to(year, theme_year_page(key, year)),
        }
        text = self.env.get_template(template).render(
            archive=self.archive, index=self.index, page_path=path, **helpers, **context)
        return text.rstrip("\n") + "\n"

    def inspection(self, record: Inspection) -> str:
        same_authority = self.index.by_authority[record.authority]
        return self.page(inspection_page(record.id), "inspection.md.j2", record=record,
                         related=nearest(same_authority, self.archive, record, RELATED_LIMIT),
                         authority_total=len(same_authority))


def make_environment(templates: Path = TEMPLATES) -> jinja2.Environment:
    # Secure by default: `finalize` turns every printed value into literal Markdown text
    # unless it is Markup built by the generator; autoescape makes macro output Markup so it
    # is not escaped twice. Built-in filters that return Markup are replaced below.
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=True,
        finalize=escape_inline,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["join"] = join_escaped
    env.filters["paragraphs"] = escape_paragraphs
    env.filters["fieldwork"] = fieldwork_text
    env.filters["date"] = date_text
    env.filters["day"] = long_day
    env.filters["excerpt"] = excerpt
    env.filters["role_text"] = lambda role: role.role + (f" ({role.organisation})" if role.organisation else "")
    env.filters["number"] = number_text
    env.filters["quantity"] = quantity_text
    return env


# Pages to render, set just before forking so that worker processes inherit them.
_JOBS: list[Callable[[], str]] = []


def _render_job(number: int) -> str:
    return _JOBS[number]()


def render_site(archive: Archive, templates: Path = TEMPLATES) -> dict[str, str]:
    """Every page of the site, as page path (relative to the docs folder) → Markdown."""
    jobs = page_jobs(archive, templates)
    return dict(render_jobs(jobs, sorted(jobs)))


def page_jobs(archive: Archive, templates: Path = TEMPLATES) -> dict[str, Callable[[], str]]:
    """Every page of the site, not yet rendered: page path → a call that renders it."""
    index = build_index(archive)
    r = Renderer(archive, index, make_environment(templates))
    formats = record_format()
    jobs: dict[str, Callable[[], str]] = {
        "index.md": partial(r.page, "index.md", "home.md.j2", latest=list(archive.inspections)[:LATEST_ON_HOME]),
        "about.md": partial(r.page, "about.md", "about.md.j2"),
        "record-format.md": partial(r.page, "record-format.md", "record-format.md.j2", models=formats,
                                    model_names={m.name for m in formats}),
        "inspections/index.md": partial(r.page, "inspections/index.md", "inspections_index.md.j2",
                                        latest=list(archive.inspections)[:LATEST_ON_INDEX]),
        "authorities/index.md": partial(r.page, "authorities/index.md", "authorities_index.md.j2"),
        "people/index.md": partial(r.page, "people/index.md", "people_index.md.j2"),
        "themes/index.md": partial(r.page, "themes/index.md", "themes_index.md.j2"),
        "programmes/index.md": partial(r.page, "programmes/index.md", "programmes_index.md.j2"),
    }
    for record in archive.inspections.values():
        jobs[inspection_page(record.id)] = partial(r.inspection, record)
    for key, authority in archive.authorities.items():
        jobs[authority_page(key)] = partial(
            r.page, authority_page(key), "authority.md.j2", key=key, authority=authority,
            records=[archive.inspections[i] for i in index.by_authority[key]],
            top_themes=index.authority_themes[key][:TOP_THEMES])
    for key, person in archive.people.items():
        jobs[person_page(key)] = partial(r.page, person_page(key), "person.md.j2", key=key, person=person,
                                         appearances=index.by_person[key])
    for year, keys in index.by_year.items():
        jobs[inspections_year_page(year)] = partial(r.page, inspections_year_page(year), "inspections_year.md.j2",
                                                    year=year, keys=keys)
    for key, theme in archive.themes.items():
        jobs[theme_page(key)] = partial(r.page, theme_page(key), "theme.md.j2", key=key, theme=theme,
                                        years=index.by_theme[key])
        for year, groups in index.by_theme[key].items():
            jobs[theme_year_page(key, year)] = partial(r.page, theme_year_page(key, year), "theme_year.md.j2",
                                                       key=key, theme=theme, year=year, groups=groups)
    for key, programme in archive.programmes.items():
        jobs[programme_page(key)] = partial(r.page, programme_page(key), "programme.md.j2", key=key,
                                            programme=programme, years=index.by_programme[key])
    return jobs


def render_jobs(jobs: dict[str, Callable[[], str]], paths: list[str]) -> Iterator[tuple[str, str]]:
    """Render the pages at `paths` (in that order, over several cores for large sets),
    yielding (path, Markdown) as each is done."""
    global _JOBS
    _JOBS = [jobs[path] for path in paths]
    try:
        yield from zip(paths, ordered_map(_render_job, list(range(len(paths)))))
    finally:
        _JOBS = []
