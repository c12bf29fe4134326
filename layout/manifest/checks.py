"""Checks that span several keys, run on the plain YAML data.

They run on the unvalidated data (skipping values of the wrong type, which the schema
reports) so that they are reported together with every other problem.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypeGuard

from layout.manifest.problems import KeyPath, Problem, format_path
from layout.manifest.schema import item_kind
from layout.manifest.source import Document


def cross_key_problems(document: Document) -> list[Problem]:
    """Duplicate page numbers, body/file exclusivity and jumps (the grid, which a
    module may run off, is the template set's: ``render.issue.grid_problems``)."""
    problems = _duplicate_pages(document)
    numbers = [n for _, page in _pages(document.data) if _is_int(n := page.get("number"))]
    for path, item, kind in _items(document.data):
        if kind == "Article":
            problems += _body_or_file(document, path, item)
            problems += _jump(document, path, item, numbers)
    return problems


def later_page(numbers: list[int], page: int) -> int | None:
    """Where ``jump: auto`` continues: the next page of the issue."""
    return min((n for n in numbers if n > page), default=None)


def _jump(
    document: Document, path: KeyPath, article: dict[Any, Any], numbers: list[int]
) -> list[Problem]:
    """A jump goes forward to a page of this issue: the rest is read after the start."""
    target, page = article.get("jump"), document.data["pages"][path[1]].get("number")
    if target is None or not _is_int(page):
        return []
    where = (*path, "jump")
    if target == "auto":
        if later_page(numbers, page) is None:
            return [
                document.problem(where, f"page {page} is the last page: no page to continue on")
            ]
        return []
    if not _is_int(target) or target < 1:
        return []  # the schema's to report
    if target == page:
        return [document.problem(where, f"page {target} is the article's own page")]
    if target < page:
        return [
            document.problem(
                where, f"page {target} comes before page {page}: an article continues later"
            )
        ]
    if target not in numbers:
        pages = ", ".join(map(str, sorted(numbers)))
        return [document.problem(where, f"the issue has no page {target} (pages: {pages})")]
    return []


def _pages(data: Any) -> Iterator[tuple[KeyPath, dict[Any, Any]]]:
    pages = data.get("pages") if isinstance(data, dict) else None
    for index, page in enumerate(pages if isinstance(pages, list) else []):
        if isinstance(page, dict):
            yield ("pages", index), page


def _items(data: Any) -> Iterator[tuple[KeyPath, dict[Any, Any], str]]:
    """Every article and section in reading order, with its key path and kind."""
    for page_path, page in _pages(data):
        items = page.get("items")
        for index, item in enumerate(items if isinstance(items, list) else []):
            kind = item_kind(item)
            if kind is None:
                continue
            yield (*page_path, "items", index), item, kind
            children = item.get("items") if kind == "Section" else None
            for child_index, child in enumerate(children if isinstance(children, list) else []):
                if isinstance(child, dict):
                    yield (*page_path, "items", index, "items", child_index), child, "Article"


def _duplicate_pages(document: Document) -> list[Problem]:
    first_use: dict[int, KeyPath] = {}
    problems = []
    for path, page in _pages(document.data):
        number = page.get("number")
        if not _is_int(number):
            continue
        if number in first_use:
            message = f"page number {number} is already used by {format_path(first_use[number])}"
            problems.append(document.problem((*path, "number"), message))
        else:
            first_use[number] = path
    return problems


def _body_or_file(document: Document, path: KeyPath, article: dict[Any, Any]) -> list[Problem]:
    has_body, has_file = article.get("body") is not None, article.get("file") is not None
    if has_body and has_file:
        message = "give either `body` or `file`, not both"
        return [document.problem((*path, "file"), message, at_key=True)]
    if not has_body and not has_file:
        return [document.problem(path, "an article needs `body` (Markdown text) or `file`")]
    return []


def _is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)
