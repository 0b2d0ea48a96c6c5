"""A clearly visible keyboard focus: a 2-pixel ring drawn around whichever control has the focus.

The native styles show focus faintly (Windows' dotted rectangle on a button, a thin accent line under a field), and a
style sheet that draws a focus border on every control makes Qt re-polish each widget through its style-sheet style
(measured: the accounts page's table of combo boxes then blocks the GUI thread twice as long). Instead one small
widget follows the focus: it is made a sibling of the focused control (so it scrolls and is clipped with it), placed
just around it, and paints only its outline; mouse clicks go through it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QApplication, QWidget

RING_COLOR = QColor("#1565c0")
RING_WIDTH = 2


class FocusRing(QWidget):
    def __init__(self, window: QWidget):
        super().__init__(window)
        self.window_ = window
        self.target: QWidget | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setObjectName("focus-ring")
        self.hide()
        app = QApplication.instance()
        app.focusChanged.connect(self._focus_changed)
        self._focus_changed()  # the control that had the focus before the ring was made

    def _focus_changed(self, _old=None, _new=None) -> None:
        """Follow the focus within this window (kept where it was while another window is active, as the caret
        is)."""
        new = _new if _old is not None or _new is not None else self.window_.focusWidget()
        if new is None or new.window() is not self.window_ or new is self.target:
            return
        if self.target is not None:
            try:
                self.target.removeEventFilter(self)
            except RuntimeError:  # (deleted meanwhile)
                pass
        self.target = None
        if new is self or new.parentWidget() is None:
            self.hide()
            return
        self.target = new
        new.installEventFilter(self)
        self.setParent(new.parentWidget())
        self._place()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.target and event.type() in (QEvent.Type.Move, QEvent.Type.Resize, QEvent.Type.Show,
                                                        QEvent.Type.Hide):
            self._place()
        return False

    def _place(self) -> None:
        t = self.target
        if t is None or not t.isVisible():
            self.hide()
            return
        m = RING_WIDTH + 1
        self.setGeometry(t.geometry().adjusted(-m, -m, m, m))
        self.raise_()
        self.show()

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(QPen(RING_COLOR, RING_WIDTH))
        half = RING_WIDTH // 2 + 0
        p.drawRoundedRect(QRect(self.rect()).adjusted(half, half, -half - 1, -half - 1), 3, 3)

    def ring_geometry(self) -> QRect:
        """Where the ring is, in the window's coordinates (for tests)."""
        return QRect(self.mapTo(self.window_, self.rect().topLeft()), self.size())


__all__ = ["FocusRing"]
