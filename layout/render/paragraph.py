"""Paragraph building for justified Chinese text: breaks chosen over several lines.

WeasyPrint breaks lines one at a time, each as long as it fits. In a column
of eleven characters that is often bad: a unit that may not be split (a
number, 献。 kept with its neighbour so that no character stands alone, a
closing mark) is pushed to the next line, and the line it leaves has one or
two em to spread over ten gaps. A compositor would have broken an earlier
line one character shorter, so that the unit fits where it falls.

:func:`install` replaces the line iterator of WeasyPrint's block layout. For
a justified Chinese paragraph of plain inline text it lays lines out as
WeasyPrint does, but gives each out only when ``BACK`` more follow. When a
line would be spread more than :data:`SEARCH` em per gap, it searches other
breaks from up to ``BACK`` lines before it (a beam over lines, each broken
as long as it fits or one unit shorter, TeX-like demerits) until the ways
of breaking meet again, and lays those lines out again as found. The lines
are WeasyPrint's own, aligned by :mod:`layout.render.justify`; only where
they break changes. Decisions are remembered per paragraph and start,
because column balancing lays the same paragraph out many times.
"""

from __future__ import annotations

import itertools
import weakref

from layout.render import columns, justify

LOOSE = 0.15
"""Extra em per gap above which a line looks letter-spaced (clreq's reader does not)."""
SEARCH = LOOSE - 0.01  # spread that sends the builder looking for other breaks: under
# LOOSE, as the PDF rounds glyph positions to 1/1000 em
BEAM = 3  # line starts kept per line while searching
BACK = 3  # lines before a spread one whose breaks may change
AHEAD = 4  # lines after it, at most, before the search settles for its best
NUDGE = 0.5  # px under a line's width: broken there, its last unit goes down a line

_plans: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _key(skip_stack):
    """A hashable form of WeasyPrint's nested ``{index: skip_stack}`` resume points."""
    if skip_stack is None:
        return None
    return tuple(sorted((index, _key(rest)) for index, rest in skip_stack.items()))


def _demerits(fit, last: bool) -> float:
    """TeX-like cost of a line: every line costs, a spread line much more."""
    if fit is None or last or not fit.han_gaps:
        return 100.0
    badness = 100.0 * (fit.spread / LOOSE) ** 3
    return (10.0 + badness) ** 2


def _plain(box, boxes_module) -> bool:
    """Only text and inline boxes in the paragraph: every line has the same width."""
    return all(
        isinstance(child, boxes_module.TextBox | boxes_module.InlineBox)
        and child.is_in_normal_flow()
        and _plain(child, boxes_module)
        for child in getattr(box, "children", ())
    )


def _make_iter_line_boxes(original, inline, boxes_module):
    def line_at(context, box, state, width, indent, args):
        """One line from ``state`` broken in ``width`` px, aligned to the full width."""
        position_y, bottom_space, containing_block, absolute, fixed = args
        box.text_indent = indent if state is None else 0
        full = containing_block.width
        containing_block.width = width
        try:
            with justify.aligned_wider(full - width):
                return inline.get_next_linebox(
                    context, box, position_y, bottom_space, state, containing_block,
                    absolute, fixed, None, None,
                )  # fmt: skip
        finally:
            containing_block.width = full

    def options(context, box, state, indent, args, full):
        """(width, next line start, cost) of the line from ``state``: as long as it
        fits, and one unit shorter."""
        line, resume = line_at(context, box, state, full, indent, args)
        if line is None:
            return []
        fit = justify.fit(line)
        found = [(full, resume, _demerits(fit, resume is None))]
        if resume is not None and fit is not None and fit.natural > NUDGE:
            narrow = fit.natural - NUDGE
            line, rest = line_at(context, box, state, narrow, indent, args)
            if line is not None and rest is not None and _key(rest) != _key(resume):
                found.append((narrow, rest, _demerits(justify.fit(line), False)))
        return found

    def search(context, box, start, indent, args, full, past):
        """Line widths by line start, from ``start`` to where the ways of breaking
        meet again (at least ``past`` lines on), that cost least."""
        beam = {_key(start): (0.0, start, {})}
        finished = []
        for depth in itertools.count(1):
            grown = {}
            for cost, state, plan in sorted(beam.values(), key=lambda b: b[0])[:BEAM]:
                for width, rest, demerits in options(context, box, state, indent, args, full):
                    total = cost + demerits
                    step = {**plan, _key(state): width}
                    if rest is None:
                        finished.append((total, step))
                    elif (key := _key(rest)) not in grown or grown[key][0] > total:
                        grown[key] = (total, rest, step)
            beam = grown
            if not beam or (depth > past and (len(beam) == 1 or depth > past + AHEAD)):
                break
        ways = finished + [(total, step) for total, _, step in beam.values()]
        return min(ways, key=lambda way: way[0])[1]

    def iter_line_boxes(
        context, box, position_y, bottom_space, skip_stack, containing_block,
        absolute_boxes, fixed_boxes, first_letter_style, first_line_style,
    ):  # fmt: skip
        eligible = (
            first_letter_style is None
            and first_line_style is None
            and not context.excluded_shapes
            and justify.compresses(box.style)
            and _plain(box, boxes_module)
        )
        if not eligible:
            yield from original(
                context, box, position_y, bottom_space, skip_stack, containing_block,
                absolute_boxes, fixed_boxes, first_letter_style, first_line_style,
            )  # fmt: skip
            return
        inline.resolve_percentages(box, containing_block)
        if skip_stack is None:
            inline.resolve_one_percentage(box, "text_indent", containing_block.width)
        indent = box.text_indent
        full = containing_block.width
        plan = _plans.setdefault(box, {}).setdefault((_key(skip_stack), full, indent), {})
        # Lines wait BACK deep before they are given out: a search may still change them.
        waiting: list[tuple[object, float, object, object]] = []
        state, y = skip_stack, position_y
        while True:
            args = (y, bottom_space, containing_block, absolute_boxes, fixed_boxes)
            line, resume_at = line_at(
                context, box, state, plan.get(_key(state), full), indent, args
            )
            if line is None:
                break
            fit = justify.fit(line)
            if (
                resume_at is not None
                and fit is not None
                and fit.looser_than(SEARCH)
                and _key(state) not in plan
            ):
                start, y = waiting[0][:2] if waiting else (state, y)
                past = len(waiting) + 1
                plan.update(search(context, box, start, indent, args, full, past))
                plan.setdefault(_key(state), full)  # searched: never again from here
                waiting, state = [], start
                continue
            inline.handle_leader(context, line, containing_block)
            waiting.append((state, y, line, resume_at))
            y = line.position_y + line.height
            if len(waiting) > BACK:
                yield waiting.pop(0)[2:]
            if resume_at is None:
                break
            state = resume_at
        for _, _, line, resume_at in waiting:
            yield line, resume_at

    iter_line_boxes.__wrapped__ = original
    return iter_line_boxes


_installed = False


def install() -> None:
    """Patch WeasyPrint's block layout, its inline layout (:func:`justify.install`) and
    its fixed-height columns (:func:`columns.install`).

    Idempotent; raises ``RuntimeError`` where :func:`justify.install` does."""
    global _installed
    justify.install()
    columns.install()
    if _installed:
        return
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout import block, inline

    block.iter_line_boxes = _make_iter_line_boxes(block.iter_line_boxes, inline, boxes)
    _installed = True
