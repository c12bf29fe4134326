"""newsprint: print-ready Chinese newspaper pages from YAML and Markdown.

The pipeline has one package per stage: ``manifest`` (YAML → typed issue),
``typeset`` (Chinese text rules), ``compose`` (the page's modules on its
grid), ``render`` (templates, grid, WeasyPrint), ``check`` (what did not
reach the page) and ``output`` (PDF files); ``pipeline`` runs the pages,
``commands`` is the command line and ``resident`` its resident server.
"""

import hashlib
from pathlib import Path

__version__ = "0.1.0"


def source_digest() -> str:
    """This package's source as it is on the disk now."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(f"{path.relative_to(package)}\0".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()
