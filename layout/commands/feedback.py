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
from layout.pipeline.issue import BuiltIssue, Progress
from layout.pipeline.pages import PageResult

MB = 1024 * 1024


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

    def findings(self, source: Path, findings: list[Finding]) -> None:
        for finding in findings:
            error = finding.severity is Severity.ERROR
            if error or not self.quiet:
                click.secho(f"{source}: {finding}", err=True, fg="red" if error else "yellow")

    def pages(self, built: BuiltIssue) -> None:
        """With --verbose: where each page came from, what it cost."""
        if not self.verbose:
            return
        for page in built.pages:
            if page.number in built.cached:
                click.secho(f"page {page.number}: from the cache", err=True, dim=True)
            else:
                click.echo(
                    f"page {page.number}: laid out in {page.seconds:.2f} s "
                    f"(process peak {page.memory / MB:.0f} MB)",
                    err=True,
                )

    def done(self, message: str) -> None:
        if not self.quiet:
            click.secho(message, fg="green")


def pages_summary(built: BuiltIssue) -> str:
    """8 pages: 1 laid out, 7 from the cache."""
    count = len(built.pages)
    parts = [f"{len(built.rendered)} laid out"]
    if built.cached:
        parts.append(f"{len(built.cached)} from the cache")
    return f"{count} page{'s' if count != 1 else ''}: {', '.join(parts)}"
