"""The ``newsprint`` command: one module per subcommand in ``layout.commands``."""

from __future__ import annotations

import click

from layout import __version__
from layout.commands.build import build
from layout.commands.check import check
from layout.commands.doctor import doctor
from layout.commands.errors import Command
from layout.commands.import_copy import import_copy
from layout.commands.new import new
from layout.commands.watch import watch


@click.group(cls=Command, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsprint")
def cli() -> None:
    """Print-ready newspaper pages from a YAML issue manifest."""


cli.add_command(build)
cli.add_command(check)
cli.add_command(import_copy)
cli.add_command(new)
cli.add_command(doctor)
cli.add_command(watch)
