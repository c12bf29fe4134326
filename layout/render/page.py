"""Lay out one newspaper page: measure its articles, compose the page, render it.

The page's articles are measured (:mod:`layout.render.measuring`), the
compositor (``layout.compose``) arranges them on the grid, and the final pass
renders every module in the rectangle it was given
(:mod:`layout.render.document`); whatever does not fit is found in that layout
tree (see ``layout.check.overset``). A body that needs a line more than its
measure said (column balancing around a photo or a byline) is given it and the
page composed again. An article that jumps is cut where its module ends.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass

from weasyprint import Document

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
from layout.manifest import ManifestError, Page, Problem, Section
from layout.render.context import PageContext
from layout.render.document import MASTHEAD, as_set, module_view, page_document, page_html
from layout.render.layout_tree import page_box
from layout.render.measure import article_shape
from layout.render.measuring import measure_articles
from layout.render.paragraph import install as install_typesetting
from layout.typeset import contents
from layout.typeset.article import TypesetArticle, first_part

SECTION_LINES = 3  # banner: two lines of title, one of space below
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
    shapes = page_shapes(context, page)
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


def page_shapes(context: PageContext, page: Page) -> dict[str, ArticleShape]:
    """The compositor's view of each article on the page, from its measure."""
    install_typesetting()
    set_here = [as_set(context, page, context.articles[a.key]) for a in page.articles()]
    measures = measure_articles(context, page, set_here)
    return {
        article.key: article_shape(
            article,
            context.articles[article.key],
            measures[article.key],
            context.grid,
            context.template_set.levers,
        )
        for article in page.articles()
    }


def _laid_out(
    context: PageContext, page: Page, composition: Composition, foot: int
) -> tuple[Document, list[Overset]]:
    """The page as composed, and the text its modules could not hold."""
    views = [module_view(context, page, module, foot) for module in composition.modules]
    html = page_html(
        context, page, [v for v in views if v is not None], "final", context.grid.page_height
    )
    document = page_document(context, html, cmyk_profile=context.cmyk_pictures)
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
