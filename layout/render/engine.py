"""What the rendering engine underneath us is: versions and capabilities.

A CJK PDF takes over ten seconds to write when HarfBuzz's subsetter is
missing (WeasyPrint falls back to fontTools), so the build and ``newsprint
doctor`` say so, with the command that installs it. Where it is there, the
whole font file WeasyPrint copies for every font of every page is never
read (HarfBuzz subsets the face itself): :func:`install_font_data_on_demand`
copies it only when it is read, and :func:`install_subsets_kept` keeps the
subsets a process made, so that a page rebuilt with the glyphs it had (an
edit in a running ``serve`` or ``watch``) does not subset its faces again;
:func:`install_compressions_kept` keeps what pydyf compressed, which it
does twice for every stream of a file. :func:`install_pdf_shortcuts` installs all three.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import threading
import types
import zlib
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import pydyf
import weasyprint
from weasyprint.pdf import fonts as pdf_fonts
from weasyprint.text import ffi as weasy_ffi

SUBSET_PACKAGE = "libharfbuzz-subset0"


@dataclass(frozen=True)
class Engine:
    weasyprint: str
    pango: str
    harfbuzz: str
    harfbuzz_subset: bool  # fast font subsetting (WeasyPrint needs HarfBuzz ≥ 4.1)


def engine() -> Engine:
    pango = weasy_ffi.pango.pango_version()
    has_subset = weasy_ffi.harfbuzz_subset is not None and bool(
        weasy_ffi.harfbuzz.hb_version_atleast(4, 1, 0)
    )
    return Engine(
        weasyprint=weasyprint.__version__,
        pango=f"{pango // 10000}.{pango // 100 % 100}.{pango % 100}",
        harfbuzz=_harfbuzz_version(),
        harfbuzz_subset=has_subset,
    )


def _harfbuzz_version() -> str:
    name = ctypes.util.find_library("harfbuzz") or "libharfbuzz.so.0"
    try:
        library = ctypes.CDLL(name)
    except OSError:
        return "unknown"
    library.hb_version_string.restype = ctypes.c_char_p
    return library.hb_version_string().decode()


_deferring = threading.local()  # set while a PDF font is made: its file data is not read


def install_font_data_on_demand() -> None:
    """A PDF font's file data (a CJK font: 20 MB) copied when first read, not when the
    font is made: HarfBuzz's subsetter reads the face, so the copy is never read.
    Idempotent; the PDF is byte for byte the same."""
    font = pdf_fonts.Font
    if isinstance(getattr(font, "file_content", None), property):
        return
    copy = pdf_fonts.get_hb_object_data
    made = font.__init__

    def data(hb_object: Any, ot_color: str | None = None, glyph: int | None = None) -> Any:
        if getattr(_deferring, "on", False) and ot_color is None:
            return _LATER
        return copy(hb_object, ot_color, glyph)

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        _deferring.on = True
        try:
            made(self, *args, **kwargs)
        finally:
            _deferring.on = False

    def read(self: Any) -> bytes:
        content = self.__dict__.get("_file_content", _LATER)
        if content is _LATER:
            content = self.__dict__["_file_content"] = copy(self.hb_face)
        return content

    def write(self: Any, content: bytes) -> None:
        self.__dict__["_file_content"] = content

    pdf_fonts.get_hb_object_data = data
    font.__init__ = init
    font.file_content = property(read, write)


_LATER: Any = object()


SUBSETS_KEPT = 32  # a page's faces (4 or so) for a few pages
# (face, glyphs, hinting, missing) → (the face, referenced so it outlives the key, subset)
_subsets: OrderedDict[tuple[Any, ...], tuple[Any, bytes]] = OrderedDict()


def install_subsets_kept() -> None:
    """A face subset to the same glyphs as before (30 ms for a CJK face) is the kept
    subset. Keyed by the face itself, which the cache holds a reference to: a font
    file installed anew is another face. Installs :func:`install_font_data_on_demand`
    too, which it reads the subset from. Idempotent; the PDF is byte for byte the same."""
    install_font_data_on_demand()
    font = pdf_fonts.Font
    original = font._harfbuzz_subset
    if getattr(original, "__wrapped__", None) is not None:
        return
    harfbuzz = weasy_ffi.harfbuzz

    def subset(self: Any, to_unicode: Any, hinting: Any) -> None:
        face = self.hb_face
        address = int(weasy_ffi.ffi.cast("uintptr_t", face))
        key = (address, tuple(sorted(to_unicode)), bool(hinting), tuple(sorted(self.missing)))
        if (kept := _subsets.get(key)) is not None:
            _subsets.move_to_end(key)
            self.file_content = kept[1]
            return
        original(self, to_unicode, hinting)
        # The subset, where HarfBuzz made one: the whole file (not copied unless read,
        # install_font_data_on_demand) is no subset to keep
        content = self.__dict__.get("_file_content")
        if not isinstance(content, bytes):
            return
        held = weasy_ffi.ffi.gc(harfbuzz.hb_face_reference(face), harfbuzz.hb_face_destroy)
        _subsets[key] = (held, content)
        while len(_subsets) > SUBSETS_KEPT:
            _subsets.popitem(last=False)

    subset.__wrapped__ = original  # type: ignore[attr-defined]
    font._harfbuzz_subset = subset


COMPRESSED_KEPT = 48 * 2**20  # bytes: a page's font subsets and pictures, for a few pages
KEPT_FROM = 16_384  # bytes: smaller streams cost less to compress than to keep
# (zlib's arguments, digest of the data) → the data compressed
_compressions: OrderedDict[tuple[Any, ...], bytes] = OrderedDict()


class _KeptCompression:
    """pydyf's compressor, for data compressed before: the same bytes, kept. pydyf
    compresses every stream twice when it writes a file identifier (to write it and
    to hash it), and a page set again writes the same font subsets and pictures."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._arguments = (args, tuple(sorted(kwargs.items())))
        self._data: list[bytes] = []

    def compress(self, data: bytes) -> bytes:
        self._data.append(data)
        return b""

    def flush(self) -> bytes:
        data = b"".join(self._data)
        if len(data) < KEPT_FROM:
            return _compressed(data, self._arguments)
        key = (self._arguments, hashlib.blake2b(data, digest_size=20).digest())
        if (kept := _compressions.get(key)) is not None:
            _compressions.move_to_end(key)
            return kept
        kept = _compressions[key] = _compressed(data, self._arguments)
        while sum(map(len, _compressions.values())) > COMPRESSED_KEPT:  # a few hundred
            _compressions.popitem(last=False)
        return kept


def _compressed(data: bytes, arguments: tuple[Any, ...]) -> bytes:
    args, kwargs = arguments
    compressor = zlib.compressobj(*args, **dict(kwargs))
    return compressor.compress(data) + compressor.flush()


def install_compressions_kept() -> None:
    """A stream compressed before (30 ms for a CJK font's subset at pydyf's level 9)
    is not compressed again. Idempotent; the PDF is byte for byte the same."""
    if isinstance(pydyf.zlib, types.SimpleNamespace):
        return
    pydyf.zlib = types.SimpleNamespace(compress=zlib.compress, compressobj=_KeptCompression)


def install_pdf_shortcuts() -> None:
    """Every shortcut of this module in WeasyPrint's PDF writing (each makes the same
    bytes as WeasyPrint does). Idempotent."""
    install_subsets_kept()
    install_compressions_kept()
