"""Page 1 of a Chinese issue: the 报头 at the top of the page, with the page's own line."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import NEWSLETTER, run_cli
from pdf import page_texts

from layout.manifest import load_manifest


def test_page_one_has_no_blank_band_and_carries_its_name_and_editor(tmp_path: Path) -> None:
    # `new` writes page 1 (要闻, 责任编辑 张三, 美编 李四, 校对 王五) of a tabloid issue
    assert run_cli("new", tmp_path / "issue").exit_code == 0
    out = tmp_path / "out"
    result = run_cli("build", tmp_path / "issue" / "issue.yaml", "-o", out, "--force")
    assert result.exit_code == 0, result.output
    (text,) = page_texts(out / "issue.pdf")
    assert "第1版要闻责任编辑张三美编李四校对王五" in text
    # the first ink from the top: the paper's name, within 25 mm of the trim (the top
    # margin is 24 mm and the 报头 9 lines: it used to start 47 mm down)
    dpi = 36
    page = pdfium.PdfDocument(out / "issue.pdf")[0]
    image = page.render(scale=dpi / 72).to_pil().convert("L")
    inked = [
        y
        for y in range(image.height)
        if image.crop((0, y, image.width, y + 1)).getextrema()[0] < 128
    ]
    assert inked[0] * 25.4 / dpi < 25, inked[0] * 25.4 / dpi


MASTHEAD = {
    "default": (
        "masthead: {publisher: 中共中原区委, registration: CN 41-0001, postal_code: 35-1, "
        "weather: 晴 −3～8℃}\n",
        ["中共中原区委主办", "国内统一连续出版物号CN41-0001", "邮发代号35-1", "天气晴−3～8℃"],
    ),
    "newsletter": (
        "masthead: {publisher: Riverside Trust, registration: ISSN 2049-0001, "
        "postal_code: RC-27, weather: 'Bright, 14 °C'}\n",
        ["PublishedbyRiversideTrust", "ISSN2049-0001", "Weather:Bright,14°C", "Post:RC-27"],
    ),
}


@pytest.mark.parametrize("template", sorted(MASTHEAD))
def test_the_masthead_carries_the_furniture_the_manifest_gives(
    tmp_path: Path, template: str
) -> None:
    keys, printed = MASTHEAD[template]
    assert run_cli("new", tmp_path / "issue", "--template", template).exit_code == 0
    manifest = tmp_path / "issue" / "issue.yaml"
    yaml = manifest.read_text(encoding="utf-8")
    start = yaml.index("masthead:")
    end = yaml.index("\npages:")
    bare = yaml[:start] + yaml[end + 1 :]
    for name, text in (("with", yaml[:start] + keys + yaml[end + 1 :]), ("without", bare)):
        manifest.write_text(text, encoding="utf-8")
        out = tmp_path / name
        result = run_cli("build", manifest, "-o", out, "--force")
        assert result.exit_code == 0, result.output
        (page,) = page_texts(out / "issue.pdf")
        found = [words for words in printed if words in "".join(page.split())]
        assert found == (printed if name == "with" else []), page[:400]


def test_the_newsletter_front_page_lists_the_inner_pages_in_its_index(newsletter_pdf: Path) -> None:
    issue = load_manifest(NEWSLETTER / "issue.yaml")
    front, inner = ("".join(text.split()) for text in page_texts(newsletter_pdf))
    assert "Inthisissue" in front
    for article in issue.pages[1].articles():
        entry = "".join(f"{article.headline}, page 2".split())
        assert entry in front and entry not in inner


def test_the_lead_story_opens_with_a_drop_cap_and_its_first_word_whole(
    newsletter_pdf: Path,
) -> None:
    page = pdfium.PdfDocument(newsletter_pdf)[0]
    text = page.get_textpage()
    heights = {}
    for index in range(text.count_chars()):
        _left, bottom, _right, top = text.get_charbox(index)
        heights.setdefault(text.get_text_range(index, 1), []).append(top - bottom)
    assert max(heights["A"]) > 3 * 12.35 * 0.6  # the initial, about three lines deep
    squeezed = "".join(page_texts(newsletter_pdf)[0].split())
    assert "Afterfourmonthsbehindorangefencing" in squeezed  # not "fter"


def test_a_pull_quote_is_set_in_its_article_and_not_cut_as_body_text(newsletter_pdf: Path) -> None:
    inner = "".join(page_texts(newsletter_pdf)[1].split())
    quote = "Youwillpushtheproblemfiftyyardsandcallitsolved"
    assert inner.count(quote) == 2  # the pull quote, and the sentence in the story
    assert inner.index(quote) < inner.index("Thecitycouncilwillvote")  # at the body's head


def test_a_pull_quote_is_not_counted_where_a_jumped_article_is_cut() -> None:
    from weasyprint import HTML

    from layout.check.overset import kept_characters
    from layout.typeset.body import normalized

    lines = ["First line of text.", "Second line here.", "Third line of it.", "Not shown."]
    html = (
        '<html><body style="font: 9pt serif; line-height: 12pt; width: 200pt">'
        '<div data-key="a" data-part="body" style="height: 48pt; overflow: hidden">'
        '<blockquote class="pullquote" style="margin: 0"><p style="margin: 0">Quoted.</p>'
        "</blockquote>"
        + "".join(f'<p style="margin: 0">{line}</p>' for line in lines)
        + "</div></body></html>"
    )
    page = HTML(string=html).render().pages[0]
    # three lines of text shown beside the quote's: the last makes way for the jump line
    assert kept_characters(page._page_box, "a") == len(normalized(lines[0] + lines[1]))


def test_the_chinese_front_page_has_a_daodu_box_of_the_inner_pages(tmp_path: Path) -> None:
    assert run_cli("new", tmp_path / "issue").exit_code == 0
    manifest = tmp_path / "issue" / "issue.yaml"
    inner = (
        "\n  - number: 3\n    name: 综合\n    items:\n"
        "      - headline: 区图书馆 延长开放时间\n        body: 即日起，区图书馆每周开放72小时。\n"
    )
    manifest.write_text(manifest.read_text(encoding="utf-8") + inner, encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("build", manifest, "-o", out, "--force")
    assert result.exit_code == 0, result.output
    front, third = ("".join(text.split()) for text in page_texts(out / "issue.pdf"))
    assert "本期导读" in front and "第3版区图书馆延长开放时间" in front
    assert "本期导读" not in third
