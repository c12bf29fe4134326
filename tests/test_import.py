"""`newsprint import`: the seed page end to end, and each heuristic on its own."""

# ruff: noqa: E501 — SEED_COPY keeps the scan's long paragraphs verbatim

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from conftest import run_cli
from pdf import page_texts
from PIL import Image as PILImage

from layout.manifest import Image, Section, load_manifest
from layout.manifest.importer import (
    CHINESE,
    Headline,
    ImportedArticle,
    ImportedImage,
    ImportedPage,
    ImportedSection,
    IssueInfo,
    Note,
    Paragraph,
    import_article,
    import_files,
    import_page,
    join_broken,
    parse_byline,
    parse_image,
    phrases,
    place_images,
    split_credit,
    split_headline,
    take_bylines,
    take_images,
    take_lead,
)
from layout.manifest.paging import Placed
from layout.manifest.scaffold import write_folder
from layout.typeset.punctuation import to_fullwidth

# The page the sample issue was made from, byte for byte (two blank lines first, no
# final newline; \x20\x20 is the Markdown line break closing a byline line).
SEED_COPY = (Path(__file__).parent / "data" / "zhongyuan-page.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("seed") / "zhongyuan-page.md"
    path.write_text(SEED_COPY, encoding="utf-8")
    return path


def seed_pieces() -> list[str]:
    """The seed as a reader finds it on the page: each section title, each whole article.

    An article is its headline line and everything under it, bylines included;
    white space goes and half-width punctuation becomes full-width, as the build does.
    """
    pieces: list[str] = []
    for line in SEED_COPY.splitlines():
        if line.startswith("## "):
            pieces += [line[3:], ""]
        elif line.startswith("# "):
            pieces.append(line[2:])
        elif pieces:
            pieces[-1] += line
    return [re.sub(r"\s+", "", to_fullwidth(piece)[0]) for piece in pieces if piece]


@pytest.fixture(scope="module")
def imported(seed: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("import") / "issue"
    result = run_cli("import", seed, "-o", folder, "--paper", "中原报", "--date", "2025-01-16")
    assert result.exit_code == 0, result.output
    return folder, result.stderr


def test_seed_imports_into_a_manifest_that_loads(imported: tuple[Path, str]) -> None:
    folder, _ = imported
    issue = load_manifest(folder / "issue.yaml")
    assert (issue.paper, issue.issue, issue.date) == ("中原报", 1, dt.date(2025, 1, 16))
    (page,) = issue.pages
    assert (page.number, page.name) == (2, "综合")
    assert [type(item).__name__ for item in page.items] == [
        "Article",
        "Section",
        "Article",
        "Article",
        "Article",
    ]
    first, section, *_ = page.items
    assert first.headline == "中原区2025年政务服务工作会议召开"
    assert first.subtitle == "持续推进“高效办成一件事”\u3000推动全区政务服务提质增效"
    assert first.lead == "本报讯"
    assert [(b.role, b.names) for b in first.bylines] == [
        ("记者", ("唐善普",)),
        ("通讯员", ("苏慧莹", "高浩原")),
    ]
    assert isinstance(section, Section)
    assert section.title == "聚焦村级后备力量"
    assert [a.headline for a in section.items] == ["选优育强村级后备力量\u3000筑牢村级组织根基"]
    bodies = [a.body for a in page.articles()]
    assert not any("本报讯" in body or "记者" in body for body in bodies)
    assert sorted(p.name for p in (folder / "articles").iterdir()) == [
        "01-中原区2025年政务.md",
        "02-选优育强村级后备力量.md",
        "03-中原区政协召开十届十.md",
        "04-中原区召开.md",
        "05-中原区人大常委会到包.md",
    ]


def test_seed_builds_with_every_article_intact_in_order(
    imported: tuple[Path, str], tmp_path: Path
) -> None:
    folder, _ = imported
    result = run_cli("build", folder / "issue.yaml", "-o", tmp_path, "--allow-overset")
    assert result.exit_code == 0, result.output
    text = "".join(page_texts(tmp_path / "issue.pdf"))
    pieces = seed_pieces()
    assert len(pieces) == 6  # five articles and one section title
    position = 0
    for piece in pieces:
        found = text.find(piece, position)
        assert found >= 0, f"missing or out of order: {piece[:30]}…"
        position = found + len(piece)


def test_undecided_points_are_marked_in_manifest_and_on_stderr(
    imported: tuple[Path, str], seed: Path
) -> None:
    folder, stderr = imported
    assert stderr.splitlines() == [
        f"{seed}:24: the copy does not show where the section “聚焦村级后备力量” ends: "
        "only the next article was put in its `items:`; "
        "move the other articles that belong to it there",
        f"{seed}:67: “调研村级后备力量培育储备工作” kept in the 主题; "
        "if it is a 副题, move it to `subtitle:`",
    ]
    lines = (folder / "issue.yaml").read_text(encoding="utf-8").splitlines()
    marks = [i for i, line in enumerate(lines) if line.lstrip().startswith("# import: check —")]
    assert [lines[i + 1].strip() for i in marks] == [
        "- section: 聚焦村级后备力量",
        "- headline: 中原区人大常委会到包联村\u3000调研村级后备力量培育储备工作",
    ]
    assert lines[marks[0]].endswith(f"({seed.name}:24)")


def test_import_refuses_a_folder_that_is_not_empty(seed: Path, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")
    result = run_cli("import", seed, "-o", tmp_path)
    assert result.exit_code == 2
    # one line as every other bad input gives it (click's "Error: …" before)
    assert result.stderr.startswith(f"error: {tmp_path} already exists and is not empty")
    assert len(result.stderr.splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # three phrases, a complete 主题 first: the seed's two 主题 + 副题 lines
        (
            "中原区2025年政务服务工作会议召开 持续推进“高效办成一件事” 推动全区政务服务提质增效",
            Headline(
                "中原区2025年政务服务工作会议召开",
                "持续推进“高效办成一件事”\u3000推动全区政务服务提质增效",
            ),
        ),
        (
            "中原区政协召开十届十六次常委会会议 为高质量建设项目 做强产业支撑贡献力量",
            Headline(
                "中原区政协召开十届十六次常委会会议", "为高质量建设项目\u3000做强产业支撑贡献力量"
            ),
        ),
        # the first phrase waits for its object: one 主题
        (
            "中原区召开 村级后备力量培育储备工作推进会",
            Headline("中原区召开\u3000村级后备力量培育储备工作推进会"),
        ),
        # a couplet of two short phrases: one 主题
        (
            "选优育强村级后备力量 筑牢村级组织根基",
            Headline("选优育强村级后备力量\u3000筑牢村级组织根基"),
        ),
        # a long second phrase might be a 副题: kept, and asked
        (
            "中原区人大常委会到包联村 调研村级后备力量培育储备工作",
            Headline(
                "中原区人大常委会到包联村\u3000调研村级后备力量培育储备工作",
                note="“调研村级后备力量培育储备工作” kept in the 主题; "
                "if it is a 副题, move it to `subtitle:`",
            ),
        ),
        # a complete 主题 and one phrase: split without asking
        (
            "全市春耕备耕工作会议召开 部署化肥储备",
            Headline("全市春耕备耕工作会议召开", "部署化肥储备"),
        ),
        # three phrases without a recognisable 主题: split by count, and asked
        (
            "新春走基层 记者探访城市守护者 坚守岗位",
            Headline(
                "新春走基层",
                "记者探访城市守护者\u3000坚守岗位",
                note="主题 “新春走基层” and 副题 split by phrase count only",
            ),
        ),
        ("图书馆延长开放时间", Headline("图书馆延长开放时间")),
        ("\u3000", Headline("标题待定", note="empty headline: replace “标题待定” with the 主题")),
    ],
)
def test_split_headline(line: str, expected: Headline) -> None:
    assert split_headline(line) == expected


def test_spaces_between_latin_words_do_not_split_phrases() -> None:
    assert phrases("中原区举办 AI Day 2025 科技周") == ["中原区举办", "AI Day 2025", "科技周"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("记者 唐善普", [("记者", ["唐善普"])]),
        ("通讯员 苏慧莹 高浩原", [("通讯员", ["苏慧莹", "高浩原"])]),
        ("记者 唐善普 通讯员 杨乐、刘赛", [("记者", ["唐善普"]), ("通讯员", ["杨乐", "刘赛"])]),
        ("本报记者唐善普", [("本报记者", ["唐善普"])]),
        ("记者\u3000阿依古丽·买买提", [("记者", ["阿依古丽·买买提"])]),
        ("记者 唐善普 摄", None),  # a photo credit, not a byline
        ("记者", None),
        ("会议强调,要严格程序。", None),
        ("记者采访了当地群众", None),
    ],
)
def test_parse_byline(text: str, expected: list[tuple[str, list[str]]] | None) -> None:
    assert parse_byline(text) == expected


def paragraphs(*texts: str) -> list[Paragraph]:
    """Paragraphs as the page reader makes them: lines split at newlines, numbered from 1."""
    return [Paragraph(i + 1, tuple(text.split("\n"))) for i, text in enumerate(texts)]


@pytest.mark.parametrize(
    ("copy", "body", "bylines"),
    [
        # one role a line, in a paragraph of its own (zhengwu, zhengxie)
        (
            ["会议强调,要严格程序。", "记者 唐善普\n通讯员 苏慧莹 高浩原"],
            ["会议强调,要严格程序。"],
            [("记者", ["唐善普"]), ("通讯员", ["苏慧莹", "高浩原"])],
        ),
        # one role alone (xuanyou, renda)
        (["确保平安和谐。", "记者 唐善普"], ["确保平安和谐。"], [("记者", ["唐善普"])]),
        # after the last sentence of the last paragraph (tuijinhui)
        (["为系统化解留足时间。 记者 唐善普"], ["为系统化解留足时间。"], [("记者", ["唐善普"])]),
        # roles in two paragraphs, and a role split from its names over two lines
        (
            ["正文。", "记者 唐善普", "通讯员\n杨乐 刘赛"],
            ["正文。"],
            [("记者", ["唐善普"]), ("通讯员", ["杨乐", "刘赛"])],
        ),
        # byline lines closing a paragraph of text
        (
            ["正文。\n记者 唐善普 通讯员 杨乐"],
            ["正文。"],
            [("记者", ["唐善普"]), ("通讯员", ["杨乐"])],
        ),
        # no byline: nothing taken
        (["正文第一段。", "正文第二段。"], ["正文第一段。", "正文第二段。"], []),
    ],
)
def test_take_bylines(
    copy: list[str], body: list[str], bylines: list[tuple[str, list[str]]]
) -> None:
    rest, found = take_bylines(paragraphs(*copy))
    assert [p.joined(CHINESE.join) for p in rest] == body
    assert found == bylines


def test_join_broken_joins_paragraphs_cut_mid_sentence() -> None:
    joined = join_broken(
        paragraphs(
            "区行政审批和政务信息管理局负责",
            "人就两个文件进行了解读,并就做好",
            "2025年度政务服务重点工作进行了安排部署。",
            "他说:“要压实责任。”",
            "下一段。",
        )
    )
    assert [(p.line, p.joined(CHINESE.join)) for p in joined] == [
        (
            1,
            "区行政审批和政务信息管理局负责人就两个文件进行了解读,并就做好2025年度政务服务重点工作进行了安排部署。",
        ),
        (4, "他说:“要压实责任。”"),
        (5, "下一段。"),
    ]


def test_join_broken_spaces_latin_words_and_leaves_markdown_blocks() -> None:
    joined = join_broken(paragraphs("会上发布了 Smart", "City 方案。", "### 小标题", "正文。"))
    assert [p.joined(CHINESE.join) for p in joined] == [
        "会上发布了 Smart City 方案。",
        "### 小标题",
        "正文。",
    ]


def test_lines_of_one_paragraph_are_joined_without_spaces() -> None:
    (paragraph,) = paragraphs("中原区召开\n推进会。")
    assert paragraph.joined(CHINESE.join) == "中原区召开推进会。"


@pytest.mark.parametrize(
    ("text", "lead", "rest"),
    [
        ("本报讯 1月14日上午,中原区召开会议。", "本报讯", "1月14日上午,中原区召开会议。"),
        ("本报讯（记者 唐善普）近日，会议召开。", "本报讯（记者 唐善普）", "近日，会议召开。"),
        ("本报郑州1月14日讯 会议召开。", "本报郑州1月14日讯", "会议召开。"),
        ("新华社北京1月14日电\u3000会议召开。", "新华社北京1月14日电", "会议召开。"),
        ("近日,中原区召开推进会。", None, "近日,中原区召开推进会。"),
    ],
)
def test_take_lead(text: str, lead: str | None, rest: str) -> None:
    assert take_lead(text) == (lead, rest)


def test_lead_on_its_own_line_is_joined_then_taken() -> None:
    article = import_article(1, "推进会召开", paragraphs("本报讯", "近日,中原区召开推进会。"))
    assert (article.lead, article.paragraphs) == ("本报讯", ("近日,中原区召开推进会。",))


def test_a_section_holds_only_the_next_article_and_asks_about_the_rest() -> None:
    page = import_page("## 聚焦\n\n# 第一篇\n\n正文一。\n\n# 第二篇\n\n正文二。\n")
    section, second = page.items
    assert isinstance(section, ImportedSection) and isinstance(second, ImportedArticle)
    assert section.title == "聚焦"
    assert section.article is not None and section.article.headline == "第一篇"
    assert second.headline == "第二篇"
    assert [note.line for note in page.all_notes()] == [1]
    assert "move the other articles that belong to it there" in page.all_notes()[0].message


def test_a_section_without_an_article_is_kept_empty_and_marked(tmp_path: Path) -> None:
    page = import_page("## 聚焦\n## 图片新闻\n# 第一篇\n正文一。\n## 末尾\n")
    assert [(type(i).__name__, getattr(i, "article", None) is None) for i in page.items] == [
        ("ImportedSection", True),
        ("ImportedSection", False),
        ("ImportedSection", True),
    ]
    assert [note.line for note in page.all_notes()] == [1, 2, 5]
    write_folder(tmp_path, import_files(page, IssueInfo(), "page.md", one_page(page)))
    sections = load_manifest(tmp_path / "issue.yaml").pages[0].items
    assert [(s.title, len(s.items)) for s in sections] == [
        ("聚焦", 0),
        ("图片新闻", 1),
        ("末尾", 0),
    ]


def test_what_cannot_be_decided_is_noted_at_its_line() -> None:
    page = import_page(
        "来源不明的一段。\n\n# 第一篇\n\n正文一。\n\n正文停在半\n\n# 第二篇\n\n记者 唐善普\n"
    )
    assert [(note.line, note.message) for note in page.all_notes()] == [
        (1, "text without a headline above it: not imported"),
        (7, "the last paragraph stops mid-sentence: text may be lost"),
        (9, "no text under this headline"),
    ]


def test_manifest_values_that_look_like_yaml_are_quoted(tmp_path: Path) -> None:
    copy = "# 2025\n正文。\n# - [快讯] 会议召开: 部署 #1 {要点}\n正文。\n# 'A' & *B*\n正文。\n#\n正文。"
    info = IssueInfo(paper="yes", issue=3, date=dt.date(2025, 2, 1), page=4, name="null")
    page = import_page(copy)
    write_folder(tmp_path, import_files(page, info, "page.md", one_page(page)))
    issue = load_manifest(tmp_path / "issue.yaml")
    assert (issue.paper, issue.issue, issue.date) == ("yes", 3, dt.date(2025, 2, 1))
    assert (issue.pages[0].number, issue.pages[0].name) == (4, "null")
    assert [(a.headline, a.subtitle) for a in issue.pages[0].articles()] == [
        ("2025", None),
        ("-", "[快讯]\u3000会议召开:\u3000部署\u3000#1\u3000{要点}"),
        ("'A'", "&\u3000*B*"),
        ("标题待定", None),
    ]


def test_the_imported_manifest_leaves_module_widths_to_the_compositor(
    imported: tuple[Path, str],
) -> None:
    folder, _ = imported
    manifest = (folder / "issue.yaml").read_text(encoding="utf-8")
    assert not re.search(r"^\s*(?:- )?(?:columns|column|height):", manifest, re.M)
    page = load_manifest(folder / "issue.yaml").pages[0]
    section = page.items[1]
    assert isinstance(section, Section) and section.columns is None
    assert [(a.columns, a.column, a.height) for a in page.articles()] == [(None, None, None)] * 5


PICTURE_COPY = """\
# 全市春耕备耕工作会议召开

本报讯 近日,全市召开春耕备耕工作会议,部署化肥

![农民在田间查看麦苗长势 记者 唐善普 摄](img/field.jpg "麦田")

储备和农机检修工作。

会议强调,要抓好春耕。

![](img/field.jpg)
![农机手检修播种机。（通讯员 苏慧莹 摄）](more/field.jpg)

记者 唐善普
"""


def write_picture(path: Path, colour: tuple[int, int, int] = (90, 120, 160)) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    PILImage.new("RGB", (800, 600), colour).save(path)
    return path.read_bytes()


def test_a_picture_line_becomes_a_photo_of_its_article_copied_into_img(tmp_path: Path) -> None:
    copy = tmp_path / "copy" / "page.md"
    copy.parent.mkdir()
    copy.write_text(PICTURE_COPY, encoding="utf-8")
    field = write_picture(copy.parent / "img" / "field.jpg")
    other = write_picture(copy.parent / "more" / "field.jpg", (160, 120, 90))
    folder = tmp_path / "issue"
    result = run_cli("import", copy, "-o", folder)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert sorted(p.name for p in (folder / "img").iterdir()) == ["field-2.jpg", "field.jpg"]
    assert (folder / "img" / "field.jpg").read_bytes() == field
    assert (folder / "img" / "field-2.jpg").read_bytes() == other
    manifest = (folder / "issue.yaml").read_text(encoding="utf-8")
    assert (
        "  images: [{file: img/field.jpg, caption: 农民在田间查看麦苗长势, credit: 记者 唐善普 摄}, "
        "{file: img/field.jpg}, {file: img/field-2.jpg, caption: 农机手检修播种机。, "
        "credit: 通讯员 苏慧莹 摄}]" in manifest
    )
    (article,) = load_manifest(folder / "issue.yaml").pages[0].articles()
    img = (folder / "img").resolve()
    assert article.images == [
        Image(img / "field.jpg", "农民在田间查看麦苗长势", "记者 唐善普 摄"),
        Image(img / "field.jpg", None, None),
        Image(img / "field-2.jpg", "农机手检修播种机。", "通讯员 苏慧莹 摄"),
    ]
    assert article.body == (
        "近日,全市召开春耕备耕工作会议,部署化肥储备和农机检修工作。\n\n会议强调,要抓好春耕。\n"
    )
    assert [(b.role, b.names) for b in article.bylines] == [("记者", ("唐善普",))]
    assert "1 articles, 2 pictures, 0 to check" in result.stdout


def test_a_picture_with_its_article_builds(tmp_path: Path) -> None:
    copy = tmp_path / "copy" / "page.md"
    copy.parent.mkdir()
    copy.write_text(
        "# 全市春耕备耕工作会议召开\n\n本报讯 近日,全市召开春耕备耕工作会议。\n\n"
        "![农民在田间查看麦苗长势 记者 唐善普 摄](img/field.jpg)\n\n记者 唐善普\n",
        encoding="utf-8",
    )
    write_picture(copy.parent / "img" / "field.jpg")
    folder = tmp_path / "issue"
    assert run_cli("import", copy, "-o", folder).exit_code == 0
    result = run_cli("build", folder / "issue.yaml", "-o", tmp_path / "out", "--allow-overset")
    assert result.exit_code == 0, result.output
    text = "".join(page_texts(tmp_path / "out" / "issue.pdf"))
    assert "农民在田间查看麦苗长势" in re.sub(r"\s+", "", text)


def _outside(copy: Path) -> str:
    return "../secret.jpg"


def _absolute(copy: Path) -> str:
    return str(copy.parent.parent / "secret.jpg")


def _symlink_out(copy: Path) -> str:
    (copy.parent / "img").mkdir()
    (copy.parent / "img" / "link.jpg").symlink_to(copy.parent.parent / "secret.jpg")
    return "img/link.jpg"


def _through_a_symlinked_folder(copy: Path) -> str:
    (copy.parent / "img").symlink_to(copy.parent.parent, target_is_directory=True)
    return "img/secret.jpg"


def _directory(copy: Path) -> str:
    (copy.parent / "img" / "folder.jpg").mkdir(parents=True)
    return "img/folder.jpg"


def _fifo(copy: Path) -> str:
    os.mkfifo(copy.parent / "pipe.jpg")  # opened for reading, a FIFO would block the import
    return "pipe.jpg"


def _missing(copy: Path) -> str:
    return "img/missing.jpg"


def _web(copy: Path) -> str:
    return "https://example.com/field.jpg"


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (_outside, "lies outside the copy's folder"),
        (_absolute, "is not a path relative to the copy's folder"),
        (_symlink_out, "lies outside the copy's folder"),
        (_through_a_symlinked_folder, "lies outside the copy's folder"),
        (_directory, "is not a file"),
        pytest.param(
            _fifo, "is not a file", marks=pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="")
        ),
        (_missing, "is not in the copy's folder"),
        (_web, "is a web address, not a file beside the copy"),
    ],
)
def test_a_picture_that_is_not_a_file_in_the_copys_folder_is_noted_and_not_copied(
    tmp_path: Path, make: object, reason: str
) -> None:
    copy = tmp_path / "copy" / "page.md"
    copy.parent.mkdir()
    write_picture(tmp_path / "secret.jpg")
    path = make(copy)  # type: ignore[operator]
    copy.write_text(f"# 标题\n\n正文。\n\n![说明 记者 唐善普 摄]({path})\n", encoding="utf-8")
    folder = tmp_path / "issue"
    result = run_cli("import", copy, "-o", folder)
    assert result.exit_code == 0, result.output
    message = f"picture “{path}” {reason}: not imported"
    assert result.stderr.splitlines() == [f"{copy}:5: {message}"]
    manifest = (folder / "issue.yaml").read_text(encoding="utf-8")
    assert f"      # import: check — {message} (page.md:5)\n      - headline: 标题" in manifest
    assert "images" not in manifest and not (folder / "img").exists()
    (article,) = load_manifest(folder / "issue.yaml").pages[0].articles()
    assert (article.images, article.body) == ([], "正文。\n")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "![农民在田间查看麦苗长势 记者 唐善普 摄](img/x.jpg)",
            ImportedImage(0, "img/x.jpg", "农民在田间查看麦苗长势", "记者 唐善普 摄"),
        ),
        # the title stands in for a missing caption; a path in <> may hold spaces
        (
            '![](<img/a b.jpg> "麦田 唐善普 摄")',
            ImportedImage(0, "img/a b.jpg", "麦田", "唐善普 摄"),
        ),
        ("  ![说明](img/x(1).jpg 'title')  ", ImportedImage(0, "img/x(1).jpg", "说明")),
        (r"![a \] b](x.png)", ImportedImage(0, "x.png", "a ] b")),
        ("见图 ![说明](img/x.jpg)", None),  # not a line of its own
        ("![a](x.jpg) ![b](y.jpg)", None),
        ("![说明]()", None),
    ],
)
def test_parse_image(line: str, expected: ImportedImage | None) -> None:
    assert parse_image(line) == expected


@pytest.mark.parametrize(
    ("text", "caption", "credit"),
    [
        ("农民在田间查看麦苗长势 记者 唐善普 摄", "农民在田间查看麦苗长势", "记者 唐善普 摄"),
        ("市民办理业务。本报记者唐善普摄", "市民办理业务。", "本报记者唐善普摄"),
        ("航拍新区。（新华社记者 张三 李四 摄）", "航拍新区。", "新华社记者 张三 李四 摄"),
        ("麦田，唐善普 摄", "麦田", "唐善普 摄"),
        ("新春游园 张三、李四 摄", "新春游园", "张三、李四 摄"),
        ("记者 唐善普 摄", None, "记者 唐善普 摄"),
        ("夜景拍摄", "夜景拍摄", None),  # no space before 摄 and no role: part of the caption
        ("麦苗长势喜人", "麦苗长势喜人", None),
        ("", None, None),
    ],
)
def test_split_credit(text: str, caption: str | None, credit: str | None) -> None:
    assert split_credit(text) == (caption, credit)


def test_take_images_splits_the_paragraph_and_keeps_line_numbers() -> None:
    rest, images = take_images(
        [
            Paragraph(3, ("第一行,", "![甲](a.jpg)", "第二行。", "![乙](b.jpg)")),
            Paragraph(8, ("第三段。",)),
        ]
    )
    assert rest == [
        Paragraph(3, ("第一行,",)),
        Paragraph(5, ("第二行。",)),
        Paragraph(8, ("第三段。",)),
    ]
    assert images == [ImportedImage(4, "a.jpg", "甲"), ImportedImage(6, "b.jpg", "乙")]


def test_place_images_names_each_source_once_and_notes_the_refused(tmp_path: Path) -> None:
    page = import_page(
        "# 一\n正文。\n![甲](a/photo.jpg)\n![乙](b/Photo.jpg)\n"
        "## 栏目\n# 二\n正文。\n![丙](./a/photo.jpg)\n![丁](../x.jpg)\n![戊](a/photo.jpg)\n"
    )
    assert page.image_paths() == ["a/photo.jpg", "b/Photo.jpg", "./a/photo.jpg", "../x.jpg"]
    found: dict[str, Path | str] = {
        "a/photo.jpg": tmp_path / "a" / "photo.jpg",
        "./a/photo.jpg": tmp_path / "a" / "photo.jpg",
        "b/Photo.jpg": tmp_path / "b" / "Photo.jpg",
        "../x.jpg": "lies outside the copy's folder",
    }
    placed, copies = place_images(page, found)
    first, second = placed.articles()
    assert [i.file for i in first.images] == ["img/photo.jpg", "img/Photo-2.jpg"]
    assert [(i.caption, i.file) for i in second.images] == [
        ("丙", "img/photo.jpg"),
        ("戊", "img/photo.jpg"),
    ]
    assert copies == {
        "img/photo.jpg": tmp_path / "a" / "photo.jpg",
        "img/Photo-2.jpg": tmp_path / "b" / "Photo.jpg",
    }
    assert Note(9, "picture “../x.jpg” lies outside the copy's folder: not imported") in (
        placed.all_notes()
    )


def one_page(page: ImportedPage) -> list[list[Placed]]:
    return [[Placed(item) for item in page.items]]
