"""How a command ends: the errors users can cause as one line each and exit status
2, anything else as "internal error, please report" (exit 3), never a traceback.

Every status but 0 is a :class:`Status` (a ``click.ClickException``), raised
and shown by click: 1 what was asked for does not hold (``check --strict``
with warnings, ``doctor`` missing something), 2 bad input or a refusal, 3 an
internal error, 130 interrupted.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, NoReturn

import click

from layout.manifest import ManifestError
from layout.output.pdf import OutputError
from layout.pipeline.cluster import ClusterError
from layout.pipeline.issue import WorkerDied
from layout.render.fonts import FontError
from layout.render.geometry import SizeError
from layout.render.template_set import TemplateSetError

NOT_MET = 1
BAD_INPUT = 2
INTERNAL_ERROR = 3
INTERRUPTED = 130
EXIT_STATUSES = (
    (0, "done: built, served, or checked without an error (warnings only, no `--strict`)"),
    (NOT_MET, "not as asked: `check --strict` found warnings, `doctor` found something missing"),
    (
        BAD_INPUT,
        "bad input or a refusal, nothing written: a problem in a manifest, a template set, "
        "a font role or a file (one located line each), or pages with errors "
        "(`build` refuses them, `check` lists them)",
    ),
    (INTERNAL_ERROR, "an internal error: a bug of newsprint's, its details in the file named"),
    (INTERRUPTED, "interrupted (Ctrl-C)"),
)
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
        if also is not None:
            also(lines)
        raise BadInput(lines[0], lines=lines) from None


class Status(click.ClickException):
    """The end of a command with its class's ``exit_code``; ``lines`` go to stderr as
    they are (none: the command said why already)."""

    def __init__(self, lines: Sequence[str] = ()) -> None:
        super().__init__("\n".join(lines))
        self.lines = tuple(lines)

    def show(self, file: IO[Any] | None = None) -> None:
        for line in self.lines:
            click.echo(printable(line), err=True)


class NotMet(Status):
    """What the command was asked to make sure of does not hold."""

    exit_code = NOT_MET


class BadInput(Status):
    """A refusal the user can fix: exit status 2, as for a bad manifest."""

    exit_code = BAD_INPUT

    def __init__(self, message: str, *, lines: Sequence[str] | None = None) -> None:
        super().__init__([f"error: {message}"] if lines is None else lines)


class InternalError(Status):
    exit_code = INTERNAL_ERROR


class Interrupted(Status):
    exit_code = INTERRUPTED


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
    raise InternalError([f"internal error, please report it ({summary}){saved}"])
