"""Intake: batches of the summary accession register and the copies they bring.

Each batch is one line of the summary register (sổ đăng ký tổng quát), numbered in sequence
within its year; each owned copy gets the next accession number (số ĐKCB) of the item register
(sổ đăng ký cá biệt). Numbers come from counters and are never handed out twice, not even after
the copy that had one is weeded or deleted. Rotated copies (luân chuyển) are the lender's stock:
they carry the lender's code instead of one of our accession numbers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session as OrmSession

from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.services.books.catalogue import (
    TitleInput,
    create_title_in,
    validate_price,
)
from desktop.services.books.accession import (
    Accession,
    NumberingScheme,
    bare,
)
from desktop.services.books.common import (
    CopyInfo,
    copy_code,
    copy_info,
    highest_accession,
    load_copy_info,
    next_number,
    open_loan_of,
    raise_counter,
)
from desktop.services.books.intake_lines import CheckedLine, check_lines
from desktop.services.books.settings import SCHEME_PREFIX_KEY, SCHEME_WIDTH_KEY
from desktop.store.book_models import (
    COPY_ACTIVE,
    INTAKE_SOURCES,
    BookCopy,
    BookCounter,
    BookIntake,
    BookTitle,
)
from desktop.store.database import Database
from desktop.store.models import Setting
from desktop.text.vietnamese import clean_name

ACCESSION_COUNTER = "accession"


@dataclass(frozen=True)
class IntakeInput:
    """The summary register line of a batch. `value` None means the sum of the copies' prices."""

    date: dt.date
    source: str  # purchase, donation, allocation, rotation, opening
    supplier: str = ""  # donor, supplier, allocating body or lending library
    document_number: str = ""  # invoice, handover minutes, allocation decision
    value: int | None = None
    notes: str = ""
    return_by: dt.date | None = None  # rotated batches only, and required for them


@dataclass(frozen=True)
class IntakeLine:
    """Copies of one title in a batch: an existing title by id, or a new title's fields.

    `external_codes` are a rotated batch's lender codes, one per copy; `accession_numbers` are
    numbers already on the labels of old stock (source "opening"), one per copy: bare numbers,
    or numbers as written with a prefix ("TS-0012").
    """

    title_id: str | None = None
    title: TitleInput | None = None
    copies: int = 1
    price: int | None = None  # per copy; None: the title's price
    shelf: str = ""
    external_codes: tuple[str, ...] = ()
    accession_numbers: tuple[int | str | Accession, ...] = ()


@dataclass(frozen=True)
class IntakeSummary:
    """A line of the summary accession register (plain data for the GUI and printing)."""

    id: str
    entry_year: int
    entry_number: int
    date: dt.date
    source: str
    supplier: str
    document_number: str
    value: int  # the stated value, or the sum of the copies' prices
    notes: str
    return_by: dt.date | None
    returned_on: dt.date | None
    titles: int
    copies: int

    @property
    def entry_label(self) -> str:
        """The entry as written in the register: "7/2026"."""
        return f"{self.entry_number}/{self.entry_year}"


@dataclass(frozen=True)
class IntakeResult:
    """A recorded batch and the copies it added, in accession order."""

    intake: IntakeSummary
    copies: tuple[CopyInfo, ...]

    @property
    def accession_numbers(self) -> tuple[int, ...]:
        """The accession numbers given to the batch's owned copies."""
        return tuple(c.accession_number for c in self.copies if c.accession_number is not None)

    @property
    def accession_codes(self) -> tuple[Accession, ...]:
        """The accession numbers as written on the new labels ("TS-0013")."""
        return tuple(Accession(c.accession_prefix, c.accession_number, c.code)
                     for c in self.copies if c.accession_number is not None)


def numbering_scheme_in(session: OrmSession) -> NumberingScheme:
    """The cabinet's numbering scheme for new copies, read inside a transaction."""
    stored = dict(session.execute(select(Setting.key, Setting.value).where(
        Setting.key.in_((SCHEME_PREFIX_KEY, SCHEME_WIDTH_KEY)))).all())
    width = stored.get(SCHEME_WIDTH_KEY, "0")
    return NumberingScheme(stored.get(SCHEME_PREFIX_KEY, ""),
                           int(width) if width.isdigit() and int(width) <= 9 else 0)


def source_label(source: str) -> str:
    """The source of a batch in the interface language."""
    labels = {
        "purchase": _("Purchase"), "donation": _("Donation"), "allocation": _("Allocation"),
        "rotation": _("Rotation"), "opening": _("Opening stock"),
    }
    return labels.get(source, source)


def validate_intake(data: IntakeInput, *, today: dt.date) -> IntakeInput:
    """Check a batch's register line; the cleaned line or a ValidationError naming the field."""
    if data.source not in INTAKE_SOURCES:
        raise ValidationError(_("Choose where the books come from."), "source")
    if data.date > today:
        raise ValidationError(_("The intake date is in the future."), "date")
    if data.source == "rotation":
        if data.return_by is None:
            raise ValidationError(_("Enter the date the rotated books must be returned by."),
                                  "return_by")
        if data.return_by < data.date:
            raise ValidationError(_("The return date is before the intake date."), "return_by")
    elif data.return_by is not None:
        raise ValidationError(_("Only rotated batches have a return date."), "return_by")
    if data.source in ("donation", "rotation", "allocation") and not clean_name(data.supplier):
        raise ValidationError(_("Enter who gave, allocated or lent the books."), "supplier")
    value = validate_price(data.value, "value")
    return IntakeInput(date=data.date, source=data.source, supplier=clean_name(data.supplier),
                       document_number=clean_name(data.document_number), value=value,
                       notes=data.notes.strip(), return_by=data.return_by)


def _new_intake(session: OrmSession, data: IntakeInput) -> BookIntake:
    year = data.date.year
    floor = session.execute(select(func.max(BookIntake.entry_number)).where(
        BookIntake.entry_year == year)).scalar() or 0
    intake = BookIntake(
        entry_year=year, entry_number=next_number(session, f"intake-{year}", floor),
        date=data.date, source=data.source, supplier=data.supplier,
        document_number=data.document_number, value=data.value, notes=data.notes,
        return_by=data.return_by)
    session.add(intake)
    session.flush()
    return intake


def _numbering(session: OrmSession) -> tuple[NumberingScheme, int]:
    """The cabinet's scheme and the highest number it has given: read once per batch."""
    scheme = numbering_scheme_in(session)
    return scheme, highest_accession(session, scheme.key)


def _add_copies(session: OrmSession, intake: BookIntake, title: BookTitle, line: CheckedLine,
                status: str, numbering: tuple[NumberingScheme, int] | None = None
                ) -> list[BookCopy]:
    price = line.price if line.price is not None else title.price
    copies: list[BookCopy] = []
    rotated = intake.source == "rotation"
    if not rotated and not line.accession_numbers and numbering is None:
        numbering = _numbering(session)
    scheme, floor = numbering or (NumberingScheme(), 0)
    for index in range(line.copies):
        copy = BookCopy(title_id=title.id, intake_id=intake.id, received_on=intake.date,
                        price=price, shelf=line.shelf, status=status, damaged=False, notes="")
        if rotated:
            copy.external_code = (line.external_codes[index] if line.external_codes
                                  else _generated_code(session, intake))
        else:
            accession = (line.accession_numbers[index] if line.accession_numbers
                         else scheme.accession(next_number(session, scheme.counter, floor)))
            copy.accession_number = accession.number
            copy.accession_prefix = accession.prefix
            copy.accession_code = accession.text
        copies.append(copy)
        session.add(copy)
    session.flush()
    return copies


def _generated_code(session: OrmSession, intake: BookIntake) -> str:
    """A code for a rotated copy whose lender gave none: LC26-3-007 (batch 3 of 2026, copy 7)."""
    number = next_number(session, f"rotation-{intake.id}")
    return f"LC{intake.entry_year % 100:02d}-{intake.entry_number}-{number:03d}"


def next_accession(db: Database, scheme: NumberingScheme | None = None) -> str:
    """The number the next new copy would get under a scheme (the cabinet's own by default),
    for the settings form to show."""
    with db.reading() as session:
        scheme = scheme or numbering_scheme_in(session)
        counter = session.execute(select(BookCounter.value).where(
            BookCounter.name == scheme.counter)).scalar() or 0
        return scheme.format(max(counter, highest_accession(session, scheme.key)) + 1)


def record_batch_in(session: OrmSession, data: IntakeInput, lines: Sequence[IntakeLine], *,
                    today: dt.date, status: str = COPY_ACTIVE) -> tuple[BookIntake, list[BookCopy]]:
    """Record a checked batch inside an open transaction (used by rotation and imports)."""
    checked = check_lines(session, data, lines, today)
    highest: dict[str, int] = {}
    for line in checked:
        for accession in line.accession_numbers:
            highest[accession.prefix] = max(highest.get(accession.prefix, 0), accession.number)
    for prefix, number in highest.items():
        # Numbers on old labels are taken first, so new copies come after all of them: a gap in
        # an old register may be a copy long gone, whose number must not be given again.
        raise_counter(session, NumberingScheme(prefix).counter, number)
    intake = _new_intake(session, data)
    numbering = (_numbering(session) if data.source != "rotation"
                 and any(not line.accession_numbers for line in checked) else None)
    copies: list[BookCopy] = []
    for line in checked:
        if line.title_id is not None:
            title = session.get_one(BookTitle, line.title_id)
        else:
            assert line.title is not None
            title = create_title_in(session, line.title)
        copies.extend(_add_copies(session, intake, title, line, status, numbering))
    return intake, copies


def record_intake(db: Database, data: IntakeInput, lines: Sequence[IntakeLine], *,
                  today: dt.date | None = None) -> IntakeResult:
    """Record a batch and its copies in one transaction; each owned copy gets the next number."""
    today = today or dt.date.today()
    clean = validate_intake(data, today=today)
    with db.unit_of_work() as session:
        intake, copies = record_batch_in(session, clean, lines, today=today)
        return IntakeResult(intake_summary(session, intake), _infos(session, copies))


def add_copies(db: Database, intake_id: str, title_id: str, count: int, *,
               price: int | None = None, shelf: str = "",
               today: dt.date | None = None) -> list[CopyInfo]:
    """Add `count` copies of a title to an existing batch (ten copies of one title: one call)."""
    today = today or dt.date.today()
    with db.unit_of_work() as session:
        intake = _get_intake(session, intake_id)
        if intake.source == "rotation":
            raise ValidationError(_("Rotated copies come from the lender's list; import or add "
                                    "them with the lender's codes."))
        data = IntakeInput(date=intake.date, source=intake.source)
        (line,) = check_lines(session, data, [IntakeLine(
            title_id=title_id, copies=count, price=price, shelf=shelf)], today)
        title = session.get_one(BookTitle, title_id)
        return list(_infos(session, _add_copies(session, intake, title, line, COPY_ACTIVE)))


def _infos(session: OrmSession, copies: list[BookCopy]) -> tuple[CopyInfo, ...]:
    titles: dict[str, BookTitle] = {}
    sources: dict[str, str] = {}
    infos = []
    for copy in copies:
        title = titles.get(copy.title_id) or session.get_one(BookTitle, copy.title_id)
        titles[copy.title_id] = title
        if copy.intake_id not in sources:
            sources[copy.intake_id] = session.get_one(BookIntake, copy.intake_id).source
        infos.append(copy_info(copy, title, sources[copy.intake_id], False))
    return tuple(infos)


def _get_intake(session: OrmSession, intake_id: str) -> BookIntake:
    intake = session.get(BookIntake, intake_id)
    if intake is None or intake.deleted:
        raise NotFoundError(_("This intake batch is no longer in the register."))
    return intake


def intake_summary(session: OrmSession, intake: BookIntake) -> IntakeSummary:
    row = session.execute(select(
        func.count(func.distinct(BookCopy.title_id)), func.count(BookCopy.id),
        func.coalesce(func.sum(BookCopy.price), 0)).where(
        BookCopy.intake_id == intake.id, BookCopy.deleted.is_(False))).one()
    titles, copies, prices = int(row[0] or 0), int(row[1] or 0), int(row[2] or 0)
    return IntakeSummary(
        id=intake.id, entry_year=intake.entry_year, entry_number=intake.entry_number,
        date=intake.date, source=intake.source, supplier=intake.supplier,
        document_number=intake.document_number,
        value=intake.value if intake.value is not None else prices, notes=intake.notes,
        return_by=intake.return_by, returned_on=intake.returned_on, titles=titles, copies=copies)


def get_intake(db: Database, intake_id: str) -> IntakeSummary:
    """One batch of the summary register."""
    with db.reading() as session:
        return intake_summary(session, _get_intake(session, intake_id))


def update_intake(db: Database, intake_id: str, data: IntakeInput, *,
                  today: dt.date | None = None) -> IntakeSummary:
    """Correct a batch's register line; its entry number and source stay."""
    today = today or dt.date.today()
    with db.unit_of_work() as session:
        intake = _get_intake(session, intake_id)
        if data.source != intake.source:
            raise ValidationError(_("The source of a recorded batch cannot change."), "source")
        clean = validate_intake(data, today=today)
        if clean.date.year != intake.entry_year:
            raise ValidationError(_("The date must stay in {year}, the year of the entry number.")
                                  .format(year=intake.entry_year), "date")
        for name in ("date", "supplier", "document_number", "value", "notes", "return_by"):
            setattr(intake, name, getattr(clean, name))
        session.flush()
        return intake_summary(session, intake)


def summary_register(db: Database, *, year: int | None = None,
                     source: str | None = None) -> list[IntakeSummary]:
    """The summary accession register: batches in entry order, optionally of one year or source."""
    with db.reading() as session:
        statement = (select(BookIntake).where(BookIntake.deleted.is_(False))
                     .order_by(BookIntake.entry_year, BookIntake.entry_number))
        if year is not None:
            statement = statement.where(BookIntake.entry_year == year)
        if source is not None:
            statement = statement.where(BookIntake.source == source)
        intakes = list(session.execute(statement).scalars())
        if not intakes:
            return []
        totals = {row[0]: (int(row[1] or 0), int(row[2] or 0), int(row[3] or 0)) for row in session.execute(
            select(BookCopy.intake_id, func.count(func.distinct(BookCopy.title_id)),
                   func.count(BookCopy.id), func.coalesce(func.sum(BookCopy.price), 0))
            .where(BookCopy.deleted.is_(False),
                   BookCopy.intake_id.in_([intake.id for intake in intakes]))
            .group_by(BookCopy.intake_id)).all()}
        lines = []
        for intake in intakes:
            titles, copies, prices = totals.get(intake.id, (0, 0, 0))
            lines.append(IntakeSummary(
                id=intake.id, entry_year=intake.entry_year, entry_number=intake.entry_number,
                date=intake.date, source=intake.source, supplier=intake.supplier,
                document_number=intake.document_number,
                value=intake.value if intake.value is not None else prices, notes=intake.notes,
                return_by=intake.return_by, returned_on=intake.returned_on, titles=titles,
                copies=copies))
        return lines


def batch_copies(db: Database, intake_id: str) -> list[CopyInfo]:
    """The copies of one batch, in accession (or lender's code) order."""
    with db.reading() as session:
        _get_intake(session, intake_id)
        copies = session.execute(select(BookCopy).where(
            BookCopy.intake_id == intake_id, BookCopy.deleted.is_(False))
            .order_by(BookCopy.accession_prefix, BookCopy.accession_number,
                      BookCopy.external_code)).scalars().all()
        return [load_copy_info(session, copy) for copy in copies]


def delete_copy(db: Database, copy_id: str) -> None:
    """Remove a copy entered by mistake; its accession number is not given again."""
    with db.unit_of_work() as session:
        copy = session.get(BookCopy, copy_id)
        if copy is None or copy.deleted:
            raise NotFoundError(_("This copy is no longer in the registers."))
        if open_loan_of(session, copy.id) is not None:
            raise ValidationError(_("Copy {code} is on loan; it cannot be deleted.").format(
                code=copy_code(copy)))
        copy.deleted = True


__all__ = [
    "IntakeInput", "IntakeLine", "IntakeResult", "IntakeSummary", "add_copies",
    "batch_copies", "delete_copy", "get_intake", "record_intake",
    "source_label", "summary_register", "update_intake", "validate_intake",
]
