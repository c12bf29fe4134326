"""``newsprint import``: a page of copy in, an issue folder that builds out."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from pathlib import Path, PureWindowsPath

import click

from layout.commands.errors import BadInput
from layout.commands.new import check_new_folder, template_set_for
from layout.commands.options import issue_options
from layout.manifest import ManifestError, Section, load_manifest
from layout.manifest.importer import (
    CHINESE,
    LATIN,
    ImportedPage,
    IssueInfo,
    Item,
    import_files,
    import_page,
    place_images,
)
from layout.manifest.paging import (
    PHOTO_ASPECT,
    PHOTO_COLUMNS,
    SECTION_LINES,
    Need,
    Placed,
    Room,
    estimate,
    header_columns,
    paginate,
)
from layout.manifest.paper import PageSize
from layout.manifest.scaffold import write_folder
from layout.render.fetcher import NotARegularFile, read_regular
from layout.render.geometry import SizeError, make_grid
from layout.render.issue import issue_context
from layout.render.page import page_shapes
from layout.render.template_set import TemplateSet
from layout.typeset.punctuation import COMPRESSIBLE

_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+:")
LATIN_CHARS_PER_EM = 1.85  # characters of Latin text per em of a full line, spaces not counted
# (measured: 30 in a 16-em newsletter column of Linux Libertine)
HEADER_AIR = 2  # lines: the air below a measured headline and the line below its module


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
    room = _room(template_set, words.size)
    pages = [[Placed(item) for item in imported.items]]
    files: dict[str, str | bytes] = {**import_files(imported, info, page.name, pages), **images}
    write_folder(folder, files)  # one page of everything, to be measured
    needs = measured_needs(folder / "issue.yaml", imported.items, room)
    pages = paginate(imported.items, room, info.page, needs)
    if len(pages) > 1:
        manifest_file = import_files(imported, info, page.name, pages)["issue.yaml"]
        write_folder(folder, {"issue.yaml": manifest_file})
    manifest = folder / "issue.yaml"
    notes = imported.all_notes()
    for note in notes:
        click.echo(f"{page}:{note.line}: {note.message}", err=True)
    counts = (
        f"{len(pages)} page{'s' if len(pages) > 1 else ''}, {len(imported.articles())} articles, "
        f"{len(images)} pictures, {len(notes)} to check"
    )
    click.echo(f"wrote {manifest} ({counts})")


def measured_needs(manifest: Path, items: Sequence[Item], room: Room) -> list[Need] | None:
    """What each item takes, its bodies, headlines and captions measured by the engine
    as a build measures them; None where the copy does not build (the build will say why).

    A body is measured at one column, so its column-lines hold at any width the
    compositor gives it; a headline is reckoned at the width the estimate assumes
    (:func:`~layout.manifest.paging.header_columns`).
    """
    try:
        issue = load_manifest(manifest)
        context = issue_context(issue)
        page = issue.pages[0]
        shapes = page_shapes(context, page)
    except ManifestError:
        return None
    grid = context.grid
    needs = []
    for item, placed in zip(items, page.items, strict=False):
        articles = placed.items if isinstance(placed, Section) else (placed,)
        if not articles:  # a banner with no article under it
            needs.append(estimate(item, room))
            continue
        shape = shapes[articles[0].key]
        columns = header_columns(grid.columns)
        fits = shape.headers.get(columns, ())
        if not fits:  # no size of the headline fits that width: the compositor finds one
            needs.append(estimate(item, room))
            continue
        header = columns * (min(fit.lines for fit in fits) + HEADER_AIR)
        wide = min(PHOTO_COLUMNS, grid.columns)
        photos = sum(
            wide
            * (
                math.ceil(grid.span_width(wide) / photo.aspect / grid.line_pitch)
                + photo.caption_lines.get(wide, 1)
            )
            for photo in shape.photos
        )
        fixed = header + photos
        banner = SECTION_LINES * grid.columns if isinstance(placed, Section) else 0
        needs.append(Need(banner + fixed + shape.body_lines, fixed))
    return needs if len(needs) == len(items) else None


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
