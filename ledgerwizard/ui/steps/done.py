"""Done: what was set up; going live (the first day to send, automatic sending from then, and what happens to the
days already due); starting at login, and starting now."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QDateEdit, QFormLayout, QGroupBox, QLabel, QRadioButton,
                               QVBoxLayout)

from .base import ERROR_STYLE, Step, busy_bar, wrap


def _today() -> dt.date:
    from ...core.schedule import OSLO

    return dt.datetime.now(dt.timezone.utc).astimezone(OSLO).date()


class DoneStep(Step):
    def __init__(self, host, model, clock=None):
        super().__init__(host, model)
        self._now = clock or (lambda: dt.datetime.now(dt.timezone.utc))
        lay = QVBoxLayout(self)
        self.summary = wrap(QLabel())
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        lay.addWidget(self.summary)

        self.live = QGroupBox()
        form = QFormLayout(self.live)
        self.first_day = QDateEdit()
        self.first_day.setCalendarPopup(True)
        self.first_day.setDisplayFormat("dd.MM.yyyy")
        self.first_day.dateChanged.connect(self._first_day_changed)
        self.first_label = QLabel()
        self.first_label.setBuddy(self.first_day)
        form.addRow(self.first_label, self.first_day)
        self.first_help = wrap(QLabel())
        form.addRow(self.first_help)
        self.auto = QCheckBox()
        self.auto.toggled.connect(self._auto_changed)
        form.addRow(self.auto)
        self.next_send = wrap(QLabel())
        form.addRow(self.next_send)
        lay.addWidget(self.live)

        self.due_box = QGroupBox()
        due_lay = QVBoxLayout(self.due_box)
        self.due_list = wrap(QLabel())
        self.due_list.setTextFormat(Qt.TextFormat.RichText)
        due_lay.addWidget(self.due_list)
        self.send_due = QRadioButton()
        self.skip_due = QRadioButton()
        self.due_group = QButtonGroup(self)
        self.due_group.setExclusive(True)
        for r in (self.send_due, self.skip_due):
            self.due_group.addButton(r)
            due_lay.addWidget(r)
            r.toggled.connect(lambda _on: self._due_choice())
        self.due_box.hide()
        lay.addWidget(self.due_box)

        self.autostart = QCheckBox()
        self.autostart.setChecked(self.m.autostart)
        self.autostart.toggled.connect(lambda on: setattr(self.m, "autostart", on))
        self.autostart.setVisible(self.m.can_autostart)
        self.start_now = QCheckBox()
        self.start_now.setChecked(True)
        lay.addWidget(self.autostart)
        lay.addWidget(self.start_now)
        self.bar = busy_bar()
        self.error = wrap(QLabel())
        self.error.setStyleSheet(ERROR_STYLE)
        lay.addWidget(self.bar)
        lay.addWidget(self.error)
        lay.addStretch()
        self._loading = False

    def retranslate(self):
        self.set_title(self.tr("Done"))
        self.set_subtitle(self.tr("ledgerwizard is set up. Choose the first day to send, then finish."))
        self.live.setTitle(self.tr("Going live"))
        self.first_label.setText(self.tr("&First day to send:"))
        self.due_box.setTitle(self.tr("Days already due"))
        self.autostart.setText(self.tr("Start ledgerwizard when I &log in (recommended)"))
        self.start_now.setText(self.tr("Start &now"))
        self.load()

    # -- what the journal says is in the ledger already ------------------------------------------------------------
    def _sent(self) -> set[tuple[str, dt.date]]:
        try:
            rows = self.host.workspace.journal.rows()
        except Exception:  # noqa: BLE001 - no journal yet, or it cannot be read: nothing known to be sent
            return set()
        return {(r.store, r.business_day) for r in rows if r.state == "sent"}

    def load(self):
        if self.m is None:
            return
        self._loading = True
        today = _today()
        sent = self._sent()
        first = self.m.go_live(today, sent)
        self.first_day.setDate(QDate(first.year, first.month, first.day))
        self.auto.setChecked(self.m.auto_send)
        self._loading = False
        self._refresh(today, sent)

    def _refresh(self, today: dt.date | None = None, sent=None):
        today = today or _today()
        sent = self._sent() if sent is None else sent
        first = self.m.go_live(today, sent)
        stores = "".join(f"<li>{s.name}</li>" for s in self.m.stores)
        from ...connectors import registry as systems

        self.summary.setText(self.tr(
            "<p>Sales from <b>{n}</b> store(s) go to <b>{system}</b>:</p><ul>{stores}</ul><p>Test transfer: {test}."
            "</p><p>ledgerwizard runs in the notification area next to the clock. On Windows 11 new icons are "
            "hidden under the arrow (^): drag the ledgerwizard icon onto the taskbar to keep it visible.</p>").format(
            n=len(self.m.stores), system=systems.name(self.m.system), stores=stores,
            test=self.tr("sent") if self.m.test_sent else self.tr("not sent")))
        self.first_help.setText(self.text(self.m.go_live_text(today, sent)))
        self.auto.setText(self.tr("Send &automatically from {day}").format(day=f"{first:%d.%m.%Y}"))
        if self.m.auto_send:
            when = self.m.first_automatic_send(self._now(), today)
            from ...core.schedule import OSLO

            self.next_send.setText(self.tr("The first automatic send: {when}.").format(
                when=f"{when.astimezone(OSLO):%d.%m.%Y %H:%M}"))
        else:
            self.next_send.setText(self.tr("Automatic sending is off: nothing is sent until you switch it on "
                                           "(here, or in the tray's menu)."))
        due = self.m.due_at_go_live(today, sent) if self.m.auto_send else []
        self.m.note_due(due)
        if due:
            from ...core.money import fmt, fmt_nb

            n = fmt_nb if self.lang() == "nb" else fmt
            items = "".join(f"<li>{name} {day:%d.%m.%Y}: {n(total)}</li>" for name, day, total in due)
            last = max(d for _n, d, _t in due)
            self.due_list.setText(self.tr("<p>These closed days from {first} are not in the ledger yet:</p><ul>{items}"
                                          "</ul>").format(first=f"{first:%d.%m.%Y}", items=items))
            self.send_due.setText(self.tr("&Send these {n} day(s) too").format(n=len(due)))
            self.skip_due.setText(self.tr("Start &after them ({day}): they are posted by hand").format(
                day=f"{last + dt.timedelta(days=1):%d.%m.%Y}"))
        self.due_box.setVisible(bool(due))
        self.complete_changed.emit()

    def _first_day_changed(self, qd):
        if self._loading:
            return
        self.m.first_day = qd.toPython()
        self.m.catch_up = None
        for r in (self.send_due, self.skip_due):
            r.setAutoExclusive(False)
            r.setChecked(False)
            r.setAutoExclusive(True)
        self._refresh()

    def _auto_changed(self, on):
        if self._loading:
            return
        self.m.set_auto_send(on)
        self._refresh()

    def _due_choice(self):
        self.m.catch_up = True if self.send_due.isChecked() else (False if self.skip_due.isChecked() else None)
        self.complete_changed.emit()

    def is_complete(self):
        return self.m is None or self.m.done_complete()

    def apply(self):
        return True  # saving happens in SetupWizard.accept(), also when Finish is pressed on an earlier step

    def show_saving(self, on: bool, error: str = "") -> None:
        self.bar.setVisible(on)
        self.error.setText(error)
