"""Everything a build writes into its output folder, all or nothing."""

from __future__ import annotations

from pathlib import Path

from layout.output.files import write_files
from layout.output.pdf import issue_pdfs
from layout.output.proof import proofs
from layout.render.issue import RenderedIssue
from layout.render.press import Press


def write_issue(
    rendered: RenderedIssue,
    folder: Path,
    press: Press,
    *,
    cmyk_profile: Path | None = None,
    png_dpi: float | None = None,
) -> list[Path]:
    """page-NN.pdf, issue.pdf and, given png_dpi, page-NN.png and contact.png."""
    pdfs = issue_pdfs(rendered, press, cmyk_profile)
    files = pdfs.files()
    if png_dpi:
        files |= proofs(pdfs.pages, png_dpi)
    return write_files(folder, files)
