"""One tray per user and profile: the first instance owns a lock file and listens on a local socket; a second
launch forwards its request ("settings", "send-now", "show") to it and exits. ``QLockFile`` decides who is first
(``QLocalServer`` alone can race on Windows, where two servers may listen on one pipe name); a stale lock left
by a crash is recovered at once."""

from __future__ import annotations

import os
import zlib

from PySide6.QtCore import QLockFile, QObject, Signal


def instance_name(config_dir=None) -> str:
    """The socket's name: per user, and per profile for a profile chosen with ``--profile`` (``config_dir``). A crc
    is enough for a name, and keeps OpenSSL's hashlib out of the tray."""
    user = os.getuid() if hasattr(os, "getuid") else os.environ.get("USERNAME", "u")
    suffix = f"-{zlib.crc32(str(config_dir).encode()):08x}" if config_dir is not None else ""
    return f"ledgerwizard-{user}{suffix}"


class SingleInstance(QObject):
    """First instance: owns the lock and listens. Later ones: forward a message and exit."""

    message = Signal(str)

    def __init__(self, lock_dir, name: str | None = None):
        super().__init__()
        os.makedirs(lock_dir, exist_ok=True)
        self.name = name or instance_name()
        self.lock = QLockFile(os.path.join(str(lock_dir), "tray.lock"))
        self.lock.setStaleLockTime(0)  # a lock whose process is gone is stale at once (crash recovery)
        self.server = None

    def acquire(self, listen: bool = True) -> bool:
        if not self.lock.tryLock(100):
            self.lock.removeStaleLockFile()
            if not self.lock.tryLock(100):
                return False
        if listen:
            self.listen()
        return True

    def listen(self) -> None:
        from PySide6.QtNetwork import QLocalServer

        QLocalServer.removeServer(self.name)  # a socket left by a crashed instance
        self.server = QLocalServer(self)
        self.server.newConnection.connect(self._incoming)
        self.server.listen(self.name)

    def _incoming(self) -> None:
        conn = self.server.nextPendingConnection()
        conn.waitForReadyRead(1000)
        self.message.emit(bytes(conn.readAll().data()).decode("utf-8", "replace").strip())
        conn.disconnectFromServer()

    def forward(self, text: str) -> bool:
        from PySide6.QtNetwork import QLocalSocket

        s = QLocalSocket()
        s.connectToServer(self.name)
        if not s.waitForConnected(2000):
            return False
        s.write(text.encode("utf-8"))
        s.waitForBytesWritten(2000)
        s.disconnectFromServer()
        return True

    def release(self) -> None:
        if self.server is not None:
            self.server.close()
        self.lock.unlock()
