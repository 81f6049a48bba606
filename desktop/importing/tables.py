"""Reading a sheet of an .xlsx workbook or a CSV file into a header row and data rows.

Commune files put a title block above the table, sometimes a second header row ("Nam" / "Nữ"
under "Năm sinh"), a row of column numbers, and signatures below it; old ones are typed in
TCVN3 or VNI fonts. This module finds the table inside all that.
"""

from __future__ import annotations

import csv
import io
import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

from desktop.errors import UserError, os_error_reason
from desktop.formatting import format_integer
from desktop.i18n import _
from desktop.importing.cells import REPLACEMENT
from desktop.importing.columns import guess_mapping, match_header
from desktop.importing.folding import fold_words, strip_controls

T = TypeVar("T")

log = logging.getLogger(__name__)

_HEADER_SCAN_ROWS = 30
_MAX_EMPTY_RUN = 1000  # sheets formatted down to row 1,048,576 hold nothing after this
_EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm")
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0"
_LABEL_VALUE = re.compile(r":\s*\S")
_COLUMN_NUMBER = re.compile(r"\(?\d{1,2}\)?")
_FOOTER = re.compile(
    r"^(?:tổng cộng|tổng số|cộng\b|người lập|người ghi|xác nhận|t\s*m\s*\.|kt\s*\.|giám đốc"
    r"|chủ tịch|nơi nhận)|ngày\s*[\d.…_]*\s*tháng\s*[\d.…_]*\s*năm\s*[\d.…_]*\s*$")
# Letters that only Unicode Vietnamese has; legacy text read through cp1252 never contains them.
_UNICODE_VIETNAMESE = re.compile("[ăĂđĐĩĨũŨơƠưƯ\u0300-\u0323\u1ea0-\u1ef9]")
_EIGHT_BIT = re.compile("[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6"
                        "\u02dc\u2013-\u203a\u20ac\u2122]")


class SheetError(UserError):
    """The file cannot be read as a learner list; the message says why, for the user."""


@dataclass
class RawTable:
    headers: list[str]
    rows: list[list[object]]  # padded to len(headers); empty cells are None
    header_row_index: int  # 0-based position of the header row in the sheet
    row_numbers: list[int]  # each row's number as the spreadsheet shows it (1-based)
    sheet: str
    legacy_encoding: str | None = None  # "tcvn3" or "vni" when text was converted


def _unreadable(path: Path, error: OSError) -> SheetError:
    log.info("cannot read %s: %s", path, error)
    return SheetError(_("The file “{name}” cannot be read: {reason}.").format(
        name=path.name, reason=os_error_reason(error)))


def file_kind(path: Path) -> str:
    if path.is_dir():
        raise SheetError(_("“{name}” is a folder. Choose the list file inside it.").format(
            name=path.name or str(path)))
    try:
        with path.open("rb") as handle:
            magic = handle.read(4)
    except FileNotFoundError as error:
        raise SheetError(_("The file “{name}” was not found.").format(name=path.name)) from error
    except PermissionError as error:
        raise SheetError(_("The file “{name}” cannot be opened. If it is open in Excel, close it "
                           "and try again.").format(name=path.name)) from error
    except OSError as error:
        raise _unreadable(path, error) from error
    if magic == _OLE2_MAGIC or path.suffix.lower() == ".xls":
        raise SheetError(_("“{name}” is an old Excel 97–2003 file or has a password. Open it in "
                           "Excel, remove any password and save it as .xlsx, then try again.")
                         .format(name=path.name))
    if not magic.strip():
        raise SheetError(_("The file “{name}” is empty.").format(name=path.name))
    if magic.startswith(b"PK") or path.suffix.lower() in _EXCEL_SUFFIXES:
        return "xlsx"
    return "csv"


def _damaged(path: Path) -> SheetError:
    return SheetError(_("The file “{name}” is damaged or is not an Excel workbook.").format(
        name=path.name))


def _open_workbook(path: Path) -> Any:  # an openpyxl Workbook (openpyxl has no type hints)
    import openpyxl  # imported when needed: start-up cost

    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    # Broken files fail deep inside zipfile, XML parsers or openpyxl with many exception types;
    # all of them mean the same thing to the user.
    except Exception as error:
        raise _damaged(path) from error


def _table_sheets(workbook: Any) -> list[str]:
    # Chart sheets have no cells: a workbook that opens on its chart still has its table.
    return [worksheet.title for worksheet in workbook.worksheets]


def list_sheets(path: str | Path) -> list[str]:
    """The sheets a user can choose from; a CSV file is one sheet named after the file."""
    path = Path(path)
    if file_kind(path) == "csv":
        return [path.stem]
    workbook = _open_workbook(path)
    try:
        return _table_sheets(workbook)
    finally:
        workbook.close()


def xlsx_grids(path: Path, sheet: str | None) -> list[tuple[str, list[list[object]]]]:
    workbook = _open_workbook(path)
    try:
        names = _table_sheets(workbook)
        if sheet is not None and sheet in workbook.sheetnames and sheet not in names:
            raise SheetError(_("The sheet “{sheet}” holds a chart, not a table.").format(
                sheet=sheet))
        if sheet is not None and sheet not in names:
            raise SheetError(_("The workbook has no sheet named “{sheet}”.").format(sheet=sheet))
        if not names:
            raise SheetError(_("The workbook “{name}” has no sheet with a table, only charts.")
                             .format(name=path.name))
        grids = []
        for name in [sheet] if sheet is not None else names:
            worksheet = workbook[name]
            worksheet.reset_dimensions()  # some programs write a wrong used range; read it all
            grid: list[list[object]] = []
            empty_run = 0
            try:
                for row in worksheet.iter_rows(values_only=True):
                    grid.append(list(row))
                    empty_run = 0 if any(cell_present(cell) for cell in row) else empty_run + 1
                    if empty_run > _MAX_EMPTY_RUN:
                        break
            except Exception as error:  # read-only sheets parse lazily: damage shows here
                raise _damaged(path) from error
            grids.append((name, grid))
        return grids
    finally:
        workbook.close()


def _legacy_module() -> ModuleType | None:
    # Imported here so the rest of the import works while that module is being written.
    try:
        from desktop.text import legacy_encoding
    except ImportError:
        log.warning("desktop.text.legacy_encoding is missing; TCVN3/VNI text is not converted")
        return None
    return legacy_encoding


def _legacy_candidates(texts: Sequence[str]) -> list[str]:
    """Text that could be TCVN3 or VNI: 8-bit letters and no Unicode-only Vietnamese letters.

    Returns nothing when the text is mostly Unicode Vietnamese already.
    """
    unicode_count = sum(1 for text in texts if _UNICODE_VIETNAMESE.search(text))
    candidates = [text for text in texts
                  if _EIGHT_BIT.search(text) and not _UNICODE_VIETNAMESE.search(text)]
    return candidates if len(candidates) > unicode_count else []


def _detect_legacy(texts: Sequence[str]) -> str | None:
    candidates = _legacy_candidates(texts)
    if not candidates:
        return None
    module = _legacy_module()
    if module is None:
        return None
    encoding: str | None = module.detect_legacy_encoding_many(candidates)
    return encoding


def convert_legacy(grid: list[list[object]]) -> tuple[list[list[object]], str | None]:
    texts = [cell for row in grid for cell in row if isinstance(cell, str)]
    encoding = _detect_legacy(texts)
    if encoding is None:
        return grid, None
    module = _legacy_module()
    assert module is not None  # detection just used it
    candidates = set(_legacy_candidates(texts))
    converted = [[module.legacy_to_unicode(cell, encoding) if cell in candidates else cell
                  for cell in row] for row in grid]
    return converted, encoding


# Byte-order marks, longest first: the UTF-32 little-endian mark begins with UTF-16's.
_BYTE_ORDER_MARKS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
                     (b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"),
                     (b"\xfe\xff", "utf-16-be"))
_WIDE_ENCODINGS = ("utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be")
_SAMPLE = 4096


def _text_share(text: str) -> float:
    """How much of a decoded sample looks like text (letters, digits, punctuation, spaces)."""
    if not text:
        return 0.0
    good = sum(1 for ch in text if ch.isprintable() or ch in "\r\n\t")
    return good / len(text)


def _wide_encoding(raw: bytes) -> str | None:
    """UTF-16 or UTF-32 without a byte-order mark (Excel's "Unicode text", some exports): their
    text is full of zero bytes, which 8-bit and UTF-8 text never holds."""
    sample = raw[:_SAMPLE]
    zeros = sample.count(0)
    if not zeros or zeros < len(sample) // 8:
        return None
    best, best_share = None, 0.9
    for encoding in _WIDE_ENCODINGS:
        unit = 4 if "32" in encoding else 2
        piece = sample[:len(sample) // unit * unit]
        try:
            share = _text_share(piece.decode(encoding))
        except UnicodeDecodeError:
            continue
        if share > best_share:
            best, best_share = encoding, share
    return best


def _mostly_utf8(raw: bytes) -> str | None:
    """A UTF-8 file with a few bad bytes (a damaged copy, one cell pasted from elsewhere), read
    with those bytes marked: the rows holding them are then refused, the others imported."""
    lenient = raw.decode("utf-8", errors="replace")
    bad = lenient.count(REPLACEMENT)
    good = sum(1 for ch in lenient if ord(ch) > 0x7F and ch != REPLACEMENT)
    return lenient if good >= 4 * bad else None


def _decode_csv(raw: bytes, name: str) -> str:
    for mark, encoding in _BYTE_ORDER_MARKS:
        if raw.startswith(mark):
            return raw[len(mark):].decode(encoding, errors="replace")
    wide = _wide_encoding(raw)
    if wide is not None:
        return raw.decode(wide, errors="replace")
    if raw[:_SAMPLE].count(0) > len(raw[:_SAMPLE]) // 100:
        raise SheetError(_("The file “{name}” is neither an Excel workbook nor a text (CSV) file."
                           ).format(name=name))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if (lenient := _mostly_utf8(raw)) is not None:
        return lenient
    # An 8-bit file: Vietnamese Windows saves CSV as cp1258, but TCVN3 and VNI bytes are
    # conventionally read as cp1252 (that is how Excel showed them), so try those first.
    western = raw.decode("cp1252", errors="replace")
    if _detect_legacy(western.splitlines()) is not None:
        return western
    try:
        return raw.decode("cp1258")
    except UnicodeDecodeError:
        return western


def _sniff_delimiter(text: str) -> str:
    lines = text.splitlines()[:50]
    best, best_score = ",", 0
    for delimiter in (",", ";", "\t"):
        try:
            widths = [len(row) for row in csv.reader(lines, delimiter=delimiter) if len(row) > 1]
        except csv.Error:  # a cell past the csv module's limit: not this delimiter's fault
            continue
        if not widths:
            continue
        _width, score = Counter(widths).most_common(1)[0]
        if score > best_score:
            best, best_score = delimiter, score
    return best


def csv_grid(path: Path) -> list[list[object]]:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise _unreadable(path, error) from error
    text = _decode_csv(raw, path.name)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text))
    try:
        return [[cell if cell.strip() else None for cell in row] for row in reader]
    except csv.Error as error:
        if "field limit" in str(error):
            raise SheetError(_("Line {line} of “{name}” holds a cell of more than {count} "
                               "characters: this is not a list that can be imported. Check that "
                               "it is the right file.").format(
                line=reader.line_num, name=path.name,
                count=format_integer(csv.field_size_limit()))) from error
        raise SheetError(_("The file “{name}” is not a readable CSV file.").format(
            name=path.name)) from error


def cell_present(cell: object) -> bool:
    return cell is not None and not (isinstance(cell, str) and not cell.strip())


def tidy_cell(cell: object) -> object:
    if isinstance(cell, str):
        cell = strip_controls(unicodedata.normalize("NFC", cell))
        return cell if cell.strip() else None
    return cell


def _header_keys(row: Sequence[object]) -> set[str]:
    # "Thôn: Đông" or "Họ tên giáo viên: ..." in a title block is a label with its value.
    labels = (cell for cell in row if isinstance(cell, str) and not _LABEL_VALUE.search(cell))
    return {key for cell in labels if (key := match_header(cell))}


_DATE_PARTS = ("ngày", "tháng", "năm")


def _with_parents(headers: list[str], below: Sequence[object]) -> list[object]:
    """A second header row read under its merged parent: "Ngày", "Tháng", "Năm" under "Ngày
    tháng năm sinh" are "Ngày sinh", "Tháng sinh", "Năm sinh" (a merged cell is empty after its
    first column, so the parent is the last heading to the left)."""
    composed: list[object] = []
    parent = ""
    for index, cell in enumerate(below):
        if index < len(headers) and headers[index].strip():
            parent = headers[index]
        if (isinstance(cell, str) and cell.strip().lower() in _DATE_PARTS
                and "sinh" in fold_words(parent).split()):
            composed.append(f"{cell.strip().capitalize()} sinh")
        else:
            composed.append(cell)
    return composed


def _is_sub_header(row: Sequence[object]) -> bool:
    cells = [cell for cell in row if cell_present(cell)]
    return bool(cells) and all(isinstance(cell, str) and match_header(cell) for cell in cells)


def _is_column_numbers(row: Sequence[object]) -> bool:
    cells = [str(cell).strip() for cell in row if cell_present(cell)]
    if len(cells) < 3 or not all(_COLUMN_NUMBER.fullmatch(cell) for cell in cells):
        return False
    numbers = [int(cell.strip("()")) for cell in cells]
    return numbers == sorted(set(numbers))


def _is_footer(row: Sequence[object], name_columns: list[int]) -> bool:
    texts = [cell.strip().lower() for cell in row if isinstance(cell, str)]
    if not any(_FOOTER.search(text) for text in texts):
        return False
    names = [row[index] for index in name_columns if index < len(row) and cell_present(row[index])]
    return not names or any(isinstance(name, str) and _FOOTER.search(name.strip().lower())
                            for name in names)


def _table_from_grid(grid: list[list[object]], sheet: str, max_rows: int | None) -> RawTable:
    grid, encoding = convert_legacy(grid)
    grid = [[tidy_cell(cell) for cell in row] for row in grid]
    header_index = next((index for index, row in enumerate(grid[:_HEADER_SCAN_ROWS])
                         if len(_header_keys(row)) >= 2), None)
    if header_index is None:
        raise SheetError(_("No header row was found in “{sheet}”. The list needs a row of column "
                           "names such as “Họ và tên”, “Năm sinh”, “Giới tính”, “Dân tộc”, "
                           "“Thôn”.").format(sheet=sheet))
    headers = [str(cell) if cell is not None else "" for cell in grid[header_index]]
    start = header_index + 1
    if start < len(grid) and _is_sub_header(below := _with_parents(headers, grid[start])):
        width = max(len(headers), len(below))
        headers = [str(below[i]) if i < len(below) and below[i] is not None
                   else (headers[i] if i < len(headers) else "") for i in range(width)]
        start += 1
    if start < len(grid) and _is_column_numbers(grid[start]):
        start += 1
    width = max((i + 1 for i, header in enumerate(headers) if header.strip()), default=0)
    headers = [" ".join(header.split()) for header in headers[:width]]
    mapping = guess_mapping(headers)
    name_columns = [mapping[key] for key in ("full_name", "family_name", "given_name")
                    if key in mapping]
    rows: list[list[object]] = []
    numbers: list[int] = []
    for index in range(start, len(grid)):
        row = grid[index]
        if not any(cell_present(cell) for cell in row):
            continue
        if _is_footer(row, name_columns):
            break
        if max_rows is not None and len(rows) >= max_rows:
            break
        rows.append((row + [None] * width)[:width])
        numbers.append(index + 1)
    return RawTable(headers, rows, header_index, numbers, sheet, encoding)


def file_grids(path: Path, sheet: str | None) -> list[tuple[str, list[list[object]]]]:
    """The (sheet name, grid) pairs to look for a table in: a CSV file's one, named after the
    file, or a workbook's sheets (all, or the one named); SheetError when the file holds nothing."""
    if file_kind(path) == "csv":
        if sheet is not None and sheet != path.stem:
            raise SheetError(_("The workbook has no sheet named “{sheet}”.").format(sheet=sheet))
        grids = [(path.stem, csv_grid(path))]
    else:
        grids = xlsx_grids(path, sheet)
    if not any(cell_present(cell) for _name, grid in grids for row in grid for cell in row):
        raise SheetError(_("The file “{name}” is empty.").format(name=path.name))
    return grids


def rows_under_header(grid: Sequence[Sequence[object]], header_index: int, width: int, *,
                      ends: Callable[[list[object]], bool],
                      skips: Callable[[list[object]], bool]) -> tuple[list[list[object]], list[int]]:
    """The data rows under a header row, padded to its width, with their row numbers (from 1):
    blank rows and those `skips` says are left out; the table stops at the first row `ends` names
    (its totals, its signatures)."""
    rows: list[list[object]] = []
    numbers: list[int] = []
    for number, data in enumerate(grid[header_index + 1:], start=header_index + 2):
        if not any(cell_present(cell) for cell in data):
            continue
        padded = (list(data) + [None] * width)[:width]
        if ends(padded):
            break
        if skips(padded):
            continue
        rows.append(padded)
        numbers.append(number)
    return rows, numbers


def first_table(path: Path, sheet: str | None, table_of: Callable[[list[list[object]], str], T | None],
                not_found: str) -> T:
    """The table of the first sheet `table_of` finds one in (it answers None for a sheet
    without); SheetError with `not_found` when no sheet has one."""
    for name, grid in file_grids(path, sheet):
        table = table_of(grid, name)
        if table is not None:
            return table
    raise SheetError(not_found)


def read_table(path: str | Path, sheet: str | None = None,
               max_rows: int | None = None) -> RawTable:
    """The table of a learner list: its header row and the data rows under it.

    With no sheet given, the first sheet that has a header row is read. `max_rows` limits the
    data rows returned (for a quick preview).
    """
    path = Path(path)
    grids = file_grids(path, sheet)
    first_error: SheetError | None = None
    for name, grid in grids:
        if not any(cell_present(cell) for row in grid for cell in row):
            continue
        try:
            return _table_from_grid(grid, name, max_rows)
        except SheetError as error:
            first_error = first_error or error
    assert first_error is not None
    raise first_error
