"""Benchmark: English newsletter copy imported with ``--template newsletter`` and built.

    .venv/bin/python benchmarks/english.py OUT_DIR [--seeds 1 2 …] [--words 1100]
        [--tools ../shared/tools] [--timeout 600]

For each seed, a page of tests/corpus_english.py copy (about ``--words``
words, 4–7 stories, 0–2 photos) is imported and built without an edit. With
``--tools`` every PDF is judged by ``pagefill.py`` and ``pdfcheck.py text``;
every build is searched for CJK characters and U+3000 in its text and
metadata. Written: OUT_DIR/seed-N/… and OUT_DIR/summary.json.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import pypdf
from corpus import newsprint, python, run, tool

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from corpus_english import english_page, write_english_page  # noqa: E402

CJK = re.compile("[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")


def run_seed(out: Path, seed: int, words: int, tools: Path | None, timeout: float) -> dict:
    folder = out / f"seed-{seed}"
    if folder.exists():
        shutil.rmtree(folder)
    rng = random.Random(f"newsprint-english-bench:{seed}")
    markdown, photos = english_page(
        seed, words=words, articles=rng.randint(4, 7), photos=rng.randint(0, 2)
    )
    source = write_english_page(folder / "copy", markdown, photos)
    row: dict[str, Any] = {"seed": seed}
    command = [*newsprint(), "import", source, "-o", folder / "issue", "--template", "newsletter"]
    row["import"] = run(command, folder / "import.log", timeout)["exit"]
    if row["import"] != 0:
        return row
    command = [*newsprint(), "build", folder / "issue" / "issue.yaml", "-o", folder / "out"]
    built = run(command, folder / "build.log", timeout)
    row["build"], row["seconds"] = built["exit"], built["seconds"]
    pdf = folder / "out" / "issue.pdf"
    if not pdf.exists():
        return row
    reader = pypdf.PdfReader(pdf)
    words_seen = "".join(page.extract_text() for page in reader.pages)
    words_seen += " ".join(str(value) for value in (reader.metadata or {}).values())
    row["cjk"] = len(CJK.findall(words_seen))
    if tools is not None:
        fill = tool([python(), tools / "pagefill.py", pdf], folder / "pagefill.log", timeout)
        row["white"] = [page["white_pct"] for page in fill.get("pages", [])]
        command = [python(), tools / "pdfcheck.py", "text", pdf, source]
        row["text"] = tool(command, folder / "text.log", timeout)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--seeds", type=int, nargs="+", default=list(range(1, 11)))
    parser.add_argument("--words", type=int, default=1100)
    parser.add_argument("--tools", type=Path)
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rows = []
    print("seed  build  pages  white%              cjk  missing")
    for seed in args.seeds:
        row = run_seed(args.out, seed, args.words, args.tools, args.timeout)
        rows.append(row)
        white = row.get("white", [])
        print(
            f"{seed:<5} {row.get('build', row['import'])!s:<6} {len(white):<6} "
            f"{' '.join(f'{w:4.1f}' for w in white):<19} {row.get('cjk', '-')!s:<4} "
            f"{row.get('text', {}).get('windows_missing', '-')}",
            flush=True,
        )
    pages = [w for row in rows for w in row.get("white", [])]
    summary = {
        "seeds": len(rows),
        "built": sum(row.get("build") == 0 for row in rows),
        "pages": len(pages),
        "at_most_3": sum(w <= 3 for w in pages),
        "worst": max(pages, default=None),
        "cjk": sum(row.get("cjk", 0) for row in rows),
        "rows": rows,
    }
    (args.out / "summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    print({k: v for k, v in summary.items() if k != "rows"})


if __name__ == "__main__":
    main()
