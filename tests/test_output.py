"""Print production: sizes, bleed and crop marks, PDF/X, metadata, reproducible files, proofs.

Every build costs a second or two, so a few builds are shared by the whole
module and each test reads what it needs from their files.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pytest
import weasyprint
from conftest import SAMPLE, page_manifest, run_cli
from pdf import fonts
from PIL import Image
from pypdf.generic import ContentStream
from rendered import render_issue

from layout.manifest import load_manifest
from layout.manifest.paper import PRESETS, Margins, preset_size
from layout.output import files
from layout.output.files import write_files
from layout.output.issue import write_issue
from layout.output.pdf import OutputError, build_time, issue_pdf
from layout.pipeline.issue import build_issue
from layout.render.geometry import GridSettings, make_grid
from layout.render.press import Press

MM = 72 / 25.4
K_ONLY = ("/DeviceCMYK", 0.0, 0.0, 0.0, 1.0)
TITLE = "中原报 第1234期 2025-01-16"


def build(out: Path, *options: str) -> Path:
    result = run_cli("build", SAMPLE / "issue.yaml", "-o", out, *options)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample with the defaults (3 mm bleed, no marks, no PDF/X) and 150 dpi proofs."""
    return build(tmp_path_factory.mktemp("plain"), "--png")


@pytest.fixture(scope="module")
def press(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample as the printing plant gets it: PDF/X-4, 5 mm bleed, crop marks."""
    return build(tmp_path_factory.mktemp("press"), "--pdf-x", "--bleed", "5", "--marks")


@pytest.fixture(scope="module")
def x1a(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("x1a"), "--pdf-x=1a", "--marks", "--png=60")


def boxes_mm(path: Path) -> dict[str, list[float]]:
    page = pypdf.PdfReader(path).pages[0]
    return {
        name: [round(float(v) / MM, 2) for v in getattr(page, name)]
        for name in ("mediabox", "bleedbox", "trimbox")
    }


def around(width: float, height: float, margin: float) -> list[float]:
    return [-margin, -margin, width + margin, height + margin]


TEXT = {b"Tj", b"TJ", b"'", b'"'}
FILL = {b"f", b"F", b"f*"}


def colours(path: Path, painting: set[bytes] = TEXT) -> Counter[tuple[object, ...]]:
    """How many painting operations of the first page use each fill colour."""
    reader = pypdf.PdfReader(path)
    colour: tuple[object, ...] = ("/DeviceGray", 0.0)
    space, saved, used = "/DeviceGray", [], Counter()
    operations = ContentStream(reader.pages[0].get_contents(), reader).operations
    for operands, operator in operations:
        values = tuple(float(v) for v in operands if isinstance(v, int | float))
        match operator:
            case b"q":
                saved.append((space, colour))
            case b"Q":
                space, colour = saved.pop()
            case b"cs":
                space = str(operands[0])
            case b"sc" | b"scn":
                colour = (space, *values)
            case b"rg":
                colour = ("/DeviceRGB", *values)
            case b"k":
                colour = ("/DeviceCMYK", *values)
            case b"g":
                colour = ("/DeviceGray", *values)
            case _ if operator in painting:
                used[colour] += 1
    return used


def operators(path: Path) -> set[bytes]:
    reader = pypdf.PdfReader(path)
    return {
        op
        for page in reader.pages
        for _, op in ContentStream(page.get_contents(), reader).operations
    }


def media_picture(path: Path, dpi: float) -> Image.Image:
    """The whole MediaBox, bleed and marks included, as RGB."""
    page = pdfium.PdfDocument(path)[0]
    return page.render(scale=dpi / 72).to_pil().convert("RGB")


# Sizes


@pytest.mark.parametrize("size", [*PRESETS, "200mm 300mm"])
def test_every_size_builds_a_page_of_its_size_and_columns(size: str, tmp_path: Path) -> None:
    manifest = tmp_path / "issue.yaml"
    manifest.write_text(
        page_manifest(
            "- headline: 通栏文章\n  body: 会议强调要充分认识到重点项目建设的重要意义。\n",
            size=size,
        ),
        encoding="utf-8",
    )
    rendered = render_issue(load_manifest(manifest))
    pdf = tmp_path / "page.pdf"
    pdf.write_bytes(build_issue(load_manifest(manifest)).pdfs[2])

    preset = PRESETS.get(size)
    width, height = (preset.width_mm, preset.height_mm) if preset else (200, 300)
    boxes = boxes_mm(pdf)
    assert boxes["trimbox"] == pytest.approx([0, 0, width, height], abs=0.01)
    assert boxes["mediabox"] == pytest.approx(around(width, height, 3), abs=0.01)
    columns = preset.columns if preset else 4
    assert rendered.pages[0].placements[0].columns == columns  # a headline across all


def test_margins_are_the_presets_unless_the_template_set_says_otherwise() -> None:
    own = make_grid(preset_size("broadsheet"), GridSettings())
    assert (own.columns, own.column_chars) == (8, 13)  # 8 × 13 characters, as printed
    assert own.top == pytest.approx(PRESETS["broadsheet"].margins.top_mm * MM)
    for_all = make_grid(preset_size("broadsheet"), GridSettings(margin_top_mm=40, columns=7))
    assert (for_all.top, for_all.columns) == (pytest.approx(40 * MM), 7)
    per_size = GridSettings(
        margin_top_mm=40, sizes={"broadsheet": {"margin_top_mm": 35}, "a4": {"columns": 3}}
    )
    assert make_grid(preset_size("broadsheet"), per_size).top == pytest.approx(35 * MM)
    assert make_grid(preset_size("a4"), per_size).columns == 3
    assert make_grid(preset_size("tabloid"), per_size).top == pytest.approx(40 * MM)
    assert PRESETS["tabloid"].margins == Margins(24, 15, 20)  # the sample's, kept


# Files, boxes and marks


def test_one_pdf_per_page_and_the_issue(plain: Path) -> None:
    assert sorted(p.name for p in plain.iterdir() if p.name != ".newsprint-cache") == [
        "contact.png",
        "issue.pdf",
        "page-02.pdf",
        "page-02.png",
    ]
    assert len(pypdf.PdfReader(plain / "issue.pdf").pages) == 1


def test_default_bleed_is_3mm_around_the_trim(plain: Path) -> None:
    for name in ("page-02.pdf", "issue.pdf"):
        boxes = boxes_mm(plain / name)
        assert boxes["trimbox"] == [0, 0, 270, 390]
        assert boxes["bleedbox"] == around(270, 390, 3)
        assert boxes["mediabox"] == around(270, 390, 3)


def test_crop_marks_lie_outside_the_bleed_in_registration_colour(press: Path) -> None:
    boxes = boxes_mm(press / "page-02.pdf")
    assert boxes["trimbox"] == [0, 0, 270, 390]
    assert boxes["bleedbox"] == around(270, 390, 5)
    assert boxes["mediabox"] == around(270, 390, 11)  # bleed, 5 mm marks, 1 mm paper

    dpi = 288
    picture = media_picture(press / "page-02.pdf", dpi).convert("L")

    def darkest(x_mm: float, y_mm: float) -> int:
        """Darkest pixel within 0.5 mm of a point given in mm from the trim's top left."""
        x, y = ((v + 11) * dpi / 25.4 for v in (x_mm, y_mm))
        r = 0.5 * dpi / 25.4
        return picture.crop((int(x - r), int(y - r), int(x + r), int(y + r))).getextrema()[0]

    for x, y in ((0, 0), (270, 0), (0, 390), (270, 390)):
        outward_x = -7.5 if x == 0 else x + 7.5
        outward_y = -7.5 if y == 0 else y + 7.5
        assert darkest(outward_x, y) < 64, (x, y)  # horizontal mark
        assert darkest(x, outward_y) < 64, (x, y)  # vertical mark
        inside_bleed_x = -2.5 if x == 0 else x + 2.5
        inside_bleed_y = -2.5 if y == 0 else y + 2.5
        assert darkest(inside_bleed_x, y) > 250, (x, y)
        assert darkest(x, inside_bleed_y) > 250, (x, y)
    registration = ("/DeviceCMYK", 1.0, 1.0, 1.0, 1.0)
    assert colours(press / "page-02.pdf", FILL)[registration] == 8


def test_a_banner_marked_bleed_left_runs_into_the_bleed(tmp_path: Path) -> None:
    issue = Path(shutil.copytree(SAMPLE, tmp_path / "issue"))
    section = (Path(__file__).parents[1] / "templates/default/section.html").read_text("utf-8")
    (issue / "templates").mkdir()
    (issue / "templates/section.html").write_text(
        section.replace('class="module section-banner', 'class="module section-banner bleed-left'),
        encoding="utf-8",
    )
    loaded = load_manifest(issue / "issue.yaml")
    built = build_issue(loaded)
    write_issue(tmp_path / "out", built.pdfs, built.titles, built.title)
    dpi = 72
    picture = media_picture(tmp_path / "out" / "page-02.pdf", dpi)
    x = round(1.5 * dpi / 25.4)  # 1.5 mm outside the trim: the middle of the bleed
    reds = [
        y
        for y in range(picture.height)
        if (pixel := picture.getpixel((x, y))) and pixel[0] > 120 and pixel[1] < 60
    ]
    assert reds, "the banner's background does not reach into the bleed"


# PDF/X and colour


def test_pdf_x4_has_an_output_intent_and_k_only_text(press: Path) -> None:
    reader = pypdf.PdfReader(press / "page-02.pdf")
    assert reader.pdf_header == "%PDF-1.6"
    (intent,) = reader.trailer["/Root"]["/OutputIntents"]
    intent = intent.get_object()
    assert intent["/S"] == "/GTS_PDFX"
    assert intent["/DestOutputProfile"].get_object()["/N"] == 4
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in xmp
    assert reader.metadata["/Trapped"] == "/False"

    used = colours(press / "page-02.pdf")
    assert used.most_common(1)[0][0] == K_ONLY  # body text, headlines, header
    assert all(colour[0] == "/DeviceCMYK" for colour in used), used
    rich_black = [c for c in used if c[4] > 0.9 and sum(c[1:4]) > 0]  # type: ignore[operator]
    assert not rich_black


def test_pdf_x1a_is_pdf_1_4_without_any_rgb(x1a: Path) -> None:
    reader = pypdf.PdfReader(x1a / "issue.pdf")
    assert reader.pdf_header == "%PDF-1.4"
    assert reader.metadata["/GTS_PDFXVersion"] == "PDF/X-1a:2003"
    assert "/OutputIntents" in reader.trailer["/Root"]
    used = operators(x1a / "issue.pdf")
    assert not used & {b"rg", b"RG"}, "RGB colour in a PDF/X-1a file"
    assert b"scn" in used


def test_plain_pdf_keeps_the_templates_rgb_and_has_no_output_intent(plain: Path) -> None:
    reader = pypdf.PdfReader(plain / "issue.pdf")
    assert "/OutputIntents" not in reader.trailer["/Root"]
    assert ("/DeviceRGB", 0.0, 0.0, 0.0) in colours(plain / "issue.pdf")


def test_pdf_x_refuses_an_rgb_output_profile(tmp_path: Path) -> None:
    rgb = Path(weasyprint.__file__).parent / "pdf" / "sRGB2014.icc"
    result = run_cli(
        "build", SAMPLE / "issue.yaml", "-o", tmp_path, "--pdf-x", "--output-profile", rgb
    )
    assert result.exit_code == 2
    assert "must be CMYK" in result.output
    assert not list(tmp_path.iterdir())


# Metadata, fonts, reproducibility


def test_metadata_names_paper_issue_date_and_page(plain: Path) -> None:
    for name, title in (("issue.pdf", TITLE), ("page-02.pdf", f"{TITLE} 第2版")):
        reader = pypdf.PdfReader(plain / name)
        assert reader.metadata["/Title"] == title
        assert reader.metadata["/Creator"] == "newsprint"
        assert reader.metadata["/CreationDate"] == "D:20250116000000Z"  # the issue date
        assert reader.metadata["/ModDate"] == "D:20250116000000Z"
        assert reader.trailer["/Root"]["/Lang"] == "zh-CN"


def bookmarks(reader: pypdf.PdfReader) -> list[tuple[int, str, int]]:
    """(depth, title, page index) of every bookmark, in order."""

    def walk(items: list, depth: int) -> list[tuple[int, str, int]]:
        found = []
        for item in items:
            if isinstance(item, list):
                found += walk(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item)))
        return found

    return walk(reader.outline, 0)


def test_the_issue_pdf_keeps_each_page_s_bookmarks_pointing_at_its_page(plain: Path) -> None:
    page = (plain / "page-02.pdf").read_bytes()
    alone = bookmarks(pypdf.PdfReader(io.BytesIO(page)))
    assert len(alone) > 3 and {depth for depth, _, _ in alone} == {0, 1}  # the 栏目 nests
    merged = pypdf.PdfReader(io.BytesIO(issue_pdf([page, page], [TITLE] * 2, "合订")))
    assert bookmarks(merged) == alone + [(depth, title, 1) for depth, title, _ in alone]
    assert merged.metadata["/Title"] == "合订" and merged.pdf_header == "%PDF-1.7"


def test_the_issue_pdf_x_says_the_issue_s_title_in_its_xmp_too(press: Path) -> None:
    reader = pypdf.PdfReader(press / "issue.pdf")
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert TITLE in xmp and "第2版" not in xmp  # the first page's title replaced
    assert reader.trailer["/Root"]["/OutputIntents"]


def test_fonts_are_embedded(plain: Path, press: Path) -> None:
    for path in (plain / "page-02.pdf", press / "issue.pdf"):
        used = fonts(path)
        assert used and all(used.values()), used


def test_the_same_inputs_give_byte_identical_files(
    press: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    again = build(tmp_path_factory.mktemp("again"), "--pdf-x", "--bleed", "5", "--marks")
    for path in filter(Path.is_file, press.iterdir()):
        assert (again / path.name).read_bytes() == path.read_bytes(), path.name


def test_source_date_epoch_sets_the_dates(monkeypatch: pytest.MonkeyPatch) -> None:
    issue_date = load_manifest(SAMPLE / "issue.yaml").date
    assert build_time(issue_date) == "2025-01-16T00:00:00Z"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1736985600")
    assert build_time(issue_date) == "2025-01-16T00:00:00Z"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1737000000")
    assert build_time(issue_date) == "2025-01-16T04:00:00Z"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(OutputError, match="SOURCE_DATE_EPOCH"):
        build_time(issue_date)


def test_a_failed_write_replaces_no_file(tmp_path: Path) -> None:
    (tmp_path / "issue.pdf").write_bytes(b"previous")
    with pytest.raises(TypeError):
        write_files(tmp_path, {"issue.pdf": b"new", "page-02.pdf": "not bytes"})  # type: ignore[dict-item]
    assert [p.name for p in tmp_path.iterdir()] == ["issue.pdf"]
    assert (tmp_path / "issue.pdf").read_bytes() == b"previous"


# Proofs


def test_png_proofs_are_the_trimmed_page_at_the_asked_resolution(plain: Path, x1a: Path) -> None:
    for folder, dpi in ((plain, 150), (x1a, 60)):
        with Image.open(folder / "page-02.png") as proof:
            expected = (270 / 25.4 * dpi, 390 / 25.4 * dpi)
            assert all(abs(a - b) <= 1 for a, b in zip(proof.size, expected, strict=True))
            assert proof.info["dpi"] == pytest.approx((dpi, dpi), abs=0.05)  # per metre
            corner = proof.crop((0, 0, 20, 20))
            assert corner.getextrema() == ((255, 255),) * 3  # no bleed, no marks
    with Image.open(plain / "contact.png") as sheet:
        assert sheet.height > 480 and sheet.width > 300


def test_contact_sheet_of_several_pages(tmp_path: Path) -> None:
    manifest = tmp_path / "issue.yaml"
    pages = "".join(
        f"  - number: {n}\n    name: 版{n}\n    items:\n"
        "      - headline: 文章\n        body: 会议强调要充分认识到重点项目建设的重要意义。\n"
        for n in (1, 2, 3, 4, 5)
    )
    manifest.write_text(
        f"paper: 测试报\nissue: 1\ndate: 2025-01-16\nsize: a4\npages:\n{pages}", encoding="utf-8"
    )
    issue = load_manifest(manifest)
    built = build_issue(issue, Press(bleed_mm=0), jobs=2)
    written = write_issue(tmp_path / "out", built.pdfs, built.titles, built.title, png_dpi=20)
    names = sorted(p.name for p in written)
    assert names == sorted(
        ["issue.pdf", "contact.png"]
        + [f"page-0{n}.{kind}" for n in range(1, 6) for kind in ("pdf", "png")]
    )
    assert len(pypdf.PdfReader(tmp_path / "out" / "issue.pdf").pages) == 5
    with Image.open(tmp_path / "out" / "contact.png") as sheet:
        page_width = round(480 * 210 / 297)
        assert sheet.width == pytest.approx(4 * (page_width + 32) + 32, abs=12)  # 4 to a row
        assert sheet.height == 2 * (480 + 64)  # two rows


def test_a_build_removes_the_products_of_earlier_builds_it_does_not_make(tmp_path: Path) -> None:
    # An 8-page build and then a 1-page build left page-03…09.pdf of the other
    # issue, and proofs of the earlier build survived a build without --png.
    for name in ("page-05.pdf", "page-05.png", "contact.png", "notes.txt"):
        (tmp_path / name).write_bytes(b"old")
    write_files(tmp_path, {"page-01.pdf": b"new", "issue.pdf": b"new"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["issue.pdf", "notes.txt", "page-01.pdf"]


def test_leftovers_of_a_killed_build_are_removed_at_the_next(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    old, recent = tmp_path / ".out.staging-k1ll3d", tmp_path / ".out.staging-running"
    for folder in (old, recent):
        folder.mkdir()
        (folder / "page-02.pdf").write_bytes(b"half")
    temporary = out / ".page-02.pdf.k1ll3d"
    temporary.write_bytes(b"half")
    hours_ago = time.time() - 2 * 3600
    for path in (old, temporary):
        os.utime(path, (hours_ago, hours_ago))
    write_files(out, {"issue.pdf": b"new"})
    assert not old.exists()
    assert recent.exists()  # may be a build running beside this one
    assert [p.name for p in out.iterdir()] == ["issue.pdf"]


def test_the_set_is_swapped_in_one_step_and_the_cache_goes_along(tmp_path: Path) -> None:
    # Killed between renames, an 8-page build left pages 02-04 new and the
    # rest and issue.pdf old.
    out = tmp_path / "out"
    write_files(out, {"page-01.pdf": b"old", "page-02.pdf": b"old", "issue.pdf": b"old"})
    (out / ".newsprint-cache").mkdir()
    (out / ".newsprint-cache" / "entry").write_bytes(b"kept")
    folder = out.stat().st_ino
    write_files(out, {"page-01.pdf": b"new", "issue.pdf": b"new"}, carry=[".newsprint-cache"])
    assert out.stat().st_ino != folder  # another folder took its place
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == {
        "page-01.pdf": b"new",
        "issue.pdf": b"new",
    }
    assert (out / ".newsprint-cache" / "entry").read_bytes() == b"kept"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_build_killed_before_the_swap_leaves_the_old_set_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    write_files(out, {"page-01.pdf": b"old", "issue.pdf": b"old"})
    (out / ".newsprint-cache").mkdir()

    def killed(new: Path, old: Path) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(files, "_exchange", killed)
    with pytest.raises(KeyboardInterrupt):
        write_files(out, {"page-01.pdf": b"new", "issue.pdf": b"new"}, carry=[".newsprint-cache"])
    assert sorted(p.name for p in out.iterdir()) == [".newsprint-cache", "issue.pdf", "page-01.pdf"]
    assert (out / "issue.pdf").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_without_renameat2_the_folders_are_swapped_by_renames(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    write_files(out, {"issue.pdf": b"old"})
    monkeypatch.setattr(files, "_swapped", lambda new, old: False)
    write_files(out, {"issue.pdf": b"new"})
    assert (out / "issue.pdf").read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


PAGE_PDF = """\
import hashlib, sys, zlib
from layout.manifest import load_manifest
from layout.output import pdf
from layout.render import engine
from layout.render.issue import issue_context
from layout.render.page import render_page
if sys.argv[2] == "as WeasyPrint does":
    pdf.install_pdf_shortcuts = lambda: None
issue = load_manifest(sys.argv[1])
context = issue_context(issue)
rendered = render_page(context, issue.pages[0])
options = pdf.pdf_options(issue, context.press)
sizes = []  # of the data compressed, 16 KB or more, as zlib is given it


class Compressor:
    def __init__(self, *args, **kwargs):
        self.made = compressor(*args, **kwargs)
        self.size = 0

    def compress(self, data):
        self.size += len(data)
        return self.made.compress(data)

    def flush(self):
        if self.size >= 16384:
            sizes.append(self.size)
        return self.made.flush()


compressor, zlib.compressobj = zlib.compressobj, Compressor
first = pdf.page_pdf(rendered.document, "t", options)
made = len(sizes)
again = pdf.page_pdf(render_page(context, issue.pages[0]).document, "t", options)
assert again == first
print(hashlib.sha256(first).hexdigest(), len(engine._subsets))
print(*sorted(sizes[:made]), "/", len(sizes) - made)
"""


def test_font_data_copied_on_demand_and_subsets_kept_write_the_same_pdf() -> None:
    # The whole font file WeasyPrint copies for every font of a page (HarfBuzz subsets
    # the face, so it goes unread) is no longer copied, a page set again in the same
    # glyphs takes the subsets made the first time, and each stream is compressed once
    # (pydyf compresses each twice, to write it and to hash it): the PDF must not change.
    printed = {
        way: subprocess.run(
            [sys.executable, "-c", PAGE_PDF, str(SAMPLE / "issue.yaml"), way],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.splitlines()
        for way in ("on demand", "as WeasyPrint does")
    }
    ours, kept = printed["on demand"][0].split()
    theirs, none = printed["as WeasyPrint does"][0].split()
    assert ours == theirs and len(ours) == 64
    once, again = printed["on demand"][1].split("/")
    twice, _ = printed["as WeasyPrint does"][1].split("/")
    # each large stream (font subsets, content) compressed once, not twice; none again
    assert len(once.split()) >= 3 and sorted(twice.split()) == sorted(once.split() * 2)
    assert int(again) == 0
    assert int(kept) >= 3 and int(none) == 0  # the sample's faces, subset once each
