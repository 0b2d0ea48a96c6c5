"""Done: what was set up; going live (``golive.GoLiveStep``: the first day to send, automatic sending from then, and
what happens to the days already due); starting at login, and starting now."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from .base import ERROR_STYLE, Step, busy_bar, wrap
from .golive import GoLiveStep


class DoneStep(Step):
    def __init__(self, host, model, clock=None):
        super().__init__(host, model)
        lay = QVBoxLayout(self)
        self.summary = wrap(QLabel())
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        lay.addWidget(self.summary)
        self.golive = GoLiveStep(host, model, clock)
        self.golive.complete_changed.connect(self.complete_changed.emit)
        lay.addWidget(self.golive)
        self.autostart = QCheckBox()
        self.autostart.setChecked(self.m.autostart)
        self.autostart.toggled.connect(lambda on: setattr(self.m, "autostart", on))
        self.autostart.setVisible(self.m.can_autostart)
        self.start_now = QCheckBox()
        self.start_now.setChecked(True)
        lay.addWidget(self.autostart)
        lay.addWidget(self.start_now)
        row = QHBoxLayout()
        self.status_button = QPushButton()  # every store's days: what was sent, what is due, what needs a decision
        self.status_button.clicked.connect(lambda: self.host.open_status())
        self.status_button.setVisible(hasattr(self.host, "open_status"))
        row.addWidget(self.status_button)
        row.addStretch()
        lay.addLayout(row)
        self.bar = busy_bar()
        self.error = wrap(QLabel())
        self.error.setStyleSheet(ERROR_STYLE)
        lay.addWidget(self.bar)
        lay.addWidget(self.error)
        lay.addStretch()

    def retranslate(self):
        self.set_title(self.tr("Done"))
        self.set_subtitle(self.tr("ledgerwizard is set up. Choose the first day to send, then finish."))
        self.autostart.setText(self.tr("Start ledgerwizard when I &log in (recommended)"))
        self.start_now.setText(self.tr("Start &now"))
        self.status_button.setText(self.tr("Show the &status of every day…"))
        self.golive.retranslate()
        self.load()

    def load(self):
        if self.m is None:
            return
        self.golive.load()
        stores = "".join(f"<li>{s.name}</li>" for s in self.m.stores)
        from ...connectors import registry as systems

        self.summary.setText(self.tr(
            "<p>Sales from <b>{n}</b> store(s) go to <b>{system}</b>:</p><ul>{stores}</ul><p>Test transfer: {test}."
            "</p><p>ledgerwizard runs in the notification area next to the clock. On Windows 11 new icons are "
            "hidden under the arrow (^): drag the ledgerwizard icon onto the taskbar to keep it visible.</p>").format(
            n=len(self.m.stores), system=systems.name(self.m.system), stores=stores,
            test=self.tr("sent") if self.m.test_sent else self.tr("not sent")))

    def is_complete(self):
        return self.golive.is_complete()

    def apply(self):
        return True  # saving happens in SetupWizard.accept(), also when Finish is pressed on an earlier step

    def show_saving(self, on: bool, error: str = "") -> None:
        self.bar.setVisible(on)
        self.error.setText(error)
