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
