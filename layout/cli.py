"""The ``newsprint`` command: one module per subcommand in ``layout.commands``.

A subcommand's module is imported when it runs. The program starts in
:mod:`layout.entry`, which offers a build to a running ``newsprint serve``
before this module (and click) is imported.
"""

from __future__ import annotations

import importlib

import click

from layout import __version__

COMMANDS = {
    "build": "layout.commands.build:build",
    "check": "layout.commands.check:check",
    "doctor": "layout.commands.doctor:doctor",
    "import": "layout.commands.import_copy:import_copy",
    "new": "layout.commands.new:new",
    "serve": "layout.commands.serve:serve",
    "watch": "layout.commands.watch:watch",
}


class Commands(click.Group):
    """The ``newsprint`` group: subcommands imported when used; a subcommand's
    unexpected exception is an internal error (exit 3) and Ctrl-C a one-line
    stop (exit 130), never a traceback."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, _, name = COMMANDS[cmd_name].partition(":")
        command = getattr(importlib.import_module(module), name)
        assert isinstance(command, click.Command)
        return command

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            from layout.commands.errors import Interrupted

            raise Interrupted(["interrupted"]) from None
        except Exception as error:  # the last resort: anything we did not foresee
            from layout.commands.errors import internal_error

            internal_error(error)


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsprint")
def cli() -> None:
    """Print-ready newspaper pages from a YAML issue manifest."""
