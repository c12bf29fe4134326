"""``newsprint watch``: build on every save and show the pages in the browser.

The pages are laid out by a pool of worker processes that stays up between
builds (WeasyPrint imported, fonts loaded), and come from the build cache
when nothing they depend on changed, so after an edit to one article only
its page is laid out again. Any error of a build (a broken manifest, a
template that does not compile) is shown in the preview, and the watcher
waits for the next save.
"""

from __future__ import annotations

import errno
import hashlib
import io
import signal
import time
import traceback
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import NoReturn

import click
import watchfiles
from click.core import ParameterSource

from layout.commands.check import refusal
from layout.commands.errors import USER_ERRORS, BadInput, error_lines, printable
from layout.commands.feedback import Feedback, located, pages_summary
from layout.commands.options import DPI, jobs_option, manifest_argument, output_option
from layout.manifest import load_manifest
from layout.manifest.paper import MM
from layout.output.files import written_by_build
from layout.output.issue import write_issue
from layout.output.marks import Mark, page_marks
from layout.output.proof import page_png
from layout.pipeline import cache
from layout.pipeline.issue import BuiltIssue, WorkerDied, build_issue, default_jobs, page_pool
from layout.preview.server import PagePicture, Preview, ShownFinding, serve
from layout.render.template_set import FONTS_ROOT, TEMPLATES_ROOT

WAKE_MS = 200  # the watcher wakes up this often even when nothing changed
SETTLE_MS = 20  # a save is taken once its files have been quiet this long


@click.command()
@manifest_argument
@output_option("Folder for the PDFs, written after every build that passes the checks.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to serve on.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to serve on; 0 takes any free one. Not given, a port in use gives the next.",
)
@jobs_option
@click.option(
    "--dpi",
    type=DPI,
    default=100,
    show_default=True,
    help="Resolution of the page pictures in the preview.",
)
def watch(
    manifest: Path, output_dir: Path, host: str, port: int, jobs: int | None, dpi: float
) -> None:
    """Build MANIFEST on every save of its files and show the pages at http://HOST:PORT/.

    Watches the issue folder, the template sets and the fonts. Stop with Ctrl+C.
    """
    signal.signal(signal.SIGTERM, _interrupt)
    preview = Preview()
    asked = click.get_current_context().get_parameter_source("port")
    server = _server(preview, host, port, next_free=asked is ParameterSource.DEFAULT)
    if server.server_port != port and port:
        click.secho(f"port {port} is in use, serving on {server.server_port}", fg="yellow")
    click.secho(f"preview at http://{host}:{server.server_port}/ (Ctrl+C to stop)", bold=True)
    builder = _Builder(manifest, output_dir, jobs or default_jobs(), dpi, preview)
    output = output_dir.resolve()
    watched = [manifest.resolve().parent, TEMPLATES_ROOT, FONTS_ROOT]
    default_filter = watchfiles.DefaultFilter()

    def relevant(change: watchfiles.Change, path: str) -> bool:
        return default_filter(change, path) and not written_by_build(Path(path), output)

    changes = watchfiles.watch(
        *watched,
        watch_filter=relevant,
        raise_interrupt=False,
        yield_on_timeout=True,
        rust_timeout=WAKE_MS,
        step=SETTLE_MS,
    )
    try:
        next(changes)  # watching from here on: no save is lost while the first build runs
        builder.build()
        for changed in changes:
            if changed:
                builder.build()
    except KeyboardInterrupt:
        pass
    finally:
        builder.close()
        server.shutdown()


class _Builder:
    """One build after another, into the preview; the worker pool lives between them."""

    def __init__(
        self, manifest: Path, output_dir: Path, jobs: int, dpi: float, preview: Preview
    ) -> None:
        self.manifest = manifest
        self.output_dir = output_dir
        self.jobs = jobs
        self.dpi = dpi
        self.preview = preview
        self.pool = page_pool(jobs, threads_running=True)
        self.pictures: dict[str, bytes] = {}  # PNG by digest of the page's PDF

    def build(self) -> None:
        start = time.perf_counter()
        try:
            issue = load_manifest(self.manifest)
            built = build_issue(
                issue,
                jobs=self.jobs,
                cache=cache.PageCache(self.output_dir / cache.FOLDER),
                executor=self.pool,
            )
            reason = refusal(built.findings, allow_overset=False, force=False, hints=False)
            summary = f"{pages_summary(built)} in {time.perf_counter() - start:.2f} s"
            if reason:
                summary += f"; not written: {reason}"
            findings = [
                ShownFinding(located(issue, f), f.severity.value, bool(f.areas))
                for f in built.findings
            ]
            pictures = self._pictures(built, page_marks(built.findings))
            titles = tuple(built.titles[page.number] for page in built.pages)
            # The editor sees the pages first; the files follow.
            self.preview.show(built.title, pictures, findings, summary, titles)
            if not reason:
                write_issue(
                    self.output_dir, built.pdfs, built.titles, built.title, carry=(cache.FOLDER,)
                )
        except WorkerDied as died:
            self.pool = page_pool(self.jobs, threads_running=True)
            self._fail([f"error: {died}; the page workers are restarted, save again"])
            return
        except Exception as error:  # a bad edit of any kind must not end the watch
            lines = (
                error_lines(error)
                if isinstance(error, USER_ERRORS)
                else traceback.format_exception_only(error)
            )
            self._fail([line.rstrip("\n") for line in lines])
            return
        Feedback().findings(issue, built.findings)
        click.secho(f"build {self.preview.version}: {summary}", fg="yellow" if reason else "green")

    def close(self) -> None:
        self.pool.shutdown(cancel_futures=True)

    def _pictures(self, built: BuiltIssue, marks: dict[int, list[Mark]]) -> tuple[PagePicture, ...]:
        """A picture of every page, made again only for a page whose PDF changed."""
        pictures = []
        size_mm = (built.grid.page_width / MM, built.grid.page_height / MM)
        for page in built.pages:
            digest = hashlib.sha256(page.pdf).hexdigest()
            if digest not in self.pictures:
                buffer = io.BytesIO()
                page_png(page.pdf, self.dpi).save(buffer, "PNG", compress_level=1)
                self.pictures[digest] = buffer.getvalue()
            pictures.append(
                PagePicture(
                    page.number,
                    self.pictures[digest],
                    digest,
                    page.pdf,
                    size_mm,
                    tuple(marks.get(page.number, ())),
                )
            )
        kept = {p.digest for p in pictures}
        self.pictures = {d: png for d, png in self.pictures.items() if d in kept}
        return tuple(pictures)

    def _fail(self, lines: list[str]) -> None:
        self.preview.fail(lines)
        for line in lines:
            click.secho(line, err=True, fg="red")
        click.secho(f"build {self.preview.version} failed; waiting for the next save", fg="red")


def _server(preview: Preview, host: str, port: int, *, next_free: bool) -> ThreadingHTTPServer:
    """The preview's server, or one line and exit 2: a port taken by another program
    (another preview), an address this machine does not have."""
    try:
        return serve(preview, host, port, next_free=next_free)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            hint = "give another with --port, or --port 0 for any free one"
            reason = f"port {port} is in use" + ("" if not next_free else " and so are the next")
            raise BadInput(f"{reason}: {hint}") from None
        raise BadInput(
            f"cannot serve on {printable(host)}:{port}: {error.strerror or error}"
        ) from None


def _interrupt(signum: int, frame: object) -> NoReturn:
    """SIGTERM ends the watch as Ctrl+C does: workers and server shut down."""
    raise KeyboardInterrupt
