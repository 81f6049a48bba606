"""Readers (bạn đọc): a learner made a reader in one call, or any villager, with a card number.

Card numbers come from a counter and are never given twice; the card shows "BD" and the number
(`common.card_code`), which is also what its barcode holds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session as OrmSession

from desktop.errors import NotFoundError, UserError, ValidationError
from desktop.i18n import _
from desktop.services.books.common import (
    ReaderInfo,
    count_open_loans,
    load_reader_info,
    next_number,
    parse_code,
    reader_info,
    village_names,
)
from desktop.store.book_models import LOAN_OPEN, BookLoan, BookReader
from desktop.store.database import Database
from desktop.store.models import Village
from desktop.store.register_models import Learner
from desktop.text.vietnamese import clean_name, fold, name_sort_key

READER_COUNTER = "reader_card"
MAX_NAME_LENGTH = 100
MIN_READER_AGE = 3


@dataclass(frozen=True)
class ReaderInput:
    """The editable fields of a reader who is not (necessarily) a learner."""

    full_name: str
    village_id: str | None = None
    gender: str | None = None
    birth_year: int | None = None
    ethnic_group_key: str | None = None
    phone: str = ""
    notes: str = ""


class DuplicateReader(UserError):
    """Saving would register someone who probably has a card already; confirm to save anyway."""

    def __init__(self, message: str, existing: ReaderInfo) -> None:
        super().__init__(message)
        self.existing = existing


def validate_reader(session: OrmSession, data: ReaderInput, *, today: dt.date) -> ReaderInput:
    """Check a reader's fields; the cleaned input or a ValidationError naming the field."""
    from desktop.reference.ethnic_groups import ethnic_group_by_key

    name = clean_name(data.full_name)
    if not name:
        raise ValidationError(_("Enter the reader's full name."), "full_name")
    if len(name) > MAX_NAME_LENGTH:
        raise ValidationError(_("The name is longer than {count} characters.").format(
            count=MAX_NAME_LENGTH), "full_name")
    if data.birth_year is not None and not (
            today.year - 110 <= data.birth_year <= today.year - MIN_READER_AGE):
        raise ValidationError(_("The birth year {year} is not plausible for a reader.").format(
            year=data.birth_year), "birth_year")
    if data.gender not in (None, "female", "male"):
        raise ValidationError(_("Choose female or male."), "gender")
    if data.ethnic_group_key and ethnic_group_by_key(data.ethnic_group_key) is None:
        raise ValidationError(_("Choose an ethnic group from the list."), "ethnic_group_key")
    if data.village_id is not None:
        village = session.get(Village, data.village_id)
        if village is None or village.deleted:
            raise ValidationError(_("Choose a village from the list."), "village_id")
    return replace(data, full_name=name, phone=data.phone.strip(), notes=data.notes.strip())


def _apply(reader: BookReader, data: ReaderInput) -> None:
    reader.full_name = data.full_name
    reader.name_folded = fold(data.full_name)
    reader.name_sort = name_sort_key(data.full_name)
    for name in ("village_id", "gender", "birth_year", "ethnic_group_key", "phone", "notes"):
        setattr(reader, name, getattr(data, name))


def _next_card(session: OrmSession) -> int:
    floor = session.execute(select(func.max(BookReader.card_number))).scalar() or 0
    return next_number(session, READER_COUNTER, floor)


def _find_duplicate(session: OrmSession, data: ReaderInput, exclude_id: str | None) -> BookReader | None:
    if data.birth_year is None:
        return None
    statement = select(BookReader).where(
        BookReader.name_folded == fold(data.full_name), BookReader.birth_year == data.birth_year,
        BookReader.deleted.is_(False))
    if data.village_id is not None:
        statement = statement.where(BookReader.village_id == data.village_id)
    if exclude_id:
        statement = statement.where(BookReader.id != exclude_id)
    return session.execute(statement).scalars().first()


def create_reader(db: Database, data: ReaderInput, *, confirm_duplicate: bool = False,
                  today: dt.date | None = None) -> ReaderInfo:
    """Register a villager as a reader with the next card number."""
    today = today or dt.date.today()
    with db.unit_of_work() as session:
        clean = validate_reader(session, data, today=today)
        if not confirm_duplicate:
            existing = _find_duplicate(session, clean, None)
            if existing is not None:
                info = load_reader_info(session, existing)
                raise DuplicateReader(
                    _("{name} born {year} already has reader card {card}. Is this the same "
                      "person?").format(name=info.full_name, year=info.birth_year,
                                        card=info.card_code), info)
        reader = BookReader(card_number=_next_card(session), registered_on=today)
        _apply(reader, clean)
        session.add(reader)
        session.flush()
        return load_reader_info(session, reader)


def reader_from_learner(db: Database, learner_id: str, *, today: dt.date | None = None) -> ReaderInfo:
    """Make a learner a reader in one call; a learner who already has a card gets it back."""
    today = today or dt.date.today()
    with db.unit_of_work() as session:
        learner = session.get(Learner, learner_id)
        if learner is None or learner.deleted:
            raise NotFoundError(_("This learner no longer exists."))
        existing = session.execute(select(BookReader).where(
            BookReader.learner_id == learner_id)).scalar_one_or_none()
        if existing is not None:
            existing.deleted = False
            session.flush()
            return load_reader_info(session, existing)
        reader = BookReader(card_number=_next_card(session), registered_on=today,
                            learner_id=learner.id)
        _apply(reader, ReaderInput(
            full_name=learner.full_name, village_id=learner.village_id, gender=learner.gender,
            birth_year=learner.birth_year, ethnic_group_key=learner.ethnic_group_key,
            phone=learner.phone))
        session.add(reader)
        session.flush()
        return load_reader_info(session, reader)


def _get_reader(session: OrmSession, reader_id: str) -> BookReader:
    reader = session.get(BookReader, reader_id)
    if reader is None or reader.deleted:
        raise NotFoundError(_("This reader is no longer registered."))
    return reader


def update_reader(db: Database, reader_id: str, data: ReaderInput, *,
                  today: dt.date | None = None) -> ReaderInfo:
    """Correct a reader's details; the card number stays."""
    today = today or dt.date.today()
    with db.unit_of_work() as session:
        reader = _get_reader(session, reader_id)
        _apply(reader, validate_reader(session, data, today=today))
        session.flush()
        return load_reader_info(session, reader)


def get_reader(db: Database, reader_id: str) -> ReaderInfo:
    """One reader with the number of copies they have out."""
    with db.reading() as session:
        return load_reader_info(session, _get_reader(session, reader_id))


def get_reader_input(db: Database, reader_id: str) -> ReaderInput:
    """The editable fields of a reader, for the edit form."""
    with db.reading() as session:
        reader = _get_reader(session, reader_id)
        return ReaderInput(reader.full_name, reader.village_id, reader.gender, reader.birth_year,
                           reader.ethnic_group_key, reader.phone, reader.notes)


def find_reader_by_card(db: Database, code: str) -> ReaderInfo:
    """The reader whose card this is ("BD00012", "bd 12"); NotFoundError otherwise."""
    parsed = parse_code(code)
    with db.reading() as session:
        reader = None
        if parsed.kind == "reader":
            reader = session.execute(select(BookReader).where(
                BookReader.card_number == parsed.number,
                BookReader.deleted.is_(False))).scalar_one_or_none()
        if reader is None:
            raise NotFoundError(_("No reader has the card “{code}”.").format(code=code.strip()))
        return load_reader_info(session, reader)


def search_readers(db: Database, query: str = "", *, village_id: str | None = None,
                   limit: int | None = 50) -> list[ReaderInfo]:
    """Readers by name (accents and case ignored) or card code, in Vietnamese name order."""
    parsed = parse_code(query)
    with db.reading() as session:
        statement = (select(BookReader).where(BookReader.deleted.is_(False))
                     .order_by(BookReader.name_sort, BookReader.id))
        if parsed.kind == "reader":
            statement = statement.where(BookReader.card_number == parsed.number)
        else:
            for token in fold(query).split():
                statement = statement.where(BookReader.name_folded.contains(token, autoescape=True))
        if village_id is not None:
            statement = statement.where(BookReader.village_id == village_id)
        if limit is not None:
            statement = statement.limit(limit)
        readers = list(session.execute(statement).scalars())
        return _infos(session, readers)


def _infos(session: OrmSession, readers: list[BookReader]) -> list[ReaderInfo]:
    if not readers:
        return []
    villages = village_names(session)
    open_counts = dict(session.execute(
        select(BookLoan.reader_id, func.count()).where(
            BookLoan.reader_id.in_([reader.id for reader in readers]),
            BookLoan.state == LOAN_OPEN, BookLoan.deleted.is_(False))
        .group_by(BookLoan.reader_id)).all())
    return [reader_info(reader, villages.get(reader.village_id or "", ""),
                        open_counts.get(reader.id, 0)) for reader in readers]


def set_reader_deleted(db: Database, reader_id: str, deleted: bool = True) -> None:
    """Remove (a tombstone that syncs) or restore a reader; refused while they have copies out."""
    with db.unit_of_work() as session:
        reader = session.get(BookReader, reader_id)
        if reader is None:
            raise NotFoundError(_("This reader is no longer registered."))
        if deleted and count_open_loans(session, reader_id):
            raise ValidationError(_("{name} still has books on loan; take them back first.")
                                  .format(name=reader.full_name))
        reader.deleted = deleted


def readers_of_learners(db: Database) -> dict[str, str]:
    """Learner id → reader id, for screens that mark which learners already have a card."""
    with db.reading() as session:
        rows = session.execute(select(BookReader.learner_id, BookReader.id).where(
            BookReader.learner_id.is_not(None), BookReader.deleted.is_(False))).all()
        return {learner_id: reader_id for learner_id, reader_id in rows if learner_id}
