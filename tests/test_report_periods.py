"""Report periods as typed: month, quarter, term, school year, year, custom, Learning Week."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.i18n import set_language
from desktop.reports.periods import LearningWeek, PeriodError, TermCalendar, parse_period, period_label

D = dt.date


@pytest.mark.parametrize(("text", "first", "last", "key"), [
    ("2026-10", D(2026, 10, 1), D(2026, 10, 31), "2026-10"),
    ("2026-2", D(2026, 2, 1), D(2026, 2, 28), "2026-02"),
    ("2024-02", D(2024, 2, 1), D(2024, 2, 29), "2024-02"),
    ("2026-Q3", D(2026, 7, 1), D(2026, 9, 30), "2026-Q3"),
    ("2026-q1", D(2026, 1, 1), D(2026, 3, 31), "2026-Q1"),
    ("2025-2026", D(2025, 9, 1), D(2026, 8, 31), "2025-2026"),
    ("2025-2026-HK1", D(2025, 9, 1), D(2026, 1, 31), "2025-2026-HK1"),
    ("2025-2026-hk2", D(2026, 2, 1), D(2026, 8, 31), "2025-2026-HK2"),
    ("2026", D(2026, 1, 1), D(2026, 12, 31), "2026"),
    ("2026-01-01..2026-03-31", D(2026, 1, 1), D(2026, 3, 31), "2026-01-01..2026-03-31"),
    (" 2026-01-05 .. 2026-01-05 ", D(2026, 1, 5), D(2026, 1, 5), "2026-01-05..2026-01-05"),
    ("2026-LLW", D(2026, 10, 1), D(2026, 10, 7), "2026-LLW"),
])
def test_every_form_of_period_reads_to_its_first_and_last_day(text, first, last, key):
    period = parse_period(text)
    assert (period.first, period.last, period.key) == (first, last, key)
    assert parse_period(period.key) == period  # the key reads back to the same period


def test_terms_and_the_learning_week_follow_their_settings():
    terms = TermCalendar(second_term_starts=(1, 16))
    assert parse_period("2025-2026-HK1", terms=terms).last == D(2026, 1, 15)
    assert parse_period("2025-2026-HK2", terms=terms).first == D(2026, 1, 16)
    week = parse_period("2026-LLW", week=LearningWeek(starts=(9, 28), days=10))
    assert (week.first, week.last) == (D(2026, 9, 28), D(2026, 10, 7))


@pytest.mark.parametrize(("text", "says"), [
    ("2026-13", "Không có tháng 13"),
    ("2026-Q5", "Quý"),
    ("2025-2027", "Năm học gồm hai năm liền nhau"),
    ("2026-03-31..2026-01-01", "kết thúc"),
    ("2026-02-30..2026-03-01", "Lịch không có ngày 2026-02-30"),
    ("2026-2-3..2026-03-01", "không phải là ngày viết theo dạng YYYY-MM-DD"),
    ("tháng 10", "không phải là một kỳ báo cáo"),
    ("", "Hãy nhập kỳ báo cáo"),
    ("1850", "1850"),
])
def test_a_bad_period_is_refused_in_vietnamese_saying_what_to_write(text, says):
    with pytest.raises(PeriodError) as caught:
        parse_period(text)
    assert says in caught.value.message


def test_labels_name_the_period_as_a_report_does():
    assert period_label(parse_period("2026-10")) == "Tháng 10/2026"
    assert period_label(parse_period("2025-2026")) == "Năm học 2025–2026"
    assert period_label(parse_period("2026-01-01..2026-03-31")) == "Từ ngày 01/01/2026 đến ngày 31/03/2026"
    set_language("en")
    assert period_label(parse_period("2026-Q3")) == "Quarter 3/2026"
