"""Shared fixtures: the sample issues built once, and a way to write small issues."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from layout.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "issues" / "zhongyuan-2025-01-16"
NEWSLETTER = ROOT / "issues" / "riverside-newsletter-2025-03"


def run_cli(*args: str) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def page_manifest(
    items: str, *, number: int = 2, name: str = "综合", **issue_fields: object
) -> str:
    """A manifest of one page whose `items:` list is ``items`` (YAML, indented as you like).

    The issue is 测试报 no. 1 of 2025-01-16 unless ``issue_fields`` say otherwise;
    extra fields (``size=...``) follow ``date``.
    """
    fields = {"paper": "测试报", "issue": 1, "date": "2025-01-16", **issue_fields}
    head = "".join(f"{key}: {value}\n" for key, value in fields.items())
    page = f"pages:\n  - number: {number}\n    name: {name}\n    items:\n"
    return head + page + textwrap.indent(textwrap.dedent(items), " " * 6)


def _built(tmp_path_factory: pytest.TempPathFactory, folder: Path) -> Path:
    out = tmp_path_factory.mktemp(folder.name)
    result = run_cli("build", folder / "issue.yaml", "-o", out)
    assert result.exit_code == 0, result.output
    return out / "issue.pdf"


@pytest.fixture(scope="session")
def sample_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _built(tmp_path_factory, SAMPLE)


@pytest.fixture(scope="session")
def newsletter_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The English sample issue, built once."""
    return _built(tmp_path_factory, NEWSLETTER)


@pytest.fixture
def write_issue(tmp_path: Path) -> Callable[..., Path]:
    """Write a manifest (and article files) into a fresh issue folder."""

    def write(manifest: str, files: dict[str, str] | None = None) -> Path:
        folder = tmp_path / "issue"
        folder.mkdir(exist_ok=True)
        for name, text in (files or {}).items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")
        path = folder / "issue.yaml"
        path.write_text(textwrap.dedent(manifest), encoding="utf-8")
        return path

    return write


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """A copy of the sample issue that a test may edit."""
    return Path(shutil.copytree(SAMPLE, tmp_path / SAMPLE.name)) / "issue.yaml"


def assert_tiles(items, composition, frame) -> None:
    """Every item placed, in reading order, inside the frame, none over another."""
    placements = composition.placements
    assert [p.key for p in placements] == [item.key for item in items]
    for p in placements:
        assert p.column >= 0 and p.column + p.columns <= frame.columns
        assert p.top >= 0 and p.bottom <= frame.lines
    for i, p in enumerate(placements):
        assert not any(p.overlaps(q) for q in placements[i + 1 :])
