"""Pages of copy nobody tuned the compositor to, imported and built as an editor would.

A reduced corpus of the benchmark's (``benchmarks/corpus.py`` runs 50 pages
and the reviewer's own checks): each page of generated district-paper copy
goes through ``newsprint import`` and ``newsprint build`` without an edit
and must come out full, without overset, every character on the page.
White is judged from the PDF's pixels alone, as a reader sees it: runs of
a grid column taller than four body lines (of 1.6 × the body size) with
no ink.
"""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import run_cli
from corpus_copy import page_copy, write_page
from pdf import page_texts, white_share

from layout.manifest import load_manifest
from layout.render.geometry import make_grid
from layout.render.template_set import load_template_set

# (seed, share of a page the copy needs, articles, photos)
PAGES = [
    (11, 0.90, 5, 1),
    (12, 0.97, 7, 2),
    (13, 1.02, 6, 0),
    (14, 0.94, 4, 3),
]
MOST_WHITE = 0.02


@pytest.mark.parametrize(("seed", "fill", "articles", "photos"), PAGES)
def test_generated_copy_builds_into_a_full_page(
    tmp_path: Path, seed: int, fill: float, articles: int, photos: int
) -> None:
    copy = page_copy(seed, fill=fill, articles=articles, photos=photos)
    source = write_page(tmp_path / "copy", copy)
    imported = run_cli("import", source, "-o", tmp_path / "issue")
    assert imported.exit_code == 0, imported.output
    manifest = tmp_path / "issue" / "issue.yaml"
    built = run_cli("build", manifest, "-o", tmp_path / "out")
    assert built.exit_code == 0, built.output
    assert "overset" not in built.output

    pdf = tmp_path / "out" / "issue.pdf"
    (text,) = page_texts(pdf)
    for paragraph in re.split(r"\n\s*\n", source.read_text(encoding="utf-8")):
        words = re.sub(r"[#!\[\]()\s]|img/\S+|　", "", paragraph)
        assert words[:12] in text or not words

    issue = load_manifest(manifest)
    grid = make_grid(issue.size, load_template_set(issue.template, issue.root).settings)
    document = pdfium.PdfDocument(pdf)
    trim_left, _, _, trim_top = document[0].get_trimbox()
    _, _, _, media_top = document[0].get_mediabox()
    left, top = trim_left, media_top - trim_top  # the page's corner in the rendered bleed
    columns = [
        (left + grid.left + grid.x(c), left + grid.left + grid.x(c) + grid.column_width)
        for c in range(grid.columns)
    ]
    white = white_share(
        pdf, columns, top + grid.top, top + grid.top + grid.type_height, 4 * 1.6 * grid.body_size
    )
    assert white <= MOST_WHITE, f"{white:.1%} of the type area white"
