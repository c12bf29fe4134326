"""One build of an issue: pages from the cache or laid out in parallel, in issue order."""

from __future__ import annotations

import ctypes
import ctypes.util
import dataclasses
import gc
import multiprocessing
import os
import select
import signal
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import CancelledError, Executor, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from layout.check.findings import Finding, Severity
from layout.check.stylesheets import stylesheet_findings
from layout.manifest import Issue, Page
from layout.output.pdf import PdfOptions, pdf_options
from layout.pipeline.cache import PageCache
from layout.pipeline.cluster import ClusterError, ClusterExecutor, issue_files, worker_state
from layout.pipeline.keys import measure_salt, page_key, shared_inputs
from layout.pipeline.pages import PageJob, PageResult, render_job
from layout.render.context import PageContext
from layout.render.geometry import Grid
from layout.render.issue import issue_context, issue_title, page_title
from layout.render.page import Jump
from layout.render.press import DEFAULT_PRESS, Press
from layout.render.template_set import FONTS_ROOT
from layout.typeset.article import TypesetArticle, continuation, rest_part

# Called as each page is ready, with True when it came from the cache.
Progress = Callable[[PageResult, bool], None]
PR_SET_PDEATHSIG = 1  # prctl(2)


@dataclass(frozen=True)
class BuiltIssue:
    issue: Issue
    articles: dict[str, TypesetArticle]
    pages: tuple[PageResult, ...]  # in issue order
    cached: frozenset[int]  # numbers of the pages served from the cache
    grid: Grid
    sheets: tuple[Finding, ...] = ()  # what the template set's stylesheets lose
    title: str = ""  # the issue PDF's, in the template set's words
    titles: dict[int, str] = dataclasses.field(default_factory=dict)  # each page PDF's
    left_out: tuple[Finding, ...] = ()  # the empty pages at the end, not in the PDFs

    @property
    def rendered(self) -> list[int]:
        """Numbers of the pages laid out by this build."""
        return [page.number for page in self.pages if page.number not in self.cached]

    @property
    def findings(self) -> list[Finding]:
        """The issue's, then page by page in issue order, errors before warnings within a page."""
        pages = (finding for page in self.pages for finding in page.findings)
        return [*self.sheets, *pages, *self.left_out]

    @property
    def pdfs(self) -> dict[int, bytes]:
        return {page.number: page.pdf for page in self.pages}


class WorkerDied(Exception):
    """Worker processes laying out these pages died (killed, or out of memory): twice
    in pools of the build's own, once in a pool it was given."""

    def __init__(self, pages: list[int], *, twice: bool = True) -> None:
        numbers = ", ".join(map(str, pages))
        how = "died twice" if twice else "died"
        super().__init__(
            f"page {numbers}: the process laying it out {how} "
            "(killed, or out of memory); nothing written"
        )
        self.pages = pages


def default_jobs() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def build_issue(
    issue: Issue,
    press: Press = DEFAULT_PRESS,
    *,
    cmyk_profile: Path | None = None,
    jobs: int = 1,
    cache: PageCache | None = None,
    executor: Executor | None = None,
    remote: bool = False,
    progress: Progress | None = None,
) -> BuiltIssue:
    """Every page laid out, checked and written to PDF, or taken from ``cache``.

    Pages run in ``executor`` if given (a pool kept warm between builds, or a
    cluster's), else in a pool of ``jobs`` processes made for this build, else
    (one job or one page to lay out) in this process; the PDFs are the same
    either way. ``remote`` executors' workers may not see this machine's
    files: they keep no measures in the cache, which only this process writes.
    """
    context = issue_context(issue, press)
    issue = context.issue  # with the furniture made from it (page 1's index)
    options = pdf_options(issue, press, cmyk_profile)
    if press.pdf_x == "1a":
        context = dataclasses.replace(context, cmyk_pictures=options.profile)
    if cache is not None and not remote:
        context = dataclasses.replace(context, measures=cache.measures(measure_salt(context)))
    shared = shared_inputs(context, options) if cache is not None else {}
    carried = _carried(context, executor) if remote else None
    results: dict[int, PageResult] = {}
    cached: set[int] = set()
    keys: dict[int, str] = {}
    arriving: dict[int, list[Jump]] = {}  # the rests of jumped articles, by their page
    while len(results) < len(issue.pages):
        # Pages whose jumped articles' starts are set: the rest is cut where they end.
        ready = [
            _with_rests(context, page, arriving.get(page.number, []), options)
            for page in issue.pages
            if page.number not in results and _sources(issue, page) <= results.keys()
        ]
        todo = []
        for job in ready:
            hit = None
            if cache is not None:
                keys[job.page.number] = page_key(shared, job.page, job.jumps)
                hit = cache.get(keys[job.page.number])
            if hit is None:
                todo.append(job)
                continue
            results[hit.number] = hit
            cached.add(hit.number)
            if progress:
                progress(hit, True)
        for result in _run(todo, jobs, executor, carried):
            results[result.number] = result
            if progress:
                progress(result, False)
        for job in ready:
            for jump in results[job.page.number].jumps:
                arriving.setdefault(jump.to_page, []).append(jump)
    if cache is not None:
        # Only what was laid out from the inputs the keys describe is kept:
        # a template or font that changed meanwhile would file it wrongly.
        laid_out = [number for number in keys if number not in cached]
        if laid_out and shared_inputs(context, options, afresh=True) == shared:
            for number in laid_out:
                cache.put(keys[number], results[number])
        cache.prune(set(keys.values()))
    empty = _empty_end(issue, arriving)
    pages = tuple(results[page.number] for page in issue.pages if page.number not in empty)
    if carried is not None:
        _check_carried(issue.root, pages)
    template_set = context.template_set
    sheets = stylesheet_findings(
        sorted(p for folder in template_set.folders for p in folder.glob("*.css")),
        [issue.root, *template_set.folders, FONTS_ROOT],
    )
    left_out = [
        Finding(
            number,
            Severity.WARNING,
            "empty-page",
            None,
            None,
            "left out of the PDFs: nothing continued on it (the articles that were to "
            "jump here fit where they start); delete the page from the manifest",
        )
        for number in sorted(empty)
    ]
    return BuiltIssue(
        issue,
        context.articles,
        pages,
        frozenset(cached),
        context.grid,
        tuple(sheets),
        issue_title(context),
        {page.number: page_title(context, page.number) for page in issue.pages},
        tuple(left_out),
    )


def page_pool(jobs: int, *, threads_running: bool = False) -> ProcessPoolExecutor:
    """Worker processes for pages.

    Forked from this process where it is safe (no other threads when the
    workers start), which saves each worker importing WeasyPrint; otherwise
    from a fork server that has imported it once.
    """
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and not threads_running:
        # What the workers inherit is never collected: their collections skip it.
        gc.freeze()
        return ProcessPoolExecutor(
            jobs,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_die_with_parent,
            initargs=(os.getpid(),),
        )
    if "forkserver" in methods:
        server = multiprocessing.get_context("forkserver")
        server.set_forkserver_preload([render_job.__module__])
        return ProcessPoolExecutor(
            jobs, mp_context=server, initializer=_die_with_build, initargs=(os.getpid(),)
        )
    return ProcessPoolExecutor(jobs)


def _die_with_parent(parent: int) -> None:
    """A worker ends when the build does, even killed (SIGKILL leaves no time to stop
    a pool): Linux sends it SIGTERM the moment its parent goes."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):  # not Linux: the pool's own shutdown has to do
        return
    if os.getppid() != parent:  # the build went before the line above ran
        os._exit(1)


def _die_with_build(build: int) -> None:
    """A worker of the fork server is not the build's child, so no signal tells it
    the build went: it watches the build's process and ends with it (and the fork
    server, which lives while its workers do, then ends too)."""
    try:
        handle = os.pidfd_open(build)
    except ProcessLookupError:
        os._exit(1)
    except (OSError, AttributeError):  # not Linux ≥ 5.3: the pool's own shutdown has to do
        return

    def watch() -> None:
        select.select([handle], [], [])  # readable once the process has ended
        os._exit(1)

    threading.Thread(target=watch, name="newsprint-build-watch", daemon=True).start()


@dataclass(frozen=True)
class _Carried:
    """What page tasks on workers that may not see this machine's files are given."""

    worker: dict[str, str]  # what the worker must have as this machine has it
    files: dict[str, Any]  # the issue folder's files (or the cluster's futures of them)


def _carried(context: PageContext, executor: Executor | None) -> _Carried:
    files: dict[str, Any] = issue_files(context)
    if isinstance(executor, ClusterExecutor):
        files = executor.carry(files)
    return _Carried(worker_state(context), files)


def _check_carried(root: Path, pages: tuple[PageResult, ...]) -> None:
    """A file of the issue a worker looked for and had not been sent: its page may differ
    from this machine's, so it is an error (of ours: ``issue_files`` missed it)."""
    root = root.resolve()
    for page in pages:
        for path, digest in page.reads:
            if digest is None and Path(path).is_relative_to(root) and Path(path).is_file():
                raise ClusterError(
                    f"page {page.number}: {path} was not sent to the workers that laid it "
                    "out; build without --scheduler, and please report it"
                )


def _run(
    todo: list[PageJob], jobs: int, executor: Executor | None, carried: _Carried | None = None
) -> Iterator[PageResult]:
    """Results in the order they are ready."""
    done: set[int] = set()
    if executor is not None:
        try:
            for result in _submitted(todo, executor, carried):
                done.add(result.number)
                yield result
        except BrokenProcessPool:  # a pool kept between builds: the next build makes one anew
            raise WorkerDied(sorted({j.page.number for j in todo} - done), twice=False) from None
        except CancelledError:  # a cluster that lost what the task needed
            left = ", ".join(map(str, sorted({j.page.number for j in todo} - done)))
            raise ClusterError(
                f"page {left}: the cluster gave the pages up; nothing written"
            ) from None
        return
    if jobs <= 1 or len(todo) <= 1:
        yield from map(render_job, todo)
        return
    try:
        with page_pool(min(jobs, len(todo))) as pool:
            for result in _submitted(todo, pool):
                done.add(result.number)
                yield result
        return
    except BrokenProcessPool:  # a worker was killed: which page it had, none can say
        pass
    # Once more, each page left in a worker of its own, so that a page that
    # kills its worker again is named.
    dead = []
    for job in (job for job in todo if job.page.number not in done):
        try:
            with page_pool(1) as pool:
                result = pool.submit(render_job, job).result()
        except BrokenProcessPool:
            dead.append(job.page.number)
            continue
        yield result
    if dead:
        raise WorkerDied(dead)


def _submitted(
    todo: list[PageJob], executor: Executor, carried: _Carried | None = None
) -> Iterator[PageResult]:
    extra = () if carried is None else (carried.worker, carried.files)
    futures = [executor.submit(render_job, job, *extra) for job in todo]
    try:
        for future in as_completed(futures):
            yield future.result()
    finally:
        for future in futures:
            future.cancel()


def _empty_end(issue: Issue, arriving: dict[int, list[Jump]]) -> set[int]:
    """The last pages that hold nothing: only rests of jumped articles were to go
    there, and none came (a page InDesign's smart reflow would delete). The first
    page always stays."""
    empty: set[int] = set()
    for page in reversed(issue.pages[1:]):
        if page.items or arriving.get(page.number):
            break
        empty.add(page.number)
    return empty


def _sources(issue: Issue, page: Page) -> set[int]:
    """The pages with articles that continue on this one."""
    return {
        other.number
        for other in issue.pages
        for article in other.articles()
        if article.jump == page.number
    }


def _with_rests(
    context: PageContext, page: Page, jumps: list[Jump], options: PdfOptions
) -> PageJob:
    """What a worker is sent: the issue, this page's typeset articles, and after them the
    rests of the articles that continue here."""
    articles = {a.key: context.articles[a.key] for a in page.articles()}
    started = {a.key: a for other in context.issue.pages for a in other.articles()}
    rests = []
    for jump in jumps:
        article = started[jump.key]
        articles[jump.key] = rest_part(
            context.articles[jump.key], jump.at, jump.from_page, article.jump_headline
        )
        rests.append(continuation(article))
    page = dataclasses.replace(page, items=[*page.items, *rests])
    return PageJob(dataclasses.replace(context, articles=articles), page, options, tuple(jumps))
