"""Run by test_tray.py: the program started as the Start menu's shortcut (no arguments) or the installer (setup)
starts it, through its entry point. Prints what it shows after a moment (the windows, and whether its tray icon
is up), then quits."""

import gc
import os
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QSystemTrayIcon

app = QApplication([])
if os.environ.get("LW_TEST_NO_TRAY"):  # a desktop without a notification area
    QSystemTrayIcon.isSystemTrayAvailable = staticmethod(lambda: False)


def look():
    windows = sorted(type(w).__name__ for w in app.topLevelWidgets() if w.isVisible())
    for w in app.topLevelWidgets():
        if type(w).__name__ == "StatusWindow" and w.isVisible() and w.banner.isVisible():
            print("BANNER", w.banner.text(), flush=True)
    icons = [o for o in gc.get_objects() if isinstance(o, QSystemTrayIcon)]
    print("SHOWN", " ".join(windows), "| TRAY", any(i.isVisible() for i in icons),
          "|", " ".join(i.toolTip() for i in icons), flush=True)
    for w in app.topLevelWidgets():
        if isinstance(w, QMessageBox) and w.isVisible():
            w.reject()  # a modal box's own loop (before the application's loop runs) does not end with quit()
    app.quit()


QTimer.singleShot(800, look)  # before the tray's start-up check (2 s), so no transfer runs here
from ledgerwizard.launch import main  # noqa: E402

sys.exit(main(sys.argv[1:]))
