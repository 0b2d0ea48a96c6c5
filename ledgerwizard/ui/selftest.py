"""The GUI's part of ``--selftest``: Qt finds its platform plugin, and the Norwegian catalogues (ours and Qt's own
texts) load."""

from __future__ import annotations

import os
from typing import Callable


def checks() -> list[tuple[str, Callable[[], object]]]:
    def qt():
        from ..adapters.osintegration import has_display

        if not has_display():
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication([])
        return f"{app.platformName()} platform plugin"

    def translations():
        from . import i18n

        if not i18n.install("nb"):
            raise RuntimeError(f"cannot load {i18n.qm_path('nb')}")
        from PySide6.QtCore import QCoreApplication

        context = "QLineEdit"  # (a variable: lupdate must not copy Qt's own text into our catalogue)
        paste = QCoreApplication.translate(context, "&Paste")
        if paste != "&Lim inn":  # Qt's own texts (context menus, standard buttons) in bokmål
            raise RuntimeError(f"Qt's own texts are not in bokmål (qtbase_nb.qm): {paste!r}")
        return f"{i18n.qm_path('nb').name}, qtbase_nb.qm"

    return [("qt", qt), ("translations", translations)]


__all__ = ["checks"]
