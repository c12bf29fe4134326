"""A page short of copy: every article set where the renderer can place it.

Three short articles on a newsletter page (3 columns, 60 lines) were composed
into columns 1–2, the second with a body of 2 lines in each of 2 columns and
column 3 left empty from head to foot. With orphans and widows of 2 a
paragraph of 3 lines has no break in columns of 2 lines: the renderer could
not place that body, and lost the article and every module after it.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from conftest import assert_tiles, page_manifest, run_cli
from pdf import page_texts
from PIL import Image

from layout.compose import ArticleShape, Frame, HeaderFit, Levers, PhotoShape, compose
from layout.compose.guillotine import COLUMN_LINES

# The newsletter set's A4 page: 60 lines and the line of space below the lowest modules.
FRAME = Frame(columns=3, lines=61, column_width=152.0, gutter=19.0, pitch=12.35, column_chars=16)
LEVERS = Levers(
    headline_sizes={1: 16.0, 2: 22.0, 3: 28.0},
    headline_scale=(36.0, 32.0, 28.0, 24.0, 22.0, 20.0, 18.0, 16.0, 14.0, 12.0),
    tighten=0.02,
    loosen=0.02,
    paragraph_space=2,
)


def article(
    key: str, characters: int, body_lines: int, header_lines: dict[int, int], *, photo=False
) -> ArticleShape:
    """An article whose headline block takes ``header_lines`` by width, at every size."""
    headers = {
        w: tuple(
            HeaderFit(size, lines, steps, lines * FRAME.pitch * 0.8)
            for size, steps in LEVERS.headline_options(w)
        )
        for w, lines in header_lines.items()
    }
    photos = (PhotoShape(1.5, 2, {1: 4, 2: 3, 3: 3}),) if photo else ()
    blocks = (0,) * max(1, body_lines // 5)
    return ArticleShape(
        key, characters, body_lines, headers, tighter=blocks, looser=blocks, photos=photos
    )


def short_page() -> list[ArticleShape]:
    """A lead of 14 lines with a photo at most 2 columns wide, and two of 4 and 5 lines."""
    return [
        article("lead", 441, 14, {1: 8, 2: 6, 3: 5}, photo=True),
        article("market", 126, 4, {1: 4, 2: 3, 3: 3}),
        article("cup", 170, 5, {1: 4, 2: 3, 3: 3}),
    ]


def test_a_short_page_places_every_article_within_the_frame() -> None:
    items = short_page()
    composition = compose(items, FRAME, LEVERS)
    assert_tiles(items, composition, FRAME)
    assert composition.overset == 0


@pytest.mark.parametrize("pinned", [None, 2], ids=["free", "pinned-2-columns"])
def test_a_body_in_several_columns_is_deep_enough_to_break_its_paragraphs(
    pinned: int | None,
) -> None:
    assert COLUMN_LINES >= 3  # a paragraph of 3 lines breaks 2 + 1 in columns of 2: a widow
    lead, market, cup = short_page()
    items = [lead, replace(market, columns=pinned), cup]
    for module in compose(items, FRAME, LEVERS).modules:
        if module.placement.columns > 1:
            assert module.body_lines >= COLUMN_LINES, module


def test_room_left_over_goes_at_the_foot_not_into_an_empty_column() -> None:
    placements = compose(short_page(), FRAME, LEVERS).placements
    headed = {c for p in placements if p.top == 0 for c in range(p.column, p.column + p.columns)}
    assert headed == set(range(FRAME.columns))  # every column has a module at its head


def test_a_short_newsletter_page_builds_with_every_article(write_issue, tmp_path: Path) -> None:
    headlines = [
        "Riverside council approves new library wing",
        "Farmers market returns to Mill Square",
        "Rovers win the county cup",
    ]
    manifest = write_issue(
        page_manifest(
            f"""\
            - headline: {headlines[0]}
              subtitle: Construction to begin in June with a budget of $4.2 million
              lead: RIVERSIDE —
              file: lead.md
              bylines: {{By: Daniel Fairweather}}
              images: [{{file: library.png, caption: Mayor Ellen Park outside the library.}}]
            - headline: {headlines[1]}
              file: market.md
              bylines: {{By: Aisha Karimi}}
            - headline: {headlines[2]}
              file: cup.md
              bylines: {{Story by: [Tom Whitaker, Ann Lee]}}
            """,
            name="News",
            paper="The Newsletter",
            template="newsletter",
            size="a4",
        ),
        {
            "lead.md": """\
                The town council voted 7-2 on Tuesday night to approve a new wing for the
                Riverside Public Library, ending a debate that has lasted almost three years.

                "This is a good day for the town," said Mayor Ellen Park after the vote.
                "We've waited a long time -- too long -- for a library that fits the people
                who use it."

                The new wing will add a children's reading room, six study rooms and a hall
                for 120 people...
                """,
            "market.md": "The Saturday market returns on April 5. See "
            "https://example.org/market--info for the stalls.\n",
            "cup.md": "The Rovers beat Oakfield 3-1 in the final, their first title in twelve "
            "years. \"It's the best feeling in the world,\" said Sam O'Neill, who scored twice.\n",
        },
    )
    Image.new("RGB", (1200, 800), "gray").save(manifest.parent / "library.png")
    out = tmp_path / "out"
    result = run_cli("build", manifest, "-o", out, "--no-cache")
    assert result.exit_code == 0, result.output
    (text,) = page_texts(out / "page-02.pdf")
    for headline in headlines:
        assert headline.replace(" ", "") in text, headline
