"""Jumps (转版): an article started on one page and continued on a later one."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE, run_cli
from pdf import page_texts
from weasyprint.formatting_structure.boxes import LineBox

from layout.check.fidelity import first_missing
from layout.manifest import load_manifest
from layout.pipeline.issue import build_issue
from layout.typeset.body import normalized, plain_text

LONG = "articles/renda-diaoyan.md"
THIRD_PAGE = """
  - number: 3
    name: 综合
    items:
      - headline: 第三版的稿件
        lead: 本报讯
        body: |
          这是第三版自己的一篇稿件，篇幅较短。会议强调，要坚持以人民为中心的发展思想，持续优化营商环境。
"""


@pytest.fixture
def jumping(tmp_path: Path) -> Path:
    """The sample page with its last article three times as long, jumping to page 3."""
    folder = Path(shutil.copytree(SAMPLE, tmp_path / "issue"))
    article = folder / LONG
    text = article.read_text(encoding="utf-8")
    article.write_text("\n\n".join([text] * 3), encoding="utf-8")
    manifest = folder / "issue.yaml"
    yaml = manifest.read_text(encoding="utf-8")
    yaml = yaml.replace(f"file: {LONG}\n", f"file: {LONG}\n        jump: 3\n")
    manifest.write_text(yaml + THIRD_PAGE, encoding="utf-8")
    return manifest


def test_the_rest_of_a_jumped_article_is_on_the_later_page_every_character_once(
    jumping: Path, tmp_path: Path
) -> None:
    issue = load_manifest(jumping)
    built = build_issue(issue)
    assert not [f for f in built.findings if f.severity == "error"], built.findings
    (jump,) = built.pages[0].jumps
    key = next(a.key for a in issue.pages[0].articles() if a.jump == 3)
    assert (jump.key, jump.from_page, jump.to_page) == (key, 2, 3)
    out = tmp_path / "out"
    result = run_cli("build", jumping, "-o", out)
    assert result.exit_code == 0, result.output
    second, third = (normalized(t) for t in page_texts(out / "issue.pdf"))
    assert "（下转第3版）" in second and "（上接第2版）" in third
    source = built.articles[key].source  # its punctuation made full-width
    body = normalized(plain_text(source))
    start, rest = body[: jump.at], body[jump.at :]
    assert len(start) > len(body) / 3 and rest
    assert first_missing(start, second) is None
    assert first_missing(rest, third) is None
    for seam in (rest[:12], start[-12:]):  # each character once: no line on both pages
        assert (second.count(seam), third.count(seam)) == (start.count(seam), rest.count(seam))
    assert "记者唐善普" in third and third.index("（上接第2版）") < third.index(rest[:12])


def test_an_edit_to_the_start_of_a_jumped_article_rebuilds_both_pages(
    jumping: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert "2 laid out" in run_cli("build", jumping, "-o", out).output
    third = jumping.parent / "issue.yaml"
    third.write_text(
        third.read_text(encoding="utf-8").replace("篇幅较短。", "篇幅很短。"), encoding="utf-8"
    )
    assert "(2 pages: 1 laid out, 1 from the cache)" in run_cli("build", jumping, "-o", out).output
    article = jumping.parent / LONG
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("近日", "近日上午", 1), encoding="utf-8")
    result = run_cli("build", jumping, "-o", out)
    assert result.exit_code == 0, result.output
    assert "(2 pages: 2 laid out)" in result.output


@pytest.mark.parametrize(
    ("jump", "message"),
    [
        ("9", "the issue has no page 9 (pages: 2, 3)"),
        ("2", "page 2 is the article's own page"),
        ("1", "page 1 comes before page 2: an article continues later"),
        ("0", "expected the number of a later page, or auto for the next one, got 0"),
        ("next", "expected the number of a later page, or auto for the next one, got 'next'"),
    ],
)
def test_a_jump_nowhere_is_a_located_problem(jumping: Path, jump: str, message: str) -> None:
    manifest = jumping.read_text(encoding="utf-8")
    line = manifest.splitlines().index("        jump: 3") + 1
    jumping.write_text(manifest.replace("jump: 3", f"jump: {jump}"), encoding="utf-8")
    result = run_cli("check", jumping)
    assert result.exit_code == 2
    assert result.output == f"{jumping}:{line}:15: pages[0].items[3].jump: {message}\n"


def test_jump_auto_on_the_last_page_is_a_located_problem(jumping: Path) -> None:
    manifest = jumping.read_text(encoding="utf-8")
    jumping.write_text(manifest.replace("jump: 3", "jump: auto"), encoding="utf-8")
    assert load_manifest(jumping).pages[0].items[3].jump == 3  # type: ignore[union-attr]
    without = manifest.replace("jump: 3", "jump: auto").replace(THIRD_PAGE, "")
    jumping.write_text(without, encoding="utf-8")
    result = run_cli("check", jumping)
    assert result.exit_code == 2
    assert (
        "pages[0].items[3].jump: page 2 is the last page: no page to continue on" in result.output
    )


def test_the_newsletter_says_continued_in_english(tmp_path: Path) -> None:
    sample = ROOT / "issues" / "riverside-newsletter-2025-03"
    folder = Path(shutil.copytree(sample, tmp_path / "issue"))
    article = folder / "articles" / "parking.md"
    article.write_text("\n\n".join([article.read_text(encoding="utf-8")] * 4), "utf-8")
    manifest = folder / "issue.yaml"
    yaml = manifest.read_text(encoding="utf-8")
    yaml = yaml.replace(
        "file: articles/parking.md\n", "file: articles/parking.md\n        jump: auto\n"
    )
    yaml += (
        "\n  - number: 3\n    name: Notices\n    items:\n"
        "      - headline: Notices\n        body: The office is closed on Friday.\n"
    )
    manifest.write_text(yaml, encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("build", manifest, "-o", out, "--force")
    assert result.exit_code == 0, result.output
    texts = page_texts(out / "issue.pdf")
    assert "Continuedonpage3" in texts[1] and "Continuedfrompage2" in texts[2]

    # cut where a paragraph ends: read page after page, no sentence is broken by the
    # jump lines, running heads and headline between its halves
    def squeeze(text: str) -> str:
        return re.sub(r"[\s\-\u2010\u2011\u2013\u2014\u00ad]", "", text)

    paragraphs = [squeeze(p) for p in article.read_text(encoding="utf-8").split("\n\n")]
    before = squeeze(texts[1]).split("Continuedonpage3")[0]
    assert any(before.endswith(p[-40:]) for p in paragraphs), before[-80:]
    joined = squeeze("".join(texts))
    windows = [p[i : i + 12] for p in paragraphs for i in range(0, max(1, len(p) - 11), 12)]
    assert [w for w in windows if w not in joined] == []


def test_a_jumped_article_whose_bylines_alone_do_not_fit_is_cut_a_line_early() -> None:
    # All of the body fitted and only the bylines were hidden: no body line was
    # cut, so nothing went on to the next page and the bylines were overset.
    from weasyprint import HTML

    from layout.check.overset import kept_characters

    lines = ["First line of text.", "Second line here.", "Third and last."]
    html = (
        '<html><body style="font: 9pt serif; line-height: 12pt; width: 200pt">'
        '<div data-key="a" data-part="body" style="height: 36pt; overflow: hidden">'
        + "".join(f'<p style="margin: 0">{line}</p>' for line in lines)
        + '<p class="bylines" style="margin: 0">By Someone</p></div></body></html>'
    )
    page = HTML(string=html).render().pages[0]
    kept = kept_characters(page._page_box, "a")
    assert kept == len(normalized(lines[0] + lines[1]))  # the last line makes way


def test_a_word_hyphenated_where_a_jumped_article_is_cut_goes_whole_with_the_rest() -> None:
    # Cut after "neighbour-", the page said "neighbour" and the next "hood".
    from weasyprint import HTML

    from layout.check.overset import kept_characters

    copy = "The neighbourhood associations demonstrated considerable enthusiasm again today."
    html = (
        '<html lang="en"><body style="font: 9pt serif; line-height: 12pt; width: 70pt; '
        'hyphens: auto"><div data-key="a" data-part="body" style="height: 36pt; '
        f'overflow: hidden"><p style="margin: 0">{copy}</p></div></body></html>'
    )
    page = HTML(string=html).render().pages[0]
    texts = [b.text for b in page._page_box.descendants() if hasattr(b, "text")]
    assert any(t.endswith("\u2010") for t in texts[:2]), texts  # the second line hyphenated
    kept = kept_characters(page._page_box, "a")
    assert kept is not None
    words = copy.split()
    assert kept in {len(normalized(" ".join(words[:n]))) for n in range(len(words))}


def test_a_jumped_article_is_cut_where_a_paragraph_ends_near_its_module_foot() -> None:
    from weasyprint import HTML

    from layout.check.overset import kept_characters

    paragraphs = ["One two. " * 6, "Three four. " * 6, "Five six seven. " * 12]
    html = (
        '<html><body style="font: 9pt serif; line-height: 12pt; width: 150pt">'
        '<div data-key="a" data-part="body" style="height: 84pt; overflow: hidden">'
        + "".join(
            f'<p data-block="{i}" style="margin: 0">{text}</p>' for i, text in enumerate(paragraphs)
        )
        + "</div></body></html>"
    )
    page = HTML(string=html).render().pages[0]
    lines = [b for b in page._page_box.descendants() if isinstance(b, LineBox)]
    assert len(lines) > 6  # the third paragraph runs on below the body
    # the jump line goes on the seventh line; the cut falls after the second paragraph,
    # not after the sixth line, in the middle of the third
    assert kept_characters(page._page_box, "a") == len(normalized(paragraphs[0] + paragraphs[1]))


def test_the_start_of_a_jumped_article_keeps_the_space_the_compositor_put_after_a_paragraph(
    tmp_path: Path,
) -> None:
    # Its blocks were fewer than the compositor's changes: an internal error
    from layout.compose import Levers
    from layout.compose.model import SPACED
    from layout.render.views import tracked_blocks
    from layout.typeset.article import first_part, typeset_article

    (tmp_path / "issue.yaml").write_text(
        "paper: P\nissue: 1\ndate: 2026-12-01\npages:\n  - number: 2\n    name: 综合\n"
        "    items:\n      - headline: 标题\n        jump: 3\n        body: |\n"
        "          第一段。\n\n          第二段。\n\n          第三段。\n"
        "  - number: 3\n    name: 综合\n",
        encoding="utf-8",
    )
    article = load_manifest(tmp_path / "issue.yaml").pages[0].articles()[0]
    start = first_part(typeset_article(article), len("第一段。"), 3)
    set_ = tracked_blocks(start, (SPACED, 0, 0), Levers(), 15.75)
    assert len(set_.blocks) == 1 and "margin-bottom: 15.75pt" in set_.blocks[0]


def test_a_last_page_nothing_continued_on_is_left_out_of_the_pdfs(tmp_path: Path) -> None:
    # `import` gives a last page to the rest of an article that may not fit; where it
    # fitted after all, that page was printed blank.
    folder = Path(shutil.copytree(SAMPLE, tmp_path / "issue"))
    manifest = folder / "issue.yaml"
    yaml = manifest.read_text(encoding="utf-8")
    yaml = yaml.replace(f"file: {LONG}\n", f"file: {LONG}\n        jump: 3\n")
    manifest.write_text(yaml + "\n  - number: 3\n    name: 综合\n    items: []\n", "utf-8")
    out = tmp_path / "out"
    result = run_cli("build", manifest, "-o", out)
    assert result.exit_code == 0, result.output
    assert "page 3: left out of the PDFs: nothing continued on it" in result.output
    (text,) = page_texts(out / "issue.pdf")
    assert "下转" not in text
    assert sorted(p.name for p in out.glob("*.pdf")) == ["issue.pdf", "page-02.pdf"]
