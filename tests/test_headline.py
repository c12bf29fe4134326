"""Headline phrases are the only break points."""

from layout.typeset.headline import headline_html, headline_lines, headline_text

SEED = "持续推进“高效办成一件事” 推动全区政务服务提质增效"


def test_seed_subtitle_splits_at_the_space() -> None:
    assert headline_lines(SEED) == ["持续推进“高效办成一件事”", "推动全区政务服务提质增效"]
    assert headline_text(SEED) == "持续推进“高效办成一件事”\u3000推动全区政务服务提质增效"
    assert headline_html(SEED) == (
        '<span class="phrase">持续推进<span class="quote">“</span>高效办成一件事'
        '<span class="quote">”</span></span> '
        '<span class="phrase">推动全区政务服务提质增效</span>'
    )


def test_runs_of_ascii_and_fullwidth_spaces_separate_phrases() -> None:
    text = " 为高质量建设项目\u3000 做强产业支撑贡献力量  "
    assert headline_lines(text) == ["为高质量建设项目", "做强产业支撑贡献力量"]
    assert headline_text(text) == "为高质量建设项目\u3000做强产业支撑贡献力量"


def test_single_phrase_is_plain_escaped_text() -> None:
    assert headline_lines("中原区2025年政务服务工作会议召开") == [
        "中原区2025年政务服务工作会议召开"
    ]
    assert headline_html("A&B<政务>") == "A&amp;B&lt;政务&gt;"
    assert headline_text("A&B<政务>") == "A&B<政务>"


def test_phrases_are_escaped() -> None:
    assert headline_html("<b>甲</b> 乙&丙") == (
        '<span class="phrase">&lt;b&gt;甲&lt;/b&gt;</span> <span class="phrase">乙&amp;丙</span>'
    )


def test_curly_quotes_are_marked_for_a_full_width_face() -> None:
    assert headline_html("坚持“项目为王”") == (
        '坚持<span class="quote">“</span>项目为王<span class="quote">”</span>'
    )


def test_a_latin_headline_with_a_word_alone_on_a_line_is_not_a_perfect_fit() -> None:
    # "… the spring clean-up" / "plan" was measured as good as any
    from weasyprint import HTML

    from layout.render.layout_tree import walk
    from layout.render.measure import _quality

    words = ["Local", "traders", "reviewed", "the", "spring", "clean-up", "plan"]
    phrases = " ".join(
        f'<span class="phrase" style="white-space: nowrap">{w}</span>' for w in words
    )

    def quality(width: int) -> int:
        html = (
            f'<html lang="en"><body style="font: 20pt serif; width: {width}pt">'
            f'<header data-key="a" data-part="header"><h1 style="font-size: 20pt; margin: 0">'
            f"{phrases}</h1></header></body></html>"
        )
        page = HTML(string=html).render().pages[0]
        header = next(b for b in walk(page._page_box) if b.element_tag == "header")
        return _quality(header)

    assert quality(2000) == 2  # one line
    assert quality(400) == 2  # "… the spring" / "clean-up plan"
    assert quality(500) == 1  # "… clean-up" / "plan": a short word alone
