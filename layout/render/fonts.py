"""Font roles: the templates ask for a role, this module finds a face for it.

Families come from fontconfig (what the system has installed) and from font
files a designer drops into ``fonts/``; the latter are declared with
``@font-face`` so WeasyPrint embeds them like any other font.

Fonts are big and change only when someone installs or drops one, so their
size and change time stand for their content (``FontFiles``).
"""

from __future__ import annotations

import functools
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import get_close_matches
from pathlib import Path

from fontTools.ttLib import TTCollection, TTFont
from weasyprint.text.fonts import FontConfiguration

from layout.manifest import ManifestError, Problem
from layout.manifest.source import Document, read_document

FONT_SUFFIXES = {".otf", ".ttf", ".ttc", ".woff", ".woff2"}

# (path, size, change time in ns) of font files; size and time None when missing
FontFiles = tuple[tuple[str, int | None, int | None], ...]


class FontError(ManifestError):
    """Font roles a designer wrote wrong, or none of whose families is installed:
    every problem at once, each at its line and column."""


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


def _fontconfig(*command: str) -> str | None:
    """What a fontconfig tool prints; None where fontconfig is missing or fails."""
    try:
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None


@dataclass(frozen=True)
class Match:
    """The font fontconfig gives for a family name: its names and its file."""

    names: tuple[str, ...]
    file: str


def matched(family: str) -> Match | None:
    printed = _fontconfig("fc-match", "--format", "%{family}\n%{file}", family)
    if printed is None:
        return None
    names, _, file = printed.partition("\n")
    return Match(tuple(names.split(",")), file)


def font_file(family: str) -> str | None:
    """The file fontconfig uses for a family, if it has the family at all."""
    match = matched(family)
    return match.file if match is not None and family in match.names else None


@functools.cache
def installed_families() -> frozenset[str]:
    """Family names fontconfig knows, all localised names included."""
    listing = _fontconfig("fc-list", "--format", "%{family}\n") or ""
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
    document, wanted = _read_roles(roles_file)
    files = font_files(fonts_folder)
    available = installed_families() | {f.family for f in files}
    families: dict[str, str] = {}
    problems = []
    for role, candidates in wanted.items():
        chosen = next((family for family in candidates if family in available), None)
        if chosen is None:
            tried = ", ".join(repr(family) for family in candidates)
            where = document.locate((role,))
            message = (
                f"font role '{role}': none of {tried} is installed "
                f"(fontconfig) or in {fonts_folder}/"
            )
            problems.append(Problem(roles_file, where.line, where.column, "", message))
        else:
            families[role] = chosen
    if problems:
        raise FontError(problems)
    used = set(families.values())
    return RoleMap(families, tuple(f for f in files if f.family in used))


ROLE = re.compile(r"[a-z][a-z0-9-]*")  # it becomes the CSS variable --font-ROLE
STANDARD_ROLES = ("body", "headline", "kicker", "byline", "sans", "display")
_NOT_IN_A_NAME = re.compile(r'["\\\x00-\x1f\x7f{};]')  # would end the CSS string it is set in


_EXPECTED = "expected a mapping of font roles to families"


def _read_roles(roles_file: Path) -> tuple[Document, dict[str, list[str]]]:
    """``role: family`` or ``role: [family, …]`` lines, read as a manifest is: every
    problem at once at its line and column, a misspelt role with the one it is closest to."""
    document = read_document(roles_file, empty=f"empty: {_EXPECTED}")
    problems = list(document.problems)
    data = document.data
    if data is None and problems:
        raise FontError(problems)
    if not isinstance(data, dict) or not data:
        raise FontError([document.problem((), _EXPECTED)])
    roles: dict[str, list[str]] = {}
    for role, families in data.items():
        names = [families] if isinstance(families, str) else families
        if not isinstance(role, str) or not ROLE.fullmatch(role):
            message = "not a role name (lower-case letters, digits and -, as in --font-ROLE)"
            problems.append(document.problem((role,), message, at_key=True))
        elif role not in STANDARD_ROLES and (close := get_close_matches(role, STANDARD_ROLES, 1)):
            message = f"unknown font role (did you mean '{close[0]}'?)"
            problems.append(document.problem((role,), message, at_key=True))
        elif (
            not isinstance(names, list)
            or not names
            or not all(isinstance(name, str) and name.strip() for name in names)
        ):
            message = f"expected a family name or a list of them, got {families!r}"
            problems.append(document.problem((role,), message))
        elif bad := [name for name in names if _NOT_IN_A_NAME.search(name)]:
            message = f"{bad[0]!r} is not a family name (quotes, braces, ; or control characters)"
            problems.append(document.problem((role,), message))
        else:
            roles[role] = names
    if problems:
        raise FontError(problems)
    return document, roles


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
    listing = _fontconfig("fc-list", "--format", "%{file}\n")
    if listing is None:
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
