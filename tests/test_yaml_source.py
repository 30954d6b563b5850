from __future__ import annotations

from pathlib import Path

import pytest

from generator.yaml_source import MAX_FILE_BYTES, YamlSourceError, read_yaml


def write(tmp_path: Path, text: str | bytes, name: str = "r.yml") -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def error_of(path: Path) -> str:
    with pytest.raises(YamlSourceError) as info:
        read_yaml(path, path.parent)
    return str(info.value)


def test_scalars_follow_yaml_1_2_not_pyyaml_1_1(tmp_path: Path) -> None:
    doc = read_yaml(write(tmp_path, "a: no\nb: NO\nc: off\nd: 1:30\ne: 2014-02-30\nf: true\ng: 20\nh: 1.5\n"
                                    "i: '20'\nj: ~\nk: 010\n"))
    assert doc.data == {"a": "no", "b": "NO", "c": "off", "d": "1:30", "e": "2014-02-30", "f": True,
                        "g": 20, "h": 1.5, "i": "20", "j": None, "k": "010"}


def test_positions_of_values_and_keys(tmp_path: Path) -> None:
    doc = read_yaml(write(tmp_path, "a: 1\nlist:\n  - x: q\n    y: 2\n"))
    assert doc.locate(("list", 0, "y")) == (4, 8)
    assert doc.locate(("list", 0, "y"), key=True) == (4, 5)
    assert doc.locate(("list", 0, "missing")) == (3, 5)


def test_duplicate_key_is_an_error_not_silently_dropped(tmp_path: Path) -> None:
    doc = read_yaml(write(tmp_path, "id: a\ntitle: x\nlist:\n  - id: a\n    id: b\nid: b\n"), tmp_path)
    assert [str(p) for p in doc.problems] == [
        "r.yml:5:5: list[0].id: duplicate key 'id' (first given on line 4); YAML would silently keep only the last one",
        "r.yml:6:1: id: duplicate key 'id' (first given on line 1); YAML would silently keep only the last one"]
    assert doc.locate(("list", 0, "id"), key=True) == (4, 5)  # the first, whose value is kept
    assert doc.data["id"] == "a"  # reading goes on, so the file's other problems are reported too


def test_aliases_are_refused(tmp_path: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b]\n"
    assert "YAML anchors and aliases (&name / *name) are not supported" in error_of(write(tmp_path, bomb))


def test_several_documents_are_refused(tmp_path: Path) -> None:
    assert "file holds more than one YAML document" in error_of(write(tmp_path, "a: 1\n---\nb: 2\n"))


def test_empty_and_comment_only_files_are_refused(tmp_path: Path) -> None:
    assert error_of(write(tmp_path, "")) == "r.yml:1:1: file is empty (expected a YAML mapping)"
    assert error_of(write(tmp_path, "# only a comment\n")) == "r.yml:1:1: file is empty (expected a YAML mapping)"


def test_non_utf8_is_refused_with_line(tmp_path: Path) -> None:
    message = error_of(write(tmp_path, b"a: 1\nb: caf\xe9\n"))
    assert message == "r.yml:2:1: file is not UTF-8 (byte 0xe9 at offset 11); save it as UTF-8"


def test_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    message = error_of(write(tmp_path, "a: " + "x" * MAX_FILE_BYTES + "\n"))
    assert "the limit is 1,000,000 bytes" in message


def test_syntax_error_has_position(tmp_path: Path) -> None:
    assert error_of(write(tmp_path, "a: [1, 2\nb: 3\n")).startswith("r.yml:2:2: YAML syntax error")


def test_custom_tags_are_refused(tmp_path: Path) -> None:
    assert "YAML tag '!python' is not supported" in error_of(write(tmp_path, "a: !python x\n"))


def test_merge_keys_and_tagged_keys_are_refused(tmp_path: Path) -> None:
    assert error_of(write(tmp_path, "base: {a: 1}\nitem:\n  <<: {a: 2}\n")) == (
        "r.yml:3:3: YAML merge keys (<<) are not supported; write the fields out")
    assert error_of(write(tmp_path, "!!python/name:os.system x: 1\n")) == "r.yml:1:1: a mapping key must be plain text"
    assert read_yaml(write(tmp_path, "'<<': 1\n")).data == {"<<": 1}  # quoted, it is an ordinary key


def test_blank_lines_separate_paragraphs_in_every_scalar_style(tmp_path: Path) -> None:
    doc = read_yaml(write(tmp_path, "a: >-\n  one\n  more\n\n  two\nb: |-\n  one\n  more\n\n  two\n"
                                    "c: one\n  more\n\n  two\n"))
    assert doc.data == {"a": "one more\n\ntwo", "b": "one\nmore\n\ntwo", "c": "one more\n\ntwo"}
