"""``newsprint build``: manifest in, issue PDF out, or a clear refusal."""

from __future__ import annotations

from pathlib import Path

import click

from layout.check.findings import Severity
from layout.check.preflight import issue_pdf, run_checks
from layout.commands.check import refusal
from layout.commands.errors import reported_errors
from layout.commands.report import report_punctuation
from layout.manifest import load_manifest
from layout.output.issue import write_issue
from layout.output.pdf import OutputError
from layout.render.engine import SUBSET_PACKAGE, engine
from layout.render.issue import render_issue
from layout.render.press import PDF_X_VARIANTS, Press


@click.command()
@click.argument("manifest", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "-o",
    "--output",
    "output_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("out"),
    show_default=True,
    help="Folder for page-NN.pdf of every page and issue.pdf.",
)
@click.option("--allow-overset", is_flag=True, help="Write the PDF even if some text does not fit.")
@click.option("--force", is_flag=True, help="Write the PDF despite any error the checks find.")
@click.option("-v", "--verbose", is_flag=True, help="List every punctuation mark changed.")
@click.option(
    "--bleed",
    "bleed_mm",
    type=click.FloatRange(min=0),
    default=3.0,
    show_default=True,
    help="Bleed beyond the trim, in mm.",
)
@click.option("--marks", is_flag=True, help="Crop marks outside the bleed.")
@click.option(
    "--pdf-x",
    type=click.Choice(list(PDF_X_VARIANTS)),
    is_flag=False,
    flag_value="4",
    default=None,
    help="Write PDF/X-4 (--pdf-x) or PDF/X-1a (--pdf-x=1a), black text as K only.",
)
@click.option(
    "--output-profile",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="CMYK ICC profile of the printing plant, for --pdf-x.",
)
@click.option(
    "--png",
    "png_dpi",
    type=click.FloatRange(min=10),
    is_flag=False,
    flag_value=150,
    default=None,
    help="Also page-NN.png proofs (150 dpi, or --png=DPI) and contact.png.",
)
def build(
    manifest: Path,
    output_dir: Path,
    allow_overset: bool,
    force: bool,
    verbose: bool,
    bleed_mm: float,
    marks: bool,
    pdf_x: str | None,
    output_profile: Path | None,
    png_dpi: float | None,
) -> None:
    """Lay out MANIFEST and write a PDF of every page and OUTPUT/issue.pdf.

    Runs the checks of ``newsprint check`` first.
    Exit status: 0 written, 1 overset text or other errors (nothing written), 2 bad input.
    """
    press = Press(bleed_mm, marks, pdf_x)
    if not engine().harfbuzz_subset:
        click.secho(
            f"warning: HarfBuzz subsetting is missing, writing CJK fonts will be slow "
            f"(apt-get install {SUBSET_PACKAGE}; see `newsprint doctor`)",
            err=True,
            fg="yellow",
        )
    with reported_errors():
        issue = load_manifest(manifest)
        rendered = render_issue(issue, press)
    report_punctuation(rendered, verbose=verbose)
    findings = run_checks(rendered, issue_pdf(rendered))
    for finding in findings:
        colour = "red" if finding.severity is Severity.ERROR else "yellow"
        click.secho(f"{issue.source}: {finding}", err=True, fg=colour)
    reason = refusal(findings, allow_overset=allow_overset, force=force)
    if reason:
        raise click.ClickException(reason)
    try:
        written = write_issue(
            rendered, output_dir, press, cmyk_profile=output_profile, png_dpi=png_dpi
        )
    except OutputError as error:
        raise click.UsageError(str(error)) from error
    click.echo(f"wrote {len(written)} files to {output_dir} ({len(rendered.pages)} pages)")
