"""The program's entry point (the console script, ``python -m ledgerwizard`` and the frozen executable):

- the login's ``--tray`` (or ``tray``) starts the tray;
- ``setup`` (the installer's last step) opens the wizard;
- no arguments where a window can be shown (the Start menu's shortcut, a double-click) opens the program: the
  wizard for a shop not set up yet, else the tray with its settings open (a running tray opens them);
- everything else is the CLI (``ledgerwizard.cli``; with no arguments and no display, its usage).

The windows themselves are opened by ``ledgerwizard.ui.windows``; an unexpected error there is a crash report
(``ledgerwizard.crash``), as in the CLI, so this module and the CLI do not import each other.

The window entries skip the CLI's parser and modules, and load the core before Qt: PySide6 reads the source of
every module imported after it (its ``__feature__`` import hook, PYSIDE-2029), a cost paid before the first paint.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    utf8_output()
    argv = list(sys.argv[1:] if argv is None else argv)
    if hasattr(os, "umask"):
        os.umask(0o077)  # the profile is the user's alone: files the tray, wizard or SQLite create too
    if argv in (["tray"], ["--tray"]):
        return open_window("tray")
    if argv in ([], ["setup"]):
        from .adapters.osintegration import has_display

        if has_display():
            return open_window(argv[0] if argv else "open")
    from .cli import main as cli_main

    return cli_main(argv)


def utf8_output() -> None:
    """Output redirected to a file or a pipe is encoded in Windows' ANSI code page (cp1252, no '✓'), and a frozen
    program ignores ``PYTHONIOENCODING``: ``doctor > report.txt`` crashed. Such a stream is written in UTF-8 instead
    (what Notepad and support's tools read); a character even UTF-8 cannot take (a lone surrogate) is escaped. A
    console window is UTF-8 already; a windowed program has no streams (None)."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if stream is not None and encoding != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="backslashreplace")


def open_window(kind: str, profile: str | None = None, message: str = "") -> int:
    """The tray or the wizard (``ui/windows.py``: what the window entries open, and how they are wired)."""
    from .ui.windows import open_window as open_

    return open_(kind, profile, message)
