"""How ``newsprint build`` hands its work to a running ``newsprint serve``.

This module is all a client imports before it knows whether a server will
do the build: the standard library only, so that handing over costs
milliseconds, not the second it takes to import WeasyPrint.

One connection is one build. The client sends one JSON line (the command's
arguments, its working folder, umask, the digest of its code and the
environment variables that change a build); the server answers with JSON
lines of output (``{"out": text}``, ``{"err": text}``) and ends with
``{"exit": status}``, or refuses at once with ``{"refused": reason}``.
"""

from __future__ import annotations

import json
import os
import socket
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from layout import source_digest

SOCKET_VARIABLE = "NEWSPRINT_SOCKET"  # where the server listens, if not the default
NAME = "newsprint-serve.sock"
# Variables that change what a build makes: a server started with others refuses.
ENVIRONMENT_PREFIXES = ("FONTCONFIG", "PANGO", "SOURCE_DATE_EPOCH", "TZ", "LC_", "LANG")
HANDED_OVER = ("build",)  # the commands a server does


class ProtocolError(Exception):
    """A peer that does not speak this protocol (or went away mid-message)."""


def socket_path() -> Path:
    """``$NEWSPRINT_SOCKET``, else in ``$XDG_RUNTIME_DIR``, else in a folder of this
    user's own in the temporary folder."""
    if given := os.environ.get(SOCKET_VARIABLE):
        return Path(given)
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    folder = Path(runtime) if runtime else Path(tempfile.gettempdir()) / f"newsprint-{os.getuid()}"
    return folder / NAME


def private(path: Path) -> bool:
    """Whether ``path`` is this user's, in a folder of this user's that nobody else may
    write to: a socket anyone could have put there is never talked to."""
    try:
        own, folder = path.lstat(), path.parent.stat()
    except OSError:
        return False
    uid = os.getuid()
    return (
        stat.S_ISSOCK(own.st_mode)
        and own.st_uid == uid
        and folder.st_uid == uid
        and not folder.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    )


def build_environment() -> dict[str, str]:
    """The environment variables that change what a build makes, with the interpreter."""
    found = {k: v for k, v in os.environ.items() if k.startswith(ENVIRONMENT_PREFIXES)}
    return {**found, "python": sys.executable, "version": sys.version}


def request(argv: list[str]) -> dict[str, Any]:
    umask = os.umask(0)
    os.umask(umask)
    return {
        "argv": argv,
        "cwd": os.getcwd(),
        "umask": umask,
        "code": source_digest(),
        "environment": build_environment(),
    }


def send(connection: socket.socket, message: dict[str, Any]) -> None:
    connection.sendall(json.dumps(message, ensure_ascii=False).encode() + b"\n")


def messages(connection: socket.socket) -> Iterator[dict[str, Any]]:
    """The JSON lines the peer sends, until it closes the connection."""
    with connection.makefile("rb") as lines:
        for line in lines:
            try:
                message = json.loads(line)
            except ValueError:
                raise ProtocolError("not a JSON line") from None
            if not isinstance(message, dict):
                raise ProtocolError("not a JSON object")
            yield message


def hand_over(argv: list[str], out: TextIO, err: TextIO) -> int | None:
    """The exit status of the command a running server did, its output copied to
    ``out`` and ``err``; None when no server does it (none runs, or it refused)."""
    if not argv or argv[0] not in HANDED_OVER or "--no-server" in argv:
        return None
    path = socket_path()
    if not private(path):
        return None
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        connection.connect(str(path))
        send(connection, request(argv))
        for message in messages(connection):
            if "refused" in message:
                print(f"newsprint serve: {message['refused']}; building in this process", file=err)
                return None
            if "out" in message:
                out.write(str(message["out"]))
                out.flush()
            if "err" in message:
                err.write(str(message["err"]))
                err.flush()
            if "exit" in message:
                return int(message["exit"])
        print("newsprint serve: the server went away; building in this process", file=err)
    except (OSError, ProtocolError, ValueError):
        pass  # no server listens, or it does not speak this protocol
    finally:
        connection.close()
    return None
