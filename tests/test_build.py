"""`newsprint build` end to end: the sample issue and what a build refuses."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SAMPLE, page_manifest, run_cli
from pdf import fonts, page_sizes_mm, page_texts

from layout.typeset.punctuation import to_fullwidth


def expected_article_texts() -> list[str]:
    """Each sample article as a reader must find it: punctuation made full-width."""
    texts = []
    for name in (
        "zhengwu-fuwu",
        "xuanyou-yuqiang",
        "tuijinhui",
        "zhengxie-changwei",
        "renda-diaoyan",
    ):
        source = (SAMPLE / "articles" / f"{name}.md").read_text(encoding="utf-8")
        texts.append(re.sub(r"\s+", "", to_fullwidth(source)[0]))
    return texts


def test_sample_is_one_tabloid_page(sample_pdf: Path) -> None:
    assert page_sizes_mm(sample_pdf) == [(270.0, 390.0)]


def test_every_article_is_on_the_page_in_reading_order(sample_pdf: Path) -> None:
    (text,) = page_texts(sample_pdf)
    position = 0
    for article in expected_article_texts():
        found = text.find(article, position)
        assert found >= 0, f"missing or out of order: {article[:20]}…"
        position = found + len(article)


def test_headlines_bylines_and_header_are_on_the_page(sample_pdf: Path) -> None:
    (text,) = page_texts(sample_pdf)
    for expected in (
        "中原区2025年政务服务工作会议召开",
        "持续推进“高效办成一件事”推动全区政务服务提质增效",
        "聚焦村级后备力量",
        "记者唐善普通讯员苏慧莹高浩原",
        "记者唐善普通讯员杨乐刘赛",
        "第2版",
        "综合",
        "责任编辑张三",
    ):
        assert expected in text


def test_all_fonts_are_embedded_and_subset(sample_pdf: Path) -> None:
    used = fonts(sample_pdf)
    assert used, "no fonts found"
    assert all(used.values()), used
    # A subset font's name carries a six-letter tag: /ABCDEF+Noto-Serif-CJK-SC.
    assert all(re.fullmatch(r"/[A-Z]{6}\+.+", name) for name in used), list(used)
    assert {name.split("+")[1] for name in used} >= {"Noto-Serif-CJK-SC", "LXGW-WenKai"}


def test_overset_article_is_reported_and_nothing_written(write_issue, tmp_path: Path) -> None:
    manifest = write_issue(
        page_manifest(
            """\
            - headline: 很长的文章
              body: |
                %s
              columns: 2
              height: 12
            """
            % ("会议强调要充分认识到重点项目建设的重要意义。" * 60)
        )
    )
    out = tmp_path / "out"
    result = run_cli("build", manifest, "-o", out)
    assert result.exit_code == 2
    assert re.search(
        r"page 2: pages\[0\]\.items\[0\] 「很长的文章」: overset text: cut \d+ characters",
        result.output,
    )
    assert not (out / "issue.pdf").exists()

    allowed = run_cli("build", manifest, "-o", out, "--allow-overset")
    assert allowed.exit_code == 0, allowed.output
    assert (out / "issue.pdf").exists()


def test_fitting_article_is_not_overset(write_issue, tmp_path: Path) -> None:
    manifest = write_issue(
        page_manifest(
            """\
            - headline: 短文章
              body: 会议强调要充分认识到重点项目建设的重要意义。
              columns: 2
            """
        )
    )
    result = run_cli("build", manifest, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "overset" not in result.output


def test_bad_manifest_exits_2_and_keeps_the_previous_pdf(sample_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    previous = out / "issue.pdf"
    previous.write_bytes(b"%PDF- previous build")
    text = sample_copy.read_text(encoding="utf-8").replace("editor: 张三", "editr: 张三")
    sample_copy.write_text(text, encoding="utf-8")

    result = run_cli("build", sample_copy, "-o", out)

    assert result.exit_code == 2
    assert "editr: unknown key (did you mean 'editor'?)" in result.output
    assert "Traceback" not in result.output
    assert previous.read_bytes() == b"%PDF- previous build"
    assert [p.name for p in out.iterdir()] == ["issue.pdf"]


def test_help_from_both_entry_points() -> None:
    for command in (["newsprint", "--help"], [sys.executable, "-m", "layout", "--help"]):
        executable = (
            Path(sys.executable).with_name("newsprint") if command[0] == "newsprint" else None
        )
        args = [str(executable), *command[1:]] if executable else command
        result = subprocess.run(args, capture_output=True, text=True, check=True)
        assert "build" in result.stdout
        assert "Usage:" in result.stdout


def test_a_module_wider_than_the_grid_is_reported_where_it_was_written(
    write_issue, tmp_path: Path
) -> None:
    manifest = write_issue(
        """\
        paper: 测试报
        issue: 1
        date: 2025-01-16
        pages:
          - number: 2
            name: 综合
            items:
              - headline: 太宽的文章
                body: 正文。
                columns: 4
                column: 4
        """
    )
    result = run_cli("build", manifest, "-o", tmp_path / "out")
    assert result.exit_code == 2
    expected = "issue.yaml:8:9: pages[0].items[0]: columns 4–7 do not fit the 6-column grid"
    assert expected in result.output


BASE = """\
paper: 测试报
issue: 1
date: 2025-01-16
pages:
  - number: 2
    name: 综合
    items:
      - headline: 标题
        body: 正文。
"""


@pytest.mark.parametrize(
    ("manifest", "expected"),
    [
        (
            BASE.replace("name: 综合", "name: [综合"),
            "issue.yaml:7:10: while parsing a flow sequence, expected ',' or ']'",
        ),
        (
            BASE.replace("number: 2", "number: two"),
            "issue.yaml:5:13: pages[0].number: expected an integer, got 'two'",
        ),
        (
            BASE.replace("    name: 综合\n", ""),
            "issue.yaml:5:5: pages[0]: missing required key 'name'",
        ),
        (
            BASE.replace("body: 正文。", "file: articles/none.md"),
            "issue.yaml:9:15: pages[0].items[0].file: file not found: articles/none.md",
        ),
        (
            BASE.replace("body: 正文。", "file: ../../etc/passwd"),
            "pages[0].items[0].file: path lies outside the issue folder: ../../etc/passwd",
        ),
        (
            BASE.replace("headline:", "headlne:"),
            "issue.yaml:8:9: pages[0].items[0]: an item needs `headline` (an article) or "
            "`section` (a section heading); unknown key 'headlne' (did you mean 'headline'?)",
        ),
    ],
    ids=["syntax", "type", "missing", "no-file", "outside", "typo"],
)
def test_bad_input_is_one_located_line_and_exit_2(
    write_issue, tmp_path: Path, manifest: str, expected: str
) -> None:
    out = tmp_path / "out"
    result = run_cli("build", write_issue(manifest), "-o", out)
    assert result.exit_code == 2
    assert expected in result.output
    assert "Traceback" not in result.output
    assert not out.exists() or not any(out.iterdir())


def test_a_module_squeezed_to_its_headline_keeps_the_next_one_on_the_page(
    write_issue, tmp_path: Path
) -> None:
    # A one-line body used to make WeasyPrint (orphans: 2) push the rest of the page away.
    manifest = write_issue(
        page_manifest(
            """\
            - headline: 第一篇
              body: 会议强调要充分认识到重点项目建设的重要意义。会议强调要充分认识到重点。
              columns: 1
              height: 3
            - headline: 第二篇
              body: 第二篇文章的正文。
              columns: 2
            """
        )
    )
    out = tmp_path / "out"
    result = run_cli("build", manifest, "-o", out, "--allow-overset", "--force")
    assert "pages[0].items[0] 「第一篇」: overset text" in result.output
    assert "「第二篇」" not in result.output
    (text,) = page_texts(out / "issue.pdf")
    assert "第二篇第二篇文章的正文。" in text


def test_a_module_pinned_taller_than_the_page_is_a_located_problem(
    write_issue, tmp_path: Path
) -> None:
    manifest = write_issue(
        page_manifest(
            """\
            - headline: 占满整版
              body: 正文。
              height: 200
            - headline: 没有位置
              body: 没有位置的文章。
            """
        )
    )
    result = run_cli("build", manifest, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert "issue.yaml:8:9: pages[0].items[0]: page 2: taller than the page" in result.output
    assert "Traceback" not in result.output


def test_too_little_copy_is_underfull_and_verbose_shows_the_composition(
    write_issue, tmp_path: Path
) -> None:
    manifest = write_issue(
        page_manifest(
            """\
            - headline: 社区开展反诈宣传
              body: 社区民警结合真实案例讲解诈骗手法。
            - headline: 村里办起小课堂
              body: 孩子们在课堂上学习。
            """
        )
    )
    result = run_cli("build", manifest, "-o", tmp_path / "out", "-v", "--no-cache")
    assert result.exit_code == 0, result.output
    (short,) = re.findall(r"page 2: underfull: about (\d+) lines of copy short", result.output)
    assert int(short) > 200  # two sentences and their headlines on a page of 6 × 63 lines
    filled = re.search(r"filled (\d+\.\d) % \((\d+) of (\d+) cells empty\)", result.output)
    assert filled and int(filled[2]) == int(short)
    lead = re.search(
        r"pages\[0\]\.items\[0\]: columns 1–(\d), lines 1–\d+: headline \d+ pt", result.output
    )
    assert lead, result.output
    assert "pages[0].items[1]: columns " in result.output


def test_an_empty_page_is_described_as_empty_not_less(tmp_path: Path) -> None:
    # A page holding nothing (it waited for the rest of an article that fit) said
    # "filled -1.6 % (384 of 378 cells empty)".
    manifest = tmp_path / "issue.yaml"
    manifest.write_text(
        "paper: 测试报\nissue: 1\ndate: 2025-01-16\npages:\n  - number: 2\n    name: 综合\n"
        "    items: []\n",
        encoding="utf-8",
    )
    result = run_cli("build", manifest, "-o", tmp_path / "out", "-v", "--force")
    assert result.exit_code == 0, result.output
    assert "filled 0.0 % (384 of 384 cells empty)" in result.output
