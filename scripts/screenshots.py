"""Screenshots of every wizard page in bokmål and English, with the error states, into docs/screenshots/.
Runs under Xvfb (a real X server, Qt's xcb platform): ``.venv/bin/python scripts/screenshots.py``.
``--only NAME[,NAME]``: only the shots whose names contain one of the words (the others are left as they are),
e.g. ``--only customers``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"

if not os.environ.get("DISPLAY") and not os.environ.get("LW_SCREENSHOTS_CHILD"):
    if shutil.which("xvfb-run") is None:
        sys.exit("needs xvfb-run (Debian package xvfb)")
    env = {**os.environ, "LW_SCREENSHOTS_CHILD": "1", "QT_QPA_PLATFORM": "xcb"}
    sys.exit(subprocess.call(["xvfb-run", "-a", "-s", "-screen 0 1280x800x24 -nolisten tcp", sys.executable,
                              __file__, *sys.argv[1:]], env=env))

sys.path.insert(0, str(ROOT))
from PySide6.QtWidgets import QApplication  # noqa: E402

ONLY = [w for a in sys.argv[1:] if a.startswith("--only=") for w in a.split("=", 1)[1].split(",") if w] + \
    [w for i, a in enumerate(sys.argv[1:-1], start=1) if a == "--only" for w in sys.argv[i + 1].split(",") if w]


def wanted(name: str) -> bool:
    return not ONLY or any(w in name for w in ONLY)


def main() -> None:
    app = QApplication([])
    app.setStyle("Fusion")
    from ledgerwizard.adapters.secrets import MemorySecretStore
    from ledgerwizard.adapters.settings import Profile
    from ledgerwizard.cli.demo import make_demo_export
    from ledgerwizard.services.workspace import Workspace
    from ledgerwizard.ui import i18n
    from ledgerwizard.ui.wizard import SetupWizard
    from ledgerwizard.setup.model import SetupModel

    def pump(seconds=0.6):
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.01)

    OUT.mkdir(parents=True, exist_ok=True)
    if not ONLY:
        for old in OUT.glob("*.png"):
            old.unlink()
    main_shots = not ONLY or any(wanted(n) for n in ("1-welcome", "2-source", "3-system", "4a-keys-format",
                                                        "4b-keys-wrong-key", "4c-keys-connected", "5a-accounts-blank",
                                                        "5b-accounts", "6-schedule-warning", "7a-test-preview",
                                                        "7b-test-sent", "8-done", "9-tray-menu", "10-send-days",
                                                        "10b-send-days-invalid"))
    for lang in ("nb", "en"):
        customers_shots(app, lang, pump)
        if not main_shots:
            continue
        base = Path(tempfile.mkdtemp(prefix="lw-shots-"))
        export, _s, _e = make_demo_export(base, 7)
        i18n.install(lang)
        model = SetupModel(language=lang, source_path=str(export), environment="sandbox")
        ws = Workspace(Profile.resolve(base / "profile"))
        ws.secrets = MemorySecretStore()  # screenshots never touch the real keyring
        w = SetupWizard(ws, model)
        w.show()
        pump()

        def shot(name, w=w, lang=lang):
            pump(0.3)
            if wanted(name):
                w.grab().save(str(OUT / f"{lang}-{name}.png"))

        shot("1-welcome")
        w.next()
        pump(1.5)
        shot("2-source")
        w.next()
        pump()
        shot("3-system")
        w.next()
        pump()
        keys = w.current_step()
        box = next(iter(keys.boxes.values()))
        box["edit"].setText("11111111-2222-3333-4444-55555555555")  # one character short
        shot("4a-keys-format")
        box["edit"].setText("11111111-2222-3333-4444-555555555555")
        box["test"].click()
        pump(1.5)
        shot("4b-keys-wrong-key")
        box["edit"].setText(w.sandbox_key)
        box["test"].click()
        pump(1.5)
        shot("4c-keys-connected")
        w.next()
        pump(2.0)
        acc = w.current_step()
        pay = max(i for i, r in enumerate(acc.row_objs) if r.kind == "payment")  # a line the export uses
        combo = acc.table.cellWidget(pay, 1)
        combo.setCurrentText("")
        acc.table.scrollToItem(acc.table.item(pay, 0))
        shot("5a-accounts-blank")
        combo.setCurrentText(combo.itemText(1))
        idx = next(i for i in range(combo.count()) if combo.itemText(i).startswith(acc.row_objs[pay].suggested + " "))
        combo.setCurrentIndex(idx)
        shot("5b-accounts")
        w.next()
        pump()
        sched = w.current_step()
        sched.edits["fri"].setTime(sched.edits["fri"].time().fromString("20:00", "HH:mm"))
        shot("6-schedule-warning")
        w.next()
        pump(1.0)
        shot("7a-test-preview")
        w.current_step().send_btn.click()
        pump(2.0)
        shot("7b-test-sent")
        w.next()
        pump()
        shot("8-done")
        from ledgerwizard.ui.tray import TrayApp

        w.workspace.save(w.model.build_settings())  # as Finish would (without touching a keyring)
        tray = TrayApp(w.workspace)  # the tray menu after the test transfer: the store's latest day, green
        tray.refresh_status()
        tray.menu.popup(w.mapToGlobal(w.rect().center()))
        pump(0.5)
        if wanted("9-tray-menu"):
            tray.menu.grab().save(str(OUT / f"{lang}-9-tray-menu.png"))
        tray.menu.hide()
        dialog = tray.choose_and_send()  # Send chosen days: stores and a date range
        pump()
        if wanted("10-send-days"):
            dialog.grab().save(str(OUT / f"{lang}-10-send-days.png"))
        dialog.last.setDate(dialog.last.date().addDays(3))  # a day not closed yet: the rule says so
        pump()
        if wanted("10b-send-days-invalid"):
            dialog.grab().save(str(OUT / f"{lang}-10b-send-days-invalid.png"))
        dialog.close()
        w.keep_sandbox = False
        w.close()
        pump()
    if wanted("settings-problem"):
        settings_problem_shot(app, Workspace, Profile)
    print(f"{len(list(OUT.glob('*.png')))} screenshots in {OUT.relative_to(ROOT)}")


def customers_shots(app, lang: str, pump) -> None:
    """Invoicing and customers (issue 15), on the demo's data with credit sales to three customers: the customers
    read from the sandbox ledger with their suggestions, then the suggestions confirmed (one customer not in the
    ledger: its sales held)."""
    if not (wanted("5c-customers") or wanted("5d-customers-linked")):
        return
    from ledgerwizard.adapters.secrets import MemorySecretStore
    from ledgerwizard.adapters.settings import Profile
    from ledgerwizard.cli.demo import make_demo_export
    from ledgerwizard.services.workspace import Workspace
    from ledgerwizard.setup.model import SetupModel
    from ledgerwizard.ui import i18n
    from ledgerwizard.ui.wizard import SetupWizard

    base = Path(tempfile.mkdtemp(prefix="lw-shots-"))
    export, _s, _e = make_demo_export(base, 7, credit_sales=True)
    i18n.install(lang)
    model = SetupModel(language=lang, source_path=str(export), environment="sandbox")
    ws = Workspace(Profile.resolve(base / "profile"))
    ws.secrets = MemorySecretStore()
    w = SetupWizard(ws, model)
    w.show()
    pump()
    for wait in (1.5, 0.6, 0.6):  # the sales source, the system, the key
        w.next()
        pump(wait)
    box = next(iter(w.current_step().boxes.values()))
    box["edit"].setText(w.sandbox_key)
    box["test"].click()
    pump(1.5)
    for wait in (2.0, 0.6):  # the accounts, invoicing and customers
        w.next()
        pump(wait)
    step = w.current_step()
    company = next(iter(step.boxes.values()))
    company.enable.click()
    pump(1.5)
    if wanted("5c-customers"):
        w.grab().save(str(OUT / f"{lang}-5c-customers.png"))
    company.accept_btn.click()
    pump(0.5)
    if wanted("5d-customers-linked"):
        w.grab().save(str(OUT / f"{lang}-5d-customers-linked.png"))
    w.keep_sandbox = False
    w.close()
    pump()


def settings_problem_shot(app, Workspace, Profile) -> None:
    """The box every window shows when the settings file cannot be read (both languages: the language is in it)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    from ledgerwizard.ui.dialogs import settings_problem

    base = Path(tempfile.mkdtemp(prefix="lw-shots-")) / "profile"
    ws = Workspace(Profile.resolve(base))
    ws.save(ws.settings)
    ws.save(ws.settings)  # the first file becomes the backup
    ws.profile.settings_path.write_text('{"version": 1, "stores": 5', encoding="utf-8")
    broken = Workspace(ws.profile)
    try:
        broken.settings  # noqa: B018
    except Exception as e:  # noqa: BLE001
        problem = e

    def grab():
        box = next(b for b in app.topLevelWidgets() if isinstance(b, QMessageBox) and b.isVisible())
        box.grab().save(str(OUT / "settings-problem.png"))
        box.reject()

    from ledgerwizard.ui import i18n

    i18n.install("nb")  # as the windows do before they show it
    QTimer.singleShot(800, grab)
    settings_problem(broken, problem)


main()
