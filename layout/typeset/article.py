"""An article made ready for the templates: Chinese text rules applied once.

Everything a template shows is produced here as safe HTML, together with
the plain text a reader must find on the page (checked against the PDF)
and every punctuation mark the build changed (reported to the editor).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from markupsafe import Markup

from layout.manifest import Article, Byline
from layout.typeset.body import (
    Body,
    counted,
    mark_text,
    plain_text,
    render_blocks,
    split_blocks,
)
from layout.typeset.headline import headline_html, headline_text
from layout.typeset.latin import smart
from layout.typeset.punctuation import PunctuationChange, to_fullwidth


@dataclass(frozen=True)
class TypesetImage:
    url: str
    caption: str | None
    credit: str | None


@dataclass(frozen=True)
class TypesetArticle:
    key: str
    headline: Markup
    headline_plain: str
    kicker: Markup | None
    subtitle: Markup | None
    blocks: tuple[Markup, ...]  # the body's paragraphs, headings and lists
    bylines: tuple[Byline, ...]
    images: tuple[TypesetImage, ...]
    text: str  # headline to last byline, as a reader finds it on the page
    changes: tuple[tuple[str, PunctuationChange], ...]  # (field, change)
    source: Body  # what the blocks were made from, to cut them for a jump
    jump_to: int | None = None  # this part ends with （下转第N版）
    jump_from: int | None = None  # this part is the rest, under （上接第M版）
    pullquote: Markup | None = None  # set at the head of the body, after photos in its column

    @property
    def body(self) -> Markup:
        return Markup("").join(self.blocks)


def typeset_article(article: Article, *, latin: bool = False) -> TypesetArticle:
    """The article's text rules applied: Chinese punctuation made full width, or in
    ``latin`` copy (the template set's language) quotes and dashes made typographic."""
    changes: list[tuple[str, PunctuationChange]] = []

    def fix(field: str, text: str | None) -> str | None:
        if text is None or not article.punctuation:
            return text
        if latin:
            return smart(text)
        fixed, changed = to_fullwidth(text)
        changes.extend((field, change) for change in changed)
        return fixed

    headline = fix("headline", article.headline) or ""
    kicker = fix("kicker", article.kicker)
    subtitle = fix("subtitle", article.subtitle)
    quote = fix("pullquote", article.pullquote)
    pullquote = None
    if quote:
        marked = mark_text(quote, autospace=article.autospace and not latin, latin=latin)
        pullquote = Markup(f'<blockquote class="pullquote"><p>{marked}</p></blockquote>')
    # Latin bodies are made typographic by their Markdown parser, which knows code
    body = (article.body if latin else fix("body", article.body)) or ""
    source = Body(body, article.lead, article.autospace, latin, latin and article.punctuation)
    images = tuple(
        TypesetImage(
            image.file.as_uri(),
            fix("caption", image.caption),
            fix("credit", image.credit) if latin else image.credit,
        )
        for image in article.images
    )
    text_parts = [
        headline_text(kicker) if kicker else "",
        headline_text(headline),
        headline_text(subtitle) if subtitle else "",
        plain_text(source),
        *(f"{b.role}{''.join(b.names)}" for b in article.bylines),
    ]
    return TypesetArticle(
        key=article.key,
        headline=Markup(headline_html(headline)),
        headline_plain=headline_text(headline),
        kicker=Markup(headline_html(kicker)) if kicker else None,
        subtitle=Markup(headline_html(subtitle)) if subtitle else None,
        blocks=tuple(Markup(block) for block in render_blocks(source)),
        bylines=tuple(article.bylines),
        images=images,
        text="".join(text_parts),
        changes=tuple(changes),
        source=source,
        pullquote=pullquote,
    )


def first_part(article: TypesetArticle, at: int, to_page: int) -> TypesetArticle:
    """The article to its body's ``at``-th character, ending with the line that says
    where the rest is; its bylines go with the rest."""
    source = article.source
    blocks, _ = split_blocks(source, at)
    plain = plain_text(source)
    header = article.text[: len(article.text) - len(plain) - len(_names(article))]
    return dataclasses.replace(
        article,
        blocks=tuple(Markup(b) for b in blocks),
        bylines=(),
        text=header + _prefix(plain, at),
        jump_to=to_page,
    )


def rest_part(
    article: TypesetArticle, at: int, from_page: int, headline: str | None
) -> TypesetArticle:
    """The article from its body's ``at``-th character on, under a short headline
    (``headline``, else the article's) and the line that says where it began."""
    source = article.source
    _, blocks = split_blocks(source, at)
    title = headline or article.headline_plain
    plain = plain_text(source)
    rest = plain[len(_prefix(plain, at)) :]
    return dataclasses.replace(
        article,
        headline=Markup(headline_html(title)),
        headline_plain=headline_text(title),
        kicker=None,
        subtitle=None,
        blocks=tuple(Markup(b) for b in blocks),
        images=(),
        text=headline_text(title) + rest + _names(article),
        changes=(),
        jump_from=from_page,
        pullquote=None,
    )


def continuation(article: Article) -> Article:
    """The page item the rest of a jumped article is placed as: its own key and place
    in the manifest, a short headline, no photos, the compositor's to size."""
    return dataclasses.replace(
        article,
        kicker=None,
        headline=article.jump_headline or article.headline,
        subtitle=None,
        lead=None,
        images=[],
        columns=None,
        column=None,
        height=None,
        jump=None,
        pullquote=None,
    )


def _names(article: TypesetArticle) -> str:
    return "".join(f"{b.role}{''.join(b.names)}" for b in article.bylines)


def _prefix(text: str, visible: int) -> str:
    """The start of text holding ``visible`` characters that are not white space."""
    count = 0
    for index, char in enumerate(text):
        if counted(char):
            if count == visible:
                return text[:index]
            count += 1
    return text
