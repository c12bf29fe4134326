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


@dataclass(frozen=True)
class Finding:
    page: int  # the page number (第…版), not the PDF page index; 0 for the whole issue
    severity: Severity
    code: str  # stable name for machines, e.g. "overset", "missing-glyph"
    key: str | None  # manifest key of the article or section; None for the page itself
    headline: str | None
    message: str
    details: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        where = f"{self.key} {quoted(self.headline or '')}: " if self.key else ""
        page = f"page {self.page}: " if self.page else ""
        return f"{page}{where}{self.message}"
