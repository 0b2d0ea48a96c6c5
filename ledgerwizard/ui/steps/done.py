"""Done: what was set up, starting at login, and starting now."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QVBoxLayout

from .base import ERROR_STYLE, Step, busy_bar, wrap


class DoneStep(Step):
    def __init__(self, host, model):
        super().__init__(host, model)
        lay = QVBoxLayout(self)
        self.summary = wrap(QLabel())
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        lay.addWidget(self.summary)
        self.autostart = QCheckBox()
        self.autostart.setChecked(self.m.autostart)
        self.autostart.toggled.connect(lambda on: setattr(self.m, "autostart", on))
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

    def retranslate(self):
        self.set_title(self.tr("Done"))
        self.set_subtitle(self.tr("ledgerwizard is set up."))
        self.autostart.setText(self.tr("Start ledgerwizard when I log in (recommended)"))
        self.start_now.setText(self.tr("Start &now"))
        self.load()

    def load(self):
        stores = "".join(f"<li>{s.name}</li>" for s in self.m.stores)
        system = {"poweroffice": "PowerOffice GO", "tripletex": "Tripletex", "xledger": "Xledger", "duett": "Duett"}
        auto = self.tr("on") if self.m.auto_send else self.tr("off – turn it on in the settings when you are ready")
        self.summary.setText(self.tr(
            "<p>Sales from <b>{n}</b> store(s) go to <b>{system}</b>:</p><ul>{stores}</ul><p>Automatic sending: "
            "{auto}. Test transfer: {test}.</p><p>ledgerwizard runs in the notification area next to the clock. "
            "On Windows 11 new icons are hidden under the arrow (^): drag the ledgerwizard icon onto the taskbar "
            "to keep it visible.</p>").format(
            n=len(self.m.stores), system=system.get(self.m.system, self.m.system), stores=stores, auto=auto,
            test=self.tr("sent") if self.m.test_sent else self.tr("not sent")))

    def apply(self):
        return True  # saving happens in SetupWizard.accept(), also when Finish is pressed on an earlier page

    def show_saving(self, on: bool, error: str = "") -> None:
        self.bar.setVisible(on)
        self.error.setText(error)
