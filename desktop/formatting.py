"""All date, number and money formatting, on Babel, with named patterns.

Official documents use dd/MM/yyyy; Babel's short Vietnamese date (5/3/26) is not for documents.
"""

from __future__ import annotations

import calendar
import datetime as dt

from babel import dates as babel_dates
from babel import numbers as babel_numbers

from desktop.i18n import _, babel_locale

DATE_PATTERN = "dd/MM/yyyy"
MONTH_PATTERN = "MM/yyyy"


def format_date(value: dt.date | None) -> str:
    if value is None:
        return ""
    return babel_dates.format_date(value, DATE_PATTERN, locale=babel_locale())


def format_month(year: int, month: int) -> str:
    return babel_dates.format_date(dt.date(year, month, 1), MONTH_PATTERN, locale=babel_locale())


def month_name(month: int) -> str:
    """The month as a picker lists it: "Tháng 12" / "December" (Babel's stand-alone name)."""
    name = babel_dates.get_month_names("wide", "stand-alone", locale=babel_locale())[month]
    return name[:1].upper() + name[1:]


def format_weekday_short(value: dt.date, *, narrow: bool = False) -> str:
    """"Th 2" / "Mon"; narrow: "T2" / "Mo", as paper registers write them under a date."""
    return babel_dates.format_date(value, "EEEEEE" if narrow else "EEE", locale=babel_locale())


def format_datetime(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    return babel_dates.format_datetime(value, "dd/MM/yyyy HH:mm", locale=babel_locale())


def format_integer(value: int | None) -> str:
    if value is None:
        return ""
    return babel_numbers.format_decimal(value, format="#,##0", locale=babel_locale())


def format_decimal(value: float | None, digits: int = 1) -> str:
    if value is None:
        return ""
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    return babel_numbers.format_decimal(value, format=pattern, locale=babel_locale())


def format_money(amount: int | None) -> str:
    """VND amounts: '1.500.000 ₫' in Vietnamese."""
    if amount is None:
        return ""
    return babel_numbers.format_currency(amount, "VND", locale=babel_locale())


class DateError(ValueError):
    """A date that cannot be read or cannot exist; `message` says which, in the user's language."""

    def __init__(self, text: str, message: str) -> None:
        super().__init__(text)
        self.text = text
        self.message = message


def unreadable_date(text: str) -> DateError:
    return DateError(text, _("“{text}” is not a date: write it as dd/mm/yyyy, for example "
                             "05/03/1985.").format(text=text))


def date_from_parts(day: int, month: int, year: int, *, text: str) -> dt.date:
    """The date, or a DateError naming what cannot be: a month past 12, a day the month lacks.

    The one place that words these, for the window's date fields and the list imports alike."""
    if not 1 <= year <= 9999:
        raise unreadable_date(text)
    if not 1 <= month <= 12:
        raise DateError(text, _("“{text}” is not a date: there is no month {month}.").format(
            text=text, month=month))
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise DateError(text, _("“{text}” is not a date: month {month} of {year} has {days} "
                                "days.").format(text=text, month=month, year=year, days=days))
    return dt.date(year, month, day)


def parse_date(text: str) -> dt.date | None:
    """Parse a typed date dd/mm/yyyy (also - or . separators); None if empty.

    Raises DateError (a ValueError) whose `message` says whether the format is wrong or the day
    or month cannot exist ("31/02/2020")."""
    text = text.strip()
    if not text:
        return None
    for separator in ("/", "-", "."):
        parts = text.split(separator)
        if len(parts) == 3 and all(part.strip().isascii() and part.strip().isdigit()
                                   for part in parts):
            day, month, year = (int(part) for part in parts)
            if len(parts[2].strip()) != 4:
                raise unreadable_date(text)
            return date_from_parts(day, month, year, text=text)
    raise unreadable_date(text)
