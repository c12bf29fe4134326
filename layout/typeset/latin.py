"""Typographic punctuation for Latin text, from what was typed (Pandoc's ``smart``).

Curly quotes come from markdown-it's ``smartquotes`` rule, which knows an
apostrophe from a quote and leaves code alone. Its ``replacements`` rule is
not used: it would also turn ``(c)`` into © and ``+-`` into ±, characters
the editor did not write. Here only what Pandoc does is added, ``---`` → —,
``--`` → –, ``...`` → …, and a straight apostrophe left over (``'90s``)
becomes ’. Nothing changes inside a link, code or a web address.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore, smartquotes
from markdown_it.token import Token

_ADDRESS = re.compile(r"(\S*://\S*|www\.\S+|\S+@\S+\.\S+)")
_REPLACEMENTS = (
    (re.compile(r"(?<!-)---(?!-)"), "\u2014"),
    (re.compile(r"(?<!-)--(?!-)"), "\u2013"),
    (re.compile(r"(?<!\.)\.\.\.(?!\.)"), "\u2026"),
    (re.compile(r"'"), "\u2019"),  # what smartquotes left: an apostrophe ('90s, rock 'n')
)


def _replace(text: str) -> str:
    pieces = _ADDRESS.split(text)
    for index in range(0, len(pieces), 2):  # odd pieces are addresses
        for pattern, mark in _REPLACEMENTS:
            pieces[index] = pattern.sub(mark, pieces[index])
    return "".join(pieces)


def _dashes_and_ellipses(state: StateCore) -> None:
    """Core rule, after ``smartquotes``: Pandoc's dashes and ellipses in text tokens."""
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        links = 0
        for token in block.children:
            if token.type == "link_open":
                links += 1
            elif token.type == "link_close":
                links -= 1
            elif token.type == "text" and not links:
                token.content = _replace(token.content)


def install(md: MarkdownIt) -> MarkdownIt:
    """``md`` with smart quotes, dashes and ellipses (its options' ``quotes``)."""
    md.options["typographer"] = True
    md.enable("smartquotes")
    md.core.ruler.after("smartquotes", "latin_dashes", _dashes_and_ellipses)
    return md


_TEXT = install(MarkdownIt("commonmark", {"html": False}))


def smart(text: str) -> str:
    """Typographic punctuation in one line of plain text (a headline, a caption)."""
    state = StateCore(text, _TEXT, {})
    child = Token("text", "", 0, content=text)
    state.tokens = [Token("inline", "", 0, content=text, children=[child])]
    smartquotes(state)
    _dashes_and_ellipses(state)
    return child.content
