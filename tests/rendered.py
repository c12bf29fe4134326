"""Pages laid out in this process, their WeasyPrint documents kept: for tests that read
the layout tree (a build keeps only the PDFs)."""

from __future__ import annotations

from dataclasses import dataclass

from layout.manifest import Issue
from layout.render.issue import issue_context
from layout.render.page import RenderedPage, render_page
from layout.render.press import DEFAULT_PRESS, Press
from layout.typeset.article import TypesetArticle


@dataclass(frozen=True)
class RenderedIssue:
    issue: Issue
    articles: dict[str, TypesetArticle]
    pages: tuple[RenderedPage, ...]


def render_issue(issue: Issue, press: Press = DEFAULT_PRESS) -> RenderedIssue:
    context = issue_context(issue, press)
    pages = tuple(render_page(context, page) for page in issue.pages)
    return RenderedIssue(issue, context.articles, pages)
