"""``newsprint import``: a page of copy in, an issue folder that builds out."""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path, PureWindowsPath

import click

from layout.commands.errors import BadInput
from layout.commands.new import check_new_folder, template_set_for
from layout.commands.options import issue_options
from layout.manifest.importer import (
    CHINESE,
    LATIN,
    ImportedPage,
    IssueInfo,
    import_files,
    import_page,
    place_images,
)
from layout.manifest.paging import PHOTO_ASPECT, PHOTO_COLUMNS, Room, paginate
from layout.manifest.paper import PageSize
from layout.manifest.scaffold import write_folder
from layout.render.fetcher import NotARegularFile, read_regular
from layout.render.geometry import SizeError, make_grid
from layout.render.template_set import TemplateSet
from layout.typeset.punctuation import COMPRESSIBLE

_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+:")
LATIN_CHARS_PER_EM = 1.85  # characters of Latin text per em of a full line, spaces not counted
# (measured: 30 in a 16-em newsletter column of Linux Libertine)


def read_image(folder: Path, written: str) -> tuple[Path, bytes] | str:
    """The file a picture line names, relative to the copy's ``folder``, or why not.

    The copy comes from outside (a scan, a wire), so only a regular file inside
    the folder is read: an absolute path, ``..`` or a symlink leading out, a
    directory, FIFO or device is refused, and the file is opened without
    following a symlink or blocking, then checked again before it is read.
    """
    if _URL.match(written):
        return "is a web address, not a file beside the copy"
    if "\0" in written or PureWindowsPath(written).anchor or Path(written).is_absolute():
        return "is not a path relative to the copy's folder"
    try:
        root = folder.resolve()
        target = (root / written).resolve()
    except (OSError, RuntimeError) as error:  # RuntimeError: a symlink loop
        return f"cannot be read ({getattr(error, 'strerror', None) or error})"
    if not target.is_relative_to(root):
        return "lies outside the copy's folder"
    try:
        return target, read_regular(target)
    except FileNotFoundError:
        return "is not in the copy's folder"
    except NotARegularFile:
        return "is not a file"
    except OSError as error:
        return f"cannot be read ({error.strerror})"


def copy_images(page: ImportedPage, folder: Path) -> tuple[ImportedPage, dict[str, bytes]]:
    """Read every picture beside the copy: the page with each placed or noted, and the files."""
    found: dict[str, Path | str] = {}
    contents: dict[Path, bytes] = {}
    for written in page.image_paths():
        result = read_image(folder, written)
        if isinstance(result, str):
            found[written] = result
        else:
            found[written] = result[0]
            contents[result[0]] = result[1]
    placed, copies = place_images(page, found)
    return placed, {target: contents[source] for target, source in copies.items()}


@click.command("import")
@click.argument("page", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option(
    "-o",
    "--output",
    "folder",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="New issue folder for issue.yaml, articles/ and img/ (must not exist or be empty).",
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
@click.option("--name", help="The page's name (版名)  [default: the template set's]")
def import_copy(
    page: Path,
    folder: Path,
    paper: str | None,
    issue: int,
    date: dt.date,
    template: str,
    page_number: int,
    name: str | None,
) -> None:
    """Turn PAGE, a Markdown page of copy (# headlines, ## sections), into an issue folder.

    A Markdown image on a line of its own is a picture: its file, beside PAGE,
    is copied to img/. Undecided points are marked `# import: check` in the
    manifest and listed here as PAGE:LINE: message. Exit status: 0 written, 2
    bad input.

    The copy is read by the rules of the template set's language: Chinese
    (记者 bylines, 本报讯 leads) or Latin (`By …` bylines, `RIVERSIDE —`
    datelines, a deck after two spaces).
    """
    check_new_folder(folder)
    template_set = template_set_for(template, folder)
    words = template_set.words
    try:
        text = page.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise BadInput(f"{page} is not valid UTF-8 (byte {error.start})") from None
    rules = LATIN if words.latin else CHINESE
    imported, images = copy_images(import_page(text, rules), page.parent)
    if not imported.articles():
        raise BadInput(f"{page} has no article (a `# headline` and its text): nothing to import")
    info = IssueInfo(
        paper=words.paper if paper is None else paper,
        issue=issue,
        date=date,
        page=page_number,
        name=words.page_name if name is None else name,
        template=template,
        size=str(words.size),
    )
    pages = paginate(imported.items, _room(template_set, words.size), info.page)
    files: dict[str, str | bytes] = {**import_files(imported, info, page.name, pages), **images}
    write_folder(folder, files)
    manifest = folder / "issue.yaml"
    notes = imported.all_notes()
    for note in notes:
        click.echo(f"{page}:{note.line}: {note.message}", err=True)
    counts = (
        f"{len(pages)} page{'s' if len(pages) > 1 else ''}, {len(imported.articles())} articles, "
        f"{len(images)} pictures, {len(notes)} to check"
    )
    click.echo(f"wrote {manifest} ({counts})")


def _room(template_set: TemplateSet, size: PageSize) -> Room:
    """The page the copy is estimated against: the set's grid at its size."""
    settings = template_set.settings
    try:
        grid = make_grid(size, settings)
    except SizeError as error:
        raise BadInput(f"template set '{template_set.name}': {error}") from None
    photo = grid.span_width(min(PHOTO_COLUMNS, grid.columns))
    per_em = LATIN_CHARS_PER_EM if template_set.words.latin else 1.0
    return Room(
        columns=grid.columns,
        lines=grid.lines,
        column_chars=max(1, math.floor(grid.column_chars * per_em)),
        photo_lines=math.ceil(photo / PHOTO_ASPECT / grid.line_pitch),
        masthead_lines=settings.masthead_lines,
        half_width=frozenset() if template_set.words.latin else COMPRESSIBLE,
    )
