"""The accounts: every account the voucher can use, in sections (revenue per article group and VAT rate, VAT codes,
payment types, the rest), mapped to the live chart of accounts (per ledger company), with a status per line (saved,
suggested, from the template, changed, or what is wrong). Templates: export a store's or company's accounts to a file,
import one (or the default template) with a preview checked against the live chart, and edit the default template
for new stores. Without the ledger the saved accounts stay visible and editable, marked as not checked."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QSignalBlocker, QStringListModel, Qt, QTimer, Signal, SignalInstance
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QCompleter, QDialog, QFileDialog, QHBoxLayout,
                               QHeaderView, QLabel, QMenu, QPushButton, QTableWidget, QTableWidgetItem, QToolButton,
                               QVBoxLayout, QWidget)

from ...adapters.secrets import Secret
from ...setup.model import SECTION_TITLES, TEMPLATE, Line, Row
from ..screen import fit_to_screen
from .base import ERROR_STYLE, OK_STYLE, Step, busy_bar, wrap

PAUSE_MS = 1500  # typing: the account is checked when the edit is committed, or after this pause
RED = QColor("#b00020")
GREEN = QColor("#1b5e20")
GREY = QColor("#5f6368")
RED_BG = QColor("#fdecea")


class AccountCombo(QComboBox):
    """An account (or VAT code) picker: pick from the chart or type. ``committed`` fires when the choice is made
    (picked from the list, Enter, leaving the field, or a pause in typing) — never on each keystroke."""

    committed = Signal(str)

    def __init__(self, choices: list[str] | QStringListModel, value: str):
        super().__init__()
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        if isinstance(choices, QStringListModel):  # one list shared by a table's fields
            self.setModel(choices)
            choices = choices.stringList()[1:]
        else:
            self.addItem("")
            self.addItems(choices)
        comp = QCompleter(self.model(), self)
        comp.setFilterMode(Qt.MatchFlag.MatchContains)
        comp.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(comp)
        match = next((c for c in choices if c.split(" ", 1)[0] == value), value)
        self.setCurrentText(match)
        self.lineEdit().setCursorPosition(0)  # the account number shows, not the end of a long name
        self._last = match
        self.pause = QTimer(self)
        self.pause.setSingleShot(True)
        self.pause.setInterval(PAUSE_MS)
        self.pause.timeout.connect(self.commit)
        self.currentTextChanged.connect(self._text_changed)
        self.textActivated.connect(lambda _t: self.commit())
        self.lineEdit().editingFinished.connect(self.commit)

    def _text_changed(self, text: str) -> None:
        if self.lineEdit().isModified():
            self.pause.start()  # typed (a character, or deleted): checked when the edit is committed or after a pause
        else:
            self.commit()  # picked from the list or the completer, or set by the program: that is a choice

    def commit(self) -> None:
        self.pause.stop()
        self.lineEdit().setModified(False)
        if not self.lineEdit().hasFocus():
            self.lineEdit().setCursorPosition(0)
        text = self.currentText()
        if text != self._last:
            self._last = text
            self.committed.emit(text)


class MappingTable(QTableWidget):
    """A store's (or the default template's) accounts as a table: section headings, the line from the register,
    the account, the ledger's VAT code (its own column), and the status. Tab goes from field to field only."""

    edited = Signal()
    COLS = 4

    def __init__(self, model, lang):
        super().__init__(0, self.COLS)
        self.m = model
        self._lang = lang
        self.store_id: str | None = None
        self.checked = False
        self.lines: list[Line | None] = []  # per table row; None for a section heading
        self.row_objs: list = []  # per table row: the line's main Row (the account, else the VAT code), or a heading
        self.combos: list[AccountCombo] = []  # the editable fields, in Tab order
        self._models: list[QStringListModel] = []
        self.verticalHeader().hide()
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setTabKeyNavigation(False)  # Tab moves between the fields (setTabOrder), never onto read-only cells
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        h = self.horizontalHeader()
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        h.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)  # the account keeps the room it needs
        h.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        self.setColumnWidth(2, 150)
        self.setColumnWidth(3, 190)

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels([self.tr("In the cash register"), self.tr("Account in the ledger"),
                                        self.tr("VAT code in the ledger"), self.tr("Status")])

    def lang(self) -> str:
        return self._lang()

    def fill(self, store_id: str) -> None:
        self.store_id = store_id
        chart = self.m.chart if store_id == TEMPLATE else self.m.chart_for(store_id)
        self.checked = chart is not None  # the lines are checked against a live chart
        for old in self._models:  # the previous fill's lists go with its fields
            old.deleteLater()
        accounts = QStringListModel([""] + ([f"{a.number} {a.name}" for a in chart.accounts if a.active]
                                            if chart is not None else []), self)
        vat_codes = QStringListModel([""] + ([f"{v.code} {v.name}" for v in chart.vat_codes if v.active]
                                             if chart is not None else []), self)
        self._models = [accounts, vat_codes]
        lines = self.m.lines(store_id)
        sections = [sec for sec in ("revenue", "vat", "payment", "other") if any(ln.section == sec for ln in lines)]
        self.setUpdatesEnabled(False)
        self.clearSpans()
        self.setRowCount(0)
        self.setRowCount(len(lines) + len(sections))
        self.lines, self.row_objs, self.combos = [], [], []
        bold = QFont()
        bold.setBold(True)
        i = -1
        for section in sections:
            mine = [ln for ln in lines if ln.section == section]
            i += 1
            head = QTableWidgetItem(SECTION_TITLES[section].get(self.lang()))
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            head.setFont(bold)
            head.setBackground(QColor("#eceff1"))
            self.setItem(i, 0, head)
            self.setSpan(i, 0, 1, self.COLS)
            self.lines.append(None)
            self.row_objs.append(Row("section", section, head.text()))
            for ln in mine:
                i += 1
                label = QTableWidgetItem(ln.label)
                label.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.setItem(i, 0, label)
                for col, row, choices in ((1, ln.account, accounts), (2, ln.vat, vat_codes)):
                    if row is None:
                        item = QTableWidgetItem(ln.info if col == 2 else "")
                        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                        item.setForeground(GREY)
                        self.setItem(i, col, item)
                        continue
                    combo = AccountCombo(choices, row.value)
                    combo.committed.connect(lambda text, r=row, i=i: self._changed(i, r, text))
                    self.setCellWidget(i, col, combo)
                    self.combos.append(combo)
                status = QTableWidgetItem()
                status.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.setItem(i, 3, status)
                self.lines.append(ln)
                self.row_objs.append(ln.account or ln.vat)
                self.show_status(i)
        for a, b in itertools.pairwise(self.combos):
            QWidget.setTabOrder(a, b)
        self.setUpdatesEnabled(True)

    def combo(self, row: int, col: int) -> AccountCombo | None:
        w = self.cellWidget(row, col)
        return w if isinstance(w, AccountCombo) else None

    def _changed(self, i: int, row, text: str) -> None:
        self.m.set_row(self.store_id, row, text)
        self.show_status(i)
        ln = self.lines[i]
        if ln is not None and ln.vat is row:  # the revenue lines show the VAT code they post with
            for j, other in enumerate(self.lines):
                if other is not None and other.section == "revenue" and other.account is not None \
                        and other.account.vat_code == row.key and other.account.kind == "group":
                    self.item(j, 2).setText(row.value)
        self.edited.emit()

    def status_of(self, i: int) -> tuple[str, str]:
        ln = self.lines[i]
        if ln is None:
            return "section", ""
        states = [self.m.row_status(r) for r in (ln.vat, ln.account) if r is not None]
        state, text = next((s for s in states if s[0] == "problem"), states[0])
        return state, text.get(self.lang())

    def show_status(self, i: int) -> None:
        state, text = self.status_of(i)
        item = self.item(i, 3)
        item.setText(text)
        item.setToolTip(text)
        item.setForeground(RED if state == "problem" else GREY if state == "unused" else GREEN)
        self.item(i, 0).setBackground(RED_BG if state == "problem" else QColor(0, 0, 0, 0))

    def problems(self) -> int:
        return sum(1 for i in range(self.rowCount()) if self.status_of(i)[0] == "problem")


class TemplateDialog(QDialog):
    """The default template for new stores (seed 000's "Default ledger"): edited here, saved with the accounts, used
    only for stores added later — never applied to an existing store without its own preview."""

    def __init__(self, step: "AccountsStep"):
        super().__init__(step)
        self.step = step
        self.setWindowTitle(self.tr("Default template for new stores"))
        fit_to_screen(self, (820, 560))  # (a small screen: less; the table scrolls)
        lay = QVBoxLayout(self)
        self.note = wrap(QLabel(self.tr(
            "Stores added later start with these accounts. Existing stores keep their own accounts: to use the "
            "template for one, choose Import on the accounts page, then \"From the default template\", and confirm "
            "the preview. Saved with the accounts.")))
        lay.addWidget(self.note)
        self.table = MappingTable(step.m, step.lang)
        self.table.retranslate()
        self.table.edited.connect(self._edited)
        lay.addWidget(self.table, 1)
        self.status = wrap(QLabel())
        lay.addWidget(self.status)
        row = QHBoxLayout()
        self.import_btn = QPushButton(self.tr("&Import a template file…"))
        self.import_btn.clicked.connect(lambda: step.ask_import(TEMPLATE))
        row.addWidget(self.import_btn)
        row.addStretch()
        self.close_btn = QPushButton(self.tr("&Close"))
        self.close_btn.clicked.connect(self.accept)
        row.addWidget(self.close_btn)
        lay.addLayout(row)
        self.table.fill(TEMPLATE)
        self._edited()

    def _edited(self) -> None:
        bad = self.table.problems()
        self.status.setStyleSheet(ERROR_STYLE if bad else "")
        self.status.setText(self.tr("{n} lines of the template are not in the chart.").format(n=bad) if bad else
                            self.tr("Changes here change no existing store."))
        self.step.complete_changed.emit()


class ImportDialog(QDialog):
    """A template's preview before anything changes: old → new per line, each new account checked against the
    target's live chart; red lines (not in the chart) are not applied unless ticked. Apply = the user's confirmation."""

    def __init__(self, step: "AccountsStep", template, source: str, target: str | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent or step)
        self.step, self.template, self.source = step, template, source
        m = step.m
        sid = target or step.store_id()
        self.targets: list[str] = [sid]
        self.setWindowTitle(self.tr("Import accounts"))
        fit_to_screen(self, (860, 560))
        lay = QVBoxLayout(self)
        name = self.tr("the default template") if sid == TEMPLATE else next(s.name for s in m.stores if s.id == sid)
        self.head = wrap(QLabel(self.tr("Import accounts from {source} to {store}. Nothing changes until you press "
                                        "Apply.").format(source=source, store=name)))
        lay.addWidget(self.head)
        self.scope = QComboBox()
        self.scope.addItem(self.tr("This store only"), [sid])
        if sid != TEMPLATE:
            ids = m.company_store_ids(sid)
            if len(ids) > 1:
                company = m.company(next(s for s in m.stores if s.id == sid).company_id).name
                self.scope.addItem(self.tr("Every store of {company} ({n})").format(company=company, n=len(ids)), ids)
        scope_label = QLabel(self.tr("Appl&y to:"))
        scope_label.setBuddy(self.scope)
        srow = QHBoxLayout()
        srow.addWidget(scope_label)
        srow.addWidget(self.scope, 1)
        lay.addLayout(srow)
        self.changes = m.import_preview(sid, template)
        self.table = QTableWidget(len(self.changes), 4)
        self.table.verticalHeader().hide()
        self.table.setHorizontalHeaderLabels([self.tr("Line"), self.tr("Now"), self.tr("After import"),
                                              self.tr("Check against the chart")])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):  # the accounts and the check as wide as their texts (the header's too)
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        lang = step.lang()
        for i, c in enumerate(self.changes):
            line = QTableWidgetItem(c.label.get(lang))
            line.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            line.setCheckState(Qt.CheckState.Checked if c.changed and c.problem is None else Qt.CheckState.Unchecked)
            self.table.setItem(i, 0, line)
            self.table.setItem(i, 1, QTableWidgetItem(c.old or "–"))
            self.table.setItem(i, 2, QTableWidgetItem(c.new))
            if c.problem is not None:
                check = c.problem.get(lang)
            elif not c.checked:
                check = self.tr("Not checked: the chart of accounts could not be read")
            else:
                check = self.tr("Unchanged") if not c.changed else self.tr("OK")
            self.table.setItem(i, 3, QTableWidgetItem(check))
            for col in range(1, 4):
                self.table.item(i, col).setFlags(Qt.ItemFlag.ItemIsEnabled)
            if c.problem is not None:
                for col in range(4):
                    self.table.item(i, col).setBackground(RED_BG)
                    self.table.item(i, col).setForeground(RED)
            elif not c.changed:
                for col in range(4):
                    self.table.item(i, col).setForeground(GREY)
        lay.addWidget(self.table, 1)
        n_changed = sum(1 for c in self.changes if c.changed)
        n_bad = sum(1 for c in self.changes if c.problem is not None)
        text = self.tr("Lines that change: {n}.").format(n=n_changed)
        if n_bad:
            text += " " + self.tr("Not in the target's chart (red; not applied unless you tick them): {bad}.").format(
                bad=n_bad)
        self.summary = wrap(QLabel(text))
        self.summary.setStyleSheet(ERROR_STYLE if n_bad else "")
        lay.addWidget(self.summary)
        row = QHBoxLayout()
        row.addStretch()
        self.apply_btn = QPushButton(self.tr("&Apply"))
        self.apply_btn.clicked.connect(self.apply)
        self.cancel_btn = QPushButton(self.tr("Ca&ncel"))
        self.cancel_btn.clicked.connect(self.reject)
        row.addWidget(self.apply_btn)
        row.addWidget(self.cancel_btn)
        lay.addLayout(row)
        self.cancel_btn.setDefault(True)

    def chosen(self) -> list:
        return [c for i, c in enumerate(self.changes)
                if self.table.item(i, 0).checkState() == Qt.CheckState.Checked]

    def apply(self) -> None:
        self.step.m.apply_import(self.scope.currentData(), self.template, self.chosen())
        self.accept()
        self.step.fill()
        if self.step.template_dialog is not None and self.step.template_dialog.isVisible():
            self.step.template_dialog.table.fill(TEMPLATE)


class AccountsStep(Step):
    def __init__(self, host, model):
        super().__init__(host, model)
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        self.store_label = QLabel()
        self.store_box = QComboBox()
        self.store_label.setBuddy(self.store_box)
        self.store_box.currentIndexChanged.connect(lambda _i: self.fill())
        self.copy_box = QComboBox()
        self.copy_box.currentIndexChanged.connect(lambda _i: self._copy_text())
        self.copy_btn = QPushButton()
        self.copy_btn.clicked.connect(self.copy_from)
        top.addWidget(self.store_label)
        top.addWidget(self.store_box, 1)
        top.addWidget(self.copy_box)
        top.addWidget(self.copy_btn)
        lay.addLayout(top)
        tools = QHBoxLayout()
        self.export_btn = QToolButton()
        self.export_btn.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.export_menu = QMenu(self)
        self.export_store = self.export_menu.addAction("")
        self.export_store.triggered.connect(lambda: self.ask_export(False))
        self.export_company = self.export_menu.addAction("")
        self.export_company.triggered.connect(lambda: self.ask_export(True))
        self.export_btn.setMenu(self.export_menu)
        self.import_btn = QToolButton()
        self.import_btn.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.import_menu = QMenu(self)
        self.import_file = self.import_menu.addAction("")
        self.import_file.triggered.connect(lambda: self.ask_import())
        self.import_default = self.import_menu.addAction("")
        self.import_default.triggered.connect(self.import_template)
        self.import_btn.setMenu(self.import_menu)
        self.template_btn = QPushButton()
        self.template_btn.clicked.connect(self.edit_template)
        tools.addWidget(self.export_btn)
        tools.addWidget(self.import_btn)
        tools.addWidget(self.template_btn)
        tools.addStretch()
        lay.addLayout(tools)
        self.bar = busy_bar()
        lay.addWidget(self.bar)
        offline = QHBoxLayout()
        self.offline_label = wrap(QLabel())
        self.offline_label.setStyleSheet(ERROR_STYLE)
        self.retry_btn = QPushButton()
        self.retry_btn.clicked.connect(self.load_chart)
        offline.addWidget(self.offline_label, 1)
        offline.addWidget(self.retry_btn)
        lay.addLayout(offline)
        self.table = MappingTable(model, self.lang)
        self.table.edited.connect(self.update_summary)
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
        self._pending = False  # the chart is read, the table not filled from it yet (the next turn)
        self.offline: str | None = None  # why the chart could not be read (the accounts are shown unchecked)
        self.template_dialog: TemplateDialog | None = None
        self.import_dialog: ImportDialog | None = None
        self.file_dialog: QFileDialog | None = None
        self.message = ""  # the last export/import result, shown under the table
        self._show_offline()
        saved = getattr(host, "saved", None)
        if isinstance(saved, SignalInstance):  # the settings dialog: a section was saved
            saved.connect(self._section_saved)

    @property
    def row_objs(self) -> list:
        return self.table.row_objs

    def retranslate(self):
        self.set_title(self.tr("Accounts"))
        self.set_subtitle(self.tr("Suggested from your chart of accounts. Change what your accountant wants "
                                 "differently; a line the export uses may not be blank."))
        self.store_label.setText(self.tr("&Store:"))
        self.table.retranslate()
        self.credit.setText(self.tr("Post c&redit sales to receivables (off: they are invoiced in the ledger)"))
        self.gift.setText(self.tr("Transfer &gift cards"))
        self.export_btn.setText(self.tr("E&xport template"))
        self.export_store.setText(self.tr("This store's accounts…"))
        self.export_company.setText(self.tr("The company's accounts (all its stores)…"))
        self.import_btn.setText(self.tr("&Import template"))
        self.import_file.setText(self.tr("From a file…"))
        self.import_default.setText(self.tr("From the default template…"))
        self.template_btn.setText(self.tr("&Default template for new stores…"))
        self.retry_btn.setText(self.tr("Chec&k against the chart again"))
        self._copy_text()
        self._show_offline()
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

    # -- the chart --------------------------------------------------------------------------------------------------------
    def load(self):
        with QSignalBlocker(self.store_box):
            current = self.store_box.currentData()
            self.store_box.clear()
            for s in self.m.stores:
                self.store_box.addItem(s.name, s.id)
            i = self.store_box.findData(current)
            self.store_box.setCurrentIndex(max(0, i))
        self._fill_copy_box()
        self.load_chart()

    def load_chart(self):
        if not self.m.companies:
            return
        self.loading = True
        self.bar.show()
        self.status.setStyleSheet("")
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
        self.offline = None
        self.bar.hide()
        for cid, chart in charts.items():
            self.m.set_chart(cid, chart)
        self.m.prepare_mappings()
        self._show_offline()
        self._fill_copy_box()
        self.fill(later=True)  # the table now, the summary over every store in the next turn (the GUI stays live)
        if self.template_dialog is not None:
            self.template_dialog.table.fill(TEMPLATE)

    def failed(self, e):
        """The ledger cannot be reached: the saved accounts stay visible and editable, marked as not checked
        against the live chart, and can be saved; "Check again" reads the chart when it can."""
        self.loading = False
        self.bar.hide()
        self.offline = self.error_text(e)
        self.m.ensure_mappings()
        self._show_offline()
        self._fill_copy_box()
        self.fill()

    def _show_offline(self):
        on = self.offline is not None
        self.offline_label.setVisible(on)
        self.retry_btn.setVisible(on)
        if on:
            self.offline_label.setText(self.tr("The chart of accounts could not be read, so the accounts below are "
                                               "not checked against the live chart. You can still change and save "
                                               "them. ({error})").format(error=self.offline))

    # -- the table ------------------------------------------------------------------------------------------------------
    def store_id(self):
        return self.store_box.currentData() or (self.m.stores[0].id if self.m.stores else None)

    def fill(self, later: bool = False):
        sid = self.store_id()
        if sid is None or sid not in self.m.mappings:
            return
        m = self.m.mappings[sid]
        for box, value in ((self.credit, m.credit_sales == "receivables"), (self.gift, m.gift_cards)):
            with QSignalBlocker(box):
                box.setChecked(value)
        self._fill_copy_box()
        if later:  # after reading the chart: the table, then the summary over every store, each in its own turn
            self._pending = True
            QTimer.singleShot(0, self, self._fill_table_then_summary)
            return
        self.table.fill(sid)
        self.update_summary()

    def _fill_table_then_summary(self):
        self._pending = False
        sid = self.store_id()  # the store shown now (the user may have chosen another meanwhile)
        if sid in self.m.mappings:
            self.table.fill(sid)
        self.complete_changed.emit()
        QTimer.singleShot(0, self, self.update_summary)

    def update_summary(self):
        if self.loading:
            return
        bad = sum(1 for s in self.m.stores if s.id in self.m.mappings for r in self.m.rows(s.id)
                  if self.m.row_problem(r) is not None)
        self.status.setStyleSheet(ERROR_STYLE if bad else OK_STYLE)
        if bad == 1:
            text = self.tr("One line needs an account.")
        elif bad:
            text = self.tr("{n} lines need an account.").format(n=bad)
        elif self.offline is not None:
            text = self.tr("Every line the export uses has an account (not checked against the live chart).")
        else:
            text = self.tr("Every line has an account.")
        self.status.setText(text + (f"\n{self.message}" if self.message else ""))
        self.complete_changed.emit()

    def _section_saved(self, section: str) -> None:
        if section == "accounts":
            self.m.mark_mappings_saved()
            self.fill()

    # -- copying between stores ---------------------------------------------------------------------------------------
    def _fill_copy_box(self):
        sid = self.store_id()
        with QSignalBlocker(self.copy_box):
            current = self.copy_box.currentData()
            self.copy_box.clear()
            for s in self.m.copy_sources(sid) if sid is not None else []:
                self.copy_box.addItem(s.name, s.id)
            i = self.copy_box.findData(current)
            self.copy_box.setCurrentIndex(max(0, i))
        n = self.copy_box.count()
        self.copy_box.setVisible(n > 1)  # one other store: the button names it
        self.copy_btn.setVisible(n > 0)
        self._copy_text()

    def _copy_text(self):
        name = self.copy_box.currentText()
        self.copy_btn.setText(self.tr("&Copy accounts from store {store} to this store").format(store=name)
                              if name else self.tr("&Copy accounts"))

    def copy_from(self):
        src = self.copy_box.currentData()
        if src and src != self.store_id():
            self.m.copy_mapping(src, self.store_id())
            self.fill()

    # -- templates ---------------------------------------------------------------------------------------------------------
    def _file_dialog(self, save: bool, then, parent: QWidget | None = None) -> QFileDialog:
        dlg = QFileDialog(parent or self, self.tr("Export template") if save else self.tr("Import template"))
        dlg.setAcceptMode(QFileDialog.AcceptMode.AcceptSave if save else QFileDialog.AcceptMode.AcceptOpen)
        dlg.setFileMode(QFileDialog.FileMode.AnyFile if save else QFileDialog.FileMode.ExistingFile)
        dlg.setNameFilters([self.tr("Mapping templates (*.json)"), self.tr("All files (*)")])
        dlg.setDefaultSuffix("json")
        dlg.fileSelected.connect(then)
        self.file_dialog = dlg
        dlg.open()  # not exec(): the GUI thread keeps running
        return dlg

    def ask_export(self, whole_company: bool) -> QFileDialog:
        return self._file_dialog(True, lambda path: self.export_to(path, whole_company))

    def export_to(self, path: str, whole_company: bool = False) -> None:
        """Write the store's (or its company's) accounts to ``path`` on a worker."""
        from ...setup import templates

        sid = self.store_id()
        mapping, source = self.m.export_mapping(sid, whole_company)
        name = source.get("store") or source.get("company", "")

        def work(task):
            templates.write(path, mapping, name=name, source=source)
            return path

        def done(p):
            self.message = self.tr("Template saved to {path}.").format(path=p)
            self.update_summary()

        self.host.runner.start(work, done, self._template_failed)

    def _template_failed(self, e) -> None:
        self.message = self.error_text(e)
        self.update_summary()
        self.status.setStyleSheet(ERROR_STYLE)

    def ask_import(self, target: str | None = None) -> QFileDialog:
        parent = self.template_dialog if target == TEMPLATE else None
        return self._file_dialog(False, lambda path: self.import_from(path, target), parent)

    def import_from(self, path: str, target: str | None = None) -> None:
        """Read and check ``path`` on a worker, then show the preview (nothing changes before Apply)."""
        from ...setup import templates

        def work(task):
            return templates.read(path)

        def done(tpl):
            self.message = ""
            self.update_summary()
            self.show_preview(tpl.mapping, tpl.name or path, target)

        self.host.runner.start(work, done, self._template_failed)

    def import_template(self) -> None:
        self.show_preview(self.m._mapping(TEMPLATE).copy(), self.tr("the default template"))

    def show_preview(self, mapping, source: str, target: str | None = None) -> ImportDialog:
        parent = self.template_dialog if target == TEMPLATE else None
        self.import_dialog = ImportDialog(self, mapping, source, target, parent)
        self.import_dialog.open()
        return self.import_dialog

    def edit_template(self) -> TemplateDialog:
        self.template_dialog = TemplateDialog(self)
        self.template_dialog.open()
        return self.template_dialog

    def is_complete(self):
        return (not self.loading and not self._pending and (self.m.charts_loaded() or self.offline is not None)
                and self.m.accounts_complete())
