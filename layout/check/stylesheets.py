"""What WeasyPrint ignores in a template set's stylesheets, where it is written.

WeasyPrint drops a declaration it cannot use (a misspelt property, an
invalid value, a stylesheet or font it may not fetch) with a log line and
goes on, so a designer's mistake would change the page without a word.
Each stylesheet is parsed on its own here, so every such line gets its file.
"""

from __future__ import annotations

import logging
import re
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from weasyprint import CSS

from layout.check.findings import Finding, Severity
from layout.render.fetcher import FolderFetcher, Reads, file_digest, recorded_reads

_AT = re.compile(r"^(?P<what>.*?) at (?P<line>\d+):(?P<column>\d+), (?P<why>.*?)\.?$", re.S)


def stylesheet_findings(sheets: list[Path], folders: list[Path]) -> list[Finding]:
    """A warning for everything WeasyPrint would ignore in these stylesheets."""
    return [
        Finding(0, Severity.WARNING, "stylesheet", None, None, _located(sheet, message))
        for sheet in sheets
        for message in _messages(sheet, tuple(folders))
    ]


SHEETS_KEPT = 64  # a few template sets' sheets: a server checks the same ones every build
# by stylesheet and folders: what WeasyPrint said, and the files it read then
_said: OrderedDict[tuple[Path, tuple[Path, ...]], tuple[tuple[str, ...], Reads]] = OrderedDict()


def _messages(sheet: Path, folders: tuple[Path, ...]) -> tuple[str, ...]:
    """What WeasyPrint says of a stylesheet: parsed again only when it or a file it
    imports changed (a running ``newsprint serve`` checks the set at every build)."""
    known = _said.get((sheet, folders))
    if known is not None and all(file_digest(path) == d for path, d in known[1].items()):
        _said.move_to_end((sheet, folders))
        return known[0]
    digest = file_digest(sheet)  # before WeasyPrint reads it: a change meanwhile shows
    with recorded_reads() as reads, _logged() as messages:
        try:
            CSS(filename=sheet, url_fetcher=FolderFetcher(list(folders)))
        except (OSError, ValueError) as error:
            messages.append(f"cannot be read: {error}")
    said = tuple(messages)
    _said[sheet, folders] = (said, {**reads, sheet: digest})
    _said.move_to_end((sheet, folders))
    while len(_said) > SHEETS_KEPT:
        _said.popitem(last=False)
    return said


def _located(sheet: Path, message: str) -> str:
    if match := _AT.match(message):
        what = match["what"][0].lower() + match["what"][1:]
        return f"{sheet}:{match['line']}:{match['column']}: {what}, {match['why']}"
    return f"{sheet}: {message[0].lower() + message[1:]}"


@contextmanager
def _logged() -> Iterator[list[str]]:
    """WeasyPrint's warnings and errors inside the block, kept from the terminal."""
    messages: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage().strip())

    logger = logging.getLogger("weasyprint")
    handler, propagate = Keep(logging.WARNING), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
