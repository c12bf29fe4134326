"""The manifest reference (docs/manifest-reference.md), generated from the schema.

Keys, their order, types, constraints and defaults are read from the pydantic
models in ``schema.py``; only what a key means and an example value are
written here, in :data:`KEYS`. A key of the schema without an entry (or an
entry without a key) is an error, so the reference cannot fall behind::

    python -m layout.manifest.reference > docs/manifest-reference.md
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import annotated_types
from pydantic import AfterValidator, BaseModel, PlainValidator
from pydantic.fields import FieldInfo

from layout.manifest import schema
from layout.manifest.paper import PRESETS


@dataclass(frozen=True)
class KeyDoc:
    """The human part of a key's reference entry."""

    meaning: str
    example: str  # the value as written in YAML
    absent: str | None = None  # what leaving the key out means, when "none" says too little


@dataclass(frozen=True)
class ObjectDoc:
    """One kind of mapping in the manifest."""

    model: type[BaseModel]
    title: str
    intro: str


OBJECTS: tuple[ObjectDoc, ...] = (
    ObjectDoc(
        schema.RawIssue,
        "Issue",
        "The top level of `issue.yaml`: the paper, the date, the page size and the pages.",
    ),
    ObjectDoc(
        schema.RawPage,
        "Page",
        "One entry of `pages`: a page (版) of the issue and its contents in reading order.",
    ),
    ObjectDoc(
        schema.RawArticle,
        "Article",
        "An entry of a page's or a section's `items` that has a `headline`.",
    ),
    ObjectDoc(
        schema.RawSection,
        "Section",
        "An entry of a page's `items` that has a `section`: a banner (栏目) and the articles "
        "set under it, within its columns.",
    ),
    ObjectDoc(
        schema.RawImage,
        "Image",
        "One entry of an article's `images`.",
    ),
    ObjectDoc(
        schema.RawMasthead,
        "Masthead",
        "The issue's `masthead`: the furniture printed beside the paper's name on page 1 "
        "(报眼, the newsletter's ears). Each key is shown only where it is given.",
    ),
)

KEYS: dict[tuple[type[BaseModel], str], KeyDoc] = {
    (schema.RawIssue, "paper"): KeyDoc("The paper's name, printed in the masthead.", "中原报"),
    (schema.RawIssue, "issue"): KeyDoc("The issue number (第…期).", "1234"),
    (schema.RawIssue, "date"): KeyDoc(
        "Publication date, quoted or not; templates format it (the default set prints "
        "公历, 星期 and 农历).",
        "2025-01-16",
    ),
    (schema.RawIssue, "size"): KeyDoc(
        "The page (trim) size: a preset, which also brings a column count and margins, "
        "or width and height.",
        '"297mm 420mm"',
    ),
    (schema.RawIssue, "template"): KeyDoc(
        "The template set: a folder under `templates/` (see [templates.md](templates.md)).",
        "newsletter",
    ),
    (schema.RawIssue, "punctuation"): KeyDoc(
        "Turn half-width punctuation in Chinese context into full-width marks; every "
        "change is listed. Set `false` for text that is not Chinese.",
        "false",
    ),
    (schema.RawIssue, "autospace"): KeyDoc(
        "Put ¼ em of space between Han characters and Latin letters or digits.", "false"
    ),
    (schema.RawIssue, "masthead"): KeyDoc(
        "Page 1's furniture beside the paper's name, see [Masthead](#masthead).",
        "{publisher: 中共某某区委, registration: CN 41-0001}",
        absent="the name, date and issue only",
    ),
    (schema.RawIssue, "pages"): KeyDoc(
        "The pages of the issue, in the order they are printed.", "[{number: 1, name: 要闻}]"
    ),
    (schema.RawPage, "number"): KeyDoc(
        "Page number (第…版), unique within the issue; page 1 gets the masthead.", "2"
    ),
    (schema.RawPage, "name"): KeyDoc("The page's name (版名), in the running header.", "综合"),
    (schema.RawPage, "editor"): KeyDoc("Editor of the page (责任编辑).", "张三"),
    (schema.RawPage, "credits"): KeyDoc(
        "More credits, printed in the order written.", "{美编: 李四, 校对: 王五}"
    ),
    (schema.RawPage, "items"): KeyDoc(
        "The page's articles and sections in reading order; layout places them top to "
        "bottom, left to right.",
        "[{headline: …, file: …}]",
    ),
    (schema.RawArticle, "kicker"): KeyDoc("Line above the headline (引题).", "抢抓农时 不误春耕"),
    (schema.RawArticle, "headline"): KeyDoc(
        "The headline (主题). Spaces mark the places a Chinese headline may break.",
        "全市春耕备耕有序推进",
    ),
    (schema.RawArticle, "subtitle"): KeyDoc(
        "Line below the headline (副题, a deck).", "已储备化肥12万吨"
    ),
    (schema.RawArticle, "lead"): KeyDoc(
        "Dateline (电头) set before the first paragraph (bold in the default set); a copy "
        "of it already at the start of the text is dropped.",
        "本报讯",
    ),
    (schema.RawArticle, "body"): KeyDoc(
        "The article text in Markdown (CommonMark; raw HTML is shown as text). Give "
        "exactly one of `body` and `file`.",
        "即日起，市图书馆每周开放72小时。",
    ),
    (schema.RawArticle, "file"): KeyDoc(
        "A UTF-8 Markdown file with the article text, relative to the manifest's folder "
        "and inside it. Give exactly one of `body` and `file`.",
        "articles/spring.md",
    ),
    (schema.RawArticle, "bylines"): KeyDoc(
        "Role → name(s), printed in the order written.", "{记者: 唐善普, 通讯员: [苏慧莹, 高浩原]}"
    ),
    (schema.RawArticle, "images"): KeyDoc(
        "Pictures set in the article's body, see [Image](#image).",
        "[{file: img/field.jpg, caption: …}]",
    ),
    (schema.RawArticle, "columns"): KeyDoc(
        "Width of the module in grid columns; more than the page's grid has is an error.",
        "4",
        absent="the full width (of its section)",
    ),
    (schema.RawArticle, "column"): KeyDoc(
        "Grid column the module starts at; `column + columns - 1` must stay on the grid.",
        "1",
        absent="where the layout finds room",
    ),
    (schema.RawArticle, "height"): KeyDoc(
        "Module height: a length, or a number of body lines.",
        "140mm",
        absent="fits the text",
    ),
    (schema.RawArticle, "punctuation"): KeyDoc(
        "Overrides the issue's `punctuation` for this article.", "false", absent="the issue's"
    ),
    (schema.RawArticle, "autospace"): KeyDoc(
        "Overrides the issue's `autospace` for this article.", "false", absent="the issue's"
    ),
    (schema.RawArticle, "jump"): KeyDoc(
        "转版: continue what does not fit on this later page (`auto`: the next page).",
        "3",
        absent="the article stays on its page",
    ),
    (schema.RawArticle, "jump_headline"): KeyDoc(
        "Short headline over the rest on the other page.", "后备力量培育", absent="the headline"
    ),
    (schema.RawArticle, "pullquote"): KeyDoc(
        "A line of the story set large between rules in its columns (the newsletter's "
        "pull quote, the default set's 提要); it is not counted as body text.",
        "“We waited a long time for this.”",
        absent="none",
    ),
    (schema.RawMasthead, "publisher"): KeyDoc("Who publishes the paper (主办).", "中共中原区委"),
    (schema.RawMasthead, "registration"): KeyDoc(
        "The serial number (国内统一连续出版物号).", "CN 41-0001"
    ),
    (schema.RawMasthead, "postal_code"): KeyDoc("The postal distribution code (邮发代号).", "35-1"),
    (schema.RawMasthead, "weather"): KeyDoc("The day's weather (天气).", "晴 −3～8℃ 北风2级"),
    (schema.RawSection, "title"): KeyDoc(
        "The title shown on the banner (栏目).", "聚焦村级后备力量"
    ),
    (schema.RawSection, "columns"): KeyDoc(
        "Width in grid columns; its articles stay within it.",
        "2",
        absent="the full width",
    ),
    (schema.RawSection, "column"): KeyDoc(
        "Grid column the section starts at.", "5", absent="where the layout finds room"
    ),
    (schema.RawSection, "items"): KeyDoc(
        "The articles set under the banner, in reading order (no sections in sections).",
        "[{headline: …, body: …}]",
    ),
    (schema.RawImage, "file"): KeyDoc(
        "The picture (JPEG, PNG …), relative to the manifest's folder and inside it. Aim "
        "for 300 ppi at its printed size: below 200 is a warning, below 150 an error.",
        "img/field.jpg",
    ),
    (schema.RawImage, "caption"): KeyDoc("Caption (图片说明).", "农民在田间查看麦苗长势"),
    (schema.RawImage, "credit"): KeyDoc("Photo credit.", "本报记者 唐善普 摄"),
    (schema.RawImage, "columns"): KeyDoc(
        "Width of the photo in grid columns: 1 sets it in the article's first column; "
        "more spans it across the top of a module that many columns wide. "
        "Default: the compositor's choice.",
        "2",
    ),
}

# Types whose validator is a function of the schema: the function names the type.
VALIDATED: dict[Callable[..., Any], str] = {
    schema._issue_date: "date (`YYYY-MM-DD`)",
    schema._page_size: (
        "size: a preset (" + ", ".join(f"`{name}`" for name in PRESETS) + ") or two lengths"
    ),
    schema._template_name: "name of a template set",
    schema._height: "length (`mm`, `cm`, `in`, `pt`) or integer ≥ 1",
    schema._names: "name or list of names",
    schema._issue_path: "path",
    schema._picture_path: "path of a picture",
    schema._markdown_file: "path of a Markdown file",
}
MODEL_NAMES = {o.model: o.title.lower() for o in OBJECTS}
PLURAL = {"page": "pages", "article": "articles", "section": "sections", "image": "images"}


class UndocumentedKey(Exception):
    """The schema and :data:`KEYS` disagree about which keys exist."""


def describe(annotation: Any, metadata: list[Any] | tuple[Any, ...] = ()) -> str:
    """A reader's name for a type, with its constraints."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *extra = typing.get_args(annotation)
        return describe(base, [*metadata, *extra])
    metadata = [
        inner
        for item in metadata
        for inner in (item.metadata if isinstance(item, FieldInfo) else [item])
    ]
    for item in metadata:
        if isinstance(item, PlainValidator | AfterValidator) and item.func in VALIDATED:
            return VALIDATED[item.func]
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        return " or ".join(describe(option, metadata) for option in options)
    if origin is list:
        (item,) = typing.get_args(annotation)
        return f"list of {_plural(describe(item))}{_length(metadata)}"
    if origin is dict:
        key, value = typing.get_args(annotation)
        return f"mapping of {describe(key)} → {describe(value)}"
    if annotation in MODEL_NAMES:
        name = MODEL_NAMES[annotation]
        return f"[{name}](#{name})"
    if annotation is bool:
        return "`true` or `false`"
    if annotation is int:
        return "integer" + _range(metadata)
    if annotation is str:
        return "text" + _length(metadata)
    raise UndocumentedKey(f"no description for the type {annotation!r}")


def _plural(text: str) -> str:
    for singular, plural in PLURAL.items():
        text = text.replace(f"[{singular}]", f"[{plural}]")
    return text


def _range(metadata: list[Any]) -> str:
    low = next((m.ge for m in metadata if isinstance(m, annotated_types.Ge)), None)
    high = next((m.le for m in metadata if isinstance(m, annotated_types.Le)), None)
    if low is not None and high is not None:
        return f" {low}–{high}"
    return f" ≥ {low}" if low is not None else ""


def _length(metadata: list[Any]) -> str:
    shortest = next((m.min_length for m in metadata if isinstance(m, annotated_types.MinLen)), 0)
    return ", not empty" if shortest else ""


def default(field: FieldInfo, doc: KeyDoc) -> str:
    """What the manifest means without the key."""
    if field.is_required():
        return "**required**"
    if doc.absent:
        return doc.absent
    if field.default_factory is list:
        return "empty"
    if field.default_factory is not None:
        return "none"
    value = field.default
    if value is None:
        return "none"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    return f"`{value}`"


def rows(model: type[BaseModel]) -> list[tuple[str, str, str, str, str]]:
    """Key, type, default, example and meaning of every key of a model, in schema order."""
    found = []
    for name, field in model.model_fields.items():
        doc = KEYS.get((model, name))
        if doc is None:
            raise UndocumentedKey(f"{model.__name__}.{name} has no entry in KEYS")
        key = field.alias or name
        found.append(
            (
                f"`{key}`",
                describe(field.annotation, field.metadata),
                default(field, doc),
                f"`{key}: {doc.example}`",
                doc.meaning,
            )
        )
    return found


def reference() -> str:
    """The whole reference as Markdown."""
    stale = {f"{m.__name__}.{n}" for m, n in KEYS if n not in m.model_fields}
    if stale:
        raise UndocumentedKey(f"KEYS documents keys the schema lacks: {', '.join(sorted(stale))}")
    lines = [
        "# Manifest reference",
        "",
        "<!-- Generated by `python -m layout.manifest.reference > docs/manifest-reference.md`",
        "     from layout/manifest/schema.py; edit KEYS in layout/manifest/reference.py,",
        "     not this file. tests/test_docs.py fails when the two differ. -->",
        "",
        "Every key of `issue.yaml`, by the object it belongs to. Keys are checked strictly: an",
        'unknown key, a value of the wrong YAML type (`number: "2"` is text) or a missing',
        "required key is an error with its file, line and column. See [manifest.md](manifest.md)",
        "for a complete example and the error messages.",
        "",
        "Lengths are a number and a unit: `mm`, `cm`, `in` or `pt` (`120mm`, `5in`). Paths are",
        "relative to the manifest's folder and must stay inside it.",
        "",
    ]
    lines += [f"- [{o.title}](#{o.title.lower()})" for o in OBJECTS]
    for obj in OBJECTS:
        lines += ["", f"## {obj.title}", "", obj.intro, ""]
        lines += ["| key | type | default | example | meaning |", "|---|---|---|---|---|"]
        lines += ["| " + " | ".join(cells) + " |" for cells in rows(obj.model)]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(reference(), end="")
