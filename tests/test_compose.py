"""The compositor as a pure function: shapes in, placements out."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
from conftest import assert_tiles

from layout.compose import (
    ArticleShape,
    Composition,
    CompositionError,
    Frame,
    HeaderFit,
    Ink,
    Levers,
    ModuleLayout,
    PhotoShape,
    Placement,
    SectionShape,
    compose,
)
from layout.compose.air import settle_headlines
from layout.compose.guillotine import FOOT_LINES
from layout.compose.model import PARAGRAPH_CUT_LINES, SPACED

FRAME = Frame(columns=6, lines=64, column_width=99.0, gutter=9.0, pitch=15.75, column_chars=11)
LEVERS = Levers()


def shape(key: str, characters: int, *, photos: int = 0, **pins: int) -> ArticleShape:
    """An article whose headline takes 3 lines at 3 columns or more, 4 below."""
    headers = {
        w: tuple(HeaderFit(size, 3 if w >= 3 else 4, steps, 40.0) for size, steps in options)
        for w in range(1, 7)
        for options in [LEVERS.headline_options(w)]
    }
    pictures = tuple(PhotoShape(1.5, 4, dict.fromkeys(range(1, 7), 2)) for _ in range(photos))
    lines = round(characters / 11 * 1.1) + 2
    blocks = range(max(1, lines // 5))  # paragraphs: some end short, some nearly full
    return ArticleShape(
        key,
        characters,
        lines,
        headers,
        photos=pictures,
        keep_lines=2,
        tighter=tuple(int(b % 3 == 1) for b in blocks),
        looser=tuple(int(b % 4 == 2) for b in blocks),
        **pins,
    )


def page(seed: int) -> list[ArticleShape]:
    """4–9 articles that fit the frame with room for their headlines."""
    rng = random.Random(seed)
    count = rng.randint(4, 9)
    weights = sorted((rng.uniform(0.3, 1.0) for _ in range(count)), reverse=True)
    budget = rng.uniform(0.75, 0.85) * FRAME.columns * FRAME.lines - count * 5 * 3
    total = sum(weights)
    return [
        shape(f"a{i}", max(150, int(budget * w / total * 11 / 1.1)), photos=int(i % 4 == 1))
        for i, w in enumerate(weights)
    ]


def cells(placements) -> set[tuple[int, int]]:
    return {
        (c, line)
        for p in placements
        for c in range(p.column, p.column + p.columns)
        for line in range(p.top, p.bottom)
    }


@pytest.mark.parametrize("seed", range(12))
def test_modules_tile_the_grid_in_reading_order(seed: int) -> None:
    items = page(seed)
    composition = compose(items, FRAME, LEVERS)
    assert_tiles(items, composition, FRAME)
    placements = composition.placements
    lead = placements[0]
    assert lead.top == 0 and lead.column == 0
    assert all(p.columns <= lead.columns for p in placements)
    assert composition.overset == 0


def test_the_page_is_filled_when_the_copy_fits() -> None:
    composition = compose(page(3), FRAME, LEVERS)
    covered = cells(composition.placements)
    assert len(covered) == FRAME.columns * FRAME.lines
    assert composition.white <= 0.02 * FRAME.columns * FRAME.lines


def test_a_section_keeps_its_articles_together_under_its_banner() -> None:
    section = SectionShape("s", 3, (shape("s.a", 400), shape("s.b", 300)))
    items = [shape("lead", 1200), section, shape("c", 900), shape("d", 700)]
    modules = {m.key: m.placement for m in compose(items, FRAME, LEVERS).modules}
    banner, first, second = modules["s"], modules["s.a"], modules["s.b"]
    assert first.top == banner.bottom or second.top == banner.bottom
    for p in (first, second):
        assert banner.column <= p.column and p.column + p.columns <= banner.column + banner.columns
    group = cells([first, second])
    area = {
        (c, line)
        for c in range(banner.column, banner.column + banner.columns)
        for line in range(banner.bottom, max(first.bottom, second.bottom))
    }
    assert group == area


def test_pins_are_honoured() -> None:
    items = [shape("lead", 1200), shape("b", 600, columns=2, column=4), shape("c", 800)]
    modules = {m.key: m.placement for m in compose(items, FRAME, LEVERS).modules}
    assert (modules["b"].column, modules["b"].columns) == (4, 2)


def test_a_module_pinned_taller_than_the_page_is_refused() -> None:
    with pytest.raises(CompositionError) as error:
        compose([shape("a", 300, height=100), shape("b", 300)], FRAME, LEVERS)
    assert error.value.keys == ("a",)


def test_too_much_copy_is_overset_in_the_last_articles_first() -> None:
    items = [shape(f"a{i}", 1500) for i in range(4)]
    composition = compose(items, FRAME, LEVERS)
    lost = {m.key: m.overset for m in composition.modules}
    assert composition.overset > 0
    assert lost["a0"] <= lost["a3"]


def test_a_photo_may_span_its_module() -> None:
    composition = compose([shape("a", 1400, photos=1), shape("b", 1300)], FRAME, LEVERS)
    photo = composition.modules[0].photos[0]
    assert photo.columns in (1, composition.modules[0].placement.columns)
    assert photo.image_lines >= 2


@pytest.mark.parametrize("seed", range(12))
def test_no_column_ends_in_a_white_hole(seed: int) -> None:
    # Filled one after the other, a body's last column used to end with up to
    # width - 1 empty lines: the compositor counted them at 0.5 each.
    modules = compose(page(seed), FRAME, LEVERS).modules
    assert all(len(m.feet) == m.placement.columns for m in modules)
    assert max(foot for m in modules for foot in m.feet) <= FOOT_LINES


def test_paragraphs_are_set_tighter_or_looser_to_gain_or_lose_a_line() -> None:
    # 74 lines in 6 columns end 4 lines short in the last one. One paragraph
    # set tighter gives 73 lines, 5 short; two set looser give 76, 2 short,
    # which is no hole.
    lead = replace(shape("lead", 600), body_lines=74, tighter=(0, 1, 0), looser=(1, 0, 1))
    module = compose([lead], FRAME, LEVERS).modules[0]
    assert module.placement.columns == 6
    assert module.tracking == (1, 0, 1)
    assert max(module.feet) <= FOOT_LINES


def test_a_tall_header_covers_every_column() -> None:
    # A short headline centred over six columns leaves the outer ones bare:
    # with air around it the band beside it is a hole.
    narrow = {
        w: tuple(
            HeaderFit(
                size,
                2,
                steps,
                30.0,
                ink=(Ink(2.0, 28.0, 0.4 * FRAME.span_width(w), 0.6 * FRAME.span_width(w)),),
            )
            for size, steps in LEVERS.headline_options(w)
        )
        for w in range(1, 7)
    }
    items = [replace(shape("lead", 1400), headers=narrow), *page(1)[1:5]]
    lead = compose(items, FRAME, LEVERS).modules[0]
    assert lead.header is not None
    assert lead.header.lines + lead.air <= FOOT_LINES


def test_the_headline_sits_where_the_columns_above_are_fullest() -> None:
    # Centred, the space over a headline joins the empty foot of the module
    # above and the line between them into one white band.
    above = ModuleLayout(Placement("a", 0, 3, 0, 20), feet=(0, 0, 1))
    header = HeaderFit(18.0, 2, 0, 24.0, ink=(Ink(3.0, 21.0, 0.0, 300.0),))
    below = ModuleLayout(Placement("b", 0, 3, 20, 20), header=header, air=2)
    settled = settle_headlines(Composition((above, below), 0.0), FRAME).modules[1]
    slack = 4 * FRAME.pitch - 24.0
    assert settled.header_top is not None
    white_above = 2 * FRAME.pitch + settled.header_top + 3.0
    white_below = slack - settled.header_top + 3.0
    assert abs(white_above - white_below) < 0.01  # as short as they can both be
    assert settled.header_top < slack / 2  # not centred: less above, under the short column


def test_a_short_page_gets_space_between_paragraphs_not_a_hole() -> None:
    # 74 lines in 6 columns leave the last column 4 lines short and nothing can be
    # set tighter or looser: two lines of space between paragraphs make it 2.
    levers = replace(LEVERS, paragraph_space=4)
    blocks = (0,) * 6
    lead = replace(shape("lead", 600), body_lines=74, tighter=blocks, looser=blocks)
    module = compose([lead], FRAME, levers).modules[0]
    assert module.placement.columns == 6
    assert module.tracking.count(SPACED) == 2
    assert module.tracking[-1] != SPACED  # never after the last paragraph
    assert max(module.feet) <= FOOT_LINES


def test_a_photo_in_a_column_is_never_taller_than_its_module_body() -> None:
    # A jumping article cut to the 8 lines left at a page's foot kept its photo
    # in the first column at 12 lines: WeasyPrint pushed the photo, and with it
    # the whole body, off the page.
    frame = Frame(
        columns=3, lines=61, column_width=152.0, gutter=19.0, pitch=12.35, column_chars=16
    )
    headers = {w: (HeaderFit(20.0, 4, 0, 40.0),) for w in range(1, 4)}
    photo = PhotoShape(1.5, 3, {1: 4, 2: 3, 3: 3})
    lead = ArticleShape("a", 800, 50, headers, keep_lines=2, photos=(photo,))
    jumping = ArticleShape("b", 416, 26, headers, keep_lines=2, photos=(photo,), jumps=True)
    for module in compose([lead, jumping], frame, LEVERS).modules:
        tallest = max((p.lines for p in module.photos if not p.span), default=0)
        assert tallest <= module.body_lines, module


def test_a_jumping_article_is_given_a_height_at_which_a_paragraph_ends() -> None:
    # Cut in the middle of a paragraph, a jumped story breaks a sentence across pages
    frame = Frame(
        columns=3, lines=61, column_width=152.0, gutter=19.0, pitch=12.35, column_chars=16
    )
    headers = {w: (HeaderFit(20.0, 4, 0, 40.0),) for w in range(1, 4)}
    blocks = (7, 5, 9, 6, 8, 7, 5, 9, 6, 8) * 3
    lead = ArticleShape("a", 1600, 100, headers, keep_lines=2)
    jumping = ArticleShape(
        "b", 3000, sum(blocks), headers, keep_lines=2, block_lines=blocks, jumps=True
    )
    module = compose([lead, jumping], frame, LEVERS).modules[1]
    assert module.continued > 0
    room = module.body_lines * module.placement.columns - 1  # the jump line below the text
    ends = [sum(blocks[: i + 1]) for i in range(len(blocks))]
    assert min(room - end for end in ends if end <= room) <= PARAGRAPH_CUT_LINES


def test_a_jump_never_sends_a_scrap_of_a_story_to_the_other_page() -> None:
    # An article that nearly fitted was cut to send on one line, set on the other page
    # under its headline again.
    frame = Frame(
        columns=3, lines=61, column_width=152.0, gutter=19.0, pitch=12.35, column_chars=16
    )
    headers = {w: (HeaderFit(20.0, 4, 0, 40.0),) for w in range(1, 4)}
    for lead_lines, body_lines in ((60, 96), (80, 75)):  # each sent on 3 lines
        lead = ArticleShape("a", 1600, lead_lines, headers, keep_lines=2)
        jumping = ArticleShape("b", 1600, body_lines, headers, keep_lines=2, jumps=True)
        module = compose([lead, jumping], frame, LEVERS).modules[1]
        assert module.continued == 0 or module.continued >= 6, module
