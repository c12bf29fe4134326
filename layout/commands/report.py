"""What the build changed in the editors' text, told where it happened."""

from __future__ import annotations

from collections import Counter

import click

from layout.commands.errors import printable
from layout.manifest import Article, Issue
from layout.typeset.article import TypesetArticle


def report_punctuation(
    issue: Issue, typeset_articles: dict[str, TypesetArticle], *, verbose: bool
) -> None:
    """One line per article (every change with --verbose), on stderr."""
    articles = {a.key: a for page in issue.pages for a in page.articles()}
    for key, typeset in typeset_articles.items():
        if not typeset.changes:
            continue
        article = articles[key]
        counts = Counter(f"'{c.old}' → '{c.new}'" for _, c in typeset.changes)
        summary = ", ".join(f"{change} ×{n}" for change, n in counts.most_common())
        click.echo(
            f"{article.location}: {key}: {len(typeset.changes)} half-width punctuation marks "
            f"made full-width ({summary}); set `punctuation: false` to keep them",
            err=True,
        )
        if verbose:
            for field, change in typeset.changes:
                where = _where(issue, article, field, change.offset)
                change_text = f"'{change.old}' → '{change.new}' in 「{change.context}」"
                click.echo(printable(f"  {where}: {change_text}"), err=True)


def _where(issue: Issue, article: Article, field: str, offset: int) -> str:
    """file:line:column of a body change when the body is a file, else the article."""
    if field != "body" or article.body_file is None:
        return f"{article.location} ({field})"
    before = article.body[:offset]
    line = before.count("\n") + 1
    column = offset - (before.rfind("\n") + 1) + 1
    return f"{article.body_file.relative_to(issue.root)}:{line}:{column}"
