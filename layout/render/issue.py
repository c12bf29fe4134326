"""Render every page of an issue."""

from __future__ import annotations

from layout.manifest import Article, Issue, ManifestError, Problem, SourceLocation
from layout.render.context import PageContext
from layout.render.fonts import installed_fonts, resolve_roles
from layout.render.geometry import Grid, SizeError, make_grid
from layout.render.press import DEFAULT_PRESS, Press
from layout.render.template_set import FONTS_ROOT, load_template_set
from layout.render.views import IssueView, PageView
from layout.typeset.article import TypesetArticle, typeset_article
from layout.typeset.body import deepest_nesting
from layout.typeset.contents import with_contents

MAX_NESTING = 32  # a list in a quote in a list, emphasis in a link: copy needs about 6


def issue_context(issue: Issue, press: Press = DEFAULT_PRESS) -> PageContext:
    """What every page needs, made once per issue (pages may then render anywhere)."""
    template_set = load_template_set(issue.template, issue.root)
    roles = resolve_roles(template_set.roles_file, FONTS_ROOT)
    try:
        grid = make_grid(issue.size, template_set.settings)
    except SizeError as error:
        where = issue.size_location or SourceLocation(issue.source, 1, 1)
        problem = Problem(where.file, where.line, where.column, "size", str(error))
        raise ManifestError([problem]) from None
    if problems := grid_problems(issue, grid) + nesting_problems(issue):
        raise ManifestError(problems)
    words = template_set.words
    issue = with_contents(
        issue,
        template_set.say(words.contents_title, issue=IssueView.of(issue)),
        lambda headline, number: template_set.say(
            words.contents_entry, headline=headline, number=number
        ),
        template_set.settings.contents_entries,
    )
    articles = {
        article.key: _typeset(article, latin=template_set.words.latin)
        for page in issue.pages
        for article in page.articles()
    }
    return PageContext(
        issue=issue,
        grid=grid,
        template_set=template_set,
        roles=roles,
        articles=articles,
        press=press,
        installed_fonts=installed_fonts(),
    )


_typeset_before: dict[tuple[str, bool], TypesetArticle] = {}
TYPESET_KEPT = 1024  # articles a long-running process (serve, watch) keeps typeset


def _typeset(article: Article, *, latin: bool) -> TypesetArticle:
    """``typeset_article``, once per process for the same article: a server or a watch
    that builds again after an edit typesets the edited article only."""
    key = (repr(article), latin)
    if (known := _typeset_before.get(key)) is None:
        if len(_typeset_before) >= TYPESET_KEPT:
            _typeset_before.clear()
        known = _typeset_before[key] = typeset_article(article, latin=latin)
    return known


def issue_title(context: PageContext) -> str:
    """The issue PDF's title, in the words of its template set."""
    words = context.template_set.words
    return context.template_set.say(words.issue_title, issue=IssueView.of(context.issue))


def page_title(context: PageContext, number: int) -> str:
    """A page PDF's title, in the words of its template set."""
    template_set = context.template_set
    page = next(page for page in context.issue.pages if page.number == number)
    return template_set.say(
        template_set.words.page_title,
        title=issue_title(context),
        issue=IssueView.of(context.issue),
        page=PageView.of(page),
    )


def nesting_problems(issue: Issue) -> list[Problem]:
    """Bodies whose Markdown nests deeper than any copy, at the line where it does."""
    problems = []
    for page in issue.pages:
        for article in page.articles():
            deepest, line = deepest_nesting(article.body)
            if deepest <= MAX_NESTING:
                continue
            place = article.location
            where = (
                (article.body_file, line + 1, 1)
                if article.body_file
                else (place.file, place.line, place.column)
            )
            problems.append(
                Problem(
                    *where,
                    article.key,
                    f"the body's Markdown nests {deepest} levels deep (emphasis, links, quotes "
                    f"or lists inside each other), more than {MAX_NESTING}: unpick the marks",
                )
            )
    return problems


def grid_problems(issue: Issue, grid: Grid) -> list[Problem]:
    """Widths and start columns the page's grid cannot hold, where they were written."""
    problems = []
    for page in issue.pages:
        for item in page.items:
            for module in (item, *getattr(item, "items", ())):
                end = (module.column or 1) + (module.columns or 1) - 1
                if end > grid.columns:
                    place = module.location
                    problems.append(
                        Problem(
                            place.file,
                            place.line,
                            place.column,
                            module.key,
                            f"columns {module.column or 1}–{end} do not fit the "
                            f"{grid.columns}-column grid of size '{issue.size}'",
                        )
                    )
    return problems
