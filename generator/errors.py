"""Problems found in the curated content, reported with their location."""
from __future__ import annotations

import errno
from dataclasses import dataclass
from pathlib import Path

import click


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, in the form `path:line:column: field: message`."""

    path: str
    line: int
    column: int
    field: str
    message: str
    warning: bool = False
    """A warning is shown to the curator (and the reader) but does not stop the build."""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}" + (": warning" if self.warning else "")
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


def display_path(path: Path, root: Path | None = None) -> str:
    """A path as the curator would type it: relative to the project when possible."""
    try:
        return str(path.relative_to(root or Path.cwd()))
    except ValueError:
        return str(path)


class ContentError(click.ClickException):
    """The content has problems: every one is listed, then the command stops."""

    exit_code = 1

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(p for p in problems if not p.warning)
        noun = "problem" if len(self.problems) == 1 else "problems"
        lines = [str(p) for p in self.problems] + [f"{len(self.problems)} {noun} found; nothing was built."]
        super().__init__("\n".join(lines))

    def format_message(self) -> str:
        return self.message


class BuildError(click.ClickException):
    """A step after validation failed (MkDocs, writing files)."""

    exit_code = 1


def describe_os_error(error: OSError) -> str:
    where = f"{error.filename}: " if error.filename else ""
    reason = error.strerror or str(error)
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        reason += " (the disk is full: free some space and build again)"
    return where + reason
