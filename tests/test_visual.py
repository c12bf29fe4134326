"""Visual regression: the sample page against an approved picture of it.

A change that moves text, rules or headlines by more than a hair shows up
here. When a change of look is intended, approve the new picture with
``NEWSPRINT_APPROVE=1 python -m pytest tests/test_visual.py`` and look at
it before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageChops

APPROVED = Path(__file__).parent / "approved" / "zhongyuan-page-2.png"
SCALE = 60 / 72  # 60 dpi: text lines are resolved, anti-aliasing noise is not
DIFFERENT = 96  # grey levels: a pixel that changed this much changed for real
TOLERANCE = 0.002  # share of the page's pixels that may differ


def render_png(pdf: Path) -> Image.Image:
    page = pdfium.PdfDocument(pdf)[0]
    page.set_cropbox(*page.get_trimbox())  # the page, without the bleed
    return page.render(scale=SCALE).to_pil().convert("L")


def test_sample_page_looks_as_approved(sample_pdf: Path, tmp_path: Path) -> None:
    picture = render_png(sample_pdf)
    if os.environ.get("NEWSPRINT_APPROVE"):
        APPROVED.parent.mkdir(exist_ok=True)
        picture.save(APPROVED)
    approved = Image.open(APPROVED).convert("L")
    assert picture.size == approved.size
    diff = ImageChops.difference(picture, approved).point(lambda v: 255 if v > DIFFERENT else 0)
    changed = diff.histogram()[255] / (diff.width * diff.height)
    if changed > TOLERANCE:
        diff.save(tmp_path / "diff.png")
        picture.save(tmp_path / "actual.png")
    assert changed <= TOLERANCE, f"{changed:.2%} of the page changed; see {tmp_path}"
