"""The stocktaking tab, driven with the keyboard and a (simulated) barcode scanner."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget
from test_books_support import TODAY, small_cabinet
from test_ui_activities import modal
from test_ui_form_saves import worker_held_until

from desktop.services.books.stocktaking import (
    current_stocktake,
    list_stocktakes,
    record_scan,
    shelf_progress,
    start_stocktake,
    stocktake_report,
)
from desktop.ui.books.close_stocktake_dialog import CloseStocktakeDialog
from desktop.ui.books.shelf_list_dialog import ShelfListDialog
from desktop.ui.books.stocktaking import StocktakingTab

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def cabinet(db, villages):
    return small_cabinet(db, villages)


def make_tab(qtbot, db) -> StocktakingTab:  # type: ignore[no-untyped-def]
    tab = StocktakingTab(db, today=TODAY)
    qtbot.addWidget(tab)
    tab.resize(1116, 680)
    tab.show()
    qtbot.waitExposed(tab)
    tab.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is tab, timeout=3000)
    tab.refresh()
    tab.focus_start()
    return tab


@pytest.fixture
def tab(qtbot, db, cabinet) -> StocktakingTab:  # type: ignore[no-untyped-def]
    return make_tab(qtbot, db)


def choose_shelf(qtbot, tab: StocktakingTab, shelf: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(tab.focusWidget(), Qt.Key.Key_F2)
    assert tab.shelf_combo.lineEdit().hasFocus()
    qtbot.keyClicks(tab.shelf_combo.lineEdit(), shelf)
    qtbot.keyClick(tab.shelf_combo.lineEdit(), Qt.Key.Key_Tab)
    assert tab.scan_box.hasFocus()


def scan(qtbot, tab: StocktakingTab, *codes: str) -> None:  # type: ignore[no-untyped-def]
    """What a USB scanner does: the code's keystrokes, then Enter."""
    for code in codes:
        qtbot.keyClicks(tab.scan_box, code)
        qtbot.keyClick(tab.scan_box, Qt.Key.Key_Return)


def test_a_count_with_missing_misplaced_and_unknown_copies(qtbot, tab, db):
    assert tab.start_button.hasFocus() and "Ctrl+N" in tab.start_button.toolTip()
    qtbot.keyClick(tab.start_button, Qt.Key.Key_N, CTRL)
    count = current_stocktake(db)
    assert count is not None and count.started_on == TODAY
    assert not tab.start_button.isVisible() and tab.close_button.isVisible()

    choose_shelf(qtbot, tab, "C1")
    scan(qtbot, tab, "1", "3", "4", "5", "6", "7", "8")
    assert tab.result_label.property("outcome") == "found"
    assert "Kỹ thuật nuôi gà thả vườn" in tab.result_label.text()
    scan(qtbot, tab, "12")  # a children's book on the poultry shelf
    assert tab.result_label.property("outcome") == "misplaced"
    assert "TN" in tab.result_label.text()
    scan(qtbot, tab, "VV.999")
    assert tab.result_label.property("outcome") == "unknown"
    assert "VV.999" in tab.result_label.text()
    scan(qtbot, tab, "2")  # scanned by mistake: the copy is not really there
    qtbot.keyClick(tab.scan_box, Qt.Key.Key_Z, CTRL)
    assert "2" in tab.result_label.text() and tab.scan_box.hasFocus()
    codes = [tab.scan_list.item(row).data(Qt.ItemDataRole.UserRole)
             for row in range(tab.scan_list.count())]
    assert codes == ["VV.999", "12", "8", "7", "6", "5", "4", "3", "1"]  # newest first

    progress = {tab.progress_table.item(row, 0).text(): tab.progress_table.item(row, 2).text()
                for row in range(tab.progress_table.rowCount())}
    assert progress["C1"] == "9"  # 7 copies, the misplaced one and the unknown code

    choose_shelf(qtbot, tab, "TN")
    scan(qtbot, tab, "11", "13")
    choose_shelf(qtbot, tab, "PL")
    scan(qtbot, tab, "14", "15")

    def close(dialog: QWidget) -> None:
        assert isinstance(dialog, CloseStocktakeDialog)
        assert dialog.cancel_button.isDefault()  # Enter alone does not close a count
        assert "3" in dialog.findChild(type(tab.result_label)).text()  # three missing
        dialog.close_button.click()

    with modal(CloseStocktakeDialog, close):
        qtbot.keyClick(tab.scan_box, Qt.Key.Key_K, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert current_stocktake(db) is None
    (closed,) = list_stocktakes(db)
    assert closed.closed_on == TODAY and closed.missing == 3
    assert tab.pages.currentIndex() == 1
    assert tab.report_codes("missing") == ["2", "9", "10"]
    assert tab.report_codes("misplaced") == ["12"]
    assert tab.report_codes("unknown") == ["VV.999"]
    assert tab.start_button.isVisible()
    assert tab.past_list.count() == 1


def test_cancelling_the_close_keeps_the_count_open(qtbot, tab, db):
    qtbot.keyClick(tab.start_button, Qt.Key.Key_N, CTRL)
    with modal(CloseStocktakeDialog, lambda dialog: dialog.reject()):
        tab.close_button.click()
    assert current_stocktake(db) is not None


def test_a_count_resumes_after_the_tab_is_made_again(qtbot, db, cabinet):
    first = make_tab(qtbot, db)
    qtbot.keyClick(first.start_button, Qt.Key.Key_N, CTRL)
    choose_shelf(qtbot, first, "C1")
    scan(qtbot, first, "1", "2")
    count = current_stocktake(db)
    first.close()

    second = make_tab(qtbot, db)
    assert "2" in second.status_label.text() and not second.start_button.isVisible()
    assert second.shelf_combo.lineEdit().hasFocus()  # no shelf chosen yet in this sitting
    qtbot.keyClicks(second.shelf_combo.lineEdit(), "C1")
    qtbot.keyClick(second.shelf_combo.lineEdit(), Qt.Key.Key_Tab)
    assert second.scan_list.count() == 2
    scan(qtbot, second, "3")
    resumed = current_stocktake(db)
    assert resumed is not None and resumed.id == count.id and resumed.scanned == 3


def test_a_code_scanned_while_the_last_one_waits_for_the_database_is_saved_after_it(qtbot, tab, db):
    qtbot.keyClick(tab.start_button, Qt.Key.Key_N, CTRL)
    choose_shelf(qtbot, tab, "C1")
    gate = threading.Event()
    worker_held_until(qtbot, gate)  # another piece of database work under way: the scan waits

    def scanner_goes_on() -> None:  # the next code and Enter, typed while the first one waits
        scan(qtbot, tab, "2")
        gate.set()

    QTimer.singleShot(0, scanner_goes_on)
    scan(qtbot, tab, "1")
    assert [tab.scan_list.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(tab.scan_list.count())] == ["2", "1"]  # newest first: none lost, in order
    assert tab.last_result.code == "2"  # the result shown is the last code's
    assert current_stocktake(db).scanned == 2


def test_scanning_needs_a_shelf(qtbot, tab, db):
    qtbot.keyClick(tab.start_button, Qt.Key.Key_N, CTRL)
    tab.scan_box.setFocus()
    scan(qtbot, tab, "1")
    assert tab.result_label.property("outcome") == "unknown"
    assert tab.shelf_combo.lineEdit().hasFocus()
    assert current_stocktake(db).scanned == 0


def test_found_copies_the_register_says_lost_are_flagged_and_can_be_put_back(qtbot, tab, db):
    from desktop.services.books.catalogue import find_copy_by_code
    from desktop.services.books.incidents import record_loss

    record_loss(db, "15", today=TODAY)
    qtbot.keyClick(tab.start_button, Qt.Key.Key_N, CTRL)
    choose_shelf(qtbot, tab, "PL")
    scan(qtbot, tab, "15")
    assert tab.result_label.property("outcome") == "found_lost"

    def close(dialog: QWidget) -> None:
        assert isinstance(dialog, CloseStocktakeDialog)
        assert dialog.restore_found.isVisible() and dialog.restore_found.isChecked()
        assert not dialog.mark_lost.isVisible()
        dialog.close_button.click()

    with modal(CloseStocktakeDialog, close):
        tab.close_button.click()
    assert tab.report_codes("found_lost") == ["15"]
    assert find_copy_by_code(db, "15").status == "active"


def test_past_counts_show_their_kept_result(qtbot, tab, db):
    from desktop.services.books.stocktaking import close_stocktake

    old = start_stocktake(db, today=TODAY)
    record_scan(db, old.id, "C1", "1")
    close_stocktake(db, old.id, today=TODAY)
    tab.refresh()
    tab.pages.setCurrentIndex(2)
    tab.past_list.setFocus()
    tab.past_list.setCurrentRow(0)
    qtbot.keyClick(tab.past_list, Qt.Key.Key_Return)
    assert tab.pages.currentIndex() == 1
    assert len(tab.report_codes("missing")) == 14


def test_the_shelf_list_for_counting_by_hand(qtbot, tab, db):
    qtbot.keyClick(tab.start_button, Qt.Key.Key_N, CTRL)
    choose_shelf(qtbot, tab, "TN")
    assert [c.code for c in tab.shelf_copies()] == ["11", "12", "13"]
    assert len(tab.shelf_copies("")) == 15

    def check(dialog: QWidget) -> None:
        assert isinstance(dialog, ShelfListDialog)
        assert dialog.table.rowCount() == 3
        dialog.reject()

    with modal(ShelfListDialog, check):
        qtbot.keyClick(tab.scan_box, Qt.Key.Key_P, CTRL)
    printed: list[tuple[str, int]] = []
    tab.print_shelf_list = lambda shelf, copies: printed.append((shelf, len(copies)))
    qtbot.keyClick(tab.scan_box, Qt.Key.Key_P, CTRL)
    assert printed == [("TN", 3)]


def test_shelf_progress_matches_the_report(db, cabinet):
    count = start_stocktake(db, today=TODAY)
    for shelf, code in (("C1", "1"), ("C1", "12"), ("tn", "11"), ("Kho", "VV.1")):
        record_scan(db, count.id, shelf, code)
    cheap = [(p.shelf.casefold(), p.expected, p.scanned) for p in shelf_progress(db, count.id)]
    full = [(p.shelf.casefold(), p.expected, p.scanned)
            for p in stocktake_report(db, count.id).shelves]
    assert cheap == full
    assert ("c1", 10, 2) in cheap and ("tn", 3, 1) in cheap and ("kho", 0, 1) in cheap


def test_the_report_of_an_open_count_is_built_off_the_window_thread(qtbot, tab, db):
    tab.start_count()
    choose_shelf(qtbot, tab, "C1")
    scan(qtbot, tab, "1", "2")
    tab.pages.setCurrentIndex(1)  # the Report page asks for it
    assert tab.report_task is not None  # counting in the background; the window stays free
    qtbot.waitUntil(lambda: tab.report is not None and tab.report_task is None, timeout=10000)
    assert tab.report.found == 2 and "2" in tab.report_summary.text()
