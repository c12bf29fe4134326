"""Turn the errors users can cause into one-line messages and exit status 2."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click

from layout.manifest import ManifestError
from layout.output.pdf import OutputError
from layout.render.fonts import FontError
from layout.render.geometry import SizeError
from layout.render.template_set import TemplateSetError

BAD_INPUT = 2
USER_ERRORS = (ManifestError, FontError, SizeError, TemplateSetError, OutputError)


@contextmanager
def reported_errors() -> Iterator[None]:
    try:
        yield
    except USER_ERRORS as error:
        for line in error_lines(error):
            click.echo(line, err=True)
        sys.exit(BAD_INPUT)


def error_lines(error: Exception) -> list[str]:
    """One line per problem of an error in the user's input: every manifest problem."""
    if isinstance(error, ManifestError):
        return [str(problem) for problem in error.problems]
    return [f"error: {error}"]
