"""Forms save on the one database worker: in turn behind other database work, once however often
Enter is pressed, and a failed save leaves the form open with its entries and a message (issue 14)."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from sync_ui_support import answering

from desktop.errors import UserError
from desktop.i18n import _
from desktop.services.activities import list_activities
from desktop.services.books.readers import search_readers
from desktop.services.learners import list_learners
from desktop.ui.activity_dialog import ActivityDialog
from desktop.ui.books.readers import ReaderDialog
from desktop.ui.database_call import call_on_worker
from desktop.ui.learner_dialog import LearnerDialog
from desktop.ui.tasks import BackgroundTask

pytestmark = pytest.mark.gui


def shown(qtbot, dialog: QWidget) -> None:  # type: ignore[no-untyped-def]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)


def worker_held_until(qtbot, gate: threading.Event) -> BackgroundTask:  # type: ignore[no-untyped-def]
    """Another piece of database work, under way until `gate` opens."""
    started = threading.Event()

    def hold(_progress: object) -> None:
        started.set()
        gate.wait()

    task = BackgroundTask(QApplication.activeWindow() or QWidget(), "held", hold, show_dialog=False)
    task.start()
    qtbot.waitUntil(started.is_set)
    return task


def while_saving(action: Callable[[], None]) -> None:
    """Run `action` once the save is waiting for the worker (timers run in its event loop)."""
    QTimer.singleShot(0, action)


def test_a_call_runs_on_the_worker_thread_and_hands_back_its_result_or_its_error(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    assert call_on_worker(widget, threading.get_ident) != threading.get_ident()

    def refuse() -> None:
        raise UserError("Không ghi được: ổ đĩa đầy.")

    with pytest.raises(UserError, match="ổ đĩa đầy"):
        call_on_worker(widget, refuse)


def test_a_class_is_saved_once_behind_the_work_under_way_however_often_enter_is_pressed(
        qtbot, db):
    dialog = ActivityDialog(db)
    shown(qtbot, dialog)
    dialog.name.setText("Lớp xóa mù chữ thôn Đông")
    gate = threading.Event()
    worker_held_until(qtbot, gate)
    seen_while_waiting: list[object] = []

    def press_again_then_let_the_worker_go() -> None:
        seen_while_waiting.extend([dialog.isVisible(), len(list_activities(db))])
        gate.set()  # the first save may go on now; it is still waiting for its turn here
        qtbot.keyClick(dialog.name, Qt.Key.Key_Return)  # a second Enter: nothing more
        qtbot.keyClick(dialog.name, Qt.Key.Key_Escape)  # nor does Esc close the form now
        seen_while_waiting.append(dialog.isVisible())

    while_saving(press_again_then_let_the_worker_go)
    with answering():  # no question, no message: a second save would bring one
        qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert seen_while_waiting == [True, 0, True]  # the save waited its turn behind the held work
    assert not dialog.isVisible() and dialog.result() == 1
    assert [activity.name for activity in list_activities(db)] == ["Lớp xóa mù chữ thôn Đông"]


def test_a_learner_is_saved_in_turn_behind_the_work_under_way(qtbot, db, villages, today):
    dialog = LearnerDialog(db, None, today=today)
    shown(qtbot, dialog)
    dialog.full_name.setText("Lò Thị Pấng")
    dialog.birth_year.setText("1990")
    dialog.village.setCurrentIndex(dialog.village.findData(villages["Bản Nà Hạ"]))
    gate = threading.Event()
    worker_held_until(qtbot, gate)
    learners_while_waiting: list[int] = []

    def count_then_let_the_worker_go() -> None:
        learners_while_waiting.append(len(list_learners(db)))
        gate.set()

    while_saving(count_then_let_the_worker_go)
    qtbot.keyClick(dialog.full_name, Qt.Key.Key_Return)
    assert learners_while_waiting == [0]
    assert not dialog.isVisible()
    assert [learner.full_name for learner in list_learners(db)] == ["Lò Thị Pấng"]
    assert dialog.saved is not None and dialog.saved.full_name == "Lò Thị Pấng"


def test_a_refused_save_keeps_the_form_open_with_the_message_beside_its_field(qtbot, db, today):
    dialog = ActivityDialog(db)
    shown(qtbot, dialog)
    dialog.name.setText("Lớp xóa mù chữ thôn Đông")
    dialog.start_date.set_date(dt.date(2026, 9, 7))
    dialog.end_date.set_date(dt.date(2026, 5, 28))  # the service refuses it, on the worker
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.error_label.isVisible()
    assert dialog.error_label.text() == _("The end date is before the start date.")
    assert dialog.end_date.hasFocus()
    assert dialog.name.text() == "Lớp xóa mù chữ thôn Đông"  # nothing typed is lost
    assert list_activities(db) == []
    dialog.end_date.set_date(dt.date(2027, 5, 28))
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert [activity.name for activity in list_activities(db)] == ["Lớp xóa mù chữ thôn Đông"]


def test_a_save_the_database_cannot_take_shows_why_and_keeps_every_entry(
        qtbot, db, db_path, villages, today):
    dialog = ReaderDialog(db, None, today=today)
    shown(qtbot, dialog)
    dialog.full_name.setText("Hoàng Văn An")
    dialog.birth_year.setText("2001")
    dialog.notes.setText("Mượn sách nông nghiệp")
    other = sqlite3.connect(db_path, isolation_level=None)  # another program writing the file
    other.execute("BEGIN IMMEDIATE")
    try:
        with answering((QMessageBox, lambda box: box.button(QMessageBox.StandardButton.Ok).click())
                       ) as texts:
            qtbot.keyClick(dialog.full_name, Qt.Key.Key_Return)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert len(texts) == 1 and texts[0].strip()
    assert dialog.isVisible() and dialog.saved is None
    assert (dialog.full_name.text(), dialog.birth_year.text(), dialog.notes.text()) == (
        "Hoàng Văn An", "2001", "Mượn sách nông nghiệp")
    assert search_readers(db, "", limit=None) == []
    qtbot.keyClick(dialog.full_name, Qt.Key.Key_Return)  # the file is free again: saved now
    assert not dialog.isVisible()
    assert [reader.full_name for reader in search_readers(db, "", limit=None)] == ["Hoàng Văn An"]
