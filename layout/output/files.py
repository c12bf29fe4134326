"""Write a build's files all or nothing.

Every file is first written in full beside its target, and only then are
they renamed over the targets: a build that fails while making any of them
leaves the previous build's files untouched, and readers (and the printing
plant's upload script) never see half a file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def page_file(number: int, extension: str) -> str:
    """page-02.pdf: sorted by page number in any file list."""
    return f"page-{number:02d}.{extension}"


def write_files(folder: Path, files: dict[str, bytes]) -> list[Path]:
    """Write each name's bytes into folder, replacing older files of that name."""
    folder.mkdir(parents=True, exist_ok=True)
    mode = 0o666 & ~_umask()  # as open() would create them, not mkstemp's 0600
    staged: list[tuple[str, Path]] = []
    try:
        for name, data in files.items():
            descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.")
            staged.append((temporary, folder / name))
            os.fchmod(descriptor, mode)
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(data)
        for temporary, target in staged:
            os.replace(temporary, target)
    except BaseException:
        for temporary, _ in staged:
            Path(temporary).unlink(missing_ok=True)
        raise
    return [target for _, target in staged]


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current
