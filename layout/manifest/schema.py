"""The manifest schema: strict pydantic models for the shape and values of every key.

Strict mode keeps YAML's types meaningful (``number: "2"`` is a string, not a page
number). Checks that span several keys live in ``checks.py`` so they are reported even
when other keys of the same object are wrong.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from PIL import Image as PILImage
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PlainValidator,
    Tag,
    ValidationInfo,
)
from pydantic_core import PydanticCustomError

from layout.manifest.paper import PRESETS, Length, PageSize, length, page_size, preset_size
from layout.manifest.problems import describe
from layout.manifest.source import byte_position, control_character
from layout.shipped import template_sets, unknown_set

GRID_COLUMNS = 16
DEFAULT_SIZE = preset_size("tabloid")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _page_size(value: Any) -> PageSize:
    if isinstance(value, str) and (size := page_size(value)) is not None:
        return size
    text = value.lower() if isinstance(value, str) else ""
    close = difflib.get_close_matches(text, list(PRESETS), n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    raise PydanticCustomError(
        "page_size",
        "expected a size preset ({presets}) or two lengths like '297mm 420mm', got {value}{hint}",
        {"presets": ", ".join(PRESETS), "value": describe(value), "hint": hint},
    )


def _template_name(value: str) -> str:
    if value in template_sets():
        return value
    raise PydanticCustomError("template_name", "{message}", {"message": unknown_set(value)})


def _issue_date(value: Any) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise PydanticCustomError(
        "date_type", "expected a date like 2025-01-16, got {value}", {"value": describe(value)}
    )


def _height(value: Any) -> int | Length:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value
    if isinstance(value, str) and (given := length(value)) is not None:
        return given
    raise PydanticCustomError(
        "height",
        "expected a length like '120mm' or a number of body lines, got {value}",
        {"value": describe(value)},
    )


def _jump(value: Any) -> int | str:
    if (isinstance(value, int) and not isinstance(value, bool) and value >= 1) or value == "auto":
        return value
    raise PydanticCustomError(
        "jump",
        "expected the number of a later page, or auto for the next one, got {value}",
        {"value": describe(value)},
    )


def _names(value: Any) -> tuple[str, ...]:
    names = [value] if isinstance(value, str) else value
    if isinstance(names, list) and names and all(isinstance(n, str) and n for n in names):
        return tuple(names)
    raise PydanticCustomError(
        "names", "expected a name or a list of names, got {value}", {"value": describe(value)}
    )


def _issue_path(value: Any, info: ValidationInfo) -> Path:
    """Resolve a manifest-relative path, refusing anything outside the issue folder."""
    if not isinstance(value, str) or not value:
        raise PydanticCustomError(
            "path_type", "expected a relative file path, got {value}", {"value": describe(value)}
        )
    root: Path = (info.context or {})["root"]
    resolved = (root / value).resolve()
    if Path(value).is_absolute() or not resolved.is_relative_to(root):
        raise PydanticCustomError(
            "outside_root", "path lies outside the issue folder: {path}", {"path": value}
        )
    if not resolved.exists():
        raise PydanticCustomError("file_not_found", "file not found: {path}", {"path": value})
    if not resolved.is_file():
        raise PydanticCustomError("not_a_file", "not a file: {path}", {"path": value})
    return resolved


MAX_PICTURE_PIXELS = 60_000_000  # a 45-megapixel camera's frame fits; past it, memory grows
MAX_PICTURE_ASPECT = 10.0  # longer side / shorter side
MAX_MARKDOWN_BYTES = 2 * 2**20  # an article file; a whole page of copy is about 20 KB
MAX_ARTICLE_CHARS = 60_000  # about 20 tabloid pages: more is no article, and lays out for minutes


def _picture_path(value: Any, info: ValidationInfo) -> Path:
    """An issue path to a picture whose size can be printed, read from its header only."""
    path = _issue_path(value, info)
    try:
        with PILImage.open(path) as picture:
            width, height = picture.size
    except PILImage.DecompressionBombError:  # Pillow's own limit, far past ours
        raise PydanticCustomError(
            "picture_too_large",
            "{path}: far more than {most} megapixels; scale it down",
            {"path": value, "most": MAX_PICTURE_PIXELS // 10**6},
        ) from None
    except (OSError, ValueError, SyntaxError):
        return path  # not a picture Pillow reads: the image check says what it is
    if width * height > MAX_PICTURE_PIXELS:
        raise PydanticCustomError(
            "picture_too_large",
            "{path}: {width}×{height} pixels, more than {most} megapixels; scale it down",
            {"path": value, "width": width, "height": height, "most": MAX_PICTURE_PIXELS // 10**6},
        )
    if max(width, height) > MAX_PICTURE_ASPECT * max(1, min(width, height)):
        raise PydanticCustomError(
            "picture_shape",
            "{path}: {width}×{height} pixels is no photo shape (more than {most}:1); crop it",
            {"path": value, "width": width, "height": height, "most": int(MAX_PICTURE_ASPECT)},
        )
    return path


@dataclass(frozen=True, slots=True)
class MarkdownFile:
    """An article body read from its own file."""

    path: Path
    text: str


def _markdown_file(value: Any, info: ValidationInfo) -> MarkdownFile:
    path = _issue_path(value, info)
    try:
        if path.stat().st_size > MAX_MARKDOWN_BYTES:
            raise PydanticCustomError(
                "file_too_large",
                "{path} is larger than {most} MB; an article is far shorter",
                {"path": value, "most": MAX_MARKDOWN_BYTES // 2**20},
            )
        data = path.read_bytes()
    except OSError as error:
        raise PydanticCustomError(
            "unreadable", "cannot read {path}: {reason}", {"path": value, "reason": error.strerror}
        ) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, column = byte_position(data, error.start)
        raise PydanticCustomError(
            "not_utf8",
            "{path} is not valid UTF-8 (line {line}, column {column})",
            {"path": value, "line": line, "column": column},
        ) from None
    if control := control_character(text):
        line, column, message = control
        raise PydanticCustomError(
            "control_character",
            "{path}:{line}:{column}: {message}",
            {"path": value, "line": line, "column": column, "message": message},
        )
    _within_article_length(text, value)
    return MarkdownFile(path, text)


def _within_article_length(text: str, where: str = "the body") -> str:
    if len(text) > MAX_ARTICLE_CHARS:
        raise PydanticCustomError(
            "article_too_long",
            "{where} has {length} characters, more than {most}: split it into articles",
            {"where": where, "length": len(text), "most": MAX_ARTICLE_CHARS},
        )
    return text


Text = Annotated[str, Field(min_length=1)]
PositiveInt = Annotated[int, Field(ge=1)]
Columns = Annotated[int, Field(ge=1, le=GRID_COLUMNS)]
StartColumn = Annotated[int, Field(ge=1, le=GRID_COLUMNS)]
Height = Annotated[int | Length, PlainValidator(_height)]
Jump = Annotated[int | str, PlainValidator(_jump)]  # the page the rest continues on
Names = Annotated[tuple[str, ...], PlainValidator(_names)]
ImagePath = Annotated[Path, PlainValidator(_picture_path)]
MarkdownPath = Annotated[MarkdownFile, PlainValidator(_markdown_file)]
Body = Annotated[str, AfterValidator(_within_article_length)]


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class RawImage(_Strict):
    file: ImagePath
    caption: str | None = None
    credit: str | None = None
    columns: Columns | None = None


class RawArticle(_Strict):
    kicker: str | None = None
    headline: Text
    subtitle: str | None = None
    lead: str | None = None
    body: Body | None = None
    file: MarkdownPath | None = None
    bylines: dict[str, Names] = Field(default_factory=dict)
    images: list[RawImage] = Field(default_factory=list)
    columns: Columns | None = None
    column: StartColumn | None = None
    height: Height | None = None
    punctuation: bool | None = None
    autospace: bool | None = None
    jump: Jump | None = None
    jump_headline: Text | None = None
    pullquote: Text | None = None


class RawSection(_Strict):
    title: Text = Field(alias="section")
    columns: Columns | None = None
    column: StartColumn | None = None
    items: list[RawArticle] = Field(default_factory=list)


def item_kind(value: Any) -> str | None:
    """``"Article"`` or ``"Section"`` for a page item, None when it is neither or both."""
    if not isinstance(value, dict) or ("headline" in value) == ("section" in value):
        return None
    return "Article" if "headline" in value else "Section"


Item = Annotated[
    Annotated[RawArticle, Tag("Article")] | Annotated[RawSection, Tag("Section")],
    Discriminator(item_kind),
]


class RawPage(_Strict):
    number: PositiveInt
    name: Text
    editor: str | None = None
    credits: dict[str, str] = Field(default_factory=dict)
    items: list[Item] = Field(default_factory=list)


class RawMasthead(_Strict):
    publisher: Text | None = None
    registration: Text | None = None
    postal_code: Text | None = None
    weather: Text | None = None


class RawIssue(_Strict):
    paper: Text
    issue: PositiveInt
    date: Annotated[dt.date, PlainValidator(_issue_date)]
    size: Annotated[PageSize, PlainValidator(_page_size)] = DEFAULT_SIZE
    template: Annotated[str, AfterValidator(_template_name)] = "default"
    punctuation: bool = True
    autospace: bool = True
    masthead: RawMasthead = Field(default_factory=RawMasthead)
    pages: list[RawPage] = Field(min_length=1)


ITEM_MODELS: dict[str, type[BaseModel]] = {"Article": RawArticle, "Section": RawSection}
"""The page-item model for each discriminator tag (pydantic puts the tag into error locs)."""

CHILD_MODELS: dict[tuple[type[BaseModel], str], type[BaseModel]] = {
    (RawIssue, "pages"): RawPage,
    (RawSection, "items"): RawArticle,
    (RawArticle, "images"): RawImage,
    (RawIssue, "masthead"): RawMasthead,
}
"""The model of the list entries under each list-of-models key."""
