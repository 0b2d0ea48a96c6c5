"""Run inside xvfb-run by test_tray_real.py: a real X server with trayer as the tray host."""

import datetime as dt
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest import MemoryKeyring  # noqa: E402
import keyring  # noqa: E402

keyring.set_keyring(MemoryKeyring())
trayer = subprocess.Popen(["trayer", "--edge", "top", "--align", "right", "--widthtype", "pixel", "--width", "120",
                           "--height", "32", "--SetDockType", "true", "--transparent", "false"])
from PySide6.QtWidgets import QApplication, QSystemTrayIcon  # noqa: E402

app = QApplication([])
try:
    for _ in range(100):
        if QSystemTrayIcon.isSystemTrayAvailable():
            break
        app.processEvents()
        time.sleep(0.05)
    assert QSystemTrayIcon.isSystemTrayAvailable(), "no tray host"
    from ledgerwizard.adapters.settings import Profile
    from ledgerwizard_sandbox import start_sandbox
    from ledgerwizard.services.setup import init_profile
    from ledgerwizard.services.workspace import Workspace
    from ledgerwizard.ui.tray import TrayApp

    export, base = Path(sys.argv[1]), Path(sys.argv[2])
    emu, clients = start_sandbox("poweroffice")
    profile = Profile.resolve(base / "p")
    s = init_profile(Workspace(profile), export, system="poweroffice", environment="sandbox")
    s.companies[0].options = {"base_url": emu.url}
    s.schedule = {"auto_send": False, "time": "06:00", "weekdays": {}}
    ws = Workspace(profile)
    ws.save(s)
    from ledgerwizard.adapters.secrets import MemorySecretStore

    ws.secrets = MemorySecretStore()  # handed to the run processes over their stdin
    ws.secrets.set("poweroffice", "c1", clients[0][1])
    t = TrayApp(ws)
    done = []
    t.ran.connect(done.append)
    t.start(0)
    deadline = time.time() + 20
    while not done and time.time() < deadline:
        app.processEvents()
        time.sleep(0.02)
    assert t.tray.isVisible() and not t.tray.geometry().isEmpty(), t.tray.geometry()
    t.menu.popup(t.tray.geometry().center())
    for _ in range(20):
        app.processEvents()
        time.sleep(0.02)
    assert t.menu.isVisible(), "the menu did not open"
    done.clear()
    t.menu.send_now_action.trigger()  # Send now from the menu
    deadline = time.time() + 20
    while not done and time.time() < deadline:
        app.processEvents()
        time.sleep(0.02)
    row = ws.journal.get("s1", dt.date(2020, 1, 1))
    assert row is not None and row.state == "sent", row
    assert t.state == "off"  # sent, but automatic sending is off: never green then
    t.menu.auto_action.trigger()  # the menu's switch: on (from today), saved
    assert Workspace(profile).settings.schedule["auto_send"] is True and t.menu.auto_action.isChecked()
    done.clear()
    deadline = time.time() + 20
    while not done and time.time() < deadline:  # switching on checks what is due at once
        app.processEvents()
        time.sleep(0.02)
    assert t.state == "ok", t.state
    t.menu.hide()
    t.timer.stop()
    emu.stop()
    print("REAL TRAY OK", t.tray.geometry())
finally:
    trayer.terminate()
