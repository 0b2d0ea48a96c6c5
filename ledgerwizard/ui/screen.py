"""Windows sized from the screen they open on, never from a fixed size: on a 1024×768 laptop at 125 % (819×614
points, less the taskbar) every window and its buttons stay in view; content scrolls inside."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

FRAME_ROOM = (16, 48)  # the window's frame and title bar, outside its size


def fit_to_screen(window: QWidget, preferred: tuple[int, int]) -> None:
    """The preferred size, or the screen's free area (less the frame) where that is smaller."""
    avail = window.screen().availableGeometry()
    window.resize(min(preferred[0], avail.width() - FRAME_ROOM[0]), min(preferred[1], avail.height() - FRAME_ROOM[1]))


def keep_on_screen(window: QWidget) -> None:
    """A window larger than the screen's free area is made to fit, and moved into it (the taskbar excluded)."""
    avail = window.screen().availableGeometry()
    frame = window.frameGeometry()
    extra_w, extra_h = frame.width() - window.width(), frame.height() - window.height()
    if frame.width() > avail.width() or frame.height() > avail.height():
        window.resize(min(window.width(), avail.width() - extra_w), min(window.height(), avail.height() - extra_h))
        frame = window.frameGeometry()
    if not avail.contains(frame):
        x = min(max(frame.x(), avail.x()), avail.right() - frame.width() + 1)
        y = min(max(frame.y(), avail.y()), avail.bottom() - frame.height() + 1)
        window.move(x, y)


__all__ = ["fit_to_screen", "keep_on_screen"]
