"""The overdue list: grouped by village, days overdue, a reminder per reader ready to copy."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_books_support import TODAY, small_cabinet

from desktop.services.books.loan_lists import overdue_by_village
from desktop.services.books.loans import apply_plan, plan_scan
from desktop.ui.books.overdue import OverdueTab

pytestmark = pytest.mark.gui


def lend(db, code: str, reader_id: str, day: dt.date) -> None:  # type: ignore[no-untyped-def]
    apply_plan(db, plan_scan(db, code, reader_id, today=day))


@pytest.fixture
def cabinet(db, villages):
    cabinet = small_cabinet(db, villages)
    lend(db, "1", cabinet.pang, dt.date(2026, 10, 1))  # due 15/10: 39 days overdue
    lend(db, "2", cabinet.pang, dt.date(2026, 10, 20))  # due 03/11: 20 days
    lend(db, "11", cabinet.an, dt.date(2026, 11, 2))  # children's book, due 09/11: 14 days
    lend(db, "3", cabinet.pao, TODAY)  # not overdue
    return cabinet


def make_tab(qtbot, db) -> OverdueTab:  # type: ignore[no-untyped-def]
    tab = OverdueTab(db, today=TODAY)
    qtbot.addWidget(tab)
    tab.resize(1116, 660)
    tab.show()
    qtbot.waitExposed(tab)
    tab.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is tab, timeout=3000)
    tab.refresh()
    tab.focus_start()
    return tab


def rows(tab: OverdueTab) -> list[tuple[str, list[tuple[str, ...]]]]:
    found = []
    for number in range(tab.tree.topLevelItemCount()):
        village = tab.tree.topLevelItem(number)
        children = [tuple(village.child(row).text(column) for column in range(6))
                    for row in range(village.childCount())]
        found.append((village.text(0), children))
    return found


def test_overdue_books_grouped_by_village_with_days(qtbot, db, cabinet):
    tab = make_tab(qtbot, db)
    shown = rows(tab)
    assert [village for village, _children in shown] == ["Bản Nà Hạ: 2 cuốn", "Thôn Đông: 1 cuốn"]
    assert shown[0][1] == [
        ("Lò Thị Pấng", "BD00001", "1", "Kỹ thuật nuôi gà thả vườn", "15/10/2026", "39"),
        ("", "", "2", "Kỹ thuật nuôi gà thả vườn", "03/11/2026", "20")]
    assert shown[1][1] == [("Nguyễn Văn An", "BD00003", "11", "Dế Mèn phiêu lưu ký", "09/11/2026", "14")]
    assert "3" in tab.count_label.text()
    assert tab.overdue_data() == overdue_by_village(db, TODAY)


def test_the_reminder_follows_the_highlighted_reader_and_is_copied(qtbot, db, cabinet):
    tab = make_tab(qtbot, db)
    text = tab.reminder.toPlainText()
    assert text.startswith("Lò Thị Pấng") or "Lò Thị Pấng" in text.splitlines()[0]
    assert "39" in text and "20" in text and "Tân Lập" in text
    for _step in range(3):  # Pấng's second book, the village Thôn Đông, An's book
        qtbot.keyClick(tab.tree, Qt.Key.Key_Down)
    assert "Nguyễn Văn An" in tab.reminder.toPlainText() and "14" in tab.reminder.toPlainText()
    QApplication.clipboard().clear()
    qtbot.keyClick(tab.tree, Qt.Key.Key_C,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.clipboard().text() == tab.reminder.toPlainText()
    assert tab.copied_label.text()


def test_no_overdue_books_says_so(qtbot, db, villages):
    small_cabinet(db, villages)
    tab = make_tab(qtbot, db)
    assert tab.stack.currentWidget() is tab.empty
    assert tab.overdue_data() == [] and not tab.copy_button.isEnabled()
