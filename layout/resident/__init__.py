"""A resident build process: ``newsprint serve`` keeps WeasyPrint, templates,
fonts and page workers warm, and ``newsprint build`` hands it its work over
a unix socket (``protocol``, which a client imports alone; ``server``)."""
