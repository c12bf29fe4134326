"""Inter-character justification of Chinese text (layout/render/justify.py).

Everything is measured on real WeasyPrint output:

* layout tree: ``doc.pages[0]._page_box.descendants()``; for every line but a
  paragraph's last, the right edge of its last text box must be the
  paragraph's content right edge (within 0.5 pt);
* PDF: glyph positions come from the page's content stream (``Tm`` +
  ``TJ`` + the fonts' ``/W`` widths, see ``pdf_glyph_runs``).  The pen
  position after a glyph and its ``TJ`` adjustment is where the glyph's
  advance really ends.  pdfium's loose char box (``get_charbox(i,
  loose=True)``) is ``origin + /W width``: right for full-width Han, wrong
  for glyphs that OpenType positioning changes (``halt`` 。 is drawn with
  a 1000 /W width and a +500 ``TJ`` number, so its loose box is 0.5 em too
  wide); tight boxes are ink bounds.  pdfium is used for the text layer and
  to cross-check origins.

Run ``python tests/test_justify.py`` for the before/after report.
"""

from __future__ import annotations

import html
import io
import itertools
import re
import subprocess
import sys
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from weasyprint import HTML
from weasyprint.formatting_structure import boxes

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from layout.render import justify, paragraph  # noqa: E402

SEED = Path(__file__).parent / "data" / "zhongyuan-page.md"  # the seed page, as copied
TOLERANCE_PT = 0.5
PX_TO_PT = 0.75

# Mixed content that the seed lacks: a compressed 。” pair, Latin words,
# inline spans with margins, nowrap spans and <strong>.
EXTRA_PARAGRAPHS = [
    '他说:“要把‘高效办成一件事’落到实处<span class="halt">。</span>”'
    '排版引擎WeasyPrint在<span class="latin">Pango 1.50</span>上运行,'
    "<strong>2025年1月14日</strong>起全区推行《政务服务事项清单》,"
    '<span class="nobr">中原区政务服务中心</span>同步上线——'
    '办事群众“最多跑一次”<span class="halt">。</span>”记者在现场看到,'
    "窗口前排队的人明显少了……"
    'WeasyPrint排出的版面与方正飞腾的版面一致<span class="halt">。</span>”'
    "会议要求各单位在2025年底前完成全部事项的梳理工作。",
]


def seed_paragraphs() -> list[str]:
    """Body paragraphs of the seed page, as HTML (escaped), then the extras."""
    paragraphs = []
    for line in SEED.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        paragraphs.append(html.escape(line, quote=False))
    return paragraphs + EXTRA_PARAGRAPHS


def build_html(width_em: float, align: str = "justify", paragraphs=None) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in (paragraphs or seed_paragraphs()))
    return f"""<!doctype html><html lang="zh-CN"><head><style>
      @page {{ size: 210mm 2000mm; margin: 10mm }}
      p {{ width: {width_em}em; font: 9pt 'Noto Serif CJK SC'; text-align: {align};
           line-height: 1.5; margin: 0; text-indent: 2em }}
      .halt {{ font-feature-settings: 'halt' }}
      .nobr {{ white-space: nowrap }}
      .latin {{ margin: 0 0.25em }}
    </style></head><body>{body}</body></html>"""


# ---------------------------------------------------------------------------
# Layout tree


def layout_lines(document):
    """One dict per line box of every <p>: right edge of its last text box."""
    page_box = document.pages[0]._page_box
    lines = []
    paragraph_index = 0
    for box in page_box.descendants():
        if box.element_tag != "p" or not isinstance(box, boxes.BlockBox):
            continue
        edge = box.content_box_x() + box.width
        line_boxes = [c for c in box.children if isinstance(c, boxes.LineBox)]
        for number, line in enumerate(line_boxes):
            texts = [
                b for b in line.descendants() if isinstance(b, boxes.TextBox) and b.text.strip()
            ]
            if not texts:
                continue
            last_text = texts[-1]
            last_child = [c for c in line.children if c.is_in_normal_flow()][-1]
            content_right = last_child.position_x + last_child.margin_width()
            lines.append(
                {
                    "paragraph": paragraph_index,
                    "last": number == len(line_boxes) - 1,
                    "right": (last_text.position_x + last_text.width) * PX_TO_PT,
                    # margin/border/padding of inline boxes closing after the last text
                    "trailing": (content_right - last_text.position_x - last_text.width) * PX_TO_PT,
                    "edge": edge * PX_TO_PT,
                    "baseline": (line.position_y + line.baseline) * PX_TO_PT,
                    "text": "".join(b.text for b in texts),
                }
            )
        paragraph_index += 1
    return lines


# ---------------------------------------------------------------------------
# PDF content stream


def _multiply(m, n):
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _font_widths(font) -> tuple[dict[int, float], float, int]:
    """CID → width (1/1000 em), default width and code length of a PDF font."""
    font = font.get_object()
    if font["/Subtype"] != "/Type0":
        first = int(font.get("/FirstChar", 0))
        widths = {first + i: float(w) for i, w in enumerate(font.get("/Widths", []))}
        return widths, 0.0, 1
    descendant = font["/DescendantFonts"][0].get_object()
    widths, array = {}, list(descendant.get("/W", []))
    i = 0
    while i < len(array):
        start = int(array[i])
        if isinstance(array[i + 1], list | pypdf.generic.ArrayObject):
            for k, w in enumerate(array[i + 1]):
                widths[start + k] = float(w)
            i += 2
        else:
            for cid in range(start, int(array[i + 1]) + 1):
                widths[cid] = float(array[i + 2])
            i += 3
    return widths, float(descendant.get("/DW", 1000)), 2


_TOKEN = re.compile(
    r"\[|\]|<[0-9A-Fa-f\s]*>|/[^\s/\[\]<>()]+|[-+]?(?:\d+\.?\d*|\.\d+)|[A-Za-z*'\"]+"
)


def _content_operations(data: str):
    """(operands, operator) of a content stream as WeasyPrint writes it.

    Enough for text: numbers, names, hex strings (as bytes) and arrays.
    """
    operands, array = [], None
    for token in _TOKEN.findall(data):
        if token == "[":
            array = []
            continue
        if token == "]":
            operands.append(array)
            array = None
            continue
        if token.startswith("<"):
            value = bytes.fromhex(re.sub(r"\s", "", token[1:-1]))
        elif token.startswith("/"):
            value = token
        elif token[0] in "+-.0123456789":
            value = float(token)
        else:
            yield operands, token
            operands = []
            continue
        (array if array is not None else operands).append(value)


def pdf_glyph_runs(pdf_bytes: bytes, page_number: int = 0):
    """Glyphs of a page as (x_start, x_end, baseline_y) in PDF points (y up).

    ``x_end`` is the pen position after the glyph and the ``TJ`` numbers that
    follow it: where the glyph's advance ends as drawn.
    """
    reader = pypdf.PdfReader(io.BytesIO(pdf_bytes))
    page = reader.pages[page_number]
    fonts = {name: _font_widths(font) for name, font in page["/Resources"].get("/Font", {}).items()}
    data = page.get_contents().get_data().decode("latin-1")
    ctm, stack = (1, 0, 0, 1, 0, 0), []
    tm, font, size = (1, 0, 0, 1, 0, 0), None, 0.0
    glyphs = []
    for operands, op in _content_operations(data):
        if op == "q":
            stack.append(ctm)
        elif op == "Q":
            ctm = stack.pop()
        elif op == "cm":
            ctm = _multiply(tuple(float(v) for v in operands), ctm)
        elif op == "BT":
            tm = (1, 0, 0, 1, 0, 0)
        elif op == "Tm":
            tm = tuple(float(v) for v in operands)
        elif op == "Td":
            tx, ty = (float(v) for v in operands)
            tm = _multiply((1, 0, 0, 1, tx, ty), tm)
        elif op == "Tf":
            font, size = fonts[operands[0]], float(operands[1])
        elif op in ("TJ", "Tj"):
            items = operands[0] if op == "TJ" else [operands[0]]
            widths, default, code_length = font
            matrix = _multiply(tm, ctm)
            pen, current, shown = 0.0, None, []
            for item in items:
                if isinstance(item, bytes):
                    for k in range(0, len(item), code_length):
                        cid = int.from_bytes(item[k : k + code_length], "big")
                        if current is not None:
                            shown.append((current, pen))
                        current = pen
                        pen += widths.get(cid, default) / 1000 * size
                else:
                    pen -= float(item) / 1000 * size
            if current is not None:
                shown.append((current, pen))
            tm = _multiply((1, 0, 0, 1, pen, 0), tm)
            # Text space → user space (no rotation or skew in our documents).
            glyphs.extend(
                (start * matrix[0] + matrix[4], end * matrix[0] + matrix[4], matrix[5])
                for start, end in shown
            )
    return glyphs


def pdf_line_ends(pdf_bytes: bytes, baselines: list[float], page_height: float):
    """Right end (pt) of the last glyph drawn on each given baseline (pt, top-down)."""
    ends = {}
    for _start, end, y in pdf_glyph_runs(pdf_bytes):
        top_down = page_height - y
        key = min(range(len(baselines)), key=lambda i: abs(baselines[i] - top_down))
        if abs(baselines[key] - top_down) < 1:
            ends[key] = max(ends.get(key, float("-inf")), end)
    return [ends.get(i) for i in range(len(baselines))]


def pdf_text(pdf_bytes: bytes) -> tuple[str, int]:
    """Text layer (pdfium), without the characters pdfium generates, + their count."""
    document = pdfium.PdfDocument(pdf_bytes)
    try:
        textpage = document[0].get_textpage()
        kept, generated = [], 0
        for i in range(textpage.count_chars()):
            if pdfium_c.FPDFText_IsGenerated(textpage.raw, i) == 1:
                generated += 1
                continue
            kept.append(chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i)))
        return "".join(kept), generated
    finally:
        document.close()


def pdf_char_origins(pdf_bytes: bytes) -> list[tuple[str, float, float]]:
    """(char, origin x, origin y) of the non-generated characters, via pdfium."""
    import ctypes

    document = pdfium.PdfDocument(pdf_bytes)
    try:
        textpage = document[0].get_textpage()
        out = []
        x, y = ctypes.c_double(), ctypes.c_double()
        for i in range(textpage.count_chars()):
            if pdfium_c.FPDFText_IsGenerated(textpage.raw, i) == 1:
                continue
            pdfium_c.FPDFText_GetCharOrigin(textpage.raw, i, x, y)
            out.append((chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i)), x.value, y.value))
        return out
    finally:
        document.close()


def measure(width_em: float, align: str = "justify"):
    """Render the seed at ``width_em``; return per-line layout and PDF results."""
    document = HTML(string=build_html(width_em, align)).render()
    lines = layout_lines(document)
    pdf = document.write_pdf()
    page_height = document.pages[0].height * PX_TO_PT
    ends = pdf_line_ends(pdf, [line["baseline"] for line in lines], page_height)
    for line, end in zip(lines, ends, strict=True):
        line["pdf_right"] = end
    return lines, pdf


def not_flush(lines, key):
    """Lines (but each paragraph's last) whose last glyph misses the edge.

    The edge is the paragraph's content right edge, minus the margin, border
    and padding of inline boxes that close after the line's last text (a
    ``<span class="latin">`` with ``margin-right`` at the end of a line).
    """
    checked = [line for line in lines if not line["last"]]
    bad = [
        line
        for line in checked
        if line[key] is None or abs(line[key] + line["trailing"] - line["edge"]) > TOLERANCE_PT
    ]
    return checked, bad


def expected_text(paragraphs) -> str:
    text = "".join(re.sub(r"<[^>]+>", "", html.unescape(p)) for p in paragraphs)
    return re.sub(r"\s+", "", text)


# ---------------------------------------------------------------------------
# Tests


@pytest.fixture(scope="module", autouse=True)
def _installed():
    paragraph.install()  # as the renderer does: the paragraph builder too


@pytest.fixture(scope="module", params=[13, 13.3], ids=["13em", "13.3em"])
def rendered(request):
    return request.param, *measure(request.param)


def test_layout_lines_are_flush(rendered):
    _width, lines, _pdf = rendered
    checked, bad = not_flush(lines, "right")
    assert len(checked) > 30
    assert not bad, [(b["text"], b["right"] - b["edge"]) for b in bad]


def test_pdf_lines_are_flush(rendered):
    _width, lines, _pdf = rendered
    checked, bad = not_flush(lines, "pdf_right")
    assert len(checked) > 30
    assert not bad, [(b["text"], b["pdf_right"], b["edge"]) for b in bad]


def test_pdf_matches_layout_on_every_line(rendered):
    _width, lines, _pdf = rendered
    for line in lines:
        assert line["pdf_right"] == pytest.approx(line["right"], abs=TOLERANCE_PT), line["text"]


def test_text_layer_is_unchanged(rendered):
    _width, _lines, pdf = rendered
    text, _generated = pdf_text(pdf)
    assert re.sub(r"\s+", "", text) == expected_text(seed_paragraphs())


def test_last_lines_are_not_stretched(rendered):
    # a paragraph's last line keeps its characters one em apart; the others spread
    _width, lines, pdf = rendered
    page_height = pdf_page_height(pdf)
    last_baselines = {round(page_height - line["baseline"], 1) for line in lines if line["last"]}
    rows: dict[float, list[tuple[str, float]]] = {}
    for char, x, y in pdf_char_origins(pdf):
        rows.setdefault(round(y, 1), []).append((char, x))
    han = re.compile(r"[\u4e00-\u9fff]")
    compared = stretched = 0
    for baseline, row in rows.items():
        for (a, xa), (b, xb) in itertools.pairwise(row):
            if not (han.match(a) and han.match(b)):
                continue
            if baseline in last_baselines:
                assert xb - xa == pytest.approx(9.0, abs=0.01), a + b
                compared += 1
            elif xb - xa > 9.1:
                stretched += 1
    assert compared > 50
    assert stretched > 50  # the other lines did spread


def pdf_page_height(pdf_bytes: bytes) -> float:
    return float(pypdf.PdfReader(io.BytesIO(pdf_bytes)).pages[0].mediabox.height)


def _word_advances(origins, word):
    chars = "".join(c for c, _, _ in origins)
    found = []
    start = chars.find(word)
    while start != -1:
        xs = [x for _, x, _ in origins[start : start + len(word)]]
        ys = {round(y, 1) for _, _, y in origins[start : start + len(word)]}
        if len(ys) == 1:
            found.append([b - a for a, b in itertools.pairwise(xs)])
        start = chars.find(word, start + 1)
    return found


def test_latin_word_letters_are_not_spaced(rendered):
    width, lines, pdf = rendered
    _, left_pdf = measure(width, align="left")
    justified = _word_advances(pdf_char_origins(pdf), "WeasyPrint")
    ragged = _word_advances(pdf_char_origins(left_pdf), "WeasyPrint")
    assert justified and len(justified) == len(ragged)
    for gaps, natural in zip(justified, ragged, strict=True):
        assert gaps == pytest.approx(natural, abs=0.01)
    # and at least one of them sits on a stretched line
    assert any("WeasyPrint" in line["text"] and not line["last"] for line in lines)


def _first_line_origins(paragraph, width_em, align):
    pdf = HTML(string=build_html(width_em, align, paragraphs=[paragraph])).write_pdf()
    origins = pdf_char_origins(pdf)
    first_y = round(origins[0][2], 1)
    return [(c, x) for c, x, y in origins if round(y, 1) == first_y]


def test_every_cjk_gap_gets_the_same_extra_across_boxes():
    """Gaps inside boxes and between boxes (spans with margins, <strong>, halt)
    all get the same extra; letters of a Latin word get none."""
    paragraph = (
        '中文<span class="latin">Pango</span>排版<strong>引擎</strong>'
        '<span class="halt">。</span><span class="nobr">测试</span>'
        "WeasyPrint的两端对齐效果好不好呢这是第二行的内容"
    )
    justified = _first_line_origins(paragraph, 22.3, "justify")
    ragged = _first_line_origins(paragraph, 22.3, "left")
    assert [c for c, _ in justified] == [c for c, _ in ragged]
    chars = "".join(c for c, _ in justified)
    assert chars.startswith("中文Pango排版引擎。测试WeasyPrint")
    extras = {}
    for i in range(len(justified) - 1):
        pair = chars[i : i + 2]
        extras[i, pair] = (justified[i + 1][1] - justified[i][1]) - (
            ragged[i + 1][1] - ragged[i][1]
        )
    latin = {k: v for k, v in extras.items() if k[1].isascii()}
    cjk = {k: v for k, v in extras.items() if not k[1].isascii()}
    assert latin and all(abs(v) < 0.01 for v in latin.values()), latin
    spacing = cjk[0, "中文"]
    assert spacing > 0.1
    assert all(v == pytest.approx(spacing, abs=0.02) for v in cjk.values()), cjk


def test_atomic_inline_and_rtl_inline_lines_are_flush():
    paragraph = (
        '中原区<span style="display:inline-block;width:2em;height:1em"></span>'
        '召开会议,<span dir="rtl">שלום</span>部署2025年政务服务重点工作任务'
        "确保政务服务效能全面提升。"
    )
    lines = layout_lines(HTML(string=build_html(13, paragraphs=[paragraph])).render())
    checked, bad = not_flush(lines, "right")
    assert checked and not bad


def test_install_is_idempotent():
    from weasyprint.layout import inline
    from weasyprint.text.line_break import Layout

    justify_line, get_first_line = inline.justify_line, Layout.get_first_line
    justify.install()
    assert inline.justify_line is justify_line
    assert Layout.get_first_line is get_first_line


def test_install_refuses_unsupported_version(monkeypatch):
    import weasyprint

    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    with pytest.raises(RuntimeError, match=r"supports WeasyPrint 70\.0.*71\.0 is installed"):
        justify.install()


def test_is_cjk():
    assert all(justify.spaced_as_cjk(c) for c in "中㐀𠀀かカ한，。《》「」　")
    assert not any(justify.spaced_as_cjk(c) for c in "aZ09 ,.“”—…")


# ---------------------------------------------------------------------------
# Report: python tests/test_justify.py


def _measure_counts(install: bool) -> str:
    if install:
        justify.install()
    rows = []
    for width in (13, 13.3):
        lines, pdf = measure(width)
        checked, bad_layout = not_flush(lines, "right")
        _, bad_pdf = not_flush(lines, "pdf_right")
        worst = max(abs(line["pdf_right"] + line["trailing"] - line["edge"]) for line in checked)
        text, generated = pdf_text(pdf)
        same_text = re.sub(r"\s+", "", text) == expected_text(seed_paragraphs())
        rows.append(
            f"{width}em: {len(checked)} lines checked, not flush: layout "
            f"{len(bad_layout)}, PDF {len(bad_pdf)}; worst PDF deviation "
            f"{worst:.3f} pt; text layer identical: {same_text} "
            f"(pdfium-generated chars: {generated})"
        )
    return "\n".join(rows)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--measure"]:
        print(_measure_counts(sys.argv[2] == "on"))
    else:
        for state in ("off", "on"):
            result = subprocess.run(
                [sys.executable, __file__, "--measure", state],
                capture_output=True,
                text=True,
                check=True,
            )
            print(f"extension {state}:\n{result.stdout}")


def test_compressed_marks_share_what_room_the_line_has():
    # 8.25 em after the indent: with its commas at half width the line takes 七
    # (8 em); the 0.25 em left goes to the two commas, half each, and no gap
    # between characters is spread.
    justified = _first_line_origins("一二，三四，五六七八九十。", 10.25, "justify")
    assert "".join(c for c, _ in justified) == "一二，三四，五六七"
    advances = [b[1] - a[1] for a, b in itertools.pairwise(justified)]
    comma = 9 * (0.5 + 0.125)
    assert advances == pytest.approx([9, 9, comma, 9, 9, comma, 9, 9], abs=0.02)
