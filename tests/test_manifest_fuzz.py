"""Whatever an editor types, loading a manifest ends in an Issue or in located problems."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import SAMPLE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from layout.manifest import ManifestError, load_manifest

TEXT = (SAMPLE / "issue.yaml").read_text(encoding="utf-8")
NOISE = st.text(
    alphabet=st.sampled_from(list(":-[]{}\"'#&*!|>%@`, \t\n0123456789ab中？")), max_size=8
)


@st.composite
def edited(draw: st.DrawFn) -> str:
    """The sample manifest after a few careless edits: cuts, insertions, replacements."""
    text = TEXT
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 12)))
        text = text[:start] + draw(NOISE) + text[end:]
    return text


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=edited())
def test_an_edited_manifest_loads_or_reports_located_problems(tmp_path: Path, text: str) -> None:
    folder = tmp_path / "issue"
    if not folder.exists():
        shutil.copytree(SAMPLE, folder)
    manifest = folder / "issue.yaml"
    manifest.write_text(text, encoding="utf-8")
    try:
        load_manifest(manifest)
    except ManifestError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.line >= 1 and problem.column >= 1
            assert "\n" not in str(problem)
            assert str(problem).startswith(f"{manifest}:{problem.line}:{problem.column}: ")
