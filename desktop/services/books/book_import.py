"""Importing an existing catalogue list (.xlsx or .csv): a preview first, then one transaction.

    clc books import FILE.xlsx|.csv --db FILE [--sheet NAME] [--dry-run] [--json]
    python -m desktop.services.books.book_import FILE --db FILE   (the same, until `clc` has it)

A commune's catalogue list is a table with a title block above it and signatures below, the same
shape as a learner list, so the file reading of `desktop.importing.tables` is reused; only the
header row is found with book column names ("Tên sách", "Tác giả", "Số ĐKCB"…). Each row is a
title with one or more copies; accession numbers already on the labels ("12", "12-15",
"12, 14") are kept, copies without one are numbered after the highest. Everything lands in one
"opening stock" batch of the summary register. Rotated lists use the same reader (rotation.py).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select

from desktop.errors import UserError, ValidationError
from desktop.formatting import format_integer
from desktop.i18n import _
from desktop.importing.cells import clean_text, excerpt, unreadable_characters
from desktop.importing.folding import fold_words, heading_field
from desktop.importing.tables import (  # the file-reading half of read_table
    cell_present,
    convert_legacy,
    first_table,
    rows_under_header,
    tidy_cell,
)
from desktop.progress import Progress
from desktop.services.backups import back_up_before_import
from desktop.services.books.catalogue import TitleInput, create_title_in, validate_title
from desktop.services.books.intake import (
    IntakeInput,
    IntakeLine,
    IntakeSummary,
    intake_summary,
    record_batch_in,
    validate_intake,
)
from desktop.services.books.book_numbers import (
    MAX_ACCESSION_NUMBER,
    MAX_COPIES_PER_ROW,
    accession_codes,
    whole_number,
    year_of_publication,
)
from desktop.services.books.accession import Accession
from desktop.services.books.isbn import to_isbn13
from desktop.store.book_models import BookCopy, BookTitle
from desktop.store.database import Database
from desktop.text.vietnamese import fold

__all__ = ["BookImportPreview", "BookImportResult", "BookRow", "BookTable", "SheetError",
           "commit_book_import", "main", "parse_book_rows", "preview_book_import",
           "read_book_table"]

_HEADER_SCAN_ROWS = 30

# Whole-header matches, tried first (short words that would match too much inside a header).
_EXACT: dict[str, str] = {
    "stt": "ignored", "tt": "ignored", "so tt": "ignored", "gia": "price", "sl": "copies",
    "nxb": "publisher", "kho": "shelf", "ke": "shelf", "ma": "code", "dkcb": "accession",
    "so dkcb": "accession", "nam": "year", "ddc": "classification", "isbn": "isbn",
}
# Phrases anywhere in a header, in priority order ("nơi xuất bản" before "xuất bản").
_PHRASES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("accession", ("so dkcb", "so dang ky ca biet", "dang ky ca biet", "ma dkcb", "accession")),
    ("code", ("ma sach", "ma vach", "barcode", "ma cuon", "ma ban sach", "ma tai lieu")),
    ("place", ("noi xuat ban", "noi xb", "place")),
    ("year", ("nam xuat ban", "nam xb", "year")),
    ("publisher", ("nha xuat ban", "nha xb", "publisher")),
    ("call_number", ("ky hieu xep gia", "ky hieu kho", "call number")),
    ("classification", ("ky hieu phan loai", "phan loai", "mon loai", "classification")),
    # "Tên sách – tác giả" (the item register's column) holds the title.
    ("title", ("ten sach", "nhan de", "ten tai lieu", "ten an pham", "ten dau sach", "title")),
    ("authors", ("tac gia", "chu bien", "author")),
    ("copies", ("so ban", "so luong", "so cuon", "copies")),
    ("price", ("gia tien", "don gia", "gia bia", "thanh tien", "price")),
    ("language", ("ngon ngu", "language")),
    ("audience", ("doi tuong", "audience")),
    ("subjects", ("chu de", "tu khoa", "subject")),
    ("shelf", ("gia sach", "vi tri", "shelf")),
    ("notes", ("ghi chu", "note")),
)
_PATTERNS = tuple((key, re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b"))
                  for key, phrases in _PHRASES)
_MAX_HEADER_LENGTH = 50

_LANGUAGE_WORDS: tuple[tuple[str, str], ...] = (
    ("song ngu", "vi-minority"), ("hmong", "hmong"), ("h mong", "hmong"), ("mong", "hmong"),
    ("thai", "thai"), ("tay", "tay"), ("nung", "nung"), ("dao", "dao"), ("muong", "muong"),
    ("khmer", "khmer"), ("kho me", "khmer"), ("cham", "cham"), ("e de", "ede"), ("ede", "ede"),
    ("gia rai", "jrai"), ("jrai", "jrai"), ("ba na", "bahnar"), ("bahnar", "bahnar"),
    ("xo dang", "sedang"), ("co ho", "koho"), ("mnong", "mnong"), ("anh", "en"),
    ("english", "en"), ("phap", "fr"), ("french", "fr"), ("trung", "zh"), ("hoa", "zh"),
    ("chinese", "zh"), ("viet", "vi"), ("vietnamese", "vi"),
)


def match_book_header(header: str) -> str | None:
    """The book field a column header names ("Tên sách" → "title"), "ignored", or None."""
    return heading_field(header, _EXACT, _PATTERNS, _MAX_HEADER_LENGTH)


@dataclass
class BookTable:
    """The table of a catalogue list: headers, the guessed column of each field, data rows."""

    headers: list[str]
    mapping: dict[str, int]
    rows: list[list[object]]
    row_numbers: list[int]
    sheet: str
    legacy_encoding: str | None = None


# Where the table ends: its totals row ("Cộng", "Tổng cộng: 35 bản"), the place and date line,
# the signatures. Matched on the whole title cell: "Cộng đồng và phát triển" is a book.
_FOOTER_TITLE = re.compile(
    r"(?:tổng cộng|tổng số|tổng|cộng)\s*[:.]?\s*[\d.,]*\s*(?:bản|cuốn|quyển|đầu sách|tên sách)?"
    r"|người lập(?: biểu)?|người ghi(?: sổ)?|thủ thư|giám đốc|xác nhận.*|t\s*m\s*\..*|kt\s*\..*"
    r"|nơi nhận.*|.*ngày\s*[\d.…_]*\s*tháng\s*[\d.…_]*\s*năm\s*[\d.…_]*", re.IGNORECASE)


def _is_book_footer(title: object) -> bool:
    return isinstance(title, str) and bool(_FOOTER_TITLE.fullmatch(title.strip().rstrip(":.")))


def _merge_sub_header(headers: list[str], below: list[object]) -> list[str] | None:
    """A second header row under merged cells ("Xuất bản" over "Nhà xuất bản", "Năm"), merged
    into the first; None when the row below is data."""
    cells = [cell for cell in below if cell_present(cell)]
    if not cells or not all(isinstance(cell, str) and match_book_header(cell) for cell in cells):
        return None
    width = max(len(headers), len(below))
    return [" ".join(str(below[i]).split()) if i < len(below) and below[i] is not None
            else (headers[i] if i < len(headers) else "") for i in range(width)]


def _table(grid: list[list[object]], sheet: str) -> BookTable | None:
    grid, encoding = convert_legacy(grid)
    grid = [[tidy_cell(cell) for cell in row] for row in grid]
    for index, row in enumerate(grid[:_HEADER_SCAN_ROWS]):
        keys = {match_book_header(cell) for cell in row if isinstance(cell, str)}
        if "title" in keys and len(keys - {None, "ignored"}) >= 2:
            headers = [" ".join(str(cell).split()) if cell is not None else "" for cell in row]
            if index + 1 < len(grid) and (merged := _merge_sub_header(headers, grid[index + 1])):
                headers, index = merged, index + 1
            mapping: dict[str, int] = {}
            for column, header in enumerate(headers):
                key = match_book_header(header)
                if key and key != "ignored" and key not in mapping:
                    mapping[key] = column

            def skips(padded: list[object]) -> bool:  # a column-number row, a subtotal, a signature line
                title = padded[mapping["title"]]
                if title is None and not any(cell_present(padded[c]) for k, c in mapping.items()
                                             if k in ("authors", "accession", "isbn")):
                    return True
                return isinstance(title, str) and re.fullmatch(r"\(?\d{1,2}\)?", title.strip()) is not None

            rows, numbers = rows_under_header(grid, index, len(headers),
                                              ends=lambda padded: _is_book_footer(padded[mapping["title"]]),
                                              skips=skips)
            return BookTable(headers, mapping, rows, numbers, sheet, encoding)
    return None


def read_book_table(path: str | Path, sheet: str | None = None) -> BookTable:
    """The table of a catalogue or rotation list: the first sheet with a book header row."""
    return first_table(Path(path), sheet, _table, _(
        "No header row was found. A book list needs a row of column names such as "
        "“Tên sách”, “Tác giả”, “Nhà xuất bản”, “Năm xuất bản”, “Số ĐKCB”."))


@dataclass
class BookRow:
    """One row of a book list, read and checked; `errors` empty means it can be imported."""

    row_number: int
    title: TitleInput | None
    copies: int
    accession_numbers: tuple[Accession, ...] = ()  # each as written: "TS-0012", "45"
    codes: tuple[str, ...] = ()  # lenders' codes (rotation lists)
    shelf: str = ""
    errors: list[str] = field(default_factory=list)


def _language(value: object) -> str:
    words = fold_words(str(value or ""))
    if not words:
        return "vi"
    for word, key in _LANGUAGE_WORDS:
        if re.search(r"\b" + re.escape(word) + r"\b", words):
            return key
    return "other"


def _audience(value: object) -> str:
    words = fold_words(str(value or ""))
    return "children" if any(word in words for word in ("thieu nhi", "tre em", "nhi dong",
                                                         "children", "hoc sinh")) else "adult"


def parse_book_rows(table: BookTable, *, today: dt.date, codes_column: str = "accession") -> list[BookRow]:
    """Read and check every row; `codes_column` "code" makes a rotation list's codes the lender's."""
    mapping = table.mapping
    rows: list[BookRow] = []

    def cell(values: list[object], key: str) -> object:
        return values[mapping[key]] if key in mapping else None

    for values, number in zip(table.rows, table.row_numbers, strict=True):
        errors: list[str] = []
        text = {key: clean_text(cell(values, key)) or "" for key in (
            "title", "authors", "publisher", "place", "classification", "call_number",
            "subjects", "shelf", "notes", "isbn", "code")}
        if problem := unreadable_characters(values):
            errors.append(problem)
        year = None
        try:
            year = year_of_publication(cell(values, "year"))
        except ValueError:
            errors.append(_("The year of publication “{value}” is not a year: write the year "
                            "alone, for example 2015.").format(value=excerpt(cell(values, "year"))))
        price = None
        try:
            price = whole_number(cell(values, "price"))
        except ValueError:
            errors.append(_("The price “{value}” is not a whole number of đồng.").format(
                value=excerpt(cell(values, "price"))))
        numbers: tuple[Accession, ...] = ()
        codes: tuple[str, ...] = ()
        try:
            if codes_column == "accession":
                numbers = accession_codes(cell(values, "accession"))
            else:
                raw = cell(values, "code") if "code" in mapping else cell(values, "accession")
                # Excel's 12.0 is "12"; 1.5 stays "1.5": a code is text, never rounded
                raw_text = raw if isinstance(raw, str) else clean_text(raw) or ""
                codes = tuple(" ".join(part.split()) for part in re.split(r"[;,\n]+", raw_text)
                              if part.strip())
        except ValueError:
            errors.append(_("The accession numbers “{value}” cannot be read: write whole numbers "
                            "from 1 to {largest}, as 12, 12-15 or 12, 14, with a prefix if the "
                            "register has one (TS-0012, VV.000123, GK 45).").format(
                value=excerpt(cell(values, "accession")),
                largest=format_integer(MAX_ACCESSION_NUMBER)))
        copies = len(numbers) or len(codes) or 1
        try:
            stated = whole_number(cell(values, "copies"))
        except ValueError:
            stated = None
            errors.append(_("The number of copies “{value}” is not a whole number.").format(
                value=excerpt(cell(values, "copies"))))
        if stated is not None:
            if (numbers or codes) and stated != copies:
                errors.append(_("The row says {stated} copies but lists {count} numbers.").format(
                    stated=stated, count=copies))
            elif not 1 <= stated <= MAX_COPIES_PER_ROW:
                errors.append(_("The number of copies is between 1 and {count}.").format(
                    count=MAX_COPIES_PER_ROW))
            else:
                copies = stated
        title_input = None
        classification = text["classification"]
        try:
            title_input = validate_title(TitleInput(
                title=text["title"], authors=text["authors"], publisher=text["publisher"],
                place=text["place"], year=year, isbn=text["isbn"],
                language=_language(cell(values, "language")), classification=classification,
                call_number=text["call_number"], subjects=text["subjects"],
                audience=_audience(cell(values, "audience")),
                law_book=classification.strip().startswith("34"), price=price,
                notes=text["notes"]), today=today)
        except ValidationError as error:
            errors.append(error.message)
        rows.append(BookRow(number, title_input, copies, numbers, codes, text["shelf"], errors))
    return rows


class CheckedBookRows:
    """A book list read and checked row by row: only rows without errors are imported."""

    rows: list[BookRow]

    @property
    def accepted(self) -> list[BookRow]:
        """Rows that will be imported."""
        return [row for row in self.rows if not row.errors]

    @property
    def problems(self) -> list[tuple[int, list[str]]]:
        """(row number as the sheet shows it, errors) for every rejected row."""
        return [(row.row_number, row.errors) for row in self.rows if row.errors]

    @property
    def copies(self) -> int:
        """Copies the accepted rows add."""
        return sum(row.copies for row in self.accepted)


@dataclass
class BookImportPreview(CheckedBookRows):
    """What an import would do; only rows without errors are imported."""

    path: Path
    sheet: str
    headers: list[str]
    mapping: dict[str, int]
    rows: list[BookRow]
    legacy_encoding: str | None
    today: dt.date


@dataclass(frozen=True)
class BookImportResult:
    """What an import wrote: its batch of the summary register, titles and copies."""

    intake: IntakeSummary
    titles_created: int
    titles_reused: int
    copies: int


def _check_against_database(db: Database, rows: list[BookRow]) -> None:
    """Mark rows whose accession numbers are taken, in the database or by an earlier row
    ("TS-0012" and "TS-12" are one number; "TS-0012" and "VV.0012" two)."""
    wanted = {code.number for row in rows if not row.errors for code in row.accession_numbers}
    with db.reading() as session:
        taken = {(prefix, number) for number, prefix in session.execute(
            select(BookCopy.accession_number, func.coalesce(BookCopy.accession_prefix, ""))
            .where(BookCopy.accession_number.in_(wanted))).all()} if wanted else set()
    seen: set[tuple[str, int]] = set()
    for row in rows:
        if not row.errors:
            for code in row.accession_numbers:
                if code.key in taken or code.key in seen:
                    row.errors.append(_("The accession number {number} is already in the "
                                        "register; a number is never given twice.").format(
                        number=code.text))
                    break
        for code in row.accession_numbers:
            seen.add(code.key)


def preview_book_import(db: Database, path: str | Path, sheet: str | None = None, *,
                        today: dt.date | None = None) -> BookImportPreview:
    """Read and check a catalogue list; nothing is saved."""
    today = today or dt.date.today()
    table = read_book_table(path, sheet)
    rows = parse_book_rows(table, today=today)
    _check_against_database(db, rows)
    return BookImportPreview(Path(path), table.sheet, table.headers, table.mapping, rows,
                             table.legacy_encoding, today)


def _title_key(title: TitleInput) -> tuple[str, str, str, int | None]:
    return fold(title.title), fold(title.authors), fold(title.publisher), title.year


def commit_book_import(db: Database, preview: BookImportPreview, *,
                       intake: IntakeInput | None = None,
                       progress: Progress | None = None) -> BookImportResult:
    """Write the accepted rows as one batch of the summary register, in one transaction.

    Titles already in the catalogue (same ISBN, or same title, authors, publisher and year) get
    the new copies; rows naming one title twice are merged onto it.
    """
    accepted = preview.accepted
    if not accepted:
        raise UserError(_("No row of the list can be imported; see the problems listed."))
    intake = intake or IntakeInput(date=preview.today, source="opening",
                                   notes=_("Imported from {name}").format(name=preview.path.name))
    clean = validate_intake(intake, today=preview.today)
    if clean.source != "opening" and any(row.accession_numbers for row in accepted):
        raise ValidationError(_("Only opening stock keeps the accession numbers already on its "
                                "labels; new copies are numbered automatically."), "source")
    back_up_before_import(db)
    created = reused = 0
    with db.unit_of_work() as session:
        by_isbn: dict[str, str] = {}
        by_key: dict[tuple[str, str, str, int | None], str] = {}
        for title in session.execute(select(BookTitle).where(BookTitle.deleted.is_(False))).scalars():
            if title.isbn13:
                by_isbn.setdefault(title.isbn13, title.id)
            by_key.setdefault((fold(title.title), fold(title.authors), fold(title.publisher),
                               title.year), title.id)
        lines: list[IntakeLine] = []
        for done, row in enumerate(accepted):
            assert row.title is not None
            isbn13 = to_isbn13(row.title.isbn) if row.title.isbn else None
            key = _title_key(row.title)
            title_id = (by_isbn.get(isbn13) if isbn13 else None) or by_key.get(key)
            if title_id is None:
                title_id = create_title_in(session, row.title).id
                created += 1
                if isbn13:
                    by_isbn[isbn13] = title_id
                by_key[key] = title_id
            else:
                reused += 1
            lines.append(IntakeLine(title_id=title_id, copies=row.copies, price=row.title.price,
                                    shelf=row.shelf, accession_numbers=row.accession_numbers))
            if progress is not None and done % 200 == 0:
                progress.report(done, len(accepted))
                progress.check()
        intake_row, copies = record_batch_in(session, clean, lines, today=preview.today)
        if progress is not None:
            progress.report(len(accepted), len(accepted))
            progress.check()  # last chance to cancel before the transaction commits
        return BookImportResult(intake_summary(session, intake_row), created, reused, len(copies))
