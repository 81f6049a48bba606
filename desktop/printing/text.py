"""Text helpers for documents: NFC, paragraph escaping, the Decree 30 date line."""

from __future__ import annotations

import datetime as dt
import unicodedata
from xml.sax.saxutils import escape

from babel import dates as babel_dates

from desktop.i18n import _, babel_locale, current_language


def nfc(text: object) -> str:
    """Every drawn string goes through here: decomposed accents land on the wrong letters."""
    return unicodedata.normalize("NFC", "" if text is None else str(text))


def markup(text: object) -> str:
    """NFC text made safe for a reportlab Paragraph."""
    return escape(nfc(text))


def decree_day(day: int) -> str:
    """Decree 30/2020: days below 10 take a leading zero."""
    return f"{day:02d}"


def decree_month(month: int) -> str:
    """Decree 30/2020: months 1 and 2 take a leading zero, the others do not."""
    return f"{month:02d}" if month < 3 else str(month)


def date_line(place: str, day: dt.date | None) -> str:
    """'Xã Tà Xùa, ngày 05 tháng 3 năm 2026'; dotted blanks when the date is to be handwritten."""
    place = nfc(place).strip() or "……………"
    if day is None:
        return nfc(_("{place}, date ………………………").format(place=place))
    if current_language() == "vi":  # the Decree 30 numbers: "ngày 05 tháng 3 năm 2026"
        month = decree_month(day.month)
    else:
        month = babel_dates.format_date(day, "MMMM", locale=babel_locale())
    return nfc(
        _("{place}, {day} {month} {year}").format(
            place=place, day=decree_day(day.day), month=month, year=day.year
        )
    )


def upper(text: str) -> str:
    return nfc(nfc(text).upper())
