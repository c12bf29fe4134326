"""Write a build's files all or nothing.

Every file is first written in full beside its target, and only then are
they renamed over the targets: a build that fails while making any of them
leaves the previous build's files untouched, and readers (and the printing
plant's upload script) never see half a file.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from pathlib import Path

# What builds write into an output folder, and their temporaries while they do
PRODUCT = re.compile(r"(page-\d+\.(pdf|png)|issue\.pdf|contact\.png)")
LEFTOVER_AGE = 3600  # s: a temporary this old belongs to a build that was killed


def page_file(number: int, extension: str) -> str:
    """page-02.pdf: sorted by page number in any file list."""
    return f"page-{number:02d}.{extension}"


def write_files(folder: Path, files: dict[str, bytes]) -> list[Path]:
    """Write each name's bytes into folder, replacing older files of that name; the
    products of an earlier build that this one does not make (the pages an issue no
    longer has, proofs not asked for again) go, as do temporaries of killed builds."""
    folder.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(folder)
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
    for stale in folder.iterdir():
        if PRODUCT.fullmatch(stale.name) and stale.name not in files:
            stale.unlink(missing_ok=True)
    return [target for _, target in staged]


def _remove_leftovers(folder: Path) -> None:
    """Temporaries (``.page-02.pdf.x7f…``) that a build killed between writing and
    renaming left behind; recent ones may be a build running beside this one."""
    now = time.time()
    for path in folder.iterdir():
        name, _, _ = path.name[1:].rpartition(".")
        if path.name.startswith(".") and PRODUCT.fullmatch(name):
            try:
                if now - path.stat().st_mtime > LEFTOVER_AGE:
                    path.unlink()
            except OSError:
                continue


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current
