"""The program's windows as entries (the login's ``--tray``, the installer's ``setup``, the Start menu's shortcut,
and the CLI's ``setup`` and ``tray`` commands): the tray or the wizard on a profile, wired together here.

Nothing of Qt is loaded before the settings have been read: the core comes first (see ``ledgerwizard.launch``).
"""

from __future__ import annotations

import sys


def open_window(kind: str, profile: str | None = None, message: str = "") -> int:
    """``tray``, ``setup`` or ``open`` (the wizard for a shop not set up yet, else the tray with its settings open)
    on the user's profile (or ``profile``); ``message`` for the tray ("settings", "send-now"). Errors as the CLI
    gives them: a user error in one message (exit 2), anything unexpected in a crash report for support (exit 70)."""
    from ..core.errors import LedgerWizardError

    try:
        from ..adapters.settings import Profile
        from ..services.workspace import Workspace

        ws = Workspace(Profile.resolve(profile))
        try:
            set_up = bool(ws.settings.companies)  # (read here, before Qt, like the modules)
        except LedgerWizardError:  # unreadable: the tray or the wizard says so and offers the backup
            set_up = True
        if kind == "open":
            kind, message = ("tray" if set_up else "setup"), "settings"
        if kind == "setup":
            from .wizard import run_wizard

            return run_wizard(ws, then=start_tray)
        from ..adapters import journal, osintegration  # noqa: F401 - the tray's own adapters, also before Qt

        return start_tray(ws, message)
    except LedgerWizardError as e:  # e.g. no display: said on the console
        print(e.render(), file=sys.stderr)
        return 2
    except Exception as e:  # noqa: BLE001 - unexpected: a crash report for support, as the CLI makes it
        from ..crash import report_crash

        return report_crash(e, profile)


def start_tray(workspace, message: str = "") -> int:
    """The tray on ``workspace``, its "Settings…" wired here."""
    from .tray import run_tray

    return run_tray(workspace, message, settings_window=settings_window)


def settings_window(workspace):
    """The tray's "Settings…": the settings dialog, the setup's steps in sections (loaded when first opened); for a
    profile not set up yet, the setup wizard."""
    try:
        set_up = bool(workspace.settings.companies)
    except Exception:  # noqa: BLE001 - unreadable: the wizard says so and offers the backup
        set_up = False
    if not set_up:
        from .wizard import SetupWizard

        return SetupWizard(workspace)
    from .settings import SettingsDialog

    return SettingsDialog(workspace)
