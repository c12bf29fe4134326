"""Place a page's modules on the column grid in reading order.

A newspaper page is read top to bottom, left to right; modules are
rectangles on the grid. Each module goes where its columns are free
highest on the page (leftmost on a tie), the "skyline" rule editors
follow when they paste up a page by hand. Then the gaps left below modules
are closed by growing them, so the page has no holes between modules.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Block:
    """A module to place: its width in columns and natural height in lines."""

    key: str
    columns: int
    lines: int
    column: int | None = None  # fixed 0-based start column
    fixed_lines: int | None = None  # fixed height in lines
    within: str | None = None  # key of an earlier block (a section) whose columns it must keep to
    grows: bool = True  # may grow down to fill the gap below it


@dataclass(frozen=True)
class Placement:
    key: str
    column: int
    columns: int
    top: int
    lines: int

    @property
    def bottom(self) -> int:
        return self.top + self.lines

    def overlaps(self, other: Placement) -> bool:
        return (
            self.column < other.column + other.columns and other.column < self.column + self.columns
        )


def place(blocks: list[Block], columns: int, lines: int) -> list[Placement]:
    """Skyline placement; heights beyond the page are cut at its foot (overset shows it)."""
    skyline = [0] * columns
    placed: list[Placement] = []
    by_key: dict[str, Placement] = {}
    for block in blocks:
        start, end = 0, columns
        if block.within in by_key:
            start = by_key[block.within].column
            end = start + by_key[block.within].columns
        width = max(1, min(block.columns, end - start))
        if block.column is not None:
            candidates = [min(max(block.column, start), end - width)]
        else:
            candidates = list(range(start, end - width + 1))
        column = min(candidates, key=lambda c: (max(skyline[c : c + width]), c))
        top = max(skyline[column : column + width])
        height = block.fixed_lines if block.fixed_lines is not None else block.lines
        height = max(0, min(height, lines - top))
        placed.append(
            by_key.setdefault(block.key, Placement(block.key, column, width, top, height))
        )
        skyline[column : column + width] = [top + height] * width
    return _fill_down(placed, blocks, lines)


def _fill_down(placed: list[Placement], blocks: list[Block], lines: int) -> list[Placement]:
    """Close the gaps below modules, sharing each gap among the modules of its stack.

    A gap under a module is shared evenly by the growable modules stacked
    above it in exactly its columns, so a short page gets air under several
    headlines rather than one empty block at its foot.
    """
    grows = {block.key: block.grows and block.fixed_lines is None for block in blocks}
    result = {p.key: p for p in placed}
    for p in sorted(placed, key=lambda p: -p.top):
        p = result[p.key]
        below = [q.top for q in result.values() if q.top >= p.bottom and q.overlaps(p)]
        gap = min(below, default=lines) - p.bottom
        if gap <= 0:
            continue
        stack = _stack_above(p, result)
        growing = [q for q in stack if grows[q.key]]
        if not growing:
            continue
        shares = [gap // len(growing) + (i < gap % len(growing)) for i in range(len(growing))]
        shift = 0
        for q in stack:  # top to bottom
            extra = shares.pop(0) if grows[q.key] else 0
            result[q.key] = Placement(q.key, q.column, q.columns, q.top + shift, q.lines + extra)
            shift += extra
    return [result[p.key] for p in placed]


def _stack_above(bottom: Placement, placed: dict[str, Placement]) -> list[Placement]:
    """Modules in exactly these columns, each directly on top of the next, ending at bottom."""
    stack = [bottom]
    while True:
        above = [
            q
            for q in placed.values()
            if q.bottom == stack[0].top and (q.column, q.columns) == (bottom.column, bottom.columns)
        ]
        if not above:
            return stack
        stack.insert(0, above[0])
