"""Load a manifest: parse, validate, check across keys, then build the issue objects."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from layout.manifest.checks import cross_key_problems, later_page
from layout.manifest.diagnostics import problems_from
from layout.manifest.model import Article, Byline, Image, Issue, Masthead, Page, Section
from layout.manifest.problems import KeyPath, ManifestError, format_path
from layout.manifest.schema import RawArticle, RawIssue, RawPage, RawSection
from layout.manifest.source import Document, read_document


def load_manifest(path: Path) -> Issue:
    """Read and validate the issue manifest at ``path``.

    Raises ManifestError listing every problem found, each located in the YAML.
    """
    path = Path(path)
    source = path.resolve()
    document = read_document(path)
    problems = list(document.problems)
    if document.data is None:
        raise ManifestError(problems)
    raw: RawIssue | None = None
    try:
        raw = RawIssue.model_validate(document.data, context={"root": source.parent})
    except ValidationError as error:
        problems += problems_from(error, document)
    problems += cross_key_problems(document)
    if problems or raw is None:
        raise ManifestError(problems)
    return _Build(document, raw).issue(source)


class _Build:
    """Builds the public objects from validated data, adding locations and key paths."""

    def __init__(self, document: Document, raw: RawIssue) -> None:
        self.document = document
        self.raw = raw

    def issue(self, source: Path) -> Issue:
        raw = self.raw
        return Issue(
            paper=raw.paper,
            issue=raw.issue,
            date=raw.date,
            size=raw.size,
            template=raw.template,
            punctuation=raw.punctuation,
            autospace=raw.autospace,
            pages=[self.page(page, ("pages", i)) for i, page in enumerate(raw.pages)],
            source=source,
            root=source.parent,
            masthead=Masthead(**raw.masthead.model_dump()),
            size_location=self.document.locate(("size",)),
        )

    def page(self, raw: RawPage, path: KeyPath) -> Page:
        items: list[Article | Section] = []
        for index, item in enumerate(raw.items):
            item_path = (*path, "items", index)
            if isinstance(item, RawSection):
                items.append(self.section(item, item_path))
            else:
                items.append(self.article(item, item_path))
        return Page(
            number=raw.number,
            name=raw.name,
            editor=raw.editor,
            credits=dict(raw.credits),
            items=items,
            location=self.document.locate(path),
            key=format_path(path),
        )

    def jump_target(self, jump: int | str | None, path: KeyPath) -> int | None:
        if jump != "auto":
            return jump if isinstance(jump, int) else None
        numbers = [page.number for page in self.raw.pages]
        return later_page(numbers, self.raw.pages[path[1]].number)  # type: ignore[call-overload]

    def section(self, raw: RawSection, path: KeyPath) -> Section:
        return Section(
            title=raw.title,
            columns=raw.columns,
            column=raw.column,
            items=[self.article(a, (*path, "items", i)) for i, a in enumerate(raw.items)],
            location=self.document.locate(path),
            key=format_path(path),
        )

    def article(self, raw: RawArticle, path: KeyPath) -> Article:
        return Article(
            kicker=raw.kicker,
            headline=raw.headline,
            subtitle=raw.subtitle,
            lead=raw.lead,
            body=raw.file.text if raw.file else (raw.body or ""),  # checks.py: exactly one
            body_file=raw.file.path if raw.file else None,
            bylines=[Byline(role, names) for role, names in raw.bylines.items()],
            images=[
                Image(image.file, image.caption, image.credit, image.columns)
                for image in raw.images
            ],
            columns=raw.columns,
            column=raw.column,
            height=raw.height,
            punctuation=self.raw.punctuation if raw.punctuation is None else raw.punctuation,
            autospace=self.raw.autospace if raw.autospace is None else raw.autospace,
            location=self.document.locate(path),
            key=format_path(path),
            jump=self.jump_target(raw.jump, path),
            jump_headline=raw.jump_headline,
            pullquote=raw.pullquote,
        )
