"""Crash reports: an unexpected internal error is told to the user in one line, and its traceback (redacted) goes
to a file of its own in the profile's log folder for support.

Used by the CLI and by the window entries (``ui/windows.py``) alike, so neither needs the other for it. Loaded
only when something went wrong: it imports the settings and OS adapters then, not before.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import traceback
from pathlib import Path
from typing import Callable

from .core.i18n import Text

EXIT_INTERNAL = 70  # README: an unexpected internal error (details written to the log folder)


def report_crash(error: BaseException, profile: str | os.PathLike | None = None, *,
                 now: Callable[[], dt.datetime] = dt.datetime.now) -> int:
    """One line for the user (standard error) naming the report; the traceback to that report. ``profile``: the
    profile folder given on the command line (None: the default one). Returns the exit code, ``EXIT_INTERNAL``."""
    path = write_report(error, profile, now=now)
    print(Text(f"Uventet feil ({type(error).__name__}). Detaljer: {path}",
               f"Unexpected error ({type(error).__name__}). Details: {path}").get(), file=sys.stderr)
    return EXIT_INTERNAL


def write_report(error: BaseException, profile: str | os.PathLike | None = None, *,
                 now: Callable[[], dt.datetime] = dt.datetime.now) -> Path:
    """The redacted traceback in a new file of the log folder, private to the user. Two crashes in the same second
    (two processes, or one twice) each keep their report: the file is created exclusively, never overwritten."""
    from .adapters.osintegration import redact
    from .adapters.settings import Profile, private_dir

    d = private_dir(Profile.resolve(profile).log_dir)
    text = redact("".join(traceback.format_exception(type(error), error, error.__traceback__))).encode("utf-8")
    stamp = f"{now():%Y%m%d-%H%M%S}-{os.getpid()}"
    for n in range(1, 1000):
        path = d / (f"crash-{stamp}.log" if n == 1 else f"crash-{stamp}-{n}.log")
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        except FileExistsError:
            continue
        with os.fdopen(fd, "wb") as fh:
            fh.write(text)
        return path
    raise FileExistsError(path)


def unexpected(error: BaseException, profile_dir: str | os.PathLike | None = None) -> Text:
    """What a window says about an error that is not one of ours (a bug, not the user's input or a ledger's answer):
    never Python's own text, but that it happened, what to do, and the report written for support."""
    try:
        path: Path | str = write_report(error, profile_dir)
    except OSError:
        path = "?"
    kind = type(error).__name__
    return Text(f"Det oppstod en uventet feil i ledgerwizard ({kind}). Prøv igjen; skjer det igjen, send rapporten "
                f"{path} til den som gir dere støtte (se Om ledgerwizard).",
                f"An unexpected error occurred in ledgerwizard ({kind}). Try again; if it happens again, send the "
                f"report {path} to whoever supports you (see About ledgerwizard).")
