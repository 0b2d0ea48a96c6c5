"""The setup wizard (QWizard). Pages only display ``wizard.flow.WizardModel`` and call it; file reading, key
tests, the chart of accounts, the test transfer and saving run on workers (``ui.workers``), so the window never
freezes. Every string goes through Qt's translation (``self.tr``); bokmål is the default.

Only the first page is built before the window is painted, and it needs nothing but the language; the model
(``wizard.flow``), the worker pool and pages 2–8 (``ui/pages.py``) are made just after, before anyone can press
Next (``ensure_pages``), so the window opens about as fast as an empty QWizard.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWizard, QWizardPage

from ..core.errors import LedgerWizardError
from ..paths import resources_dir
from . import i18n

if TYPE_CHECKING:
    from ..adapters.secrets import Secret, SecretStore
    from ..wizard.flow import WizardModel
    from .workers import Runner

# QWizard translates its own buttons from the "QWizard" context: these entries put them in our catalogue (lupdate
# reads them here), so no button text has to be set (and no QWizard enum touched) before the first paint.
_QWIZARD_TEXTS = (QT_TRANSLATE_NOOP("QWizard", "< &Back"), QT_TRANSLATE_NOOP("QWizard", "&Next >"),
                  QT_TRANSLATE_NOOP("QWizard", "&Next"),  # Windows' Aero style (the default there) has no '>'
                  QT_TRANSLATE_NOOP("QWizard", "&Finish"), QT_TRANSLATE_NOOP("QWizard", "Cancel"),
                  QT_TRANSLATE_NOOP("QWizard", "Commit"), QT_TRANSLATE_NOOP("QWizard", "&Help"))


class Page(QWizardPage):
    def __init__(self, wizard: "SetupWizard"):
        super().__init__()
        self.w = wizard

    @property
    def m(self) -> WizardModel:
        return self.w.model

    def lang(self) -> str:
        return self.w.language

    def text(self, t) -> str:
        return t.get(self.w.language) if t is not None else ""

    def retranslate(self) -> None:  # pragma: no cover - each page sets its texts
        pass


# --- 1 welcome ------------------------------------------------------------------------------------------------------

class WelcomePage(Page):
    def __init__(self, wizard):
        super().__init__(wizard)
        lay = QVBoxLayout(self)
        # plain-text labels: the first rich text in a process costs ~6 ms (Qt sets up its text engine), which the
        # first page should not pay before it is painted
        self.intro, self.steps, self.ready_head, self.ready = QLabel(), QLabel(), QLabel(), QLabel()
        self.steps.setIndent(18)
        bold = self.ready_head.font()
        bold.setBold(True)
        self.ready_head.setFont(bold)
        for label in (self.intro, self.steps, self.ready_head, self.ready):
            label.setWordWrap(True)
            if label is self.ready_head:
                lay.addSpacing(8)
            lay.addWidget(label)
        lay.addSpacing(12)
        row = QHBoxLayout()
        self.lang_label = QLabel()
        self.lang_box = QComboBox()
        self.lang_box.addItem("Norsk bokmål", "nb")
        self.lang_box.addItem("English", "en")
        self.lang_box.setCurrentIndex(0 if wizard.language == "nb" else 1)
        self.lang_label.setBuddy(self.lang_box)
        self.lang_box.currentIndexChanged.connect(lambda i: wizard.set_language(self.lang_box.itemData(i)))
        row.addWidget(self.lang_label)
        row.addWidget(self.lang_box)
        row.addStretch()
        lay.addLayout(row)
        lay.addStretch()

    def retranslate(self):
        self.setTitle(self.tr("Welcome to ledgerwizard"))
        self.setSubTitle(self.tr("Every business day, one correct sales voucher per store in your accounting system."))
        self.intro.setText(self.tr("This setup takes a few minutes. It will:"))
        self.steps.setText(self.tr(
            "1.  read the sales your cash register exports (SAF-T),\n2.  connect to your accounting system,\n"
            "3.  suggest an account for everything you sell and every way customers pay,\n"
            "4.  choose when the day is sent,\n5.  send a test voucher you can check first."))
        self.ready_head.setText(self.tr("Have ready:"))
        self.ready.setText(self.tr("The folder your cash register exports to, and access to your accounting system "
                                   "to create a key."))
        self.lang_label.setText(self.tr("&Language:"))


# --- the wizard -------------------------------------------------------------------------------------------------------------

class SetupWizard(QWizard):
    finished_setup = Signal(bool)  # start now?

    def __init__(self, workspace, model: WizardModel | None = None, connector_factory=None,
                 secrets: SecretStore | None = None):
        super().__init__()
        self.workspace = workspace
        self._model = model  # None: made from the settings when first needed (after the first paint)
        settings = model.settings if model is not None else workspace.settings
        self._language = model.language if model is not None else (settings.language or "nb")
        self._rerun = bool(settings.companies)
        self._runner: Runner | None = None
        self._secrets = secrets  # None: the workspace's key store, looked up when first needed (on a worker)
        self._factory = connector_factory
        self.saved = False
        self.sandbox = None
        self.sandbox_key = ""
        self._journal = None
        self.setWindowTitle("ledgerwizard")
        self.resize(860, 640)
        # the first page now; pages 2–8 as stand-ins (so Next shows) until ensure_pages() builds them
        self._pages: list[QWizardPage] = [WelcomePage(self)] + [QWizardPage() for _ in range(7)]
        self._built = False
        for p in self._pages:
            self.addPage(p)
        self._saving = False
        if self._rerun:  # re-running: change what is needed and finish from any page
            self.setOption(QWizard.WizardOption.HaveFinishButtonOnEarlyPages, True)
            self._pages[0].setFinalPage(True)
        self.retranslate()

    @property
    def model(self) -> WizardModel:
        """What the pages show and edit; re-running, it opens with the current settings."""
        if self._model is None:
            from ..wizard.flow import WizardModel

            self._model = WizardModel.from_settings(self.workspace.settings)
            self._model.language = self._language
            if self._rerun:  # the login's entry as the OS has it now (the user may have turned it off there)
                from ..adapters.osintegration import autostart_enabled

                self._model.autostart = autostart_enabled()
        return self._model

    @property
    def language(self) -> str:
        return self._language

    @property
    def runner(self) -> Runner:
        """The pages' worker pool (files, network, keyring)."""
        if self._runner is None:
            from .workers import Runner

            self._runner = Runner(self)
            self._runner.changed.connect(self._busy_changed)
        return self._runner

    @property
    def secrets(self):
        if self._secrets is None:
            self._secrets = self.workspace.secrets
        return self._secrets

    @property
    def pages(self) -> list:
        self.ensure_pages()
        return self._pages

    def ensure_pages(self) -> None:
        """Build pages 2–8 (once): just after the first paint, or at once when anything needs them."""
        if self._built:
            return
        self._built = True
        from .pages import AccountsPage, DonePage, KeysPage, SchedulePage, SourcePage, SystemPage, TestPage

        for n, cls in enumerate((SourcePage, SystemPage, KeysPage, AccountsPage, SchedulePage, TestPage, DonePage),
                                start=1):
            stand_in, page = self._pages[n], cls(self)
            self.removePage(n)
            stand_in.deleteLater()
            self.setPage(n, page)
            self._pages[n] = page
            if self._rerun:
                page.setFinalPage(True)
            page.retranslate()
        if self._rerun:
            self._load_stored_keys()
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)  # (QWizard's enums: not before paint)
        icon = QIcon()  # the title bar's icon (the taskbar takes the executable's own icon resource)
        for size in (16, 24, 32, 48, 64, 128, 256):  # pre-rendered: no SVG engine needed
            icon.addFile(str(resources_dir() / "icons" / f"ledgerwizard-{size}.png"))
        self.setWindowIcon(icon)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        QTimer.singleShot(30, self.ensure_pages)  # after the first paint

    def validateCurrentPage(self) -> bool:
        self.ensure_pages()
        return super().validateCurrentPage()

    def _load_stored_keys(self) -> None:
        """The keys already in the keyring, read on a worker, so a re-run does not ask for them again."""
        companies = [(c, self.model.system) for c in self.model.companies]

        def work(task):
            return [(c, self.secrets.get(system, c.id)) for c, system in companies]

        def done(found):
            for c, key in found:
                if key is not None and not c.key:
                    c.key, c.verified_name = key.reveal(), c.name
            self.pages[3].completeChanged.emit()

        self.runner.start(work, done, lambda e: None)

    def accept(self):
        """Settings and keys are written only now, on a worker; the window closes when they are saved."""
        if self.saved:  # (saved earlier, and a warning about it was read)
            self._close_saved()
            return
        if self._saving:
            return
        self._saving = True
        done_page = self.pages[-1]
        done_page.show_saving(True)

        def ok(result):
            _settings, autostart_problem = result
            self._saving = False
            self.saved = True
            done_page.show_saving(False)
            if not autostart_problem:
                self._close_saved()
                return
            # saved; only the login entry could not be written: said (never hidden), and Finish closes
            text = self.tr("The settings are saved, but ledgerwizard could not be set to start when you log in "
                           "({problem}). Start it from the Start menu, or try again in the settings. Press Finish "
                           "to close.").format(problem=autostart_problem)
            done_page.show_saving(False, text)
            if self.currentPage() is not done_page:
                from PySide6.QtWidgets import QMessageBox

                box = QMessageBox(QMessageBox.Icon.Warning, "ledgerwizard", text, parent=self)
                box.open()

        def failed(e):
            self._saving = False
            done_page.show_saving(False, e.render(self.language) if isinstance(e, LedgerWizardError) else str(e))
            if self.currentPage() is not done_page:
                from PySide6.QtWidgets import QMessageBox

                QMessageBox.warning(self, "ledgerwizard", done_page.error.text())

        self.save(ok, failed)

    def _close_saved(self) -> None:
        self.finished_setup.emit(self.pages[-1].start_now.isChecked())
        super().accept()

    # -- language -------------------------------------------------------------------------------------------------
    def set_language(self, lang: str) -> None:
        self._language = lang
        if self._model is not None:
            self._model.language = lang
        i18n.install(lang)
        self.retranslate()
        # QWizard re-reads its buttons' texts on the language change but shows them one change late: show them now
        buttons = QWizard.WizardButton
        for b in (buttons.BackButton, buttons.NextButton, buttons.FinishButton, buttons.CancelButton):
            self.button(b).setText(self.buttonText(b))

    def retranslate(self) -> None:
        # the buttons' texts come from QWizard's own context in our catalogue (_QWIZARD_TEXTS), and follow a
        # language switch by themselves
        for p in self._pages:
            if isinstance(p, Page):
                p.retranslate()

    def _busy_changed(self):
        from PySide6.QtCore import Qt

        self.setCursor(Qt.CursorShape.BusyCursor if self.runner.busy else Qt.CursorShape.ArrowCursor)

    # -- services for the pages --------------------------------------------------------------------------------------
    def connector(self, company, key: Secret):
        if self._factory is not None:
            return self._factory(company, key)
        from ..connectors import open_connector

        return open_connector(company, client_key=key)

    @property
    def journal(self):
        return self.workspace.journal

    def journal_row(self, store_id, day):
        try:
            return self.journal.get(store_id, day)
        except LedgerWizardError:
            return None

    def ensure_sandbox(self) -> None:
        """The sandbox environment runs the chosen system's emulator inside the wizard (no account needed)."""
        if self.sandbox is not None and self.sandbox.name == self.model.system:
            return
        if self.sandbox is not None:
            self.sandbox.stop()
        from ..sandbox import start_sandbox

        self.sandbox, clients = start_sandbox(self.model.system)
        self.sandbox_key = clients[0][1]
        self.model.sandbox_url = self.sandbox.url

    def save(self, on_done, on_failed) -> None:
        """Settings and keys are written only now, at the end, on a worker (the keyring may be slow). ``on_done``
        gets the settings and, if starting at login could not be switched as chosen, why (else None)."""
        settings = self.model.build_settings()
        secrets = self.model.secrets()

        autostart = self.model.autostart

        def work(task):
            for system, company_id, key in secrets:
                self.secrets.set(system, company_id, key.reveal())
            self.workspace.save(settings)
            from ..adapters.osintegration import set_autostart

            try:
                set_autostart(autostart)
            except OSError as e:
                return settings, e.strerror or type(e).__name__
            return settings, None

        self.runner.start(work, on_done, on_failed)

    def done(self, result):
        if self._runner is not None:
            self._runner.wait(10000)
        if self.sandbox is not None and not getattr(self, "keep_sandbox", False):
            self.sandbox.stop()
        super().done(result)


def run_wizard(workspace, model=None, connector_factory=None) -> int:
    """Open the wizard as the application's main window (``ledgerwizard setup`` and the demo)."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    if model is not None:
        i18n.install(model.language or "nb")
    else:
        from .dialogs import install_language

        if not install_language(workspace):
            return 2
    w = SetupWizard(workspace, model, connector_factory)
    start_now = []
    w.finished_setup.connect(start_now.append)
    w.keep_sandbox = True  # the demo's tray keeps sending to the sandbox the wizard started
    w.show()
    code = app.exec()
    if start_now and start_now[0]:
        from .tray import run_tray

        workspace.reload_settings()  # just written by the wizard
        return run_tray(workspace)
    if w.sandbox is not None:
        w.sandbox.stop()
    return code


__all__ = ["SetupWizard", "run_wizard"]
