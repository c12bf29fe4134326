"""newsprint: print-ready Chinese newspaper pages from YAML and Markdown.

The pipeline has one package per stage: ``manifest`` (YAML → typed issue),
``typeset`` (Chinese text rules), ``render`` (templates, grid, WeasyPrint),
``check`` (what did not reach the page) and ``output`` (PDF files).
"""

__version__ = "0.1.0"
