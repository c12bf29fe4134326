"""Text fidelity: every character of an article reaches its module, in order.

Typesetting adds markup (spans for punctuation compression, Han–Latin
spacing, headline phrases) and the justification patch changes glyph
advances; a mistake in any of them can drop or swap characters silently.
The module's text boxes, read in layout order, must contain the article's
``text`` with nothing missing. Extra text (captions, credits) is allowed;
overset text counts as laid out, it has its own finding.
"""

from __future__ import annotations

from layout.check.findings import Finding, Severity, clipped, quoted
from layout.render.layout_tree import Box, TextBox, marked, walk
from layout.typeset.article import TypesetArticle
from layout.typeset.body import normalized

CONTEXT = 10  # characters shown on each side of a difference
SHOWN = 20  # longest run of missing or replacing characters shown in the message


SKIP = 2000  # characters of other text (captions, a section banner) between two of an article
ANCHOR = 8  # characters that must agree again after a difference


def laid_out_text(page_box: Box) -> dict[str, str]:
    """Each module's normalized text, in layout order, by manifest key."""
    modules: dict[str, Box] = {}
    for box in walk(page_box):
        mark = marked(box)
        if mark and mark[1] == "module" and mark[0] not in modules:
            modules[mark[0]] = box
    return {
        key: normalized("".join(b.text for b in walk(box) if isinstance(b, TextBox)))
        for key, box in modules.items()
    }


def fidelity_findings(page: int, page_box: Box, articles: list[TypesetArticle]) -> list[Finding]:
    laid = laid_out_text(page_box)
    findings = []
    for article in articles:
        expected = normalized(article.text)
        difference = first_missing(expected, laid.get(article.key, ""))
        if difference is None:
            continue
        offset, missing, found = difference
        before = expected[max(0, offset - CONTEXT) : offset]
        after = expected[offset + len(missing) : offset + len(missing) + CONTEXT]
        shown = f"the page has {quoted(clipped(found, SHOWN))}" if found else "not on the page"
        findings.append(
            Finding(
                page=page,
                severity=Severity.ERROR,
                code="text-mismatch",
                key=article.key,
                headline=article.headline_plain,
                message=(
                    f"text differs at character {offset + 1}: {quoted(clipped(missing, SHOWN))} "
                    f"{shown} (in {quoted(f'{before}[{clipped(missing, SHOWN)}]{after}')})"
                ),
                details={
                    "offset": offset,
                    "missing": len(missing),
                    "expected": missing,
                    "found": found,
                    "before": before,
                    "after": after,
                },
            )
        )
    return findings


def first_missing(expected: str, laid: str) -> tuple[int, str, str] | None:
    """Offset in ``expected`` of its first characters missing from ``laid``, those
    characters, and what stands there instead; text the page has besides (a caption
    between paragraphs) is no difference.

    Each character is looked for in order within SKIP characters of the last one,
    and after a miss the two are brought back together on an ANCHOR of characters
    that agree: linear in the text's length, where a diff takes minutes on a long body.
    """
    position = 0
    for offset, char in enumerate(expected):
        found = laid.find(char, position, position + SKIP)
        if found >= 0:
            position = found + 1
            continue
        for skipped in range(1, SKIP):
            anchor = expected[offset + skipped : offset + skipped + ANCHOR]
            if not anchor:
                return offset, expected[offset:], laid[position : position + SKIP]
            again = laid.find(anchor, position, position + SKIP + len(anchor))
            if again >= 0:
                return offset, expected[offset : offset + skipped], laid[position:again]
        return offset, expected[offset : offset + SKIP], laid[position : position + SKIP]
    return None
