"""``newsprint import``: a page of copy in, an issue folder that builds out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from layout.commands.new import BadInput, check_new_folder
from layout.commands.options import issue_options
from layout.manifest.importer import IssueInfo, import_files, import_page
from layout.manifest.scaffold import write_folder


@click.command("import")
@click.argument("page", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option(
    "-o",
    "--output",
    "folder",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="New issue folder for issue.yaml and articles/ (must not exist or be empty).",
)
@issue_options
@click.option(
    "--page",
    "page_number",
    type=click.IntRange(min=1),
    default=IssueInfo.page,
    show_default=True,
    help="版次.",
)
@click.option("--name", default=IssueInfo.name, show_default=True, help="版名.")
def import_copy(
    page: Path,
    folder: Path,
    paper: str,
    issue: int,
    date: dt.date,
    page_number: int,
    name: str,
) -> None:
    """Turn PAGE, a Markdown page of copy (# headlines, ## sections), into an issue folder.

    Undecided points are marked `# import: check` in the manifest and listed
    here as PAGE:LINE: message. Exit status: 0 written, 2 bad input.
    """
    check_new_folder(folder)
    try:
        text = page.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise BadInput(f"{page} is not valid UTF-8 (byte {error.start})") from None
    imported = import_page(text)
    info = IssueInfo(
        paper=paper,
        issue=issue,
        date=date,
        page=page_number,
        name=name,
    )
    write_folder(folder, import_files(imported, info, page.name))
    manifest = folder / "issue.yaml"
    notes = imported.all_notes()
    for note in notes:
        click.echo(f"{page}:{note.line}: {note.message}", err=True)
    click.echo(f"wrote {manifest} ({len(imported.articles())} articles, {len(notes)} to check)")
