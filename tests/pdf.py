"""Reading our PDFs back with a real PDF library, for assertions."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pypdfium2 as pdfium

MM = 72 / 25.4


def page_texts(path: Path) -> list[str]:
    """Each page's text layer with all white space removed."""
    reader = pypdf.PdfReader(path)
    return [re.sub(r"\s+", "", page.extract_text()) for page in reader.pages]


def page_sizes_mm(path: Path) -> list[tuple[float, float]]:
    """Each page's size: its TrimBox, the MediaBox less bleed and marks."""
    reader = pypdf.PdfReader(path)
    return [
        (round(float(p.trimbox.width) / MM, 1), round(float(p.trimbox.height) / MM, 1))
        for p in reader.pages
    ]


def fonts(path: Path) -> dict[str, bool]:
    """Every font used on any page, and whether its program is embedded."""
    found: dict[str, bool] = {}

    def visit(font: pypdf.generic.DictionaryObject) -> None:
        font = font.get_object()
        for descendant in font.get("/DescendantFonts", []):
            visit(descendant)
        descriptor = font.get("/FontDescriptor")
        if descriptor is not None:
            descriptor = descriptor.get_object()
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font["/BaseFont"])] = embedded

    for page in pypdf.PdfReader(path).pages:
        resources = page.get("/Resources", {})
        for font in resources.get("/Font", {}).values():
            visit(font)
    return found


def glyph_lines(path: Path, page: int = 0) -> dict[str, set[int]]:
    """For each character on a page, the (rounded) baselines it is drawn on, from pdfium."""
    text_page = pdfium.PdfDocument(path)[page].get_textpage()
    found: dict[str, set[int]] = {}
    for index in range(text_page.count_chars()):
        char = text_page.get_text_range(index, 1)
        if char.strip():
            found.setdefault(char, set()).add(round(text_page.get_charbox(index, loose=True)[1]))
    return found


def white_share(
    path: Path,
    columns: list[tuple[float, float]],
    top: float,
    bottom: float,
    tall: float,
    page: int = 0,
) -> float:
    """Share of a type area (``columns`` as (left, right) pt, ``top``–``bottom`` pt, from
    the page's top edge) in vertical runs taller than ``tall`` pt without a pixel of ink
    (grey below 160 at 72 dpi, one pixel a point)."""
    picture = pdfium.PdfDocument(path)[page].render(scale=1, grayscale=True).to_pil()
    pixels = picture.load()
    white = 0.0
    for left, right in columns:
        xs = range(int(left) + 1, int(right) - 1)
        run = 0
        for y in range(int(top), int(bottom) + 1):
            if y < int(bottom) and not any(pixels[x, y] < 160 for x in xs):
                run += 1
                continue
            if run >= tall:
                white += run * (right - left)
            run = 0
    return white / ((bottom - top) * sum(right - left for left, right in columns))
