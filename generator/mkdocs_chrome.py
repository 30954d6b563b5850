"""MkDocs plugin `archive-chrome`: Material's navigation and tabs rendered once per folder.

Material renders its whole navigation (the primary sidebar and the tabs) into every page,
and that was a third of MkDocs' remaining time. For a page outside the navigation, the
result depends only on where the page sits: no item is active, and every link is relative
to the page's folder. So every inspection page gets the same navigation as its
neighbours, byte for byte, and it is rendered once and reused.

site_overrides/partials/nav.html and tabs.html call `archive_theme_include`, which renders
the theme's own partial of that name (reached under the `theme/` prefix) or returns the
copy made for an earlier page with the same key. Pages in the navigation, pages with
navigation items below their own URL, and pages that hide parts of the theme are always
rendered afresh. A test builds the fixture archive with and without the cache and
compares every file.
"""
from __future__ import annotations

import posixpath
from collections.abc import Hashable
from typing import Any

import jinja2
from markupsafe import Markup
from mkdocs.config import config_options
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

THEME_PREFIX = "theme"  # `theme/partials/nav.html` is the theme's own, not site_overrides'


class ThemeChromeCache(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    # `cache: false` renders every page's navigation afresh (tests compare the two builds).
    config_scheme = (("cache", config_options.Type(bool, default=True)),)

    def __init__(self) -> None:
        self.rendered: dict[Hashable, Markup] = {}
        self.nav_urls: frozenset[str] = frozenset()

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.rendered = {}
        self.nav_urls = frozenset(_urls(nav.items))
        return nav

    def on_env(self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        custom_dir = config.theme.custom_dir
        theme_dirs = [folder for folder in config.theme.dirs if folder != custom_dir]
        assert env.loader is not None, "MkDocs gives its environment a loader"
        env.loader = jinja2.ChoiceLoader(
            [env.loader, jinja2.PrefixLoader({THEME_PREFIX: jinja2.FileSystemLoader(theme_dirs)})])
        env.globals["archive_theme_include"] = self.theme_include
        return env

    @jinja2.pass_context
    def theme_include(self, context: jinja2.runtime.Context, name: str) -> Markup:
        """The theme's partial `name`, rendered with the including template's context as
        `{% include %}` renders it, or the copy made for an earlier page with the same key."""
        key = self.key(name, context.get("page"))
        if key is not None and key in self.rendered:
            return self.rendered[key]
        template = context.environment.get_template(f"{THEME_PREFIX}/{name}")
        html = Markup(template.render(context.get_all()))
        if key is not None:
            self.rendered[key] = html
        return html

    def key(self, name: str, page: Any) -> Hashable | None:
        """What the partial's output depends on for `page`, or None if it must be rendered
        for this page alone."""
        if not self.config["cache"] or not isinstance(page, Page):
            return None
        url = page.url
        if (not url.endswith("/") or page.meta.get("hide")
                or any(nav_url.startswith(url) for nav_url in self.nav_urls)):
            return None
        # Links are relative to the page's URL: the same for every page of one folder, as
        # long as no navigation item lies under the page itself (checked above).
        folder = posixpath.dirname(url.rstrip("/"))
        return name, folder, tuple(id(section) for section in page.ancestors)


def _urls(items: list[Any]) -> list[str]:
    """The URLs of every page and link in the navigation, sections opened."""
    urls = []
    for item in items:
        if getattr(item, "url", None) is not None:
            urls.append(item.url)
        urls.extend(_urls(item.children or []))
    return urls
