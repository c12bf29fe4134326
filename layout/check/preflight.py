"""Preflight: every check of a rendered issue, page by page, before a PDF is written.

``check`` runs them and reports; ``build`` runs the same ones and refuses to
write on errors. The PDF is only made in memory here, for the checks that
need the PDF itself (embedded fonts).
"""

from __future__ import annotations

from layout.check.embedding import embedding_findings
from layout.check.fidelity import fidelity_findings
from layout.check.findings import Finding, Severity
from layout.check.glyphs import glyph_findings
from layout.check.holes import hole_findings
from layout.check.images import image_findings
from layout.manifest import Section
from layout.render.geometry import make_grid
from layout.render.issue import RenderedIssue
from layout.render.page import RenderedPage
from layout.render.template_set import load_template_set


def issue_pdf(rendered: RenderedIssue) -> bytes:
    """The issue's PDF as ``build`` writes it, in memory."""
    pages = [page for rendered_page in rendered.pages for page in rendered_page.document.pages]
    return rendered.pages[0].document.copy(pages).write_pdf()


def run_checks(rendered: RenderedIssue, pdf: bytes) -> list[Finding]:
    """Every finding, page by page in issue order, errors before warnings within a page."""
    issue = rendered.issue
    grid = make_grid(issue.size, load_template_set(issue.template, issue.root).settings)
    titles = {key: article.headline_plain for key, article in rendered.articles.items()}
    titles |= {
        item.key: item.title
        for page in issue.pages
        for item in page.items
        if isinstance(item, Section)
    }
    findings = []
    for page, rendered_page in zip(issue.pages, rendered.pages, strict=True):
        number = rendered_page.number
        articles = [rendered.articles[article.key] for article in page.articles()]
        findings += overset_findings(rendered_page)
        for document_page in rendered_page.document.pages:
            box = document_page._page_box
            findings += fidelity_findings(number, box, articles)
            findings += glyph_findings(number, box, titles)
            findings += image_findings(number, box, titles, issue.root)
            findings += hole_findings(number, box, rendered_page.placements, grid)
    page_numbers = [p.number for p in rendered.pages for _ in p.document.pages]
    findings += embedding_findings(pdf, page_numbers)
    order = {p.number: index for index, p in enumerate(rendered.pages)}
    return sorted(findings, key=lambda f: (order[f.page], f.severity is not Severity.ERROR))


def overset_findings(page: RenderedPage) -> list[Finding]:
    return [
        Finding(
            page=o.page,
            severity=Severity.ERROR,
            code="overset",
            key=o.key,
            headline=o.headline,
            message=f"overset text, {o.characters} characters in {o.lines} lines not shown",
            details={"characters": o.characters, "lines": o.lines},
        )
        for o in page.overset
    ]
