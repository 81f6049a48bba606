"""The learning society screen driven by the keyboard: the learning-model grid typed like a
spreadsheet with its targets, the fund's ledger (a receipt, a payment beyond the balance as an
advance, a correction kept in its history), and the Learning Week's picks."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox

from conftest import type_text
from desktop.services import activities
from desktop.services.society import fund as fund_service
from desktop.services.society import models as model_service
from desktop.services.society import week as week_service
from desktop.ui.society.fund_dialog import FundEntryDialog
from desktop.ui.society.grid_model import T_RESULT, T_TARGET, column_of
from desktop.ui.society.screen import SocietyScreen
from test_ui_activities import click_button, modal

TODAY = dt.date(2026, 11, 23)
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def screen(qtbot, db, villages):
    widget = SocietyScreen(db, today=TODAY)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    widget.refresh()
    return widget


def village_order(screen) -> list[str]:
    return [line.village for line in screen.models_tab.grid_model.grid.villages]


def type_cell(qtbot, view, text: str) -> None:
    """The first key opens the cell's editor (as typing into a spreadsheet does), the rest go into
    it, Enter saves."""
    type_text(view, text[0])
    editor = next(child for child in view.viewport().findChildren(QLineEdit) if child.isVisible())
    type_text(editor, text[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)  # Qt closes the editor queued


def test_the_grid_is_typed_with_the_keyboard_and_saved_at_once(qtbot, screen, db):
    tab = screen.models_tab
    grid, model = tab.grid, tab.grid_model
    assert model.rowCount() == 5  # four villages and the total
    tab.focus_start()
    assert grid.currentIndex().row() == 0 and grid.currentIndex().column() == column_of("family", "registered")
    type_cell(qtbot, grid, "120")
    assert grid.currentIndex().row() == 1  # Enter saved and moved down
    type_cell(qtbot, grid, "80")
    first, second = village_order(screen)[:2]
    saved = {line.village: line.cell("family") for line in model_service.learning_grid(db, 2026).villages}
    assert (saved[first].registered, saved[second].registered) == (120, 80)
    # recognised, one column to the right, from the top
    grid.setCurrentIndex(model.index(0, column_of("family", "recognised")))
    type_cell(qtbot, grid, "100")
    type_cell(qtbot, grid, "72")
    total_row = model.rowCount() - 1
    assert model.index(total_row, column_of("family", "registered")).data() == "200"
    assert model.index(total_row, column_of("family", "recognised")).data() == "172"
    # Delete sets a cell to 0
    grid.setCurrentIndex(model.index(1, column_of("family", "recognised")))
    qtbot.keyClick(grid, Qt.Key.Key_Delete)
    assert model.index(total_row, column_of("family", "recognised")).data() == "100"
    assert model.index(3, column_of("family", "registered")).data() == ""  # a village without figures


def test_more_recognised_than_registered_is_refused_with_a_message(qtbot, screen, db):
    tab = screen.models_tab
    tab.focus_start()
    type_cell(qtbot, tab.grid, "10")
    tab.grid.setCurrentIndex(tab.grid_model.index(0, column_of("family", "recognised")))

    def read_and_close(box):
        assert isinstance(box, QMessageBox)
        assert "nhiều hơn số đăng ký" in box.text()
        box.accept()

    with modal(QMessageBox, read_and_close):
        type_cell(qtbot, tab.grid, "12")
    cell = model_service.learning_grid(db, 2026).villages[0].cell("family")
    assert (cell.registered, cell.recognised) == (10, 0)


def test_a_target_is_typed_beside_the_totals_and_shows_met_or_missed(qtbot, screen, db, villages):
    model_service.set_figure(db, 2026, villages["Thôn Đông"], "family", registered=100, recognised=84)
    screen.refresh()
    targets, model = screen.models_tab.targets, screen.models_tab.target_model
    targets.setFocus()
    targets.setCurrentIndex(model.index(0, T_TARGET))
    type_cell(qtbot, targets, "85")
    assert model.index(0, T_TARGET).data() == "85 %"
    assert model.index(0, T_RESULT).data() == "Chưa đạt"  # 84% of those registered
    targets.setCurrentIndex(model.index(0, T_TARGET))
    type_cell(qtbot, targets, "80")
    assert model.index(0, T_RESULT).data() == "Đạt"
    assert model_service.learning_grid(db, 2026).targets == {"family": 80}


def fill_entry(qtbot, dialog: FundEntryDialog, party: str, amount: str, reason: str = "") -> None:
    dialog.party_box.selectAll()
    type_text(dialog.party_box, party)
    dialog.amount_box.setFocus()
    dialog.amount_box.selectAll()
    type_text(dialog.amount_box, amount)
    last = dialog.amount_box
    if reason:
        dialog.reason_box.setFocus()
        type_text(dialog.reason_box, reason)
        last = dialog.reason_box
    qtbot.keyClick(last, Qt.Key.Key_Return)


def test_the_ledger_is_kept_with_the_keyboard(qtbot, screen, db):
    screen.tabs.setCurrentIndex(1)
    tab = screen.fund_tab
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_N, CTRL)
    dialog = tab.findChild(FundEntryDialog)
    assert dialog is not None and dialog.isVisible() and dialog.kind == "receipt"
    fill_entry(qtbot, dialog, "Công ty TNHH Minh Phát", "5.000.000")
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert [line.draft.amount for line in tab.model.rows] == [5_000_000]

    # a payment beyond the balance: refused, then recorded as an advance when confirmed
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_N, CTRL | Qt.KeyboardModifier.ShiftModifier)
    payment = [child for child in tab.findChildren(FundEntryDialog) if child.isVisible()][0]
    assert payment.kind == "payment"
    with modal(QMessageBox, click_button("Ghi là tạm ứng")):
        fill_entry(qtbot, payment, "Em Lò Thị Hoa", "6.000.000")
    qtbot.waitUntil(lambda: not payment.isVisible())
    assert tab.model.rows[-1].advance and tab.model.rows[-1].balance_after == -1_000_000
    assert "-1.000.000" in tab.figures.text() or "−1.000.000" in tab.figures.text()

    # F2 corrects the chosen line; the history keeps what changed and when
    tab.view.setFocus()
    tab.view.selectRow(0)
    qtbot.keyClick(tab.view, Qt.Key.Key_F2)
    correcting = [child for child in tab.findChildren(FundEntryDialog) if child.isVisible()][0]
    assert correcting.correcting == tab.model.rows[0].id
    fill_entry(qtbot, correcting, "Công ty TNHH Minh Phát", "7.000.000", reason="Nhầm số tiền")
    qtbot.waitUntil(lambda: not correcting.isVisible())
    figures = fund_service.fund_year(db, 2026).figures
    assert (figures.receipts, figures.payments, figures.balance) == (7_000_000, 6_000_000, 1_000_000)
    tab.view.selectRow(0)
    history = tab.history_text(tab.current().id)
    assert "Số tiền: 5.000.000\xa0₫ → 7.000.000\xa0₫" in history and "Nhầm số tiền" in history


def test_the_week_tab_ticks_activities_with_space(qtbot, screen, db):
    talk = activities.create_activity(db, activities.ActivityInput(
        name="Ngày hội đọc sách", kind="topic_talk", start_date=dt.date(2026, 10, 2), status="finished"))
    held = activities.add_session(db, talk.id, activities.SessionInput(date=dt.date(2026, 10, 2)))
    from desktop.services.attendance import set_headcount

    set_headcount(db, held.id, 90, 50, 60)
    screen.tabs.setCurrentIndex(2)
    screen.refresh()
    tab = screen.week_tab
    assert "01/10/2026 – 07/10/2026" in tab.dates.text()
    assert [item.picked for item in tab.picks.rows] == [False]
    tab.pick_view.setFocus()
    tab.pick_view.selectRow(0)
    qtbot.keyClick(tab.pick_view, Qt.Key.Key_Space)
    assert [item.picked for item in tab.picks.rows] == [True]
    assert "90 lượt người, trong đó 50 nữ và 60 người dân tộc thiểu số" in tab.summary.text()
    assert [line.participants for line in week_service.week_report(db, 2026, as_of=TODAY).lines] == [90]


def test_the_reports_screen_shows_the_learning_models_and_the_fund(qtbot, db, villages):
    from desktop.reports.periods import year_period
    from desktop.services.reports import build_report
    from desktop.services.society.fund import FundDraft
    from desktop.ui.society.report_tab import SocietyReportTab

    model_service.set_figure(db, 2026, villages["Thôn Đông"], "family", registered=100, recognised=84)
    model_service.set_target(db, 2026, "family", 80)
    fund_service.record_entry(db, FundDraft("receipt", dt.date(2026, 3, 8), "Công ty Minh Phát", 5_000_000))
    tab = SocietyReportTab()
    qtbot.addWidget(tab)
    tab.show_report(build_report(db, year_period(2026), as_of=TODAY))
    first = [tab.models.item(0, column).text() for column in range(8)]
    # no households entered and no register target: those columns stay empty
    assert first == ["Gia đình học tập", "", "100", "", "", "84", "80 %", "Đạt"]
    assert tab.fund.item(5, 1).text() == "5.000.000\xa0₫"
    assert tab.centres.isHidden()  # a centre has no other centres to compare


def test_the_named_list_behind_a_figure_is_kept_with_the_keyboard(qtbot, db, villages):
    from desktop.ui.society.models_tab import MembersDialog

    village = villages["Bản Pá Khoang"]
    dialog = MembersDialog(db, 2026, village, "Bản Pá Khoang", "clan")
    qtbot.addWidget(dialog)
    dialog.show()
    for name in ("Dòng họ Lò", "Dòng họ Quàng", "Dòng họ Cầm"):
        type_text(dialog.name_box, name)
        qtbot.keyClick(dialog.name_box, Qt.Key.Key_Return)
    assert dialog.list.count() == 3
    dialog.list.setFocus()
    dialog.list.setCurrentRow(0)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Space)  # ticks the first as recognised
    dialog.list.setCurrentRow(1)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Delete)  # removes the second
    names = {member.name: member.recognised for member in model_service.list_members(db, 2026, village, "clan")}
    assert len(names) == 2 and sum(names.values()) == 1
    dialog.use_list()
    cell = next(line for line in model_service.learning_grid(db, 2026).villages
                if line.village_id == village).cell("clan")
    assert (cell.registered, cell.recognised) == (2, 1)


def test_households_are_typed_in_the_grid_and_the_families_share_follows(qtbot, screen, db):
    from desktop.ui.society.grid_model import COL_HOUSEHOLDS

    tab = screen.models_tab
    grid, model = tab.grid, tab.grid_model
    first, second = village_order(screen)[:2]
    tab.focus_start()
    type_cell(qtbot, grid, "120")  # families registered, first village
    grid.setCurrentIndex(model.index(0, COL_HOUSEHOLDS))
    type_cell(qtbot, grid, "150")
    type_cell(qtbot, grid, "1.000")  # the second village, typed as a commune officer writes thousands
    lines = {line.village: line for line in model_service.learning_grid(db, 2026).villages}
    assert (lines[first].households, lines[second].households) == (150, 1000)
    share = column_of("family", "share")
    assert model.index(0, share).data() == "80 %"  # 120 of 150
    assert model.index(1, share).data() == "0 %"
    total_row = model.rowCount() - 1
    assert model.index(total_row, COL_HOUSEHOLDS).data() == ""  # two villages have no count: not summed
    assert not model.flags(model.index(0, share)) & Qt.ItemFlag.ItemIsEditable
    # Delete removes a count (it is not 0 households)
    grid.setCurrentIndex(model.index(1, COL_HOUSEHOLDS))
    qtbot.keyClick(grid, Qt.Key.Key_Delete)
    assert model_service.learning_grid(db, 2026).villages[1].households is None
    assert model.index(1, share).data() == ""


def test_the_register_target_is_typed_beside_the_recognition_target(qtbot, screen, db, villages):
    from desktop.ui.society.grid_model import T_REG_RESULT, T_REG_TARGET

    for name, households in (("Bản Nà Hạ", 100), ("Thôn Đông", 50), ("Bản Pá Khoang", 30), ("Thôn Tây", 20)):
        model_service.set_households(db, 2026, villages[name], households)
    model_service.set_figure(db, 2026, villages["Thôn Đông"], "family", registered=190, recognised=150)
    screen.refresh()
    targets, model = screen.models_tab.targets, screen.models_tab.target_model
    targets.setFocus()
    targets.setCurrentIndex(model.index(0, T_REG_TARGET))
    type_cell(qtbot, targets, "100")  # 190 of 200 households = 95%
    assert model.index(0, T_REG_RESULT).data() == "Chưa đạt"
    targets.setCurrentIndex(model.index(0, T_REG_TARGET))
    type_cell(qtbot, targets, "95")
    assert model.index(0, T_REG_RESULT).data() == "Đạt"
    assert model_service.learning_grid(db, 2026).target_set[("family", "registered")].percent == 95


def test_the_week_dates_are_set_for_the_year_shown_and_offered_to_the_next(qtbot, screen, db):
    tab = screen.week_tab
    screen.tabs.setCurrentIndex(2)
    assert "01/10/2026" in tab.dates.text()
    tab.starts_box.selectAll()
    type_text(tab.starts_box, "23/11")
    qtbot.keyClick(tab.starts_box, Qt.Key.Key_Return)
    assert "23/11/2026 – 29/11/2026" in tab.dates.text()
    qtbot.keyClick(screen, Qt.Key.Key_PageDown)  # 2027: not set, offered the dates of 2026
    assert screen.year == 2027
    assert "23/11/2027" in tab.dates.text() and "2026" in tab.dates.text()
    qtbot.keyClick(screen, Qt.Key.Key_PageUp)
    qtbot.keyClick(screen, Qt.Key.Key_PageUp)  # 2025: before any year's own dates, the usual ones
    assert "01/10/2025 – 07/10/2025" in tab.dates.text()
    assert week_service.week_period(db, 2026).first == dt.date(2026, 11, 23)
