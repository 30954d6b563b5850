"""MkDocs plugin `archive-split`: a large site's pages are built by two MkDocs processes.

MkDocs reads, converts and writes every page in one process, on one core. Once the
configuration, the files and the navigation are known (`on_nav`), this plugin forks: each
process then reads, converts and writes its own share of the pages (every other page, in
MkDocs' order), and passes over the rest without reading them. The parent alone copies the
theme's files and writes its extra pages (404.html, sitemap.xml), which list every page, as
every process knows them all. The child counts its own warnings and errors and exits with
the result once its pages are written; the parent waits for it and fails the build if it
failed, so a strict build still fails on any warning of either.

Forking is left out where it is unsafe or does not pay (`generator/parallel.py`): under
`serve` (whose server runs threads), on one core, or for a small site.
"""
from __future__ import annotations

import functools
import logging
import os
import signal
import sys

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from generator.parallel import MIN_ITEMS, can_fork

SKIP_TEMPLATE = "archive-split-skip.html"  # renders nothing: MkDocs writes no file for it
SHARES = 2


class _Counter(logging.Handler):
    """Counts warnings and errors, as MkDocs' strict mode does, in the child."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class _NotOwnSkips(logging.Filter):
    """Drops MkDocs' "Page skipped" notice for the pages another process writes."""

    def __init__(self, own: set[str]) -> None:
        super().__init__()
        self.own = own

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if not message.startswith("Page skipped: '"):
            return True
        return message.split("'", 2)[1] in self.own


class SplitPages(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    def __init__(self) -> None:
        self.own: set[str] | None = None  # the src_uris this process builds; None: all
        self.child_pid: int | None = None  # in the parent: the child's pid
        self.counter: _Counter | None = None  # in the child

    @event_priority(-100)  # once the navigation is final
    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        pages = [file.src_uri for file in files.documentation_pages()]
        if not can_fork(len(pages), MIN_ITEMS):
            return nav
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        share = 0 if pid else 1
        if pid:
            self.child_pid = pid
        else:
            self.counter = _Counter()
            logging.getLogger("mkdocs").addHandler(self.counter)
        self.own = set(pages[share::SHARES])
        logging.getLogger("mkdocs.commands.build").addFilter(_NotOwnSkips(self.own))
        return nav

    @event_priority(-100)  # after archive-markdown has set how the page renders
    def on_pre_page(self, page: Page, /, *, config: MkDocsConfig, files: Files) -> Page:
        if self.own is not None and page.file.src_uri not in self.own:
            page.read_source = functools.partial(_no_source, page)  # type: ignore[method-assign]
            page.render = functools.partial(_no_render, page)  # type: ignore[method-assign]
        return page

    def on_env(self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        if self.own is None:
            return env
        assert env.loader is not None
        env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({SKIP_TEMPLATE: ""}), env.loader])
        if self.counter is not None:  # the child: only its pages; the parent writes the rest
            for file in [file for file in files if not file.is_documentation_page()]:
                files.remove(file)
            config.theme.static_templates.clear()
            config.extra_templates.clear()
        return env

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.counter is not None:
            _exit(1 if self.counter.count else 0)
        if self.child_pid is not None:
            _, status = os.waitpid(self.child_pid, 0)
            self.child_pid = None
            if os.waitstatus_to_exitcode(status) != 0:
                raise PluginError("the MkDocs process that built the other half of the pages failed "
                                  "(its messages are above)")

    def on_build_error(self, *, error: Exception) -> None:
        if self.counter is not None:
            _exit(1)
        if self.child_pid is not None:
            os.kill(self.child_pid, signal.SIGTERM)
            os.waitpid(self.child_pid, 0)
            self.child_pid = None


def _no_source(page: Page, config: MkDocsConfig) -> None:
    page.markdown = ""
    page.meta = {"template": SKIP_TEMPLATE}


def _no_render(page: Page, config: MkDocsConfig, files: Files) -> None:
    page.content = ""
    page.toc = get_toc([])
    page.present_anchor_ids = set()
    page.links_to_anchors = {}


def _exit(code: int) -> None:
    """Leave the child at once: the rest of the build (and its clean-up) is the parent's."""
    for handler in [*logging.getLogger().handlers, *logging.getLogger("mkdocs").handlers]:
        handler.flush()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)

