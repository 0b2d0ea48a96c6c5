"""The accounting system and its environment (production, demo, or the sandbox on this PC)."""

from __future__ import annotations

from PySide6.QtWidgets import QButtonGroup, QComboBox, QFormLayout, QLabel, QRadioButton, QVBoxLayout

from ...setup.model import SYSTEMS
from .base import Step, wrap


class SystemStep(Step):
    def __init__(self, host, model):
        super().__init__(host, model)
        lay = QVBoxLayout(self)
        self.group = QButtonGroup(self)
        self.radios, self.descs = {}, {}
        for sysid in SYSTEMS:
            r = QRadioButton({"poweroffice": "&PowerOffice GO", "tripletex": "&Tripletex", "xledger": "&Xledger",
                              "duett": "&Duett"}[sysid])
            r.setChecked(sysid == self.m.system)
            r.toggled.connect(lambda on, s=sysid: on and self.choose(s))
            self.group.addButton(r)
            d = wrap(QLabel())
            d.setIndent(24)
            lay.addWidget(r)
            lay.addWidget(d)
            self.radios[sysid], self.descs[sysid] = r, d
        form = QFormLayout()
        self.env = QComboBox()
        for code in ("production", "demo", "sandbox"):
            self.env.addItem("", code)
        self.env.setCurrentIndex(["production", "demo", "sandbox"].index(self.m.environment))
        self.env.currentIndexChanged.connect(lambda i: self.set_env(self.env.itemData(i)))
        self.env_label = QLabel()
        self.env_label.setBuddy(self.env)
        form.addRow(self.env_label, self.env)
        lay.addLayout(form)
        self.env_help = wrap(QLabel())
        lay.addWidget(self.env_help)
        lay.addStretch()

    def retranslate(self):
        self.set_title(self.tr("Accounting system"))
        self.set_subtitle(self.tr("Where should the daily voucher go?"))
        for sysid, d in self.descs.items():
            d.setText(self.text(SYSTEMS[sysid]))
        self.env.setItemText(0, self.tr("Production (the real accounts)"))
        self.env.setItemText(1, self.tr("Demo / test company"))
        self.env.setItemText(2, self.tr("Sandbox on this PC (try without an account)"))
        self.env_label.setText(self.tr("&Environment:"))
        self.env_help.setText(self.tr("Keys only work in the environment they were made in."))

    def choose(self, sysid):
        self.m.choose_system(sysid)

    def set_env(self, env):
        self.m.set_environment(env)

    def apply(self):
        if self.m.environment == "sandbox":
            self.host.ensure_sandbox()
        return True
