"""The program's entry point (the console script, ``python -m ledgerwizard`` and the frozen executable):

- the login's ``--tray`` (or ``tray``) goes straight to the tray, without loading the CLI's modules;
- no arguments where a window can be shown (the Start menu's shortcut, a double-click) opens the program
  (``ui.tray.open_app``: the wizard for a shop not set up yet, else the tray with its settings);
- everything else is the CLI (``ledgerwizard.cli``; with no arguments and no display, its usage)."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv in (["tray"], ["--tray"]):
        from .ui.tray import autostart

        return autostart()
    if not argv:
        from .adapters.osintegration import has_display

        if has_display():
            from .ui.tray import open_app

            return open_app()
    from .cli import main as cli_main

    return cli_main(argv)
