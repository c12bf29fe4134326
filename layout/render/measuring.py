"""A page's articles measured: the parts no earlier build measured, together.

Each article is measured in three parts (:mod:`layout.render.measure`): its
body, its headline block and its captions. A part's measure depends on the
HTML of a document holding that part alone and the files it reads and nothing
else, so it is kept from one build to the next by that HTML
(``PageContext.measures``). What a page still needs is laid out together, each
part on a page of its own, which makes every measure the same as alone; a part
that needs only some of its views when it has seen the first (headline blocks
at narrower widths) has the rest laid out in a second document. The documents
also show whether the template set marks what the engine reads.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Sequence
from typing import Any

from layout.manifest import ManifestError, Page, Problem
from layout.render.context import PageContext
from layout.render.document import page_document, page_html
from layout.render.fetcher import read_regular, recorded_reads
from layout.render.layout_tree import Parts, page_box, part_boxes, walk
from layout.render.measure import (
    Alike,
    ArticleMeasure,
    MeasurePart,
    header_probe,
    json_fields,
    measure_parts,
)
from layout.render.template_set import WORD, TemplateSet, TemplateSetError
from layout.render.views import ModuleView
from layout.typeset.article import TypesetArticle

MEASURE_HEIGHT = 30000.0  # pt: room for a part of an article's measure, stacked


def measure_articles(
    context: PageContext, page: Page, articles: Sequence[TypesetArticle]
) -> dict[str, ArticleMeasure]:
    """The articles' measures: the parts no earlier build measured laid out together,
    each read back and kept by the HTML of its part alone."""
    store = context.measures
    levers = context.template_set.levers
    fields: dict[str, dict[str, Any]] = {article.key: {} for article in articles}
    todo: list[tuple[str, MeasurePart, str]] = []
    words = functools.cache(context.template_set.selector_words)  # read if ever asked
    for article in articles:
        alike = _alike_widths(context.template_set, article, words)
        for part in measure_parts(article, context.grid, levers, context.issue.root, alike):
            if not part.views:
                fields[article.key] |= json_fields(part.read({}), part.fields)
                continue
            html = page_html(context, page, part.views, "measure", MEASURE_HEIGHT)
            known = None if store is None else store.get(html)
            try:
                fields[article.key] |= json_fields(known or {}, part.fields)
            except ValueError:  # not measured, or an entry of another shape
                todo.append((article.key, part, html))
    if todo:
        laid_out = [(part, part.views if part.first is None else part.first) for _, part, _ in todo]
        with recorded_reads() as reads:
            parts = _laid_out(context, page, [views for _, views in laid_out])
            rest = [(part, part.rest(parts)) for part, _ in laid_out if part.first is not None]
            if any(views for _, views in rest):
                parts |= _laid_out(context, page, [views for _, views in rest if views])
        if problems := contract_problems(context.template_set, [*laid_out, *rest], parts):
            raise ManifestError(problems)
        for key, part, alone in todo:
            measured = part.read(parts)
            fields[key] |= json_fields(measured, part.fields)
            if store is not None:
                store.put(alone, measured, reads)
    return {key: ArticleMeasure(**found) for key, found in fields.items()}


def _alike_widths(
    template_set: TemplateSet, article: TypesetArticle, words: Callable[[], frozenset[str]]
) -> Alike:
    """Whether the set styles the article's header alike at two widths: its module's
    HTML the same at both but for inline styles and names no selector matches on.
    Each width's HTML is made when first asked (a cached measure never asks)."""

    @functools.cache
    def shown(width: int) -> tuple[str, set[str]] | None:
        try:
            html = template_set.render("article.html", module=header_probe(article, width))
        except TemplateSetError:  # it needs more than its module: never alike
            return None
        html = STYLE.sub("", html)
        return TAG.sub("", html), set(WORD.findall(html))

    def alike(a: int, b: int) -> bool:
        one, other = shown(a), shown(b)
        if one is None or other is None:
            return a == b
        return one[0] == other[0] and not (one[1] ^ other[1]) & words()

    return alike


STYLE = re.compile(r"""\sstyle=("[^"]*"|'[^']*')""")
TAG = re.compile(r"<[^>]*>")


def _laid_out(context: PageContext, page: Page, groups: Sequence[Sequence[ModuleView]]) -> Parts:
    """The boxes of the views, laid out in one document, each group on a page of its
    own: laid out exactly as in a document alone."""
    views = [
        dataclasses.replace(view, style=f"{view.style}; break-before: page")
        if index and view is group[0]
        else view
        for index, group in enumerate(groups)
        for view in group
    ]
    document = page_document(context, page_html(context, page, views, "measure", MEASURE_HEIGHT))
    parts: Parts = {}
    for document_page in reversed(document.pages):  # the first box of a part wins
        parts |= part_boxes(page_box(document_page))
    return parts


CONTRACT = {
    "module": 'element with data-part="module" and the module\'s data-key on each article',
    "header": 'element with data-part="header" and the data-key: the headline block',
    "body": 'element with data-part="body" and the data-key: the body\'s columns',
    "h1": "<h1> in the headline block for the headline (主题): its breaks are measured there",
}


def contract_problems(
    template_set: TemplateSet,
    measured: Sequence[tuple[MeasurePart, Sequence[ModuleView]]],
    parts: Parts,
) -> list[Problem]:
    """What the engine needs of a set's article HTML and did not find in the measure's
    document (the parts, with their views laid out), every such thing at once."""
    missing: dict[str, None] = {}
    for part, views in measured:
        for view in views:
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
