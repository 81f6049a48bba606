"""The one worker through which the window's database jobs run, one at a time.

Imports, exports, reports, printing, backups and background loads all queue here (as Anki runs
its collection operations): one thread, jobs in the order they were asked for, so two jobs never
write to the data file at once and a long report cannot race an import. Screens learn what a
finished job changed from `changed`, so each refreshes only what it shows.

The jobs are plain functions; the worker never holds a Qt object of the window, and the job
objects are released on the GUI thread (see gui_thread_gc.py for why that matters).
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal

_OBJECT_NAME = "clcDatabaseWorker"


class DatabaseWorker(QObject):
    """A queue of one thread for database work; `changed` names what finished jobs changed."""

    changed = Signal(frozenset)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # one thread: jobs run one after the other, in order
        self._pool.setObjectName("clcDatabaseJobs")
        # Jobs are held here until the thread has left them: a job whose owner let go of it as
        # soon as its result arrived would otherwise be freed by the worker thread inside its
        # own run(), and crash it. Released on the GUI thread, once the queue is empty.
        self._held: list[QRunnable] = []

    def submit(self, job: QRunnable) -> None:
        """Queue a job behind those already asked for."""
        self._release_finished()
        job.setAutoDelete(False)  # released on the GUI thread, never by the worker thread
        self._held.append(job)
        self._pool.start(job)

    def wait(self, msecs: int = -1) -> bool:
        """Block until every queued job has finished (closing the window, a test's teardown)."""
        done = self._pool.waitForDone(msecs)
        self._release_finished()
        return done

    def _release_finished(self) -> None:
        if not self.busy():  # no job running or waiting: every held one has returned
            self._held.clear()

    def busy(self) -> bool:
        return self._pool.activeThreadCount() > 0

    def announce(self, changes: Iterable[str]) -> None:
        """Tell the screens what a finished job changed ("learners", "books", "backups"…)."""
        names = frozenset(changes)
        if names:
            self.changed.emit(names)


def database_worker() -> DatabaseWorker:
    """The application's one database worker, made on first use."""
    app = QCoreApplication.instance()
    worker = app.findChild(DatabaseWorker, _OBJECT_NAME) if app is not None else None
    if worker is None:
        worker = DatabaseWorker(app)
        worker.setObjectName(_OBJECT_NAME)
    return worker


def wait_for_database_jobs(msecs: int = -1) -> bool:
    """Wait for the queue to empty; True when nothing is left running."""
    app = QCoreApplication.instance()
    worker = app.findChild(DatabaseWorker, _OBJECT_NAME) if app is not None else None
    return worker is None or worker.wait(msecs)
