"""Turn the errors users can cause into one-line messages and exit status 2."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click

from layout.manifest import ManifestError
from layout.render.fonts import FontError
from layout.render.geometry import SizeError
from layout.render.template_set import TemplateSetError

BAD_INPUT = 2


@contextmanager
def reported_errors() -> Iterator[None]:
    try:
        yield
    except ManifestError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        sys.exit(BAD_INPUT)
    except (FontError, SizeError, TemplateSetError) as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(BAD_INPUT)
