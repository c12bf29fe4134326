"""`build --scheduler`: the pages laid out on a real Dask cluster on 127.0.0.1.

The tests start a scheduler and two `dask worker` processes (one thread each:
WeasyPrint is not shared between threads), build through them and compare the
PDFs with a local build's, byte for byte.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE, run_cli

from layout.manifest import load_manifest
from layout.output.files import page_file
from layout.pipeline.cluster import issue_files
from layout.render.issue import issue_context

NEWSLETTER = ROOT / "issues" / "riverside-newsletter-2025-03" / "issue.yaml"
DASK = Path(sys.executable).parent / "dask"
STARTUP = 60.0  # s for the cluster to come up


class Cluster:
    def __init__(
        self, workers: int, *, hidden: Path | None = None, environment: dict[str, str] | None = None
    ) -> None:
        """``hidden``: a folder the workers do not see (an empty one is mounted over it in a
        mount namespace of their own); ``environment``: the workers' extra variables."""
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.address = f"tcp://127.0.0.1:{port}"
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        self.processes = [
            subprocess.Popen(
                [DASK, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                **quiet,
            )
        ]
        hide = []
        if hidden is not None:
            mount = f'mount -t tmpfs none "{hidden}" && exec "$0" "$@"'
            hide = ["unshare", "--mount", "sh", "-c", mount]
        self.processes += [
            subprocess.Popen(
                [
                    *hide,
                    DASK,
                    "worker",
                    self.address,
                    "--nthreads",
                    "1",
                    "--no-dashboard",
                    "--name",
                    f"w{n}",
                ],
                env={**os.environ, **(environment or {})},
                **quiet,
            )
            for n in range(workers)
        ]
        from distributed import Client

        self.client = Client(self.address, timeout=STARTUP)
        self.client.wait_for_workers(workers, timeout=STARTUP)

    def executed(self) -> dict[str, int]:
        """Tasks each worker has run, by its address."""
        return self.client.run(lambda dask_worker: dask_worker.state.executed_count)

    def stop(self) -> None:
        self.client.close()
        for process in reversed(self.processes):
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    running = Cluster(workers=2)
    try:
        yield running
    finally:
        running.stop()


def _local(manifest: Path, out: Path) -> Path:
    result = run_cli("build", manifest, "-o", out, "--no-cache", "-q")
    assert result.exit_code == 0, result.output
    return out


def _through(cluster: Cluster, out: Path, *manifests: Path) -> list[str | Path]:
    """The arguments of a fresh build of ``manifests`` into ``out`` on the cluster."""
    return ["build", *manifests, "-o", out, "--no-cache", "-q", "--scheduler", cluster.address]


def _carried(manifest: Path) -> int:
    """How many files of the issue its page tasks are sent."""
    return len(issue_files(issue_context(load_manifest(manifest))))


def _same_files(one: Path, other: Path) -> None:
    names = sorted(p.name for p in one.glob("*.pdf"))
    assert names and names == sorted(p.name for p in other.glob("*.pdf"))
    for name in names:
        assert (one / name).read_bytes() == (other / name).read_bytes(), name


@pytest.mark.parametrize(
    "manifest", [SAMPLE / "issue.yaml", NEWSLETTER], ids=["sample", "newsletter"]
)
def test_pages_laid_out_on_the_cluster_are_the_local_bytes(
    cluster: Cluster, manifest: Path, tmp_path: Path
) -> None:
    before = sum(cluster.executed().values())
    result = run_cli(*_through(cluster, tmp_path / "cluster", manifest))
    assert result.exit_code == 0, result.output
    pages = len(list((tmp_path / "cluster").glob("page-*.pdf")))
    # each page a task on a worker, and each picture it reads (sent as a task of its own)
    assert sum(cluster.executed().values()) - before == pages + _carried(manifest)
    _same_files(tmp_path / "cluster", _local(manifest, tmp_path / "local"))


def test_several_editions_in_one_command_each_in_its_folder(
    cluster: Cluster, tmp_path: Path
) -> None:
    manifests = [SAMPLE / "issue.yaml", NEWSLETTER]
    out = tmp_path / "editions"
    result = run_cli(*_through(cluster, out, *manifests))
    assert result.exit_code == 0, result.output
    for manifest in manifests:
        _same_files(out / manifest.parent.name, _local(manifest, tmp_path / manifest.parent.name))
    twice = run_cli("build", SAMPLE / "issue.yaml", SAMPLE / "issue.yaml", "-o", tmp_path / "x")
    assert twice.exit_code == 2
    assert f"two manifests in folders named {SAMPLE.name}" in twice.output
    assert not (tmp_path / "x").exists()


def test_only_the_client_writes_the_cache(cluster: Cluster, tmp_path: Path) -> None:
    # Workers wrote measures into the client's output folder: elsewhere, a path they lack.
    out = tmp_path / "out"
    for _ in range(2):
        result = run_cli(
            "build", SAMPLE / "issue.yaml", "-o", out, "-v", "--scheduler", cluster.address
        )
        assert result.exit_code == 0, result.output
    assert "page 2: from the cache" in result.stderr  # the client filed the page
    assert not list((out / ".newsprint-cache").glob("measures/*"))


def test_a_worker_killed_mid_page_has_its_page_laid_out_on_another(tmp_path: Path) -> None:
    cluster = Cluster(workers=2)
    try:
        pids = cluster.client.run(os.getpid)
        build = subprocess.Popen(
            [sys.executable, "-m", "layout", *_through(cluster, tmp_path / "cluster", NEWSLETTER)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        deadline = time.monotonic() + STARTUP
        busy: list[str] = []
        while not busy and time.monotonic() < deadline and build.poll() is None:
            busy = cluster.client.run_on_scheduler(
                lambda dask_scheduler: [
                    ts.processing_on.address
                    for ts in dask_scheduler.tasks.values()
                    if ts.processing_on is not None
                ]
            )
            time.sleep(0.05)
        assert busy, "no page was ever running on a worker"
        os.kill(pids[busy[0]], signal.SIGKILL)
        output, _ = build.communicate(timeout=300)
        assert build.returncode == 0, output
    finally:
        cluster.stop()
    _same_files(tmp_path / "cluster", _local(NEWSLETTER, tmp_path / "local"))
    assert sorted(p.name for p in (tmp_path / "cluster").glob("page-*.pdf")) == [
        page_file(1, "pdf"),
        page_file(2, "pdf"),
    ]


def test_a_scheduler_that_cannot_be_reached_is_one_line_and_nothing_written(
    tmp_path: Path,
) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    out = tmp_path / "out"
    result = run_cli(
        "build", SAMPLE / "issue.yaml", "-o", out, "--scheduler", f"tcp://127.0.0.1:{port}"
    )
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()[-1:]
    assert line.startswith(f"error: cannot reach the Dask scheduler at tcp://127.0.0.1:{port}: ")
    assert "Traceback" not in result.output
    assert not out.exists()


def _unshare_works() -> bool:
    try:
        return subprocess.run(["unshare", "--mount", "true"], check=False).returncode == 0
    except OSError:
        return False


@pytest.mark.skipif(not _unshare_works(), reason="needs unshare --mount (root on Linux)")
def test_workers_that_cannot_see_the_issue_folder_make_the_local_bytes(tmp_path: Path) -> None:
    hidden = tmp_path / "hidden"
    issue = Path(shutil.copytree(NEWSLETTER.parent, hidden / "newsletter"))
    # the issue's own stylesheet (a template override) and a picture in a body, as a worker
    # can only have them: carried with the tasks
    style = (ROOT / "templates" / "newsletter" / "style.css").read_text(encoding="utf-8")
    (issue / "templates").mkdir()
    (issue / "templates" / "style.css").write_text(
        style + "\n.headline { color: #b00000; }\n", encoding="utf-8"
    )
    (issue / "img" / "mark.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
        '<rect width="40" height="20" fill="#c00"/></svg>',
        encoding="utf-8",
    )
    article = next((issue / "articles").iterdir())
    text = article.read_text(encoding="utf-8")
    article.write_text(text + "\n\nSee the mark ![mark](img/mark.svg) here.\n", encoding="utf-8")
    sample = Path(shutil.copytree(SAMPLE, hidden / SAMPLE.name))
    cluster = Cluster(workers=2, hidden=hidden)
    try:
        seen = cluster.client.run(lambda: os.path.exists(issue / "issue.yaml"))
        assert seen and not any(seen.values())  # the workers really cannot see it
        for manifest in (sample / "issue.yaml", issue / "issue.yaml"):
            before = sum(cluster.executed().values())
            out = tmp_path / "cluster" / manifest.parent.name
            result = run_cli(*_through(cluster, out, manifest))
            assert result.exit_code == 0, result.output
            pages = len(list(out.glob("page-*.pdf")))
            ran = sum(cluster.executed().values()) - before
            assert ran == pages + _carried(manifest)  # on the workers
    finally:
        cluster.stop()
    _same_files(tmp_path / "cluster" / sample.name, _local(sample / "issue.yaml", tmp_path / "s"))
    local = _local(issue / "issue.yaml", tmp_path / "local")
    _same_files(tmp_path / "cluster" / issue.name, local)
    plain = _local(NEWSLETTER, tmp_path / "plain")
    assert (local / "page-01.pdf").read_bytes() != (plain / "page-01.pdf").read_bytes()


def test_a_worker_with_another_font_is_named_with_what_differs(tmp_path: Path) -> None:
    from layout.render.fonts import font_file, resolve_roles
    from layout.render.template_set import FONTS_ROOT

    roles = resolve_roles(FONTS_ROOT / "roles.yaml", FONTS_ROOT)
    body = font_file(roles.families["body"])
    assert body
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"<selectfont><rejectfont><glob>{body}</glob></rejectfont></selectfont>"
        f"<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    cluster = Cluster(workers=1, environment={"FONTCONFIG_FILE": str(config)})
    try:
        result = run_cli(*_through(cluster, tmp_path / "out", SAMPLE / "issue.yaml"))
    finally:
        cluster.stop()
    assert result.exit_code == 2, result.output
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith("error: worker w0 (tcp://127.0.0.1:"), line
    assert f"the body font ({roles.families['body']}) not as on this machine" in line
    assert "newsprint doctor" in line
    assert not (tmp_path / "out").exists()
