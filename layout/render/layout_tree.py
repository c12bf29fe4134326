"""Reading WeasyPrint's layout tree (an internal API, pinned with WeasyPrint).

Templates mark the parts of a module with ``data-key`` (the manifest key of
the article) and ``data-part`` (module, header, body).
"""

from __future__ import annotations

from collections.abc import Iterator

from weasyprint.formatting_structure.boxes import Box, ParentBox

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
