"""A copy lost or damaged at the desk, with what the reader paid, and a lost copy found again.

Each returns a LoanEvent with an undo token, as a scan does.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session as OrmSession

from desktop.errors import NotFoundError, ValidationError
from desktop.formatting import format_money
from desktop.i18n import _
from desktop.services.books.catalogue import unknown_code_message, validate_price
from desktop.services.books.common import copy_code, find_copy, load_copy_info, load_reader_info
from desktop.services.books.loans import LoanEvent, UndoToken, copy_and_loan, status_refusal
from desktop.store.book_models import (
    COPY_ACTIVE,
    COPY_LOST,
    COPY_SENT_BACK,
    COPY_WEEDED,
    LOAN_LOST,
    LOAN_RETURNED,
    BookCopy,
    BookIncident,
    BookLoan,
    BookReader,
)
from desktop.store.database import Database


def _incident_reader(session: OrmSession, copy: BookCopy, loan: BookLoan | None,
                     reader_id: str | None, today: dt.date) -> str | None:
    if reader_id is not None:
        reader = session.get(BookReader, reader_id)
        if reader is None or reader.deleted:
            raise NotFoundError(_("This reader is no longer registered."))
        return reader_id
    if loan is not None:
        return loan.reader_id
    # A copy handed back damaged is usually scanned back in first: blame the loan closed today.
    latest = session.execute(select(BookLoan).where(
        BookLoan.copy_id == copy.id, BookLoan.state == LOAN_RETURNED,
        BookLoan.returned_on == today, BookLoan.deleted.is_(False))
        .order_by(BookLoan.id.desc())).scalars().first()
    return latest.reader_id if latest else None


def _incident_event(session: OrmSession, copy: BookCopy, loan: BookLoan | None, borrower: str | None,
                    kind: str, today: dt.date, amount: int, note: str, message: str,
                    **previous: Any) -> LoanEvent:
    """Write the loss or damage (the copy already changed) and say so, with how to undo it."""
    incident = BookIncident(copy_id=copy.id, loan_id=loan.id if loan else None, reader_id=borrower,
                            kind=kind, date=today, compensation=amount, note=note.strip())
    session.add(incident)
    session.flush()
    reader = load_reader_info(session, session.get_one(BookReader, borrower)) if borrower else None
    if amount:
        message += " " + _("Compensation: {amount}.").format(amount=format_money(amount))
    return LoanEvent(kind, message, load_copy_info(session, copy), reader, today,
                     loan_id=loan.id if loan else None, compensation=amount,
                     undo=UndoToken(kind, copy.id, loan.id if loan else None, copy.version,
                                    incident_id=incident.id, **previous))


def record_loss(db: Database, code: str, *, compensation: int = 0, note: str = "",
                reader_id: str | None = None, today: dt.date | None = None) -> LoanEvent:
    """Record a copy as lost (closing its loan, if out) with any compensation paid."""
    today = today or dt.date.today()
    amount = validate_price(compensation, "compensation") or 0
    with db.unit_of_work() as session:
        copy, loan = copy_and_loan(session, code)
        info = load_copy_info(session, copy)
        if copy.status != COPY_ACTIVE:
            raise ValidationError(status_refusal(info, session, copy) or
                                  _("Copy {code} is not in stock.").format(code=info.code))
        borrower = _incident_reader(session, copy, loan, reader_id, today)
        previous_status, previous_withdrawn = copy.status, copy.withdrawn_on
        copy.status = COPY_LOST
        copy.withdrawn_on = today
        if loan is not None:
            loan.state = LOAN_LOST
        return _incident_event(session, copy, loan, borrower, "lost", today, amount, note,
                               _("Recorded {copy} as lost.").format(copy=info.label()),
                               previous_copy_status=previous_status,
                               previous_withdrawn_on=previous_withdrawn)


def record_damage(db: Database, code: str, *, compensation: int = 0, note: str = "",
                  reader_id: str | None = None, today: dt.date | None = None) -> LoanEvent:
    """Record damage to a copy, with any compensation; the borrower is taken from its loan."""
    today = today or dt.date.today()
    amount = validate_price(compensation, "compensation") or 0
    with db.unit_of_work() as session:
        copy, loan = copy_and_loan(session, code)
        info = load_copy_info(session, copy)
        if copy.status in (COPY_WEEDED, COPY_SENT_BACK):
            raise ValidationError(status_refusal(info, session, copy) or "")
        borrower = _incident_reader(session, copy, loan, reader_id, today)
        previous_damaged = copy.damaged
        copy.damaged = True
        return _incident_event(session, copy, loan, borrower, "damaged", today, amount, note,
                               _("Recorded damage to {copy}.").format(copy=info.label()),
                               previous_damaged=previous_damaged)


def mark_found(db: Database, code: str, *, note: str = "", today: dt.date | None = None) -> LoanEvent:
    """Put a copy recorded as lost back in stock (it turned up)."""
    today = today or dt.date.today()
    with db.unit_of_work() as session:
        copy = find_copy(session, code)
        if copy is None:
            raise NotFoundError(unknown_code_message(code))
        if copy.status != COPY_LOST:
            raise ValidationError(_("Copy {code} is not recorded as lost.").format(
                code=copy_code(copy)))
        previous_withdrawn = copy.withdrawn_on
        copy.status = COPY_ACTIVE
        copy.withdrawn_on = None
        incident = BookIncident(copy_id=copy.id, kind="found", date=today, compensation=0,
                                note=note.strip())
        session.add(incident)
        session.flush()
        info = load_copy_info(session, copy)
        return LoanEvent("found", _("{copy} is back in stock.").format(copy=info.label()), info,
                         None, today,
                         undo=UndoToken("found", copy.id, None, copy.version,
                                        previous_copy_status=COPY_LOST,
                                        previous_withdrawn_on=previous_withdrawn,
                                        incident_id=incident.id))
