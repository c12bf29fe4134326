"""The front page's index (导读, "In this issue"): the inner pages' headlines as a story.

Made from the manifest alone, so page 1 can be laid out beside the others:
an article whose body lists the lead headlines of the other pages, in the
template set's words, which the compositor places and sizes like any other.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from layout.manifest import Article, Issue, Page
from layout.typeset.headline import headline_text

KEY = "contents"  # the index's key among the page's articles; no manifest key looks like it
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~])")


def module_kind(key: str) -> str:
    """How a template sets the article of this key: as page 1's index, or as a story."""
    return "contents" if key == KEY else "article"


def with_contents(issue: Issue, title: str, entry: Callable[[str, int], str], most: int) -> Issue:
    """The issue with page 1's index last among its items: up to ``most`` entries, the
    lead story of every other page first, then their second stories, and so on, in page
    order. The issue as it is when it has no page 1, no other page or ``most`` is 0."""
    front = next((page for page in issue.pages if page.number == 1), None)
    others = [page for page in issue.pages if page.number != 1 and page.articles()]
    if front is None or not others or most <= 0:
        return issue
    chosen: list[tuple[int, int, str]] = []  # page, rank on it, headline
    for rank in range(max(len(page.articles()) for page in others)):
        for page in others:
            if rank < len(page.articles()) and len(chosen) < most:
                chosen.append((page.number, rank, page.articles()[rank].headline))
    lines = [
        "- " + _MARKDOWN.sub(r"\\\1", entry(_run_in(headline), number))
        for number, _, headline in sorted(chosen)
    ]
    index = Article(
        kicker=None,
        headline=title,
        subtitle=None,
        lead=None,
        body="\n".join(lines) + "\n",
        body_file=None,
        bylines=[],
        images=[],
        columns=None,
        column=None,
        height=None,
        punctuation=issue.punctuation,
        autospace=issue.autospace,
        location=front.location,
        key=KEY,
    )
    pages = [_with_item(page, index) if page is front else page for page in issue.pages]
    return dataclasses.replace(issue, pages=pages)


def _run_in(headline: str) -> str:
    """The headline as a line of text: a Chinese one's phrases run on, a Latin one's words
    one space apart."""
    return headline_text(headline).replace("\u3000", "")


def _with_item(page: Page, article: Article) -> Page:
    return dataclasses.replace(page, items=[*page.items, article])
