"""Half-width → full-width punctuation in Chinese text (GB/T 15834).

Scanned or web copy often carries ASCII ``, ; ( )`` between Han characters;
a printed Chinese page needs ``，；（）``. Numbers (1,000 3.5 12:30), URLs and
Latin phrases keep their ASCII punctuation: their marks sit between ASCII
characters, so they are never in Chinese context; abbreviations, Markdown
link targets and apostrophes, which can touch Han, are protected explicitly.
"""

import re
from dataclasses import dataclass

OPENING = "“‘（《〈「『【〔〖［｛"
"""Full-width punctuation whose blank half is on the left (mainland fonts)."""
CLOSING = "”’）》〉」』】〕〗］｝，。、；：？！"
"""Full-width punctuation whose blank half is on the right (mainland fonts)."""
DASHES = "—―…⋯"
"""Two-em marks (破折号, 省略号): never compressed, never split."""
CJK_PUNCT = OPENING + CLOSING + DASHES + "·～"
COMPRESSIBLE = frozenset(OPENING + CLOSING) - frozenset("？！")
"""Marks whose blank half justified text may take away: not ？！ (centred in many
fonts), dashes, ellipses or ·."""

_QUOTES = "\"'“”‘’"
_SINGLE = {",": "，", ".": "。", ";": "；", ":": "：", "?": "？", "!": "！"}
_PAIRS = {"(": ("（", "）"), ")": ("（", "）"), '"': ("“", "”"), "'": ("‘", "’")}
_CONTEXT = 4

_PROTECTED = [
    re.compile(
        r"(?<![A-Za-z])(?:[A-Za-z]|Mr|Mrs|Ms|Dr|Jr|Sr|St|Prof|Inc|Ltd|Co|Corp|No|Vol|vs|etc)\.",
        re.IGNORECASE,
    ),  # abbreviations and initials: e.g. / Jr. / J. K.
    re.compile(r"\.{2,}"),  # ASCII ellipsis: left for the editor, not turned into 。。。
    re.compile(r"\]\([^()\s]*\)"),  # Markdown link destination
    re.compile(r"!(?=\[[^\]]*\]\()"),  # Markdown image: the ! of ![alt](src)
    re.compile(r"(?<=[A-Za-z0-9])'(?=[A-Za-z])"),  # apostrophe: Xi'an, I'm, 90's
]


@dataclass(frozen=True)
class PunctuationChange:
    """One replaced mark, with surrounding original text for the build report."""

    offset: int
    old: str
    new: str
    context: str


def is_han(ch: str) -> bool:
    """Han ideograph (CJK Unified Ideographs, extensions, compatibility, 〇)."""
    cp = ord(ch)
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0xF900 <= cp <= 0xFAFF
        or 0x20000 <= cp <= 0x323AF
        or cp == 0x3007
    )


def is_cjk(ch: str) -> bool:
    """Han character or full-width punctuation: what makes a context Chinese."""
    return is_han(ch) or ch in CJK_PUNCT


SHARED = "“”‘’—―…⋯·"
"""Marks English sets too: they alone do not make a text Chinese."""


def is_chinese(text: str) -> bool:
    """Whether the text reads as Chinese: it has a Han character or a mark only Chinese uses."""
    return any(is_cjk(ch) and ch not in SHARED for ch in text)


def to_fullwidth(text: str) -> tuple[str, list["PunctuationChange"]]:
    """Replace half-width punctuation standing in Chinese context by full-width marks.

    A mark is in Chinese context when the nearest significant character on
    either side is Han or full-width punctuation (spaces, quotes and other
    candidate marks are looked through). Parentheses and quotes are decided
    per pair, so both halves of a pair always change together.
    """
    protected = _protected_offsets(text)
    candidates = [
        i for i, ch in enumerate(text) if (ch in _SINGLE or ch in _PAIRS) and i not in protected
    ]
    skip = set(candidates)

    def chinese(i: int) -> bool:
        return _is_cjk_near(text, i, -1, skip) or _is_cjk_near(text, i, 1, skip)

    new = {i: _SINGLE[text[i]] for i in candidates if text[i] in _SINGLE and chinese(i)}
    for pair in _pairs(text, candidates):
        if any(chinese(i) for i in pair):
            for i in pair:
                new[i] = _pair_char(text, i, pair)

    out = list(text)
    changes = []
    for i in sorted(new):
        out[i] = new[i]
        context = text[max(0, i - _CONTEXT) : i + _CONTEXT + 1]
        changes.append(PunctuationChange(i, text[i], new[i], context))
    return "".join(out), changes


def _protected_offsets(text: str) -> set[int]:
    """Offsets of marks that must stay ASCII whatever their context."""
    return {i for rx in _PROTECTED for m in rx.finditer(text) for i in range(m.start(), m.end())}


def _is_cjk_near(text: str, i: int, step: int, skip: set[int]) -> bool:
    """Whether the nearest significant character from ``i`` in direction ``step`` is CJK."""
    j = i + step
    while 0 <= j < len(text) and (text[j].isspace() or text[j] in _QUOTES or j in skip):
        j += step
    return 0 <= j < len(text) and is_cjk(text[j])


def _pairs(text: str, candidates: list[int]) -> list[tuple[int, ...]]:
    """Group parentheses and quotes into matched pairs (or lone marks).

    Quote direction: opening after start, space, or opening punctuation;
    otherwise closing when a quote of that kind is open, else opening.
    Open quotes are forgotten at a blank line (paragraph boundary).
    """
    groups: list[tuple[int, ...]] = []
    stacks: dict[str, list[int]] = {"(": [], '"': [], "'": []}
    last = 0
    for i in candidates:
        ch = text[i]
        if ch not in _PAIRS:
            continue
        if "\n\n" in text[last:i].replace(" ", ""):
            for key in ('"', "'"):
                groups.extend((j,) for j in stacks[key])
                stacks[key] = []
        last = i
        key = "(" if ch in "()" else ch
        stack = stacks[key]
        if ch == "(" or (ch in "\"'" and _opens(text, i, bool(stack))):
            stack.append(i)
        elif stack:
            groups.append((stack.pop(), i))
        else:
            groups.append((i,))
    groups.extend((j,) for stack in stacks.values() for j in stack)
    return groups


def _opens(text: str, i: int, inside: bool) -> bool:
    """Whether a straight quote at ``i`` opens (see :func:`_pairs`)."""
    prev = text[i - 1] if i else ""
    return not prev or prev.isspace() or prev in OPENING or prev in "([{" or not inside


def _pair_char(text: str, i: int, pair: tuple[int, ...]) -> str:
    """Full-width replacement for a paired mark: first of a pair opens, second closes."""
    opening, closing = _PAIRS[text[i]]
    if len(pair) == 2:
        return opening if i == pair[0] else closing
    if text[i] in "()":
        return opening if text[i] == "(" else closing
    return opening if _opens(text, i, False) or is_han(text[i - 1]) else closing
