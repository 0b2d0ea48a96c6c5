"""Qt translations: our catalogue (resources/i18n/ledgerwizard_<lang>.qm, compiled from the .ts sources with
Qt's lrelease) installed on the application. English is the source language; bokmål is the default."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

from ..paths import resources_dir

_installed: list[QTranslator] = []


def qm_path(lang: str):
    return resources_dir() / "i18n" / f"ledgerwizard_{lang}.qm"


def install(lang: str) -> bool:
    app = QCoreApplication.instance()
    for t in _installed:
        app.removeTranslator(t)
    _installed.clear()
    if lang == "en":
        return True
    t = QTranslator()
    ok = t.load(str(qm_path(lang)))
    if ok:
        app.installTranslator(t)
        _installed.append(t)
    return ok
