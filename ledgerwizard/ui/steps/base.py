"""A setup step as a plain widget: the wizard shows it as a page, the settings dialog as a section.

A step shows part of the ``setup.model.SetupModel`` and calls its rules; it knows nothing of the window around
it. What it needs from that window is the small ``StepHost`` protocol: the language, a worker pool, connectors,
the journal, the sandbox. ``load()`` when it is shown, ``apply()`` when the user goes on (False: stay), and
``complete_changed`` when ``is_complete()`` may have changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QWidget

if TYPE_CHECKING:
    from ...adapters.secrets import Secret
    from ...setup.model import SetupModel
    from ..workers import Runner

ERROR_STYLE = "color: #b00020"
OK_STYLE = "color: #1b5e20"


class StepHost(Protocol):
    """What a step may ask of the window it is shown in."""

    @property
    def language(self) -> str: ...

    @property
    def runner(self) -> Runner: ...

    @property
    def workspace(self): ...

    sandbox_key: str

    def connector(self, company, key: Secret): ...

    def journal_row(self, store_id: str, day): ...

    def ensure_sandbox(self) -> None: ...


class Step(QWidget):
    complete_changed = Signal()
    titles_changed = Signal()

    def __init__(self, host: StepHost, model: SetupModel):
        super().__init__()
        self.host = host
        self.m = model
        self._title = ""
        self._subtitle = ""

    # -- what the window shows around the step --------------------------------------------------------------------
    def title(self) -> str:
        return self._title

    def subtitle(self) -> str:
        return self._subtitle

    def set_title(self, text: str) -> None:
        self._title = text
        self.titles_changed.emit()

    def set_subtitle(self, text: str) -> None:
        self._subtitle = text
        self.titles_changed.emit()

    # -- the step's life ------------------------------------------------------------------------------------------
    def load(self) -> None:
        """Shown (again): fill the widgets from the model."""

    def apply(self) -> bool:
        """The user goes on: commit what the widgets hold to the model. False keeps the user here."""
        return True

    def is_complete(self) -> bool:
        return True

    def retranslate(self) -> None:  # pragma: no cover - each step sets its texts
        pass

    # -- helpers ----------------------------------------------------------------------------------------------------
    def lang(self) -> str:
        return self.host.language

    def text(self, t) -> str:
        return t.get(self.host.language) if t is not None else ""

    def error_message(self, error: BaseException):
        """A failure in both languages as the user should read it (never Python's own message: ``ui.errortext``)."""
        from ..errortext import error_message

        return error_message(error, getattr(self.host.workspace, "profile", None))

    def error_text(self, error: BaseException, lang: str | None = None) -> str:
        return self.error_message(error).get(lang or self.host.language)


def busy_bar() -> QProgressBar:
    bar = QProgressBar()
    bar.setRange(0, 0)
    bar.setMaximumHeight(12)
    bar.setTextVisible(False)
    bar.hide()
    return bar


def wrap(label: QLabel) -> QLabel:
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


__all__ = ["Step", "StepHost", "busy_bar", "wrap", "with_mnemonic", "ERROR_STYLE", "OK_STYLE", "WIZARD_MNEMONICS"]


# the letters the wizard's own buttons use, in both languages (< &Back / < &Tilbake, &Next / &Neste, &Finish / &Fullfør,
# &Help / &Hjelp, Ab&out / &Om): a page's own Alt+letters avoid them
WIZARD_MNEMONICS = frozenset("btnfho")


def with_mnemonic(name: str, taken: set[str]) -> str:
    """``name`` with an Alt+letter (``&``) on its first letter not already ``taken`` (which it then takes); a
    name of only taken letters gets none."""
    for i, ch in enumerate(name):
        if ch.isalnum() and ch.lower() not in taken:
            taken.add(ch.lower())
            return name[:i] + "&" + name[i:]
    return name
