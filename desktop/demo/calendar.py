"""The demo's calendar: Tết and the public holidays, random days, weekly series of sessions."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence


_EVEN = (1.0,) * 12

# Lunar New Year's day (Tết): classes pause a week before to ten days after, the book cabinet
# closes two days before to five days after.
TET = {
    1996: (2, 19), 1997: (2, 7), 1998: (1, 28), 1999: (2, 16), 2000: (2, 5), 2001: (1, 24),
    2002: (2, 12), 2003: (2, 1), 2004: (1, 22), 2005: (2, 9), 2006: (1, 29), 2007: (2, 17),
    2008: (2, 7), 2009: (1, 26), 2010: (2, 14), 2011: (2, 3), 2012: (1, 23), 2013: (2, 10),
    2014: (1, 31), 2015: (2, 19), 2016: (2, 8), 2017: (1, 28), 2018: (2, 16), 2019: (2, 5),
    2020: (1, 25), 2021: (2, 12), 2022: (2, 1), 2023: (1, 22), 2024: (2, 10), 2025: (1, 29),
    2026: (2, 17), 2027: (2, 6), 2028: (1, 26), 2029: (2, 13), 2030: (2, 3), 2031: (1, 23),
    2032: (2, 11), 2033: (1, 31), 2034: (2, 19), 2035: (2, 8),
}


PUBLIC_HOLIDAYS = ((4, 30), (5, 1), (9, 2))


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def random_day(rng: random.Random, first: dt.date, last: dt.date,
                month_weights: tuple[float, ...] = _EVEN) -> dt.date:
    """A day between first and last, more likely in the heavier months."""
    span = (last - first).days
    top = max(month_weights)
    for _attempt in range(200):
        day = first + dt.timedelta(days=rng.randint(0, max(span, 0)))
        if rng.random() * top <= month_weights[day.month - 1]:
            return day
    return first + dt.timedelta(days=rng.randint(0, max(span, 0)))


def _is_break(day: dt.date) -> bool:
    """Tết and public holidays: no classes."""
    if (day.month, day.day) in PUBLIC_HOLIDAYS:
        return True
    tet = TET.get(day.year)
    if tet is not None:
        delta = (day - dt.date(day.year, *tet)).days
        return -7 <= delta <= 10
    return False


def weekly_series(start: dt.date, weekdays: Sequence[int], every_weeks: int, count: int) -> list[dt.date]:
    """`count` dates on the given weekdays from start, every `every_weeks` weeks, skipping breaks."""
    dates: list[dt.date] = []
    monday = start - dt.timedelta(days=start.weekday())
    while len(dates) < count:
        for weekday in sorted(weekdays):
            day = monday + dt.timedelta(days=weekday)
            if day >= start and not _is_break(day):
                dates.append(day)
                if len(dates) == count:
                    break
        monday += dt.timedelta(weeks=every_weeks)
    return dates


def programme_term(terms: Sequence[int], start: dt.date, day: dt.date) -> int:
    """The literacy programme's term a class that started on `start` teaches on `day`.

    The school year (September to August) is split into as many parts as the phase has terms
    (phase 1: three of four months, phase 2: two of six); a class starts in the term of its
    start's part and moves on to the next term as the calendar enters the next part, never past
    the phase's last term."""
    parts = len(terms)

    def part(when: dt.date) -> tuple[int, int]:  # (absolute part, part within its school year)
        months = when.year * 12 + when.month - 9  # from a September
        within = (months % 12) * parts // 12
        return months // 12 * parts + within, within

    (first, index), (now, _within) = part(start), part(day)
    return terms[min(index + max(now - first, 0), parts - 1)]
