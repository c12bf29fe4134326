"""A page's articles measured: the parts no earlier build measured, in one document.

Each article is measured in three parts (:mod:`layout.render.measure`): its
body, its headline block and its captions. A part's measure depends on the
HTML of a document holding that part alone and the files it reads and nothing
else, so it is kept from one build to the next by that HTML
(``PageContext.measures``). What a page still needs is laid out together, each
part on a page of its own, which makes every measure the same as alone. The
document also shows whether the template set marks what the engine reads.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from layout.manifest import ManifestError, Page, Problem
from layout.render.context import PageContext
from layout.render.document import page_document, page_html
from layout.render.fetcher import read_regular, recorded_reads
from layout.render.layout_tree import Parts, page_box, part_boxes, walk
from layout.render.measure import ArticleMeasure, MeasurePart, json_fields, measure_parts
from layout.render.template_set import TemplateSet, TemplateSetError
from layout.typeset.article import TypesetArticle

MEASURE_HEIGHT = 30000.0  # pt: room for a part of an article's measure, stacked


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
        for part in measure_parts(article, context.grid, levers, context.issue.root):
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
        # Each part on a page of its own, laid out exactly as in a document alone.
        views = [
            dataclasses.replace(view, style=f"{view.style}; break-before: page")
            if index and view is part.views[0]
            else view
            for index, (_, part, _) in enumerate(todo)
            for view in part.views
        ]
        html = page_html(context, page, views, "measure", MEASURE_HEIGHT)
        with recorded_reads() as reads:
            document = page_document(context, html)
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
