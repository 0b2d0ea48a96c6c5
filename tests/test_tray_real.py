"""The tray against a real tray host: Xvfb + trayer (CI installs both; skipped where they are missing)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.skipif(not (shutil.which("xvfb-run") and shutil.which("trayer")) and os.environ.get("CI") != "true",
                    reason="needs xvfb-run and trayer (Debian packages xvfb, trayer)")
def test_real_tray_icon_menu_and_send_now(export_dir, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    env["QT_QPA_PLATFORM"] = "xcb"
    cmd = ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24 -nolisten tcp"]
    if shutil.which("dbus-run-session") and not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        cmd += ["dbus-run-session", "--"]
    p = subprocess.run(cmd + [sys.executable, str(Path(__file__).with_name("tray_xvfb_child.py")), str(export_dir),
                              str(tmp_path)], capture_output=True, text=True, timeout=120, env=env)
    assert p.returncode == 0 and "REAL TRAY OK" in p.stdout, p.stdout[-2000:] + p.stderr[-3000:]
