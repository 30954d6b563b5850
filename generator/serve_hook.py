"""MkDocs hook used by `inspection-archive serve`: regenerate the Markdown before each
rebuild, so editing a record, a vocabulary or a template updates the preview."""
from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from generator.errors import ContentError
from generator.parallel import forbid_forking
from generator.pipeline import Project
from generator.preview import Preview

PROJECT_ENV = "INSPECTION_ARCHIVE_PROJECT"
CONTENT_ENV = "INSPECTION_ARCHIVE_CONTENT"
log = logging.getLogger("mkdocs.inspection_archive")
_preview: Preview | None = None


def on_startup(*, command: str, dirty: bool) -> None:
    # Before MkDocs starts its server's threads (the serve command has already said so; this
    # keeps the hook safe however MkDocs is started).
    forbid_forking()


def on_pre_build(config: Any) -> None:
    global _preview
    if _preview is None:  # one per serve process: it keeps the archive between rebuilds
        _preview = Preview(Project.at(Path(os.environ[PROJECT_ENV]), Path(os.environ[CONTENT_ENV])))
    try:
        rendered, written, seconds = _preview.refresh()
    except ContentError as error:
        raise PluginError(error.format_message()) from None
    log.info("Regenerated %d pages (%d rewritten, %d removed) in %.2fs", rendered, written.written,
             written.removed, seconds)
