"""Laid-out pages and measured modules kept by key, so a build redoes only what changed.

The cache lives in the output folder (``OUT/.newsprint-cache/``): it belongs
to the build's products, not to the editors' issue folder, and goes when
the output does. It holds two kinds of entries:

- ``pages/KEY.pdf`` and ``pages/KEY.json``: a page's PDF and findings, under
  the key of everything the page depends on (``layout.pipeline.keys``);
- ``measures/KEY.json``: the natural height of an article module, under the
  digest of the HTML it was measured in, so that after an edit to one
  article only that article is measured again.

Each entry also lists the files the renderer read for it with their
digests, and is served only while those files are unchanged. Files are
written whole and renamed into place, the JSON last, so a build that dies
leaves no entry half written, and builds sharing a folder may race but
never mix entries.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from layout.check.findings import Finding
from layout.output.files import replace_file
from layout.pipeline.pages import PageResult
from layout.render.fetcher import Reads, file_digest
from layout.render.page import Jump

FOLDER = ".newsprint-cache"
# What reading an entry of another shape raises (edited by hand, another version's)
MALFORMED = (KeyError, IndexError, TypeError, ValueError, AttributeError)
PAGES_KEPT = 64  # besides the current build's, the most recently used
MEASURES_KEPT = 1024


class PageCache:
    """The cache as one build sees it (files read back are hashed once per build)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._pages = _Entries(folder / "pages")

    def get(self, key: str) -> PageResult | None:
        """The page, if its entry is whole and every file it read is unchanged."""
        found = self._pages.get(key, pdf=True)
        if found is None:
            return None
        meta, pdf = found
        try:
            findings = tuple(Finding.from_json(finding) for finding in meta["findings"])
            reads = tuple((path, digest) for path, digest in meta["reads"])
            jumps = tuple(Jump(**jump) for jump in meta["jumps"])
            return PageResult(meta["number"], pdf, findings, reads, jumps=jumps)
        except MALFORMED:
            return None

    def put(self, key: str, result: PageResult) -> None:
        meta = {
            "number": result.number,
            "findings": [dataclasses.asdict(finding) for finding in result.findings],
            "jumps": [dataclasses.asdict(jump) for jump in result.jumps],
        }
        self._pages.put(key, meta, dict(result.reads), pdf=result.pdf)

    def measures(self, salt: str) -> MeasureCache:
        """Measures made with the code and fonts that ``salt`` stands for."""
        return MeasureCache(_Entries(self.folder / "measures"), salt)

    def prune(self, used: set[str]) -> None:
        """Drop the least recently used entries beyond what is kept, never pages just used."""
        self._pages.prune(used, PAGES_KEPT)
        _Entries(self.folder / "measures").prune(set(), MEASURES_KEPT)


@dataclasses.dataclass
class MeasureCache:
    """``layout.render.context.MeasureStore`` on disk; sent along to the page workers."""

    entries: _Entries
    salt: str

    def get(self, html: str) -> dict[str, Any] | None:
        found = self.entries.get(self._key(html), pdf=False)
        if found is None or not isinstance(fields := found[0].get("measure"), dict):
            return None
        return fields

    def put(self, html: str, fields: dict[str, Any], reads: Reads) -> None:
        meta = {"measure": fields}
        self.entries.put(self._key(html), meta, {str(p): d for p, d in reads.items()})

    def _key(self, html: str) -> str:
        return hashlib.sha256(f"{self.salt}\n{html}".encode()).hexdigest()


class _Entries:
    """KEY.json (and KEY.pdf) files in one folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._digests: dict[str, str | None] = {}

    def get(self, key: str, *, pdf: bool) -> tuple[dict[str, Any], bytes] | None:
        """The entry's JSON and, asked for, its PDF (else b"")."""
        meta_path = self.folder / f"{key}.json"
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            data = (self.folder / f"{key}.pdf").read_bytes() if pdf else b""
        except (OSError, ValueError):
            return None
        try:
            if pdf and hashlib.sha256(data).hexdigest() != meta.get("pdf"):
                return None
            if any(self._digest(path) != digest for path, digest in meta["reads"]):
                return None
        except MALFORMED:  # not an entry this code wrote: a miss, overwritten by the build
            return None
        try:
            os.utime(meta_path)  # recently used: pruned last
        except OSError:
            return None
        return meta, data

    def put(
        self, key: str, meta: dict[str, Any], reads: dict[str, str | None], pdf: bytes | None = None
    ) -> None:
        meta = {**meta, "reads": sorted(reads.items())}
        self.folder.mkdir(parents=True, exist_ok=True)
        if pdf is not None:
            meta["pdf"] = hashlib.sha256(pdf).hexdigest()
            self._write(f"{key}.pdf", pdf)
        self._write(f"{key}.json", json.dumps(meta, ensure_ascii=False).encode())

    def prune(self, used: set[str], keep: int) -> None:
        try:
            metas = sorted(
                self.folder.glob("*.json"), key=lambda p: p.stat().st_mtime_ns, reverse=True
            )
        except OSError:  # gone, or pruned by a build running beside this one
            return
        for meta in [p for p in metas if p.stem not in used][keep:]:
            meta.unlink(missing_ok=True)
            meta.with_suffix(".pdf").unlink(missing_ok=True)

    def _digest(self, path: str) -> str | None:
        if path not in self._digests:
            self._digests[path] = file_digest(Path(path))
        return self._digests[path]

    def _write(self, name: str, data: bytes) -> None:
        replace_file(self.folder, name, data, 0o600)  # another's pages are theirs
