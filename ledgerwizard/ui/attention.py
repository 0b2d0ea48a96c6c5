"""Days that wait for a person: a day that does not reconcile with its Z report is never posted until someone
has seen exactly what differs and decided to send it anyway (or a later export makes it reconcile).

The dialog lists the held days from the journal (their message and differences, both languages, as recorded
when they were held). "Send anyway…" asks once more, naming the day and the number of differences; the
decision travels with the fingerprint of the differences shown, so if the figures changed in the meantime
nothing is accepted and the day is held again with the new ones.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem,
                               QMessageBox, QPushButton, QVBoxLayout)

from ..core.transfer import Hold


@dataclass(frozen=True)
class HeldDay:
    store: str
    store_name: str
    business_day: dt.date
    hold: Hold


class AttentionDialog(QDialog):
    """The held days; ``send_anyway(store, day, fingerprint)`` when a person decides to send one."""

    send_anyway = Signal(str, object, str)

    def __init__(self, days: list[HeldDay], lang: str = "nb", parent=None, confirm=None):
        super().__init__(parent)
        self.lang = lang
        self.days = days
        self._confirm = confirm or self._ask  # tests answer the last question themselves
        self.setWindowTitle(self.tr("Days that need attention"))
        self.setMinimumWidth(560)
        lay = QVBoxLayout(self)
        self.intro = QLabel(self.tr("These days do not agree with their Z report and have not been sent. Usually the "
                                    "POS exports the day again with the right figures, and the day then goes out by "
                                    "itself. If the figures are right as they are, you can send the day anyway: the "
                                    "differences are recorded and stated on the voucher."))
        self.intro.setWordWrap(True)
        lay.addWidget(self.intro)
        self.list = QListWidget()
        for d in days:
            item = QListWidgetItem(f"{d.store_name}  {d.business_day:%d.%m.%Y}")
            self.list.addItem(item)
        self.list.currentRowChanged.connect(self._show)
        self.list.setMaximumHeight(22 * max(3, min(len(days), 6)))
        lay.addWidget(self.list)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.details)
        self.seen = QCheckBox(self.tr("I have seen the differences and the day is &right as it is"))
        self.seen.toggled.connect(lambda _on: self._update())
        lay.addWidget(self.seen)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        self.send_button = QPushButton(self.tr("Send &anyway…"))
        self.buttons.addButton(self.send_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.send_button.clicked.connect(self._send)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        if days:
            self.list.setCurrentRow(0)
        self._update()

    def _current(self) -> HeldDay | None:
        i = self.list.currentRow()
        return self.days[i] if 0 <= i < len(self.days) else None

    def _show(self, _row: int = -1) -> None:
        d = self._current()
        self.seen.setChecked(False)
        if d is None:
            self.details.setText(self.tr("Nothing waits for a decision."))
        else:
            from html import escape

            items = "".join(f"<li>{escape(x.get(self.lang))}</li>" for x in d.hold.details)
            self.details.setText(f"<p>{escape(d.hold.message.get(self.lang))}</p><ul>{items}</ul>")
        self._update()

    def _update(self) -> None:
        self.send_button.setEnabled(self._current() is not None and self.seen.isChecked())

    def _ask(self, d: HeldDay) -> bool:
        n = len(d.hold.details)
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Send anyway?"), self.tr(
            "Send {store} {day} to the accounts with {n} difference(s) against the Z report? The decision is recorded "
            "with today's date and stated on the voucher.").format(store=d.store_name, day=f"{d.business_day:%d.%m.%Y}",
                                                                  n=n),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("&Send anyway"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("&Do not send"))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    def _send(self) -> None:
        d = self._current()
        if d is None or not self.seen.isChecked() or not self._confirm(d):
            return
        self.send_anyway.emit(d.store, d.business_day, d.hold.fingerprint)
        i = self.list.currentRow()
        self.list.takeItem(i)
        self.days = self.days[:i] + self.days[i + 1:]
        self._show()
        if not self.days:
            self.accept()
