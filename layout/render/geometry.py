"""Page sizes and the character grid every module snaps to.

Chinese papers set the whole type area on a grid of body characters
(columns of whole characters, one-character gutters) and lines; keeping
every width a whole number of characters is what keeps columns flush.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from layout.manifest.paper import MM, Margins, PageSize

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
    """A size too narrow for its columns of body text."""


def size_layout(size: PageSize, settings: GridSettings) -> tuple[Margins, int]:
    """The margins and column count of this size.

    The preset's own, unless the template set's settings give them, for
    every size or (under ``sizes``) for this preset.
    """
    own = size.margins
    values: dict[str, float] = {
        "margin_top_mm": own.top_mm,
        "margin_bottom_mm": own.bottom_mm,
        "margin_side_mm": own.side_mm,
        "columns": size.columns,
    }
    for key in SIZE_SETTINGS:
        value = getattr(settings, key)
        if value is not None:
            values[key] = value
    if size.preset is not None:
        values |= settings.sizes.get(size.preset, {})
    margins = Margins(values["margin_top_mm"], values["margin_bottom_mm"], values["margin_side_mm"])
    return margins, int(values["columns"])


def make_grid(size: PageSize, settings: GridSettings) -> Grid:
    """Fit the largest whole-character grid into the page's margins, centred."""
    width, height = size.width, size.height
    margins, columns = size_layout(size, settings)
    body = settings.body_size
    available = (width - 2 * margins.side_mm * MM) / body
    column_chars = math.floor((available - (columns - 1) * settings.gutter_chars) / columns)
    if column_chars < 4:
        plural = "s" if columns > 1 else ""
        raise SizeError(f"size '{size}' is too narrow for {columns} column{plural} of body text")
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
