"""Pictures: their proportions read from their headers, and pictures inside a body
set on the line grid.

A picture an editor puts in a body (a Markdown image) on a paragraph of its own
is set as a block the width of a column, cropped to whole body lines, so the
text below it stays on the grid the columns beside it keep; at its own size it
could be wider than the column or taller than the page, and push the rest of
the page off it. One inside a line of text (a mark, an icon) is set the
height of the text, so the line keeps its place on the grid too.
"""

from __future__ import annotations

import dataclasses
import html
import io
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from markupsafe import Markup
from PIL import Image as PILImage

from layout.render.fetcher import read_regular
from layout.render.geometry import Grid
from layout.typeset.article import TypesetArticle

DEFAULT_ASPECT = 4 / 3  # width / height of a picture whose size cannot be read
MAX_LINES = 16  # a picture in a body is cropped to at most this many lines
_IMG = re.compile(r'<img src="(?P<src>[^"]*)"')  # as the body's Markdown renderer writes it
_ALONE = re.compile(r"<p>\s*<img [^>]*/>\s*</p>\s*")  # a paragraph that is a picture only


def picture_size(path: Path) -> tuple[float, tuple[int, int] | None]:
    """Width / height and pixels, without decoding the picture (nor opening a FIFO)."""
    try:
        with PILImage.open(io.BytesIO(read_regular(path))) as picture:
            width, height = picture.size
    except (OSError, ValueError, PILImage.DecompressionBombError):
        return DEFAULT_ASPECT, None
    if not width or not height:
        return DEFAULT_ASPECT, None
    return width / height, (width, height)


def local_file(root: Path, source: str) -> Path | None:
    """The file in the issue folder that a ``src`` of the typeset HTML (escaped, relative
    to the issue folder) names; None for another kind of URL (``data:``, ``http:``)."""
    parts = urlsplit(html.unescape(source))
    return root / unquote(parts.path) if parts.scheme in ("", "file") else None


def body_pictures_on_grid(article: TypesetArticle, grid: Grid, root: Path) -> TypesetArticle:
    """The article with each picture of its body on a paragraph of its own a column wide
    and whole lines high, and each in a line of text as high as the text."""
    if not any("<img " in block for block in article.blocks):
        return article

    def gridded(match: re.Match[str]) -> str:
        local = local_file(root, match["src"])
        aspect = picture_size(local)[0] if local is not None else DEFAULT_ASPECT
        lines = max(2, min(MAX_LINES, round(grid.column_width / aspect / grid.line_pitch)))
        height = lines * grid.line_pitch
        return f'<img class="in-body" style="height: {height}pt" src="{match["src"]}"'

    def in_line(match: re.Match[str]) -> str:
        return f'<img class="in-line" src="{match["src"]}"'

    blocks = tuple(
        Markup(_IMG.sub(gridded if _ALONE.fullmatch(str(block)) else in_line, str(block)))
        for block in article.blocks
    )
    return dataclasses.replace(article, blocks=blocks)
