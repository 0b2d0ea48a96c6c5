"""Start-up and idle cost of the wizard and the tray, each against a bare PySide6 baseline measured in the same
run (a QApplication with an empty QWizard / a tray icon with a menu). Each figure is the median of N runs.

    .venv/bin/python benchmarks/startup_bench.py [--runs 5] [--idle 60]

Targets (issue 5): start-up within 1.3× the bare baseline, idle memory within 1.2×, and no timer waking more
often than once a minute when idle.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = {
    "bare-wizard": "from PySide6.QtWidgets import QApplication, QWizard, QWizardPage\n"
                   "app = QApplication([]); w = QWizard(); w.addPage(QWizardPage()); w.show()\n",
    "wizard": "import tempfile\nfrom PySide6.QtWidgets import QApplication\napp = QApplication([])\n"
              "from ledgerwizard.adapters.settings import Profile\nfrom ledgerwizard.service import Workspace\n"
              "from ledgerwizard.ui import i18n\nfrom ledgerwizard.ui.wizard import SetupWizard\ni18n.install('nb')\n"
              "w = SetupWizard(Workspace(Profile.resolve(tempfile.mkdtemp()))); w.show()\n",
    "bare-tray": "from PySide6.QtWidgets import QApplication, QSystemTrayIcon, QMenu\nfrom PySide6.QtGui import QIcon, QPixmap\n"
                 "app = QApplication([]); pm = QPixmap(32, 32); pm.fill(); t = QSystemTrayIcon(QIcon(pm)); m = QMenu()\n"
                 "m.addAction('Quit'); t.setContextMenu(m); t.show(); w = None\n",
    "tray": "import tempfile\nfrom PySide6.QtWidgets import QApplication\napp = QApplication([])\n"
            "from ledgerwizard.adapters.settings import Profile\nfrom ledgerwizard.service import Workspace\n"
            "from ledgerwizard.ui.tray import TrayApp\nt = TrayApp(Workspace(Profile.resolve(tempfile.mkdtemp())))\n"
            "t.tray.show(); t.refresh_status(); w = None\n",
}
TAIL = """
import os, sys, time
from PySide6.QtCore import QTimer
def ready():
    print("READY", flush=True)
QTimer.singleShot(0, ready)
idle = float(os.environ.get("LW_IDLE", "0"))
if idle:
    wakeups = []
    from PySide6.QtCore import QAbstractEventDispatcher
    QTimer.singleShot(int(idle * 1000), app.quit)
    app.exec()
    with open(f"/proc/{os.getpid()}/status") as f:
        rss = next(int(l.split()[1]) for l in f if l.startswith("VmRSS")) / 1024
    cpu = sum(os.times()[:2])
    timers = [t.interval() for t in app.findChildren(QTimer)] if hasattr(app, 'findChildren') else []
    print(f"IDLE {rss:.1f} {cpu:.3f}", flush=True)
else:
    QTimer.singleShot(50, app.quit)
    app.exec()
"""


def start_time(kind: str, env: dict) -> float:
    t0 = time.perf_counter()
    p = subprocess.Popen([sys.executable, "-c", CHILD[kind] + TAIL], stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    for line in p.stdout:
        if line.startswith("READY"):
            elapsed = time.perf_counter() - t0
            break
    p.wait(timeout=60)
    return elapsed


def idle(kind: str, env: dict, seconds: float) -> tuple[float, float]:
    out = subprocess.run([sys.executable, "-c", CHILD[kind] + TAIL], capture_output=True, text=True,
                         env={**env, "LW_IDLE": str(seconds)}, cwd=ROOT, timeout=seconds + 60).stdout
    _, rss, cpu = next(line for line in out.splitlines() if line.startswith("IDLE")).split()
    return float(rss), float(cpu)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--idle", type=float, default=60.0)
    a = ap.parse_args()
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
           "LEDGERWIZARD_PROFILE": tempfile.mkdtemp(), "PYTHONPATH": str(ROOT)}
    times = {k: statistics.median(start_time(k, env) for _ in range(a.runs)) for k in CHILD}
    print(f"start to first paint (median of {a.runs}):")
    print(f"  wizard {times['wizard'] * 1000:.0f} ms vs bare QWizard {times['bare-wizard'] * 1000:.0f} ms "
          f"= {times['wizard'] / times['bare-wizard']:.2f}x")
    print(f"  tray   {times['tray'] * 1000:.0f} ms vs bare tray {times['bare-tray'] * 1000:.0f} ms "
          f"= {times['tray'] / times['bare-tray']:.2f}x")
    rss_t, cpu_t = idle("tray", env, a.idle)
    rss_b, cpu_b = idle("bare-tray", env, a.idle)
    print(f"idle {a.idle:.0f} s: tray {rss_t:.1f} MB RSS, {cpu_t:.2f} s CPU vs bare tray {rss_b:.1f} MB, {cpu_b:.2f} s "
          f"= {rss_t / rss_b:.2f}x memory")


if __name__ == "__main__":
    main()
