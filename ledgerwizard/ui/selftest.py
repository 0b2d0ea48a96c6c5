"""The GUI's part of ``--selftest``: Qt finds its platform plugin, and the Norwegian catalogue loads."""

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
        return str(i18n.qm_path("nb").name)

    return [("qt", qt), ("translations", translations)]


__all__ = ["checks"]
