"""What the tray watches besides its timer: the clock (a resume from sleep, or a clock or time-zone change) and the
network (after a resume, a run waits until it is back).

The clock watch compares the wall clock with the monotonic clock once a minute, never more often; both clocks are
passed in, so a test moves them. The network comes from Qt's ``QNetworkInformation`` (Network List Manager on
Windows, NetworkManager on Linux), loaded on first use: a tray that never resumes from sleep never loads it.
"""

from __future__ import annotations

import logging
import time
from typing import Callable

from PySide6.QtCore import QObject, QTimer, Signal

log = logging.getLogger("ledgerwizard.tray")

CLOCK_WATCH_MS = 60 * 1000  # the resume / clock-change watch: once a minute, never more often
CLOCK_JUMP_S = 90  # the wall clock moved this much more (or less) than the monotonic one: a resume or a change
NETWORK_WAIT_MS = 10 * 60 * 1000  # after a resume, wait at most this long for the network before running anyway
NETWORK_GRACE_MS = 30 * 1000  # no network information on this system: give the network this long after a resume


class ClockWatch(QObject):
    """``jumped(drift_seconds)`` when the wall clock moved differently from the monotonic clock between two looks
    (the PC slept, or the clock or time zone was changed)."""

    jumped = Signal(float)

    def __init__(self, parent=None, wall: Callable[[], float] = time.time,
                 monotonic: Callable[[], float] = time.monotonic, interval_ms: int = CLOCK_WATCH_MS):
        super().__init__(parent)
        self._clocks = wall, monotonic
        self._last = wall(), monotonic()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def interval(self) -> int:
        return self._timer.interval()

    def isActive(self) -> bool:  # noqa: N802 - as QTimer's
        return self._timer.isActive()

    def check(self) -> float | None:
        """One look (the timer's, or a caller's): the drift in seconds if the clock jumped (``jumped`` is emitted),
        else None."""
        wall, mono = self._clocks[0](), self._clocks[1]()
        drift = (wall - self._last[0]) - (mono - self._last[1])
        self._last = wall, mono
        if abs(drift) > CLOCK_JUMP_S:
            log.info("the wall clock jumped by %d s (resume from sleep or a clock change): re-checking", int(drift))
            self.jumped.emit(drift)
            return drift
        return None


class NetworkWatch(QObject):
    """Is the network up? Qt's ``QNetworkInformation``. ``online()`` is None when the system cannot tell."""

    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._info = None
        try:
            from PySide6.QtNetwork import QNetworkInformation

            if QNetworkInformation.loadBackendByFeatures(QNetworkInformation.Feature.Reachability):
                self._info = QNetworkInformation.instance()
                self._info.reachabilityChanged.connect(lambda *_a: self.changed.emit())
        except Exception:  # noqa: BLE001 - no backend: the tray falls back to a grace period
            self._info = None

    def online(self) -> bool | None:
        if self._info is None:
            return None
        from PySide6.QtNetwork import QNetworkInformation

        r = self._info.reachability()
        if r == QNetworkInformation.Reachability.Unknown:
            return None
        return r == QNetworkInformation.Reachability.Online


class NetworkWait(QObject):
    """Runs something once the network is up: at once when it is, else when it comes back (at most
    ``NETWORK_WAIT_MS`` later); without network information, after a short grace period. ``waiting_changed`` while
    it waits (the tray says so in its tooltip). ``network``: anything with ``online()`` and a ``changed`` signal
    (default: a ``NetworkWatch``, made on first use)."""

    waiting_changed = Signal(bool)

    def __init__(self, parent=None, network=None):
        super().__init__(parent)
        self._network = network
        self.waiting = False

    def then(self, callback: Callable[[], None]) -> None:
        if self._network is None:
            self._network = NetworkWatch(self)
        net = self._network
        online = net.online()
        if online:
            callback()
            return
        self._set_waiting(True)
        fired = []

        def go():
            if fired:
                return
            fired.append(1)
            try:
                net.changed.disconnect(check)
            except (RuntimeError, TypeError):
                pass
            log.info("network %s: running", "back" if net.online() else "still unknown or down")
            self._set_waiting(False)
            callback()

        def check():
            if net.online():
                go()

        if online is None:
            log.info("no network information on this system: waiting %d s after the resume", NETWORK_GRACE_MS // 1000)
            QTimer.singleShot(NETWORK_GRACE_MS, go)
        else:
            log.info("waiting for the network before sending")
            net.changed.connect(check)
            QTimer.singleShot(NETWORK_WAIT_MS, go)

    def _set_waiting(self, on: bool) -> None:
        self.waiting = on
        self.waiting_changed.emit(on)
