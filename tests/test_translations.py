"""Every user-visible string of the GUI is in the Norwegian catalogue, translated, and compiled."""

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "i18n" / "ledgerwizard_nb.ts"
QM = ROOT / "resources" / "i18n" / "ledgerwizard_nb.qm"
LUPDATE = Path(sys.executable).parent / "pyside6-lupdate"
LRELEASE = Path(sys.executable).parent / "pyside6-lrelease"


def _messages(path):
    root = ET.parse(path).getroot()
    return {(c.findtext("name"), m.findtext("source")): m.find("translation") for c in root.iter("context")
            for m in c.iter("message")}


def test_every_string_in_the_code_is_in_the_norwegian_catalogue(tmp_path):
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in (ROOT / "ledgerwizard" / "ui").rglob("*.py"))
    subprocess.run([str(LUPDATE), *sources, "-ts", str(fresh)], check=True, capture_output=True)
    in_code = set(_messages(fresh))
    in_catalogue = _messages(TS)
    missing = sorted(in_code - set(in_catalogue))
    assert not missing, f"strings missing from {TS.name} (run scripts/i18n.sh and translate): {missing}"
    untranslated = [k for k in in_code if in_catalogue[k].get("type") in ("unfinished", "vanished", "obsolete")
                    or not (in_catalogue[k].text or "").strip()]
    assert not untranslated, f"untranslated: {untranslated}"


def test_compiled_catalogue_is_current(tmp_path):
    out = tmp_path / "nb.qm"
    subprocess.run([str(LRELEASE), str(TS), "-qm", str(out)], check=True, capture_output=True)
    assert out.read_bytes() == QM.read_bytes(), "run scripts/i18n.sh: the .qm is older than the .ts"


def test_placeholders_survive_translation():
    import re

    for (_ctx, src), tr in _messages(TS).items():
        assert set(re.findall(r"\{\w+\}", src)) == set(re.findall(r"\{\w+\}", tr.text or "")), src
        assert src.count("&") - src.count("&&") == (tr.text or "").count("&") - (tr.text or "").count("&&"), src


def test_the_wizard_buttons_are_norwegian_in_every_windows_and_linux_style(qapp):
    """QWizard takes its buttons' texts from its own context, and they differ by style: Windows' Aero style (the
    default there) says '&Next' where Linux's says '&Next >'. Seen in the Windows build under Wine: 'Next' in English
    beside 'Avbryt'."""
    from PySide6.QtCore import QCoreApplication

    from ledgerwizard.ui import i18n

    assert i18n.install("nb")
    try:
        for source in ("< &Back", "&Next >", "&Next", "&Finish", "Cancel", "Commit", "&Help"):
            assert QCoreApplication.translate("QWizard", source) != source, source
    finally:
        i18n.install("en")


def test_qts_own_texts_are_in_bokmaal_context_menus_and_standard_buttons(qtbot, tmp_path):
    """Qt ships no bokmål for its own texts (only nynorsk): ours are compiled and installed with the catalogue."""
    from PySide6.QtWidgets import QDialogButtonBox, QLineEdit

    from ledgerwizard.ui import i18n

    qm = ROOT / "resources" / "i18n" / "qtbase_nb.qm"
    out = tmp_path / "qtbase.qm"
    subprocess.run([str(LRELEASE), str(qm.with_suffix(".ts")), "-qm", str(out)], check=True, capture_output=True)
    assert out.read_bytes() == qm.read_bytes(), "run scripts/i18n.sh: qtbase_nb.qm is older than its .ts"
    try:
        i18n.install("nb")
        edit = QLineEdit()
        qtbot.addWidget(edit)
        menu = edit.createStandardContextMenu()
        texts = [a.text().split("\t")[0] for a in menu.actions() if not a.isSeparator()]
        assert "&Lim inn" in texts and "&Angre" in texts and "Merk alt" in texts, texts
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Yes | QDialogButtonBox.StandardButton.No |
                               QDialogButtonBox.StandardButton.Cancel)
        qtbot.addWidget(box)
        assert sorted(b.text() for b in box.buttons()) == ["&Ja", "&Nei", "Avbryt"]
        i18n.install("en")
        en_menu = edit.createStandardContextMenu()
        assert "&Paste" in [a.text().split("\t")[0] for a in en_menu.actions()]
    finally:
        i18n.install("nb")
