"""``newsprint new``: an issue folder to start from, which builds as it is."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from layout.commands.errors import BadInput
from layout.commands.options import issue_options
from layout.manifest.scaffold import scaffold_files, write_folder


def check_new_folder(folder: Path) -> None:
    """Refuse to write into a folder that holds anything: an issue is never overwritten."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise BadInput(f"{folder} already exists and is not empty; give a new folder")


@click.command()
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@issue_options
def new(folder: Path, paper: str, issue: int, date: dt.date) -> None:
    """Create FOLDER with a commented issue.yaml, one article and one picture.

    Exit status: 0 written, 2 FOLDER exists and is not empty.
    """
    check_new_folder(folder)
    write_folder(folder, scaffold_files(paper, issue, date))
    manifest = folder / "issue.yaml"
    click.echo(f"wrote {manifest}; build it with: newsprint build {manifest} -o out/")
