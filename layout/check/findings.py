"""What a preflight check reports: one finding per problem, located on the page.

Every check returns findings of this one shape so that ``check`` can print
them as a table or JSON and ``build`` can decide whether to write the PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from layout.typeset.punctuation import is_chinese


def quoted(text: str) -> str:
    """Copy quoted in a message as its editor quotes: 「中文」, “English”."""
    return f"「{text}」" if is_chinese(text) else f"“{text}”"


def clipped(text: str, most: int) -> str:
    """The text, or its first ``most`` characters and how many it has."""
    if len(text) <= most:
        return text
    count = f"（{len(text)}字）" if is_chinese(text) else f" ({len(text)} characters)"
    return f"{text[:most]}…{count}"


class Severity(StrEnum):
    ERROR = "error"  # the page would print wrong: build refuses to write it
    WARNING = "warning"  # worth a look; fails `check --strict` only


AREA_DIGITS = 4  # of a fraction of the page: a tenth of a millimetre on a broadsheet


@dataclass(frozen=True)
class Area:
    """A rectangle of the trimmed page a finding is about, in fractions of the page's
    width and height from its top left: where a proof or the preview marks it."""

    x: float
    y: float
    width: float
    height: float

    @classmethod
    def on_page(
        cls, page_size: tuple[float, float], x: float, y: float, width: float, height: float
    ) -> Area:
        """The rectangle (in the page size's unit) as fractions of the page, clipped to it."""
        page_width, page_height = page_size
        left, top = max(0.0, x / page_width), max(0.0, y / page_height)
        right = min(1.0, (x + width) / page_width)
        bottom = min(1.0, (y + height) / page_height)
        return cls(
            *(
                round(v, AREA_DIGITS)
                for v in (left, top, max(0.0, right - left), max(0.0, bottom - top))
            )
        )


@dataclass(frozen=True)
class Finding:
    page: int  # the page number (第…版), not the PDF page index; 0 for the whole issue
    severity: Severity
    code: str  # stable name for machines, e.g. "overset", "missing-glyph"
    key: str | None  # manifest key of the article or section; None for the page itself
    headline: str | None
    message: str
    details: dict[str, Any] = field(default_factory=dict)
    areas: tuple[Area, ...] = ()  # where it is on the page; none for what has no place

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Finding:
        """A finding as ``dataclasses.asdict`` wrote it (the cache, ``check --json``)."""
        areas = tuple(Area(**area) for area in data.get("areas", ()))
        return cls(**{**data, "severity": Severity(data["severity"]), "areas": areas})

    def __str__(self) -> str:
        where = f"{self.key} {quoted(self.headline or '')}: " if self.key else ""
        page = f"page {self.page}: " if self.page else ""
        return f"{page}{where}{self.message}"
