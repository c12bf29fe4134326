"""Font roles: the templates ask for a role, this module finds a face for it.

Families come from fontconfig (what the system has installed) and from font
files a designer drops into ``fonts/``; the latter are declared with
``@font-face`` so WeasyPrint embeds them like any other font.

Fonts are big and change only when someone installs or drops one, so their
size and change time stand for their content (``FontFiles``).
"""

from __future__ import annotations

import functools
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml
from fontTools.ttLib import TTCollection, TTFont
from weasyprint.text.fonts import FontConfiguration

FONT_SUFFIXES = {".otf", ".ttf", ".ttc", ".woff", ".woff2"}

# (path, size, change time in ns) of font files; size and time None when missing
FontFiles = tuple[tuple[str, int | None, int | None], ...]


class FontError(Exception):
    """A role for which no font could be found."""


@dataclass(frozen=True)
class FontFile:
    family: str
    path: Path


@dataclass(frozen=True)
class RoleMap:
    """The chosen family of every role, and the font files to declare."""

    families: dict[str, str]
    files: tuple[FontFile, ...]

    def css(self) -> str:
        faces = [
            f'@font-face {{ font-family: "{f.family}"; src: url("{f.path.as_uri()}"); }}'
            for f in self.files
        ]
        roles = "; ".join(
            f'--font-{role}: "{family}", serif' for role, family in self.families.items()
        )
        return "\n".join([*faces, f":root {{ {roles}; }}"])


@functools.cache
def installed_families() -> frozenset[str]:
    """Family names fontconfig knows, all localised names included."""
    try:
        listing = subprocess.run(
            ["fc-list", "--format", "%{family}\n"], capture_output=True, text=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return frozenset()
    return frozenset(name.strip() for line in listing.splitlines() for name in line.split(","))


def font_files(folder: Path) -> tuple[FontFile, ...]:
    """Font files in a folder with the family name each one declares."""
    found = []
    for path in sorted(folder.glob("*")):
        if path.suffix.lower() not in FONT_SUFFIXES:
            continue
        fonts = TTCollection(path).fonts if path.suffix.lower() == ".ttc" else [TTFont(path)]
        for font in fonts:
            family = font["name"].getBestFamilyName()
            if family:
                found.append(FontFile(family, path.resolve()))
    return tuple(found)


def resolve_roles(roles_file: Path, fonts_folder: Path) -> RoleMap:
    """Pick the first available family of every role, or say what was tried."""
    wanted = _read_roles(roles_file)
    files = font_files(fonts_folder)
    available = installed_families() | {f.family for f in files}
    families: dict[str, str] = {}
    for role, candidates in wanted.items():
        chosen = next((family for family in candidates if family in available), None)
        if chosen is None:
            tried = ", ".join(repr(family) for family in candidates)
            raise FontError(
                f"{roles_file}: font role '{role}': none of {tried} is installed "
                f"(fontconfig) or in {fonts_folder}/"
            )
        families[role] = chosen
    used = set(families.values())
    return RoleMap(families, tuple(f for f in files if f.family in used))


def _read_roles(roles_file: Path) -> dict[str, list[str]]:
    """``role: family`` or ``role: [family, …]`` lines; a designer's mistake is one line."""
    try:
        data = yaml.safe_load(roles_file.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{roles_file}:{mark.line + 1}:{mark.column + 1}" if mark else str(roles_file)
        raise FontError(f"{where}: {getattr(error, 'problem', None) or 'invalid YAML'}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise FontError(f"{roles_file}: cannot read: {error}") from None
    if not isinstance(data, dict) or not data:
        raise FontError(f"{roles_file}: expected a mapping of font roles to families")
    roles: dict[str, list[str]] = {}
    for role, families in data.items():
        names = [families] if isinstance(families, str) else families
        if (
            not isinstance(role, str)
            or not isinstance(names, list)
            or not names
            or not all(isinstance(name, str) and name for name in names)
        ):
            raise FontError(
                f"{roles_file}: font role {role!r}: expected a family name or a list of them, "
                f"got {families!r}"
            )
        roles[role] = names
    return roles


def font_configuration(roles: RoleMap, installed: FontFiles) -> FontConfiguration:
    """WeasyPrint's fonts for documents set in these roles, shared within this process.

    Making one loads the description of every installed font, about 70 ms for
    each document of a page; a new one is made when the declared font files or
    the ``installed`` fonts (as the build found them) change, so a long-running
    worker never sets a page in fonts that are gone.
    """
    return _configuration(roles.css(), file_states(f.path for f in roles.files), installed)


def installed_fonts() -> FontFiles:
    """Every font file fontconfig knows: fallback fonts count as much as the roles'."""
    try:
        listing = subprocess.run(
            ["fc-list", "--format", "%{file}\n"], capture_output=True, text=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return ()
    return file_states(Path(name) for name in sorted(set(listing.split("\n")) - {""}))


def file_states(paths: Iterable[Path]) -> FontFiles:
    states: list[tuple[str, int | None, int | None]] = []
    for path in paths:
        try:
            info = path.stat()
        except OSError:
            states.append((str(path), None, None))
        else:
            states.append((str(path), info.st_size, info.st_mtime_ns))
    return tuple(states)


@functools.lru_cache(maxsize=1)
def _configuration(css: str, declared: FontFiles, installed: FontFiles) -> FontConfiguration:
    return FontConfiguration()
