"""Render every page of an issue."""

from __future__ import annotations

from dataclasses import dataclass

from layout.manifest import Issue
from layout.render.fonts import resolve_roles
from layout.render.geometry import make_grid
from layout.render.page import PageContext, RenderedPage, render_page
from layout.render.press import DEFAULT_PRESS, Press
from layout.render.template_set import FONTS_ROOT, load_template_set
from layout.typeset.article import TypesetArticle, typeset_article


@dataclass(frozen=True)
class RenderedIssue:
    issue: Issue
    articles: dict[str, TypesetArticle]
    pages: tuple[RenderedPage, ...]


def render_issue(issue: Issue, press: Press = DEFAULT_PRESS) -> RenderedIssue:
    template_set = load_template_set(issue.template, issue.root)
    roles_file = template_set.folders[0] / "fonts.yaml"
    roles = resolve_roles(
        roles_file if roles_file.is_file() else FONTS_ROOT / "roles.yaml", FONTS_ROOT
    )
    articles = {
        article.key: typeset_article(article) for page in issue.pages for article in page.articles()
    }
    context = PageContext(
        issue=issue,
        grid=make_grid(issue.size, template_set.settings),
        template_set=template_set,
        roles=roles,
        articles=articles,
        press=press,
    )
    pages = tuple(render_page(context, page) for page in issue.pages)
    return RenderedIssue(issue, articles, pages)
