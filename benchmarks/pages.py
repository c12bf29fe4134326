"""Benchmark: copy longer than a page, imported and built without an edit.

    .venv/bin/python benchmarks/pages.py OUT_DIR [--seeds 11 12 …] [--pages 3]
        [--tools ../shared/tools] [--timeout 900]

For each seed, ``--pages`` seeded pages of tests/corpus_copy.py copy (fill
0.95, 4–8 articles, 0–2 photos each) are joined into one PAGE.md, which
``newsprint import`` shares out over pages with jumps and ``newsprint build``
lays out. With ``--tools`` (../shared/tools, pdfplumber in .venv) every PDF is
judged by ``pagefill.py`` and ``pdfcheck.py typo`` and ``text``. Written:

    OUT_DIR/seed-N/copy/PAGE.md, copy/img/*.png   the copy
    OUT_DIR/seed-N/issue/, out/issue.pdf           what import and build made
    OUT_DIR/summary.json                           every number

The table printed at the end has, per seed, the pages made, the white share
of each page but the last (the last may be underfull) and the checks' counts.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
from pathlib import Path
from typing import Any

from corpus import newsprint, python, run, tool

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from corpus_copy import page_copy, write_pages  # noqa: E402

SEEDS = tuple(range(11, 23))


def write_copy(folder: Path, seed: int, pages: int) -> Path:
    """``pages`` pages of copy as one PAGE.md, the same for the same seed."""
    rng = random.Random(f"newsprint-pages:{seed}")
    copies = [
        page_copy(
            rng.getrandbits(32), fill=0.95, articles=rng.randint(4, 8), photos=rng.randint(0, 2)
        )
        for _ in range(pages)
    ]
    return write_pages(folder, copies)


def run_seed(out: Path, seed: int, pages: int, tools: Path | None, timeout: float) -> dict:
    folder = out / f"seed-{seed}"
    if folder.exists():
        shutil.rmtree(folder)
    source = write_copy(folder / "copy", seed, pages)
    row: dict[str, Any] = {"seed": seed}
    imported = run(
        [*newsprint(), "import", source, "-o", folder / "issue"], folder / "import.log", timeout
    )
    row["import"] = imported["exit"]
    if imported["exit"] != 0:
        return row
    command = [
        *newsprint(),
        "build",
        folder / "issue" / "issue.yaml",
        "-o",
        folder / "out",
        "-j",
        "2",
    ]
    built = run(command, folder / "build.log", timeout)
    row["build"], row["seconds"] = built["exit"], built["seconds"]
    pdf = folder / "out" / "issue.pdf"
    if tools is None or not pdf.exists():
        return row
    fill = tool([python(), tools / "pagefill.py", pdf], folder / "pagefill.log", timeout)
    row["white"] = [page["white_pct"] for page in fill.get("pages", [])]
    row["typo"] = tool([python(), tools / "pdfcheck.py", "typo", pdf], folder / "typo.log", timeout)
    command = [python(), tools / "pdfcheck.py", "text", pdf, source]
    row["text"] = tool(command, folder / "text.log", timeout)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--seeds", type=int, nargs="+", default=list(SEEDS))
    parser.add_argument("--pages", type=int, default=3)
    parser.add_argument("--tools", type=Path)
    parser.add_argument("--timeout", type=float, default=900)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rows = []
    print("seed  build  pages  white% (all but the last)        loose  nflush  missing")
    for seed in args.seeds:
        row = run_seed(args.out, seed, args.pages, args.tools, args.timeout)
        rows.append(row)
        white = row.get("white", [])
        typo, text = row.get("typo", {}), row.get("text", {})
        print(
            f"{seed:<5} {row.get('build', row['import'])!s:<6} {len(white):<6} "
            f"{' '.join(f'{w:4.1f}' for w in white[:-1]):<32} {typo.get('loose', '-')!s:<6} "
            f"{typo.get('not_flush', '-')!s:<7} {text.get('windows_missing', '-')}",
            flush=True,
        )
    inner = [w for row in rows for w in row.get("white", [])[:-1]]
    summary = {
        "seeds": len(rows),
        "built": sum(row.get("build") == 0 for row in rows),
        "inner_pages": len(inner),
        "inner_at_most_2": sum(w <= 2 for w in inner),
        "inner_at_most_3": sum(w <= 3 for w in inner),
        "inner_worst": max(inner, default=None),
        "rows": rows,
    }
    (args.out / "summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    print({k: v for k, v in summary.items() if k != "rows"})


if __name__ == "__main__":
    main()
