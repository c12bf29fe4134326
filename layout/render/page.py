"""Lay out one newspaper page: measure its articles, compose the page, render it.

Each article is measured once, in three parts (``layout.render.measure``):
its body, its headline block and its captions. A part's measure depends on
the HTML of a document holding that part alone and the files it reads and
nothing else, so it can be kept from one build to the next
(``PageContext.measures``); what the page's articles need measured is laid
out together, in one document. The compositor
(``layout.compose``) arranges the measured articles on the grid; the final
pass renders every module in the rectangle it was given, and whatever
does not fit is found in that layout tree (see ``layout.check.overset``).
A body that needs a line more than its measure said (column balancing
around a photo or a byline) is given it and the page composed again.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from markupsafe import Markup
from weasyprint import HTML, Document

from layout.check.overset import Overset, find_overset, kept_characters
from layout.compose import (
    ArticleShape,
    Composition,
    CompositionError,
    Frame,
    Item,
    ModuleLayout,
    Placement,
    SectionShape,
    compose,
)
from layout.manifest import Issue, ManifestError, Page, Problem, Section
from layout.render.fetcher import FolderFetcher, Reads, read_regular, recorded_reads
from layout.render.fonts import FontFiles, RoleMap, font_configuration
from layout.render.geometry import Grid
from layout.render.layout_tree import Parts, page_box, part_boxes, walk
from layout.render.measure import (
    ArticleMeasure,
    MeasurePart,
    article_shape,
    json_fields,
    measure_parts,
)
from layout.render.paragraph import install as install_typesetting
from layout.render.press import DEFAULT_PRESS, Press
from layout.render.template_set import FONTS_ROOT, TemplateSet, TemplateSetError
from layout.render.views import (
    IssueView,
    ModuleView,
    PageView,
    PhotoView,
    drop_capped,
    numbered_blocks,
    tracked_blocks,
)
from layout.typeset import contents
from layout.typeset.article import TypesetArticle, first_part
from layout.typeset.calendar import date_line

MASTHEAD = "masthead"
SECTION_LINES = 3  # banner: two lines of title, one of space below
MEASURE_HEIGHT = 30000.0  # pt: room for a part of an article's measure, stacked
RETRIES = 2  # compositions tried again with the lines a body was found to lack
# What page 1 loses without its index, in the compositor's costs: about as much as
# four cells of the page left blank. A page full without it goes without.
CONTENTS_LEFT_OUT = 200.0


@dataclass(frozen=True)
class Jump:
    """An article cut on one page (转版) to continue on another."""

    key: str
    from_page: int
    to_page: int
    at: int  # characters of its body (white space not counted) set on from_page


@dataclass(frozen=True)
class RenderedPage:
    number: int
    document: Document
    composition: Composition  # the masthead, when there is one, first
    overset: tuple[Overset, ...]
    compose_seconds: float = 0.0  # the compositor's search, every attempt
    jumps: tuple[Jump, ...] = ()  # the articles this page cuts to continue elsewhere
    articles: dict[str, TypesetArticle] = dataclasses.field(default_factory=dict)  # as set here

    @property
    def placements(self) -> tuple[Placement, ...]:
        return self.composition.placements


class MeasureStore(Protocol):
    """Measured parts of articles from earlier builds (their fields, as JSON), by the
    HTML of a document holding that part alone."""

    def get(self, html: str) -> dict[str, Any] | None: ...

    def put(self, html: str, fields: dict[str, Any], reads: Reads) -> None: ...


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
    cmyk_pictures: bytes | None = None  # the profile RGB pictures are separated with (PDF/X-1a)
    # the machine's font files when the issue was read: listed once, not for every document
    installed_fonts: FontFiles = ()


def render_page(context: PageContext, page: Page) -> RenderedPage:
    install_typesetting()
    grid = context.grid
    top = context.template_set.settings.masthead_lines if page.number == 1 else 0
    frame = Frame(
        columns=grid.columns,
        lines=grid.lines - top + 1,  # the space below the lowest modules falls off the page
        column_width=grid.column_width,
        gutter=grid.gutter,
        pitch=grid.line_pitch,
        column_chars=grid.column_chars,
    )
    as_set = [_as_set(context, page, context.articles[a.key]) for a in page.articles()]
    measures = measure_articles(context, page, as_set)
    shapes = {
        article.key: article_shape(
            article,
            context.articles[article.key],
            measures[article.key],
            grid,
            context.template_set.levers,
        )
        for article in page.articles()
    }
    lacking: dict[str, int] = {}
    searching = 0.0
    for attempt in range(RETRIES + 1):
        start = time.perf_counter()
        composition = _compose(context, page, shapes, lacking, frame, top)
        searching += time.perf_counter() - start
        document, overset = _laid_out(context, page, composition, top + frame.lines)
        expected = {m.key for m in composition.modules if m.overset or m.continued}
        surprises = [o for o in overset if o.key not in expected]
        if not surprises or attempt == RETRIES:
            break
        for o in surprises:
            lacking[o.key] = lacking.get(o.key, 0) + max(1, o.lines)
    context, document, overset, jumps = _cut_jumps(
        context, page, composition, top + frame.lines, document, overset
    )
    placed = {m.key for m in composition.modules}
    articles = {
        a.key: context.articles[a.key]
        for a in page.articles()
        if a.key != contents.KEY or a.key in placed
    }
    return RenderedPage(
        page.number, document, composition, tuple(overset), searching, jumps, articles
    )


def _laid_out(
    context: PageContext, page: Page, composition: Composition, foot: int
) -> tuple[Document, list[Overset]]:
    """The page as composed, and the text its modules could not hold."""
    views = [_view(context, page, module, foot) for module in composition.modules]
    html = _html(
        context, page, [v for v in views if v is not None], "final", context.grid.page_height
    )
    document = _document(context, html, cmyk_profile=context.cmyk_pictures)
    headlines = {key: a.headline_plain for key, a in context.articles.items()}
    overset = find_overset(page_box(document.pages[0]), page.number, headlines)
    for extra in document.pages[1:]:
        overset += find_overset(page_box(extra), page.number, headlines, spilled=True)
    return document, overset


def _cut_jumps(
    context: PageContext,
    page: Page,
    composition: Composition,
    foot: int,
    document: Document,
    overset: list[Overset],
) -> tuple[PageContext, Document, list[Overset], tuple[Jump, ...]]:
    """Articles that continue on another page cut where their module ends: the text
    on the last line makes way for （下转第N版）, and the rest is the other page's."""
    targets = {a.key: a.jump for a in page.articles() if a.jump is not None}
    cut = {m.key for m in composition.modules if m.continued and m.key in targets}
    cut |= {o.key for o in overset if o.key in targets}  # longer than the compositor thought
    if not cut:
        return context, document, overset, ()
    whole = context.articles
    kept: dict[str, int] = {}
    for _ in range(RETRIES + 1):
        again = False
        for key in sorted(cut):
            at = kept_characters(page_box(document.pages[0]), key)
            if at is not None:
                kept[key] = at
                again = True
        if not again:
            break
        parts = {key: first_part(whole[key], at, targets[key]) for key, at in kept.items()}
        context = dataclasses.replace(context, articles={**whole, **parts})
        document, overset = _laid_out(context, page, composition, foot)
    jumps = tuple(Jump(key, page.number, targets[key], at) for key, at in sorted(kept.items()))
    return context, document, overset, jumps


def _compose(
    context: PageContext,
    page: Page,
    shapes: dict[str, ArticleShape],
    lacking: dict[str, int],
    frame: Frame,
    top: int,
) -> Composition:
    """The page's composition, moved below the masthead, which comes first."""

    def shape(key: str) -> ArticleShape:
        found = shapes[key]
        return dataclasses.replace(found, body_lines=found.body_lines + lacking.get(key, 0))

    items: list[Item] = [
        SectionShape(
            item.key,
            SECTION_LINES,
            tuple(shape(a.key) for a in item.items),
            item.columns,
            None if item.column is None else item.column - 1,
        )
        if isinstance(item, Section)
        else shape(item.key)
        for item in page.items
    ]
    levers = context.template_set.levers
    try:
        composition = compose(items, frame, levers)
        if items and items[-1].key == contents.KEY:  # the index goes where it fits well
            without = compose(items[:-1], frame, levers)
            if without.cost + CONTENTS_LEFT_OUT < composition.cost:
                composition = without
    except CompositionError as error:
        raise ManifestError(_pin_problems(page, error)) from None
    modules = [
        dataclasses.replace(
            m, placement=dataclasses.replace(m.placement, top=m.placement.top + top)
        )
        for m in composition.modules
    ]
    if top:
        modules.insert(0, ModuleLayout(Placement(MASTHEAD, 0, frame.columns, 0, top)))
    return Composition(tuple(modules), composition.cost)


def _pin_problems(page: Page, error: CompositionError) -> list[Problem]:
    modules = {m.key: m for item in page.items for m in (item, *getattr(item, "items", ()))}
    return [
        Problem(
            modules[key].location.file,
            modules[key].location.line,
            modules[key].location.column,
            key,
            f"page {page.number}: {error}",
        )
        for key in error.keys
        if key in modules
    ]


def measure_articles(
    context: PageContext, page: Page, articles: Sequence[TypesetArticle]
) -> dict[str, ArticleMeasure]:
    """The articles' measures: the parts no earlier build measured laid out together,
    in one document, each read back and kept by the HTML of its part alone."""
    store = context.measures
    levers = context.template_set.levers
    fields: dict[str, dict[str, Any]] = {article.key: {} for article in articles}
    todo: list[tuple[str, MeasurePart, str]] = []
    for article in articles:
        for part in measure_parts(article, context.grid, levers):
            if not part.views:
                fields[article.key] |= json_fields(part.read({}), part.fields)
                continue
            html = _html(context, page, part.views, "measure", MEASURE_HEIGHT)
            known = None if store is None else store.get(html)
            try:
                fields[article.key] |= json_fields(known or {}, part.fields)
            except ValueError:  # not measured, or an entry of another shape
                todo.append((article.key, part, html))
    if todo:
        # Each part on a page of its own, laid out exactly as in a document alone.
        views = [
            dataclasses.replace(view, style=f"{view.style}; break-before: page")
            if index and view is part.views[0]
            else view
            for index, (_, part, _) in enumerate(todo)
            for view in part.views
        ]
        html = _html(context, page, views, "measure", MEASURE_HEIGHT)
        with recorded_reads() as reads:
            document = _document(context, html)
        parts: Parts = {}
        for document_page in reversed(document.pages):  # the first box of a part wins
            parts |= part_boxes(page_box(document_page))
        if problems := contract_problems(context.template_set, [p for _, p, _ in todo], parts):
            raise ManifestError(problems)
        for key, part, alone in todo:
            measured = part.read(parts)
            fields[key] |= json_fields(measured, part.fields)
            if store is not None:
                store.put(alone, measured, reads)
    return {key: ArticleMeasure(**found) for key, found in fields.items()}


CONTRACT = {
    "module": 'element with data-part="module" and the module\'s data-key on each article',
    "header": 'element with data-part="header" and the data-key: the headline block',
    "body": 'element with data-part="body" and the data-key: the body\'s columns',
    "h1": "<h1> in the headline block for the headline (主题): its breaks are measured there",
}


def contract_problems(
    template_set: TemplateSet, measured: Sequence[MeasurePart], parts: Parts
) -> list[Problem]:
    """What the engine needs of a set's article HTML and did not find in the measure's
    document, every such thing at once."""
    missing: dict[str, None] = {}
    for part in measured:
        for view in part.views:
            for need in part.needs:
                if need == "h1":
                    header = parts.get((view.key, "header"))
                    found = header is None or any(b.element_tag == "h1" for b in walk(header))
                else:
                    found = (view.key, need) in parts
                if not found:
                    missing[need] = None
    return [_contract_problem(template_set, name) for name in missing]


def _contract_problem(template_set: TemplateSet, name: str) -> Problem:
    """At the line of the set's article template that should have it (else its first)."""
    try:
        file = template_set.find("article.html")
    except TemplateSetError:
        file = template_set.find("page.html")
    lines = read_regular(file).decode("utf-8", errors="replace").splitlines()
    marker = 'data-part="header"' if name == "h1" else f'data-part="{name}"'
    line = next((n for n, text in enumerate(lines, 1) if marker in text), 1)
    message = f"the template set has no {CONTRACT[name]} (see docs/templates.md)"
    return Problem(file, line, 1, "", message)


def _as_set(context: PageContext, page: Page, article: TypesetArticle) -> TypesetArticle:
    """The article as this page sets it: page 1's lead story opens with a drop cap
    where the template set has one (``drop_cap_lines``)."""
    lead = page.number == 1 and article.key == next((a.key for a in page.articles()), None)
    if not lead or article.jump_from is not None:
        return article
    return drop_capped(article, context.template_set.settings.drop_cap_lines)


def _view(context: PageContext, page: Page, module: ModuleLayout, foot: int) -> ModuleView | None:
    placement = module.placement
    if placement.key == MASTHEAD:
        return None
    grid = context.grid
    pitch = grid.line_pitch
    at_foot = placement.bottom >= foot
    # The last line of a module is the space (and rule) between it and the next one;
    # at the foot of the page it falls below the type area.
    height = (placement.lines - 1) * pitch + (0 if at_foot else pitch / 2)
    # Every module is laid out at the top of the type area and moved into place
    # (position: relative), taking no room in the flow (negative margin): an
    # absolutely positioned box would lose a multi-column body that overflows.
    style = (
        f"left: {grid.x(placement.column)}pt; top: {placement.top * pitch}pt; "
        f"width: {grid.span_width(placement.columns)}pt; height: {height}pt; "
        f"margin-bottom: -{height}pt"
    )
    if module.header is None:
        title = next(
            i.title for i in page.items if isinstance(i, Section) and i.key == placement.key
        )
        return ModuleView(placement.key, "section", placement.columns, title=title, style=style)
    levers = context.template_set.levers
    article = _as_set(context, page, context.articles[placement.key])
    # numbered as in the measure: a jumped article is cut where a numbered block ends
    article = numbered_blocks(tracked_blocks(article, module.tracking, levers, pitch))
    header_height = (module.header.lines + module.air) * pitch
    padding = module.header_top
    if padding is None:
        padding = max(0.0, (header_height - module.header.height) / 2)
    return ModuleView(
        key=placement.key,
        kind=contents.module_kind(placement.key),
        columns=placement.columns,
        article=article,
        photos=_photos(article, module, pitch),
        style=style,
        header_style=(
            f"height: {header_height}pt; padding-top: {padding}pt; "
            "box-sizing: border-box; overflow: hidden"
        ),
        headline_style=f"font-size: {module.header.size}pt",
        # Filled column by column: at the height the compositor computed, exactly
        # as many lines go into each column as it counted (balancing may differ).
        body_style=f" height: {module.body_lines * pitch}pt; overflow: hidden; column-fill: auto",
        at_foot=at_foot,
    )


def _photos(article: TypesetArticle, module: ModuleLayout, pitch: float) -> tuple[PhotoView, ...]:
    return tuple(
        PhotoView(
            image,
            photo.span,
            style=f"height: {photo.lines * pitch}pt; margin: 0",
            image_style=f"height: {photo.image_lines * pitch}pt; object-fit: cover",
        )
        for image, photo in zip(article.images, module.photos, strict=True)
    )


def _html(
    context: PageContext,
    page: Page,
    modules: Sequence[ModuleView],
    mode: str,
    page_height: float,
) -> str:
    issue = context.issue
    template_set = context.template_set
    return template_set.render(
        "page.html",
        issue=IssueView.of(issue),
        page=PageView.of(page),
        page_count=issue.page_count,
        grid=context.grid,
        modules=modules,
        mode=mode,
        page_height=page_height,
        fonts_css=Markup(context.roles.css()),  # generated CSS, not text
        stylesheet_urls=[sheet.as_uri() for sheet in template_set.stylesheets],
        date_line=date_line(issue.date),
        date_short=f"{issue.date.year}年{issue.date.month}月{issue.date.day}日",
        masthead_height=context.template_set.settings.masthead_lines * context.grid.line_pitch,
        press=context.press,
    )


def _document(context: PageContext, html: str, *, cmyk_profile: bytes | None = None) -> Document:
    root = context.issue.root
    folders = [root, *context.template_set.folders, FONTS_ROOT]
    fetcher = FolderFetcher(folders, cmyk_profile=cmyk_profile)
    document = HTML(string=html, base_url=root.as_uri() + "/", url_fetcher=fetcher)
    return document.render(font_config=font_configuration(context.roles, context.installed_fonts))
