"""Screens reach the database through the one worker (issue 14): a mark shows at once and is saved
there, a save the file refuses puts the grid back and says why, and a list that waits for the
worker leaves the window answering."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QMessageBox, QWidget
from sync_ui_support import answering
from test_ui_attendance import TODAY, stored_marks
from test_ui_form_saves import worker_held_until

from desktop.i18n import _
from desktop.services import activities, attendance
from desktop.services.learners import LearnerInput, create_learner
from desktop.store.database import open_database
from desktop.ui.database_call import save_on_worker
from desktop.ui.models.attendance_table import FIXED_COLUMNS
from desktop.ui.screens.activities import ActivitiesScreen
from desktop.ui.screens.attendance import AttendanceScreen

pytestmark = pytest.mark.gui


@pytest.fixture
def class_id(db, villages):
    summary = activities.create_activity(db, activities.ActivityInput(
        name="Lớp xóa mù chữ – Bản Nà Hạ", kind="literacy_1", topic_group="literacy",
        start_date=dt.date(2026, 9, 1), status="running"))
    learner = create_learner(db, LearnerInput(full_name="Lò Thị Pấng", birth_year=1988,
                                              village_id=villages["Bản Nà Hạ"]), today=TODAY)
    activities.enrol_learners(db, summary.id, [learner.id])
    activities.add_session(db, summary.id, activities.SessionInput(date=dt.date(2026, 11, 2)))
    return summary.id


@pytest.fixture
def grid(qtbot, db, class_id):
    screen = AttendanceScreen(db)
    screen._today = TODAY
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    screen.show()
    screen.open_grid(class_id, 2026, 11)
    screen.view.setFocus()
    screen.view.setCurrentIndex(screen.model.index(0, FIXED_COLUMNS))
    return screen


def test_a_mark_saved_through_the_worker_is_there_when_the_file_is_opened_again(
        qtbot, grid, db, db_path, class_id):
    qtbot.keyClick(grid.view, Qt.Key.Key_C)
    assert grid.model.index(0, FIXED_COLUMNS).data() == "C"
    db.close()
    reopened = open_database(db_path)
    try:
        assert stored_marks(reopened, class_id) == {("Lò Thị Pấng", 2): "C"}
    finally:
        reopened.close()


def test_a_mark_the_file_cannot_take_is_put_back_and_the_user_told_why(qtbot, grid, db, db_path, class_id):
    other = sqlite3.connect(db_path, isolation_level=None)  # another program writing the file
    other.execute("BEGIN IMMEDIATE")
    shown_while_saving: list[object] = []
    QTimer.singleShot(0, lambda: shown_while_saving.append(grid.model.index(0, FIXED_COLUMNS).data()))
    try:
        with answering((QMessageBox, lambda box: box.button(QMessageBox.StandardButton.Ok).click())
                       ) as texts:
            qtbot.keyClick(grid.view, Qt.Key.Key_C)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert shown_while_saving == ["C"]  # shown at once, while the save waited for the file
    assert len(texts) == 1 and texts[0].strip()
    assert grid.model.index(0, FIXED_COLUMNS).data() in ("", None)  # put back
    assert grid.status_label.text() == _("The marks were not saved.")
    assert grid.view.currentIndex().row() == 0  # the cursor stays on the mark to type again
    assert stored_marks(db, class_id) == {}
    qtbot.keyClick(grid.view, Qt.Key.Key_C)  # the file is free again: saved now
    assert stored_marks(db, class_id) == {("Lò Thị Pấng", 2): "C"}


def test_a_list_waiting_for_the_worker_leaves_the_window_answering(qtbot, db, class_id):
    screen = ActivitiesScreen(db)
    qtbot.addWidget(screen)
    screen.show()
    gate = threading.Event()
    worker_held_until(qtbot, gate)  # a long job (an import, a report) under way
    seen_while_waiting: list[object] = []

    def meanwhile() -> None:  # a timer runs: the GUI thread is processing events, not blocked
        seen_while_waiting.append(screen.model.rowCount())
        gate.set()

    QTimer.singleShot(0, meanwhile)
    screen.refresh()
    assert seen_while_waiting == [0]  # the list was still waiting then
    assert [row.name for row in screen.model.rows] == ["Lớp xóa mù chữ – Bản Nà Hạ"]


def test_a_second_click_while_a_save_waits_saves_nothing_more(qtbot, db):
    widget = QWidget()
    qtbot.addWidget(widget)
    gate = threading.Event()
    worker_held_until(qtbot, gate)
    saves: list[int] = []
    second: list[tuple[bool, object]] = []

    def click_again() -> None:
        second.append(save_on_worker(widget, lambda: saves.append(2)))
        gate.set()

    QTimer.singleShot(0, click_again)
    assert save_on_worker(widget, lambda: saves.append(1) or "saved") == (True, "saved")
    assert second == [(False, None)] and saves == [1]
    assert save_on_worker(widget, lambda: saves.append(3)) == (True, None)  # later clicks save
    assert saves == [1, 3]


def test_a_refused_headcount_is_said_and_nothing_is_saved(qtbot, db, villages):
    talk = activities.create_activity(db, activities.ActivityInput(
        name="Nói chuyện chuyên đề phòng chống ma túy", kind="topic_talk", start_date=dt.date(2026, 11, 2),
        status="finished"))
    held = activities.add_session(db, talk.id, activities.SessionInput(date=dt.date(2026, 11, 2)))
    screen = AttendanceScreen(db)
    screen._today = TODAY
    qtbot.addWidget(screen)
    screen.show()
    screen.open_grid(talk.id, 2026, 11)
    panel = screen.talk_panel
    panel.total.setValue(10)
    panel.women.setValue(20)  # more women than people: the service refuses it
    with answering((QMessageBox, lambda box: box.button(QMessageBox.StandardButton.Ok).click())
                   ) as texts:
        panel.save_headcount.click()
    assert len(texts) == 1 and texts[0].strip()
    assert attendance.load_grid(db, talk.id, 2026, 11).sessions[0].headcount_total is None
    panel.women.setValue(6)
    panel.save_headcount.click()
    assert screen.status_label.text() == _("Headcount saved.")
    assert attendance.load_grid(db, talk.id, 2026, 11).sessions[0].headcount_total == 10
    assert held.id == screen.grid.sessions[0].id
