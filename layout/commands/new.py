"""``newsprint new``: an issue folder to start from, which builds as it is."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from layout.commands.errors import BAD_INPUT
from layout.manifest.importer import IssueInfo
from layout.manifest.scaffold import scaffold_files, write_folder


class BadInput(click.ClickException):
    """A refusal the user can fix: exit status 2, as for a bad manifest."""

    exit_code = BAD_INPUT


def check_new_folder(folder: Path) -> None:
    """Refuse to write into a folder that holds anything: an issue is never overwritten."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise BadInput(f"{folder} already exists and is not empty; give a new folder")


@click.command()
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@click.option("--paper", default=IssueInfo.paper, show_default=True, help="报名.")
@click.option(
    "--issue", type=click.IntRange(min=1), default=IssueInfo.issue, show_default=True, help="期号."
)
@click.option(
    "--date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="出版日期, 2025-01-16.  [default: today]",
)
def new(folder: Path, paper: str, issue: int, date: dt.datetime | None) -> None:
    """Create FOLDER with a commented issue.yaml, one article and one picture.

    Exit status: 0 written, 2 FOLDER exists and is not empty.
    """
    check_new_folder(folder)
    write_folder(folder, scaffold_files(paper, issue, date.date() if date else dt.date.today()))
    manifest = folder / "issue.yaml"
    click.echo(f"wrote {manifest}; build it with: newsprint build {manifest} -o out/")
