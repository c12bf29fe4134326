"""A small HTTP server for the preview, on localhost, from the standard library.

``/`` is the page an editor proofs on (``static/``: the pages as pictures,
zoomable to their printed size, the findings drawn on them and listed with
their manifest lines, and the error of the last build if it failed). It
listens on ``/events`` (server-sent events) and redraws itself from
``/state.json`` when a build finishes. ``/pages/N.png`` and ``/pages/N.pdf``
are the shown build's pages and ``/issue.pdf`` all of them in one file:
the server serves only what it holds in memory, never a file by its name.
"""

from __future__ import annotations

import errno
import json
import threading
import time
from dataclasses import dataclass, field
from functools import cache, lru_cache
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import Any, cast
from urllib.parse import urlsplit

from layout.output.marks import STYLES, Mark, css_colour
from layout.output.pdf import issue_pdf

KEEPALIVE = 15.0  # s between comments on an idle event stream
SHADE_ALPHA = 0.28
MARK_STYLES = {  # how the page draws each kind of mark, as in the annotated proofs
    kind: {"colour": css_colour(kind), "shade": css_colour(kind, SHADE_ALPHA), "shaded": shaded}
    for kind, (_, shaded) in STYLES.items()
}
STATIC = {  # the preview's own files: name, content type
    "/": ("preview.html", "text/html; charset=utf-8"),
    "/static/preview.css": ("preview.css", "text/css; charset=utf-8"),
    "/static/preview.js": ("preview.js", "text/javascript; charset=utf-8"),
}


@dataclass(frozen=True)
class PagePicture:
    number: int
    png: bytes
    digest: str  # of the page's PDF: the picture's version
    pdf: bytes = b""
    size_mm: tuple[float, float] = (210.0, 297.0)  # the trimmed page
    marks: tuple[Mark, ...] = ()


@dataclass(frozen=True)
class ShownFinding:
    text: str  # as build prints it: manifest line, page, article, problem
    severity: str
    marked: bool  # drawn on its page


@dataclass(frozen=True)
class ShownBuild:
    """A build the preview shows: its pages, and what the checks found on them."""

    version: int
    at: str  # when it finished, the terminal's local time
    title: str
    summary: str
    pages: tuple[PagePicture, ...]
    findings: tuple[ShownFinding, ...]
    titles: tuple[str, ...]  # each page PDF's, for the issue PDF


@dataclass
class Preview:
    """What the preview shows; builds update it, request threads read it."""

    version: int = 0  # one more after every build, good or bad
    built: ShownBuild | None = None  # the last build that went through
    error: tuple[str, ...] = ()  # lines; empty when the last build went through
    failed_at: str | None = None
    changed: threading.Condition = field(default_factory=threading.Condition)

    def show(
        self,
        title: str,
        pages: tuple[PagePicture, ...],
        findings: list[ShownFinding],
        summary: str,
        titles: tuple[str, ...] = (),
    ) -> None:
        with self.changed:
            self.version += 1
            self.built = ShownBuild(
                self.version, _now(), title, summary, pages, tuple(findings), titles
            )
            self.error, self.failed_at = (), None
            self.changed.notify_all()

    def fail(self, lines: list[str]) -> None:
        """The last build failed: say why; its findings are gone with it, the pages of
        the last good one stay in view, said to be that build's."""
        with self.changed:
            self.version += 1
            self.error, self.failed_at = tuple(lines), _now()
            self.changed.notify_all()

    def state(self) -> dict[str, Any]:
        with self.changed:
            built, failed = self.built, bool(self.error)
            return {
                "version": self.version,
                "title": built.title if built else "newsprint",
                "summary": built.summary if built else "",
                "built": {"version": built.version, "at": built.at} if built else None,
                "error": "\n".join(self.error) or None,
                "failed_at": self.failed_at,
                "findings": [] if failed or not built else [vars(f) for f in built.findings],
                "pages": [_page_state(p, failed) for p in built.pages] if built else [],
                "styles": MARK_STYLES,
            }

    def file(self, path: str) -> tuple[bytes, str] | None:
        """A file of the shown build: a page's picture or PDF, or the issue PDF."""
        with self.changed:
            built = self.built
        if built is None:
            return None
        if path == "/issue.pdf":
            return (self._issue_pdf(built), "application/pdf") if built.pages else None
        name, _, suffix = path.removeprefix("/pages/").rpartition(".")
        if not path.startswith("/pages/") or not (name.isascii() and name.isdigit()):
            return None  # not "²", which isdigit() takes
        page = next((p for p in built.pages if p.number == int(name)), None)
        if page is None:
            return None
        if suffix == "png":
            return page.png, "image/png"
        if suffix == "pdf" and page.pdf:
            return page.pdf, "application/pdf"
        return None

    def wait(self, seen: int, timeout: float) -> int:
        """The version, as soon as it is not ``seen`` or after ``timeout`` seconds."""
        with self.changed:
            self.changed.wait_for(lambda: self.version != seen, timeout)
            return self.version

    @staticmethod
    @lru_cache(maxsize=1)
    def _issue_pdf(built: ShownBuild) -> bytes:
        """Made when first asked for: most builds are looked at, not downloaded."""
        pdfs = [page.pdf for page in built.pages]
        titles = list(built.titles) or [built.title] * len(pdfs)
        return issue_pdf(pdfs, titles, built.title)


def _page_state(page: PagePicture, failed: bool) -> dict[str, Any]:
    return {
        "number": page.number,
        "digest": page.digest,
        "url": f"/pages/{page.number}.png?v={page.digest[:16]}",
        "pdf": f"/pages/{page.number}.pdf?v={page.digest[:16]}",
        "width_mm": page.size_mm[0],
        "height_mm": page.size_mm[1],
        "marks": []
        if failed
        else [
            {"kind": m.kind, "label": m.label, "finding": m.finding, **vars(m.area)}
            for m in page.marks
        ],
    }


def _now() -> str:
    return time.strftime("%H:%M:%S")


PORTS_TRIED = 20  # past the one asked for, when it is taken and may be given up


def serve(
    preview: Preview, host: str, port: int, *, next_free: bool = False
) -> ThreadingHTTPServer:
    """Start serving in a background thread; ``port`` 0 takes any free one, and with
    ``next_free`` a port in use (another preview running) gives the next free one."""
    tries = PORTS_TRIED if next_free and port else 0
    for candidate in range(port, port + tries + 1):
        try:
            server = ThreadingHTTPServer((host, candidate), _handler(preview))
            break
        except OSError as error:
            if error.errno != errno.EADDRINUSE or candidate == port + tries:
                raise
    server.daemon_threads = True  # open event streams do not hold up the exit
    threading.Thread(target=server.serve_forever, name="preview", daemon=True).start()
    return server


@cache
def _static(name: str) -> bytes:
    return resources.files("layout.preview").joinpath("static", name).read_bytes()


def _handler(preview: Preview) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if not self._host_allowed():
                self.send_error(HTTPStatus.FORBIDDEN)
                return
            path = urlsplit(self.path).path
            if path in STATIC:
                name, content_type = STATIC[path]
                self._send(content_type, _static(name))
            elif path == "/state.json":
                body = json.dumps(preview.state(), ensure_ascii=False).encode()
                self._send("application/json", body)
            elif path == "/events":
                self._events()
            elif (found := preview.file(path)) is not None:
                self._send(found[1], found[0])
            else:
                self.send_error(HTTPStatus.NOT_FOUND)

        def _host_allowed(self) -> bool:
            """Only requests for this machine by a name of its own: a page elsewhere
            whose name was made to point here (DNS rebinding) reads nothing."""
            bound, port = cast(tuple[str, int], self.server.server_address)[:2]
            names = {"127.0.0.1", "localhost", "[::1]", str(bound)}
            return self.headers.get("Host", "") in {f"{name}:{port}" for name in names}

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: the terminal is for the builds."""

        def _send(self, content_type: str, body: bytes) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            self.wfile.write(body)

        def _events(self) -> None:
            """The version now and after every build, until the browser goes away."""
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            seen = -1
            try:
                while True:
                    version = preview.wait(seen, KEEPALIVE)
                    message = f"data: {version}\n\n" if version != seen else ": idle\n\n"
                    self.wfile.write(message.encode())
                    self.wfile.flush()
                    seen = version
            except OSError:  # the browser closed the stream
                return

    return Handler
