"""Lists of loans: a reader's or a copy's loans, how many are overdue, the overdue list by village
(for the volunteer's rounds) and reminder texts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from desktop.formatting import format_date
from desktop.i18n import _, ngettext
from desktop.services.books.common import (
    ReaderInfo,
    card_code,
    copy_code,
    reader_info,
    village_names,
)
from desktop.store.book_models import LOAN_OPEN, BookCopy, BookLoan, BookReader, BookTitle
from desktop.store.database import Database
from desktop.store.models import Village


def days_overdue(due_on: dt.date, today: dt.date) -> int:
    return max((today - due_on).days, 0)


@dataclass(frozen=True)
class LoanInfo:
    """A line of the loan book (sổ mượn): date, reader, village, copy, title, due, returned."""

    id: str
    copy_id: str
    copy_code: str
    title: str
    reader_id: str
    reader_name: str
    card_code: str
    village: str
    loaned_on: dt.date
    due_on: dt.date
    returned_on: dt.date | None
    state: str  # open, returned, lost
    renewals: int
    overdue_days: int  # as of the day asked about; 0 when not overdue


@dataclass(frozen=True)
class OverdueLoan:
    """One overdue copy of a reader."""

    loan_id: str
    copy_code: str
    title: str
    loaned_on: dt.date
    due_on: dt.date
    days_overdue: int


@dataclass(frozen=True)
class OverdueReader:
    """A reader with copies overdue, for the list and the reminder text."""

    reader: ReaderInfo
    loans: tuple[OverdueLoan, ...]

    @property
    def most_days(self) -> int:
        """The days overdue of the reader's longest-overdue copy."""
        return max(loan.days_overdue for loan in self.loans)


@dataclass(frozen=True)
class VillageOverdue:
    """The overdue readers of one village (for the village head or the loudspeaker)."""

    village_id: str | None
    village: str
    readers: tuple[OverdueReader, ...]

    @property
    def loans(self) -> int:
        """How many copies are overdue in the village."""
        return sum(len(reader.loans) for reader in self.readers)


def list_loans(db: Database, *, reader_id: str | None = None, copy_id: str | None = None,
               open_only: bool = False, first: dt.date | None = None, last: dt.date | None = None,
               today: dt.date | None = None, limit: int | None = None) -> list[LoanInfo]:
    """The loan book, newest first: all loans, or a reader's, a copy's, open ones, or a period's."""
    today = today or dt.date.today()
    statement = (select(BookLoan, BookCopy, BookTitle.title, BookReader)
                 .join(BookCopy, BookCopy.id == BookLoan.copy_id)
                 .join(BookTitle, BookTitle.id == BookCopy.title_id)
                 .join(BookReader, BookReader.id == BookLoan.reader_id)
                 .where(BookLoan.deleted.is_(False))
                 .order_by(BookLoan.loaned_on.desc(), BookLoan.id.desc()))
    if reader_id is not None:
        statement = statement.where(BookLoan.reader_id == reader_id)
    if copy_id is not None:
        statement = statement.where(BookLoan.copy_id == copy_id)
    if open_only:
        statement = statement.where(BookLoan.state == LOAN_OPEN)
    if first is not None:
        statement = statement.where(BookLoan.loaned_on >= first)
    if last is not None:
        statement = statement.where(BookLoan.loaned_on <= last)
    if limit is not None:
        statement = statement.limit(limit)
    with db.reading() as session:
        villages = village_names(session)
        return [LoanInfo(
            id=loan.id, copy_id=copy.id, copy_code=copy_code(copy), title=title,
            reader_id=reader.id, reader_name=reader.full_name, card_code=card_code(reader.card_number),
            village=villages.get(reader.village_id or "", ""), loaned_on=loan.loaned_on,
            due_on=loan.due_on, returned_on=loan.returned_on, state=loan.state,
            renewals=loan.renewals,
            overdue_days=days_overdue(loan.due_on, today) if loan.state == LOAN_OPEN else 0)
            for loan, copy, title, reader in session.execute(statement).all()]


def overdue_count(db: Database, today: dt.date | None = None) -> int:
    """How many copies are overdue now (for the dashboard)."""
    today = today or dt.date.today()
    with db.reading() as session:
        return session.execute(select(func.count()).select_from(BookLoan).where(
            BookLoan.state == LOAN_OPEN, BookLoan.deleted.is_(False),
            BookLoan.due_on < today)).scalar_one()


def overdue_by_village(db: Database, today: dt.date | None = None, *,
                       min_days: int = 1) -> list[VillageOverdue]:
    """Overdue copies grouped by village, then reader (Vietnamese name order), longest first."""
    today = today or dt.date.today()
    cutoff = today - dt.timedelta(days=min_days - 1)
    with db.reading() as session:
        rows = session.execute(
            select(BookLoan, BookCopy, BookTitle.title, BookReader)
            .join(BookCopy, BookCopy.id == BookLoan.copy_id)
            .join(BookTitle, BookTitle.id == BookCopy.title_id)
            .join(BookReader, BookReader.id == BookLoan.reader_id)
            .where(BookLoan.state == LOAN_OPEN, BookLoan.deleted.is_(False),
                   BookLoan.due_on < cutoff)
            .order_by(BookReader.name_sort, BookLoan.due_on)).all()
        villages = {row.id: (row.name, row.sort_key) for row in session.execute(
            select(Village.id, Village.name, Village.sort_key)).all()}
        by_reader: dict[str, tuple[BookReader, list[OverdueLoan]]] = {}
        for loan, copy, title, reader in rows:
            entry = by_reader.setdefault(reader.id, (reader, []))
            entry[1].append(OverdueLoan(loan.id, copy_code(copy), title, loan.loaned_on,
                                        loan.due_on, days_overdue(loan.due_on, today)))
        grouped: dict[str | None, list[OverdueReader]] = {}
        open_counts = dict(session.execute(
            select(BookLoan.reader_id, func.count()).where(
                BookLoan.state == LOAN_OPEN, BookLoan.deleted.is_(False),
                BookLoan.reader_id.in_(list(by_reader)))
            .group_by(BookLoan.reader_id)).all()) if by_reader else {}
        for reader, loans in by_reader.values():
            name = villages.get(reader.village_id or "", ("", ""))[0]
            grouped.setdefault(reader.village_id, []).append(OverdueReader(
                reader_info(reader, name, open_counts.get(reader.id, 0)), tuple(loans)))
        no_village = _("No village")
        result = [VillageOverdue(village_id, villages[village_id][0] if village_id in villages
                                 else no_village, tuple(readers))
                  for village_id, readers in grouped.items()]
        # Villages in Vietnamese order; readers without a (known) village last.
        result.sort(key=lambda group: (0, villages[group.village_id][1])
                    if group.village_id in villages else (1, ""))
        return result


def reminder_text(overdue: OverdueReader, *, centre_name: str = "", today: dt.date | None = None) -> str:
    """A ready-to-copy reminder for SMS or Zalo, in the interface language."""
    today = today or dt.date.today()
    lines = [_("Hello {name},").format(name=overdue.reader.full_name)]
    if centre_name:
        lines.append(_("The book cabinet of {centre} reminds you to bring back:").format(
            centre=centre_name))
    else:
        lines.append(_("The book cabinet reminds you to bring back:"))
    for loan in overdue.loans:
        lines.append(ngettext("- “{title}” (no. {code}), due {date}, {days} day overdue",
                              "- “{title}” (no. {code}), due {date}, {days} days overdue",
                              loan.days_overdue).format(
            title=loan.title, code=loan.copy_code, date=format_date(loan.due_on),
            days=loan.days_overdue))
    lines.append(_("Anyone in your family may bring the books back. Thank you!"))
    return "\n".join(lines)
