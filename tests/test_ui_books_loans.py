"""The loan desk driven with the keyboard only: a USB scanner types a code and presses Enter."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from test_books_support import TODAY, small_cabinet, snapshot
from test_ui_activities import click_button, modal
from test_ui_books_readers import answer_box

from desktop.i18n import _
from desktop.services.books.catalogue import find_copy_by_code
from desktop.services.books.incidents import record_loss
from desktop.services.books.loan_lists import list_loans
from desktop.services.books.loans import apply_plan, plan_scan
from desktop.services.books.readers import get_reader
from desktop.ui.books.closure_dialog import ClosureDialog
from desktop.ui.books.incident_dialog import IncidentDialog
from desktop.ui.books.loan_desk import LoanDeskTab
from ui_support import show_ready

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def cabinet(db, villages):
    return small_cabinet(db, villages)


@pytest.fixture
def desk(qtbot, db, cabinet) -> LoanDeskTab:  # type: ignore[no-untyped-def]
    return show_ready(qtbot, LoanDeskTab(db, today=TODAY), 1116, 660)  # the tab's share of a 1366×768 window


def scan(qtbot, desk: LoanDeskTab, code: str) -> None:  # type: ignore[no-untyped-def]
    """What a USB scanner does: type the code into whatever has the focus, then Enter."""
    target = QApplication.focusWidget()
    assert target is desk.scan, "the keyboard should be in the scan box"
    qtbot.keyClicks(target, code)
    qtbot.keyClick(target, Qt.Key.Key_Return)


def key(qtbot, desk: LoanDeskTab, which: Qt.Key,  # type: ignore[no-untyped-def]
        modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget() or desk.scan, which, modifiers)


def open_codes(db, reader_id: str) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(loan.copy_code for loan in list_loans(db, reader_id=reader_id, open_only=True,
                                                        today=TODAY))


def lend_now(db, code: str, reader_id: str, day: dt.date = TODAY) -> None:  # type: ignore[no-untyped-def]
    apply_plan(db, plan_scan(db, code, reader_id, today=day))


def test_a_card_starts_a_session_and_two_books_are_lent_with_enter(qtbot, db, desk, cabinet):
    scan(qtbot, desk, "BD00001")
    assert desk.reader is not None and desk.reader.id == cabinet.pang
    assert desk.panel.state == "info" and "Lò Thị Pấng" in desk.panel.who.text()
    assert "Lò Thị Pấng" in desk.reader_label.text() and "0/3" in desk.reader_label.text()

    scan(qtbot, desk, "3")
    # Before anything is saved: who borrows, with village and birth year, and the due date.
    assert desk.panel.state == "confirm"
    assert desk.panel.who.text() == "Lò Thị Pấng"
    assert "1990" in desk.panel.details.text() and "Bản Nà Hạ" in desk.panel.details.text()
    assert "07/12/2026" in desk.panel.text.text()
    assert open_codes(db, cabinet.pang) == []
    key(qtbot, desk, Qt.Key.Key_Return)
    assert desk.panel.state == "done"
    assert open_codes(db, cabinet.pang) == ["3"]

    scan(qtbot, desk, "4")
    key(qtbot, desk, Qt.Key.Key_Return)
    assert open_codes(db, cabinet.pang) == ["3", "4"]
    assert desk.loans_model.rowCount() == 2 and "2/3" in desk.reader_label.text()
    assert [loan.copy_code for loan in desk.loans_model.loans] == ["3", "4"]
    assert desk.log.count() >= 3  # the reader and two loans
    assert QApplication.focusWidget() is desk.scan and desk.scan.text() == ""


def test_esc_cancels_the_question_and_then_ends_the_session(qtbot, db, desk, cabinet):
    scan(qtbot, desk, "BD00002")
    scan(qtbot, desk, "5")
    assert desk.panel.state == "confirm"
    before = snapshot(db)
    key(qtbot, desk, Qt.Key.Key_Escape)
    assert desk.panel.state == "idle" and desk.pending is None
    assert snapshot(db) == before
    assert desk.reader is not None  # the first Esc only dropped the question
    key(qtbot, desk, Qt.Key.Key_Escape)
    assert desk.reader is None and desk.loans_model.rowCount() == 0
    assert QApplication.focusWidget() is desk.scan


def test_an_unknown_accession_number_is_refused_and_nothing_changes(qtbot, db, desk, cabinet):
    scan(qtbot, desk, "BD00001")
    before = snapshot(db)
    scan(qtbot, desk, "404")
    assert desk.panel.state == "refused" and "404" in desk.panel.text.text()
    key(qtbot, desk, Qt.Key.Key_Return)  # Enter after a refusal saves nothing either
    assert snapshot(db) == before
    scan(qtbot, desk, "BD00099")
    assert desk.panel.state == "refused" and "BD00099" in desk.panel.text.text()
    assert snapshot(db) == before


def test_a_copy_already_out_is_refused_when_saving(qtbot, db, desk, cabinet):
    scan(qtbot, desk, "BD00002")
    scan(qtbot, desk, "7")
    assert desk.panel.state == "confirm"
    lend_now(db, "7", cabinet.pang)  # meanwhile, at another desk
    before = snapshot(db)
    key(qtbot, desk, Qt.Key.Key_Return)
    assert desk.panel.state == "refused"
    assert _("Copy {code} “{title}” is already on loan.").format(
        code="7", title="Kỹ thuật nuôi gà thả vườn") in desk.panel.text.text()
    assert snapshot(db) == before
    assert open_codes(db, cabinet.pao) == [] and open_codes(db, cabinet.pang) == ["7"]


def test_a_lost_copy_and_a_reader_at_the_limit_are_refused(qtbot, db, desk, cabinet):
    record_loss(db, "5", today=TODAY)
    for code in ("1", "2", "3"):
        lend_now(db, code, cabinet.pao)
    scan(qtbot, desk, "BD00001")
    before = snapshot(db)
    scan(qtbot, desk, "5")
    assert desk.panel.state == "refused" and "5" in desk.panel.text.text()
    scan(qtbot, desk, "BD00002")
    scan(qtbot, desk, "6")
    assert desk.panel.state == "refused" and "3" in desk.panel.text.text()
    assert snapshot(db) == before


def test_a_copy_scanned_alone_comes_back(qtbot, db, desk, cabinet):
    lend_now(db, "3", cabinet.pang, day=TODAY - dt.timedelta(days=20))  # due 23/11 - 6 days
    scan(qtbot, desk, "3")  # a family member brings it back: no card scanned
    assert desk.panel.state == "confirm"
    assert desk.panel.who.text() == "Lò Thị Pấng"
    assert "6" in desk.panel.text.text()  # days overdue
    key(qtbot, desk, Qt.Key.Key_Return)
    assert desk.panel.state == "done"
    (loan,) = list_loans(db, reader_id=cabinet.pang, today=TODAY)
    assert (loan.state, loan.returned_on) == ("returned", TODAY)


def test_ctrl_z_undoes_the_last_loan(qtbot, db, desk, cabinet):
    scan(qtbot, desk, "BD00003")
    scan(qtbot, desk, "11")
    key(qtbot, desk, Qt.Key.Key_Return)
    assert open_codes(db, cabinet.an) == ["11"]
    assert desk.undo_action.isEnabled()
    key(qtbot, desk, Qt.Key.Key_Z, CTRL)
    assert open_codes(db, cabinet.an) == []
    assert desk.panel.state == "done" and desk.loans_model.rowCount() == 0
    assert not desk.undo_action.isEnabled()
    assert QApplication.focusWidget() is desk.scan


def test_a_name_with_several_readers_is_picked_with_the_arrow_keys(qtbot, db, desk, cabinet):
    scan(qtbot, desk, "ng")  # Nguyễn Văn An, Sùng A Páo, Lò Thị Pấng
    assert desk.panel.state == "pick" and desk.panel.choices.count() == 3
    texts = [desk.panel.choices.item(row).text() for row in range(3)]
    assert "2015" in texts[0] and "Thôn Đông" in texts[0]  # birth year and village tell apart
    key(qtbot, desk, Qt.Key.Key_Down)
    key(qtbot, desk, Qt.Key.Key_Return)
    assert desk.reader is not None and desk.reader.id == cabinet.pao


def test_renew_the_highlighted_loan_with_ctrl_r(qtbot, db, desk, cabinet):
    lend_now(db, "1", cabinet.pang, day=TODAY - dt.timedelta(days=10))  # due 27/11
    scan(qtbot, desk, "BD00001")
    key(qtbot, desk, Qt.Key.Key_Down)  # highlight the loan from the scan box
    assert desk.selected_loan() is not None
    key(qtbot, desk, Qt.Key.Key_R, CTRL)
    (loan,) = list_loans(db, reader_id=cabinet.pang, open_only=True, today=TODAY)
    assert (loan.due_on, loan.renewals) == (dt.date(2026, 12, 7), 1)
    assert desk.panel.state == "done"
    assert desk.loans_model.loans[0].due_on == dt.date(2026, 12, 7)
    key(qtbot, desk, Qt.Key.Key_R, CTRL)  # again today: no more time, refused
    assert desk.panel.state == "refused"
    key(qtbot, desk, Qt.Key.Key_Z, CTRL)  # undo the renewal
    (loan,) = list_loans(db, reader_id=cabinet.pang, open_only=True, today=TODAY)
    assert (loan.due_on, loan.renewals) == (dt.date(2026, 11, 27), 0)


def test_loss_with_compensation_through_the_dialog(qtbot, db, desk, cabinet):
    lend_now(db, "9", cabinet.pao)
    scan(qtbot, desk, "BD00002")
    key(qtbot, desk, Qt.Key.Key_Down)

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, IncidentDialog)
        assert dialog.code.text() == "9" and "Kỹ thuật nuôi gà" in dialog.copy_label.text()
        assert QApplication.focusWidget() is dialog.compensation
        qtbot.keyClicks(dialog.compensation, "35000")
        qtbot.keyClick(dialog.compensation, Qt.Key.Key_Return)

    with modal(IncidentDialog, fill):
        key(qtbot, desk, Qt.Key.Key_L, CTRL)
    assert find_copy_by_code(db, "9").status == "lost"
    (loan,) = list_loans(db, reader_id=cabinet.pao, today=TODAY)
    assert loan.state == "lost"
    assert get_reader(db, cabinet.pao).open_loans == 0
    assert desk.panel.state == "done" and "35.000" in desk.panel.text.text()
    assert QApplication.focusWidget() is desk.scan
    key(qtbot, desk, Qt.Key.Key_Z, CTRL)  # undo: on loan again
    assert find_copy_by_code(db, "9").status == "active" and open_codes(db, cabinet.pao) == ["9"]


def test_the_incident_dialog_shows_its_errors_inside(qtbot, db, desk, cabinet):
    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, IncidentDialog)
        qtbot.keyClicks(dialog.code, "404")
        qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
        assert dialog.isVisible() and "404" in dialog.error_label.text()
        errors: list[BaseException] = []
        QTimer.singleShot(0, lambda: answer_box(click_button(_("Close without saving")), errors))
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)  # a code typed: asks first
        assert not errors, errors

    before = snapshot(db)
    with modal(IncidentDialog, fill):
        key(qtbot, desk, Qt.Key.Key_L, CTRL)
    assert snapshot(db) == before


def test_extend_all_due_dates_after_a_closure(qtbot, db, desk, cabinet):
    lend_now(db, "1", cabinet.pang)  # due 07/12
    lend_now(db, "11", cabinet.an)  # due 30/11

    def dates(dialog: QWidget) -> None:
        assert isinstance(dialog, ClosureDialog)
        for field, text in ((dialog.first, "30/11/2026"), (dialog.last, "02/12/2026")):
            field.setFocus()
            qtbot.keyClick(field, Qt.Key.Key_A, CTRL)
            qtbot.keyClicks(field, text)
        qtbot.keyClick(dialog.last, Qt.Key.Key_Return)

    with modal(ClosureDialog, dates), modal(QMessageBox, click_button(_("Extend due dates"))):
        key(qtbot, desk, Qt.Key.Key_E, CTRL | Qt.KeyboardModifier.ShiftModifier)
    due = {loan.copy_code: loan.due_on for loan in list_loans(db, open_only=True, today=TODAY)}
    assert due == {"1": dt.date(2026, 12, 10), "11": dt.date(2026, 12, 3)}
    assert desk.panel.state == "done"


def test_tooltips_name_the_shortcuts(desk):
    tips = {key: button.toolTip() for key, button in desk.buttons.items()}
    assert "Ctrl+Z" in tips["undo"] and "Ctrl+R" in tips["renew"] and "Ctrl+L" in tips["incident"]
    assert "Esc" in tips["end"]


def test_a_lost_copy_that_turns_up_is_put_back_from_the_same_dialog(qtbot, db, desk, cabinet):
    record_loss(db, "13", today=TODAY)
    scan(qtbot, desk, "BD00003")
    scan(qtbot, desk, "13")
    assert desk.panel.state == "refused"  # lost: it cannot be lent until it is found

    def found(dialog: QWidget) -> None:
        assert isinstance(dialog, IncidentDialog)
        assert dialog.code.text() == ""  # the box was cleared after the refusal
        qtbot.keyClicks(dialog.code, "13")
        dialog.found.setFocus()
        qtbot.keyClick(dialog.found, Qt.Key.Key_Space)
        assert dialog.found.isChecked()
        qtbot.keyClick(dialog.found, Qt.Key.Key_Return)

    with modal(IncidentDialog, found):
        key(qtbot, desk, Qt.Key.Key_L, CTRL)
    assert find_copy_by_code(db, "13").status == "active"
    scan(qtbot, desk, "13")
    key(qtbot, desk, Qt.Key.Key_Return)
    assert open_codes(db, cabinet.an) == ["13"]
