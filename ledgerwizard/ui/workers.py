"""Run slow work (file parsing, network, keyring) off the GUI thread; results come back by queued signals."""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int, str)


class Task(QRunnable):
    """``fn(task)`` runs on a pool thread; it may call ``task.report(i, n, text)`` and check ``task.cancelled``."""

    def __init__(self, fn: Callable[["Task"], Any]):
        super().__init__()
        self.setAutoDelete(False)
        self.fn = fn
        self.cancelled = False
        self.signals = _Signals()  # created in the GUI thread: its slots run there

    def report(self, i: int, n: int, text: str = "") -> None:
        self.signals.progress.emit(i, n, text)

    def run(self) -> None:
        try:
            result = self.fn(self)
        except BaseException as e:  # noqa: BLE001 - every failure goes back to the page as data
            self._emit(self.signals.failed, e)
            return
        self._emit(self.signals.done, result)

    def _emit(self, signal, value) -> None:
        try:
            signal.emit(value)
        except RuntimeError:  # the window that asked was closed meanwhile: nobody waits for the answer
            pass


class Runner(QObject):
    """Keeps the running tasks alive and counts them (pages show busy while any runs)."""

    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.running: set[Task] = set()
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(4)

    def start(self, fn, on_done, on_failed, on_progress=None) -> Task:
        t = Task(fn)
        # the runner owns the task's signals: a window closed (and its runner deleted) while the task runs gets no
        # answer delivered to it (the task's emit finds no receiver and drops it: Task._emit)
        t.signals.setParent(self)
        t.signals.done.connect(lambda r, t=t: self._finish(t, on_done, r))
        t.signals.failed.connect(lambda e, t=t: self._finish(t, on_failed, e))
        if on_progress is not None:
            t.signals.progress.connect(on_progress)
        self.running.add(t)
        self.changed.emit()
        self.pool.start(t)
        return t

    def _finish(self, task: Task, callback, value) -> None:
        self.running.discard(task)
        task.signals.deleteLater()
        self.changed.emit()
        callback(value)

    @property
    def busy(self) -> bool:
        return bool(self.running)

    def wait(self, ms: int = 30000) -> bool:
        return self.pool.waitForDone(ms)
