"""The settings dialog ("Innstillinger" in the tray): the setup's own steps in sections — sales data, the
accounting system and its keys, accounts, sending, invoicing of credit sales — each saved on its own. It opens with what is saved; a saved key
is not tested again unless it is changed (and then it must be); closing with unsaved changes asks.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QDialog, QHBoxLayout, QLabel, QListWidget, QMessageBox, QPushButton, QScrollArea,
                               QStackedWidget, QVBoxLayout, QWidget)

from ..core.errors import LedgerWizardError
from ..setup import sections as S
from .screen import fit_to_screen
from .steps import step_class
from .steps.base import ERROR_STYLE, OK_STYLE


class SettingsDialog(QDialog):
    """Also the steps' host (``ui.steps.base.StepHost``)."""

    saved = Signal(str)  # a section was saved

    def __init__(self, workspace, connector_factory=None, parent=None):
        super().__init__(parent)
        from ..setup.model import SetupModel
        from .workers import Runner

        self.workspace = workspace
        self._factory = connector_factory
        self.sandbox = None
        self.sandbox_key = ""
        settings = workspace.settings
        self._language = settings.language or "nb"
        self.model = SetupModel.from_settings(settings)
        self.model.language = self._language
        self.model.can_autostart = not workspace.profile.custom
        self.runner = Runner(self)
        self._clean = {s: None for s in S.SECTIONS}
        self.setWindowTitle(self.tr("ledgerwizard – settings"))
        fit_to_screen(self, (900, 640))  # (a small screen: less, the content scrolls)
        lay = QHBoxLayout(self)
        self.list = QListWidget()
        self.list.setMaximumWidth(230)
        lay.addWidget(self.list)
        right = QVBoxLayout()
        self.stack = QStackedWidget()
        right.addWidget(self.stack, 1)
        bottom = QHBoxLayout()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.close)
        self.help_button = QPushButton()
        self.help_button.setAutoDefault(False)
        self.help_button.clicked.connect(self.show_help)
        self.close_button.setAutoDefault(False)
        bottom.addWidget(self.help_button)
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.close_button)
        right.addLayout(bottom)
        lay.addLayout(right, 1)
        self.steps: dict[str, list] = {}
        self._loaded: set[str] = set()
        self._scan_seen = None  # the export scan the invoicing section's customers were listed from
        for section in S.SECTIONS:
            page = QWidget()
            col = QVBoxLayout(page)
            steps = []
            for sid in S.STEPS[section]:
                step = step_class(sid)(self, self.model)
                title = QLabel()
                title.setStyleSheet("font-weight: bold")
                step.titles_changed.connect(lambda step=step, title=title: title.setText(step.title()))
                step.complete_changed.connect(self._update)
                col.addWidget(title)
                col.addWidget(step)
                steps.append(step)
            col.addStretch()
            area = QScrollArea()
            area.setWidgetResizable(True)
            area.setFrameStyle(0)
            area.setWidget(page)
            self.stack.addWidget(area)
            self.steps[section] = steps
            self.list.addItem(S.TITLES[section].get(self._language))
        self.list.currentRowChanged.connect(self._show_section)
        for steps in self.steps.values():
            for step in steps:
                step.retranslate()
        self.save_button.setText(self.tr("Sa&ve this section"))
        self.close_button.setText(self.tr("Cl&ose"))
        self.help_button.setText(self.tr("&Help"))
        self._load_stored_keys()
        self.list.setCurrentRow(0)
        from .focus import FocusRing

        self.focus_ring = FocusRing(self)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        from .screen import keep_on_screen

        keep_on_screen(self)

    def help_text(self, section: str | None = None) -> str:
        """What the section's steps need and where to find them (the wizard's Help texts)."""
        from ..setup.flow import help_text

        return help_text(S.STEPS[section or self.section()], self.model.system, self._language)

    def show_help(self):
        from .about import help_box

        self.help_dialog = help_box(self, S.TITLES[self.section()].get(self._language), self.help_text())
        return self.help_dialog

    # -- the steps' host ---------------------------------------------------------------------------------------------
    @property
    def language(self) -> str:
        return self._language

    def connector(self, company, key):
        if self._factory is not None:
            return self._factory(company, key)
        from ..connectors import open_connector

        return open_connector(company, client_key=key)

    def journal_row(self, store_id, day):
        try:
            return self.workspace.journal.get(store_id, day)
        except LedgerWizardError:
            return None

    def ensure_sandbox(self) -> None:
        from ..connectors.registry import sandbox

        if self.sandbox is None or self.sandbox.name != self.model.system:
            if self.sandbox is not None:
                self.sandbox.stop()
            self.sandbox, clients = sandbox().start_sandbox(self.model.system)
            self.sandbox_key = clients[0][1]
            self.model.sandbox_url = self.sandbox.url

    # -- sections --------------------------------------------------------------------------------------------------------
    def section(self) -> str:
        return S.SECTIONS[max(0, self.list.currentRow())]

    def _show_section(self, row: int) -> None:
        self.stack.setCurrentIndex(row)
        section = S.SECTIONS[row]
        if section not in self._loaded:
            self._loaded.add(section)
            if section == "invoicing":
                self._scan_seen = self.model.scan
            for step in self.steps[section]:
                step.load()
        self._update()

    def _load_stored_keys(self) -> None:
        """The keys in the keyring (read on a worker), shown as saved: tested again only when changed."""
        companies = [(c, self.model.system) for c in self.model.companies]
        secrets = self.workspace.secrets

        def work(task):
            return [(c, secrets.get(system, c.id)) for c, system in companies]

        def done(found):
            for c, key in found:
                if key is not None and not c.key:
                    c.key = c.stored_key = key.reveal()
                    c.verified_name = c.name  # the saved key: in use every day; tested again when changed
            for step in self.steps["ledger"]:
                if "keys" in type(step).__module__:
                    step.load()
            self._reload_invoicing()  # the ledger's customers are read with the keys
            self._snapshot()

        self.runner.start(work, done, lambda e: self._snapshot())
        self._snapshot()

    def _snapshot(self, section: str | None = None) -> None:
        for s in [section] if section else S.SECTIONS:
            self._clean[s] = S.view(self.model, s)

    def dirty(self, section: str) -> bool:
        return self._clean.get(section) is not None and S.view(self.model, section) != self._clean[section]

    def _reload_invoicing(self) -> None:
        """The invoicing section again when what it lists from changed (the keys read, the exports scanned); its
        choices are in the model and stay."""
        self._scan_seen = self.model.scan
        if "invoicing" in self._loaded:
            for step in self.steps["invoicing"]:
                step.load()

    def _update(self) -> None:
        if self.model.scan is not self._scan_seen and "invoicing" in self._loaded:
            self._reload_invoicing()  # (the step's load says complete_changed: back here with the scan seen)
        section = self.section()
        ok = S.complete(self.model, section) and all(step.is_complete() for step in self.steps[section])
        self.save_button.setEnabled(ok and self.dirty(section))
        if not ok:
            self.status.setStyleSheet(ERROR_STYLE)
            self.status.setText(self.tr("Complete the red fields before this section can be saved."))
        elif self.dirty(section):
            self.status.setStyleSheet("")
            self.status.setText(self.tr("Changed, not saved yet."))
        else:
            self.status.setStyleSheet(OK_STYLE)
            self.status.setText(self.tr("Saved."))

    def save(self) -> None:
        """Save the section shown (on a worker: the keyring may be slow)."""
        section = self.section()
        if not S.complete(self.model, section):
            return
        self.save_button.setEnabled(False)
        self.status.setText(self.tr("Saving…"))
        model, ws = self.model, self.workspace

        def work(task):
            from ..services.setup import save_section

            save_section(ws, model, section)
            return section

        def done(_s):
            self._snapshot(section)
            self._update()
            self.saved.emit(section)

        def failed(e):
            self.status.setStyleSheet(ERROR_STYLE)
            from .errortext import error_text

            self.status.setText(error_text(e, self._language, self.workspace.profile))
            self._update()

        self.runner.start(work, done, failed)

    # -- closing ---------------------------------------------------------------------------------------------------------
    def unsaved(self) -> list[str]:
        return [s for s in S.SECTIONS if self.dirty(s)]

    def ask_close(self, unsaved: list[str], then) -> None:
        """Ask (without blocking) whether to discard unsaved sections; ``then(True)`` to close."""
        names = ", ".join(S.TITLES[s].get(self._language) for s in unsaved)
        box = QMessageBox(QMessageBox.Icon.Question, "ledgerwizard", self.tr(
            "These sections have changes that are not saved: {names}. Close without saving them?").format(names=names),
            parent=self)
        discard = box.addButton(self.tr("Close &without saving"), QMessageBox.ButtonRole.DestructiveRole)
        stay = box.addButton(self.tr("&Stay"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(stay)
        box.buttonClicked.connect(lambda b: then(b is discard))
        self._close_box = box
        box.open()

    def reject(self) -> None:
        unsaved = self.unsaved()
        if not unsaved:
            self._finish()
            return
        self.ask_close(unsaved, lambda yes: yes and self._finish())

    def _finish(self) -> None:
        self.runner.wait(10000)
        if self.sandbox is not None:
            self.sandbox.stop()
        super().reject()

    def closeEvent(self, event) -> None:  # the window's close button: as Close
        if self.unsaved():
            event.ignore()
            self.reject()
            return
        self.runner.wait(10000)
        super().closeEvent(event)


__all__ = ["SettingsDialog"]

