"""Write a build's files as one set.

A reader of the output folder (an editor, the printing plant's upload
script) sees the previous build's files or this build's, never a mix and
never half a file. Every file is first written in full into a staging
folder beside the output folder; the two folders are then exchanged in one
``renameat2(RENAME_EXCHANGE)``, and the folders that outlive a build (the
page cache) are moved across before. A build killed at any point leaves
the old set in place and a staging folder that the next build removes.

A folder that also holds files of its own (``-o`` pointed at a folder in
use) cannot be exchanged without moving them: there each file is replaced
on its own, still whole, the issue PDF last.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
import tempfile
import time
from collections.abc import Collection
from pathlib import Path

# What builds write into an output folder, and their temporaries while they do
PRODUCT = re.compile(r"(page-\d+\.(pdf|png)|issue\.pdf|contact\.png)")
LEFTOVER_AGE = 3600  # s: a temporary this old belongs to a build that was killed
STAGING = ".{}.staging-"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def written_by_build(path: Path, folder: Path) -> bool:
    """Whether ``path`` is one a build into ``folder`` writes: the folder or a staging
    folder beside it (a watcher must not take a build's own files for an edit)."""
    if path.is_relative_to(folder):
        return True
    if not path.is_relative_to(folder.parent) or path == folder.parent:
        return False
    return path.relative_to(folder.parent).parts[0].startswith(STAGING.format(folder.name))


def page_file(number: int, extension: str) -> str:
    """page-02.pdf: sorted by page number in any file list."""
    return f"page-{number:02d}.{extension}"


def write_files(
    folder: Path, files: dict[str, bytes], *, carry: Collection[str] = ()
) -> list[Path]:
    """Make folder hold exactly these files (and carry, the folders that outlive a
    build), replacing the set an earlier build wrote: pages the issue no longer
    has and proofs not asked for again go with it."""
    folder = folder.resolve()
    folder.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(folder)
    mode = 0o666 & ~_umask()  # as open() would create them, not mkstemp's 0600
    if folder.is_dir() and (_foreign(folder, carry) or os.path.ismount(folder)):
        return _replace_each(folder, files, mode)
    try:
        staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=STAGING.format(folder.name)))
    except PermissionError:  # a folder of ours in a folder that is not
        if not folder.is_dir():
            raise
        return _replace_each(folder, files, mode)
    carried: list[str] = []
    try:
        for name, data in files.items():
            _write(staging / name, data, mode)
        if not folder.is_dir():
            os.chmod(staging, 0o777 & ~_umask())
            os.rename(staging, folder)
            return [folder / name for name in files]
        os.chmod(staging, folder.stat().st_mode & 0o7777)
        for name in carry:
            if (folder / name).exists():
                os.rename(folder / name, staging / name)
                carried.append(name)
        _exchange(staging, folder)
    except BaseException:
        for name in carried:  # back where they were, or they would go with staging
            os.rename(staging / name, folder / name)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(staging, ignore_errors=True)  # the previous set, now
    return [folder / name for name in files]


def _foreign(folder: Path, carry: Collection[str]) -> bool:
    """Whether folder holds anything that builds did not write."""
    return not all(_ours(path.name) or path.name in carry for path in folder.iterdir())


def _ours(name: str) -> bool:
    """A product, or the temporary of one (``.page-02.pdf.x7f…``)."""
    return bool(PRODUCT.fullmatch(name) or PRODUCT.fullmatch(name[1:].rpartition(".")[0]))


def replace_file(folder: Path, name: str, data: bytes, mode: int) -> None:
    """``folder/name`` holding ``data`` in one step: a reader finds the old file or the
    new one, never part of one."""
    os.replace(staged(folder, name, data, mode), folder / name)


def staged(folder: Path, name: str, data: bytes, mode: int) -> Path:
    """A temporary file beside ``folder/name`` holding ``data``, to replace it with."""
    descriptor, made = tempfile.mkstemp(dir=folder, prefix=f".{name}.")
    os.close(descriptor)
    try:
        _write(Path(made), data, mode)
    except BaseException:
        Path(made).unlink(missing_ok=True)
        raise
    return Path(made)


def _write(path: Path, data: bytes, mode: int) -> None:
    with open(path, "wb") as handle:
        os.fchmod(handle.fileno(), mode)
        handle.write(data)


def _replace_each(folder: Path, files: dict[str, bytes], mode: int) -> list[Path]:
    done: list[tuple[Path, Path]] = []
    try:
        for name, data in sorted(files.items(), key=lambda item: item[0] == "issue.pdf"):
            done.append((staged(folder, name, data, mode), folder / name))
        for temporary, target in done:
            os.replace(temporary, target)
    except BaseException:
        for temporary, _ in done:
            temporary.unlink(missing_ok=True)
        raise
    for stale in folder.iterdir():
        if PRODUCT.fullmatch(stale.name) and stale.name not in files:
            stale.unlink(missing_ok=True)
    return [target for _, target in done]


def _exchange(new: Path, old: Path) -> None:
    """Swap two folders in one step; where the file system cannot, move the old
    one aside first (a reader then briefly finds no folder, still never a mix)."""
    if _swapped(new, old):
        return
    aside = Path(tempfile.mkdtemp(dir=old.parent, prefix=STAGING.format(old.name)))
    os.rename(old, aside / old.name)
    os.rename(new, old)
    os.rename(aside / old.name, new)
    aside.rmdir()


def _swapped(new: Path, old: Path) -> bool:
    """renameat2(RENAME_EXCHANGE), which Python does not wrap; False where the C
    library or the file system lacks it."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(new), _AT_FDCWD, os.fsencode(old), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(old))


def _remove_leftovers(folder: Path) -> None:
    """Staging folders and temporaries (``.page-02.pdf.x7f…``) that a killed build
    left behind; recent ones may be a build running beside this one."""
    now = time.time()
    prefix = STAGING.format(folder.name)
    candidates = [p for p in folder.parent.iterdir() if p.name.startswith(prefix)]
    if folder.is_dir():
        candidates += [
            path for path in folder.iterdir() if path.name.startswith(".") and _ours(path.name)
        ]
    for path in candidates:
        try:
            if now - path.stat().st_mtime <= LEFTOVER_AGE:
                continue
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
        except OSError:
            continue


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current
