"""A second start on a data file that is already open hands over to the window that has it.

Double-clicking a .clcsync package, or the Start menu shortcut, while CLC Ledger is open must
not end in "already open": the running window comes to the front and, for a package, opens it
for import. The window listens on a local socket (a named pipe on Windows) named for its data
file and this user; the second start connects, sends one line of JSON and leaves once the
window has answered.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

CONNECT_MS = 1500
ANSWER_MS = 5000
ANSWER = b"ok\n"
MAX_REQUEST = 64 * 1024  # a path and a word: anything longer is not ours


def channel_name(database: Path) -> str:
    """The same name for the same file whoever starts the app (case-folded where the file system
    is), different for another user, so one user's start never reaches another's window."""
    key = str(Path(database).resolve())
    if os.name == "nt":
        key = key.casefold()
    try:
        user = getpass.getuser()
    except (OSError, KeyError):  # no user name in the environment: the home folder tells users apart
        user = str(Path.home())
    digest = hashlib.sha256(f"{user}\0{key}".encode()).hexdigest()[:24]
    return f"clc-ledger-{digest}"


def hand_to_running_window(database: Path, package: Path | None) -> bool:
    """Ask the window that has `database` open to come forward (and open `package`); True once
    it has answered. False when no window listens (then the caller explains as before)."""
    socket = QLocalSocket()
    socket.connectToServer(channel_name(database))
    if not socket.waitForConnected(CONNECT_MS):
        return False
    request = {"package": str(Path(package).resolve()) if package is not None else None}
    socket.write(json.dumps(request).encode("utf-8") + b"\n")
    if not socket.waitForBytesWritten(CONNECT_MS):
        return False
    answer = b""
    while not answer.endswith(b"\n") and socket.waitForReadyRead(ANSWER_MS):
        answer += bytes(socket.readAll().data())
    socket.disconnectFromServer()
    return answer == ANSWER


class RunningWindowChannel(QObject):
    """Listens for later starts on the window's data file while the window is open."""

    def __init__(self, window, database: Path,  # type: ignore[no-untyped-def]
                 open_package: Callable[[Path], None]) -> None:
        super().__init__(window)
        self.window = window
        self.open_package = open_package
        self._partial: dict[int, bytes] = {}  # a request's first bytes until its line ends
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        name = channel_name(database)
        # This window holds the file's lock, so a name left behind is a crashed window's socket.
        QLocalServer.removeServer(name)
        if not self.server.listen(name):
            log.warning("no hand-over channel for %s: %s", database, self.server.errorString())
        self.server.newConnection.connect(self._accept)

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            socket.setParent(self)
            socket.readyRead.connect(lambda socket=socket: self._read(socket))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket) -> None:
        buffered = self._partial.pop(id(socket), b"") + bytes(socket.readAll().data())
        if b"\n" not in buffered:
            if len(buffered) > MAX_REQUEST:
                socket.abort()
            else:
                self._partial[id(socket)] = buffered
            return
        line = buffered.split(b"\n", 1)[0]
        try:
            request = json.loads(line.decode("utf-8"))
            package = request.get("package") if isinstance(request, dict) else None
        except (UnicodeDecodeError, ValueError):
            log.warning("ignored a malformed hand-over request")
            socket.abort()
            return
        socket.write(ANSWER)
        socket.flush()
        self.bring_forward()
        if isinstance(package, str) and package:
            self.open_package(Path(package))

    def bring_forward(self) -> None:
        window = self.window
        if window.isMinimized():
            window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
        window.show()
        window.raise_()
        window.activateWindow()
