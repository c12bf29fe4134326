"""An article made ready for the templates: Chinese text rules applied once.

Everything a template shows is produced here as safe HTML, together with
the plain text a reader must find on the page (checked against the PDF)
and every punctuation mark the build changed (reported to the editor).
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from layout.manifest import Article, Byline
from layout.typeset.body import plain_text, render_blocks
from layout.typeset.headline import headline_html, headline_text
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

    @property
    def body(self) -> Markup:
        return Markup("").join(self.blocks)


def typeset_article(article: Article) -> TypesetArticle:
    changes: list[tuple[str, PunctuationChange]] = []

    def fix(field: str, text: str | None) -> str | None:
        if text is None or not article.punctuation:
            return text
        fixed, changed = to_fullwidth(text)
        changes.extend((field, change) for change in changed)
        return fixed

    headline = fix("headline", article.headline) or ""
    kicker = fix("kicker", article.kicker)
    subtitle = fix("subtitle", article.subtitle)
    body = fix("body", article.body) or ""
    lead = article.lead
    images = tuple(
        TypesetImage(image.file.as_uri(), fix("caption", image.caption), image.credit)
        for image in article.images
    )
    text_parts = [
        headline_text(kicker) if kicker else "",
        headline_text(headline),
        headline_text(subtitle) if subtitle else "",
        plain_text(body, lead=lead),
        *(f"{b.role}{''.join(b.names)}" for b in article.bylines),
    ]
    return TypesetArticle(
        key=article.key,
        headline=Markup(headline_html(headline)),
        headline_plain=headline_text(headline),
        kicker=Markup(headline_html(kicker)) if kicker else None,
        subtitle=Markup(headline_html(subtitle)) if subtitle else None,
        blocks=tuple(
            Markup(block) for block in render_blocks(body, lead=lead, autospace=article.autospace)
        ),
        bylines=tuple(article.bylines),
        images=images,
        text="".join(text_parts),
        changes=tuple(changes),
    )
