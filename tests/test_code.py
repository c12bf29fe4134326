"""The code's own health, run by the README's test command: lint, format, types."""

from __future__ import annotations

import ast
import re
import subprocess
import sys

import pytest
from conftest import ROOT

TOOLS = {
    "ruff check": [sys.executable, "-m", "ruff", "check", "."],
    "ruff format": [sys.executable, "-m", "ruff", "format", "--check", "."],  # docs/ too
    "mypy": [sys.executable, "-m", "mypy"],  # pyproject.toml: layout/
}


@pytest.mark.parametrize("tool", TOOLS)
def test_the_repository_passes(tool: str) -> None:
    result = subprocess.run(TOOLS[tool], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_python_in_the_docs_imports_what_exists() -> None:
    # docs/check.md imported run_checks and render_issue long after they were gone.
    blocks = [
        (page.name, block)
        for page in sorted((ROOT / "docs").glob("*.md"))
        for block in re.findall(r"```python\n(.*?)```", page.read_text(encoding="utf-8"), re.S)
    ]
    assert blocks
    for name, block in blocks:
        imports = [
            node for node in ast.parse(block).body if isinstance(node, ast.Import | ast.ImportFrom)
        ]
        exec(compile(ast.Module(imports, type_ignores=[]), name, "exec"), {})
