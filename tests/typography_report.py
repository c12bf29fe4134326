"""Measure the Chinese text rules on laid-out pages, line by line (a test instrument).

What a Chinese editor sees at a glance, counted from the layout tree: lines
of justified paragraphs that end short of the column edge, lines that start
with closing or end with opening punctuation, and paragraphs whose last
line holds a single character (孤字).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from weasyprint.formatting_structure.boxes import BlockBox, Box, LineBox, TextBox

from layout.render.layout_tree import PT_PER_PX, marked, walk
from layout.typeset.punctuation import CJK_PUNCT, CLOSING, OPENING

FLUSH_TOLERANCE = 0.5  # pt


@dataclass(frozen=True)
class Line:
    key: str  # the article
    text: str
    short_by: float  # pt between the line's last glyph and the column edge
    last_of_paragraph: bool


@dataclass
class TypographyReport:
    lines: list[Line] = field(default_factory=list)

    @property
    def checked(self) -> list[Line]:
        """Lines that must be flush: all but each paragraph's last."""
        return [line for line in self.lines if not line.last_of_paragraph]

    @property
    def not_flush(self) -> list[Line]:
        return [line for line in self.checked if abs(line.short_by) > FLUSH_TOLERANCE]

    @property
    def closing_at_start(self) -> list[Line]:
        return [line for line in self.lines if line.text[:1] in CLOSING]

    @property
    def opening_at_end(self) -> list[Line]:
        return [line for line in self.checked if line.text[-1:] in OPENING]

    @property
    def lone_characters(self) -> list[Line]:
        """Paragraph last lines with a single character besides punctuation (孤字)."""
        return [
            line
            for line in self.lines
            if line.last_of_paragraph and len([c for c in line.text if c not in CJK_PUNCT]) == 1
        ]


def measure_typography(page_box: Box) -> TypographyReport:
    """Every line of every justified body paragraph of a page, in reading order."""
    report = TypographyReport()
    for body in _bodies(page_box):
        fragments: dict[int, list[BlockBox]] = {}
        for box in walk(body[1]):
            if isinstance(box, BlockBox) and box.element_tag == "p" and _justified(box):
                fragments.setdefault(id(box.element), []).append(box)
        for parts in fragments.values():
            lines = [
                (part.content_box_x() + part.width, line)
                for part in parts
                for line in part.children
                if isinstance(line, LineBox)
            ]
            for index, (edge, line) in enumerate(lines):
                text = "".join(t.text for t in walk(line) if isinstance(t, TextBox))
                report.lines.append(
                    Line(
                        key=body[0],
                        text=text.strip(),
                        short_by=(edge - _glyphs_right(line)) * PT_PER_PX,
                        last_of_paragraph=index == len(lines) - 1,
                    )
                )
    return report


def _bodies(page_box: Box) -> list[tuple[str, Box]]:
    found, seen = [], set()
    for box in walk(page_box):
        mark = marked(box)
        if mark and mark[1] == "body" and id(box.element) not in seen:
            seen.add(id(box.element))
            found.append((mark[0], box))
    return found


def _justified(box: Box) -> bool:
    return box.style["text_align_all"] == "justify"


def _glyphs_right(box: Box) -> float:
    ends = [t.position_x + t.width for t in walk(box) if isinstance(t, TextBox) and t.text.strip()]
    return max(ends, default=box.position_x)
