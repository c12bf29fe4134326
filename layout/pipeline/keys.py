"""What a page depends on, hashed into the key of its cache entry.

The key covers what is known before laying the page out: its part of the
manifest (article text included), the issue-level fields every page shows,
the template set's files, the font roles and every installed font file, the
press and PDF options, and the versions of this code and of the engine.
Files the renderer fetches while laying the page out (stylesheets, pictures,
``@font-face`` fonts) are recorded with the entry and checked when it is
read back (``layout.pipeline.cache``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import layout
from layout.manifest import Page
from layout.output.pdf import PdfOptions
from layout.render.context import PageContext
from layout.render.engine import engine
from layout.render.fetcher import file_digest
from layout.render.fonts import file_states, installed_fonts
from layout.render.page import Jump

FORMAT = 2  # what an entry holds; a change makes every old entry unused


def page_key(shared: dict[str, Any], page: Page, jumps: Sequence[Jump] = ()) -> str:
    """A page's key: the issue's inputs (``shared_inputs``), the page's own and, for a
    page that holds the rest of a jumped article, where its start ended."""
    arriving = [dataclasses.asdict(jump) for jump in jumps]
    return _digest({"shared": shared, "page": canonical(page), "jumps": arriving})


def measure_salt(context: PageContext) -> str:
    """What a module's measure depends on besides its HTML and the files it reads."""
    return _digest(environment(context))


def environment(context: PageContext, *, afresh: bool = False) -> dict[str, Any]:
    """This code, the engine and the fonts: the installed ones as the build found them
    (``context.installed_fonts``), or ``afresh`` as they are now."""
    return {
        "format": FORMAT,
        "tool": [layout.__version__, code_digest()],
        "engine": dataclasses.asdict(engine()),
        "fonts": {
            "roles_file": file_digest(context.template_set.roles_file),
            "roles": context.roles.families,
            "declared": file_states(f.path for f in context.roles.files),
            "installed": installed_fonts() if afresh else context.installed_fonts,
        },
    }


def shared_inputs(
    context: PageContext, options: PdfOptions, *, afresh: bool = False
) -> dict[str, Any]:
    """Inputs of every page of the issue, read from the disk (the installed fonts as
    the build found them, or ``afresh``: whether they changed while it ran)."""
    issue = context.issue
    return {
        "environment": environment(context, afresh=afresh),
        "issue": {
            "paper": issue.paper,
            "issue": issue.issue,
            "date": issue.date.isoformat(),
            "size": canonical(issue.size),
            "template": issue.template,
            "punctuation": issue.punctuation,
            "autospace": issue.autospace,
            "page_count": issue.page_count,
            "masthead": canonical(issue.masthead),
            "root": str(issue.root),
        },
        "templates": [folder_digest(folder) for folder in context.template_set.folders],
        "grid": canonical(context.grid),
        "press": canonical(options.press),
        "made": options.made,
        "profile": options.profile and hashlib.sha256(options.profile).hexdigest(),
    }


def canonical(value: object) -> Any:
    """Plain JSON data of a manifest object; where a thing was written does not count."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            field.name: canonical(getattr(value, field.name))
            for field in dataclasses.fields(value)
            if field.name != "location"
        }
    if isinstance(value, dict):
        return {str(key): canonical(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [canonical(item) for item in value]
    if isinstance(value, Path | dt.date):
        return str(value)
    return value


@functools.cache
def code_digest() -> str:
    """This package's source as this process first read it: the code that runs."""
    return layout.source_digest()


def folder_digest(folder: Path) -> str:
    """Every file below a folder: its path and content."""
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return _digest([[str(p.relative_to(folder)), file_digest(p)] for p in files])


def _digest(data: object) -> str:
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()
