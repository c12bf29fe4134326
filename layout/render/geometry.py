"""Page sizes and the character grid every module snaps to.

Chinese papers set the whole type area on a grid of body characters
(columns of whole characters, one-character gutters) and lines; keeping
every width a whole number of characters is what keeps columns flush.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

MM = 72 / 25.4  # points per millimetre

UNITS_PT = {"mm": MM, "cm": 10 * MM, "in": 72.0, "pt": 1.0}


@dataclass(frozen=True)
class Preset:
    """A named paper size with the grid a real paper of that size uses."""

    width_mm: float
    height_mm: float
    columns: int


PRESETS: dict[str, Preset] = {
    "broadsheet": Preset(390, 545, 8),
    "tabloid": Preset(270, 390, 6),
    "berliner": Preset(315, 470, 6),
    "a3": Preset(297, 420, 6),
    "a4": Preset(210, 297, 4),
    "letter": Preset(215.9, 279.4, 3),
}


@dataclass(frozen=True)
class GridSettings:
    """What a template set decides about the grid (templates/NAME/settings.yaml)."""

    body_size: float = 9.0  # pt, 小五
    line_pitch: float = 1.5  # line distance as a multiple of body_size
    gutter_chars: int = 1
    margin_top_mm: float = 22.0
    margin_bottom_mm: float = 16.0
    margin_side_mm: float = 20.0
    columns: int | None = None  # None: the preset's


@dataclass(frozen=True)
class Grid:
    """The page box and its type area in points, on a character and line grid."""

    page_width: float
    page_height: float
    columns: int
    column_chars: int
    gutter_chars: int
    body_size: float
    line_pitch: float
    lines: int
    left: float
    top: float

    @property
    def column_width(self) -> float:
        return self.column_chars * self.body_size

    @property
    def gutter(self) -> float:
        return self.gutter_chars * self.body_size

    @property
    def type_width(self) -> float:
        return self.span_width(self.columns)

    @property
    def type_height(self) -> float:
        return self.lines * self.line_pitch

    def x(self, column: int) -> float:
        """Left edge of a 0-based column, relative to the type area."""
        return column * (self.column_width + self.gutter)

    def span_width(self, columns: int) -> float:
        return columns * self.column_width + (columns - 1) * self.gutter


class SizeError(ValueError):
    """A size that is neither a preset nor two lengths."""


def parse_length(text: str) -> float:
    """A CSS length in mm, cm, in or pt, in points."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(mm|cm|in|pt)\s*", text)
    if not match:
        raise SizeError(f"not a length: {text!r} (use mm, cm, in or pt)")
    return float(match[1]) * UNITS_PT[match[2]]


def page_size(size: str) -> tuple[float, float, int]:
    """Width, height (pt) and column count for a preset name or "W H"."""
    preset = PRESETS.get(size.strip().lower())
    if preset:
        return preset.width_mm * MM, preset.height_mm * MM, preset.columns
    parts = size.split()
    if len(parts) != 2:
        names = ", ".join(PRESETS)
        raise SizeError(
            f"unknown size {size!r}: use one of {names} or two lengths like '297mm 420mm'"
        )
    width, height = (parse_length(part) for part in parts)
    return width, height, max(1, min(8, round(width / (45 * MM))))


def make_grid(size: str, settings: GridSettings) -> Grid:
    """Fit the largest whole-character grid into the page's margins, centred."""
    width, height, preset_columns = page_size(size)
    columns = settings.columns or preset_columns
    body = settings.body_size
    available = (width - 2 * settings.margin_side_mm * MM) / body
    column_chars = math.floor((available - (columns - 1) * settings.gutter_chars) / columns)
    if column_chars < 4:
        raise SizeError(f"size {size!r} is too narrow for {columns} columns of body text")
    pitch = body * settings.line_pitch
    top = settings.margin_top_mm * MM
    lines = math.floor((height - top - settings.margin_bottom_mm * MM) / pitch)
    type_width = (columns * column_chars + (columns - 1) * settings.gutter_chars) * body
    return Grid(
        page_width=width,
        page_height=height,
        columns=columns,
        column_chars=column_chars,
        gutter_chars=settings.gutter_chars,
        body_size=body,
        line_pitch=pitch,
        lines=lines,
        left=(width - type_width) / 2,
        top=top,
    )
