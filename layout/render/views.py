"""What the templates of a template set receive for each module."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from layout.compose import LOOSER, SPACED, TIGHTER, Levers
from layout.manifest import Issue, Page
from layout.manifest.model import Masthead
from layout.typeset.article import TypesetArticle, TypesetImage

_OPENING_TAG = re.compile(r"^(\s*<[a-zA-Z][a-zA-Z0-9]*)")


@dataclass(frozen=True)
class IssueView:
    """The issue as templates see it: its values, no files."""

    paper: str
    issue: int
    date: dt.date
    size: str  # as the editor wrote it
    template: str
    punctuation: bool
    autospace: bool
    masthead: Masthead

    @classmethod
    def of(cls, issue: Issue) -> IssueView:
        values = {f.name: getattr(issue, f.name) for f in dataclasses.fields(cls)}
        return cls(**values | {"size": str(issue.size)})


@dataclass(frozen=True)
class PageView:
    """The page as templates see it: its furniture (its articles are the modules)."""

    number: int
    name: str
    editor: str | None
    credits: Mapping[str, str]

    @classmethod
    def of(cls, page: Page) -> PageView:
        return cls(page.number, page.name, page.editor, dict(page.credits))


@dataclass(frozen=True)
class PhotoView:
    """A photo with the size the compositor gave it: across the module's top, or in a column."""

    image: TypesetImage
    span: bool
    style: str = ""
    image_style: str = ""


@dataclass(frozen=True)
class ModuleView:
    """One module: an article (headline block, photos, body) or a section banner."""

    key: str
    kind: str  # "article", "section" or "contents" (page 1's index, set as an article)
    columns: int
    title: str = ""
    article: TypesetArticle | None = None
    photos: tuple[PhotoView, ...] = ()
    style: str = ""
    header_style: str = ""
    headline_style: str = ""
    body_style: str = ""
    at_foot: bool = False


def numbered_blocks(article: TypesetArticle) -> TypesetArticle:
    """The article with ``data-block="i"`` on each block of its body, for the measure."""
    blocks = (_with_attribute(b, "data-block", str(i)) for i, b in enumerate(article.blocks))
    return dataclasses.replace(article, blocks=tuple(blocks))


def tracked_blocks(
    article: TypesetArticle, tracking: Sequence[int], levers: Levers, pitch: float
) -> TypesetArticle:
    """The article with the blocks the compositor chose set tighter or looser, or with a
    line of space after them (``ModuleLayout.tracking``). The start of a jumped article
    has the first of the blocks the compositor saw, and their changes."""
    tracking = tracking[: len(article.blocks)]
    if not any(tracking):
        return article
    styles = {
        TIGHTER: f"letter-spacing: {-levers.tighten}em",
        LOOSER: f"letter-spacing: {levers.loosen}em",
        SPACED: f"margin-bottom: {pitch}pt",
    }
    blocks = tuple(
        _with_attribute(block, "style", styles[change]) if change else block
        for block, change in zip(article.blocks, tracking, strict=True)
    )
    return dataclasses.replace(article, blocks=blocks)


def drop_capped(article: TypesetArticle, lines: int) -> TypesetArticle:
    """The article with the first letter of its text (of its dateline, where it has one)
    marked as an initial ``lines`` body lines deep, when its body opens with a paragraph."""
    if not lines or not article.blocks:
        return article
    first = str(article.blocks[0])
    initial = _INITIAL.match(first)
    if initial is None:
        return article
    # WeasyPrint paints a float before the text of its column: the PDF's text would read
    # "fter". A copy of the letter too small to see keeps the word whole in the text.
    letter = initial["letter"]
    span = (
        f'<span class="drop-cap" style="--lines: {lines}" aria-hidden="true">{letter}</span>'
        f'<span class="drop-cap-text">{letter}</span>'
    )
    marked = Markup(initial["open"] + span + first[initial.end() :])
    return dataclasses.replace(article, blocks=(marked, *article.blocks[1:]))


# Our own paragraph HTML: its tag, the dateline's span, an opening quote, a letter or digit
_INITIAL = re.compile(r'(?P<open><p>(?:<span class="lead">)?)(?P<letter>[“‘]?\w)')


def _with_attribute(block: Markup, name: str, value: str) -> Markup:
    """Our own block HTML (it always opens with its tag) with one attribute more."""
    attribute = Markup(' {}="{}"').format(Markup(name), value)
    return Markup(_OPENING_TAG.sub(lambda m: Markup(m.group(1)) + attribute, str(block), count=1))
