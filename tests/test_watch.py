"""`newsprint watch` for real: a process serving the preview, fed by edits to the files."""

from __future__ import annotations

import hashlib
import http.client
import json
import re
import selectors
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli

from layout.preview.server import PORTS_TRIED, Preview, serve

TIMEOUT = 60.0  # s for a build to show up in the preview


class Watcher:
    def __init__(self, process: subprocess.Popen[str], url: str) -> None:
        self.process = process
        self.url = url

    def get(self, path: str) -> bytes:
        with urllib.request.urlopen(self.url + path, timeout=10) as response:
            return response.read()

    def state(self) -> dict[str, Any]:
        return json.loads(self.get("/state.json"))

    def wait(self, done: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "the watcher ended"
            state = self.state()
            if done(state):
                return state
            time.sleep(0.1)
        raise AssertionError(f"the preview did not change: {self.state()}")

    def picture(self, state: dict[str, Any]) -> str:
        (page,) = state["pages"]
        return hashlib.sha256(self.get(page["url"])).hexdigest()


@pytest.fixture
def watcher(sample_copy: Path, tmp_path: Path) -> Iterator[Watcher]:
    command = ["watch", sample_copy, "-o", tmp_path / "out", "--port", "0", "--jobs", "2"]
    process = subprocess.Popen(
        [sys.executable, "-m", "layout", *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield Watcher(process, _preview_url(process))
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
    assert process.returncode == 0


def _preview_url(process: subprocess.Popen[str]) -> str:
    """The address the watcher says it serves on, from its first lines."""
    assert process.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline and selector.select(deadline - time.monotonic()):
            line = process.stdout.readline()
            if match := re.search(r"http://127\.0\.0\.1:\d+", line):
                return match.group()
            assert line, "the watcher ended before serving"
    raise AssertionError("the watcher did not say where it serves")


def test_the_preview_follows_edits_and_shows_a_broken_manifest(
    watcher: Watcher, sample_copy: Path
) -> None:
    first = watcher.wait(lambda s: s["version"] >= 1)
    assert first["error"] is None, first["error"]
    assert [p["number"] for p in first["pages"]] == [2]
    page = watcher.get("/").decode()
    assert first["pages"][0]["url"] in page
    assert 'new EventSource("/events")' in page
    before = watcher.picture(first)

    host, port = watcher.url.removeprefix("http://").split(":")
    events = http.client.HTTPConnection(host, int(port), timeout=TIMEOUT)
    events.request("GET", "/events")
    stream = events.getresponse()
    assert stream.headers["Content-Type"] == "text/event-stream"
    assert _next_event(stream) == first["version"]

    article = sample_copy.parent / "articles" / "zhengwu-fuwu.md"
    article.write_text(article.read_text(encoding="utf-8").replace("会议", "大会", 1), "utf-8")
    edited = watcher.wait(lambda s: s["version"] > first["version"])
    assert edited["error"] is None
    assert edited["pages"][0]["digest"] != first["pages"][0]["digest"]
    assert watcher.picture(edited) != before
    assert _next_event(stream) > first["version"]  # the open page reloads itself
    events.close()

    manifest = sample_copy.read_text(encoding="utf-8")
    sample_copy.write_text(manifest.replace("editor: 张三", "editr: 张三"), encoding="utf-8")
    broken = watcher.wait(lambda s: s["error"] is not None)
    assert "editr: unknown key (did you mean 'editor'?)" in broken["error"]
    assert "editr: unknown key" in watcher.get("/").decode()
    assert broken["pages"] == edited["pages"]  # the last good pages stay in view

    sample_copy.write_text(manifest, encoding="utf-8")
    fixed = watcher.wait(lambda s: s["version"] > broken["version"] and s["error"] is None)
    assert "editr" not in watcher.get("/").decode()
    assert watcher.picture(fixed) == watcher.picture(edited)


def _next_event(stream: http.client.HTTPResponse) -> int:
    """The version in the next ``data:`` line of a server-sent event stream."""
    while line := stream.readline():
        if line.startswith(b"data: "):
            return int(line.removeprefix(b"data: "))
    raise AssertionError("the event stream ended")


def test_a_port_in_use_gives_the_next_free_one_or_one_line(
    sample_copy: Path, tmp_path: Path
) -> None:
    # A port already in use was an OSError traceback.
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = serve(Preview(), "127.0.0.1", port, next_free=True)
        try:
            assert port < server.server_port <= port + PORTS_TRIED
        finally:
            server.shutdown()
            server.server_close()
        result = run_cli("watch", sample_copy, "-o", tmp_path / "out", "--port", str(port))
    assert result.exit_code == 2
    assert result.output == (
        f"Error: port {port} is in use: give another with --port, or --port 0 for any free one\n"
    )
    assert not (tmp_path / "out").exists()
