"""Every list reader fed rubbish: random bytes, random CSV text, random cell values (odd types, huge
strings, control characters, NaN and infinity, dates, booleans). Only a known UserError or a clean
report may come out, never another exception; a refused import changes no data.

Readers: the learner list (read_table → parse_rows, and the import service on a real database),
the book list (read_book_table → parse_book_rows, and its import service), the rotation list.
Bounded: 50 to 100 examples each, no deadline, about twenty seconds in all.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.errors import UserError
from desktop.importing.learner_sheet import RawTable, guess_mapping, parse_rows, read_table
from desktop.services.books.book_import import (
    BookTable, commit_book_import, match_book_header, parse_book_rows, preview_book_import,
    read_book_table,
)
from desktop.services.books.rotation import read_rotation_list
from desktop.services.learner_import import commit_import, preview_import

TODAY = dt.date(2026, 11, 23)
FUZZ = settings(max_examples=100, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large])

LEARNER_HEADERS = ["STT", "Họ và tên", "Họ", "Tên", "Ngày sinh", "Năm sinh", "Nam", "Nữ",
                   "Giới tính", "Dân tộc", "Thôn", "Số điện thoại", "CCCD", "Nghề nghiệp",
                   "Trình độ", "Tôn giáo", "Ghi chú"]
BOOK_HEADERS = ["STT", "Tên sách", "Tác giả", "Nhà xuất bản", "Nơi xuất bản", "Năm xuất bản",
                "Số ĐKCB", "Mã sách", "Số lượng", "Giá tiền", "Ngôn ngữ", "Đối tượng", "ISBN",
                "Phân loại", "Kho", "Ghi chú"]

controls = st.text(alphabet=st.characters(codec=None, categories=("Cc", "Cf", "Zs", "Zl")),
                   max_size=5)
words = st.sampled_from(["Lò Văn Pằn", "Thôn Đông", "Bản Nà Hạ", "Nữ", "nam", "???", "Kinh",
                         "Thái", "31/02/2020", "13/1990", "1985", "05/03/1985", "12-15", "1, 2",
                         "2015", "Năm 2015", "35.000 đ", "1,5", "-1980", "Tổng cộng", "Cộng",
                         "Người lập biểu", "\x1b[31mđỏ\x1b[0m", "", " ", "0", "x", "nan", "inf",
                         "9" * 30, "ngày 5 tháng 9 năm 2026"])
cell_values = st.one_of(
    st.none(), st.booleans(), words, st.text(max_size=30), controls,
    st.builds(lambda piece, times: piece * times, st.sampled_from(["x", "Ữ", "\x00", "\ufffd"]),
              st.sampled_from([101, 4_000, 140_000])),
    st.integers(min_value=-(2**70), max_value=2**70), st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=dt.date(1, 1, 1)), st.datetimes(), st.sampled_from([1e30, -1980, 1980.5, 1.5,
                                                                            2**63, 0, 44562.0]),
)


def known_outcome(read) -> object | None:  # type: ignore[no-untyped-def]
    """Run a reader; a UserError is a known outcome (None), anything else propagates."""
    try:
        return read()
    except UserError as error:
        assert error.message and "Traceback" not in error.message
        return None


def data_of(db_path: Path) -> list[str]:
    with sqlite3.connect(db_path) as connection:
        return list(connection.iterdump())


# --- random bytes, every reader ------------------------------------------------------------------------

@FUZZ
@given(content=st.binary(max_size=3000), suffix=st.sampled_from([".csv", ".xlsx", ".txt"]),
       prefix=st.sampled_from([b"", b"PK\x03\x04", b"\xff\xfe", b"\xef\xbb\xbf", b"\x00\x00\xfe\xff"]))
def test_random_bytes_give_a_message_or_a_table(tmp_path_factory, content, suffix, prefix):
    path = tmp_path_factory.mktemp("bytes") / f"danh-sach{suffix}"
    path.write_bytes(prefix + content)
    known_outcome(lambda: read_table(path))
    known_outcome(lambda: read_book_table(path))
    known_outcome(lambda: read_rotation_list(path, today=TODAY))


# --- random CSV text through the import services, on a real database -------------------------------------

def csv_text(headers: list[str]):  # type: ignore[no-untyped-def]
    huge = st.sampled_from(["Ữ" * 140_000, "x" * 131_073])  # past the csv module's field limit
    rows = st.lists(st.lists(st.one_of(words, st.text(max_size=12), controls, huge), max_size=8),
                    max_size=6)
    return st.tuples(st.lists(st.sampled_from(headers), min_size=1, max_size=7, unique=True),
                     rows, st.sampled_from([",", ";", "\t"]),
                     st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32-le", "cp1258"]),
                     st.lists(st.text(max_size=20), max_size=2))


def write_csv(path: Path, parts) -> Path:  # type: ignore[no-untyped-def]
    headers, rows, delimiter, encoding, title = parts
    lines = [*title, delimiter.join(headers),
             *(delimiter.join(cell.replace('"', "") for cell in row) for row in rows)]
    path.write_bytes("\n".join(lines).encode(encoding, errors="replace"))
    return path


@settings(FUZZ, max_examples=60)  # each example opens a preview on the database
@given(parts=csv_text(LEARNER_HEADERS))
def test_random_learner_lists_import_cleanly_or_change_nothing(db, db_path, villages,
                                                                tmp_path_factory, parts):
    path = write_csv(tmp_path_factory.mktemp("learners") / "hoc-vien.csv", parts)
    before = data_of(db_path)
    preview = known_outcome(lambda: preview_import(db, path, today=TODAY))
    assert data_of(db_path) == before  # a preview never writes
    if preview is None:
        return
    imported = known_outcome(lambda: commit_import(db, preview))
    if not imported:
        assert data_of(db_path) == before


@settings(FUZZ, max_examples=60)
@given(parts=csv_text(BOOK_HEADERS))
def test_random_book_lists_import_cleanly_or_change_nothing(db, db_path, tmp_path_factory, parts):
    path = write_csv(tmp_path_factory.mktemp("books") / "sach.csv", parts)
    before = data_of(db_path)
    preview = known_outcome(lambda: preview_book_import(db, path, today=TODAY))
    assert data_of(db_path) == before
    if preview is None:
        return
    result = known_outcome(lambda: commit_book_import(db, preview))
    if result is None:
        assert data_of(db_path) == before
    known_outcome(lambda: read_rotation_list(path, today=TODAY))


# --- random cell values, as Excel hands them over ---------------------------------------------------------

def table_of(headers: list[str]):  # type: ignore[no-untyped-def]
    """Headers and full rows under them: every column gets values of every kind."""
    return st.lists(st.lists(cell_values, min_size=len(headers), max_size=len(headers)),
                    min_size=1, max_size=5).map(lambda rows: (headers, rows))


def learner_tables():  # type: ignore[no-untyped-def]
    return st.lists(st.sampled_from(LEARNER_HEADERS), min_size=1, max_size=8,
                    unique=True).flatmap(table_of)


def book_tables():  # type: ignore[no-untyped-def]
    return st.lists(st.sampled_from(BOOK_HEADERS[2:]), max_size=7, unique=True).map(
        lambda headers: ["Tên sách", "Số ĐKCB", "Năm xuất bản", *headers]).flatmap(table_of)


@FUZZ
@given(learners=learner_tables())
def test_random_cells_in_a_learner_table_are_read_or_refused(learners):
    headers, rows = learners
    table = RawTable(headers, rows, 0, list(range(2, len(rows) + 2)), "Sheet1")
    preview = known_outcome(lambda: parse_rows(
        table, guess_mapping(headers), villages=["Thôn Đông", "Bản Nà Hạ"], today=TODAY,
        existing=[]))
    for row in getattr(preview, "rows", []):
        assert all(isinstance(message, str) and message for message in row.errors + row.warnings)
        name = row.values["full_name"]
        assert isinstance(name, str) and not any(ord(ch) < 32 or ch == "\x7f" for ch in name)


def exactly(value: object) -> int | None:
    """The whole number a numeric cell holds, or None when it holds none (1.5, NaN, text)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float) and not (value == value and abs(value) < 1e300
                                         and value.is_integer()):
        return None
    return int(value)


@FUZZ
@given(books=book_tables(), codes=st.sampled_from(["accession", "code"]))
def test_random_cells_in_a_book_table_are_read_or_refused_never_rewritten(books, codes):
    headers, rows = books
    mapping: dict[str, int] = {}
    for column, header in enumerate(headers):
        key = match_book_header(header)
        if key and key != "ignored":
            mapping.setdefault(key, column)
    table = BookTable(headers, mapping, rows, list(range(2, len(rows) + 2)), "Sheet1")
    parsed = parse_book_rows(table, today=TODAY, codes_column=codes)
    for row, cells in zip(parsed, rows, strict=True):
        if row.errors:
            assert all(isinstance(message, str) and message for message in row.errors)
            continue
        assert row.title is not None and 1 <= row.copies <= 500
        year, accession = cells[mapping["year"]], cells[mapping["accession"]]
        if isinstance(year, (int, float)) and not isinstance(year, bool):
            assert row.title.year == exactly(year)  # never 1988 for 10^30, 1980 for 1980.5
        if codes == "accession" and isinstance(accession, (int, float)) and not isinstance(
                accession, bool):
            assert row.accession_numbers == (exactly(accession),)  # never 1 for 1.5
        assert all(isinstance(number, int) and 1 <= number <= 999_999_999
                   for number in row.accession_numbers)


@pytest.mark.parametrize("reader", ["learners", "books"])
@settings(FUZZ, max_examples=50)
@given(rows=st.lists(st.lists(cell_values.filter(lambda value: not isinstance(value, str) or
                                                 value.isprintable()), max_size=6), max_size=4))
def test_random_cells_in_a_real_workbook(tmp_path_factory, reader, rows):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(LEARNER_HEADERS[:6] if reader == "learners" else BOOK_HEADERS[:8])
    for row in rows:
        try:
            sheet.append([None if isinstance(value, float) and value != value else value
                          for value in row])
        except (ValueError, TypeError):  # openpyxl cannot store it: nor could Excel
            continue
    path = tmp_path_factory.mktemp("xlsx") / "danh-sach.xlsx"
    try:
        workbook.save(path)
    except (ValueError, TypeError, OverflowError):
        return
    read = read_table if reader == "learners" else read_book_table
    known_outcome(lambda: read(path))
