"""The program's entry point (the console script, ``python -m ledgerwizard`` and the frozen executable): the
login's ``--tray`` (or ``tray``) goes straight to the tray without loading the CLI's modules; everything else is
the CLI (``ledgerwizard.cli``)."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv in (["tray"], ["--tray"]):
        from .ui.tray import autostart

        return autostart()
    from .cli import main as cli_main

    return cli_main(argv)
