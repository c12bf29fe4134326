"""`newsprint doctor` and the build's warning about slow font subsetting."""

from __future__ import annotations

import dataclasses

import pytest
from conftest import page_manifest, run_cli

from layout.commands import build as build_command
from layout.commands import doctor as doctor_command
from layout.render.engine import engine


def test_doctor_shows_versions_and_the_file_behind_each_role() -> None:
    result = run_cli("doctor")
    assert result.exit_code == 0, result.output
    assert "WeasyPrint  70.0" in result.output
    assert "(fast subsetting)" in result.output
    assert "body      Noto Serif CJK SC" in result.output
    assert "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf" in result.output


def test_doctor_says_how_to_install_the_subsetter(monkeypatch: pytest.MonkeyPatch) -> None:
    slow = dataclasses.replace(engine(), harfbuzz_subset=False)
    monkeypatch.setattr(doctor_command, "engine", lambda: slow)
    result = run_cli("doctor")
    assert result.exit_code == 1
    assert "NO subsetting library" in result.output
    assert "apt-get install libharfbuzz-subset0" in result.output


def test_build_warns_once_without_the_subsetter(
    monkeypatch: pytest.MonkeyPatch, write_issue, tmp_path
) -> None:
    slow = dataclasses.replace(engine(), harfbuzz_subset=False)
    monkeypatch.setattr(build_command, "engine", lambda: slow)
    manifest = write_issue(page_manifest("- {headline: 标题, body: 正文。, columns: 6}\n"))
    result = run_cli("build", manifest, "-o", tmp_path / "out", "--force")
    assert result.output.count("HarfBuzz subsetting is missing") == 1
