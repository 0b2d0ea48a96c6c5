"""The wizard on a small screen with the keyboard: 1024×768 at 125 % scaling (819×614 points; 576 left under a
taskbar), in both languages. Each walk runs in its own process (``wizard_walk.py``): Qt fixes the screen and its
scaling when it starts."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_page_fits_1024x768_at_125_percent_with_unique_mnemonics_and_enter_never_going_back(tmp_path, lang):
    screen = tmp_path / "screen.json"
    # 1024×768 less a 48-pixel taskbar, scaled 125 % as Windows does for such a laptop
    screen.write_text(json.dumps({"screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1024, "height": 720,
                                               "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1.0}]}))
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={screen}", QT_SCALE_FACTOR="1.25",
               LW_WALK_LANG=lang, LEDGERWIZARD_LANG=lang)
    out = subprocess.run([sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider", str(HERE / "wizard_walk.py")],
                         env=env, cwd=HERE.parent, capture_output=True, text=True, timeout=240)
    assert out.returncode == 0, out.stdout[-6000:] + out.stderr[-3000:]
    assert "pages walked: welcome, source, system, keys, accounts, schedule, test, done" in out.stdout
    assert "settings sections and status window checked" in out.stdout and "3 passed" in out.stdout


def test_the_keyboard_focus_is_clearly_visible_and_follows_tab(qtbot, tmp_path):
    from PySide6.QtCore import QRect, Qt

    from ledgerwizard.adapters.settings import Profile
    from ledgerwizard.services.workspace import Workspace
    from ledgerwizard.ui.wizard import SetupWizard

    w = SetupWizard(Workspace(Profile.resolve(tmp_path / "profile")))
    qtbot.addWidget(w)
    w.show()
    w.activateWindow()
    qtbot.waitActive(w)
    qtbot.waitUntil(lambda: w.steps_built)
    w.activateWindow()  # (building the pages may leave the test platform's window inactive; a user's stays active)
    qtbot.waitActive(w)
    combo = w.steps[0].lang_box
    combo.setFocus()
    ring = w.focus_ring

    def around(widget):
        where = QRect(widget.mapTo(w, widget.rect().topLeft()), widget.size())
        return ring.isVisible() and ring.ring_geometry().contains(where) and \
            ring.ring_geometry().width() - where.width() <= 8

    qtbot.waitUntil(lambda: around(combo), timeout=2000)
    qtbot.keyClick(w.focusWidget(), Qt.Key.Key_Tab)
    moved_to = w.focusWidget()
    assert moved_to is not combo
    qtbot.waitUntil(lambda: around(moved_to), timeout=2000)
    # the ring is drawn (a blue outline), and clicks go through it
    assert ring.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    image = ring.grab().toImage()
    assert image.pixelColor(ring.width() // 2, 1).blue() > 150
