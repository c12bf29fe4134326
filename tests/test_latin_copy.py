"""English copy: imported and scaffolded for the newsletter set, set in its own words.

The template set owns every word a reader sees: built from English copy, no
CJK character or ideographic space may reach the PDF, its text or metadata.
"""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest
from conftest import run_cli
from pdf import page_texts
from weasyprint.formatting_structure.boxes import LineBox

from layout.manifest.importer import LATIN, import_page
from layout.manifest.latin_copy import join, parse_byline, split_credit, split_headline, take_lead
from layout.typeset.latin import smart

CJK = re.compile("[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")

COPY = """\
# Riverside council approves new library wing  Construction to begin in June at $4.2 million

RIVERSIDE — The town council voted 7-2 on Tuesday night to approve a new wing for the
Riverside Public Library, ending a debate that has lasted almost three years.

"This is a good day for the town," said Mayor Ellen Park after the vote. "We've waited a
long time -- too long -- for a library that fits the people who use it."

![Mayor Ellen Park outside the library. Photo by Daniel Fry](library.png)

The new wing will add a children's reading room, six study rooms and a hall for 120 people...

By Daniel Fairweather

# Farmers market returns to Mill Square

The Saturday market returns on April 5. See https://example.org/market--info for the stalls.

— By Aisha Karimi

# Rovers win the county cup

The Rovers beat Oakfield 3-1 in the final, their first title in twelve years. "It's the
best feeling in the world," said Sam O'Neill, who scored twice.

Story by Tom Whitaker and Ann Lee
"""


def test_latin_headline_and_deck_split_at_two_spaces_adding_nothing() -> None:
    assert split_headline("Library adds hours  A deck of  two runs ") == (
        "Library adds hours",
        "A deck of two runs",
    )
    assert split_headline("What’s on this spring") == ("What’s on this spring", None)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("By Daniel Fairweather", [("By", ["Daniel Fairweather"])]),
        ("— By Aisha Karimi", [("By", ["Aisha Karimi"])]),
        ("Story by Tom Whitaker and Ann Lee", [("Story by", ["Tom Whitaker", "Ann Lee"])]),
        ("By Ann Lee, Bob Ray and Cy Twombly", [("By", ["Ann Lee", "Bob Ray", "Cy Twombly"])]),
        ("By Ludwig van Beethoven", [("By", ["Ludwig van Beethoven"])]),
        ("By the way, this is a sentence.", None),
        ("By 2030 the town will have grown.", None),
    ],
)
def test_latin_bylines(line: str, expected: list | None) -> None:
    assert parse_byline(line) == expected


def test_latin_datelines_credits_and_line_joins() -> None:
    assert take_lead("OAKFIELD, March 12 — Work began") == ("OAKFIELD, March 12 —", "Work began")
    assert take_lead("RIVERSIDE -- The") == ("RIVERSIDE --", "The")
    assert take_lead("US—China talks resumed.") == (None, "US—China talks resumed.")
    assert split_credit("On the bridge. Photo by J. R. Fry") == (
        "On the bridge.",
        "Photo by J. R. Fry",
    )
    assert split_credit("A view (Photo: Jane Doe)") == ("A view", "Photo: Jane Doe")
    assert split_credit("Photo by Ann. More text.") == ("Photo by Ann. More text.", None)
    assert join("said,", "Mayor") == "said, Mayor"
    assert join("well-", "known") == "well-known"


def test_smart_punctuation_as_pandoc_never_in_addresses() -> None:
    typed = "\"Hi,\" she said -- it's O'Neill's '90s... and---yes (c) https://a.org/x--y"
    assert smart(typed) == ("“Hi,” she said – it’s O’Neill’s ’90s… and—yes (c) https://a.org/x--y")


def test_an_english_page_is_read_by_latin_rules() -> None:
    page = import_page(COPY, LATIN)
    first, market, cup = page.articles()
    assert first.headline == "Riverside council approves new library wing"
    assert first.subtitle == "Construction to begin in June at $4.2 million"
    assert first.lead == "RIVERSIDE —"
    assert first.paragraphs[0].startswith("The town council voted 7-2 on Tuesday night")
    assert "for the Riverside Public Library" in first.paragraphs[0]  # lines joined by a space
    assert first.bylines == {"By": ("Daniel Fairweather",)}
    assert first.images[0].caption == "Mayor Ellen Park outside the library."
    assert first.images[0].credit == "Photo by Daniel Fry"
    assert market.bylines == {"By": ("Aisha Karimi",)}
    assert cup.bylines == {"Story by": ("Tom Whitaker", "Ann Lee")}
    assert page.all_notes() == []
    assert not any(CJK.search(text) for a in page.articles() for text in a.paragraphs)


@pytest.fixture(scope="module")
def english_issue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The copy above imported for the newsletter set and built without an edit."""
    folder = tmp_path_factory.mktemp("english")
    (folder / "PAGE.md").write_text(COPY, encoding="utf-8")
    from PIL import Image

    Image.new("RGB", (1200, 800), (90, 120, 150)).save(folder / "library.png")
    result = run_cli(
        "import", folder / "PAGE.md", "-o", folder / "issue", "--template", "newsletter"
    )
    assert result.exit_code == 0, result.output
    result = run_cli("build", folder / "issue" / "issue.yaml", "-o", folder / "out", "--force")
    assert result.exit_code == 0, result.output
    return folder


def test_imported_english_manifest_has_no_chinese_placeholder(english_issue: Path) -> None:
    manifest = (english_issue / "issue" / "issue.yaml").read_text(encoding="utf-8")
    assert "template: newsletter" in manifest and "size: a4" in manifest
    assert "paper: The Newsletter" in manifest and "name: News" in manifest
    files = [*(english_issue / "issue").rglob("*.yaml"), *(english_issue / "issue").rglob("*.md")]
    assert not [path for path in files if CJK.search(path.read_text(encoding="utf-8"))]


def test_an_english_build_has_no_cjk_anywhere(english_issue: Path) -> None:
    pdf = english_issue / "out" / "issue.pdf"
    reader = pypdf.PdfReader(pdf)
    metadata = " ".join(str(value) for value in (reader.metadata or {}).values())
    assert metadata and not CJK.search(metadata), metadata
    assert (
        reader.metadata.title == "The Newsletter, No. 1, " + reader.metadata.title.split(", ", 2)[2]
    )
    text = "".join(page_texts(pdf))
    assert not CJK.search(text), CJK.findall(text)
    # typographic quotes, the dash and ellipsis made from typed ones; the address kept
    assert "“Thisisagooddayforthetown,”" in text and "We’vewaited" in text
    assert "–toolong–" in text and "120people…" in text
    assert "market--info" in text
    assert "ByDanielFairweather" in text and "StorybyTomWhitakerandAnnLee" in text
    assert "PhotobyDanielFry" in text
    assert "Page2of2" in text  # the issue's last page is page 2


def test_new_scaffolds_in_the_template_sets_language(tmp_path: Path) -> None:
    result = run_cli("new", tmp_path / "issue", "--template", "newsletter")
    assert result.exit_code == 0, result.output
    written = [p for p in (tmp_path / "issue").rglob("*") if p.suffix in (".yaml", ".md")]
    assert len(written) == 2
    assert not [p for p in written if CJK.search(p.read_text(encoding="utf-8"))]
    result = run_cli("build", tmp_path / "issue" / "issue.yaml", "-o", tmp_path / "out", "--force")
    assert result.exit_code == 0, result.output
    text = "".join(page_texts(tmp_path / "out" / "issue.pdf"))
    assert "“straight”quotescomeoutcurly" in text and not CJK.search(text)


def test_an_unknown_template_set_is_one_message(tmp_path: Path) -> None:
    (tmp_path / "PAGE.md").write_text(COPY, encoding="utf-8")
    result = run_cli("import", tmp_path / "PAGE.md", "-o", tmp_path / "issue", "--template", "nope")
    assert result.exit_code == 2
    assert "unknown template set 'nope' (known: default, newsletter)" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "issue").exists()


def test_overset_does_not_count_the_hyphens_of_hyphenated_lines() -> None:
    # WeasyPrint adds U+2010 to the text of a line it hyphenates: counted, a jumped
    # English article kept a few characters too many and pushed its jump line out
    from weasyprint import HTML

    from layout.check.overset import find_overset
    from layout.typeset.body import normalized

    copy = "Representatives of neighbourhood associations demonstrated extraordinary zeal."
    html = (
        '<html lang="en"><body style="font: 9pt serif; line-height: 12pt; width: 60pt; '
        'hyphens: auto"><div data-key="a" data-part="module" style="height: 1pt; '
        f'overflow: hidden"><p style="margin: 0">{copy}</p></div></body></html>'
    )
    page = HTML(string=html).render().pages[0]
    assert "\u2010" in "".join(b.text for b in page._page_box.descendants() if hasattr(b, "text"))
    (overset,) = find_overset(page._page_box, 2, {"a": "Test"})
    assert overset.characters == len(normalized(copy))


def test_a_latin_paragraph_has_no_line_broken_early_before_its_last_two_words() -> None:
    # The 孤字 span over a paragraph's last two words made WeasyPrint, hyphenating,
    # break the line before it early: "week," stood alone on a line of 132 pt.
    from weasyprint import HTML

    from layout.typeset.body import Body, render_blocks

    text = (
        "Details are on the council's website, and in the library. \"It's not perfect, "
        "but it's a start,\" said Maria Lopez, a councillor. The football club launched "
        "a youth football league last week, and the football club rejected a repair cafe."
    )
    (html,) = render_blocks(Body(text, latin=True, smart=True, autospace=False))
    width = 132  # pt
    page = HTML(
        string=f'<html lang="en"><body style="font: 9.5pt serif; line-height: 12pt; '
        f'width: {width}pt; text-align: justify; hyphens: auto">{html}</body></html>'
    ).render()
    lines = [b for b in page.pages[0]._page_box.descendants() if isinstance(b, LineBox)]
    widths = [sum(child.width for child in line.children) * 0.75 for line in lines]
    assert len(widths) > 5
    assert min(widths[:-1]) > width * 0.6, widths


def test_a_latin_headline_with_curly_quotes_or_dashes_keeps_its_spaces() -> None:
    # "What’s on this spring" read as Chinese for its ’: U+3000 between its words
    from layout.typeset.headline import headline_text

    assert headline_text("What’s on — this spring…") == "What’s on — this spring…"
    assert (
        headline_text("持续推进“高效办成一件事” 推动全区")
        == "持续推进“高效办成一件事”\u3000推动全区"
    )


def test_an_english_issue_is_told_its_problems_in_english_quotes(tmp_path: Path) -> None:
    assert run_cli("new", tmp_path / "issue", "--template", "newsletter").exit_code == 0
    manifest = tmp_path / "issue" / "issue.yaml"
    article = next((tmp_path / "issue").glob("**/*.md"))
    article.write_text("\n\n".join([article.read_text(encoding="utf-8")] * 30), encoding="utf-8")
    result = run_cli("build", manifest, "-o", tmp_path / "out")
    assert result.exit_code == 2, result.output
    assert "“A first story on a first page”: overset text" in result.output
    assert "「" not in result.output and "字" not in result.output


def test_the_verbose_plan_of_an_english_issue_is_in_english(tmp_path: Path) -> None:
    assert run_cli("new", tmp_path / "issue", "--template", "newsletter").exit_code == 0
    result = run_cli("build", tmp_path / "issue" / "issue.yaml", "-o", tmp_path / "out", "-v")
    assert result.exit_code == 0, result.output
    assert "headline " in result.output and " pt in " in result.output
    assert not CJK.search(result.output), CJK.findall(result.output)
