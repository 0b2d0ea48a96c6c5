"""Send chosen days: some stores and a range of business days, from the tray's menu (loaded when first opened)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QLabel, QListWidget,
                               QListWidgetItem, QVBoxLayout)

from ..core.schedule import SendRequest


class SendDialog(QDialog):
    """Send now for chosen stores and a range of days. The rules are ``core.schedule.SendRequest``'s."""

    def __init__(self, stores: list[tuple[str, str]], today: dt.date, lang: str = "nb", parent=None):
        super().__init__(parent)
        self.today, self.lang = today, lang
        self.setWindowTitle(self.tr("Send days"))
        self.setMinimumWidth(460)
        lay = QVBoxLayout(self)
        self.intro = QLabel(self.tr("Choose the stores and the business days to send. Days already sent are not "
                                    "sent again; you see their voucher numbers."))
        self.intro.setWordWrap(True)
        lay.addWidget(self.intro)
        self.stores = QListWidget()
        for sid, name in stores:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, sid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.stores.addItem(item)
        self.stores.setMaximumHeight(22 * max(3, min(len(stores), 8)))
        self.stores.itemChanged.connect(lambda _i: self.validate())
        lay.addWidget(self.stores)
        form = QFormLayout()
        yesterday = today - dt.timedelta(days=1)
        self.first = QDateEdit(QDate(yesterday.year, yesterday.month, yesterday.day))
        self.last = QDateEdit(QDate(yesterday.year, yesterday.month, yesterday.day))
        for w in (self.first, self.last):
            w.setCalendarPopup(True)
            w.setDisplayFormat("dd.MM.yyyy")
            w.dateChanged.connect(lambda _d: self.validate())
        form.addRow(self.tr("&From:"), self.first)
        form.addRow(self.tr("&To:"), self.last)
        lay.addLayout(form)
        self.problems = QLabel()
        self.problems.setStyleSheet("color: #b00020")
        self.problems.setWordWrap(True)
        lay.addWidget(self.problems)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Send"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.validate()

    def request(self) -> SendRequest:
        chosen = [self.stores.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.stores.count())
                  if self.stores.item(i).checkState() == Qt.CheckState.Checked]
        return SendRequest(chosen, self.first.date().toPython(), self.last.date().toPython())

    def validate(self) -> bool:
        problems = self.request().problems(self.today)
        self.problems.setText("\n".join(p.get(self.lang) for p in problems))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problems)
        return not problems
