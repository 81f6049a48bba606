"""Rotation (luân chuyển): a batch borrowed from the provincial library, the whole cycle.

Import the lender's list (Excel) as a rotated batch of expected copies; receive them by scanning
the lender's codes; lend them like owned copies while the return-by date counts down; recall the
copies still on loan; scan each copy to send it back; list what was lost or damaged for the
handover minutes; close the batch. Rotated copies never take one of our accession numbers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session as OrmSession

from desktop.errors import NotFoundError, UserError, ValidationError
from desktop.formatting import format_date
from desktop.i18n import _, ngettext
from desktop.importing.tables import SheetError
from desktop.services.books.book_import import (
    BookRow,
    CheckedBookRows,
    parse_book_rows,
    read_book_table,
)
from desktop.services.books.common import (
    CopyInfo,
    copy_info,
    find_copy,
    load_copy_info,
    normalise_external_code,
    open_loan_of,
)
from desktop.services.books.intake import (
    IntakeInput,
    IntakeLine,
    IntakeSummary,
    intake_summary,
    record_batch_in,
    validate_intake,
)
from desktop.services.books.loan_lists import LoanInfo, list_loans
from desktop.store.book_models import (
    COPY_ACTIVE,
    COPY_EXPECTED,
    COPY_LOST,
    COPY_SENT_BACK,
    LOAN_OPEN,
    BookCopy,
    BookIncident,
    BookIntake,
    BookLoan,
    BookTitle,
)
from desktop.store.database import Database
from desktop.text.vietnamese import clean_name

__all__ = [
    "RotationBatchInfo",
    "RotationBatchInput",
    "RotationHandover",
    "RotationList",
    "RotationScan",
    "SheetError",
    "batch_info",
    "close_rotation_batch",
    "handover_list",
    "import_rotation_batch",
    "read_rotation_list",
    "recall_list",
    "receive_all",
    "receive_copy",
    "rotation_batches",
    "send_back_copy",
]


@dataclass(frozen=True)
class RotationBatchInput:
    """The summary-register line of a rotated batch."""

    date: dt.date
    lender: str  # "Thư viện tỉnh Sơn La"
    return_by: dt.date
    document_number: str = ""  # the handover minutes (biên bản giao nhận)
    value: int | None = None
    notes: str = ""


@dataclass
class RotationList(CheckedBookRows):
    """The lender's list as read, checked row by row; only rows without errors are imported."""

    path: Path
    sheet: str
    rows: list[BookRow]
    warnings: list[str]


@dataclass(frozen=True)
class RotationBatchInfo:
    """A rotated batch and where its copies are."""

    intake: IntakeSummary
    lender: str
    return_by: dt.date
    days_left: int  # negative once the return date has passed
    returned_on: dt.date | None
    expected: int  # on the list, not received
    in_stock: int  # received and here or on loan
    on_loan: int
    sent_back: int
    lost: int
    damaged: int

    @property
    def overdue(self) -> bool:
        """True if the batch should have gone back already."""
        return self.returned_on is None and self.days_left < 0


@dataclass(frozen=True)
class RotationScan:
    """One copy received or sent back by scan, with a line to confirm it."""

    copy: CopyInfo
    message: str
    already: bool = False  # it had been received (or sent back) before


@dataclass(frozen=True)
class RotationHandover:
    """What goes into the handover minutes when a batch goes back."""

    batch: RotationBatchInfo
    sent_back: tuple[CopyInfo, ...]
    lost: tuple[tuple[CopyInfo, int, str], ...]  # copy, compensation, note
    damaged: tuple[tuple[CopyInfo, int, str], ...]
    not_returned: tuple[CopyInfo, ...]  # received, not lost, not yet scanned back
    never_received: tuple[CopyInfo, ...]


def read_rotation_list(path: str | Path, sheet: str | None = None, *,
                       today: dt.date | None = None) -> RotationList:
    """Read the lender's list: one row per title, with the lender's code of each copy."""
    today = today or dt.date.today()
    table = read_book_table(path, sheet)
    codes_column = "code" if "code" in table.mapping or "accession" in table.mapping else "none"
    rows = parse_book_rows(table, today=today, codes_column=codes_column)
    warnings: list[str] = []
    if codes_column == "none":
        warnings.append(_("The list has no column of the lender's codes; codes will be made up "
                          "(LC…) and must be written on the copies."))
    seen: dict[str, int] = {}
    for row in rows:
        for code in row.codes:
            key = normalise_external_code(code)
            if key in seen and not row.errors:
                row.errors.append(_("The code {code} is also on row {row}.").format(
                    code=code, row=seen[key]))
            seen.setdefault(key, row.row_number)
    if any(code.isdigit() for code in seen):
        warnings.append(_("Some lender's codes are digits only; where one equals an accession number "
                          "of this cabinet, scanning it finds this cabinet's copy."))
    return RotationList(Path(path), table.sheet, rows, warnings)


def import_rotation_batch(db: Database, batch: RotationBatchInput, listing: RotationList, *,
                          today: dt.date | None = None) -> IntakeSummary:
    """Record the lender's list as a rotated batch of expected copies (received later by scan)."""
    today = today or dt.date.today()
    if not listing.accepted:
        raise UserError(_("No row of the list can be imported; see the problems listed."))
    intake = validate_intake(IntakeInput(
        date=batch.date, source="rotation", supplier=batch.lender,
        document_number=batch.document_number, value=batch.value, notes=batch.notes,
        return_by=batch.return_by), today=today)
    lines = [IntakeLine(title=row.title, copies=row.copies,
                        price=row.title.price if row.title else None, shelf=row.shelf,
                        external_codes=row.codes) for row in listing.accepted]
    with db.unit_of_work() as session:
        lines = [_reuse_title(session, line) for line in lines]
        intake_row, _copies = record_batch_in(session, intake, lines, today=today,
                                              status=COPY_EXPECTED)
        return intake_summary(session, intake_row)


def _reuse_title(session: OrmSession, line: IntakeLine) -> IntakeLine:
    """Point a line at a catalogue title with the same ISBN, if there is one."""
    from desktop.services.books.isbn import to_isbn13

    if line.title is None or not line.title.isbn:
        return line
    title = session.execute(select(BookTitle).where(
        BookTitle.isbn13 == to_isbn13(line.title.isbn), BookTitle.deleted.is_(False))).scalars().first()
    if title is None:
        return line
    return IntakeLine(title_id=title.id, copies=line.copies, price=line.price, shelf=line.shelf,
                      external_codes=line.external_codes)


def _get_batch(session: OrmSession, intake_id: str) -> BookIntake:
    intake = session.get(BookIntake, intake_id)
    if intake is None or intake.deleted or intake.source != "rotation":
        raise NotFoundError(_("This rotated batch is no longer in the register."))
    return intake


def _batch_copy(session: OrmSession, intake: BookIntake, code: str) -> BookCopy:
    copy = find_copy(session, code)
    if copy is None:
        raise NotFoundError(_("No copy has the code “{code}”.").format(code=code.strip()))
    if copy.intake_id != intake.id:
        raise ValidationError(_("Copy {code} is not part of this rotated batch.").format(
            code=code.strip()))
    return copy


def receive_copy(db: Database, intake_id: str, code: str, *,
                 shelf: str | None = None) -> RotationScan:
    """Receive one copy of a rotated batch by scanning the lender's code."""
    with db.unit_of_work() as session:
        intake = _get_batch(session, intake_id)
        if intake.returned_on is not None:
            raise ValidationError(_("This batch went back to the lender on {date}.").format(
                date=format_date(intake.returned_on)))
        copy = _batch_copy(session, intake, code)
        if copy.status != COPY_EXPECTED:
            info = load_copy_info(session, copy)
            return RotationScan(info, _("{copy} was received already.").format(copy=info.label()),
                                already=True)
        copy.status = COPY_ACTIVE
        if shelf is not None:
            copy.shelf = clean_name(shelf)[:60]
        session.flush()
        info = load_copy_info(session, copy)
        return RotationScan(info, _("Received {copy}.").format(copy=info.label()))


def receive_all(db: Database, intake_id: str) -> int:
    """Receive every copy of a batch still expected (no scanner, list ticked by hand)."""
    with db.unit_of_work() as session:
        intake = _get_batch(session, intake_id)
        copies = session.execute(select(BookCopy).where(
            BookCopy.intake_id == intake.id, BookCopy.status == COPY_EXPECTED,
            BookCopy.deleted.is_(False))).scalars().all()
        for copy in copies:
            copy.status = COPY_ACTIVE
        return len(copies)


def send_back_copy(db: Database, intake_id: str, code: str, *,
                   today: dt.date | None = None) -> RotationScan:
    """Scan a copy back to the lender; refused while it is on loan or never arrived."""
    today = today or dt.date.today()
    with db.unit_of_work() as session:
        intake = _get_batch(session, intake_id)
        copy = _batch_copy(session, intake, code)
        info = load_copy_info(session, copy)
        if copy.status == COPY_SENT_BACK:
            return RotationScan(info, _("{copy} was sent back already.").format(copy=info.label()),
                                already=True)
        if copy.status == COPY_EXPECTED:
            raise ValidationError(_("{copy} was never received, so it cannot be sent back.").format(
                copy=info.label()))
        if copy.status == COPY_LOST:
            raise ValidationError(_("{copy} is recorded as lost; it is on the handover list of "
                                    "losses.").format(copy=info.label()))
        loan = open_loan_of(session, copy.id)
        if loan is not None:
            raise ValidationError(_("{copy} is on loan (due {date}); recall it first.").format(
                copy=info.label(), date=format_date(loan.due_on)))
        copy.status = COPY_SENT_BACK
        copy.withdrawn_on = today
        session.flush()
        info = load_copy_info(session, copy)
        return RotationScan(info, _("Sent back {copy}.").format(copy=info.label()))


def _batch_info(session: OrmSession, intake: BookIntake, today: dt.date) -> RotationBatchInfo:
    counts = dict(session.execute(select(BookCopy.status, func.count()).where(
        BookCopy.intake_id == intake.id, BookCopy.deleted.is_(False))
        .group_by(BookCopy.status)).all())
    on_loan = session.execute(select(func.count()).select_from(BookLoan).join(
        BookCopy, BookCopy.id == BookLoan.copy_id).where(
        BookCopy.intake_id == intake.id, BookLoan.state == LOAN_OPEN,
        BookLoan.deleted.is_(False))).scalar_one()
    damaged = session.execute(select(func.count()).select_from(BookCopy).where(
        BookCopy.intake_id == intake.id, BookCopy.damaged.is_(True),
        BookCopy.deleted.is_(False))).scalar_one()
    assert intake.return_by is not None
    return RotationBatchInfo(
        intake=intake_summary(session, intake), lender=intake.supplier, return_by=intake.return_by,
        days_left=(intake.return_by - today).days, returned_on=intake.returned_on,
        expected=counts.get(COPY_EXPECTED, 0), in_stock=counts.get(COPY_ACTIVE, 0),
        on_loan=on_loan, sent_back=counts.get(COPY_SENT_BACK, 0), lost=counts.get(COPY_LOST, 0),
        damaged=damaged)


def batch_info(db: Database, intake_id: str, *, today: dt.date | None = None) -> RotationBatchInfo:
    """One rotated batch with its countdown and where its copies are."""
    today = today or dt.date.today()
    with db.reading() as session:
        return _batch_info(session, _get_batch(session, intake_id), today)


def rotation_batches(db: Database, *, today: dt.date | None = None,
                     include_returned: bool = False) -> list[RotationBatchInfo]:
    """Rotated batches, the soonest due first; returned ones only if asked."""
    today = today or dt.date.today()
    with db.reading() as session:
        statement = select(BookIntake).where(BookIntake.source == "rotation",
                                             BookIntake.deleted.is_(False))
        if not include_returned:
            statement = statement.where(BookIntake.returned_on.is_(None))
        intakes = session.execute(statement.order_by(BookIntake.return_by)).scalars().all()
        return [_batch_info(session, intake, today) for intake in intakes]


def recall_list(db: Database, *, intake_id: str | None = None,
                today: dt.date | None = None) -> list[LoanInfo]:
    """Rotated copies still on loan (of one batch, or of every batch not yet returned)."""
    today = today or dt.date.today()
    with db.reading() as session:
        statement = (select(BookCopy.id).join(BookIntake, BookIntake.id == BookCopy.intake_id)
                     .join(BookLoan, BookLoan.copy_id == BookCopy.id)
                     .where(BookIntake.source == "rotation", BookIntake.returned_on.is_(None),
                            BookLoan.state == LOAN_OPEN, BookLoan.deleted.is_(False)))
        if intake_id is not None:
            statement = statement.where(BookIntake.id == intake_id)
        copy_ids = set(session.execute(statement).scalars())
    loans = [loan for loan in list_loans(db, open_only=True, today=today) if loan.copy_id in copy_ids]
    return sorted(loans, key=lambda loan: (loan.village, loan.reader_name, loan.due_on))


def handover_list(db: Database, intake_id: str, *, today: dt.date | None = None) -> RotationHandover:
    """The copies sent back, lost, damaged, not yet returned and never received, for the minutes."""
    today = today or dt.date.today()
    with db.reading() as session:
        intake = _get_batch(session, intake_id)
        rows = session.execute(select(BookCopy, BookTitle)
                               .join(BookTitle, BookTitle.id == BookCopy.title_id)
                               .where(BookCopy.intake_id == intake.id, BookCopy.deleted.is_(False))
                               .order_by(BookCopy.external_code)).all()
        out = set(session.execute(select(BookLoan.copy_id).join(
            BookCopy, BookCopy.id == BookLoan.copy_id).where(
            BookCopy.intake_id == intake.id, BookLoan.state == LOAN_OPEN,
            BookLoan.deleted.is_(False))).scalars())
        incidents: dict[tuple[str, str], tuple[int, str]] = {}
        for incident in session.execute(select(BookIncident).join(
                BookCopy, BookCopy.id == BookIncident.copy_id).where(
                BookCopy.intake_id == intake.id, BookIncident.deleted.is_(False))
                .order_by(BookIncident.date)).scalars():
            amount, note = incidents.get((incident.copy_id, incident.kind), (0, ""))
            incidents[(incident.copy_id, incident.kind)] = (
                amount + incident.compensation, "; ".join(p for p in (note, incident.note) if p))
        sent, lost, damaged, not_returned, never = [], [], [], [], []
        for copy, title in rows:
            info = copy_info(copy, title, "rotation", copy.id in out)
            if copy.status == COPY_SENT_BACK:
                sent.append(info)
            elif copy.status == COPY_LOST:
                lost.append((info, *incidents.get((copy.id, "lost"), (0, ""))))
            elif copy.status == COPY_EXPECTED:
                never.append(info)
            else:
                not_returned.append(info)
            if copy.damaged:
                damaged.append((info, *incidents.get((copy.id, "damaged"), (0, ""))))
        return RotationHandover(_batch_info(session, intake, today), tuple(sent), tuple(lost),
                                tuple(damaged), tuple(not_returned), tuple(never))


def close_rotation_batch(db: Database, intake_id: str, *, today: dt.date | None = None,
                         confirm: bool = False) -> RotationBatchInfo:
    """Mark a batch returned. Refused while copies are on loan; copies not scanned back need
    confirm=True, and are then recorded lost (received ones) or never received."""
    today = today or dt.date.today()
    with db.unit_of_work() as session:
        intake = _get_batch(session, intake_id)
        if intake.returned_on is not None:
            raise ValidationError(_("This batch went back to the lender on {date}.").format(
                date=format_date(intake.returned_on)))
        info = _batch_info(session, intake, today)
        if info.on_loan:
            raise ValidationError(ngettext(
                "{count} copy of this batch is still on loan; recall it first.",
                "{count} copies of this batch are still on loan; recall them first.",
                info.on_loan).format(count=info.on_loan))
        if (info.in_stock or info.expected) and not confirm:
            left = info.in_stock + info.expected
            raise UserError(ngettext(
                "{count} copy has not been scanned back. Confirm to record it as lost if it was "
                "received.",
                "{count} copies have not been scanned back. Confirm to record the received ones "
                "as lost.", left).format(count=left))
        leftovers = session.execute(select(BookCopy).where(
            BookCopy.intake_id == intake.id, BookCopy.deleted.is_(False),
            BookCopy.status.in_((COPY_ACTIVE, COPY_EXPECTED)))).scalars().all()
        for copy in leftovers:
            if copy.status == COPY_ACTIVE:
                copy.status = COPY_LOST
                session.add(BookIncident(copy_id=copy.id, kind="lost", date=today,
                                         note=_("missing when the batch went back")))
            else:
                copy.status = COPY_SENT_BACK
                copy.notes = "; ".join(p for p in (copy.notes, _("never received")) if p)
            copy.withdrawn_on = today
        intake.returned_on = today
        session.flush()
        return _batch_info(session, intake, today)
