"""The shelves of the cabinet and the copies in stock on each: for the printed shelf list that
a stocktake is counted against by hand, and for choosing a shelf."""

from __future__ import annotations

from sqlalchemy import select

from desktop.services.books.common import CopyInfo, copy_info
from desktop.store.book_models import (
    COPY_ACTIVE,
    LOAN_OPEN,
    BookCopy,
    BookIntake,
    BookLoan,
    BookTitle,
)
from desktop.store.database import Database
from desktop.text.vietnamese import fold, sort_key


def shelves(db: Database) -> list[str]:
    """The shelves copies in stock are recorded on, in Vietnamese order."""
    with db.reading() as session:
        names = session.execute(select(BookCopy.shelf).where(
            BookCopy.status == COPY_ACTIVE, BookCopy.deleted.is_(False)).distinct()).scalars().all()
        return sorted(set(names), key=sort_key)


def shelf_list(db: Database, shelf: str | None = None) -> list[CopyInfo]:
    """Copies in stock on a shelf (all shelves if None), for a printed list to count by hand."""
    with db.reading() as session:
        on_loan = set(session.execute(select(BookLoan.copy_id).where(
            BookLoan.state == LOAN_OPEN, BookLoan.deleted.is_(False))).scalars())
        statement = (select(BookCopy, BookTitle, BookIntake.source)
                     .join(BookTitle, BookTitle.id == BookCopy.title_id)
                     .join(BookIntake, BookIntake.id == BookCopy.intake_id)
                     .where(BookCopy.status == COPY_ACTIVE, BookCopy.deleted.is_(False)))
        rows = [copy_info(copy, title, source, copy.id in on_loan)
                for copy, title, source in session.execute(statement).all()
                if shelf is None or fold(copy.shelf) == fold(shelf)]
        return sorted(rows, key=lambda info: (sort_key(info.shelf), info.call_number,
                                              info.accession_number or 0, info.code))
