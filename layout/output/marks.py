"""Findings drawn on the page: what a proofreader circles, and how.

The preview draws these marks over its page pictures and ``build --png
--annotate`` onto the proofs, so an editor sees the same marks in both.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from layout.check.findings import Area, Finding

# kind: (colour as RGB, shaded rather than outlined)
STYLES: dict[str, tuple[tuple[int, int, int], bool]] = {
    "overset": ((220, 0, 0), False),
    "hole": ((0, 96, 255), True),
    "glyph": ((200, 0, 200), False),
    "image": ((255, 128, 0), False),
    "other": ((120, 120, 120), False),
}
KINDS = {
    "overset": "overset",
    "hole": "hole",
    "underfull": "hole",
    "missing-glyph": "glyph",
    "font-fallback": "glyph",
    "image-resolution": "image",
    "image-damaged": "image",
}


@dataclass(frozen=True)
class Mark:
    """One rectangle of a finding, on its page; ``finding`` indexes the build's findings."""

    page: int
    kind: str  # a key of STYLES
    label: str
    area: Area
    finding: int


def page_marks(findings: Iterable[Finding]) -> dict[int, list[Mark]]:
    """Every finding's areas as marks, by page number."""
    marks: dict[int, list[Mark]] = {}
    for index, finding in enumerate(findings):
        kind = KINDS.get(finding.code, "other")
        for area in finding.areas:
            mark = Mark(finding.page, kind, label(finding), area, index)
            marks.setdefault(finding.page, []).append(mark)
    return marks


def label(finding: Finding) -> str:
    """The few words written at a mark."""
    details = finding.details
    if finding.code == "overset":
        return f"{details.get('characters', '?')} characters not shown"
    if finding.code == "missing-glyph":
        return f"{details.get('code_point', '')} in no font"
    if finding.code == "font-fallback":
        return f"{details.get('code_point', '')} from {details.get('fallback', 'another font')}"
    if finding.code == "image-resolution":
        return f"{details.get('ppi', 0):.0f} ppi"
    if finding.code in ("hole", "underfull"):
        return "empty"
    return finding.code


def css_colour(kind: str, alpha: float = 1.0) -> str:
    red, green, blue = STYLES[kind][0]
    return f"rgba({red}, {green}, {blue}, {alpha})"
