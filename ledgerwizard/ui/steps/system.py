"""The accounting system and its environment (production, demo, or the sandbox on this PC), and, before any key
is made, which systems and environments this build can connect to (the integration's own keys in its build
configuration, read on a worker) with what a reseller must add to enable the rest."""

from __future__ import annotations

from PySide6.QtWidgets import QButtonGroup, QComboBox, QFormLayout, QLabel, QRadioButton, QVBoxLayout

from ...connectors import registry as systems
from ...core.errors import LedgerWizardError
from .base import ERROR_STYLE, WIZARD_MNEMONICS, Step, with_mnemonic, wrap


class SystemStep(Step):
    def __init__(self, host, model):
        super().__init__(host, model)
        lay = QVBoxLayout(self)
        self.group = QButtonGroup(self)
        self.radios, self.descs, self.avail = {}, {}, {}
        self.availability = None  # (per system, for resellers): connectors.availability.availability_text
        taken = set(WIZARD_MNEMONICS) | {"m", "e"}  # the wizard's buttons in both languages; "&Miljø", "&Environment"
        for system in systems.SYSTEMS:
            sysid = system.id
            r = QRadioButton(with_mnemonic(system.name, taken))
            r.setChecked(sysid == self.m.system)
            r.toggled.connect(lambda on, s=sysid: on and self.choose(s))
            self.group.addButton(r)
            d = wrap(QLabel())
            d.setIndent(24)
            a = wrap(QLabel())
            a.setIndent(24)
            lay.addWidget(r)
            lay.addWidget(d)
            lay.addWidget(a)
            self.radios[sysid], self.descs[sysid], self.avail[sysid] = r, d, a
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
        self.env_help = wrap(QLabel())
        lay.addWidget(self.env_help)
        self.reseller = wrap(QLabel())
        lay.addWidget(self.reseller)
        lay.addStretch()

    def load(self):
        """Which systems this build can connect to: the build configuration and a reseller's keyring entries are
        read on a worker."""
        secrets = self.host.workspace.secrets

        def work(task):
            from ...connectors.availability import availability, availability_text

            try:
                return availability_text(availability(secrets))
            except LedgerWizardError:  # no keyring here: the build's own keys
                return availability_text(availability())

        def done(found):
            self.availability = found
            self.retranslate()

        self.host.runner.start(work, done, lambda e: None)

    def retranslate(self):
        self.set_title(self.tr("Accounting system"))
        self.set_subtitle(self.tr("Where should the daily voucher go?"))
        for sysid, d in self.descs.items():
            d.setText(self.text(systems.get(sysid).description))
        self.env.setItemText(0, self.tr("Production (the real accounts)"))
        self.env.setItemText(1, self.tr("Demo / test company"))
        if self.env.count() > 2:
            self.env.setItemText(2, self.tr("Sandbox on this PC (try without an account)"))
        self.env_label.setText(self.tr("&Environment:"))
        self.env_help.setText(self.tr("Keys only work in the environment they were made in.") + (
            " " + self.tr("The sandbox needs none of the integration's keys: every system can be tried there.")
            if self.m.environment == "sandbox" else ""))
        if self.availability is not None:
            per_system, unavailable, reseller = self.availability
            sandbox = self.m.environment == "sandbox"  # (needs none of the build's keys: nothing is missing there)
            for sysid, a in self.avail.items():
                a.setText(self.text(per_system.get(sysid)))
                a.setStyleSheet(ERROR_STYLE if sysid in unavailable else "")
                a.setVisible(not sandbox)
            self.reseller.setText(self.text(reseller))
            self.reseller.setVisible(not sandbox)

    def choose(self, sysid):
        self.m.choose_system(sysid)
        self.complete_changed.emit()

    def set_env(self, env):
        self.m.set_environment(env)
        self.retranslate()
        self.complete_changed.emit()

    def apply(self):
        if self.m.environment == "sandbox":
            try:
                self.host.ensure_sandbox()
            except LedgerWizardError as e:  # a build without the sandbox: said, and Next stays here
                self.env_help.setText(e.render(self.lang()))
                return False
        return True
