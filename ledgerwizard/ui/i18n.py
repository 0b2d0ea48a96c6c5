"""Qt translations: our catalogue (resources/i18n/ledgerwizard_<lang>.qm, compiled from the .ts sources with
Qt's lrelease) installed on the application, and Qt's own texts (context menus, file dialogs, standard buttons:
resources/i18n/qtbase_<lang>.qm, ours, since Qt ships no bokmål). English is the source language; bokmål is the
default."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

from ..paths import resources_dir

_installed: list[QTranslator] = []
_language = "en"  # of the GUI's own strings: English (the source language) until a catalogue is installed


def qm_path(lang: str):
    return resources_dir() / "i18n" / f"ledgerwizard_{lang}.qm"


def install(lang: str) -> bool:
    global _language
    app = QCoreApplication.instance()
    for t in _installed:
        app.removeTranslator(t)
    _installed.clear()
    _language = "en"
    if lang == "en":
        return True
    t = QTranslator()
    ok = t.load(str(qm_path(lang)))
    if ok:
        app.installTranslator(t)
        _installed.append(t)
        _language = lang
        qt = QTranslator()
        if qt.load(str(resources_dir() / "i18n" / f"qtbase_{lang}.qm")):
            app.installTranslator(qt)
            _installed.append(qt)
    return ok


def language() -> str:
    """The language the GUI's own strings (``tr``) are shown in now."""
    return _language
