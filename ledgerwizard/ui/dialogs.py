"""Dialogs both windows (the wizard and the tray) need before they can start."""

from __future__ import annotations

import logging

from ..core.i18n import Text
from . import i18n

log = logging.getLogger("ledgerwizard.ui")


def install_language(workspace) -> bool:
    """Install the translator for the settings' language. Settings that cannot be read are told first, in both
    languages, with the backup offered (never replaced silently). False when they are still unreadable."""
    try:
        lang = workspace.settings.language
    except Exception as e:  # noqa: BLE001 - a corrupt or newer settings file
        i18n.install("nb")
        if not settings_problem(workspace, e):
            return False
        lang = workspace.settings.language
    i18n.install(lang or "nb")
    return True


def settings_problem(workspace, problem, ask=None) -> bool:
    """The settings cannot be read at start-up: say so (never silently start empty) and offer the backup.
    Returns True when the settings are usable again. ``ask(text, can_restore) -> bool`` is the dialog."""
    can_restore = workspace.settings_store.backup_path.exists()

    def told(lang: str) -> str:
        if not hasattr(problem, "render"):
            return type(problem).__name__
        if not can_restore:
            return problem.render(lang)
        # the error's own hint names the command line; here the dialog's button does it
        return (f"{problem.path}: " if problem.path else "") + problem.message.get(lang) + "\n" + Text(
            "Du kan ta i bruk sikkerhetskopien fra forrige gang innstillingene ble lagret, eller avslutte og rette filen.",
            "You can restore the backup from the last time the settings were saved, or quit and correct the file."
        ).get(lang)

    text = "\n\n".join(told(lang) for lang in ("nb", "en"))  # the language is in the settings that cannot be read
    if ask is None:
        from PySide6.QtWidgets import QApplication, QMessageBox

        def ask(text, can_restore):
            box = QMessageBox(QMessageBox.Icon.Critical, "ledgerwizard", text)
            restore = box.addButton(QApplication.translate("SettingsProblem", "Restore the backup"),
                                    QMessageBox.ButtonRole.AcceptRole) if can_restore else None
            box.addButton(QApplication.translate("SettingsProblem", "Quit"), QMessageBox.ButtonRole.RejectRole)
            box.exec()
            return restore is not None and box.clickedButton() is restore
    log.error("settings unreadable at start-up: %s", getattr(problem, "code", type(problem).__name__))
    if not ask(text, can_restore):
        return False
    try:
        workspace.settings_store.restore_backup()
        workspace.reload_settings()  # the backup must itself be readable
    except Exception as e:  # noqa: BLE001
        log.error("the backup could not be restored: %s", getattr(e, "code", type(e).__name__))
        return False
    log.info("settings restored from the backup")
    return True
