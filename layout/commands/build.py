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
from layout.output.pdf import write_issue_pdf
from layout.render.issue import render_issue


@click.command()
@click.argument("manifest", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "-o",
    "--output",
    "output_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("out"),
    show_default=True,
    help="Folder for issue.pdf.",
)
@click.option("--allow-overset", is_flag=True, help="Write the PDF even if some text does not fit.")
@click.option("--force", is_flag=True, help="Write the PDF despite any error the checks find.")
@click.option("-v", "--verbose", is_flag=True, help="List every punctuation mark changed.")
def build(
    manifest: Path, output_dir: Path, allow_overset: bool, force: bool, verbose: bool
) -> None:
    """Lay out MANIFEST and write OUTPUT/issue.pdf.

    Runs the checks of ``newsprint check`` first.
    Exit status: 0 written, 1 overset text or other errors (nothing written), 2 bad input.
    """
    with reported_errors():
        issue = load_manifest(manifest)
        rendered = render_issue(issue)
    report_punctuation(rendered, verbose=verbose)
    findings = run_checks(rendered, issue_pdf(rendered))
    for finding in findings:
        colour = "red" if finding.severity is Severity.ERROR else "yellow"
        click.secho(f"{issue.source}: {finding}", err=True, fg=colour)
    reason = refusal(findings, allow_overset=allow_overset, force=force)
    if reason:
        raise click.ClickException(reason)
    target = write_issue_pdf(rendered, output_dir / "issue.pdf")
    click.echo(f"wrote {target} ({sum(len(p.document.pages) for p in rendered.pages)} pages)")
