"""What the compositor is given and what it decides, in grid units.

Everything here is plain data, measured once per article by the renderer
(``layout.render.measure``): the compositor never lays text out itself, so
it can try thousands of arrangements of a page in a fraction of a second.
Widths count grid columns, heights count body lines of the line grid.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

INF = float("inf")

# A jumped article is cut where a paragraph ends when that leaves at most this many lines
# of its module empty (the line that says where the rest is not counted), else in the
# middle of one: read across the jump, a sentence broken in two is harder to follow.
PARAGRAPH_CUT_LINES = 2

# How a block of a body (paragraph, heading, list) is changed to gain or lose a line.
TIGHTER = -1  # letter-spacing less by levers.tighten
LOOSER = 1  # letter-spacing more by levers.loosen
SPACED = 2  # a line of space after it


@dataclass(frozen=True)
class Frame:
    """The part of the type area to fill, and the grid it is measured in (pt).

    ``lines`` counts the line of space below the lowest modules too: every
    module's height includes the line that separates it from the next one,
    and at the foot of the page that line falls below the type area.
    """

    columns: int
    lines: int
    column_width: float
    gutter: float
    pitch: float
    column_chars: int

    def span_width(self, columns: int) -> float:
        return columns * self.column_width + (columns - 1) * self.gutter


@dataclass(frozen=True)
class Ink:
    """Where one line of a headline block is inked, in pt from the block's top left."""

    top: float
    bottom: float
    left: float
    right: float


@dataclass(frozen=True)
class HeaderFit:
    """The headline block at one width and 字号, as laid out: its phrases all fit."""

    size: float  # pt of the 主题
    lines: int  # grid lines of kicker, headline and subtitle together
    steps: int  # 字号 steps from the template set's size for this width (+ larger)
    height: float  # pt, as laid out (the renderer centres it in its lines)
    ink: tuple[Ink, ...] | None = None  # its lines of text; None: inked across the module


def column_ink(header: HeaderFit, frame: Frame, columns: int) -> list[tuple[float, float] | None]:
    """For each column of a module, the top of its first inked header line and the bottom
    of its last (pt from the block's top); None where no line reaches a quarter into it."""
    lines = header.ink if header.ink is not None else (Ink(0.0, header.height, 0.0, INF),)
    width = frame.column_width
    step, touch = width + frame.gutter, width / 4
    found: list[tuple[float, float] | None] = []
    for column in range(columns):
        left, right = column * step + touch, column * step + width - touch
        inked = [line for line in lines if line.right > left and line.left < right]
        found.append((inked[0].top, inked[-1].bottom) if inked else None)
    return found


@dataclass(frozen=True)
class PhotoShape:
    """A photo: its proportions, how wide its pixels may print, its caption's lines."""

    aspect: float  # width / height
    max_columns: int  # widest span at which it still prints at the minimum resolution
    caption_lines: Mapping[int, int]  # by width in columns
    columns: int | None = None  # pinned by the editor


@dataclass(frozen=True)
class ArticleShape:
    """One article as the compositor sees it; pins are the editor's."""

    key: str
    characters: int
    body_lines: int  # at one grid column, photos not included
    headers: Mapping[int, tuple[HeaderFit, ...]]  # by width; empty where no size fits
    keep_lines: int = 0  # the last body lines, which stay together in one column (bylines)
    block_lines: tuple[int, ...] = ()  # by block of the body: its lines in one column
    quote_lines: int = 0  # the first body lines after photos, kept in one column (pull quote)
    picture_lines: int = 0  # the tallest picture in the body: a column holds it whole
    # by block of the body (paragraph, heading, list): lines it loses set tighter, gains looser
    tighter: tuple[int, ...] = ()
    looser: tuple[int, ...] = ()
    photos: tuple[PhotoShape, ...] = ()
    columns: int | None = None
    column: int | None = None  # 0-based
    height: int | None = None  # lines, the space below included
    jumps: bool = False  # may continue on another page: what does not fit is no overset


@dataclass(frozen=True)
class SectionShape:
    """A 栏目 banner over its articles, kept together as one rectangle."""

    key: str
    banner_lines: int
    articles: tuple[ArticleShape, ...]
    columns: int | None = None
    column: int | None = None


Item = ArticleShape | SectionShape


@dataclass(frozen=True)
class Placement:
    """A rectangle on the grid: 0-based first column, width, first line, height."""

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
            self.column < other.column + other.columns
            and other.column < self.column + self.columns
            and self.top < other.bottom
            and other.top < self.bottom
        )


@dataclass(frozen=True)
class PhotoLayout:
    """A photo as placed: across the module's top (``span``) or in its first column."""

    span: bool
    columns: int
    image_lines: int
    caption_lines: int

    @property
    def lines(self) -> int:
        return self.image_lines + self.caption_lines


@dataclass(frozen=True)
class ModuleLayout:
    """A placed module and how its height is shared out.

    ``lines`` = header + air + spanning photos + body + the line of space;
    a section banner has no header. ``overset``/``white`` are the
    compositor's own estimate, in column-lines, of body text it could not
    fit and body lines it had to leave empty; ``feet`` the empty lines at
    the foot of each of its columns. A jumping article's text that does not
    fit is ``continued``, not overset: its columns are full and its last
    line says where the rest is.
    """

    placement: Placement
    header: HeaderFit | None = None
    air: int = 0
    photos: tuple[PhotoLayout, ...] = ()
    body_lines: int = 0
    overset: int = 0
    white: int = 0
    feet: tuple[int, ...] = ()
    tracking: tuple[int, ...] = ()  # by block of the body: TIGHTER, LOOSER, SPACED or 0
    header_top: float | None = None  # pt of the header's slack above its headline; None: centred
    continued: int = 0  # column-lines of its body set on another page (a jump)

    @property
    def key(self) -> str:
        return self.placement.key


@dataclass(frozen=True)
class Composition:
    """A page: every module placed, with what it cost to fill it."""

    modules: tuple[ModuleLayout, ...]
    cost: float

    @property
    def placements(self) -> tuple[Placement, ...]:
        return tuple(m.placement for m in self.modules)

    @property
    def overset(self) -> int:
        return sum(m.overset for m in self.modules)

    def empty_cells(self, columns: int, lines: int) -> int:
        """Cells (column by line) of a ``columns`` × ``lines`` grid without text or picture:
        those no module covers and the empty feet of the modules' columns."""
        covered = sum(m.placement.columns * m.placement.lines for m in self.modules)
        return columns * lines - covered + sum(sum(m.feet) for m in self.modules)

    @property
    def white(self) -> int:
        return sum(m.white for m in self.modules)
