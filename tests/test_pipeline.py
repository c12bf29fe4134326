"""Parallel and incremental builds: the same PDFs as a serial build, only changed pages redone.

One small three-page issue (page 1 with the masthead, a picture on page 3)
is built again after each kind of change, and the test asserts which pages
were laid out again; every other page must come from the cache.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, run_cli
from PIL import Image

import layout
from layout.cli import cli
from layout.manifest import load_manifest
from layout.output.issue import write_issue
from layout.pipeline import keys, pages
from layout.pipeline.cache import FOLDER, PageCache
from layout.pipeline.issue import BuiltIssue, build_issue
from layout.pipeline.pages import PageJob, PageResult, render_job
from layout.render.press import DEFAULT_PRESS, Press

BODY = "会议强调，要充分认识到重点项目建设的重要意义，以更大力度推进项目建设。\n\n" * 3
MANIFEST = """\
paper: 测试报
issue: 7
date: 2025-01-16
size: a4
pages:
  - number: 1
    name: 要闻
    items:
      - headline: 头版文章
        file: articles/one.md
  - number: 2
    name: 综合
    items:
      - headline: 二版文章
        file: articles/two.md
        columns: 2
      - headline: 二版短讯
        body: 短讯正文。
        columns: 1
  - number: 3
    name: 图片
    items:
      - headline: 图片新闻
        file: articles/three.md
        images: [{file: img/photo.png, caption: 会议现场}]
"""

Build = Callable[..., BuiltIssue]


@pytest.fixture
def issue(tmp_path: Path) -> Path:
    folder = tmp_path / "issue"
    (folder / "articles").mkdir(parents=True)
    (folder / "img").mkdir()
    for name in ("one", "two", "three"):
        (folder / "articles" / f"{name}.md").write_text(BODY, encoding="utf-8")
    Image.new("RGB", (900, 600), "gray").save(folder / "img" / "photo.png")
    (folder / "issue.yaml").write_text(MANIFEST, encoding="utf-8")
    return folder


@pytest.fixture
def build(issue: Path, tmp_path: Path) -> Build:
    """Build the issue with the cache of one output folder, as ``newsprint build`` does."""

    def run(press: Press = DEFAULT_PRESS) -> BuiltIssue:
        loaded = load_manifest(issue / "issue.yaml")
        return build_issue(loaded, press, jobs=2, cache=PageCache(tmp_path / "out" / FOLDER))

    return run


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- parallel ---------------------------------------------------------------------------


def test_parallel_pages_are_byte_identical_to_a_serial_build(issue: Path, tmp_path: Path) -> None:
    loaded = load_manifest(issue / "issue.yaml")
    serial = build_issue(loaded, jobs=1)
    parallel = build_issue(loaded, jobs=3)
    assert [p.number for p in parallel.pages] == [1, 2, 3]
    assert parallel.pdfs == serial.pdfs
    assert parallel.findings == serial.findings
    written = [
        write_issue(tmp_path / name, built.pdfs, built.titles, built.title)
        for name, built in (("serial", serial), ("parallel", parallel))
    ]
    for one, other in zip(*written, strict=True):
        assert one.read_bytes() == other.read_bytes(), one.name


def _dies_on_page_2(job: PageJob) -> PageResult:
    """A worker that is killed on page 2, once or always (as an out-of-memory kill)."""
    marker = Path(os.environ["NEWSPRINT_TEST_KILLED"])
    if job.page.number == 2 and not marker.exists():
        marker.write_text("killed")
        os.kill(os.getpid(), signal.SIGKILL)
    if job.page.number == 2 and marker.read_text() == "always":
        os.kill(os.getpid(), signal.SIGKILL)
    return render_job(job)


def test_a_worker_killed_mid_page_is_retried_once(
    issue: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSPRINT_TEST_KILLED", str(tmp_path / "killed"))
    monkeypatch.setattr("layout.pipeline.issue.render_job", _dies_on_page_2)
    loaded = load_manifest(issue / "issue.yaml")
    built = build_issue(loaded, jobs=2)
    assert (tmp_path / "killed").read_text() == "killed"  # it was killed, and then made
    assert [p.number for p in built.pages] == [1, 2, 3]
    assert built.pdfs == build_issue(loaded, jobs=1).pdfs


def test_a_page_that_kills_its_worker_twice_is_one_message(
    issue: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "killed").write_text("always")
    monkeypatch.setenv("NEWSPRINT_TEST_KILLED", str(tmp_path / "killed"))
    monkeypatch.setattr("layout.pipeline.issue.render_job", _dies_on_page_2)
    result = run_cli("build", issue / "issue.yaml", "-o", tmp_path / "out", "-j", "2")
    assert result.exit_code == 2
    assert "the process laying it out died twice (killed, or out of memory)" in result.output
    assert "page 2" in result.output
    assert not (tmp_path / "out" / "issue.pdf").exists()


def test_the_command_builds_in_parallel_and_says_what_it_did(issue: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    serial = run_cli("build", issue / "issue.yaml", "-o", tmp_path / "serial", "--jobs", "1")
    assert serial.exit_code == 0, serial.output
    first = run_cli("build", issue / "issue.yaml", "-o", out, "--jobs", "2", "-v")
    assert first.exit_code == 0, first.output
    assert "laying out pages" in first.output  # the progress bar's label, once in a pipe
    assert "3 pages: 3 laid out" in first.output
    for number in (1, 2, 3):
        assert f"page {number}: laid out in" in first.output
        name = f"page-0{number}.pdf"
        assert (out / name).read_bytes() == (tmp_path / "serial" / name).read_bytes()
    assert (out / "issue.pdf").read_bytes() == (tmp_path / "serial" / "issue.pdf").read_bytes()

    again = run_cli("build", issue / "issue.yaml", "-o", out, "-v")
    assert "3 pages: 0 laid out, 3 from the cache" in again.output
    assert "page 2: from the cache" in again.output
    assert "\x1b[" not in again.output  # no colours when not on a terminal

    bypass = run_cli("build", issue / "issue.yaml", "-o", out, "--no-cache")
    assert "3 pages: 3 laid out" in bypass.output

    quiet = run_cli("build", issue / "issue.yaml", "-o", out, "-q")
    assert quiet.exit_code == 0
    assert quiet.output == ""

    on_a_terminal = CliRunner().invoke(
        cli, ["build", str(issue / "issue.yaml"), "-o", str(out)], color=True
    )
    assert "\x1b[32mwrote 4 files" in on_a_terminal.output  # green
    assert "\x1b[33m" in on_a_terminal.output  # the page's holes, a warning in yellow


# --- incremental --------------------------------------------------------------------------


def test_a_second_build_takes_every_page_from_the_cache(build: Build) -> None:
    first = build()
    assert first.rendered == [1, 2, 3]
    again = build()
    assert again.rendered == []
    assert again.cached == {1, 2, 3}
    assert again.pdfs == first.pdfs
    assert again.findings == first.findings


def test_pages_laid_out_while_a_font_was_installed_are_not_kept(
    build: Build, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The fonts a build found are its pages' key; read again at its end, they differ:
    # a page may be set in either, so none is filed under the key.
    listing = keys.installed_fonts()
    monkeypatch.setattr(keys, "installed_fonts", lambda: (*listing, ("/new.ttf", 1, 1)))
    assert build().rendered == [1, 2, 3]
    monkeypatch.undo()
    assert build().rendered == [1, 2, 3]
    assert build().rendered == []


def test_an_edited_article_lays_out_only_its_page(build: Build, issue: Path) -> None:
    build()
    edit(issue / "articles" / "two.md", "会议强调", "大会强调")
    changed = build()
    assert changed.rendered == [2]
    # Its other module was measured last time; the page is the one a cold build makes.
    cold = build_issue(load_manifest(issue / "issue.yaml"), jobs=1)
    assert changed.pdfs == cold.pdfs


def test_a_field_of_one_page_lays_out_that_page(build: Build, issue: Path) -> None:
    build()
    edit(issue / "issue.yaml", "name: 图片", "name: 图片新闻版")
    assert build().rendered == [3]
    edit(issue / "issue.yaml", "body: 短讯正文。", "body: 新的短讯正文。")
    assert build().rendered == [2]


def test_where_a_field_is_written_does_not_count(build: Build, issue: Path) -> None:
    build()
    edit(issue / "issue.yaml", "paper: 测试报", "# 报名\npaper: 测试报")
    assert build().rendered == []


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("paper: 测试报", "paper: 新报"),
        ("issue: 7", "issue: 8"),
        ("date: 2025-01-16", "date: 2025-01-17"),
    ],
    ids=["paper", "issue", "date"],
)
def test_an_issue_field_every_page_shows_lays_out_every_page(
    build: Build, issue: Path, old: str, new: str
) -> None:
    build()
    edit(issue / "issue.yaml", old, new)
    assert build().rendered == [1, 2, 3]


def test_a_new_page_changes_the_page_count_on_page_1(build: Build, issue: Path) -> None:
    build()
    manifest = issue / "issue.yaml"
    page_4 = "  - number: 4\n    name: 副刊\n    items:\n      - {headline: 四版, body: 正文。}\n"
    manifest.write_text(manifest.read_text(encoding="utf-8") + page_4, encoding="utf-8")
    assert build().rendered == [1, 2, 3, 4]  # 今日4版 on page 1; every page counts pages


def test_a_changed_picture_lays_out_its_page(build: Build, issue: Path) -> None:
    build()
    Image.new("RGB", (600, 900), "gray").save(issue / "img" / "photo.png")
    assert build().rendered == [3]


def test_a_changed_stylesheet_or_template_lays_out_every_page(build: Build, issue: Path) -> None:
    build()
    own = issue / "templates"
    own.mkdir()
    shutil.copy(ROOT / "templates" / "default" / "style.css", own / "style.css")
    assert build().rendered == [1, 2, 3]  # a file of the set that overrides one
    with (own / "style.css").open("a", encoding="utf-8") as css:
        css.write("\n.headline { letter-spacing: 0.1em; }\n")
    assert build().rendered == [1, 2, 3]
    assert build().rendered == []


def test_a_changed_font_role_lays_out_every_page(build: Build, issue: Path) -> None:
    build()
    own = issue / "templates"
    own.mkdir()
    roles = (ROOT / "fonts" / "roles.yaml").read_text(encoding="utf-8")
    (own / "fonts.yaml").write_text(roles, encoding="utf-8")
    assert build().rendered == [1, 2, 3]
    edit(own / "fonts.yaml", "headline: [Noto Sans CJK SC", "headline: [Noto Serif CJK SC")
    assert build().rendered == [1, 2, 3]


def test_a_press_option_lays_out_every_page_and_the_old_pages_stay(build: Build) -> None:
    plain = build()
    assert build(Press(bleed_mm=5)).rendered == [1, 2, 3]
    assert build(Press(marks=True)).rendered == [1, 2, 3]
    back = build()
    assert back.rendered == []
    assert back.pdfs == plain.pdfs


def test_another_version_of_the_tool_lays_out_every_page(
    build: Build, monkeypatch: pytest.MonkeyPatch
) -> None:
    build()
    monkeypatch.setattr(layout, "__version__", "99.0")
    assert build().rendered == [1, 2, 3]


def test_a_damaged_entry_is_laid_out_again(build: Build, tmp_path: Path) -> None:
    first = build()
    pdfs = sorted((tmp_path / "out" / FOLDER / "pages").glob("*.pdf"))
    assert len(pdfs) == 3
    pdfs[0].write_bytes(pdfs[0].read_bytes()[:1000])  # cut short, as by a full disk
    again = build()
    assert len(again.rendered) == 1
    assert again.pdfs == first.pdfs


def _children(pid: int) -> set[int]:
    found = set()
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines())
        except (OSError, ValueError):
            continue
        if fields.get("PPid", "").strip() == str(pid):
            found.add(int(status.parent.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
def test_workers_die_with_a_killed_build(issue: Path, tmp_path: Path) -> None:
    # kill -9 of `build -j2` left both workers running for good (~170 MB each).
    build = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "layout",
            "build",
            issue / "issue.yaml",
            "-o",
            tmp_path / "out",
            "-j",
            "2",
            "--no-cache",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while len(workers) < 2 and time.monotonic() < deadline and build.poll() is None:
        workers = _children(build.pid)
        time.sleep(0.02)
    assert len(workers) >= 2, "the build made no workers"
    build.kill()
    build.wait()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(map(_running, workers)):
        time.sleep(0.1)
    alive = [worker for worker in workers if _running(worker)]
    assert not alive, f"workers {alive} outlived the build"


def _running(pid: int) -> bool:
    """Alive and not a zombie waiting for its (gone) parent to read its status."""
    try:
        return "State:\tZ" not in Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
def test_fork_server_workers_die_with_a_killed_watch() -> None:
    # watch's pool forks its workers from a fork server, not from itself: kill -9
    # of `watch` left the workers and the fork server (~100 MB each) running.
    script = (
        "import os, time\n"
        "from layout.pipeline.issue import page_pool\n"
        "pool = page_pool(2, threads_running=True)\n"
        "list(pool.map(time.sleep, [0.5, 0.5]))\n"
        "print(*pool._processes, flush=True)\n"
        "time.sleep(60)\n"
    )
    watch = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert watch.stdout is not None
    workers = set(map(int, watch.stdout.readline().split()))
    assert len(workers) == 2
    servers = {
        int(Path(f"/proc/{w}/status").read_text().split("PPid:\t")[1].split()[0]) for w in workers
    }
    assert watch.pid not in servers  # children of the fork server
    watch.kill()
    watch.wait()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(map(_running, workers | servers)):
        time.sleep(0.1)
    alive = [pid for pid in workers | servers if _running(pid)]
    assert not alive, f"{alive} outlived the watch"


WORKER_PAGES = """\
import sys
from layout.manifest import load_manifest
from layout.output.pdf import pdf_options
from layout.pipeline import pages
from layout.render.issue import issue_context
collected, thresholds = [], set()
pages.gc.collect = lambda *a: collected.append(1) or 0
render = pages._render
pages._render = lambda job: thresholds.add(pages.gc.get_threshold()[0]) or render(job)
issue = load_manifest(sys.argv[1])
context = issue_context(issue)
for _ in range(3):
    for page in issue.pages:
        pages.render_job(pages.PageJob(context, page, pdf_options(issue, context.press)))
# VmHWM: this process's own peak (ru_maxrss keeps the peak of the one that started it)
status = open("/proc/self/status").read().split("VmHWM:")[1].split()[0]
print(len(collected), int(status) * 1024, *thresholds, pages.gc.get_threshold()[0])
"""


def test_a_worker_collects_its_pages_only_when_it_has_grown(issue: Path) -> None:
    # Collecting after every page made each edited page wait 20-90 ms for it; a worker
    # that stays small (9 pages here) never needs to, and stays within its 400 MB. While
    # a page is made, its young objects are collected less often than Python's 700.
    done = subprocess.run(
        [sys.executable, "-c", WORKER_PAGES, str(issue / "issue.yaml")],
        capture_output=True,
        text=True,
        check=True,
    )
    collections, peak, during, after = map(int, done.stdout.split())
    assert collections == 0 and peak < 200 * 1024 * 1024
    assert during == pages.YOUNG_OBJECTS and after == 700
