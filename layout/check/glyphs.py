"""Missing glyphs: characters the font of their part cannot show.

Pango silently takes a character its font lacks from any other installed
font (a 黑体 character in a 宋体 line), and draws a box (tofu) when no font
has it. Both are read from the shaped text itself: each text box's Pango
line is split into runs, and each run names the font it was shaped with
and marks glyphs no font had. A run set in another family than the first
one the box's CSS asks for is a fallback.
"""

from __future__ import annotations

import functools
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from layout.check.findings import Area, Finding, Severity, quoted
from layout.render.fonts import matched
from layout.render.layout_tree import (
    Box,
    ParentBox,
    TextBox,
    border_rect,
    marked,
    page_size,
    shaped,
)

AREAS_KEPT = 12  # text boxes marked per missing character: enough to find it
GENERIC_FAMILIES = frozenset(
    {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui"}
)

# Template classes that name the part of a module (or page) a text is in.
PART_CLASSES = {
    "kicker": "kicker",
    "headline": "headline",
    "subtitle": "subtitle",
    "lead": "lead",
    "bylines": "byline",
    "photo": "caption",
    "section-title": "section title",
    "running-header": "running header",
    "masthead": "masthead",
}


@dataclass(frozen=True)
class _Miss:
    key: str | None
    part: str
    char: str
    font: str  # the family the CSS asks for first
    used: str | None  # the family Pango took it from; None: no font has it


def glyph_findings(page: int, page_box: Box, titles: dict[str, str]) -> list[Finding]:
    """One finding per character, part and fallback font, with how often it occurs."""
    misses: Counter[_Miss] = Counter()
    areas: dict[_Miss, list[Area]] = {}
    size = page_size(page_box)
    for box, key, part in _text_boxes(page_box, None, "page"):
        font = _resolved(box.style["font_family"][0])
        for char, used in shaped(box):
            if not _visible(char):
                continue
            if used is None or used.casefold() != font.casefold():
                miss = _Miss(key, part, char, font, used)
                misses[miss] += 1
                area = Area.on_page(size, *border_rect(box))
                if area not in areas.setdefault(miss, [])[:AREAS_KEPT]:
                    areas[miss].append(area)
    return [
        _finding(page, miss, count, titles, tuple(areas[miss][:AREAS_KEPT]))
        for miss, count in misses.items()
    ]


def _finding(
    page: int, miss: _Miss, count: int, titles: dict[str, str], areas: tuple[Area, ...]
) -> Finding:
    code_point = f"U+{ord(miss.char):04X}"
    times = f" ({count}×)" if count > 1 else ""
    if miss.used is None:
        severity, code = Severity.ERROR, "missing-glyph"
        message = (
            f"{miss.part}: {quoted(miss.char)} {code_point} is in no installed font (tofu){times}"
        )
    else:
        severity, code = Severity.WARNING, "font-fallback"
        message = (
            f"{miss.part}: {quoted(miss.char)} {code_point} is not in {miss.font}, "
            f"set in {miss.used} instead{times}"
        )
    return Finding(
        page=page,
        severity=severity,
        code=code,
        key=miss.key,
        headline=titles.get(miss.key) if miss.key else None,
        message=message,
        details={
            "char": miss.char,
            "code_point": code_point,
            "part": miss.part,
            "font": miss.font,
            "fallback": miss.used,
            "count": count,
        },
        areas=areas,
    )


def _text_boxes(box: Box, key: str | None, part: str) -> Iterator[tuple[TextBox, str | None, str]]:
    """Every text box with the manifest key and part it belongs to."""
    mark = marked(box)
    if mark:
        key = mark[0]
        part = part if mark[1] == "module" else mark[1]
    classes = (box.element.get("class") or "").split() if box.element is not None else []
    part = next((PART_CLASSES[c] for c in classes if c in PART_CLASSES), part)
    if box.element_tag == "figcaption":
        part = "caption"
    if isinstance(box, TextBox):
        yield box, key, part
    if isinstance(box, ParentBox):
        for child in box.children:
            yield from _text_boxes(child, key, part)


def _visible(char: str) -> bool:
    return not char.isspace() and unicodedata.category(char) not in ("Cf", "Cc")


@functools.cache
def _resolved(family: str) -> str:
    """The name Pango reports for a CSS family: fontconfig's first name of the family.

    A role may name a family by a localised name (霞鹜文楷 for LXGW WenKai) and a
    code span asks for a generic one (monospace); a family fontconfig does not
    know (an ``@font-face`` file of fonts/) keeps its own name.
    """
    match = matched(family)
    if match is None:
        return family
    names = match.names
    return names[0] if family.lower() in GENERIC_FAMILIES or family in names else family
