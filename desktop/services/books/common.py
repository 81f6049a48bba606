"""What the book cabinet services share: the plain records handed to the GUI, codes, counters.

Codes a scanner or a volunteer types at the desk:
  * a reader card: "BD" and the card number ("BD00012", also "bd 12" or "BĐ-12");
  * an accession number (số ĐKCB) of an owned copy: digits, leading zeros optional, or with its
    collection prefix as written on the label ("TS-0012"; "ts 12" and "TS12" too);
  * an ISBN (10 or 13 digits, the EAN-13 barcode on the back cover) finds a title;
  * anything else may be the lender's code of a rotated copy, or a reader's name.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session as OrmSession

from desktop.services.books.accession import read_accession
from desktop.services.books.isbn import clean_isbn, looks_like_isbn
from desktop.store.book_models import (
    LOAN_OPEN,
    BookCopy,
    BookCounter,
    BookIntake,
    BookLoan,
    BookReader,
    BookTitle,
)
from desktop.store.models import Village

CARD_PREFIX = "BD"
MAX_ACCESSION_DIGITS = 9

_READER_CODE = re.compile(r"^B[DĐ][\s\-:.#]*0*(\d{1,7})$")

CodeKind = Literal["reader", "accession", "isbn", "other", "empty"]


@dataclass(frozen=True)
class ParsedCode:
    """A typed or scanned code, classified by its shape (not yet looked up)."""

    kind: CodeKind
    text: str  # the code as typed, trimmed
    number: int | None = None  # card or accession number
    isbn: str = ""  # compact ISBN characters
    prefix: str = ""  # an accession number's collection prefix ("TS"), "" for a bare number


def parse_code(text: str) -> ParsedCode:
    """Classify a scanned or typed code by its shape: reader card, accession number, ISBN, other."""
    stripped = " ".join((text or "").split())
    if not stripped:
        return ParsedCode("empty", "")
    upper = stripped.upper()
    if match := _READER_CODE.match(upper):
        return ParsedCode("reader", stripped, number=int(match.group(1)))
    if looks_like_isbn(upper):
        return ParsedCode("isbn", stripped, isbn=clean_isbn(upper))
    try:
        accession = read_accession(stripped)
    except ValueError:
        return ParsedCode("other", stripped)
    return ParsedCode("accession", stripped, number=accession.number, prefix=accession.prefix)


def card_code(card_number: int) -> str:
    """The code printed on a reader card and its barcode: BD00012."""
    return f"{CARD_PREFIX}{card_number:05d}"


def normalise_external_code(text: str) -> str:
    """A lender's copy code as stored and compared: trimmed, inner spaces removed, upper case."""
    return "".join(text.split()).upper()


@dataclass(frozen=True)
class CopyInfo:
    """One copy as the desk, lists and registers show it (plain data for the GUI)."""

    id: str
    code: str  # what to scan or type: the accession number as written, or the lender's code
    accession_number: int | None  # the number's value, for ordering
    external_code: str | None
    title_id: str
    title: str
    authors: str
    audience: str
    classification: str
    call_number: str
    status: str  # active, lost, weeded, expected, sent_back
    on_loan: bool
    shelf: str
    price: int | None
    damaged: bool
    rotated: bool
    intake_id: str
    received_on: dt.date
    notes: str
    accession_prefix: str = ""  # "TS" for "TS-0012"

    def label(self) -> str:
        """Accession number and title, for a confirmation line."""
        return f"{self.code} — {self.title}"


@dataclass(frozen=True)
class ReaderInfo:
    """One reader as the desk and lists show them (plain data for the GUI)."""

    id: str
    card_number: int
    card_code: str
    full_name: str
    village_id: str | None
    village: str
    gender: str | None
    birth_year: int | None
    ethnic_group_key: str | None
    phone: str
    learner_id: str | None
    registered_on: dt.date
    notes: str
    open_loans: int = 0
    deleted: bool = False

    def label(self) -> str:
        """Name with birth year and village, so two people with one name can be told apart."""
        details = ", ".join(part for part in (str(self.birth_year or ""), self.village) if part)
        return f"{self.full_name} ({details})" if details else self.full_name


def copy_code(copy: BookCopy) -> str:
    """The code of a copy: its accession number as written, or the lender's code for a rotated
    copy."""
    if copy.accession_code:
        return copy.accession_code
    if copy.accession_number is not None:  # a row from a package of an older version
        return str(copy.accession_number)
    return copy.external_code or ""


def copy_info(copy: BookCopy, title: BookTitle, intake_source: str, on_loan: bool) -> CopyInfo:
    """Build the plain record of a copy from its rows."""
    return CopyInfo(
        id=copy.id, code=copy_code(copy), accession_number=copy.accession_number,
        external_code=copy.external_code, title_id=title.id, title=title.title,
        authors=title.authors, audience=title.audience, classification=title.classification,
        call_number=title.call_number, status=copy.status, on_loan=on_loan, shelf=copy.shelf,
        price=copy.price, damaged=copy.damaged, rotated=intake_source == "rotation",
        intake_id=copy.intake_id, received_on=copy.received_on, notes=copy.notes,
        accession_prefix=copy.accession_prefix or "")


def open_loan_of(session: OrmSession, copy_id: str) -> BookLoan | None:
    """The copy's open loan, if it is out."""
    return session.execute(select(BookLoan).where(
        BookLoan.copy_id == copy_id, BookLoan.state == LOAN_OPEN,
        BookLoan.deleted.is_(False))).scalar_one_or_none()


def load_copy_info(session: OrmSession, copy: BookCopy) -> CopyInfo:
    """The plain record of a copy row (title, intake source and loan looked up)."""
    title = session.get_one(BookTitle, copy.title_id)
    source = session.execute(select(BookIntake.source).where(
        BookIntake.id == copy.intake_id)).scalar_one()
    return copy_info(copy, title, source, open_loan_of(session, copy.id) is not None)


def find_copy(session: OrmSession, code: ParsedCode | str) -> BookCopy | None:
    """The live copy a code names: an owned copy's accession number first, then a lender's code."""
    parsed = parse_code(code) if isinstance(code, str) else code
    if parsed.kind == "accession" and parsed.number is not None:
        copy = session.execute(select(BookCopy).where(
            BookCopy.accession_number == parsed.number,
            func.coalesce(BookCopy.accession_prefix, "") == parsed.prefix,
            BookCopy.deleted.is_(False))).scalar_one_or_none()
        if copy is not None:
            return copy
    if parsed.kind in ("accession", "other", "isbn") and parsed.text:
        return session.execute(select(BookCopy).where(
            BookCopy.external_code == normalise_external_code(parsed.text),
            BookCopy.deleted.is_(False))).scalar_one_or_none()
    return None


def village_names(session: OrmSession) -> dict[str, str]:
    """Village id → name (including deleted villages: old readers still show theirs)."""
    return dict(session.execute(select(Village.id, Village.name)).all())


def reader_info(reader: BookReader, village: str, open_loans: int = 0) -> ReaderInfo:
    """Build the plain record of a reader from the row."""
    return ReaderInfo(
        id=reader.id, card_number=reader.card_number, card_code=card_code(reader.card_number),
        full_name=reader.full_name, village_id=reader.village_id, village=village,
        gender=reader.gender, birth_year=reader.birth_year,
        ethnic_group_key=reader.ethnic_group_key, phone=reader.phone,
        learner_id=reader.learner_id, registered_on=reader.registered_on, notes=reader.notes,
        open_loans=open_loans, deleted=reader.deleted)


def count_open_loans(session: OrmSession, reader_id: str) -> int:
    """How many copies the reader has out now."""
    return session.execute(select(func.count()).select_from(BookLoan).where(
        BookLoan.reader_id == reader_id, BookLoan.state == LOAN_OPEN,
        BookLoan.deleted.is_(False))).scalar_one()


def load_reader_info(session: OrmSession, reader: BookReader) -> ReaderInfo:
    """The plain record of a reader row, with the village name and open loans."""
    village = session.get(Village, reader.village_id) if reader.village_id else None
    return reader_info(reader, village.name if village else "",
                       count_open_loans(session, reader.id))


def next_number(session: OrmSession, name: str, floor: int = 0) -> int:
    """The next number of a series; never one handed out before, even if its row is gone."""
    counter = session.execute(select(BookCounter).where(BookCounter.name == name)).scalar_one_or_none()
    if counter is None:
        counter = BookCounter(name=name, value=0)
        session.add(counter)
    counter.value = max(counter.value or 0, floor) + 1
    counter.deleted = False
    return counter.value


def raise_counter(session: OrmSession, name: str, at_least: int) -> None:
    """Make sure a series continues after `at_least` (numbers taken from an imported list)."""
    counter = session.execute(select(BookCounter).where(BookCounter.name == name)).scalar_one_or_none()
    if counter is None:
        session.add(BookCounter(name=name, value=at_least))
    elif counter.value < at_least:
        counter.value = at_least


def highest_accession(session: OrmSession, prefix: str = "") -> int:
    """The highest accession number of a prefix ("" for bare numbers) ever stored, deleted rows
    included."""
    # Every owned copy has its prefix written ("" for a bare number; migration 0005 filled the
    # older ones), so the plain comparison can use the accession index.
    return session.execute(select(func.max(BookCopy.accession_number)).where(
        BookCopy.accession_prefix == prefix)).scalar() or 0
