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

from layout.compose.model import Composition, Frame, ModuleLayout


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
    """Split the header's slack so the white above (empty foot over it, the line between,
    this space) and below (the rest of the slack) are as short as they can both be."""
    assert module.header is not None
    slack = max(0.0, (module.header.lines + module.air) * frame.pitch - module.header.height)
    place = module.placement
    feet = [
        other.feet[column - other.placement.column]
        for other in modules
        if other.placement.bottom == place.top and other.feet
        for column in range(place.column, place.column + place.columns)
        if other.placement.column <= column < other.placement.column + other.placement.columns
    ]
    above = (max(feet) + 1) * frame.pitch if feet else 0.0
    return min(slack, max(0.0, (slack - above) / 2))
