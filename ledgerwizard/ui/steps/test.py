"""The test transfer: the voucher exactly as it will be posted, then one day sent through the one sending path
(held unless it reconciles or the user ticks that they have seen the differences)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout)

from ...core.errors import LedgerWizardError
from .base import ERROR_STYLE, OK_STYLE, Step, busy_bar, wrap


class TestStep(Step):
    def __init__(self, host, model):
        super().__init__(host, model)
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        self.store_box = QComboBox()
        self.store_box.currentIndexChanged.connect(lambda _i: self.fill_days())
        self.day_box = QComboBox()
        self.day_box.currentIndexChanged.connect(lambda _i: self.preview())
        self.day_label = QLabel()
        self.day_label.setBuddy(self.day_box)
        top.addWidget(self.store_box, 1)
        top.addWidget(self.day_label)
        top.addWidget(self.day_box)
        lay.addLayout(top)
        self.table = QTableWidget(0, 7)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        lay.addWidget(self.table, 1)
        self.info = wrap(QLabel())
        lay.addWidget(self.info)
        # a day that does not reconcile is sent only after the user has seen the differences and said so
        self.accept_box = QCheckBox()
        self.accept_box.toggled.connect(lambda _on: self._update_send())
        self.accept_box.hide()
        lay.addWidget(self.accept_box)
        self.hold = None
        self._sendable = False
        row = QHBoxLayout()
        self.send_btn = QPushButton()
        self.send_btn.clicked.connect(self.send)
        self.bar = busy_bar()
        row.addWidget(self.send_btn)
        row.addWidget(self.bar, 1)
        lay.addLayout(row)
        self.result = wrap(QLabel())
        lay.addWidget(self.result)
        self.voucher = None
        self.summary = None

    def retranslate(self):
        self.set_title(self.tr("Test transfer"))
        self.set_subtitle(self.tr("This is the voucher exactly as it will be posted. Check it, then send it."))
        self.day_label.setText(self.tr("&Day:"))
        self.send_btn.setText(self.tr("&Send this day now"))
        self.accept_box.setText(self.tr("I have seen the &differences and want to send the day anyway (recorded and "
                                        "stated on the voucher)"))
        self.table.setHorizontalHeaderLabels([self.tr("Account"), self.tr("Account name"), self.tr("Text"),
                                              self.tr("VAT code"), self.tr("Department"), self.tr("Debit"),
                                              self.tr("Credit")])
        self.preview()

    def load(self):
        self.store_box.blockSignals(True)
        self.store_box.clear()
        for s in self.m.stores:
            self.store_box.addItem(s.name, s.id)
        self.store_box.blockSignals(False)
        self.fill_days()

    def fill_days(self):
        sid = self.store_box.currentData()
        self.day_box.blockSignals(True)
        self.day_box.clear()
        self.days = sorted(self.m.test_days(sid) if sid else [], key=lambda d: d.business_day, reverse=True)
        for d in self.days:
            self.day_box.addItem(f"{d.business_day:%d.%m.%Y}", d.business_day)
        self.day_box.blockSignals(False)
        self.preview()

    def preview(self):
        sid = self.store_box.currentData()
        i = self.day_box.currentIndex()
        if sid is None or i < 0 or i >= len(self.days):
            return
        self.summary = self.days[i]
        from ...core.money import fmt, fmt_nb

        n = fmt_nb if self.lang() == "nb" else fmt
        try:
            v = self.voucher = self.m.preview(sid, self.summary)
        except LedgerWizardError as e:
            self.voucher = None
            self.table.setRowCount(0)
            self.info.setStyleSheet(ERROR_STYLE)
            self.info.setText(e.render(self.lang()).replace("\n", "<br>"))
            self.accept_box.hide()
            self._sendable = False
            self._update_send()
            return
        chart = self.m.chart_for(sid)
        names = {a.number: a.name for a in (chart.accounts if chart else [])}
        self.table.setRowCount(len(v.lines) + 1)
        for r, ln in enumerate(v.lines):
            for c, val in enumerate([ln.account, names.get(ln.account, ""), ln.text, ln.vat_code, ln.department,
                                     n(ln.debit) if ln.debit else "", n(ln.credit) if ln.credit else ""]):
                it = QTableWidgetItem(val)
                if c >= 5:
                    it.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, it)
        last = len(v.lines)
        for c, val in ((2, self.tr("Total")), (5, n(v.total_debit)), (6, n(v.total_credit))):
            it = QTableWidgetItem(val)
            f = it.font()
            f.setBold(True)
            it.setFont(f)
            if c >= 5:
                it.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(last, c, it)
        from ...core.holds import hold_for

        rec = self.summary.reconciliation
        self.hold = hold_for(self.summary, next((x.name for x in self.m.stores if x.id == sid), None))
        lines = [self.tr("Reconciled with the Z report: OK ({n} checks).").format(n=rec.n_checks) if self.hold is None
                 else self.tr("This day does not agree with the Z report and is not sent unless you decide so:")]
        lines += [f"• {self.text(d)}" for d in (self.hold.details if self.hold else [])]
        lines += [f"• {self.text(note)}" for note in v.notes]
        self.info.setStyleSheet("" if self.hold is None else ERROR_STYLE)
        self.info.setText("<br>".join(lines))
        row = self.host.journal_row(sid, self.summary.business_day)
        self._sendable = row is None or row.state != "sent"
        self.accept_box.setChecked(False)
        self.accept_box.setVisible(self.hold is not None and self._sendable)
        self._update_send()
        if row is not None and row.state == "sent" and not row.voucher_id:
            self.result.setText(self.tr("Already done: no sales to post, so no voucher."))
        elif row is not None and row.state == "sent":
            self.result.setText(self.tr("Already sent: voucher {number}.").format(number=row.voucher_number or row.voucher_id))

    def _update_send(self):
        self.send_btn.setEnabled(self._sendable and self.voucher is not None
                                 and (self.hold is None or self.accept_box.isChecked()))

    def send(self):
        if self.voucher is None or (self.hold is not None and not self.accept_box.isChecked()):
            return
        sid = self.store_box.currentData()
        hold = self.hold
        s = next(x for x in self.m.stores if x.id == sid)
        company, key = self.m.connection_for(sid)  # a store with a key of its own: that key (issue 14)
        summary = self.summary
        self.send_btn.setEnabled(False)
        self.bar.show()
        self.result.setStyleSheet("")
        self.result.setText(self.tr("Sending…"))

        def work(task):
            from ...services.sending import Sending

            with self.host.connector(company, key) as con:
                return Sending(self.host.workspace).test_transfer(
                    sid, s.name, summary, lambda: self.m.preview(sid, summary), con, accept=hold,
                    attach=company.options.get("attach_report", True))

        def done(outcome):
            self.bar.hide()
            ok = outcome.ok
            if ok:
                self.m.test_sent_for(summary.business_day)
            self.result.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)
            if ok and outcome.posted is None:  # a day with nothing to book: done without a voucher
                self.result.setText(self.text(outcome.message))
            elif ok:
                self.result.setText(self.tr("Sent. The ledger's voucher number is {number}.").format(
                    number=outcome.posted.voucher_number or outcome.posted.voucher_id))
            else:
                err = outcome.error
                self.result.setText((err.render(self.lang()) if err else self.text(outcome.message)).replace("\n", "<br>"))
                self._update_send()

        def failed(e):
            self.bar.hide()
            self.send_btn.setEnabled(True)
            self.result.setStyleSheet(ERROR_STYLE)
            self.result.setText(self.error_text(e))

        self.host.runner.start(work, done, failed)
