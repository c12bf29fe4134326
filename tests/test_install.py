"""newsprint as a user installs it: a wheel in a fresh environment, run from elsewhere.

An editable install finds the template sets and fonts in the repository; a
plain ``pip install .`` used to leave them behind (FileNotFoundError for
site-packages/templates).
"""

from __future__ import annotations

import os
import re
import shutil
import site
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from conftest import ROOT, SAMPLE
from pdf import page_texts


def test_every_dependency_is_installed_at_its_pinned_version() -> None:
    # Only WeasyPrint was pinned: each fresh machine got that day's newest of the rest.
    pins = dict(
        re.findall(r"^([\w.-]+)==(\S+)$", (ROOT / "constraints.txt").read_text(), re.MULTILINE)
    )
    pins = {name.lower().replace("_", "-"): version for name, version in pins.items()}
    wanted = metadata.requires("newsprint") or []
    names = {
        re.match(r"[\w.-]+", w)[0].lower().replace("_", "-") for w in wanted if "bench" not in w
    }
    assert names <= pins.keys()
    for name in names:
        assert metadata.version(name) == pins[name], name


def test_the_package_list_names_every_package() -> None:
    listed = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    packages = set(listed["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "layout").rglob("__init__.py")
    }
    assert packages == found | {"layout.templates", "layout.fonts"}


def test_a_wheel_in_a_fresh_environment_builds_the_sample_from_another_folder(
    tmp_path: Path,
) -> None:
    source = tmp_path / "source"  # a clean tree: no build/ or egg-info of the checkout's
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "build", "*.egg-info", "__pycache__", ".*_cache", "out", "issues"
        ),
    )
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    wheels = tmp_path / "wheels"
    subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", wheels, source],
        check=True,
        cwd=tmp_path,
    )
    (wheel,) = wheels.glob("newsprint-*.whl")
    fresh = tmp_path / "fresh"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", fresh], check=True)
    subprocess.run(
        [*pip, "--python", fresh / "bin" / "python", "install", "--no-deps", wheel], check=True
    )
    # The dependencies are this environment's (no network); its editable newsprint is not
    # seen: a .pth line adds a folder to the path without running the .pth files in it.
    (shipped,) = (fresh / "lib").glob("python3*/site-packages")
    (shipped / "dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n")

    alone = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # the wheel's only
    where = subprocess.run(
        [fresh / "bin" / "python", "-c", "import layout; print(layout.__file__)"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env=alone,
    ).stdout
    assert Path(where.strip()).is_relative_to(shipped)
    issue = shutil.copytree(SAMPLE, tmp_path / "elsewhere" / SAMPLE.name)
    built = subprocess.run(
        [fresh / "bin" / "newsprint", "build", issue / "issue.yaml", "-o", tmp_path / "out", "-q"],
        capture_output=True,
        text=True,
        cwd=tmp_path / "elsewhere",
        env=alone,
    )
    assert built.returncode == 0, built.stderr
    (text,) = page_texts(tmp_path / "out" / "issue.pdf")
    assert "中原区2025年政务服务工作会议召开" in text
