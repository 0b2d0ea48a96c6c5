"""The accounts: every line the voucher can use, mapped to the live chart of accounts (per ledger company), with
suggestions and a status per line."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QCompleter, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout)

from ...adapters.secrets import Secret
from ...core.errors import LedgerWizardError
from .base import ERROR_STYLE, OK_STYLE, Step, busy_bar, wrap


class AccountCombo(QComboBox):
    picked = Signal(str)

    def __init__(self, choices: list[str], value: str):
        super().__init__()
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.addItem("")
        self.addItems(choices)
        comp = QCompleter(choices, self)
        comp.setFilterMode(Qt.MatchFlag.MatchContains)
        comp.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(comp)
        match = next((c for c in choices if c.split(" ", 1)[0] == value), value)
        self.setCurrentText(match)
        self.currentTextChanged.connect(self.picked.emit)


class AccountsStep(Step):
    COLS = 3

    def __init__(self, host, model):
        super().__init__(host, model)
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        self.store_label = QLabel()
        self.store_box = QComboBox()
        self.store_label.setBuddy(self.store_box)
        self.store_box.currentIndexChanged.connect(lambda _i: self.fill())
        self.copy_box = QComboBox()
        self.copy_btn = QPushButton()
        self.copy_btn.clicked.connect(self.copy_from)
        top.addWidget(self.store_label)
        top.addWidget(self.store_box, 1)
        top.addWidget(self.copy_box)
        top.addWidget(self.copy_btn)
        lay.addLayout(top)
        self.bar = busy_bar()
        lay.addWidget(self.bar)
        self.table = QTableWidget(0, self.COLS)
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        lay.addWidget(self.table, 1)
        opts = QHBoxLayout()
        self.credit = QCheckBox()
        self.credit.toggled.connect(self.set_credit)
        self.gift = QCheckBox()
        self.gift.toggled.connect(self.set_gift)
        opts.addWidget(self.credit)
        opts.addWidget(self.gift)
        opts.addStretch()
        lay.addLayout(opts)
        self.status = wrap(QLabel())
        lay.addWidget(self.status)
        self.loading = False
        self.row_objs = []

    def retranslate(self):
        self.set_title(self.tr("Accounts"))
        self.set_subtitle(self.tr("Suggested from your chart of accounts. Change what your accountant wants "
                                 "differently; nothing may be blank."))
        self.store_label.setText(self.tr("&Store:"))
        self.copy_btn.setText(self.tr("&Copy accounts"))
        self.table.setHorizontalHeaderLabels([self.tr("In the cash register"), self.tr("Account in the ledger"),
                                              self.tr("Status")])
        self.credit.setText(self.tr("Post c&redit sales to receivables (off: they are invoiced in the ledger)"))
        self.gift.setText(self.tr("Transfer &gift cards"))
        self.fill()

    def set_credit(self, on):
        sid = self.store_id()
        if sid in self.m.mappings:
            self.m.set_credit_sales(sid, on)
            self.fill()

    def set_gift(self, on):
        sid = self.store_id()
        if sid in self.m.mappings:
            self.m.set_gift_cards(sid, on)
            self.fill()

    def load(self):
        self.store_box.blockSignals(True)
        self.store_box.clear()
        self.copy_box.clear()
        for s in self.m.stores:
            self.store_box.addItem(s.name, s.id)
            self.copy_box.addItem(self.tr("from {store}").format(store=s.name), s.id)
        self.store_box.blockSignals(False)
        multi = len(self.m.stores) > 1
        self.copy_box.setVisible(multi)
        self.copy_btn.setVisible(multi)
        self.loading = True
        self.bar.show()
        self.status.setText(self.tr("Reading the chart of accounts…"))
        self.complete_changed.emit()
        # every ledger company's own chart (stores of two companies map to two charts)
        companies = [(c.id, self.m.company_settings(c), Secret(c.key)) for c in self.m.companies]

        def work(task):
            charts = {}
            for cid, company, key in companies:
                with self.host.connector(company, key) as con:
                    charts[cid] = con.chart()
            return charts

        self.host.runner.start(work, self.loaded, self.failed)

    def loaded(self, charts):
        self.loading = False
        self.bar.hide()
        for cid, chart in charts.items():
            self.m.set_chart(cid, chart)
        self.m.prepare_mappings()
        self.fill()

    def failed(self, e):
        self.loading = False
        self.bar.hide()
        self.status.setStyleSheet(ERROR_STYLE)
        self.status.setText(e.render(self.lang()) if isinstance(e, LedgerWizardError) else str(e))
        self.complete_changed.emit()

    def store_id(self):
        return self.store_box.currentData() or (self.m.stores[0].id if self.m.stores else None)

    def fill(self):
        sid = self.store_id()
        chart = self.m.chart_for(sid) if sid is not None else None
        if self.loading or sid is None or sid not in self.m.mappings or chart is None:
            return
        m = self.m.mappings[sid]
        for box, value in ((self.credit, m.credit_sales == "receivables"), (self.gift, m.gift_cards)):
            box.blockSignals(True)
            box.setChecked(value)
            box.blockSignals(False)
        accounts = [f"{a.number} {a.name}" for a in chart.accounts if a.active]
        vat_codes = [f"{v.code} {v.name}" for v in chart.vat_codes if v.active]
        self.row_objs = self.m.rows(sid)
        self.table.setRowCount(len(self.row_objs))
        for i, row in enumerate(self.row_objs):
            item = QTableWidgetItem(row.label)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.table.setItem(i, 0, item)
            combo = AccountCombo(vat_codes if row.kind == "vat_code" else accounts, row.value)
            combo.picked.connect(lambda text, r=row, i=i: self.changed(i, r, text))
            self.table.setCellWidget(i, 1, combo)
            self.table.setItem(i, 2, QTableWidgetItem())
            self.show_status(i, row)
        self.update_summary()

    def changed(self, i, row, text):
        self.m.set_row(self.store_id(), row, text)
        self.show_status(i, row)
        self.update_summary()

    def show_status(self, i, row):
        problem = self.m.row_problem(row)
        item = self.table.item(i, 2)
        if problem is None:
            item.setText(self.tr("OK") if row.value != row.suggested or not row.suggested else self.tr("Suggested"))
            item.setForeground(QColor("#1b5e20"))
            color = QColor(0, 0, 0, 0)
        else:
            item.setText(self.text(problem))
            item.setForeground(QColor("#b00020"))
            color = QColor("#fdecea")
        self.table.item(i, 0).setBackground(color)

    def update_summary(self):
        bad = sum(1 for s in self.m.stores for r in self.m.rows(s.id) if self.m.row_problem(r) is not None)
        self.status.setStyleSheet(ERROR_STYLE if bad else OK_STYLE)
        if bad == 1:
            self.status.setText(self.tr("One line needs an account."))
        elif bad:
            self.status.setText(self.tr("{n} lines need an account.").format(n=bad))
        else:
            self.status.setText(self.tr("Every line has an account."))
        self.complete_changed.emit()

    def copy_from(self):
        src = self.copy_box.currentData()
        if src and src != self.store_id():
            self.m.copy_mapping(src, self.store_id())
            self.fill()

    def is_complete(self):
        return not self.loading and self.m.charts_loaded() and self.m.accounts_complete()
