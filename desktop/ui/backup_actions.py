"""Backups from the window: always off the GUI thread, and a failure always shown, never only logged."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QWidget

from desktop.i18n import _
from desktop.progress import Progress
from desktop.services.backup_copies import CopyFailed
from desktop.services.backups import back_up_daily, back_up_now, back_up_on_close
from desktop.services.data_file import backup_policy
from desktop.store.database import Database
from desktop.ui.messages import show_error
from desktop.ui.tasks import BackgroundTask


def backup_policy_text(folder: Path) -> str:
    """What Settings say about backups, from the numbers rotation really uses."""
    days, weeks, months = backup_policy()
    return _("Backups are made before every upgrade, import and restore, once a day when CLC Ledger "
             "starts, and when you close the window after changing anything; each is checked once "
             "written. Kept in {folder}: the newest of each of the last {days} days, {weeks} weeks "
             "and {months} months.").format(folder=folder, days=days, weeks=weeks, months=months)


def _failed(parent: QWidget) -> Callable[[Exception], None]:
    def show(error: Exception) -> None:
        # the backup on this PC was made when only its copy to the USB stick failed
        title = _("The USB copy was not made") if isinstance(error, CopyFailed) else _("No backup was made")
        show_error(parent, error, title)

    return show


def start_backup(parent: QWidget, db: Database, on_done: Callable[[Path | None], None] | None = None,
                 *, work: Callable[[Progress], Path | None] | None = None,
                 show_dialog: bool = True) -> BackgroundTask:
    """A backup now (or `work`, a kind of backup); `on_done` gets where it was written."""
    task = BackgroundTask(parent, _("Backing up"), work or (lambda progress: back_up_now(db, progress)),
                          on_success=on_done, on_error=_failed(parent), show_dialog=show_dialog)
    return task.start()


def start_daily_backup(parent: QWidget, db: Database,
                       on_done: Callable[[Path | None], None] | None = None) -> BackgroundTask:
    """The daily backup, quietly unless it fails."""
    return start_backup(parent, db, on_done, work=lambda progress: back_up_daily(db, progress),
                        show_dialog=False)


def back_up_before_closing(parent: QWidget, db: Database) -> None:
    """The closing backup, off the GUI thread behind a progress dialog; waits for it. A failure
    is shown, and the window closes anyway: everything was saved as it was made."""
    task = start_backup(parent, db, work=lambda progress: back_up_on_close(db, progress))
    loop = QEventLoop()
    task.finished.connect(loop.quit)  # queued from the worker: never before the loop runs
    loop.exec()
