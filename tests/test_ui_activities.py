"""The classes-and-talks screen, driven with the keyboard as a centre's staff member would."""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from desktop.i18n import _
from desktop.services.activities import (
    ActivityInput,
    SessionInput,
    add_session,
    create_activity,
    enrol_learners,
    enrolled_learner_ids,
    get_activity,
    list_activities,
    list_sessions,
)
from desktop.services.learners import LearnerInput, create_learner
from desktop.ui.activity_dialog import ActivityDialog, DateField, MoneyField
from desktop.ui.learner_picker import LearnerPickerDialog, PickerModel, matching
from desktop.ui.models.activity_tables import ID_ROLE, ActivityFilter, ActivityTableModel, SessionModel
from desktop.ui.screens.activities import ActivitiesScreen
from desktop.ui.session_dialogs import SeriesDialog, SessionDialog, normalise_time
from ui_support import show_ready

pytestmark = pytest.mark.gui

TUESDAY, THURSDAY = 1, 3


class FakeNavigator:
    def __init__(self) -> None:
        self.attendance: list[tuple[str, int, int]] = []

    def show_attendance(self, activity_id: str, year: int, month: int) -> None:
        self.attendance.append((activity_id, year, month))


@contextlib.contextmanager
def modal(kind: type[QWidget], handler: Callable[[QWidget], None], timeout: float = 5) -> Iterator[None]:
    """Run `handler` on the modal dialog of `kind` that the block opens (from a timer, since
    exec() blocks); a failing handler closes the dialog so the test fails instead of hanging."""
    state: dict[str, object] = {"seen": False, "error": None, "visible_since": None, "over": False}
    deadline = time.monotonic() + timeout

    def poll() -> None:
        if state["over"]:  # the block has ended: never touch a later test's dialogs
            return
        widget = QApplication.activeModalWidget()
        ready = isinstance(widget, kind) and widget.isVisible()
        focused = False
        if ready:  # (asked only of an open dialog: each Qt call that answers None costs PySide a None)
            focus = QApplication.focusWidget()
            focused = focus is not None and (focus is widget or widget.isAncestorOf(focus))
        if ready and not (widget.isActiveWindow() and focused):  # give the window a moment to take the focus
            widget.activateWindow()
            since = state["visible_since"] = state["visible_since"] or time.monotonic()
            # a loaded machine may deliver the focus late: wait longer for it than for the activation
            ready = time.monotonic() - since > (2.0 if widget.isActiveWindow() else 0.2)  # type: ignore[operator]
        if ready:
            state["seen"] = True
            try:
                handler(widget)
            except BaseException as error:  # noqa: BLE001 - re-raised in the test below
                state["error"] = error
                if widget.isVisible() and isinstance(widget, QDialog):
                    widget.done(QDialog.DialogCode.Rejected)  # never a question left open
        elif time.monotonic() < deadline:
            QTimer.singleShot(10, poll)

    opener = QApplication.activeWindow()
    QTimer.singleShot(0, poll)
    try:
        yield
    finally:
        state["over"] = True
    # The offscreen platform does not hand activation back when a dialog closes; a desktop does.
    # An opener the block closed cannot take it back: waiting for that would poll activeWindow()
    # for two seconds, and PySide 6.12 on Python 3.11 drops a reference to None at each call
    # that returns None, until the interpreter aborts.
    if opener is not None and opener.isVisible() and QApplication.activeWindow() is not opener:
        opener.activateWindow()
        until = time.monotonic() + 2
        while QApplication.activeWindow() is not opener and time.monotonic() < until:
            QApplication.processEvents()
    if state["error"] is not None:
        raise state["error"]  # type: ignore[misc]
    assert state["seen"], f"no {kind.__name__} was opened"


def click_button(text: str) -> Callable[[QWidget], None]:
    """A handler that clicks the message box button with this text."""

    def handler(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        buttons = {button.text(): button for button in box.buttons()}
        assert text in buttons, f"{text!r} not in {list(buttons)}"
        buttons[text].click()

    return handler


def type_text(qtbot, widget: QWidget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type text key by key; Vietnamese letters arrive as an input method commits them
    (QTest.keyClicks only knows Latin-1)."""
    for char in text:
        if char.isascii():
            qtbot.keyClick(widget, char)
        else:
            QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, char,
                               Qt.KeyboardModifier.NoModifier)


def type_into(qtbot, widget: QWidget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Replace a field's text as a user would: focus it, select all, type."""
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, widget, text)


@pytest.fixture
def navigator() -> FakeNavigator:
    return FakeNavigator()


@pytest.fixture
def screen(qtbot, db, navigator, today) -> ActivitiesScreen:  # type: ignore[no-untyped-def]
    widget = ActivitiesScreen(db, navigator)
    widget.today = lambda: today
    return show_ready(qtbot, widget, 1116, 700)  # the screen's share of a 1366×768 window


@pytest.fixture
def register(db, villages, today) -> dict[str, str]:
    """Learners, with two namesakes told apart by birth year and village."""
    people = [("Nguyễn Văn An", "male", 1970, "Thôn Đông"),
              ("Nguyễn Thị Hoa", "female", 1985, "Bản Nà Hạ"),
              ("Nguyễn Thị Hoa", "female", 1992, "Bản Pá Khoang"),
              ("Lò Văn Thắng", "male", 1978, "Bản Nà Hạ"),
              ("Giàng A Sùng", "male", 1995, "Bản Pá Khoang")]
    made = {}
    for name, gender, year, village in people:
        learner = create_learner(db, LearnerInput(name, gender, None, year, "kinh", villages[village]),
                                 today=today)
        made[f"{name} {year}"] = learner.id
    return made


@pytest.fixture
def literacy_class(db, villages) -> str:
    return create_activity(db, ActivityInput(
        "Lớp xóa mù chữ bản Nà Hạ", "literacy_1", "literacy", teacher="Lò Thị Thu Hương",
        village_id=villages["Bản Nà Hạ"], start_date=dt.date(2026, 9, 7),
        end_date=dt.date(2027, 5, 28), status="running")).id


def press(qtbot, widget: QWidget, key: Qt.Key,  # type: ignore[no-untyped-def]
          modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(widget, key, modifiers)


CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


# --- creating a class --------------------------------------------------------------------------

def test_a_new_centre_is_told_how_to_create_a_class(screen):
    assert screen.list_stack.currentWidget() is screen.list_empty
    assert "Ctrl+N" in screen.list_empty.text()
    assert screen.details_stack.currentWidget() is screen.details_empty
    assert "Ctrl+N" in screen.new_button.toolTip()


def test_create_a_class_with_the_keyboard(qtbot, screen, db, villages):
    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, ActivityDialog)
        assert dialog.name.hasFocus()
        # Enter with no name: the error is shown in the dialog and the name field gets focus.
        press(qtbot, dialog.name, Qt.Key.Key_Return)
        assert dialog.isVisible()
        assert dialog.error_label.isVisible() and dialog.error_label.text()
        assert dialog.name.hasFocus()
        type_text(qtbot, dialog.name, "Lớp xóa mù chữ bản Nà Hạ")
        press(qtbot, dialog.name, Qt.Key.Key_Tab)
        assert dialog.kind.hasFocus()
        press(qtbot, dialog.kind, Qt.Key.Key_Down)  # literacy phase 2
        press(qtbot, dialog.kind, Qt.Key.Key_Tab)
        assert dialog.status.hasFocus()
        press(qtbot, dialog.status, Qt.Key.Key_Down)  # running
        type_into(qtbot, dialog.teacher, "Lò Thị Thu Hương")
        dialog.village.setFocus()
        type_text(qtbot, dialog.village.lineEdit(), "nà hạ")  # its name without "Bản" is enough
        type_into(qtbot, dialog.start_date, "07/09/2026")
        type_into(qtbot, dialog.end_date, "28/05/2026")  # before the start: refused
        type_into(qtbot, dialog.planned_sessions, "120")
        type_into(qtbot, dialog.funding_amount, "25000000")
        press(qtbot, dialog.funding_amount, Qt.Key.Key_Tab)
        assert dialog.funding_amount.text() == "25.000.000"
        press(qtbot, dialog.notes, Qt.Key.Key_Tab)  # Tab leaves the notes box
        dialog.start_date.setFocus()
        press(qtbot, dialog.start_date, Qt.Key.Key_Return)
        assert dialog.isVisible()
        assert dialog.end_date.hasFocus(), dialog.error_label.text()  # the field at fault
        type_into(qtbot, dialog.end_date, "28/05/2027")
        press(qtbot, dialog.end_date, Qt.Key.Key_Return)

    with modal(ActivityDialog, fill):
        press(qtbot, screen.table, Qt.Key.Key_N, CTRL)

    [summary] = list_activities(db)
    assert summary.code == "04321-2026-001"
    data = get_activity(db, summary.id)
    assert (data.name, data.kind, data.status) == ("Lớp xóa mù chữ bản Nà Hạ", "literacy_2", "running")
    assert (data.start_date, data.end_date) == (dt.date(2026, 9, 7), dt.date(2027, 5, 28))
    assert data.topic_group == "literacy"  # implied by the kind
    assert (data.village_id, data.teacher) == (villages["Bản Nà Hạ"], "Lò Thị Thu Hương")
    assert (data.planned_sessions, data.funding_amount) == (120, 25_000_000)
    assert screen.current_id() == summary.id
    assert screen.detail_title.text() == "Lớp xóa mù chữ bản Nà Hạ"
    assert summary.code in screen.detail_meta.text()


def test_edit_a_class_with_enter_on_the_list(qtbot, screen, db, literacy_class):
    screen.refresh()
    screen.table.setFocus()

    def rename(dialog: QWidget) -> None:
        assert isinstance(dialog, ActivityDialog)
        assert dialog.name.text() == "Lớp xóa mù chữ bản Nà Hạ"
        assert "04321-2026-001" in dialog.code_label.text()
        type_into(qtbot, dialog.name, "Lớp xóa mù chữ bản Nà Hạ (tối)")
        type_into(qtbot, dialog.funding_amount, "-5")
        press(qtbot, dialog.name, Qt.Key.Key_Return)
        assert dialog.funding_amount.hasFocus()  # negative amount refused
        type_into(qtbot, dialog.funding_amount, "1.500.000 ₫")
        press(qtbot, dialog.funding_amount, Qt.Key.Key_Return)

    with modal(ActivityDialog, rename):
        press(qtbot, screen.table, Qt.Key.Key_Return)
    data = get_activity(db, literacy_class)
    assert (data.name, data.funding_amount) == ("Lớp xóa mù chữ bản Nà Hạ (tối)", 1_500_000)
    assert screen.model.rows[0].name == "Lớp xóa mù chữ bản Nà Hạ (tối)"


def test_deleting_a_class_asks_first(qtbot, screen, db, literacy_class):
    screen.refresh()
    screen.focus_start()
    assert screen.table.hasFocus()
    with modal(QMessageBox, click_button(_("Don't delete"))):
        press(qtbot, screen.table, Qt.Key.Key_Delete)
    assert len(list_activities(db)) == 1
    with modal(QMessageBox, click_button(_("Delete the class or talk"))):
        press(qtbot, screen.table, Qt.Key.Key_Delete)
    assert list_activities(db) == []
    assert screen.list_stack.currentWidget() is screen.list_empty


# --- learners ----------------------------------------------------------------------------------

def test_enrol_learners_through_the_picker(qtbot, screen, db, register, literacy_class):
    enrol_learners(db, literacy_class, [register["Nguyễn Văn An 1970"]])
    screen.refresh()

    def pick(dialog: QWidget) -> None:
        assert isinstance(dialog, LearnerPickerDialog)
        assert dialog.search.hasFocus()
        type_text(qtbot, dialog.search, "nguyen")
        rows = dialog.model.rows
        assert [row.full_name for row in rows] == ["Nguyễn Văn An", "Nguyễn Thị Hoa", "Nguyễn Thị Hoa"]
        # Namesakes are told apart: every row shows birth year and village.
        shown = [[dialog.model.index(r, c).data() for c in (PickerModel.BIRTH_YEAR, PickerModel.VILLAGE)]
                 for r in range(3)]
        assert shown[1:] == [["1985", "Bản Nà Hạ"], ["1992", "Bản Pá Khoang"]]
        assert dialog.model.index(0, PickerModel.STATE).data() == _("Already enrolled")
        # The first learner who can be added is highlighted; Shift+Down highlights the next.
        assert [learner.birth_year for learner in dialog.highlighted()] == [1985]
        press(qtbot, dialog.search, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
        assert [learner.birth_year for learner in dialog.highlighted()] == [1985, 1992]
        press(qtbot, dialog.search, Qt.Key.Key_Return)
        assert dialog.search.text() == ""  # ready for the next name
        assert dialog.chosen_list.count() == 2
        # Adding someone already enrolled does nothing.
        type_text(qtbot, dialog.search, "nguyen van an")
        press(qtbot, dialog.search, Qt.Key.Key_Return)
        assert dialog.chosen_list.count() == 2
        type_into(qtbot, dialog.search, "")
        dialog.search.clear()
        press(qtbot, dialog.search, Qt.Key.Key_Return)  # Enter on an empty search enrols

    with modal(LearnerPickerDialog, pick):
        press(qtbot, screen.table, Qt.Key.Key_L, CTRL)

    assert set(enrolled_learner_ids(db, literacy_class)) == {
        register["Nguyễn Văn An 1970"], register["Nguyễn Thị Hoa 1985"], register["Nguyễn Thị Hoa 1992"]}
    assert screen.learner_model.rowCount() == 3
    assert screen.tabs.currentIndex() == 0
    assert screen.model.rows[0].enrolled == 3


def test_picker_search_ignores_accents_and_matches_year_and_village(qtbot, db, register):
    picker = LearnerPickerDialog(db)
    qtbot.addWidget(picker)
    learners = picker.model.rows
    assert [l.birth_year for l in matching(learners, "NGUYỄN thi hoa")] == [1985, 1992]
    assert [l.birth_year for l in matching(learners, "hoa pa khoang")] == [1992]
    assert [l.birth_year for l in matching(learners, "hoa")] == [1985, 1992]  # not "Khoang"
    assert [l.birth_year for l in matching(learners, "ng h")] == [1985, 1992]  # word starts
    assert [l.full_name for l in matching(learners, "thang")] == ["Lò Văn Thắng"]
    assert [l.full_name for l in matching(learners, "1995")] == ["Giàng A Sùng"]


def test_enrol_a_whole_village(qtbot, screen, db, register, literacy_class, villages):
    screen.refresh()

    def choose(dialog: QWidget) -> None:
        # The class's own village is proposed; the button says how many will be added.
        assert dialog.village_id() == villages["Bản Nà Hạ"]  # type: ignore[attr-defined]
        assert "2" in dialog.ok_button.text()  # type: ignore[attr-defined]
        press(qtbot, dialog.village, Qt.Key.Key_Return)  # type: ignore[attr-defined]

    with modal(QDialog, choose):
        press(qtbot, screen.table, Qt.Key.Key_L, CTRL_SHIFT)
    assert set(enrolled_learner_ids(db, literacy_class)) == {
        register["Nguyễn Thị Hoa 1985"], register["Lò Văn Thắng 1978"]}


def test_remove_a_learner_with_confirmation(qtbot, screen, db, register, literacy_class):
    enrol_learners(db, literacy_class, list(register.values()))
    screen.refresh()
    # Vietnamese name order: by given name (An, Hoa, Hoa, Sùng, Thắng).
    assert [row.full_name.split()[-1] for row in screen.learner_model.rows] == [
        "An", "Hoa", "Hoa", "Sùng", "Thắng"]
    screen.learner_table.setFocus()
    screen.learner_table.setCurrentIndex(screen.learner_model.index(3, 1))
    with modal(QMessageBox, click_button(_("Remove from the class"))):
        press(qtbot, screen.learner_table, Qt.Key.Key_Delete)
    assert register["Giàng A Sùng 1995"] not in enrolled_learner_ids(db, literacy_class)
    assert screen.learner_model.rowCount() == 4


# --- sessions ----------------------------------------------------------------------------------

def _generate_november(qtbot, screen) -> None:  # type: ignore[no-untyped-def]
    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, SeriesDialog)
        assert dialog.start_date.hasFocus()
        type_text(qtbot, dialog.start_date, "01/11/2026")
        type_into(qtbot, dialog.end_date, "30/11/2026")
        assert not dialog.ok_button.isEnabled()  # no weekday ticked yet
        for index in (TUESDAY, THURSDAY):
            dialog.weekday_boxes[index].setFocus()
            press(qtbot, dialog.weekday_boxes[index], Qt.Key.Key_Space)
        assert dialog.weekdays() == {TUESDAY, THURSDAY}
        assert "8" in dialog.ok_button.text()
        type_into(qtbot, dialog.start_time, "19h")
        type_into(qtbot, dialog.end_time, "2100")
        type_into(qtbot, dialog.content, "Tiếng Việt, Toán")
        type_into(qtbot, dialog.periods, "3")
        press(qtbot, dialog.content, Qt.Key.Key_Return)

    with modal(SeriesDialog, fill):
        press(qtbot, screen.table, Qt.Key.Key_G, CTRL)


def test_generate_tuesday_and_thursday_sessions_for_a_month(qtbot, screen, db, literacy_class):
    screen.refresh()
    _generate_november(qtbot, screen)
    sessions = list_sessions(db, literacy_class)
    assert [s.date.day for s in sessions] == [3, 5, 10, 12, 17, 19, 24, 26]
    assert {(s.start_time, s.end_time, s.periods, s.teacher) for s in sessions} == {
        ("19:00", "21:00", 3, "Lò Thị Thu Hương")}
    assert screen.tabs.currentIndex() == 1
    model = screen.session_model
    assert model.rowCount() == 8
    assert model.index(0, SessionModel.DATE).data().endswith("03/11/2026")
    assert model.index(1, SessionModel.TIME).data() == "19:00–21:00"
    # Past sessions without attendance are flagged.
    assert model.index(0, SessionModel.STATE).data() == _("Not taken yet")
    assert model.index(7, SessionModel.STATE).data() == ""
    assert screen.current_session().date == dt.date(2026, 11, 3)  # the first one made
    assert screen.model.rows[0].sessions == 8


def test_series_preview_counts_dates_already_taken(qtbot, db, literacy_class):
    add_session(db, literacy_class, SessionInput(dt.date(2026, 11, 10)))
    dialog = SeriesDialog(db, literacy_class, start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 30))
    qtbot.addWidget(dialog)
    dialog.weekday_boxes[TUESDAY].setChecked(True)
    assert [day.day for day in dialog.planned_dates()] == [3, 17, 24]
    assert "3" in dialog.ok_button.text()
    dialog.end_date.set_date(dt.date(2028, 11, 30))
    dialog.weekday_boxes[0].setChecked(True)
    dialog.weekday_boxes[2].setChecked(True)
    dialog.weekday_boxes[4].setChecked(True)
    assert not dialog.ok_button.isEnabled()  # more than 400 sessions
    assert "400" in dialog.preview.text()


def test_cancel_a_session_with_confirmation_and_restore_it(qtbot, screen, db, literacy_class):
    screen.refresh()
    _generate_november(qtbot, screen)
    screen.session_table.setFocus()
    screen.session_table.setCurrentIndex(screen.session_model.index(2, SessionModel.DATE))  # 10/11
    with modal(QMessageBox, click_button(_("Keep the session"))):  # changed their mind
        press(qtbot, screen.session_table, Qt.Key.Key_X, CTRL_SHIFT)
    assert not any(s.cancelled for s in list_sessions(db, literacy_class))
    with modal(QMessageBox, click_button(_("Cancel the session"))):
        press(qtbot, screen.session_table, Qt.Key.Key_X, CTRL_SHIFT)
    cancelled = [s.date.day for s in list_sessions(db, literacy_class) if s.cancelled]
    assert cancelled == [10]
    row = screen.session_model.index(2, SessionModel.STATE)
    assert row.data() == _("Cancelled")
    assert row.data(Qt.ItemDataRole.FontRole).strikeOut() is False
    assert screen.session_model.index(2, SessionModel.DATE).data(Qt.ItemDataRole.FontRole).strikeOut()
    assert screen.current_session().cancelled
    assert screen.cancel_session_button.text() == _("Restore session")
    assert screen.model.rows[0].sessions == 7
    press(qtbot, screen.session_table, Qt.Key.Key_X, CTRL_SHIFT)  # restoring needs no question
    assert not any(s.cancelled for s in list_sessions(db, literacy_class))


def test_add_and_edit_a_session(qtbot, screen, db, literacy_class):
    screen.refresh()

    def add(dialog: QWidget) -> None:
        assert isinstance(dialog, SessionDialog)
        assert dialog.date.text() == "23/11/2026"  # today
        assert dialog.teacher.text() == "Lò Thị Thu Hương"  # from the class
        press(qtbot, dialog.date, Qt.Key.Key_Up)  # one day later
        type_into(qtbot, dialog.start_time, "19:30")
        type_into(qtbot, dialog.end_time, "19:00")
        press(qtbot, dialog.end_time, Qt.Key.Key_Return)
        assert dialog.isVisible() and dialog.end_time.hasFocus()  # ends before it starts
        type_into(qtbot, dialog.end_time, "21:00")
        press(qtbot, dialog.end_time, Qt.Key.Key_Return)

    with modal(SessionDialog, add):
        press(qtbot, screen.table, Qt.Key.Key_N, CTRL_SHIFT)
    [session] = list_sessions(db, literacy_class)
    assert (session.date, session.start_time, session.end_time) == (dt.date(2026, 11, 24), "19:30", "21:00")

    def edit(dialog: QWidget) -> None:
        assert isinstance(dialog, SessionDialog)
        type_into(qtbot, dialog.content, "Ôn tập")
        press(qtbot, dialog.content, Qt.Key.Key_Return)

    with modal(SessionDialog, edit):
        press(qtbot, screen.session_table, Qt.Key.Key_Return)
    assert list_sessions(db, literacy_class)[0].content == "Ôn tập"


def test_a_session_date_outside_the_class_period_is_refused_or_asked(qtbot, db, literacy_class):
    dialog = SessionDialog(db, literacy_class, defaults=SessionInput(dt.date(2026, 11, 23)))
    qtbot.addWidget(dialog)
    dialog.show()
    type_into(qtbot, dialog.date, "28/02/2020")  # the class runs 07/09/2026 – 28/05/2027
    press(qtbot, dialog.date, Qt.Key.Key_Return)
    assert dialog.isVisible() and "28/02/2020" in dialog.error_label.text()
    assert list_sessions(db, literacy_class) == []
    type_into(qtbot, dialog.date, "02/06/2027")  # a make-up session just after the planned end
    with modal(QMessageBox, click_button("Sửa lại ngày")):
        press(qtbot, dialog.date, Qt.Key.Key_Return)
    assert dialog.isVisible() and list_sessions(db, literacy_class) == []
    with modal(QMessageBox, click_button("Vẫn lưu")):
        press(qtbot, dialog.date, Qt.Key.Key_Return)
    assert [s.date for s in list_sessions(db, literacy_class)] == [dt.date(2027, 6, 2)]


def test_take_attendance_opens_the_sessions_month(qtbot, screen, db, navigator, literacy_class):
    add_session(db, literacy_class, SessionInput(dt.date(2026, 11, 10)))
    add_session(db, literacy_class, SessionInput(dt.date(2026, 12, 1)))
    screen.refresh()
    assert screen.current_session().date == dt.date(2026, 12, 1)  # the next one from today
    press(qtbot, screen.table, Qt.Key.Key_T, CTRL)
    assert navigator.attendance == [(literacy_class, 2026, 12)]
    assert "Ctrl+T" in screen.attendance_button.toolTip()


# --- list, search, layout ----------------------------------------------------------------------

def test_search_ignores_accents_and_filters_combine(qtbot, screen, db, literacy_class):
    create_activity(db, ActivityInput("Chuyên đề phòng chống ma túy", "topic_talk", "law",
                                      start_date=dt.date(2025, 10, 15), status="finished"))
    screen.refresh()
    qtbot.keyClick(screen.table, Qt.Key.Key_F, CTRL)
    assert screen.search.hasFocus()
    type_text(qtbot, screen.search, "xoa mu chu")
    assert screen.proxy.rowCount() == 1
    assert screen.current_id() == literacy_class
    press(qtbot, screen.search, Qt.Key.Key_Escape)
    assert screen.search.text() == "" and screen.proxy.rowCount() == 2
    screen.year_filter.setCurrentIndex(screen.year_filter.findData(2025))
    assert [screen.proxy.index(r, 1).data() for r in range(screen.proxy.rowCount())] == [
        "Chuyên đề phòng chống ma túy"]
    screen.status_filter.setCurrentIndex(screen.status_filter.findData("running"))
    assert screen.proxy.rowCount() == 0
    assert screen.list_stack.currentWidget() is screen.list_empty
    screen.select_activity(literacy_class)  # the window jumps here: filters step aside
    assert screen.current_id() == literacy_class
    assert screen.status_filter.currentData() is None and screen.year_filter.currentData() is None


def test_activity_model_sorts_by_real_values(qapp, db, literacy_class):
    create_activity(db, ActivityInput("Ăn uống hợp lý", "topic_talk", "health",
                                      start_date=dt.date(2026, 3, 1)))
    create_activity(db, ActivityInput("An toàn giao thông", "topic_talk", "law",
                                      start_date=dt.date(2025, 3, 1)))
    model = ActivityTableModel()
    model.set_rows(list_activities(db))
    proxy = ActivityFilter()
    proxy.setSourceModel(model)
    proxy.sort(ActivityTableModel.NAME)
    assert [proxy.index(r, 1).data() for r in range(3)] == [
        "An toàn giao thông", "Ăn uống hợp lý", "Lớp xóa mù chữ bản Nà Hạ"]  # a < ă < … < l
    proxy.sort(ActivityTableModel.DATES, Qt.SortOrder.DescendingOrder)
    assert [proxy.index(r, 4).data()[:10] for r in range(3)] == ["07/09/2026", "01/03/2026", "01/03/2025"]
    assert model.index(0, ActivityTableModel.ENROLLED).data(Qt.ItemDataRole.TextAlignmentRole) \
        & Qt.AlignmentFlag.AlignRight
    assert model.rowCount(model.index(0, 0)) == 0 and not model.data(QModelIndex())


def test_the_lists_fit_a_1366_by_768_window_without_horizontal_scrolling(qtbot, screen, db, register,
                                                                         literacy_class):
    create_activity(db, ActivityInput(
        "Lớp kỹ thuật trồng cà phê chè dưới tán rừng và chăm sóc cây ăn quả cho hộ nghèo", "short_course",
        "agriculture", start_date=dt.date(2026, 12, 1), end_date=dt.date(2026, 12, 20)))
    enrol_learners(db, literacy_class, list(register.values()))
    screen.refresh()
    screen.select_activity(literacy_class)
    for language_width in (1116, 1366):
        screen.resize(language_width, 700)
        qtbot.wait(10)
        for view in (screen.table, screen.learner_table, screen.session_table):
            assert view.horizontalHeader().length() <= view.viewport().width() + 1


def test_dialog_fields_read_what_officers_type(qtbot):
    assert normalise_time("7h30") == "07:30"
    assert normalise_time("1930") == "19:30"
    assert normalise_time("7") == "07:00"
    assert normalise_time("25:00") == "25:00"  # left for the service to refuse
    date = DateField()
    money = MoneyField()
    qtbot.addWidget(date)
    qtbot.addWidget(money)
    date.setText("5-9-2026")
    assert date.date() == dt.date(2026, 9, 5)
    date.setText("31/02/2026")
    with pytest.raises(ValueError):
        date.date()
    money.setText("1.500.000 ₫")
    assert money.amount() == 1_500_000
    money.setText("một triệu")
    with pytest.raises(ValueError):
        money.amount()


def test_delete_a_session_entered_by_mistake(qtbot, screen, db, literacy_class):
    add_session(db, literacy_class, SessionInput(dt.date(2026, 11, 24), "19:00", "21:00"))
    add_session(db, literacy_class, SessionInput(dt.date(2026, 11, 25), "19:00", "21:00"))
    screen.refresh()
    screen.tabs.setCurrentIndex(1)
    screen.session_table.setFocus()
    screen.session_table.setCurrentIndex(screen.session_model.index(1, SessionModel.DATE))
    assert "Del" in screen.delete_session_button.toolTip()
    seen: dict[str, object] = {}

    def look_then_keep(box: QWidget) -> None:  # Enter on the question deletes nothing
        assert isinstance(box, QMessageBox)
        seen["buttons"] = sorted(button.text() for button in box.buttons())
        seen["default"] = box.defaultButton().text()
        QTest.keyClick(box, Qt.Key.Key_Return)

    with modal(QMessageBox, look_then_keep):
        press(qtbot, screen.session_table, Qt.Key.Key_Delete)
    # The buttons say what they do: a bare "Hủy" would also read as "cancel the session"
    assert seen == {"buttons": ["Không xóa", "Xóa buổi học"], "default": "Không xóa"}
    assert len(list_sessions(db, literacy_class)) == 2
    with modal(QMessageBox, click_button(_("Delete the session"))):
        press(qtbot, screen.session_table, Qt.Key.Key_Delete)
    assert [s.date.day for s in list_sessions(db, literacy_class)] == [24]
    assert screen.session_model.rowCount() == 1


def test_sorting_by_a_column_keeps_the_chosen_class(qtbot, screen, db, literacy_class):
    create_activity(db, ActivityInput("Ăn uống hợp lý", "topic_talk", "health",
                                      start_date=dt.date(2026, 3, 1)))
    create_activity(db, ActivityInput("An toàn giao thông", "topic_talk", "law",
                                      start_date=dt.date(2025, 3, 1)))
    screen.refresh()
    screen.select_activity(literacy_class)
    screen.table.sortByColumn(ActivityTableModel.NAME, Qt.SortOrder.AscendingOrder)
    names = [screen.proxy.index(row, ActivityTableModel.NAME).data() for row in range(3)]
    assert names == ["An toàn giao thông", "Ăn uống hợp lý", "Lớp xóa mù chữ bản Nà Hạ"]
    current = screen.table.currentIndex()
    assert current.data(ID_ROLE) == literacy_class and current.row() == 2
    screen.refresh()  # new data keep the chosen order
    assert screen.proxy.index(0, ActivityTableModel.NAME).data() == "An toàn giao thông"


def test_the_search_hint_is_not_cut_in_vietnamese(qtbot, screen):
    hint = screen.search.placeholderText()
    assert hint.startswith("Tìm theo tên, mã hoặc giáo viên")
    room = screen.search.width() - 30  # the frame, margins and the clear button
    assert screen.search.fontMetrics().horizontalAdvance(hint) <= room
