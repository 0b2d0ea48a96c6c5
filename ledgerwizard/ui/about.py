"""The About box (the tray's menu and the wizard's About button) and the wizard's Help box: plain message boxes opened
without blocking (``open``), their texts from ``services.about`` and the setup's flow, in the user's language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QMessageBox, QWidget

from ..paths import resources_dir


def _icon() -> QIcon:
    return QIcon(str(resources_dir() / "icons" / "ledgerwizard-64.png"))


def about_box(parent: QWidget | None, lang: str, log_dir: str | None = None) -> QMessageBox:
    from ..services.about import about

    box = QMessageBox(QMessageBox.Icon.NoIcon, QCoreApplication.translate("About", "About ledgerwizard"), about(log_dir).get(lang), parent=parent)
    box.setIconPixmap(_icon().pixmap(64, 64))
    box.setObjectName("about")
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.open()
    return box


def help_box(parent: QWidget | None, title: str, text: str) -> QMessageBox:
    """What the page needs and where to find it."""
    box = QMessageBox(QMessageBox.Icon.Information, QCoreApplication.translate("About", "Help: {page}").format(page=title), text, parent=parent)
    box.setObjectName("help")
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.open()
    return box


__all__ = ["about_box", "help_box"]
