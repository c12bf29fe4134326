"""`newsprint new`: a scaffolded issue builds as it is and explains its keys."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest
from conftest import run_cli
from pdf import page_texts
from PIL import Image
from pydantic import BaseModel

from layout.manifest import load_manifest
from layout.manifest.scaffold import ARTICLE, IMAGE, IMAGE_SIZE
from layout.manifest.schema import RawArticle, RawImage, RawIssue, RawPage, RawSection
from layout.typeset.punctuation import to_fullwidth


def image_sizes(path: Path) -> list[tuple[int, int]]:
    """Pixel size of every image XObject drawn on any page, in form XObjects too."""
    sizes: list[tuple[int, int]] = []

    def visit(resources: pypdf.generic.DictionaryObject) -> None:
        for xobject in resources.get("/XObject", {}).values():
            xobject = xobject.get_object()
            if xobject["/Subtype"] == "/Image":
                sizes.append((int(xobject["/Width"]), int(xobject["/Height"])))
            elif "/Resources" in xobject:
                visit(xobject["/Resources"].get_object())

    for page in pypdf.PdfReader(path).pages:
        visit(page.get("/Resources", {}))
    return sizes


def plain(text: str) -> str:
    """Text as the PDF's text layer shows it: full-width punctuation, no white space."""
    return re.sub(r"\s+", "", to_fullwidth(text)[0])


@pytest.fixture
def scaffold(tmp_path: Path) -> Path:
    folder = tmp_path / "issue"
    result = run_cli("new", folder, "--paper", "中原报", "--date", "2025-01-16")
    assert result.exit_code == 0, result.output
    return folder


def test_new_issue_builds_with_its_article_and_picture(scaffold: Path, tmp_path: Path) -> None:
    result = run_cli("build", scaffold / "issue.yaml", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "out" / "issue.pdf"
    (text,) = page_texts(pdf)
    article = (scaffold / ARTICLE).read_text(encoding="utf-8")
    for expected in ("中原报", "示范稿件排版流程", "本报讯" + plain(article), "记者张三"):
        assert expected in text
    assert image_sizes(pdf) == [IMAGE_SIZE]


def test_the_picture_is_a_real_jpeg(scaffold: Path) -> None:
    with Image.open(scaffold / IMAGE) as image:
        assert (image.format, image.size) == ("JPEG", IMAGE_SIZE)


def test_every_common_key_is_written_with_a_comment(scaffold: Path) -> None:
    text = (scaffold / "issue.yaml").read_text(encoding="utf-8")
    models: list[type[BaseModel]] = [RawIssue, RawPage, RawArticle, RawImage, RawSection]
    keys = {field.alias or name for m in models for name, field in m.model_fields.items()}
    explained = set(re.findall(r"^[ #-]*(\w+):[^#\n]*#", text, re.MULTILINE))
    assert keys - explained == set()


def test_the_commented_section_example_builds_when_switched_on(
    scaffold: Path, tmp_path: Path
) -> None:
    manifest = scaffold / "issue.yaml"
    lines = manifest.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith("# - section:"))
    lines[start:] = [re.sub(r"^(\s*)# ?", r"\1", line) for line in lines[start:]]
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (page,) = load_manifest(manifest).pages
    assert [type(item).__name__ for item in page.items] == ["Article", "Section"]
    result = run_cli("build", manifest, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    (text,) = page_texts(tmp_path / "out" / "issue.pdf")
    assert "栏目名称栏目里的短稿第一段。第二段。" in text


def test_new_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "issue.yaml").write_text("paper: 旧报\n", encoding="utf-8")
    result = run_cli("new", tmp_path)
    assert result.exit_code == 2
    assert f"{tmp_path} already exists and is not empty" in result.stderr
    assert (tmp_path / "issue.yaml").read_text(encoding="utf-8") == "paper: 旧报\n"
    assert [p.name for p in tmp_path.iterdir()] == ["issue.yaml"]


def test_new_fills_an_empty_folder(tmp_path: Path) -> None:
    result = run_cli("new", tmp_path)
    assert result.exit_code == 0, result.output
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*.*")) == [
        ARTICLE,
        IMAGE,
        "issue.yaml",
    ]
