"""`newsprint watch` for real: a process serving the preview, fed by edits to the files."""

from __future__ import annotations

import hashlib
import http.client
import io
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

import pypdf
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
    process, watcher = _start(["watch", sample_copy, "-o", tmp_path / "out"])
    try:
        yield watcher
    finally:
        _stop(process)
    assert process.returncode == 0


def _start(command: list[Any]) -> tuple[subprocess.Popen[str], Watcher]:
    process = subprocess.Popen(
        [sys.executable, "-m", "layout", *map(str, command), "--port", "0", "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        return process, Watcher(process, _preview_url(process))
    except BaseException:
        process.kill()
        raise


def _stop(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()


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
    assert 'new EventSource("/events")' in watcher.get("/static/preview.js").decode()
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
    assert broken["findings"] == [] and broken["built"] == edited["built"]  # none stale
    assert [p["digest"] for p in broken["pages"]] == [p["digest"] for p in edited["pages"]]

    sample_copy.write_text(manifest, encoding="utf-8")
    fixed = watcher.wait(lambda s: s["version"] > broken["version"] and s["error"] is None)
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
        f"error: port {port} is in use: give another with --port, or --port 0 for any free one\n"
    )
    assert not (tmp_path / "out").exists()


def test_an_output_folder_inside_the_issue_folder_is_no_edit(
    sample_copy: Path, tmp_path: Path
) -> None:
    # The staging folder beside it was taken for an edit: a build every second, forever.
    process, watcher = _start(["watch", sample_copy, "-o", sample_copy.parent / "out"])
    try:
        first = watcher.wait(lambda s: s["version"] >= 1 and s["built"] is not None)
        time.sleep(3)
        assert watcher.state()["version"] == first["version"]
    finally:
        _stop(process)


# --- in a real browser ----------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"  # Debian's chromium and chromium-driver (scripts/setup)
CHROMEDRIVER = "/usr/bin/chromedriver"
PX_PER_MM = 96 / 25.4


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,1000",
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    try:
        yield driver
    finally:
        driver.quit()


def _until(check: Callable[[], Any], what: str, timeout: float = TIMEOUT) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if found := check():
            return found
        time.sleep(0.05)
    raise AssertionError(f"the preview did not {what}")


def test_the_preview_in_a_browser(
    browser: Any, watcher: Watcher, sample_copy: Path, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    first = watcher.wait(lambda s: s["built"] is not None)
    browser.get(watcher.url + "/")
    script = browser.execute_script
    picture = _until(
        lambda: script("return document.querySelector('#page-2 img')?.getAttribute('src')"),
        "show the page",
    )
    assert picture == first["pages"][0]["url"]
    assert "build 1 of" in browser.find_element(By.ID, "status").text

    # the issue and each page as PDF, from links on the page
    links = {
        a.get_attribute("href").removeprefix(watcher.url)
        for a in browser.find_elements(By.TAG_NAME, "a")
    }
    assert "/issue.pdf" in links and first["pages"][0]["pdf"] in links
    issue = watcher.get("/issue.pdf")
    assert len(pypdf.PdfReader(io.BytesIO(issue)).pages) == 1
    assert watcher.get(first["pages"][0]["pdf"]) == (tmp_path / "out" / "page-02.pdf").read_bytes()

    # a click shows the page at its printed size, the picture sharp enough for it
    sheet = browser.find_element(By.CSS_SELECTOR, "#page-2 .sheet")
    fitted = sheet.rect["width"]
    sheet.click()
    width_mm = first["pages"][0]["width_mm"]
    _until(lambda: abs(sheet.rect["width"] - width_mm * PX_PER_MM) < 1, "zoom to 100 %")
    assert sheet.rect["width"] > 1.3 * fitted
    assert (
        script("return document.querySelector('#page-2 img').naturalWidth") >= sheet.rect["width"]
    )

    # an edit: the picture changes in place, the zoom kept, no reload
    script("window.notReloaded = true")
    article = sample_copy.parent / "articles" / "zhengwu-fuwu.md"
    article.write_text(article.read_text(encoding="utf-8").replace("会议", "大会", 1), "utf-8")
    _until(
        lambda: (
            script("return document.querySelector('#page-2 img').getAttribute('src')") != picture
        ),
        "show the edit",
    )
    assert script("return window.notReloaded") is True
    assert abs(sheet.rect["width"] - width_mm * PX_PER_MM) < 1

    # a broken manifest: the very lines `build` prints; the old findings gone
    manifest = sample_copy.read_text(encoding="utf-8")
    sample_copy.write_text(manifest.replace("editor: 张三", "editr: 张三"), encoding="utf-8")
    error = browser.find_element(By.ID, "error")
    _until(error.is_displayed, "show the error")
    said = run_cli("build", sample_copy, "-o", tmp_path / "other").stderr.strip()
    assert said == f"{sample_copy}:15:5: pages[0].editr: unknown key (did you mean 'editor'?)"
    assert error.text == said
    status = browser.find_element(By.ID, "status").text
    assert "failed at" in status and "the pages shown are build 2 of" in status
    sample_copy.write_text(manifest, encoding="utf-8")
    _until(lambda: not error.is_displayed(), "clear the error")
    assert "failed" not in browser.find_element(By.ID, "status").text

    # overset: outlined on the picture where check places it, listed with its line
    lines = manifest.replace(
        "file: articles/renda-diaoyan.md",
        "file: articles/renda-diaoyan.md\n        columns: 2\n        height: 8",
    )
    sample_copy.write_text(lines, encoding="utf-8")
    mark = _until(
        lambda: browser.find_elements(By.CSS_SELECTOR, "#page-2 .mark.overset"), "mark the overset"
    )[0]
    (finding,) = [f for f in watcher.state()["findings"] if "overset" in f["text"]]
    written = lines.splitlines().index(
        "      - headline: 中原区人大常委会到包联村　调研村级后备力量培育储备工作"
    )
    assert finding["text"].startswith(f"{sample_copy}:{written + 1}:9: page 2: ")
    (area,) = [m for m in watcher.state()["pages"][0]["marks"] if m["kind"] == "overset"]
    page = sheet.rect
    box = mark.rect
    assert abs(box["x"] - page["x"] - area["x"] * page["width"]) < 2
    assert abs(box["width"] - area["width"] * page["width"]) < 2
    assert abs(box["height"] - area["height"] * page["height"]) < 2
    assert "characters not shown" in mark.text
    listed = _until(
        lambda: [
            li
            for li in browser.find_elements(By.CSS_SELECTOR, "#findings li")
            if "overset" in li.text
        ],
        "list the overset",
    )
    sheet.click()  # back to the whole page
    listed[0].click()  # and the finding brings the mark into view at 100 %
    _until(lambda: "flash" in (mark.get_attribute("class") or ""), "flash the mark")
    viewer = browser.find_element(By.ID, "viewer").rect
    box = mark.rect
    assert viewer["x"] <= box["x"] + box["width"] / 2 <= viewer["x"] + viewer["width"]
    assert viewer["y"] <= box["y"] + box["height"] / 2 <= viewer["y"] + viewer["height"]
