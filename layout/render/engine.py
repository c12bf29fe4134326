"""What the rendering engine underneath us is: versions and capabilities.

A CJK PDF takes over ten seconds to write when HarfBuzz's subsetter is
missing (WeasyPrint falls back to fontTools), so the build and ``newsprint
doctor`` say so, with the command that installs it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from dataclasses import dataclass

import weasyprint
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
