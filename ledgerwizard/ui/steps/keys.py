"""The key to the accounting system, per ledger company: the clicks to create it, a format check while typing,
and a real connection test on a worker. Once a company's key works, its chart is read (on a worker) and each of its
stores gets a row: its ledger department from the live list (or none; a suggestion shown as such; a missing or
inactive one red), and, where the system has them (PowerOffice's add-on application keys), a client key of the
store's own: the slot, the application key to paste into the ledger (copy), the clicks, the key pasted back and
tested (``setup/departments.py``, ``setup/storekeys.py``)."""

from __future__ import annotations

from PySide6.QtWidgets import (QApplication, QCheckBox, QComboBox, QGridLayout, QGroupBox, QLabel, QLineEdit,
                               QPushButton, QVBoxLayout, QWidget)

from ...adapters.secrets import Secret, store_key_owner
from ...core.errors import LedgerWizardError
from ...core.display import org_number
from ...core.i18n import Text
from ...connectors import registry as systems
from ...setup import departments as deps
from ...setup.storekeys import slot_name
from .base import ERROR_STYLE, OK_STYLE, Step, busy_bar, wrap


class KeysStep(Step):
    def __init__(self, host, model):
        super().__init__(host, model)
        self.lay = QVBoxLayout(self)
        self.steps = wrap(QLabel())
        self.lay.addWidget(self.steps)
        self.boxes: dict[str, dict] = {}
        self.rows: dict[str, dict] = {}  # store id -> its row's widgets
        self.loading: set[str] = set()  # companies whose chart is being read
        self.chart_errors: dict[str, Text] = {}
        self.lay.addStretch()
        self.complete_changed.connect(self._charts_for_verified)

    def load(self):
        for b in self.boxes.values():
            b["box"].setParent(None)
        self.boxes.clear()
        for i, c in enumerate(self.m.companies):
            box = QGroupBox()
            grid = QGridLayout(box)
            edit = QLineEdit(c.key)
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.textChanged.connect(lambda t, cid=c.id: self.key_changed(cid, t))
            edit.returnPressed.connect(lambda cid=c.id: self.test_on_enter(cid))  # Enter in the field tests the key
            show = QCheckBox()
            show.toggled.connect(lambda on, e=edit: e.setEchoMode(QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password))
            test = QPushButton()
            test.clicked.connect(lambda _=False, cid=c.id: self.test(cid))
            fill = QPushButton()
            fill.clicked.connect(lambda _=False, e=edit: e.setText(self.host.sandbox_key))
            fill.setVisible(self.m.environment == "sandbox")
            fmt_label = wrap(QLabel())
            result = wrap(QLabel())
            bar = busy_bar()
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
            stores = QWidget()
            QVBoxLayout(stores).setContentsMargins(0, 0, 0, 0)
            heading = wrap(QLabel())
            heading.hide()  # until the departments are read
            stores.layout().addWidget(heading)
            grid.addWidget(stores, 4, 0, 1, 3)
            self.boxes[c.id] = dict(box=box, edit=edit, show=show, test=test, fill=fill, fmt=fmt_label, result=result,
                                    bar=bar, label=label, company=c, stores=stores, heading=heading)
            self.key_changed(c.id, c.key)
        self.rows.clear()
        for c in self.m.companies:
            if self.m.departments_of(c.id) is not None:
                self.fill_stores(c.id)
        self._load_store_keys()
        self.retranslate()
        self.complete_changed.emit()

    # -- each company's chart, read once its key works (a worker) ----------------------------------------------------
    def _charts_for_verified(self):
        """A company whose key works (tested now, or saved) and whose departments are not read yet: read them."""
        for c in self.m.companies:
            if c.verified_name is not None and self.m.departments_of(c.id) is None and c.id not in self.loading \
                    and c.id not in self.chart_errors and c.id in self.boxes:
                self.load_chart(c.id)

    def load_chart(self, cid):
        """The company's live department list (on a worker; the test of a key reads it with the same connection)."""
        c = self.m.company(cid)
        company, key = self.m.company_settings(c), Secret(c.key)
        self.loading.add(cid)
        b = self.boxes[cid]
        b["bar"].show()

        def work(task):
            with self.host.connector(company, key) as con:
                return con.departments()

        def done(listed):
            self.loading.discard(cid)
            b["bar"].hide()
            self.m.set_departments(cid, listed)
            self.fill_stores(cid)
            self.complete_changed.emit()

        def failed(e):
            self.loading.discard(cid)
            b["bar"].hide()
            self.chart_errors[cid] = self.error_message(e)
            b["result"].setStyleSheet(ERROR_STYLE)
            b["result"].setText(self.text(self.chart_errors[cid]).replace("\n", "<br>"))
            self.complete_changed.emit()

        self.host.runner.start(work, done, failed)

    def _load_store_keys(self):
        """The stores' own keys already in the keyring (a re-run), read on a worker."""
        wanted = [(s.id, s.company_id) for s in self.m.stores if s.key is not None and not s.key.key]
        if not wanted or not self.m.store_keys.applicable():
            return
        system, secrets = self.m.system, self.host.workspace.secrets

        def work(task):
            return [(sid, secrets.get(system, store_key_owner(cid, sid))) for sid, cid in wanted]

        def done(found):
            for sid, key in found:
                if key is not None:
                    self.m.store_keys.loaded(sid, key.reveal())
                    r = self.rows.get(sid)
                    if r is not None:
                        r["key"].setText(key.reveal())
            self.complete_changed.emit()

        self.host.runner.start(work, done, lambda e: None)

    # -- the stores' rows ------------------------------------------------------------------------------------------------
    def fill_stores(self, cid):
        holder = self.boxes[cid]["stores"]
        lay = holder.layout()
        self.boxes[cid]["heading"].show()
        for s in [x for x in self.m.stores if x.company_id == cid]:
            old = self.rows.pop(s.id, None)
            if old is not None:
                old["widget"].setParent(None)
            w = QWidget()
            g = QGridLayout(w)
            g.setContentsMargins(0, 6, 0, 6)
            name = QLabel()
            combo = QComboBox()
            combo.setMinimumContentsLength(18)
            state = wrap(QLabel())
            name.setBuddy(combo)
            g.addWidget(name, 0, 0)
            g.addWidget(combo, 0, 1)
            g.addWidget(state, 1, 0, 1, 3)
            r = dict(widget=w, name=name, combo=combo, state=state, store=s)
            if self.m.store_keys.applicable():
                own = QCheckBox()
                slot = QComboBox()
                for n in range(self.m.store_keys.slots()):
                    slot.addItem("", n)
                app = QLineEdit()
                app.setReadOnly(True)
                copy = QPushButton()
                how = wrap(QLabel())
                key = QLineEdit(s.key.key if s.key is not None else "")
                key.setEchoMode(QLineEdit.EchoMode.Password)
                test = QPushButton()
                result = wrap(QLabel())
                bar = busy_bar()
                g.addWidget(own, 2, 0, 1, 3)
                g.addWidget(slot, 3, 0)
                g.addWidget(app, 3, 1)
                g.addWidget(copy, 3, 2)
                g.addWidget(how, 4, 0, 1, 3)
                g.addWidget(key, 5, 0, 1, 2)
                g.addWidget(test, 5, 2)
                g.addWidget(bar, 6, 0, 1, 3)
                g.addWidget(result, 7, 0, 1, 3)
                r.update(own=own, slot=slot, app=app, copy=copy, how=how, key=key, test=test, result=result, bar=bar)
                own.setChecked(s.key is not None)
                own.toggled.connect(lambda on, sid=s.id: self.own_key(sid, on))
                slot.currentIndexChanged.connect(lambda i, sid=s.id, sl=slot: self.choose_slot(sid, sl.itemData(i)))
                copy.clicked.connect(lambda _=False, e=app: QApplication.clipboard().setText(e.text()))
                key.textChanged.connect(lambda t, sid=s.id: self.store_key_changed(sid, t))
                key.returnPressed.connect(lambda sid=s.id: self.test_store_key(sid))
                test.clicked.connect(lambda _=False, sid=s.id: self.test_store_key(sid))
            lay.addWidget(w)
            self.rows[s.id] = r
            combo.currentIndexChanged.connect(lambda i, sid=s.id, cb=combo: self.choose_department(sid, cb.itemData(i)))
        self.retranslate_rows()

    def retranslate_rows(self):
        for sid, r in self.rows.items():
            s = r["store"]
            listed = self.m.departments_of(s.company_id)
            r["name"].setText(self.tr("{store} – department:").format(store=s.name))
            combo = r["combo"]
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(self.tr("No department"), "")
            for code, label, active in deps.options(listed):
                combo.addItem(label if active else self.tr("{department} (inactive)").format(department=label), code)
            if s.department and combo.findData(s.department) < 0:  # saved, but not (any longer) in the ledger
                combo.addItem(self.tr("{department} (not in the ledger)").format(department=s.department), s.department)
            combo.setCurrentIndex(max(0, combo.findData(s.department)))
            combo.blockSignals(False)
            if "own" in r:
                r["own"].setText(self.tr("This store has its own client key (an add-on application key)"))
                r["slot"].blockSignals(True)
                for i in range(r["slot"].count()):
                    r["slot"].setItemText(i, self.text(slot_name(r["slot"].itemData(i))))
                r["slot"].blockSignals(False)
                r["copy"].setText(self.tr("Copy application key"))
                r["test"].setText(self.tr("Test the store's key"))
                r["key"].setPlaceholderText(self.tr("Paste the store's client key (Ctrl+V)"))
            self.show_row(sid)

    def show_row(self, sid):
        r = self.rows.get(sid)
        if r is None:
            return
        row = next(x for x in self.m.department_rows() if x.store_id == sid)
        r["state"].setText(self.text(row.state_text(self.m.departments_of(r["store"].company_id))))
        r["state"].setStyleSheet(ERROR_STYLE if row.problem is not None else "")
        if "own" in r:
            s = r["store"]
            on = s.key is not None
            for w in ("slot", "app", "copy", "how", "key", "test", "result"):
                r[w].setVisible(on)
            if on:
                sk = self.m.store_keys
                r["slot"].blockSignals(True)
                r["slot"].setCurrentIndex(r["slot"].findData(s.key.slot))
                r["slot"].blockSignals(False)
                r["app"].setText(sk.application_key(s.key.slot) or "")
                r["copy"].setEnabled(bool(r["app"].text()))
                r["how"].setText(self.text(sk.instructions(sid)))
                problem = sk.slot_problem(sid)
                fmt = sk.set_key(sid, r["key"].text()) if r["key"].text() else None
                r["test"].setEnabled(problem is None and fmt is None and bool(s.key.key))
                if problem is not None or fmt is not None:
                    r["result"].setStyleSheet(ERROR_STYLE)
                    r["result"].setText(self.text(problem or fmt))
                elif s.key.error is not None:
                    r["result"].setStyleSheet(ERROR_STYLE)
                    r["result"].setText(self.text(s.key.error).replace("\n", "<br>"))
                elif s.key.verified_name is not None:
                    r["result"].setStyleSheet(OK_STYLE)
                    r["result"].setText(self.tr("Connected to {name} with {slot}.").format(
                        name=s.key.verified_name, slot=self.text(slot_name(s.key.slot)).lower()) if s.key.tested
                        else self.tr("Saved key, in use. It is tested again when you change it."))
                else:
                    r["result"].setStyleSheet("")
                    r["result"].setText(self.tr("Not tested yet."))

    def choose_department(self, sid, code):
        self.m.set_department(sid, code or "")
        self.show_row(sid)
        self.complete_changed.emit()

    def own_key(self, sid, on):
        self.m.store_keys.set_own(sid, on)
        self.show_row(sid)
        self.complete_changed.emit()

    def choose_slot(self, sid, slot):
        self.m.store_keys.set_slot(sid, int(slot))
        self.rows[sid]["key"].clear()
        self.show_row(sid)
        self.complete_changed.emit()

    def store_key_changed(self, sid, text):
        self.m.store_keys.set_key(sid, text)
        self.show_row(sid)
        self.complete_changed.emit()

    def test_store_key(self, sid):
        r = self.rows[sid]
        s = r["store"]
        if s.key is None or not r["test"].isEnabled():
            return
        company, key = self.m.store_keys.company_for(sid), Secret(s.key.key)
        r["bar"].show()
        r["test"].setEnabled(False)
        r["result"].setStyleSheet("")
        r["result"].setText(self.tr("Testing…"))

        def work(task):
            with self.host.connector(company, key) as con:
                return con.verify()

        def done(res):
            r["bar"].hide()
            self.m.store_keys.verified(sid, res.company_name)
            self.show_row(sid)
            self.complete_changed.emit()

        def failed(e):
            r["bar"].hide()
            self.m.store_keys.failed(sid, self.error_message(e))
            self.show_row(sid)
            self.complete_changed.emit()

        self.host.runner.start(work, done, failed)

    def retranslate(self):
        self.set_title(self.tr("Key to the accounting system"))
        self.set_subtitle(self.tr("Create a key in the accounting system and paste it here. It is kept in the "
                                 "operating system's key store (Windows Credential Manager), never in a file."))
        self.steps.setText(self.text(systems.get(self.m.system).key_steps))
        for b in self.boxes.values():
            c = b["company"]
            b["heading"].setText("<b>" + self.tr("Each store's department in the ledger") + "</b>")
            b["box"].setTitle(self.tr("Company {name} ({org})").format(name=c.name, org=org_number(c.org_nr)))
            b["label"].setText(self.tr("&Key:"))
            b["show"].setText(self.tr("Sho&w"))
            b["test"].setText(self.tr("&Test connection"))
            b["fill"].setText(self.tr("Use the sandbox key"))
            b["edit"].setPlaceholderText(self.tr("Paste the key (Ctrl+V)"))
            self.key_changed(c.id, b["edit"].text(), keep_result=True)
        self.retranslate_rows()

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
            if c.verified_name is None:
                b["result"].setText("")
            elif c.tested:
                b["result"].setText(self.tr("Connected to {name}.").format(name=c.verified_name))
            else:  # loaded from the keyring: in use every day, not tested now
                b["result"].setText(self.tr("Saved key, in use. It is tested again when you change it."))
        if keep_result and c.error is not None:
            b["result"].setText(self.text(c.error))
        self.complete_changed.emit()

    def test_on_enter(self, cid):
        """Enter in the key field tests a key not tested yet (a tested one: Enter goes on, as everywhere)."""
        b = self.boxes.get(cid)
        if b is not None and b["test"].isEnabled() and b["edit"].text().strip() and \
                self.m.company(cid).verified_name is None:
            self.test(cid)

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
            with self.host.connector(company, key) as con:
                res = con.verify()
                try:  # the departments with the same connection (one token), for the stores' rows
                    return res, con.departments()
                except LedgerWizardError as e:
                    return res, e

        def done(found):
            res, listed = found
            self.m.key_verified(cid, res.company_name)
            self.chart_errors.pop(cid, None)
            if isinstance(listed, LedgerWizardError):
                self.chart_errors[cid] = self.error_message(listed)
            else:
                self.m.set_departments(cid, listed)
                self.fill_stores(cid)
            b["bar"].hide()
            b["test"].setEnabled(True)
            b["result"].setStyleSheet(OK_STYLE)
            b["result"].setText(self.tr("Connected to {name}.").format(name=c.verified_name) +
                                "".join(f"<br>{self.text(w)}" for w in res.warnings) +
                                (f"<br>{self.text(self.chart_errors[cid])}" if cid in self.chart_errors else ""))
            self.complete_changed.emit()

        def failed(e):

            b["bar"].hide()
            b["test"].setEnabled(True)
            b["result"].setStyleSheet(ERROR_STYLE)
            text = self.error_message(e)
            self.m.key_failed(cid, text)
            b["result"].setText(text.get(self.lang()).replace("\n", "<br>"))
            self.complete_changed.emit()

        self.host.runner.start(work, done, failed)

    def is_complete(self):
        return self.m.keys_complete() and not self.loading
