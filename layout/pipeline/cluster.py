"""Pages laid out on a Dask cluster (``build --scheduler``), not in a pool of our own.

The page tasks are the ones the local pool runs; Dask's client hands out a
``concurrent.futures`` executor for them, retries a task whose worker died
(a page task only reads its inputs and returns its result, so it is safe
to run twice), and raises a task's own error here, so a page that fails on
a worker is reported as it is locally. Dask is an optional dependency
(``newsprint[distributed]``), imported only when a scheduler is given.

A worker may not see the issue folder: the files of it that pages read
travel with the tasks (``ClusterExecutor.carry``: tasks keyed by content, so
each is sent to a worker once), and each task first checks that its worker
has this machine's code, engine, template sets and fonts (:func:`check_worker`).
"""

from __future__ import annotations

import hashlib
import re
import socket
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Executor, Future
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import layout
from layout.pipeline.keys import folder_digest
from layout.render.context import PageContext
from layout.render.engine import engine
from layout.render.fetcher import carried_files, file_digest
from layout.render.fonts import file_states, font_file
from layout.render.pictures import local_file
from layout.render.template_set import FONTS_ROOT

CONNECT_SECONDS = 10


class ClusterError(Exception):
    """The cluster cannot be used: Dask is not installed, the scheduler cannot be reached,
    or a worker would not make the pages this machine makes."""


class ClusterExecutor(Executor):
    """Dask's executor for page tasks, and a way to send them the files they read."""

    def __init__(self, client: Any) -> None:
        self.client = client
        # pure=False: the same page asked twice is laid out twice, as locally
        self.executor = client.get_executor(pure=False)

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        return self.executor.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self.executor.shutdown(wait=wait, cancel_futures=cancel_futures)

    def carry(self, files: Mapping[str, bytes]) -> dict[str, Any]:
        """``files`` as Dask futures, keyed by content: a task given them gets the bytes,
        sent to each worker once however many tasks there need them. Each is a task
        of its own (not scattered data), so that the scheduler makes it again when the
        worker that held it dies."""
        return {
            path: self.client.submit(
                _as_given, data, key=f"newsprint-file-{hashlib.sha256(data).hexdigest()}"
            )
            for path, data in files.items()
        }


def _as_given(data: bytes) -> bytes:
    return data


def worker_state(context: PageContext) -> dict[str, str]:
    """What a page's bytes depend on in the machine that lays it out, in words: the code,
    the engine, the template set's own folders, the fonts folder and the font of each role."""
    found = engine()
    state = {
        "newsprint's code": layout.source_digest(),
        "the engine": f"WeasyPrint {found.weasyprint}, Pango {found.pango}, "
        f"HarfBuzz {found.harfbuzz}",
        "the fonts folder": folder_digest(FONTS_ROOT),
    }
    root = context.issue.root.resolve()
    for folder in context.template_set.folders:
        if not folder.resolve().is_relative_to(root):  # an issue's own templates travel
            state[f"the template folder {folder.name}"] = folder_digest(folder)
    declared = {f.family for f in context.roles.files}
    for role, family in sorted(context.roles.families.items()):
        if family not in declared:
            path = font_file(family)
            state[f"the {role} font ({family})"] = f"{path}: {path and file_digest(Path(path))}"
    return state


def check_worker(expected: dict[str, str], context: PageContext) -> None:
    """Raise :class:`ClusterError` naming this worker and what differs from the client."""
    here = _state_here(context)
    differs = [name for name, value in expected.items() if here.get(name) != value]
    if differs:
        raise ClusterError(
            f"worker {_worker_name()}: {', '.join(differs)} not as on this machine "
            "(run `newsprint doctor` there; it needs the same newsprint, fonts and templates)"
        )


_known_states: dict[tuple[object, ...], dict[str, str]] = {}


def _state_here(context: PageContext) -> dict[str, str]:
    """``worker_state`` in this worker, worked out again only when a file of the template
    set or the fonts folder changed, or for other roles."""
    folders = (*context.template_set.folders, FONTS_ROOT)
    key = (
        tuple(sorted(context.roles.families.items())),
        file_states(p for folder in folders for p in sorted(folder.rglob("*")) if p.is_file()),
    )
    if key not in _known_states:
        _known_states.clear()
        _known_states[key] = worker_state(context)
    return _known_states[key]


def issue_files(context: PageContext) -> dict[str, bytes]:
    """The issue folder's files its pages may read: the articles' pictures, the pictures
    their bodies show and the issue's own templates, by absolute path."""
    root = context.issue.root
    paths = [
        image.file for page in context.issue.pages for a in page.articles() for image in a.images
    ]
    for article in context.articles.values():
        for source in _SOURCE.findall(str(article.body)):
            if (local := local_file(root, source)) is not None:
                paths.append(local)
    overrides = root / "templates"
    if overrides.is_dir():
        paths += [p for p in sorted(overrides.rglob("*")) if p.is_file()]
    return carried_files(root, paths)


_SOURCE = re.compile(r'\bsrc="([^"]*)"')


def _worker_name() -> str:
    try:
        from distributed import get_worker

        worker = get_worker()
        return f"{worker.name} ({worker.address})"
    except (ImportError, ValueError):
        return socket.gethostname()


@contextmanager
def cluster_executor(address: str | None) -> Iterator[ClusterExecutor | None]:
    """An executor on the cluster at ``address`` for as long as the block runs; None
    (the local pool) without one."""
    if address is None:
        yield None
        return
    try:
        from distributed import Client
    except ImportError:
        raise ClusterError("--scheduler needs Dask: pip install 'newsprint[distributed]'") from None
    try:
        client = Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as error:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {error}") from None
    try:
        yield ClusterExecutor(client)
    finally:
        client.close()
