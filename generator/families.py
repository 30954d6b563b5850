"""The page families of the site, each declared once: where its pages go, which exist,
how each is made, and which records it depends on.

Everything else derives from this registry: the build plan (site_pages), the pages an edit
touches in preview, the navigation and its exclusions (mkdocs_nav), and every link a
template makes (render's `page_link`). Adding a family means adding one entry here and,
for a Markdown family, its template. (Modelled on Pelican's one generator per family with
its `*_SAVE_AS` pattern.)
"""
from __future__ import annotations

import string
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields
from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple, Union

from markupsafe import Markup

if TYPE_CHECKING:
    from generator.archive import Archive
    from generator.listing import Listing, Tagged
    from generator.models import AuthorityLink
    from generator.site_pages import Site

Key = Any
"""A page's key within its family: a vocabulary key, an inspection id, a year, a ThemeYear,
or None for a family of one page."""
Content = Union[str, bytes, Iterator[bytes]]
"""A page's Markdown, a file's text or bytes, or a large file's bytes piece by piece (written
as they come, never held whole)."""
Pages = list[tuple[str, Content]]
Job = Callable[[], Pages]

LATEST_ON_HOME = 10
LATEST_ON_INDEX = 20
TOP_THEMES = 8
THEMES_PER_JOB = 8


class ThemeYear(NamedTuple):
    theme: str
    year: int


@dataclass(frozen=True)
class Family:
    name: str
    save_as: str
    """Where a page goes, relative to the docs folder: "authorities/{key}.md", or with a
    named-tuple key its field names, "themes/{theme}/{year}.md"."""
    keys: Callable[[Site], Iterable[Key]]
    """Which pages exist, given the loaded site (keys in the order pages are listed)."""
    make: Callable[[Site, Key, str], Content]
    """A page's content, given its key and path: Markdown for `.md` families, otherwise the
    file's text or bytes, copied into the site as they are."""
    touched_by: Callable[[Listing, Archive[Listing]], Iterable[Key]] = lambda record, archive: ()
    """The keys of this family whose pages show something of `record`."""
    vocabulary: str | None = None
    """The vocabulary whose entries the pages describe, if any."""
    nav_title: str | None = None
    """Title in the site's navigation; families without one stay out of it."""
    jobs: Callable[[Family, Site, list[Key]], Iterator[tuple[list[Key], Job]]] | None = None
    """How pages are grouped into jobs, where several pages are cheaper made together; by
    default each page is one job."""
    text_edit_touches: Callable[[Listing, Listing], Iterable[Key]] | None = None
    """For a family that unpacks texts: the keys whose pages an edit of a record's texts
    alone changes (by default, all that the record touches)."""
    record_keys: Callable[[Listing], Iterable[Key]] | None = None
    """For a family made from whole records where they are read (an inspection's page, its
    JSON): the keys whose pages any edit of a record changes, whatever it changed."""
    formerly: Callable[[Site, Key], Iterable[Key]] | None = None
    """The keys a page was published under before (by default, for a vocabulary's family,
    its entry's `formerly`): each keeps a redirect to the page."""
    unpacks: frozenset[str] = frozenset()
    """The packed parts of listings ("texts", "details") the pages read: an edit that changes
    only a record's packed parts touches only the families that unpack them (a test fails if
    a family unpacks a part it does not name)."""
    _fields: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        names = tuple(name for _, name, _, _ in string.Formatter().parse(self.save_as) if name)
        object.__setattr__(self, "_fields", names)

    def path(self, key: Key = None) -> str:
        if not self._fields:
            return self.save_as
        if self._fields == ("key",):
            return self.save_as.format(key=key)
        return self.save_as.format(**key._asdict())

    def url(self, key: Key = None) -> str:
        """Where a page is published, from the site's root (MkDocs' directory URLs: a page
        `x/y.md` is published at `/x/y/`, and `x/index.md` at `/x/`)."""
        path = self.path(key)
        if not self.is_markdown:
            return "/" + path
        stem = path.removesuffix(".md").removesuffix("index")
        return "/" + stem + ("/" if stem and not stem.endswith("/") else "")

    def address(self, placeholder: str = "key") -> str:
        """The published URL pattern for readers, e.g. "/authorities/<key>/"."""
        return self.url(f"<{placeholder}>" if self._fields == ("key",) else None)

    def former_keys(self, site: Site, key: Key) -> Iterable[Key]:
        if self.formerly is not None:
            return self.formerly(site, key)
        if self.vocabulary is None:
            return ()
        entries = getattr(site.archive, self.vocabulary)
        if self._fields == ("key",):
            return entries[key].formerly  # type: ignore[no-any-return]
        field_name = self._fields[0]  # a named-tuple key names its vocabulary's key first
        return [key._replace(**{field_name: old}) for old in entries[getattr(key, field_name)].formerly]

    def published_file(self, key: Key = None) -> str:
        """The file that answers the page's address: x/y/index.html for a Markdown page."""
        if not self.is_markdown:
            return self.path(key)
        return self.url(key).lstrip("/") + "index.html"

    @property
    def is_markdown(self) -> bool:
        return self.save_as.endswith(".md")

    @property
    def glob(self) -> str:
        """The family's pages as a gitignore-style pattern from the docs folder's root."""
        parts = string.Formatter().parse(self.save_as)
        return "/" + "".join(text + ("*" if name else "") for text, name, _, _ in parts)

    def plan(self, site: Site, keys: list[Key]) -> Iterator[tuple[list[Key], Job]]:
        if self.jobs is not None:
            yield from self.jobs(self, site, keys)
            return
        for key in keys:
            yield [key], partial(_one, self, site, key)


def _one(family: Family, site: Site, key: Key) -> Pages:
    path = family.path(key)
    return [(path, family.make(site, key, path))]


def template(name: str, context: Callable[[Site, Key], dict[str, Any]] = lambda site, key: {}
             ) -> Callable[[Site, Key, str], str]:
    """`make` for a page rendered from a Markdown template, with `context(site, key)`."""
    def make(site: Site, key: Key, path: str) -> str:
        return site.renderer.page(path, name, **context(site, key))
    return make


def every_record(record: Listing, archive: Archive[Listing]) -> tuple[Key]:
    return (None,)


# --- what pages need ------------------------------------------------------------


def _latest(limit: int) -> Callable[[Site, Key], dict[str, Any]]:
    return lambda site, key: {"latest": list(site.archive.inspections)[:limit]}


def _record_format(site: Site, key: Key) -> dict[str, Any]:
    from generator.schema_doc import record_format
    formats = record_format()  # built from the model's schema: only when the page is rendered
    return {"models": formats, "model_names": {m.name for m in formats}}


def _authority(site: Site, key: str) -> dict[str, Any]:
    """An authority's timeline: its records with their scores and figures, unpacked."""
    records = [(listing, listing.details())
               for listing in (site.archive.inspections[i] for i in site.index.by_authority[key])]
    return {"key": key, "authority": site.archive.authorities[key], "records": records,
            "top_themes": site.index.authority_themes[key][:TOP_THEMES],
            "relations": authority_relations(site.archive, key)}


INVERSE_RELATION = {"predecessor": "successor", "successor": "predecessor", "run by": "ran", "ran": "run by"}
RELATION_LABEL = {"predecessor": "Predecessor service", "successor": "Successor service",
                  "run by": "Service run by", "ran": "Ran the service of"}


def authority_relations(archive: Archive[Listing], key: str) -> list[tuple[str, AuthorityLink]]:
    """Every relation of `key`'s service to another's, whichever of the two declares it:
    (label, link as seen from `key`)."""
    found = [(RELATION_LABEL[link.relation], link) for link in archive.authorities[key].related]
    for other, entry in archive.authorities.items():
        for link in entry.related:
            if link.authority == key:
                inverse = link.model_copy(update={"authority": other, "relation": INVERSE_RELATION[link.relation]})
                found.append((RELATION_LABEL[inverse.relation], inverse))
    return found


def _same_authority(record: Listing, archive: Archive[Listing]) -> Iterator[str]:
    """An inspection's own page, and those of the other inspections of the authorities it
    covers, whose related panels list it."""
    yield record.id
    covered = set(record.authorities)
    yield from (key for key, other in archive.inspections.items() if other.authority in covered)


def _latest_rated(site: Site, key: Key) -> dict[str, Any]:
    """Each authority's latest rated inspection, and the standards they were rated on."""
    rows = []
    for authority, keys in site.index.by_authority.items():
        rated = next((site.archive.inspections[k] for k in keys if site.archive.inspections[k].ratings), None)
        if rated is not None:
            rows.append((authority, rated))
    rows.sort(key=lambda row: site.archive.authorities[row[0]].name)
    used = {row[1].ratings.framework for row in rows if row[1].ratings}
    columns: dict[str, str] = {}
    for framework_key, framework in site.archive.frameworks.items():
        if framework_key in used:
            for standard in framework.standards:
                columns.setdefault(standard.ref, standard.title)
    return {"rows": rows, "columns": columns}


def _ratings_csv(site: Site, key: Key, path: str) -> str:
    from generator.ratings_data import ratings_csv
    return ratings_csv(site.archive)


def _ratings_json(site: Site, key: Key, path: str) -> str:
    from generator.ratings_data import ratings_json
    return ratings_json(site.archive)


def _ratings_columns(site: Site, key: Key) -> dict[str, Any]:
    from generator.ratings_data import COLUMNS
    return {"download_columns": COLUMNS, **_latest_rated(site, key)}


def _framework(site: Site, key: str) -> dict[str, Any]:
    used = [k for k, record in site.archive.inspections.items() if record.ratings and record.ratings.framework == key]
    programmes = [p for p, programme in site.archive.programmes.items() if key in programme.frameworks]
    return {"key": key, "framework": site.archive.frameworks[key], "inspections": used, "programmes": programmes}


def _uses_framework(record: Listing, archive: Archive[Listing]) -> tuple[str, ...]:
    return (record.ratings.framework,) if record.ratings else ()


def _open_data() -> Any:
    from generator import open_data  # it names families: imported once the registry exists
    return open_data


def _feeds() -> Any:
    from generator import feeds
    return feeds


def _former_ids(site: Site, key: str) -> tuple[str, ...]:
    return site.archive.inspections[key].formerly


def redirects(site: Site) -> dict[str, tuple[Family, Key]]:
    """Every former address, as the file that answers it → (family, key) of its page now."""
    found: dict[str, tuple[Family, Key]] = {}
    for family in FAMILIES:
        if family.name == "redirect":
            continue
        for key in family.keys(site):
            for old in family.former_keys(site, key):
                found[family.published_file(old)] = (family, key)
    return dict(sorted(found.items()))


def _redirect(site: Site, key: str, path: str) -> Content:
    """A former address: a Markdown page's is an HTML page that sends the reader on (with
    the part after # kept); another file's is a copy of the file it became."""
    family, new_key = site.redirects[key]
    if not family.is_markdown:
        return family.make(site, new_key, path)
    from generator.redirect_page import redirect_page
    return redirect_page(path, family.url(new_key), site.publication)


def _json_copies(record: Listing) -> tuple[str, ...]:
    """The copies of a record's JSON at its former addresses: they follow its edits."""
    return tuple(FAMILY["inspection-json"].published_file(old) for old in record.formerly)


EMPTY_SITEMAP = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                 '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n')


def _feed_folders() -> list[str]:
    """The folders feeds are in. Material's script fetches the sitemap.xml beside every
    <link rel="alternate"> (meant for a site's language versions), feeds included: an empty
    sitemap there answers it, instead of a 404 on every page with a feed."""
    return sorted({FAMILY[name].save_as.rpartition("/")[0] + "/"
                   for name in ("feed", "authority-feed", "theme-feed")})


def _feed_keys(family: str, keys: Callable[[Site], Iterable[Key]]) -> Callable[[Site], list[Key]]:
    """A feed family's keys: those of `keys` whose feed would list any inspection."""
    return lambda site: [key for key in keys(site) if _feeds().has_feed(family, site.archive, site.index, key)]


def _data_page(site: Site, key: Key) -> dict[str, Any]:
    from generator.feeds import FEED_ENTRIES
    from generator.open_data import CSV_COLUMNS, DATA_FORMAT
    from generator.ratings_data import COLUMNS
    return {"csv_columns": CSV_COLUMNS, "ratings_columns": COLUMNS, "feed_entries": FEED_ENTRIES,
            "data_format": DATA_FORMAT}


def _schema(site: Site, key: Key, path: str) -> str:
    from generator.schema_doc import schema_json
    return schema_json()


def _theme_year_jobs(family: Family, site: Site, keys: list[ThemeYear]) -> Iterator[tuple[list[Key], Job]]:
    """A few themes of one year a job: the year's texts are unpacked once a job (cheap), and
    no job holds more than a few megabytes of pages."""
    by_year: dict[int, list[str]] = {}
    for key in keys:
        by_year.setdefault(key.year, []).append(key.theme)
    for year, themes in by_year.items():
        for start in range(0, len(themes), THEMES_PER_JOB):
            group = themes[start:start + THEMES_PER_JOB]
            yield [ThemeYear(theme, year) for theme in group], partial(_theme_years, family, site, year, group)


def _theme_years(family: Family, site: Site, year: int, themes: list[str]) -> Pages:
    """The pages of `themes` for one year: every tagged text, grouped by inspection.

    The year's texts are unpacked and sorted by theme in one pass. Each inspection's
    heading is rendered once for all of the job's pages: they sit at the same depth, so
    its links are the same on each, and an inspection is listed under many themes."""
    wanted = set(themes)
    found: dict[str, dict[str, list[Tagged]]] = {key: {} for key in themes}
    for inspection in site.index.by_year[year]:  # newest first, as the pages list them
        listing = site.archive.inspections[inspection]
        if wanted.isdisjoint(listing.themes):
            continue
        for item in listing.texts():
            for key in wanted.intersection(item.themes):
                found[key].setdefault(inspection, []).append(item)
    paths = {key: family.path(ThemeYear(key, year)) for key in themes}
    headings: dict[str, Markup] = {}
    for groups in found.values():
        for inspection in groups.keys() - headings.keys():
            headings[inspection] = site.renderer.partial(
                paths[themes[0]], "_theme_year_heading.md.j2", record=site.archive.inspections[inspection])
    return [(paths[key], site.renderer.page(paths[key], "theme_year.md.j2", key=key, theme=site.archive.themes[key],
                                            year=year, groups=found[key], headings=headings))
            for key in themes]


def _theme_year_page(site: Site, key: ThemeYear) -> Content:
    return _theme_years(FAMILY["theme-year"], site, key.year, [key.theme])[0][1]


def _theme_year_keys(site: Site) -> Iterator[ThemeYear]:
    for year in site.index.by_year:
        for key in site.archive.themes:
            if year in site.index.by_theme[key]:
                yield ThemeYear(key, year)


# --- the registry -----------------------------------------------------------------
# In build order: the longest jobs first, so that workers finish together. Families with a
# navigation title appear in the navigation in this order.

def _one_page(site: Site) -> tuple[None]:
    return (None,)


FAMILIES: tuple[Family, ...] = (
    Family("theme-year", "themes/{theme}/{year}.md", _theme_year_keys,
           lambda site, key, path: _theme_year_page(site, key),
           touched_by=lambda record, archive: (ThemeYear(t, record.sort_date.year) for t in record.themes),
           vocabulary="themes", jobs=_theme_year_jobs, unpacks=frozenset({"texts"}),
           text_edit_touches=lambda old, new: _themes_requoted(old, new)),
    Family("inspections-json", "data/inspections.json", _one_page,
           lambda site, key, path: _open_data().inspections_json(site), touched_by=every_record,
           record_keys=lambda record: (None,)),
    Family("inspections-csv", "data/inspections.csv", _one_page,
           lambda site, key, path: _open_data().inspections_csv(site), touched_by=every_record),
    Family("home", "index.md", _one_page, template("home.md.j2", _latest(LATEST_ON_HOME)),
           touched_by=every_record, nav_title="Home"),
    Family("inspections-index", "inspections/index.md", _one_page,
           template("inspections_index.md.j2", _latest(LATEST_ON_INDEX)), touched_by=every_record,
           nav_title="Inspections"),
    Family("authorities-index", "authorities/index.md", _one_page, template("authorities_index.md.j2"),
           touched_by=every_record, nav_title="Authorities"),
    Family("people-index", "people/index.md", _one_page, template("people_index.md.j2"),
           touched_by=every_record, nav_title="People"),
    Family("themes-index", "themes/index.md", _one_page, template("themes_index.md.j2"),
           touched_by=every_record, nav_title="Themes"),
    Family("programmes-index", "programmes/index.md", _one_page, template("programmes_index.md.j2"),
           touched_by=every_record, nav_title="Programmes"),
    Family("ratings", "ratings/index.md", _one_page, template("ratings.md.j2", _ratings_columns),
           touched_by=every_record, nav_title="Ratings"),
    Family("ratings-csv", "ratings/ratings.csv", _one_page, _ratings_csv, touched_by=every_record),
    Family("ratings-json", "ratings/ratings.json", _one_page, _ratings_json, touched_by=every_record),
    Family("frameworks-index", "frameworks/index.md", _one_page, template("frameworks_index.md.j2"),
           touched_by=every_record),
    Family("framework", "frameworks/{key}.md", lambda site: site.archive.frameworks,
           template("framework.md.j2", _framework), touched_by=_uses_framework, vocabulary="frameworks"),
    Family("about", "about.md", _one_page, template("about.md.j2"), nav_title="About"),
    Family("record-format", "record-format.md", _one_page, template("record-format.md.j2", _record_format),
           nav_title="Record format"),
    Family("inspection", "inspections/{key}.md", lambda site: site.archive.inspections,
           lambda site, key, path: site.inspection_page(key), touched_by=_same_authority,
           record_keys=lambda record: (record.id,), formerly=_former_ids),
    Family("inspection-json", "inspections/{key}.json", lambda site: site.archive.inspections,
           lambda site, key, path: _open_data().inspection_json(site.record_data[key]),
           touched_by=lambda record, archive: (record.id,), record_keys=lambda record: (record.id,),
           formerly=_former_ids),
    Family("authority", "authorities/{key}.md", lambda site: site.archive.authorities,
           template("authority.md.j2", _authority),
           touched_by=lambda record, archive: record.authorities, vocabulary="authorities",
           unpacks=frozenset({"details"})),
    Family("person", "people/{key}.md", lambda site: site.archive.people,
           template("person.md.j2", lambda site, key: {"key": key, "person": site.archive.people[key],
                                                        "appearances": site.index.by_person[key]}),
           touched_by=lambda record, archive: (role.person for role in record.people), vocabulary="people"),
    Family("inspections-year", "inspections/{key}.md", lambda site: site.index.by_year,
           template("inspections_year.md.j2", lambda site, key: {"year": key, "keys": site.index.by_year[key]}),
           touched_by=lambda record, archive: (record.sort_date.year,)),
    Family("theme", "themes/{key}.md", lambda site: site.archive.themes,
           template("theme.md.j2", lambda site, key: {"key": key, "theme": site.archive.themes[key],
                                                      "years": site.index.by_theme[key]}),
           touched_by=lambda record, archive: record.themes, vocabulary="themes"),
    Family("programme", "programmes/{key}.md", lambda site: site.archive.programmes,
           template("programme.md.j2", lambda site, key: {"key": key, "programme": site.archive.programmes[key],
                                                          "years": site.index.by_programme[key]}),
           touched_by=lambda record, archive: (record.programme,), vocabulary="programmes"),
    Family("schema", "schema/inspection.schema.json", _one_page, _schema),
    Family("data", "data/index.md", _one_page, template("data.md.j2", _data_page), nav_title="Data"),
    Family("redirect", "{key}", lambda site: site.redirects, _redirect,
           touched_by=lambda record, archive: _json_copies(record), record_keys=_json_copies),
    Family("feed-sitemap", "{key}sitemap.xml", lambda site: _feed_folders(), lambda site, key, path: EMPTY_SITEMAP),
    Family("feed", "feeds/inspections.xml", _feed_keys("feed", _one_page),
           lambda site, key, path: _feeds().feed(site, "feed"), touched_by=every_record),
    Family("authority-feed", "feeds/authorities/{key}.xml",
           _feed_keys("authority-feed", lambda site: site.archive.authorities),
           lambda site, key, path: _feeds().feed(site, "authority-feed", key),
           touched_by=lambda record, archive: record.authorities, vocabulary="authorities"),
    Family("theme-feed", "feeds/themes/{key}.xml", _feed_keys("theme-feed", lambda site: site.archive.themes),
           lambda site, key, path: _feeds().feed(site, "theme-feed", key),
           touched_by=lambda record, archive: record.themes, vocabulary="themes"),
)
FAMILY: dict[str, Family] = {family.name: family for family in FAMILIES}


RECORDS = "inspections"
"""What reserved_keys calls the records (their ids key the inspection families)."""


def reserved_keys(vocabulary: str) -> dict[str, str]:
    """Keys the site's own pages already use in the folders of `vocabulary`'s pages (or, for
    RECORDS, of the records' pages): key → the page it would collide with, e.g. "index" →
    "authorities/index.md"."""
    fixed = [family.path() for family in FAMILIES if not family._fields]
    fixed += [FAMILY["feed-sitemap"].path(folder) for folder in _feed_folders()]
    reserved: dict[str, str] = {}
    for family in FAMILIES:
        named = family.vocabulary if family.name not in ("inspection", "inspection-json") else RECORDS
        if named != vocabulary or family._fields != ("key",):
            continue
        prefix, _, suffix = family.save_as.partition("{key}")
        for path in fixed:
            middle = path[len(prefix):len(path) - len(suffix)]
            if path.startswith(prefix) and path.endswith(suffix) and middle and "/" not in middle:
                reserved.setdefault(middle, path)
    return reserved


def pages_touched_by(record: Listing, archive: Archive[Listing]) -> set[str]:
    """The pages whose content depends on `record` (in the archive that holds it)."""
    return {family.path(key) for family in FAMILIES for key in family.touched_by(record, archive)}


PACKED_PARTS = {"packed_texts": "texts", "packed_details": "details"}
"""The listing fields that hold packed parts, and the parts' names."""


def pages_touched_by_change(old: Listing, old_archive: Archive[Listing], new: Listing,
                            new_archive: Archive[Listing]) -> set[str]:
    """The pages an edit of one record changes: those that show something of it before or
    after. When the edit changed only its packed parts (its texts, its details: the common
    edit of a paragraph), only its own page and the families that unpack those parts."""
    changed = {f.name for f in fields(old) if getattr(old, f.name) != getattr(new, f.name)}
    families: Iterable[Family] = FAMILIES
    pages: set[str] = set()
    if old.id == new.id and changed <= PACKED_PARTS.keys():
        parts = {PACKED_PARTS[name] for name in changed}
        families = [family for family in FAMILIES if family.unpacks & parts]
        for family in FAMILIES:
            if family.record_keys is not None:
                pages.update(map(family.path, family.record_keys(new)))
        if changed == {"packed_texts"}:
            for family in families:
                if family.text_edit_touches is not None:
                    pages.update(map(family.path, family.text_edit_touches(old, new)))
            families = [family for family in families if family.text_edit_touches is None]
    for family in families:
        pages.update(map(family.path, family.touched_by(old, old_archive)))
        pages.update(map(family.path, family.touched_by(new, new_archive)))
    return pages


def _themes_requoted(old: Listing, new: Listing) -> Iterator[ThemeYear]:
    """The theme pages of the record's year whose quotations of it differ: a theme page by
    year quotes each of the year's texts that carry its theme (the year itself, and every
    other field the page shows, are unchanged when only the texts are)."""
    def by_theme(listing: Listing) -> dict[str, list[Tagged]]:
        quoted: dict[str, list[Tagged]] = {}
        for item in listing.texts():
            for theme in item.themes:
                quoted.setdefault(theme, []).append(item)
        return quoted

    before, after = by_theme(old), by_theme(new)
    for theme in sorted(before.keys() | after.keys()):
        if before.get(theme) != after.get(theme):
            yield ThemeYear(theme, new.sort_date.year)


def navigation() -> list[dict[str, str]]:
    """The site's navigation: the families that have a title, in registry order."""
    return [{family.nav_title: family.path()} for family in FAMILIES if family.nav_title]


def not_in_nav() -> list[str]:
    """Patterns for every Markdown page left out of the navigation (MkDocs' `not_in_nav`)."""
    return list(dict.fromkeys(family.glob for family in FAMILIES if family.is_markdown and not family.nav_title))
