"""A small HTTP server for the preview, on localhost, from the standard library.

``/`` is the page an editor looks at: the pages as pictures, the findings,
and the error of the last build if it failed (the pictures of the last good
build stay below it). It listens on ``/events`` (server-sent events) and
reloads itself when a build finishes. ``/state.json`` says the same for
scripts and tests; ``/pages/N.png`` are the pictures.
"""

from __future__ import annotations

import errno
import html
import json
import threading
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

KEEPALIVE = 15.0  # s between comments on an idle event stream


@dataclass(frozen=True)
class PagePicture:
    number: int
    png: bytes
    digest: str  # of the page's PDF: the picture's version


@dataclass
class Preview:
    """What the preview shows; builds update it, request threads read it."""

    title: str = "newsprint"
    version: int = 0  # one more after every build, good or bad
    pages: tuple[PagePicture, ...] = ()
    findings: tuple[str, ...] = ()
    summary: str = ""
    error: tuple[str, ...] = ()  # lines; empty when the last build went through
    changed: threading.Condition = field(default_factory=threading.Condition)

    def show(
        self, title: str, pages: tuple[PagePicture, ...], findings: list[str], summary: str
    ) -> None:
        with self.changed:
            self.title, self.pages, self.summary = title, pages, summary
            self.findings = tuple(findings)
            self.error = ()
            self._next()

    def fail(self, lines: list[str]) -> None:
        """The last build failed: say why, above the pages of the last good one."""
        with self.changed:
            self.error = tuple(lines)
            self._next()

    def state(self) -> dict[str, Any]:
        with self.changed:
            return {
                "version": self.version,
                "title": self.title,
                "summary": self.summary,
                "error": "\n".join(self.error) or None,
                "findings": list(self.findings),
                "pages": [
                    {"number": p.number, "digest": p.digest, "url": _picture_url(p)}
                    for p in self.pages
                ],
            }

    def picture(self, number: int) -> bytes | None:
        with self.changed:
            return next((p.png for p in self.pages if p.number == number), None)

    def wait(self, seen: int, timeout: float) -> int:
        """The version, as soon as it is not ``seen`` or after ``timeout`` seconds."""
        with self.changed:
            self.changed.wait_for(lambda: self.version != seen, timeout)
            return self.version

    def _next(self) -> None:
        self.version += 1
        self.changed.notify_all()


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


def _handler(preview: Preview) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if not self._host_allowed():
                self.send_error(HTTPStatus.FORBIDDEN)
                return
            path = urlsplit(self.path).path
            if path == "/":
                self._send("text/html; charset=utf-8", _page(preview.state()).encode())
            elif path == "/state.json":
                body = json.dumps(preview.state(), ensure_ascii=False).encode()
                self._send("application/json", body)
            elif path == "/events":
                self._events()
            elif path.startswith("/pages/") and path.endswith(".png"):
                number = path.removeprefix("/pages/").removesuffix(".png")
                whole = number.isascii() and number.isdigit()  # not "²", which isdigit() takes
                picture = preview.picture(int(number)) if whole else None
                if picture is None:
                    self.send_error(HTTPStatus.NOT_FOUND)
                else:
                    self._send("image/png", picture)
            else:
                self.send_error(HTTPStatus.NOT_FOUND)

        def _host_allowed(self) -> bool:
            """Only requests for this machine by a name of its own: a page elsewhere
            whose name was made to point here (DNS rebinding) reads nothing."""
            bound, port = self.server.server_address[:2]
            names = {"127.0.0.1", "localhost", "[::1]", str(bound)}
            return self.headers.get("Host", "") in {f"{name}:{port}" for name in names}

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: the terminal is for the builds."""

        def _send(self, content_type: str, body: bytes) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
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


def _picture_url(page: PagePicture) -> str:
    return f"/pages/{page.number}.png?v={page.digest[:16]}"


def _page(state: dict[str, Any]) -> str:
    escape = html.escape
    error = f'<pre class="error">{escape(state["error"])}</pre>' if state["error"] else ""
    findings = "".join(f"<li>{escape(f)}</li>" for f in state["findings"])
    pages = "".join(
        f'<figure><img src="{p["url"]}" alt="第{p["number"]}版">'
        f"<figcaption>第{p['number']}版</figcaption></figure>"
        for p in state["pages"]
    )
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{escape(state["title"])} · newsprint</title>
<style>
body {{ margin: 0; background: #6b6b6b; font: 14px/1.4 system-ui, sans-serif; color: #222; }}
header {{ background: #222; color: #eee; padding: 6px 12px; }}
.error {{ background: #fee; color: #900; border: 3px solid #c00; margin: 12px;
  padding: 12px; white-space: pre-wrap; font-size: 15px; }}
.findings {{ background: #fff8e0; margin: 12px; padding: 8px 8px 8px 28px; }}
.findings:empty {{ display: none; }}
.pages {{ display: flex; flex-wrap: wrap; gap: 16px; padding: 12px; }}
figure {{ margin: 0; text-align: center; color: #fff; }}
img {{ height: calc(100vh - 90px); background: #fff; box-shadow: 0 2px 8px #0008; }}
</style>
</head>
<body>
<header>{escape(state["title"])} — build {state["version"]}: {escape(state["summary"])}</header>
{error}
<ul class="findings">{findings}</ul>
<div class="pages">{pages}</div>
<script>
const shown = "{state["version"]}";
new EventSource("/events").onmessage = (event) => {{
  if (event.data !== shown) location.reload();
}};
</script>
</body>
</html>
"""
