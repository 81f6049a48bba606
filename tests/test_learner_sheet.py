"""Reading learner lists as commune officers keep them in Excel and CSV."""

from __future__ import annotations

import datetime as dt
import types
import unicodedata
import zipfile
from collections.abc import Sequence
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.importing import tables
from desktop.importing.cells import (
    CellError, VillageMatcher, clean_citizen_id, clean_phone, clean_schooling, parse_birth,
    parse_gender,
)
from desktop.importing.learner_sheet import (
    ExistingLearner, ImportPreview, RawTable, SheetError, guess_mapping, list_sheets, parse_rows,
    preview_file, read_table, summarise,
)

TODAY = dt.date(2026, 3, 15)
VILLAGES = ["Thôn Đông", "Thôn Tây", "Bản Nà Hạ", "Tổ dân phố 3"]


def write_xlsx(path: Path, rows: Sequence[Sequence[object]], *, title_block: bool = True,
               sheet: str = "Danh sách") -> Path:
    """A workbook like a commune's: a merged title block, then the table from row 4."""
    workbook = openpyxl.Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    if title_block:
        worksheet["A1"] = "UBND XÃ TÂN LẬP"
        worksheet.merge_cells("A1:C1")
        worksheet["E1"] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
        worksheet.merge_cells("E1:H1")
        worksheet["A2"] = "DANH SÁCH HỌC VIÊN LỚP XÓA MÙ CHỮ GIAI ĐOẠN 1 THÔN ĐÔNG"
        worksheet.merge_cells("A2:H2")
        worksheet.append([])
    for row in rows:
        worksheet.append(list(row))
    workbook.save(path)
    return path


def preview(path: Path, **kwargs: object) -> ImportPreview:
    options: dict[str, object] = {"villages": VILLAGES, "today": TODAY, "existing": []}
    options.update(kwargs)
    return preview_file(path, **options)  # type: ignore[arg-type]


def by_row(result: ImportPreview) -> dict[int, object]:
    return {row.row_number: row for row in result.rows}


HEADER = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Thôn", "Số điện thoại",
          "Trình độ văn hóa", "Ghi chú"]


# ---- finding the table -----------------------------------------------------------------------


def test_title_block_header_on_row_4_and_dates_of_every_kind(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "ds.xlsx", [
        HEADER,
        [1, "Lò Thị Hoa", dt.datetime(1985, 3, 12), "Nữ", "Thái", "Đông", 912345678,
         dt.datetime(2025, 12, 9), None],
        [2, "Lò Văn Pọm", 31120, "Nam", "Mèo", "thon tay", "0987 654 321", "5/12", None],
        [3, "Giàng Thị Mai", 1992, "nu", "Hmông", "Bản Nà Hạ", None, None, None],
        [4, "Vàng Văn Sử", 1978.0, "M", "H'Mông", "Tổ 3", None, None, None],
        [5, "Cầm Thị Xuân", "05/11/1990", "F", "Thái", "Tây", None, None, None],
        [6, "Lường Văn Khe", "1988", "Nam", "Thái", None, None, None, None],
        [7, "Quàng Thị Ơn", "3/2001", "Nữ", "Tày", None, None, None, "chuyển từ xã khác"],
        [8, "Hà Văn Tú", "7.9.1975", "Nam", "Mường", None, None, None, None],
    ])
    table = read_table(path)
    assert table.header_row_index == 3
    assert table.headers == HEADER
    assert table.row_numbers == [5, 6, 7, 8, 9, 10, 11, 12]
    assert table.sheet == "Danh sách"
    result = parse_rows(table, guess_mapping(table.headers), villages=VILLAGES, today=TODAY,
                        existing=[])
    assert [row.errors for row in result.rows] == [[]] * 8
    values = [row.values for row in result.rows]
    assert values[0] == {
        "full_name": "Lò Thị Hoa", "gender": "female", "birth_date": dt.date(1985, 3, 12),
        "birth_year": 1985, "ethnic_group_key": "thai", "village": "Thôn Đông",
        "phone": "0912345678", "citizen_id": None, "occupation": None, "schooling": "9/12",
        "religion": None, "notes": None,
    }
    assert values[1]["birth_date"] == dt.date(1985, 3, 14)  # Excel serial 31120
    assert (values[1]["ethnic_group_key"], values[1]["village"]) == ("hmong", "Thôn Tây")
    assert values[1]["phone"] == "0987654321" and values[1]["schooling"] == "5/12"
    assert (values[2]["birth_date"], values[2]["birth_year"]) == (None, 1992)
    assert (values[2]["gender"], values[2]["village"]) == ("female", "Bản Nà Hạ")
    assert (values[3]["birth_year"], values[3]["gender"]) == (1978, "male")
    assert values[3]["village"] == "Tổ dân phố 3"
    assert values[4]["birth_date"] == dt.date(1990, 11, 5)  # day first, never US order
    assert (values[5]["birth_date"], values[5]["birth_year"]) == (None, 1988)
    assert values[5]["village"] is None
    assert (values[6]["birth_date"], values[6]["birth_year"]) == (None, 2001)
    assert values[6]["notes"] == "chuyển từ xã khác"
    assert values[7]["birth_date"] == dt.date(1975, 9, 7)
    assert summarise(result) == {"total": 8, "accepted": 8, "rejected": 0, "duplicates": 0}


def test_split_name_columns(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "split.xlsx", [
        ["TT", "Họ và tên đệm", "Tên", "Năm sinh", "Dân tộc"],
        [1, "Nguyễn Thị", "Hồng", 1980, "Kinh"],
        [2, "  Lê   Văn ", "Nam", 1975, "Kinh"],
    ], title_block=False)
    table = read_table(path)
    mapping = guess_mapping(table.headers)
    assert mapping == {"family_name": 1, "given_name": 2, "birth_year": 3, "ethnic_group": 4}
    result = parse_rows(table, mapping, villages=VILLAGES, today=TODAY, existing=[])
    assert [row.values["full_name"] for row in result.rows] == ["Nguyễn Thị Hồng", "Lê Văn Nam"]
    assert table.row_numbers == [2, 3]


def test_two_row_header_with_birth_year_under_nam_and_nu(tmp_path: Path) -> None:
    """"Năm sinh" over "Nam" | "Nữ": the year is written in the person's column."""
    path = tmp_path / "namnu.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["DANH SÁCH HỌC VIÊN"])
    sheet.append(["STT", "Họ và tên", "Năm sinh", None, "Dân tộc", "Thôn/Bản"])
    sheet.merge_cells("C2:D2")
    sheet.append([None, None, "Nam", "Nữ", None, None])
    sheet.append(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"])
    sheet.append([1, "Lò Văn Thắng", 1970, None, "Thái", "Đông"])
    sheet.append([2, "Lò Thị Hương", None, "1982", "Thái", "Đông"])
    workbook.save(path)
    table = read_table(path)
    assert table.header_row_index == 1
    assert table.headers == ["STT", "Họ và tên", "Nam", "Nữ", "Dân tộc", "Thôn/Bản"]
    assert table.row_numbers == [5, 6]
    result = preview(path)
    assert [(r.values["gender"], r.values["birth_year"]) for r in result.rows] == [
        ("male", 1970), ("female", 1982)]
    assert result.rows[0].values["village"] == "Thôn Đông"


def test_nu_column_marked_with_x(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "nu.xlsx", [
        ["STT", "Họ tên", "Năm sinh", "Nữ", "Dân tộc"],
        [1, "Hà Thị Lan", 1990, "x", "Tày"],
        [2, "Hà Văn Lả", 1991, None, "Tày"],
        [3, "Nông Thị Bích", 1992, "X", "Nùng"],
    ])
    result = preview(path)
    assert [row.values["gender"] for row in result.rows] == ["female", "male", "female"]
    assert [row.values["birth_year"] for row in result.rows] == [1990, 1991, 1992]


def test_footer_and_signatures_end_the_table(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "footer.xlsx", [
        HEADER[:6],
        [1, "Lò Thị Hoa", 1985, "Nữ", "Thái", "Đông"],
        [None, "Tổng cộng: 1 học viên", None, None, None, None],
        [None, None, None, None, "Tân Lập, ngày 20 tháng 9 năm 2025", None],
        [None, "NGƯỜI LẬP BIỂU", None, None, "GIÁM ĐỐC", None],
        [None, "Lò Văn Thắng", None, None, "Lò Văn Thắng", None],
    ])
    table = read_table(path)
    assert [row[1] for row in table.rows] == ["Lò Thị Hoa"]


def test_max_rows_limits_a_preview(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "many.xlsx", [HEADER[:3]] + [
        [n, f"Học viên {n}", 1980 + n % 20] for n in range(1, 201)])
    table = read_table(path, max_rows=10)
    assert len(table.rows) == 10 and table.row_numbers[-1] == 14
    assert len(read_table(path).rows) == 200


def test_sheets_are_listed_and_the_first_with_a_table_is_read(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.title = "Bìa"
    workbook.active["B3"] = "SỔ THEO DÕI HỌC VIÊN"
    second = workbook.create_sheet("Lớp 1")
    second.append(["STT", "Họ và tên", "Năm sinh"])
    second.append([1, "Lò Thị Hoa", 1985])
    third = workbook.create_sheet("Lớp 2")
    third.append(["STT", "Họ và tên", "Năm sinh"])
    third.append([1, "Cầm Văn Inh", 1979])
    workbook.save(path)
    assert list_sheets(path) == ["Bìa", "Lớp 1", "Lớp 2"]
    assert read_table(path).sheet == "Lớp 1"
    assert read_table(path, "Lớp 2").rows == [[1, "Cầm Văn Inh", 1979]]
    with pytest.raises(SheetError, match="Lớp 9"):
        read_table(path, "Lớp 9")
    with pytest.raises(SheetError, match="“Bìa”"):
        read_table(path, "Bìa")


@pytest.mark.parametrize(("header", "key"), [
    ("Họ và tên", "full_name"), ("Họ tên", "full_name"), ("Ho va ten", "full_name"),
    ("HỌ VÀ TÊN HỌC VIÊN", "full_name"), ("Full name", "full_name"), ("Họ và\ntên", "full_name"),
    ("Họ và tên đệm", "family_name"), ("Họ", "family_name"), ("Tên", "given_name"),
    ("Năm sinh", "birth_year"), ("Year of birth", "birth_year"), ("Ngày sinh", "birth_date"),
    ("Ngày, tháng, năm sinh", "birth_date"), ("Ngày tháng năm sinh", "birth_date"),
    ("Giới tính", "gender"), ("Gender", "gender"), ("Nữ", "female_mark"), ("Nam", "male_mark"),
    ("Dân tộc", "ethnic_group"), ("Ethnicity", "ethnic_group"), ("Thôn", "village"),
    ("Thôn/Bản", "village"), ("Bản", "village"), ("Tổ dân phố", "village"), ("Địa chỉ", "village"),
    ("Village", "village"), ("Số điện thoại", "phone"), ("SĐT", "phone"), ("Phone", "phone"),
    ("CCCD", "citizen_id"), ("Số CCCD", "citizen_id"), ("Nghề nghiệp", "occupation"),
    ("Trình độ", "schooling"), ("Trình độ văn hóa", "schooling"), ("Tôn giáo", "religion"),
    ("Ghi chú", "notes"),
])
def test_guess_mapping_reads_each_header(header: str, key: str) -> None:
    assert guess_mapping(["STT", header]) == {key: 1}


def test_guess_mapping_ignores_row_numbers_and_unknown_columns() -> None:
    headers = ["STT", "Họ và tên", "Chữ ký", "Màu yêu thích", "Họ tên", ""]
    assert guess_mapping(headers) == {"full_name": 1}


# ---- CSV -------------------------------------------------------------------------------------


def test_semicolon_csv_with_bom_and_title_lines(tmp_path: Path) -> None:
    path = tmp_path / "ds.csv"
    text = ("DANH SÁCH HỌC VIÊN;;;;\n;;;;\n"
            "STT;Họ và tên;Ngày sinh;Dân tộc;Thôn\n"
            "1;Lò Thị Hoa;12/03/1985;Thái;\"Thôn Đông, xã Tân Lập\"\n"
            "2;Lò Văn An;1990;Kinh;Tây\n")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert list_sheets(path) == ["ds"]
    table = read_table(path)
    assert table.headers == ["STT", "Họ và tên", "Ngày sinh", "Dân tộc", "Thôn"]
    assert table.header_row_index == 2 and table.row_numbers == [4, 5]
    result = preview(path)
    assert [row.values["village"] for row in result.rows] == ["Thôn Đông", "Thôn Tây"]
    assert result.rows[0].values["birth_date"] == dt.date(1985, 3, 12)


def test_tab_and_comma_csv(tmp_path: Path) -> None:
    for delimiter, name in (("\t", "tab.csv"), (",", "comma.csv")):
        path = tmp_path / name
        path.write_text(delimiter.join(["Full name", "Year of birth", "Gender", "Village"]) + "\n"
                        + delimiter.join(["Lo Thi Hoa", "1985", "F", "Thon Dong"]) + "\n",
                        encoding="utf-8")
        result = preview(path)
        assert result.rows[0].values["full_name"] == "Lo Thi Hoa", name
        assert result.rows[0].values["village"] == "Thôn Đông", name
        assert result.rows[0].values["gender"] == "female", name


def test_cp1252_csv(tmp_path: Path) -> None:
    path = tmp_path / "western.csv"
    # "Š" exists in cp1252 but not in cp1258, so only the last fallback reads this file.
    path.write_bytes("Ho va ten;Nam sinh;Ghi chu\nLo Thi Hoa;1985;Šárka, tình nguyện\n"
                     .replace("tình nguyện", "volunteer").encode("cp1252"))
    table = read_table(path)
    assert table.rows == [["Lo Thi Hoa", "1985", "Šárka, volunteer"]]
    assert table.legacy_encoding is None


def test_cp1258_csv_from_vietnamese_windows(tmp_path: Path) -> None:
    path = tmp_path / "vn.csv"
    # cp1258 keeps tone marks as combining characters ("ô" + dot below); the reader composes them.
    text = "Họ và tên,Năm sinh,Dân tộc\nHà Văn Tú,1985,Mường\n"
    tones = "\u0300\u0301\u0303\u0309\u0323"
    cp1258_form = ""
    for char in text:  # cp1258 has ô, ă, ư... precomposed; only the tones stay apart
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        cp1258_form += base + "".join(c for c in parts if c in tones)
    path.write_bytes(cp1258_form.encode("cp1258"))
    table = read_table(path)
    assert table.headers == ["Họ và tên", "Năm sinh", "Dân tộc"]
    assert table.rows == [["Hà Văn Tú", "1985", "Mường"]]
    assert preview(path).rows[0].values["ethnic_group_key"] == "muong"


# ---- files that cannot be read ---------------------------------------------------------------


def test_empty_files(tmp_path: Path) -> None:
    empty_csv = tmp_path / "empty.csv"
    empty_csv.write_bytes(b"")
    with pytest.raises(SheetError, match="không có dữ liệu"):
        read_table(empty_csv)
    blank_csv = tmp_path / "blank.csv"  # six bytes, none of them zero: not UTF-16
    blank_csv.write_text("\n;;;\n\n", encoding="utf-8")
    with pytest.raises(SheetError, match="không có dữ liệu"):
        read_table(blank_csv)
    empty_xlsx = tmp_path / "empty.xlsx"
    openpyxl.Workbook().save(empty_xlsx)
    with pytest.raises(SheetError, match="không có dữ liệu"):
        read_table(empty_xlsx)


def test_wrong_columns_name_what_was_expected(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "stock.xlsx", [["Mã hàng", "Số lượng", "Đơn giá"], ["A1", 3, 5]])
    with pytest.raises(SheetError, match="Họ và tên") as caught:
        read_table(path)
    assert "Năm sinh" in caught.value.message


def test_header_without_a_name_column(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "noname.xlsx", [["STT", "Năm sinh", "Dân tộc"], [1, 1980, "Kinh"]])
    table = read_table(path)
    with pytest.raises(SheetError, match="Họ và tên"):
        parse_rows(table, guess_mapping(table.headers), villages=VILLAGES, today=TODAY,
                   existing=[])


def test_corrupt_xlsx_is_a_sheet_error(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.xlsx"
    garbage.write_bytes(b"PK\x03\x04 this is not really a zip file" * 10)
    with pytest.raises(SheetError, match=r"garbage\.xlsx"):
        read_table(garbage)
    truncated = tmp_path / "truncated.xlsx"
    good = write_xlsx(tmp_path / "good.xlsx", [HEADER, [1, "Lò Thị Hoa", 1985]])
    truncated.write_bytes(good.read_bytes()[:700])
    with pytest.raises(SheetError, match="bị hỏng"):
        list_sheets(truncated)
    with pytest.raises(SheetError, match="bị hỏng"):
        read_table(truncated)
    broken_xml = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(broken_xml, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                data = data[: len(data) // 2]
            target.writestr(item, data)
    with pytest.raises(SheetError, match="bị hỏng"):
        read_table(broken_xml)


def test_old_xls_and_missing_files(tmp_path: Path) -> None:
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(SheetError, match=r"\.xlsx"):
        read_table(old)
    with pytest.raises(SheetError, match=r"missing\.xlsx"):
        read_table(tmp_path / "missing.xlsx")


# ---- checking rows ---------------------------------------------------------------------------


def make_table(rows: list[list[object]], headers: list[str] | None = None) -> RawTable:
    headers = headers or ["Họ và tên", "Năm sinh", "Dân tộc", "Thôn"]
    return RawTable(headers, rows, 0, list(range(2, len(rows) + 2)), "test")


def check(rows: list[list[object]], **kwargs: object) -> ImportPreview:
    table = make_table(rows)
    options: dict[str, object] = {"villages": VILLAGES, "today": TODAY, "existing": []}
    options.update(kwargs)
    return parse_rows(table, guess_mapping(table.headers), **options)  # type: ignore[arg-type]


def test_a_40_character_decomposed_name_is_normalised_and_accepted() -> None:
    name = "Nguyễn Thị Phương Hoàng Yến Trường Xuyến"
    assert len(name) == 40
    decomposed = unicodedata.normalize("NFD", name)
    assert decomposed != name
    result = check([[decomposed, 1980, "Kinh", "Đông"]])
    assert result.rows[0].errors == []
    assert result.rows[0].values["full_name"] == name
    assert unicodedata.is_normalized("NFC", str(result.rows[0].values["full_name"]))
    assert len(result.accepted) == 1


def test_birth_year_limits() -> None:
    result = check([["A Lử", 1890, "", ""], ["B Lử", 2023, "", ""], ["C Lử", 1916, "", ""],
                    ["D Lử", 2021, "", ""], ["E Lử", "31/12/2030", "", ""]])
    errors = [row.errors for row in result.rows]
    assert len(errors[0]) == 1 and "1890" in errors[0][0]
    assert len(errors[1]) == 1 and "2023" in errors[1][0]  # aged 3
    assert errors[2] == [] and errors[3] == []  # 110 and 5 are the limits
    assert len(errors[4]) == 1
    assert [row.row_number for row in result.rejected] == [2, 3, 6]


def test_unknown_ethnic_group_and_village_are_rejected_by_name() -> None:
    result = check([["Lò Thị Hoa", 1985, "Klingon", "Đông"],
                    ["Lò Văn An", 1985, "Thái", "Thôn Bắc"],
                    ["Lò Văn Ba", 1985, "", "Thôn Đông, xã Tân Lập"]])
    first, second, third = result.rows
    assert len(first.errors) == 1 and "Klingon" in first.errors[0]
    assert first.values["ethnic_group_key"] is None
    assert len(second.errors) == 1 and "Thôn Bắc" in second.errors[0]
    assert third.errors == [] and third.values["village"] == "Thôn Đông"
    assert third.values["ethnic_group_key"] is None
    assert summarise(result) == {"total": 3, "accepted": 1, "rejected": 2, "duplicates": 0}


def test_default_ethnic_group_fills_empty_cells_only() -> None:
    result = check([["Lò Thị Hoa", 1985, "", ""], ["Lò Văn An", 1985, "Tày", ""]],
                   default_ethnic_group="thai")
    assert [row.values["ethnic_group_key"] for row in result.rows] == ["thai", "tay"]


def test_empty_and_too_long_names() -> None:
    result = check([["", 1985, "Kinh", ""], ["A" * 101, 1985, "Kinh", ""],
                    ["A" * 100, 1985, "", ""]])
    assert len(result.rows[0].errors) == 1
    assert len(result.rows[1].errors) == 1 and "100" in result.rows[1].errors[0]
    assert result.rows[2].errors == []


def test_unreadable_and_us_order_dates_are_rejected() -> None:
    result = check([["A", "03/25/1985", "", ""], ["B", "31/02/1985", "", ""],
                    ["C", "khoảng 1985", "", ""], ["D", 85, "", ""]])
    for row, value in zip(result.rows, ("03/25/1985", "31/02/1985", "khoảng 1985", "85"),
                          strict=True):
        assert len(row.errors) == 1 and value in row.errors[0]
        assert row.values["birth_year"] is None


def test_no_villages_set_up_yet() -> None:
    result = check([["Lò Thị Hoa", 1985, "", "Đông"], ["Lò Văn An", 1985, "", ""]], villages=[])
    assert len(result.rows[0].errors) == 1 and "Đông" in result.rows[0].errors[0]
    assert result.rows[1].errors == []


def test_duplicates_in_the_file_and_in_the_register() -> None:
    existing = [ExistingLearner("lo thi hoa", 1985, "Thôn Đông", ref="L-17", label="Lò Thị Hoa")]
    result = check([
        ["Lò Thị Hoa", 1985, "", "Đông"],  # already registered
        ["Lò Văn An", 1990, "", "Tây"],
        ["LÒ VĂN  AN", "1990", "", "Thôn Tây"],  # same as the row before
        ["Lò Văn An", 1991, "", "Tây"],  # another birth year: another person
        ["Lò Thị Hoa", 1985, "", "Tây"],  # another village
    ], existing=existing)
    rows = result.rows
    assert [row.duplicate_of for row in rows] == ["L-17", None, "row:3", None, None]
    assert len(rows[0].warnings) == 1 and "Lò Thị Hoa" in rows[0].warnings[0]
    assert len(rows[2].warnings) == 1 and "3" in rows[2].warnings[0]
    assert rows[1].warnings == [] and rows[3].warnings == []
    assert len(result.accepted) == 5  # a warning does not reject
    assert summarise(result) == {"total": 5, "accepted": 5, "rejected": 0, "duplicates": 2}


def test_gender_column_and_tick_columns() -> None:
    table = RawTable(["Họ và tên", "Giới tính", "Nam", "Nữ"], [
        ["A", "Nữ", None, None], ["B", None, "x", None], ["C", None, None, "x"],
        ["D", None, "x", "x"], ["E", "Khác", None, None], ["F", None, None, None],
    ], 0, [2, 3, 4, 5, 6, 7], "test")
    result = parse_rows(table, guess_mapping(table.headers), villages=VILLAGES, today=TODAY,
                        existing=[])
    assert [row.values["gender"] for row in result.rows] == [
        "female", "male", "female", None, None, None]
    assert len(result.rows[3].warnings) == 1 and len(result.rows[4].warnings) == 1
    assert "Khác" in result.rows[4].warnings[0]
    assert all(row.ok for row in result.rows)


# ---- single cells ----------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "date", "year"), [
    ("12/03/1985", dt.date(1985, 3, 12), 1985), ("2/3/1985", dt.date(1985, 3, 2), 1985),
    ("12-03-1985", dt.date(1985, 3, 12), 1985), ("12.03.1985", dt.date(1985, 3, 12), 1985),
    ("12/03/85", dt.date(1985, 3, 12), 1985), ("01/06/10", dt.date(2010, 6, 1), 2010),
    ("1985-03-12", dt.date(1985, 3, 12), 1985), ("12/03/1985 00:00:00", dt.date(1985, 3, 12), 1985),
    (dt.datetime(1985, 3, 12, 0, 0), dt.date(1985, 3, 12), 1985),
    (dt.date(1985, 3, 12), dt.date(1985, 3, 12), 1985),
    (31120, dt.date(1985, 3, 14), 1985), (31120.25, dt.date(1985, 3, 14), 1985),
    ("31120", dt.date(1985, 3, 14), 1985),
    ("1985", None, 1985), (1985, None, 1985), (1985.0, None, 1985), ("1985.0", None, 1985),
    ("'1985", None, 1985), ("03/1985", None, 1985), ("3/1985", None, 1985),
])
def test_parse_birth(value: object, date: dt.date | None, year: int) -> None:
    birth = parse_birth(value, TODAY)
    assert birth is not None and (birth.date, birth.year) == (date, year)


@pytest.mark.parametrize("value", [
    "13/1985", "03/25/1985", "0/0/1985", "1985.5", 1985.5, "abc", True, 12, "12", "99999999999",
])
def test_parse_birth_rejects(value: object) -> None:
    with pytest.raises(CellError):
        parse_birth(value, TODAY)


def test_parse_birth_empty() -> None:
    assert parse_birth(None, TODAY) is None
    assert parse_birth("  ", TODAY) is None


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_day_first_dates_round_trip(day: dt.date) -> None:
    for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", f"{day.day}/{day.month}/%Y"):
        birth = parse_birth(day.strftime(pattern), TODAY)
        assert birth is not None and birth.date == day


@pytest.mark.parametrize(("value", "gender"), [
    ("Nữ", "female"), ("nữ", "female"), ("NU", "female"), ("F", "female"), ("female", "female"),
    ("Nam", "male"), ("nam", "male"), ("M", "male"), ("Male", "male"), (None, None), ("", None),
])
def test_parse_gender(value: object, gender: str | None) -> None:
    assert parse_gender(value) == gender


def test_parse_gender_unknown() -> None:
    with pytest.raises(CellError, match="Khác"):
        parse_gender("Khác")


def test_village_matcher() -> None:
    matcher = VillageMatcher(["Thôn 1", "Tổ 1", "Bản Nà Hạ", "Thôn Đông"])
    assert matcher.match("na ha") == "Bản Nà Hạ"
    assert matcher.match("BẢN NÀ HẠ") == "Bản Nà Hạ"
    assert matcher.match("Thôn 01") == "Thôn 1"
    assert matcher.match("Thôn Đông, xã Tân Lập, tỉnh Sơn La") == "Thôn Đông"
    assert matcher.match(None) is None
    with pytest.raises(CellError, match="Thôn 1"):
        matcher.match("1")  # "Thôn 1" or "Tổ 1"?
    with pytest.raises(CellError, match="Nà Lạ"):
        matcher.match("Nà Lạ")


def test_numbers_that_excel_mangles() -> None:
    assert clean_phone(912345678) == "0912345678"
    assert clean_phone("+84 912 345 678") == "0912345678"
    assert clean_phone("0912.345.678") == "0912345678"
    assert clean_phone("0912345678 / 0987654321") == "0912345678 / 0987654321"
    assert clean_phone(None) is None
    assert clean_citizen_id(1234567890) == "001234567890"
    assert clean_citizen_id(12345678901.0) == "012345678901"
    assert clean_citizen_id("'001234567890") == "001234567890"
    assert clean_citizen_id("123 456 789") == "123456789"  # an old 9-digit ID stays as it is
    assert clean_schooling(dt.datetime(2025, 12, 9)) == "9/12"
    assert clean_schooling(dt.datetime(2025, 10, 7)) == "7/10"
    assert clean_schooling(9) == "9"
    assert clean_schooling("Lớp 5") == "Lớp 5"


# ---- legacy encodings ------------------------------------------------------------------------

TCVN3_ROWS: list[list[object]] = [
    ["STT", "Hä vµ tªn", "N¨m sinh", "Giíi tÝnh", "D©n téc", "Th«n"],
    [1, "NguyÔn V¨n An", 1980, "Nam", "Kinh", "§«ng"],
    [2, "Lß ThÞ Hoa", 1985, "N÷", "Th¸i", "T©y"],
]
TCVN3_MAP = str.maketrans({"ä": "ọ", "µ": "à", "ª": "ê", "¨": "ă", "í": "ớ", "Ý": "í", "©": "â",
                           "é": "ộ", "«": "ô", "Ô": "ễ", "ß": "ò", "Þ": "ị", "÷": "ữ", "¸": "á",
                           "§": "Đ"})


def test_legacy_text_is_converted_before_the_header_is_looked_for(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[list[str]] = []

    def detect(texts: list[str]) -> str | None:
        seen.append(list(texts))
        return "tcvn3"

    fake = types.SimpleNamespace(detect_legacy_encoding_many=detect,
                                 legacy_to_unicode=lambda text, encoding: text.translate(TCVN3_MAP))
    monkeypatch.setattr(tables, "_legacy_module", lambda: fake)
    path = write_xlsx(tmp_path / "tcvn3.xlsx", TCVN3_ROWS, title_block=False)
    result = preview(path)
    assert result.legacy_encoding == "tcvn3"
    assert [row.values["full_name"] for row in result.rows] == ["Nguyễn Văn An", "Lò Thị Hoa"]
    assert [row.values["village"] for row in result.rows] == ["Thôn Đông", "Thôn Tây"]
    assert [row.values["gender"] for row in result.rows] == ["male", "female"]
    assert "Nam" not in seen[0] and "Hä vµ tªn" in seen[0]  # only 8-bit text is sampled


def test_unicode_files_never_ask_for_legacy_detection(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail() -> None:
        raise AssertionError("legacy detection should not run")

    monkeypatch.setattr(tables, "_legacy_module", fail)
    path = write_xlsx(tmp_path / "unicode.xlsx", [HEADER[:6], [1, "Lò Thị Hoa", 1985, "Nữ",
                                                               "Thái", "Đông"]])
    result = preview(path)
    assert result.legacy_encoding is None and result.rows[0].values["full_name"] == "Lò Thị Hoa"


def test_tcvn3_with_the_real_converter(tmp_path: Path) -> None:
    pytest.importorskip("desktop.text.legacy_encoding")
    path = write_xlsx(tmp_path / "tcvn3.xlsx", TCVN3_ROWS)
    result = preview(path)
    assert result.legacy_encoding == "tcvn3"
    assert [row.values["full_name"] for row in result.rows] == ["Nguyễn Văn An", "Lò Thị Hoa"]
    csv_path = tmp_path / "tcvn3.csv"
    csv_path.write_bytes("\n".join(";".join(str(cell) for cell in row) for row in TCVN3_ROWS)
                         .encode("cp1252"))
    result = preview(csv_path)
    assert result.legacy_encoding == "tcvn3"
    assert [row.values["ethnic_group_key"] for row in result.rows] == ["kinh", "thai"]


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_legacy_title_block_and_table_round_trip(tmp_path: Path, encoding: str) -> None:
    legacy = pytest.importorskip("desktop.text.legacy_encoding")
    rows: list[list[object]] = [
        ["STT", "Họ và tên", "Năm sinh", "Giới tính", "Dân tộc", "Thôn"],
        [1, "Nguyễn Văn Đức", 1980, "Nam", "Thái", "Đông"],
        [2, "Hoàng Thị Yến", 1985, "Nữ", "Mường", "Tây"],
    ]
    encoded = [[legacy.unicode_to_legacy(cell, encoding) if isinstance(cell, str) else cell
                for cell in row] for row in rows]
    assert encoded[1][1] != "Nguyễn Văn Đức"
    path = write_xlsx(tmp_path / f"{encoding}.xlsx", encoded)
    result = preview(path)
    assert result.legacy_encoding == encoding
    assert [(row.values["full_name"], row.values["ethnic_group_key"], row.values["village"])
            for row in result.rows] == [("Nguyễn Văn Đức", "thai", "Thôn Đông"),
                                        ("Hoàng Thị Yến", "muong", "Thôn Tây")]


def test_title_cells_with_header_words_are_not_the_header(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "title.xlsx", [
        ["Thôn: Đông", None, "Lớp: Xóa mù chữ", None, "Họ tên giáo viên: Lò Văn Thắng"],
        HEADER[:5],
        [1, "Lò Thị Hoa", 1985, "Nữ", "Thái"],
    ])
    table = read_table(path)
    assert table.header_row_index == 4 and table.row_numbers == [6]
