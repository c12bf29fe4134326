"""`newsprint serve`: a real server process, real `newsprint build` clients on its socket."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE, page_manifest

from layout.resident.server import Fingerprint

STARTUP = 60.0  # s for the server to say where it listens
SMALL = page_manifest(
    """\
    - headline: 全区冬季消防安全检查启动
      body: |
        本报讯 全区冬季消防安全检查日前启动。检查组深入社区、学校和商场，逐一查看消防通道和器材。
    """
)


class Serving:
    """`newsprint serve` in a process of its own, its log read as it comes."""

    def __init__(self, folder: Path, **environment: str) -> None:
        self.socket = folder / "run" / "serve.sock"
        self.environment = {**os.environ, "NEWSPRINT_SOCKET": str(self.socket), **environment}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "layout", "serve", "--jobs", "2"],
            env=self.environment,
            stderr=subprocess.PIPE,
            text=True,
            cwd=folder,
        )
        self.lines: list[str] = []
        self._ready = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()
        assert self._ready.wait(STARTUP), "the server did not start"
        assert "building on" in self.lines[0], self.lines

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))
            self._ready.set()
        self._ready.set()

    def build(self, *arguments: object, **environment: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "layout", "build", *map(str, arguments)],
            env={**self.environment, **environment},
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
        )

    def logged(self, start: str, count: int = 1) -> list[str]:
        """The log lines starting with ``start``, once there are ``count`` of them."""
        deadline = time.monotonic() + 10
        while True:
            found = [line for line in self.lines if line.startswith(start)]
            if len(found) >= count or time.monotonic() > deadline:
                return found
            time.sleep(0.05)

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)


@pytest.fixture
def serving(tmp_path: Path) -> Iterator[Serving]:
    server = Serving(tmp_path)
    try:
        yield server
    finally:
        server.stop()


def small_issue(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    manifest = folder / "issue.yaml"
    manifest.write_text(SMALL, encoding="utf-8")
    return manifest


def pdfs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.pdf"))}


def test_a_build_handed_to_the_server_makes_the_same_bytes(
    serving: Serving, tmp_path: Path
) -> None:
    assert stat.S_IMODE(serving.socket.stat().st_mode) == 0o600
    assert stat.S_IMODE(serving.socket.parent.stat().st_mode) == 0o700
    served = serving.build(SAMPLE / "issue.yaml", "-o", tmp_path / "served", "-X")
    # click's own error, from the server: the client passed the arguments on unread
    assert served.returncode == 2 and "No such option '-X'" in served.stderr
    assert "exit 2" in serving.logged("build 1 ")[0]

    command = ["-m", "layout", "build", SAMPLE / "issue.yaml", "-o", tmp_path / "served"]
    served = subprocess.run(
        [sys.executable, "-X", "importtime", *command],
        env=serving.environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert served.returncode == 0, served.stderr
    assert "wrote 2 files" in served.stdout
    assert "punctuation marks made full-width" in served.stderr  # its report, on our stderr
    assert serving.logged("build 2 ")[0].split(":")[1].strip().startswith("exit 0")
    imported = {line.split("|")[-1].strip() for line in served.stderr.splitlines()}
    assert "layout.resident.protocol" in imported
    assert not {"weasyprint", "pydantic", "jinja2", "click"} & imported  # handed over, not here

    here = serving.build(SAMPLE / "issue.yaml", "-o", tmp_path / "here", "--no-server")
    assert here.returncode == 0, here.stderr
    assert len(serving.logged("build ")) == 2  # not the server's
    assert pdfs(tmp_path / "served") == pdfs(tmp_path / "here")
    assert len(pdfs(tmp_path / "here")) == 2


def test_two_builds_at_once_are_done_in_turn(serving: Serving, tmp_path: Path) -> None:
    manifests = [small_issue(tmp_path / name) for name in ("a", "b")]
    clients = [
        subprocess.Popen(
            [sys.executable, "-m", "layout", "build", str(m), "-o", str(m.parent / "out")],
            env=serving.environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for m in manifests
    ]
    for client in clients:
        _, err = client.communicate(timeout=300)
        assert client.returncode == 0, err
    assert len(serving.logged("build ", 2)) == 2
    a, b = (pdfs(m.parent / "out") for m in manifests)
    assert a == b and a


def test_the_server_refuses_a_client_with_another_environment_or_request(
    serving: Serving, tmp_path: Path
) -> None:
    manifest = small_issue(tmp_path / "issue")
    built = serving.build(manifest, "-o", tmp_path / "out", TZ="Asia/Shanghai")
    assert built.returncode == 0, built.stderr
    assert "newsprint serve: the client's environment" in built.stderr
    assert "building in this process" in built.stderr
    assert serving.logged("refused") and not serving.logged("build ", 1)[:1]

    def ask(message: bytes) -> dict[str, object]:
        with socket.socket(socket.AF_UNIX) as connection:
            connection.connect(str(serving.socket))
            connection.sendall(message)
            return json.loads(connection.makefile("rb").readline())

    assert "refused" in ask(b"[1, 2]\n")
    assert "refused" in ask(b"not json\n")
    request = {"argv": ["new", "x"], "cwd": "/", "umask": 18, "code": "", "environment": {}}
    assert "does only build" in str(ask(json.dumps(request).encode() + b"\n")["refused"])
    request["argv"] = ["build", str(manifest)]
    assert "other newsprint code" in str(ask(json.dumps(request).encode() + b"\n")["refused"])
    # still serving
    assert serving.build(manifest, "-o", tmp_path / "out").returncode == 0
    assert serving.logged("build 1 ")


def test_the_server_refuses_once_the_installed_fonts_changed(tmp_path: Path) -> None:
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"<dir>{fonts}</dir><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    server = Serving(tmp_path, FONTCONFIG_FILE=str(config))
    try:
        manifest = small_issue(tmp_path / "issue")
        assert server.build(manifest, "-o", tmp_path / "out").returncode == 0
        assert server.logged("build 1 ")
        font = subprocess.run(
            ["fc-match", "-f", "%{file}", "serif"], capture_output=True, text=True, check=True
        ).stdout
        shutil.copy(font, fonts / f"added{Path(font).suffix}")
        built = server.build(manifest, "-o", tmp_path / "out")
        assert built.returncode == 0, built.stderr
        assert "the installed fonts changed since it started" in built.stderr
        assert len(server.logged("build ", 2)) == 1
    finally:
        server.stop()


def test_a_worker_killed_mid_build_fails_that_build_only(serving: Serving, tmp_path: Path) -> None:
    copy = Path(shutil.copytree(SAMPLE, tmp_path / "sample"))
    client = subprocess.Popen(
        [sys.executable, "-m", "layout", "build", copy / "issue.yaml", "-o", tmp_path / "o"],
        env=serving.environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(1.5)  # the page is being laid out in a worker
    for pid in serving.workers():
        os.kill(pid, signal.SIGKILL)
    _, err = client.communicate(timeout=300)
    assert client.returncode == 2, err
    assert "the process laying it out died" in err and "nothing written" in err
    assert not (tmp_path / "o" / "issue.pdf").exists()
    again = serving.build(copy / "issue.yaml", "-o", tmp_path / "o")
    assert again.returncode == 0, again.stderr  # in new workers
    assert (tmp_path / "o" / "issue.pdf").exists()


def test_a_dead_server_leaves_builds_working_and_its_socket_to_the_next(tmp_path: Path) -> None:
    server = Serving(tmp_path)
    server.process.kill()
    server.process.wait()
    assert server.socket.exists()  # left behind
    manifest = small_issue(tmp_path / "issue")
    built = server.build(manifest, "-o", tmp_path / "out")
    assert built.returncode == 0, built.stderr
    assert "newsprint serve" not in built.stderr
    again = Serving(tmp_path)
    try:
        second = subprocess.run(
            [sys.executable, "-m", "layout", "serve"],
            env=again.environment,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert second.returncode == 2
        assert "a newsprint serve already listens there" in second.stderr
    finally:
        again.stop()
    assert not again.socket.exists()  # removed when it stopped


def test_an_installed_or_upgraded_distribution_changes_the_fingerprint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The distributions are read again only when a folder they are found in changed.
    monkeypatch.syspath_prepend(str(tmp_path))
    before = Fingerprint.now(())
    assert Fingerprint.now(()).engine == before.engine
    info = tmp_path / "papier-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: papier\nVersion: 1.0\n")
    installed = Fingerprint.now(())
    assert ("papier", "1.0") in installed.engine and before.changes(installed)
    upgraded = info.rename(tmp_path / "papier-2.0.dist-info")
    (upgraded / "METADATA").write_text("Metadata-Version: 2.1\nName: papier\nVersion: 2.0\n")
    assert ("papier", "2.0") in Fingerprint.now(()).engine
    assert installed.changes(Fingerprint.now(())) == ["the installed Python packages"]
