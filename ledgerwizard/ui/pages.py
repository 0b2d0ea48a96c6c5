"""The setup wizard's pages 2–8 (sales source, accounting system, keys, accounts, schedule, test transfer, done).

Built right after the wizard's first page is painted (``SetupWizard.ensure_pages``): their Qt classes and the
Python enums PySide creates for them on first use cost more than the rest of the window's start-up.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTime, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QButtonGroup, QCheckBox, QComboBox, QCompleter, QFileDialog,
                               QFormLayout, QGridLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QProgressBar, QPushButton, QRadioButton, QTableWidget, QTableWidgetItem,
                               QTimeEdit, QVBoxLayout)

from ..adapters.secrets import Secret
from ..core.errors import LedgerWizardError
from ..core.schedule import WEEKDAYS
from ..connectors import registry as systems
from .wizard import Page

ERROR_STYLE = "color: #b00020"
OK_STYLE = "color: #1b5e20"


def _busy_bar() -> QProgressBar:
    bar = QProgressBar()
    bar.setRange(0, 0)
    bar.setMaximumHeight(12)
    bar.setTextVisible(False)
    bar.hide()
    return bar


def _wrap(label: QLabel) -> QLabel:
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


# --- 2 sales source ---------------------------------------------------------------------------------------------------

class SourcePage(Page):
    def __init__(self, wizard):
        super().__init__(wizard)
        lay = QVBoxLayout(self)
        self.intro = _wrap(QLabel())
        lay.addWidget(self.intro)
        row = QHBoxLayout()
        self.path = QLineEdit(self.m.source_path)
        self.path.editingFinished.connect(self.scan)
        self.folder_btn = QPushButton()
        self.folder_btn.clicked.connect(self.pick_folder)
        self.file_btn = QPushButton()
        self.file_btn.clicked.connect(self.pick_file)
        row.addWidget(self.path, 1)
        row.addWidget(self.folder_btn)
        row.addWidget(self.file_btn)
        lay.addLayout(row)
        prog = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.hide()
        self.cancel_btn = QPushButton()
        self.cancel_btn.hide()
        self.cancel_btn.clicked.connect(self.cancel)
        prog.addWidget(self.progress, 1)
        prog.addWidget(self.cancel_btn)
        lay.addLayout(prog)
        self.result = _wrap(QLabel())
        self.result.setTextFormat(Qt.TextFormat.RichText)
        self.problems = _wrap(QLabel())
        self.problems.setStyleSheet(ERROR_STYLE)
        lay.addWidget(self.result)
        lay.addWidget(self.problems)
        lay.addStretch()
        self.task = None

    def retranslate(self):
        self.setTitle(self.tr("Sales from the cash register"))
        self.setSubTitle(self.tr("Choose the folder where the cash register writes its SAF-T exports."))
        self.intro.setText(self.tr("Every Norwegian cash register can export its journal as SAF-T Cash Register "
                                   "files. Choose the folder it exports to (or one file)."))
        self.folder_btn.setText(self.tr("Choose &folder…"))
        self.file_btn.setText(self.tr("Choose f&ile…"))
        self.cancel_btn.setText(self.tr("Cancel"))
        self.path.setPlaceholderText(self.tr("Folder with SAF-T files"))
        self.show_result()

    def initializePage(self):
        if self.m.source_path and not self.path.text():
            self.path.setText(self.m.source_path)
        if self.path.text() and self.m.scan is None and self.task is None:
            self.scan()

    def pick_folder(self):
        d = QFileDialog.getExistingDirectory(self, self.tr("Folder with SAF-T files"), self.path.text())
        if d:
            self.path.setText(d)
            self.scan()

    def pick_file(self):
        f, _ = QFileDialog.getOpenFileName(self, self.tr("SAF-T file"), self.path.text(), "SAF-T (*.xml *.XML *.zip *.ZIP)")
        if f:
            self.path.setText(f)
            self.scan()

    def scan(self):
        path = self.path.text().strip()
        if not path or self.task is not None or (path == self.m.source_path and self.m.scan is not None):
            return  # nothing new (leaving the field by clicking Next must not start a new read)
        self.m.scan = None
        self.problems.setText("")
        self.result.setText(self.tr("Reading the sales…"))
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_btn.show()
        self.completeChanged.emit()

        def work(task):
            from ..core.saft.source import ExportSource  # on the worker: lxml loads there, not before first paint

            return ExportSource([path], settle_seconds=0).scan(cancel=lambda: task.cancelled, progress=task.report)

        self.task = self.w.runner.start(work, lambda r: self.scanned(path, r), self.failed, self.on_progress)

    def on_progress(self, i, n, name):
        self.progress.setRange(0, max(n, 1))
        self.progress.setValue(i)

    def cancel(self):
        if self.task is not None:
            self.task.cancelled = True

    def _idle(self):
        cancelled = self.task is not None and self.task.cancelled
        self.task = None
        self.progress.hide()
        self.cancel_btn.hide()
        return cancelled

    def scanned(self, path, result):
        if self._idle():
            self.result.setText(self.tr("Cancelled."))
            self.completeChanged.emit()
            return
        self.m.set_scan(path, result)
        self.show_result()
        self.completeChanged.emit()

    def failed(self, e):
        self._idle()
        self.result.setText("")
        self.problems.setText(e.render(self.lang()) if isinstance(e, LedgerWizardError) else str(e))
        self.completeChanged.emit()

    def show_result(self):
        ov = self.m.source_overview()
        if not ov:
            return
        if not ov["days"]:
            self.result.setText("")
            self.problems.setText(self.tr("No closed business days were found. Check that the cash register "
                                          "exports SAF-T files to this folder and takes a Z report every day."))
            return
        reg_word = self.tr("registers")
        stores = "".join(f"<li><b>{n}</b> – {reg_word}: {', '.join(r)}</li>" for n, r in ov["stores"])
        companies = ", ".join(f"{n} ({o})" for n, o in ov["companies"])
        self.result.setText(self.tr("<p>Found <b>{company}</b> with these stores:</p><ul>{stores}</ul>"
                                    "<p>{days} business days from {first} to {last}.</p>").format(
            company=companies, stores=stores, days=ov["days"], first=f"{ov['first']:%d.%m.%Y}",
            last=f"{ov['last']:%d.%m.%Y}"))
        self.problems.setText("<br>".join(self.text(p) for p in ov["problems"]))

    def isComplete(self):
        return self.task is None and self.m.source_complete()


# --- 3 accounting system ------------------------------------------------------------------------------------------------

class SystemPage(Page):
    def __init__(self, wizard):
        super().__init__(wizard)
        lay = QVBoxLayout(self)
        self.group = QButtonGroup(self)
        self.radios, self.descs = {}, {}
        for system in systems.SYSTEMS:
            sysid = system.id
            r = QRadioButton("&" + system.name)
            r.setChecked(sysid == self.m.system)
            r.toggled.connect(lambda on, s=sysid: on and self.choose(s))
            self.group.addButton(r)
            d = _wrap(QLabel())
            d.setIndent(24)
            lay.addWidget(r)
            lay.addWidget(d)
            self.radios[sysid], self.descs[sysid] = r, d
        form = QFormLayout()
        self.env = QComboBox()
        # the sandbox only where its emulators are installed (a source checkout, not the customer's build)
        envs = ["production", "demo"] + (["sandbox"] if systems.sandbox_available() or self.m.environment == "sandbox"
                                         else [])
        for code in envs:
            self.env.addItem("", code)
        self.env.setCurrentIndex(envs.index(self.m.environment))
        self.env.currentIndexChanged.connect(lambda i: self.set_env(self.env.itemData(i)))
        self.env_label = QLabel()
        self.env_label.setBuddy(self.env)
        form.addRow(self.env_label, self.env)
        lay.addLayout(form)
        self.env_help = _wrap(QLabel())
        lay.addWidget(self.env_help)
        lay.addStretch()

    def retranslate(self):
        self.setTitle(self.tr("Accounting system"))
        self.setSubTitle(self.tr("Where should the daily voucher go?"))
        for sysid, d in self.descs.items():
            d.setText(self.text(systems.get(sysid).description))
        self.env.setItemText(0, self.tr("Production (the real accounts)"))
        self.env.setItemText(1, self.tr("Demo / test company"))
        if self.env.count() > 2:
            self.env.setItemText(2, self.tr("Sandbox on this PC (try without an account)"))
        self.env_label.setText(self.tr("&Environment:"))
        self.env_help.setText(self.tr("Keys only work in the environment they were made in."))

    def choose(self, sysid):
        if self.m.system != sysid:
            self.m.system = sysid
            for c in self.m.companies:
                c.key, c.verified_name, c.error = "", None, None

    def set_env(self, env):
        if self.m.environment != env:
            self.m.environment = env
            for c in self.m.companies:
                c.verified_name = None

    def validatePage(self):
        if self.m.environment == "sandbox":
            try:
                self.w.ensure_sandbox()
            except LedgerWizardError as e:  # a build without the sandbox: said, and Next stays here
                self.env_help.setText(e.render(self.lang()))
                return False
        return True


# --- 4 keys -----------------------------------------------------------------------------------------------------------------

class KeysPage(Page):
    def __init__(self, wizard):
        super().__init__(wizard)
        self.lay = QVBoxLayout(self)
        self.steps = _wrap(QLabel())
        self.lay.addWidget(self.steps)
        self.boxes: dict[str, dict] = {}
        self.lay.addStretch()

    def initializePage(self):
        for b in self.boxes.values():
            b["box"].setParent(None)
        self.boxes.clear()
        for i, c in enumerate(self.m.companies):
            box = QGroupBox()
            grid = QGridLayout(box)
            edit = QLineEdit(c.key)
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.textChanged.connect(lambda t, cid=c.id: self.key_changed(cid, t))
            show = QCheckBox()
            show.toggled.connect(lambda on, e=edit: e.setEchoMode(QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password))
            test = QPushButton()
            test.clicked.connect(lambda _=False, cid=c.id: self.test(cid))
            fill = QPushButton()
            fill.clicked.connect(lambda _=False, e=edit: e.setText(self.w.sandbox_key))
            fill.setVisible(self.m.environment == "sandbox")
            fmt_label = _wrap(QLabel())
            result = _wrap(QLabel())
            bar = _busy_bar()
            label = QLabel()
            label.setBuddy(edit)
            grid.addWidget(label, 0, 0)
            grid.addWidget(edit, 0, 1)
            grid.addWidget(show, 0, 2)
            grid.addWidget(fmt_label, 1, 1, 1, 2)
            grid.addWidget(test, 2, 0)
            grid.addWidget(bar, 2, 1)
            grid.addWidget(fill, 2, 2)
            grid.addWidget(result, 3, 0, 1, 3)
            self.lay.insertWidget(1 + i, box)
            self.boxes[c.id] = dict(box=box, edit=edit, show=show, test=test, fill=fill, fmt=fmt_label, result=result,
                                    bar=bar, label=label, company=c)
            self.key_changed(c.id, c.key)
        self.retranslate()
        self.completeChanged.emit()

    def retranslate(self):
        self.setTitle(self.tr("Key to the accounting system"))
        self.setSubTitle(self.tr("Create a key in the accounting system and paste it here. It is kept in the "
                                 "operating system's key store (Windows Credential Manager), never in a file."))
        self.steps.setText(self.text(systems.get(self.m.system).key_steps))
        for b in self.boxes.values():
            c = b["company"]
            b["box"].setTitle(self.tr("Company {name} ({org})").format(name=c.name, org=c.org_nr))
            b["label"].setText(self.tr("&Key:"))
            b["show"].setText(self.tr("Sho&w"))
            b["test"].setText(self.tr("&Test connection"))
            b["fill"].setText(self.tr("Use the sandbox key"))
            b["edit"].setPlaceholderText(self.tr("Paste the key (Ctrl+V)"))
            self.key_changed(c.id, b["edit"].text(), keep_result=True)

    def key_changed(self, cid, text, keep_result=False):
        b = self.boxes.get(cid)
        if b is None:
            return
        problem = self.m.set_key(cid, text)
        b["fmt"].setText(self.text(problem) if problem and text else "")
        b["fmt"].setStyleSheet(ERROR_STYLE)
        b["test"].setEnabled(problem is None)
        c = self.m.company(cid)
        if not keep_result or c.verified_name is None and c.error is None:
            b["result"].setText("" if c.verified_name is None else self.tr("Connected to {name}.").format(
                name=c.verified_name))
        if keep_result and c.error is not None:
            b["result"].setText(self.text(c.error))
        self.completeChanged.emit()

    def test(self, cid):
        b = self.boxes[cid]
        c = self.m.company(cid)
        company = self.m.company_settings(c)
        key = Secret(c.key)
        b["bar"].show()
        b["test"].setEnabled(False)
        b["result"].setText(self.tr("Testing…"))
        b["result"].setStyleSheet("")

        def work(task):
            with self.w.connector(company, key) as con:
                return con.verify()

        def done(res):
            c.verified_name = res.company_name or c.name
            c.error = None
            b["bar"].hide()
            b["test"].setEnabled(True)
            b["result"].setStyleSheet(OK_STYLE)
            b["result"].setText(self.tr("Connected to {name}.").format(name=c.verified_name) +
                                "".join(f"<br>{self.text(w)}" for w in res.warnings))
            self.completeChanged.emit()

        def failed(e):
            c.verified_name = None
            b["bar"].hide()
            b["test"].setEnabled(True)
            b["result"].setStyleSheet(ERROR_STYLE)
            if isinstance(e, LedgerWizardError):
                from ..core.i18n import Text

                c.error = Text(e.render("nb"), e.render("en"))
                b["result"].setText(e.render(self.lang()).replace("\n", "<br>"))
            else:
                b["result"].setText(str(e))
            self.completeChanged.emit()

        self.w.runner.start(work, done, failed)

    def isComplete(self):
        return self.m.keys_complete()


# --- 5 accounts -----------------------------------------------------------------------------------------------------------

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


class AccountsPage(Page):
    COLS = 3

    def __init__(self, wizard):
        super().__init__(wizard)
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
        self.bar = _busy_bar()
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
        self.status = _wrap(QLabel())
        lay.addWidget(self.status)
        self.loading = False
        self.row_objs = []

    def retranslate(self):
        self.setTitle(self.tr("Accounts"))
        self.setSubTitle(self.tr("Suggested from your chart of accounts. Change what your accountant wants "
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
            self.m.mappings[sid].credit_sales = "receivables" if on else "exclude"
            self.fill()

    def set_gift(self, on):
        sid = self.store_id()
        if sid in self.m.mappings:
            self.m.mappings[sid].gift_cards = on
            self.fill()

    def initializePage(self):
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
        self.completeChanged.emit()
        company = self.m.company_settings(self.m.companies[0])
        key = Secret(self.m.companies[0].key)

        def work(task):
            with self.w.connector(company, key) as con:
                return con.chart()

        self.w.runner.start(work, self.loaded, self.failed)

    def loaded(self, chart):
        self.loading = False
        self.bar.hide()
        self.m.chart = chart
        self.m.prepare_mappings()
        self.fill()

    def failed(self, e):
        self.loading = False
        self.bar.hide()
        self.status.setStyleSheet(ERROR_STYLE)
        self.status.setText(e.render(self.lang()) if isinstance(e, LedgerWizardError) else str(e))
        self.completeChanged.emit()

    def store_id(self):
        return self.store_box.currentData() or (self.m.stores[0].id if self.m.stores else None)

    def fill(self):
        sid = self.store_id()
        if self.loading or sid is None or sid not in self.m.mappings or self.m.chart is None:
            return
        m = self.m.mappings[sid]
        for box, value in ((self.credit, m.credit_sales == "receivables"), (self.gift, m.gift_cards)):
            box.blockSignals(True)
            box.setChecked(value)
            box.blockSignals(False)
        accounts = [f"{a.number} {a.name}" for a in self.m.chart.accounts if a.active]
        vat_codes = [f"{v.code} {v.name}" for v in self.m.chart.vat_codes if v.active]
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
        self.completeChanged.emit()

    def copy_from(self):
        src = self.copy_box.currentData()
        if src and src != self.store_id():
            self.m.copy_mapping(src, self.store_id())
            self.fill()

    def isComplete(self):
        return not self.loading and self.m.chart is not None and self.m.accounts_complete()


# --- 6 schedule ----------------------------------------------------------------------------------------------------------

class SchedulePage(Page):
    def __init__(self, wizard):
        super().__init__(wizard)
        lay = QVBoxLayout(self)
        self.intro = _wrap(QLabel())
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
        self.auto = QCheckBox()
        self.auto.setChecked(self.m.auto_send)
        self.auto.toggled.connect(lambda on: setattr(self.m, "auto_send", on))
        lay.addWidget(self.auto)
        self.notify_ok = QCheckBox()
        self.notify_ok.setChecked(self.m.notify_success)
        self.notify_ok.toggled.connect(lambda on: setattr(self.m, "notify_success", on))
        lay.addWidget(self.notify_ok)
        self.warnings = _wrap(QLabel())
        self.warnings.setStyleSheet("color: #8a5300")
        self.next_label = _wrap(QLabel())
        lay.addWidget(self.warnings)
        lay.addWidget(self.next_label)
        lay.addStretch()

    def retranslate(self):
        self.setTitle(self.tr("When to send"))
        self.setSubTitle(self.tr("The day is sent automatically at this time, once its Z report exists."))
        self.intro.setText(self.tr("Choose a time after the shop has closed and the Z report is taken. Times are "
                                   "Norwegian time (Europe/Oslo), also across summer time."))
        names = [self.tr("Monday"), self.tr("Tuesday"), self.tr("Wednesday"), self.tr("Thursday"), self.tr("Friday"),
                 self.tr("Saturday"), self.tr("Sunday")]
        for lab, n in zip(self.day_labels, names):
            lab.setText(n + ":")
        self.cutoff_label.setText(self.tr("A business &day ends at:"))
        self.auto.setText(self.tr("Send &automatically (leave it off until the test transfer looks right)"))
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


# --- 7 test transfer ------------------------------------------------------------------------------------------------------

class TestPage(Page):
    def __init__(self, wizard):
        super().__init__(wizard)
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
        self.info = _wrap(QLabel())
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
        self.bar = _busy_bar()
        row.addWidget(self.send_btn)
        row.addWidget(self.bar, 1)
        lay.addLayout(row)
        self.result = _wrap(QLabel())
        lay.addWidget(self.result)
        self.voucher = None
        self.summary = None

    def retranslate(self):
        self.setTitle(self.tr("Test transfer"))
        self.setSubTitle(self.tr("This is the voucher exactly as it will be posted. Check it, then send it."))
        self.day_label.setText(self.tr("&Day:"))
        self.send_btn.setText(self.tr("&Send this day now"))
        self.accept_box.setText(self.tr("I have seen the &differences and want to send the day anyway (recorded and "
                                        "stated on the voucher)"))
        self.table.setHorizontalHeaderLabels([self.tr("Account"), self.tr("Account name"), self.tr("Text"),
                                              self.tr("VAT code"), self.tr("Department"), self.tr("Debit"),
                                              self.tr("Credit")])
        self.preview()

    def initializePage(self):
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
        from ..core.money import fmt, fmt_nb

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
        names = {a.number: a.name for a in (self.m.chart.accounts if self.m.chart else [])}
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
        from ..core.holds import hold_for

        rec = self.summary.reconciliation
        self.hold = hold_for(self.summary, next((x.name for x in self.m.stores if x.id == sid), None))
        lines = [self.tr("Reconciled with the Z report: OK ({n} checks).").format(n=rec.n_checks) if self.hold is None
                 else self.tr("This day does not agree with the Z report and is not sent unless you decide so:")]
        lines += [f"• {self.text(d)}" for d in (self.hold.details if self.hold else [])]
        lines += [f"• {self.text(note)}" for note in v.notes]
        self.info.setStyleSheet("" if self.hold is None else ERROR_STYLE)
        self.info.setText("<br>".join(lines))
        row = self.w.journal_row(sid, self.summary.business_day)
        self._sendable = row is None or row.state != "sent"
        self.accept_box.setChecked(False)
        self.accept_box.setVisible(self.hold is not None and self._sendable)
        self._update_send()
        if row is not None and row.state == "sent":
            self.result.setText(self.tr("Already sent: voucher {number}.").format(number=row.voucher_number or row.voucher_id))

    def _update_send(self):
        self.send_btn.setEnabled(self._sendable and self.voucher is not None
                                 and (self.hold is None or self.accept_box.isChecked()))

    def send(self):
        if self.voucher is None or (self.hold is not None and not self.accept_box.isChecked()):
            return
        sid, day = self.store_box.currentData(), self.summary.business_day
        hold = self.hold
        s = next(x for x in self.m.stores if x.id == sid)
        company = self.m.company_settings(self.m.company(s.company_id))
        key = Secret(self.m.company(s.company_id).key)
        summary = self.summary
        self.send_btn.setEnabled(False)
        self.bar.show()
        self.result.setStyleSheet("")
        self.result.setText(self.tr("Sending…"))

        def work(task):
            from ..core.holds import apply_decision, hold_for
            from ..core.transfer import TransferEngine

            journal = self.w.journal
            if hold is not None:  # the user ticked "send anyway" for exactly the differences shown
                journal.decide(sid, day, hold, "wizard-test")
            with self.w.connector(company, key) as con:
                def build():
                    h = hold_for(summary)
                    return apply_decision(self.m.preview(sid, summary),
                                          journal.decision(sid, day, h.fingerprint) if h else None)

                return TransferEngine(journal).transfer(sid, day, build, con, source="wizard-test",
                                                        gate=lambda: hold_for(summary))

        def done(outcome):
            self.bar.hide()
            ok = outcome.ok
            self.m.test_sent = self.m.test_sent or ok
            self.result.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)
            if ok:
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
            self.result.setText(e.render(self.lang()) if isinstance(e, LedgerWizardError) else str(e))

        self.w.runner.start(work, done, failed)


# --- 8 done ---------------------------------------------------------------------------------------------------------------

class DonePage(Page):
    def __init__(self, wizard):
        super().__init__(wizard)
        lay = QVBoxLayout(self)
        self.summary = _wrap(QLabel())
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        lay.addWidget(self.summary)
        self.autostart = QCheckBox()
        self.autostart.setChecked(self.m.autostart)
        self.autostart.toggled.connect(lambda on: setattr(self.m, "autostart", on))
        self.start_now = QCheckBox()
        self.start_now.setChecked(True)
        lay.addWidget(self.autostart)
        lay.addWidget(self.start_now)
        self.bar = _busy_bar()
        self.error = _wrap(QLabel())
        self.error.setStyleSheet(ERROR_STYLE)
        lay.addWidget(self.bar)
        lay.addWidget(self.error)
        lay.addStretch()

    def retranslate(self):
        self.setTitle(self.tr("Done"))
        self.setSubTitle(self.tr("ledgerwizard is set up."))
        self.autostart.setText(self.tr("Start ledgerwizard when I log in (recommended)"))
        self.start_now.setText(self.tr("Start &now"))
        self.initializePage()

    def initializePage(self):
        stores = "".join(f"<li>{s.name}</li>" for s in self.m.stores)
        auto = self.tr("on") if self.m.auto_send else self.tr("off – turn it on in the settings when you are ready")
        self.summary.setText(self.tr(
            "<p>Sales from <b>{n}</b> store(s) go to <b>{system}</b>:</p><ul>{stores}</ul><p>Automatic sending: "
            "{auto}. Test transfer: {test}.</p><p>ledgerwizard runs in the notification area next to the clock. "
            "On Windows 11 new icons are hidden under the arrow (^): drag the ledgerwizard icon onto the taskbar "
            "to keep it visible.</p>").format(
            n=len(self.m.stores), system=systems.name(self.m.system), stores=stores, auto=auto,
            test=self.tr("sent") if self.m.test_sent else self.tr("not sent")))

    def validatePage(self):
        return True  # saving happens in SetupWizard.accept(), also when Finish is pressed on an earlier page

    def show_saving(self, on: bool, error: str = "") -> None:
        self.bar.setVisible(on)
        self.error.setText(error)
