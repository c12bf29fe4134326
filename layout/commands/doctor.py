"""``newsprint doctor``: what a build will use, and what is missing."""

from __future__ import annotations

from pathlib import Path

import click

from layout.commands.errors import NotMet, reported_errors
from layout.render.engine import SUBSET_PACKAGE, engine
from layout.render.fonts import FontError, font_file, resolve_roles
from layout.render.justify import SUPPORTED_WEASYPRINT
from layout.render.template_set import FONTS_ROOT, load_template_set

FONT_PACKAGES = "fonts-noto-cjk fonts-lxgw-wenkai"


@click.command()
@click.option(
    "--template",
    default="default",
    show_default=True,
    help="Template set whose font roles to resolve.",
)
def doctor(template: str) -> None:
    """Show the engine, its versions and the font behind each role.

    Exit status: 0 when everything a build needs is there, 1 otherwise.
    """
    missing: list[str] = []
    found = engine()
    supported = found.weasyprint in SUPPORTED_WEASYPRINT
    click.echo(f"WeasyPrint  {found.weasyprint}" + ("" if supported else "  (not supported)"))
    click.echo(f"Pango       {found.pango}")
    subsetting = "fast subsetting" if found.harfbuzz_subset else "NO subsetting library"
    click.echo(f"HarfBuzz    {found.harfbuzz} ({subsetting})")
    if not supported:
        missing.append(f"pip install weasyprint=={SUPPORTED_WEASYPRINT[-1]}")
    if not found.harfbuzz_subset:
        missing.append(f"apt-get install {SUBSET_PACKAGE}   # CJK PDFs take >10 s without it")

    with reported_errors():
        roles_file = load_template_set(template, Path.cwd()).roles_file
    click.echo(f"\nFont roles ({_relative(roles_file)}):")
    try:
        roles = resolve_roles(roles_file, FONTS_ROOT)
    except FontError as error:
        for problem in error.problems:
            click.echo(f"  {problem}")
        missing.append(f"apt-get install {FONT_PACKAGES}   # or drop font files into fonts/")
    else:
        dropped = {f.family: str(f.path) for f in roles.files}
        for role, family in roles.families.items():
            path = dropped.get(family) or font_file(family) or "?"
            click.echo(f"  {role:<9} {family:<22} {path}")

    if missing:
        click.echo("\nMissing:")
        for command in missing:
            click.echo(f"  {command}")
        raise NotMet()
    click.echo("\nEverything a build needs is here.")


def _relative(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
