"""Report periods as a user types them: a month, a quarter, a term, a school year (September to
August), a calendar year, a custom range, or the Lifelong Learning Week.

    2026-10                  October 2026
    2026-Q3                  July to September 2026
    2025-2026                the school year, 1 September 2025 to 31 August 2026
    2025-2026-HK1            its first term (HK1 or T1; HK2 or T2 the second)
    2026                     the calendar year
    2026-01-01..2026-03-31   any range of days, both included
    2026-LLW                 the Lifelong Learning Week of 2026 (its dates are a setting)

Pure: no database. A bad text raises PeriodError with a message the user can act on.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from desktop.errors import UserError
from desktop.i18n import _

MONTH, QUARTER, TERM, SCHOOL_YEAR, YEAR, CUSTOM, LEARNING_WEEK = (
    "month", "quarter", "term", "school_year", "year", "custom", "learning_week")


class PeriodError(UserError):
    """A period text that cannot be read (the message says what is accepted)."""


@dataclass(frozen=True)
class TermCalendar:
    """Where the school year's terms begin (month, day). The first term starts with the school
    year on 1 September; the second by default on 1 February, so the two make up the year."""

    second_term_starts: tuple[int, int] = (2, 1)


@dataclass(frozen=True)
class LearningWeek:
    """The Lifelong Learning Week's dates in a year (provinces set their own; early October)."""

    starts: tuple[int, int] = (10, 1)
    days: int = 7


@dataclass(frozen=True)
class Period:
    kind: str
    first: dt.date
    last: dt.date  # included
    key: str  # the canonical text, e.g. "2026-Q3": what parse_period reads back

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError("a period ends before it starts")

    def contains(self, day: dt.date) -> bool:
        return self.first <= day <= self.last

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def months(self) -> list[tuple[int, int]]:
        """Every (year, month) the period touches, in order."""
        result, year, month = [], self.first.year, self.first.month
        while (year, month) <= (self.last.year, self.last.month):
            result.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return result


_SCHOOL_YEAR = re.compile(r"^(\d{4})\s*[-–/]\s*(\d{4})$")
_TERM = re.compile(r"^(\d{4})\s*[-–/]\s*(\d{4})\s*[-–/ ]\s*(?:HK|T|TERM)\s*([12])$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})\s*-\s*(?:Q|QUY|QUÝ)\s*([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")
_RANGE = re.compile(r"^(\S+)\s*\.\.\s*(\S+)$")
_WEEK = re.compile(r"^(\d{4})\s*-\s*(?:LLW|TLHT)$")

FIRST_YEAR, LAST_YEAR = 1990, 2100


def _year(text: str) -> int:
    year = int(text)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise PeriodError(_("The year {year} is outside the years a report can cover ({first}–{last}).")
                          .format(year=year, first=FIRST_YEAR, last=LAST_YEAR))
    return year


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def month_period(year: int, month: int) -> Period:
    return Period(MONTH, dt.date(year, month, 1), _last_day(year, month), f"{year}-{month:02d}")


def quarter_period(year: int, quarter: int) -> Period:
    start = 3 * (quarter - 1) + 1
    return Period(QUARTER, dt.date(year, start, 1), _last_day(year, start + 2), f"{year}-Q{quarter}")


def school_year_period(first_year: int) -> Period:
    """The school year that starts in September of first_year."""
    return Period(SCHOOL_YEAR, dt.date(first_year, 9, 1), dt.date(first_year + 1, 8, 31),
                  f"{first_year}-{first_year + 1}")


def term_period(first_year: int, term: int, terms: TermCalendar = TermCalendar()) -> Period:
    month, day = terms.second_term_starts
    second = dt.date(first_year + 1, month, day)
    if term == 1:
        return Period(TERM, dt.date(first_year, 9, 1), second - dt.timedelta(days=1),
                      f"{first_year}-{first_year + 1}-HK1")
    return Period(TERM, second, dt.date(first_year + 1, 8, 31), f"{first_year}-{first_year + 1}-HK2")


def year_period(year: int) -> Period:
    return Period(YEAR, dt.date(year, 1, 1), dt.date(year, 12, 31), str(year))


def learning_week_period(year: int, week: LearningWeek = LearningWeek()) -> Period:
    month, day = week.starts
    first = dt.date(year, month, day)
    return Period(LEARNING_WEEK, first, first + dt.timedelta(days=max(week.days, 1) - 1), f"{year}-LLW")


def custom_period(first: dt.date, last: dt.date) -> Period:
    if last < first:
        raise PeriodError(_("The period ends ({last}) before it starts ({first}).").format(
            first=first.isoformat(), last=last.isoformat()))
    return Period(CUSTOM, first, last, f"{first.isoformat()}..{last.isoformat()}")


def _date(text: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):  # written right, but no such day (30 February)
            raise PeriodError(_("There is no day {text} in the calendar.").format(text=text)) from None
        raise PeriodError(_("“{text}” is not a date written as YYYY-MM-DD (for example 2026-03-31).")
                          .format(text=text)) from None
    _year(str(day.year))
    return day


def parse_period(text: str, *, terms: TermCalendar = TermCalendar(),
                 week: LearningWeek = LearningWeek()) -> Period:
    """The period a text names; PeriodError (translated) when it names none."""
    raw = " ".join(str(text).split())
    upper = raw.upper()
    if not raw:
        raise PeriodError(_("Give a period, for example 2026-10, 2026-Q3, 2025-2026, 2026 or "
                            "2026-01-01..2026-03-31."))
    if match := _RANGE.match(raw):
        return custom_period(_date(match[1]), _date(match[2]))
    if match := _TERM.match(upper):
        first_year, second_year = _year(match[1]), _year(match[2])
        if second_year != first_year + 1:
            raise PeriodError(_("A school year runs over two years in a row, such as 2025-2026, not “{text}”.")
                              .format(text=raw))
        return term_period(first_year, int(match[3]), terms)
    if match := _SCHOOL_YEAR.match(upper):
        first_year, second_year = _year(match[1]), _year(match[2])
        if second_year != first_year + 1:
            raise PeriodError(_("A school year runs over two years in a row, such as 2025-2026, not “{text}”.")
                              .format(text=raw))
        return school_year_period(first_year)
    if match := _QUARTER.match(upper):
        return quarter_period(_year(match[1]), int(match[2]))
    if match := _WEEK.match(upper):
        return learning_week_period(_year(match[1]), week)
    if match := _MONTH.match(upper):
        month = int(match[2])
        if not 1 <= month <= 12:
            raise PeriodError(_("There is no month {month}: a month is 1 to 12, as in 2026-10.").format(
                month=match[2]))
        return month_period(_year(match[1]), month)
    if match := _YEAR.match(upper):
        return year_period(_year(match[1]))
    if re.match(r"^\d{4}-Q", upper):
        raise PeriodError(_("A quarter is Q1 to Q4, as in 2026-Q3, not “{text}”.").format(text=raw))
    raise PeriodError(_("“{text}” is not a period. Write a month (2026-10), a quarter (2026-Q3), a "
                        "school year (2025-2026) or its term (2025-2026-HK1), a year (2026), or dates "
                        "(2026-01-01..2026-03-31).").format(text=raw))


def period_label(period: Period) -> str:
    """How the period is named on a report, in the current language."""
    from desktop.formatting import format_date

    first, last = period.first, period.last
    if period.kind == MONTH:
        return _("Month {month}/{year}").format(month=first.month, year=first.year)
    if period.kind == QUARTER:
        return _("Quarter {quarter}/{year}").format(quarter=(first.month - 1) // 3 + 1, year=first.year)
    if period.kind == SCHOOL_YEAR:
        return _("School year {first}–{second}").format(first=first.year, second=last.year)
    if period.kind == TERM:
        number = 1 if first.month == 9 else 2
        start_year = first.year if number == 1 else first.year - 1
        return _("Term {term}, school year {first}–{second}").format(
            term=number, first=start_year, second=start_year + 1)
    if period.kind == YEAR:
        return _("Year {year}").format(year=first.year)
    if period.kind == LEARNING_WEEK:
        return _("Lifelong Learning Week {year} ({first} – {last})").format(
            year=first.year, first=format_date(first), last=format_date(last))
    return _("From {first} to {last}").format(first=format_date(first), last=format_date(last))
