"""Page composition (组版): from measured articles to modules placed on the grid.

A pure stage between typesetting and rendering. The renderer measures each
article once (``layout.render.measure``) into an :class:`ArticleShape`; a
strategy arranges the page's items into a :class:`Composition`; the
renderer then sets each module in the rectangle it was given. Strategies
are swappable (a ``Compositor``); the one in use is the exact guillotine
search of :mod:`layout.compose.guillotine`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from layout.compose.air import settle_headlines
from layout.compose.guillotine import CompositionError
from layout.compose.guillotine import compose as guillotine
from layout.compose.levers import Levers
from layout.compose.model import (
    LOOSER,
    SPACED,
    TIGHTER,
    ArticleShape,
    Composition,
    Frame,
    HeaderFit,
    Ink,
    Item,
    ModuleLayout,
    PhotoLayout,
    PhotoShape,
    Placement,
    SectionShape,
)


class Compositor(Protocol):
    def __call__(self, items: Sequence[Item], frame: Frame, levers: Levers) -> Composition: ...


strategy: Compositor = guillotine


def compose(items: Sequence[Item], frame: Frame, levers: Levers) -> Composition:
    """The page's composition by the strategy in use, each headline settled in its header."""
    return settle_headlines(strategy(items, frame, levers), frame)


__all__ = [
    "LOOSER",
    "SPACED",
    "TIGHTER",
    "ArticleShape",
    "Composition",
    "CompositionError",
    "Compositor",
    "Frame",
    "HeaderFit",
    "Ink",
    "Item",
    "Levers",
    "ModuleLayout",
    "PhotoLayout",
    "PhotoShape",
    "Placement",
    "SectionShape",
    "compose",
]
