"""MkDocs hook used by `inspection-archive serve`: regenerate the Markdown before each
rebuild, so editing a record, a vocabulary or a template updates the preview."""
from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from generator.errors import ContentError
from generator.pipeline import Project, generate

PROJECT_ENV = "INSPECTION_ARCHIVE_PROJECT"
CONTENT_ENV = "INSPECTION_ARCHIVE_CONTENT"
log = logging.getLogger("mkdocs.inspection_archive")


def on_pre_build(config: Any) -> None:
    project = Project.at(Path(os.environ[PROJECT_ENV]), Path(os.environ[CONTENT_ENV]))
    try:
        report = generate(project)
    except ContentError as error:
        raise PluginError(error.format_message()) from None
    log.info("Generated %d pages (%d rewritten, %d removed) in %.2fs", report.pages,
             report.written.written, report.written.removed, report.generate_seconds)
