"""Everything a build writes into its output folder, all or nothing."""

from __future__ import annotations

from pathlib import Path

from layout.manifest import Issue
from layout.output.files import page_file, write_files
from layout.output.pdf import issue_pdf, issue_title, page_title
from layout.output.proof import proofs


def write_issue(
    folder: Path,
    issue: Issue,
    pages: dict[int, bytes],
    *,
    png_dpi: float | None = None,
    carry: tuple[str, ...] = (),
) -> list[Path]:
    """page-NN.pdf of every page, issue.pdf and, given png_dpi, page-NN.png and
    contact.png, as one set; carry names the folders inside that outlive a build."""
    files = {page_file(number, "pdf"): pdf for number, pdf in pages.items()}
    titles = [page_title(issue, number) for number in pages]
    files["issue.pdf"] = issue_pdf(list(pages.values()), titles, issue_title(issue))
    if png_dpi:
        files |= proofs(pages, png_dpi)
    return write_files(folder, files, carry=carry)
