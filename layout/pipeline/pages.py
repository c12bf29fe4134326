"""One page from manifest to PDF bytes and findings: the work a build process is given.

WeasyPrint's documents cannot be pickled, so everything that needs one (the
layout tree checks, the PDF) happens here, and only bytes and findings go back.
"""

from __future__ import annotations

import contextlib
import gc
import resource
import time
from collections.abc import Mapping
from dataclasses import dataclass

from layout.check.findings import Finding
from layout.check.preflight import page_findings
from layout.compose import Composition
from layout.manifest import Page
from layout.output.pdf import PdfOptions, page_pdf
from layout.pipeline.cluster import check_worker
from layout.render.context import PageContext
from layout.render.fetcher import carrying, recorded_reads
from layout.render.issue import page_title
from layout.render.page import Jump, render_page


@dataclass(frozen=True)
class PageJob:
    context: PageContext  # with the articles of this page only
    page: Page  # the rests of jumped articles last among its items
    options: PdfOptions
    jumps: tuple[Jump, ...] = ()  # the jumped articles whose rests this page holds


@dataclass(frozen=True)
class PageResult:
    number: int
    pdf: bytes
    findings: tuple[Finding, ...]  # errors before warnings
    reads: tuple[tuple[str, str | None], ...]  # files the renderer read, with their sha256
    seconds: float = 0.0  # laying out, checking and writing it; 0 when it came from the cache
    memory: int = 0  # peak resident memory of the process that made it, in bytes
    composition: Composition | None = None  # None when it came from the cache
    compose_seconds: float = 0.0
    jumps: tuple[Jump, ...] = ()  # its articles that continue on later pages, where cut


def render_job(
    job: PageJob, worker: dict[str, str] | None = None, files: Mapping[str, bytes] | None = None
) -> PageResult:
    """The page, laid out here; on a cluster's worker (``worker``: what it must have as
    the client has it), from the issue's ``files`` the task carried, not from the disk."""
    if worker is not None:
        check_worker(worker, job.context)
    threshold = gc.get_threshold()
    gc.set_threshold(YOUNG_OBJECTS, *threshold[1:])
    try:
        with contextlib.nullcontext() if files is None else carrying(job.context.issue.root, files):
            result = _render(job)
    finally:
        gc.set_threshold(*threshold)
    # A laid-out page is a web of reference cycles that only the cyclic
    # collector frees; left to itself it keeps a page or two alive, 100 MB more.
    # Collecting takes 20-90 ms, which an edited page waits for: done only once
    # the process is past the size where that matters.
    if _resident() > COLLECT_ABOVE:
        gc.collect()
    return result


COLLECT_ABOVE = 200 * 1024 * 1024  # bytes resident; the worker's budget is 400 MB
# A page makes millions of objects: collected every 700 new ones (Python's default),
# 200 young and 20 older collections take 0.06-0.15 s of a page; every 20,000, a
# third of that, for 20 MB more at the peak.
YOUNG_OBJECTS = 20_000


def _resident() -> int:
    """This process's resident memory now, in bytes (where unknown: above any limit)."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            pages = int(statm.read().split()[1])
    except (OSError, ValueError, IndexError):
        return 1 << 62
    return pages * resource.getpagesize()


def _render(job: PageJob) -> PageResult:
    start = time.perf_counter()
    title = page_title(job.context, job.page.number)
    with recorded_reads() as reads:
        rendered = render_page(job.context, job.page)
        pdf = page_pdf(rendered.document, title, job.options)
    findings = page_findings(job.context, job.page, rendered, pdf)
    return PageResult(
        number=job.page.number,
        pdf=pdf,
        findings=tuple(findings),
        reads=tuple(sorted((str(path), digest) for path, digest in reads.items())),
        seconds=time.perf_counter() - start,
        memory=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        composition=rendered.composition,
        compose_seconds=rendered.compose_seconds,
        jumps=rendered.jumps,
    )
