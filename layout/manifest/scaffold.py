"""A new issue folder that builds as it is: a commented manifest, one article, one picture.

The manifest is the documentation an editor actually opens, so every key an
issue commonly needs is written out with a comment in newspaper terms; the
keys used less often are there commented out, ready to switch on. Its words
are the template set's (``templates/NAME/scaffold/``), in the set's language.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from pathlib import Path
from string import Template

from PIL import Image, ImageDraw

from layout.manifest.importer import yaml_scalar

ARTICLE = "articles/01-example.md"
IMAGE = "images/placeholder.jpg"
IMAGE_SIZE = (1200, 800)


def placeholder_jpeg(size: tuple[int, int] = IMAGE_SIZE) -> bytes:
    """A grey picture with a crossed frame: plainly a stand-in, yet a real JPEG to lay out."""
    width, height = size
    image = Image.new("L", size, 170)
    draw = ImageDraw.Draw(image)
    margin = min(size) // 20
    box = (margin, margin, width - margin, height - margin)
    draw.rectangle(box, outline=120, width=4)
    draw.line(box, fill=120, width=4)
    draw.line((box[0], box[3], box[2], box[1]), fill=120, width=4)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def scaffold_files(
    scaffold: Path, template: str, size: str, paper: str, issue: int, date: dt.date
) -> dict[str, str | bytes]:
    """Every file of a new issue folder, by relative path, from a template set's
    ``scaffold`` folder (its own, or that of a set it extends): its ``issue.yaml``
    (``$template``, ``$size``, ``$paper``, ``$issue``, ``$date``, ``$article`` and
    ``$image`` filled in) and ``article.md``, in its language."""
    manifest = Template((scaffold / "issue.yaml").read_text(encoding="utf-8")).substitute(
        template=yaml_scalar(template),
        size=yaml_scalar(size),
        paper=yaml_scalar(paper),
        issue=yaml_scalar(issue),
        date=yaml_scalar(date),
        article=ARTICLE,
        image=IMAGE,
    )
    article = (scaffold / "article.md").read_text(encoding="utf-8")
    return {"issue.yaml": manifest, ARTICLE: article, IMAGE: placeholder_jpeg()}


def write_folder(folder: Path, files: Mapping[str, str | bytes]) -> None:
    """Write ``files`` (relative path → text or bytes) into ``folder``, making folders."""
    for path, content in files.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
