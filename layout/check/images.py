"""Pictures: every one must be on the page, sharp enough at its printed size.

WeasyPrint leaves out a picture it cannot read without failing the render,
so every ``<img>`` of the page's HTML is looked for among the laid-out
boxes. Print needs about 300 ppi; newsprint's screen forgives less, so
below 200 ppi at the placed size is a warning, below 150 ppi an error.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit
from xml.etree.ElementTree import Element

from PIL import Image, ImageFile, UnidentifiedImageError

from layout.check.findings import Area, Finding, Severity
from layout.render.fetcher import NotARegularFile, read_regular
from layout.render.layout_tree import (
    PT_PER_PX,
    Box,
    ReplacedBox,
    border_rect,
    page_size,
    pixels,
    walk,
)

WARN_PPI = 200
ERROR_PPI = 150


def image_findings(page: int, page_box: Box, titles: dict[str, str], root: Path) -> list[Finding]:
    """Unreadable pictures and pictures below the resolution thresholds, in page order."""
    placed: dict[int, list[ReplacedBox]] = {}
    for box in walk(page_box):
        if isinstance(box, ReplacedBox) and box.element is not None:
            placed.setdefault(id(box.element), []).append(box)
    html = next(box.element for box in walk(page_box) if box.element_tag == "html")
    findings = []
    for key, element in _images(html, None):
        src = element.get("src") or ""
        path = _path(urljoin(root.as_uri() + "/", src))
        shown = str(path.relative_to(root)) if path and path.is_relative_to(root) else src
        boxes = placed.get(id(element), [])
        areas = tuple(Area.on_page(page_size(page_box), *border_rect(box)) for box in boxes)
        problems = [_resolution(box, shown) for box in boxes]
        if boxes and (damage := _damaged(path, root)):
            message = f"image {shown}: damaged ({damage}), it would print partly grey"
            problems.append((Severity.ERROR, "image-damaged", message, {}))
        if not boxes:
            reason = _unreadable(path, root) if path else "not a local file"
            problems.append(
                (Severity.ERROR, "image-unreadable", f"image {shown}: {reason}, not shown", {})
            )
        findings += [
            Finding(
                page=page,
                severity=severity,
                code=code,
                key=key,
                headline=titles.get(key) if key else None,
                message=message,
                details={"file": shown, **details},
                areas=areas,
            )
            for severity, code, message, details in filter(None, problems)
        ]
    return findings


def _resolution(box: ReplacedBox, shown: str) -> tuple[Severity, str, str, dict[str, Any]] | None:
    """A raster picture's resolution problem; vector pictures have no resolution."""
    size = pixels(box)
    if size is None or box.width <= 0 or box.height <= 0:
        return None
    ppi = _ppi(box, size)
    if ppi >= WARN_PPI:
        return None
    severity, limit = (
        (Severity.ERROR, ERROR_PPI) if ppi < ERROR_PPI else (Severity.WARNING, WARN_PPI)
    )
    width_mm = box.width * PT_PER_PX * 25.4 / 72
    message = (
        f"image {shown}: {ppi:.0f} ppi at {width_mm:.0f} mm wide "
        f"({size[0]}×{size[1]} px), below {limit} ppi"
    )
    details = {
        "ppi": round(ppi, 1),
        "pixels": list(size),
        "width_mm": round(width_mm, 1),
    }
    return severity, "image-resolution", message, details


def _ppi(box: ReplacedBox, size: tuple[int, int]) -> float:
    """Pixels per inch of a placed raster picture, along its less dense axis."""
    inches_wide = box.width * PT_PER_PX / 72
    inches_high = box.height * PT_PER_PX / 72
    return min(size[0] / inches_wide, size[1] / inches_high)


def _images(element: Element, key: str | None) -> Iterator[tuple[str | None, Element]]:
    """Every ``<img>`` with the manifest key of the module it is in."""
    key = element.get("data-key") or key
    if element.tag == "img":
        yield key, element
    for child in element:
        yield from _images(child, key)


def _path(url: str) -> Path | None:
    parts = urlsplit(url)
    return Path(unquote(parts.path)) if parts.scheme == "file" else None


def _unreadable(path: Path, root: Path) -> str:
    """Why WeasyPrint left the picture out, in Pillow's words where it has some; a
    picture outside the issue is never opened."""
    if not path.resolve().is_relative_to(root.resolve()):
        return "outside the issue folder"
    try:
        data = read_regular(path.resolve())
    except FileNotFoundError:
        return "file not found"
    except NotARegularFile:
        return "not a regular file (a pipe, a device or a folder)"
    except OSError as error:
        return error.strerror or str(error)
    buffer = io.BytesIO(data)
    try:
        with Image.open(buffer) as image:
            image.verify()
    except (OSError, SyntaxError) as error:  # what Pillow raises for bad image data
        return f"cannot be read ({_pillow_words(error, buffer, path)})"
    return "could not be loaded"


def _pillow_words(error: Exception, buffer: io.BytesIO, path: Path) -> str:
    """Pillow's message, naming the file by its name (not the buffer it was read into)."""
    return str(error).replace(repr(buffer), repr(path.name)).replace(str(path), path.name)


def _damaged(path: Path | None, root: Path) -> str | None:
    """What is wrong with a picture that was placed but cannot be decoded whole: a
    truncated JPEG is printed with its missing part grey, without a word."""
    if path is None or not path.resolve().is_relative_to(root.resolve()):
        return None
    try:
        data = read_regular(path.resolve())
    except OSError:
        return None
    forgiving = ImageFile.LOAD_TRUNCATED_IMAGES  # WeasyPrint sets it for the whole process
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    buffer = io.BytesIO(data)
    try:
        with Image.open(buffer) as image:
            image.load()
    except UnidentifiedImageError:  # no raster picture (SVG): WeasyPrint's own to draw
        return None
    except (OSError, SyntaxError, ValueError) as error:
        return _pillow_words(error, buffer, path)
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = forgiving
    return None
