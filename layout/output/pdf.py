"""The issue's PDFs: one per page for the printing plant, one of the whole issue.

Each PDF gets its metadata here rather than from the template's <head>, so
that a template set cannot lose it. Nothing in a PDF comes from the clock
or chance: the dates are SOURCE_DATE_EPOCH or the issue date, the file ID
is a hash of the content, and the XMP document ID (PDF/X-4) is derived
from the title, so the same inputs give byte-identical files.

Pages are written one by one (each in the process that laid it out); the
issue's PDF is put together from the page PDFs, so a page is laid out and
subset once, and a page from the cache needs no WeasyPrint at all.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from xml.sax.saxutils import escape

import pikepdf
import pydyf
from PIL import ImageCms
from weasyprint import Document
from weasyprint.css import ColorProfile
from weasyprint.document import DocumentMetadata

from layout.manifest import Issue
from layout.render.engine import install_pdf_shortcuts
from layout.render.press import Press

CREATOR = "newsprint"
LANGUAGE = "zh-CN"  # unless the template's <html lang> says otherwise
# Ghostscript's CMYK profile (Debian package libgs-common), when the plant's is not given.
FALLBACK_CMYK_PROFILE = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")


class OutputError(ValueError):
    """An output option that cannot be honoured (no CMYK profile, a bad timestamp)."""


@dataclass(frozen=True)
class PdfOptions:
    """How every PDF of one build is written: small and picklable, for the page workers."""

    press: Press
    made: str  # W3C date the PDFs say they were made
    profile: bytes | None  # the CMYK output intent (ICC), for PDF/X


def pdf_options(issue: Issue, press: Press, cmyk_profile: Path | None = None) -> PdfOptions:
    """Checked before any page is laid out: a bad profile or timestamp fails at once."""
    profile = cmyk_profile_data(cmyk_profile) if press.pdf_x else None
    return PdfOptions(press, build_time(issue.date), profile)


def page_pdf(document: Document, title: str, options: PdfOptions) -> bytes:
    """One laid-out page as the printing plant gets it."""
    install_pdf_shortcuts()
    pdf = document.copy(document.pages)
    pdf.metadata = DocumentMetadata(
        title=title,
        lang=document.metadata.lang or LANGUAGE,
        generator=CREATOR,
        created=options.made,
        modified=options.made,
    )
    pdf.color_profiles = dict(document.color_profiles)
    if options.profile is not None:
        pdf.color_profiles["device-cmyk"] = ColorProfile(
            io.BytesIO(options.profile), "output-profile.icc", "relative-colorimetric", list("cmyk")
        )
    press = options.press
    return pdf.write_pdf(
        pdf_variant=press.pdf_variant,
        pdf_identifier=True,
        finisher=_finisher(press.bleed, title),
    )


def issue_pdf(pages: Sequence[bytes], titles: Sequence[str], title: str) -> bytes:
    """The page PDFs (with their titles) in one file, named ``title``.

    The first page's file gives the document-wide parts (PDF version, output
    intent, language, info); its title, in the info and in the XMP metadata,
    becomes the issue's, and the file ID a hash of the pages. Each page keeps
    its bookmarks (the headlines). Merged by qpdf (pikepdf), which copies the
    pages' objects without parsing their content: five times pypdf's speed.
    """
    with contextlib.ExitStack() as opened:
        merged = opened.enter_context(pikepdf.open(io.BytesIO(pages[0])))
        sources = [opened.enter_context(pikepdf.open(io.BytesIO(pdf))) for pdf in pages[1:]]
        bookmarks = []
        for source in sources:
            start = len(merged.pages)
            merged.pages.extend(source.pages)
            moved = {
                page.obj.objgen: merged.pages[start + i] for i, page in enumerate(source.pages)
            }
            with source.open_outline() as outline:
                bookmarks += [_bookmark(item, moved) for item in outline.root]
        with merged.open_outline() as outline:
            outline.root.extend(bookmarks)
        merged.docinfo["/Title"] = title
        if "/Metadata" in merged.Root:
            xmp = merged.Root.Metadata.read_bytes()
            for old, new in ((titles[0], title), (_document_id(titles[0]), _document_id(title))):
                xmp = xmp.replace(escape(old).encode(), escape(new).encode())
            merged.Root.Metadata.write(xmp)
        identifier = pikepdf.String(hashlib.md5(b"".join(pages), usedforsecurity=False).digest())
        merged.trailer.ID = pikepdf.Array([identifier, identifier])
        buffer = io.BytesIO()
        # the ID as set, and the first page's version: PDF/X-1a must stay PDF 1.4
        merged.save(buffer, static_id=True, force_version=merged.pdf_version)
    return buffer.getvalue()


def _bookmark(
    item: pikepdf.OutlineItem, moved: dict[tuple[int, int], pikepdf.Page]
) -> pikepdf.OutlineItem:
    """A page's bookmark, and those under it, pointing where its page went."""
    destination = item.destination
    assert isinstance(destination, pikepdf.Array), "WeasyPrint writes explicit destinations"
    page = moved[destination[0].objgen]
    copy = pikepdf.OutlineItem(item.title, destination=pikepdf.Array([page.obj, *destination[1:]]))
    copy.is_closed = item.is_closed
    copy.children.extend(_bookmark(child, moved) for child in item.children)
    return copy


LAST_EPOCH = 253402300800  # 10000-01-01: past it, no four-digit year to write


def build_time(issue_date: date) -> str:
    """When the PDFs say they were made, as a W3C date: never the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        moment = datetime.combine(issue_date, time(), UTC)
    elif epoch.isdigit() and int(epoch) < LAST_EPOCH:
        moment = datetime.fromtimestamp(int(epoch), UTC)
    else:
        raise OutputError(
            f"SOURCE_DATE_EPOCH must be whole seconds since 1970 before the year 10000, "
            f"not {epoch!r}"
        )
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def cmyk_profile_data(path: Path | None) -> bytes:
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
    return data


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
            metadata.stream = [
                re.sub(rb"xmp\.did:[0-9a-f-]+", _document_id(title).encode(), chunk)
                for chunk in metadata.stream
            ]

    return finish


def _document_id(title: str) -> str:
    """The XMP document ID of a PDF titled so: the same for the same title, not random."""
    return f"xmp.did:{uuid.uuid5(uuid.NAMESPACE_URL, f'{CREATOR}:{title}')}"
