"""What a command tells the person at the terminal while it works, and how loudly.

Everything goes through click, which drops the colours when the output is
not a terminal (a pipe, a log file), so scripts read plain text.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import click

from layout.check.findings import Finding, Severity
from layout.commands.errors import printable
from layout.compose import LOOSER, SPACED, TIGHTER, Composition
from layout.manifest import Issue
from layout.output.pdf import FALLBACK_CMYK_PROFILE
from layout.pipeline.issue import BuiltIssue, Progress
from layout.pipeline.pages import PageResult
from layout.render.geometry import Grid
from layout.render.press import Press
from layout.render.separation import profile_name

MB = 1024 * 1024


def located(issue: Issue, finding: Finding) -> str:
    """The finding after the manifest line of its article or page, as an editor's
    tools (and the preview) jump to it: ``issue.yaml:12:9: page 2: …``."""
    where = issue.location_of(finding.page, finding.key) if finding.page else None
    return printable(f"{where}: {finding}" if where else str(finding))


@dataclass(frozen=True)
class Feedback:
    quiet: bool = False  # errors only
    verbose: bool = False  # every punctuation change, every page's time and source

    @contextmanager
    def progress(self, pages: int) -> Iterator[Progress | None]:
        """A progress bar on stderr while more than one page is made."""
        if self.quiet or pages < 2:
            yield None
            return
        bar = click.progressbar(
            length=pages,
            label="laying out pages",
            file=sys.stderr,
            show_pos=True,
        )
        with bar:

            def advance(result: PageResult, cached: bool) -> None:
                bar.update(1)

            yield advance

    def findings(self, issue: Issue, findings: list[Finding]) -> None:
        for finding in findings:
            error = finding.severity is Severity.ERROR
            if error or not self.quiet:
                click.secho(located(issue, finding), err=True, fg="red" if error else "yellow")

    def pages(self, built: BuiltIssue) -> None:
        """With --verbose: where each page came from, what it cost."""
        if not self.verbose:
            return
        for page in built.pages:
            if page.number in built.cached:
                click.secho(f"page {page.number}: from the cache", err=True, dim=True)
            else:
                click.echo(
                    f"page {page.number}: laid out in {page.seconds:.2f} s, composed in "
                    f"{page.compose_seconds:.2f} s (process peak {page.memory / MB:.0f} MB)",
                    err=True,
                )
                if page.composition is not None:
                    for line in describe(page.composition, built.grid):
                        click.echo(f"  {line}", err=True)

    def press(self, press: Press, profile: Path | None) -> None:
        """With --verbose: the printing condition a PDF/X build names, and what it did with it."""
        if not self.verbose or not press.pdf_x:
            return
        path = profile or FALLBACK_CMYK_PROFILE
        use = (
            "output intent, RGB pictures separated with it"
            if press.pdf_x == "1a"
            else "output intent"
        )
        name = profile_name(path.read_bytes())
        click.echo(f"PDF/X-{press.pdf_x}: {use}: {name} ({path})", err=True)

    def done(self, message: str) -> None:
        if not self.quiet:
            click.secho(message, fg="green")


def describe(composition: Composition, grid: Grid) -> list[str]:
    """The page's fill and the shape the compositor chose for each module."""
    cells = grid.columns * (grid.lines + 1)  # the line below the lowest modules too
    empty = composition.empty_cells(grid.columns, grid.lines + 1)
    lines = [f"filled {100 * (1 - empty / cells):.1f} % ({empty} of {cells} cells empty)"]
    for module in composition.modules:
        p = module.placement
        where = (
            f"{p.key}: columns {p.column + 1}–{p.column + p.columns}, lines {p.top + 1}–{p.bottom}"
        )
        if module.header is None:
            lines.append(where)
            continue
        parts = [f"headline {module.header.size:g} pt in {module.header.lines} lines"]
        if module.air:
            parts[-1] += f" + {module.air} of air"
        parts += [
            f"photo {photo.columns} column{'s' if photo.columns > 1 else ''} × "
            f"{photo.image_lines} lines" + (" across" if photo.span else "")
            for photo in module.photos
        ]
        parts.append(f"body {module.body_lines} lines")
        for change, word in ((TIGHTER, "set tighter"), (LOOSER, "set looser"), (SPACED, "spaced")):
            if count := module.tracking.count(change):
                parts.append(f"{count} paragraph{'s' if count > 1 else ''} {word}")
        if module.overset:
            parts.append(f"{module.overset} lines overset")
        if module.continued:
            parts.append(f"cut to continue on another page (about {module.continued} lines)")
        lines.append(f"{where}: {', '.join(parts)}")
    return lines


def pages_summary(built: BuiltIssue) -> str:
    """8 pages: 1 laid out, 7 from the cache."""
    count = len(built.pages)
    parts = [f"{len(built.rendered)} laid out"]
    if built.cached:
        parts.append(f"{len(built.cached)} from the cache")
    return f"{count} page{'s' if count != 1 else ''}: {', '.join(parts)}"
