"""Holes: grid area left empty on a page.

A newspaper page is filled edge to edge; white space an editor did not
plan shows up as a hole. Two kinds are counted, in grid cells (one column
by one body line): cells no module covers, and lines left empty at the foot
of a body's columns (a fixed-height module, a body given more lines than
its text fills). Together they must stay within THRESHOLD of the type area;
balanced columns a line short are normal and stay well below it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from layout.check.findings import Area, Finding, Severity
from layout.compose import Composition, Placement
from layout.render.geometry import Grid
from layout.render.layout_tree import (
    PT_PER_PX,
    Box,
    LineBox,
    ReplacedBox,
    TextBox,
    part_boxes,
    walk,
)

THRESHOLD = 0.05  # of the type area's cells
UNDERFULL = 0.03  # of the type area's cells the compositor had to leave empty
TOLERANCE = 0.5  # px


@dataclass(frozen=True)
class Region:
    """Cells no module covers; columns and lines count from 1, both ends included."""

    columns: tuple[int, int]
    lines: tuple[int, int]

    @property
    def width(self) -> int:
        return self.columns[1] - self.columns[0] + 1

    @property
    def height(self) -> int:
        return self.lines[1] - self.lines[0] + 1

    @property
    def cells(self) -> int:
        return self.width * self.height


@dataclass(frozen=True)
class BodyGap:
    """Empty lines at the foot of each column of an article's body."""

    key: str
    lines: tuple[int, ...]  # per body column, left to right

    @property
    def cells(self) -> int:
        return sum(self.lines)


def space_findings(page: int, page_box: Box, composition: Composition, grid: Grid) -> list[Finding]:
    """Holes on the page; said as what the editor can do when the copy is too short.

    The compositor's cells left empty (lines below the masthead include the
    space under the lowest modules) count one-column lines: what an editor
    adds to fill the page.
    """
    holes = hole_findings(page, page_box, composition.placements, grid)
    short = composition.empty_cells(grid.columns, grid.lines + 1)
    if composition.overset or short <= UNDERFULL * grid.columns * grid.lines:
        return holes
    message = f"underfull: about {short} lines of copy short"
    details: dict[str, object] = {"lines_short": short}
    for hole in holes:
        message += f" ({hole.message})"
        details |= hole.details
    areas = tuple(area for hole in holes for area in hole.areas)
    return [Finding(page, Severity.WARNING, "underfull", None, None, message, details, areas)]


def hole_findings(
    page: int, page_box: Box, placements: Sequence[Placement], grid: Grid
) -> list[Finding]:
    regions = uncovered_regions(placements, grid.columns, grid.lines)
    gaps = [gap for gap in body_gaps(page_box, placements, grid) if gap.cells]
    empty = sum(r.cells for r in regions) + sum(g.cells for g in gaps)
    total = grid.columns * grid.lines
    if empty <= THRESHOLD * total:
        return []
    parts = [
        f"columns {_span(r.columns)}, lines {_span(r.lines)} without a module" for r in regions
    ] + [f"{g.cells} empty lines at the foot of {g.key}" for g in gaps]
    placed = {p.key: p for p in placements}
    rects = [grid.rect(r.columns[0] - 1, r.width, r.lines[0] - 1, r.height) for r in regions] + [
        grid.rect(placed[g.key].column + column, 1, placed[g.key].bottom - lines, lines)
        for g in gaps
        for column, lines in enumerate(g.lines)
        if lines
    ]
    return [
        Finding(
            page=page,
            severity=Severity.WARNING,
            code="hole",
            key=None,
            headline=None,
            message=(
                f"{empty / total:.0%} of the type area is empty (limit {THRESHOLD:.0%}): "
                + "; ".join(parts)
            ),
            details={
                "empty_cells": empty,
                "type_area_cells": total,
                "uncovered": [
                    {"columns": list(r.columns), "lines": list(r.lines), "cells": r.cells}
                    for r in regions
                ],
                "body_gaps": [{"key": g.key, "lines": list(g.lines)} for g in gaps],
            },
            areas=tuple(Area.on_page(grid.page_size, *rect) for rect in rects),
        )
    ]


def uncovered_regions(placements: Sequence[Placement], columns: int, lines: int) -> list[Region]:
    """Empty runs of lines in each column, neighbouring columns with the same run joined."""
    covered = [[False] * lines for _ in range(columns)]
    for p in placements:
        for column in range(p.column, p.column + p.columns):
            for line in range(p.top, min(p.bottom, lines)):
                covered[column][line] = True
    runs = []  # (first line, last line, column), 1-based
    for column, cells in enumerate(covered, start=1):
        line = 0
        while line < lines:
            if cells[line]:
                line += 1
                continue
            start = line
            while line < lines and not cells[line]:
                line += 1
            runs.append((start + 1, line, column))
    regions: list[Region] = []
    for first, last, column in sorted(runs):
        previous = regions[-1] if regions else None
        if previous and previous.lines == (first, last) and previous.columns[1] == column - 1:
            regions[-1] = Region((previous.columns[0], column), (first, last))
        else:
            regions.append(Region((column, column), (first, last)))
    return sorted(regions, key=lambda r: (r.columns, r.lines))


def body_gaps(page_box: Box, placements: Sequence[Placement], grid: Grid) -> list[BodyGap]:
    """For every article body on the page, the whole lines left empty below its text.

    A body's columns are the grid's; a line or picture belongs to the column its
    left edge is in. Text outside the body (overset) does not count.
    """
    parts = part_boxes(page_box)
    pitch = grid.line_pitch / PT_PER_PX
    step = (grid.column_width + grid.gutter) / PT_PER_PX
    gaps = []
    for placement in placements:
        body = parts.get((placement.key, "body"))
        if body is None:
            continue
        left, top = body.border_box_x(), body.border_box_y()
        right, bottom = left + body.border_width(), top + body.border_height()
        ends = [top] * placement.columns
        for box in walk(body):
            if not _content(box):
                continue
            box_bottom = box.position_y + box.margin_height()
            inside = box.position_x >= left - TOLERANCE and box.position_x < right - TOLERANCE
            if not inside or box_bottom > bottom + TOLERANCE:
                continue
            column = min(placement.columns - 1, int((box.position_x - left + TOLERANCE) // step))
            ends[column] = max(ends[column], box_bottom)
        lines = tuple(math.floor((bottom - end) / pitch + 0.01) for end in ends)
        gaps.append(BodyGap(placement.key, lines))
    return gaps


def _content(box: Box) -> bool:
    """A line with visible text, or a picture."""
    if isinstance(box, ReplacedBox):
        return True
    return isinstance(box, LineBox) and any(
        isinstance(b, TextBox) and b.text.strip() for b in walk(box)
    )


def _span(span: tuple[int, int]) -> str:
    return str(span[0]) if span[0] == span[1] else f"{span[0]}–{span[1]}"
