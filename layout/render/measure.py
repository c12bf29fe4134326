"""Measure an article once, for every width the compositor may give it.

One WeasyPrint document per article holds its body set in one grid column
(body columns are grid columns, so that one measure serves every width),
its headline block at every width and every 字号 the template set allows,
and each photo's caption at every width. What the layout tree shows
becomes an :class:`ArticleShape`: headline sizes are judged by the lines
WeasyPrint actually made, never by an estimate of glyph widths.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from layout.compose import ArticleShape, HeaderFit, Ink, Levers, PhotoShape
from layout.manifest import Article
from layout.manifest.paper import Length
from layout.render.geometry import Grid
from layout.render.layout_tree import PT_PER_PX, Box, LineBox, TextBox, walk
from layout.render.pictures import body_pictures_on_grid, picture_size
from layout.render.views import ModuleView, PhotoView, numbered_blocks
from layout.typeset import contents
from layout.typeset.article import TypesetArticle
from layout.typeset.punctuation import CLOSING, DASHES, is_cjk

NO_LINE_START = CLOSING + DASHES  # clreq: no line of a headline starts with these

TOLERANCE = 0.5  # px
WIDOW_LETTERS = 4  # a Latin headline's word this short stands alone on a line only at a cost


@dataclass(frozen=True)
class HeaderMeasure:
    """A headline block as laid out at one width and size."""

    columns: int
    size: float
    steps: int
    height: float  # pt
    quality: int  # 2: no phrase broken, no lone character; 1: no lone character; 0: neither
    ink: tuple[Ink, ...]  # each line of the header's text, from its top left corner


@dataclass(frozen=True)
class ArticleMeasure:
    """What one article's measure document showed (kept in the measure cache as JSON)."""

    body_height: float  # pt, one grid column
    keep_height: float  # pt: the block at the body's end that may not break (bylines)
    headers: tuple[HeaderMeasure, ...]
    quote_height: float  # pt: the pull quote at the body's head, which may not break
    picture_height: float  # pt: the tallest picture in the body, which may not break either
    captions: tuple[tuple[float, ...], ...]  # per photo, caption height (pt) by width 1…N
    # per block of the body: its lines as set, set tighter and set looser (levers.tighten …)
    blocks: tuple[tuple[int, int, int], ...] = ()


def _headers(data: Any) -> tuple[HeaderMeasure, ...]:
    return tuple(
        HeaderMeasure(**{**h, "ink": tuple(Ink(**line) for line in h["ink"])}) for h in data
    )


FIELDS: dict[str, Callable[[Any], Any]] = {
    "body_height": float,
    "keep_height": float,
    "quote_height": float,
    "picture_height": float,
    "blocks": lambda data: tuple((int(a), int(b), int(c)) for a, b, c in data),
    "headers": _headers,
    "captions": lambda data: tuple(tuple(map(float, row)) for row in data),
}


def json_fields(data: Mapping[str, Any], names: Iterable[str]) -> dict[str, Any]:
    """The named fields of an :class:`ArticleMeasure`, from their JSON form."""
    try:
        return {name: FIELDS[name](data[name]) for name in names}
    except (KeyError, IndexError, TypeError, ValueError, AttributeError) as error:
        raise ValueError(f"not a measure: {error!r}") from None


@dataclass(frozen=True)
class MeasurePart:
    """Views of one article that are measured, and cached, together.

    An article's body, its headline block (at every width and size) and its
    captions are three parts, so that an edit of the body measures the body
    again and not the 29 headlines beside it.
    """

    name: str
    fields: tuple[str, ...]  # of ArticleMeasure, that this part measures
    views: tuple[ModuleView, ...]
    read: Callable[[Mapping[tuple[str, str], Box]], dict[str, Any]]  # fields, as JSON
    needs: tuple[str, ...] = ()  # data-part boxes each view must have ("h1": in its header)
    # Where some views may not need laying out: those laid out first, and from their
    # boxes, which others still do (``read`` reads the rest from the first).
    first: tuple[ModuleView, ...] | None = None
    rest: Callable[[Mapping[tuple[str, str], Box]], tuple[ModuleView, ...]] = lambda _: ()


Alike = Callable[[int, int], bool]  # whether the set styles a module so at both widths


def measure_parts(
    article: TypesetArticle, grid: Grid, levers: Levers, root: Path, alike: Alike
) -> tuple[MeasurePart, ...]:
    """The parts of an article's measure; their fields make an :class:`ArticleMeasure`
    (:func:`json_fields`). A part without views is read from nothing. ``root``: the
    issue's folder, which the pictures in a body are read from; ``alike``: whether
    the template set styles the article's header alike at two widths (in columns)."""
    return (
        _body_part(body_pictures_on_grid(article, grid, root), grid, levers),
        _headers_part(article, grid, levers, alike),
        _captions_part(article, grid),
    )


def _body_part(article: TypesetArticle, grid: Grid, levers: Levers) -> MeasurePart:
    numbered = numbered_blocks(article)
    body = _view(f"{article.key}@body", 1, grid.column_width, numbered, header=False)
    tracked = {
        em: _view(
            f"{article.key}@body{em:+}",
            1,
            grid.column_width,
            numbered,
            header=False,
            body_style=f" letter-spacing: {em}em",
        )
        for em in (-levers.tighten, levers.loosen)
        if em
    }

    def read(parts: Mapping[tuple[str, str], Box]) -> dict[str, Any]:
        box = parts[body.key, "body"]
        return {
            "body_height": box.margin_height() * PT_PER_PX,
            "keep_height": _kept_at_end(box) * PT_PER_PX,
            "quote_height": _quote_height(box),
            "picture_height": _picture_height(box),
            "blocks": _blocks(
                _block_lines(box),
                *(
                    _block_lines(parts[tracked[em].key, "body"]) if em in tracked else None
                    for em in (-levers.tighten, levers.loosen)
                ),
            ),
        }

    fields = ("body_height", "keep_height", "quote_height", "picture_height", "blocks")
    return MeasurePart("body", fields, (body, *tracked.values()), read, ("module", "body"))


def _bare(article: TypesetArticle) -> TypesetArticle:
    """The article without its body: what its header and captions are measured in."""
    return dataclasses.replace(article, blocks=(), bylines=(), pullquote=None)


def header_probe(article: TypesetArticle, columns: int) -> ModuleView:
    """The article's header at a width, as far as a template may tell widths apart."""
    return _view(f"{article.key}@h", columns, 0.0, _bare(article), body=False)


def _headers_part(article: TypesetArticle, grid: Grid, levers: Levers, alike: Alike) -> MeasurePart:
    """A headline block at every width and size. Each size is laid out first at the
    widest width that may take it; where the set styles the header alike at a narrower
    width and every line fits it, the block keeps its lines there too, and is read
    from the wide one."""
    bare = _bare(article)
    headers = [
        (
            _view(f"{article.key}@h{w}-{size}", w, grid.span_width(w), bare, size, body=False),
            size,
            steps,
        )
        for w in range(1, grid.columns + 1)
        for size, steps in levers.headline_options(w)
    ]
    widest = {size: view for view, size, _ in headers}  # widths ascend: the last wins

    def narrowed(view: ModuleView, size: float, parts: Mapping[tuple[str, str], Box]) -> Any:
        wide = widest[size]
        if view is wide or not alike(view.columns, wide.columns):
            return None
        box = parts.get((wide.key, "header"))  # None: the set lacks it (contract_problems)
        narrower = grid.span_width(wide.columns) - grid.span_width(view.columns)
        return None if box is None else _narrowed(box, narrower)

    def rest(parts: Mapping[tuple[str, str], Box]) -> tuple[ModuleView, ...]:
        return tuple(
            view
            for view, size, _ in headers
            if view is not widest[size] and narrowed(view, size, parts) is None
        )

    def read(parts: Mapping[tuple[str, str], Box]) -> dict[str, Any]:
        measures = []
        for view, size, steps in headers:
            box = parts.get((view.key, "header"))
            if box is None:  # keeps the lines of the widest: its height and quality too
                wide = parts[widest[size].key, "header"]
                height, quality, ink = _height(wide), _quality(wide), narrowed(view, size, parts)
            else:
                height, quality, ink = _height(box), _quality(box), _ink(box)
            measures.append(HeaderMeasure(view.columns, size, steps, height, quality, ink))
        return {"headers": [dataclasses.asdict(h) for h in measures]}

    views = tuple(view for view, _, _ in headers)
    first = tuple(widest.values())
    return MeasurePart("headers", ("headers",), views, read, ("header", "h1"), first, rest)


def _height(header: Box) -> float:
    return header.margin_height() * PT_PER_PX


ALIGNED = {"start": 0.0, "left": 0.0, "justify": 0.0, "center": 0.5, "end": 1.0, "right": 1.0}


def _narrowed(header: Box, narrower: float) -> tuple[Ink, ...] | None:
    """The header's ink, set ``narrower`` pt narrower, where it keeps its lines there:
    every block of it across the header and of one line, whose boxes fit the narrower
    width. None where only laying it out tells."""
    moved = []
    for block in walk(header):
        lines = [c for c in getattr(block, "children", ()) if isinstance(c, LineBox)]
        if not lines:
            continue
        inside = [b for b in walk(lines[0]) if b is not lines[0]]
        if (
            len(lines) > 1
            or abs(block.margin_width() - header.width) > TOLERANCE
            or any(isinstance(b, LineBox) for b in inside)
        ):
            return None
        style = lines[0].style
        align = style["text_align_last"]
        align = style["text_align_all"] if align == "auto" else align
        used = max((b.position_x + b.margin_width() for b in inside), default=0.0) - min(
            (b.position_x for b in inside), default=0.0
        )
        if (
            style["direction"] != "ltr"
            or align not in ALIGNED
            or used > block.width - narrower / PT_PER_PX - TOLERANCE
        ):
            return None
        if any(isinstance(b, TextBox) and b.text.strip() for b in inside):  # as _ink reads
            moved.append(ALIGNED[align] * narrower)
    return tuple(
        dataclasses.replace(ink, left=ink.left - shift, right=ink.right - shift)
        for ink, shift in zip(_ink(header), moved, strict=True)
    )


def _captions_part(article: TypesetArticle, grid: Grid) -> MeasurePart:
    bare = _bare(article)
    no_header = dataclasses.replace(bare, headline=Markup(""), kicker=None, subtitle=None)
    captions = {
        index: [
            _view(
                f"{article.key}@c{index}-{w}",
                1,
                grid.span_width(w),
                no_header,
                photos=(PhotoView(image, span=False),),
            )
            for w in range(1, grid.columns + 1)
        ]
        for index, image in enumerate(article.images)
        if image.caption or image.credit
    }

    def read(parts: Mapping[tuple[str, str], Box]) -> dict[str, Any]:
        return {
            "captions": [
                [_caption_height(parts[view.key, "body"]) for view in captions.get(index, ())]
                for index in range(len(article.images))
            ]
        }

    views = tuple(v for row in captions.values() for v in row)
    return MeasurePart("captions", ("captions",), views, read, ("body",))


def _view(
    key: str,
    columns: int,
    width: float,
    article: TypesetArticle,
    size: float | None = None,
    photos: tuple[PhotoView, ...] = (),
    *,
    body: bool = True,
    header: bool = True,
    body_style: str = "",
) -> ModuleView:
    return ModuleView(
        key=key,
        kind=contents.module_kind(article.key),
        columns=columns,
        article=article,
        photos=photos,
        style=f"width: {width}pt",
        headline_style="" if size is None else f"font-size: {size}pt",
        header_style="" if header else "display: none",
        # one column is a plain block: no multi-column layout (and balancing) to pay for
        body_style=f" column-count: auto;{body_style}" if body else " display: none",
    )


def article_shape(
    manifest: Article, article: TypesetArticle, measure: ArticleMeasure, grid: Grid, levers: Levers
) -> ArticleShape:
    """The compositor's view of an article, from its measure."""
    pitch = grid.line_pitch
    allowed = [h for h in measure.headers if manifest.columns in (None, h.columns)]
    best = max((h.quality for h in allowed), default=0)
    headers: dict[int, list[HeaderFit]] = {}
    for h in allowed:
        if h.quality == best:
            lines = _lines(h.height, pitch)
            fit = HeaderFit(h.size, lines, h.steps, h.height, h.ink)
            headers.setdefault(h.columns, []).append(fit)
    photos = tuple(
        PhotoShape(
            aspect=aspect,
            max_columns=_widest(grid, pixels, levers.photo_min_ppi),
            caption_lines={
                w: _lines(height, pitch) + 1 for w, height in enumerate(captions, start=1)
            }
            or dict.fromkeys(range(1, grid.columns + 1), 1),
            columns=image.columns,
        )
        for image, captions in zip(manifest.images, measure.captions, strict=True)
        for aspect, pixels in [picture_size(image.file)]
    )
    return ArticleShape(
        key=article.key,
        characters=len("".join(article.text.split())),
        body_lines=max(1, _lines(measure.body_height, pitch)),
        keep_lines=_lines(measure.keep_height, pitch),
        block_lines=tuple(lines for lines, _, _ in measure.blocks),
        quote_lines=_lines(measure.quote_height, pitch),
        # and the line of space that a page short of copy may give it (SPACED)
        picture_lines=_lines(measure.picture_height, pitch) + bool(measure.picture_height),
        tighter=tuple(max(0, lines - tight) for lines, tight, _ in measure.blocks),
        looser=tuple(max(0, loose - lines) for lines, _, loose in measure.blocks),
        headers={w: tuple(fits) for w, fits in headers.items()},
        photos=photos,
        columns=manifest.columns,
        column=None if manifest.column is None else manifest.column - 1,
        height=_pinned_lines(manifest.height, grid),
        jumps=manifest.jump is not None,
    )


def _pinned_lines(height: int | Length | None, grid: Grid) -> int | None:
    if height is None or isinstance(height, int):
        return height
    return math.floor(height.points / grid.line_pitch)


def _lines(height: float, pitch: float) -> int:
    return math.ceil(height / pitch - 0.01)


def _quality(header: Box) -> int:
    """2: every phrase on one line within the width, no line of a lone character or
    (in Latin text) of a short lone word; 1: no lone character; 0: neither."""
    lines = [box for box in walk(header) if isinstance(box, LineBox)]
    texts = ["".join(_texts(line)).replace(" ", "").replace("\u3000", "") for line in lines]
    if any((len(t) == 1 and is_cjk(t)) or (t and t[0] in NO_LINE_START) for t in texts):
        return 0
    left = header.content_box_x() - TOLERANCE
    right = header.content_box_x() + header.width + TOLERANCE
    wider = any(
        b.position_x < left or b.position_x + b.width > right
        for b in walk(header)
        if isinstance(b, TextBox)
    )
    headline = next((b for b in walk(header) if b.element_tag == "h1"), None)
    one_phrase = headline is not None and " " not in "".join(_texts(headline)).strip()
    rows = [] if headline is None else [b for b in walk(headline) if isinstance(b, LineBox)]
    wrapped = one_phrase and len(rows) > 1
    # a Latin headline's line of one short word ("up", "plan"), where it has more words
    words = ["".join(_texts(row)).split() for row in rows]
    widowed = not one_phrase and any(
        len(row) == 1 and len(row[0]) <= WIDOW_LETTERS and not any(map(is_cjk, row[0]))
        for row in words
    )
    return 1 if wider or wrapped or widowed else 2


def _ink(header: Box) -> tuple[Ink, ...]:
    """Where each line of the header's text is inked (its glyphs' em boxes): beside and
    between them, white."""
    left, top = header.content_box_x(), header.content_box_y()
    lines = []
    for line in walk(header):
        if not isinstance(line, LineBox):
            continue
        texts = [b for b in walk(line) if isinstance(b, TextBox) and b.text.strip()]
        if not texts:
            continue
        size = max(b.style["font_size"] for b in texts)
        half_leading = max(0.0, (line.height - size) / 2)
        lines.append(
            Ink(
                (line.position_y + half_leading - top) * PT_PER_PX,
                (line.position_y + line.height - half_leading - top) * PT_PER_PX,
                (min(b.position_x for b in texts) - left) * PT_PER_PX,
                (max(b.position_x + b.width for b in texts) - left) * PT_PER_PX,
            )
        )
    return tuple(lines)


def _texts(box: Box) -> Iterator[str]:
    for b in walk(box):
        if isinstance(b, TextBox):
            yield b.text


def _blocks(
    lines: tuple[int, ...],
    tight: tuple[int, ...] | None = None,
    loose: tuple[int, ...] | None = None,
) -> tuple[tuple[int, int, int], ...]:
    """Per block: its lines as set, tighter and looser (as set, when not measured so)."""
    return tuple(zip(lines, tight or lines, loose or lines, strict=True))


def _block_lines(body: Box) -> tuple[int, ...]:
    """Lines of each numbered block of a body, in order."""
    counted: dict[int, int] = {}
    for box in walk(body):
        number = box.element.get("data-block") if box.element is not None else None
        if number is not None and box.element_tag is not None and int(number) not in counted:
            counted[int(number)] = sum(isinstance(b, LineBox) for b in walk(box))
    return tuple(counted[i] for i in sorted(counted))


def _kept_at_end(body: Box) -> float:
    """Height of the unbreakable block that ends the body, if it ends with one."""
    bottom = body.content_box_y() + body.height
    kept = [
        b
        for b in walk(body)
        if b is not body
        and b.style["break_inside"] == "avoid"
        and b.element_tag not in ("figure", "img")
        and abs(b.position_y + b.margin_height() - bottom) < 1
    ]
    return max((b.margin_height() for b in kept), default=0.0)


def _quote_height(body: Box) -> float:
    quote = next(
        (
            b
            for b in walk(body)
            if b.element_tag == "blockquote" and "pullquote" in (b.element.get("class") or "")
        ),
        None,
    )
    return 0.0 if quote is None else quote.margin_height() * PT_PER_PX


def _picture_height(body: Box) -> float:
    heights = [
        b.margin_height()
        for b in walk(body)
        if b.element_tag == "img" and "in-body" in (b.element.get("class") or "")
    ]
    return max(heights, default=0.0) * PT_PER_PX


def _caption_height(body: Box) -> float:
    caption = next((b for b in walk(body) if b.element_tag == "figcaption"), None)
    return 0.0 if caption is None else caption.margin_height() * PT_PER_PX


def _widest(grid: Grid, pixels: tuple[int, int] | None, ppi: float) -> int:
    """The most columns a photo spans and still prints at ``ppi``."""
    if pixels is None:
        return grid.columns
    inches = pixels[0] / ppi
    fitting = [w for w in range(1, grid.columns + 1) if grid.span_width(w) / 72 <= inches]
    return max(fitting, default=1)
