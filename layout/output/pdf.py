"""The issue PDF, written so that a failed build never leaves half a file.

WeasyPrint writes into a temporary file beside the target, which is then
renamed over it: readers (and the printing plant's upload script) see
either the previous PDF or the new one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from layout.render.issue import RenderedIssue


def write_issue_pdf(rendered: RenderedIssue, target: Path) -> Path:
    first = rendered.pages[0].document
    pages = [page for rendered_page in rendered.pages for page in rendered_page.document.pages]
    document = first.copy(pages)  # title, language and creator come from the template's <head>
    write_atomically(target, lambda handle: document.write_pdf(handle))
    return target


def write_atomically(target: Path, write: Callable[[BinaryIO], object]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            write(handle)
        os.replace(name, target)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
