"""The tray app: lives in the notification area, runs the scheduler, offers Send now.

What is due comes from ``Workspace.run_due`` (calendar + settings + journal). Each run — the timer's, the
catch-up's after a resume and Send now alike — is one ``ledgerwizard run`` child process started with
``QProcess``: it imports the heavy parts (XML, HTTP, TLS), sends through the one path, writes a small JSON
report (``core.runreport``) and exits. The tray itself only reads the settings and the journal, so it stays small
for the years it sits in the notification area, never blocks its GUI thread, and survives a crash or a hang of
a run (which is stopped after a time limit; the journal makes that safe). One run at a time; requests that come
in meanwhile are queued.

One single-shot timer is armed for the next moment anything can change (the next send slot, a retry, or the
15-minute re-check); a once-a-minute watch compares the wall clock with the monotonic clock to notice a resume
from sleep or a clock change at once, and after a resume the run waits for the network (Qt's
``QNetworkInformation``: Network List Manager on Windows, NetworkManager on Linux).

A second launch of the program does not start a second scheduler: it forwards its request to this one over a
per-user local socket (``QLockFile`` + ``QLocalServer``; a stale lock after a crash is recovered).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
import zlib
from typing import TYPE_CHECKING

# Only the Qt classes the tray needs at start-up: PySide builds each class's Python enums when the class is
# first touched (``Qt`` alone: 94 enums, ~17 ms), so the network classes load once the icon is up.
from PySide6.QtCore import QLockFile, QObject, QTimer, Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon

from ..adapters import osintegration

if TYPE_CHECKING:
    from ..core.runreport import RunReport
    from ..core.schedule import SendRequest
from ..paths import resources_dir

log = logging.getLogger("ledgerwizard.tray")

STATE_COLORS = {"ok": "#2e9e5b", "sending": "#1f78c8", "attention": "#c62828", "idle": "#7a7a7a"}


ICON_SIZES = (16, 20, 24, 32, 40, 48, 64)


def state_icon(state: str) -> QIcon:
    """The app icon with a coloured status dot, pre-rendered by scripts/make_icons.py (resources/icons/tray-*)."""
    if state not in STATE_COLORS:
        raise ValueError(state)
    icon = QIcon()
    folder = resources_dir() / "icons"
    for size in ICON_SIZES:
        icon.addFile(str(folder / f"tray-{state}-{size}.png"))
    return icon


class SingleInstance(QObject):
    """First instance: owns the lock and listens. Later ones: forward a message and exit."""

    message = Signal(str)

    def __init__(self, lock_dir, name: str | None = None):
        super().__init__()
        os.makedirs(lock_dir, exist_ok=True)
        self.name = name or f"ledgerwizard-{os.getuid() if hasattr(os, 'getuid') else os.environ.get('USERNAME', 'u')}"
        self.lock = QLockFile(os.path.join(str(lock_dir), "tray.lock"))
        self.lock.setStaleLockTime(0)  # a lock whose process is gone is stale at once (crash recovery)
        self.server = None

    def acquire(self, listen: bool = True) -> bool:
        if not self.lock.tryLock(100):
            self.lock.removeStaleLockFile()
            if not self.lock.tryLock(100):
                return False
        if listen:
            self.listen()
        return True

    def listen(self) -> None:
        from PySide6.QtNetwork import QLocalServer

        QLocalServer.removeServer(self.name)  # a socket left by a crashed instance
        self.server = QLocalServer(self)
        self.server.newConnection.connect(self._incoming)
        self.server.listen(self.name)

    def _incoming(self) -> None:
        conn = self.server.nextPendingConnection()
        conn.waitForReadyRead(1000)
        self.message.emit(bytes(conn.readAll().data()).decode("utf-8", "replace").strip())
        conn.disconnectFromServer()

    def forward(self, text: str) -> bool:
        from PySide6.QtNetwork import QLocalSocket

        s = QLocalSocket()
        s.connectToServer(self.name)
        if not s.waitForConnected(2000):
            return False
        s.write(text.encode("utf-8"))
        s.waitForBytesWritten(2000)
        s.disconnectFromServer()
        return True

    def release(self) -> None:
        if self.server is not None:
            self.server.close()
        self.lock.unlock()


RUN_TIME_LIMIT_MS = 30 * 60 * 1000  # a run still going after this is stopped (the journal makes that safe)
NOTIFY_AFTER_ATTEMPTS = 4  # a transient failure is told after this many automatic attempts (~1¼ hours), not before
START_DELAY_MS = 2000  # the start-up check waits this long after the icon is up (logins start many programs)
CLOCK_WATCH_MS = 60 * 1000  # the resume / clock-change watch: once a minute, never more often
NETWORK_WAIT_MS = 10 * 60 * 1000  # after a resume, wait at most this long for the network before running anyway
NETWORK_GRACE_MS = 30 * 1000  # no network information on this system: give the network this long after a resume


class NetworkWatch(QObject):
    """Is the network up? Qt's ``QNetworkInformation`` (loaded on first use: a tray that never resumes from sleep
    never loads it). ``online()`` is None when the system cannot tell."""

    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._info = None
        try:
            from PySide6.QtNetwork import QNetworkInformation

            if QNetworkInformation.loadBackendByFeatures(QNetworkInformation.Feature.Reachability):
                self._info = QNetworkInformation.instance()
                self._info.reachabilityChanged.connect(lambda *_a: self.changed.emit())
        except Exception:  # noqa: BLE001 - no backend: the tray falls back to a grace period
            self._info = None

    def online(self) -> bool | None:
        if self._info is None:
            return None
        from PySide6.QtNetwork import QNetworkInformation

        r = self._info.reachability()
        if r == QNetworkInformation.Reachability.Unknown:
            return None
        return r == QNetworkInformation.Reachability.Online


class TrayApp(QObject):
    ran = Signal(object)  # the RunReport after each run (tests and the status menu listen)

    def __init__(self, workspace, clock=None, network: NetworkWatch | None = None):
        super().__init__()
        self.ws = workspace
        self.clock = clock or (lambda: dt.datetime.now(dt.timezone.utc))
        self.paused = False
        self.state = "idle"
        self.last_error: str = ""
        self.notified: set[tuple] = set()
        self.proc = None  # the running QProcess
        self._report_path = ""
        self._queue: list[tuple[str, object]] = []
        self._network = network
        self._waiting_network = False
        self._timed_out = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.run)
        self.run_limit = QTimer(self)
        self.run_limit.setSingleShot(True)
        self.run_limit.timeout.connect(self._run_too_long)
        self.clock_watch = QTimer(self)  # resume from sleep / clock change: noticed within a minute
        self.clock_watch.timeout.connect(self.check_clock)
        self._watch_wall, self._watch_mono = time.time(), time.monotonic()
        self.catch_up_confirmed = False  # set when the user agreed to send many missed days at once
        self._icons: dict[str, QIcon] = {}
        self.tray = QSystemTrayIcon(self.icon("idle"))
        self.menu = QMenu()
        self._build_menu()
        self.tray.setContextMenu(self.menu)
        self.tray.activated.connect(lambda reason: reason == QSystemTrayIcon.ActivationReason.Trigger
                                    and self.tray.contextMenu().popup(self.tray.geometry().center()))

    def icon(self, state: str) -> QIcon:
        if state not in self._icons:
            self._icons[state] = state_icon(state)
        return self._icons[state]

    def _settings(self):
        """The settings, or None while the file cannot be read (the run reports that; the menu still works)."""
        try:
            return self.ws.settings
        except Exception:  # noqa: BLE001
            return None

    @property
    def language(self) -> str:
        s = self._settings()
        return (s.language if s else "") or "nb"

    # -- menu ----------------------------------------------------------------------------------------------------------
    def _build_menu(self) -> None:
        m = self.menu
        m.clear()
        self.send_now_action = QAction(self.tr("Send now"), m)
        self.send_now_action.triggered.connect(self.send_now)
        m.addAction(self.send_now_action)
        self.send_days_action = QAction(self.tr("Send chosen days…"), m)
        self.send_days_action.triggered.connect(self.choose_and_send)
        m.addAction(self.send_days_action)
        m.addSeparator()
        self.status_header = m.addAction(self.tr("Last transfers"))
        self.status_header.setEnabled(False)
        self.status_actions: list[QAction] = []
        self.status_end = m.addSeparator()  # the stores' lines go between the header and this
        self.pause_action = QAction(self.tr("Pause automatic sending"), m)
        self.pause_action.setCheckable(True)
        self.pause_action.toggled.connect(self.set_paused)
        m.addAction(self.pause_action)
        settings = QAction(self.tr("Settings…"), m)
        settings.triggered.connect(self.open_settings)
        m.addAction(settings)
        logs = QAction(self.tr("Open log folder"), m)
        logs.triggered.connect(lambda: osintegration.open_folder(self.ws.profile.log_dir))
        m.addAction(logs)
        about = QAction(self.tr("About ledgerwizard"), m)
        about.triggered.connect(self.about)
        m.addAction(about)
        m.addSeparator()
        quit_ = QAction(self.tr("Quit"), m)
        quit_.triggered.connect(self.quit)
        m.addAction(quit_)

    def refresh_status(self) -> None:
        """One line per store: its latest day, green or red, with the time and the ledger's voucher number."""
        for a in self.status_actions:
            self.menu.removeAction(a)
        self.status_actions.clear()
        try:
            rows = {r.store: r for r in self.ws.journal.latest()}
        except Exception:  # noqa: BLE001 - the menu must open even when the journal cannot be read
            rows = {}
        for store, r in sorted(rows.items()):
            ok = r.state == "sent"
            at = _local_time(r.sent_at if ok else r.updated_at)
            if ok:
                what = self.tr("sent {time}, voucher {n}").format(time=at, n=r.voucher_number or r.voucher_id)
            elif r.state == "failed":
                what = self.tr("failed {time}").format(time=at)
            else:
                what = self.tr("being sent")
            a = QAction(self.icon("ok" if ok else ("sending" if r.state in ("pending", "sending") else "attention")),
                        f"{self.store_name(store)}: {r.business_day:%d.%m} – {what}", self.menu)
            self.menu.insertAction(self.status_end, a)
            self.status_actions.append(a)
        if self.proc is not None:
            return  # stays "sending" until the run reports
        attention = any(r.state == "failed" for r in rows.values()) or bool(self.last_error)
        self.set_state("attention" if attention else ("ok" if rows else "idle"))

    def set_state(self, state: str) -> None:
        self.state = state
        self.tray.setIcon(self.icon(state))
        tip = {"ok": self.tr("ledgerwizard: everything sent"), "sending": self.tr("ledgerwizard: sending…"),
               "attention": self.tr("ledgerwizard: needs attention"), "idle": "ledgerwizard"}[state]
        if state == "idle" and not self._set_up():
            tip = self.tr("ledgerwizard: not set up yet (open Settings…)")
        if self._waiting_network:
            tip = self.tr("ledgerwizard: waiting for the network")
        self.tray.setToolTip(tip + (f"\n{self.last_error}" if self.last_error and state == "attention" else ""))

    def _set_up(self) -> bool:
        s = self._settings()
        return s is None or bool(s.companies)  # an unreadable file is not "not set up"; the run reports it

    # -- running -------------------------------------------------------------------------------------------------------
    def start(self, delay_ms: int | None = None) -> None:
        """Show the icon with the journal's last transfers at once; the start-up check (which catches up whatever
        was missed while the PC was off) follows ``START_DELAY_MS`` later, when the login's rush is over."""
        self.tray.show()
        self.refresh_status()
        self.clock_watch.start(CLOCK_WATCH_MS)
        QTimer.singleShot(START_DELAY_MS if delay_ms is None else delay_ms, lambda: self.run("start-up"))

    def arm(self, when: dt.datetime) -> None:
        ms = max(1000, int((when - self.clock()).total_seconds() * 1000))
        self.timer.start(min(ms, 15 * 60 * 1000))

    def check_clock(self) -> None:
        """Called once a minute: if the wall clock moved differently from the monotonic clock, the PC slept (or
        the clock or time zone was changed): re-check now, after the network is back."""
        wall, mono = time.time(), time.monotonic()
        drift = (wall - self._watch_wall) - (mono - self._watch_mono)
        self._watch_wall, self._watch_mono = wall, mono
        if abs(drift) > 90:
            log.info("the wall clock jumped by %d s (resume from sleep or a clock change): re-checking", int(drift))
            self.after_network(lambda: self.run("resume"))

    def after_network(self, then) -> None:
        """Run ``then`` once the network is up (at most ``NETWORK_WAIT_MS`` later; without network information,
        after a short grace period)."""
        if self._network is None:
            self._network = NetworkWatch(self)
        online = self._network.online()
        if online:
            then()
            return
        self._waiting_network = True
        self.set_state(self.state)
        fired = []

        def go():
            if fired:
                return
            fired.append(1)
            self._waiting_network = False
            try:
                self._network.changed.disconnect(check)
            except (RuntimeError, TypeError):
                pass
            log.info("network %s: running", "back" if self._network.online() else "still unknown or down")
            then()

        def check():
            if self._network.online():
                go()

        if online is None:
            log.info("no network information on this system: waiting %d s after the resume", NETWORK_GRACE_MS // 1000)
            QTimer.singleShot(NETWORK_GRACE_MS, go)
        else:
            log.info("waiting for the network before sending")
            self._network.changed.connect(check)
            QTimer.singleShot(NETWORK_WAIT_MS, go)

    def run(self, source: str = "timer", send: SendRequest | str | None = None) -> None:
        """One run in a child process: the schedule's due days (``send`` None), ``"latest"`` (Send now) or a
        ``SendRequest`` (Send chosen days). While a run is going, requests wait their turn."""
        if self.proc is not None:
            if (source, send) not in self._queue:
                self._queue.append((source, send))
            return
        self.timer.stop()
        self.set_state("sending")
        self._report_path = _report_file(self.ws.profile.data_dir)
        args = [] if not self.ws.profile.custom else ["--profile", str(self.ws.profile.config_dir)]
        args += ["run", "--report", self._report_path, "--source", source]
        if send is None:
            args += ["--now", self.clock().isoformat()]
            if self.paused:
                args.append("--paused")
            if self.catch_up_confirmed or source == "catch-up":
                args.append("--confirmed")
        elif send == "latest":
            args.append("--latest")
        else:
            args += ["--from", send.first.isoformat(), "--to", send.last.isoformat(), "--stores", ",".join(send.stores)]
        handover = self.ws.key_handover()  # the demo's in-memory keys, over the pipe
        if handover is not None:
            args.append("--keys-stdin")
        cmd = osintegration.program_command(*args)
        from PySide6.QtCore import QProcess

        p = QProcess(self)
        p.setProcessChannelMode(QProcess.ProcessChannelMode.MergedChannels)
        p.finished.connect(self._finished)
        p.errorOccurred.connect(self._process_error)
        self.proc = p
        log.info("run (%s) started", source)
        p.start(cmd[0], cmd[1:])
        if handover is not None:
            p.write(handover.encode("utf-8"))
        p.closeWriteChannel()
        self.run_limit.start(RUN_TIME_LIMIT_MS)

    def _process_error(self, err) -> None:
        from PySide6.QtCore import QProcess

        if err == QProcess.ProcessError.FailedToStart:  # finished() never comes
            self._finished(-1)

    def _run_too_long(self) -> None:
        if self.proc is not None:
            log.error("run took longer than %d s: stopped", self.run_limit.interval() // 1000)
            self._timed_out = True
            self.proc.kill()

    def _finished(self, code, status=None) -> None:
        p, self.proc = self.proc, None
        if p is None:
            return
        self.run_limit.stop()
        output = bytes(p.readAll().data()).decode("utf-8", "replace")[-2000:]
        p.deleteLater()
        from ..core.runreport import RunReport

        try:
            rep = RunReport.read(self._report_path)
        except (OSError, ValueError, KeyError, TypeError):
            timed_out = self._timed_out
            log.error("run ended without a report (exit %s)%s", code, (": " + osintegration.redact(output)) if output else "")
            from ..core.i18n import Text

            rep = RunReport(error_code="run_timeout" if timed_out else "run_crashed", error_text=Text(
                "Overføringen tok for lang tid og ble stoppet. Den sjekkes igjen om litt; ingen dag sendes to ganger."
                if timed_out else
                f"Overføringen stoppet uventet (kode {code}). Den sjekkes igjen om litt; ingen dag sendes to ganger.",
                "The transfer took too long and was stopped. It is checked again shortly; no day is sent twice."
                if timed_out else
                f"The transfer stopped unexpectedly (code {code}). It is checked again shortly; no day is sent twice."))
        finally:
            self._timed_out = False
            for leftover in (self._report_path, self._report_path + ".part"):  # .part: killed while writing it
                try:
                    os.remove(leftover)
                except OSError:
                    pass
        self._done(rep)
        if self._queue:
            source, send = self._queue.pop(0)
            self.run(source, send)

    def _done(self, rep: RunReport) -> None:
        lang = self.language
        failed = [o for o in rep.outcomes if not o.ok and o.status not in ("skipped", "dry_run")]
        self.last_error = (failed[-1].error_text or failed[-1].message).get(lang) if failed else \
            (rep.error_text.get(lang) if rep.error_text else "")
        self.refresh_status()
        if rep.error_text is not None and ("run", rep.error_code) not in self.notified:
            self.notified.add(("run", rep.error_code))  # once per kind of problem, not at every re-check
            self.notify(self.tr("ledgerwizard needs attention"), rep.error_text.get(lang), critical=True)
        elif rep.error_text is None:
            self.notified = {k for k in self.notified if k[0] != "run"}
        for o in failed:
            key = (o.store, o.business_day, "failed")
            if key in self.notified:
                continue
            if not o.retryable or o.attempts >= NOTIFY_AFTER_ATTEMPTS:  # no nagging on a transient failure
                self.notified.add(key)
                self.notify(self.tr("Transfer failed"),
                            f"{self.store_name(o.store)} {o.business_day:%d.%m.%Y}: {(o.error_text or o.message).get(lang)}", critical=True)
        sent = [o for o in rep.outcomes if o.status in ("sent", "recovered")]
        if sent and self._notify_success():
            self.notify(self.tr("Sent to the accounts"), "\n".join(
                self.tr("{store} {day}: voucher {n}").format(store=self.store_name(o.store), day=f"{o.business_day:%d.%m.%Y}",
                                                             n=o.voucher_number) for o in sent))
        for o in rep.outcomes:
            if o.status == "sent":
                log.info("sent %s %s voucher %s", o.store, o.business_day, o.voucher_number)
        if rep.confirm:
            self.ask_catch_up(rep.due_days)
        for d in rep.by_action("late_z"):
            key = (d.store, d.business_day, "late_z")
            if key not in self.notified:
                self.notified.add(key)
                self.notify(self.tr("No Z report"), f"{self.store_name(d.store)} {d.business_day:%d.%m.%Y}: {d.reason.get(lang)}")
        self.arm(rep.wake if rep.wake is not None else self.clock() + dt.timedelta(minutes=15))
        self.ran.emit(rep)

    def store_name(self, store_id: str) -> str:
        s = self._settings()
        return next((st.name for st in s.stores if st.id == store_id), store_id) if s else store_id

    def _notify_success(self) -> bool:
        s = self._settings()
        return bool(s and (s.schedule or {}).get("notify_success", False))

    def send_now(self) -> None:
        """Each store's latest closed day, through the same path as the timer (found by the run process: reading
        the export folder never happens in the tray)."""
        self.run("send-now", "latest")

    def choose_and_send(self) -> None:
        try:
            stores = [(s.id, s.name) for s in self.ws.settings.stores if s.enabled]
        except Exception as e:  # noqa: BLE001
            self.notify("ledgerwizard", e.render(self.language) if hasattr(e, "render") else type(e).__name__, True)
            return
        from .senddialog import SendDialog

        from ..core.schedule import OSLO

        dlg = SendDialog(stores, self.clock().astimezone(OSLO).date(), self.language)
        dlg.accepted.connect(lambda: self.run("send-now", dlg.request()))
        self._dialog = dlg
        dlg.show()
        dlg.raise_()

    def ask_catch_up(self, n_days: int) -> None:
        """Many missed days (the PC was off for long): ask before sending them all (non-modal)."""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Question, "ledgerwizard",
                          self.tr("{n} days have not been sent (the PC was off). Send them now, oldest first?").format(
                              n=n_days), QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.buttonClicked.connect(lambda b: self.confirm_catch_up(box.standardButton(b) == QMessageBox.StandardButton.Yes))
        self._ask = box
        box.open()

    def confirm_catch_up(self, yes: bool) -> None:
        self.catch_up_confirmed = yes
        if yes:
            self.run("catch-up")

    def set_paused(self, on: bool) -> None:
        self.paused = on
        log.info("automatic sending %s", "paused" if on else "resumed")

    def notify(self, title: str, text: str, critical: bool = False) -> None:
        icon = QSystemTrayIcon.MessageIcon.Critical if critical else QSystemTrayIcon.MessageIcon.Information
        self.tray.showMessage(title, text, icon, 15000)

    def open_settings(self) -> None:
        from .wizard import SetupWizard

        self._wizard = SetupWizard(self.ws.sibling())  # the same key store (the demo's stays in memory)
        self._wizard.finished.connect(lambda _r: self._reload())
        self._wizard.show()
        self._wizard.raise_()

    def _reload(self) -> None:
        try:
            self.ws.reload_settings()
        except Exception:  # noqa: BLE001 - the run reports an unreadable file; the menu still opens
            pass
        self.refresh_status()
        self.run()

    def handle_message(self, text: str) -> None:
        """From a second launch: open settings, send now, or just show that we are running."""
        if text == "send-now":
            self.send_now()
        elif text == "settings":
            self.open_settings()
        elif text == "quit":  # tray --quit: the installer is about to replace the program's files
            log.info("asked to quit")
            self.quit()
        else:
            self.notify("ledgerwizard", self.tr("ledgerwizard is already running in the notification area."))

    def about(self) -> None:  # pragma: no cover - a modal box
        from .. import __version__

        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(None, "ledgerwizard", f"ledgerwizard {__version__}")

    def quit(self) -> None:
        """Stop the timers; a run that is going is allowed to finish (up to a minute) before the app exits."""
        self.timer.stop()
        self.clock_watch.stop()
        self._queue.clear()
        self.tray.hide()
        app = QApplication.instance()
        if self.proc is not None:
            self.proc.finished.connect(lambda *_a: app.quit())
            QTimer.singleShot(60000, app.quit)
        else:
            app.quit()


TRAY_STOPPED, NO_TRAY, TRAY_STILL_RUNNING = 0, 1, 2
QUIT_WAIT_S = 90  # the tray finishes a run that is going (up to a minute) before it exits


def stop_running_tray(single: SingleInstance) -> int:
    """``tray --quit`` (the installer before it replaces the program's files, the uninstaller before it removes them):
    ask the running tray to quit through its socket and wait until it has (its lock is free): ``TRAY_STOPPED``;
    ``NO_TRAY`` when none runs (none is started); ``TRAY_STILL_RUNNING`` after ``QUIT_WAIT_S``. Never a dialog."""
    deadline = time.monotonic() + QUIT_WAIT_S
    asked = False
    while time.monotonic() < deadline:
        if single.acquire(listen=False):  # free (or a crashed tray's stale lock): nothing (more) runs
            single.release()
            return TRAY_STOPPED if asked else NO_TRAY
        if not asked:
            asked = single.forward("quit")  # (a tray just starting listens once its icon is up)
        time.sleep(0.2)
    return TRAY_STILL_RUNNING


def _local_time(text: str) -> str:
    try:
        t = dt.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return ""
    if t.tzinfo is None:
        t = t.replace(tzinfo=dt.timezone.utc)
    return f"{t.astimezone():%d.%m %H:%M}"  # the PC's own time, as its taskbar clock shows it


def _report_file(folder) -> str:
    os.makedirs(folder, exist_ok=True)
    return os.path.join(str(folder), f"run-{os.getpid()}-{time.time_ns()}.json")


def run_tray(workspace, message: str = "") -> int:
    """``ledgerwizard tray``: the one instance runs the scheduler; a second launch forwards its ``message``
    ("settings", "send-now"; none: "show") to it and exits. The first instance carries the message out itself.
    "quit" (``tray --quit``) stops a running tray and never starts one (``stop_running_tray``)."""
    if not osintegration.has_display():
        from ..core.errors import UsageError
        from ..core.i18n import Text

        raise UsageError(Text("Ikonet i varslingsområdet trenger en skjerm.", "The tray icon needs a display."),
                         Text("Bruk «ledgerwizard send» fra en planlagt oppgave på en maskin uten skjerm.",
                              "Use 'ledgerwizard send' from a scheduled task on a machine without a display."))
    app = QApplication.instance() or QApplication([])
    app.setQuitOnLastWindowClosed(False)
    # per profile (a crc is enough for a socket name, and keeps OpenSSL's hashlib out of the tray)
    suffix = f"-{zlib.crc32(str(workspace.profile.config_dir).encode()):08x}" if workspace.profile.custom else ""
    single = SingleInstance(workspace.profile.data_dir)
    single.name += suffix
    if message == "quit":  # (no log file: the tray's own is the running tray's to write and rotate)
        return stop_running_tray(single)
    osintegration.setup_logging(workspace.profile.log_dir)
    from .dialogs import install_language

    if not install_language(workspace):
        return 2
    if not single.acquire(listen=False):
        return 0 if single.forward(message or "show") else 1
    tray = TrayApp(workspace)
    single.message.connect(tray.handle_message)
    if not QSystemTrayIcon.isSystemTrayAvailable():
        log.warning("no system tray available: running without an icon")
    tray.start()
    if message:
        QTimer.singleShot(0, lambda: tray.handle_message(message))
    QTimer.singleShot(0, single.listen)  # once the icon is up (a second launch waits up to 2 s to connect)
    code = app.exec()
    single.release()
    return code
