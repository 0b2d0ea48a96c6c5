"""When the day is sent: a time per weekday (Europe/Oslo), the business day's cut-off, automatic sending."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QCheckBox, QFormLayout, QGridLayout, QLabel, QTimeEdit, QVBoxLayout

from ...core.schedule import WEEKDAYS
from .base import Step, wrap


class ScheduleStep(Step):
    def __init__(self, host, model):
        super().__init__(host, model)
        lay = QVBoxLayout(self)
        self.intro = wrap(QLabel())
        lay.addWidget(self.intro)
        grid = QGridLayout()
        self.day_labels, self.edits = [], {}
        for i, d in enumerate(WEEKDAYS):
            lab = QLabel()
            ed = QTimeEdit(QTime.fromString(self.m.times[d], "HH:mm"))
            ed.setDisplayFormat("HH:mm")
            ed.setMaximumWidth(120)
            ed.timeChanged.connect(lambda t, d=d: self.set_time(d, t))
            lab.setBuddy(ed)
            grid.addWidget(lab, i // 4 * 2, i % 4)
            grid.addWidget(ed, i // 4 * 2 + 1, i % 4)
            self.day_labels.append(lab)
            self.edits[d] = ed
        lay.addLayout(grid)
        form = QFormLayout()
        self.cutoff = QTimeEdit(QTime.fromString(self.m.cutoff, "HH:mm"))
        self.cutoff.setDisplayFormat("HH:mm")
        self.cutoff.timeChanged.connect(self.set_cutoff)
        self.cutoff.setMaximumWidth(120)
        self.cutoff_label = QLabel()
        self.cutoff_label.setBuddy(self.cutoff)
        form.addRow(self.cutoff_label, self.cutoff)
        lay.addLayout(form)
        self.notify_ok = QCheckBox()
        self.notify_ok.setChecked(self.m.notify_success)
        self.notify_ok.toggled.connect(lambda on: (setattr(self.m, "notify_success", on), self.refresh()))
        lay.addWidget(self.notify_ok)
        self.warnings = wrap(QLabel())
        self.warnings.setStyleSheet("color: #8a5300")
        self.next_label = wrap(QLabel())
        lay.addWidget(self.warnings)
        lay.addWidget(self.next_label)
        lay.addStretch()

    def retranslate(self):
        self.set_title(self.tr("When to send"))
        self.set_subtitle(self.tr("The day is sent automatically at this time, once its Z report exists."))
        self.intro.setText(self.tr("Choose a time after the shop has closed and the Z report is taken. Times are "
                                   "Norwegian time (Europe/Oslo), also across summer time."))
        names = [self.tr("Monday"), self.tr("Tuesday"), self.tr("Wednesday"), self.tr("Thursday"), self.tr("Friday"),
                 self.tr("Saturday"), self.tr("Sunday")]
        for lab, n in zip(self.day_labels, names, strict=True):
            lab.setText(n + ":")
        self.cutoff_label.setText(self.tr("A business day &ends at:"))
        self.notify_ok.setText(self.tr("Also notify me when a day has been &sent (failures are always shown)"))
        self.refresh()

    def set_time(self, d, t):
        self.m.times[d] = t.toString("HH:mm")
        self.refresh()

    def set_cutoff(self, t):
        self.m.cutoff = t.toString("HH:mm")
        self.refresh()

    def refresh(self):
        self.warnings.setText("<br>".join(self.text(w) for w in self.m.schedule_warnings()))
        nxt = self.m.next_send(dt.datetime.now(dt.timezone.utc))
        self.next_label.setText(self.tr("Next send: {when}").format(when=f"{nxt:%d.%m.%Y %H:%M}"))
        self.complete_changed.emit()  # (the settings dialog follows what changed)
