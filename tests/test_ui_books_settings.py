"""The cabinet settings tab: a round trip through the service, and refused values."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import type_text
from PySide6.QtCore import Qt

from desktop.services.books.settings import CabinetSettings, Closure, load_cabinet_settings
from desktop.ui.books.cabinet_settings import CabinetSettingsTab, parse_holidays
from ui_support import show_ready

pytestmark = pytest.mark.gui

TODAY = dt.date(2026, 11, 23)
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def tab(qtbot, db) -> CabinetSettingsTab:  # type: ignore[no-untyped-def]
    return show_ready(qtbot, CabinetSettingsTab(db, today=TODAY), 1116, 680)


def retype(qtbot, widget, text: str) -> None:  # type: ignore[no-untyped-def]
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, CTRL)
    type_text(widget, text)  # qtbot.keyClicks aborts on Vietnamese letters


def test_the_defaults_are_shown(tab):
    defaults = CabinetSettings()
    assert tab.loan_days_adult.value() == defaults.loan_days_adult
    assert tab.loan_days_adult.hasFocus()
    assert [box.isChecked() for box in tab.weekdays] == [True] * 6 + [False]
    assert tab.holidays.text() == "01/01, 30/04, 01/05, 02/09"
    assert not tab.has_unsaved_changes()


def test_settings_round_trip(qtbot, db, tab):
    retype(qtbot, tab.loan_days_adult.lineEdit(), "21")
    retype(qtbot, tab.loan_days_children.lineEdit(), "10")
    retype(qtbot, tab.max_copies.lineEdit(), "4")
    assert tab.has_unsaved_changes()
    tab.weekdays[6].setFocus()
    qtbot.keyClick(tab.weekdays[6], Qt.Key.Key_Space)  # open on Sundays too
    tab.weekdays[0].setFocus()
    qtbot.keyClick(tab.weekdays[0], Qt.Key.Key_Space)  # closed on Mondays
    retype(qtbot, tab.holidays, "1/1, 30/4, 1/5, 2/9, 3/9")

    tab.closure_first.setFocus()
    qtbot.keyClicks(tab.closure_first, "14/02/2026")
    qtbot.keyClick(tab.closure_first, Qt.Key.Key_Tab)
    assert tab.closure_last.hasFocus()
    qtbot.keyClicks(tab.closure_last, "22/02/2026")
    qtbot.keyClick(tab.closure_last, Qt.Key.Key_Tab)
    type_text(tab.closure_label, "Tết Nguyên đán")
    qtbot.keyClick(tab.closure_label, Qt.Key.Key_Return)
    assert tab.closure_table.rowCount() == 1 and tab.closure_first.hasFocus()
    qtbot.keyClicks(tab.closure_first, "01/09/2026")  # a one-day closure: "to" left empty
    qtbot.keyClick(tab.closure_first, Qt.Key.Key_Return)
    assert tab.closure_table.rowCount() == 2

    qtbot.keyClick(tab.closure_first, Qt.Key.Key_S, CTRL)
    assert not tab.has_unsaved_changes() and tab.message.text()
    stored = load_cabinet_settings(db)
    assert (stored.loan_days_adult, stored.loan_days_children, stored.max_copies_per_reader) == (
        21, 10, 4)
    assert stored.opening_weekdays == frozenset({1, 2, 3, 4, 5, 6})
    assert (9, 3) in stored.annual_holidays
    assert stored.closures == (
        Closure(dt.date(2026, 2, 14), dt.date(2026, 2, 22), "Tết Nguyên đán"),
        Closure(dt.date(2026, 9, 1), dt.date(2026, 9, 1), ""))

    again = CabinetSettingsTab(db, today=TODAY)
    qtbot.addWidget(again)
    again.refresh()
    assert again.loan_days_adult.value() == 21 and again.closure_table.rowCount() == 2
    assert again.closure_table.item(0, 2).text() == "Tết Nguyên đán"

    tab.closure_table.setFocus()
    tab.closure_table.setCurrentCell(1, 0)
    qtbot.keyClick(tab.closure_table, Qt.Key.Key_Delete, CTRL)
    assert tab.closure_table.rowCount() == 1 and tab.has_unsaved_changes()
    qtbot.keyClick(tab.closure_table, Qt.Key.Key_S, CTRL)
    assert len(load_cabinet_settings(db).closures) == 1


def test_a_loan_period_of_zero_is_refused(qtbot, db, tab):
    retype(qtbot, tab.loan_days_children.lineEdit(), "0")
    qtbot.keyClick(tab.loan_days_children, Qt.Key.Key_S, CTRL)
    assert tab.message.text() and tab.has_unsaved_changes()
    assert tab.loan_days_children.hasFocus()
    assert load_cabinet_settings(db).loan_days_children == CabinetSettings().loan_days_children


def test_no_opening_day_and_bad_holidays_are_refused(qtbot, db, tab):
    for box in tab.weekdays:
        box.setChecked(False)
    tab.save()
    assert tab.weekdays[0].hasFocus() and tab.message.text()
    tab.weekdays[2].setChecked(True)
    retype(qtbot, tab.holidays, "30/4, Tết")
    assert not tab.save()
    assert "Tết" in tab.message.text() and tab.holidays.hasFocus()
    retype(qtbot, tab.holidays, "31/02")
    assert not tab.save()
    assert load_cabinet_settings(db) == CabinetSettings()


def test_a_closure_ending_before_it_begins_is_refused(qtbot, tab):
    tab.closure_first.setFocus()
    qtbot.keyClicks(tab.closure_first, "22/02/2026")
    tab.closure_last.setFocus()
    qtbot.keyClicks(tab.closure_last, "14/02/2026")
    qtbot.keyClick(tab.closure_last, Qt.Key.Key_Return)
    assert tab.closure_table.rowCount() == 0 and tab.closure_error.text()
    assert tab.closure_last.hasFocus()


def test_undo_changes_reloads_the_stored_settings(qtbot, tab):
    retype(qtbot, tab.max_renewals.lineEdit(), "9")
    qtbot.keyClick(tab.max_renewals, Qt.Key.Key_R, CTRL)
    assert tab.max_renewals.value() == CabinetSettings().max_renewals
    assert not tab.has_unsaved_changes()


def test_holidays_are_read_as_day_and_month():
    assert parse_holidays("1/1, 30-4; 2.9") == ((1, 1), (4, 30), (9, 2))
    assert parse_holidays("") == ()
