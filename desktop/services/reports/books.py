"""The book cabinet's figures for a period, per origin centre at an office.

The same rules as `services.books.statistics.cabinet_statistics` (a test keeps them equal on
the demo centre): owned copies on the register at the period's end, titles and copies first
received in it, loans not cancelled, readers registered by its end and in it, lost and damaged
copies by incidents dated in it. Grouped by `origin`, so an office reads every centre at once;
the copies in one pass, the loans' subjects per copy rather than per loan.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session as OrmSession

from desktop.reports.model import BookFigures, LoansByClass
from desktop.store.book_models import LOAN_CANCELLED, BookCopy, BookIncident, BookLoan, BookReader, BookTitle

Key = int | None


def book_figures(session: OrmSession, first: dt.date, last: dt.date, keys: list[Key]) -> dict[Key, BookFigures]:
    by_origin = None not in keys
    connection = session.connection()
    numbers: dict[Key, dict[str, Any]] = {key: {} for key in keys}

    def put(origin: int, name: str, value: Any) -> None:
        key = origin if by_origin else None
        if key in numbers:
            numbers[key][name] = numbers[key].get(name, 0) + value

    # the copies in one pass, per title: in stock at the end, received in the period, first received
    owned = and_(BookCopy.accession_number.is_not(None), BookCopy.deleted.is_(False))
    in_stock = and_(BookCopy.received_on <= last, or_(BookCopy.withdrawn_on.is_(None), BookCopy.withdrawn_on > last))
    received = and_(BookCopy.received_on >= first, BookCopy.received_on <= last)
    titles = (select(BookCopy.origin, func.min(BookCopy.received_on).label("first_on"),
                     func.sum(case((in_stock, 1), else_=0)).label("stock"),
                     func.sum(case((received, 1), else_=0)).label("new"))
              .where(owned).group_by(BookCopy.origin, BookCopy.title_id).subquery())
    first_in_period = and_(titles.c.first_on >= first, titles.c.first_on <= last)
    for origin, copies, stocked_titles, new_copies, new_titles in connection.execute(
            select(titles.c.origin, func.sum(titles.c.stock), func.sum(case((titles.c.stock > 0, 1), else_=0)),
                   func.sum(titles.c.new), func.sum(case((first_in_period, 1), else_=0)))
            .group_by(titles.c.origin)):
        put(origin, "copies_total", int(copies or 0))
        put(origin, "titles_total", int(stocked_titles or 0))
        put(origin, "copies_new", int(new_copies or 0))
        put(origin, "titles_new", int(new_titles or 0))

    in_period = and_(BookLoan.deleted.is_(False), BookLoan.state != LOAN_CANCELLED,
                     BookLoan.loaned_on >= first, BookLoan.loaned_on <= last)
    # loans counted per copy first, so each copy's title is looked up once, not once a loan
    per_copy = (select(BookLoan.origin, BookLoan.copy_id, func.count().label("loans")).where(in_period)
                .group_by(BookLoan.origin, BookLoan.copy_id).subquery())
    classes: dict[Key, dict[str, int]] = {}
    for origin, main_class, loans in connection.execute(
            select(per_copy.c.origin, BookTitle.main_class, func.sum(per_copy.c.loans))
            .select_from(per_copy).join(BookCopy, BookCopy.id == per_copy.c.copy_id)
            .join(BookTitle, BookTitle.id == BookCopy.title_id)
            .group_by(per_copy.c.origin, BookTitle.main_class)):
        key = origin if by_origin else None
        if key in numbers:
            table = classes.setdefault(key, {})
            table[main_class or ""] = table.get(main_class or "", 0) + int(loans)
            put(origin, "loans", int(loans))
    visits = (select(BookLoan.origin, BookLoan.reader_id, BookLoan.loaned_on).where(in_period).distinct()
              .subquery())
    for origin, count in connection.execute(select(visits.c.origin, func.count()).group_by(visits.c.origin)):
        put(origin, "reader_visits", int(count))

    registered_now = and_(BookReader.registered_on >= first, BookReader.registered_on <= last)
    for origin, total, new in connection.execute(
            select(BookReader.origin, func.count(), func.sum(case((registered_now, 1), else_=0)))
            .where(BookReader.deleted.is_(False), BookReader.registered_on <= last).group_by(BookReader.origin)):
        put(origin, "readers_total", int(total))
        put(origin, "readers_new", int(new or 0))

    for origin, kind, copies in connection.execute(
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
