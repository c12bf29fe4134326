"""Turn the errors users can cause into one-line messages and exit status 2, and
anything else into "internal error, please report" (exit 3), never a traceback."""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import click

from layout.manifest import ManifestError
from layout.output.pdf import OutputError
from layout.pipeline.cluster import ClusterError
from layout.pipeline.issue import WorkerDied
from layout.render.fonts import FontError
from layout.render.geometry import SizeError
from layout.render.template_set import TemplateSetError

BAD_INPUT = 2
INTERNAL_ERROR = 3
USER_ERRORS = (
    ManifestError,
    FontError,
    SizeError,
    TemplateSetError,
    OutputError,
    WorkerDied,
    ClusterError,
)


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Text for the terminal: control characters from a manifest (an escape sequence
    in a headline) shown as ``\\x1b``, never sent to the terminal to run."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m[0]):02x}", text)


@contextmanager
def reported_errors(also: Callable[[list[str]], None] | None = None) -> Iterator[None]:
    """Bad input as one line per problem on stderr and exit 2; ``also`` gets the
    lines too (``check --json`` prints them on stdout for its reader)."""
    try:
        yield
    except (*USER_ERRORS, OSError) as error:
        if isinstance(error, USER_ERRORS):
            lines = error_lines(error)
        else:  # the output folder or the machine: not ours to fix
            assert isinstance(error, OSError)
            where = f"{error.filename}: " if error.filename else ""
            lines = [f"error: {where}{error.strerror or error}"]
        for line in lines:
            click.echo(printable(line), err=True)
        if also is not None:
            also(lines)
        sys.exit(BAD_INPUT)


class BadInput(click.ClickException):
    """A refusal the user can fix: exit status 2, as for a bad manifest."""

    exit_code = BAD_INPUT


class Refused(BadInput):
    """The pages have errors, so nothing is written: the same status as ``check``'s."""


def error_lines(error: Exception) -> list[str]:
    """One line per problem of an error in the user's input: every manifest problem."""
    if isinstance(error, ManifestError):
        return [str(problem) for problem in error.problems]
    return [f"error: {error}"]


def internal_error(error: BaseException) -> NoReturn:
    """A bug of ours: one line on the terminal, the details kept for a bug report."""
    from layout import __version__

    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    report = Path(tempfile.gettempdir()) / f"newsprint-internal-error-{stamp}-{os.getpid()}.txt"
    details = (
        f"newsprint {__version__}, Python {platform.python_version()}, {platform.platform()}\n"
        f"command: {' '.join(sys.argv)}\n"
        f"working folder: {os.getcwd()}\n\n" + "".join(traceback.format_exception(error))
    )
    try:
        report.write_text(details, encoding="utf-8")
        saved = f"; the details are in {report}"
    except OSError:
        saved = ""
    summary = f"{type(error).__name__}: {error}".splitlines()[0][:200]
    click.echo(f"internal error, please report it ({summary}){saved}", err=True)
    sys.exit(INTERNAL_ERROR)
