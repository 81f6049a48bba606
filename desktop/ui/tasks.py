"""Running long work off the GUI thread with a progress dialog and a Cancel button.

The work is a plain function taking a `Progress`; it queues on the one database worker
(database_worker.py), so jobs run one at a time, and its result comes back to the GUI thread
through signals. A failure the caller does not handle itself is shown to the user in a message
box, never only logged. Nothing ever calls QThread.terminate: cancelling asks the work to stop
between steps (a job still waiting in the queue does not start at all).
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop.errors import UserError
from desktop.i18n import _
from desktop.progress import Cancelled, Progress
from desktop.ui.database_worker import database_worker
from desktop.ui.messages import show_error

log = logging.getLogger(__name__)


class _Signals(QObject):
    started = Signal()
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()


class _Job(QRunnable):
    def __init__(self, work: Callable[[Progress], Any], signals: _Signals, progress: Progress) -> None:
        super().__init__()
        self.work, self.signals, self.progress = work, signals, progress

    def run(self) -> None:
        if self.progress.cancelled:  # cancelled while it waited behind another job
            self._emit(self.signals.cancelled)
            return
        self._emit(self.signals.started)
        try:
            result = self.work(self.progress)
        except Cancelled:
            self._emit(self.signals.cancelled)
        except UserError as error:  # a known error, shown to the user: its text may name people
            log.info("background work refused: %s", type(error).__name__)
            self._emit(self.signals.failed, error)
        except Exception as error:  # handed to the GUI thread, which decides how to show it
            log.error("background work failed:\n%s", traceback.format_exc())
            self._emit(self.signals.failed, error)
        else:
            self._emit(self.signals.succeeded, result)

    @staticmethod
    def _emit(signal: Any, *args: object) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:  # the window that wanted the result has closed meanwhile
            log.info("background result dropped: its window has closed")


class BackgroundTask(QObject):
    """One piece of long work with its progress dialog; keep a reference until it finishes.

    `on_error` handles a failure itself; without it the error is shown in a message box titled
    as the task. `changes` names what the work changes, announced to the screens on success.
    """

    finished = Signal()

    def __init__(self, parent: QWidget, title: str, work: Callable[[Progress], Any], *,
                 on_success: Callable[[Any], None] | None = None,
                 on_error: Callable[[Exception], None] | None = None,
                 show_dialog: bool = True, changes: Iterable[str] = ()) -> None:
        super().__init__(parent)
        self._parent, self._title, self._changes = parent, title, frozenset(changes)
        self._signals = _Signals()
        self._progress = Progress(self._signals.progressed.emit)
        self._on_success, self._on_error = on_success, on_error
        self.dialog: QProgressDialog | None = None
        if show_dialog:
            self.dialog = QProgressDialog(title, _("Cancel"), 0, 0, parent)
            self.dialog.setWindowTitle(title)
            self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
            self.dialog.setMinimumDuration(300)
            self.dialog.setAutoClose(False)
            self.dialog.setAutoReset(False)
            self.dialog.canceled.connect(self._progress.cancel)
        self._signals.started.connect(self._started)
        self._signals.progressed.connect(self._show_progress)
        self._signals.succeeded.connect(self._succeeded)
        self._signals.failed.connect(self._failed)
        self._signals.cancelled.connect(self._done)
        self._job = _Job(work, self._signals, self._progress)

    def start(self) -> BackgroundTask:
        worker = database_worker()
        if worker.busy() and self.dialog is not None:
            self.dialog.setLabelText(_("Waiting for the work already under way to finish…"))
        worker.submit(self._job)
        return self

    def cancel(self) -> None:
        self._progress.cancel()

    def _started(self) -> None:
        if self.dialog is not None:  # no longer waiting behind another job
            self.dialog.setLabelText(self._title)

    def _show_progress(self, done: int, total: int, message: str) -> None:
        if self.dialog is not None:
            self.dialog.setMaximum(max(total, 0))
            self.dialog.setValue(min(done, total) if total else 0)
            if message:
                self.dialog.setLabelText(message)

    def _succeeded(self, result: object) -> None:
        self._done()
        database_worker().announce(self._changes)
        if self._on_success is not None:
            self._on_success(result)

    def _failed(self, error: object) -> None:
        self._done()
        if not isinstance(error, Exception):
            return
        if self._on_error is not None:
            self._on_error(error)
        else:
            show_error(self._parent, error, self._title)

    def _done(self) -> None:
        if self.dialog is not None:
            self.dialog.close()
        self.finished.emit()
