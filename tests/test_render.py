"""What the renderer may read, which fonts it uses, and photos on the page."""

from __future__ import annotations

import dataclasses
import itertools
import re
import subprocess
import sys
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pytest
from conftest import NEWSLETTER, SAMPLE, page_manifest, run_cli
from pdf import glyph_lines, page_texts
from PIL import Image
from rendered import render_issue
from weasyprint import Document

from layout.compose import LOOSER, SPACED, TIGHTER, Levers
from layout.manifest import Article, SourceLocation, load_manifest
from layout.pipeline.cache import PageCache
from layout.render import measure, measuring
from layout.render.context import PageContext
from layout.render.fetcher import FolderFetcher, ForbiddenResource
from layout.render.fonts import FontError, resolve_roles
from layout.render.issue import issue_context
from layout.render.layout_tree import border_rect, page_box, walk
from layout.render.pictures import body_pictures_on_grid
from layout.render.views import numbered_blocks, tracked_blocks
from layout.typeset.article import typeset_article

WENKAI_MONO = Path("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKaiMono-Regular.ttf")


def test_fetcher_serves_only_the_allowed_folders(tmp_path: Path) -> None:
    allowed = tmp_path / "issue"
    allowed.mkdir()
    (allowed / "a.txt").write_text("ok", encoding="utf-8")
    fetcher = FolderFetcher([allowed])
    assert fetcher.fetch((allowed / "a.txt").as_uri()).read() == b"ok"
    for url in (
        "file:///etc/hostname",
        (allowed / ".." / "outside.txt").as_uri(),
        "http://example.com/x.png",
        "https://example.com/x.css",
        "data:text/plain,hello",
    ):
        with pytest.raises(ForbiddenResource):
            fetcher.fetch(url)


def test_markdown_cannot_inject_html_or_read_other_files(write_issue, tmp_path: Path) -> None:
    manifest = write_issue(
        page_manifest(
            """\
            - headline: 注入测试
              body: |
                正文<script>alert(1)</script><img src=/etc/hostname>结束。
              columns: 3
            """
        )
    )
    out = tmp_path / "out"
    result = run_cli("build", manifest, "-o", out)
    assert result.exit_code == 0, result.output
    (text,) = page_texts(out / "issue.pdf")
    assert "<script>alert(1)</script>" in text  # shown as text, not run or dropped
    page = pypdf.PdfReader(out / "issue.pdf").pages[0]
    assert not list(page.images)


def built_with_picture(manifest: Path, name: str, pixels: tuple[int, int], out: Path) -> str:
    """The text of the page MANIFEST makes, with a grey picture of ``pixels`` at img/NAME."""
    (manifest.parent / "img").mkdir()
    Image.new("RGB", pixels, "gray").save(manifest.parent / "img" / name)
    result = run_cli("build", manifest, "-o", out)
    assert result.exit_code == 0, result.output
    (text,) = page_texts(out / "issue.pdf")
    return text


def test_photo_with_caption_is_placed(write_issue, tmp_path: Path) -> None:
    manifest = write_issue(
        page_manifest(
            """\
            - headline: 图片新闻
              body: 会议现场。
              images: [{file: img/a.png, caption: 会议现场, credit: 记者 唐善普 摄}]
              columns: 2
            """
        )
    )
    out = tmp_path / "out"
    text = built_with_picture(manifest, "a.png", (800, 600), out)
    assert "会议现场记者唐善普摄" in text
    (image,) = pypdf.PdfReader(out / "issue.pdf").pages[0].images
    assert image.image.size == (800, 600)


def test_a_picture_in_a_body_is_a_column_wide_and_whole_lines_high(
    write_issue, tmp_path: Path
) -> None:
    # At its own size (1600 px: 1200 pt) the picture pushed the rest of the page off
    # it: two articles lost, reported as "could not be loaded" and "text differs".
    paragraph = "社区民警结合真实案例讲解诈骗手法，提醒居民提高警惕。" * 6
    manifest = write_issue(
        page_manifest(
            f"""\
            - headline: 图片新闻
              body: "{paragraph}\\n\\n![会场](img/a.png)\\n\\n{paragraph}"
            - headline: 另一篇
              body: "{paragraph * 3}"
            """
        )
    )
    text = built_with_picture(manifest, "a.png", (1600, 1000), tmp_path / "out")
    assert text.count("社区民警结合真实案例讲解诈骗手法") == 6 * 5
    grid = issue_context(load_manifest(manifest)).grid
    (page,) = render_issue(load_manifest(manifest)).pages
    (placed,) = [b for b in walk(page_box(page.document.pages[0])) if b.element_tag == "img"]
    _, _, width, height = border_rect(placed)
    assert width == pytest.approx(grid.column_width, abs=0.01)
    lines = height / grid.line_pitch
    assert lines == pytest.approx(round(lines), abs=0.01)  # on the grid
    assert round(lines) == round(grid.column_width / 1.6 / grid.line_pitch)


def test_a_picture_inside_a_line_of_text_is_as_high_as_the_text(tmp_path: Path) -> None:
    # Made a column-wide block, a mark in a sentence took four lines and cut the
    # sentence in two; the page's last article went overset.
    Image.new("RGB", (400, 200), "gray").save(tmp_path / "a.png")
    body = "见图 ![标](a.png) 所示。\n\n![图](a.png)\n"
    article = typeset_article(
        Article(
            *(None, "标题", None, None, body, None, [], [], None, None, None, True, True),
            location=SourceLocation(tmp_path / "issue.yaml", 1, 1),
            key="a",
        )
    )
    grid = issue_context(load_manifest(SAMPLE / "issue.yaml")).grid
    inline, alone = body_pictures_on_grid(article, grid, tmp_path).blocks
    assert '<img class="in-line" src="a.png"' in inline
    lines = round(grid.column_width / 2 / grid.line_pitch)
    assert f'<img class="in-body" style="height: {lines * grid.line_pitch}pt"' in alone


def test_a_picture_in_a_body_as_tall_as_its_column_keeps_the_page(
    write_issue, tmp_path: Path
) -> None:
    # A short page spaced its paragraphs a line apart; a picture as deep as the body's
    # columns with that line below it fitted no column, and the page's every body went.
    manifest = write_issue(
        page_manifest(
            """\
            - headline: 标题
              body: "正文。\\n\\n![高](img/tall.png)\\n\\n正文正文。"
            - headline: 第二篇
              body: 第二篇的正文正文正文正文正文正文正文正文正文。
            """
        )
    )
    text = built_with_picture(manifest, "tall.png", (1000, 9000), tmp_path / "out")
    assert "正文。正文正文。" in text.replace("\n", "") and "第二篇的正文" in text


def test_a_byline_wider_than_its_column_breaks_between_names(write_issue, tmp_path: Path) -> None:
    # Three 通讯员 names do not fit one column: the line was kept whole and
    # clipped at the column's edge, reported as overset of the whole byline.
    names = ["叶原曦", "白雪晓", "赵飞鹏", "黄军强"]
    manifest = write_issue(
        page_manifest(
            f"""\
            - headline: 社区开展反诈宣传
              body: {"社区民警结合真实案例讲解诈骗手法。" * 12}
              bylines: {{记者: 唐善普, 通讯员: [{", ".join(names)}]}}
              columns: 1
            """
        )
    )
    out = tmp_path / "out"
    result = run_cli("build", manifest, "-o", out)
    assert result.exit_code == 0, result.output
    (text,) = page_texts(out / "issue.pdf")
    assert "通讯员" + "".join(names) in text
    lines = glyph_lines(out / "issue.pdf")
    assert len(set().union(*(lines[c] for c in "".join(names)))) == 2  # two lines of names
    for name in names:  # each name whole on one of them
        assert len(set().union(*(lines[c] for c in name))) == 1


def test_a_role_without_a_font_names_the_role_and_what_was_tried(tmp_path: Path) -> None:
    roles = tmp_path / "roles.yaml"
    roles.write_text("body: [Noto Serif CJK SC]\nkicker: [No Such Kai, Nor This One]\n")
    with pytest.raises(FontError) as error:
        resolve_roles(roles, tmp_path)
    expected = "font role 'kicker': none of 'No Such Kai', 'Nor This One' is installed"
    assert expected in str(error.value)


def test_font_files_dropped_in_the_fonts_folder_are_picked_up(tmp_path: Path) -> None:
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    (fonts / WENKAI_MONO.name).write_bytes(WENKAI_MONO.read_bytes())
    roles = fonts / "roles.yaml"
    roles.write_text("body: [Not Installed Anywhere, LXGW WenKai Mono]\n")
    role_map = resolve_roles(roles, fonts)
    assert role_map.families == {"body": "LXGW WenKai Mono"}
    assert (fonts / WENKAI_MONO.name).resolve().as_uri() in role_map.css()


def test_a_missing_role_font_is_a_bad_input_exit(write_issue, tmp_path: Path) -> None:
    manifest = write_issue(
        page_manifest("- headline: 标题\n  body: 正文。\n"),
        {"templates/fonts.yaml": "body: [No Such Song]\n"},
    )
    result = run_cli("build", manifest, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert "font role 'body': none of 'No Such Song'" in result.output
    assert "Traceback" not in result.output


def test_the_masthead_height_is_a_template_setting(write_issue) -> None:
    manifest = write_issue(
        """\
        paper: 中原报
        issue: 1
        date: 2025-01-16
        pages:
          - number: 1
            name: 要闻
            items:
              - headline: 头条
                body: 正文。
        """,
        {"templates/settings.yaml": "body_size: 9\nline_pitch: 1.75\nmasthead_lines: 12\n"},
    )
    rendered = render_issue(load_manifest(manifest))
    masthead, article = rendered.pages[0].placements
    assert (masthead.top, masthead.lines) == (0, 12)
    assert article.top == 12


@pytest.mark.parametrize(
    ("file", "text", "expected"),
    [
        ("section.html", "{% if %}\n", "templates/section.html:1: Expected an expression"),
        ("section.html", "<p>\n{{ nope.title }}\n</p>\n", "section.html:2: 'nope' is undefined"),
        (
            "settings.yaml",
            "body_size: [9\n",
            "templates/settings.yaml:2:1: while parsing a flow sequence, expected ',' or ']'",
        ),
        ("settings.yaml", "body_size: big\n", "body_size: expected a number from 1 to 72, got"),
    ],
    ids=["syntax", "undefined", "yaml", "type"],
)
def test_a_designers_mistake_is_one_located_line(
    write_issue, tmp_path: Path, file: str, text: str, expected: str
) -> None:
    manifest = write_issue(
        page_manifest("- {section: 栏目}\n- {headline: 标题, body: 正文。}\n"),
        {f"templates/{file}": text},
    )
    result = run_cli("build", manifest, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert expected in result.output
    assert "Traceback" not in result.output


def test_blocks_the_compositor_changed_carry_their_style() -> None:
    body = "第一段。\n\n第二段。\n\n#### 小标题\n\n第三段。"
    article = typeset_article(
        Article(
            *(None, "标题", None, None, body, None, [], [], None, None, None, True, True),
            location=SourceLocation(Path("issue.yaml"), 1, 1),
            key="pages[0].items[0]",
        )
    )
    assert len(article.blocks) == 4
    levers = Levers(tighten=0.05, loosen=0.02)
    changed = tracked_blocks(article, (TIGHTER, SPACED, 0, LOOSER), levers, 15.75)
    assert changed.blocks[0].startswith('<p style="letter-spacing: -0.05em">')
    assert changed.blocks[1].startswith('<p style="margin-bottom: 15.75pt">')
    assert changed.blocks[2] == article.blocks[2]
    assert changed.blocks[3].startswith('<p style="letter-spacing: 0.02em">')
    assert numbered_blocks(article).blocks[2].startswith('<h4 data-block="2">')


def test_measures_come_back_from_the_cache_as_made_and_an_edit_measures_only_its_part(
    sample_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Kept as JSON, a header's ink came back as mappings and the compositor failed on it.
    issue = load_manifest(sample_copy)
    context = issue_context(issue)
    context = dataclasses.replace(context, measures=PageCache(tmp_path).measures("salt"))
    page = issue.pages[0]
    articles = [context.articles[a.key] for a in page.articles()]
    documents: list[str] = []
    original = measuring.page_document

    def counted(context: PageContext, html: str, **options: bytes | None) -> Document:
        documents.append(html)
        return original(context, html, **options)

    monkeypatch.setattr(measuring, "page_document", counted)
    made = measuring.measure_articles(context, page, articles)
    # the page's articles, measured together; then the headlines that must be set narrower
    assert len(documents) == 2
    first = made[articles[0].key]
    assert first.headers and first.headers[0].ink and first.blocks
    assert measuring.measure_articles(context, page, articles) == made
    assert len(documents) == 2  # all from the cache

    edited = dataclasses.replace(articles[0], blocks=articles[0].blocks[:-1])
    again = measuring.measure_articles(context, page, [edited, *articles[1:]])
    assert len(documents) == 3
    keys = set(re.findall(r'data-key="([^"]+)" data-part="module"', documents[-1]))
    assert keys and all(k.startswith(f"{edited.key}@body") for k in keys), keys
    assert again[edited.key].headers == first.headers
    assert again[edited.key].body_height < first.body_height


def test_a_measure_alone_is_the_measure_beside_others(sample_copy: Path) -> None:
    # Parts are kept by the HTML of a document holding them alone, and measured together.
    issue = load_manifest(sample_copy)
    context = issue_context(issue)
    page = issue.pages[0]
    articles = [context.articles[a.key] for a in page.articles()]
    together = measuring.measure_articles(context, page, articles)
    for article in articles[:2]:
        assert measuring.measure_articles(context, page, [article]) == {
            article.key: together[article.key]
        }


SHORT_DECKS = """\
    - kicker: 区委召开专题会议
      headline: 推进老旧小区改造
      subtitle: 今年完成十二个小区
      body: {body}
    - headline: 春耕备耕有序开展
      subtitle: 农资储备充足
      body: {body}
    """


@pytest.mark.parametrize("copy", ["sample", "newsletter", "short decks"])
def test_a_headline_block_read_from_a_wider_one_is_as_laid_out(
    copy: str, write_issue, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Where a block's lines all fit a narrower width it is not laid out there but read
    # from the wider one: height, quality and ink (centred or not) as if laid out. The
    # default set's decks are smaller at 1 and 2 columns (.cols-2 .subtitle): those
    # were read from 3 columns, 5 pt too tall.
    manifest = {
        "sample": SAMPLE / "issue.yaml",
        "newsletter": NEWSLETTER / "issue.yaml",
        "short decks": write_issue(page_manifest(SHORT_DECKS.format(body="会议指出。" * 60))),
    }[copy]
    issue = load_manifest(manifest)
    context = issue_context(issue)
    views: list[int] = []
    original = measuring.page_document

    def counted(context: PageContext, html: str, **options: bytes | None) -> Document:
        views.append(html.count('data-part="header"'))
        return original(context, html, **options)

    monkeypatch.setattr(measuring, "page_document", counted)
    read, laid_out = {}, {}
    for page in issue.pages:
        articles = [context.articles[a.key] for a in page.articles()]
        read |= measuring.measure_articles(context, page, articles)
    pruned = sum(views)
    with monkeypatch.context() as patch:
        patch.setattr(measure, "_narrowed", lambda header, narrower: None)
        views.clear()
        for page in issue.pages:
            articles = [context.articles[a.key] for a in page.articles()]
            laid_out |= measuring.measure_articles(context, page, articles)
    assert pruned < sum(views)  # some were read from wider ones
    for key, measured in laid_out.items():
        assert len(read[key].headers) == len(measured.headers)
        for a, b in zip(read[key].headers, measured.headers, strict=True):
            assert _flat(a) == pytest.approx(_flat(b), abs=1e-6), key


def _flat(header: measure.HeaderMeasure) -> list[float]:
    ink = [value for line in header.ink for value in dataclasses.astuple(line)]
    return [header.columns, header.size, header.steps, header.height, header.quality, *ink]


def test_a_caption_line_before_its_credit_is_not_spread(write_issue, tmp_path: Path) -> None:
    # The credit did not fit after the caption's last line and wrapped, so that line
    # was justified: 示 灭 火 器 使 用 方 法 across the column.
    caption = "消防救援人员在主路社区演示灭火器使用方法"
    manifest = write_issue(
        page_manifest(
            f"""\
            - headline: 图片新闻
              body: {"会议现场气氛热烈。" * 30}
              images: [{{file: img/a.png, caption: {caption}, credit: 记者 崔怡雪 摄, columns: 1}}]
            """
        )
    )
    (manifest.parent / "img").mkdir()
    Image.new("RGB", (1600, 1200), "gray").save(manifest.parent / "img" / "a.png")
    out = tmp_path / "out"
    assert run_cli("build", manifest, "-o", out).exit_code == 0
    text_page = pdfium.PdfDocument(out / "issue.pdf")[0].get_textpage()
    lines: dict[int, list[float]] = {}
    for index in range(text_page.count_chars()):
        if text_page.get_text_range(index, 1) in caption:
            left, bottom, _, _ = text_page.get_charbox(index, loose=True)
            lines.setdefault(round(bottom), []).append(left)
    caption_lines = [sorted(x) for x in lines.values() if len(x) > 3]
    assert len(caption_lines) == 2
    for xs in caption_lines:
        gaps = [b - a for a, b in itertools.pairwise(xs)]
        assert max(gaps) < 7.5 * 1.15  # 7.5 pt characters, no more than 0.15 em apart


def test_a_process_building_again_typesets_only_the_edited_article(
    sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from layout.render import issue as issue_module

    typeset: list[str] = []
    original = issue_module.typeset_article

    def counted(article: Article, *, latin: bool = False) -> object:
        typeset.append(article.key)
        return original(article, latin=latin)

    monkeypatch.setattr(issue_module, "typeset_article", counted)
    monkeypatch.setattr(issue_module, "_typeset_before", {})
    first = issue_context(load_manifest(sample_copy))
    assert len(typeset) == len(first.articles)
    article = sample_copy.parent / "articles" / "tuijinhui.md"
    article.write_text(article.read_text(encoding="utf-8") + "\n新增一段。\n", encoding="utf-8")
    again = issue_context(load_manifest(sample_copy))
    edited = [key for key in again.articles if again.articles[key] != first.articles[key]]
    assert len(edited) == 1 and typeset[len(first.articles) :] == edited


PAGES_LAID_OUT = """\
import hashlib, sys
from weasyprint.layout import inline
from layout.manifest import load_manifest
from layout.output import pdf
from layout.render import columns
from layout.render.issue import issue_context
from layout.render.page import render_page
if sys.argv[2] == "as WeasyPrint does":
    columns.install = lambda: None
lines = 0
get_next_linebox = inline.get_next_linebox
def counted(*args, **keywords):
    global lines
    lines += 1
    return get_next_linebox(*args, **keywords)
inline.get_next_linebox = counted
for manifest in sys.argv[3:]:
    issue = load_manifest(manifest)
    context = issue_context(issue)
    options = pdf.pdf_options(issue, context.press)
    for page in issue.pages:
        rendered = render_page(context, page)
        print(hashlib.sha256(pdf.page_pdf(rendered.document, "t", options)).hexdigest())
print(lines)
"""


def test_fixed_height_columns_laid_out_once_make_the_same_pdf() -> None:
    # A body of the height the compositor counted is laid out without WeasyPrint's
    # balancing trial: the pages must not change, and fewer lines be laid out.
    manifests = [str(SAMPLE / "issue.yaml"), str(NEWSLETTER / "issue.yaml")]
    runs = {
        way: subprocess.run(
            [sys.executable, "-c", PAGES_LAID_OUT, "", way, *manifests],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        for way in ("once", "as WeasyPrint does")
    }
    once, twice = runs["once"], runs["as WeasyPrint does"]
    assert len(once) == len(twice) > 3 and once[:-1] == twice[:-1]
    assert int(once[-1]) < 0.9 * int(twice[-1]), (once[-1], twice[-1])  # measures included
