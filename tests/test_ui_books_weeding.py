"""The weeding tab: tick or scan copies, give the decision, confirm; past 10% a second warning."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator

import pytest
from conftest import type_text
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget
from test_books_support import TODAY, small_cabinet

from desktop.errors import UserError
from desktop.i18n import _
from desktop.services.books.catalogue import find_copy_by_code
from desktop.services.books.incidents import record_damage
from desktop.services.books.loans import scan_and_apply
from desktop.services.books.weeding import list_weedings
from desktop.ui.books.weeding import CODE, WeedingTab
from ui_support import show_ready

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier


@contextlib.contextmanager
def message_boxes(*answers: str, timeout: float = 8) -> Iterator[list[str]]:
    """Answer, in order, each message box the block opens by clicking the button with that text;
    yields the boxes' texts. Anything still open at the deadline is rejected, so nothing hangs."""
    pending = list(answers)
    texts: list[str] = []
    handled: list[QWidget] = []
    state = {"over": False, "error": ""}
    deadline = time.monotonic() + timeout

    def poll() -> None:
        if state["over"]:
            return
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible() and box not in handled and pending:
            handled.append(box)
            texts.append(box.text())
            wanted = pending.pop(0)
            buttons = {button.text(): button for button in box.buttons()}
            if wanted in buttons:
                buttons[wanted].click()
            else:
                state["error"] = f"{wanted!r} not in {list(buttons)}"
                box.reject()
        if time.monotonic() > deadline:
            if isinstance(box, QDialog) and box.isVisible():
                box.reject()
            return
        if pending or not handled:
            QTimer.singleShot(10, poll)

    opener = QApplication.activeWindow()
    QTimer.singleShot(0, poll)
    try:
        yield texts
    finally:
        state["over"] = True
    if opener is not None:  # offscreen does not hand activation back when a dialog closes
        opener.activateWindow()
        until = time.monotonic() + 2
        while QApplication.activeWindow() is not opener and time.monotonic() < until:
            QApplication.processEvents()
    assert not state["error"], state["error"]
    assert not pending, f"no message box for {pending}"


@pytest.fixture
def cabinet(db, villages):
    return small_cabinet(db, villages)


@pytest.fixture
def tab(qtbot, db, cabinet) -> WeedingTab:  # type: ignore[no-untyped-def]
    return show_ready(qtbot, WeedingTab(db, today=TODAY), 1116, 680)


def fill_decision(qtbot, tab: WeedingTab, number: str = "15/QĐ-TTHTCĐ",  # type: ignore[no-untyped-def]
                  date: str = "20/11/2026") -> None:
    tab.decision_number.setFocus()
    type_text(tab.decision_number, number)
    qtbot.keyClick(tab.decision_number, Qt.Key.Key_Tab)
    assert tab.decision_date.hasFocus()
    qtbot.keyClicks(tab.decision_date, date)


def scan(qtbot, tab: WeedingTab, *codes: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(tab.focusWidget(), Qt.Key.Key_F2)
    for code in codes:
        qtbot.keyClicks(tab.scan_box, code)
        qtbot.keyClick(tab.scan_box, Qt.Key.Key_Return)


def test_weed_a_damaged_copy_ticked_in_the_list(qtbot, db, cabinet, tab):
    assert "Damaged copies only" in tab.count_label.text() or tab.model.rowCount() == 0
    record_damage(db, "3", today=TODAY)
    tab.refresh()
    assert [copy.code for copy in tab.model.copies] == ["3"]
    tab.table.setFocus()
    tab.table.setCurrentIndex(tab.model.index(0, CODE))
    qtbot.keyClick(tab.table, Qt.Key.Key_Space)
    assert tab.selected_ids() == [find_copy_by_code(db, "3").id]
    assert tab.preview is not None and not tab.preview.over_limit
    fill_decision(qtbot, tab)

    with message_boxes(_("Weed")) as texts:
        qtbot.keyClick(tab.decision_date, Qt.Key.Key_Return, CTRL)
    assert "15/QĐ-TTHTCĐ" in texts[0]
    (weeding,) = list_weedings(db)
    assert weeding.decision_number == "15/QĐ-TTHTCĐ" and weeding.decision_date.day == 20
    assert [copy.code for copy in weeding.copies] == ["3"]
    assert find_copy_by_code(db, "3").status == "weeded"
    with pytest.raises(UserError):  # out of circulation: the loan desk refuses it
        scan_and_apply(db, "3", cabinet.pang, today=TODAY)
    assert tab.model.rowCount() == 0 and tab.selected_ids() == []
    assert tab.past.topLevelItemCount() == 1
    assert "15/QĐ-TTHTCĐ" in tab.past.topLevelItem(0).text(0)


def test_more_than_ten_percent_asks_again(qtbot, db, cabinet, tab):
    scan(qtbot, tab, "1", "2")  # 2 of 15 copies: 13.3%
    assert len(tab.selected_ids()) == 2
    assert tab.preview is not None and tab.preview.over_limit
    assert "10%" in tab.preview_label.text()
    fill_decision(qtbot, tab)

    with message_boxes(_("Weed"), _("Don't weed")) as texts:
        qtbot.keyClick(tab.decision_date, Qt.Key.Key_Return, CTRL)
    assert "10%" in texts[1]
    assert list_weedings(db) == [] and find_copy_by_code(db, "1").status == "active"

    with message_boxes(_("Weed"), _("Weed them anyway")):
        qtbot.keyClick(tab.decision_date, Qt.Key.Key_Return, CTRL)
    (weeding,) = list_weedings(db)
    assert len(weeding.copies) == 2
    assert find_copy_by_code(db, "2").status == "weeded"


def test_the_decision_number_and_date_are_required(qtbot, db, cabinet, tab):
    scan(qtbot, tab, "4")
    qtbot.keyClick(tab.scan_box, Qt.Key.Key_Return, CTRL)  # no decision yet: no question asked
    assert tab.decision_number.hasFocus() and tab.error_label.text()
    type_text(tab.decision_number, "16/QĐ")
    qtbot.keyClick(tab.decision_number, Qt.Key.Key_Return)
    assert tab.decision_date.hasFocus() and tab.error_label.text()
    assert list_weedings(db) == []


def test_copies_that_cannot_be_weeded_are_refused_when_scanned(qtbot, db, cabinet, tab):
    scan_and_apply(db, "5", cabinet.pang, today=TODAY)
    scan(qtbot, tab, "5")
    assert "5" in tab.scan_message.text() and tab.selected_ids() == []
    scan(qtbot, tab, "99999")
    assert "99999" in tab.scan_message.text() and tab.selected_ids() == []
    scan(qtbot, tab, "6")
    assert len(tab.selected_ids()) == 1
    qtbot.keyClick(tab.scan_box, Qt.Key.Key_A, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert tab.selected_ids() == []
