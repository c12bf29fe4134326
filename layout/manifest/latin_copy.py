"""How a page of Latin-script copy (English, a newsletter) is read by the importer.

The Chinese rules of :mod:`layout.manifest.importer` look for 记者 bylines,
本报讯 leads and headline phrases joined by U+3000. Latin copy has its own
shapes: ``By Maria Lopez`` (or ``— By …``, ``Story by …``) on a line of its
own, a dateline in capitals before a dash (``RIVERSIDE —``), and a headline
line whose deck follows after two spaces. Nothing here adds a character the
copy did not have.
"""

from __future__ import annotations

import re

_ROLE = r"(?:[Ss]tory|[Ww]ords|[Tt]ext|[Rr]eporting|[Pp]hotos?|[Ii]nterview)\s+by|By|BY"
_NAME = r"[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|da|van|von|der|del|la|le|bin|al))*"
_BYLINE = re.compile(
    rf"(?:[—–-]{{1,2}}\s*)?(?P<role>{_ROLE})[:\s]\s*"
    rf"(?P<names>{_NAME}(?:(?:\s*,\s*|\s*&\s*|\s+and\s+)(?:{_NAME}))*)"
)
_NAME_SEPARATOR = re.compile(r"\s*,\s*(?:and\s+)?|\s*&\s*|\s+and\s+")
_DATELINE = re.compile(
    r"(?P<lead>[A-Z][A-Z'’.-]+(?:[ ,]+(?:[A-Z][A-Z'’.-]+|[A-Z][a-z]{2,8}\.?|\d{1,2}))*"
    r"(?:\s*(?:—|–|--)\s+|\s+(?:—|–|--)\s*))(?=\S)"
)
_DECK = re.compile(r" {2,}|\t+")
_MAX_BYLINE = 80  # characters: a longer line is a sentence, not a byline


def split_headline(text: str) -> tuple[str, str | None]:
    """``Headline  Deck`` → (headline, deck) at the first run of two spaces or a tab.

    Only spaces at the split and at the ends are dropped: every word stays as
    written, and a deck of several runs is joined by one space each.
    """
    parts = [part.strip() for part in _DECK.split(text.strip()) if part.strip()]
    if not parts:
        return "", None
    return parts[0], " ".join(parts[1:]) or None


def parse_byline(text: str) -> list[tuple[str, list[str]]] | None:
    """``By Maria Lopez and Tom Whitaker`` → [("By", [names])]; None if not a byline.

    The role is kept as written (``By``, ``Story by``) since the template sets it
    before the names; a leading dash is not part of it.
    """
    text = " ".join(text.split())
    if len(text) > _MAX_BYLINE:
        return None
    match = _BYLINE.fullmatch(text)
    if match is None:
        return None
    role = "By" if match["role"] == "BY" else match["role"]
    return [(role, [name for name in _NAME_SEPARATOR.split(match["names"]) if name])]


def take_lead(text: str) -> tuple[str | None, str]:
    """Split a dateline (``RIVERSIDE —``, ``OAKFIELD, March 12 —``) off the text."""
    match = _DATELINE.match(text)
    if match is None:
        return None, text
    return match["lead"].strip(), text[match.end() :]


_CREDIT = re.compile(
    r"(?:^|(?<=[.!?”\"’)])\s+|\s+[—–-]+\s*|\s*\(\s*)"
    r"(?P<credit>(?:Photo(?:graph)?s?|Picture|Image|Illustration)(?:\s+by|:)\s+(?:[^().!?]|(?<=\b[A-Z])\.){2,60}?)"
    r"\s*\)?$"
)


def split_credit(text: str) -> tuple[str | None, str | None]:
    """``Walkers on the bridge. Photo by Daniel Fry`` → caption and credit; the
    credit (``Photo by …``, ``Photo: …``, in brackets or after a dash) ends the text."""
    text = text.strip()
    match = _CREDIT.search(text)
    if match is None:
        return text or None, None
    return text[: match.start()].rstrip(" —–-(") or None, match["credit"]


def join(left: str, right: str) -> str:
    """Two lines of one paragraph: a space between, none after a word's hyphen."""
    if left.endswith("-") and left[-2:-1].isalpha():
        return left + right
    return f"{left} {right}"
