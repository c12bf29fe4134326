"""Multi-column bodies of a fixed height laid out once, not three times.

The final pass gives every body the height the compositor counted and
``column-fill: auto``. WeasyPrint 70's ``columns_layout`` still runs its
balancing loop for such a box: a trial rendering of the columns, and for
each column the whole rest of the body laid out again at an unbounded height
(only to learn how much the next box would need, which only balancing
uses), before the columns are laid out for real. For a fixed-height
``auto`` box the loop always ends after its first trial, at the full
height, whatever the trial found; so :func:`install` lets that trial render
nothing, and the columns are laid out once. A page's bodies cost a third as
much, and its PDF stays byte for byte what WeasyPrint makes (tested).

The shortcut is taken only where the trial cannot leave anything behind
for the real rendering: no ``column-span: all`` child (the loop then runs
per group), no float inside (a trial's floats stay in the layout's excluded
shapes) and no footnotes on the page (a trial's footnotes change the height).
"""

from __future__ import annotations

from typing import Any

_skip_trial = False  # the next column laid out is the trial's first: render nothing


def _fixed_height_auto(context: Any, box: Any) -> bool:
    style = box.style
    height = style["height"]
    return (
        style["column_fill"] == "auto"
        and height != "auto"
        and height.unit == "px"
        and not context.current_page_footnotes
        and context.current_footnote_area.height == "auto"
        and all(child.style["column_span"] != "all" for child in box.children)
        and not _floats(box)
    )


def _floats(box: Any) -> bool:
    return any(
        child.style["float"] != "none" or _floats(child) for child in getattr(box, "children", ())
    )


def install() -> None:
    """Patch WeasyPrint's block layout (idempotent)."""
    from weasyprint.layout import block

    if getattr(block.columns_layout, "__wrapped__", None) is not None:
        return
    original_columns, original_block = block.columns_layout, block.block_box_layout

    def columns_layout(context: Any, box: Any, *args: Any) -> Any:
        global _skip_trial
        _skip_trial = _fixed_height_auto(context, box)
        try:
            return original_columns(context, box, *args)
        finally:
            _skip_trial = False

    def block_box_layout(context: Any, box: Any, *args: Any, **keywords: Any) -> Any:
        global _skip_trial
        if _skip_trial and box.is_column:
            # The trial's first column, the first block laid out inside: empty, it
            # ends the trial ("everything fits"), which at the full height it would.
            _skip_trial = False
            return box.copy_with_children([]), None, {"break": "any", "page": None}, [], False, None
        return original_block(context, box, *args, **keywords)

    columns_layout.__wrapped__ = original_columns  # type: ignore[attr-defined]
    block.columns_layout = columns_layout
    block.block_box_layout = block_box_layout
