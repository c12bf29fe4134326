"""``newsprint check``: lay out an issue and report what would print wrong, writing nothing."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import asdict
from pathlib import Path

import click

from layout.check.findings import Finding, Severity, quoted
from layout.commands.errors import BadInput, NotMet, printable, reported_errors
from layout.commands.options import manifest_argument
from layout.manifest import load_manifest
from layout.pipeline.issue import build_issue, default_jobs

HEADLINE_WIDTH = 24  # display columns of a headline in the table, about 12 Chinese characters


@click.command()
@manifest_argument
@click.option("--json", "as_json", is_flag=True, help="Print the findings as a JSON list.")
@click.option("--strict", is_flag=True, help="Exit with status 1 on warnings too.")
def check(manifest: Path, as_json: bool, strict: bool) -> None:
    """Lay out MANIFEST and report problems page by page; no PDF is written.

    Exit status: 0 clean (or warnings only), 1 warnings with --strict,
    2 errors or bad input, 3 an internal error.
    """
    with reported_errors(also=_print_json if as_json else None):
        findings = build_issue(load_manifest(manifest), jobs=default_jobs()).findings
    click.echo(json_report(findings) if as_json else printable(table(findings)))
    if any(f.severity is Severity.ERROR for f in findings):
        raise BadInput("", lines=())  # the table said why
    if strict and findings:
        raise NotMet()


def json_report(findings: list[Finding]) -> str:
    return json.dumps([asdict(f) for f in findings], ensure_ascii=False, indent=2)


def _print_json(lines: list[str]) -> None:
    """Bad input as findings of the issue, so that a script reading stdout sees it."""
    problems = [Finding(0, Severity.ERROR, "bad-input", None, None, line) for line in lines]
    click.echo(json_report(problems))


def table(findings: list[Finding]) -> str:
    """Page, severity, article, problem: one row per finding and a count at the end."""
    if not findings:
        return "no problems found"
    rows = [("page", "severity", "article", "problem")] + [
        (str(f.page or ""), f.severity.value, _article(f), f.message) for f in findings
    ]
    widths = [max(_width(row[i]) for row in rows) for i in range(3)]
    lines = [
        "  ".join(
            cell + " " * (width - _width(cell)) for cell, width in zip(row, widths, strict=True)
        )
        + f"  {problem}"
        for *row, problem in rows
    ]
    errors = sum(f.severity is Severity.ERROR for f in findings)
    warnings = len(findings) - errors
    return "\n".join([*lines, f"{errors} error(s), {warnings} warning(s)"])


def _article(finding: Finding) -> str:
    if not finding.key:
        return "—"
    headline = finding.headline or ""
    if _width(headline) > HEADLINE_WIDTH:
        while _width(headline) > HEADLINE_WIDTH - 1:
            headline = headline[:-1]
        headline += "…"
    return f"{finding.key} {quoted(headline)}"


def _width(text: str) -> int:
    """Columns a terminal gives the text: two for wide (Chinese) characters."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def refusal(
    findings: list[Finding], *, allow_overset: bool, force: bool, hints: bool = True
) -> str | None:
    """Why ``build`` must not write the PDF, or None: errors block unless allowed.
    ``hints`` names build's options that would write it (``watch`` has none)."""
    errors = [f for f in findings if f.severity is Severity.ERROR and not force]
    overset = [f for f in errors if f.code == "overset" and not allow_overset]
    others = [f for f in errors if f.code != "overset"]
    reasons = []
    if overset:
        hint = ", or build with --allow-overset" if hints else ""
        reasons.append(
            f"{len(overset)} article(s) do not fit; shorten them or give them more room{hint}."
        )
    if others:
        hint = " or build with --force" if hints else ""
        reasons.append(f"{len(others)} other error(s); fix them{hint}.")
    return " ".join([*reasons, "No PDF written."]) if reasons else None
