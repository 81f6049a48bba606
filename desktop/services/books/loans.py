"""The loan desk: one scan box that picks the action, confirmation before saving, and undo.

`plan_scan` reads a scanned or typed code and says what would happen (start lending to a reader,
lend this copy, take this copy back) or why it cannot, with the people and the title to show;
nothing is written. `apply_plan` saves a confirmed plan after checking it again, and returns an
event with an undo token. Every refusal is a message and changes nothing.

Also here: renewals, undo, and extending every open loan after an unplanned
closure. Loss and damage are in incidents.py, lists of loans and the overdue lists in
loan_lists.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session as OrmSession

from desktop.errors import NotFoundError, UserError, ValidationError
from desktop.formatting import format_date
from desktop.i18n import _, ngettext
from desktop.services.books.catalogue import unknown_code_message
from desktop.services.books.common import (
    CopyInfo,
    ParsedCode,
    ReaderInfo,
    copy_code,
    find_copy,
    load_copy_info,
    load_reader_info,
    open_loan_of,
    parse_code,
)
from desktop.services.books.isbn import to_isbn13
# overdue_count: the overview screen (being changed in another branch) still asks this module for it
from desktop.services.books.loan_lists import days_overdue, overdue_count  # noqa: F401
from desktop.services.books.settings import CabinetSettings, Closure, add_closure, load_cabinet_settings
from desktop.store.book_models import (
    COPY_ACTIVE,
    COPY_EXPECTED,
    COPY_LOST,
    COPY_SENT_BACK,
    COPY_WEEDED,
    LOAN_CANCELLED,
    LOAN_LOST,
    LOAN_OPEN,
    LOAN_RETURNED,
    BookCopy,
    BookIncident,
    BookIntake,
    BookLoan,
    BookReader,
    BookTitle,
    BookWeeding,
)
from desktop.store.database import Database
from desktop.text.vietnamese import fold


MAX_NAME_CANDIDATES = 20


class ScanAction(StrEnum):
    """What a scan would do."""

    START_SESSION = "start_session"  # a reader card (or a unique name): lend to this reader next
    PICK_READER = "pick_reader"  # a name that fits several readers: choose one
    LEND = "lend"  # a copy on the shelf, lent to the current reader
    RETURN = "return"  # a copy that is out, taken back (whoever brings it)
    REFUSE = "refuse"  # nothing can be done; `message` says why


@dataclass(frozen=True)
class ScanPlan:
    """What a scan would do, with what the desk shows for confirmation; nothing is saved yet."""

    action: ScanAction
    code: str
    message: str
    today: dt.date
    reader: ReaderInfo | None = None  # the borrower: to lend to, or who has the copy out
    copy: CopyInfo | None = None
    loan_id: str | None = None  # RETURN: the open loan
    due_on: dt.date | None = None  # LEND: the new due date; RETURN: the loan's due date
    overdue_days: int = 0
    warnings: tuple[str, ...] = ()
    candidates: tuple[ReaderInfo, ...] = ()

    @property
    def needs_confirmation(self) -> bool:
        """True when applying the plan writes something (a loan or a return)."""
        return self.action in (ScanAction.LEND, ScanAction.RETURN)

    @property
    def refused(self) -> bool:
        """True when the scan cannot be acted on; `message` is the reason."""
        return self.action == ScanAction.REFUSE


@dataclass(frozen=True)
class UndoToken:
    """What `undo` needs to reverse one desk action, if nothing has touched the rows since."""

    kind: str  # lent, returned, renewed, lost, damaged, found
    copy_id: str
    loan_id: str | None
    version: str  # the changed loan's (or, for copy actions, the copy's) version after the action
    previous_due_on: dt.date | None = None
    previous_copy_status: str | None = None
    previous_withdrawn_on: dt.date | None = None
    previous_damaged: bool = False
    incident_id: str | None = None


@dataclass(frozen=True)
class LoanEvent:
    """A saved desk action: what happened, to whom, and how to undo it."""

    kind: str  # lent, returned, renewed, lost, damaged, found
    message: str
    copy: CopyInfo
    reader: ReaderInfo | None
    date: dt.date
    loan_id: str | None = None
    due_on: dt.date | None = None
    overdue_days: int = 0
    compensation: int = 0
    undo: UndoToken | None = None


@dataclass(frozen=True)
class ExtensionResult:
    """Due dates moved after an unplanned closure."""

    loans: int
    closure: Closure


def status_refusal(copy: CopyInfo, session: OrmSession, copy_row: BookCopy) -> str | None:
    """Why a copy that is not out cannot be lent, from its register status."""
    if copy.status == COPY_LOST:
        return _("Copy {code} “{title}” is recorded as lost. If it has turned up, record it as "
                 "found first.").format(code=copy.code, title=copy.title)
    if copy.status == COPY_WEEDED:
        decision = ""
        if copy_row.weeding_id:
            weeding = session.get(BookWeeding, copy_row.weeding_id)
            decision = weeding.decision_number if weeding else ""
        return _("Copy {code} “{title}” was weeded (decision {decision}); it is no longer lent.") \
            .format(code=copy.code, title=copy.title, decision=decision or "—")
    if copy.status == COPY_EXPECTED:
        return _("Copy {code} “{title}” belongs to a rotated batch that has not been received "
                 "yet. Receive it first.").format(code=copy.code, title=copy.title)
    if copy.status == COPY_SENT_BACK:
        return _("Copy {code} “{title}” was sent back to the lending library.").format(
            code=copy.code, title=copy.title)
    return None


def _limit_refusal(reader: ReaderInfo, settings: CabinetSettings) -> str | None:
    if reader.open_loans >= settings.max_copies_per_reader:
        return ngettext(
            "{name} already has {count} copy out; the limit is {limit}. It must come back first.",
            "{name} already has {count} copies out; the limit is {limit}. A copy must come back "
            "first.", reader.open_loans).format(
            name=reader.full_name, count=reader.open_loans, limit=settings.max_copies_per_reader)
    return None


def _overdue_warning(session: OrmSession, reader_id: str, today: dt.date) -> str | None:
    overdue = session.execute(select(func.count()).select_from(BookLoan).where(
        BookLoan.reader_id == reader_id, BookLoan.state == LOAN_OPEN,
        BookLoan.deleted.is_(False), BookLoan.due_on < today)).scalar_one()
    if not overdue:
        return None
    return ngettext("This reader has {count} overdue copy.",
                    "This reader has {count} overdue copies.", overdue).format(count=overdue)


def _rotation_warning(session: OrmSession, copy_row: BookCopy, due_on: dt.date) -> str | None:
    intake = session.get(BookIntake, copy_row.intake_id)
    if intake is None or intake.source != "rotation" or intake.return_by is None:
        return None
    if due_on > intake.return_by:
        return _("This rotated copy must go back to the lender by {date}, before it is due.") \
            .format(date=format_date(intake.return_by))
    return None


def _refuse(code: str, today: dt.date, message: str, **details: object) -> ScanPlan:
    return ScanPlan(ScanAction.REFUSE, code, message, today, **details)  # type: ignore[arg-type]


def _start_session(code: str, today: dt.date, session: OrmSession, reader: BookReader,
                   settings: CabinetSettings) -> ScanPlan:
    info = load_reader_info(session, reader)
    warnings = tuple(w for w in (_overdue_warning(session, reader.id, today),) if w)
    message = _("Lending to {reader}: {count} of {limit} copies out.").format(
        reader=info.label(), count=info.open_loans, limit=settings.max_copies_per_reader)
    return ScanPlan(ScanAction.START_SESSION, code, message, today, reader=info, warnings=warnings)


def _plan_copy(code: str, today: dt.date, session: OrmSession, copy_row: BookCopy,
               current_reader_id: str | None, settings: CabinetSettings) -> ScanPlan:
    copy = load_copy_info(session, copy_row)
    loan = open_loan_of(session, copy_row.id)
    if loan is not None:
        borrower = load_reader_info(session, session.get_one(BookReader, loan.reader_id))
        days = days_overdue(loan.due_on, today)
        if days:
            message = ngettext("Return {copy}, borrowed by {reader} on {date}: {days} day overdue.",
                               "Return {copy}, borrowed by {reader} on {date}: {days} days overdue.",
                               days)
        else:
            message = _("Return {copy}, borrowed by {reader} on {date}.")
        warnings = []
        if loan.loaned_on == today and loan.reader_id == current_reader_id:
            warnings.append(_("This copy was lent to {name} just today: was it scanned twice?")
                            .format(name=borrower.full_name))
        return ScanPlan(ScanAction.RETURN, code, message.format(
            copy=copy.label(), reader=borrower.label(), date=format_date(loan.loaned_on), days=days),
            today, reader=borrower, copy=copy, loan_id=loan.id, due_on=loan.due_on,
            overdue_days=days, warnings=tuple(warnings))
    refusal = status_refusal(copy, session, copy_row)
    if refusal:
        return _refuse(code, today, refusal, copy=copy)
    if current_reader_id is None:
        return _refuse(code, today, _(
            "Copy {code} “{title}” is on the shelf, not on loan. To lend it, scan the reader's "
            "card first.").format(code=copy.code, title=copy.title), copy=copy)
    reader_row = session.get(BookReader, current_reader_id)
    if reader_row is None or reader_row.deleted:
        return _refuse(code, today, _("This reader is no longer registered."), copy=copy)
    reader = load_reader_info(session, reader_row)
    refusal = _limit_refusal(reader, settings)
    if refusal:
        return _refuse(code, today, refusal, copy=copy, reader=reader)
    due_on = settings.due_date(today, copy.audience)
    lend_warnings = tuple(w for w in (_overdue_warning(session, reader.id, today),
                                      _rotation_warning(session, copy_row, due_on)) if w)
    message = _("Lend {copy} to {reader}, due {date}.").format(
        copy=copy.label(), reader=reader.label(), date=format_date(due_on))
    return ScanPlan(ScanAction.LEND, code, message, today, reader=reader, copy=copy, due_on=due_on,
                    warnings=lend_warnings)


def _plan_name(code: str, today: dt.date, session: OrmSession,
               settings: CabinetSettings) -> ScanPlan:
    tokens = fold(code).split()
    if not tokens or not any(char.isalpha() for char in code):
        return _refuse(code, today, unknown_code_message(code))
    statement = select(BookReader).where(BookReader.deleted.is_(False))
    for token in tokens:
        statement = statement.where(BookReader.name_folded.contains(token, autoescape=True))
    readers = list(session.execute(statement.order_by(BookReader.name_sort)
                                   .limit(MAX_NAME_CANDIDATES + 1)).scalars())
    if len(readers) == 1:
        return _start_session(code, today, session, readers[0], settings)
    if not readers:
        return _refuse(code, today, _("No reader, copy or title matches “{code}”.").format(
            code=code))
    candidates = tuple(load_reader_info(session, reader) for reader in readers[:MAX_NAME_CANDIDATES])
    return ScanPlan(ScanAction.PICK_READER, code, _("Several readers match “{code}”: choose one.")
                    .format(code=code), today, candidates=candidates)


def _plan_isbn(code: str, today: dt.date, session: OrmSession, parsed: ParsedCode) -> ScanPlan:
    isbn13 = to_isbn13(parsed.isbn)
    title = session.execute(select(BookTitle).where(
        BookTitle.isbn13 == isbn13, BookTitle.deleted.is_(False))).scalars().first() if isbn13 else None
    if title is None:
        return _refuse(code, today, unknown_code_message(code))
    return _refuse(code, today, _("This is the ISBN of “{title}”, which several copies may share. "
                                  "Scan the accession number label of the copy instead.").format(
        title=title.title))


def plan_scan(db: Database, code: str, current_reader_id: str | None = None, *,
              today: dt.date | None = None, settings: CabinetSettings | None = None) -> ScanPlan:
    """What scanning `code` at the desk would do (or why not); saves nothing."""
    today = today or dt.date.today()
    settings = settings or load_cabinet_settings(db)
    parsed = parse_code(code)
    with db.reading() as session:
        if parsed.kind == "empty":
            return _refuse("", today, _("Type or scan a code."))
        if parsed.kind == "reader":
            reader = session.execute(select(BookReader).where(
                BookReader.card_number == parsed.number,
                BookReader.deleted.is_(False))).scalar_one_or_none()
            if reader is None:
                return _refuse(parsed.text, today, _("No reader has the card “{code}”.").format(
                    code=parsed.text))
            return _start_session(parsed.text, today, session, reader, settings)
        copy = find_copy(session, parsed)
        if copy is not None:
            return _plan_copy(parsed.text, today, session, copy, current_reader_id, settings)
        if parsed.kind == "accession":
            return _refuse(parsed.text, today, _(
                "No copy has the accession number {number}. Check the label and scan again.")
                .format(number=parsed.text))
        if parsed.kind == "isbn":
            return _plan_isbn(parsed.text, today, session, parsed)
        return _plan_name(parsed.text, today, session, settings)


def _live_copy(session: OrmSession, copy_id: str) -> BookCopy:
    copy = session.get(BookCopy, copy_id)
    if copy is None or copy.deleted:
        raise NotFoundError(_("This copy is no longer in the registers."))
    return copy


def apply_plan(db: Database, plan: ScanPlan, *, settings: CabinetSettings | None = None) -> LoanEvent:
    """Save a confirmed LEND or RETURN plan, checked again first; anything else is refused."""
    if plan.action == ScanAction.LEND:
        return _lend(db, plan, settings or load_cabinet_settings(db))
    if plan.action == ScanAction.RETURN:
        return _return(db, plan)
    raise UserError(plan.message if plan.refused else _("There is nothing to save for this scan."))


def _lend(db: Database, plan: ScanPlan, settings: CabinetSettings) -> LoanEvent:
    assert plan.copy is not None and plan.reader is not None and plan.due_on is not None
    with db.unit_of_work() as session:
        copy_row = _live_copy(session, plan.copy.id)
        copy = load_copy_info(session, copy_row)
        if copy.on_loan:
            raise ValidationError(_("Copy {code} “{title}” is already on loan.").format(
                code=copy.code, title=copy.title))
        refusal = status_refusal(copy, session, copy_row)
        if refusal:
            raise ValidationError(refusal)
        reader_row = session.get(BookReader, plan.reader.id)
        if reader_row is None or reader_row.deleted:
            raise NotFoundError(_("This reader is no longer registered."))
        reader = load_reader_info(session, reader_row)
        refusal = _limit_refusal(reader, settings)
        if refusal:
            raise ValidationError(refusal)
        loan = BookLoan(copy_id=copy_row.id, reader_id=reader_row.id, loaned_on=plan.today,
                        due_on=plan.due_on, state=LOAN_OPEN, renewals=0)
        session.add(loan)
        session.flush()
        token = UndoToken("lent", copy_row.id, loan.id, loan.version)
        return LoanEvent("lent", _("Lent {copy} to {reader}, due {date}.").format(
            copy=copy.label(), reader=reader.full_name, date=format_date(plan.due_on)),
            load_copy_info(session, copy_row), load_reader_info(session, reader_row), plan.today,
            loan_id=loan.id, due_on=loan.due_on, undo=token)


def _return(db: Database, plan: ScanPlan) -> LoanEvent:
    assert plan.loan_id is not None and plan.copy is not None
    with db.unit_of_work() as session:
        loan = session.get(BookLoan, plan.loan_id)
        if loan is None or loan.deleted or loan.state != LOAN_OPEN:
            raise ValidationError(_("Copy {code} is not on loan any more; nothing to return.")
                                  .format(code=plan.copy.code))
        loan.state = LOAN_RETURNED
        loan.returned_on = plan.today
        session.flush()
        copy_row = session.get_one(BookCopy, loan.copy_id)
        reader = load_reader_info(session, session.get_one(BookReader, loan.reader_id))
        days = days_overdue(loan.due_on, plan.today)
        token = UndoToken("returned", copy_row.id, loan.id, loan.version)
        message = (ngettext("Returned {copy} from {reader}, {days} day late.",
                            "Returned {copy} from {reader}, {days} days late.", days) if days
                   else _("Returned {copy} from {reader}."))
        return LoanEvent("returned", message.format(
            copy=plan.copy.label(), reader=reader.full_name, days=days),
            load_copy_info(session, copy_row), reader, plan.today, loan_id=loan.id,
            due_on=loan.due_on, overdue_days=days, undo=token)


def scan_and_apply(db: Database, code: str, current_reader_id: str | None = None, *,
                   today: dt.date | None = None, settings: CabinetSettings | None = None) -> LoanEvent:
    """Plan and save in one go (scripts and tests); a refusal raises UserError with its reason."""
    plan = plan_scan(db, code, current_reader_id, today=today, settings=settings)
    if not plan.needs_confirmation:
        raise UserError(plan.message)
    return apply_plan(db, plan, settings=settings)


def copy_and_loan(session: OrmSession, code: str) -> tuple[BookCopy, BookLoan | None]:
    copy = find_copy(session, code)
    if copy is None:
        raise NotFoundError(unknown_code_message(code))
    return copy, open_loan_of(session, copy.id)


def renew(db: Database, code: str, *, today: dt.date | None = None,
          settings: CabinetSettings | None = None) -> LoanEvent:
    """Give a copy on loan a new due date from today, up to the renewal limit."""
    today = today or dt.date.today()
    settings = settings or load_cabinet_settings(db)
    with db.unit_of_work() as session:
        copy, loan = copy_and_loan(session, code)
        if loan is None:
            raise ValidationError(_("Copy {code} is not on loan, so it cannot be renewed.").format(
                code=copy_code(copy)))
        if loan.renewals >= settings.max_renewals:
            raise ValidationError(ngettext(
                "This loan has been renewed {count} time already, the limit. The copy must come "
                "back.",
                "This loan has been renewed {count} times already, the limit. The copy must come "
                "back.", loan.renewals).format(count=loan.renewals))
        title = session.get_one(BookTitle, copy.title_id)
        new_due = settings.due_date(today, title.audience)
        if new_due <= loan.due_on:
            raise ValidationError(_("The copy is already due on {date}; renewing today gives no "
                                    "more time.").format(date=format_date(loan.due_on)))
        previous = loan.due_on
        loan.due_on = new_due
        loan.renewals += 1
        session.flush()
        info = load_copy_info(session, copy)
        reader = load_reader_info(session, session.get_one(BookReader, loan.reader_id))
        return LoanEvent("renewed", _("Renewed {copy} for {reader}, now due {date}.").format(
            copy=info.label(), reader=reader.full_name, date=format_date(new_due)),
            info, reader, today, loan_id=loan.id, due_on=new_due,
            undo=UndoToken("renewed", copy.id, loan.id, loan.version, previous_due_on=previous))


def undo(db: Database, token: UndoToken) -> str:
    """Reverse the action the token came from; refused if the rows changed since."""
    stale = UserError(_("This can no longer be undone: the record has changed since."))
    with db.unit_of_work() as session:
        copy = _live_copy(session, token.copy_id)
        loan = session.get(BookLoan, token.loan_id) if token.loan_id else None
        info = load_copy_info(session, copy)
        if token.kind in ("lent", "returned", "renewed"):
            if loan is None or loan.version != token.version:
                raise stale
            if token.kind == "lent":
                loan.state = LOAN_CANCELLED
                loan.deleted = True
                message = _("Undone: the loan of {copy}.")
            elif token.kind == "returned":
                if open_loan_of(session, copy.id) is not None:
                    raise stale
                loan.state = LOAN_OPEN
                loan.returned_on = None
                message = _("Undone: the return of {copy}; it is on loan again.")
            else:
                loan.due_on = token.previous_due_on or loan.due_on
                loan.renewals = max(loan.renewals - 1, 0)
                message = _("Undone: the renewal of {copy}.")
            return message.format(copy=info.label())
        if copy.version != token.version:
            raise stale
        incident = session.get(BookIncident, token.incident_id) if token.incident_id else None
        if incident is not None:
            incident.deleted = True
        if token.kind == "lost":
            copy.status = token.previous_copy_status or COPY_ACTIVE
            copy.withdrawn_on = token.previous_withdrawn_on
            if loan is not None and loan.state == LOAN_LOST:
                if open_loan_of(session, copy.id) is not None:
                    raise stale
                loan.state = LOAN_OPEN
            message = _("Undone: {copy} is no longer recorded as lost.")
        elif token.kind == "damaged":
            copy.damaged = token.previous_damaged
            message = _("Undone: the damage recorded to {copy}.")
        elif token.kind == "found":
            copy.status = COPY_LOST
            copy.withdrawn_on = token.previous_withdrawn_on
            message = _("Undone: {copy} is recorded as lost again.")
        else:
            raise stale
        return message.format(copy=info.label())


def extend_due_dates(db: Database, first_closed: dt.date, last_closed: dt.date, *,
                     label: str = "", record_closure: bool = True) -> ExtensionResult:
    """After an unplanned closure, push every open loan due on or after its first day back by its
    length (to an opening day); the closure is added to the settings unless asked not to."""
    closure = Closure(first_closed, last_closed, label.strip())
    if last_closed < first_closed:
        raise ValidationError(_("A closure ends before it begins."), "last_closed")
    if (last_closed - first_closed).days > 366:
        raise ValidationError(_("A closure is at most a year long."), "last_closed")
    settings = add_closure(db, closure) if record_closure else load_cabinet_settings(db)
    if not record_closure:
        settings = replace(settings, closures=(*settings.closures, closure))
    length = dt.timedelta(days=(last_closed - first_closed).days + 1)
    with db.unit_of_work() as session:
        loans = session.execute(select(BookLoan).where(
            BookLoan.state == LOAN_OPEN, BookLoan.deleted.is_(False),
            BookLoan.due_on >= first_closed)).scalars().all()
        for loan in loans:
            loan.due_on = settings.next_open_day(loan.due_on + length)
        return ExtensionResult(len(loans), closure)
