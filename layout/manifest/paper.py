"""Paper sizes and lengths, parsed once where an editor or a designer wrote them.

The manifest's ``size`` and ``height``, and a template set's ``size``, become
the typed values here when they are read, each mistake located there; the
grid (:mod:`layout.render.geometry`) only computes with them.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

MM = 72 / 25.4  # points per millimetre
UNITS_PT = {"mm": MM, "cm": 10 * MM, "in": 72.0, "pt": 1.0}
_LENGTH = re.compile(r"(\d+(?:\.\d+)?|\.\d+)(mm|cm|in|pt)")
MAX_SIDE = 5000 * MM  # a page or a module longer than 5 m is a typing mistake


@dataclass(frozen=True)
class Margins:
    """Page edge to type area, in mm; the top one holds the running header."""

    top_mm: float
    bottom_mm: float
    side_mm: float


@dataclass(frozen=True)
class Preset:
    """A named paper size with the grid and margins a real paper of that size uses."""

    width_mm: float
    height_mm: float
    columns: int
    margins: Margins


PRESETS: dict[str, Preset] = {
    # 四开: about 225 × 350 mm
    "tabloid": Preset(270, 390, 6, Margins(24, 15, 20)),
    # 对开: 8 columns of 13 characters at 小五, a type area of about 352 × 490 mm
    "broadsheet": Preset(390, 545, 8, Margins(30, 25, 18)),
    "berliner": Preset(315, 470, 6, Margins(26, 18, 18)),
    "a3": Preset(297, 420, 6, Margins(24, 16, 18)),
    "a4": Preset(210, 297, 4, Margins(20, 15, 15)),
    "letter": Preset(215.9, 279.4, 3, Margins(20, 15, 15)),
}
CUSTOM_MARGINS = Margins(22, 16, 20)  # for a size given as "W H"


@dataclass(frozen=True)
class Length:
    """A length as written (``120mm``), in points."""

    points: float
    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class PageSize:
    """A trimmed page: a preset's or two lengths; ``text`` as the editor wrote it."""

    width: float  # pt
    height: float  # pt
    preset: str | None
    text: str

    @property
    def columns(self) -> int:
        """The column count of the size: its preset's, else one per 45 mm of width."""
        if self.preset is not None:
            return PRESETS[self.preset].columns
        return max(1, min(8, round(self.width / (45 * MM))))

    @property
    def margins(self) -> Margins:
        return PRESETS[self.preset].margins if self.preset is not None else CUSTOM_MARGINS

    def __str__(self) -> str:
        return self.text


def length(text: str) -> Length | None:
    """A positive length in mm, cm, in or pt; None for anything else."""
    match = _LENGTH.fullmatch(text.strip())
    if match is None:
        return None
    points = float(match[1]) * UNITS_PT[match[2]]
    return Length(points, text.strip()) if 0 < points <= MAX_SIDE else None


def preset_size(name: str) -> PageSize:
    """The page of a preset (a key of ``PRESETS``)."""
    preset = PRESETS[name]
    return PageSize(preset.width_mm * MM, preset.height_mm * MM, name, name)


def page_size(text: str) -> PageSize | None:
    """A preset's name (in any case) or ``"W H"`` in lengths; None for anything else."""
    name = text.strip().lower()
    if name in PRESETS:
        return dataclasses.replace(preset_size(name), text=text)
    parts = [length(part) for part in text.split()]
    if len(parts) == 2 and parts[0] is not None and parts[1] is not None:
        return PageSize(parts[0].points, parts[1].points, None, text)
    return None
