"""What the printing plant needs around a page: bleed, crop marks, PDF/X colour.

The page size is the trim (TrimBox). Around it the PDF carries the bleed
(BleedBox), where backgrounds that touch the trim edge go on so that a
slightly wrong cut shows no white, and, with crop marks, a wider slug
(MediaBox) for the marks, which sit outside the bleed so that they are
never printed on the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from layout.manifest.paper import MM

MARK_LENGTH = 5 * MM
MARK_MIN_OFFSET = 3 * MM  # crop marks keep at least this far from the trim
SLUG_MARGIN = 1 * MM  # paper beyond the end of a crop mark
MARK_WIDTH = 0.25  # pt: a hairline
PDF_X_VARIANTS = {"4": "pdf/x-4", "1a": "pdf/x-1a"}


@dataclass(frozen=True)
class Press:
    """Print options of one build; the defaults are a plain PDF with 3 mm bleed."""

    bleed_mm: float = 3.0
    marks: bool = False
    pdf_x: str | None = None  # a key of PDF_X_VARIANTS

    def __post_init__(self) -> None:
        if self.bleed_mm < 0:
            raise ValueError(f"bleed must not be negative: {self.bleed_mm} mm")
        if self.pdf_x is not None and self.pdf_x not in PDF_X_VARIANTS:
            raise ValueError(f"unknown PDF/X variant {self.pdf_x!r}")

    @property
    def bleed(self) -> float:
        """Bleed beyond each trim edge, in points."""
        return self.bleed_mm * MM

    @property
    def mark_offset(self) -> float:
        """Gap between the trim edge and the inner end of a crop mark, in points."""
        return max(self.bleed, MARK_MIN_OFFSET)

    @property
    def media_margin(self) -> float:
        """How far the MediaBox reaches beyond the trim on each side, in points."""
        if self.marks:
            return self.mark_offset + MARK_LENGTH + SLUG_MARGIN
        return self.bleed

    @property
    def pdf_variant(self) -> str | None:
        """WeasyPrint's name of the PDF/X variant, if one is asked for."""
        return PDF_X_VARIANTS[self.pdf_x] if self.pdf_x else None

    def crop_marks(self, width: float, height: float) -> list[tuple[float, float, float, float]]:
        """The eight hairlines (x, y, width, height) around a trim of this size.

        Coordinates are in points from the trim's top left corner; each mark
        lies on the extension of a trim edge.
        """
        near, far = self.mark_offset, self.mark_offset + MARK_LENGTH
        half = MARK_WIDTH / 2
        marks = []
        for x in (0.0, width):
            for y in (0.0, height):
                start_x = x + near if x else x - far
                start_y = y + near if y else y - far
                marks.append((start_x, y - half, MARK_LENGTH, MARK_WIDTH))
                marks.append((x - half, start_y, MARK_WIDTH, MARK_LENGTH))
        return marks


DEFAULT_PRESS = Press()
