"""The issue's PDFs: one per page for the printing plant, one of the whole issue.

Each PDF gets its metadata here rather than from the template's <head>, so
that a template set cannot lose it. Nothing in a PDF comes from the clock
or chance: the dates are SOURCE_DATE_EPOCH or the issue date, the file ID
is a hash of the content, and the XMP document ID (PDF/X-4) is derived
from the title, so the same inputs give byte-identical files.
"""

from __future__ import annotations

import io
import os
import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path

import pydyf
from PIL import ImageCms
from weasyprint import Document, Page
from weasyprint.css import ColorProfile
from weasyprint.document import DocumentMetadata

from layout.output.files import page_file
from layout.render.issue import RenderedIssue
from layout.render.press import Press

CREATOR = "newsprint"
LANGUAGE = "zh-CN"  # unless the template's <html lang> says otherwise
# Ghostscript's CMYK profile (Debian package libgs-common), when the plant's is not given.
FALLBACK_CMYK_PROFILE = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")


class OutputError(ValueError):
    """An output option that cannot be honoured (no CMYK profile, a bad timestamp)."""


@dataclass(frozen=True)
class IssuePdfs:
    pages: dict[int, bytes]  # by page number
    issue: bytes

    def files(self) -> dict[str, bytes]:
        """page-NN.pdf for every page and issue.pdf, by file name."""
        pages = {page_file(number, "pdf"): pdf for number, pdf in self.pages.items()}
        return pages | {"issue.pdf": self.issue}


def issue_pdfs(
    rendered: RenderedIssue, press: Press, cmyk_profile: Path | None = None
) -> IssuePdfs:
    issue = rendered.issue
    made = build_time(issue.date)
    intent = _output_intent(cmyk_profile) if press.pdf_x else None
    title = f"{issue.paper} 第{issue.issue}期 {issue.date.isoformat()}"
    first = rendered.pages[0].document
    pages = {
        page.number: _pdf(
            page.document, page.document.pages, f"{title} 第{page.number}版", press, made, intent
        )
        for page in rendered.pages
    }
    every_page = [p for page in rendered.pages for p in page.document.pages]
    return IssuePdfs(pages, _pdf(first, every_page, title, press, made, intent))


def build_time(issue_date: date) -> str:
    """When the PDFs say they were made, as a W3C date: never the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        moment = datetime.combine(issue_date, time(), UTC)
    elif epoch.isdigit():
        moment = datetime.fromtimestamp(int(epoch), UTC)
    else:
        raise OutputError(f"SOURCE_DATE_EPOCH must be whole seconds since 1970, not {epoch!r}")
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _output_intent(path: Path | None) -> ColorProfile:
    """The CMYK profile that a PDF/X file names as its printing condition."""
    path = path or FALLBACK_CMYK_PROFILE
    if not path.is_file():
        raise OutputError(
            f"PDF/X needs the printing plant's CMYK ICC profile: give --output-profile FILE.icc "
            f"(or install Ghostscript's profiles for {FALLBACK_CMYK_PROFILE})"
        )
    data = path.read_bytes()
    try:
        space = ImageCms.ImageCmsProfile(io.BytesIO(data)).profile.xcolor_space.strip()
    except OSError as error:
        raise OutputError(f"{path}: not an ICC profile ({error})") from error
    if space != "CMYK":
        raise OutputError(f"{path}: a PDF/X output profile must be CMYK, this one is {space}")
    return ColorProfile(io.BytesIO(data), path.as_uri(), "relative-colorimetric", list("cmyk"))


def _pdf(
    source: Document,
    pages: Iterable[Page],
    title: str,
    press: Press,
    made: str,
    intent: ColorProfile | None,
) -> bytes:
    document = source.copy(pages)
    document.metadata = DocumentMetadata(
        title=title,
        lang=source.metadata.lang or LANGUAGE,
        generator=CREATOR,
        created=made,
        modified=made,
    )
    document.color_profiles = dict(source.color_profiles)
    if intent is not None:
        document.color_profiles["device-cmyk"] = intent
    return document.write_pdf(
        pdf_variant=press.pdf_variant,
        pdf_identifier=True,
        finisher=_finisher(press.bleed, title),
    )


def _finisher(bleed: float, title: str) -> Callable[[Document, pydyf.PDF], None]:
    """Fix what WeasyPrint leaves loose, just before the PDF is written.

    WeasyPrint puts the BleedBox at most 10 pt outside the TrimBox and at
    the MediaBox when the CSS bleed is smaller: with crop marks (a MediaBox
    wider than the bleed) or a bleed over 3.5 mm it is wrong. PDF/X-4's
    XMP document ID is a random UUID.
    """

    def finish(document: Document, pdf: pydyf.PDF) -> None:
        for page in pdf.objects:
            if isinstance(page, pydyf.Dictionary) and page.get("Type") == "/Page":
                left, top, right, bottom = page["TrimBox"]
                page["BleedBox"] = pydyf.Array(
                    [left - bleed, top - bleed, right + bleed, bottom + bleed]
                )
        if "Metadata" in pdf.catalog:
            number = int(pdf.catalog["Metadata"].split()[0])
            metadata = pdf.objects[number]
            stable = uuid.uuid5(uuid.NAMESPACE_URL, f"{CREATOR}:{title}")
            metadata.stream = [
                re.sub(rb"xmp\.did:[0-9a-f-]+", f"xmp.did:{stable}".encode(), chunk)
                for chunk in metadata.stream
            ]

    return finish
