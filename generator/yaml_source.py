"""Read one YAML file into plain Python data, remembering where every value came from.

PyYAML's own constructors are not used: they silently keep the last of two duplicate
keys, turn `no`/`off` into booleans and `1:30` into 90, and expand aliases without
bound. Instead we compose the node tree and convert it ourselves, with YAML 1.2-like
scalar rules: only `true`/`false` are booleans, only plain decimal numbers are numbers,
and everything else (dates included) stays text for the model to validate.
"""
from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.errors import Problem, display_path

try:  # The C composer is several times faster; fall back where libyaml is missing.
    from yaml import CSafeLoader as _ComposingLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _ComposingLoader  # type: ignore[assignment]

_STR_TAG = "tag:yaml.org,2002:str"
_UNTAGGED = "tag:inspection-archive,untagged"
"""What the loader gives a node that has no explicit tag, so that any tag a curator wrote
(even !!str, or one on a mapping or list) can be told from none."""


class _Loader(_ComposingLoader):
    """Composes without PyYAML's implicit typing (a run of regular expressions on every
    scalar, a fifth of reading a record): untagged values stay untyped, and the converter
    applies its own rules."""

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
        return _UNTAGGED

MAX_FILE_BYTES = 1_000_000
MAX_NODES = 200_000
MAX_DEPTH = 64
TOO_DEEP = f"values are nested more than {MAX_DEPTH} levels deep (a record needs fewer than ten)"

Location = tuple[int, int]
FieldPath = tuple[str | int, ...]

_INT_RE = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_FLOAT_RE = re.compile(r"^[-+]?(0|[1-9][0-9]*)\.[0-9]+$")
_NULLS = {"", "~", "null"}


@dataclass
class SourceDocument:
    """A parsed file: its data, plus its node tree to find where any value or key is."""

    path: Path
    display: str
    data: Any
    root: yaml.Node | None = None
    problems: list[Problem] = field(default_factory=list)
    """Problems found while reading that did not stop it (duplicate keys)."""

    def locate(self, loc: FieldPath, *, key: bool = False) -> Location:
        """Line and column for a field path; the nearest enclosing value if the path
        itself is absent (e.g. a missing field points at its parent mapping). Positions are
        looked up only when a problem is reported, so reading a good file never records them."""
        node, key_node = self.root, None
        for part in loc:
            child = _child(node, part)
            if child is None:
                key_node = None
                break
            key_node, node = child
        found = key_node if key and key_node is not None else node
        return (found.start_mark.line + 1, found.start_mark.column + 1) if found is not None else (1, 1)

    def problem(self, loc: FieldPath, message: str, *, key: bool = False, warning: bool = False) -> Problem:
        line, column = self.locate(loc, key=key)
        return Problem(self.display, line, column, format_field_path(loc), message, warning)


def _child(node: yaml.Node | None, part: str | int) -> tuple[yaml.Node | None, yaml.Node] | None:
    """(key node or None, value node) of `part` in a mapping or sequence node; the first
    of duplicate keys, which is the one the data keeps."""
    if isinstance(node, yaml.MappingNode):
        return next(((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == part), None)
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return None, node.value[part]
    return None


def format_field_path(loc: FieldPath) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class YamlSourceError(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def read_yaml(path: Path, root: Path | None = None, confine: Path | None = None) -> SourceDocument:
    """Parse `path`; raise YamlSourceError (carrying a located Problem) if it cannot be read.
    A link is followed only to a file inside `confine` (the content folder); only a regular
    file is read, and no more of it than the size limit. FileNotFoundError if it is missing."""
    shown = display_path(path, root)

    def fail(message: str, line: int = 1, column: int = 1) -> YamlSourceError:
        return YamlSourceError(Problem(shown, line, column, "", message))

    raw = _read_regular_file(path, confine, fail)
    if len(raw) > MAX_FILE_BYTES:
        raise fail(f"file is more than {MAX_FILE_BYTES:,} bytes; the limit is {MAX_FILE_BYTES:,} bytes (split it or "
                   "trim it)")  # it grew while it was read
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise fail(f"file is not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); save it as UTF-8",
                   line) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise fail("file is empty (expected a YAML mapping)")
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.composer.ComposerError as exc:
        line, column = _position(exc.problem_mark)
        if exc.context and "single document" in exc.context:
            raise fail("file holds more than one YAML document (expected exactly one; remove the extra '---')",
                       line, column) from None
        raise fail(f"YAML error: {exc.problem}", line, column) from None
    except yaml.MarkedYAMLError as exc:
        line, column = _position(exc.problem_mark)
        if "nesting depth" in str(exc.problem):  # libyaml's own bound, at 1,000 levels
            raise fail(TOO_DEEP, line, column) from None
        raise fail(f"YAML syntax error: {exc.problem or exc.context}", line, column) from None
    except RecursionError:  # PyYAML's pure-Python composer (without libyaml) recurses per level
        raise fail(TOO_DEEP) from None
    finally:
        loader.dispose()
    if node is None:
        raise fail("file is empty (expected a YAML mapping)")
    doc = SourceDocument(path=path, display=shown, data=None, root=node)
    doc.data = _Converter(doc, fail).convert(node, ())
    return doc


def _read_regular_file(path: Path, confine: Path | None, fail: Callable[..., YamlSourceError]) -> bytes:
    """At most MAX_FILE_BYTES + 1 bytes of `path`, refusing what is not a regular file inside
    `confine`: a pipe would block forever, a device never end, a link lead anywhere."""
    if os.path.islink(path):
        try:
            target = path.resolve(strict=True)
        except FileNotFoundError:
            raise fail(f"is a link to {os.readlink(path)}, which does not exist") from None
        except (RuntimeError, OSError):  # a loop of links
            raise fail("is a link that leads back to itself (a loop of links)") from None
        if confine is not None and not target.is_relative_to(confine.resolve()):
            raise fail(f"is a link to {target}, outside {confine.name}/ (links are followed only within it)")
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise
    except IsADirectoryError:
        raise fail("is a folder, not a file") from None
    except PermissionError:
        raise fail("cannot be read: permission denied (check the file's permissions)") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise fail("is a link that leads back to itself (a loop of links)") from None
        raise fail(f"cannot be read: {exc.strerror}") from None
    try:
        status = os.fstat(descriptor)
        if stat.S_ISDIR(status.st_mode):
            raise fail("is a folder, not a file")
        if not stat.S_ISREG(status.st_mode):
            raise fail("is not a regular file (a pipe, socket or device): refusing to read it")
        if status.st_size > MAX_FILE_BYTES:
            raise fail(f"file is {status.st_size:,} bytes; the limit is {MAX_FILE_BYTES:,} bytes (split it or trim it)")
        chunks, size = [], 0
        while size <= MAX_FILE_BYTES:
            chunk = os.read(descriptor, MAX_FILE_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise fail(f"cannot be read: {exc.strerror}") from None
    finally:
        os.close(descriptor)


def _position(mark: yaml.Mark | None) -> Location:
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


class _Converter:
    """Node tree → plain data. Rejects aliases (shared nodes), so its work is linear in
    the size of the file and an alias "bomb" cannot make it explode."""

    def __init__(self, doc: SourceDocument, fail: Callable[..., YamlSourceError]) -> None:
        self.doc = doc
        self.fail = fail
        self.seen: set[int] = set()

    def convert(self, node: yaml.Node, path: FieldPath) -> Any:
        if id(node) in self.seen:
            mark = node.start_mark
            raise self.fail("YAML anchors and aliases (&name / *name) are not supported; write the value out",
                            mark.line + 1, mark.column + 1)
        self.seen.add(id(node))
        if len(path) > MAX_DEPTH:  # the conversion recurses: a bound, not a RecursionError
            mark = node.start_mark
            raise self.fail(TOO_DEEP, mark.line + 1, mark.column + 1)
        if len(self.seen) > MAX_NODES:
            raise self.fail(f"file has more than {MAX_NODES:,} values; refusing to read it")
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        if node.tag != _UNTAGGED:
            raise self._unsupported_tag(node)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        return [self.convert(item, path + (i,)) for i, item in enumerate(node.value)]

    def _mapping(self, node: yaml.MappingNode, path: FieldPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in (_UNTAGGED, _STR_TAG):
                mark = key_node.start_mark
                raise self.fail("a mapping key must be plain text", mark.line + 1, mark.column + 1)
            key = key_node.value
            if key == "<<" and not key_node.style:
                mark = key_node.start_mark
                raise self.fail("YAML merge keys (<<) are not supported; write the fields out",
                                mark.line + 1, mark.column + 1)
            if key in result:  # reported, and reading goes on so the file's other problems show too
                self._duplicate(node, key_node, path + (key,))
                self.convert(value_node, path + (f"{key} (duplicate)",))
                continue
            result[key] = self.convert(value_node, path + (key,))
        return result

    def _unsupported_tag(self, node: yaml.Node) -> YamlSourceError:
        """Records use no YAML tags: a tag would either be ignored or change what a value means."""
        shown = node.tag.replace("tag:yaml.org,2002:", "!!")
        mark = node.start_mark
        return self.fail(f"YAML tag {shown!r} is not supported (write the value without a tag; quote text that "
                         "looks like a number or true/false)", mark.line + 1, mark.column + 1)

    def _duplicate(self, mapping: yaml.MappingNode, key_node: yaml.ScalarNode, path: FieldPath) -> None:
        first = next(k for k, _ in mapping.value if isinstance(k, yaml.ScalarNode) and k.value == key_node.value)
        self.doc.problems.append(Problem(
            self.doc.display, key_node.start_mark.line + 1, key_node.start_mark.column + 1, format_field_path(path),
            f"duplicate key '{key_node.value}' (first given on line {first.start_mark.line + 1}); YAML would "
            "silently keep only the last one"))

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        value = node.value
        if node.tag not in (_UNTAGGED, _STR_TAG):
            raise self._unsupported_tag(node)
        if node.style == "|":  # literal block: line breaks are the curator's own
            return value
        if node.style or node.tag == _STR_TAG:  # quoted, folded or !!str: text as written; a blank line
            # folds to one "\n"
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
