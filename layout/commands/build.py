"""``newsprint build``: manifest in, issue PDF out, or a clear refusal."""

from __future__ import annotations

import contextlib
from concurrent.futures import Executor, ThreadPoolExecutor
from pathlib import Path

import click

from layout.commands.check import refusal
from layout.commands.errors import BadInput, Refused, reported_errors
from layout.commands.feedback import Feedback, pages_summary
from layout.commands.options import BLEED, DPI, jobs_option, output_option
from layout.commands.report import report_punctuation
from layout.manifest import Issue, load_manifest
from layout.output.issue import write_issue
from layout.output.marks import page_marks
from layout.pipeline import cache
from layout.pipeline.cluster import cluster_executor
from layout.pipeline.issue import BuiltIssue, Progress, build_issue, default_jobs, page_pool
from layout.render.engine import SUBSET_PACKAGE, engine
from layout.render.press import PDF_X_VARIANTS, Press

PROOF_DPI = 150


@click.command()
@click.argument(
    "manifests",
    metavar="MANIFEST...",
    nargs=-1,
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
)
@output_option("Folder for page-NN.pdf of every page and issue.pdf.")
@click.option("--allow-overset", is_flag=True, help="Write the PDF even if some text does not fit.")
@click.option("--force", is_flag=True, help="Write the PDF despite any error the checks find.")
@jobs_option
@click.option(
    "--no-cache",
    is_flag=True,
    help=f"Lay out every page, ignoring the pages kept in OUTPUT/{cache.FOLDER}/.",
)
@click.option("-q", "--quiet", is_flag=True, help="Say nothing but errors.")
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="List every punctuation mark changed, each page's time and source, how full "
    "it is and the shape chosen for each module.",
)
@click.option(
    "--bleed",
    "bleed_mm",
    type=BLEED,
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
    type=DPI,
    is_flag=False,
    flag_value=PROOF_DPI,
    default=None,
    help="Also page-NN.png proofs (150 dpi, or --png=DPI) and contact.png.",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Lay the pages out on the Dask cluster at ADDRESS (tcp://host:8786) instead of "
    "this machine's processes; needs newsprint[distributed].",
)
@click.option(
    "--annotate",
    is_flag=True,
    help="Draw the findings on the PNG proofs (implies --png): overset outlined, holes shaded.",
)
@click.option(
    "--no-server",
    is_flag=True,
    help="Build in this process even when a `newsprint serve` is running.",
)
def build(
    manifests: tuple[Path, ...],
    output_dir: Path,
    allow_overset: bool,
    force: bool,
    jobs: int | None,
    no_cache: bool,
    quiet: bool,
    verbose: bool,
    bleed_mm: float,
    marks: bool,
    pdf_x: str | None,
    output_profile: Path | None,
    png_dpi: float | None,
    annotate: bool,
    scheduler: str | None,
    no_server: bool,
) -> None:
    """Lay out MANIFEST and write a PDF of every page and OUTPUT/issue.pdf; given several
    manifests (editions), each into OUTPUT/<its folder's name>, their pages in one pool.

    Runs the checks of ``newsprint check`` first. Pages whose inputs did not change
    since a build into the same OUTPUT come from its cache. With a ``newsprint serve``
    running, the build is done by it, in its page workers (--jobs 1: in the server).
    Exit status: 0 written, 2 errors on a page (overset text, missing glyphs…; nothing
    written) or bad input, 3 an internal error (reported with where its details were saved).
    """
    if quiet and verbose:
        raise click.UsageError("--quiet and --verbose do not go together")
    feedback = Feedback(quiet=quiet, verbose=verbose)
    press = Press(bleed_mm, marks, pdf_x)
    if not engine().harfbuzz_subset and not quiet:
        click.secho(
            f"warning: HarfBuzz subsetting is missing, writing CJK fonts will be slow "
            f"(apt-get install {SUBSET_PACKAGE}; see `newsprint doctor`)",
            err=True,
            fg="yellow",
        )
    with reported_errors():
        issues = [load_manifest(manifest) for manifest in manifests]
        folders = _folders(output_dir, issues)

        def one(
            issue: Issue, folder: Path, executor: Executor | None, progress: Progress | None
        ) -> BuiltIssue:
            return build_issue(
                issue,
                press,
                cmyk_profile=output_profile,
                jobs=jobs or default_jobs(),
                cache=None if no_cache else cache.PageCache(folder / cache.FOLDER),
                executor=executor,
                remote=scheduler is not None,
                progress=progress,
            )

        with cluster_executor(scheduler) as cluster:
            executor: Executor | None = cluster
            if executor is None and jobs != 1:  # the warm workers of `newsprint serve`
                executor = click.get_current_context().find_object(Executor)
            if len(issues) == 1:
                with feedback.progress(len(issues[0].pages)) as progress:
                    builts = [one(issues[0], folders[0], executor, progress)]
            else:  # one pool for every edition's pages, so that it stays busy
                pool = executor or page_pool(jobs or default_jobs(), threads_running=True)
                owned = contextlib.nullcontext(pool) if executor else pool
                with owned as pages, ThreadPoolExecutor(len(issues)) as editions:
                    builts = list(
                        editions.map(lambda i, f: one(i, f, pages, None), issues, folders)
                    )
    feedback.press(press, output_profile)  # the same for every edition
    refused = []
    for issue, built, folder in zip(issues, builts, folders, strict=True):
        if not quiet:
            report_punctuation(issue, built.articles, verbose=verbose)
        feedback.pages(built)
        feedback.findings(issue, built.findings)
        reason = refusal(built.findings, allow_overset=allow_overset, force=force)
        if reason:
            refused.append(reason if len(issues) == 1 else f"{folder}: {reason}")
            continue
        written = write_issue(
            folder,
            built.pdfs,
            built.titles,
            built.title,
            png_dpi=png_dpi or (PROOF_DPI if annotate else None),
            marks=page_marks(built.findings) if annotate else None,
            carry=(cache.FOLDER,),
        )
        feedback.done(f"wrote {len(written)} files to {folder} ({pages_summary(built)})")
    if refused:
        raise Refused(" ".join(refused))


def _folders(output_dir: Path, issues: list[Issue]) -> list[Path]:
    """Where each issue is written: OUTPUT itself for one, else a folder in it for each,
    named as the folder of its manifest."""
    if len(issues) == 1:
        return [output_dir]
    names = [issue.root.name for issue in issues]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise BadInput(
            f"two manifests in folders named {twice[0]}: each issue is written to "
            f"OUTPUT/<its folder's name>; build them one at a time"
        )
    return [output_dir / name for name in names]
