"""``newsprint new``: an issue folder to start from, which builds as it is."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from layout.commands.errors import BadInput
from layout.commands.options import issue_options
from layout.manifest.scaffold import scaffold_files, write_folder
from layout.render.template_set import TemplateSet, TemplateSetError, load_template_set


def check_new_folder(folder: Path) -> None:
    """Refuse to write into a folder that holds anything: an issue is never overwritten."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise BadInput(f"{folder} already exists and is not empty; give a new folder")


def template_set_for(name: str, folder: Path) -> TemplateSet:
    """The template set a new issue is made for, or one clear message."""
    try:
        return load_template_set(name, folder)
    except TemplateSetError as error:
        raise BadInput(str(error)) from None


@click.command()
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@issue_options
def new(folder: Path, paper: str | None, issue: int, date: dt.date, template: str) -> None:
    """Create FOLDER with a commented issue.yaml, one article and one picture.

    The manifest and the article are the template set's, in its language.
    Exit status: 0 written, 2 FOLDER exists and is not empty.
    """
    check_new_folder(folder)
    template_set = template_set_for(template, folder)
    try:
        scaffold = template_set.find("scaffold/issue.yaml").parent
    except TemplateSetError as error:
        raise BadInput(str(error)) from None
    paper = template_set.words.paper if paper is None else paper
    size = str(template_set.words.size)
    write_folder(folder, scaffold_files(scaffold, template, size, paper, issue, date))
    manifest = folder / "issue.yaml"
    click.echo(f"wrote {manifest}; build it with: newsprint build {manifest} -o out/")
