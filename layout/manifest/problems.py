"""Problems found in a manifest, phrased for the person who wrote it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

KeyPath = tuple[Hashable, ...]
"""Where a value sits in the manifest: mapping keys and list indexes, from the top."""


def format_path(path: KeyPath) -> str:
    """Spell a key path the way users read it: ``pages[0].items[2].columns``."""
    text = ""
    for part in path:
        if isinstance(part, int) and not isinstance(part, bool):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def describe(value: Any) -> str:
    """Name a YAML value in an error message ("got 'two'", "got a list")."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, bytes):
        return "binary data"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return repr(value)
    return str(value)


@dataclass(frozen=True, slots=True)
class Problem:
    """One mistake in a manifest, pointing at the line and column to fix."""

    file: Path
    line: int
    column: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class ManifestError(Exception):
    """Every problem of a manifest at once, so users can fix them in one pass."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = sorted(
            set(problems), key=lambda p: (p.file, p.line, p.column, p.path, p.message)
        )
        super().__init__("\n".join(map(str, self.problems)))
