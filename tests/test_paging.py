"""Copy longer than a page shared out over pages by `newsprint import`, jumping at each end."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import run_cli
from corpus_copy import page_copy, write_pages
from pdf import page_texts

from layout.manifest import load_manifest
from layout.manifest.importer import ImportedArticle, ImportedImage
from layout.manifest.paging import Need, Room, estimate, paginate
from layout.typeset.body import normalized
from layout.typeset.punctuation import COMPRESSIBLE

SEEDS = ((101, 1), (102, 0), (103, 1))  # three pages of copy: (seed, photos)
ROOM = Room(columns=6, lines=63, column_chars=11, photo_lines=10, masthead_lines=9)


def article(number: int, chars: int) -> ImportedArticle:
    paragraphs = tuple("字" * 100 for _ in range(chars // 100))
    return ImportedArticle(number, f"第{number}篇", None, "本报讯", paragraphs, {"记者": ("甲",)})


def test_copy_one_page_holds_stays_on_one_page() -> None:
    items = tuple(article(n, 500) for n in range(5))
    assert sum(estimate(i, ROOM).whole for i in items) < ROOM.area(2)
    (page,) = paginate(items, ROOM, 2)
    assert [placed.jump for placed in page] == [None] * 5


def test_longer_copy_fills_pages_each_ending_with_an_article_that_jumps_on() -> None:
    items = tuple(article(n, 900 + 300 * (n % 4)) for n in range(16))
    total = sum(estimate(i, ROOM).whole for i in items)
    pages = paginate(items, ROOM, 2)
    assert len(pages) == -(-total // ROOM.area(2))  # as many pages as the copy needs
    assert [p.item for page in pages for p in page] == list(items)  # each once, in order
    for number, page in enumerate(pages[:-1], start=2):
        assert page[-1].jump == number + 1  # its last article continues on the next page
        assert all(p.jump in (None, number + 1) for p in page)
    assert all(p.jump is None for p in pages[-1])


def test_a_page_that_cannot_start_the_next_story_ends_with_its_last_one_jumping() -> None:
    # The page ended with whole stories and the estimate's remainder as white at its
    # foot (9 % of an imported English page); now the last story jumps to take it up.
    pictured = replace(article(3, 1500), images=(ImportedImage(1, "a.png"),))
    items = (article(0, 1000), article(1, 1000), article(2, 700), pictured)
    first, second = paginate(items, ROOM, 2)
    assert [(p.item.line, p.jump) for p in first] == [(0, None), (1, None), (2, 3)]
    assert [(p.item.line, p.jump) for p in second] == [(3, None)]


def test_marks_are_reckoned_at_the_half_width_lines_are_broken_with() -> None:
    # Lines are broken with their marks compressed, so copy dense in marks set 4–5 %
    # shorter than reckoned at a character a mark: pages of imported copy ended short
    # and three pages of copy were shared out over four.
    paragraph = "他说：“好，”" * 11  # 77 characters, 44 of them marks
    dense = replace(article(0, 0), paragraphs=(paragraph,) * 4)
    assert (
        estimate(dense, ROOM).whole - estimate(replace(dense, paragraphs=()), ROOM).whole == 4 * 8
    )
    chinese = replace(ROOM, half_width=COMPRESSIBLE)
    assert chinese.chars(paragraph) == 77 - 44 / 2
    assert (
        estimate(dense, chinese).whole - estimate(replace(dense, paragraphs=()), chinese).whole
        == 4 * 6
    )


def test_the_first_page_leaves_room_for_the_masthead() -> None:
    items = tuple(article(n, 1500) for n in range(6))
    from_two = paginate(items, ROOM, 2)
    from_one = paginate(items, ROOM, 1)
    assert len(from_one[0]) <= len(from_two[0])


@pytest.fixture(scope="module")
def three_pages(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """Three pages of copy imported from page 2 on and built: (copy, out, build output)."""
    tmp_path = tmp_path_factory.mktemp("paging")
    copies = [page_copy(seed, fill=0.95, articles=6, photos=p) for seed, p in SEEDS]
    source = write_pages(tmp_path / "copy", copies)
    imported = run_cli("import", source, "-o", tmp_path / "issue", "--page", "2")
    assert imported.exit_code == 0, imported.output
    assert "wrote" in imported.output and "3 pages" in imported.output
    manifest = tmp_path / "issue" / "issue.yaml"
    issue = load_manifest(manifest)
    assert [page.number for page in issue.pages] == [2, 3, 4]
    built = run_cli("build", manifest, "-o", tmp_path / "out")
    assert built.exit_code == 0, built.output
    return source, tmp_path / "out", built.output


def test_three_pages_of_copy_import_and_build_with_nothing_lost(three_pages) -> None:
    # `import` of copy longer than a page made one hopelessly overset page.
    source, out, output = three_pages
    assert "overset" not in output and "text differs" not in output
    texts = [normalized(text) for text in page_texts(out / "issue.pdf")]
    assert len(texts) == 3
    whole = "".join(texts)
    for paragraph in re.split(r"\n\s*\n", source.read_text(encoding="utf-8")):
        words = normalized(re.sub(r"[#!\[\]()]|img/\S+", "", paragraph))
        assert not words or words[:10] in whole  # every paragraph reaches a page


@pytest.mark.xfail(
    strict=True,
    reason="page 3's jumping article fits whole and the next story needs 36 column-lines "
    "to start where about 12 are left: the page ends 12 column-lines (3 %) short, which "
    "paragraph space fills (pagefill 2.5 % white), and build warns it underfull",
)
def test_three_pages_of_copy_fill_every_page_but_the_last(three_pages) -> None:
    _, out, output = three_pages
    texts = [normalized(text) for text in page_texts(out / "issue.pdf")]
    rests = [n for n in (3, 4) if f"（上接第{n - 1}版）" in texts[n - 2]]
    assert rests  # an article did continue on the next page
    for n in rests:
        assert f"（下转第{n}版）" in texts[n - 3]
    for page in output.splitlines():
        assert not re.search(r"page [23]: underfull", page), page  # only the last may be


def test_a_last_page_fuller_than_modules_pack_ends_with_its_last_article_jumping() -> None:
    # The last page had no article to jump: copy reckoned at 97 % of it was built as
    # whole articles, and the build was refused for 8 lines of overset (English copy).
    items = tuple(article(n, 1000) for n in range(4))
    fixed = 15.0

    def pages_of(last: float) -> list[list[tuple[int, int | None]]]:
        needs = [Need(n, fixed) for n in (200.0, 200.0, 200.0, last)]
        return [[(p.item.line, p.jump) for p in page] for page in paginate(items, ROOM, 2, needs)]

    # page 3: B's rest (22 column-lines and its headline) + C + D is 357 of 378, over 94 %
    assert pages_of(120.0) == [[(0, None), (1, 3)], [(2, None), (3, 4)], []]
    # at 337 of 378 the modules pack: D stays whole, the copy ends on page 3
    assert pages_of(100.0) == [[(0, None), (1, 3)], [(2, None), (3, None)]]
