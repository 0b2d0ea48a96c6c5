"""The program's entry point (the console script, ``python -m ledgerwizard`` and the frozen executable):

- the login's ``--tray`` (or ``tray``) starts the tray;
- ``setup`` (the installer's last step) opens the wizard;
- no arguments where a window can be shown (the Start menu's shortcut, a double-click) opens the program: the
  wizard for a shop not set up yet, else the tray with its settings open (a running tray opens them);
- everything else is the CLI (``ledgerwizard.cli``; with no arguments and no display, its usage).

The window entries skip the CLI's parser and modules, and load the core before Qt: PySide6 reads the source of
every module imported after it (its ``__feature__`` import hook, PYSIDE-2029), a cost paid before the first paint.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    utf8_output()
    argv = list(sys.argv[1:] if argv is None else argv)
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
    """``tray``, ``setup`` or ``open`` (see above) on the user's profile (or ``profile``); ``message`` for the tray
    ("settings", "send-now"). Also what the CLI's ``setup`` and ``tray`` commands run. Errors as the CLI gives
    them: a user error in one message (exit 2), anything unexpected in a crash report for support (exit 70)."""
    from .core.errors import LedgerWizardError

    try:
        from .adapters.settings import Profile
        from .service import Workspace

        ws = Workspace(Profile.resolve(profile))
        try:
            set_up = bool(ws.settings.companies)  # (read here, before Qt, like the modules)
        except LedgerWizardError:  # unreadable: the tray or the wizard says so and offers the backup
            set_up = True
        if kind == "open":
            kind, message = ("tray" if set_up else "setup"), "settings"
        if kind == "setup":
            from .ui.wizard import run_wizard

            return run_wizard(ws)
        from .adapters import journal, osintegration  # noqa: F401 - the tray's own adapters, also before Qt
        from .ui.tray import run_tray

        return run_tray(ws, message)
    except LedgerWizardError as e:  # e.g. no display: said on the console
        print(e.render(), file=sys.stderr)
        return 2
    except Exception as e:  # noqa: BLE001 - unexpected: a crash report for support, as the CLI makes it
        from .cli import report_crash

        return report_crash(["--profile", profile] if profile else [], e)
