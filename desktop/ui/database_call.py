"""A short database call (a form's save, a panel's details) run on the one database worker.

The caller gets the result back, or the call's error raised, as if it had called the service
itself; meanwhile the window keeps painting (a local event loop, as QDialog.exec runs one) and
the call waits its turn behind jobs already queued, so a save never writes while an import or a
report is half done. What the user can do during that wait is the caller's to guard: a form
refuses a second save (GuardedDialog.save_once); a screen saves through `save_on_worker`, which
refuses a second save of the same screen while one waits, and loads its lists through
`load_on_worker`, which drops a load a newer one of the same list has overtaken. Both show an
error to the user in a message box (translated, never only logged) and hand back whether the
call succeeded; a save names what it changed, so the other screens catch up.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from PySide6.QtCore import QEventLoop, QObject, QRunnable, Qt, Signal
from PySide6.QtWidgets import QApplication, QWidget

from desktop.errors import UserError
from desktop.ui.database_worker import database_worker
from desktop.ui.messages import show_error

log = logging.getLogger(__name__)

T = TypeVar("T")


class _Finished(QObject):
    finished = Signal()  # no arguments: the outcome stays on the Python side, in the job


class _Call(QRunnable):
    def __init__(self, call: Callable[[], Any]) -> None:
        super().__init__()
        self.call = call
        self.result: Any = None
        self.error: BaseException | None = None
        self.signals = _Finished()

    def run(self) -> None:
        try:
            self.result = self.call()
        except BaseException as error:  # noqa: BLE001 - raised again on the GUI thread
            if not isinstance(error, UserError):
                log.error("database call failed:\n%s", traceback.format_exc())
            self.error = _without_frames(error)
        self.signals.finished.emit()


def _without_frames(error: BaseException) -> BaseException:
    """The error without its traceback (nor its causes'): those frames hold the worker's
    database session and rows, which must be let go of on the worker's thread, not the GUI's."""
    seen: set[int] = set()
    link: BaseException | None = error
    while link is not None and id(link) not in seen:
        seen.add(id(link))
        link.__traceback__ = None
        link = link.__cause__ or link.__context__
    return error


def call_on_worker(parent: QWidget, call: Callable[[], T]) -> T:
    """Run `call` on the database worker and return what it returns (or raise what it raised)."""
    job = _Call(call)
    loop = QEventLoop()
    heard = False

    def finished() -> None:  # on the GUI thread, in whichever event loop is running then
        nonlocal heard
        heard = True
        loop.quit()

    job.signals.finished.connect(finished)
    QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
    try:
        database_worker().submit(job)
        # Until the job's signal has been heard here (a nested call's loop may hear it and quit
        # this one on its way out), so no event of it is left for later.
        while not heard:
            loop.exec()
    finally:
        QApplication.restoreOverrideCursor()
    if job.error is not None:
        error, job.error = job.error, None
        raise error
    return job.result  # type: ignore[return-value]


_saving: set[int] = set()  # the screens (their ids) whose save waits for the worker
_loads: dict[tuple[int, str], int] = {}  # the newest load asked for, per screen and list


def save_on_worker(owner: QWidget, call: Callable[[], T], *, title: str | None = None,
                   changes: Iterable[str] = (),
                   shown_inline: Callable[[Exception], bool] | None = None) -> tuple[bool, T | None]:
    """A screen's save (a setting, a mark, a headcount) on the worker: (True, result), or
    (False, None) after showing the error, or at once while this screen's previous save still
    waits (a second click or Enter saves nothing twice). `changes` is announced on success.
    `shown_inline` may show an error itself (beside its field) and answer True; any other
    error is shown in a message box."""
    key = id(owner)
    if key in _saving:
        return False, None
    _saving.add(key)
    try:
        result = call_on_worker(owner, call)
    except Exception as error:  # noqa: BLE001 - every failure reaches the user, translated
        _saving.discard(key)
        if shown_inline is None or not shown_inline(error):
            show_error(owner, error, title)
        return False, None
    finally:
        _saving.discard(key)
    database_worker().announce(changes)
    return True, result


def load_on_worker(owner: QWidget, call: Callable[[], T], *, title: str | None = None,
                   what: str = "list") -> tuple[bool, T | None]:
    """A screen's list or detail load on the worker: (True, rows), or (False, None) after
    showing the error, or when a newer load of the same list (`what`) was asked for while this
    one waited (a key typed in a search box), so an older answer never overwrites a newer one."""
    key = (id(owner), what)
    ticket = _loads.get(key, 0) + 1
    _loads[key] = ticket
    try:
        result = call_on_worker(owner, call)
    except Exception as error:  # noqa: BLE001 - every failure reaches the user, translated
        if _loads.get(key) == ticket:
            show_error(owner, error, title)
        return False, None
    finally:
        overtaken = _loads.get(key) != ticket
        if not overtaken:
            del _loads[key]
    return (False, None) if overtaken else (True, result)


def give_back_the_keyboard(dialog: QWidget) -> None:
    """A dialog opened with open() that has closed after its save on the worker: the window
    beneath takes the keyboard back at once, so its shortcuts work without a click (Windows does
    this itself; some platforms leave no window active once the waiting dialog has been)."""
    parent = dialog.parentWidget()
    if parent is not None:
        parent.window().activateWindow()
        QApplication.processEvents()  # the activation is queued: the next key goes to the window
