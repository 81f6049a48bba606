"""All date, number and money formatting, on Babel, with named patterns.

Official documents use dd/MM/yyyy; Babel's short Vietnamese date (5/3/26) is not for documents.
"""

from __future__ import annotations

import datetime as dt

from babel import dates as babel_dates
from babel import numbers as babel_numbers

from desktop.i18n import babel_locale

DATE_PATTERN = "dd/MM/yyyy"
MONTH_PATTERN = "MM/yyyy"


def format_date(value: dt.date | None) -> str:
    if value is None:
        return ""
    return babel_dates.format_date(value, DATE_PATTERN, locale=babel_locale())


def format_month(year: int, month: int) -> str:
    return babel_dates.format_date(dt.date(year, month, 1), MONTH_PATTERN, locale=babel_locale())


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


def parse_date(text: str) -> dt.date | None:
    """Parse a typed date dd/mm/yyyy (also - or . separators); None if empty; ValueError if bad."""
    text = text.strip()
    if not text:
        return None
    for separator in ("/", "-", "."):
        parts = text.split(separator)
        if len(parts) == 3 and all(part.strip().isdigit() for part in parts):
            day, month, year = (int(part) for part in parts)
            if year < 100:
                raise ValueError(text)
            return dt.date(year, month, day)
    raise ValueError(text)
