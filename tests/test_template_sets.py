"""A designer's own template set that extends a shipped one and holds only what it changes.

Each test runs newsprint from a copy of the package beside a templates/ folder
of its own (the layout of a checkout), so the sets are real folders found the
way a user's are, and the repository is never written.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import ROOT
from pdf import fonts, page_texts
from pypdf import PdfReader

NEWSLETTER = ROOT / "issues" / "riverside-newsletter-2025-03"


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """layout/, fonts/ and templates/ copied: sets may be added to its templates/."""
    root = tmp_path / "checkout"
    ignore = shutil.ignore_patterns("__pycache__")
    for name in ("layout", "fonts", "templates"):
        shutil.copytree(ROOT / name, root / name, ignore=ignore)
    return root


def newsprint(checkout: Path, *args: object) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(checkout), "NEWSPRINT_SOCKET": "/nonexistent"}
    return subprocess.run(
        [sys.executable, "-c", "from layout.entry import main; main()", *map(str, args)],
        capture_output=True,
        text=True,
        env=environment,
        cwd=checkout.parent,  # not the repository: "" on sys.path would import its layout/
        timeout=600,
    )


def issue_with_set(tmp_path: Path, name: str) -> Path:
    issue = tmp_path / "issue"
    shutil.copytree(NEWSLETTER, issue)
    manifest = issue / "issue.yaml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace("template: newsletter", f"template: {name}"), "utf-8")
    return manifest


def test_a_set_extending_another_holds_only_what_it_changes(checkout: Path, tmp_path: Path) -> None:
    own = checkout / "templates" / "weekly"
    own.mkdir()
    (own / "settings.yaml").write_text(
        "extends: newsletter\nissue_title: 'The Weekly, no. {{ issue.issue }}'\nsize: letter\n",
        "utf-8",
    )
    (own / "style.css").write_text("@page { background: rgb(255, 0, 0) }\n", "utf-8")
    manifest = issue_with_set(tmp_path, "weekly")
    assert "template: weekly" in manifest.read_text(encoding="utf-8")
    built = newsprint(checkout, "build", manifest, "-o", tmp_path / "out")
    assert built.returncode == 0, built.stderr
    pdf = tmp_path / "out" / "issue.pdf"
    # its own setting, and the newsletter's for everything else (English copy, its fonts)
    assert PdfReader(pdf).metadata.title == "The Weekly, no. 27"
    assert any("Linux-Libertine-O" in font for font in fonts(pdf))
    # its stylesheet after the newsletter's: the page red in the margin, the text still set
    image = pdfium.PdfDocument(pdf)[0].render(scale=0.5).to_pil().convert("RGB")
    assert image.getpixel((2, 2)) == (255, 0, 0)
    plain = newsprint(checkout, "build", issue_with_set(tmp_path / "b", "newsletter"), "-o",
                      tmp_path / "plain")  # fmt: skip
    assert plain.returncode == 0, plain.stderr
    base = pdfium.PdfDocument(tmp_path / "plain" / "issue.pdf")[0].render(scale=0.5).to_pil()
    assert base.convert("RGB").getpixel((2, 2)) == (255, 255, 255)
    assert page_texts(pdf) == page_texts(tmp_path / "plain" / "issue.pdf")
    # a new issue of the set: the newsletter's scaffold, naming this set and its size
    made = newsprint(checkout, "new", tmp_path / "fresh", "--template", "weekly")
    assert made.returncode == 0, made.stderr
    fresh = (tmp_path / "fresh" / "issue.yaml").read_text(encoding="utf-8")
    assert re.search(r"(?m)^template: weekly\b", fresh) and re.search(r"(?m)^size: letter\b", fresh)


def test_sets_extending_each_other_are_one_located_line(checkout: Path, tmp_path: Path) -> None:
    for name, parent in (("first", "second"), ("second", "first")):
        (checkout / "templates" / name).mkdir()
        (checkout / "templates" / name / "settings.yaml").write_text(f"extends: {parent}\n")
    result = newsprint(checkout, "check", issue_with_set(tmp_path, "first"))
    assert result.returncode == 2, result.stderr
    second = checkout / "templates" / "second" / "settings.yaml"
    assert result.stderr.splitlines() == [
        f"{second}:1:10: extends: extends first, which this set is part of: first → second → first"
    ]


def test_an_issue_cannot_extend_another_set_than_its_own(checkout: Path, tmp_path: Path) -> None:
    manifest = issue_with_set(tmp_path, "newsletter")
    override = manifest.parent / "templates" / "settings.yaml"
    override.parent.mkdir()
    override.write_text("columns: 2\nextends: default\n", "utf-8")
    result = newsprint(checkout, "check", manifest)
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines() == [
        f"{override}:2:10: extends: an issue's templates/ extend the set its manifest names "
        "(template:), no other"
    ]
