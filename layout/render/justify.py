"""Inter-character justification of Chinese text in WeasyPrint, compressing first.

WeasyPrint 70's ``text-align: justify`` only stretches spaces (U+0020,
U+00A0). Chinese lines have no spaces, so their right edges are ragged, and
clreq (§3.5) wants a line compressed before it is stretched.
:func:`install` patches WeasyPrint so that:

* in justified Chinese text every compressible mark is shaped half width
  (OpenType ``halt``) when lines are broken (:func:`compresses`), so a line
  takes every character that fits with its punctuation compressed;
* a line's room is given first to its compressed marks, equally, up to
  their full width, then to its Han–Latin spaces (the margins of ``sp-l``
  / ``sp-r`` runs, which lines are broken with at their least), up to as
  much again, and only the rest is spread over its *justification
  opportunities*: every expandable space (U+0020, U+00A0) and every gap
  between two adjacent characters where at least one side is CJK (see
  :func:`spaced_as_cjk`), also across text boxes (inline spans, ``<strong>``,
  spans with margins …). A last line is never spread.

Closing punctuation that ends a justified line (，。、；： …) is set half
width, as mainland papers do: its blank half would otherwise show as a short
line. A Han–Latin margin at a line's start or end is removed (see
below). How each line was set is kept (:func:`fit`) for the paragraph
builder (:mod:`layout.render.paragraph`) and the loose-line check.

There is no opportunity after the line's last character (its last glyph
ends exactly at the column edge), none inside a Latin word, none between
the two halves of "——" or "……", none before a combining mark or a format
character (ZWJ, soft hyphen …), and none on each side of a space (the space
itself stretches).  ``“ ” ‘ ’ — … ·`` count as CJK when their nearest
non-ambiguous neighbour on the line is CJK.

How it works (WeasyPrint 70.0 only, see ``SUPPORTED_WEASYPRINT``):

* ``Layout.set_text`` is wrapped to add ``halt`` font-feature attributes on
  the compressible marks of justified Chinese text; each mark's blank is
  measured once per font (a font without ``halt`` has none to give back).
* ``weasyprint.layout.inline.text_align`` is wrapped. It computes each gap's
  extra (restored blanks, then ``extra / count``) and moves and widens the
  boxes like WeasyPrint's ``add_word_spacing`` does.  A text box that gets
  extra width inside receives a fresh Pango layout remembering the UTF-8
  offsets and amounts of its inner gaps.  A gap between two boxes widens the
  first box (nothing is drawn there; the next box is moved).
* ``Layout.reactivate`` (called once per text box when drawing) and
  ``Layout.get_first_line`` are wrapped: right after the drawing code gets
  the line from Pango, each gap's extra is added to the advance width of the
  glyph ending the gap's cluster.  WeasyPrint's ``draw_first_line`` already
  turns ``advance - font width`` into a PDF ``TJ`` adjustment, so the glyphs
  are drawn exactly where the layout boxes are.

Why not Pango letter-spacing attributes (what WeasyPrint uses for spaces):
measured with Pango 1.50, a letter-spacing ``s`` on a character puts ``s/2``
before and ``s/2`` after it (rounded to whole pixels when ``s`` is a whole
number of pixels), the half at the start and at the end of a layout is
dropped, and every change of the attribute splits the shaping item.  A gap
between a spaced Han character and an unspaced Latin word then only gets
half, and a line such as "年2025年1月" has no exact solution.  Widening the
glyph advances has none of these problems and does not change shaping.

Known limitations: right-to-left paragraphs fall back to WeasyPrint's own
justification, right-to-left inline boxes inside a line are not stretched
(they act like an image: no opportunity inside or around them); ``text-overflow: ellipsis`` /
``block-ellipsis`` boxes are drawn without the extra (as WeasyPrint does
for word spacing); WeasyPrint truncates each glyph's ``TJ`` adjustment to
1/1000 em, so a drawn line may end up to ~0.01 em per glyph short.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import re
import unicodedata
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from layout.typeset.punctuation import CLOSING, COMPRESSIBLE, OPENING, is_han

SUPPORTED_WEASYPRINT = ("70.0",)

__all__ = [
    "SUPPORTED_WEASYPRINT",
    "Fit",
    "aligned_wider",
    "compresses",
    "fit",
    "install",
    "spaced_as_cjk",
]

_SPACES = frozenset(" \u00a0")
# Punctuation shared by Chinese and Western text: CJK only in CJK context.
_AMBIGUOUS = frozenset("\u201c\u201d\u2018\u2019\u2014\u2026\u00b7")
# Marks drawn as one unit from two glyphs: no gap between their halves.
_UNSPLITTABLE = frozenset("\u2014\u2026\u2e3a\u2e3b")

_CJK_RANGES = (
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x2E80, 0x2FDF),  # CJK radicals, Kangxi radicals
    (0x2FF0, 0x2FFF),  # ideographic description characters
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3100, 0x312F),  # Bopomofo
    (0x3130, 0x318F),  # Hangul compatibility Jamo
    (0x3190, 0x31FF),  # Kanbun, Bopomofo ext, CJK strokes, Katakana ext
    (0x3200, 0x33FF),  # enclosed CJK, CJK compatibility
    (0x3400, 0x4DBF),  # CJK Ext A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xA960, 0xA97F),  # Hangul Jamo ext A
    (0xAC00, 0xD7FF),  # Hangul syllables, Jamo ext B
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFE10, 0xFE1F),  # vertical forms
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # half-width and full-width forms
    (0x1B000, 0x1B16F),  # kana supplement / extended
    (0x20000, 0x3FFFF),  # CJK Ext B … and compatibility supplement
)


def spaced_as_cjk(ch: str) -> bool:
    """Whether justification may widen the gaps beside ``ch`` as in CJK text: Han, kana,
    Hangul and CJK punctuation. Broader than ``punctuation.is_cjk`` (which decides
    whether a text is Chinese), since Korean and Japanese lines are spaced alike.

    ``“ ” ‘ ’ — … ·`` are not CJK here: they are shared with Western text and
    the justification treats them as CJK only next to CJK text.
    """
    cp = ord(ch)
    if cp < 0x1100:
        return False
    for low, high in _CJK_RANGES:
        if cp < low:
            return False
        if cp <= high:
            return True
    return False


def _is_transparent(ch: str) -> bool:
    """Characters that stay glued to the previous one (marks, ZWJ, VS, SHY …)."""
    return unicodedata.category(ch) in ("Mn", "Me", "Mc", "Cf")


# ---------------------------------------------------------------------------
# Layout side


class _Unit:
    """One visible character (plus trailing marks) of a line."""

    __slots__ = ("box", "char", "cjk", "end", "space_after", "space_before", "start")

    def __init__(self, box, char, end):
        self.box = box  # TextBox, or None for an atomic inline
        self.char = char
        self.end = end  # UTF-8 offset in box.text just after the unit
        self.start = end - len(char.encode())
        self.cjk = spaced_as_cjk(char)
        # px: the Han–Latin space (the margin of its Latin run) before and after it
        self.space_before = self.space_after = 0.0


def _collect(box, units, boxes_module):
    """Append the line's units in logical order; False if unsupported."""
    if box.style["direction"] == "rtl":
        if isinstance(box, boxes_module.LineBox):
            return False  # right-to-left paragraph: WeasyPrint's own algorithm
        # Right-to-left inline content in a left-to-right line: kept as is,
        # like an atomic inline (no opportunity inside or around it).
        units.append(_Unit(None, "\ufffc", 0))
        return True
    if isinstance(box, boxes_module.TextBox):
        offset = 0
        for ch in box.text:
            offset += len(ch.encode())
            if not _is_transparent(ch):
                units.append(_Unit(box, ch, offset))
            elif units and units[-1].box is box:
                units[-1].end = offset
            # else: a format character (ZWSP …) opening a box is nothing to space
        return True
    if isinstance(box, (boxes_module.LineBox, boxes_module.InlineBox)):
        first = len(units)
        done = all(
            _collect(child, units, boxes_module)
            for child in box.children
            if child.is_in_normal_flow()
        )
        if isinstance(box, boxes_module.InlineBox) and len(units) > first:
            classes = _classes(box)
            if AUTOSPACE_START in classes:
                units[first].space_before = box.margin_left
            if AUTOSPACE_END in classes:
                units[-1].space_after = box.margin_right
        return done
    if box.is_in_normal_flow():
        # Atomic inline (image, inline-block): no opportunity around it.
        units.append(_Unit(None, "\ufffc", 0))
    return True


def _resolve_ambiguous(units):
    """Mark ``“”‘’—…·`` as CJK when their nearest clear neighbour is CJK."""
    n = len(units)
    for i, unit in enumerate(units):
        if unit.char not in _AMBIGUOUS:
            continue
        cjk = False
        for step in (-1, 1):
            k = i + step
            while 0 <= k < n and units[k].char in _AMBIGUOUS:
                k += step
            if 0 <= k < n and units[k].char not in _SPACES and spaced_as_cjk(units[k].char):
                cjk = True
                break
        unit.cjk = cjk


def _is_opportunity(before, after):
    if before.box is None or after.box is None:
        return False
    if before.char in _SPACES:
        return True
    if after.char in _SPACES:
        return False
    if before.char == after.char and before.char in _UNSPLITTABLE:
        return False
    if _is_transparent(before.char) or _is_transparent(after.char):
        return False
    return before.cjk or after.cjk


def _units(line, boxes_module):
    """The line's units in logical order, or None for a right-to-left paragraph."""
    units = []
    if not _collect(line, units, boxes_module):
        return None
    _resolve_ambiguous(units)
    return units


def _blank_gaps(units):
    """(gap index, blank) of each compressed mark the line can give its blank back to.

    The blank of an opening mark is before it (gap ``i - 1``), that of a
    closing mark after it. The mark ending the line keeps its compression: its
    blank would only hang past the column edge.
    """
    found = []
    last = len(units) - 1
    for i, unit in enumerate(units):
        if unit.box is None or unit.char not in COMPRESSIBLE:
            continue
        if not compresses(unit.box.style):
            continue
        if unit.start not in _compressed_starts(unit.box.text):
            continue
        if unit.char in _OPENING:
            gap = i - 1
            if gap < 0 or units[gap].box is None:
                continue  # at the line's start, after an image: nothing to widen
        else:
            gap = i
            if gap == last or units[gap + 1].box is None:
                continue
            if units[gap + 1].char in _OPENING:
                continue  # 。“: the blank between them is the opening mark's
        if (blank := _blank(unit.box.style, unit.char)) > 0:
            found.append((gap, blank))
    return found


def _han_latin_gaps(units):
    """(gap index, space) of each Han–Latin space inside the line, which it was broken
    with at its least (the Latin run's margin) and may take as much again."""
    return [
        (k, a.space_after + b.space_before)
        for k, (a, b) in enumerate(itertools.pairwise(units))
        if a.box is not None and b.box is not None and a.space_after + b.space_before > 0
    ]


def _restore(blanks, room):
    """Share ``room`` out over the blanks, equally, none getting more than its own."""
    given = [0.0] * len(blanks)
    order = sorted(range(len(blanks)), key=lambda k: blanks[k][1])
    for rank, k in enumerate(order):
        given[k] = min(blanks[k][1], room / (len(order) - rank))
        room -= given[k]
    return given


def _adjust(context, line, units, extra, justify, create_layout, boxes_module):
    """Give ``extra`` width to the line: compressed marks first, then Han–Latin spaces
    (clreq's order of adjustment, undone), then every gap."""
    natural = line.width
    amounts = {}
    restored = 0.0
    for blanks in (_blank_gaps(units), _han_latin_gaps(units)):
        for (gap, _), amount in zip(blanks, _restore(blanks, extra - restored), strict=True):
            restored += amount
            amounts[gap] = amounts.get(gap, 0.0) + amount
    spacing = 0.0
    if justify:
        opportunities = [
            k for k, (a, b) in enumerate(itertools.pairwise(units)) if _is_opportunity(a, b)
        ]
        if opportunities and extra - restored > 0:
            spacing = (extra - restored) / len(opportunities)
            for k in opportunities:
                amounts[k] = amounts.get(k, 0.0) + spacing
    han_gaps = sum(is_han(a.char) and is_han(b.char) for a, b in itertools.pairwise(units))
    _state.fits[line] = Fit(natural, spacing / line.style["font_size"], han_gaps)
    if not amounts:
        return
    gaps = {}
    for k, amount in amounts.items():
        before, after = units[k], units[k + 1]
        inner, outer = gaps.setdefault(id(before.box), ([], [0.0]))
        if after.box is before.box:
            inner.append((before.end, amount))
        else:
            outer[0] += amount
    x_advance = 0.0
    for child in line.children:
        if child.is_in_normal_flow():
            x_advance = _widen(context, child, gaps, x_advance, create_layout, boxes_module)
    line.width += x_advance


def _widen(context, box, gaps, x_advance, create_layout, boxes_module):
    """Move ``box`` by ``x_advance`` and widen it by its gaps' extra; the new advance."""
    if isinstance(box, boxes_module.TextBox):
        box.position_x += x_advance
        inner, outer = gaps.get(id(box), ((), (0.0,)))
        extra = sum(amount for _, amount in inner) + outer[0]
        if extra:
            if inner:
                layout = create_layout(
                    box.text,
                    box.style,
                    context,
                    max_width=None,
                    justification_spacing=box.justification_spacing,
                )
                layout.deactivate()
                broken = _state.drawn.get(box.pango_layout)
                _state.drawn[layout] = Drawn(tuple(inner), broken.trim if broken else 0.0)
                box.pango_layout = layout
            box.width += extra
            x_advance += extra
    elif isinstance(box, boxes_module.InlineBox):
        box.position_x += x_advance
        previous_x_advance = x_advance
        for child in box.children:
            if child.is_in_normal_flow():
                x_advance = _widen(context, child, gaps, x_advance, create_layout, boxes_module)
        box.width += x_advance - previous_x_advance
    else:
        box.translate(x_advance, 0)
    return x_advance


# ---------------------------------------------------------------------------
# Drawing side


def _widen_glyphs(first_line, gaps, font_size, ffi, to_units):
    """Add each gap's extra to the advance of the glyph closing the gap's cluster.

    ``gaps`` are (UTF-8 offset, extra) pairs. ``draw_first_line`` writes
    ``advance - font width`` as a ``TJ`` number truncated to an integer
    (1/1000 em). The widened advances get half of that unit more, so the
    truncation rounds instead of always losing up to 1/1000 em per widened
    glyph; the layout boxes are not changed.
    """
    bias = round(font_size * to_units / 2000)
    run = first_line.runs
    while run != ffi.NULL:
        glyph_item = ffi.cast("PangoGlyphItem *", run.data)
        run = run.next
        item = glyph_item.item
        glyph_string = glyph_item.glyphs
        glyphs = glyph_string.glyphs
        clusters = glyph_string.log_clusters
        number = glyph_string.num_glyphs
        rtl = item.analysis.level % 2
        for i in range(number):
            start = item.offset + clusters[i]
            if rtl:
                end = item.offset + (item.length if i == 0 else clusters[i - 1])
            else:
                end = item.offset + (item.length if i == number - 1 else clusters[i + 1])
            if end <= start:
                continue  # not the glyph closing its cluster
            extra = sum(amount for gap, amount in gaps if start < gap <= end)
            if extra:
                glyphs[i].geometry.width += round(extra * to_units) + bias


def _narrow_last_glyph(first_line, amount, ffi):
    """Take ``amount`` off the advance of the line's last glyph (its blank half)."""
    last = None
    run = first_line.runs
    while run != ffi.NULL:
        last = ffi.cast("PangoGlyphItem *", run.data)
        run = run.next
    if last is not None and last.glyphs.num_glyphs:
        last.glyphs.glyphs[last.glyphs.num_glyphs - 1].geometry.width -= amount


def _patch_layout(layout_class, ffi, pango, to_units):
    original_reactivate = layout_class.reactivate
    original_set_text = layout_class.set_text
    original_get_first_line = layout_class.get_first_line

    def reactivate(self, style):
        original_reactivate(self, style)
        if (drawn := _state.drawn.get(self)) is not None:
            drawn.pending = True  # only the line drawn right after gets the extra

    def set_text(self, text, justify=False):
        if (drawn := _state.drawn.get(self)) is not None:
            drawn.pending = False
        original_set_text(self, text, justify)
        if compresses(self.style):
            _compress(self, ffi, pango)

    def get_first_line(self):
        first_line, index = original_get_first_line(self)
        if (drawn := _state.drawn.get(self)) is not None and drawn.pending:
            drawn.pending = False
            if drawn.gaps:
                _widen_glyphs(first_line, drawn.gaps, self.style["font_size"], ffi, to_units)
            if drawn.trim:
                _narrow_last_glyph(first_line, round(drawn.trim * to_units), ffi)
        return first_line, index

    for function, original in (
        (reactivate, original_reactivate),
        (set_text, original_set_text),
        (get_first_line, original_get_first_line),
    ):
        function.__wrapped__ = original
        function.__name__ = original.__name__
        function.__doc__ = original.__doc__
        setattr(layout_class, original.__name__, function)


# ---------------------------------------------------------------------------
# Punctuation compression (clreq 3.1.6, 3.5.2: compress before stretching).
#
# In justified Chinese text every compressible mark is shaped half width
# (OpenType ``halt``) when lines are broken, so a line takes every character
# that fits with its punctuation compressed. Aligning the line then gives
# the marks their blanks back, equally, as far as the line has room
# (:func:`_adjust`); only what is left after that spreads the gaps. A line
# that fits with its marks at full width is set as if nothing had been
# compressed; one that does not keeps exactly the compression it needs.

_OPENING = frozenset(OPENING)
_MARKS = re.compile(b"|".join(re.escape(c.encode()) for c in sorted(COMPRESSIBLE)))
_CJK_LANGUAGES = frozenset({"zh", "ja"})
_HALT = b"halt"
_ZWSP = "\u200b".encode()  # the typesetter's break opportunity: no character


def compresses(style) -> bool:
    """Whether text of ``style`` is set with compressed punctuation: justified Chinese."""
    language = (style["lang"] or "").partition("-")[0].lower()
    return style["text_align_all"] == "justify" and language in _CJK_LANGUAGES


def _compress(layout, ffi, pango) -> None:
    """Shape the layout's compressible marks half width, for breaking and drawing alike.

    Which marks: :func:`_compressed`.
    """
    marks = _compressed(layout.text)
    if not marks:
        return
    attributes = pango.pango_layout_get_attributes(layout.layout)
    if attributes == ffi.NULL:
        attributes = ffi.gc(pango.pango_attr_list_new(), pango.pango_attr_list_unref)
    for start, end in marks:
        attribute = pango.pango_attr_font_features_new(_HALT)
        attribute.start_index, attribute.end_index = start, end
        pango.pango_attr_list_insert(attributes, attribute)  # change() would edit shared ones
    pango.pango_layout_set_attributes(layout.layout, attributes)


@functools.lru_cache(maxsize=4096)
def _compressed(text: str) -> tuple[tuple[int, int], ...]:
    """UTF-8 spans of the marks of a text that are shaped half width.

    Every compressible mark is, but an opening mark that starts the text (a line
    or an inline element) or follows a closing mark: its blank is the one clreq
    keeps. One answer for the shaping and for the blanks given back.
    """
    bytestring = text.encode()
    start = 0
    while bytestring.startswith(_ZWSP, start):  # break opportunities before the text
        start += len(_ZWSP)
    return tuple(
        m.span()
        for m in _MARKS.finditer(bytestring)
        if bytestring[m.start() : m.end()].decode() not in _OPENING
        or (m.start() != start and not _after_closing(bytestring, m.start()))
    )


@functools.lru_cache(maxsize=4096)
def _compressed_starts(text: str) -> frozenset[int]:
    return frozenset(start for start, _ in _compressed(text))


def _after_closing(bytestring: bytes, end: int) -> bool:
    """Whether a closing mark ends ``bytestring[:end]``, break opportunities aside."""
    while bytestring.endswith(_ZWSP, 0, end):
        end -= len(_ZWSP)
    last = bytestring[max(0, end - 4) : end].decode(errors="ignore")[-1:]
    return bool(last) and last in CLOSING  # "" is in every string


def _blank(style, char) -> float:
    """Width a compressed ``char`` of ``style`` gave up (0 where its font has no ``halt``).

    Measured once per font and mark: the mark alone, shaped without and with ``halt``.
    """
    table = _state.blanks.setdefault(style.font_config, {})
    key = (
        char,
        tuple(style["font_family"]),
        style["font_size"],
        style["font_weight"],
        style["font_style"],
        style["font_stretch"],
        style["lang"],
        style["font_language_override"],
        style["font_feature_settings"],
        style["font_variant_east_asian"],
    )
    if (blank := table.get(key)) is None:
        assert _state.measure_blank is not None, "install() first"
        blank = table[key] = _state.measure_blank(style, char)
    return blank


def _make_measure_blank(layout_class, original_set_text, line_size, ffi, pango):
    def width(style, char, compressed):
        layout = layout_class(style)
        original_set_text(layout, char)
        if compressed:  # before the line is shaped: Pango only relayouts on a new list
            _compress(layout, ffi, pango)
        return line_size(layout.get_first_line()[0], style)[0]

    def measure_blank(style, char):
        return max(0.0, width(style, char, False) - width(style, char, True))

    return measure_blank


# ---------------------------------------------------------------------------
# Han–Latin spacing (autospace) at line edges.
#
# The typesetter gives a Latin run next to Han text a margin on that side
# (classes ``sp-l`` / ``sp-r``; ⅛ em, which alignment may double). clreq wants
# no such space at the start or end of a line, so before a line is aligned the
# margin of a run that starts or ends the line is removed, and the line
# justified without it.

AUTOSPACE_START, AUTOSPACE_END = "sp-l", "sp-r"


def _classes(box) -> set[str]:
    element = getattr(box, "element", None)
    return set((element.get("class") or "").split()) if element is not None else set()


def _edge_chain(line, boxes_module, first):
    """The inline boxes that start (or end) the line, outermost first."""
    chain, box = [], line
    while isinstance(box, boxes_module.ParentBox) and box.children:
        box = box.children[0] if first else box.children[-1]
        if not isinstance(box, boxes_module.InlineBox):
            break
        chain.append(box)
    return chain


def _trim_autospace(line, boxes_module) -> None:
    start = _edge_chain(line, boxes_module, first=True)
    run = next((b for b in start if AUTOSPACE_START in _classes(b)), None)
    if run is not None and run.margin_left:
        shift, run.margin_left = run.margin_left, 0
        for child in run.children:
            child.translate(-shift)
        following = False
        for box in line.descendants():
            if following and box.is_in_normal_flow() and not _is_within(box, run):
                box.position_x -= shift
            following = following or box is run
        for box in start[: start.index(run)]:
            box.width -= shift
        line.width -= shift
    end = _edge_chain(line, boxes_module, first=False)
    run = next((b for b in end if AUTOSPACE_END in _classes(b)), None)
    if run is not None and run.margin_right:
        shift, run.margin_right = run.margin_right, 0
        for box in end[: end.index(run)]:
            box.width -= shift
        line.width -= shift


def _is_within(box, ancestor) -> bool:
    return any(box is descendant for descendant in ancestor.descendants())


# ---------------------------------------------------------------------------
# Closing punctuation at the end of a justified line is set half width, as
# mainland papers do: its blank half would otherwise show as a short line.

LINE_END_HALF = frozenset("，。、；：？！）》」』〉】〕〗］｝”’")


def _trim_line_end_punctuation(line, boxes_module) -> None:
    chain, box = [], line
    while isinstance(box, boxes_module.ParentBox) and box.children:
        box = box.children[-1]
        if isinstance(box, boxes_module.InlineBox):
            chain.append(box)
    if not isinstance(box, boxes_module.TextBox) or len(box.text) < 2:
        return
    mark, before = box.text[-1], box.text[-2]
    if mark not in LINE_END_HALF or "halt" in _classes(box) or box.pango_layout is None:
        return
    if mark in "”’" and not spaced_as_cjk(before):
        return  # a Latin closing quote has no blank half
    if mark in COMPRESSIBLE and compresses(box.style) and _blank(box.style, mark) > 0:
        return  # shaped half width already
    half = box.style["font_size"] / 2
    box.width -= half
    for inline in chain:
        inline.width -= half
    line.width -= half
    _state.drawn[box.pango_layout] = Drawn((), half)


def _justified(line, last) -> bool:
    align = line.style["text_align_all"]
    if last and line.style["text_align_last"] != "auto":
        align = line.style["text_align_last"]
    return align == "justify"


def _make_text_align(original_text_align, boxes_module, create_layout):
    def text_align(context, line, available_width, last):
        _trim_autospace(line, boxes_module)
        units = _units(line, boxes_module)
        if units is None:  # right to left: WeasyPrint's own alignment
            return original_text_align(context, line, available_width, last)
        justify = _justified(line, last) and line.style["white_space"] in _COLLAPSING
        if justify:
            _trim_line_end_punctuation(line, boxes_module)
        available_width += _state.widening
        if (extra := available_width - line.width) > 0:
            _adjust(context, line, units, extra, justify, create_layout, boxes_module)
        else:
            _state.fits[line] = Fit(line.width, 0.0, 0)
        if justify:
            return 0
        return original_text_align(context, line, available_width, last)

    text_align.__wrapped__ = original_text_align
    return text_align


_COLLAPSING = ("normal", "nowrap", "pre-line")  # white space WeasyPrint justifies


class Fit(NamedTuple):
    """How a line was aligned: its width as broken, and the space added to each gap."""

    natural: float  # px, text indent included
    spread: float  # em of the line's font size
    han_gaps: int  # gaps between two Han characters: where a reader sees the spread

    def looser_than(self, limit: float) -> bool:
        """Whether the line reads as letter-spaced: a line of words with a few Han
        characters may spread its spaces as Latin text does."""
        return self.spread > limit and self.han_gaps >= 4


@dataclass
class Drawn:
    """What a Pango layout draws unlike it was shaped, on the line drawn next."""

    gaps: tuple[tuple[int, float], ...]  # (UTF-8 offset, extra px) of its inner gaps
    trim: float  # px taken off its last glyph: a line-end mark's blank half
    pending: bool = False  # reactivated for drawing, its line not yet taken


@dataclass
class PatchState:
    """All the patch keeps, outside WeasyPrint's objects (which it never extends)."""

    installed: bool = False
    widening: float = 0.0  # px lines are aligned wider than broken (aligned_wider)
    measure_blank: Callable[[Any, str], float] | None = None  # set by install(): blank in px
    fits: weakref.WeakKeyDictionary[Any, Fit] = field(default_factory=weakref.WeakKeyDictionary)
    drawn: weakref.WeakKeyDictionary[Any, Drawn] = field(default_factory=weakref.WeakKeyDictionary)
    blanks: weakref.WeakKeyDictionary[Any, dict[tuple[Any, ...], float]] = field(
        default_factory=weakref.WeakKeyDictionary
    )  # font configuration → (mark, font) → blank px


_state = PatchState()


def fit(line) -> Fit | None:
    """How the line box was aligned; None for a line this module did not align."""
    return _state.fits.get(line)


@contextlib.contextmanager
def aligned_wider(by: float):
    """Lines broken inside are aligned ``by`` px wider than they were broken: a
    paragraph builder breaks a line short this way and still sets it full width."""
    saved, _state.widening = _state.widening, by
    try:
        yield
    finally:
        _state.widening = saved


def install() -> None:
    """Patch WeasyPrint in place (idempotent).

    Raises ``RuntimeError`` if the installed WeasyPrint is not one of
    ``SUPPORTED_WEASYPRINT``: the patch relies on WeasyPrint internals.
    """
    import weasyprint

    version = getattr(weasyprint, "__version__", "unknown")
    if version not in SUPPORTED_WEASYPRINT:
        raise RuntimeError(
            f"layout.render.justify supports WeasyPrint "
            f"{', '.join(SUPPORTED_WEASYPRINT)}, but WeasyPrint {version} is "
            f"installed; pin weasyprint=={SUPPORTED_WEASYPRINT[-1]} or port the patch"
        )
    if _state.installed:
        return

    from weasyprint.formatting_structure import boxes
    from weasyprint.layout import inline
    from weasyprint.text import line_break
    from weasyprint.text.ffi import TO_UNITS, ffi, pango

    _state.measure_blank = _make_measure_blank(
        line_break.Layout, line_break.Layout.set_text, line_break.line_size, ffi, pango
    )
    inline.text_align = _make_text_align(inline.text_align, boxes, line_break.create_layout)
    _patch_layout(line_break.Layout, ffi, pango, TO_UNITS)
    _state.installed = True
