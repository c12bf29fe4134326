"""render_blocks / mark_text / plain_text: clreq markup on text, never on tags."""

import re
from html import unescape
from html.parser import HTMLParser

from layout.typeset.body import Body, mark_text, plain_text, render_blocks

H = '<span class="halt">'
N = '<span class="nobr">'
Z = "\u200b"  # a break opportunity beside a quote


def render_body(markdown: str, *, lead: str | None, autospace: bool = True) -> str:
    """The body's HTML, as the article template joins its blocks."""
    return "".join(render_blocks(Body(markdown, lead, autospace)))


def _well_nested(fragment: str) -> bool:
    """Whether every end tag closes the innermost open element."""
    stack: list[str] = []
    ok = True

    class Check(HTMLParser):
        def handle_starttag(self, tag: str, attrs: object) -> None:
            stack.append(tag)

        def handle_startendtag(self, tag: str, attrs: object) -> None:
            pass  # <br />, <img />

        def handle_endtag(self, tag: str) -> None:
            nonlocal ok
            ok = ok and bool(stack) and stack.pop() == tag

    Check().feed(fragment)
    return ok and not stack


def test_seed_first_paragraph_with_lead() -> None:
    html = render_body("本报讯 1月14日上午，中原区召开2025年政务服务工作会议。", lead="本报讯")
    assert html == (
        '<p><span class="lead">本报讯</span>\u3000'
        '<span class="latin sp-r">1</span>月<span class="latin sp-l sp-r">14</span>日上午，'
        '中原区召开<span class="latin sp-l sp-r">2025</span>年政务服务工作'
        f"{N}会议。</span></p>\n"
    )


def test_lead_goes_into_first_paragraph_only() -> None:
    html = render_body("会议召开。\n\n会议强调。", lead="本报讯")
    assert html == (
        f'<p><span class="lead">本报讯</span>\u3000会议{N}召开。</span></p>\n'
        f"<p>会议{N}强调。</span></p>\n"
    )


def test_no_lead() -> None:
    assert render_body("会议召开。", lead=None) == f"<p>会议{N}召开。</span></p>\n"


def test_raw_html_is_escaped() -> None:
    html = render_body('好<script>alert("x")</script>的\n\n<div onclick="x">块</div>', lead=None)
    assert "<script" not in html and "<div" not in html
    assert html == (
        f'<p>好&lt;script&gt;alert("x")&lt;/{N}script&gt;的</span></p>\n'
        f'<p>&lt;div onclick="x"&gt;{N}块&lt;/div&gt;</span></p>\n'
    )


def test_text_with_ampersand_and_angle_brackets_is_escaped() -> None:
    assert mark_text("甲<乙>&丙", autospace=True) == f"甲&lt;{N}乙&gt;&amp;丙</span>"


def test_compression_pairs() -> None:
    assert mark_text("他说：“好。”随后", autospace=True) == (
        f"他说：{Z}“好{H}。</span>”{Z}{N}随后</span>"
    )
    assert mark_text("园（研究院），等", autospace=False) == (
        f"园（研究{N}院{H}）</span>，等</span>"
    )
    assert mark_text("《人民日报》、新华社", autospace=False) == (
        f"《人民日报{H}》</span>、新{N}华社</span>"
    )


def test_run_of_opening_marks_keeps_the_first_blank() -> None:
    assert mark_text("引用“《论语》”一书", autospace=False) == (
        f"引用{Z}“{H}《</span>论语{H}》</span>”{Z}{N}一书</span>"
    )


def test_dashes_and_ellipsis_are_unbreakable_with_adjacent_marks() -> None:
    assert mark_text("他说——“来了……”我们走吧", autospace=False) == (
        f"他说{N}——</span>“来了{N}……”</span>{Z}我们{N}走吧</span>"
    )


def test_orphan_tail_takes_trailing_punctuation() -> None:
    assert mark_text("贡献力量。”", autospace=False) == f"贡献{N}力量{H}。</span>”</span>"


def test_orphan_tail_counts_a_latin_run_as_one_unit() -> None:
    assert mark_text("芝麻街1958双创园建成于2025", autospace=True) == (
        '芝麻街<span class="latin sp-l sp-r">1958</span>双创园建成'
        f'{N}于<span class="latin sp-l">2025</span></span>'
    )


def test_orphan_tail_merges_with_ellipsis_nobr() -> None:
    assert mark_text("等等……", autospace=False) == f"{N}等等……</span>"


def test_autospace_off_adds_no_latin_spans() -> None:
    assert mark_text("芝麻街1958双创园", autospace=False) == f"芝麻街1958双{N}创园</span>"


def test_no_spacing_next_to_punctuation_or_space() -> None:
    assert mark_text("刊号：CN 41-0001，内部", autospace=True) == (
        f"刊号：CN 41-0001，{N}内部</span>"
    )
    assert mark_text("增长3.5%，达到", autospace=True) == (
        f'增长<span class="latin sp-l">3.5%</span>，{N}达到</span>'
    )


def test_tail_inside_emphasis_splits_the_element_validly() -> None:
    html = render_body("为高质量**做强产业支撑贡献力量**。", lead=None)
    assert html == (
        f"<p>为高质量<strong>做强产业支撑贡献</strong>{N}<strong>力量</strong>。</span></p>\n"
    )


def test_latin_span_crossing_emphasis_is_valid_html() -> None:
    html = render_body("他**说20**25年好", lead=None)
    assert html == (
        '<p>他<strong>说</strong><span class="latin sp-l sp-r"><strong>20</strong>25</span>'
        f"{N}年好</span></p>\n"
    )
    assert _well_nested(html)


def test_markup_on_text_nodes_only_not_in_attributes() -> None:
    html = render_body("见[中原区2025年报告](http://example.com/2025年)。", lead=None)
    assert 'href="http://example.com/2025%E5%B9%B4"' in html
    assert '<span class="latin sp-l sp-r">2025</span>' in html
    assert _well_nested(html)


def test_headings_lists_emphasis() -> None:
    html = render_body("## 小标题\n\n- 第一项\n- *第二*项\n\n正文", lead=None)
    assert html == (
        f"<h4>小{N}标题</span></h4>\n"
        f"<ul>\n<li>第{N}一项</span></li>\n<li><em>第</em>{N}<em>二</em>项</span></li>\n</ul>\n"
        f"<p>{N}正文</span></p>\n"
    )


def test_softbreak_between_han_disappears() -> None:
    assert render_body("中原区\n召开会议", lead=None) == f"<p>中原区召开{N}会议</span></p>\n"
    assert render_body("Weasy\nPrint", lead=None) == f"<p>{N}Weasy Print</span></p>\n"


def test_seed_article_is_well_nested() -> None:
    body = (
        "协商会前，与会人员先后视察了小微企业园（安科高新院、河南省兴优医疗器械有限公司）"
        "等重点项目建设现场。今后要树牢“项目为王”“大抓项目、抓大项目”的理念。\n\n"
        "记者 唐善普  \n通讯员 杨乐 刘赛"
    )
    html = render_body(body, lead="本报讯")
    assert f"“项目为王”{Z}“大抓" in html  # left to the justification: ” half, “ full
    assert html.endswith(f"记者 唐善普<br />\n通讯员 杨乐 {N}刘赛</span></p>\n")
    assert _well_nested(html)


def test_plain_text() -> None:
    markdown = "本报讯 1月14日上午，**中原区**召开会议。\n\n记者 唐善普  \n通讯员 苏慧莹"
    assert plain_text(Body(markdown, "本报讯")) == (
        "本报讯\u30001月14日上午，中原区召开会议。\n记者 唐善普\n通讯员 苏慧莹"
    )
    assert plain_text(Body("<b>粗</b>![图](a.png)", None)) == "<b>粗</b>"


TRICKY = [
    "",
    "好",
    "——",
    "“《》”",
    "a&b<c>",
    "他说：“来了……”——“走！”",
    "中原区2025年GDP增长3.5%，CN 41-0001号",
    "《郑州市中原区人民政府关于印发中原区进一步优化政务服务》《通知》两个文件",
]


def test_mark_text_keeps_every_character_and_nests() -> None:
    for text in TRICKY:
        for autospace in (True, False):
            html = mark_text(text, autospace=autospace)
            assert unescape(re.sub(r"<[^>]+>", "", html)).replace(Z, "") == text
            assert _well_nested(html)


def test_plain_text_matches_rendered_body() -> None:
    markdown = "本报讯 他**说20**25年“好”。\n\n- 甲*乙*\n\n[链接](http://a.com)……  \n完"
    html = render_body(markdown, lead="本报讯")
    shown = unescape(re.sub(r"<[^>]+>", "", html.replace("<br />\n", "\n"))).replace(Z, "")
    assert [line for line in shown.split("\n") if line] == plain_text(
        Body(markdown, "本报讯")
    ).split("\n")


def test_quotes_in_chinese_text_get_break_opportunities() -> None:
    # Unicode never breaks beside a quote; Chinese breaks before “ and after ” (not
    # after an opening mark nor before a closing one), marked by a zero-width space.
    html = render_body("会上说为“服务拓展领航”品牌。（“十”）。", lead=None)
    assert f"为{Z}“服" in html
    assert f"领航”{Z}品" in html
    shown = re.sub(r"<[^>]+>", "", html)
    assert "（“十”）" in shown  # never a break after （ or before ）
    assert Z not in render_body("He said “hello” to me.", lead=None)
    assert plain_text(Body("为“服务”品", None)) == "为“服务”品"
