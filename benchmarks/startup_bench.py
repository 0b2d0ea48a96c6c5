"""Start-up and idle cost of the wizard and the tray, each against a bare PySide6 baseline measured in the same
run (a QApplication with an empty QWizard / a tray icon with a menu). Each figure is the median of N runs.

    .venv/bin/python benchmarks/startup_bench.py [--runs 5] [--idle 60] [--offscreen]

The tray is measured as it lives on a desktop: with a notification area (a real X server, Xvfb, with trayer as the
tray host, when both are installed). Without one (``--offscreen``, or neither installed) the tray opens its status
window instead of an icon (the program's own fallback), which reads the export folder: a different, heavier start.

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

# Every child calls ready(app) once its window or icon is up: it prints READY on the next event-loop turn (after
# the first paint), and with LW_IDLE set, stays idle that long and prints its RSS, its own CPU time and its child
# processes' CPU time (the tray's start-up transfer run) when it quits.
PRELUDE = """
import os, sys
def ready(app):
    from PySide6.QtCore import QTimer
    idle = float(os.environ.get("LW_IDLE", "0"))
    def now_ready():
        print("READY", flush=True)
        QTimer.singleShot(int(idle * 1000) if idle else 0 if os.environ.get("LW_QUIT_AT_READY") else 50, app.quit)
    def at_quit():
        if idle:
            with open(f"/proc/{os.getpid()}/status") as f:
                rss = next(int(l.split()[1]) for l in f if l.startswith("VmRSS")) / 1024
            t = os.times()
            print(f"IDLE {rss:.1f} {t[0] + t[1]:.3f} {t[2] + t[3]:.3f}", flush=True)
    app.aboutToQuit.connect(at_quit)
    QTimer.singleShot(0, now_ready)
def ready_after(module_name, class_name, method):
    # calls ready() after module_name.class_name.method, patched as the program imports that module (importing it
    # here would change what the program imports when)
    import importlib.machinery
    class Patch:
        def find_spec(self, name, path=None, target=None):
            if name != module_name:
                return None
            sys.meta_path.remove(self)
            spec = importlib.machinery.PathFinder.find_spec(name, path)
            load = spec.loader.exec_module
            def exec_module(module):
                load(module)
                cls = getattr(module, class_name)
                original = getattr(cls, method)
                def patched(obj, *a, **kw):
                    original(obj, *a, **kw)
                    from PySide6.QtWidgets import QApplication
                    ready(QApplication.instance())
                setattr(cls, method, patched)
            spec.loader.exec_module = exec_module
            return spec
    sys.meta_path.insert(0, Patch())
def run_program(*args):
    import runpy
    sys.argv = ["ledgerwizard", *args]
    runpy.run_module("ledgerwizard", run_name="__main__")
"""
CHILD = {
    "bare-wizard": "from PySide6.QtWidgets import QApplication, QWizard, QWizardPage\n"
                   "app = QApplication([]); w = QWizard(); w.addPage(QWizardPage()); w.show()\n"
                   "ready(app); app.exec()\n",
    # the installer's last step, `ledgerwizard setup` (through the program's entry point, as the frozen executable
    # runs it), on a new shop's empty default profile; ready once the wizard is shown
    "wizard": "ready_after('ledgerwizard.ui.wizard', 'SetupWizard', 'show')\nrun_program('setup')\n",
    "bare-tray": "from PySide6.QtWidgets import QApplication, QSystemTrayIcon, QMenu\nfrom PySide6.QtGui import QIcon, QPixmap\n"
                 "app = QApplication([]); pm = QPixmap(32, 32); pm.fill(); t = QSystemTrayIcon(QIcon(pm)); m = QMenu()\n"
                 "m.addAction('Quit'); t.setContextMenu(m); t.show()\nready(app); app.exec()\n",
    # the login's entry, `ledgerwizard --tray`, on the user's profile with a month of history: single instance,
    # logging, translations, settings, journal, icon and menu, and the start-up run (a child process)
    "tray": "ready_after('ledgerwizard.ui.tray', 'TrayApp', 'start')\nrun_program('--tray')\n",
}


def start_time(kind: str, env: dict) -> float:
    t0 = time.perf_counter()
    p = subprocess.Popen([sys.executable, "-c", PRELUDE + CHILD[kind]], stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    for line in p.stdout:
        if line.startswith("READY"):
            elapsed = time.perf_counter() - t0
            break
    p.wait(timeout=60)
    return elapsed


def idle(kind: str, env: dict, seconds: float) -> tuple[float, float, float]:
    out = subprocess.run([sys.executable, "-c", PRELUDE + CHILD[kind]], capture_output=True, text=True,
                         env={**env, "LW_IDLE": str(seconds)}, cwd=ROOT, timeout=seconds + 60).stdout
    _, rss, cpu, child_cpu = next(line for line in out.splitlines() if line.startswith("IDLE")).split()
    return float(rss), float(cpu), float(child_cpu)


sys.path.insert(0, str(ROOT))


def configured_profile(home: Path) -> None:
    """The user's default profile (platformdirs, under the temporary XDG folders in ``home``) as a shop has it after
    a month: two stores set up from a month of sample exports, 60 days in the journal. (An empty profile, or one
    chosen with --profile, would flatter the figures.)"""
    import datetime as dt

    from ledgerwizard.adapters.settings import Profile
    from ledgerwizard.core.transfer import Posted
    from ledgerwizard.services.setup import init_profile
    from ledgerwizard.services.workspace import Workspace
    from ledgerwizard_sandbox.saftgen import demo_locations, write_saft

    base = home
    (base / "export").mkdir()
    start = dt.date(2026, 10, 1)
    with open(base / "export" / "oct.xml", "w", encoding="utf-8") as f:
        write_saft(f, demo_locations(start, 30))
    ws = Workspace(Profile.resolve())
    s = init_profile(ws, base / "export")
    for st in s.stores:
        for n in range(30):
            day = start + dt.timedelta(days=n)
            ws.journal.mark_pending(st.id, day, "timer")
            ws.journal.mark_sending(st.id, day, f"LW-{st.id}-{day}", "1000.00", "timer")
            ws.journal.mark_sent(st.id, day, Posted(str(n), str(1000 + n)))
    ws.journal.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--idle", type=float, default=60.0)
    ap.add_argument("--offscreen", action="store_true", help="no X server and no tray host (see above)")
    ap.add_argument("--importtime", action="store_true", help="print what each program imports before it is ready")
    a = ap.parse_args()
    import shutil

    if not a.offscreen and not os.environ.get("LW_BENCH_X") and shutil.which("xvfb-run") and shutil.which("trayer"):
        env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
        env.update(LW_BENCH_X="1", QT_QPA_PLATFORM="xcb")
        sys.exit(subprocess.call(["xvfb-run", "-a", "-s", "-screen 0 1280x800x24 -nolisten tcp", sys.executable,
                                  __file__, *sys.argv[1:]], env=env))
    host = None
    if os.environ.get("LW_BENCH_X"):
        host = subprocess.Popen(["trayer", "--edge", "top", "--align", "right", "--widthtype", "pixel", "--width",
                                 "120", "--height", "32", "--SetDockType", "true", "--transparent", "false"])
        time.sleep(2.0)  # (the tray host up before the first tray starts)
        print("on Xvfb with trayer as the tray host")
    else:
        print("offscreen, no tray host: the tray opens its status window instead of an icon")
    try:
        measure(a)
    finally:
        if host is not None:
            host.terminate()


def measure(a) -> None:
    home = Path(tempfile.mkdtemp(prefix="lw-bench-"))
    xdg = {f"XDG_{k}_HOME": str(home / k.lower()) for k in ("CONFIG", "DATA", "STATE", "CACHE")}
    os.environ.update(xdg)
    os.environ.pop("LEDGERWIZARD_PROFILE", None)
    configured_profile(home)
    env = {k: v for k, v in os.environ.items() if k != "LEDGERWIZARD_PROFILE"}
    env.update({"QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"), "PYTHONPATH": str(ROOT), **xdg})
    fresh = {**env, **{k: str(home / "new-shop" / k.lower()) for k in xdg}}  # the wizard: a shop not set up yet
    # as installed: the bundle ships compiled bytecode (this machine sets PYTHONDONTWRITEBYTECODE, which would
    # otherwise compile every ledgerwizard module from source at each start)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "ledgerwizard")], check=True)
    if a.importtime:  # where the start goes: each program's imports up to ready, the slowest first
        for k in ("wizard", "tray"):
            p = subprocess.run([sys.executable, "-X", "importtime", "-c", PRELUDE + CHILD[k]], capture_output=True,
                               text=True, env={**(fresh if k == "wizard" else env), "LW_QUIT_AT_READY": "1"}, cwd=ROOT,
                               timeout=60)
            rows = [line.split("|") for line in p.stderr.splitlines() if line.startswith("import time:")][1:]
            top = sorted(((int(r[1]), int(r[0].split(":")[1]), r[2].rstrip()) for r in rows), reverse=True)[:25]
            print(f"{k}: imports up to ready, cumulative/self µs (top 25 of {len(rows)})")
            for cum, own, name in top:
                print(f"  {cum:8d} {own:8d} {name}")
        return
    samples: dict[str, list[float]] = {k: [] for k in CHILD}
    for _ in range(a.runs):  # interleaved, so a slow moment of the machine hits every kind alike
        for k in CHILD:
            samples[k].append(start_time(k, fresh if k == "wizard" else env))
    times = {k: statistics.median(v) for k, v in samples.items()}
    print(f"start to first paint (median of {a.runs}):")
    print(f"  wizard {times['wizard'] * 1000:.0f} ms vs bare QWizard {times['bare-wizard'] * 1000:.0f} ms "
          f"= {times['wizard'] / times['bare-wizard']:.2f}x")
    print(f"  tray   {times['tray'] * 1000:.0f} ms vs bare tray {times['bare-tray'] * 1000:.0f} ms "
          f"= {times['tray'] / times['bare-tray']:.2f}x")
    rss_t, cpu_t, run_cpu = idle("tray", env, a.idle)
    rss_b, cpu_b, _ = idle("bare-tray", env, a.idle)
    print(f"idle {a.idle:.0f} s after start: tray {rss_t:.1f} MB RSS, {cpu_t:.2f} s CPU (its start-up transfer run: "
          f"{run_cpu:.2f} s CPU in its own process, ended) vs bare tray {rss_b:.1f} MB, {cpu_b:.2f} s "
          f"= {rss_t / rss_b:.2f}x memory")
    print("timers in the idle tray: the next-slot timer (at most every 15 min) and the clock watch (every 60 s)")


if __name__ == "__main__":
    main()
