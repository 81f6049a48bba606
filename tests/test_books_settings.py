"""Cabinet settings: defaults, storage, checks, and the due-date calendar."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.errors import ValidationError
from desktop.services.books.settings import (
    CabinetSettings,
    Closure,
    add_closure,
    load_cabinet_settings,
    save_cabinet_settings,
)
from desktop.services.centre import set_setting


def test_defaults_are_those_of_the_issue(db):
    settings = load_cabinet_settings(db)
    assert settings.loan_days("adult") == 14
    assert settings.loan_days("children") == 7
    assert settings.max_copies_per_reader == 3
    assert settings.weeding_warning_percent == 10
    assert 6 not in settings.opening_weekdays  # closed on Sunday


def test_settings_round_trip_through_the_setting_table(db):
    tet = Closure(dt.date(2027, 2, 4), dt.date(2027, 2, 12), "Tết Đinh Mùi")
    saved = save_cabinet_settings(db, CabinetSettings(
        loan_days_adult=21, loan_days_children=10, max_copies_per_reader=5,
        opening_weekdays=frozenset({1, 3, 5}), annual_holidays=((9, 2), (4, 30)),
        closures=(tet,), weeding_warning_percent=8))
    loaded = load_cabinet_settings(db)
    assert loaded == saved
    assert loaded.annual_holidays == ((4, 30), (9, 2))
    assert loaded.closures == (tet,)


def test_an_unreadable_stored_value_falls_back_to_the_default(db):
    set_setting(db, "books.loan_days_adult", "mười bốn")
    set_setting(db, "books.closures", "{not json")
    settings = load_cabinet_settings(db)
    assert settings.loan_days_adult == 14
    assert settings.closures == ()


@pytest.mark.parametrize(("changes", "field"), [
    ({"loan_days_adult": 0}, "loan_days_adult"),
    ({"loan_days_children": 400}, "loan_days_children"),
    ({"max_copies_per_reader": 0}, "max_copies_per_reader"),
    ({"opening_weekdays": frozenset()}, "opening_weekdays"),
    ({"opening_weekdays": frozenset({7})}, "opening_weekdays"),
    ({"annual_holidays": ((2, 30),)}, "annual_holidays"),
    ({"closures": (Closure(dt.date(2026, 3, 2), dt.date(2026, 3, 1)),)}, "closures"),
    ({"weeding_warning_percent": 0}, "weeding_warning_percent"),
])
def test_bad_settings_are_refused_and_nothing_is_stored(db, changes, field):
    with pytest.raises(ValidationError) as raised:
        save_cabinet_settings(db, CabinetSettings(**changes))
    assert raised.value.field == field
    assert load_cabinet_settings(db) == CabinetSettings()


def test_the_due_date_skips_sundays_holidays_and_closures():
    settings = CabinetSettings(closures=(Closure(dt.date(2026, 12, 7), dt.date(2026, 12, 9), "Lũ"),))
    monday = dt.date(2026, 11, 23)
    assert settings.due_date(monday, "children") == dt.date(2026, 11, 30)
    # 14 days after Monday 23/11 is Monday 7/12, inside the closure: the Thursday after it.
    assert settings.due_date(monday, "adult") == dt.date(2026, 12, 10)
    # 14 days after 19/8 is 2/9, National Day: the next day.
    assert settings.due_date(dt.date(2026, 8, 19), "adult") == dt.date(2026, 9, 3)
    # 7 days after Sunday 15/11 is a Sunday: the Monday after.
    assert settings.due_date(dt.date(2026, 11, 15), "children") == dt.date(2026, 11, 23)


def test_only_some_weekdays_open():
    settings = CabinetSettings(opening_weekdays=frozenset({2}))  # Wednesdays only
    assert settings.due_date(dt.date(2026, 11, 23), "children") == dt.date(2026, 12, 2)


def test_add_closure_keeps_the_others(db):
    add_closure(db, Closure(dt.date(2027, 2, 4), dt.date(2027, 2, 12), "Tết"))
    add_closure(db, Closure(dt.date(2026, 10, 1), dt.date(2026, 10, 2), "Mất điện"))
    closures = load_cabinet_settings(db).closures
    assert [c.label for c in closures] == ["Mất điện", "Tết"]
