"""to_fullwidth: ASCII punctuation in Chinese context only."""

import pytest

from layout.typeset.punctuation import PunctuationChange, to_fullwidth


def fixed(text: str) -> str:
    return to_fullwidth(text)[0]


def test_seed_comma_becomes_fullwidth_and_is_reported() -> None:
    text, changes = to_fullwidth("1月14日上午,中原区召开2025年政务服务工作会议.")
    assert text == "1月14日上午，中原区召开2025年政务服务工作会议。"
    assert changes == [
        PunctuationChange(7, ",", "，", "4日上午,中原区召"),
        PunctuationChange(26, ".", "。", "工作会议."),
    ]


def test_seed_parentheses_become_fullwidth() -> None:
    assert (
        fixed("小微企业园(安科高新院、河南省兴优医疗器械有限公司)等重点项目")
        == "小微企业园（安科高新院、河南省兴优医疗器械有限公司）等重点项目"
    )


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("共1,000人参会,增长3.5%", "共1,000人参会，增长3.5%"),
        ("12:30开始;会期2天", "12:30开始；会期2天"),
        ("会见了Mr. Smith, Jr.,双方", "会见了Mr. Smith, Jr.，双方"),
        ("例如e.g.这种写法", "例如e.g.这种写法"),
        (
            "访问https://example.com/a?b=1,c=2,了解详情",
            "访问https://example.com/a?b=1,c=2，了解详情",
        ),
        ("使用WeasyPrint 70.0,效果好!?", "使用WeasyPrint 70.0，效果好！？"),
        ("见[链接](http://a.com/x)了解", "见[链接](http://a.com/x)了解"),
        ("西安(Xi'an)是古都", "西安（Xi'an）是古都"),
        ("他说'I'm fine'。", "他说‘I'm fine’。"),
        ("作者J. K. Rowling.", "作者J. K. Rowling."),
        ("访问user@mail.example.cn,或致电", "访问user@mail.example.cn，或致电"),
        ("等等...好的", "等等...好的"),
    ],
)
def test_numbers_and_latin_phrases_keep_ascii(source: str, expected: str) -> None:
    assert fixed(source) == expected


def test_latin_sentence_is_untouched() -> None:
    text = 'He said "hi", then left (quickly). Done: yes?'
    assert to_fullwidth(text) == (text, [])


def test_double_quotes_alternate_open_close() -> None:
    assert (
        fixed('持续推进"高效办成一件事",推动"我要开店一件事"落地')
        == "持续推进“高效办成一件事”，推动“我要开店一件事”落地"
    )


def test_quote_pair_changes_together_when_only_one_end_is_chinese() -> None:
    assert fixed('"Hello world",他说') == "“Hello world”，他说"


def test_single_quotes_nest_in_double() -> None:
    assert fixed("他说:\"'两委'干部\"") == "他说：“‘两委’干部”"


def test_open_quotes_reset_at_blank_line() -> None:
    assert fixed('甲说"好\n\n乙说"对"') == "甲说“好\n\n乙说“对”"


def test_offsets_point_into_the_source() -> None:
    source = "上午,中原区(郑州)"
    for change in to_fullwidth(source)[1]:
        assert source[change.offset] == change.old


def test_markdown_image_syntax_is_left_alone() -> None:
    text = "会议现场。\n\n![会议现场](img/a.jpg)"
    assert to_fullwidth(text) == (text, [])
