"""Driving the attendance grid with the keyboard, as a teacher entering a month would."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from conftest import type_text
from desktop.services import activities, attendance
from desktop.services.learners import LearnerInput, create_learner
from desktop.ui.models.attendance_table import FIXED_COLUMNS
from desktop.ui.screens.attendance import AttendanceScreen
from desktop.ui.screens.quick_entry_dialog import QuickEntryDialog

TODAY = dt.date(2026, 11, 23)
NAMES = ["Trần Văn Bình", "Lò Thị Pấng", "Nguyễn Văn An", "Giàng Thị Mỷ"]


@pytest.fixture
def class_id(db, villages):
    summary = activities.create_activity(db, activities.ActivityInput(
        name="Lớp xóa mù chữ giai đoạn 1 – Bản Nà Hạ", kind="literacy_1", topic_group="literacy",
        start_date=dt.date(2026, 9, 1), status="running"))
    ids = [create_learner(db, LearnerInput(full_name=name, birth_year=1975 + i,
                                           village_id=villages["Bản Nà Hạ"]), today=TODAY).id
           for i, name in enumerate(NAMES)]
    activities.enrol_learners(db, summary.id, ids)
    activities.generate_sessions(db, summary.id, dt.date(2026, 11, 1), dt.date(2026, 11, 30), {0, 2},
                                 activities.SessionInput(date=dt.date(2026, 11, 1)))
    return summary.id


@pytest.fixture
def screen(qtbot, db, class_id):
    widget = AttendanceScreen(db)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    widget.open_grid(class_id, 2026, 11)
    return widget


def stored_marks(db, class_id):
    grid = attendance.load_grid(db, class_id, 2026, 11)
    names = {l.id: l.full_name for l in grid.learners}
    days = {s.id: s.date.day for s in grid.sessions}
    return {(names[l], days[s]): mark for (l, s), mark in grid.marks.items()}


def test_rows_follow_the_printed_order(screen):
    model = screen.model
    assert [model.index(row, 1).data() for row in range(4)] == [
        "Nguyễn Văn An", "Trần Văn Bình", "Giàng Thị Mỷ", "Lò Thị Pấng"]
    assert model.headerData(FIXED_COLUMNS, Qt.Orientation.Horizontal).startswith("02/11")


def test_letters_mark_and_move_down_and_are_saved_at_once(qtbot, screen, db, class_id):
    view = screen.view
    view.setFocus()
    view.setCurrentIndex(screen.model.index(0, FIXED_COLUMNS))
    for key in (Qt.Key.Key_C, Qt.Key.Key_P, Qt.Key.Key_K, Qt.Key.Key_M):
        qtbot.keyClick(view, key)
    assert stored_marks(db, class_id) == {("Nguyễn Văn An", 2): "C", ("Trần Văn Bình", 2): "P",
                                          ("Giàng Thị Mỷ", 2): "K", ("Lò Thị Pấng", 2): "M"}
    # totals update live: the per-session totals row counts C and M as present
    totals_row = screen.model.rowCount() - 1
    assert screen.model.index(totals_row, FIXED_COLUMNS).data() == "2"


def test_space_cycles_and_delete_clears(qtbot, screen, db, class_id):
    view = screen.view
    view.setFocus()
    view.setCurrentIndex(screen.model.index(1, FIXED_COLUMNS + 1))
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert stored_marks(db, class_id) == {("Trần Văn Bình", 4): "C"}
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert stored_marks(db, class_id) == {("Trần Văn Bình", 4): "P"}
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert stored_marks(db, class_id) == {}
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.currentIndex().column() == FIXED_COLUMNS + 2


def test_everyone_present_then_fix_the_absentees(qtbot, screen, db, class_id):
    view = screen.view
    view.setFocus()
    view.setCurrentIndex(screen.model.index(0, FIXED_COLUMNS + 2))
    qtbot.keyClick(view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert set(stored_marks(db, class_id).values()) == {"C"}
    view.setCurrentIndex(screen.model.index(3, FIXED_COLUMNS + 2))
    qtbot.keyClick(view, Qt.Key.Key_K)
    marks = stored_marks(db, class_id)
    assert marks[("Lò Thị Pấng", 9)] == "K" and marks[("Nguyễn Văn An", 9)] == "C"
    learner_totals_column = screen.model.columnCount() - 1  # the K total
    assert screen.model.index(3, learner_totals_column).data() == "1"


def test_quick_entry_of_a_returned_paper_sheet(qtbot, screen, db, class_id):
    view = screen.view
    view.setCurrentIndex(screen.model.index(0, FIXED_COLUMNS + 1))

    def fill_dialog():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QuickEntryDialog)
        qtbot.keyClicks(dialog.absentees, "2 (P), 4")
        assert "Trần Văn Bình (P)" in dialog.preview.text()
        qtbot.keyClick(dialog.absentees, Qt.Key.Key_Return)

    QTimer.singleShot(0, fill_dialog)
    screen.open_quick_entry()
    marks = stored_marks(db, class_id)
    assert [marks[(name, 4)] for name in ("Nguyễn Văn An", "Trần Văn Bình", "Giàng Thị Mỷ", "Lò Thị Pấng")] \
        == ["C", "P", "C", "K"]


def test_a_month_without_sessions_says_what_to_do(qtbot, screen):
    qtbot.keyClick(screen, Qt.Key.Key_PageUp)
    assert screen.month == 10
    assert screen.empty_label.isVisible()
    assert screen.model.rowCount() == len(NAMES) + 1 and screen.model.columnCount() == FIXED_COLUMNS + 3


def test_talk_headcount_and_walk_in(qtbot, db, villages):
    talk = activities.create_activity(db, activities.ActivityInput(
        name="Tuyên truyền Luật Đất đai 2024", kind="topic_talk", topic_group="law",
        start_date=dt.date(2026, 11, 12), status="finished"))
    activities.add_session(db, talk.id, activities.SessionInput(date=dt.date(2026, 11, 12)))
    widget = AttendanceScreen(db)
    qtbot.addWidget(widget)
    widget.show()
    widget.open_grid(talk.id, 2026, 11)
    panel = widget.talk_panel
    assert panel.isVisible()
    panel.total.setValue(57)
    panel.women.setValue(31)
    panel.minority.setValue(40)
    qtbot.mouseClick(panel.save_headcount, Qt.MouseButton.LeftButton)
    type_text(panel.walk_in_name, "Vàng Thị Sua")
    qtbot.keyClick(panel.walk_in_name, Qt.Key.Key_Return)
    session = activities.list_sessions(db, talk.id)[0]
    assert (session.headcount_total, session.headcount_women, session.headcount_minority) == (57, 31, 40)
    assert [w.full_name for w in attendance.list_walk_ins(db, session.id)] == ["Vàng Thị Sua"]
    assert panel.walk_ins.count() == 1


def test_a_walk_in_is_matched_to_the_register_and_unmatched(qtbot, db, villages):
    talk = activities.create_activity(db, activities.ActivityInput(
        name="Phòng chống sốt xuất huyết", kind="topic_talk", topic_group="health",
        start_date=dt.date(2026, 11, 12), status="finished"))
    session = activities.add_session(db, talk.id, activities.SessionInput(date=dt.date(2026, 11, 12)))
    walk_in = attendance.add_walk_in(db, session.id, "Mùa A Tủa")
    learner = create_learner(db, LearnerInput(full_name="Mùa A Tủa", birth_year=1970,
                                              village_id=villages["Bản Pá Khoang"]), today=TODAY)
    widget = AttendanceScreen(db)
    qtbot.addWidget(widget)
    widget.show()
    widget.open_grid(talk.id, 2026, 11)
    panel = widget.talk_panel
    panel.walk_ins.setCurrentRow(0)

    def pick():
        picker = QApplication.activeModalWidget()
        if picker is None:  # the picker still reads the register on the database worker
            QTimer.singleShot(10, pick)
            return
        assert picker.model.rowCount() == 1  # the search starts with the walk-in's name
        picker.add_highlighted()
        picker.accept()

    QTimer.singleShot(0, pick)
    qtbot.mouseClick(panel.match_button, Qt.MouseButton.LeftButton)
    assert attendance.list_walk_ins(db, session.id)[0].matched_learner_id == learner.id
    panel.walk_ins.setCurrentRow(0)
    qtbot.mouseClick(panel.unmatch_button, Qt.MouseButton.LeftButton)
    assert attendance.list_walk_ins(db, session.id)[0].matched_learner_id is None
    assert walk_in.id == attendance.list_walk_ins(db, session.id)[0].id


# --- sessions still to come (issue 18) -------------------------------------------------------

@pytest.fixture
def screen_on_the_23rd(qtbot, db, class_id):
    """The screen as it opens on 23/11/2026: sessions on Mondays and Wednesdays of November."""
    widget = AttendanceScreen(db, today=TODAY)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    widget.refresh()
    return widget


def test_after_a_restart_the_cursor_is_on_a_held_session_never_a_coming_one(qtbot, db, class_id,
                                                                           screen_on_the_23rd):
    screen = screen_on_the_23rd
    assert (screen.year, screen.month) == (2026, 11)
    grid = screen.grid
    # every session held so far has its marks: the cursor goes to the latest held, 23/11, not 25/11
    attendance.save_marks(db, [attendance.MarkChange(item.id, learner.id, "C")
                               for item in grid.sessions if item.date <= TODAY
                               for learner in grid.learners], today=TODAY)
    screen.reload()
    column = screen.view.currentIndex().column()
    assert screen.grid.sessions[column - FIXED_COLUMNS].date == TODAY
    screen.view.setCurrentIndex(screen.model.index(0, 1))  # on a name: quick entry takes the same
    assert screen.grid.sessions[screen.current_session_index()].date == TODAY


def test_quick_entry_opens_with_the_cursor_in_the_rows_box(qtbot, screen_on_the_23rd, db, class_id):
    from test_ui_activities import modal

    screen = screen_on_the_23rd
    seen = {}

    def fill_dialog(dialog):
        seen["focus"] = dialog.focusWidget() is dialog.absentees
        seen["session"] = dialog.session_box.currentText()
        type_text(dialog.focusWidget(), "2 P, 4\n")  # typed at once, as read from the sheet

    with modal(QuickEntryDialog, fill_dialog):
        screen.open_quick_entry()
    assert seen == {"focus": True, "session": "02/11/2026"}  # the first held session without marks
    marks = stored_marks(db, class_id)
    assert [marks[(name, 2)] for name in ("Nguyễn Văn An", "Trần Văn Bình", "Giàng Thị Mỷ", "Lò Thị Pấng")] \
        == ["C", "P", "C", "K"]


def test_marks_on_a_session_still_to_come_are_asked_about_once(qtbot, screen_on_the_23rd, db, class_id):
    from test_ui_activities import click_button, modal

    screen = screen_on_the_23rd
    view = screen.view
    view.setFocus()
    coming = FIXED_COLUMNS + [s.date for s in screen.grid.sessions].index(dt.date(2026, 11, 25))
    view.setCurrentIndex(screen.model.index(0, coming))
    with modal(QMessageBox, click_button("Không điểm danh")):
        qtbot.keyClick(view, Qt.Key.Key_K)
    assert stored_marks(db, class_id) == {}
    assert view.currentIndex().row() == 0  # the cursor stays where it was
    with modal(QMessageBox, click_button("Vẫn điểm danh")):
        qtbot.keyClick(view, Qt.Key.Key_K)
    qtbot.keyClick(view, Qt.Key.Key_P)  # the session was confirmed: no second question
    assert stored_marks(db, class_id) == {("Nguyễn Văn An", 25): "K", ("Trần Văn Bình", 25): "P"}


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")  # the offscreen popup
def test_the_class_picker_finds_a_class_by_name_or_teacher_without_accents(qtbot, db, class_id, screen):
    other = activities.create_activity(db, activities.ActivityInput(
        name="Kỹ thuật trồng cà phê", kind="short_course", topic_group="agriculture",
        teacher="Nguyễn Thị Hoa", start_date=dt.date(2026, 11, 2), status="running"))
    screen.refresh()
    picker = screen.activity_box
    completer = picker._completer

    def offered(text: str) -> list[str]:
        picker.lineEdit().selectAll()
        type_text(picker.lineEdit(), text)
        model = completer.completionModel()
        return [model.index(row, 0).data() for row in range(model.rowCount())]

    assert offered("nguyen") == [f"{other.code} — Kỹ thuật trồng cà phê"]  # by its teacher
    assert offered("xoa mu chu") == [f"{screen.grid.activity_code} — "
                                     "Lớp xóa mù chữ giai đoạn 1 – Bản Nà Hạ"]  # by its name
    assert len(offered(other.code[-3:])) == 1  # by its code
    offered("ca phe")
    popup = completer.popup()
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert picker.currentData() == other.id and screen.grid.activity_id == other.id
