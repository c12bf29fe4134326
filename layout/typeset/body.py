"""Article body: Markdown → HTML fragment with Chinese typographic markup.

WeasyPrint knows nothing of clreq, so the rules it cannot apply itself are
expressed as spans the page CSS styles: punctuation compression (``halt``),
unbreakable units (``nobr``) and Han–Latin spacing (``latin sp-l sp-r``).
Markup is added to text only, and always yields correctly nested HTML.
"""

import html
import re
import unicodedata
from collections.abc import Sequence, Set
from dataclasses import dataclass
from itertools import pairwise
from typing import cast

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from layout.typeset.latin import install as smart_quotes
from layout.typeset.punctuation import CJK_PUNCT, CLOSING, OPENING, is_cjk, is_han

_QUOTES = "“”‘’"  # shared by Chinese and Western text
_BREAK = "\u200b"  # a line break opportunity, nothing a reader sees
_OBJECT = "\ufffc"  # stands for an image or an empty element in the text being marked
_LATIN = re.compile(r"[A-Za-z0-9]+(?:[.,:/+'&_-]+[A-Za-z0-9]+)*%?")
_COMPRESSIBLE = re.compile(f"[{re.escape(OPENING + CLOSING)}]{{2,}}")
_DASH_RUN = re.compile(f"[{re.escape(OPENING)}]*(?:[—―]{{2,}}|[…⋯]{{2,}})[{re.escape(CLOSING)}]*")
_PUNCT = re.escape(CJK_PUNCT + "\"'“”‘’!#$%&()*+,-./:;<=>?@[\\]^_`{|}~")
_UNIT = re.compile(f"{_LATIN.pattern}|[^\\s{_PUNCT}{_OBJECT}]")

_NOBR, _MARKUP, _INNER = 0, 1, 2  # nesting rank for spans of equal extent: outermost first


@dataclass(frozen=True)
class _Span:
    """An element covering text[start:end]; ``seq`` keeps source order among equals."""

    start: int
    end: int
    open: str
    close: str
    rank: int
    seq: int = 0


@dataclass(frozen=True)
class _Inline:
    """A paragraph's inline content: text (objects as U+FFFC), markup spans, objects' HTML."""

    text: str
    spans: list[_Span]
    objects: dict[int, str]


class _Renderer(RendererHTML):
    """markdown-it renderer that routes every inline run through the typographic marking."""

    def renderInline(self, tokens: Sequence[Token], options: OptionsDict, env: EnvType) -> str:
        inline = _collect(tokens, self, options, env)
        return _markup(inline, autospace=env["autospace"], latin=env["latin"])

    def heading_open(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        return "<h4>"  # the article title is the headline; body headings are subheads

    def heading_close(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        return "</h4>\n"


_MD = MarkdownIt("commonmark", {"html": False}, renderer_cls=_Renderer)
_RENDERER = cast(_Renderer, _MD.renderer)
_MD_SMART = smart_quotes(MarkdownIt("commonmark", {"html": False}, renderer_cls=_Renderer))


@dataclass(frozen=True)
class Body:
    """An article body as Markdown, and how its text is set."""

    markdown: str
    lead: str | None = None  # 本报讯, set before the first paragraph
    autospace: bool = True  # ¼ em between Han and Latin text
    latin: bool = False  # Latin copy: the lead and the text are parted by a space
    smart: bool = False  # typographic quotes and dashes made from typed ones


def render_blocks(body: Body) -> list[str]:
    """The body's top-level blocks (paragraphs, headings, lists), each as HTML of its own:
    the compositor may set one of them tighter or looser to gain or lose a line.

    Raw HTML in the Markdown is escaped, never kept. The lead (本报讯) opens the first
    paragraph as ``<span class="lead">`` plus U+3000 (a space in Latin copy); a copy
    of it already at the start of the text is dropped.
    """
    env = {"autospace": body.autospace, "latin": body.latin}
    return [_MD.renderer.render(g, _MD.options, env) for g in _groups(_parse(body))]


def split_blocks(body: Body, at: int) -> tuple[list[str], list[str]]:
    """The body's blocks before and after its ``at``-th character (white space not
    counted), for an article that continues on another page (转版).

    A paragraph cut in two keeps its markup on both sides: the first half is
    ``class="continues"`` (its last line is justified as any other), the second
    ``class="continued"`` (no indent). A cut inside a list, quote or heading falls
    before it, so that nothing is set in half a structure.
    """
    groups = _groups(_parse(body))
    env = {"autospace": body.autospace, "latin": body.latin}
    count = 0
    for index, group in enumerate(groups):
        length = _visible(group)
        if count + length <= at:
            count += length
            continue
        before, after = groups[:index], groups[index + 1 :]
        cut = at - count
        if cut > 0 and [t.type for t in group] == ["paragraph_open", "inline", "paragraph_close"]:
            head, tail = _split_inline(group[1].children or [], cut)
            first = _paragraph(group, head, "continues")
            rest = _paragraph(group, tail, "continued")
            before, after = [*before, first], [rest, *after]
        else:
            after = [group, *after]
        render = _MD.renderer.render
        return (
            [render(g, _MD.options, env) for g in before],
            [render(g, _MD.options, env) for g in after],
        )
    return [_MD.renderer.render(g, _MD.options, env) for g in groups], []


def _groups(tokens: list[Token]) -> list[list[Token]]:
    """Block tokens grouped by top-level block."""
    groups, start, depth = [], 0, 0
    for index, token in enumerate(tokens):
        depth += token.nesting
        if depth == 0:
            groups.append(tokens[start : index + 1])
            start = index + 1
    return groups


def _visible(group: Sequence[Token]) -> int:
    """Characters a reader finds in the block, white space not counted."""
    count = 0
    for token in group:
        if token.type == "inline":
            text = _collect(token.children or [], _RENDERER, _MD.options, {}).text
            count += _count(text.replace(_OBJECT, ""))
        elif token.type in ("code_block", "fence"):
            count += _count(token.content)
    return count


def counted(char: str) -> bool:
    """Whether a reader finds the character on the page: not white space nor an
    invisible format character (ZWSP, soft hyphen …)."""
    return not char.isspace() and unicodedata.category(char) != "Cf"


def normalized(text: str) -> str:
    """The characters of text a reader finds on the page."""
    return "".join(filter(counted, text))


def _count(text: str) -> int:
    return sum(map(counted, text))


def _split_inline(children: Sequence[Token], at: int) -> tuple[list[Token], list[Token]]:
    """Inline tokens before and after the ``at``-th visible character, the elements
    open at the cut closed before it and opened again after it."""
    opened: list[Token] = []
    count = 0
    for index, token in enumerate(children):
        if token.nesting == 1:
            opened.append(token)
        elif token.nesting == -1:
            opened.pop()
        elif token.type in ("text", "code_inline"):
            for position, char in enumerate(token.content):
                if not counted(char):
                    continue
                if count == at:
                    left = Token(token.type, token.tag, 0, content=token.content[:position])
                    right = Token(token.type, token.tag, 0, content=token.content[position:])
                    closing = [
                        Token(t.type.replace("_open", "_close"), t.tag, -1)
                        for t in reversed(opened)
                    ]
                    return (
                        [*children[:index], left, *closing],
                        [*opened, right, *children[index + 1 :]],
                    )
                count += 1
    return list(children), []


def _paragraph(group: Sequence[Token], children: list[Token], kind: str) -> list[Token]:
    opening = Token("paragraph_open", "p", 1, attrs={"class": kind}, map=group[0].map)
    inline = Token("inline", "", 0, children=children, map=group[1].map)
    return [opening, inline, Token("paragraph_close", "p", -1)]


def plain_text(body: Body) -> str:
    """The characters a reader finds on the page, in order; blocks and <br> become newlines."""
    blocks = []
    for token in _parse(body):
        if token.type == "inline":
            inline = _collect(token.children or [], _RENDERER, _MD.options, {})
            blocks.append(inline.text.replace(_OBJECT, ""))
        elif token.type in ("code_block", "fence"):
            blocks.append(token.content.rstrip("\n"))
    return "\n".join(blocks)


def deepest_nesting(markdown: str) -> tuple[int, int]:
    """How deep the body's elements nest (emphasis in links in quotes in lists…) at
    the deepest point, and the 0-based source line of the block it is in. markdown-it
    bounds the nesting it parses, but not emphasis pairs: 25,000 ``*`` on each side
    of a word are 12,500 nested elements, which the layout cannot follow."""
    deepest, where, depth = 0, 0, 0
    for token in _MD.parse(markdown):
        depth += token.nesting
        inner = depth
        for child in token.children or ():
            inner += child.nesting
            if inner > deepest:
                deepest, where = inner, token.map[0] if token.map else 0
        if depth > deepest:
            deepest, where = depth, token.map[0] if token.map else 0
    return deepest, where


def mark_text(text: str, *, autospace: bool, latin: bool = False) -> str:
    """Escaped HTML for one paragraph of plain text with the typographic spans added."""
    return _markup(_Inline(text, [], {}), autospace=autospace, latin=latin)


def _parse(body: Body) -> list[Token]:
    """Block tokens of the body, with the lead put at the start of the first paragraph."""
    tokens = (_MD_SMART if body.smart else _MD).parse(body.markdown)
    lead = body.lead
    if not lead:
        return tokens
    first = next(
        (i + 1 for i, t in enumerate(tokens) if t.type == "paragraph_open" and t.level == 0), None
    )
    if first is None:
        tokens[:0] = [Token("paragraph_open", "p", 1), Token("inline", "", 0, children=[])]
        tokens.insert(2, Token("paragraph_close", "p", -1))
        first = 1
    children = tokens[first].children or []
    if children and children[0].type == "text":
        children[0].content = re.sub(f"^{re.escape(lead)}[ \u3000]*", "", children[0].content)
    tokens[first].children = [
        Token("lead_open", "span", 1, attrs={"class": "lead"}),
        Token("text", "", 0, content=lead),
        Token("lead_close", "span", -1),
        Token("text", "", 0, content=" " if body.latin else "\u3000"),
        *children,
    ]
    return tokens


def _collect(
    tokens: Sequence[Token], renderer: RendererHTML, options: OptionsDict, env: EnvType
) -> _Inline:
    """Flatten inline tokens into text plus the spans and objects to restore around it."""
    parts: list[str] = []
    spans: list[_Span] = []
    objects: dict[int, str] = {}
    opened: list[tuple[int, str, int]] = []
    pos = 0

    def add(text: str) -> None:
        nonlocal pos
        parts.append(text)
        pos += len(text)

    for idx, token in enumerate(tokens):
        if token.nesting == 1:
            opened.append((pos, renderer.renderToken(tokens, idx, options, env), idx))
        elif token.nesting == -1:
            start, open_html, seq = opened.pop()
            close_html = renderer.renderToken(tokens, idx, options, env)
            if start == pos:
                objects[pos] = open_html + close_html
                add(_OBJECT)
            else:
                spans.append(_Span(start, pos, open_html, close_html, _MARKUP, seq))
        elif token.type == "code_inline":
            spans.append(_Span(pos, pos + len(token.content), "<code>", "</code>", _MARKUP, idx))
            add(token.content)
        elif token.type == "image":
            objects[pos] = renderer.rules["image"](tokens, idx, options, env)
            add(_OBJECT)
        elif token.type == "hardbreak":
            objects[pos] = "<br />\n"
            add("\n")
        elif token.type == "softbreak":
            # curly quotes serve both scripts: the characters beyond them decide
            before = "".join(parts).rstrip(_QUOTES)[-1:]
            after = next(
                (t.content.lstrip(_QUOTES)[:1] for t in tokens[idx + 1 :] if t.content), ""
            )
            add("" if any(c and is_cjk(c) for c in (before, after)) else " ")
        else:
            add(token.content)
    return _Inline("".join(parts), spans, objects)


def _markup(inline: _Inline, *, autospace: bool, latin: bool = False) -> str:
    """Typographic spans over the inline text, nested validly with the Markdown markup."""
    typo = _laminate(_typo_spans(inline.text, autospace=autospace, tail=not latin))
    spans = typo + [piece for span in inline.spans for piece in _split(span, typo)]
    return _emit(inline.text, spans, inline.objects, _quote_breaks(inline.text))


def _typo_spans(text: str, *, autospace: bool, tail: bool = True) -> list[_Span]:
    """Compression, unbreakable dash/ellipsis runs, Han–Latin spacing and the 孤字 tail.

    Latin text has no 孤字 tail (``tail``): WeasyPrint, hyphenating, breaks the line
    before such a span early and leaves a word alone on it."""
    spans = [_halt(m.start() + i) for m in _COMPRESSIBLE.finditer(text) for i in _halted(m[0])]
    spans += [_nobr(m.start(), m.end()) for m in _DASH_RUN.finditer(text)]
    if autospace:
        spans += [s for m in _LATIN.finditer(text) if (s := _latin(text, m.start(), m.end()))]
    units = list(_UNIT.finditer(text)) if tail else []
    if len(units) >= 2:
        start = units[-2].start()
        while start and text[start - 1] in OPENING:
            start -= 1
        spans.append(_nobr(start, len(text)))
    return spans


def _quote_breaks(text: str) -> set[int]:
    """Where a line may break beside a curly quote in Chinese text: before “ ‘ and
    after ” ’ (before a Han character, an opening mark, a digit or a Latin letter),
    never where the mark on the other side forbids it (clreq 3.1.4).

    Unicode's line breaking (UAX #14, as Pango 1.50 has it) never breaks on either
    side of a quote, which glues 为“服 or 领航”品 into units that push whole
    characters out of a line; a zero-width space marks each place a Chinese
    compositor may break.
    """
    breaks = set()
    for i, ch in enumerate(text):
        if ch in "“‘" and i and (is_han(text[i - 1]) or text[i - 1] in CLOSING):
            breaks.add(i)
        elif ch in "”’" and i + 1 < len(text):
            after, before = text[i + 1], text[i - 1] if i else ""
            word = is_han(after) or after in OPENING or (after.isascii() and after.isalnum())
            if word and (is_han(before) or before in CJK_PUNCT):
                breaks.add(i + 1)
    return breaks


def _halted(run: str) -> list[int]:
    """Indexes in a punctuation run to set half width, leaving one full-width blank.

    The blank kept separates closing from opening marks: it is the one before
    the first opening mark after a closing one, else the one after the last
    closing mark, or before the first mark of an all-opening run. The closing
    mark right before that opening mark is left to the justification, which
    sets it half width in justified text and never gives its blank back
    (layout/render/justify.py): both stay in one text, so a line never ends
    in a box of its own that may pass the column edge.
    """
    closing = [i for i, ch in enumerate(run) if ch in CLOSING]
    after = [i for i, ch in enumerate(run) if ch in OPENING and closing and i > closing[0]]
    keep = after[0] if after else closing[-1] if closing else 0
    left = {keep, keep - 1} if after else {keep}
    return [i for i in range(len(run)) if i not in left]


def _halt(i: int) -> _Span:
    return _Span(i, i + 1, '<span class="halt">', "</span>", _INNER)


def _nobr(start: int, end: int) -> _Span:
    return _Span(start, end, '<span class="nobr">', "</span>", _NOBR)


def _latin(text: str, start: int, end: int) -> _Span | None:
    """Latin/digit run touching Han, with spacing classes on its Han sides (not at punctuation)."""
    classes = ["latin"]
    if start and is_han(text[start - 1]):
        classes.append("sp-l")
    if end < len(text) and is_han(text[end]):
        classes.append("sp-r")
    if len(classes) == 1:
        return None
    return _Span(start, end, f'<span class="{" ".join(classes)}">', "</span>", _INNER)


def _laminate(spans: list[_Span]) -> list[_Span]:
    """Make spans nest: ``nobr`` spans grow over spans they cross, then overlapping ones merge.

    The other typographic spans (halt, latin) never overlap one another.
    """
    inner = [s for s in spans if s.rank != _NOBR]
    grown = sorted(
        (
            min([s.start, *(t.start for t in inner if t.start < s.start < t.end)]),
            max([s.end, *(t.end for t in inner if t.start < s.end < t.end)]),
        )
        for s in spans
        if s.rank == _NOBR
    )
    merged: list[list[int]] = []
    for start, end in grown:
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [_nobr(start, end) for start, end in merged] + inner


def _split(span: _Span, typo: list[_Span]) -> list[_Span]:
    """Cut a Markdown element where typographic spans cross it, so each piece nests."""
    cuts = sorted(
        {
            b
            for t in typo
            if not (span.start <= t.start and t.end <= span.end)
            for b in (t.start, t.end)
            if span.start < b < span.end
        }
    )
    bounds = [span.start, *cuts, span.end]
    return [_Span(a, b, span.open, span.close, span.rank, span.seq) for a, b in pairwise(bounds)]


def _emit(
    text: str,
    spans: list[_Span],
    objects: dict[int, str],
    breaks: Set[int] = frozenset(),
) -> str:
    """Serialise text with properly nested (laminar) spans, a ZWSP before each of ``breaks``."""
    order = sorted(spans, key=lambda s: (s.start, -s.end, s.rank, s.seq))
    out: list[str] = []
    stack: list[_Span] = []
    k = 0
    for pos in range(len(text) + 1):
        while stack and stack[-1].end == pos:
            out.append(stack.pop().close)
        if pos in breaks:
            out.append(_BREAK)
        while k < len(order) and order[k].start == pos:
            stack.append(order[k])
            out.append(order[k].open)
            k += 1
        if pos < len(text):
            out.append(objects.get(pos) or html.escape(text[pos], quote=False))
    return "".join(out)
