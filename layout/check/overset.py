"""Overset text: what WeasyPrint lays out but clips without a word.

Text that does not fit a module's fixed-height body flows into extra
columns to the right of it, or below its foot, and is hidden by the
module's ``overflow: hidden``. In the layout tree every such text box lies
outside the rectangle of the part (body or module) that holds it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from layout.check.findings import quoted
from layout.compose.model import PARAGRAPH_CUT_LINES
from layout.render.layout_tree import (
    Box,
    LineBox,
    ParentBox,
    TextBox,
    marked,
    part_boxes,
    walk,
)
from layout.typeset.body import normalized

TOLERANCE = 0.5  # pt


@dataclass(frozen=True)
class Overset:
    page: int
    key: str
    headline: str
    characters: int
    lines: int  # 0: the article found no room on the page at all

    @property
    def message(self) -> str:
        if not self.lines:
            return f"no room left on the page, all {self.characters} characters not shown"
        return (
            f"overset text: cut {self.characters} characters ({self.lines} lines), "
            "or continue it on another page (`jump: N` on the article)"
        )

    def __str__(self) -> str:
        return f"page {self.page}: {self.key} {quoted(self.headline)}: {self.message}"


@dataclass(frozen=True)
class _Clip:
    mark: tuple[str, str]
    left: float
    top: float
    right: float
    bottom: float

    @property
    def key(self) -> str:
        return self.mark[0]

    def hides(self, box: Box, line: LineBox | None) -> bool:
        """Whether the box lies outside; vertically a text's line counts, not its glyph
        box (a digit in a Latin face reaches below a line of the pitch)."""
        tall = line if line is not None else box
        return (
            box.position_x + box.width > self.right + TOLERANCE
            or tall.position_y + tall.height > self.bottom + TOLERANCE
            or box.position_x < self.left - TOLERANCE
        )


def find_overset(
    page_box: Box, page_number: int, headlines: dict[str, str], *, spilled: bool = False
) -> list[Overset]:
    """Every article with text outside its module, in reading order.

    ``spilled``: the page box is one WeasyPrint added after the newspaper
    page, and all text on it is lost.
    """
    hidden: dict[str, tuple[int, set[int]]] = {}

    def visit(box: Box, clip: _Clip | None, line: LineBox | None) -> None:
        mark = marked(box)
        # Column boxes repeat their body's mark: only the outermost box clips.
        if mark and mark[1] in ("module", "header", "body") and (clip is None or clip.mark != mark):
            clip = _Clip(
                mark,
                box.border_box_x(),
                box.border_box_y(),
                box.border_box_x() + box.border_width(),
                box.border_box_y() + box.border_height(),
            )
        if isinstance(box, LineBox):
            line = box
        lost = clip is not None and clip.key in headlines and (spilled or clip.hides(box, line))
        if isinstance(box, TextBox) and lost and clip is not None:
            characters, lines = hidden.setdefault(clip.key, (0, set()))
            shown = len(normalized(_copy_text(box)))
            lines.add(id(line))
            hidden[clip.key] = (characters + shown, lines)
        if isinstance(box, ParentBox):
            for child in box.children:
                visit(child, clip, line)

    visit(page_box, None, None)
    return [
        Overset(page_number, key, headlines[key], characters, len(lines))
        for key, (characters, lines) in hidden.items()
        if characters
    ]


def kept_characters(page_box: Box, key: str) -> int | None:
    """For an article cut to continue on another page: how many characters of its
    body (white space not counted) stay on this page, so that its last line is free
    for the line that says where the rest is. None when its body is not cut.

    The body's lines are read in layout order, the in-column photos' captions
    and the bylines left out; those outside the body's rectangle are cut off. The
    cut falls where a paragraph (a block numbered ``data-block``) ends if that leaves
    at most ``PARAGRAPH_CUT_LINES`` lines empty, else after the last line but one.
    """
    body = part_boxes(page_box).get((key, "body"))
    if body is None:
        return None
    clip = _Clip(
        (key, "body"),
        body.border_box_x(),
        body.border_box_y(),
        body.border_box_x() + body.border_width(),
        body.border_box_y() + body.border_height(),
    )
    shown: list[_Line] = []
    # bylines hidden below a body that fits: cut too, and they go with the rest
    cut = any(clip.hides(line, line) for line in _byline_lines(body))
    hidden: set[str | None] = set()  # blocks with a line cut off
    for line, block in _body_lines(body):
        if clip.hides(line, line):
            cut = True
            hidden.add(block)
            continue
        texts = [b for b in walk(line) if isinstance(b, TextBox)]
        text = "".join(_copy_text(b) for b in texts)
        whole = text
        if texts and _copy_text(texts[-1]) != texts[-1].text:  # ends in part of a word
            whole = text[: len(text) - len(text.split()[-1])] if " " in text.strip() else text
        shown.append(_Line(block, len(normalized(text)), len(normalized(whole))))
    if not cut or not shown:
        return None
    # the last paragraph ending above the line kept for the jump line, if near enough
    for end in range(len(shown) - 2, max(-1, len(shown) - 3 - PARAGRAPH_CUT_LINES), -1):
        block = shown[end].block
        if block is not None and block not in hidden and shown[end + 1].block != block:
            return sum(line.characters for line in shown[: end + 1])
    if len(shown) == 1:
        return 0
    # a word hyphenated across the cut goes whole with the rest
    return sum(line.characters for line in shown[:-2]) + shown[-2].words


@dataclass(frozen=True)
class _Line:
    block: str | None  # the data-block of the body's block it is a line of
    characters: int
    words: int  # characters of its whole words: without a hyphenated word's first part


def _copy_text(box: TextBox) -> str:
    """The box's text as the copy has it: without the hyphen WeasyPrint adds to the
    text of a line it hyphenated (``hyphenate-character``, U+2010 unless the CSS
    says otherwise; a typed hyphen-minus is the copy's own)."""
    mark = box.style["hyphenate_character"]
    if box.style["hyphens"] != "none" and mark and box.text.endswith(mark):
        return box.text[: -len(mark)]
    return box.text


def _byline_lines(body: Box) -> Iterator[LineBox]:
    for box in walk(body):
        classes = (box.element.get("class") or "") if box.element is not None else ""
        if "bylines" in classes.split():
            yield from (line for line in walk(box) if isinstance(line, LineBox))


def _body_lines(box: Box, block: str | None = None) -> Iterator[tuple[LineBox, str | None]]:
    """The body's lines of text, each with the numbered block it belongs to."""
    classes = (box.element.get("class") or "") if box.element is not None else ""
    if box.element_tag == "figure" or {"bylines", "pullquote"} & set(classes.split()):
        return
    if box.element_tag is not None and box.element.get("data-block") is not None:
        block = box.element.get("data-block")
    if isinstance(box, LineBox):
        yield box, block
        return
    if isinstance(box, ParentBox):
        for child in box.children:
            yield from _body_lines(child, block)
