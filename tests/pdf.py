"""Reading our PDFs back with a real PDF library, for assertions."""

from __future__ import annotations

import itertools
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


def han_lines(path: Path) -> list[tuple[str, list[float]]]:
    """Every body line of every page as (text, extra space between each two adjacent
    Han characters, in em), from pdfium's glyph origins alone.

    A Han glyph's loose box is one em wide; body glyphs are those of the most common
    em. A line is a run of them on one baseline, no two more than 1.5 em apart
    (gutters are an em and more).
    """
    import ctypes

    from pypdfium2 import raw

    han = re.compile(r"[\u3400-\u9fff]")
    document = pdfium.PdfDocument(path)
    lines: list[tuple[str, list[float]]] = []
    try:
        for page in document:
            textpage = page.get_textpage()
            x, y = ctypes.c_double(), ctypes.c_double()
            glyphs = []
            for i in range(textpage.count_chars()):
                char = chr(raw.FPDFText_GetUnicode(textpage.raw, i))
                if not char.strip() or raw.FPDFText_IsGenerated(textpage.raw, i) == 1:
                    continue
                raw.FPDFText_GetCharOrigin(textpage.raw, i, x, y)
                left, _, right, _ = textpage.get_charbox(i, loose=True)
                glyphs.append((char, x.value, y.value, round(right - left, 1)))
            ems = [em for char, _, _, em in glyphs if han.match(char)]
            if not ems:
                continue
            body = max(set(ems), key=ems.count)
            rows: list[list[tuple[str, float, float]]] = []
            top = None
            body_glyphs = [g for g in glyphs if abs(g[3] - body) < 0.3 or not han.match(g[0])]
            for char, left, baseline, em in sorted(body_glyphs, key=lambda g: g[2]):
                if top is None or baseline - top > 1:  # a new baseline
                    rows.append([])
                    top = baseline
                rows[-1].append((char, left, em))
            for row in rows:
                row.sort(key=lambda g: g[1])
                segment = [row[0]]
                for glyph in [*row[1:], None]:
                    if glyph is not None and glyph[1] - segment[-1][1] < 1.5 * body:
                        segment.append(glyph)
                        continue
                    gaps = [
                        (b[1] - a[1]) / body - 1
                        for a, b in itertools.pairwise(segment)
                        if han.match(a[0]) and han.match(b[0])
                    ]
                    if any(han.match(c) for c, _, _ in segment):
                        lines.append(("".join(c for c, _, _ in segment), gaps))
                    segment = [glyph] if glyph is not None else []
    finally:
        document.close()
    return lines


def loose(lines: list[tuple[str, list[float]]], limit: float = 0.15) -> list[str]:
    """The lines whose Han characters are spread more than ``limit`` em (median gap)."""
    return [text for text, gaps in lines if len(gaps) >= 4 and sorted(gaps)[len(gaps) // 2] > limit]


def char_boxes(path: Path, page: int = 0) -> list[tuple[str, float, float, float, float]]:
    """Every visible character as (char, left, top, right, bottom) in fractions of the
    trimmed page from its top left, as a finding's areas are given."""
    pdf_page = pdfium.PdfDocument(path)[page]
    left, bottom, right, top = pdf_page.get_trimbox()
    text_page = pdf_page.get_textpage()
    boxes = []
    for index in range(text_page.count_chars()):
        char = text_page.get_text_range(index, 1)
        if char.strip():
            x0, y0, x1, y1 = text_page.get_charbox(index)
            width, height = right - left, top - bottom
            boxes.append(
                (
                    char,
                    (x0 - left) / width,
                    (top - y1) / height,
                    (x1 - left) / width,
                    (top - y0) / height,
                )
            )
    return boxes
