"""``newsprint serve``: builds handed over by ``newsprint build``, one after another,
in a process that stays warm (WeasyPrint imported, templates parsed, fonts
loaded, page workers started).

It is only ever this user's: the socket is made readable and writable by
its user alone, in a folder nobody else may write to, and a connection from
another user is refused. It does a build only when it would make what the
client's own process would: the same code on the disk as when it started
and as the client runs, the same engine (installed Python distributions and
shared libraries), the same installed fonts and the same environment
variables that change a build; otherwise it refuses and the client builds
in its own process. Two clients at once are served in turn.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.metadata
import io
import os
import signal
import socket
import struct
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from layout import source_digest
from layout.render.fonts import FontFiles, file_states, installed_fonts
from layout.resident.protocol import (
    HANDED_OVER,
    ProtocolError,
    build_environment,
    messages,
    private,
    send,
)

REQUEST_SECONDS = 10.0  # a client has this long to say what it wants
BACKLOG = 16  # clients waiting their turn
STOPPING = (signal.SIGINT, signal.SIGTERM)
ENGINE_LIBRARIES = ("pango", "harfbuzz", "fontconfig", "freetype", "cairo", "gobject", "glib")


class ServeError(Exception):
    """The server cannot listen where it was asked to (a bad or busy socket path)."""


@dataclass(frozen=True)
class Fingerprint:
    """What a build's bytes depend on besides its input, as this process sees it now."""

    code: str
    engine: tuple[tuple[str, str], ...]  # installed distributions, with versions
    libraries: FontFiles  # the engine's shared libraries, as files
    fonts: FontFiles
    environment: dict[str, str]

    @classmethod
    def now(cls, libraries: tuple[Path, ...]) -> Fingerprint:
        return cls(
            code=source_digest(),
            engine=_distributions(tuple(map(_folder_state, sys.path))),
            libraries=file_states(libraries),
            fonts=installed_fonts(),
            environment=build_environment(),
        )

    def changes(self, now: Fingerprint) -> list[str]:
        """What differs from ``now``, in words."""
        fields = {
            "code": "newsprint's code",
            "engine": "the installed Python packages",
            "libraries": "the engine's libraries",
            "fonts": "the installed fonts",
        }
        return [text for name, text in fields.items() if getattr(self, name) != getattr(now, name)]


@functools.lru_cache(maxsize=1)
def _distributions(folders: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, str], ...]:
    """The installed distributions, read again (25 ms) only when the metadata folders
    they are found by changed: installing, upgrading or removing one renames them."""
    return tuple(
        sorted((d.metadata["Name"] or "", d.version) for d in importlib.metadata.distributions())
    )


def _folder_state(entry: str) -> tuple[str, ...]:
    """A folder on the path, with the metadata folders (named by version) in it."""
    try:
        names = os.listdir(entry or ".")
    except OSError:
        return (entry,)
    return (entry, *sorted(n for n in names if n.endswith((".dist-info", ".egg-info"))))


def loaded_libraries() -> tuple[Path, ...]:
    """The engine's shared libraries this process has loaded (Linux: /proc/self/maps)."""
    try:
        maps = Path("/proc/self/maps").read_text(encoding="utf-8")
    except OSError:
        return ()
    found = {
        line.split(maxsplit=5)[5]
        for line in maps.splitlines()
        if line.count(" ") >= 5 and ".so" in line
    }
    return tuple(
        sorted(Path(p) for p in found if any(name in Path(p).name for name in ENGINE_LIBRARIES))
    )


class _Sink(io.RawIOBase):
    """Bytes written to a stream of the command, sent to the client as JSON lines."""

    def __init__(self, connection: socket.socket, name: str) -> None:
        self.connection = connection
        self.name = name
        self.lost = False  # the client went away: the build goes on, unheard

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        size = len(data)
        if not self.lost:
            try:
                send(self.connection, {self.name: bytes(data).decode("utf-8", "replace")})
            except OSError:
                self.lost = True
        return size


def _stream(connection: socket.socket, name: str) -> io.TextIOWrapper:
    return io.TextIOWrapper(
        _Sink(connection, name), encoding="utf-8", line_buffering=True, write_through=True
    )


@contextlib.contextmanager
def listening(path: Path) -> Iterator[socket.socket]:
    """A socket at ``path`` only this user may use, removed at the end."""
    folder = path.parent
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except OSError as error:
        raise ServeError(f"{folder}: {error.strerror}") from None
    if info.st_uid != os.getuid() or info.st_mode & 0o022:
        raise ServeError(f"{folder}: not a folder of this user's alone; give --socket elsewhere")
    if os.path.lexists(path):
        if not private(path):
            raise ServeError(f"{path}: exists and is not this user's socket")
        probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            probe.connect(str(path))
        except OSError:
            path.unlink()  # left by a server that is gone
        else:
            raise ServeError(f"{path}: a newsprint serve already listens there")
        finally:
            probe.close()
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    mask = os.umask(0o177)  # the socket is born readable and writable by its user only
    try:
        server.bind(str(path))
    except OSError as error:
        server.close()
        raise ServeError(f"{path}: {error.strerror}") from None
    finally:
        os.umask(mask)
    bound = path.stat()
    try:
        server.listen(BACKLOG)
        yield server
    finally:
        server.close()
        with contextlib.suppress(OSError):
            if path.stat().st_ino == bound.st_ino:  # not a socket another server made since
                path.unlink()


class Server:
    """Builds for clients, in turn, with ``pool`` (warm page workers) as their pages' executor."""

    def __init__(self, pool: Callable[[], Executor], log: Callable[[str], None]) -> None:
        self._make_pool = pool
        self.log = log
        self.pool = pool()
        self.libraries = loaded_libraries()
        self.started = Fingerprint.now(self.libraries)
        self.builds = 0

    def serve(self, server: socket.socket, stopping: Callable[[], bool]) -> None:
        while not stopping():
            try:
                connection, _ = server.accept()
            except InterruptedError:
                continue
            with connection:
                self.handle(connection)

    def handle(self, connection: socket.socket) -> None:
        try:
            pid, uid = _peer(connection)
            if uid not in (None, os.getuid()):
                self._refuse(
                    connection, pid, f"this server builds for its own user only, not {uid}"
                )
                return
            connection.settimeout(REQUEST_SECONDS)
            try:
                asked = next(messages(connection), None)
            except ProtocolError as error:
                self._refuse(connection, pid, f"not a request: {error}")
                return
            connection.settimeout(None)
            problem = _malformed(asked)
            if asked is None or problem:
                self._refuse(connection, pid, problem)
                return
            if reasons := self.refusal(asked):
                self._refuse(connection, pid, reasons)
                return
            start = time.perf_counter()
            status = self.run(asked, connection)
            seconds = time.perf_counter() - start
            self.log(f"build {self.builds} for pid {pid}: exit {status}, {seconds:.2f} s")
            send(connection, {"exit": status})
        except OSError:
            return  # the client went away: nothing to tell it

    def _refuse(self, connection: socket.socket, pid: int | None, reasons: str) -> None:
        self.log(f"refused pid {pid}: {reasons}")
        send(connection, {"refused": reasons})

    def refusal(self, asked: dict[str, Any]) -> str:
        """Why this server may not build for this client now, or ""."""
        now = Fingerprint.now(self.libraries)
        changed = self.started.changes(now)
        if changed:
            return f"{' and '.join(changed)} changed since it started (restart it)"
        if asked["code"] != self.started.code:
            return "the client runs other newsprint code than the server"
        if asked["environment"] != self.started.environment:
            return "the client's environment (fonts, locale, Python) is not the server's"
        return ""

    def run(self, asked: dict[str, Any], connection: socket.socket) -> int:
        from layout.cli import cli

        if getattr(self.pool, "_broken", False):  # a worker died in the last build
            self.pool = self._make_pool()
        self.builds += 1
        home, mask = os.getcwd(), os.umask(asked["umask"])
        out, err = _stream(connection, "out"), _stream(connection, "err")
        try:
            os.chdir(asked["cwd"])
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                try:
                    cli.main(args=asked["argv"], prog_name="newsprint", obj=self.pool)
                except SystemExit as exit:
                    return _status(exit.code)
            return 0
        except OSError as error:  # the client's folder is gone
            err.write(f"error: {asked['cwd']}: {error.strerror}\n")
            return 2
        finally:
            os.chdir(home)
            os.umask(mask)


def _status(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def _peer(connection: socket.socket) -> tuple[int | None, int | None]:
    """The process at the other end and its user (Linux), None where they cannot be known."""
    option = getattr(socket, "SO_PEERCRED", None)
    if option is None:
        return None, None
    credentials = connection.getsockopt(socket.SOL_SOCKET, option, struct.calcsize("3i"))
    pid, uid, _gid = struct.unpack("3i", credentials)
    return int(pid), int(uid)


def _malformed(asked: dict[str, Any] | None) -> str:
    """What is wrong with a request, or ""."""
    if asked is None:
        return "no request"
    argv, cwd = asked.get("argv"), asked.get("cwd")
    if not isinstance(argv, list) or not all(isinstance(a, str) for a in argv):
        return "a request's argv is a list of strings"
    if not argv or argv[0] not in HANDED_OVER:
        return f"this server does only {', '.join(HANDED_OVER)}"
    if not isinstance(cwd, str) or not os.path.isabs(cwd):
        return "a request's cwd is an absolute path"
    if not isinstance(asked.get("umask"), int) or not 0 <= asked["umask"] <= 0o777:
        return "a request's umask is a number"
    if not isinstance(asked.get("code"), str) or not isinstance(asked.get("environment"), dict):
        return "a request names its code and environment"
    return ""


@contextlib.contextmanager
def stopped_by_signals() -> Iterator[Callable[[], bool]]:
    """Ctrl-C and SIGTERM stop the server, also in the middle of a build (whose
    client is told it was interrupted, status 130, and nothing is written)."""
    stop = False

    def on_signal(number: int, frame: object) -> None:
        nonlocal stop
        stop = True
        raise KeyboardInterrupt

    previous = {number: signal.signal(number, on_signal) for number in STOPPING}
    try:
        yield lambda: stop
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
