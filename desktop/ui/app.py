"""Starting the window: open the database safely, first-start setup, then the main window."""

from __future__ import annotations

import gc
import logging
import os
import socket
import sys
import time
from pathlib import Path

# The collector pauses while the window's modules load (see _resume_collection), whoever imports
# them; it runs again at the end of this import, or, when the app starts, once its window paints.
_COLLECTING = gc.isenabled()
gc.disable()

# The layers below Qt are imported before PySide6 on purpose: once loaded, PySide6 reads the
# source of every module imported after it (looking for `from __feature__ import`), which on
# SQLAlchemy, Babel and our services costs about a tenth of a second at each start.
import desktop.formatting  # noqa: F401
import desktop.services.centre  # noqa: F401
import desktop.services.data_file  # noqa: F401
from desktop.errors import UserError
from desktop.i18n import LANGUAGES, _, set_language
from desktop.services.data_file import default_database, open_data_file
from desktop.store.database import Database

from PySide6.QtCore import QEvent, QLockFile, QObject, QTimer  # noqa: E402,I001 - after the layers above
from PySide6.QtWidgets import QApplication, QDialog  # noqa: E402

from desktop.ui.after_paint import call_after_paint  # noqa: E402
from desktop.ui.none_guard import guard_none  # noqa: E402

if _COLLECTING:
    gc.enable()

log = logging.getLogger(__name__)

STYLE = """
QLabel#screenTitle { font-size: 15pt; font-weight: bold; padding: 2px 0 6px 0; }
QListWidget#navigation { font-size: 11pt; }
QListWidget#navigation::item { padding: 6px; }
QLabel#legend { color: #444; }
"""
# Set to 1, the window closes and the app quits once it has first painted, printing
# "FIRST_PAINT <epoch seconds>" on standard output: how the frozen bundle's test and start-up
# benchmark see that the window opened (no user setting; nothing else reads it)
QUIT_AFTER_PAINT = "CLC_LEDGER_QUIT_AFTER_PAINT"
# A window holds its file's lock for days, so a lock is never stale by age (Qt's advice for
# long-held locks); the lock of a window that crashed is stale at once, since its process is gone.
LOCK_STALE_MS = 0
LOCK_WAIT_MS = 200


def _setup_logging() -> None:
    from desktop.logfile import FORMAT, file_handler

    try:
        handler, _path = file_handler()
    except OSError:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter(FORMAT))
    logging.getLogger().addHandler(handler)
    logging.getLogger().setLevel(logging.INFO)


def _install_excepthook() -> None:
    """Unexpected errors are logged with their traceback and shown as a plain message."""

    def hook(kind, value, trace):  # type: ignore[no-untyped-def]
        log.error("unhandled error", exc_info=(kind, value, trace))
        from desktop.ui.messages import show_error

        show_error(QApplication.activeWindow(), value)

    sys.excepthook = hook


GIL_SWITCH_INTERVAL_S = 0.001


def make_application(argv: list[str] | None = None) -> QApplication:
    # While a worker thread runs Python (a report, the overview's queries), every Qt call into a
    # Python widget waits for the interpreter lock; Python's default 5 ms turn, paid dozens of
    # times in one repaint, froze the window for up to a tenth of a second.
    sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("CLC Ledger")
    app.setOrganizationName("CLC Ledger")
    from desktop.ui.qt_translation import GettextQtTranslator

    translator = GettextQtTranslator(app)
    app.installTranslator(translator)
    app.setStyleSheet(STYLE)
    from PySide6.QtGui import QIcon

    from desktop.about import icon_path

    app.setWindowIcon(QIcon(str(icon_path())))
    from desktop.ui.gui_thread_gc import collect_garbage_on_gui_thread

    collect_garbage_on_gui_thread(app)
    return app  # type: ignore[return-value]


def ensure_centre(db: Database) -> bool:
    """Run the first-start setup if the database has no centre yet; False if the user gave up."""
    from desktop.services.centre import get_centre

    if get_centre(db) is not None:
        return True
    from desktop.ui.centre_form import SetupDialog  # only on a first start

    initial = None
    while True:
        dialog = SetupDialog(db, initial)
        result = dialog.exec()
        if result == QDialog.DialogCode.Accepted:
            return True
        if result != 2:  # 2: language switched; reopen with what was typed
            return False
        initial = dialog.form.setup()


def _start_daily_backup(window, db: Database) -> None:  # type: ignore[no-untyped-def]
    """After the window shows: a backup if the newest is older than a day, off the GUI thread;
    a failure (a full disk) is shown in the window."""
    from desktop.services.backups import daily_backup_due
    from desktop.ui.backup_actions import start_daily_backup

    if daily_backup_due(db):
        window._daily_backup = start_daily_backup(window, db, lambda _path: window.update_status())


def start_integrity_check(window, db: Database):  # type: ignore[no-untyped-def]
    """SQLite's quick_check just after the window shows; a damaged file gets a clear warning."""
    from desktop.services.data_file import integrity_problems
    from desktop.ui.tasks import BackgroundTask

    def report(problems: list[str]) -> None:
        if problems:
            from desktop.ui.restore_offer import offer_restore_in_window

            offer_restore_in_window(window, problems[0])

    task = BackgroundTask(window, _("Checking the database"), lambda _progress: integrity_problems(db),
                          on_success=report, show_dialog=False)
    window._integrity_check = task.start()
    return task


class DatabaseInUse(UserError):
    """Another window already has this database file open."""


def lock_database_file(path: Path) -> QLockFile | None:
    """One window per database file: a package must be a consistent cut, and two windows writing
    one file confuse their users. None when the folder cannot hold a lock file (read-only)."""
    lock = QLockFile(f"{path}.lock")
    lock.setStaleLockTime(LOCK_STALE_MS)
    if lock.tryLock(LOCK_WAIT_MS):
        return lock
    if lock.error() != QLockFile.LockError.LockFailedError:
        log.warning("no lock file beside %s (%s); opening without one", path, lock.error())
        return None
    info = lock.getLockInfo()
    host = info[1] if isinstance(info, tuple) and len(info) == 3 else ""
    if host and host != socket.gethostname():
        raise DatabaseInUse(_("CLC Ledger is already open on this data file on the computer {host} ({file}). "
                              "Close it there first: two windows on one file would mix up the records.").format(
            host=host, file=path))
    raise DatabaseInUse(_("CLC Ledger is already open on this data file ({file}). Use the window that is "
                          "open (look for it in the taskbar): two windows on one file would mix up the "
                          "records.").format(file=path))


class _ReleaseLockOnClose(QObject):
    """Unlocks the file once its window has closed (for good: a refused close keeps it)."""

    def __init__(self, window, lock: QLockFile) -> None:  # type: ignore[no-untyped-def]
        super().__init__(window)
        self.lock = lock
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        # Hide too: the closing backup runs an event loop inside closeEvent, so at the Close
        # event's next turn the window may still be showing; it hides once the close is accepted.
        if event.type() in (QEvent.Type.Close, QEvent.Type.Hide):
            QTimer.singleShot(0, self, self._release_if_closed)
        return False

    def _release_if_closed(self) -> None:
        window = self.parent()
        if window is not None and not window.isVisible():  # type: ignore[attr-defined]
            self.lock.unlock()


def open_main_window(db: Database, office: bool = False):  # type: ignore[no-untyped-def]
    """The centre's window, or on an office's (aggregator) database the office's."""
    if office:
        from desktop.ui.office.window import OfficeWindow

        return OfficeWindow(db)
    from desktop.ui.main_window import MainWindow

    window = MainWindow(db)
    return window


def launch(database: Path | None = None, language: str | None = None,
           package: Path | None = None):  # type: ignore[no-untyped-def]
    """Everything `clc` does before its event loop: the database opened, the first-start setup
    if needed, the main window shown (it paints once the loop runs), and a data package given
    on the command line opened for import. Returns (app, window, db), or the exit code when there
    is no window to show. The start-up benchmark runs this too."""
    guard_none()
    gc.disable()  # until the window has painted: see _resume_collection
    launched = None
    try:
        launched = _launch(database, language, package)
    finally:
        if not isinstance(launched, tuple):  # no window to wait for (or an error)
            gc.enable()
    return launched


def _resume_collection() -> None:
    """Start-up makes hundreds of thousands of objects that live as long as the app; the
    collector's passes over them while they were made cost some 30 ms before the window showed.
    Once it has painted they are frozen out of every later pass, which keeps those short too;
    from then on the GUI thread collects (see gui_thread_gc), never a background job's thread."""
    from desktop.ui.gui_thread_gc import collect_garbage_on_gui_thread

    gc.freeze()
    collect_garbage_on_gui_thread(QApplication.instance())


def _launch(database: Path | None, language: str | None, package: Path | None):  # type: ignore[no-untyped-def]
    _setup_logging()
    app = make_application()
    _install_excepthook()
    path = Path(database) if database else default_database()
    if language:
        set_language(language)
    try:
        lock = lock_database_file(path)
    except DatabaseInUse as error:
        from desktop.ui.running_window import hand_to_running_window

        if hand_to_running_window(path, package):  # the open window comes forward (with the package)
            return 0
        from desktop.ui.messages import show_error

        show_error(None, error, _("CLC Ledger is already open"))
        return 1
    launched = _open_window(app, path, language, package)
    if lock is not None:
        if isinstance(launched, tuple):
            launched[1]._database_lock = _ReleaseLockOnClose(launched[1], lock)
            _listen_for_later_starts(launched[1], path)
        else:
            lock.unlock()
    return launched


def _listen_for_later_starts(window, path: Path) -> None:  # type: ignore[no-untyped-def]
    """A package double-clicked while this window is open comes here, not to an "already open"."""
    from desktop.services.sync.mode import database_is_office
    from desktop.ui.open_package import open_package
    from desktop.ui.running_window import RunningWindowChannel

    office = database_is_office(window.db)
    window._running_window_channel = RunningWindowChannel(
        window, path, lambda package: open_package(window, package, office))


def _open_window(app: QApplication, path: Path, language: str | None,  # type: ignore[no-untyped-def]
                 package: Path | None = None):
    db = None
    try:
        db = _open_database(path)
        if db is None:  # the user cancelled a schema upgrade: the file is as it was
            return 0
        if not language:
            from desktop.services.centre import get_setting

            saved = get_setting(db, "language", "vi")
            set_language(saved if saved in LANGUAGES else "vi")
        from desktop.ui.pin_ui import ask_pin_at_start

        if not ask_pin_at_start(db):
            db.close()
            return 0
        from desktop.services.sync.mode import database_is_office

        office = database_is_office(db)  # an office has no centre of its own to set up
        if not office and not ensure_centre(db):
            db.close()
            return 0
        window = open_main_window(db, office)
    except UserError as error:  # a damaged file may open and fail at its first read
        from desktop.ui.messages import show_error
        from desktop.ui.restore_offer import restore_at_start, restore_can_help

        if db is not None:
            db.close()
        if restore_can_help(error, path):  # the restore screen, not the damaged file
            return _open_window(app, path, language) if restore_at_start(path, error) else 1
        show_error(None, error, _("Cannot open the database"))
        return 1
    window.show()
    call_after_paint(window, _resume_collection, 1000)
    QTimer.singleShot(0, window, lambda: start_integrity_check(window, db))
    QTimer.singleShot(2000, window, lambda: _start_daily_backup(window, db))
    if package is not None:
        from desktop.ui.open_package import open_package

        call_after_paint(window, lambda: open_package(window, Path(package), office), 1000)
    if os.environ.get(QUIT_AFTER_PAINT) == "1":
        call_after_paint(window, lambda: _quit_after_first_paint(app, window), 5000)
    return app, window, db


def _quit_after_first_paint(app: QApplication, window) -> None:  # type: ignore[no-untyped-def]
    """See QUIT_AFTER_PAINT: stamp the moment, then close as a user would and leave once the
    background jobs started at the first paint (integrity check) have finished."""
    from desktop.ui.database_worker import wait_for_database_jobs

    if sys.stdout is not None:
        print("FIRST_PAINT", time.time(), flush=True)
    window.close()
    wait_for_database_jobs()
    app.quit()


def _open_database(path: Path) -> Database | None:
    """Open the file; a schema upgrade (up to a minute on years of records) runs off the GUI
    thread behind a progress dialog whose Cancel leaves the file as it was."""
    from desktop.services.data_file import needs_upgrade

    if not needs_upgrade(path):
        return open_data_file(path, create=True, check_integrity=False)
    from PySide6.QtCore import QEventLoop

    from desktop.ui.tasks import BackgroundTask

    outcome: dict[str, object] = {}
    loop = QEventLoop()
    task = BackgroundTask(
        None, _("Upgrading the database to this version of CLC Ledger…"),
        lambda progress: open_data_file(path, create=True, check_integrity=False, progress=progress),
        on_success=lambda db: outcome.update(db=db), on_error=lambda error: outcome.update(error=error))
    task.finished.connect(loop.quit)
    task.start()
    loop.exec()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome.get("db")  # type: ignore[return-value]


def run_app(database: Path | None = None, language: str | None = None, package: Path | None = None) -> int:
    launched = launch(database, language, package)
    if isinstance(launched, int):
        return launched
    app, _window, db = launched
    code = app.exec()
    db.close()
    return code
