"""Page sizes and the character grid every module snaps to.

Chinese papers set the whole type area on a grid of body characters
(columns of whole characters, one-character gutters) and lines; keeping
every width a whole number of characters is what keeps columns flush.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

MM = 72 / 25.4  # points per millimetre

UNITS_PT = {"mm": MM, "cm": 10 * MM, "in": 72.0, "pt": 1.0}


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
    # 对开: 8 columns of 13 characters at 小五, a type area of about 352 × 490 mm
    "broadsheet": Preset(390, 545, 8, Margins(30, 25, 18)),
    # 四开: about 225 × 350 mm
    "tabloid": Preset(270, 390, 6, Margins(24, 15, 20)),
    "berliner": Preset(315, 470, 6, Margins(26, 18, 18)),
    "a3": Preset(297, 420, 6, Margins(24, 16, 18)),
    "a4": Preset(210, 297, 4, Margins(20, 15, 15)),
    "letter": Preset(215.9, 279.4, 3, Margins(20, 15, 15)),
}
CUSTOM_MARGINS = Margins(22, 16, 20)  # for a size given as "W H"
SIZE_SETTINGS = ("margin_top_mm", "margin_bottom_mm", "margin_side_mm", "columns")


@dataclass(frozen=True)
class GridSettings:
    """What a template set decides about the grid (templates/NAME/settings.yaml)."""

    body_size: float = 9.0  # pt, 小五
    line_pitch: float = 1.5  # line distance as a multiple of body_size
    gutter_chars: int = 1
    masthead_lines: int = 9  # the 报头 on page 1, in body lines
    drop_cap_lines: int = 0  # the lead story's initial on page 1, in body lines; 0: none
    contents_entries: int = 6  # headlines in page 1's index of the inner pages; 0: no index
    # None: the size's own (its preset's margins and columns)
    margin_top_mm: float | None = None
    margin_bottom_mm: float | None = None
    margin_side_mm: float | None = None
    columns: int | None = None
    # per preset name, any of SIZE_SETTINGS; these win over the ones above
    sizes: Mapping[str, Mapping[str, float]] = field(default_factory=dict)


Rect = tuple[float, float, float, float]  # left, top, width, height in pt on the page


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

    def rect(self, column: int, columns: int, top: int, lines: int) -> Rect:
        """Grid cells (0-based first column and line) on the page."""
        return (
            self.left + self.x(column),
            self.top + top * self.line_pitch,
            self.span_width(columns),
            lines * self.line_pitch,
        )

    @property
    def page_size(self) -> tuple[float, float]:
        return self.page_width, self.page_height


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


def size_layout(size: str, settings: GridSettings) -> tuple[Margins, int]:
    """The margins and column count of this size.

    The preset's own, unless the template set's settings give them, for
    every size or (under ``sizes``) for this preset.
    """
    _check_sizes(settings.sizes)
    name = size.strip().lower()
    preset = PRESETS.get(name)
    own = preset.margins if preset else CUSTOM_MARGINS
    values: dict[str, float] = {
        "margin_top_mm": own.top_mm,
        "margin_bottom_mm": own.bottom_mm,
        "margin_side_mm": own.side_mm,
        "columns": page_size(size)[2],
    }
    for key in SIZE_SETTINGS:
        value = getattr(settings, key)
        if value is not None:
            values[key] = value
    values |= settings.sizes.get(name, {})
    margins = Margins(values["margin_top_mm"], values["margin_bottom_mm"], values["margin_side_mm"])
    return margins, int(values["columns"])


def _check_sizes(sizes: Mapping[str, Mapping[str, float]]) -> None:
    for name, overrides in sizes.items():
        where = f"settings: sizes.{name}"
        if name not in PRESETS:
            raise SizeError(f"{where}: not a size preset (use {', '.join(PRESETS)})")
        for key, value in overrides.items():
            if key not in SIZE_SETTINGS:
                raise SizeError(f"{where}.{key}: unknown (use {', '.join(SIZE_SETTINGS)})")
            if not isinstance(value, int | float) or value < 0:
                raise SizeError(f"{where}.{key}: must be a number, not {value!r}")


def make_grid(size: str, settings: GridSettings) -> Grid:
    """Fit the largest whole-character grid into the page's margins, centred."""
    width, height, _ = page_size(size)
    margins, columns = size_layout(size, settings)
    body = settings.body_size
    available = (width - 2 * margins.side_mm * MM) / body
    column_chars = math.floor((available - (columns - 1) * settings.gutter_chars) / columns)
    if column_chars < 4:
        raise SizeError(f"size {size!r} is too narrow for {columns} columns of body text")
    pitch = body * settings.line_pitch
    top = margins.top_mm * MM
    lines = math.floor((height - top - margins.bottom_mm * MM) / pitch)
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
