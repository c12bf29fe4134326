"""The ``newsprint`` program: a build handed to a running ``newsprint serve``
(``layout.resident``), or the command run here.

Only the hand-over's few modules are imported before it is known whether a
server builds: a handed-over build never imports click, the commands or
WeasyPrint in the terminal's process.
"""

from __future__ import annotations

import sys

from layout.resident.protocol import hand_over


def main() -> None:
    """A build a running server did, or the command here."""
    status = hand_over(sys.argv[1:], sys.stdout, sys.stderr)
    if status is not None:
        sys.exit(status)
    from layout.cli import cli

    cli(prog_name="newsprint")
