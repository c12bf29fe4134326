"""Fonts not embedded: a printing plant's RIP substitutes any font the PDF lacks.

Read back from the PDF itself, as the plant's preflight does: every font a
page (or a form XObject it draws) uses must carry its program (FontFile,
FontFile2 or FontFile3 in its descriptor); Type 3 fonts are drawn from
the PDF's own glyph procedures.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from typing import Any

import pypdf
from pypdf.generic import DictionaryObject

from layout.check.findings import Finding, Severity

FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


def embedding_findings(pdf: bytes, page_numbers: Sequence[int]) -> list[Finding]:
    """One finding per font not embedded, on the page (number) of each PDF page using it."""
    findings = []
    for page_number, page in zip(page_numbers, pypdf.PdfReader(io.BytesIO(pdf)).pages, strict=True):
        names = sorted(
            {
                str(font.get("/BaseFont", "(unnamed)")).lstrip("/")
                for font in _fonts(page.get("/Resources"), set())
                if not _embedded(font)
            }
        )
        findings += [
            Finding(
                page=page_number,
                severity=Severity.ERROR,
                code="font-not-embedded",
                key=None,
                headline=None,
                message=f"font {name} is not embedded in the PDF",
                details={"font": name},
            )
            for name in names
        ]
    return findings


def _fonts(resources: Any, seen: set[int]) -> Iterator[DictionaryObject]:
    """Fonts of a resource dictionary and of the form XObjects it holds."""
    if resources is None:
        return
    resources = resources.get_object()
    if id(resources) in seen:
        return
    seen.add(id(resources))
    for font in resources.get("/Font", DictionaryObject()).values():
        yield font.get_object()
    for xobject in resources.get("/XObject", DictionaryObject()).values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form":
            yield from _fonts(xobject.get("/Resources"), seen)


def _embedded(font: DictionaryObject) -> bool:
    if font.get("/Subtype") == "/Type3":
        return True
    faces = [d.get_object() for d in font.get("/DescendantFonts", [])] or [font]
    return all(
        "/FontDescriptor" in face
        and any(key in face["/FontDescriptor"].get_object() for key in FONT_FILES)
        for face in faces
    )
