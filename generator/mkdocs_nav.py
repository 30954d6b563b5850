"""MkDocs plugin `archive-pages`: the site's navigation and the pages left out of it, from
the page-family registry (generator/families.py), so that mkdocs.yml spells no page path."""
from __future__ import annotations

from typing import Any

import pathspec
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from generator.families import navigation, not_in_nav


class ArchivePages(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    def on_config(self, config: MkDocsConfig, /) -> Any:
        if config.nav is not None or config.not_in_nav is not None:
            raise PluginError("mkdocs.yml must not set nav or not_in_nav: the archive-pages plugin derives both "
                              "from generator/families.py")
        config.nav = navigation()
        config.not_in_nav = pathspec.gitignore.GitIgnoreSpec.from_lines(not_in_nav())
        return config
