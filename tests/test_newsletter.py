"""The newsletter template set: an English A4 issue in three hyphenated columns."""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise
from pathlib import Path

import pypdfium2 as pdfium
from conftest import NEWSLETTER, run_cli
from pdf import fonts, page_sizes_mm, page_texts

from layout.typeset.body import Body, render_blocks
from layout.typeset.headline import headline_text

HYPHENS = re.escape("-\u2010")  # hyphen-minus and U+2010, for character classes


def text_lines(path: Path) -> list[list[tuple[float, float, str]]]:
    """Each page's text lines as PDFium segments them: (left, width, text), in stream order."""
    pages = []
    document = pdfium.PdfDocument(path)
    for page in document:
        textpage = page.get_textpage()
        lines = []
        for index in range(textpage.count_rects()):
            left, bottom, right, top = textpage.get_rect(index)
            text = textpage.get_text_bounded(left, bottom, right, top)
            lines.append((left, right - left, text.strip()))
        pages.append(lines)
    document.close()
    return pages


def clusters(values: list[float], tolerance: float = 2.0) -> list[tuple[float, int]]:
    """Values grouped where neighbours lie within ``tolerance``: (mean, count), left to right."""
    groups: list[list[float]] = []
    for value in sorted(values):
        if groups and value - groups[-1][-1] <= tolerance:
            groups[-1].append(value)
        else:
            groups.append([value])
    return [(sum(g) / len(g), len(g)) for g in groups]


def squeezed(text: str) -> str:
    """Text without white space, hyphens and Markdown emphasis and list marks."""
    text = re.sub(r"^- ", "", text, flags=re.MULTILINE).replace("**", "")
    return re.sub(rf"[\s{HYPHENS}]", "", text)


def test_pages_are_a4(newsletter_pdf: Path) -> None:
    assert page_sizes_mm(newsletter_pdf) == [(210.0, 297.0), (210.0, 297.0)]


def test_body_lines_stand_in_three_columns(newsletter_pdf: Path) -> None:
    for lines in text_lines(newsletter_pdf):
        # justified lines are a column wide: the commonest width on the page
        widths = Counter(round(width) for _, width, _ in lines)
        column = widths.most_common(1)[0][0]
        full = [left for left, width, _ in lines if abs(width - column) <= 2]
        columns = [(x, n) for x, n in clusters(full) if n >= 10]
        assert len(columns) == 3, columns
        (first, _), (second, _), (third, _) = columns
        assert abs((second - first) - (third - second)) < 2.0
        assert 140 < second - first < 200  # a column and a gutter of an A4 page


def test_latin_fonts_are_embedded(newsletter_pdf: Path) -> None:
    used = fonts(newsletter_pdf)
    assert all(used.values()), used
    names = " ".join(used)
    for family in ("Linux-Libertine-O", "Linux-Libertine-Display-O", "Linux-Biolinum-O"):
        assert family in names, names
    assert "Linux-Libertine-O-Bold" in names and "Linux-Libertine-O-Italic" in names
    assert not re.search("CJK|WenKai|DejaVu", names), names


def test_words_are_hyphenated_at_line_ends(newsletter_pdf: Path) -> None:
    source = " ".join(p.read_text(encoding="utf-8") for p in NEWSLETTER.glob("articles/*.md"))
    words = set(re.findall(r"[A-Za-z]+", source))
    broken = []
    for lines in text_lines(newsletter_pdf):
        for (left, _, text), (below_left, _, below) in pairwise(lines):
            match = re.search(rf"([A-Za-z]+)[{HYPHENS}]$", text)
            rest = re.match(r"[a-z]+", below)
            if match and rest and abs(left - below_left) < 20:
                broken.append(match[1] + rest[0])
    hyphenated = [word for word in broken if word in words]  # not a compound like clean-up
    assert len(hyphenated) >= 3, broken


def test_every_article_is_on_its_page(newsletter_pdf: Path) -> None:
    texts = [squeezed(text) for text in page_texts(newsletter_pdf)]
    on_page = {
        0: ["footbridge", "library", "cleanup"],
        1: ["parking", "garden", "calendar"],
    }
    for page, names in on_page.items():
        for name in names:
            markdown = (NEWSLETTER / "articles" / f"{name}.md").read_text(encoding="utf-8")
            for paragraph in markdown.split("\n\n"):
                assert squeezed(paragraph) in texts[page], f"{name}: {paragraph[:40]}…"


def test_english_masthead_running_header_and_bylines(newsletter_pdf: Path) -> None:
    front, inside = page_texts(newsletter_pdf)
    assert "RiversideCourier" in front or "RIVERSIDECOURIER" in front.upper()
    assert "THURSDAY,MARCH13,2025" in front.upper()
    assert "NO.27" in front.upper() and "2PAGES" in front.upper()
    assert "MARCH13,2025" in inside.upper() and "COMMUNITY" in inside.upper()
    assert "Page2of2" in inside and "EditedbyClaireDonnelly" in inside
    assert "ByMariaLopez" in front and "ByTomWhitaker" in inside
    assert not re.search("[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]", front + inside)


def test_the_sample_is_clean() -> None:
    result = run_cli("check", NEWSLETTER / "issue.yaml")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "no problems found"


def test_latin_headline_text_keeps_its_spaces() -> None:
    assert headline_text("Library adds  Saturday hours") == "Library adds Saturday hours"
    assert headline_text("推进 提质增效") == "推进\u3000提质增效"


def test_a_soft_line_break_beside_a_curly_quote_is_a_space_in_english() -> None:
    html = "".join(render_blocks(Body("He said “yes.”\nThen “no”\ncame back.", None, False)))
    assert "“yes.” Then “no” " in html
    chinese = "".join(render_blocks(Body("“好”\n“坏”", None, False)))
    assert "“好”\u200b“坏”" in re.sub(r"<[^>]+>", "", chinese)  # no space; a break opportunity
