"""Book cabinet figures for a period, as the periodic report asks for them.

Titles and copies (total at the end of the period, and new in it), loans (lượt lưu hành) by
subject (DDC main class), registered and new readers, reader visits, lost and damaged copies,
weeded copies, and the rotated batches due. Stock figures count owned copies; rotated copies are
the lender's and are given apart.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session as OrmSession

from desktop.errors import ValidationError
from desktop.i18n import _, pick
from desktop.reference.ddc import DDC_MAIN_CLASSES
from desktop.services.books.catalogue import MINORITY_LANGUAGES
from desktop.store.book_models import (
    COPY_ACTIVE,
    COPY_EXPECTED,
    COPY_WEEDED,
    LOAN_CANCELLED,
    LOAN_OPEN,
    BookCopy,
    BookIncident,
    BookIntake,
    BookLoan,
    BookReader,
    BookTitle,
)
from desktop.store.database import Database

ROTATION_DUE_WINDOW_DAYS = 30


@dataclass(frozen=True)
class ClassLoans:
    """Loans of one DDC main class ("" for books without a classification)."""

    code: str
    name: str
    loans: int


@dataclass(frozen=True)
class RotationDue:
    """A rotated batch still here whose return date falls before the window's end."""

    intake_id: str
    entry_label: str
    lender: str
    return_by: dt.date
    days_left: int
    copies: int  # not yet sent back


@dataclass(frozen=True)
class CabinetStatistics:
    """The book cabinet's figures for a period (first to last, inclusive)."""

    first: dt.date
    last: dt.date
    titles_total: int
    copies_total: int
    titles_new: int
    copies_new: int
    children_copies: int
    minority_language_copies: int
    law_copies: int
    rotated_copies_held: int
    loans: int
    loans_children: int
    loans_rotated: int
    loans_by_class: tuple[ClassLoans, ...]
    readers_total: int
    readers_new: int
    active_readers: int  # readers who borrowed at least once in the period
    reader_visits: int  # distinct (reader, day) pairs with a loan
    lost_copies: int
    damaged_copies: int
    compensation: int
    weeded_copies: int
    overdue_at_end: int
    rotated_batches_due: tuple[RotationDue, ...]


def _in_stock_at(day: dt.date) -> ColumnElement[bool]:
    """Owned copies on the register at the end of `day`."""
    return and_(BookCopy.accession_number.is_not(None), BookCopy.deleted.is_(False),
                BookCopy.received_on <= day,
                or_(BookCopy.withdrawn_on.is_(None), BookCopy.withdrawn_on > day))


def cabinet_statistics(db: Database, first: dt.date, last: dt.date) -> CabinetStatistics:
    """Figures for the period from `first` to `last`, both included."""
    if last < first:
        raise ValidationError(_("The end of the period is before its start."), "last")
    with db.reading() as session:
        stock = session.execute(
            select(func.count(BookCopy.id), func.count(func.distinct(BookCopy.title_id)))
            .where(_in_stock_at(last))).one()
        by_kind = session.execute(
            select(BookTitle.audience, BookTitle.language, BookTitle.law_book, func.count())
            .join(BookCopy, BookCopy.title_id == BookTitle.id).where(_in_stock_at(last))
            .group_by(BookTitle.audience, BookTitle.language, BookTitle.law_book)).all()
        children = sum(n for audience, _l, _b, n in by_kind if audience == "children")
        minority = sum(n for _a, language, _b, n in by_kind if language in MINORITY_LANGUAGES)
        law = sum(n for _a, _l, law_book, n in by_kind if law_book)
        copies_new = session.execute(select(func.count()).select_from(BookCopy).where(
            BookCopy.accession_number.is_not(None), BookCopy.deleted.is_(False),
            BookCopy.received_on >= first, BookCopy.received_on <= last)).scalar_one()
        first_received = (select(BookCopy.title_id, func.min(BookCopy.received_on).label("first_on"))
                          .where(BookCopy.accession_number.is_not(None), BookCopy.deleted.is_(False))
                          .group_by(BookCopy.title_id).subquery())
        titles_new = session.execute(select(func.count()).select_from(first_received).where(
            first_received.c.first_on >= first, first_received.c.first_on <= last)).scalar_one()
        rotated_held = session.execute(select(func.count()).select_from(BookCopy).where(
            BookCopy.accession_number.is_(None), BookCopy.deleted.is_(False),
            BookCopy.status == COPY_ACTIVE, BookCopy.received_on <= last)).scalar_one()

        loan_period = and_(BookLoan.deleted.is_(False), BookLoan.state != LOAN_CANCELLED,
                           BookLoan.loaned_on >= first, BookLoan.loaned_on <= last)
        class_rows = dict(session.execute(
            select(BookTitle.main_class, func.count())
            .select_from(BookLoan).join(BookCopy, BookCopy.id == BookLoan.copy_id)
            .join(BookTitle, BookTitle.id == BookCopy.title_id)
            .where(loan_period).group_by(BookTitle.main_class)).all())
        loans_children = session.execute(
            select(func.count()).select_from(BookLoan)
            .join(BookCopy, BookCopy.id == BookLoan.copy_id)
            .join(BookTitle, BookTitle.id == BookCopy.title_id)
            .where(loan_period, BookTitle.audience == "children")).scalar_one()
        loans_rotated = session.execute(
            select(func.count()).select_from(BookLoan)
            .join(BookCopy, BookCopy.id == BookLoan.copy_id)
            .where(loan_period, BookCopy.accession_number.is_(None))).scalar_one()
        visits = session.execute(select(func.count()).select_from(
            select(BookLoan.reader_id, BookLoan.loaned_on).where(loan_period).distinct()
            .subquery())).scalar_one()
        active = session.execute(select(func.count(func.distinct(BookLoan.reader_id))).where(
            loan_period)).scalar_one()

        readers_total = session.execute(select(func.count()).select_from(BookReader).where(
            BookReader.deleted.is_(False), BookReader.registered_on <= last)).scalar_one()
        readers_new = session.execute(select(func.count()).select_from(BookReader).where(
            BookReader.deleted.is_(False), BookReader.registered_on >= first,
            BookReader.registered_on <= last)).scalar_one()

        incidents = dict(session.execute(
            select(BookIncident.kind, func.count(func.distinct(BookIncident.copy_id)))
            .where(BookIncident.deleted.is_(False), BookIncident.date >= first,
                   BookIncident.date <= last).group_by(BookIncident.kind)).all())
        compensation = session.execute(select(func.coalesce(func.sum(BookIncident.compensation), 0))
                                       .where(BookIncident.deleted.is_(False),
                                              BookIncident.date >= first,
                                              BookIncident.date <= last)).scalar_one()
        weeded = session.execute(select(func.count()).select_from(BookCopy).where(
            BookCopy.deleted.is_(False), BookCopy.status == COPY_WEEDED,
            BookCopy.withdrawn_on >= first, BookCopy.withdrawn_on <= last)).scalar_one()
        overdue = session.execute(select(func.count()).select_from(BookLoan).where(
            BookLoan.deleted.is_(False), BookLoan.state == LOAN_OPEN,
            BookLoan.due_on < last)).scalar_one()
        due = _rotations_due(session, last)

    return CabinetStatistics(
        first=first, last=last, titles_total=int(stock[1]), copies_total=int(stock[0]),
        titles_new=titles_new, copies_new=copies_new, children_copies=children,
        minority_language_copies=minority, law_copies=law, rotated_copies_held=rotated_held,
        loans=sum(class_rows.values()), loans_children=loans_children, loans_rotated=loans_rotated,
        loans_by_class=_class_loans(class_rows), readers_total=readers_total,
        readers_new=readers_new, active_readers=active, reader_visits=visits,
        lost_copies=incidents.get("lost", 0), damaged_copies=incidents.get("damaged", 0),
        compensation=int(compensation), weeded_copies=weeded, overdue_at_end=overdue,
        rotated_batches_due=due)


def _class_loans(rows: dict[str, int]) -> tuple[ClassLoans, ...]:
    """Every DDC main class in order (zeros too, as report tables list them), then unclassified."""
    out = [ClassLoans(item.code, pick(item.name_vi, item.name_en), rows.get(item.code, 0))
           for item in DDC_MAIN_CLASSES]
    if rows.get("", 0):
        out.append(ClassLoans("", _("Not classified"), rows[""]))
    return tuple(out)


def _rotations_due(session: OrmSession, day: dt.date) -> tuple[RotationDue, ...]:
    horizon = day + dt.timedelta(days=ROTATION_DUE_WINDOW_DAYS)
    rows = session.execute(
        select(BookIntake, func.count(BookCopy.id))
        .outerjoin(BookCopy, and_(BookCopy.intake_id == BookIntake.id, BookCopy.deleted.is_(False),
                                  BookCopy.status.in_((COPY_ACTIVE, COPY_EXPECTED))))
        .where(BookIntake.source == "rotation", BookIntake.deleted.is_(False),
               BookIntake.returned_on.is_(None), BookIntake.return_by <= horizon)
        .group_by(BookIntake.id).order_by(BookIntake.return_by)).all()
    return tuple(RotationDue(intake.id, f"{intake.entry_number}/{intake.entry_year}",
                             intake.supplier, return_by, (return_by - day).days, int(copies))
                 for intake, copies in rows if (return_by := intake.return_by) is not None)
