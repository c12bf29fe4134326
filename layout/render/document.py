"""A page's HTML and its WeasyPrint document.

The compositor's modules become views for the templates (each module's
rectangle on the grid as CSS), the set's ``page.html`` renders them, and
WeasyPrint lays the result out, fetching only the issue's, the set's and the
fonts' files.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup
from weasyprint import HTML, Document

from layout.compose import ModuleLayout
from layout.manifest import Page, Section
from layout.render.context import PageContext
from layout.render.fetcher import FolderFetcher
from layout.render.fonts import font_configuration
from layout.render.pictures import body_pictures_on_grid
from layout.render.template_set import FONTS_ROOT
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
from layout.typeset.article import TypesetArticle
from layout.typeset.calendar import date_line

MASTHEAD = "masthead"  # the key of page 1's masthead module


def as_set(context: PageContext, page: Page, article: TypesetArticle) -> TypesetArticle:
    """The article as this page sets it: page 1's lead story opens with a drop cap
    where the template set has one (``drop_cap_lines``)."""
    lead = page.number == 1 and article.key == next((a.key for a in page.articles()), None)
    if not lead or article.jump_from is not None:
        return article
    return drop_capped(article, context.template_set.settings.drop_cap_lines)


def module_view(
    context: PageContext, page: Page, module: ModuleLayout, foot: int
) -> ModuleView | None:
    """A placed module as its template sees it: its rectangle on the grid as CSS, its
    header and body heights, its photos; None for the masthead (the page draws it)."""
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
    article = as_set(context, page, context.articles[placement.key])
    # numbered as in the measure: a jumped article is cut where a numbered block ends
    article = body_pictures_on_grid(article, grid, context.issue.root)
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


def page_html(
    context: PageContext,
    page: Page,
    modules: Sequence[ModuleView],
    mode: str,
    page_height: float,
) -> str:
    """The page template rendered for these modules, in ``mode`` (measure or final)."""
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


def page_document(
    context: PageContext, html: str, *, cmyk_profile: bytes | None = None
) -> Document:
    """The page laid out by WeasyPrint, reading only the issue's, the set's and fonts/ files."""
    root = context.issue.root
    folders = [root, *context.template_set.folders, FONTS_ROOT]
    fetcher = FolderFetcher(folders, cmyk_profile=cmyk_profile)
    document = HTML(string=html, base_url=root.as_uri() + "/", url_fetcher=fetcher)
    return document.render(font_config=font_configuration(context.roles, context.installed_fonts))
