"""What the templates of a template set receive for each module."""

from __future__ import annotations

from dataclasses import dataclass

from layout.typeset.article import TypesetArticle, TypesetImage


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
    kind: str  # "article" or "section"
    columns: int
    title: str = ""
    article: TypesetArticle | None = None
    photos: tuple[PhotoView, ...] = ()
    style: str = ""
    header_style: str = ""
    headline_style: str = ""
    body_style: str = ""
    at_foot: bool = False
