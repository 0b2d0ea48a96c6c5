"""Going live: the first day to send (with what happens to earlier days), automatic sending from then (with the
first send time), and the days already due (send them too, or start after them). Part of the wizard's last step,
and the settings dialog's sending section."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QDateEdit, QFormLayout, QGroupBox, QLabel, QRadioButton,
                               QVBoxLayout)

from .base import Step, wrap


def _today() -> dt.date:
    from ...core.schedule import OSLO

    return dt.datetime.now(dt.timezone.utc).astimezone(OSLO).date()


class GoLiveStep(Step):
    def __init__(self, host, model, clock=None):
        super().__init__(host, model)
        self._now = clock or (lambda: dt.datetime.now(dt.timezone.utc))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
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
        self._loading = False

    def retranslate(self):
        self.set_title(self.tr("Going live"))
        self.live.setTitle(self.tr("Going live"))
        self.first_label.setText(self.tr("First &day to send:"))
        self.due_box.setTitle(self.tr("Days already due"))
        self.load()

    # -- what the journal says is in the ledger already ------------------------------------------------------------
    def _sent(self) -> set[tuple[str, dt.date]]:
        try:
            rows = self.host.workspace.journal.in_state("sent")  # found by SQLite, not by reading every row
        except Exception:  # noqa: BLE001 - no journal yet, or it cannot be read: nothing known to be sent
            return set()
        return {(r.store, r.business_day) for r in rows}

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
        self.refresh(today, sent)

    def refresh(self, today: dt.date | None = None, sent=None):
        today = today or _today()
        sent = self._sent() if sent is None else sent
        first = self.m.go_live(today, sent)
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
        self.refresh()

    def _auto_changed(self, on):
        if self._loading:
            return
        self.m.set_auto_send(on)
        self.refresh()

    def _due_choice(self):
        self.m.catch_up = True if self.send_due.isChecked() else (False if self.skip_due.isChecked() else None)
        self.complete_changed.emit()

    def is_complete(self):
        return self.m is None or self.m.done_complete()
