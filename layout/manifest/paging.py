"""Share imported copy out over as many pages as it needs, jumping where a page ends.

Pages are shared out by each item's area in column-lines (one grid column by
one body line): its body, headline and pictures, as a :class:`Need`. Copy that
one page holds (``ONE_PAGE``, the compositor's levers take up the difference)
stays on one page. Longer copy
fills pages in reading order: the item that crosses a page's end becomes a
jumping article (``jump:``), and so does one that fits only if the estimate
is right. The compositor then gives it exactly the room the page has left
and sets the rest on the next page, so an estimate some lines off still
gives a full page. Whole items fill a page to ``FILL`` of its estimated room
only, because too much copy there would be overset; the jumping article
takes whatever is left, however much that is. A page whose room is too
little to start the next item ends with its last article jumping, so that
the article, not white, takes up what the estimate left. The last page has no
next item: if it is fuller than its modules can be packed (``PACKED``), its
last article jumps to a page of its own.

A need is measured by the engine where the command can
(:mod:`layout.commands.import_copy`), or else estimated from the item's
characters (:func:`estimate`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from layout.manifest.importer import ImportedArticle, ImportedSection, Item

ONE_PAGE = 1.06  # copy estimated at up to this share of a page is set on one, the levers fit it
FILL = 0.88  # of a page's estimated room given to copy before the jumping article
# of a page's room its modules cover when packed: each module's space below, the feet
# of balanced columns (measured: an English last page reckoned at 97 % of its room was
# 8 lines overset)
PACKED = 0.94
START_LINES = 8  # body lines a jumping article needs on its page, so as to start there
HEADER_LINES = 5  # a headline's lines with its air and the line below the module
SUBTITLE_LINES = 1
HEADER_COLUMNS = 3  # the width a headline is reckoned at, on a page of 6 columns or more
SECTION_LINES = 3  # a 栏目 banner, across the page
CAPTION_LINES = 2
PHOTO_COLUMNS = 2  # the width a photo is reckoned at
PHOTO_ASPECT = 1.5  # width / height of a photo whose size is not known yet
BYLINE_LINES = 2


@dataclass(frozen=True)
class Room:
    """The type area of a page as the estimate sees it."""

    columns: int
    lines: int  # body lines in a column
    column_chars: int  # characters in a column's line
    photo_lines: int  # lines a photo takes at PHOTO_COLUMNS wide
    masthead_lines: int = 0  # lines the masthead takes on page 1
    half_width: frozenset[str] = frozenset()  # marks lines are broken with at half a character

    def chars(self, paragraph: str) -> float:
        """The paragraph's width in characters of a line, as its lines are broken."""
        text = "".join(paragraph.split())
        return len(text) - sum(0.5 for char in text if char in self.half_width)

    def area(self, number: int) -> float:
        lines = self.lines - (self.masthead_lines if number == 1 else 0)
        return self.columns * lines


@dataclass(frozen=True)
class Placed:
    """An item on an imported page; ``jump`` the page its rest continues on."""

    item: Item
    jump: int | None = None


@dataclass(frozen=True)
class Need:
    """An item's area in column-lines: whole, and before its body's first line."""

    whole: float
    fixed: float  # the headline and the pictures (the banner not counted)


def paginate(
    items: tuple[Item, ...], room: Room, first: int, needs: Sequence[Need] | None = None
) -> list[list[Placed]]:
    """The items on pages numbered from ``first``, in reading order: every page but
    the last ends with an article that continues on the next one. ``needs``, one
    per item, are what the items take; by default, :func:`estimate`'s."""
    if needs is None:
        needs = [estimate(item, room) for item in items]
    if sum(need.whole for need in needs) <= room.area(first) * ONE_PAGE:
        return [[Placed(item) for item in items]]
    pages: list[list[Placed]] = [[]]
    used = 0.0
    for item, item_need in zip(items, needs, strict=True):
        need = item_need.whole
        number = first + len(pages) - 1
        area = room.area(number)
        if need <= area * FILL - used or (not pages[-1] and not _article(item)):
            pages[-1].append(Placed(item))
            used += need
            continue
        if _article(item) and need <= area - used:  # fits if the estimate is right, else goes on
            pages[-1].append(Placed(item, number + 1))
            used += need
            continue
        start = START_LINES * _width(room) + item_need.fixed
        if _article(item) and area - used >= start:  # it takes what is left, the rest goes on
            pages[-1].append(Placed(item, number + 1))
            pages.append([])
            used = max(0.0, need - (area - used)) + HEADER_LINES * _width(room)
            continue
        _carry_over(pages[-1], number + 1)  # no room to start it: it opens the next page
        pages.append([Placed(item)])
        used = need
    # The copy ends here: nothing follows on a page of its own unless a rest must, or
    # the page's last article may not fit it (the last page has no article to jump).
    last = pages[-1]
    if used > room.area(first + len(pages) - 1) * PACKED and last and last[-1].jump is not None:
        pages.append([])
    else:
        pages[-1] = [Placed(placed.item) for placed in last]
    return pages


def _carry_over(page: list[Placed], next_number: int) -> None:
    """Let the page's last article jump, so that it, not white, fills what the
    estimate left: the compositor sends on only what the page cannot hold."""
    if page and page[-1].jump is None and _article(page[-1].item):
        page[-1] = Placed(page[-1].item, next_number)


def estimate(item: Item, room: Room) -> Need:
    """An item's column-lines reckoned from its characters: body, headline, pictures,
    banner."""
    fixed = _fixed(item, room)
    if isinstance(item, ImportedSection):
        inner = estimate(item.article, room).whole if item.article is not None else 0.0
        return Need(SECTION_LINES * room.columns + inner, fixed)
    body = sum(math.ceil((2 + room.chars(p)) / room.column_chars) for p in item.paragraphs)
    return Need(body + (BYLINE_LINES if item.bylines else 0) + fixed, fixed)


def _fixed(item: Item, room: Room) -> float:
    """The column-lines of an article that are not its body."""
    article = item.article if isinstance(item, ImportedSection) else item
    if article is None:
        return 0.0
    columns = header_columns(room.columns)
    header = columns * (HEADER_LINES + (SUBTITLE_LINES if article.subtitle else 0))
    return header + len(article.images) * PHOTO_COLUMNS * (room.photo_lines + CAPTION_LINES)


def header_columns(columns: int) -> int:
    """The width a headline is reckoned at on a page of ``columns``: 2 of a newsletter's 3."""
    return min(HEADER_COLUMNS, math.ceil(columns / 2))


def _width(room: Room) -> int:
    """Columns the compositor is likely to give a jumping article: half the page."""
    return max(2, math.ceil(room.columns / 2))


def _article(item: Item) -> bool:
    """Whether the item can carry a jump: an article, or a section with one."""
    return isinstance(item, ImportedArticle) or item.article is not None
