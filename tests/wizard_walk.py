"""The whole setup walked page by page, as a user on a small screen with the keyboard would meet it; run by
``test_keyboard_and_screen.py`` in a process of its own, because the screen (1024×768 at 125 %, less a taskbar) and
the language are fixed when Qt starts. Not collected on its own (no ``test_`` prefix in the file name).

At every page (the invoicing step too): the window and all its buttons inside the screen's free area; Back never the
default button (Enter never goes back; Enter in the key field tests the key); each Alt+letter used once; Help says
what the page needs. The same for every section of the settings dialog and for the status window."""

import os
import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QWidget, QWizard

from ledgerwizard.adapters.settings import Profile
from ledgerwizard.services.workspace import Workspace
from ledgerwizard.ui import i18n
from ledgerwizard.ui.wizard import SetupWizard
from ledgerwizard_sandbox import start_sandbox
from test_wizard import Driver, _factory

LANG = os.environ.get("LW_WALK_LANG", "nb")
B = QWizard.WizardButton


def mnemonics(w, page=None) -> list[tuple[str, str]]:
    """(letter, text) of every Alt+letter the user can press in the window (the wizard: on its current page): its
    visible buttons, labels bound to a field, group boxes, and the wizard's own buttons."""
    out = []
    texts = []
    if isinstance(w, QWizard):
        widgets = w.currentPage().findChildren(QWidget) + [
            w.button(b) for b in (B.BackButton, B.NextButton, B.FinishButton, B.CancelButton, B.HelpButton,
                                  B.CustomButton1)]
    else:
        widgets = (page or w).findChildren(QWidget)
    for widget in widgets:
        if not widget.isVisibleTo(w):
            continue
        if isinstance(widget, QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QLabel) and widget.buddy() is not None and widget.buddy().isVisibleTo(w):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox) and widget.isCheckable():
            texts.append(widget.title())
    for t in texts:
        m = re.search(r"&([^&\s])", t.replace("&&", ""))
        if m:
            out.append((m.group(1).lower(), t))
    return out


def clashes_in(letters) -> dict:
    return {k: [t for k2, t in letters if k2 == k] for k, _ in letters if sum(1 for k2, _ in letters if k2 == k) > 1}


def fits(window) -> None:
    """The window and every visible push button in it inside the screen's free area, not clipped."""
    from PySide6.QtWidgets import QPushButton

    avail = window.screen().availableGeometry()
    assert avail.contains(window.frameGeometry()), (window.windowTitle(), window.frameGeometry(), avail)
    for button in window.findChildren(QPushButton):
        if button.isVisibleTo(window) and button.window() is window:
            corner = button.mapToGlobal(button.rect().bottomRight())
            assert avail.contains(corner), (window.windowTitle(), button.text(), corner, avail)


def check_page(w: SetupWizard, seen: dict) -> None:
    avail = w.screen().availableGeometry()
    frame = w.frameGeometry()
    sid = w.current_step_id()
    assert avail.contains(frame), (sid, frame, avail)
    for b in (B.BackButton, B.NextButton, B.FinishButton, B.CancelButton, B.HelpButton, B.CustomButton1):
        button = w.button(b)
        if not button.isVisible():
            continue
        top_left = button.mapToGlobal(button.rect().topLeft())
        bottom_right = button.mapToGlobal(button.rect().bottomRight())
        assert avail.contains(top_left) and avail.contains(bottom_right), (sid, button.text(), top_left, avail)
        assert button.visibleRegion().boundingRect() == button.rect(), (sid, button.text())  # not clipped
    back = w.button(B.BackButton)
    assert not back.isDefault() and not back.autoDefault(), sid
    letters = mnemonics(w)
    clashes = clashes_in(letters)
    if os.environ.get("LW_WALK_REPORT"):  # a developer's overview of every page's clashes at once
        print(f"CLASH {LANG} {sid}: {clashes}" if clashes else f"ok {LANG} {sid}: {sorted(letters)}")
    else:
        assert not clashes, f"{LANG} {sid}: the same Alt+letter for {clashes}"
    assert w.help_text(), sid
    seen[sid] = sorted(t for _, t in letters)


def test_walk(qtbot, tmp_path, export_dir):
    i18n.install(LANG)
    emu, clients = start_sandbox("poweroffice")
    seen: dict = {}
    try:
        w = SetupWizard(Workspace(Profile.resolve(tmp_path / "profile")), connector_factory=_factory)
        w.sandbox, w.sandbox_key, w.keep_sandbox = emu, clients[0][1], True
        w.model.sandbox_url = emu.url
        w.set_language(LANG)
        qtbot.addWidget(w)
        w.show()
        qtbot.waitUntil(lambda: w.steps_built)
        d = Driver(qtbot, w)
        check_page(w, seen)
        # Help and About open and say something useful
        d.click(w.button(B.HelpButton))
        qtbot.waitUntil(lambda: getattr(w, "help_dialog", None) is not None and w.help_dialog.isVisible())
        assert "SAF-T" in w.help_dialog.text()
        w.help_dialog.accept()
        d.click(w.button(B.CustomButton1))
        qtbot.waitUntil(lambda: getattr(w, "about_dialog", None) is not None and w.about_dialog.isVisible())
        assert "ledgerwizard 0." in w.about_dialog.text() and ("Støtte" in w.about_dialog.text() or
                                                                "Support" in w.about_dialog.text())
        w.about_dialog.accept()
        d.next()
        src = w.current_step()
        d.type(src.path, str(export_dir))
        src.path.editingFinished.emit()
        d.wait(src.is_complete)
        check_page(w, seen)
        d.next()
        sysp = w.current_step()
        sysp.env.setCurrentIndex(2)  # sandbox
        check_page(w, seen)
        d.next()
        keys = w.current_step()
        box = next(iter(keys.boxes.values()))
        d.type(box["edit"], clients[0][1])
        check_page(w, seen)
        assert "PowerOffice" in w.help_text()  # the key's steps for the chosen system
        box["edit"].setFocus()
        qtbot.keyClick(box["edit"], Qt.Key.Key_Return)  # Enter in the key field tests the key …
        d.wait(keys.is_complete)
        check_page(w, seen)
        qtbot.keyClick(box["edit"], Qt.Key.Key_Return)  # … and once it works, Enter goes on
        d.wait(lambda: w.current_step_id() == "accounts")
        acc = w.current_step()
        d.wait(acc.is_complete)
        check_page(w, seen)
        d.next()
        check_page(w, seen)  # schedule
        d.next()
        test = w.current_step()
        d.wait(lambda: test.voucher is not None)
        check_page(w, seen)
        d.click(test.send_btn)
        d.wait(lambda: test.sent_ok if hasattr(test, "sent_ok") else "10001" in test.result.text()
               or "Sendt" in test.result.text() or "Sent" in test.result.text())
        check_page(w, seen)
        # after a test send, Enter goes on (never back), wherever the focus was left
        focus = w.focusWidget() or w
        qtbot.keyClick(focus, Qt.Key.Key_Return)
        d.wait(lambda: w.current_step_id() == "done")
        check_page(w, seen)
        print("pages walked:", ", ".join(seen))
    finally:
        emu.stop()


def test_customers_step(qtbot, tmp_path):
    """The invoicing step (shown when the exports have credit sales): fits, one Alt+letter each."""
    from ledgerwizard.cli.demo import make_demo_export

    i18n.install(LANG)
    export, _s, _e = make_demo_export(tmp_path, 7, credit_sales=True)
    emu, clients = start_sandbox("poweroffice")
    try:
        w = SetupWizard(Workspace(Profile.resolve(tmp_path / "profile")), connector_factory=_factory)
        w.sandbox, w.sandbox_key, w.keep_sandbox = emu, clients[0][1], True
        w.model.sandbox_url = emu.url
        w.set_language(LANG)
        qtbot.addWidget(w)
        w.show()
        qtbot.waitUntil(lambda: w.steps_built)
        d = Driver(qtbot, w)
        d.next()
        src = w.current_step()
        d.type(src.path, str(export))
        src.path.editingFinished.emit()
        d.wait(src.is_complete, timeout=30000)
        d.next()
        w.current_step().env.setCurrentIndex(2)
        d.next()
        keys = w.current_step()
        for box in keys.boxes.values():
            d.type(box["edit"], clients[0][1])
            d.click(box["test"])
        d.wait(keys.is_complete, timeout=30000)
        d.next()
        d.wait(w.current_step().is_complete, timeout=30000)
        d.next()
        assert w.current_step_id() == "customers"
        step = w.current_step()
        company = next(iter(step.boxes.values()))
        d.click(company.enable)
        qtbot.wait(1500)
        check_page(w, {})
    finally:
        emu.stop()


def test_settings_dialog_and_status_window(qtbot, tmp_path, export_dir):
    """The settings dialog's every section and the status window: in the screen, one Alt+letter each."""
    import datetime as dt

    from ledgerwizard.services.setup import init_profile
    from ledgerwizard.ui.settings import SettingsDialog
    from ledgerwizard.ui.status import StatusWindow

    i18n.install(LANG)
    emu, clients = start_sandbox("poweroffice")
    try:
        profile = Profile.resolve(tmp_path / "p")
        s = init_profile(Workspace(profile), export_dir, system="poweroffice", environment="sandbox")
        s.companies[0].options = {"base_url": emu.url}
        s.language = LANG
        Workspace(profile).save(s)
        Workspace(profile).secrets.set("poweroffice", "c1", clients[0][1])
        dialog = SettingsDialog(Workspace(profile), connector_factory=_factory)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.wait(300)
        fits(dialog)
        for row in range(dialog.list.count()):
            dialog.list.setCurrentRow(row)
            qtbot.wait(800)
            page = dialog.stack.currentWidget()
            letters = [x for x in mnemonics(dialog, page)] + [x for x in mnemonics(dialog, dialog)
                                                              if x[1] in (dialog.save_button.text(),
                                                                          dialog.close_button.text(),
                                                                          dialog.help_button.text())]
            clashes = clashes_in(letters)
            if os.environ.get("LW_WALK_REPORT"):
                print(f"CLASH {LANG} settings/{dialog.section()}: {clashes}" if clashes else
                      f"ok {LANG} settings/{dialog.section()}: {sorted(letters)}")
            else:
                assert not clashes, f"{LANG} settings/{dialog.section()}: the same Alt+letter for {clashes}"
            assert dialog.help_text()
        window = StatusWindow(Workspace(profile), lambda req: None, LANG,
                              clock=lambda: dt.datetime(2020, 1, 3, 12, tzinfo=dt.timezone.utc))
        qtbot.addWidget(window)
        window.show()
        qtbot.wait(800)
        fits(window)
        clashes = clashes_in(mnemonics(window))
        assert not clashes, f"{LANG} status window: the same Alt+letter for {clashes}"
        print("settings sections and status window checked")
    finally:
        emu.stop()
