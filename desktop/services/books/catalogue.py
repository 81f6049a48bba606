"""The catalogue: titles (đầu sách), their copies, search as you type, and code look-up.

Search ignores accents and case (a folded copy of title, authors, subjects, publisher and ISBN
is stored on each title) and also takes an accession number or an ISBN, so a scanned or typed
code goes straight to its copy or title.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session as OrmSession

from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.reference.ddc import DDC_MAIN_CLASSES, DdcClass, main_class_of
from desktop.services.books.common import (
    CopyInfo,
    ReaderInfo,
    copy_info,
    find_copy,
    load_copy_info,
    load_reader_info,
    parse_code,
)
from desktop.services.books.isbn import normalise_isbn, to_isbn13
from desktop.services.books.settings import AUDIENCES
from desktop.store.book_models import (
    COPY_ACTIVE,
    LOAN_OPEN,
    BookCopy,
    BookIntake,
    BookLoan,
    BookReader,
    BookTitle,
)
from desktop.store.database import Database
from desktop.text.vietnamese import clean_name, fold, sort_key

MAX_TITLE_LENGTH = 500
MAX_PRICE = 100_000_000  # VND; a book dearer than this is a typing slip
SEARCH_LIMIT = 50


@dataclass(frozen=True)
class BookLanguage:
    """A language books are written in, with a flag for minority languages."""

    key: str
    name_vi: str
    name_en: str
    minority: bool  # counted as minority-language stock in reports


BOOK_LANGUAGES: tuple[BookLanguage, ...] = (
    BookLanguage("vi", "Tiếng Việt", "Vietnamese", False),
    BookLanguage("vi-minority", "Song ngữ Việt – dân tộc", "Bilingual Vietnamese and minority", True),
    BookLanguage("tay", "Tiếng Tày", "Tày", True),
    BookLanguage("thai", "Tiếng Thái", "Thái", True),
    BookLanguage("muong", "Tiếng Mường", "Mường", True),
    BookLanguage("khmer", "Tiếng Khmer", "Khmer", True),
    BookLanguage("hmong", "Tiếng H'Mông", "Hmong", True),
    BookLanguage("nung", "Tiếng Nùng", "Nùng", True),
    BookLanguage("dao", "Tiếng Dao", "Dao", True),
    BookLanguage("jrai", "Tiếng Gia-rai", "Jarai", True),
    BookLanguage("ede", "Tiếng Ê-đê", "Ê-đê (Rade)", True),
    BookLanguage("bahnar", "Tiếng Ba-na", "Bahnar", True),
    BookLanguage("cham", "Tiếng Chăm", "Cham", True),
    BookLanguage("sedang", "Tiếng Xơ-đăng", "Sedang", True),
    BookLanguage("koho", "Tiếng Cơ-ho", "Koho", True),
    BookLanguage("mnong", "Tiếng Mnông", "Mnong", True),
    BookLanguage("minority-other", "Tiếng dân tộc thiểu số khác", "Other minority language", True),
    BookLanguage("en", "Tiếng Anh", "English", False),
    BookLanguage("fr", "Tiếng Pháp", "French", False),
    BookLanguage("zh", "Tiếng Trung", "Chinese", False),
    BookLanguage("other", "Ngôn ngữ khác", "Other language", False),
)
_LANGUAGE_KEYS = frozenset(language.key for language in BOOK_LANGUAGES)
MINORITY_LANGUAGES = frozenset(language.key for language in BOOK_LANGUAGES if language.minority)


@dataclass(frozen=True)
class TitleInput:
    """The editable fields of a title. Authors and subjects are free text ("A; B")."""

    title: str
    authors: str = ""
    publisher: str = ""
    place: str = ""
    year: int | None = None
    isbn: str = ""
    language: str = "vi"
    classification: str = ""
    call_number: str = ""
    subjects: str = ""
    audience: str = "adult"
    law_book: bool = False
    price: int | None = None
    notes: str = ""


@dataclass(frozen=True)
class TitleInfo:
    """A title with its copy counts (plain data for the GUI)."""

    id: str
    title: str
    authors: str
    publisher: str
    place: str
    year: int | None
    isbn: str
    language: str
    classification: str
    main_class: str
    call_number: str
    subjects: str
    audience: str
    law_book: bool
    price: int | None
    notes: str
    copies: int  # in stock (active), on the shelf or on loan
    available: int  # on the shelf now
    on_loan: int
    matched_code: str = ""  # the accession number or ISBN the search matched, if any


CodeMatchKind = Literal["copy", "title", "reader", "none"]


@dataclass(frozen=True)
class CodeMatch:
    """What a scanned or typed code names, so the screen can jump straight to it."""

    kind: CodeMatchKind
    code: str
    id: str | None = None
    label: str = ""
    copy: CopyInfo | None = None
    title_id: str | None = None
    reader: ReaderInfo | None = None
    message: str = ""  # for kind "none": why nothing was found


def classification_choices() -> tuple[DdcClass, ...]:
    """The default classification pick list: the DDC main classes 000–900."""
    return DDC_MAIN_CLASSES


def language_by_key(key: str) -> BookLanguage | None:
    """A book language by its key, or None."""
    return next((language for language in BOOK_LANGUAGES if language.key == key), None)


def validate_title(data: TitleInput, *, today: dt.date | None = None) -> TitleInput:
    """Check a title's fields and return them cleaned; a ValidationError naming the field."""
    today = today or dt.date.today()
    title = clean_name(data.title)
    if not title:
        raise ValidationError(_("Enter the title of the book."), "title")
    if len(title) > MAX_TITLE_LENGTH:
        raise ValidationError(_("The title is longer than {count} characters.").format(
            count=MAX_TITLE_LENGTH), "title")
    if data.year is not None and not 1800 <= data.year <= today.year + 1:
        raise ValidationError(_("The year of publication {year} is not plausible.").format(
            year=data.year), "year")
    isbn = normalise_isbn(data.isbn)
    if data.language not in _LANGUAGE_KEYS:
        raise ValidationError(_("Choose a language from the list."), "language")
    if data.audience not in AUDIENCES:
        raise ValidationError(_("Choose adults or children."), "audience")
    price = validate_price(data.price)
    classification = clean_name(data.classification)
    if len(classification) > 40:
        raise ValidationError(_("The classification is too long."), "classification")
    limits = {"authors": 500, "publisher": 200, "place": 120, "subjects": 500, "call_number": 60}
    cleaned = {name: clean_name(getattr(data, name)) for name in limits}
    for name, limit in limits.items():
        if len(cleaned[name]) > limit:
            raise ValidationError(_("This field is longer than {count} characters.").format(
                count=limit), name)
    return replace(data, title=title, isbn=isbn, price=price, classification=classification,
                   notes=data.notes.strip(), authors=cleaned["authors"],
                   publisher=cleaned["publisher"], place=cleaned["place"],
                   subjects=cleaned["subjects"], call_number=cleaned["call_number"])


def validate_price(price: int | None, field: str = "price") -> int | None:
    """A price in đồng: None or a whole number from 0; a negative price is refused."""
    if price is None:
        return None
    if price < 0:
        raise ValidationError(_("The price cannot be negative."), field)
    if price > MAX_PRICE:
        raise ValidationError(_("The price is too high; enter it in đồng."), field)
    return int(price)


def _search_text(title: BookTitle) -> str:
    return fold(" ".join(part for part in (
        title.title, title.authors, title.subjects, title.publisher, title.isbn,
        title.isbn13 or "", title.call_number) if part))


def apply_title(title: BookTitle, data: TitleInput) -> None:
    """Write checked fields onto a title row, with its folded and sort columns."""
    for name in ("title", "authors", "publisher", "place", "year", "isbn", "language",
                 "classification", "call_number", "subjects", "audience", "law_book", "price",
                 "notes"):
        setattr(title, name, getattr(data, name))
    title.isbn13 = to_isbn13(data.isbn) if data.isbn else None
    main = main_class_of(data.classification)
    title.main_class = main.code if main else ""
    title.title_sort = sort_key(data.title)
    title.search_folded = _search_text(title)


def _check_isbn_free(session: OrmSession, isbn: str, exclude_id: str | None) -> None:
    if not isbn:
        return
    statement = select(BookTitle).where(BookTitle.isbn13 == to_isbn13(isbn),
                                        BookTitle.deleted.is_(False))
    if exclude_id:
        statement = statement.where(BookTitle.id != exclude_id)
    existing = session.execute(statement).scalars().first()
    if existing is not None:
        raise ValidationError(
            _("The ISBN {isbn} is already in the catalogue: “{title}”. Add copies to that title "
              "instead.").format(isbn=isbn, title=existing.title), "isbn")


def create_title_in(session: OrmSession, data: TitleInput) -> BookTitle:
    """Add a checked title inside an open transaction (used by intake and imports)."""
    _check_isbn_free(session, data.isbn, None)
    title = BookTitle()
    apply_title(title, data)
    session.add(title)
    session.flush()
    return title


def create_title(db: Database, data: TitleInput, *, today: dt.date | None = None) -> TitleInfo:
    """Add a title to the catalogue (no copies yet: copies come with an intake batch)."""
    clean = validate_title(data, today=today)
    with db.unit_of_work() as session:
        title = create_title_in(session, clean)
        return _title_info(session, title)


def update_title(db: Database, title_id: str, data: TitleInput, *,
                 today: dt.date | None = None) -> TitleInfo:
    """Change a title's catalogue fields."""
    clean = validate_title(data, today=today)
    with db.unit_of_work() as session:
        title = _get_title(session, title_id)
        _check_isbn_free(session, clean.isbn, title_id)
        apply_title(title, clean)
        session.flush()
        return _title_info(session, title)


def _get_title(session: OrmSession, title_id: str) -> BookTitle:
    title = session.get(BookTitle, title_id)
    if title is None or title.deleted:
        raise NotFoundError(_("This title is no longer in the catalogue."))
    return title


def get_title(db: Database, title_id: str) -> TitleInfo:
    """A title with its copy counts."""
    with db.reading() as session:
        return _title_info(session, _get_title(session, title_id))


def get_title_input(db: Database, title_id: str) -> TitleInput:
    """The editable fields of a title, for the edit form."""
    with db.reading() as session:
        title = _get_title(session, title_id)
        return TitleInput(
            title.title, title.authors, title.publisher, title.place, title.year, title.isbn,
            title.language, title.classification, title.call_number, title.subjects,
            title.audience, title.law_book, title.price, title.notes)


def delete_title(db: Database, title_id: str) -> None:
    """Remove a title entered by mistake; refused while it has copies in the registers."""
    with db.unit_of_work() as session:
        title = _get_title(session, title_id)
        has_copies = session.execute(select(BookCopy.id).where(
            BookCopy.title_id == title_id, BookCopy.deleted.is_(False)).limit(1)).first()
        if has_copies:
            raise ValidationError(_("This title has copies in the registers; it cannot be "
                                    "deleted. Weed the copies instead."))
        title.deleted = True


def _counts(session: OrmSession, title_ids: list[str]) -> dict[str, tuple[int, int]]:
    """Title id → (copies in stock, copies on loan)."""
    if not title_ids:
        return {}
    copies = dict(session.execute(
        select(BookCopy.title_id, func.count())
        .where(BookCopy.title_id.in_(title_ids), BookCopy.status == COPY_ACTIVE,
               BookCopy.deleted.is_(False))
        .group_by(BookCopy.title_id)).all())
    loans = dict(session.execute(
        select(BookCopy.title_id, func.count())
        .join(BookLoan, BookLoan.copy_id == BookCopy.id)
        .where(BookCopy.title_id.in_(title_ids), BookLoan.state == LOAN_OPEN,
               BookLoan.deleted.is_(False))
        .group_by(BookCopy.title_id)).all())
    return {title_id: (copies.get(title_id, 0), loans.get(title_id, 0)) for title_id in title_ids}


def _title_info(session: OrmSession, title: BookTitle, counts: tuple[int, int] | None = None,
                matched_code: str = "") -> TitleInfo:
    copies, on_loan = counts if counts is not None else _counts(session, [title.id])[title.id]
    return TitleInfo(
        id=title.id, title=title.title, authors=title.authors, publisher=title.publisher,
        place=title.place, year=title.year, isbn=title.isbn, language=title.language,
        classification=title.classification, main_class=title.main_class,
        call_number=title.call_number, subjects=title.subjects, audience=title.audience,
        law_book=title.law_book, price=title.price, notes=title.notes, copies=copies,
        available=max(copies - on_loan, 0), on_loan=on_loan, matched_code=matched_code)


def search_catalogue(db: Database, query: str = "", *, limit: int = SEARCH_LIMIT,
                     audience: str | None = None, main_class: str | None = None,
                     language: str | None = None, law_book: bool | None = None) -> list[TitleInfo]:
    """Titles matching a query (accents and case ignored), an accession number or an ISBN.

    A code match comes first; then titles whose folded text holds every word, in title order.
    """
    parsed = parse_code(query)
    with db.reading() as session:
        found: list[tuple[BookTitle, str]] = []
        if parsed.kind in ("accession", "isbn", "other"):
            copy = find_copy(session, parsed)
            if copy is not None:
                found.append((session.get_one(BookTitle, copy.title_id), parsed.text))
        if parsed.kind == "isbn":
            isbn13 = to_isbn13(parsed.isbn)
            if isbn13:
                title = session.execute(select(BookTitle).where(
                    BookTitle.isbn13 == isbn13, BookTitle.deleted.is_(False))).scalars().first()
                if title is not None:
                    found.append((title, parsed.isbn))
        statement = select(BookTitle).where(BookTitle.deleted.is_(False))
        for token in fold(query).split():
            statement = statement.where(BookTitle.search_folded.contains(token, autoescape=True))
        if audience:
            statement = statement.where(BookTitle.audience == audience)
        if main_class:
            statement = statement.where(BookTitle.main_class == main_class)
        if language:
            statement = statement.where(BookTitle.language == language)
        if law_book is not None:
            statement = statement.where(BookTitle.law_book.is_(law_book))
        statement = statement.order_by(BookTitle.title_sort, BookTitle.id).limit(limit)
        seen = {title.id for title, _code in found}
        found.extend((title, "") for title in session.execute(statement).scalars()
                     if title.id not in seen)
        found = found[:limit]
        counts = _counts(session, [title.id for title, _code in found])
        return [_title_info(session, title, counts[title.id], code) for title, code in found]


def list_copies(db: Database, title_id: str, *, include_withdrawn: bool = True) -> list[CopyInfo]:
    """The copies of a title in accession order, lost and weeded ones too unless asked not to."""
    with db.reading() as session:
        title = _get_title(session, title_id)
        statement = (select(BookCopy, BookIntake.source)
                     .join(BookIntake, BookIntake.id == BookCopy.intake_id)
                     .where(BookCopy.title_id == title_id, BookCopy.deleted.is_(False))
                     .order_by(BookCopy.accession_number, BookCopy.external_code))
        if not include_withdrawn:
            statement = statement.where(BookCopy.status == COPY_ACTIVE)
        rows = session.execute(statement).all()
        out = set(session.execute(select(BookLoan.copy_id).join(
            BookCopy, BookCopy.id == BookLoan.copy_id).where(
            BookCopy.title_id == title_id, BookLoan.state == LOAN_OPEN,
            BookLoan.deleted.is_(False))).scalars())
        return [copy_info(copy, title, source, copy.id in out) for copy, source in rows]


def get_copy(db: Database, copy_id: str) -> CopyInfo:
    """One copy by id."""
    with db.reading() as session:
        copy = session.get(BookCopy, copy_id)
        if copy is None or copy.deleted:
            raise NotFoundError(_("This copy is no longer in the registers."))
        return load_copy_info(session, copy)


def find_copy_by_code(db: Database, code: str) -> CopyInfo:
    """The copy with this accession number (or lender's code); NotFoundError with the code."""
    with db.reading() as session:
        copy = find_copy(session, code)
        if copy is None:
            raise NotFoundError(unknown_code_message(code))
        return load_copy_info(session, copy)


def unknown_code_message(code: str) -> str:
    """The message for a code that names no copy, reader or title."""
    return _("No copy, reader or title has the code “{code}”. Check the label and type it "
             "again.").format(code=code.strip())


def update_copy(db: Database, copy_id: str, *, shelf: str | None = None, price: int | None = None,
                notes: str | None = None) -> CopyInfo:
    """Change a copy's shelf, price or notes (its accession number never changes)."""
    checked_price = validate_price(price) if price is not None else None
    with db.unit_of_work() as session:
        copy = session.get(BookCopy, copy_id)
        if copy is None or copy.deleted:
            raise NotFoundError(_("This copy is no longer in the registers."))
        if shelf is not None:
            copy.shelf = clean_name(shelf)[:60]
        if checked_price is not None:
            copy.price = checked_price
        if notes is not None:
            copy.notes = notes.strip()
        session.flush()
        return load_copy_info(session, copy)


def lookup_code(db: Database, text: str) -> CodeMatch:
    """What a scanned or typed code names: a copy, a title (by ISBN) or a reader (by card)."""
    parsed = parse_code(text)
    with db.reading() as session:
        if parsed.kind == "empty":
            return CodeMatch("none", "", message=_("Type or scan a code."))
        if parsed.kind == "reader":
            reader = session.execute(select(BookReader).where(
                BookReader.card_number == parsed.number,
                BookReader.deleted.is_(False))).scalar_one_or_none()
            if reader is not None:
                info = load_reader_info(session, reader)
                return CodeMatch("reader", parsed.text, reader.id, info.label(), reader=info)
        copy = find_copy(session, parsed)
        if copy is not None:
            info_copy = load_copy_info(session, copy)
            return CodeMatch("copy", parsed.text, copy.id, info_copy.label(), copy=info_copy,
                             title_id=copy.title_id)
        if parsed.kind == "isbn":
            isbn13 = to_isbn13(parsed.isbn)
            title = session.execute(select(BookTitle).where(
                BookTitle.isbn13 == isbn13, BookTitle.deleted.is_(False))).scalars().first() \
                if isbn13 else None
            if title is not None:
                return CodeMatch("title", parsed.text, title.id, title.title, title_id=title.id)
        return CodeMatch("none", parsed.text, message=unknown_code_message(parsed.text))


__all__ = [
    "BOOK_LANGUAGES", "MINORITY_LANGUAGES", "BookLanguage", "CodeMatch", "CopyInfo", "TitleInfo",
    "TitleInput", "classification_choices", "create_title", "delete_title", "find_copy_by_code",
    "get_copy", "get_title", "get_title_input", "language_by_key", "list_copies", "lookup_code",
    "search_catalogue", "update_copy", "update_title", "validate_price", "validate_title",
]
