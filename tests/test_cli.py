from __future__ import annotations

import click
import pytest
from conftest import run_cli

from generator.cli import main
from generator.errors import BuildError
from generator.writer import safe_target


def test_every_command_has_help_text() -> None:
    for name, command in main.commands.items():
        assert command.help and len(command.help) > 20, f"{name} needs help text"


def test_module_and_console_script_share_the_cli() -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    for name in ("check", "generate", "build", "serve"):
        assert name in result.stdout


@pytest.mark.parametrize("page", ["../x.md", "/etc/passwd", "a//b.md", "", "a\\..\\b.md", "a/../../b.md"])
def test_writer_refuses_paths_that_escape_the_docs_folder(tmp_path, page: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(BuildError):
        safe_target(tmp_path, page)


def test_writer_refuses_to_generate_into_content(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from generator.writer import write_pages

    with pytest.raises(BuildError, match="builds never modify"):
        write_pages({"index.md": "x"}, tmp_path / "content" / "docs", protected=[tmp_path / "content"])
    assert not (tmp_path / "content").exists()
    assert isinstance(BuildError("x"), click.ClickException)


def test_writer_refuses_to_write_a_page_twice(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from generator.writer import write_pages

    with pytest.raises(BuildError, match="twice"):
        write_pages(iter([("a.md", "one"), ("a.md", "two")]), tmp_path / "docs")
