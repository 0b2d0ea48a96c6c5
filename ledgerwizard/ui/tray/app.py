"""The tray app: lives in the notification area, runs the scheduler, offers Send now. It wires the parts of this
package together:

* ``runner.py``          – each run (the timer's, the catch-up's after a resume, Send now) in a ``ledgerwizard run``
                           child process, one at a time, with a time limit; its report comes back as data
* ``watches.py``         – the clock watch (resume from sleep, clock change) and the wait for the network
* ``menu.py``            – the icon states and the menu
* ``single_instance.py`` – a second launch forwards its request to this one
* ``core/notify.py``     – what to tell after a run (the policy, no Qt); here it becomes pop-ups with titles

What is due comes from the run process (calendar + settings + journal). The tray itself only reads the settings
and the journal, so it stays small for the years it sits in the notification area, never blocks its GUI thread,
and survives a crash or a hang of a run.

One single-shot timer is armed for the next moment anything can change (the next send slot, a retry, or the
15-minute re-check); the clock watch notices a resume from sleep or a clock change within a minute, and after a
resume the run waits for the network.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING, Callable

# Only the Qt classes the tray needs at start-up: PySide builds each class's Python enums when the class is
# first touched (``Qt`` alone: 94 enums, ~17 ms), so the network classes load once the icon is up.
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from ...adapters import osintegration
from .. import i18n
from .menu import StateIcons, TrayMenu
from .runner import Runner, run_arguments
from .single_instance import SingleInstance, instance_name
from .watches import ClockWatch, NetworkWait

if TYPE_CHECKING:
    from ...core.notify import Notification
    from ...core.runreport import RunReport
    from ...core.schedule import SendRequest

log = logging.getLogger("ledgerwizard.tray")

START_DELAY_MS = 2000  # the start-up check waits this long after the icon is up (logins start many programs)
RECHECK_MS = 15 * 60 * 1000  # the timer never sleeps longer than this: settings and the export folder change


class TrayApp(QObject):
    """``clock``: the scheduler's now (UTC-aware). ``wall_clock`` and ``monotonic``: what the clock watch compares.
    ``network``: what the wait for the network asks (default: Qt's network information, loaded on first use).
    ``settings_window(workspace)``: the window "Settings…" opens (``ui.windows`` wires it)."""

    ran = Signal(object)  # the RunReport after each run (tests and the status menu listen)

    def __init__(self, workspace, clock=None, network=None, *, wall_clock: Callable[[], float] | None = None,
                 monotonic: Callable[[], float] | None = None, settings_window=None):
        super().__init__()
        self.ws = workspace
        self.clock = clock or (lambda: dt.datetime.now(dt.timezone.utc))
        self.paused = False
        self.state = "idle"
        self.last_error: str = ""
        self.notified: frozenset = frozenset()  # what core.notify has told so far
        self.catch_up_confirmed = False  # set when the user agreed to send many missed days at once
        self.settings_window = settings_window  # None: "Settings…" is not offered (ui.windows wires it)
        self.runner = Runner(workspace, self._run_arguments, self)
        self.runner.started.connect(self._run_started)
        self.runner.finished.connect(self.show_report)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.run)
        clocks = {k: v for k, v in (("wall", wall_clock), ("monotonic", monotonic)) if v is not None}
        self.clock_watch = ClockWatch(self, **clocks)  # resume from sleep / clock change: noticed within a minute
        self.clock_watch.jumped.connect(lambda _drift: self.after_network(lambda: self.run("resume")))
        self.network_wait = NetworkWait(self, network)
        self.network_wait.waiting_changed.connect(lambda _on: self.set_state(self.state))
        self.icon = StateIcons()
        self.tray = QSystemTrayIcon(self.icon("idle"))
        self.menu = TrayMenu(self.icon)
        m = self.menu
        m.status_action.triggered.connect(self.open_status)
        m.send_now_action.triggered.connect(self.send_now)
        m.attention_action.triggered.connect(self.open_attention)
        m.orders_action.triggered.connect(self.open_orders)
        m.auto_action.toggled.connect(self.set_auto_send)
        m.pause_action.toggled.connect(self.set_paused)
        m.settings_action.triggered.connect(self.open_settings)
        m.logs_action.triggered.connect(lambda: osintegration.open_folder(self.ws.profile.log_dir))
        m.about_action.triggered.connect(self.about)
        m.quit_action.triggered.connect(self.quit)
        self.tray.setContextMenu(self.menu)
        # a click on the icon opens the status window (the menu is the right-click's)
        self.tray.activated.connect(lambda reason: reason == QSystemTrayIcon.ActivationReason.Trigger
                                    and self.open_status())
        self.status_window = None  # the open status window
        self.orders_attention: list = []  # the orders' journal rows a person must act on (refresh_status)
        self.attention_dialog = None  # the open "Needs attention" dialog
        self.settings_dialog = None  # the open settings window

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

    # -- state ---------------------------------------------------------------------------------------------------------
    def auto_send(self) -> bool:
        s = self._settings()
        return bool(s and (s.schedule or {}).get("auto_send"))

    def refresh_status(self) -> None:
        """The menu's lines from the journal, the automatic-sending switch as the settings have it, and the icon:
        red when a day failed or waits for a person; dark when automatic sending is off, amber when paused, light
        blue while a day is being checked with the ledger or the network is awaited; green only when everything is
        sent and sending goes on by itself."""
        try:
            rows = {r.store: r for r in self.ws.journal.latest()}
            held = self.ws.journal.in_state("held")
            checking = self.ws.journal.in_state("uncertain", "sending")
            failed = self.ws.journal.in_state("failed")
            orders = self.orders_needing_attention()
        except Exception:  # noqa: BLE001 - the menu must open even when the journal cannot be read
            rows, held, checking, failed, orders = {}, [], [], [], []
        self.orders_attention = orders
        self.menu.show_status(rows, len(held), self.store_name, len(orders))
        auto = self.auto_send()
        self.menu.auto_action.blockSignals(True)
        self.menu.auto_action.setChecked(auto)
        self.menu.auto_action.blockSignals(False)
        self.menu.pause_action.setEnabled(auto)
        if self.runner.busy:
            return  # stays "sending" until the run reports
        if not self._set_up():
            state = "idle"
        elif failed or held or orders or self.last_error:
            state = "attention"
        elif not auto:
            state = "off"
        elif self.paused:
            state = "paused"
        elif checking or self.network_wait.waiting:
            state = "waiting"
        else:
            state = "ok"
        self.set_state(state)

    def orders_needing_attention(self) -> list:
        """The orders' journal rows a person must act on: held (a customer not linked …), or failed in a way the
        automatic retries cannot mend (or have not mended after ``NOTIFY_AFTER_ATTEMPTS``). Failed orders on a
        passing problem are retried at every run without turning the icon red."""
        from ...core.notify import needs_person

        return [r for r in self.ws.journal.orders_in_state("held", "failed")
                if r.state == "held" or needs_person(r.retryable, r.attempts)]

    def set_state(self, state: str) -> None:
        self.state = state
        self.tray.setIcon(self.icon(state))
        tip = {"ok": self.tr("ledgerwizard: everything sent; the next days go out by themselves"),
               "sending": self.tr("ledgerwizard: sending…"),
               "attention": self.tr("ledgerwizard: needs attention (open Status…)"),
               "off": self.tr("ledgerwizard: automatic sending is off – nothing is sent by itself"),
               "paused": self.tr("ledgerwizard: automatic sending is paused"),
               "waiting": self.tr("ledgerwizard: waiting for the ledger to confirm a voucher"),
               "idle": "ledgerwizard"}[state]
        if state == "idle" and not self._set_up():
            tip = self.tr("ledgerwizard: not set up yet (open Settings…)")
        if self.network_wait.waiting:
            tip = self.tr("ledgerwizard: waiting for the network")
        orders = len(self.orders_attention)
        if orders and state == "attention":
            tip += "\n" + self.tr("{n} credit sale(s) were not sent as orders for invoicing: see Status…").format(n=orders)
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
        self.clock_watch.start()
        QTimer.singleShot(START_DELAY_MS if delay_ms is None else delay_ms, lambda: self.run("start-up"))

    def arm(self, when: dt.datetime) -> None:
        ms = max(1000, int((when - self.clock()).total_seconds() * 1000))
        self.timer.start(min(ms, RECHECK_MS))

    def check_clock(self) -> None:
        """One look of the clock watch (it looks once a minute by itself): after a resume from sleep or a clock
        change, re-check now, once the network is back."""
        self.clock_watch.check()

    def after_network(self, then) -> None:
        """Run ``then`` once the network is up (see ``watches.NetworkWait``)."""
        self.network_wait.then(then)

    def run(self, source: str = "timer", send: SendRequest | str | None = None) -> None:
        """One run in a child process: the schedule's due days (``send`` None), ``"latest"`` (Send now) or a
        ``SendRequest`` (Send chosen days). While a run is going, requests wait their turn."""
        self.runner.request(source, send)

    def _run_started(self, _source: str) -> None:
        self.timer.stop()
        self.set_state("sending")

    def _run_arguments(self, source, send, *, report: str, keys_stdin: bool) -> list[str]:
        return run_arguments(source, send, report=report, now=self.clock(), paused=self.paused,
                             confirmed=self.catch_up_confirmed,
                             profile_dir=self.ws.profile.config_dir if self.ws.profile.custom else None,
                             keys_stdin=keys_stdin)

    def show_report(self, rep: RunReport) -> None:
        """A run's report: the icon and its tooltip, the menu, what to tell (``core.notify``), the next wake."""
        from ...core import notify

        lang = self.language
        problem = notify.problem(rep)
        self.last_error = problem.get(lang) if problem is not None else ""
        self.refresh_status()
        told = notify.notifications(rep, self.notified, notify_success=self._notify_success(),
                                    store_names=self.store_names(), per_run=True)
        self.notified = told.notified
        for n in told.notifications:
            # the tray's own sentences (held days, days sent) in the language of its menu and titles, the run's
            # texts (errors, the ledger's reasons) in the settings' (the same one, unless the settings changed it
            # since the tray started)
            own = n.kind in (notify.HELD, notify.SENT)  # a summary carries the run's texts: the settings' language
            self.notify(self.title(n), n.text.get(i18n.language() if own else lang), critical=n.critical)
        for o in rep.outcomes:
            if o.status == "sent":
                log.info("sent %s %s voucher %s", o.store, o.business_day, o.voucher_number)
        if rep.confirm:
            self.ask_catch_up(rep.due_days)
        self.arm(rep.wake if rep.wake is not None else self.clock() + dt.timedelta(minutes=15))
        self.ran.emit(rep)

    def title(self, n: Notification) -> str:
        """A notification's title, in the tray's language."""
        return {"run_failed": self.tr("ledgerwizard needs attention"), "notice": "ledgerwizard",
                "held": self.tr("Needs attention"), "failed": self.tr("Transfer failed"),
                "sent": self.tr("Sent to the accounts"), "late_z": self.tr("No Z report"),
                "orders": self.tr("Orders for invoicing need attention")}.get(
            n.kind, self.tr("ledgerwizard needs attention") if n.critical else "ledgerwizard")

    def store_name(self, store_id: str) -> str:
        return self.store_names().get(store_id, store_id)

    def store_names(self) -> dict[str, str]:
        s = self._settings()
        return {st.id: st.name for st in s.stores} if s else {}

    def _notify_success(self) -> bool:
        s = self._settings()
        return bool(s and (s.schedule or {}).get("notify_success", False))

    # -- the menu's actions --------------------------------------------------------------------------------------------
    def send_now(self) -> None:
        """Each store's latest closed day, through the same path as the timer (found by the run process: reading
        the export folder never happens in the tray)."""
        self.run("send-now", "latest")

    def no_notification_area(self) -> str:
        return self.tr("This desktop has no notification area, so ledgerwizard shows its status window instead. It "
                       "sends on schedule while this window is open; closing it stops ledgerwizard.")

    def open_status(self, confirm=None):
        """The status window (one; raised when it is open already). ``confirm(day) -> bool`` answers its "send
        anyway?" question instead of a message box (tests)."""
        if self.status_window is None:
            from ..status import StatusWindow

            self.status_window = StatusWindow(self.ws, lambda request: self.run("send-now", request), self.language,
                                              clock=self.clock, paused=lambda: self.paused, confirm=confirm)
            self.ran.connect(lambda _rep: self.status_window is not None and self.status_window.isVisible()
                             and self.status_window.load())
        elif confirm is not None:
            self.status_window.confirm = confirm
        self.status_window.show()
        self.status_window.raise_()
        self.status_window.activateWindow()
        return self.status_window

    def open_attention(self, confirm=None):
        """The held days, in the status window: see the differences, send one anyway (through the one path, with the
        differences seen). Returns the window."""
        w = self.open_status(confirm)
        try:
            held = self.ws.journal.in_state("held")
        except Exception:  # noqa: BLE001 - the window says what is wrong with the journal
            held = []
        if held:
            first = held[0]
            if w.status is not None:
                w.select(first.store, first.business_day)
            else:
                w.loaded.connect(lambda _st: w.select(first.store, first.business_day))
        return w

    def open_orders(self, confirm=None):
        """The status window with the first order that needs a person chosen in its orders table."""
        w = self.open_status(confirm)
        first = self.orders_attention[0] if self.orders_attention else None
        if first is not None:
            if w.status is not None:
                w.select_order(first.store, first.business_day, first.doc)
            else:
                w.loaded.connect(lambda _st: w.select_order(first.store, first.business_day, first.doc))
        return w

    def set_auto_send(self, on: bool) -> None:
        """The menu's switch: the real setting, saved (switched on with no go-live day: from today, so no earlier
        day is sent without being asked for)."""
        from ...core.schedule import OSLO
        from ...services.setup import set_auto_send

        try:
            set_auto_send(self.ws, on, self.clock().astimezone(OSLO).date())
        except Exception as e:  # noqa: BLE001 - said, and the switch shows the real setting again
            from ..errortext import error_text

            self.notify("ledgerwizard", error_text(e, self.language, self.ws.profile), True)
        log.info("automatic sending %s", "on" if self.auto_send() else "off")
        self.refresh_status()
        if self.auto_send():
            self.run()  # what is due now

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

    def open_settings(self):
        """The settings window on the tray's workspace (the same key store: the demo's stays in memory); when it
        closes, the settings are read again and a run checks what is due now."""
        if self.settings_window is None:
            return None
        if self.settings_dialog is not None and self.settings_dialog.isVisible():
            self.settings_dialog.raise_()  # already open: brought forward, never a second one beside it
            self.settings_dialog.activateWindow()
            return self.settings_dialog
        self.settings_dialog = self.settings_window(self.ws.sibling())
        self.settings_dialog.finished.connect(lambda _r: self._reload())
        self.settings_dialog.show()
        self.settings_dialog.raise_()
        return self.settings_dialog

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

    def about(self):
        """The About box (version, support, the log folder), as the wizard's About button shows it."""
        from ..about import about_box

        self.about_box = about_box(None, self.language, str(self.ws.profile.log_dir))
        return self.about_box

    def quit(self) -> None:
        """Stop the timers; a run that is going is allowed to finish (up to a minute) before the app exits."""
        self.timer.stop()
        self.clock_watch.stop()
        self.runner.clear_queue()
        self.tray.hide()
        app = QApplication.instance()
        if self.runner.busy:
            self.runner.finished.connect(lambda *_a: app.quit())
            QTimer.singleShot(60000, app.quit)
        else:
            app.quit()


TRAY_STOPPED, NO_TRAY, TRAY_STILL_RUNNING = 0, 1, 2
QUIT_WAIT_S = 90  # the tray finishes a run that is going (up to a minute) before it exits


def stop_running_tray(single: SingleInstance) -> int:
    """``tray --quit`` (the installer before it replaces the program's files, the uninstaller before it removes them):
    ask the running tray to quit through its socket and wait until it has (its lock is free): ``TRAY_STOPPED``;
    ``NO_TRAY`` when none runs (none is started); ``TRAY_STILL_RUNNING`` after ``QUIT_WAIT_S``. Never a dialog."""
    import time

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


def run_tray(workspace, message: str = "", settings_window=None) -> int:
    """``ledgerwizard tray``: the one instance runs the scheduler; a second launch forwards its ``message``
    ("settings", "send-now"; none: "show") to it and exits. The first instance carries the message out itself.
    "quit" (``tray --quit``) stops a running tray and never starts one (``stop_running_tray``).
    ``settings_window(workspace)``: what "Settings…" opens (``ui.windows`` wires it)."""
    if not osintegration.has_display():
        from ...core.errors import UsageError
        from ...core.i18n import Text

        raise UsageError(Text("Ikonet i varslingsområdet trenger en skjerm.", "The tray icon needs a display."),
                         Text("Bruk «ledgerwizard send» fra en planlagt oppgave på en maskin uten skjerm.",
                              "Use 'ledgerwizard send' from a scheduled task on a machine without a display."))
    app = QApplication.instance() or QApplication([])
    app.setQuitOnLastWindowClosed(False)
    single = SingleInstance(workspace.profile.data_dir,
                            instance_name(workspace.profile.config_dir if workspace.profile.custom else None))
    if message == "quit":  # (no log file: the tray's own is the running tray's to write and rotate)
        return stop_running_tray(single)
    osintegration.setup_logging(workspace.profile.log_dir)
    from ..dialogs import install_language

    if not install_language(workspace):
        return 2
    if not single.acquire(listen=False):
        return 0 if single.forward(message or "show") else 1
    tray = TrayApp(workspace, settings_window=settings_window)
    single.message.connect(tray.handle_message)
    tray.start()
    if not QSystemTrayIcon.isSystemTrayAvailable():
        # no notification area on this desktop (the demo in a bare X session, some Linux desktops): never a black
        # screen that seems hung; the status window is the program, and closing it stops it
        log.warning("no system tray available: showing the status window instead")
        app.setQuitOnLastWindowClosed(True)
        tray.open_status().set_banner(tray.no_notification_area())
    if message:
        QTimer.singleShot(0, lambda: tray.handle_message(message))
    QTimer.singleShot(0, single.listen)  # once the icon is up (a second launch waits up to 2 s to connect)
    code = app.exec()
    single.release()
    return code
