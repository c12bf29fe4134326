"""``newsprint serve``: a warm build process that ``newsprint build`` hands its work to."""

from __future__ import annotations

import contextlib
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import click

from layout.commands.errors import BadInput
from layout.commands.options import jobs_option
from layout.pipeline.issue import default_jobs, page_pool
from layout.resident.protocol import SOCKET_VARIABLE, socket_path
from layout.resident.server import ServeError, Server, listening, stopped_by_signals


@click.command()
@click.option(
    "--socket",
    "socket_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help=f"Where to listen [default: ${SOCKET_VARIABLE}, else in $XDG_RUNTIME_DIR, "
    "else in a folder of your own in the temporary folder]. Builds find it through "
    f"${SOCKET_VARIABLE}.",
)
@jobs_option
def serve(socket_file: Path | None, jobs: int | None) -> None:
    """Run in the foreground, until Ctrl-C, as the process that does every
    ``newsprint build`` of this user: warm page workers, templates and fonts
    make a build of a few edited pages about a second faster.

    A build goes to it when it runs with the same code, engine, installed fonts
    and environment as the build's own process would; otherwise the build is
    done where it was asked for, as always (``build --no-server`` too). Its PDFs
    are the same bytes either way. Builds asked for at once are done in turn.
    Exit status: 0 stopped, 2 it cannot listen where asked.
    """
    path = socket_file or socket_path()
    workers = jobs or default_jobs()
    server = Server(lambda: _warm(workers), lambda line: click.echo(line, err=True))
    try:
        with listening(path) as listener, stopped_by_signals() as stopping:
            hint = "" if socket_file is None else f" (builds need {SOCKET_VARIABLE}={path})"
            click.echo(
                f"newsprint serve: building on {path}{hint}, pid {os.getpid()}, "
                f"{workers} page workers; Ctrl-C stops",
                err=True,
            )
            with contextlib.suppress(KeyboardInterrupt):
                server.serve(listener, stopping)
    except ServeError as error:
        raise BadInput(str(error)) from None
    finally:
        server.pool.shutdown(cancel_futures=True)
    click.echo(f"newsprint serve: stopped after {server.builds} builds", err=True)


def _warm(workers: int) -> ProcessPoolExecutor:
    """Page workers started now, forked from this process while it has no other thread."""
    pool = page_pool(workers)
    for future in [pool.submit(os.getpid) for _ in range(workers)]:
        future.result()
    return pool
