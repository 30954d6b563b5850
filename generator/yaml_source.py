"""Read one YAML file into plain Python data, remembering where every value came from.

PyYAML's own constructors are not used: they silently keep the last of two duplicate
keys, turn `no`/`off` into booleans and `1:30` into 90, and expand aliases without
bound. Instead we compose the node tree and convert it ourselves, with YAML 1.2-like
scalar rules: only `true`/`false` are booleans, only plain decimal numbers are numbers,
and everything else (dates included) stays text for the model to validate.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.errors import Problem, display_path

try:  # The C composer is several times faster; fall back where libyaml is missing.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 1_000_000
MAX_NODES = 200_000

Location = tuple[int, int]
FieldPath = tuple[str | int, ...]

_INT_RE = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_FLOAT_RE = re.compile(r"^[-+]?(0|[1-9][0-9]*)\.[0-9]+$")
_NULLS = {"", "~", "null"}


@dataclass
class SourceDocument:
    """A parsed file: its data plus the line and column of every value and key."""

    path: Path
    display: str
    data: Any
    values: dict[FieldPath, Location] = field(default_factory=dict)
    keys: dict[FieldPath, Location] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    """Problems found while reading that did not stop it (duplicate keys)."""

    def locate(self, loc: FieldPath, *, key: bool = False) -> Location:
        """Line and column for a field path; the nearest enclosing value if the path
        itself is absent (e.g. a missing field points at its parent mapping)."""
        if key and loc in self.keys:
            return self.keys[loc]
        for end in range(len(loc), -1, -1):
            found = self.values.get(loc[:end])
            if found:
                return found
        return (1, 1)

    def problem(self, loc: FieldPath, message: str, *, key: bool = False) -> Problem:
        line, column = self.locate(loc, key=key)
        return Problem(self.display, line, column, format_field_path(loc), message)


def format_field_path(loc: FieldPath) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class YamlSourceError(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def read_yaml(path: Path, root: Path | None = None) -> SourceDocument:
    """Parse `path`; raise YamlSourceError (carrying a located Problem) if it cannot be read."""
    shown = display_path(path, root)

    def fail(message: str, line: int = 1, column: int = 1) -> YamlSourceError:
        return YamlSourceError(Problem(shown, line, column, "", message))

    raw = path.read_bytes()
    if len(raw) > MAX_FILE_BYTES:
        raise fail(f"file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,} bytes (split it or trim it)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise fail(f"file is not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); save it as UTF-8", line)
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise fail("file is empty (expected a YAML mapping)")
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.composer.ComposerError as exc:
        mark = exc.problem_mark
        if exc.context and "single document" in exc.context:
            raise fail("file holds more than one YAML document (expected exactly one; remove the extra '---')",
                       mark.line + 1, mark.column + 1) from None
        raise fail(f"YAML error: {exc.problem}", mark.line + 1, mark.column + 1) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise fail(f"YAML syntax error: {exc.problem or exc.context}", line, column) from None
    finally:
        loader.dispose()
    if node is None:
        raise fail("file is empty (expected a YAML mapping)")
    doc = SourceDocument(path=path, display=shown, data=None)
    doc.data = _Converter(doc, fail).convert(node, ())
    return doc


class _Converter:
    """Node tree → plain data. Rejects aliases (shared nodes), so its work is linear in
    the size of the file and an alias "bomb" cannot make it explode."""

    def __init__(self, doc: SourceDocument, fail: Any) -> None:
        self.doc = doc
        self.fail = fail
        self.seen: set[int] = set()
        self.count = 0

    def convert(self, node: yaml.Node, path: FieldPath) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.fail(f"file has more than {MAX_NODES:,} values; refusing to read it")
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        if id(node) in self.seen:
            raise self.fail("YAML anchors and aliases (&name / *name) are not supported; write the value out",
                            line, column)
        self.seen.add(id(node))
        self.doc.values[path] = (line, column)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, path + (i,)) for i, item in enumerate(node.value)]
        return self._scalar(node, line, column)

    def _mapping(self, node: yaml.MappingNode, path: FieldPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            kline, kcol = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise self.fail("YAML merge keys (<<) are not supported; write the fields out", kline, kcol)
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.fail("a mapping key must be plain text", kline, kcol)
            key = key_node.value
            if key in result:  # reported, and reading goes on so the file's other problems show too
                first = self.doc.keys[path + (key,)]
                self.doc.problems.append(Problem(
                    self.doc.display, kline, kcol, format_field_path(path + (key,)),
                    f"duplicate key '{key}' (first given on line {first[0]}); YAML would silently keep "
                    "only the last one"))
                self.convert(value_node, path + (f"{key} (duplicate)",))
                continue
            self.doc.keys[path + (key,)] = (kline, kcol)
            result[key] = self.convert(value_node, path + (key,))
        return result

    def _scalar(self, node: yaml.ScalarNode, line: int, column: int) -> Any:
        value = node.value
        if node.tag.startswith("tag:yaml.org,2002:") and node.tag.endswith(("binary", "set", "omap", "pairs")):
            raise self.fail(f"YAML tag {node.tag!r} is not supported", line, column)
        if not node.tag.startswith("tag:yaml.org,2002:"):
            raise self.fail(f"YAML tag {node.tag!r} is not supported", line, column)
        if node.style == "|":  # literal block: line breaks are the curator's own
            return value
        if node.style:  # quoted or folded: a blank line in the file folds to one "\n";
            # restore it as a blank line so that "blank lines separate paragraphs" holds in every style
            return value.replace("\n", "\n\n")
        if "\n" in value:  # a plain scalar over several lines folds like ">"
            return value.replace("\n", "\n\n")
        if value in _NULLS:
            return None
        if value in ("true", "false"):
            return value == "true"
        if _INT_RE.match(value):
            return int(value)
        if _FLOAT_RE.match(value):
            return float(value)
        return value
