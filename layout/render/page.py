"""Lay out one newspaper page: measure its modules, place them, render.

Two WeasyPrint passes. The first sets every module at its width with
natural height, which gives how many grid lines its headline and body
need. The placement then puts the modules on the grid, and the second
pass renders them there, in rectangles of fixed size; whatever does not
fit is found in that layout tree (see ``layout.check.overset``).

Each module is measured in a document of its own: its measure then
depends on that document's HTML and the files it reads, and nothing else
(not even floating-point noise from where other modules sat), so it can
be kept from one build to the next (``PageContext.measures``).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Protocol

from markupsafe import Markup
from weasyprint import HTML, Document

from layout.check.overset import Overset, find_overset
from layout.manifest import Article, Issue, Page, Section
from layout.render.fetcher import FolderFetcher, Reads, recorded_reads
from layout.render.fonts import RoleMap, font_configuration
from layout.render.geometry import Grid, parse_length
from layout.render.headline_fit import fitting_size
from layout.render.layout_tree import PT_PER_PX, part_boxes
from layout.render.placement import Block, Placement, place
from layout.render.press import DEFAULT_PRESS, Press
from layout.render.template_set import FONTS_ROOT, TemplateSet
from layout.typeset.article import TypesetArticle
from layout.typeset.calendar import date_line
from layout.typeset.justify import install as install_justification

MASTHEAD = "masthead"
SECTION_LINES = 3  # banner: two lines of title, one of space below
HEADLINE_AIR = 3  # most lines of extra space a headline takes from a roomy module
MEASURE_HEIGHT = 14000.0  # pt: room for every module of a page, stacked


@dataclass(frozen=True)
class ModuleView:
    """What a module template receives."""

    key: str
    kind: str  # "article" or "section"
    columns: int
    title: str = ""
    article: TypesetArticle | None = None
    style: str = ""
    header_style: str = ""
    headline_style: str = ""
    body_style: str = ""
    at_foot: bool = False


@dataclass(frozen=True)
class RenderedPage:
    number: int
    document: Document
    placements: tuple[Placement, ...]
    overset: tuple[Overset, ...]


class MeasureStore(Protocol):
    """Measures of modules from earlier builds, by the HTML each was measured in."""

    def get(self, html: str) -> Measure | None: ...

    def put(self, html: str, measure: Measure, reads: Reads) -> None: ...


@dataclass(frozen=True)
class PageContext:
    """Everything the pages of one issue share."""

    issue: Issue
    grid: Grid
    template_set: TemplateSet
    roles: RoleMap
    articles: dict[str, TypesetArticle]
    press: Press = DEFAULT_PRESS
    measures: MeasureStore | None = None


@dataclass(frozen=True)
class Measure:
    header_height: float  # pt
    header_lines: int
    body_lines: int
    headline_size: float | None  # pt, when the template's size was too big

    @property
    def lines(self) -> int:
        """Natural height: headline, body and the line of space below."""
        return self.header_lines + self.body_lines + 1


def render_page(context: PageContext, page: Page) -> RenderedPage:
    install_justification()
    grid = context.grid
    blocks = _blocks(context, page)
    measures = _measure(context, page, blocks)
    sized = [
        dataclasses.replace(b, lines=measures[b.key].lines) if b.key in measures else b
        for b in blocks
    ]
    placements = place(sized, grid.columns, grid.lines)
    views = [
        _positioned(context, page, block, placement, measures.get(block.key))
        for block, placement in zip(sized, placements, strict=True)
        if block.key != MASTHEAD and placement.lines
    ]
    html = _html(context, page, views, "final", grid.page_height, placements)
    document = _document(context, html)
    headlines = {key: a.headline_plain for key, a in context.articles.items()}
    overset = [
        Overset(page.number, p.key, headlines[p.key], _characters(context.articles[p.key]), 0)
        for p in placements
        if not p.lines and p.key in headlines
    ]
    overset += find_overset(document.pages[0]._page_box, page.number, headlines)
    for extra in document.pages[1:]:
        overset += find_overset(extra._page_box, page.number, headlines, spilled=True)
    return RenderedPage(page.number, document, tuple(placements), tuple(overset))


def _characters(article: TypesetArticle) -> int:
    return len("".join(article.text.split()))


def _blocks(context: PageContext, page: Page) -> list[Block]:
    """The page's modules in reading order, each section before its articles."""
    columns = context.grid.columns
    blocks = []
    if page.number == 1:
        lines = context.template_set.settings.masthead_lines
        blocks.append(Block(MASTHEAD, columns, lines, 0, lines, grows=False))
    for item in page.items:
        if isinstance(item, Section):
            width = min(item.columns or columns, columns)
            start = None if item.column is None else item.column - 1
            blocks.append(Block(item.key, width, SECTION_LINES, start, SECTION_LINES, grows=False))
            blocks.extend(_article_block(context, a, width, item.key) for a in item.items)
        else:
            blocks.append(_article_block(context, item, columns, None))
    return blocks


def _article_block(
    context: PageContext, article: Article, columns: int, within: str | None
) -> Block:
    height = article.height
    if isinstance(height, str):
        height = math.floor(parse_length(height) / context.grid.line_pitch)
    return Block(
        key=article.key,
        columns=min(article.columns or columns, columns),
        lines=0,
        column=None if article.column is None else article.column - 1,
        fixed_lines=height,
        within=within,
    )


def _measure(context: PageContext, page: Page, blocks: list[Block]) -> dict[str, Measure]:
    """Natural header and body height of every article, in grid lines."""
    grid = context.grid
    return {
        b.key: _measure_module(
            context,
            page,
            ModuleView(
                key=b.key,
                kind="article",
                columns=b.columns,
                article=context.articles[b.key],
                style=f"width: {grid.span_width(b.columns)}pt",
            ),
        )
        for b in blocks
        if b.key in context.articles
    }


def _measure_module(context: PageContext, page: Page, view: ModuleView) -> Measure:
    """One article alone; a headline whose phrase does not fit gets a smaller 字号, once."""
    html = _html(context, page, [view], "measure", MEASURE_HEIGHT, [])
    store = context.measures
    if store is not None and (known := store.get(html)) is not None:
        return known
    with recorded_reads() as reads:
        parts = part_boxes(_document(context, html).pages[0]._page_box)
        size = fitting_size(parts[view.key, "header"])
        if size is not None:
            smaller = dataclasses.replace(view, headline_style=_headline_style(size))
            again = _html(context, page, [smaller], "measure", MEASURE_HEIGHT, [])
            parts = part_boxes(_document(context, again).pages[0]._page_box)
            size = fitting_size(parts[view.key, "header"]) or size
    pitch = context.grid.line_pitch / PT_PER_PX
    header = parts[view.key, "header"]
    body = parts[view.key, "body"]
    measure = Measure(
        header_height=header.margin_height() * PT_PER_PX,
        header_lines=math.ceil(header.margin_height() / pitch - 0.01),
        body_lines=max(1, math.ceil(body.margin_height() / pitch - 0.01)),
        headline_size=size,
    )
    if store is not None:
        store.put(html, measure, reads)
    return measure


def _headline_style(size: float | None) -> str:
    return "" if size is None else f"font-size: {size}pt"


def _positioned(
    context: PageContext,
    page: Page,
    block: Block,
    placement: Placement,
    measure: Measure | None,
) -> ModuleView:
    grid = context.grid
    pitch = grid.line_pitch
    at_foot = placement.bottom >= grid.lines
    # The last line of a module is the space (and rule) between it and the next one.
    height = placement.lines * pitch - (0 if at_foot else pitch / 2)
    # Every module is laid out at the top of the type area and moved into place
    # (position: relative), taking no room in the flow (negative margin): an
    # absolutely positioned box would lose a multi-column body that overflows.
    style = (
        f"left: {grid.x(placement.column)}pt; top: {placement.top * pitch}pt; "
        f"width: {grid.span_width(placement.columns)}pt; height: {height}pt; "
        f"margin-bottom: -{height}pt"
    )
    if measure is None:
        title = next(item.title for item in page.items if item.key == block.key)
        return ModuleView(block.key, "section", placement.columns, title=title, style=style)
    # Room beyond the natural height goes around the headline (centred in it);
    # less room than that shortens the body, and overset shows what is lost.
    # The body keeps at least one line even when the headline must give way:
    # WeasyPrint moves the rest of the page away from a body of no height.
    room = max(1, placement.lines - (0 if at_foot else 1))
    body_lines = max(1, min(measure.body_lines, room - measure.header_lines))
    header_lines = max(0, min(room - body_lines, measure.header_lines + HEADLINE_AIR))
    body_lines = room - header_lines
    header_height = header_lines * pitch
    header_padding = max(0.0, (header_height - measure.header_height) / 2)
    return ModuleView(
        key=block.key,
        kind="article",
        columns=placement.columns,
        article=context.articles[block.key],
        style=style,
        header_style=(
            f"height: {header_height}pt; padding-top: {header_padding}pt; "
            "box-sizing: border-box; overflow: hidden"
        ),
        headline_style=_headline_style(measure.headline_size),
        body_style=f" height: {body_lines * pitch}pt; overflow: hidden",
        at_foot=at_foot,
    )


def _html(
    context: PageContext,
    page: Page,
    modules: list[ModuleView],
    mode: str,
    page_height: float,
    placements: list[Placement],
) -> str:
    issue = context.issue
    template_set = context.template_set
    return template_set.render(
        "page.html",
        issue=issue,
        page=page,
        page_count=len(issue.pages),
        grid=context.grid,
        modules=modules,
        mode=mode,
        page_height=page_height,
        fonts_css=Markup(context.roles.css()),  # generated CSS, not text
        stylesheet_url=template_set.find("style.css").as_uri(),
        date_line=date_line(issue.date),
        date_short=f"{issue.date.year}年{issue.date.month}月{issue.date.day}日",
        masthead_height=context.template_set.settings.masthead_lines * context.grid.line_pitch,
        press=context.press,
    )


def _document(context: PageContext, html: str) -> Document:
    root = context.issue.root
    fetcher = FolderFetcher([root, *context.template_set.folders, FONTS_ROOT])
    document = HTML(string=html, base_url=root.as_uri() + "/", url_fetcher=fetcher)
    return document.render(font_config=font_configuration(context.roles))
