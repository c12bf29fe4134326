"""Read manifest YAML into plain data, remembering where each key and value was written.

PyYAML's constructed objects forget their positions, so we compose the node graph with
the safe loader, construct only scalars with the safe constructor (so values get YAML 1.1
safe-load types such as dates), and record the start mark of every key and value.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.error import Mark, MarkedYAMLError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from layout.manifest.problems import KeyPath, Problem, format_path

MAX_BYTES = 4 * 2**20  # a manifest is a page list, not the copy: 4 MB is far beyond any
_SURROGATE = re.compile("[\ud800-\udfff]")
# C0 and C1 controls but tab and line breaks: no glyph, so a box on the page or nothing
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_SCALAR_TAGS = frozenset(SafeConstructor.yaml_constructors) - {
    _MAP_TAG,
    _SEQ_TAG,
    "tag:yaml.org,2002:set",
    "tag:yaml.org,2002:omap",
    "tag:yaml.org,2002:pairs",
}


@dataclass(frozen=True, slots=True)
class SourceLocation:
    """Where something was written, for messages about it after loading."""

    file: Path
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass
class Document:
    """A parsed manifest: its data, the positions of its keys and values, its YAML problems."""

    file: Path
    data: Any = None
    key_marks: dict[KeyPath, Mark] = field(default_factory=dict)
    value_marks: dict[KeyPath, Mark] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def locate(self, path: KeyPath, *, at_key: bool = False) -> SourceLocation:
        """Position of a key (or its value); falls back to the nearest enclosing value."""
        mark = self.key_marks.get(path) if at_key else None
        while mark is None and path:
            mark = self.value_marks.get(path)
            path = path[:-1]
        mark = mark or self.value_marks.get(())
        if mark is None:
            return SourceLocation(self.file, 1, 1)
        return SourceLocation(self.file, mark.line + 1, mark.column + 1)

    def problem(self, path: KeyPath, message: str, *, at_key: bool = False) -> Problem:
        """A problem about the value (or key) at ``path``."""
        where = self.locate(path, at_key=at_key)
        return Problem(self.file, where.line, where.column, format_path(path), message)


def read_document(file: Path, *, empty: str = "the manifest is empty") -> Document:
    """Parse the manifest at ``file``; YAML mistakes land in ``Document.problems``,
    and ``empty`` where it holds nothing but comments."""
    document = Document(file)
    try:
        if not file.is_file():
            raise IsADirectoryError(0, "not a regular file")
        if file.stat().st_size > MAX_BYTES:
            document.problems.append(
                Problem(file, 1, 1, "", f"larger than {MAX_BYTES // 2**20} MB, not read")
            )
            return document
        raw = file.read_bytes()
    except OSError as error:
        document.problems.append(Problem(file, 1, 1, "", f"cannot read: {error.strerror}"))
        return document
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, column = byte_position(raw, error.start)
        document.problems.append(Problem(file, line, column, "", "not valid UTF-8"))
        return document
    root = _composed(file, text)
    if isinstance(root, Problem):
        document.problems.append(root)
        return document
    if root is None:
        document.problems.append(Problem(file, 1, 1, "", empty))
        return document
    try:
        document.data = _Builder(document).build(root, ())
    except RecursionError:
        document.problems.append(Problem(file, 1, 1, "", "nested too deeply to read"))
    return document


def control_character(text: str) -> tuple[int, int, str] | None:
    """The first control character in ``text`` (1-based line and column, and a message
    for it), which no font has a glyph for: escaped in YAML ("\\x07"), or in a Markdown
    file, where nothing else stops it."""
    if (control := _CONTROL.search(text)) is None:
        return None
    at = control.start()
    line_start = text.rfind("\n", 0, at) + 1
    return text.count("\n", 0, at) + 1, at - line_start + 1, control_message(control[0])


def control_message(character: str) -> str:
    return f"U+{ord(character):04X} is a control character, not text: delete it"


COMPOSED_KEPT = 16  # a few issues' manifests and their sets' settings and fonts


# Kept by file and text: building data from the node graph only reads it (a running
# ``serve`` reads an unchanged manifest at every build; PyYAML takes 30 ms for 8 pages).
@functools.lru_cache(maxsize=COMPOSED_KEPT)
def _composed(file: Path, text: str) -> Node | Problem | None:
    """The text's YAML node graph (None: only comments), or what is wrong with it."""
    try:
        root: Node | Problem | None = yaml.compose(text, Loader=yaml.SafeLoader)
    except RecursionError:
        root = Problem(file, 1, 1, "", "nested too deeply to read")
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        parts = [error.context, error.problem]
        message = ", ".join(part for part in parts if part) or "invalid YAML"
        root = Problem(file, line, column, "", message)
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        column = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
        message = f"character U+{error.character:04X} is not allowed in YAML"
        root = Problem(file, line, column, "", message)
    return root


def byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column of a byte offset, for reporting undecodable bytes."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return data.count(b"\n", 0, offset) + 1, column


class _Builder:
    """Turns composed YAML nodes into plain data while filling in the document's marks."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.constructor = SafeConstructor()
        self.seen: set[int] = set()
        self.aliased: set[int] = set()

    def build(self, node: Node, path: KeyPath) -> Any:
        self.document.value_marks[path] = node.start_mark
        # An alias is the same node again; expanded, a few lines can stand for
        # billions of values (a "YAML bomb"). A manifest needs none.
        if id(node) in self.seen:
            if id(node) not in self.aliased:  # once for each anchor
                self.aliased.add(id(node))
                self._problem(path, "aliases (*name) are not supported; write the value out")
            return None
        self.seen.add(id(node))
        if isinstance(node, ScalarNode):
            return self._scalar(node, path)
        if isinstance(node, MappingNode) and node.tag == _MAP_TAG:
            return self._mapping(node, path)
        if isinstance(node, SequenceNode) and node.tag == _SEQ_TAG:
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        self._problem(path, f"unsupported YAML tag {node.tag}")
        return None

    def _mapping(self, node: MappingNode, path: KeyPath) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self._problem(path, "keys must be plain text", mark=key_node.start_mark)
                continue
            if key_node.tag == _MERGE_TAG:
                self._problem(path, "merge keys (<<) are not supported", mark=key_node.start_mark)
                continue
            key = self._scalar(key_node, path)
            key_path = (*path, key)
            if key in result:
                first = self.document.key_marks[key_path].line + 1
                self._problem(
                    key_path, f"duplicate key (first at line {first})", mark=key_node.start_mark
                )
                continue
            self.document.key_marks[key_path] = key_node.start_mark
            result[key] = self.build(value_node, key_path)
        return result

    def _scalar(self, node: ScalarNode, path: KeyPath) -> Any:
        if node.tag not in _SCALAR_TAGS:
            self._problem(path, f"unsupported YAML tag {node.tag}", mark=node.start_mark)
            return None
        if surrogate := _SURROGATE.search(node.value):
            code = ord(surrogate[0])
            self._problem(
                path,
                f"U+{code:04X} is half of a UTF-16 pair, not a character",
                mark=node.start_mark,
            )
            return None
        if control := _CONTROL.search(node.value):
            self._problem(path, control_message(control[0]), mark=node.start_mark)
            return node.value  # reported: the schema need not say it is missing
        try:
            return self.constructor.construct_object(node)
        except ValueError:
            # An impossible implicit date such as 2025-02-30: keep the text and let the
            # schema say what it expected there.
            return node.value
        except ConstructorError as error:
            self._problem(path, f"invalid {node.tag} value: {error.problem}", mark=node.start_mark)
            return node.value

    def _problem(self, path: KeyPath, message: str, *, mark: Mark | None = None) -> None:
        if mark is None:
            self.document.problems.append(self.document.problem(path, message))
            return
        self.document.problems.append(
            Problem(self.document.file, mark.line + 1, mark.column + 1, format_path(path), message)
        )
