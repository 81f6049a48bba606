"""Whether a session's date can be right for its class: inside its planned period, or near it.

A class's plan often slips by some weeks (a late start, a make-up session after the planned end),
so a date outside the period is saved once the user confirms it. A date more than a year outside
is almost always a mistyped year (28/02/2020 for a class planned in 2027) and is refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from desktop.errors import UserError, ValidationError
from desktop.formatting import format_date
from desktop.i18n import _, ngettext

TOLERANCE = dt.timedelta(days=366)  # beyond a year outside the period a date is refused


class OutsidePeriod(UserError):
    """Session dates outside the class's planned period: saved only once the user confirms."""

    def __init__(self, message: str, field: str = "date") -> None:
        super().__init__(message)
        self.field = field


def period_text(start: dt.date | None, end: dt.date | None) -> str:
    if start and end:
        return f"{format_date(start)} – {format_date(end)}"
    if start:
        return _("from {date}").format(date=format_date(start))
    return _("until {date}").format(date=format_date(end))


def check_session_dates(dates: Sequence[dt.date], start: dt.date | None, end: dt.date | None, *,
                        confirmed: bool = False, field: str = "date") -> None:
    """Refuse dates far outside [start, end]; ask (OutsidePeriod) for dates just outside it.

    A class without dates has nothing to compare with; one without an end date is open-ended.
    """
    if not dates or (start is None and end is None):
        return
    low = start or end
    assert low is not None
    period = period_text(start, end)
    far = [day for day in dates if day < low - TOLERANCE or (end is not None and day > end + TOLERANCE)]
    if far:
        raise ValidationError(
            _("{date} is more than a year outside the class's period ({period}). "
              "Check the year of the date.").format(date=format_date(far[0]), period=period), field)
    if confirmed:
        return
    outside = [day for day in dates if day < low or (end is not None and day > end)]
    if len(outside) == 1:
        raise OutsidePeriod(_("{date} is outside the class's planned period ({period}).").format(
            date=format_date(outside[0]), period=period), field)
    if outside:
        raise OutsidePeriod(ngettext(
            "{count} date is outside the class's planned period ({period}), from {first} to {last}.",
            "{count} dates are outside the class's planned period ({period}), from {first} to {last}.",
            len(outside)).format(count=len(outside), period=period, first=format_date(outside[0]),
                                 last=format_date(outside[-1])), field)
