"""Headline phrases: the only places a Chinese headline may break.

Editors mark the break points of a headline with spaces between phrases
("持续推进“高效办成一件事” 推动全区政务服务提质增效"); on the page the phrases
are separated by about one em of space and a phrase is broken only when it is
wider than the line itself.
"""

import html
import re

from layout.typeset.punctuation import is_chinese

_SEPARATOR = re.compile("[ \u3000]+")


def headline_lines(text: str) -> list[str]:
    """The headline's phrases: candidate lines, split at runs of ASCII or U+3000 spaces."""
    return [phrase for phrase in _SEPARATOR.split(text) if phrase]


def headline_text(text: str) -> str:
    """The headline as the PDF shows it: phrases joined by one U+3000 (a space in Latin text)."""
    separator = "\u3000" if is_chinese(text) else " "
    return separator.join(headline_lines(text))


def headline_html(text: str) -> str:
    """Escaped headline HTML that can only break between phrases.

    Each phrase is a ``<span class="phrase">`` (styled as an inline block no
    wider than the line, so it breaks only if it cannot fit) and phrases are
    joined by an ASCII space, which the template widens with ``word-spacing``:
    unlike U+3000 it disappears where the line breaks, keeping lines centred.
    A headline of a single phrase is returned as plain escaped text.

    Curly quotes are wrapped in ``<span class="quote">``: Kai faces such as
    LXGW WenKai draw them proportional, and the template can take them from
    a face whose quotes are full-width.
    """
    phrases = [_quotes_marked(html.escape(phrase, quote=False)) for phrase in headline_lines(text)]
    if len(phrases) == 1:
        return phrases[0]
    return " ".join(f'<span class="phrase">{phrase}</span>' for phrase in phrases)


def _quotes_marked(escaped: str) -> str:
    return re.sub("[“”‘’]", lambda m: f'<span class="quote">{m[0]}</span>', escaped)
