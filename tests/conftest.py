from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true",
                     help="Rewrite tests/golden/ from the current output instead of comparing.")


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


def make_project(destination: Path, content: Path) -> Path:
    """A project folder like the repository's: mkdocs.yml, site_overrides/ and a content folder."""
    destination.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", destination / "mkdocs.yml")
    shutil.copytree(REPO / "site_overrides", destination / "site_overrides")
    shutil.copytree(content, destination / "content")
    return destination


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True,
                          cwd=cwd or REPO, check=False)


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A copy of the fixture archive's content folder, with mkdocs.yml beside it, to edit."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURES / "archive" / "content", target)
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return target


def edit(content: Path, name: str, old: str, new: str) -> None:
    """Replace the first `old` in `content/name` by `new` (failing if it is not there)."""
    path = content / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def loaded_problems(content: Path) -> list[str]:
    """The problems loading `content` reports, as `path:line:column: field: message` lines."""
    from generator.archive import load_archive
    from generator.errors import ContentError

    with pytest.raises(ContentError) as info:
        load_archive(content)
    return [str(p) for p in info.value.problems]


def generated_problems(content: Path) -> list[str]:
    """The problems a generate step reports (the same as loading's); it must write nothing at all."""
    from site_checks import tree_digest

    from generator.errors import ContentError
    from generator.pipeline import Project, generate

    before = tree_digest(content)
    with pytest.raises(ContentError) as info:
        generate(Project.at(content.parent))
    assert not (content.parent / "build").exists(), "a failed check must not write anything"
    assert tree_digest(content) == before
    return [str(p) for p in info.value.problems]


@pytest.fixture
def fixture_project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project", FIXTURES / "archive" / "content")


@pytest.fixture(scope="session")
def built_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real archive (content/), built once with the real CLI in a temporary folder."""
    project = make_project(tmp_path_factory.mktemp("archive") / "project", REPO / "content")
    result = run_cli("build", "--project", str(project))
    assert result.returncode == 0, result.stderr + result.stdout
    return project


@pytest.fixture(scope="session")
def built_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture archive (tests/fixtures/archive/content), built once with the real CLI in a
    temporary folder. Its facts may be pinned by tests: unlike content/, it changes only with them."""
    project = make_project(tmp_path_factory.mktemp("fixture") / "project", FIXTURES / "archive" / "content")
    result = run_cli("build", "--project", str(project))
    assert result.returncode == 0, result.stderr + result.stdout
    return project
