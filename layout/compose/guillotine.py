"""Guillotine composition: the page cut into rows and stacks, by exact dynamic programming.

Newspaper pages are cut the way a guillotine cuts paper: the page, or a
part of it, is split into a top and a bottom part or into a left and a
right part, and so on down to single modules (Gange, Marriott & Stuckey,
"Optimal guillotine layout", DocEng 2012). With the items in reading
order, every part holds a run of consecutive items, so reading order,
sections and aligned module bottoms come with the structure. For each run
of items, width and height the table keeps the cheapest way to fill
exactly that rectangle; a module's cost says how far its levers (headline
size, air, photo crop) are from their natural values and how much of its
text it would lose or how many of its lines it would leave empty.

Heights are arrays over every line count of the frame, so filling a
rectangle is a vector operation: side by side, costs add line for line;
one above the other, costs combine by min-plus convolution.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from layout.compose.levers import Levers
from layout.compose.model import (
    LOOSER,
    PARAGRAPH_CUT_LINES,
    SPACED,
    TIGHTER,
    ArticleShape,
    Composition,
    Frame,
    HeaderFit,
    Item,
    ModuleLayout,
    PhotoLayout,
    Placement,
    SectionShape,
    column_ink,
)

INF = math.inf

# Costs, per column-line (one column by one line) unless said otherwise.
OVERSET = 1000.0  # body text that does not fit: the last articles lose it first
WHITE = 60.0  # an empty line at the foot of every column of a body
RAGGED = 0.5  # an empty line at the foot of one column of a body
# A column left emptier than FOOT_LINES at its foot, a header FOOT_LINES + 1
# lines tall where no headline text reaches, or a column of the page no module
# reaches at all shows as a white hole: each such column-line costs HOLE.
FOOT_LINES = 2
HOLE = 40.0
SLACK_LINES = 3.0  # lines of a header's column without ink (above and below), at most
AIR = (0.0, 1.0, 2.5, 5.0, 8.0, 12.0)  # by lines of air around a headline
SIZE_STEP = 1.5  # one 字号 step off the width's own size
TRACK = 2.0  # a line gained or lost by setting a paragraph looser or tighter (not per column)
SPACE = 4.0  # a line of space after a paragraph (not per column)
CROP = 0.6  # a photo one line taller or shorter than its proportions
SHALLOW = 1.5  # a body shallower than SHALLOW_LINES, per line short
SHALLOW_LINES = 6
# A body set in several columns is at least this many lines deep. Its paragraphs
# break from column to column, and with orphans and widows of 2 (the newsletter
# set) a paragraph of 3 lines has no break in columns of 2: the renderer then
# cannot place the body at all, and loses it with every module after it.
COLUMN_LINES = 3
LEAD_NARROW = 4.0  # per column the lead is narrower than the page (not per line)
NARROW = 400.0  # per line of a long article's body set in a single column
BLANK = 50.0  # a cell of the page no module covers (too little copy, or pins)
JUMP = 30.0  # an article cut to continue on another page (not per line)
CONTINUED = 0.5  # a column-line of a jumping article set on the other page
JUMP_LINES = 8  # lines of body a jumping article shows here, at least
SEAM = 8.0  # a jumped article cut in the middle of a paragraph (model.PARAGRAPH_CUT_LINES)
REST_LINES = 6  # lines in one column a jump sends on, at least: a scrap is no story
SCRAP = 300.0  # what a rest shorter than that costs


class CompositionError(ValueError):
    """The editor's pins leave no way to fill the page; ``keys`` are the items involved."""

    def __init__(self, keys: Sequence[str], message: str) -> None:
        super().__init__(message)
        self.keys = tuple(keys)


@dataclass(frozen=True)
class _Option:
    """One way to set an article at one width: its photos, body and headline."""

    photos: tuple[PhotoLayout, ...]
    flow_lines: int  # body lines in one column, photos in the columns included
    keep_lines: int  # the last of them stay together in one column
    tracking: tuple[int, ...] = ()  # by block: TIGHTER, LOOSER, SPACED or 0
    head: tuple[HeaderFit, int] | None = None  # the headline and its lines of air
    quote_lines: int = 0  # the first after the photos stay together in one column

    @property
    def header(self) -> HeaderFit:
        assert self.head is not None
        return self.head[0]

    @property
    def air(self) -> int:
        assert self.head is not None
        return self.head[1]

    def need(self, columns: int) -> int:
        """Lines a body needs in ``columns`` columns filled one after the other."""
        return _need(self._blocks(), columns)

    def feet(self, columns: int) -> tuple[int, ...]:
        """Empty lines at the foot of each column, at the height the body needs."""
        blocks = self._blocks()
        height = _need(blocks, columns)
        filled = _fill(blocks, height, columns)
        assert filled is not None
        return tuple(height - used for used in filled)

    def _blocks(self) -> tuple[tuple[int, bool], ...]:
        """Photos in the columns come first, then the pull quote, and the kept block
        (bylines) last; none may break, so each goes whole into the next column when
        the rest of the current one cannot hold it."""
        whole = [p.lines for p in self.photos if not p.span] + [self.quote_lines]
        text = self.flow_lines - sum(whole) - self.keep_lines
        return (*((lines, False) for lines in whole), (text, True), (self.keep_lines, False))

    @property
    def fixed(self) -> int:
        spans = sum(p.lines for p in self.photos if p.span)
        return self.header.lines + self.air + spans + 1


@dataclass(frozen=True)
class _Blank:
    """Room left over after the last item, when the items cannot fill the page:
    at its foot, below modules, rather than a column empty from the head down."""

    key: str = ""
    columns: None = None
    column: None = None


@dataclass
class _Leaf:
    cost: np.ndarray
    options: list[tuple[_Option, tuple[HeaderFit, int]] | None]  # by height, with the headline
    # a pinned module in a larger cell: its own width, and its height by the cell's
    width: int | None = None
    used: np.ndarray | None = None


@dataclass
class _Cut:
    cost: np.ndarray
    kind: np.ndarray  # by height: 1 side by side, 2 one above the other
    split: np.ndarray  # by height: last item of the first part
    size: np.ndarray  # by height: width of the left part, or height of the top part


def compose(items: Sequence[Item], frame: Frame, levers: Levers) -> Composition:
    """The cheapest guillotine layout of ``items`` filling ``frame`` exactly.

    The first item, when it is an article, is the lead (头条): at the top, and
    no other module is wider. Raises CompositionError when pins cannot hold.
    """
    if not items:
        return Composition((), 0.0)
    too_tall = [
        i.key for i in items if isinstance(i, ArticleShape) and (i.height or 0) > frame.lines
    ]
    if too_tall:
        raise CompositionError(too_tall, f"taller than the page, which holds {frame.lines} lines")
    solver = _Solver((*items, _Blank()), frame, levers)
    lead = isinstance(items[0], ArticleShape)
    costs = {
        cap: solver.root_cost(cap) + (frame.columns - cap if cap else 0) * LEAD_NARROW
        for cap in (_lead_widths(frame.columns, items[0].columns) if lead else [None])
    }
    cap = min(costs, key=lambda c: costs[c])
    if costs[cap] == INF:
        raise CompositionError(
            [item.key for item in items if _pinned(item)] or [item.key for item in items],
            "the pinned columns, widths and heights leave no way to fill the page",
        )
    solver.root_cost(cap)
    return Composition(tuple(solver.layout()), costs[cap])


def _lead_widths(columns: int, pinned: int | None) -> Sequence[int]:
    """The lead is at least half the page wide (two columns on the narrowest grids),
    or as wide as the editor pinned it."""
    if pinned is not None:
        return [pinned]
    return range(columns, min(columns, max(2, math.ceil(columns / 2))) - 1, -1)


def _pinned(item: Item) -> bool:
    if isinstance(item, SectionShape):
        return (
            item.columns is not None or item.column is not None or any(map(_pinned, item.articles))
        )
    return item.columns is not None or item.column is not None or item.height is not None


class _Solver:
    """The table of one run of items (a page, or the articles of a section)."""

    def __init__(
        self,
        items: tuple[Item | _Blank, ...],
        frame: Frame,
        levers: Levers,
        first_rank: int = 0,
    ) -> None:
        self.items = items
        self.first_rank = first_rank  # reading-order rank of the first item on the page
        self.frame = frame
        self.levers = levers
        self.cap: int | None = None  # the lead's width, when the first item is the lead
        self.height = frame.lines
        self.cuts: dict[tuple[int, int, int | None, int, int | None], _Cut] = {}
        self.leaves: dict[tuple[int, int | None, int, int | None], _Leaf] = {}
        self.sections: dict[tuple[int, int | None, int], _Solver] = {}
        # how many of the items before each index are pinned to a column
        self.pinned_before = [0, *itertools.accumulate(_column_pinned(item) for item in items)]

    # -- the table ----------------------------------------------------------

    def root_cost(self, cap: int | None) -> float:
        """The page filled by its items, or by its items and a blank after them."""
        self.cap = cap
        last = len(self.items) - 1
        full = self.solve(0, last - 1, 0, self.frame.columns)[self.height]
        blank = self.solve(0, last, 0, self.frame.columns)[self.height]
        self.last = last - 1 if full <= blank else last
        return float(min(full, blank))

    def solve(self, i: int, j: int, x: int, w: int) -> np.ndarray:
        return self._leaf(i, x, w).cost if i == j else self._cut(i, j, x, w).cost

    def _key_x(self, i: int, j: int, x: int) -> int | None:
        return x if self.pinned_before[j + 1] > self.pinned_before[i] else None

    def _capped(self, i: int, w: int) -> int | None:
        """The lead's width where it bears on this part (else the part is shared by all)."""
        return self.cap if self.cap is not None and (i == 0 or w > self.cap) else None

    def _cut(self, i: int, j: int, x: int, w: int) -> _Cut:
        key = (i, j, self._key_x(i, j, x), w, self._capped(i, w))
        if key in self.cuts:
            return self.cuts[key]
        n = self.height + 1
        cost = np.full(n, INF)
        kind = np.zeros(n, dtype=np.int8)
        split = np.zeros(n, dtype=np.int16)
        size = np.zeros(n, dtype=np.int16)
        for k in range(i, j):
            top, bottom = self.solve(i, k, x, w), self.solve(k + 1, j, x, w)
            stacked, heights = _min_plus(top, bottom)
            better = stacked < cost
            cost[better], kind[better], split[better] = stacked[better], 2, k
            size[better] = heights[better]
            if w > 1:
                sides = np.array(
                    [
                        self.solve(i, k, x, left) + self.solve(k + 1, j, x + left, w - left)
                        for left in range(1, w)
                    ]
                )
                lefts = sides.argmin(axis=0)
                side = sides[lefts, np.arange(n)]
                better = side < cost
                cost[better], kind[better], split[better] = side[better], 1, k
                size[better] = lefts[better] + 1
        cut = _Cut(cost, kind, split, size)
        self.cuts[key] = cut
        return cut

    def _leaf(self, i: int, x: int, w: int) -> _Leaf:
        key = (i, self._key_x(i, i, x), w, self._capped(i, w))
        if key not in self.leaves:
            item = self.items[i]
            leaf = _Leaf(np.full(self.height + 1, INF), [None] * (self.height + 1))
            if isinstance(item, _Blank):
                leaf.cost[1:] = np.arange(1, self.height + 1) * w * BLANK
                # as tall as the page, it leaves whole columns empty from their head
                # down: room left over goes at the foot, below modules
                leaf.cost[self.height] += self.height * w * HOLE
            elif isinstance(item, ArticleShape) and _pinned(item):
                leaf = self._pinned_article(i, item, x, w)
            elif self._allowed(i, item, x, w):
                if isinstance(item, ArticleShape):
                    leaf = self._article(item, w, rank=i)
                else:
                    leaf = self._section(i, item, x, w)
            self.leaves[key] = leaf
        return self.leaves[key]

    def _pinned_article(self, i: int, article: ArticleShape, x: int, w: int) -> _Leaf:
        """A pinned module in a cell at least its size: blank beside and below it."""
        width = article.columns or w
        n = self.height + 1
        if width > w or article.column not in (None, x):
            return _Leaf(np.full(n, INF), [None] * n)
        own = self._article(article, width, rank=i)
        heights = np.arange(n)
        # cost[h] = min over used <= h of own[used] + BLANK * (w * h - width * used)
        shifted = own.cost - BLANK * width * heights
        best = np.minimum.accumulate(shifted)
        # where that minimum is first reached: a new height wins only when strictly cheaper
        better = np.r_[True, shifted[1:] < best[:-1]]
        used = np.maximum.accumulate(np.where(better, heights, 0))
        return _Leaf(best + BLANK * w * heights, own.options, width, used)

    def _allowed(self, i: int, item: Item, x: int, w: int) -> bool:
        """Pins hold; the lead is exactly as wide as this run's cap, no unpinned item wider."""
        if item.columns is not None and w != item.columns:
            return False
        if item.column is not None and x != item.column:
            return False
        if self.cap is None or item.columns is not None:
            return True
        return w == self.cap if i == 0 else w <= self.cap

    def _section(self, i: int, section: SectionShape, x: int, w: int) -> _Leaf:
        inner = _Solver(section.articles, self.frame, self.levers, self.first_rank + i)
        self.sections[i, self._key_x(i, i, x), w] = inner
        body = inner.solve(0, len(section.articles) - 1, x, w) if section.articles else None
        cost = np.full(self.height + 1, INF)
        if body is None:
            cost[section.banner_lines] = 0.0
        else:
            cost[section.banner_lines :] = body[: self.height + 1 - section.banner_lines]
        return _Leaf(cost, [None] * (self.height + 1))

    def _article(self, article: ArticleShape, w: int, rank: int) -> _Leaf:
        """Each height's cheapest option: the lines above the body, then the body's cost."""
        n = self.height + 1
        cost = np.full(n, INF)
        chosen: list[tuple[_Option, tuple[HeaderFit, int]] | None] = [None] * n
        # a long article in one column: only where the editor's pins leave nothing else
        narrow = NARROW if w < 2 and article.characters > self.levers.short_article else 0.0
        lose = OVERSET * (1 + 1 / (1 + rank + self.first_rank))  # later articles cut first
        heads = self._heads(article, w, lead=rank + self.first_rank == 0)
        tracked = _tracking(article, self.levers.tracking_lines, self.levers.paragraph_space)
        body = np.arange(n)
        for photos, photo_cost in self._photo_options(article, w):
            spans = sum(p.lines for p in photos if p.span)
            above = np.full(n, INF)
            picked: dict[int, tuple[HeaderFit, int]] = {}
            for header, air, head_cost in heads:
                lines = header.lines + air + spans + 1
                if lines < n and head_cost + photo_cost < above[lines]:
                    above[lines] = head_cost + photo_cost
                    picked[lines] = (header, air)
            flow = article.body_lines + sum(p.lines for p in photos if not p.span)
            # a photo, a pull quote or a picture in the body does not break: a shallower
            # body would push it, and the text after it, off the page
            tallest = max(
                [p.lines for p in photos if not p.span]
                + [article.quote_lines, article.picture_lines]
            )
            for delta, tracking, tracking_cost in tracked:
                option = _Option(
                    photos,
                    flow + delta,
                    article.keep_lines,
                    tracking,
                    quote_lines=article.quote_lines,
                )
                need, feet = option.need(w), option.feet(w)
                ragged = sum(e * (HOLE if e > FOOT_LINES else RAGGED) for e in feet)
                ragged += max(0, SHALLOW_LINES - need) * SHALLOW * w + narrow * need
                ragged += tracking_cost
                if article.jumps:  # cut where the module ends, the jump line its last
                    rest = (need - body) * w  # its lines in one column on the other page
                    short = JUMP + rest * CONTINUED + tracking_cost
                    short = short + np.where(rest < REST_LINES, SCRAP, 0.0)
                    short = short + _jump_cut(article, photos, w, body)
                    short = np.where(body < JUMP_LINES, INF, short)
                else:
                    short = (need - body) * w * lose
                body_cost = np.where(body < need, short, (body - need) * w * WHITE + ragged)
                body_cost[: max(tallest, COLUMN_LINES if w > 1 else 1)] = INF
                total, heights = _min_plus(above, body_cost)
                if article.height is not None:
                    total = np.where(body == article.height, total, INF)
                better = total < cost
                cost[better] = total[better]
                for h in np.flatnonzero(better):
                    chosen[h] = (option, picked[int(heights[h])])
        return _Leaf(cost, chosen)

    def _heads(
        self, article: ArticleShape, w: int, *, lead: bool
    ) -> list[tuple[HeaderFit, int, float]]:
        """Every headline size and air the article may have at this width, with its cost.
        Only the lead's headline may be set larger than its width's size: no other outranks it.
        """
        heads = []
        pitch = self.frame.pitch
        for header in article.headers.get(w, ()):
            if header.steps > 0 and not lead:
                continue
            size_cost = abs(header.steps) * SIZE_STEP * w
            inks = column_ink(header, self.frame, w)
            for air in range(self.levers.headline_air + 1):
                cost = size_cost + AIR[min(air, len(AIR) - 1)] * w
                lines = header.lines + air
                for ink in inks:
                    if ink is None:  # a column beside the headline block, white all down
                        cost += lines * HOLE if lines > FOOT_LINES else 0.0
                    else:  # space above and below its ink, to share out (compose.air)
                        white = (lines * pitch - (ink[1] - ink[0])) / pitch
                        cost += max(0.0, white - SLACK_LINES) * HOLE
                heads.append((header, air, cost))
        return heads

    def _photo_options(
        self, article: ArticleShape, w: int
    ) -> list[tuple[tuple[PhotoLayout, ...], float]]:
        """Every photo in the first column, or the first ones across the top, in crops."""
        choices: list[list[tuple[PhotoLayout, float]]] = []
        for index, photo in enumerate(article.photos):
            here = []
            span_ok = 2 <= w <= photo.max_columns and photo.columns in (None, w)
            if span_ok and (index == 0 or photo.columns == w):
                here += self._crops(photo, w)
            if photo.columns in (None, 1) or not here:
                here.append(self._in_column(photo))
            choices.append(here)
        combos: list[tuple[tuple[PhotoLayout, ...], float]] = [((), 0.0)]
        for here in choices:
            combos = [((*done, p), c + pc) for done, c in combos for p, pc in here]
        return combos

    def _crops(self, photo, w: int) -> list[tuple[PhotoLayout, float]]:
        natural = self.frame.span_width(w) / photo.aspect / self.frame.pitch
        crop = self.levers.photo_crop
        low = max(3, math.ceil(natural * (1 - crop)))
        high = max(low, math.floor(natural * (1 + crop)))
        caption = photo.caption_lines.get(w, 0)
        return [
            (PhotoLayout(True, w, lines, caption), abs(lines - natural) * CROP * w)
            for lines in range(low, high + 1)
        ]

    def _in_column(self, photo) -> tuple[PhotoLayout, float]:
        natural = self.frame.column_width / photo.aspect / self.frame.pitch
        lines = max(2, math.floor(natural))  # cropped, never enlarged
        return PhotoLayout(False, 1, lines, photo.caption_lines.get(1, 0)), 0.0

    # -- reading the table back ---------------------------------------------

    last = 0  # the last item the root's layout uses (the blank, or the one before it)

    def layout(self) -> list[ModuleLayout]:
        return self._place(0, self.last, 0, self.frame.columns, self.height, 0)

    def _place(self, i: int, j: int, x: int, w: int, h: int, top: int) -> list[ModuleLayout]:
        if i == j:
            return self._place_item(i, x, w, h, top)
        cut = self._cut(i, j, x, w)
        k, size = int(cut.split[h]), int(cut.size[h])
        if cut.kind[h] == 1:
            return self._place(i, k, x, size, h, top) + self._place(
                k + 1, j, x + size, w - size, h, top
            )
        return self._place(i, k, x, w, size, top) + self._place(
            k + 1, j, x, w, h - size, top + size
        )

    def _place_item(self, i: int, x: int, w: int, h: int, top: int) -> list[ModuleLayout]:
        item = self.items[i]
        placement = Placement(item.key, x, w, top, h)
        if isinstance(item, _Blank):
            return []
        if isinstance(item, SectionShape):
            banner = ModuleLayout(Placement(item.key, x, w, top, item.banner_lines))
            if not item.articles:
                return [banner]
            inner = self.sections[i, self._key_x(i, i, x), w]
            rest = h - item.banner_lines
            return [
                banner,
                *inner._place(0, len(item.articles) - 1, x, w, rest, top + item.banner_lines),
            ]
        leaf = self._leaf(i, x, w)
        if leaf.used is not None and leaf.width is not None:
            w, h = leaf.width, int(leaf.used[h])
            placement = Placement(item.key, x, w, top, h)
        found = leaf.options[h]
        assert found is not None
        option = dataclasses.replace(found[0], head=found[1])
        need = option.need(w)
        body = h - option.fixed
        short = max(0, need - body) * w
        jumped = isinstance(item, ArticleShape) and item.jumps and short > 0
        return [
            ModuleLayout(
                placement,
                header=option.header,
                air=option.air,
                photos=option.photos,
                body_lines=body,
                overset=0 if jumped else short,
                white=max(0, body - need) * w,
                feet=(0,) * w if jumped else tuple(e + max(0, body - need) for e in option.feet(w)),
                tracking=option.tracking,
                continued=short if jumped else 0,
            )
        ]


def _tracking(
    article: ArticleShape, most: int, spaces: int
) -> list[tuple[int, tuple[int, ...], float]]:
    """Each number of lines the body can gain or lose, the blocks changed for it and
    the cost: up to ``most`` lines set looser or tighter (the last blocks first: the
    lead paragraph stays as is), or up to ``spaces`` lines of space after paragraphs,
    spread over the article."""
    blocks = len(article.tighter)
    plans: list[tuple[int, tuple[int, ...], float]] = [(0, (0,) * blocks, 0.0)]
    for sign, lines in ((TIGHTER, article.tighter), (LOOSER, article.looser)):
        reach: dict[int, tuple[int, ...]] = {0: (0,) * blocks}
        for index in reversed(range(blocks)):
            if not lines[index]:
                continue
            for done, plan in list(reach.items()):
                total = done + lines[index]
                if total <= most and total not in reach:
                    reach[total] = (*plan[:index], sign, *plan[index + 1 :])
        plans += [(sign * t, plan, t * TRACK) for t, plan in sorted(reach.items()) if t]
    gaps = blocks - 1  # between paragraphs, never after the last
    for count in range(1, min(spaces, gaps) + 1):
        chosen = {(k + 1) * gaps // (count + 1) for k in range(count)}
        plan = tuple(SPACED if i in chosen else 0 for i in range(blocks))
        plans.append((count, plan, count * SPACE))
    return plans


def _jump_cut(
    article: ArticleShape, photos: tuple[PhotoLayout, ...], columns: int, body: np.ndarray
) -> np.ndarray:
    """At each body height, what cutting the jumping article there costs: the lines a cut
    at the last paragraph end that fits leaves empty, or a paragraph split in two."""
    ends = np.cumsum(article.block_lines)
    if not len(ends):
        return np.full(len(body), SEAM)
    whole = sum(p.lines for p in photos if not p.span) + article.quote_lines
    room = body * columns - whole - 1  # lines for text, the jump line below them
    index = np.searchsorted(ends, room, side="right") - 1
    empty = room - ends[np.maximum(index, 0)]
    fits = (index >= 0) & (empty <= PARAGRAPH_CUT_LINES)
    return np.where(fits, empty * RAGGED, SEAM)


@functools.cache
def _need(blocks: tuple[tuple[int, bool], ...], columns: int) -> int:
    total = sum(lines for lines, _ in blocks)
    height = max([math.ceil(total / columns), *(lines for lines, b in blocks if not b), 1])
    while _fill(blocks, height, columns) is None:
        height += 1
    return height


@functools.cache
def _fill(
    blocks: tuple[tuple[int, bool], ...], height: int, columns: int
) -> tuple[int, ...] | None:
    """Lines used in each column, filled one after the other; None when they do not fit."""
    used = [0]
    for lines, breakable in blocks:
        if breakable:
            used[-1] += lines
            while used[-1] > height:
                used[-1:] = [height, used[-1] - height]
        elif lines:
            if used[-1] + lines > height:
                used.append(0)
            used[-1] += lines
    if len(used) > columns:
        return None
    return (*used, *[0] * (columns - len(used)))


def _column_pinned(item: Item | _Blank) -> bool:
    if isinstance(item, SectionShape):
        return item.column is not None or any(a.column is not None for a in item.articles)
    return item.column is not None


def _min_plus(top: np.ndarray, bottom: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Cheapest split of every height between a top and a bottom part, and the top's share."""
    n = len(top)
    total = np.append(bottom, INF)[_below(n)] + top  # total[h, t]: t lines on top, h - t below
    heights = total.argmin(axis=1)
    return total[np.arange(n), heights], heights


@functools.cache
def _below(n: int) -> np.ndarray:
    """Index of the bottom part's height for each total and top height (n: impossible)."""
    below = np.arange(n)[:, None] - np.arange(n)[None, :]
    return np.where(below >= 0, below, n)
