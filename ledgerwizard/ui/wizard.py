"""The setup wizard (QWizard), built by walking the setup's flow (``setup.flow``): one page per step, each page a
thin frame (title, a scroll area, completeness) around the step's widget (``ui/steps``). The steps only display
``setup.model.SetupModel`` and call it; file reading, key tests, the chart of accounts, the test transfer and
saving run on workers (``ui.workers``), so the window never freezes. Every string goes through Qt's translation
(``self.tr``); bokmål is the default.

Only the first step is built before the window is painted, and it needs nothing but the language; the model,
the worker pool and the other steps are made just after, before anyone can press Next (``ensure_pages``), so
the window opens about as fast as an empty QWizard.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QPushButton, QScrollArea, QVBoxLayout, QWizard, QWizardPage

from ..core.errors import LedgerWizardError
from ..paths import resources_dir
from .errortext import error_text
from . import i18n
from .steps.welcome import WelcomeStep

if TYPE_CHECKING:
    from ..adapters.secrets import Secret
    from ..setup.flow import Flow
    from ..setup.model import SetupModel
    from .steps.base import Step
    from .workers import Runner

# QWizard translates its own buttons from the "QWizard" context: these entries put them in our catalogue (lupdate
# reads them here), so no button text has to be set (and no QWizard enum touched) before the first paint.
_QWIZARD_TEXTS = (QT_TRANSLATE_NOOP("QWizard", "< &Back"), QT_TRANSLATE_NOOP("QWizard", "&Next >"),
                  QT_TRANSLATE_NOOP("QWizard", "&Next"),  # Windows' Aero style (the default there) has no '>'
                  QT_TRANSLATE_NOOP("QWizard", "&Finish"), QT_TRANSLATE_NOOP("QWizard", "Cancel"),
                  QT_TRANSLATE_NOOP("QWizard", "Commit"), QT_TRANSLATE_NOOP("QWizard", "&Help"))

# the size the wizard likes; a smaller screen (1024×768 at 125 %: 819×614 points, less the taskbar) gets less, and the
# steps scroll inside their pages while the buttons stay in view
PREFERRED_SIZE = (860, 640)
# the flow's steps, first to last (the map's order; ``setup.flow`` decides it, this only sizes the window early)
_FIRST = "welcome"


class StepPage(QWizardPage):
    """A step in a wizard page: its title, its widget in a scroll area, and whether the user may go on."""

    def __init__(self, wizard: SetupWizard, step_id: str, step: Step | None = None):
        super().__init__()
        self.wizard_ = wizard
        self.step_id = step_id
        self.step: Step | None = None
        self._lay = QVBoxLayout(self)
        self._lay.setContentsMargins(0, 0, 0, 0)
        if step is not None:
            self.set_step(step)

    def set_step(self, step: Step) -> None:
        self.step = step
        area = QScrollArea()  # on a small screen the step scrolls; the wizard's buttons never do
        area.setWidgetResizable(True)
        area.setFrameStyle(0)  # no frame (an int: no QFrame enum built before the first paint)
        area.setWidget(step)
        self._lay.addWidget(area)
        step.complete_changed.connect(self.completeChanged.emit)
        step.titles_changed.connect(self._titles)
        self._titles()

    def _titles(self) -> None:
        if self.step is not None:
            self.setTitle(self.step.title())
            self.setSubTitle(self.step.subtitle())

    def initializePage(self) -> None:
        if self.step is not None:
            self.step.load()

    def validatePage(self) -> bool:
        return self.step is None or self.step.apply()

    def isComplete(self) -> bool:
        if self.step is None:
            return True
        flow = self.wizard_.flow_if_made()
        return self.step.is_complete() and (flow is None or flow.complete(self.step_id))

    def nextId(self) -> int:
        return self.wizard_.next_page(self.step_id)


class SetupWizard(QWizard):
    finished_setup = Signal(bool)  # start now?

    def __init__(self, workspace, model: SetupModel | None = None, connector_factory=None):
        super().__init__()
        self.workspace = workspace
        self._model = model  # None: made from the settings when first needed (after the first paint)
        if model is not None and workspace.profile.custom:
            model.can_autostart = False  # the login entry starts the user's own profile, never this one
        self._flow: Flow | None = None
        settings = model.settings if model is not None else workspace.settings
        self._language = model.language if model is not None else (settings.language or "nb")
        self._rerun = bool(settings.companies)
        self._runner: Runner | None = None
        self._factory = connector_factory
        self.saved = False
        self.sandbox = None
        self.sandbox_key = ""
        self.setWindowTitle("ledgerwizard")
        from .screen import fit_to_screen

        fit_to_screen(self, PREFERRED_SIZE)
        # the first step now; the others as empty pages (so Next shows) until ensure_pages() builds them
        self._pages: list[StepPage] = [StepPage(self, _FIRST, WelcomeStep(self, None, self.set_language))]
        self._built = False
        self.addPage(self._pages[0])
        for _ in range(7):  # stand-ins: the flow (and its model) are made after the first paint
            stand_in = QWizardPage()
            self._pages.append(stand_in)  # type: ignore[arg-type]
            self.addPage(stand_in)
        self._saving = False
        if self._rerun:  # re-running: change what is needed and finish from any step
            self.setOption(QWizard.WizardOption.HaveFinishButtonOnEarlyPages, True)
            self._pages[0].setFinalPage(True)
        self.retranslate()

    # -- the model and the flow -------------------------------------------------------------------------------------
    @property
    def model(self) -> SetupModel:
        """What the steps show and edit; re-running, it opens with the current settings."""
        if self._model is None:
            from ..setup.model import SetupModel

            self._model = SetupModel.from_settings(self.workspace.settings)
            self._model.language = self._language
            self._model.can_autostart = not self.workspace.profile.custom
            if self._rerun and self._model.can_autostart:  # the login entry as the OS has it now (the user may
                from ..adapters.osintegration import autostart_enabled  # have turned it off there)

                self._model.autostart = autostart_enabled()
            self._model.mark_clean()
        return self._model

    @property
    def flow(self) -> Flow:
        if self._flow is None:
            from ..setup.flow import Flow

            self._flow = Flow(self.model, rerun=self._rerun)
        return self._flow

    def flow_if_made(self) -> Flow | None:
        return self._flow

    def next_page(self, step_id: str) -> int:
        """The page the flow leads to from ``step_id`` (-1: the last)."""
        if not self._built:
            return self.currentId() + 1 if self.currentId() + 1 < len(self._pages) else -1
        nxt = self.flow.steps[step_id].next_id(self.model)
        ids = [getattr(p, "step_id", None) for p in self._pages]
        return ids.index(nxt) if nxt in ids else -1

    @property
    def language(self) -> str:
        return self._language

    @property
    def runner(self) -> Runner:
        """The steps' worker pool (files, network, keyring)."""
        if self._runner is None:
            from .workers import Runner

            self._runner = Runner(self)
            self._runner.changed.connect(self._busy_changed)
        return self._runner

    @property
    def secrets(self):
        """The workspace's key store (looked up when first needed, on a worker)."""
        return self.workspace.secrets

    @property
    def pages(self) -> list[StepPage]:
        self.ensure_pages()
        return self._pages

    @property
    def steps(self) -> list[Step]:
        """The steps' widgets, in the flow's order (the steps on the way the draft leads now)."""
        by_id = {p.step_id: p.step for p in self.pages}
        return [by_id[sid] for sid in self.flow.order()]  # type: ignore[misc]

    def step(self, step_id: str) -> Step:
        return next(p.step for p in self.pages if p.step_id == step_id)  # type: ignore[return-value]

    def current_step(self) -> Step:
        page = self.currentPage()
        return page.step if isinstance(page, StepPage) else None  # type: ignore[return-value]

    @property
    def steps_built(self) -> bool:
        """Whether the steps after the first exist yet (they are built after the first paint)."""
        return self._built

    def ensure_pages(self) -> None:
        """Build the other steps (once): just after the first paint, or at once when anything needs them."""
        if self._built:
            return
        self._built = True
        from .steps import step_class

        order = self.flow.order()
        # the steps off the way the draft leads now get a page too (after the others): the way can change (the
        # invoicing step shows only when the exports have credit sales), and the flow names the next page
        order += [sid for sid in self.flow.steps if sid not in order]
        for n, sid in enumerate(order[1:], start=1):
            page = StepPage(self, sid, step_class(sid)(self, self.model))
            if n < len(self._pages):
                stand_in = self._pages[n]
                self.removePage(n)
                stand_in.deleteLater()
                self.setPage(n, page)
                self._pages[n] = page
            else:
                self.setPage(n, page)
                self._pages.append(page)
            if self._rerun:
                page.setFinalPage(True)
            page.step.retranslate()
        self._pages[0].step.m = self.model
        if self._rerun:
            self._load_stored_keys()
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)  # (QWizard's enums: not before paint)
        self.setOption(QWizard.WizardOption.HaveHelpButton, True)
        self.setOption(QWizard.WizardOption.HaveCustomButton1, True)  # "About"
        self.helpRequested.connect(self.show_help)
        self.customButtonClicked.connect(lambda which: self.show_about())
        buttons = QWizard.WizardButton
        # Enter presses Next or Finish, never Back (a focused button becomes the default unless told not to)
        for b in (buttons.BackButton, buttons.CancelButton, buttons.HelpButton, buttons.CustomButton1):
            button = self.button(b)
            if isinstance(button, QPushButton):  # (Windows' Aero style draws Back as a plain arrow, never a default)
                button.setAutoDefault(False)
        from .focus import FocusRing

        self.focus_ring = FocusRing(self)
        self._about_text()
        from .screen import keep_on_screen

        keep_on_screen(self)
        icon = QIcon()  # the title bar's icon (the taskbar takes the executable's own icon resource)
        for size in (16, 24, 32, 48, 64, 128, 256):  # pre-rendered: no SVG engine needed
            icon.addFile(str(resources_dir() / "icons" / f"ledgerwizard-{size}.png"))
        self.setWindowIcon(icon)
        self.currentIdChanged.connect(self._follow)

    def _follow(self, page_id: int) -> None:
        if 0 <= page_id < len(self._pages) and self._flow is not None:
            self._flow.go_to(self._pages[page_id].step_id)

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
                    c.stored_key = c.key
            self.step("keys").complete_changed.emit()

        self.runner.start(work, done, lambda e: None)

    def accept(self):
        """Settings and keys are written only now, on a worker; the window closes when they are saved."""
        if self.saved:  # (saved earlier, and a warning about it was read)
            self._close_saved()
            return
        if self._saving:
            return
        self._saving = True
        done_step = self.step("done")
        done_step.show_saving(True)

        def ok(result):
            _settings, autostart_problem = result
            self._saving = False
            self.saved = True
            done_step.show_saving(False)
            if not autostart_problem:
                self._close_saved()
                return
            # saved; only the login entry could not be written: said (never hidden), and Finish closes
            text = self.tr("The settings are saved, but ledgerwizard could not be set to start when you log in "
                           "({problem}). Start it from the Start menu, or try again in the settings. Press Finish "
                           "to close.").format(problem=autostart_problem)
            done_step.show_saving(False, text)
            if self.current_step() is not done_step:
                from PySide6.QtWidgets import QMessageBox

                box = QMessageBox(QMessageBox.Icon.Warning, "ledgerwizard", text, parent=self)
                box.open()

        def failed(e):
            self._saving = False
            done_step.show_saving(False, error_text(e, self.language, self.workspace.profile))
            if self.current_step() is not done_step:
                from PySide6.QtWidgets import QMessageBox

                QMessageBox.warning(self, "ledgerwizard", done_step.error.text())

        self.save(ok, failed)

    def reject(self) -> None:
        """Cancel, Esc or the window's close button (QDialog routes it here): never throws a setup away without
        asking. After a test voucher was posted, keeping what was set up is offered (the ledger has the day)."""
        if self.saved or self._model is None or self._saving or \
                not (self.model.test_sent or self.model.has_changes()):
            super().reject()
            return
        self.ask_close(self.model.test_sent, self._closing)

    def _closing(self, answer: str) -> None:
        if answer == "save":
            self.accept()
        elif answer == "discard":
            super().reject()

    def ask_close(self, test_sent: bool, then) -> None:
        """Ask (without blocking) whether to keep, discard or go on; ``then('save'|'discard'|'stay')``."""
        from PySide6.QtWidgets import QMessageBox

        if test_sent:
            text = self.tr("The test voucher is already in the accounts. Keep what you have set up (it is saved "
                           "now), or discard it?")
        else:
            text = self.tr("Discard what you have set up? Nothing has been saved yet.")
        box = QMessageBox(QMessageBox.Icon.Question, "ledgerwizard", text, parent=self)
        save = box.addButton(self.tr("&Keep and close"), QMessageBox.ButtonRole.AcceptRole) if test_sent else None
        discard = box.addButton(self.tr("&Discard"), QMessageBox.ButtonRole.DestructiveRole)
        stay = box.addButton(self.tr("&Continue the setup"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(stay)
        box.buttonClicked.connect(lambda b: then("save" if save is not None and b is save else
                                                 "discard" if b is discard else "stay"))
        self._close_box = box
        box.open()

    def _close_saved(self) -> None:
        self.finished_setup.emit(self.step("done").start_now.isChecked())
        super().accept()

    # -- help and about -------------------------------------------------------------------------------------------
    def help_text(self, step_id: str | None = None) -> str:
        """What the page needs and where to find it in the ledger (the key's steps for the chosen system)."""
        from ..setup.flow import help_text

        return help_text([step_id or self.current_step_id()], self.model.system, self.language)

    def current_step_id(self) -> str:
        page = self.currentPage()
        return page.step_id if isinstance(page, StepPage) else _FIRST

    def show_help(self):
        from .about import help_box

        page = self.currentPage()
        self.help_dialog = help_box(self, page.title() if page is not None else "ledgerwizard", self.help_text())
        return self.help_dialog

    def show_about(self):
        from .about import about_box

        self.about_dialog = about_box(self, self.language, str(self.workspace.profile.log_dir))
        return self.about_dialog

    def _about_text(self) -> None:
        if self._built:
            self.setButtonText(QWizard.WizardButton.CustomButton1, self.tr("Ab&out"))

    # -- language -------------------------------------------------------------------------------------------------
    def set_language(self, lang: str) -> None:
        self._language = lang
        if self._model is not None:
            self._model.language = lang
        i18n.install(lang)
        self.retranslate()
        # QWizard re-reads its buttons' texts on the language change but shows them one change late: show them now
        buttons = QWizard.WizardButton
        for b in (buttons.BackButton, buttons.NextButton, buttons.FinishButton, buttons.CancelButton,
                  buttons.HelpButton):
            self.button(b).setText(self.buttonText(b))
        self._about_text()

    def retranslate(self) -> None:
        # the buttons' texts come from QWizard's own context in our catalogue (_QWIZARD_TEXTS), and follow a
        # language switch by themselves
        for p in self._pages:
            if isinstance(p, StepPage) and p.step is not None:
                p.step.retranslate()

    def _busy_changed(self):
        from PySide6.QtCore import Qt

        self.setCursor(Qt.CursorShape.BusyCursor if self.runner.busy else Qt.CursorShape.ArrowCursor)

    # -- the steps' host (ui.steps.base.StepHost) ------------------------------------------------------------------
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
        from ..connectors.registry import sandbox

        self.sandbox, clients = sandbox().start_sandbox(self.model.system)
        self.sandbox_key = clients[0][1]
        self.model.sandbox_url = self.sandbox.url

    def open_status(self):
        """The status window from the last step (days sent so far, what automatic sending will send): sending
        from it goes through ``ledgerwizard run`` processes, as from the tray."""
        import datetime as dt

        from .status import StatusWindow
        from .tray.runner import Runner, run_arguments

        ws = self.workspace
        window = getattr(self, "status_window", None)
        if window is not None and window.isVisible():  # open already: brought forward, never a second one
            window.raise_()
            window.activateWindow()
            return window
        if getattr(self, "_status_runner", None) is None:
            self._status_runner = Runner(ws, lambda source, send, *, report, keys_stdin: run_arguments(
                source, send, report=report, now=dt.datetime.now(dt.timezone.utc), profile_dir=ws.profile.config_dir
                if ws.profile.custom else None, keys_stdin=keys_stdin), self)
            # (connected once: it reloads whichever status window is the current one)
            self._status_runner.finished.connect(lambda _r: self.status_window.load())
        self.status_window = StatusWindow(ws, lambda req: self._status_runner.request("send-now", req), self.language)
        self.status_window.show()
        return self.status_window

    def save(self, on_done, on_failed) -> None:
        """Settings and keys are written only now, at the end, on a worker (the keyring may be slow). ``on_done``
        gets the settings and, if starting at login could not be switched as chosen, why (else None)."""
        settings = self.model.build_settings()
        secrets = self.model.secrets()
        autostart = self.model.autostart if self.model.can_autostart else None

        def work(task):
            from ..services.setup import apply_setup

            return settings, apply_setup(self.workspace, settings, secrets, autostart)

        self.runner.start(work, on_done, on_failed)

    def done(self, result):
        if self._runner is not None:
            self._runner.wait(10000)
        if self.sandbox is not None and not getattr(self, "keep_sandbox", False):
            self.sandbox.stop()
        super().done(result)


def run_wizard(workspace, model=None, connector_factory=None, then=None) -> int:
    """Open the wizard as the application's main window (``ledgerwizard setup`` and the demo); ``then(workspace)``
    when the user chose to start now (the tray, wired by ``ui.windows``)."""
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
    if start_now and start_now[0] and then is not None:
        workspace.reload_settings()  # just written by the wizard
        return then(workspace)
    if w.sandbox is not None:
        w.sandbox.stop()
    return code


__all__ = ["SetupWizard", "StepPage", "run_wizard"]
