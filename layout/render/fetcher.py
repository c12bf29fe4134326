"""The only way the renderer reads anything: files under a few folders.

A manifest, a Markdown body or a template could otherwise make WeasyPrint
read any file on the machine or reach the network. Inside ``recorded_reads``
every file asked for is noted with a digest of what was read, so that a
cached page can later be checked against the files it was made from.
Inside ``carrying`` (a worker of a cluster, which may not see the issue
folder) the issue folder's files are the ones the task carried, never the
disk's: every reader of an issue file goes through :func:`read_regular`.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import mimetypes
import os
import stat
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

from layout.render.separation import separated

# path → sha256 of its bytes, None when it could not be read
Reads = dict[Path, str | None]

MAX_FILE_BYTES = 256 * 2**20  # a 60-megapixel TIFF, a font collection: far less
_recorders: ContextVar[tuple[Reads, ...]] = ContextVar("recorders", default=())
# the issue folder, and its files (by absolute path) as the task carried them
_carried: ContextVar[tuple[Path, Mapping[str, bytes]] | None] = ContextVar("carried", default=None)


class ForbiddenResource(ValueError):
    """A URL outside the allowed folders; WeasyPrint reports it and goes on."""


class FolderFetcher(URLFetcher):
    """Serve ``file:`` URLs inside the allowed folders, refuse everything else."""

    def __init__(self, roots: list[Path], *, cmyk_profile: bytes | None = None) -> None:
        super().__init__(allowed_protocols={"file"})
        self.roots = [root.resolve() for root in roots]
        self.cmyk_profile = cmyk_profile  # given, RGB pictures are separated with it

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme != "file":
            raise ForbiddenResource(f"not a local file: {url}")
        path = Path(unquote(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots):
            raise ForbiddenResource(f"outside the issue, templates and fonts: {url}")
        try:
            body = read_regular(path)
        except OSError:
            _record(path, None)
            raise
        _record(path, hashlib.sha256(body).hexdigest())
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        picture = media_type.startswith("image/")  # SVG too: Pillow refuses it, it stays
        if picture and self.cmyk_profile and (converted := separated(body, self.cmyk_profile)):
            body, media_type = converted
        return _Read(path.as_uri(), body=body, headers={"Content-Type": media_type})


class _Read(URLFetcherResponse):
    """A file's bytes as read here. Without a path, WeasyPrint embeds these bytes
    (separated, digested) rather than the file read again when the PDF is written."""

    @property
    def path(self) -> None:
        return None


class NotARegularFile(OSError):
    """A FIFO, a device or a folder where a file's bytes were asked for."""


def read_regular(path: Path) -> bytes:
    """A regular file's bytes: a FIFO or a device (a picture named ``/dev/zero`` through
    a symlink in the issue, a pipe) would block or never end, a huge file fill memory.
    Opened without following a symlink or blocking, then checked before it is read.

    A file of the issue folder while ``carrying`` is the carried one, or missing."""
    carried = _carried.get()
    if carried is not None and path.is_relative_to(carried[0]):
        if (data := carried[1].get(str(path))) is None:
            raise FileNotFoundError(errno.ENOENT, "not carried to this worker", str(path))
        return data
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOFOLLOW
    descriptor = os.open(path, flags)
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise NotARegularFile(errno.EINVAL, "not a regular file", str(path))
        if status.st_size > MAX_FILE_BYTES:
            raise OSError(errno.EFBIG, f"larger than {MAX_FILE_BYTES // 2**20} MB", str(path))
        with os.fdopen(descriptor, "rb", closefd=False) as file:
            return file.read(MAX_FILE_BYTES + 1)[:MAX_FILE_BYTES]
    finally:
        os.close(descriptor)


def is_file(path: Path) -> bool:
    """``path.is_file()``, for the carried files too (see ``read_regular``)."""
    carried = _carried.get()
    path = path.resolve()
    if carried is not None and path.is_relative_to(carried[0]):
        return str(path) in carried[1]
    return path.is_file()


@contextmanager
def carrying(root: Path, files: Mapping[str, bytes]) -> Iterator[None]:
    """Inside the block, the files of the folder ``root`` are ``files`` (by absolute
    path, as ``carried_files`` made them), whatever the disk has there."""
    token = _carried.set((root.resolve(), files))
    try:
        yield
    finally:
        _carried.reset(token)


def carried_files(root: Path, paths: Iterable[Path]) -> dict[str, bytes]:
    """The regular files among ``paths`` inside ``root``, read for a task to carry."""
    root = root.resolve()
    found = {}
    for path in paths:
        path = path.resolve()
        if path.is_relative_to(root):
            with contextlib.suppress(OSError):
                found[str(path)] = read_regular(path)
    return found


@contextmanager
def recorded_reads() -> Iterator[Reads]:
    """Every file fetched inside the block, with the digest of the bytes the renderer got.

    Blocks nest: a file read inside an inner block is recorded by the outer ones too.
    """
    reads: Reads = {}
    token = _recorders.set((*_recorders.get(), reads))
    try:
        yield reads
    finally:
        _recorders.reset(token)


def _record(path: Path, digest: str | None) -> None:
    for reads in _recorders.get():
        reads[path] = digest


def file_digest(path: Path) -> str | None:
    """What ``recorded_reads`` would note for the file now."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
