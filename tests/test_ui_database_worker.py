"""The window's one database worker: jobs one at a time, errors shown, Cancel kept (issue 14)."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget
from sync_ui_support import answering

from desktop.errors import DatabaseProblem
from desktop.i18n import _
from desktop.progress import Progress
from desktop.ui.database_worker import database_worker
from desktop.ui.tasks import BackgroundTask

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot) -> QWidget:  # type: ignore[no-untyped-def]
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def read_ok() -> tuple[type[QWidget], object]:
    def press_ok(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        box.button(QMessageBox.StandardButton.Ok).click()

    return QMessageBox, press_ok


def test_two_jobs_asked_for_at_once_run_one_after_the_other_on_one_thread(qtbot, window):
    log: list[tuple[str, int]] = []
    first_started, let_first_finish = threading.Event(), threading.Event()

    def first(_progress: Progress) -> str:
        log.append(("first starts", threading.get_ident()))
        first_started.set()
        let_first_finish.wait()
        log.append(("first ends", threading.get_ident()))
        return "first"

    def second(_progress: Progress) -> str:
        log.append(("second starts", threading.get_ident()))
        log.append(("second ends", threading.get_ident()))
        return "second"

    results: list[object] = []
    tasks = [BackgroundTask(window, "first", first, on_success=results.append, show_dialog=False),
             BackgroundTask(window, "second", second, on_success=results.append, show_dialog=False)]
    for task in tasks:
        task.start()
    qtbot.waitUntil(first_started.is_set)
    assert [step for step, _thread in log] == ["first starts"]  # the second waits its turn
    let_first_finish.set()
    qtbot.waitUntil(lambda: len(results) == 2)
    assert [step for step, _thread in log] == ["first starts", "first ends", "second starts", "second ends"]
    assert results == ["first", "second"]
    assert len({thread for _step, thread in log}) == 1
    assert threading.get_ident() not in {thread for _step, thread in log}  # never the GUI thread


def test_a_job_that_waited_its_turn_says_what_it_does_once_it_runs(qtbot, window):
    gate = threading.Event()
    first = BackgroundTask(window, "first", lambda _progress: gate.wait(), show_dialog=False)
    second = BackgroundTask(window, _("Importing learners"), lambda _progress: 2)
    first.start()
    second.start()
    assert second.dialog is not None
    assert second.dialog.labelText() == _("Waiting for the work already under way to finish…")
    with qtbot.waitSignal(second.finished, timeout=10000):
        gate.set()
    assert second.dialog.labelText() == _("Importing learners")


def test_a_failing_job_is_shown_to_the_user_in_their_language(qtbot, window):
    def fails(_progress: Progress) -> None:
        raise DatabaseProblem(_("The disk is full. Free some space and try again."), "full")

    task = BackgroundTask(window, _("Backing up"), fails)
    with answering(read_ok()) as texts:
        task.start()
        qtbot.waitUntil(lambda: bool(texts), timeout=10000)
    assert [text.strip() for text in texts] == [_("The disk is full. Free some space and try again.")]


def test_an_unexpected_failure_is_shown_plainly_never_as_a_traceback(qtbot, window):
    def breaks(_progress: Progress) -> None:
        raise ZeroDivisionError("division by zero")

    task = BackgroundTask(window, _("Reports"), breaks)
    with answering(read_ok()) as texts:
        task.start()
        qtbot.waitUntil(lambda: bool(texts), timeout=10000)
    assert [text.strip() for text in texts] == [_("Something went wrong that CLC Ledger did not expect. Your saved work is "
                       "safe. The details were written to the log file.")]
    assert "division" not in texts[0] and "Traceback" not in texts[0]


def test_cancel_stops_the_running_job_and_the_one_still_waiting_never_starts(qtbot, window):
    running = threading.Event()
    ran: list[str] = []

    def until_cancelled(progress: Progress) -> None:
        running.set()
        while True:
            progress.check()
            threading.Event().wait(0.01)

    def waiting(_progress: Progress) -> None:
        ran.append("waiting")

    successes: list[object] = []
    first = BackgroundTask(window, "first", until_cancelled, on_success=successes.append)
    second = BackgroundTask(window, "second", waiting, on_success=successes.append)
    finished: list[str] = []
    first.finished.connect(lambda: finished.append("first"))
    second.finished.connect(lambda: finished.append("second"))
    first.start()
    second.start()
    qtbot.waitUntil(running.is_set)
    assert second.dialog is not None
    assert second.dialog.labelText() == _("Waiting for the work already under way to finish…")
    second.dialog.findChild(QPushButton).click()  # Cancel on the job still in the queue
    first.dialog.findChild(QPushButton).click()  # and on the one running
    qtbot.waitUntil(lambda: len(finished) == 2)
    assert sorted(finished) == ["first", "second"]
    assert ran == [] and successes == []
    assert not first.dialog.isVisible() and not second.dialog.isVisible()


def test_screens_are_told_what_a_finished_job_changed(qtbot, window):
    with qtbot.waitSignal(database_worker().changed, timeout=10000) as changed:
        BackgroundTask(window, "import", lambda _progress: 3, changes=("learners",),
                       show_dialog=False).start()
    assert changed.args == [frozenset({"learners"})]


def test_nothing_is_announced_when_the_job_fails(qtbot, window):
    announced: list[object] = []
    database_worker().changed.connect(announced.append)

    def fails(_progress: Progress) -> None:
        raise DatabaseProblem("x", "full")

    done: list[Exception] = []
    task = BackgroundTask(window, "import", fails, changes=("learners",), on_error=done.append,
                          show_dialog=False)
    task.start()
    qtbot.waitUntil(lambda: bool(done))
    database_worker().changed.disconnect(announced.append)
    assert announced == [] and isinstance(done[0], DatabaseProblem)
    assert window.isVisible() and task.dialog is None


def test_the_learner_list_in_view_shows_an_import_as_soon_as_it_is_done(qtbot, db, villages, today,
                                                                          tmp_path):
    from test_ui_learners import shown_names, write_list

    from desktop.ui.import_dialog import ImportDialog
    from desktop.ui.screens.learners import LearnersScreen

    screen = LearnersScreen(db, today=today)
    qtbot.addWidget(screen)
    screen.show()
    screen.bring_up_to_date()
    assert shown_names(screen) == []
    dialog = ImportDialog(db, path=write_list(tmp_path / "list.xlsx"), today=today)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(database_worker().changed, timeout=10000):
        dialog.import_button.click()
    # No refresh asked for: the screen was told the learners changed.
    assert sorted(shown_names(screen)) == ["Lò Thị Pấng", "Sùng A Páo"]
