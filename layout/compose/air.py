"""Where a headline sits in the lines its header was given.

A header has whole lines; the headline block is shorter, and centred in
them the space above it joins the empty foot of the module over it and the
line between the two into one white band. A band taller than about three
and a half lines reads as a hole. So the space goes where the columns
above are fullest: above the headline under a full module, below it under
one whose columns end short.
"""

from __future__ import annotations

import dataclasses

from layout.compose.model import Composition, Frame, ModuleLayout, column_ink


def settle_headlines(composition: Composition, frame: Frame) -> Composition:
    """The composition with each headline's space above it (``header_top``) decided."""
    modules = composition.modules
    settled = tuple(
        dataclasses.replace(m, header_top=_space_above(m, modules, frame))
        if m.header is not None
        else m
        for m in modules
    )
    return dataclasses.replace(composition, modules=settled)


def _space_above(module: ModuleLayout, modules: tuple[ModuleLayout, ...], frame: Frame) -> float:
    """Split the header's slack so that in every column its headline reaches the white
    above (empty foot over it, the line between, this space, the block's own space over
    its first line there) and below (the rest) are as short as they can all be."""
    header = module.header
    assert header is not None
    slack = max(0.0, (header.lines + module.air) * frame.pitch - header.height)
    place = module.placement
    above, below = 0.0, 0.0
    for column, ink in enumerate(column_ink(header, frame, place.columns), start=place.column):
        if ink is None:
            continue
        feet = [
            other.feet[column - other.placement.column]
            for other in modules
            if other.placement.bottom == place.top
            and other.feet
            and other.placement.column <= column < other.placement.column + other.placement.columns
        ]
        over = (max(feet) + 1) * frame.pitch if feet else 0.0
        above = max(above, over + ink[0])
        below = max(below, header.height - ink[1])
    return min(slack, max(0.0, (slack + below - above) / 2))
