"""Operating-system integration: start at login (HKCU Run on Windows, XDG autostart on Linux), rotating log files
with secrets redacted, and opening the log folder."""

from __future__ import annotations

import logging
import os
import re
import sys
from pathlib import Path

APP = "ledgerwizard"
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"


def launch_command() -> list[str]:
    """How to start the tray app: the frozen executable, or this Python with ``-m ledgerwizard``."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "--tray"]
    return [sys.executable, "-m", "ledgerwizard", "tray"]


def has_display() -> bool:
    """Can a window or a tray icon be shown here (Windows and macOS always; Linux with X11 or Wayland)?"""
    return sys.platform in ("win32", "darwin") or bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) \
        or os.environ.get("QT_QPA_PLATFORM") == "offscreen"


def program_command(*args: str) -> list[str]:
    """This program with a CLI command (the tray's transfer runs): the frozen executable, or ``-m ledgerwizard``."""
    if getattr(sys, "frozen", False):
        return [sys.executable, *args]
    return [sys.executable, "-m", "ledgerwizard", *args]


# --- start at login ---------------------------------------------------------------------------------------------------

def _xdg_file() -> Path:
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "autostart" / f"{APP}.desktop"


def run_key_value(cmd: list[str]) -> str:
    """The HKCU Run value: the executable's path always in quotes (a path with spaces must never be split at them,
    and the installer writes the same), then the arguments."""
    import subprocess

    return f'"{cmd[0]}"' + "".join(" " + subprocess.list2cmdline([a]) for a in cmd[1:])


# Windows' own switch for each Run entry (Task Manager's and Settings' "Startup apps" toggle): a binary value named
# like the Run value, its first byte odd when the user turned the entry off there. The Run value itself stays.
STARTUP_APPROVED_KEY = r"Software\Microsoft\Windows\CurrentVersion\Explorer\StartupApproved\Run"


def autostart_enabled() -> bool:
    """The real state, read from the OS (never a cached setting): an entry that exists and that the user has not
    turned off in Windows' Startup apps (or, on Linux, in the desktop's startup settings)."""
    if sys.platform == "win32":
        import winreg

        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as k:
                winreg.QueryValueEx(k, APP)
        except OSError:
            return False
        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, STARTUP_APPROVED_KEY) as k:
                approved, _kind = winreg.QueryValueEx(k, APP)
        except OSError:
            return True  # never switched in Startup apps: on
        return not (approved and approved[0] & 1)
    f = _xdg_file()
    if not f.is_file():
        return False
    import configparser

    entry = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        entry.read(f, encoding="utf-8")
        d = entry["Desktop Entry"]
    except (configparser.Error, KeyError, UnicodeDecodeError):
        return False  # not an entry the desktop would start
    return d.get("Hidden", "false").lower() != "true" and d.get("X-GNOME-Autostart-enabled", "true").lower() != "false"


def set_autostart(on: bool) -> None:
    """Switch starting at login on or off. Switched on here, it is on, even if the user had turned the entry off in
    Windows' Startup apps before (that switch is cleared)."""
    import shlex

    cmd = launch_command()
    if sys.platform == "win32":
        import winreg

        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE) as k:
            if on:
                winreg.SetValueEx(k, APP, 0, winreg.REG_SZ, run_key_value(cmd))
            else:
                try:
                    winreg.DeleteValue(k, APP)
                except OSError:
                    pass
        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, STARTUP_APPROVED_KEY, 0, winreg.KEY_SET_VALUE) as k:
                winreg.DeleteValue(k, APP)
        except OSError:
            pass  # no such switch (the usual case)
        return
    f = _xdg_file()
    if on:
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text("[Desktop Entry]\nType=Application\nName=ledgerwizard\n"
                     f"Exec={' '.join(shlex.quote(c) for c in cmd)}\nX-GNOME-Autostart-enabled=true\n"
                     "Comment=Daily sales vouchers from the cash register\n", encoding="utf-8")
    elif f.exists():
        f.unlink()


# --- logs --------------------------------------------------------------------------------------------------------------

_SECRETISH = [re.compile(p) for p in (
    r"(?i)(authorization:\s*)(bearer|basic|token)\s+\S+",
    r"(?i)((?:client_?key|employee_?token|consumer_?token|access_token|subscription[-_]key|api[-_]key|password)"
    r"[\"']?\s*[:=]\s*[\"']?)[^\s\"',&]+",
    r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b",  # GUID client keys
)]


def redact(text: str) -> str:
    for p in _SECRETISH:
        text = p.sub(lambda m: (m.group(1) if m.groups() else "") + "***", text)
    return text


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = ()
        return True


class SizeRotatingFileHandler(logging.FileHandler):
    """``logging.handlers.RotatingFileHandler``'s size rotation (name, name.1 … name.N), on the plain
    ``FileHandler``. Written here because importing ``logging.handlers`` loads the socket, pickle, queue and
    selectors modules for its network handlers: 1.8 MB of RSS and several ms at start-up for the tray process,
    which sits in the notification area for years and only ever needs this."""

    def __init__(self, path: Path, max_bytes: int, backups: int):
        super().__init__(path, encoding="utf-8", delay=False)
        self.max_bytes, self.backups = max_bytes, backups

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self.stream is not None and self.stream.tell() >= self.max_bytes:
                self.rotate()
        except (OSError, ValueError):
            pass  # rotation is best effort (another process may hold a file on Windows); logging goes on
        super().emit(record)

    def format(self, record: logging.LogRecord) -> str:
        """One log line per record whatever it carries: the message (with its arguments: file and store names
        from an export, a ledger's answer) through ``core.display.printable``, so a line break or a terminal escape
        in a value is written as ``\\x0a``/``\\x1b`` and cannot forge a line or rewrite a terminal showing the log;
        a traceback keeps its own line breaks, each of its lines escaped (and redacted) the same way. The record
        itself is left as it is for any other handler."""
        from ..core.display import printable

        safe = logging.makeLogRecord(record.__dict__)
        safe.msg, safe.args = printable(record.getMessage()), None
        safe.exc_info = safe.exc_text = safe.stack_info = None
        text = super().format(safe)
        fmt = self.formatter or logging.Formatter()
        blocks = []
        if record.exc_info:
            blocks.append(fmt.formatException(record.exc_info))
        elif record.exc_text:
            blocks.append(record.exc_text)
        if record.stack_info:
            blocks.append(fmt.formatStack(record.stack_info))
        for block in blocks:
            text += "\n" + "\n".join(printable(redact(line)) for line in block.split("\n"))
        return text

    def _open(self):
        """The log file, created readable by the user only (0600 on POSIX, whatever the umask); appended to."""
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_BINARY", 0)
        fd = os.open(self.baseFilename, flags, 0o600)
        return open(fd, self.mode, encoding=self.encoding, errors=self.errors)

    def rotate(self) -> None:
        if self.stream is not None:
            self.stream.close()
        self.stream = None
        base = self.baseFilename
        for n in range(self.backups - 1, 0, -1):
            if os.path.exists(f"{base}.{n}"):
                os.replace(f"{base}.{n}", f"{base}.{n + 1}")
        if os.path.exists(base):
            os.replace(base, f"{base}.1")
        self.stream = self._open()


def setup_logging(log_dir: Path, level: int = logging.INFO, name: str = "ledgerwizard.log") -> Path:
    """Rotating, redacted log files. Each kind of process has its own file (the tray ``ledgerwizard.log``, its
    transfer runs ``transfers.log``): two processes never rotate the same file (which fails on Windows)."""
    log_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = log_dir / name
    root = logging.getLogger("ledgerwizard")
    if not any(isinstance(h, SizeRotatingFileHandler) for h in root.handlers):
        h = SizeRotatingFileHandler(path, max_bytes=2_000_000, backups=5)
        h.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        h.addFilter(RedactingFilter())
        root.addHandler(h)
    root.setLevel(level)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # URLs only, but keep the log about decisions
    return path


def open_folder(path: Path) -> None:  # pragma: no cover - opens a window
    import subprocess

    if sys.platform == "win32":
        os.startfile(str(path))  # noqa: S606
    elif sys.platform == "darwin":
        subprocess.Popen(["open", str(path)])
    else:
        subprocess.Popen(["xdg-open", str(path)])
