"""The tray app: lives in the notification area, runs the scheduler, offers Send now.

What is due comes from ``Workspace.run_due`` (calendar + settings + journal); one single-shot timer is armed
for the next moment anything can change (the next send slot, a retry, or the 15-minute re-check, which also
catches a resume from sleep or a clock change). Every run happens on a worker; one run at a time. A second
launch of the program does not start a second scheduler: it forwards its request to this one over a per-user
local socket (``QLockFile`` + ``QLocalServer``; a stale lock after a crash is recovered).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import time

from PySide6.QtCore import QLockFile, QObject, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPixmap
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox, QSystemTrayIcon

from ..adapters import osintegration
from ..core.transfer import SENT
from ..paths import resources_dir
from .workers import Runner

log = logging.getLogger("ledgerwizard.tray")

STATE_COLORS = {"ok": "#2e9e5b", "sending": "#1f78c8", "attention": "#c62828", "idle": "#7a7a7a"}


def state_icon(state: str) -> QIcon:
    """The app icon with a coloured status dot (SVG base, so it is sharp at any DPI)."""
    icon = QIcon()
    base = QIcon(str(resources_dir() / "icons" / "ledgerwizard.svg"))
    for size in (16, 24, 32, 48, 64):
        pm = base.pixmap(size, size) if not base.isNull() else QPixmap(size, size)
        p = QPainter(pm)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setBrush(QColor(STATE_COLORS[state]))
        p.setPen(QColor("white"))
        d = max(6, size // 2)
        p.drawEllipse(size - d, size - d, d - 1, d - 1)
        p.end()
        icon.addPixmap(pm)
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
        self.server: QLocalServer | None = None

    def acquire(self) -> bool:
        if not self.lock.tryLock(100):
            self.lock.removeStaleLockFile()
            if not self.lock.tryLock(100):
                return False
        QLocalServer.removeServer(self.name)  # a socket left by a crashed instance
        self.server = QLocalServer(self)
        self.server.newConnection.connect(self._incoming)
        self.server.listen(self.name)
        return True

    def _incoming(self) -> None:
        conn = self.server.nextPendingConnection()
        conn.waitForReadyRead(1000)
        self.message.emit(bytes(conn.readAll().data()).decode("utf-8", "replace").strip())
        conn.disconnectFromServer()

    def forward(self, text: str) -> bool:
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


class TrayApp(QObject):
    ran = Signal(object)  # (agenda, outcomes) after each run, for tests and the status menu

    def __init__(self, workspace, connector_factory=None, clock=None):
        super().__init__()
        self.ws = workspace
        self.factory = connector_factory  # None: Workspace.send opens connectors with the profile's keys
        self.clock = clock or (lambda: dt.datetime.now(dt.timezone.utc))
        self.runner = Runner(self)
        self.paused = False
        self.state = "idle"
        self.last_error: str = ""
        self.notified: set[tuple] = set()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.run)
        self._armed_wall = 0.0
        self._armed_mono = 0.0
        self.catch_up_confirmed = False  # set when the user agreed to send many missed days at once
        self.tray = QSystemTrayIcon(state_icon("idle"))
        self.menu = QMenu()
        self._build_menu()
        self.tray.setContextMenu(self.menu)
        self.tray.activated.connect(lambda reason: reason == QSystemTrayIcon.ActivationReason.Trigger
                                    and self.tray.contextMenu().popup(self.tray.geometry().center()))

    # -- menu ----------------------------------------------------------------------------------------------------------
    def _build_menu(self) -> None:
        m = self.menu
        m.clear()
        self.send_now_action = QAction(self.tr("Send now"), m)
        self.send_now_action.triggered.connect(self.send_now)
        m.addAction(self.send_now_action)
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
        """One line per store: its latest day, green or red, with time and the ledger's voucher number."""
        for a in self.status_actions:
            self.menu.removeAction(a)
        self.status_actions.clear()
        rows = {}
        try:
            for r in self.ws.journal.rows():
                if r.store not in rows or r.business_day >= rows[r.store].business_day:
                    rows[r.store] = r
        except Exception:  # noqa: BLE001 - the menu must open even when the journal cannot be read
            rows = {}
        names = {s.id: s.name for s in self.ws.settings.stores}
        for store, r in sorted(rows.items()):
            ok = r.state == SENT
            text = (f"{names.get(store, store)}: {r.business_day:%d.%m} – "
                    + (self.tr("voucher {n}").format(n=r.voucher_number or r.voucher_id) if ok else self.tr("failed")))
            a = QAction(state_icon("ok" if ok else "attention"), text, self.menu)
            a.setEnabled(True)
            self.menu.insertAction(self.status_end, a)
            self.status_actions.append(a)
        attention = any(r.state == "failed" for r in rows.values())
        self.set_state("attention" if attention else ("ok" if rows else "idle"))

    def set_state(self, state: str) -> None:
        self.state = state
        self.tray.setIcon(state_icon(state))
        tip = {"ok": self.tr("ledgerwizard: everything sent"), "sending": self.tr("ledgerwizard: sending…"),
               "attention": self.tr("ledgerwizard: needs attention"), "idle": "ledgerwizard"}[state]
        self.tray.setToolTip(tip + (f"\n{self.last_error}" if self.last_error and state == "attention" else ""))

    # -- running -------------------------------------------------------------------------------------------------------
    def start(self) -> None:
        self.tray.show()
        self.refresh_status()
        self.run()  # at start-up: catch up whatever was missed while the PC was off

    def arm(self, when: dt.datetime) -> None:
        ms = max(1000, int((when - self.clock()).total_seconds() * 1000))
        self._armed_wall, self._armed_mono = time.time(), time.monotonic()
        self.timer.start(min(ms, 15 * 60 * 1000))

    def run(self, source: str = "timer", days=None) -> None:
        if self.runner.busy:  # one run at a time; the journal lock covers other processes too
            QTimer.singleShot(2000, lambda: self.run(source, days))
            return
        jumped = self._armed_mono and abs((time.time() - self._armed_wall) - (time.monotonic() - self._armed_mono)) > 60
        if jumped:
            log.info("the wall clock jumped (sleep, resume or a clock change): re-checking")
        self.set_state("sending")
        now = self.clock()
        ws, factory, paused, confirmed = self.ws, self.factory, self.paused, self.catch_up_confirmed

        def work(task):
            if days == "latest":
                closed = [sd.summary.business_day for sd in ws.store_days()[0] if sd.summary.has_z]
                return None, (ws.send(None, [max(closed)], source=source, connector_factory=factory) if closed else [])
            if days is not None:
                return None, ws.send(None, days, source=source, connector_factory=factory)
            return ws.run_due(now, paused=paused, connector_factory=factory, source="catch-up" if confirmed else source,
                              confirmed=confirmed, log=log)

        self.runner.start(work, self._done, self._failed)

    def _done(self, result) -> None:
        ag, outcomes = result
        failed = [o for o in outcomes if not o.ok and o.status not in ("skipped", "dry_run")]
        self.last_error = failed[-1].message.get(self.ws.settings.language) if failed else ""
        self.refresh_status()
        for o in failed:
            if o.error is not None and not getattr(o.error, "retryable", False):  # no nagging on a transient failure
                self.notify(self.tr("Transfer failed"), f"{o.store} {o.business_day}: "
                            f"{o.error.render(self.ws.settings.language)}", critical=True)
        for o in outcomes:
            if o.status == "sent":
                log.info("sent %s %s voucher %s", o.store, o.business_day, o.posted.voucher_number if o.posted else "")
        if ag is not None and ag.confirm and ag.send and not outcomes:
            self.ask_catch_up(len({day for _s, day in ag.send}))
        if ag is not None:
            for d in ag.by_action("late_z"):
                key = (d.store, d.business_day, "late_z")
                if key not in self.notified:
                    self.notified.add(key)
                    self.notify(self.tr("No Z report"), f"{d.store} {d.business_day}: {d.reason.get(self.ws.settings.language)}")
            self.arm(ag.wake)
        else:
            self.arm(self.clock() + dt.timedelta(minutes=15))
        self.ran.emit(result)

    def _failed(self, e) -> None:
        log.error("scheduler run failed: %s", getattr(e, "code", type(e).__name__))
        self.last_error = e.render(self.ws.settings.language) if hasattr(e, "render") else type(e).__name__
        self.set_state("attention")
        self.arm(self.clock() + dt.timedelta(minutes=15))
        self.ran.emit((None, []))

    def send_now(self) -> None:
        """The latest closed day for all stores, through the same path as the timer (found on the worker:
        reading the export folder never happens on the GUI thread)."""
        self.run("send-now", "latest")

    def ask_catch_up(self, n_days: int) -> None:
        """Many missed days (the PC was off for long): ask before sending them all (non-modal)."""
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

        ws = self.ws.__class__(self.ws.profile)
        ws.secrets = self.ws.secrets  # the same key store (the demo's stays in memory)
        self._wizard = SetupWizard(ws)
        self._wizard.finished.connect(lambda _r: self._reload())
        self._wizard.show()
        self._wizard.raise_()

    def _reload(self) -> None:
        self.ws._settings = None
        self.refresh_status()
        self.run()

    def handle_message(self, text: str) -> None:
        """From a second launch: open settings, send now, or just show that we are running."""
        if text == "send-now":
            self.send_now()
        elif text == "settings":
            self.open_settings()
        else:
            self.notify("ledgerwizard", self.tr("ledgerwizard is already running in the notification area."))

    def about(self) -> None:  # pragma: no cover - a modal box
        from .. import __version__

        QMessageBox.about(None, "ledgerwizard", f"ledgerwizard {__version__}")

    def quit(self) -> None:
        self.timer.stop()
        self.runner.wait(30000)
        self.tray.hide()
        QApplication.instance().quit()


def run_tray(workspace, message: str = "") -> int:
    """``ledgerwizard tray``: the one instance runs the scheduler; a second launch forwards and exits."""
    app = QApplication.instance() or QApplication([])
    app.setQuitOnLastWindowClosed(False)
    osintegration.setup_logging(workspace.profile.log_dir)
    from . import i18n

    i18n.install(workspace.settings.language or "nb")
    suffix = workspace.profile.secret_service.replace("ledgerwizard", "").replace("/", "-")  # per profile
    single = SingleInstance(workspace.profile.data_dir)
    single.name += suffix
    if not single.acquire():
        return 0 if single.forward(message or "show") else 1
    tray = TrayApp(workspace)
    single.message.connect(tray.handle_message)
    if not QSystemTrayIcon.isSystemTrayAvailable():
        log.warning("no system tray available: running without an icon")
    tray.start()
    code = app.exec()
    single.release()
    return code
