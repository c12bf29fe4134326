"""PNG proofs: every page as the reader will see it, and a contact sheet.

Pages are rasterised from the very PDFs that go to the printing plant
(with PDFium), cut to the trim, so a proof shows what will be printed.
"""

from __future__ import annotations

import io

import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFont

from layout.output.files import page_file
from layout.output.marks import STYLES, Mark

SHEET_PER_ROW = 4
SHEET_PAGE_HEIGHT = 480  # px: a page on the contact sheet
SHEET_GAP = 32  # px: between pages, and room for the page number under each
SHEET_BACKGROUND = (128, 128, 128)
SHADE_ALPHA = 70  # of 255: a hole shaded, the page still readable through it


def page_png(pdf: bytes, dpi: float) -> Image.Image:
    """The first page of a PDF at dpi, cut to its TrimBox."""
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        page.set_cropbox(*page.get_trimbox())
        return page.render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        document.close()


def contact_sheet(pages: dict[int, Image.Image]) -> Image.Image:
    """All pages small, in page order, SHEET_PER_ROW to a row, each numbered below."""
    thumbnails = {}
    for number, image in pages.items():
        width = round(image.width * SHEET_PAGE_HEIGHT / image.height)
        thumbnails[number] = image.resize((width, SHEET_PAGE_HEIGHT), Image.Resampling.LANCZOS)
    cell_width = max(t.width for t in thumbnails.values()) + SHEET_GAP
    cell_height = SHEET_PAGE_HEIGHT + 2 * SHEET_GAP
    columns = min(SHEET_PER_ROW, len(thumbnails))
    rows = -(-len(thumbnails) // SHEET_PER_ROW)
    sheet = Image.new(
        "RGB", (columns * cell_width + SHEET_GAP, rows * cell_height), SHEET_BACKGROUND
    )
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.load_default(size=SHEET_GAP * 2 // 3)
    for index, (number, thumbnail) in enumerate(sorted(thumbnails.items())):
        x = SHEET_GAP + (index % SHEET_PER_ROW) * cell_width
        y = SHEET_GAP + (index // SHEET_PER_ROW) * cell_height
        sheet.paste(thumbnail, (x, y))
        draw.text(
            (x + thumbnail.width / 2, y + SHEET_PAGE_HEIGHT + SHEET_GAP / 2),
            str(number),
            fill="white",
            font=font,
            anchor="mm",
        )
    return sheet


def annotated(image: Image.Image, marks: list[Mark]) -> Image.Image:
    """The page picture with its findings drawn on it: holes shaded, the rest outlined
    and labelled (a proof for the editor, not for the plant)."""
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    width, height = image.size
    line = max(2, round(width / 400))
    font = ImageFont.load_default(size=max(10, round(width / 90)))
    for mark in marks:
        colour, shaded = STYLES[mark.kind]
        area = mark.area
        box = (
            area.x * width,
            area.y * height,
            (area.x + area.width) * width,
            (area.y + area.height) * height,
        )
        if shaded:
            draw.rectangle(box, fill=(*colour, SHADE_ALPHA))
            continue
        draw.rectangle(box, outline=(*colour, 255), width=line)
        corner = (box[0] + line, box[1] + line)  # inside: the running head stays readable
        draw.rectangle(draw.textbbox(corner, mark.label, font=font), fill=(*colour, 255))
        draw.text(corner, mark.label, fill="white", font=font)
    return Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")


def proofs(
    pdfs: dict[int, bytes], dpi: float, marks: dict[int, list[Mark]] | None = None
) -> dict[str, bytes]:
    """page-NN.png of every page's PDF and contact.png, by file name; given ``marks``
    (an annotated proof), each page with its findings drawn on it."""
    images = {number: page_png(pdf, dpi) for number, pdf in pdfs.items()}
    if marks is not None:
        images = {n: annotated(image, marks.get(n, [])) for n, image in images.items()}
    files = {page_file(number, "png"): _png(image, dpi) for number, image in images.items()}
    files["contact.png"] = _png(contact_sheet(images), None)
    return files


def _png(image: Image.Image, dpi: float | None) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", **({"dpi": (dpi, dpi)} if dpi else {}))
    return buffer.getvalue()
