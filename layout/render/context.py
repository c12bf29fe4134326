"""What every page of an issue shares, made once per issue."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from layout.manifest import Issue
from layout.render.fetcher import Reads
from layout.render.fonts import FontFiles, RoleMap
from layout.render.geometry import Grid
from layout.render.press import DEFAULT_PRESS, Press
from layout.render.template_set import TemplateSet
from layout.typeset.article import TypesetArticle


class MeasureStore(Protocol):
    """Measured parts of articles from earlier builds (their fields, as JSON), by the
    HTML of a document holding that part alone."""

    def get(self, html: str) -> dict[str, Any] | None: ...

    def put(self, html: str, fields: dict[str, Any], reads: Reads) -> None: ...


@dataclass(frozen=True)
class PageContext:
    """Everything the pages of one issue share."""

    issue: Issue
    grid: Grid
    template_set: TemplateSet
    roles: RoleMap
    articles: dict[str, TypesetArticle]
    press: Press = DEFAULT_PRESS
    measures: MeasureStore | None = None
    cmyk_pictures: bytes | None = None  # the profile RGB pictures are separated with (PDF/X-1a)
    # the machine's font files when the issue was read: listed once, not for every document
    installed_fonts: FontFiles = ()
