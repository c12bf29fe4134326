"""Page 1 of a Chinese issue: the 报头 at the top of the page, with the page's own line."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from conftest import run_cli
from pdf import page_texts


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
        if min(image.crop((0, y, image.width, y + 1)).getdata()) < 128
    ]
    assert inked[0] * 25.4 / dpi < 25, inked[0] * 25.4 / dpi
