"""Loose lines: justified lines whose characters were spread apart.

Lines are broken with their punctuation compressed and whole paragraphs at a
time (:mod:`layout.render.paragraph`), so a line is only spread more than
:data:`~layout.render.paragraph.LOOSE` em between its characters when nothing
else was possible: mostly a number or Latin word that may not be broken. A
proofreader circles such a line, so each one is reported, with its text.
"""

from __future__ import annotations

from layout.check.findings import Finding, Severity, quoted
from layout.render.justify import fit
from layout.render.layout_tree import Box, LineBox, TextBox, part_boxes, walk
from layout.render.paragraph import LOOSE
from layout.typeset.punctuation import is_chinese

SHOWN = 3  # lines quoted in a message


def loose_lines(box: Box) -> list[tuple[str, float]]:
    """(text, em added per gap) of every line in ``box`` spread more than LOOSE
    between (at least four pairs of) Han characters."""
    found = []
    for line in walk(box):
        if isinstance(line, LineBox) and (line_fit := fit(line)) and line_fit.looser_than(LOOSE):
            text = "".join(t.text for t in walk(line) if isinstance(t, TextBox))
            found.append((text.replace("\u200b", "").strip(), line_fit.spread))
    return found


def spacing_findings(page: int, page_box: Box, titles: dict[str, str]) -> list[Finding]:
    modules = {key: box for (key, part), box in part_boxes(page_box).items() if part == "module"}
    findings = []
    for key, box in modules.items():
        if not (lines := loose_lines(box)):
            continue
        shown = [text for text, _ in lines[:SHOWN]]
        listed = ("、" if any(is_chinese(t) for t in shown) else ", ").join(map(quoted, shown))
        more = f" and {len(lines) - SHOWN} more" if len(lines) > SHOWN else ""
        count = f"{len(lines)} line{'s' if len(lines) > 1 else ''}"
        findings.append(
            Finding(
                page=page,
                severity=Severity.WARNING,
                code="loose-lines",
                key=key,
                headline=titles.get(key),
                message=(
                    f"{count} spaced out more than {LOOSE} em between characters: "
                    f"{listed}{more} (a number or word that cannot be broken?)"
                ),
                details={
                    "lines": [text for text, _ in lines],
                    "spread": [round(s, 3) for _, s in lines],
                },
            )
        )
    return findings
