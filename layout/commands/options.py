"""Arguments and options that several commands declare alike, as click decorators."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from layout.manifest.importer import IssueInfo

F = TypeVar("F", bound=Callable[..., object])


class Finite(click.FloatRange):
    """A number within bounds, never NaN or infinity (which click's FloatRange lets by)."""

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a number", param, ctx)
        return number


BLEED = Finite(min=0, max=25)  # mm: presses ask for 3 to 5
DPI = Finite(min=10, max=1200)  # a proof, not a scan: 1200 dpi is a 190-megapixel tabloid page

manifest_argument = click.argument("manifest", type=click.Path(path_type=Path, dir_okay=False))

jobs_option = click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    help="Pages laid out at once, each in its own process [default: the machine's cores].",
)


def output_option(help: str) -> Callable[[F], F]:
    """``-o/--output`` into ``output_dir``, ``out`` unless told; ``help`` says what goes there."""
    return click.option(
        "-o",
        "--output",
        "output_dir",
        type=click.Path(path_type=Path, file_okay=False),
        default=Path("out"),
        show_default=True,
        help=help,
    )


def _today_unless_given(
    ctx: click.Context, param: click.Parameter, value: dt.datetime | None
) -> dt.date:
    return value.date() if value else dt.date.today()


def issue_options(function: F) -> F:
    """``--paper`` (None: the template set's), ``--issue`` and ``--date`` (a
    ``datetime.date``, today unless given) and ``--template``."""
    for option in reversed(
        [
            click.option("--paper", help="The paper's name (报名)  [default: the template set's]"),
            click.option(
                "--issue",
                type=click.IntRange(min=1),
                default=IssueInfo.issue,
                show_default=True,
                help="Issue number (期号).",
            ),
            click.option(
                "--date",
                type=click.DateTime(formats=["%Y-%m-%d"]),
                default=None,
                callback=_today_unless_given,
                help="Date of the issue (出版日期), 2025-01-16.  [default: today]",
            ),
            click.option(
                "--template",
                "template",
                default="default",
                show_default=True,
                help="Template set (templates/NAME): its language, size and words.",
            ),
        ]
    ):
        function = option(function)
    return function
