"""The designers' folders that ship with the package: template sets and fonts.

Both the manifest (which names a set) and the renderer (which reads it) find
them here, so a name the manifest accepts is a set the renderer has.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path


def _shipped(name: str) -> Path:
    """A folder of designers' files: inside the installed package (pyproject.toml maps
    it there), else at the top of the repository this package runs from."""
    package = Path(__file__).resolve().parent
    installed = package / name
    return installed if installed.is_dir() else package.parent / name


TEMPLATES_ROOT = _shipped("templates")
FONTS_ROOT = _shipped("fonts")
_SET_NAME = re.compile(r"[A-Za-z0-9_][\w.-]*")  # a folder name, never . or .. or a path


def template_sets() -> tuple[str, ...]:
    """The names of the template sets: the folders under ``templates/``."""
    return tuple(
        sorted(
            p.name for p in TEMPLATES_ROOT.iterdir() if p.is_dir() and _SET_NAME.fullmatch(p.name)
        )
    )


def unknown_set(name: str) -> str:
    """What to say of a set name that names no set."""
    known = template_sets()
    close = difflib.get_close_matches(name, known, n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return f"unknown template set '{name}' ({hint}known: {', '.join(known)})"
