"""Headline sizes that fit: a phrase of a headline is never broken.

Editors break a Chinese headline only between phrases. When one phrase is
wider than its module, the headline goes down in 字号 steps until the
phrase fits on one line, as a make-up editor would set it.
"""

from __future__ import annotations

from weasyprint.formatting_structure.boxes import Box, InlineBlockBox, LineBox, TextBox

from layout.render.layout_tree import PT_PER_PX, walk

# 字号 in points, largest first: 初号 … 五号.
ZIHAO = (42.0, 36.0, 26.0, 24.0, 22.0, 18.0, 16.0, 15.0, 14.0, 12.0, 10.5)


def fitting_size(header: Box) -> float | None:
    """A smaller 字号 for the headline in this header if one of its phrases wraps."""
    headline = next((b for b in walk(header) if b.element_tag == "h1"), None)
    if headline is None:
        return None
    width = headline.width
    size = headline.style["font_size"]  # px
    needed = width
    for phrase in walk(headline):
        if isinstance(phrase, InlineBlockBox):
            lines = [line for line in phrase.children if isinstance(line, LineBox)]
            if len(lines) > 1:
                text = "".join(t.text for t in walk(phrase) if isinstance(t, TextBox))
                needed = max(needed, _natural_width(text, size))
    if needed <= width:
        return None
    target = size * width / needed * PT_PER_PX
    return next((step for step in ZIHAO if step <= target), ZIHAO[-1])


def _natural_width(text: str, size: float) -> float:
    """Full-width characters take one em, others about half."""
    return sum(size if ord(ch) >= 0x2E80 else size * 0.55 for ch in text)
