"""Everything a build writes into its output folder, all or nothing."""

from __future__ import annotations

from pathlib import Path

from layout.output.files import page_file, write_files
from layout.output.marks import Mark
from layout.output.pdf import issue_pdf
from layout.output.proof import proofs


def write_issue(
    folder: Path,
    pages: dict[int, bytes],
    titles: dict[int, str],
    title: str,
    *,
    png_dpi: float | None = None,
    marks: dict[int, list[Mark]] | None = None,
    carry: tuple[str, ...] = (),
) -> list[Path]:
    """page-NN.pdf of every page, issue.pdf (called ``title``; its pages keep their
    ``titles``) and, given png_dpi, page-NN.png and contact.png (with ``marks`` drawn
    on them, if given), as one set; carry names the folders inside that outlive a build."""
    files = {page_file(number, "pdf"): pdf for number, pdf in pages.items()}
    files["issue.pdf"] = issue_pdf(list(pages.values()), [titles[n] for n in pages], title)
    if png_dpi:
        files |= proofs(pages, png_dpi, marks)
    return write_files(folder, files, carry=carry)
