"""Preflight: every check of a laid-out page, before its PDF is written.

``check`` runs them and reports; ``build`` runs the same ones and refuses to
write on errors. They run where the page was laid out (a worker process of
the build), because most of them read WeasyPrint's layout tree, which
cannot leave that process; only the findings come back.
"""

from __future__ import annotations

from layout.check.embedding import embedding_findings
from layout.check.fidelity import fidelity_findings
from layout.check.findings import Area, Finding, Severity
from layout.check.glyphs import glyph_findings
from layout.check.holes import space_findings
from layout.check.images import image_findings
from layout.check.spacing import spacing_findings
from layout.manifest import Page, Section
from layout.render.context import PageContext
from layout.render.geometry import Grid
from layout.render.layout_tree import page_box
from layout.render.page import RenderedPage


def page_findings(
    context: PageContext, page: Page, rendered: RenderedPage, pdf: bytes
) -> list[Finding]:
    """Every finding of one page (``pdf`` is its PDF), errors before warnings."""
    # the articles set on the page (page 1's index is left out where it does not fit)
    articles = [rendered.articles[a.key] for a in page.articles() if a.key in rendered.articles]
    titles = {article.key: article.headline_plain for article in articles}
    titles |= {item.key: item.title for item in page.items if isinstance(item, Section)}
    number = rendered.number
    findings = overset_findings(rendered, context.grid)
    unplaced = {o.key for o in rendered.overset if not o.lines}  # reported whole already
    placed = [article for article in articles if article.key not in unplaced]
    for document_page in rendered.document.pages:
        box = page_box(document_page)
        findings += fidelity_findings(number, box, placed)
        findings += glyph_findings(number, box, titles)
        findings += image_findings(number, box, titles, context.issue.root)
        findings += spacing_findings(number, box, titles)
    first = page_box(rendered.document.pages[0])
    findings += space_findings(number, first, rendered.composition, context.grid)
    findings += embedding_findings(pdf, [number] * len(rendered.document.pages))
    return sorted(findings, key=lambda f: f.severity is not Severity.ERROR)


def overset_findings(page: RenderedPage, grid: Grid) -> list[Finding]:
    """Text that did not fit, marked on the module it was meant for (an article left
    off the page whole has no module to mark)."""
    placed = {p.key: p for p in page.placements}
    findings = []
    for o in page.overset:
        areas: tuple[Area, ...] = ()
        if (where := placed.get(o.key)) is not None:
            rect = grid.rect(where.column, where.columns, where.top, where.lines)
            areas = (Area.on_page(grid.page_size, *rect),)
        findings.append(
            Finding(
                page=o.page,
                severity=Severity.ERROR,
                code="overset",
                key=o.key,
                headline=o.headline,
                message=o.message,
                details={"characters": o.characters, "lines": o.lines},
                areas=areas,
            )
        )
    return findings
