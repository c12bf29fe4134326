"""Benchmark: the compositor on pages of copy it was never tuned to.

    .venv/bin/python benchmarks/corpus.py OUT_DIR [--pages 50] [--seed 1]
        [--tools ../shared/tools] [--jobs 2] [--timeout 600] [--exact]
        [--fill 0.85 1.05]

The sample issue is the copy every layout rule was tried on; this runs the
whole path an editor takes (``newsprint import`` then ``newsprint build``) on
seeded pages from tests/corpus_copy.py, so a change to the compositor can be
judged on pages nobody looked at while writing it. For page i it picks a fill
(uniform 0.85–1.05 of what the page holds, see ``page_capacity_estimate``),
4–9 articles and 0–3 photos, and writes

    OUT_DIR/page-NN/copy/PAGE.md, copy/img/*.png   the copy
    OUT_DIR/page-NN/issue/                         what `newsprint import` made of it
    OUT_DIR/page-NN/out/issue.pdf                  what `newsprint build -v` made of that
    OUT_DIR/page-NN/import.log, build.log          their stdout and stderr

With ``--tools`` (the independent checks in ../shared/tools, which need
pdfplumber in .venv) it also runs ``pagefill.py`` and ``pdfcheck.py typo`` and
``pdfcheck.py text`` on every PDF. OUT_DIR/summary.json holds every number;
the table printed at the end is the short form.

Many articles and photos cannot fit in a low fill even at their shortest
(seven articles and three photos need more than a page): unless ``--exact``,
such a page drops articles (down to 4), then photos, until its copy is within
2 % of the fill asked, and the summary records both what was asked and used.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from corpus_copy import PageCopy, page_copy, write_page  # noqa: E402

VENV = ROOT / ".venv" / "bin"
FILL = (0.85, 1.05)
ARTICLES = (4, 9)
PHOTOS = (0, 3)
TOLERANCE = 0.02  # how far the copy may pass the fill asked before articles are dropped
LOG_TAIL = 3000  # characters of stderr kept in summary.json
_print_lock = threading.Lock()


@dataclass(frozen=True)
class Plan:
    """What page ``number`` holds; ``asked_*`` before a page too full was thinned."""

    number: int
    seed: int
    fill: float
    articles: int
    photos: int
    asked_articles: int
    asked_photos: int
    estimate: float


def plan_page(
    seed: int, number: int, *, exact: bool, fills: tuple[float, float] = FILL
) -> tuple[Plan, PageCopy]:
    """The page's draw, from (seed, number) alone: page 7 is the same with --pages 10 or 50."""
    rng = random.Random(f"newsprint-corpus:{seed}:{number}")
    fill = round(rng.uniform(*fills), 3)
    articles = rng.randint(*ARTICLES)
    photos = rng.randint(*PHOTOS)
    copy_seed = rng.getrandbits(32)
    asked = (articles, photos)
    copy = page_copy(copy_seed, fill=fill, articles=articles, photos=photos)
    while not exact and copy.estimate > fill + TOLERANCE and (articles > ARTICLES[0] or photos):
        if articles > ARTICLES[0]:
            articles -= 1
        else:
            photos -= 1
        copy = page_copy(copy_seed, fill=fill, articles=articles, photos=photos)
    plan = Plan(number, copy_seed, fill, articles, photos, *asked, round(copy.estimate, 4))
    return plan, copy


def newsprint() -> list[str]:
    """The project's command: the venv's script, else one on PATH, else ``python -m layout``."""
    if (VENV / "newsprint").exists():
        return [str(VENV / "newsprint")]
    found = shutil.which("newsprint")
    return [found] if found else [sys.executable, "-m", "layout"]


def python() -> str:
    """The venv's Python for the tools: it has pdfplumber and pypdfium2."""
    return str(VENV / "python") if (VENV / "python").exists() else sys.executable


def run(command: Sequence[str | Path], log: Path, timeout: float) -> dict[str, Any]:
    """Run a command, keep its output in ``log``; exit is None when it timed out."""
    args = [str(a) for a in command]
    start = time.perf_counter()
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
        code: int | None = done.returncode
        stdout, stderr = done.stdout, done.stderr
    except subprocess.TimeoutExpired as expired:
        code = None
        stdout = _text(expired.stdout)
        stderr = _text(expired.stderr) + f"\n[timed out after {timeout:.0f} s]"
    seconds = round(time.perf_counter() - start, 2)
    log.write_text(f"$ {' '.join(args)}\n\n--- stdout\n{stdout}\n--- stderr\n{stderr}", "utf-8")
    return {"exit": code, "seconds": seconds, "stdout": stdout, "stderr": stderr}


def _text(output: bytes | str | None) -> str:
    if isinstance(output, bytes):
        return output.decode("utf-8", "replace")
    return output or ""


def tool(command: Sequence[str | Path], log: Path, timeout: float) -> dict[str, Any]:
    """A check that prints JSON: its result, ``ok`` from its exit status, or an ``error``."""
    done = run(command, log, timeout)
    try:
        result = json.loads(done["stdout"])
    except json.JSONDecodeError:
        return {"ok": False, "error": (done["stderr"] or done["stdout"])[-LOG_TAIL:]}
    return {"ok": done["exit"] == 0, **result}


def run_page(plan: Plan, copy: PageCopy, out: Path, tools: Path | None, timeout: float) -> dict:
    """Write, import, build and check one page; never raises, a failure is in the row."""
    folder = out / f"page-{plan.number:02d}"
    row: dict[str, Any] = {"page": plan.number, "folder": str(folder), **asdict(plan)}
    try:
        if folder.exists():
            shutil.rmtree(folder)
        page = write_page(folder / "copy", copy)
        issue, built = folder / "issue", folder / "out"
        imported = run([*newsprint(), "import", page, "-o", issue], folder / "import.log", timeout)
        row["import"] = {k: imported[k] for k in ("exit", "seconds")}
        row["import"]["stderr"] = imported["stderr"][-LOG_TAIL:]
        if imported["exit"] != 0:
            return row
        command = [*newsprint(), "build", issue / "issue.yaml", "-o", built, "-v"]
        build = run(command, folder / "build.log", timeout)
        row["build"] = {k: build[k] for k in ("exit", "seconds")}
        row["build"]["stderr"] = build["stderr"][-LOG_TAIL:]
        # `build -v`: the compositor's own figures
        if found := re.search(r"composed in (\d+\.\d+) s", build["stderr"]):
            row["build"]["compose_seconds"] = float(found[1])
        if found := re.search(r"filled (\d+\.\d) %", build["stderr"]):
            row["build"]["filled"] = float(found[1])
        pdf = built / "issue.pdf"
        if tools is None or not pdf.exists():
            return row
        row["pagefill"] = tool(
            [python(), tools / "pagefill.py", pdf], folder / "pagefill.log", timeout
        )
        row["typo"] = tool(
            [python(), tools / "pdfcheck.py", "typo", pdf], folder / "typo.log", timeout
        )
        command = [python(), tools / "pdfcheck.py", "text", pdf, page]
        row["text"] = tool(command, folder / "text.log", timeout)
    except Exception:
        row["error"] = traceback.format_exc()[-LOG_TAIL:]
    return row


# ---------------------------------------------------------------------------
# Report


COLUMNS = (
    ("page", 4),
    ("fill", 5),
    ("est", 5),
    ("art", 3),
    ("pho", 3),
    ("imp", 3),
    ("build", 5),
    ("sec", 6),
    ("cmp", 5),
    ("fill%", 5),
    ("white%", 6),
    ("nflush", 6),
    ("loose", 5),
    ("hlbrk", 5),
    ("start", 5),
    ("text", 4),
)


def _get(row: dict, *keys: str) -> Any:
    value: Any = row
    for key in keys:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def cells(row: dict) -> list[str]:
    """A row of the table: ``-`` where a step did not run, ``t/o`` where it timed out."""

    def show(value: Any) -> str:
        if value is None:
            return "-"
        if isinstance(value, bool):
            return "ok" if value else "FAIL"
        return str(value)

    build_exit = _get(row, "build", "exit")
    text_ok = _get(row, "text", "ok") if _get(row, "text") is not None else None
    if _get(row, "text", "error"):
        text_ok = None
    articles = f"{row['articles']}" + ("*" if row["articles"] != row["asked_articles"] else "")
    photos = f"{row['photos']}" + ("*" if row["photos"] != row["asked_photos"] else "")
    values = [
        row["page"],
        f"{row['fill']:.2f}",
        f"{row['estimate']:.2f}",
        articles,
        photos,
        _get(row, "import", "exit"),
        "t/o" if _get(row, "build") and build_exit is None else build_exit,
        _get(row, "build", "seconds"),
        _get(row, "build", "compose_seconds"),
        _get(row, "build", "filled"),
        _get(row, "pagefill", "worst"),
        _get(row, "typo", "not_flush"),
        _get(row, "typo", "loose"),
        _get(row, "typo", "headline_breaks"),
        _get(row, "typo", "start_closing"),
        text_ok,
    ]
    if row.get("error"):
        values[6] = "ERR"
    return [show(v).rjust(width) for v, (_, width) in zip(values, COLUMNS, strict=True)]


def totals(rows: list[dict]) -> dict[str, Any]:
    """What a change to the compositor should move: pages built, pages with little white."""
    whites = [w for row in rows if (w := _get(row, "pagefill", "worst")) is not None]
    seconds = [s for row in rows if (s := _get(row, "build", "seconds")) is not None]
    search = [s for row in rows if (s := _get(row, "build", "compose_seconds")) is not None]
    return {
        "pages": len(rows),
        "imported": sum(_get(row, "import", "exit") == 0 for row in rows),
        "built": sum(_get(row, "build", "exit") == 0 for row in rows),
        "white_measured": len(whites),
        "white_le_2": sum(w <= 2 for w in whites),
        "white_le_3": sum(w <= 3 for w in whites),
        "white_max": max(whites, default=None),
        "text_ok": sum(_get(row, "text", "ok") is True for row in rows),
        "typo_not_flush": sum(_get(row, "typo", "not_flush") or 0 for row in rows),
        "typo_headline_breaks": sum(_get(row, "typo", "headline_breaks") or 0 for row in rows),
        "build_seconds_mean": round(sum(seconds) / len(seconds), 2) if seconds else None,
        "build_seconds_max": max(seconds, default=None),
        "compose_seconds_mean": round(sum(search) / len(search), 3) if search else None,
        "compose_seconds_max": max(search, default=None),
        "errors": sum(bool(row.get("error")) for row in rows),
    }


def table(rows: list[dict], total: dict[str, Any]) -> str:
    head = " ".join(name.rjust(width) for name, width in COLUMNS)
    lines = [head, "-" * len(head), *(" ".join(cells(row)) for row in rows), ""]
    lines.append(
        f"built (exit 0): {total['built']}/{total['pages']}   "
        f"white ≤ 2 %: {total['white_le_2']}/{total['white_measured']}   "
        f"white ≤ 3 %: {total['white_le_3']}/{total['white_measured']}   "
        f"max white: {total['white_max']} %   text ok: {total['text_ok']}   "
        f"build s mean/max: {total['build_seconds_mean']}/{total['build_seconds_max']}   "
        f"compose s mean/max: {total['compose_seconds_mean']}/{total['compose_seconds_max']}"
    )
    lines.append(
        "fill: asked share of the page; est: page_capacity_estimate of the copy; "
        "* fewer articles/photos than drawn (page too full); cmp: the compositor's search (s); "
        "fill%: the page's cells it filled; white%: pagefill worst; "
        "nflush/loose/hlbrk/start: pdfcheck typo not_flush, loose, headline_breaks, "
        "start_closing; text: pdfcheck text"
    )
    return "\n".join(lines)


def _say(message: str) -> None:
    with _print_lock:
        print(message, file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder for page-NN/ and summary.json")
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--tools", type=Path, help="folder of pagefill.py and pdfcheck.py")
    parser.add_argument("--jobs", type=int, default=2, help="pages at once")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per command")
    parser.add_argument("--exact", action="store_true", help="never thin a page that is too full")
    parser.add_argument(
        "--fill",
        type=float,
        nargs=2,
        default=FILL,
        metavar=("LOW", "HIGH"),
        help="share of a page the copy needs, drawn between LOW and HIGH",
    )
    args = parser.parse_args(argv)

    tools = args.tools.resolve() if args.tools else None
    if tools is not None:
        if not (tools / "pagefill.py").exists() or not (tools / "pdfcheck.py").exists():
            parser.error(f"no pagefill.py and pdfcheck.py in {tools}")
        check = subprocess.run([python(), "-c", "import pdfplumber"], capture_output=True)
        if check.returncode != 0:
            parser.error(f"the tools need pdfplumber: {VENV / 'pip'} install pdfplumber")
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)

    started = time.time()
    rows: list[dict] = []
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = {}
        for number in range(1, args.pages + 1):
            plan, copy = plan_page(args.seed, number, exact=args.exact, fills=tuple(args.fill))
            futures[pool.submit(run_page, plan, copy, out, tools, args.timeout)] = number
        for future in as_completed(futures):
            row = future.result()
            rows.append(row)
            white = _get(row, "pagefill", "worst")
            _say(
                f"page {row['page']:>3}: import {_get(row, 'import', 'exit')}, "
                f"build {_get(row, 'build', 'exit')} in {_get(row, 'build', 'seconds')} s"
                + (f", white {white} %" if white is not None else "")
                + (", ERROR" if row.get("error") else "")
            )
    rows.sort(key=lambda row: row["page"])
    total = totals(rows)
    summary = {
        "command": ["benchmarks/corpus.py", *(argv if argv is not None else sys.argv[1:])],
        "seed": args.seed,
        "pages": args.pages,
        "jobs": args.jobs,
        "tools": str(tools) if tools else None,
        "exact": args.exact,
        "seconds": round(time.time() - started, 1),
        "totals": total,
        "rows": rows,
    }
    (out / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2), "utf-8")
    print(table(rows, total))
    print(f"\nsummary: {out / 'summary.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
