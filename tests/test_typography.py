"""The Chinese text rules, measured on laid-out pages: one small manifest per rule."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import page_manifest, run_cli
from pdf import page_texts
from rendered import RenderedIssue, render_issue
from typography_report import TypographyReport, measure_typography
from weasyprint import HTML
from weasyprint.formatting_structure.boxes import InlineBox, LineBox, TextBox

from layout.manifest import load_manifest
from layout.render.layout_tree import PT_PER_PX, walk
from layout.typeset.body import mark_text

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "issues" / "zhongyuan-2025-01-16" / "issue.yaml"


def render(tmp_path: Path, body: str, **article: object) -> RenderedIssue:
    """One article on page 2 of a tabloid, 2 columns wide unless told."""
    fields = {"headline": "测试", "columns": 2, **article}
    lines = "".join(f"  {key}: {value}\n" for key, value in fields.items())
    item = "- body: |\n" + textwrap.indent(body.strip() + "\n", " " * 4) + lines
    manifest = tmp_path / "issue.yaml"
    manifest.write_text(page_manifest(item), encoding="utf-8")
    rendered = render_issue(load_manifest(manifest))
    assert not rendered.pages[0].overset
    return rendered


def report(rendered: RenderedIssue) -> TypographyReport:
    return measure_typography(rendered.pages[0].document.pages[0]._page_box)


def assert_flush(result: TypographyReport) -> None:
    assert result.checked, "no lines measured"
    assert [(line.text, round(line.short_by, 2)) for line in result.not_flush] == []


MIXED = (
    "2024年,中原区深入贯彻落实国务院优化政务服务要求,WeasyPrint 70.0版与Pango 1.50在"
    "第5届全国政务服务软实力评选中入选,共有1958双创园、CN 41-0001和3.5%的增长;"
    "2025年1月14日上午9:30,区政务服务中心接待群众1,000余人次,办结率达到99.8%。"
) * 3


def test_lines_with_digits_and_latin_are_flush(tmp_path: Path) -> None:
    assert_flush(report(render(tmp_path, MIXED)))


@pytest.mark.parametrize("offset", range(0, 11, 2))
def test_no_han_latin_space_at_line_start_or_end(tmp_path: Path, offset: int) -> None:
    page_box = render(tmp_path, "中" * offset + MIXED).pages[0].document.pages[0]._page_box
    at_edges = []
    for line in walk(page_box):
        if isinstance(line, LineBox):
            first, last = _edge_boxes(line, 0), _edge_boxes(line, -1)
            at_edges += [b.margin_left for b in first if _is_latin(b)]
            at_edges += [b.margin_right for b in last if _is_latin(b)]
    assert at_edges, "no Latin run at a line edge: the test proves nothing"
    assert set(at_edges) == {0}


def _edge_boxes(line: LineBox, index: int) -> list[InlineBox]:
    chain, box = [], line
    while box.children and isinstance(box.children[index], InlineBox):
        box = box.children[index]
        chain.append(box)
    return chain


def _is_latin(box: InlineBox) -> bool:
    return "latin" in (box.element.get("class") or "").split()


def test_lines_are_broken_with_the_han_latin_space_at_an_eighth_em(tmp_path: Path) -> None:
    # the least it may be; justification gives it back up to ¼ em (test_tight_lines)
    page_box = render(tmp_path, MIXED).pages[0].document.pages[0]._page_box
    margins = {
        round((box.margin_left + box.margin_right) * PT_PER_PX / 9, 3)
        for box in walk(page_box)
        if box.element_tag == "span" and "latin" in (box.element.get("class") or "")
    }
    assert margins <= {0.0, 0.125, 0.25}
    assert 0.125 in margins or 0.25 in margins


def test_han_latin_space_can_be_switched_off(tmp_path: Path) -> None:
    page_box = render(tmp_path, MIXED, autospace="false").pages[0].document.pages[0]._page_box
    assert not [b for b in walk(page_box) if b.element_tag == "span" and b.margin_left]


DENSE = (
    "他说:“我们要开店。”(见《郑州市中原区实施方案》)“好帮手”、“代言人”、“中间人”;"
    "他问:“为什么?”她答:“因为——”话没说完……《人民日报》、《河南日报》都报道了。"
) * 4


def test_dense_punctuation_never_starts_or_ends_a_line_wrongly(tmp_path: Path) -> None:
    result = report(render(tmp_path, DENSE))
    assert_flush(result)
    assert [line.text for line in result.closing_at_start] == []
    assert [line.text for line in result.opening_at_end] == []


def test_adjacent_punctuation_is_compressed_to_one_and_a_half_em() -> None:
    stylesheet = ROOT / "templates" / "default" / "style.css"
    html = (
        f'<link rel="stylesheet" href="{stylesheet.as_uri()}">'
        "<p style=\"font: 9pt 'Noto Serif CJK SC'; text-align: left\">"
        + mark_text("他说：“开店。”（见《方案》）好，“对”。", autospace=True)
        + "</p>"
    )
    page_box = HTML(string=html).render().pages[0]._page_box
    widths = [
        round(sum(t.width for t in walk(box) if isinstance(t, TextBox)) * PT_PER_PX, 2)
        for box in walk(page_box)
        if box.element_tag == "span" and box.element.get("class") == "halt"
    ]
    assert widths == [4.5] * len(widths)
    assert len(widths) >= 4  # 。” ）好 is not a pair; ：“ 。” ）） 》） ，“ ”。


@pytest.mark.parametrize("offset", range(0, 11))
def test_dash_and_ellipsis_are_never_split(tmp_path: Path, offset: int) -> None:
    body = "中" * offset + "会议强调——要严格程序,不把矛盾隐患往后放……为系统化解留足时间。" * 3
    result = report(render(tmp_path, body, columns=1))
    for before, after in zip(result.lines, result.lines[1:], strict=False):
        assert not (before.text.endswith("—") and after.text.startswith("—"))
        assert not (before.text.endswith("…") and after.text.startswith("…"))
    assert_flush(result)


@pytest.mark.parametrize("length", [23, 34, 45])
def test_a_paragraph_never_ends_with_a_lone_character(tmp_path: Path, length: int) -> None:
    # 2 em indent + length characters in 11-character columns: one left over for the last line.
    body = ("中原区召开村级后备力量培育储备工作推进会议" * 3)[: length - 1] + "。"
    result = report(render(tmp_path, body, columns=1))
    assert [line.text for line in result.lone_characters] == []
    assert_flush(result)


def test_two_line_headline_breaks_between_phrases(tmp_path: Path) -> None:
    headline = "中原区人大常委会到包联村　调研村级后备力量培育储备工作"
    rendered = render(tmp_path, "会议听取了各街道工作开展情况汇报。", headline=headline, columns=3)
    page_box = rendered.pages[0].document.pages[0]._page_box
    h1 = next(b for b in walk(page_box) if b.element_tag == "h1")
    lines = [
        re.sub(r"[\s\u200b]", "", "".join(t.text for t in walk(line) if isinstance(t, TextBox)))
        for line in h1.children
    ]
    assert lines == ["中原区人大常委会到包联村", "调研村级后备力量培育储备工作"]


def test_sample_page_meets_the_rules() -> None:
    rendered = render_issue(load_manifest(SAMPLE))
    result = report(rendered)
    assert len(result.checked) > 200
    assert_flush(result)
    assert result.closing_at_start == []
    assert result.opening_at_end == []
    assert result.lone_characters == []


def test_masthead_has_the_lunar_date_and_issue_number(tmp_path: Path) -> None:
    manifest = tmp_path / "issue.yaml"
    manifest.write_text(
        page_manifest(
            "- headline: 头条\n  body: 本报讯 会议召开。\n",
            number=1,
            name="要闻",
            paper="中原报",
            issue=1234,
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert run_cli("build", manifest, "-o", out).exit_code == 0
    (text,) = page_texts(out / "issue.pdf")
    assert "中原报" in text
    assert "2025年1月16日星期四农历甲辰年腊月十七" in text
    assert "第1234期" in text
    # page 1 has the masthead with the page's own line (第1版 要闻), no running header
    assert re.findall("第\\d+版", text) == ["第1版"] and "第1版要闻" in text


def test_closing_punctuation_at_a_line_end_is_set_half_width(tmp_path: Path) -> None:
    # Commas at the end of a justified line keep only their inked half: their ink
    # then reaches the column edge like the Han characters of the other lines.
    manifest = tmp_path / "issue.yaml"
    manifest.write_text(
        page_manifest(
            "- headline: 测试\n  columns: 1\n  body: |\n"
            # 9 characters after the 2 em indent, then lines of 11: each ends in a comma
            + textwrap.indent(
                "中原区召开会议了，" + "中原区召开了会议会议，" * 8 + "完。\n", " " * 4
            )
        ),
        encoding="utf-8",
    )
    # The lines as broken at their natural spacing: no paragraph set looser to fill the page.
    settings = ROOT / "templates" / "default" / "settings.yaml"
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "settings.yaml").write_text(
        re.sub(r"(?m)^tighten:.*$", "tighten: 0", settings.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert run_cli("build", manifest, "-o", out, "--force").exit_code == 0
    textpage = pdfium.PdfDocument(out / "issue.pdf")[0].get_textpage()
    lines: dict[int, list[tuple[float, float, str]]] = {}
    for i in range(textpage.count_chars()):
        char = textpage.get_text_range(i, 1)
        if char.strip():
            left, bottom, _, _ = textpage.get_charbox(i, loose=True)  # the em box
            right = textpage.get_charbox(i)[2]  # the ink
            lines.setdefault(round(bottom), []).append((left, right, char))
    body = [sorted(chars) for chars in lines.values() if len(chars) > 5 and max(chars)[0] < 300]
    edge = min(chars[0][0] for chars in body) + 11 * 9  # 11 characters of 9 pt
    comma_ends = [chars[-1][1] for chars in body if chars[-1][2] == "，"]
    assert len(comma_ends) >= 3, "no line ends with a comma: the test proves nothing"
    assert all(right > edge - 9 * 0.3 for right in comma_ends), (edge, comma_ends)
