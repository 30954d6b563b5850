"""The site `serve` shows: after an edit, only the pages whose Markdown changed are rebuilt.

A dirty MkDocs build still walks, sorts and checks every file of the docs folder, builds
the navigation and writes the 404 page and the sitemap: at 10,000 records that alone took
longer than the whole preview should. So the MkDocs build that `serve` runs first is kept
(its configuration, plugins, files, navigation and theme environment), and an edit that
leaves the set of pages and the navigation as they were rebuilds just the pages the
generator rewrote, through the same MkDocs steps a build takes for a page (read,
convert, render the theme, write). Anything else (a page added or removed, a navigation
page, a vocabulary, template or mkdocs.yml change) builds the whole site again (clean
after a removal or a change to mkdocs.yml), and keeps that build.
"""
from __future__ import annotations

import html
import logging
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click
import jinja2
from mkdocs.commands.build import _build_page, _populate_page, build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer, _serve_url
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation

from generator.build_lock import WAITING, build_lock
from generator.errors import describe_os_error
from generator.parallel import paused_collector
from generator.pipeline import Project
from generator.preview import Preview, Stamp, stamp

log = logging.getLogger("mkdocs.inspection_archive")
PAGES_REBUILT = "Rebuilding only the pages whose Markdown changed."
NOT_REBUILT = "The preview was not rebuilt: fix the problems above (every page shows them until then)."


class _KeepBuild(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """Keeps what a build gathered, once every other plugin has had its say."""

    def __init__(self) -> None:
        self.files: Files | None = None
        self.nav: Navigation | None = None
        self.env: jinja2.Environment | None = None

    @event_priority(-200)
    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav, self.files = nav, files
        return nav

    @event_priority(-200)
    def on_env(self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        self.env = env
        return env


@dataclass
class _Built:
    config: MkDocsConfig
    files: Files
    nav: Navigation
    env: jinja2.Environment
    nav_pages: frozenset[str]  # src_uris of the pages in the navigation


class LiveSite:
    """Regenerate the Markdown incrementally, then bring `site_dir` up to date."""

    def __init__(self, project: Project, site_dir: Path, serve_url: str | None = None) -> None:
        self.project = project
        self.site_dir = site_dir
        self.serve_url = serve_url
        self.preview = Preview(project)
        self.built: _Built | None = None
        self.config_stamp: Stamp | None = None
        """mkdocs.yml as the site was last built with it."""
        self.last: str = ""
        """What the last rebuild did: "site" (the whole site) or "pages" (the rewritten pages)."""

    def rebuild(self) -> None:
        """Raises ContentError (the archive's problems) or MkDocs' errors; the site keeps
        what it had."""
        # The collector would scan the objects the loaded site holds, hundreds of thousands, again,
        # for garbage that reference counting frees anyway.
        with build_lock(self.project.root, _waiting), paused_collector():
            self._rebuild()

    def _rebuild(self) -> None:
        rendered, report, seconds = self.preview.refresh()
        log.info("Regenerated %d pages (%d rewritten, %d removed) in %.2fs", rendered, report.written,
                 report.removed, seconds)
        config_stamp = stamp(self.project.site.config_file)
        same_config = config_stamp == self.config_stamp
        if (self.built is not None and same_config and not self.preview.last_full and report.removed == 0
                and self._rebuild_pages(report.pages)):
            self.last = "pages"
            return
        # A dirty build rebuilds only the pages whose Markdown is newer than their HTML, and
        # leaves a removed page's HTML behind (to be served): after a removal or a change to
        # mkdocs.yml, start clean.
        self._build_site(dirty=report.removed == 0 and (same_config or self.config_stamp is None))
        self.config_stamp = config_stamp
        self.last = "site"

    def _build_site(self, dirty: bool) -> None:
        self.built = None  # a failed build leaves nothing to reuse
        config = self.config()
        keep = _KeepBuild()
        config.plugins["archive-live-keep"] = keep
        build(config, serve_url=self.serve_url, dirty=dirty)
        assert keep.files is not None and keep.nav is not None and keep.env is not None
        nav_pages = frozenset(page.file.src_uri for page in keep.nav.pages)
        self.built = _Built(config, keep.files, keep.nav, keep.env, nav_pages)

    def config(self) -> MkDocsConfig:
        # Not strict: a preview shows the pages even while MkDocs warns about one.
        config = load_config(str(self.project.site.config_file), site_dir=str(self.site_dir), strict=False)
        if self.serve_url:
            config.site_url = self.serve_url
        return config

    def _rebuild_pages(self, rewritten: tuple[str, ...]) -> bool:
        """Rebuild the pages at `rewritten` (paths in the docs folder) alone, and copy the other
        files (downloads) as MkDocs does; False if that is not enough (a file MkDocs does not
        know yet, or a page in the navigation)."""
        built = self.built
        assert built is not None
        files = [built.files.get_file_from_path(path) for path in rewritten]
        if any(file is None or path in built.nav_pages for file, path in zip(files, rewritten, strict=True)):
            return False
        log.info(PAGES_REBUILT)
        for file in files:
            if file is not None and file.page is None:
                file.copy_file()
        inclusion = InclusionLevel.is_in_serve if self.serve_url else InclusionLevel.is_included
        doc_files = built.files.documentation_pages(inclusion=inclusion)
        pages: list[Any] = [file.page for file in files if file is not None and file.page is not None]
        for page in pages:
            _populate_page(page, built.config, built.files)
        for page in pages:
            _build_page(page, built.config, doc_files, built.nav, built.env)
        return True


def _waiting(lock: Path) -> None:
    log.info(WAITING.format(lock=lock))


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server, except that while the last rebuild has failed, every page
    request is answered with what went wrong (MkDocs' own server holds page requests until a
    build succeeds, so the browser just hangs). The error page carries the reload script:
    once the problem is fixed and the rebuild succeeds, the browser shows the page again."""

    standing_error: str | None = None

    def _serve_request(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes] | None:
        error = self.standing_error
        path = environ["PATH_INFO"]
        if error is None or path.startswith("/livereload/") or not _is_page(path):
            return super()._serve_request(environ, start_response)
        with self._epoch_cond:
            epoch = self._visible_epoch
        content = self._inject_js_into_html(error_page(error), epoch)  # type: ignore[no-untyped-call]
        start_response("500 Internal Server Error", [("Content-Type", "text/html; charset=utf-8"),
                                                     ("Content-Length", str(len(content)))])
        return [content]


def _is_page(path: str) -> bool:
    last = path.rsplit("/", 1)[-1]
    return last == "" or last.endswith(".html") or "." not in last


ERROR_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>The preview was not rebuilt</title></head>
<body style="font-family: sans-serif; margin: 2rem; max-width: 60rem">
<h1>The preview was not rebuilt</h1>
<p>Fix the problems below and save: this page reloads by itself once the site builds again.</p>
<pre style="white-space: pre-wrap">{message}</pre>
</body></html>
"""


def error_page(message: str) -> bytes:
    """A page that shows a failed rebuild's message (escaped: it quotes record text)."""
    return ERROR_PAGE.format(message=html.escape(message)).encode()


def serve_live(project: Project, dev_addr: str) -> None:
    """Serve the live site on `dev_addr` until interrupted (KeyboardInterrupt), rebuilding it
    when the content, the templates or mkdocs.yml change. MkDocs' server does the serving
    and reloads the browser after each rebuild; this is what `mkdocs serve` does around it."""
    config = load_config(str(project.site.config_file), dev_addr=dev_addr)
    host, port = config.dev_addr
    mount_path = urlsplit(config.site_url or "/").path
    serve_url = _serve_url(host, port, mount_path)
    site_dir = Path(tempfile.mkdtemp(prefix="mkdocs_"))
    live = LiveSite(project, site_dir, serve_url)
    server = PreviewServer(builder=lambda: _rebuild_or_report(live, server), host=host, port=port,
                           root=str(site_dir), mount_path=mount_path)

    def missing_page(code: int) -> bytes | None:
        page = site_dir / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    server.error_handler = missing_page
    try:
        _rebuild_or_report(live, server)
        for watched in (project.content, project.templates, project.site.config_file):
            server.watch(str(watched))
        try:
            server.serve()  # type: ignore[no-untyped-call]
        finally:
            server.shutdown()
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)


def _rebuild_or_report(live: LiveSite, server: PreviewServer) -> None:
    """A rebuild. If it fails, the problems are reported in the terminal, in the archive's
    words, and every page shows them until a rebuild succeeds. Any failure: the preview runs
    MkDocs and the templates in this process, and a mistake in either must not stop it."""
    try:
        live.rebuild()
    except click.ClickException as error:  # the archive's problems, and MkDocs' own
        server.standing_error = error.format_message()
    except jinja2.TemplateError as error:
        where = f" ({error.filename}, line {error.lineno})" if isinstance(error, jinja2.TemplateSyntaxError) else ""
        server.standing_error = f"A template failed{where}: {error}"
    except OSError as error:
        server.standing_error = describe_os_error(error)
    except Exception as error:  # a fault of the generator itself: its traceback is for its developers
        log.exception("The preview failed")
        server.standing_error = f"{type(error).__name__}: {error}"
    else:
        server.standing_error = None
        return
    log.error(server.standing_error)
    log.error(NOT_REBUILT)
