"""The book cabinet's figures for a period, per origin centre at an office.

The same rules as `services.books.statistics.cabinet_statistics` (a test keeps them equal on
the demo centre): owned copies on the register at the period's end, titles and copies first
received in it, loans not cancelled, readers registered by its end and in it, lost and damaged
copies by incidents dated in it. Grouped by `origin`, so an office reads every centre at once.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session as OrmSession

from desktop.reports.model import BookFigures, LoansByClass
from desktop.store.book_models import LOAN_CANCELLED, BookCopy, BookIncident, BookLoan, BookReader, BookTitle

Key = int | None


def book_figures(session: OrmSession, first: dt.date, last: dt.date, keys: list[Key]) -> dict[Key, BookFigures]:
    by_origin = None not in keys
    numbers: dict[Key, dict[str, Any]] = {key: {} for key in keys}

    def put(origin: int, name: str, value: Any) -> None:
        key = origin if by_origin else None
        if key in numbers:
            numbers[key][name] = numbers[key].get(name, 0) + value

    owned = and_(BookCopy.accession_number.is_not(None), BookCopy.deleted.is_(False))
    in_stock = and_(owned, BookCopy.received_on <= last,
                    or_(BookCopy.withdrawn_on.is_(None), BookCopy.withdrawn_on > last))
    for origin, copies, titles in session.execute(
            select(BookCopy.origin, func.count(BookCopy.id), func.count(func.distinct(BookCopy.title_id)))
            .where(in_stock).group_by(BookCopy.origin)):
        put(origin, "copies_total", int(copies))
        put(origin, "titles_total", int(titles))
    for origin, copies in session.execute(
            select(BookCopy.origin, func.count()).where(owned, BookCopy.received_on >= first,
                                                        BookCopy.received_on <= last)
            .group_by(BookCopy.origin)):
        put(origin, "copies_new", int(copies))
    first_received = (select(BookCopy.origin, BookCopy.title_id, func.min(BookCopy.received_on).label("first_on"))
                      .where(owned).group_by(BookCopy.origin, BookCopy.title_id).subquery())
    for origin, titles in session.execute(
            select(first_received.c.origin, func.count())
            .where(first_received.c.first_on >= first, first_received.c.first_on <= last)
            .group_by(first_received.c.origin)):
        put(origin, "titles_new", int(titles))

    in_period = and_(BookLoan.deleted.is_(False), BookLoan.state != LOAN_CANCELLED,
                     BookLoan.loaned_on >= first, BookLoan.loaned_on <= last)
    classes: dict[Key, dict[str, int]] = {}
    for origin, main_class, loans in session.execute(
            select(BookLoan.origin, BookTitle.main_class, func.count())
            .select_from(BookLoan).join(BookCopy, BookCopy.id == BookLoan.copy_id)
            .join(BookTitle, BookTitle.id == BookCopy.title_id)
            .where(in_period).group_by(BookLoan.origin, BookTitle.main_class)):
        key = origin if by_origin else None
        if key in numbers:
            table = classes.setdefault(key, {})
            table[main_class or ""] = table.get(main_class or "", 0) + int(loans)
            put(origin, "loans", int(loans))
    visits = (select(BookLoan.origin, BookLoan.reader_id, BookLoan.loaned_on).where(in_period).distinct()
              .subquery())
    for origin, count in session.execute(select(visits.c.origin, func.count()).group_by(visits.c.origin)):
        put(origin, "reader_visits", int(count))

    live_reader = BookReader.deleted.is_(False)
    for origin, total in session.execute(select(BookReader.origin, func.count()).where(
            live_reader, BookReader.registered_on <= last).group_by(BookReader.origin)):
        put(origin, "readers_total", int(total))
    for origin, new in session.execute(select(BookReader.origin, func.count()).where(
            live_reader, BookReader.registered_on >= first, BookReader.registered_on <= last)
            .group_by(BookReader.origin)):
        put(origin, "readers_new", int(new))

    for origin, kind, copies in session.execute(
            select(BookIncident.origin, BookIncident.kind, func.count(func.distinct(BookIncident.copy_id)))
            .where(BookIncident.deleted.is_(False), BookIncident.date >= first, BookIncident.date <= last,
                   BookIncident.kind.in_(("lost", "damaged")))
            .group_by(BookIncident.origin, BookIncident.kind)):
        put(origin, "lost_copies" if kind == "lost" else "damaged_copies", int(copies))

    result = {}
    for key, values in numbers.items():
        table = classes.get(key, {})
        values["loans_by_class"] = tuple(LoansByClass(code, table[code])
                                         for code in sorted(table, key=lambda code: (code == "", code)))
        result[key] = BookFigures(**values)
    return result
