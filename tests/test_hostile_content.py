"""What a content tree may hold that would otherwise crash, mislead or hang the build:
each is refused with its location."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import edit, loaded_problems


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-infinity", "1e999", "-1e999"])
@pytest.mark.parametrize("field", ["value: 41.9", "value: 36.6"])  # a figure, and what it is compared with
def test_a_number_must_be_finite(content: Path, value: str, field: str) -> None:
    edit(content, "inspections/northtown-2014-03.yml", field, field.replace(field.split()[1], value))
    problems = loaded_problems(content)
    assert len(problems) == 1, problems
    assert problems[0].startswith("content/inspections/northtown-2014-03.yml:")
    assert "finite number" in problems[0] or "valid number" in problems[0], problems


@pytest.mark.parametrize("control", ["\u202e", "\u202a", "\u202b", "\u202c", "\u202d", "\u2066", "\u2067", "\u2068",
                                     "\u2069"])
@pytest.mark.parametrize(("file", "text"), [("inspections/northtown-2016-02.yml", "Plans were timely."),
                                            ("authorities.yml", "name: Northtown")])
def test_bidirectional_controls_are_refused(content: Path, control: str, file: str, text: str) -> None:
    edit(content, file, text, text[:-3] + control + text[-3:])
    problems = loaded_problems(content)
    assert any(problem.startswith(f"content/{file}:") and f"bidirectional control U+{ord(control):04X}" in problem
               for problem in problems), problems


@pytest.mark.parametrize(("file", "old", "new", "key", "page"), [
    ("authorities.yml", "southvale:\n", "index:\n", "index", "authorities/index.md"),
    ("authorities.yml", "southvale:\n", "sitemap:\n", "sitemap", "feeds/authorities/sitemap.xml"),
    ("themes.yml", "risk-of-harm:\n", "index:\n", "index", "themes/index.md"),
    ("people.yml", "ann-inspector:\n", "index:\n", "index", "people/index.md"),
    ("inspections/northtown-2016-02.yml", "id: northtown-2016-02\n", "id: index\n", "index", "inspections/index.md"),
])
def test_keys_the_site_uses_are_reserved(fixture_project: Path, file: str, old: str, new: str, key: str,
                                         page: str) -> None:
    from conftest import run_cli
    content = fixture_project / "content"
    edit(content, file, old, new)
    line = (content / file).read_text(encoding="utf-8").splitlines().index(new.rstrip("\n")) + 1
    for command in ("check", "build"):
        result = run_cli(command, "--project", str(fixture_project))
        output = result.stdout + result.stderr
        assert result.returncode != 0 and "Traceback" not in output, output
        assert f"content/{file}:{line}:" in output and f"'{key}' is reserved" in output and page in output, output


@pytest.mark.parametrize("file", ["authorities.yml", "inspections/northtown-2016-02.yml"])
@pytest.mark.parametrize("levels", [65, 500, 5000])
def test_deep_nesting_is_a_located_error(fixture_project: Path, file: str, levels: int) -> None:
    from conftest import run_cli
    path = fixture_project / "content" / file
    path.write_text(path.read_text(encoding="utf-8") + "deep: " + "[" * levels + "]" * levels + "\n",
                    encoding="utf-8")
    result = run_cli("check", "--project", str(fixture_project))
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output and "RecursionError" not in output, output[-2000:]
    assert f"content/{file}:" in output and "nested more than 64 levels deep" in output, output[-2000:]


def test_deep_nesting_without_libyaml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """PyYAML's pure-Python composer recurses too (machines without libyaml use it)."""
    import yaml

    import generator.yaml_source as yaml_source
    from generator.yaml_source import YamlSourceError, read_yaml

    class PureLoader(yaml.SafeLoader):
        resolve = yaml_source._Loader.resolve

    monkeypatch.setattr(yaml_source, "_Loader", PureLoader)
    path = tmp_path / "deep.yml"
    path.write_text("deep: " + "[" * 2000 + "]" * 2000 + "\n", encoding="utf-8")
    with pytest.raises(YamlSourceError, match="nested more than 64 levels deep"):
        read_yaml(path)


# --- what the content folder holds besides files --------------------------------------

RECORD = "inspections/northtown-2016-02.yml"


def check(project: Path) -> str:
    """`check` on the project, which must refuse it, and within two minutes (a pipe or a
    device read as a file would block or run for ever)."""
    import subprocess
    import sys
    result = subprocess.run([sys.executable, "-m", "generator", "check", "--project", str(project)],
                            capture_output=True, text=True, timeout=120, check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Traceback" not in output and "Error:" in output, output
    return output


def test_a_link_to_a_record_outside_content_is_not_followed(fixture_project: Path) -> None:
    content = fixture_project / "content"
    outside = fixture_project / "elsewhere.yml"
    (content / RECORD).rename(outside)
    (content / RECORD).symlink_to(outside)
    output = check(fixture_project)
    assert f"content/{RECORD}:1:1: is a link to {outside.resolve()}, outside content/" in output, output


def test_a_link_within_content_is_followed(fixture_project: Path) -> None:
    from conftest import run_cli
    content = fixture_project / "content"
    (content / RECORD).rename(content / "kept-aside.txt")
    (content / RECORD).symlink_to(content / "kept-aside.txt")
    result = run_cli("check", "--project", str(fixture_project))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("case", ["dev-zero", "fifo", "dangling", "loop", "folder"])
def test_what_is_not_a_readable_record_file_is_refused_with_its_path(fixture_project: Path, case: str) -> None:
    import os
    content = fixture_project / "content" / "inspections"
    odd = content / "odd.yml"
    if case == "dev-zero":  # through a link inside content: a device, it would be read for ever
        (fixture_project / "content" / "zero").symlink_to("/dev/zero")
        odd.symlink_to(fixture_project / "content" / "zero")
        expected = "is a link to /dev/zero, outside content/"
    elif case == "fifo":
        os.mkfifo(odd)
        expected = "is not a regular file"
    elif case == "dangling":
        odd.symlink_to(content / "missing.yml")
        expected = "which does not exist"
    elif case == "loop":
        odd.symlink_to(content / "loop.yml")
        (content / "loop.yml").symlink_to(odd)
        expected = "a loop of links"
    else:
        odd.mkdir()
        expected = "is a folder, not a file"
    output = check(fixture_project)
    assert "content/inspections/odd.yml:1:1: " in output and expected in output, output


@pytest.mark.parametrize("case", ["folder", "dangling", "fifo", "outside"])
def test_a_vocabulary_that_is_not_a_readable_file_is_refused(fixture_project: Path, case: str) -> None:
    import os
    vocabulary = fixture_project / "content" / "themes.yml"
    vocabulary.unlink()
    if case == "folder":
        vocabulary.mkdir()
        expected = "is a folder, not a file"
    elif case == "dangling":
        vocabulary.symlink_to(fixture_project / "content" / "gone.yml")
        expected = "which does not exist"
    elif case == "fifo":
        os.mkfifo(vocabulary)
        expected = "is not a regular file"
    else:
        (fixture_project / "themes.yml").write_text("x:\n  name: X\n", encoding="utf-8")
        vocabulary.symlink_to(fixture_project / "themes.yml")
        expected = "outside content/"
    output = check(fixture_project)
    assert "content/themes.yml:1:1: " in output and expected in output, output


def test_an_unreadable_file_is_refused_with_its_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As the file's owner would see it (the tests may run as root, whom permissions do not stop)."""
    import os

    from generator.yaml_source import YamlSourceError, read_yaml
    path = tmp_path / "record.yml"
    path.write_text("id: x\n", encoding="utf-8")

    def refuse(*args: object, **kwargs: object) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(YamlSourceError, match=r"record\.yml:1:1: cannot be read: permission denied"):
        read_yaml(path, tmp_path)


@pytest.mark.parametrize(("file", "old", "new", "tag"), [
    (RECORD, "sources:\n", "sources: !!seq\n", "!!seq"),
    ("authorities.yml", "  name: Northtown\n", "  name: Northtown\n  also_known_as: !!set {North: null}\n", "!!set"),
    ("authorities.yml", "  name: Northtown\n",
     "  name: Northtown\n  also_known_as: !!python/object/apply:os.system [\"true\"]\n", "!!python/object/apply:os.system"),
    (RECORD, "published: 2016-03-01\n", "published: !!timestamp 2016-03-01 10:00:00\n", "!!timestamp"),
    ("authorities.yml", "northtown:\n", "northtown: !!map\n", "!!map"),
])
def test_every_explicit_tag_is_refused_on_any_node(content: Path, file: str, old: str, new: str, tag: str) -> None:
    edit(content, file, old, new)
    line = (content / file).read_text(encoding="utf-8").splitlines().index(new.splitlines()[-1]) + 1
    problems = loaded_problems(content)
    assert any(problem.startswith(f"content/{file}:{line}:") and f"YAML tag '{tag}' is not supported" in problem
               for problem in problems), problems
