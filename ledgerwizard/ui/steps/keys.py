"""The key to the accounting system, per ledger company: the clicks to create it, a format check while typing,
and a real connection test on a worker."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QGridLayout, QGroupBox, QLabel, QLineEdit, QPushButton, QVBoxLayout

from ...adapters.secrets import Secret
from ...core.errors import LedgerWizardError
from ...connectors import registry as systems
from .base import ERROR_STYLE, OK_STYLE, Step, busy_bar, wrap


class KeysStep(Step):
    def __init__(self, host, model):
        super().__init__(host, model)
        self.lay = QVBoxLayout(self)
        self.steps = wrap(QLabel())
        self.lay.addWidget(self.steps)
        self.boxes: dict[str, dict] = {}
        self.lay.addStretch()

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
            self.boxes[c.id] = dict(box=box, edit=edit, show=show, test=test, fill=fill, fmt=fmt_label, result=result,
                                    bar=bar, label=label, company=c)
            self.key_changed(c.id, c.key)
        self.retranslate()
        self.complete_changed.emit()

    def retranslate(self):
        self.set_title(self.tr("Key to the accounting system"))
        self.set_subtitle(self.tr("Create a key in the accounting system and paste it here. It is kept in the "
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
            if c.verified_name is None:
                b["result"].setText("")
            elif c.tested:
                b["result"].setText(self.tr("Connected to {name}.").format(name=c.verified_name))
            else:  # loaded from the keyring: in use every day, not tested now
                b["result"].setText(self.tr("Saved key, in use. It is tested again when you change it."))
        if keep_result and c.error is not None:
            b["result"].setText(self.text(c.error))
        self.complete_changed.emit()

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
                return con.verify()

        def done(res):
            self.m.key_verified(cid, res.company_name)
            b["bar"].hide()
            b["test"].setEnabled(True)
            b["result"].setStyleSheet(OK_STYLE)
            b["result"].setText(self.tr("Connected to {name}.").format(name=c.verified_name) +
                                "".join(f"<br>{self.text(w)}" for w in res.warnings))
            self.complete_changed.emit()

        def failed(e):
            from ...core.i18n import Text

            b["bar"].hide()
            b["test"].setEnabled(True)
            b["result"].setStyleSheet(ERROR_STYLE)
            if isinstance(e, LedgerWizardError):
                self.m.key_failed(cid, Text(e.render("nb"), e.render("en")))
                b["result"].setText(e.render(self.lang()).replace("\n", "<br>"))
            else:
                self.m.key_failed(cid, Text(str(e), str(e)))
                b["result"].setText(str(e))
            self.complete_changed.emit()

        self.host.runner.start(work, done, failed)

    def is_complete(self):
        return self.m.keys_complete()
