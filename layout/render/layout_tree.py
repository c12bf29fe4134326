"""Reading WeasyPrint's layout tree and the Pango runs under it.

Both are internal APIs, pinned with WeasyPrint: this module is the one place
outside the justification patch (:mod:`layout.render.justify`) and the PDF
font patch (:func:`layout.render.engine.install_font_data_on_demand`) that
reads them, so a new WeasyPrint is ported here. Checks and measures use the box
classes re-exported from here and the functions below.

Templates mark the parts of a module with ``data-key`` (the manifest key of
the article) and ``data-part`` (module, header, body).
"""

from __future__ import annotations

from collections.abc import Iterator

from weasyprint import Page
from weasyprint.formatting_structure.boxes import Box, LineBox, ParentBox, ReplacedBox, TextBox
from weasyprint.images import RasterImage
from weasyprint.text.ffi import ffi, pango

__all__ = [
    "PT_PER_PX",
    "Box",
    "LineBox",
    "ParentBox",
    "ReplacedBox",
    "TextBox",
    "border_rect",
    "marked",
    "page_box",
    "page_size",
    "part_boxes",
    "pixels",
    "shaped",
    "walk",
]

PT_PER_PX = 0.75  # the layout tree is in CSS px; the grid is in pt


def marked(box: Box) -> tuple[str, str] | None:
    element = box.element
    if element is None or box.element_tag is None:
        return None
    key, part = element.get("data-key"), element.get("data-part")
    return (key, part) if key and part else None


Parts = dict[tuple[str, str], Box]  # (manifest key, part): its box


def part_boxes(page_box: Box) -> Parts:
    """The first (outermost) box of every marked part."""
    found: Parts = {}
    for box in walk(page_box):
        mark = marked(box)
        if mark and mark not in found:
            found[mark] = box
    return found


def walk(box: Box) -> Iterator[Box]:
    yield box
    if isinstance(box, ParentBox):
        for child in box.children:
            yield from walk(child)


def border_rect(box: Box) -> tuple[float, float, float, float]:
    """The box's border box on its page: left, top, width and height in pt."""
    return (
        box.border_box_x() * PT_PER_PX,
        box.border_box_y() * PT_PER_PX,
        box.border_width() * PT_PER_PX,
        box.border_height() * PT_PER_PX,
    )


def page_size(page_box: Box) -> tuple[float, float]:
    """The page box (the trimmed page) in pt."""
    return page_box.margin_width() * PT_PER_PX, page_box.margin_height() * PT_PER_PX


def page_box(page: Page) -> Box:
    """The root of a laid-out page's box tree."""
    return page._page_box


def pixels(box: ReplacedBox) -> tuple[int, int] | None:
    """A placed raster picture's size in pixels; None for a vector picture."""
    image = box.replacement
    return (image.width, image.height) if isinstance(image, RasterImage) else None


def shaped(box: TextBox) -> list[tuple[str, str | None]]:
    """Each character of the box with the family Pango shaped it in (None: no glyph)."""
    layout = box.pango_layout
    layout.reactivate(box.style)  # WeasyPrint drops the Pango layout after line breaking
    try:
        line = pango.pango_layout_get_line_readonly(layout.layout, 0)
        utf8 = layout.text.encode()
        found: list[tuple[str, str | None]] = []
        run = line.runs
        while run != ffi.NULL:
            glyph_item = ffi.cast("PangoGlyphItem *", run.data)
            run = run.next
            item, glyphs = glyph_item.item, glyph_item.glyphs
            tofu = {
                glyph & ~pango.PANGO_GLYPH_UNKNOWN_FLAG
                for glyph in (glyphs.glyphs[i].glyph for i in range(glyphs.num_glyphs))
                if glyph & pango.PANGO_GLYPH_UNKNOWN_FLAG
            }
            family = _family(item.analysis.font)
            text = utf8[item.offset : item.offset + item.length].decode()
            found += [(c, None if ord(c) in tofu else family) for c in text]
        return found
    finally:
        layout.deactivate()


def _family(font: object) -> str:
    description = pango.pango_font_describe_with_absolute_size(font)
    try:
        return ffi.string(pango.pango_font_description_get_family(description)).decode()
    finally:
        pango.pango_font_description_free(description)
