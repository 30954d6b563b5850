"""Render pages of Markdown with the Jinja2 templates.

Every value a template prints is escaped as literal text (see markdown_text) unless it
is a link or anchor built here. Which pages the site has is decided in site_pages.
"""
from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from generator.anchors import anchor, ident
from generator.archive import Archive
from generator.citations import Cited, citation_block
from generator.dates import PartialDate
from generator.families import FAMILY, Key, ThemeYear
from generator.index import Appearance, Index
from generator.listing import Listing
from generator.markdown_text import escape_inline, escape_paragraphs, link
from generator.models import Figure, Inspection, Period
from generator.publication import Publication, repository_publication
from generator.rating_checks import band_disagreement

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
RELATED_LIMIT = 10
RELATED_SLOT = Markup("\x00related-inspections\x00")
"""Where an inspection page's related panel goes. The page is rendered from its record
where the record is read, before the rest of the archive is known; the panel is filled in
afterwards. Records cannot contain control characters, so the slot cannot be forged."""


def relative_link(target: str, from_dir: str) -> str:
    """posixpath.relpath(target, from_dir), fast: pages live in a few folders, so the
    folder-to-folder part is cached."""
    folder, name = posixpath.split(target)
    up = _relative_folder(folder, from_dir)
    return name if up == "." else f"{up}/{name}"


@lru_cache(maxsize=4096)
def _relative_folder(folder: str, from_dir: str) -> str:
    return posixpath.relpath(folder or ".", from_dir or ".")


def nearest(keys: list[str], archive: Archive[Listing], record: Listing, limit: int) -> list[str]:
    """Up to `limit` of `keys` closest in time to `record`, newest first: a "related"
    panel that does not grow with the archive."""
    others = [k for k in keys if k != record.id]
    closest = sorted(others, key=lambda k: (abs((archive.inspections[k].sort_date - record.sort_date).days), k))
    chosen = set(closest[:limit])
    return [k for k in others if k in chosen]


def safe_url(url: str) -> Markup:
    """A record's link (already limited to http, https and mailto by the model), with the
    characters that could end a Markdown link target percent-encoded."""
    if not url.startswith(("http://", "https://", "mailto:")):
        raise ValueError(f"refusing link scheme: {url!r}")
    return Markup(quote(url, safe=":/?#@!$&'*+,;=%~"))


def code_span(text: str) -> Markup:
    """`text` as inline code. Markdown reads no escape or entity inside a code span (the
    engine escapes its HTML itself), so the text is printed as it is, and must be one line
    without a backtick: the names of columns and fields the generator declares."""
    if "`" in text or "\n" in text:
        raise ValueError(f"not printable as code: {text!r}")
    return Markup(f"`{text}`")


def join_escaped(items: Any, separator: str = "") -> Markup:
    """Jinja's `join` escapes items as HTML only; record text also needs Markdown escaping."""
    return escape_inline(separator).join(escape_inline(item) for item in items)


def distinct_roles(appearances: Iterable[Appearance]) -> list[str]:
    """A person's roles across their appearances, each once whatever its letter case (as
    it is first written), in order of first appearance."""
    first: dict[str, str] = {}
    for appearance in appearances:
        for role in appearance.roles:
            first.setdefault(role.role.lower(), role.role)
    return list(first.values())


def number_text(value: float | int) -> str:
    """12.0 → "12", 41.9 → "41.9"."""
    return f"{value:g}" if isinstance(value, float) else str(value)


def quantity_text(figure: Figure) -> str:
    """A figure with its unit: "41.9%", "393 per 100,000 10-17 year olds"."""
    separator = "" if figure.unit.startswith("%") else " "
    return f"{number_text(figure.value)}{separator}{figure.unit}"


def fieldwork_text(periods: list[Period]) -> str:
    return "; ".join(p.start.long() if p.start == p.end else f"{p.start.long()} to {p.end.long()}" for p in periods)


def date_text(value: PartialDate | None) -> str:
    return value.long() if value else ""


@dataclass
class Renderer:
    archive: Archive[Listing]
    """The vocabularies and, once every record is read, the listings."""
    index: Index | None
    env: jinja2.Environment
    _theme_tags: dict[tuple[tuple[str, ...], str], Markup] = field(default_factory=dict, repr=False)

    def page(self, path: str, template: str, **context: Any) -> str:
        return self._render(path, template, context).rstrip("\n") + "\n"

    def partial(self, path: str, template: str, **context: Any) -> Markup:
        """Markdown for part of the page at `path`, for a page template to print as it is."""
        return Markup(self._render(path, template, context).strip("\n"))

    def _render(self, path: str, template: str, context: dict[str, Any]) -> str:
        here = posixpath.dirname(path)

        def page_href(family: str, key: Key = None, fragment: str | None = None) -> Markup:
            """The link from this page to a page of `family` (see families.FAMILIES)."""
            target = FAMILY[family].path(key)
            return Markup(relative_link(target, here) + (f"#{ident(fragment)}" if fragment else ""))

        def page_link(label: object, family: str, key: Key = None, fragment: str | None = None) -> Markup:
            return link(label, page_href(family, key, fragment))

        def vocabulary_link(family: str) -> Callable[[str], Markup]:
            entries = getattr(self.archive, FAMILY[family].vocabulary or "")
            return lambda key: page_link(entries[key].name, family, key)

        helpers: dict[str, Callable[..., Any]] = {
            "anchor": anchor,
            "ident": ident,
            "page_href": page_href,
            "page_link": page_link,
            "address": lambda family, placeholder="key": Markup(FAMILY[family].address(placeholder)),
            "here_link": lambda label, fragment: link(label, Markup(f"{relative_link(path, here)}#{ident(fragment)}")),
            "records_of": lambda keys: [self.archive.inspections[k] for k in keys],
            "safe_url": safe_url,
            "inspection_link": lambda key, target=None, label=None: page_link(
                label or self.archive.inspections[key].title, "inspection", key, target),
            "authority_link": vocabulary_link("authority"),
            "person_link": vocabulary_link("person"),
            "theme_link": vocabulary_link("theme"),
            "programme_link": vocabulary_link("programme"),
            "framework_link": vocabulary_link("framework"),
            "ratings_by_standard": lambda ratings: {entry.standard: entry for entry in ratings.standards},
            "band_note": lambda ratings: band_disagreement(ratings, self.archive.frameworks[ratings.framework]),
            "year_link": lambda year, target=None: page_link(year, "inspections-year", year, target),
            "theme_year_link": lambda key, year: page_link(year, "theme-year", ThemeYear(key, year)),
            "theme_tags": lambda keys: self.theme_tags(tuple(keys), here),
            "former_address": lambda family, key: Markup(FAMILY[family].url(key)),
            "cite": lambda record, paragraph=None, target=None: self.citation(record, paragraph, target),
            "feed_path": lambda family, key=None: Markup(FAMILY[family].path(key)) if self.has_feed(family, key)
            else "",
            "feed_link": lambda label, family, key=None: page_link(label, family, key) if self.has_feed(family, key)
            else Markup(""),
        }
        return self.env.get_template(template).render(
            archive=self.archive, index=self.index, page_path=path, **helpers, **context)

    def citation(self, record: Inspection, paragraph: str | None = None, target: str | None = None) -> Markup:
        """A record's citation block, or one paragraph's (see citations)."""
        page_url = FAMILY["inspection"].url(record.id)
        return citation_block(Cited.of(record, publication_of(self.env), page_url, paragraph, target))

    def has_feed(self, family: str, key: Key = None) -> bool:
        from generator.feeds import has_feed
        assert self.index is not None
        return has_feed(family, self.archive, self.index, key)

    def theme_tags(self, keys: tuple[str, ...], here: str) -> Markup:
        """The theme links after a tagged text. Built here rather than in a template macro
        because every paragraph has them and the same few combinations recur: cached, they
        cost nothing, where a macro call was a tenth of an inspection page's rendering."""
        cached = self._theme_tags.get((keys, here))
        if cached is None:
            links = Markup(" ").join(link(self.archive.themes[key].name, relative_link(FAMILY["theme"].path(key), here))
                                     for key in keys)
            cached = Markup(f'<span class="theme-tags" data-pagefind-ignore>{links}</span>') if keys else Markup()
            self._theme_tags[(keys, here)] = cached
        return cached

    def record_page(self, record: Inspection) -> str:
        """A record's inspection page, but for its related panel (see RELATED_SLOT)."""
        return self.page(FAMILY["inspection"].path(record.id), "inspection.md.j2", record=record,
                         related_panel=RELATED_SLOT)

    def with_related_panel(self, page: str, key: str) -> str:
        """Fill an inspection page's related panel: other inspections of its authority."""
        assert self.index is not None
        record = self.archive.inspections[key]
        same_authority = self.index.by_authority[record.authority]
        panel = self.partial(FAMILY["inspection"].path(key), "_related.md.j2", record=record,
                             related=nearest(same_authority, self.archive, record, RELATED_LIMIT),
                             authority_total=len(same_authority))
        if page.count(RELATED_SLOT) != 1:
            raise ValueError(f"the inspection template must print related_panel exactly once ({key})")
        return page.replace(RELATED_SLOT, panel)


def publication_of(env: jinja2.Environment) -> Publication:
    """The Publication a make_environment environment was made with."""
    publication = env.globals["publication"]
    assert isinstance(publication, Publication)
    return publication


def make_environment(templates: Path = TEMPLATES, publication: Publication | None = None) -> jinja2.Environment:
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
    env.globals["publication"] = publication or repository_publication()
    env.filters["join"] = join_escaped
    env.filters["code"] = code_span
    env.filters["paragraphs"] = escape_paragraphs
    env.filters["fieldwork"] = fieldwork_text
    env.filters["date"] = date_text
    env.filters["role_text"] = lambda role: role.role + (f" ({role.organisation})" if role.organisation else "")
    env.filters["distinct_roles"] = distinct_roles
    env.filters["number"] = number_text
    env.filters["quantity"] = quantity_text
    return env
