"""The statistics tab: the figures shown for a period are the service's, counted off the GUI thread."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from test_books_support import TODAY, small_cabinet

from desktop.formatting import format_integer, format_money
from desktop.services.books.incidents import record_damage, record_loss
from desktop.services.books.loans import scan_and_apply
from desktop.services.books.statistics import cabinet_statistics
from desktop.ui.books.statistics import StatisticsTab, period_dates
from ui_support import show_ready

pytestmark = pytest.mark.gui


@pytest.fixture
def cabinet(db, villages):
    cabinet = small_cabinet(db, villages)
    scan_and_apply(db, "1", cabinet.pang, today=TODAY)
    scan_and_apply(db, "11", cabinet.an, today=TODAY)
    scan_and_apply(db, "14", cabinet.pao, today=TODAY)
    record_damage(db, "2", today=TODAY)
    record_loss(db, "15", today=TODAY)
    return cabinet


@pytest.fixture
def tab(qtbot, db, cabinet) -> StatisticsTab:  # type: ignore[no-untyped-def]
    widget = show_ready(qtbot, StatisticsTab(db, today=TODAY), 1116, 680)
    yield widget
    qtbot.waitUntil(lambda: not widget.is_busy(), timeout=10000)


def wait_for(qtbot, tab: StatisticsTab, first: dt.date, last: dt.date) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not tab.is_busy() and tab.statistics is not None
                    and (tab.statistics.first, tab.statistics.last) == (first, last), timeout=10000)


def assert_shows(tab: StatisticsTab, expected) -> None:  # type: ignore[no-untyped-def]
    for field, label in tab.values.items():
        value = getattr(expected, field)
        shown = format_money(value) if field == "compensation" else format_integer(value)
        assert label.text() == shown, field
    rows = {tab.by_class.item(row, 0).text(): tab.by_class.item(row, 1).text()
            for row in range(tab.by_class.rowCount())}
    for item in expected.loans_by_class:
        name = f"{item.code} {item.name}" if item.code else item.name
        assert rows[name] == format_integer(item.loans)


def test_this_month_matches_the_service(qtbot, db, tab):
    assert tab.period.hasFocus()
    wait_for(qtbot, tab, dt.date(2026, 11, 1), TODAY)
    expected = cabinet_statistics(db, dt.date(2026, 11, 1), TODAY)
    assert expected.loans == 3 and expected.copies_new == 15
    assert_shows(tab, expected)
    assert tab.values["loans"].text() == "3"
    assert tab.values["lost_copies"].text() == "1"


def test_last_year_and_custom_dates_with_the_keyboard(qtbot, db, tab):
    wait_for(qtbot, tab, dt.date(2026, 11, 1), TODAY)
    qtbot.keyClick(tab.period, Qt.Key.Key_Down)
    qtbot.keyClick(tab.period, Qt.Key.Key_Down)
    qtbot.keyClick(tab.period, Qt.Key.Key_Down)  # this month → last month → this year → last year
    assert tab.period.currentData() == "last_year"
    wait_for(qtbot, tab, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert_shows(tab, cabinet_statistics(db, dt.date(2025, 1, 1), dt.date(2025, 12, 31)))
    assert tab.values["copies_total"].text() == "0"

    qtbot.keyClick(tab.period, Qt.Key.Key_Down)
    assert tab.period.currentData() == "custom" and tab.first.hasFocus()
    tab.first.selectAll()
    qtbot.keyClicks(tab.first, "01/06/2026")
    qtbot.keyClick(tab.first, Qt.Key.Key_Tab)
    assert tab.last.hasFocus()
    qtbot.keyClick(tab.last, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(tab.last, "30/11/2026")
    qtbot.keyClick(tab.last, Qt.Key.Key_Return)
    wait_for(qtbot, tab, dt.date(2026, 6, 1), dt.date(2026, 11, 30))
    assert_shows(tab, cabinet_statistics(db, dt.date(2026, 6, 1), dt.date(2026, 11, 30)))


def test_dates_the_wrong_way_round_are_refused(qtbot, tab):
    wait_for(qtbot, tab, dt.date(2026, 11, 1), TODAY)
    tab.period.setCurrentIndex(tab.period.findData("custom"))
    tab.first.setText("30/11/2026")
    tab.last.setText("01/11/2026")
    qtbot.keyClick(tab.last, Qt.Key.Key_Return)
    assert not tab.is_busy()
    assert tab.status_label.text()  # says what is wrong
    assert tab.statistics.first == dt.date(2026, 11, 1)  # the figures shown are unchanged


def test_named_periods():
    monday = dt.date(2026, 1, 12)
    assert period_dates("this_month", monday) == (dt.date(2026, 1, 1), monday)
    assert period_dates("last_month", monday) == (dt.date(2025, 12, 1), dt.date(2025, 12, 31))
    assert period_dates("this_year", monday) == (dt.date(2026, 1, 1), monday)
    assert period_dates("last_year", monday) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert period_dates("custom", monday) is None
