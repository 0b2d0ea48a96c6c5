"""Invoicing and customers (issue 15): per ledger company, whether credit sales go to the ledger as open orders the
office invoices (from which day), and the POS customers in the exports linked to the ledger's customers (its live
list, read on a worker), with suggestions by organisation number and name, a status per customer, and "create in
the ledger" asked, never done silently. The rules are ``setup.customers``'; this only shows them."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDateEdit, QGroupBox, QHBoxLayout,
                               QHeaderView, QLabel, QMessageBox, QPushButton, QTableWidget, QTableWidgetItem,
                               QVBoxLayout)

from ...adapters.secrets import Secret
from ...core.display import org_number
from ...core.money import fmt, fmt_nb
from .base import ERROR_STYLE, OK_STYLE, Step, busy_bar, wrap

UNLINKED, CREATE = "", "__create__"
COLORS = {"linked": "#1b5e20", "linked_unverified": "#1b5e20", "suggested": "#8a5300", "unlinked": "#b00020",
          "inactive": "#b00020", "missing": "#b00020"}


class CompanyBox(QGroupBox):
    """One ledger company: the switch, the first day, the customers table."""

    def __init__(self, step: CustomersStep, company):
        super().__init__()
        self.step, self.company = step, company
        lay = QVBoxLayout(self)
        self.unavailable = wrap(QLabel())
        lay.addWidget(self.unavailable)
        self.enable = QCheckBox()
        self.enable.toggled.connect(self.switched)
        lay.addWidget(self.enable)
        self.explain = wrap(QLabel())
        lay.addWidget(self.explain)
        row = QHBoxLayout()
        self.start_label = QLabel()
        self.start = QDateEdit()
        self.start.setCalendarPopup(True)
        self.start.setDisplayFormat("dd.MM.yyyy")
        self.start.dateChanged.connect(self.start_changed)
        self.start_label.setBuddy(self.start)
        row.addWidget(self.start_label)
        row.addWidget(self.start)
        row.addStretch()
        lay.addLayout(row)
        self.bar = busy_bar()
        lay.addWidget(self.bar)
        self.table = QTableWidget(0, 3)
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        head.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        lay.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.accept_btn = QPushButton()
        self.accept_btn.clicked.connect(self.accept_suggestions)
        self.reload_btn = QPushButton()
        self.reload_btn.clicked.connect(lambda: self.read_customers(force=True))
        buttons.addWidget(self.accept_btn)
        buttons.addWidget(self.reload_btn)
        buttons.addStretch()
        lay.addLayout(buttons)
        self.result = wrap(QLabel())
        lay.addWidget(self.result)
        self.rows = []
        self.loading = False
        self.creating = False
        self.question: QMessageBox | None = None

    # -- the model's view of this company ------------------------------------------------------------------------
    @property
    def m(self):
        return self.step.m

    @property
    def system(self) -> str:
        return self.m.system

    def draft(self):
        return self.m.invoicing.company(self.company.id, self.system)

    @property
    def system_name(self) -> str:
        from ...connectors import registry

        return registry.name(self.system)

    # -- showing ---------------------------------------------------------------------------------------------------
    def retranslate(self):
        c = self.company
        name = self.system_name
        self.setTitle(self.tr("Company {name} ({org})").format(name=c.name, org=org_number(c.org_nr)))
        self.unavailable.setText(self.step.text(self.m.invoicing.unavailable(self.system)))
        self.enable.setText(self.tr("Send credit &sales to {system} as open orders for invoicing").format(
            system=name))
        self.explain.setText(self.tr(
            "Each credit sale becomes an open order for its customer in {system}, with the receipt's lines, for the "
            "office to invoice. The daily voucher then leaves the credit sales out by itself, so nothing is booked "
            "twice. Each order line uses a product per revenue account (product number LW and the account, e.g. "
            "LW3000), which ledgerwizard makes in {system} when the first order needs it.").format(system=name))
        self.start_label.setText(self.tr("Credit sales &from and including:"))
        self.table.setHorizontalHeaderLabels([self.tr("Customer in the register"),
                                              self.tr("Customer in {system}").format(system=name),
                                              self.tr("Status")])
        self.accept_btn.setText(self.tr("&Confirm the suggestions"))
        self.reload_btn.setText(self.tr("&Read the customer list again"))
        self.fill()

    def load(self):
        supported = self.m.invoicing.supported(self.system)
        d = self.draft()
        self.unavailable.setVisible(not supported)
        self.unavailable.setStyleSheet("" if supported else "font-weight: bold")
        for w in (self.enable, self.explain, self.start_label, self.start, self.table, self.accept_btn,
                  self.reload_btn, self.result):
            w.setVisible(supported)
        self.enable.blockSignals(True)
        self.enable.setChecked(d.enabled)
        self.enable.blockSignals(False)
        if d.start is not None:
            self.start.blockSignals(True)
            self.start.setDate(QDate(d.start.year, d.start.month, d.start.day))
            self.start.blockSignals(False)
        self.retranslate()
        if supported and d.enabled and d.ledger is None:
            self.read_customers()

    def on(self) -> bool:
        return self.m.invoicing.supported(self.system) and self.draft().enabled

    def fill(self):
        on = self.on()
        for w in (self.start_label, self.start, self.table, self.accept_btn, self.reload_btn):
            w.setEnabled(on and not self.loading and not self.creating)
        self.explain.setEnabled(on)
        if not self.m.invoicing.supported(self.system):
            return
        d = self.draft()
        self.rows = self.m.invoicing.rows(self.m, self.company.id)
        ledger = [c for c in (d.ledger or []) if c.active]
        links = [(r.link.ledger_id, r.link.number, r.link.name) if r.link else None for r in self.rows]
        shape = ([r.pos.id for r in self.rows], [(c.id, c.label()) for c in ledger], links, self.step.lang())
        if shape != getattr(self, "_shape", None):  # the rows or the choices changed: the table anew
            self._shape = shape
            self.table.setRowCount(0)  # (deletes the old rows' widgets)
            self.table.setRowCount(len(self.rows))
            for i, row in enumerate(self.rows):
                self._row(i, row, ledger)
        for i, row in enumerate(self.rows):
            combo = self.table.cellWidget(i, 1)
            combo.setEnabled(on and d.ledger is not None and not self.creating)
            status = self.table.item(i, 2)
            status.setText(self.step.text(row.text))
            status.setForeground(QColor(COLORS.get(row.status, "#000000")))
        self.table.resizeRowsToContents()
        self.accept_btn.setEnabled(on and any(r.status == "suggested" for r in self.rows) and not self.creating)
        if not on:
            self.result.setText("")
        elif d.error is not None:
            self.result.setStyleSheet(ERROR_STYLE)
            self.result.setText(self.step.text(d.error))
        elif d.ledger is not None:
            ok = all(r.ok for r in self.rows)
            self.result.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)
            self.result.setText(self.step.text(self.m.invoicing.summary(self.m, self.company.id)) if self.rows else
                                self.tr("No customer is named on a credit sale in the exports yet."))
        self.step.complete_changed.emit()

    def _row(self, i: int, row, ledger) -> None:
        pos = row.pos
        words = self.tr("{n} sales, {amount}").format(
            n=pos.sales, amount=(f"{fmt_nb(pos.total)} kr" if self.step.lang() == "nb" else f"NOK {fmt(pos.total)}"))
        org = (f", org.nr. {org_number(pos.org_nr)}" if self.step.lang() == "nb" else f", org. no. {org_number(pos.org_nr)}") \
            if pos.org_nr else ""
        item = QTableWidgetItem(f"{pos.label()}{org}\n{words}")
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.table.setItem(i, 0, item)
        combo = QComboBox(self.table)
        combo.addItem(self.tr("— not linked —"), UNLINKED)
        for c in ledger:
            combo.addItem(c.label(), c.id)
        if row.link is not None and all(c.id != row.link.ledger_id for c in ledger):  # inactive or gone
            combo.addItem(f"{row.link.number} {row.link.name}".strip() or row.link.ledger_id, row.link.ledger_id)
        combo.addItem(self.tr("Create in {system}…").format(system=self.system_name), CREATE)
        combo.setCurrentIndex(max(0, combo.findData(row.link.ledger_id)) if row.link else 0)
        combo.activated.connect(lambda _i, pos_id=pos.id, cb=combo: self.picked(pos_id, cb))
        self.table.setCellWidget(i, 1, combo)
        status = QTableWidgetItem()
        status.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.table.setItem(i, 2, status)

    # -- the person's choices ----------------------------------------------------------------------------------------
    def switched(self, on: bool):
        self.m.invoicing.set_enabled(self.company.id, self.system, on, self.step.default_start(self.company.id))
        d = self.draft()
        if d.start is not None:
            self.start.blockSignals(True)
            self.start.setDate(QDate(d.start.year, d.start.month, d.start.day))
            self.start.blockSignals(False)
        if on and d.ledger is None:
            self.read_customers()
        self.fill()

    def start_changed(self, qd: QDate):
        self.m.invoicing.set_start(self.company.id, self.system, dt.date(qd.year(), qd.month(), qd.day()))

    def picked(self, pos_id: str, combo: QComboBox):
        row = next(r for r in self.rows if r.pos.id == pos_id)
        value = combo.currentData()
        if value == CREATE:
            combo.setCurrentIndex(max(0, combo.findData(row.link.ledger_id)) if row.link else 0)
            self.ask_create(row)
            return
        if value == UNLINKED:
            self.m.invoicing.unlink(self.company.id, self.system, row.pos.id)
        else:
            customer = next((c for c in self.draft().ledger or [] if c.id == value), None)
            if customer is not None:
                self.m.invoicing.link(self.company.id, self.system, row.pos.id, customer)
        self.fill()

    def accept_suggestions(self):
        self.m.invoicing.accept_suggestions(self.m, self.company.id)
        self.fill()

    def ask_create(self, row):
        """Asked, never silent: what will be made, where, and that its sales are invoiced to it."""
        box = QMessageBox(QMessageBox.Icon.Question, "ledgerwizard",
                          self.step.text(self.m.invoicing.create_question(row.pos, self.system)), parent=self)
        yes = box.addButton(self.tr("&Create the customer"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Ca&ncel"), QMessageBox.ButtonRole.RejectRole)
        box.buttonClicked.connect(lambda b: self.create(row) if b is yes else None)
        self.question = box
        box.open()

    # -- the ledger, on workers ------------------------------------------------------------------------------------------
    def _connect(self):
        c = self.company
        return self.step.host.connector(self.m.company_settings(c), Secret(c.key))

    def read_customers(self, force: bool = False):
        if self.loading or not self.on():
            return
        self.loading = True
        self.bar.show()
        self.result.setStyleSheet("")
        self.result.setText(self.tr("Reading the customers in {system}…").format(system=self.system_name))
        self.fill()
        connect = self._connect

        def work(task):
            with connect() as con:
                return con.customers(refresh=force)

        def done(customers):
            self.loading = False
            self.bar.hide()
            self.m.invoicing.set_ledger(self.company.id, self.system, customers)
            self.fill()

        def failed(e):
            self.loading = False
            self.bar.hide()
            text = self.step.error_message(e)
            self.m.invoicing.set_ledger(self.company.id, self.system, None, text)
            self.fill()

        self.step.host.runner.start(work, done, failed)

    def create(self, row):
        self.creating = True
        self.bar.show()
        self.result.setStyleSheet("")
        self.result.setText(self.tr("Creating {name} in {system}…").format(name=row.pos.label(),
                                                                             system=self.system_name))
        self.fill()
        connect = self._connect
        from ...core.saft.model import Customer

        master = row.pos.master or Customer(row.pos.id, row.pos.name or row.pos.id, org_nr=row.pos.org_nr)

        def work(task):
            with connect() as con:
                return con.create_customer(master)

        def done(customer):
            self.creating = False
            self.bar.hide()
            self.m.invoicing.created(self.company.id, self.system, row.pos.id, customer)
            self.fill()

        def failed(e):
            self.creating = False
            self.bar.hide()
            self.fill()
            self.result.setStyleSheet(ERROR_STYLE)
            self.result.setText(self.step.error_text(e))

        self.step.host.runner.start(work, done, failed)

    def busy(self) -> bool:
        return self.loading or self.creating


class CustomersStep(Step):
    def __init__(self, host, model):
        super().__init__(host, model)
        self.lay = QVBoxLayout(self)
        self.intro = wrap(QLabel())
        self.lay.addWidget(self.intro)
        self.boxes: dict[str, CompanyBox] = {}

    def retranslate(self):
        self.set_title(self.tr("Invoicing and customers"))
        self.set_subtitle(self.tr("Credit sales as open orders the office invoices, each to its customer in the "
                                 "accounts."))
        self.intro.setText(self.tr("The register sold on account to the customers below. With invoicing on, each "
                                   "such sale is sent once as an open order, and held with the reason in the status "
                                   "while its customer is not linked. Nothing is made in the accounts without your "
                                   "say."))
        for b in self.boxes.values():
            b.retranslate()

    def load(self):
        for b in self.boxes.values():
            b.setParent(None)
        self.boxes.clear()
        for i, c in enumerate(self.m.companies):
            box = CompanyBox(self, c)
            self.lay.insertWidget(1 + i, box, 1)
            self.boxes[c.id] = box
        self.retranslate()
        for b in self.boxes.values():
            b.load()
        self.complete_changed.emit()

    def default_start(self, company_id: str) -> dt.date:
        from ...core.schedule import OSLO

        today = dt.datetime.now(OSLO).date()
        stores = {s.id for s in self.m.stores if s.company_id == company_id}
        try:
            sent = {r.business_day for r in self.host.workspace.journal.in_state("sent") if r.store in stores}
        except Exception:  # noqa: BLE001 - no journal yet, or it cannot be read: nothing known to be sent
            sent = set()
        return self.m.invoicing.default_start(today, self.m.first_day, sent)

    def is_complete(self):
        return not any(b.busy() for b in self.boxes.values())


__all__ = ["CustomersStep", "CompanyBox"]
