"""The book cabinet's printed documents: read through the book services, render with printing.

Each function writes one PDF to out (a path or a binary file) and returns its page count.
Long documents take a desktop.progress.Progress like every renderer (or the older
progress(done, total) and cancel() callables); cancelling raises desktop.progress.Cancelled
before anything is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from desktop.errors import UserError, ValidationError
from desktop.i18n import _
from desktop.printing.book_model import (
    A4_3X8,
    A4_4X10,
    A4_5X13,
    LABEL_SHEETS,
    HandoverRow,
    LabelSheet,
)
from desktop.printing.model import CancelCallback, DocumentHeader, ProgressCallback
from desktop.services.books import intake as intake_service
from desktop.services.books import loan_lists as loan_service
from desktop.services.books import readers as reader_service
from desktop.services.books import rotation as rotation_service
from desktop.services.books.common import CopyInfo, parse_code
from desktop.services.books.shelves import shelf_list
from desktop.services.centre import CentreInfo, get_centre
from desktop.services.documents import centre_header
from desktop.store.database import Database

if TYPE_CHECKING:  # reportlab loads when a document is first printed, not at start-up
    from desktop.printing.pages import Output

__all__ = [
    "A4_3X8",
    "A4_4X10",
    "A4_5X13",
    "LABEL_SHEETS",
    "LabelSheet",
    "document_header",
    "print_handover_list",
    "print_item_register",
    "print_loan_book",
    "print_overdue_slips",
    "print_reader_cards",
    "print_shelf_list",
    "print_spine_labels",
    "print_summary_register",
]


# ---- the header every document shares ----------------------------------------------------


def _centre(db: Database) -> CentreInfo:
    centre = get_centre(db)
    if centre is None:
        raise UserError(_("Set up the centre first."))
    return centre


def document_header(
    db: Database, day: dt.date | None = None, *, recipients: bool = False
) -> DocumentHeader:
    """The Decree 30 frame of the centre: commune People's Committee over the centre's name.

    Registers and lists stay at the centre and name no recipients; minutes do.
    """
    centre = _centre(db)
    return centre_header(centre.name, centre.commune_name, centre.director,
                         day or dt.date.today(), recipients=recipients)


def _range_label(first: object, last: object) -> str:
    if first is None and last is None:
        return ""
    return f"{first if first is not None else '…'} – {last if last is not None else '…'}"


# ---- registers ---------------------------------------------------------------------------


def print_item_register(
    db: Database,
    out: Output,
    *,
    first: int | None = None,
    last: int | None = None,
    year: int | None = None,
    today: dt.date | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
    former_commune_code: str | None = None,
) -> int:
    """The item accession register, accession numbers first..last, or the copies entered in year; or
    the register of a former centre's cabinet merged into this one, as it was written."""
    from desktop.formatting import format_integer
    from desktop.printing.book_model import ItemRegisterData, ItemRegisterRow
    from desktop.printing.book_registers import render_item_register
    from desktop.services.books.item_register import former_cabinet, item_register

    former = None
    if former_commune_code:
        former = former_cabinet(db, former_commune_code)
        if former is None:
            raise UserError(_("No former centre with the commune code {code} was merged into this one.").format(
                code=former_commune_code))
    lines = item_register(db, first=first, last=last, former=former)
    if year is not None:
        lines = [line for line in lines if line.received_on.year == year]
    rows = [
        ItemRegisterRow(
            received_on=line.received_on,
            accession_number=line.accession_number,
            accession_code=line.accession_code,
            title=line.title,
            authors=line.authors,
            place=line.place,
            publisher=line.publisher,
            year=line.year,
            price=line.price,
            classification=line.classification,
            intake_entry=line.intake_entry,
            note=line.note,
        )
        for line in lines
    ]
    parts = []
    if first is not None or last is not None:
        parts.append(
            _("Accession numbers {range}").format(
                range=_range_label(
                    format_integer(first) if first is not None else None,
                    format_integer(last) if last is not None else None,
                )
            )
        )
    if year is not None:
        parts.append(_("entered in {year}").format(year=year))
    header = document_header(db, today)
    if former is not None:  # the former centre's own register: its name, as it was
        header = centre_header(former.name, former.commune_name, former.director, today or dt.date.today())
        parts.insert(0, _("before the merger"))
    data = ItemRegisterData(header, rows, period_label="; ".join(parts))
    return render_item_register(data, out, progress=progress, cancel=cancel)


def print_summary_register(
    db: Database,
    out: Output,
    *,
    year: int | None = None,
    source: str | None = None,
    today: dt.date | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
) -> int:
    """The summary accession register: one line per intake batch (of one year), with totals."""
    from desktop.printing.book_model import SummaryRegisterData, SummaryRegisterRow
    from desktop.printing.book_registers import render_summary_register

    batches = intake_service.summary_register(db, year=year, source=source)
    rows = [
        SummaryRegisterRow(
            entry=batch.entry_label,
            date=batch.date,
            document_number=batch.document_number,
            source=intake_service.source_label(batch.source),
            supplier=batch.supplier,
            titles=batch.titles,
            copies=batch.copies,
            value=batch.value,
            notes=batch.notes,
        )
        for batch in batches
    ]
    label = str(year) if year is not None else ""
    data = SummaryRegisterData(document_header(db, today), rows, period_label=label)
    return render_summary_register(data, out, progress=progress, cancel=cancel)


def print_loan_book(
    db: Database,
    out: Output,
    first: dt.date | None = None,
    last: dt.date | None = None,
    *,
    today: dt.date | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
) -> int:
    """The loan book of the loans made first..last (both included), oldest first."""
    from desktop.formatting import format_date
    from desktop.printing.book_model import LoanBookData, LoanBookRow
    from desktop.printing.book_registers import render_loan_book

    if first is not None and last is not None and first > last:
        raise ValidationError(_("The first day is after the last day."))
    loans = loan_service.list_loans(db, first=first, last=last, today=today)
    loans.reverse()  # the service lists newest first; a book is written oldest first
    rows = []
    for loan in loans:
        notes = []
        if loan.state == "lost":
            notes.append(_("lost"))
        if loan.renewals:
            notes.append(_("renewed ×{count}").format(count=loan.renewals))
        rows.append(
            LoanBookRow(
                loaned_on=loan.loaned_on,
                reader_name=loan.reader_name,
                village=loan.village,
                card_code=loan.card_code,
                copy_code=loan.copy_code,
                title=loan.title,
                due_on=loan.due_on,
                returned_on=loan.returned_on,
                note="; ".join(notes),
            )
        )
    label = _range_label(
        format_date(first) if first else None, format_date(last) if last else None
    )
    data = LoanBookData(document_header(db, today), rows, period_label=label)
    return render_loan_book(data, out, progress=progress, cancel=cancel)


# ---- slips, cards, labels ----------------------------------------------------------------


def print_overdue_slips(
    db: Database,
    out: Output,
    today: dt.date | None = None,
    *,
    min_days: int = 1,
    village_id: str | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
) -> int:
    """A reminder slip per reader with overdue copies, grouped by village (one village if given)."""
    from desktop.printing.book_model import OverdueCopy, OverdueSlip, OverdueSlipsData
    from desktop.printing.book_slips import render_overdue_slips

    today = today or dt.date.today()
    centre = _centre(db)
    slips = []
    for group in loan_service.overdue_by_village(db, today, min_days=min_days):
        if village_id is not None and group.village_id != village_id:
            continue
        for overdue in group.readers:
            copies = [
                OverdueCopy(loan.copy_code, loan.title, loan.due_on, loan.days_overdue)
                for loan in overdue.loans
            ]
            slips.append(
                OverdueSlip(overdue.reader.full_name, group.village, overdue.reader.card_code,
                            copies)
            )
    contact = _("Phone: {phone}").format(phone=centre.phone) if centre.phone else ""
    data = OverdueSlipsData(centre.name, today, slips, contact=contact)
    return render_overdue_slips(data, out, progress=progress, cancel=cancel)


def print_reader_cards(
    db: Database,
    out: Output,
    reader_ids: Sequence[str] | None = None,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
) -> int:
    """Cards of the readers given (in that order), or of every reader in name order."""
    from desktop.printing.book_model import ReaderCard, ReaderCardsData
    from desktop.printing.book_slips import render_reader_cards

    if reader_ids is None:
        readers = reader_service.search_readers(db, limit=None)
    else:
        readers = [reader_service.get_reader(db, reader_id) for reader_id in reader_ids]
    cards = [
        ReaderCard(
            card_code=reader.card_code,
            full_name=reader.full_name,
            village=reader.village,
            birth_year=reader.birth_year,
            registered_on=reader.registered_on,
        )
        for reader in readers
    ]
    header = document_header(db)
    data = ReaderCardsData(header.centre_name, cards, issuing_body=header.issuing_body)
    return render_reader_cards(data, out, progress=progress, cancel=cancel)


def _copies_for_labels(db: Database, codes: Iterable[str] | str) -> list[CopyInfo]:
    """The copies named by codes (accession numbers or lender's codes), or a batch's (by id)."""
    from desktop.services.books.catalogue import find_copy_by_code

    if isinstance(codes, str):  # an intake batch's id
        return intake_service.batch_copies(db, codes)
    # NotFoundError names a code that matches no copy
    return [find_copy_by_code(db, code) for code in codes if parse_code(code).kind != "empty"]


def print_spine_labels(
    db: Database,
    out: Output,
    codes: Iterable[str] | None = None,
    *,
    intake_id: str | None = None,
    sheet: LabelSheet = A4_3X8,
    start: int = 0,
    outlines: bool = False,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
) -> int:
    """Spine labels for the copies with these codes, or for the copies of an intake batch.

    start skips labels already used on the first sheet (0 = top left, row by row).
    """
    from desktop.printing.book_model import SpineLabel, SpineLabelsData
    from desktop.printing.labels import render_spine_labels

    if (codes is None) == (intake_id is None):
        raise ValidationError(_("Choose either copies or an intake batch to label."))
    if not 0 <= start < sheet.per_sheet:
        raise ValidationError(
            _("The first label must be between 1 and {count}.").format(count=sheet.per_sheet),
            "start",
        )
    copies = _copies_for_labels(db, intake_id if intake_id is not None else codes or ())
    labels = [SpineLabel(copy.code, copy.call_number or copy.classification) for copy in copies]
    commune = _centre(db).commune_name.strip()
    short_name = _("CLC {commune}").format(commune=commune) if commune else _centre(db).name
    data = SpineLabelsData(short_name, labels, sheet=sheet, start=start, outlines=outlines)
    return render_spine_labels(data, out, progress=progress, cancel=cancel)


# ---- stocktaking and rotation ------------------------------------------------------------


def print_shelf_list(
    db: Database,
    out: Output,
    shelf: str | None = None,
    *,
    today: dt.date | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
) -> int:
    """The copies that should be on a shelf (all shelves if None) with a column to tick."""
    from desktop.printing.book_model import ShelfListData, ShelfListRow
    from desktop.printing.book_lists import render_shelf_list

    rows = []
    for copy in shelf_list(db, shelf):
        notes = []
        if copy.on_loan:
            notes.append(_("on loan"))
        if copy.rotated:
            notes.append(_("rotated"))
        if copy.damaged:
            notes.append(_("damaged"))
        rows.append(
            ShelfListRow(
                shelf=copy.shelf,
                code=copy.code,
                title=copy.title,
                authors=copy.authors,
                classification=copy.call_number or copy.classification,
                note="; ".join(notes),
            )
        )
    data = ShelfListData(document_header(db, today), rows, shelf_label=shelf or "")
    return render_shelf_list(data, out, progress=progress, cancel=cancel)


def print_handover_list(
    db: Database,
    out: Output,
    intake_id: str,
    *,
    today: dt.date | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
) -> int:
    """The handover list of a rotated batch going back to the lender."""
    from desktop.printing.book_model import HandoverData
    from desktop.printing.book_lists import render_handover_list

    handover = rotation_service.handover_list(db, intake_id, today=today)
    batch = handover.batch

    def row(copy: CopyInfo, compensation: int | None = None, note: str = "") -> HandoverRow:
        notes = [note] if note else []
        if copy.on_loan:
            notes.append(_("on loan"))
        return HandoverRow(copy.code, copy.title, copy.authors, compensation, "; ".join(notes))

    returned = [row(copy) for copy in (*handover.sent_back, *handover.not_returned)]
    data = HandoverData(
        header=document_header(db, today, recipients=True),
        lender=batch.lender,
        document_number=batch.intake.document_number or batch.intake.entry_label,
        received_on=batch.intake.date,
        return_by=batch.return_by,
        returned=returned,
        lost=[row(copy, amount, note) for copy, amount, note in handover.lost],
        damaged=[row(copy, amount, note) for copy, amount, note in handover.damaged],
        not_received=[row(copy) for copy in handover.never_received],
    )
    return render_handover_list(data, out, progress=progress, cancel=cancel)
