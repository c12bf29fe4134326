"""The loaded issue: immutable, fully resolved objects that rendering reads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from layout.manifest.paper import Length, PageSize
from layout.manifest.source import SourceLocation


@dataclass(frozen=True, slots=True)
class Byline:
    """One role line of a byline, e.g. 记者 唐善普; names keep their written order."""

    role: str
    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Image:
    """A picture of an article; ``file`` is absolute and inside the issue folder."""

    file: Path
    caption: str | None
    credit: str | None
    columns: int | None = None  # width in grid columns; None: the compositor's choice


@dataclass(frozen=True, slots=True)
class Article:
    """One story; typography switches are already resolved against the issue's."""

    kicker: str | None
    headline: str
    subtitle: str | None
    lead: str | None
    body: str
    body_file: Path | None
    bylines: list[Byline]
    images: list[Image]
    columns: int | None
    column: int | None
    height: int | Length | None  # body lines, or a length
    punctuation: bool
    autospace: bool
    location: SourceLocation
    key: str
    jump: int | None = None  # the page its rest continues on (`jump: auto` resolved)
    jump_headline: str | None = None  # over the rest; else the headline
    pullquote: str | None = None  # a line of the story set large in its columns


@dataclass(frozen=True, slots=True)
class Section:
    """A 栏目 banner and the articles set under it."""

    title: str
    columns: int | None
    column: int | None
    items: list[Article]
    location: SourceLocation
    key: str


@dataclass(frozen=True, slots=True)
class Page:
    """One 版 of the issue, its items in reading order."""

    number: int
    name: str
    editor: str | None
    credits: dict[str, str]
    items: list[Article | Section]
    location: SourceLocation
    key: str

    def articles(self) -> list[Article]:
        """All articles in reading order, including those inside sections."""
        return [
            article
            for item in self.items
            for article in (item.items if isinstance(item, Section) else [item])
        ]


@dataclass(frozen=True, slots=True)
class Masthead:
    """The page-1 furniture beside the paper's name (报眼), each shown where it is given."""

    publisher: str | None = None  # 主办
    registration: str | None = None  # 国内统一连续出版物号, CN 41-0001
    postal_code: str | None = None  # 邮发代号
    weather: str | None = None  # 天气


@dataclass(frozen=True, slots=True)
class Issue:
    """One issue of the paper as described by its manifest."""

    paper: str
    issue: int
    date: dt.date
    size: PageSize
    template: str
    punctuation: bool
    autospace: bool
    pages: list[Page]
    source: Path
    root: Path
    masthead: Masthead = Masthead()
    size_location: SourceLocation | None = None  # where size was written (else the default)

    def location_of(self, page: int, key: str | None) -> SourceLocation | None:
        """Where the item ``key`` was written (a jumped article's rest is its article),
        or for a finding about a page as a whole, the page; None for the issue."""
        for written in self.pages:
            for item in [*written.items, *written.articles()]:
                if key is not None and item.key == key:
                    return item.location
        numbered = [written for written in self.pages if written.number == page]
        return numbered[0].location if numbered else None

    @property
    def page_count(self) -> int:
        """Pages the issue has: its last page's number (a manifest may hold only some)."""
        return max(page.number for page in self.pages)
