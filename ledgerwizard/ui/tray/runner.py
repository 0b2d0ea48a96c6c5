"""The tray's runs: each one a ``ledgerwizard run`` child process (``QProcess``), one at a time.

The child imports the heavy parts (XML, HTTP, TLS), sends through the one path, writes a small JSON report
(``core.runreport``) and exits; the tray only reads that report. A run still going after the time limit is stopped
(the journal makes that safe), and a run that ends without a report (killed, crashed) is reported as such.
Requests that come in while a run is going wait their turn (the same request only once).
"""

from __future__ import annotations

import logging
import os
import time
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QObject, QTimer, Signal

from ...adapters import osintegration

if TYPE_CHECKING:
    from ...core.runreport import RunReport
    from ...core.schedule import SendRequest

log = logging.getLogger("ledgerwizard.tray")

RUN_TIME_LIMIT_MS = 30 * 60 * 1000  # a run still going after this is stopped (the journal makes that safe)


def run_arguments(source: str, send: SendRequest | str | None, *, report: str, now, paused: bool = False,
                  confirmed: bool = False, profile_dir=None, keys_stdin: bool = False) -> list[str]:
    """The ``ledgerwizard`` arguments of one run writing its report to ``report``: the schedule's due days at
    ``now`` (``send`` None), ``"latest"`` (Send now) or a ``SendRequest`` (Send chosen days). ``profile_dir`` for
    a profile chosen with ``--profile``; ``keys_stdin`` when the keys are handed over on the child's standard input
    (the demo's in-memory keys)."""
    args = [] if profile_dir is None else ["--profile", str(profile_dir)]
    args += ["run", "--report", report, "--source", source]
    if send is None:
        args += ["--now", now.isoformat()]
        if paused:
            args.append("--paused")
        if confirmed or source == "catch-up":
            args.append("--confirmed")
    elif send == "latest":
        args.append("--latest")
    else:
        args += ["--from", send.first.isoformat(), "--to", send.last.isoformat(), "--stores", ",".join(send.stores)]
        for store, day, fingerprint in send.accept:
            args += ["--accept", f"{store}:{day.isoformat()}:{fingerprint}"]
    if keys_stdin:
        args.append("--keys-stdin")
    return args


class Runner(QObject):
    """``request(source, send)`` starts a run, or queues it while one is going. ``started(source)`` as each run
    starts, ``finished(report)`` with its ``RunReport`` when it has ended (whatever the way).

    ``arguments(source, send, report=…, keys_stdin=…)`` gives a run's arguments (``run_arguments`` with the tray's
    state) at the moment it starts, so a queued run sees the state of then. ``time_limit_ms``: a run still going is stopped."""

    started = Signal(str)
    finished = Signal(object)

    def __init__(self, workspace, arguments: Callable[..., list[str]], parent=None,
                 time_limit_ms: int = RUN_TIME_LIMIT_MS):
        super().__init__(parent)
        self.ws = workspace
        self.arguments = arguments
        self.time_limit_ms = time_limit_ms
        self.process = None  # the running QProcess
        self._report_path = ""
        self._queue: list[tuple[str, object]] = []
        self._timed_out = False
        self._limit = QTimer(self)
        self._limit.setSingleShot(True)
        self._limit.timeout.connect(self._too_long)

    @property
    def busy(self) -> bool:
        return self.process is not None

    def request(self, source: str, send: SendRequest | str | None = None) -> None:
        if self.process is not None:
            if (source, send) not in self._queue:
                self._queue.append((source, send))
            return
        self.started.emit(source)
        self._report_path = _report_file(self.ws.profile.data_dir)
        handover = self.ws.key_handover()  # the demo's in-memory keys, over the pipe
        cmd = osintegration.program_command(*self.arguments(source, send, report=self._report_path,
                                                            keys_stdin=handover is not None))
        from PySide6.QtCore import QProcess

        p = QProcess(self)
        p.setProcessChannelMode(QProcess.ProcessChannelMode.MergedChannels)
        p.finished.connect(self._finished)
        p.errorOccurred.connect(self._process_error)
        self.process = p
        log.info("run (%s) started", source)
        p.start(cmd[0], cmd[1:])
        if handover is not None:
            p.write(handover.encode("utf-8"))
        p.closeWriteChannel()
        self._limit.start(self.time_limit_ms)

    def clear_queue(self) -> None:
        self._queue.clear()

    def _process_error(self, err) -> None:
        from PySide6.QtCore import QProcess

        if err == QProcess.ProcessError.FailedToStart:  # finished() never comes
            self._finished(-1)

    def _too_long(self) -> None:
        if self.process is not None:
            log.error("run took longer than %d s: stopped", self._limit.interval() // 1000)
            self._timed_out = True
            self.process.kill()

    def _finished(self, code, status=None) -> None:
        p, self.process = self.process, None
        if p is None:
            return
        self._limit.stop()
        output = bytes(p.readAll().data()).decode("utf-8", "replace")[-2000:]
        p.deleteLater()
        from ...core.runreport import RunReport

        try:
            rep = RunReport.read(self._report_path)
        except (OSError, ValueError, KeyError, TypeError):
            timed_out = self._timed_out
            log.error("run ended without a report (exit %s)%s", code, (": " + osintegration.redact(output)) if output else "")
            rep = _no_report(code, timed_out)
        finally:
            self._timed_out = False
            for leftover in (self._report_path, self._report_path + ".part"):  # .part: killed while writing it
                try:
                    os.remove(leftover)
                except OSError:
                    pass
        self.finished.emit(rep)
        if self._queue:
            source, send = self._queue.pop(0)
            self.request(source, send)


def _no_report(code, timed_out: bool) -> RunReport:
    from ...core.i18n import Text
    from ...core.runreport import RunReport

    return RunReport(error_code="run_timeout" if timed_out else "run_crashed", error_text=Text(
        "Overføringen tok for lang tid og ble stoppet. Den sjekkes igjen om litt; ingen dag sendes to ganger."
        if timed_out else
        f"Overføringen stoppet uventet (kode {code}). Den sjekkes igjen om litt; ingen dag sendes to ganger.",
        "The transfer took too long and was stopped. It is checked again shortly; no day is sent twice."
        if timed_out else
        f"The transfer stopped unexpectedly (code {code}). It is checked again shortly; no day is sent twice."))


def _report_file(folder) -> str:
    os.makedirs(folder, exist_ok=True)
    return os.path.join(str(folder), f"run-{os.getpid()}-{time.time_ns()}.json")
