"""Learner and book lists as they really arrive: odd encodings, damaged bytes, huge cells, chart
sheets, bad numbers, control characters, and the shape communes give them. Real files, real
SQLite; a refused value is reported with its reason and never rewritten."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import openpyxl
import pytest
from openpyxl.chart import BarChart, Reference

from desktop.errors import UserError
from desktop.services.books.book_import import commit_book_import, preview_book_import
from desktop.services.books.rotation import read_rotation_list
from desktop.services.learner_import import commit_import, preview_import
from desktop.services.learners import LearnerInput, learner_warnings, list_learners

TODAY = dt.date(2026, 11, 23)
LEARNERS = ("Họ và tên,Năm sinh,Giới tính,Dân tộc,Thôn\n"
            "Nguyễn Thị Hoa,1985,Nữ,Kinh,Thôn Đông\n"
            "Lò Văn Pằn,1979,Nam,Thái,Bản Nà Hạ\n")
BOOKS = ("Tên sách,Tác giả,Nhà xuất bản,Năm xuất bản,Số ĐKCB\n"
         "Kỹ thuật trồng ngô,Nguyễn Văn An,Nông nghiệp,2015,1\n"
         "Nuôi gà thả vườn,Trần Bình,Nông nghiệp,2018,2\n")


def table_rows(db_path: Path, table: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db_path) as connection:
        return connection.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


# --- encodings ------------------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le",
                                      "utf-32-be", "utf-8-sig"])
def test_unicode_text_in_any_width_with_or_without_mark_is_read(db, villages, tmp_path, encoding):
    learners = tmp_path / "hoc-vien.csv"
    learners.write_bytes(LEARNERS.encode(encoding))
    preview = preview_import(db, learners, today=TODAY)
    assert [row.values["full_name"] for row in preview.rows] == ["Nguyễn Thị Hoa", "Lò Văn Pằn"]
    assert preview.accepted == 2
    books = tmp_path / "sach.csv"
    books.write_bytes(BOOKS.encode(encoding))
    book_preview = preview_book_import(db, books, today=TODAY)
    assert [row.title.title for row in book_preview.accepted] == ["Kỹ thuật trồng ngô",
                                                                   "Nuôi gà thả vườn"]


def test_one_bad_byte_refuses_its_row_only_and_says_why(db, villages, tmp_path):
    path = tmp_path / "hoc-vien.csv"
    path.write_bytes(LEARNERS.encode().replace("Pằn".encode(), b"P\xff\xfen"))
    preview = preview_import(db, path, today=TODAY)
    assert preview.accepted == 1 and preview.rejected == 1
    assert preview.problems == [(3, [
        "Dòng này có ký tự không đọc được (tệp bị hỏng ở chỗ này hoặc không được lưu dạng UTF-8). "
        "Hãy sửa dòng này trong tệp rồi nhập lại."])]
    books = tmp_path / "sach.csv"
    books.write_bytes(BOOKS.encode().replace("Bình".encode(), b"B\xc3nh"))
    assert [number for number, _errors in preview_book_import(db, books, today=TODAY).problems] == [3]


def test_binary_rubbish_is_not_a_list(db, tmp_path):
    path = tmp_path / "anh.csv"  # a picture saved under a .csv name
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4 + bytes(64))
    with pytest.raises(UserError, match="không phải là tệp Excel, cũng không phải tệp văn bản"):
        preview_import(db, path, today=TODAY)


# --- huge cells, folders, chart sheets -------------------------------------------------------------

def test_a_cell_past_the_csv_limit_is_a_message_not_a_crash(db, tmp_path):
    huge = "x" * 140_000
    learners = tmp_path / "hoc-vien.csv"
    learners.write_text(f"Họ và tên,Năm sinh\nLò Văn A,{huge}\n", encoding="utf-8")
    with pytest.raises(UserError) as caught:
        preview_import(db, learners, today=TODAY)
    assert caught.value.message.startswith("Dòng 2 của “hoc-vien.csv” có một ô dài hơn 131.072 ký tự")
    books = tmp_path / "sach.csv"
    books.write_text(BOOKS + f"{huge},A,B,2015,3\n", encoding="utf-8")
    with pytest.raises(UserError, match="dài hơn 131.072 ký tự"):
        preview_book_import(db, books, today=TODAY)


def test_a_folder_given_as_the_list_is_named_in_vietnamese_only(db, tmp_path):
    folder = tmp_path / "Danh sách"
    folder.mkdir()
    for read in (lambda: preview_import(db, folder, today=TODAY),
                 lambda: preview_book_import(db, folder, today=TODAY)):
        with pytest.raises(UserError) as caught:
            read()
        assert caught.value.message == ("“Danh sách” là một thư mục. Hãy chọn tệp danh sách ở "
                                        "trong thư mục đó.")


def test_a_workbook_opening_on_a_chart_sheet_reads_its_first_worksheet(db, villages, tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    for row in [["Họ và tên", "Năm sinh", "Thôn"], ["Lò Thị Ón", 1990, "Bản Nà Hạ"]]:
        sheet.append(row)
    chart = BarChart()
    chart.add_data(Reference(sheet, min_col=2, min_row=1, max_row=2), titles_from_data=True)
    workbook.create_chartsheet("Biểu đồ", 0).add_chart(chart)
    path = tmp_path / "co-bieu-do.xlsx"
    workbook.save(path)
    preview = preview_import(db, path, today=TODAY)
    assert preview.sheet == "Danh sách" and preview.sheets == ["Danh sách"]
    assert [row.values["full_name"] for row in preview.rows] == ["Lò Thị Ón"]
    with pytest.raises(UserError, match="“Biểu đồ” là một biểu đồ"):
        preview_import(db, path, sheet="Biểu đồ", today=TODAY)


# --- the book import refuses what it cannot take as written ----------------------------------------

def test_book_values_that_are_not_what_the_file_says_are_refused_never_rewritten(db_path, db, tmp_path):
    path = write_xlsx(tmp_path / "sach.xlsx", [
        ["Tên sách", "Tác giả", "Năm xuất bản", "Số ĐKCB", "Giá tiền"],
        ["Sổ tay pháp luật", "A", 1e30, 10, None],
        ["Truyện cổ tích", "B", -1980, 11, None],
        ["Toán vui", "C", 1980.5, 12, None],
        ["Địa lý", "D", 2000, 1.5, None],
        ["Lịch sử", "E", 2000, 2**63, None],
        ["Hóa học", "F", 2000, "9223372036854775808", None],
        ["Vật lý", "G", 2000, 0, None],
        ["Sinh học", "H", "2015-2016", 13, None],
        ["Tin học", "I", 2019, 14, "1,5"],
        ["Âm nhạc", "K", "Năm 2015", 15, "35.000 đ"],
    ])
    preview = preview_book_import(db, path, today=TODAY)
    problems = dict(preview.problems)
    year = "Năm xuất bản “{}” không phải là một năm: chỉ ghi năm, ví dụ 2015."
    accession = ("Không đọc được số ĐKCB “{}”: hãy ghi số nguyên từ 1 đến 999.999.999, như 12, "
                 "12-15 hoặc 12, 14, kèm tiền tố nếu sổ có ghi (TS-0012, VV.000123, GK 45).")
    assert problems == {
        2: [year.format("1000000000000000019884624838656")],
        3: [year.format("-1980")],
        4: [year.format("1980.5")],
        5: [accession.format("1.5")],
        6: [accession.format("9223372036854775808")],
        7: [accession.format("9223372036854775808")],
        8: [accession.format("0")],
        9: [year.format("2015-2016")],
        10: ["Giá “1,5” không phải là số đồng chẵn."],
    }
    [kept] = preview.accepted
    numbers = tuple(code.number for code in kept.accession_numbers)
    assert (kept.title.title, kept.title.year, kept.title.price, numbers) == (
        "Âm nhạc", 2015, 35000, (15,))
    commit_book_import(db, preview)
    assert [row[0] for row in sqlite3.connect(db_path).execute(
        "SELECT accession_number FROM book_copy")] == [15]


def test_a_rotation_list_keeps_the_lenders_codes_as_written(db, tmp_path):
    path = write_xlsx(tmp_path / "luan-chuyen.xlsx", [
        ["Tên sách", "Tác giả", "Mã sách"], ["Truyện Kiều", "Nguyễn Du", 1.5],
        ["Lục Vân Tiên", "Nguyễn Đình Chiểu", 12.0]])
    listing = read_rotation_list(path, today=TODAY)
    assert [row.codes for row in listing.rows] == [("1.5",), ("12",)]


# --- learners: warnings, not silence ---------------------------------------------------------------

def test_a_child_and_an_unreadable_gender_are_warned_and_control_characters_stripped(
        db_path, db, villages, tmp_path):
    path = tmp_path / "hoc-vien.csv"
    path.write_text("Họ và tên,Năm sinh,Giới tính,Thôn\n"
                    "Lò Văn Tủa,2020,Nam,Thôn Đông\n"
                    "Lò Thị Mai,1990,???,Thôn Đông\n"
                    "\x1b[31mLò\u200b Văn\x07 Hùng\x1b[0m,1980,Nam,Thôn\x00 Đông\n", encoding="utf-8")
    preview = preview_import(db, path, today=TODAY)
    assert preview.accepted == 3 and preview.rejected == 0
    warnings = {row.row_number: row.warnings for row in preview.rows}
    assert warnings[2] == ["Sinh năm 2020, người này khoảng 6 tuổi; học viên của trung tâm thường "
                           "từ 15 tuổi trở lên. Hãy kiểm tra lại năm sinh."]
    assert warnings[3] == ["Không hiểu giới tính “???” nên để trống (hãy ghi Nam hoặc Nữ)."]
    assert warnings[4] == []
    assert commit_import(db, preview) == 3
    with sqlite3.connect(db_path) as connection:
        names = [name for (name,) in connection.execute("SELECT full_name FROM learner")]
    assert sorted(names) == ["Lò Thị Mai", "Lò Văn Hùng", "Lò Văn Tủa"]


def test_book_titles_lose_their_control_characters(db, tmp_path):
    path = tmp_path / "sach.csv"
    path.write_text("Tên sách,Tác giả\n\x1b[1mNuôi\u202e gà\x1b[0m,Trần\x0c Bình\n",
                    encoding="utf-8")
    [row] = preview_book_import(db, path, today=TODAY).accepted
    assert (row.title.title, row.title.authors) == ("Nuôi gà", "Trần Bình")


def test_the_learner_service_warns_under_fifteen_once_and_still_refuses_under_five(db, villages):
    from desktop.errors import ValidationError
    from desktop.services.learners import create_learner, update_learner

    child = LearnerInput(full_name="Lò Văn Tủa", birth_year=2016, village_id=villages["Thôn Đông"])
    assert learner_warnings(db, child, today=TODAY) == [
        "Sinh năm 2016, người này khoảng 10 tuổi; học viên của trung tâm thường từ 15 tuổi trở "
        "lên. Hãy kiểm tra lại năm sinh."]
    assert learner_warnings(db, LearnerInput(full_name="A", birth_year=2011), today=TODAY) == []
    saved = create_learner(db, child, today=TODAY)
    assert learner_warnings(db, child, learner_id=saved.id, today=TODAY) == []  # asked already
    assert learner_warnings(db, LearnerInput(full_name="Lò Văn Tủa", birth_year=2017,
                                             village_id=villages["Thôn Đông"]),
                            learner_id=saved.id, today=TODAY) != []
    with pytest.raises(ValidationError):
        update_learner(db, saved.id, LearnerInput(full_name="Lò Văn Tủa", birth_year=2023,
                                                  village_id=villages["Thôn Đông"]), today=TODAY)


@pytest.mark.gui
def test_the_learner_form_asks_before_saving_a_child(qtbot, db, villages):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from desktop.ui.learner_dialog import LearnerDialog

    seen: list[tuple[str, list[str]]] = []

    def answer_with(label: str) -> None:
        def attempt(tries: int = 0) -> None:
            box = QApplication.activeModalWidget()
            if not isinstance(box, QMessageBox):
                if tries < 250:
                    QTimer.singleShot(20, lambda: attempt(tries + 1))
                return
            buttons = box.buttons()
            seen.append((box.text(), [button.text() for button in buttons]))
            next(button for button in buttons if button.text() == label).click()

        QTimer.singleShot(0, attempt)

    dialog = LearnerDialog(db, None, today=TODAY, default_village_id=villages["Thôn Đông"])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.full_name.setText("Lò Văn Tủa")
    dialog.birth_year.setText("2016")
    dialog.village.setCurrentIndex(dialog.village.findData(villages["Thôn Đông"]))
    answer_with("Quay lại")
    dialog.save()
    assert seen == [("Sinh năm 2016, người này khoảng 10 tuổi; học viên của trung tâm thường từ "
                     "15 tuổi trở lên. Hãy kiểm tra lại năm sinh.", ["Vẫn lưu", "Quay lại"])]
    assert list_learners(db) == [] and dialog.isVisible()
    answer_with("Vẫn lưu")
    dialog.save()
    assert len(seen) == 2
    assert [learner.full_name for learner in list_learners(db)] == ["Lò Văn Tủa"]


# --- the shape communes keep their lists in --------------------------------------------------------

def test_a_commune_list_with_title_block_merged_header_totals_and_villages_spelled_three_ways(
        db, villages, tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in [
        ["UBND XÃ TÂN LẬP", None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        ["TRUNG TÂM HỌC TẬP CỘNG ĐỒNG", None, None, None, "Độc lập - Tự do - Hạnh phúc"],
        [],
        ["DANH SÁCH HỌC VIÊN LỚP XÓA MÙ CHỮ NĂM 2026"],
        ["STT", "Họ và tên", "Năm sinh", None, "Dân tộc", "Thôn, bản"],
        [None, None, "Nam", "Nữ", None, None],
        [1, 2, 3, 4, 5, 6],
        [1, "Lò Văn Pằn", 1985, None, "Thái", "Bản Nà Hạ"],
        [2, "Lò Thị Ón", None, 1990, "Thái", "Nà Hạ"],
        [3, "Quàng Thị Xuân", None, 1992, "Thái", "bản na ha"],
        [4, "Sùng A Chứ", 1979, None, "Mông", "B. Nà Hạ"],
        [None, "Tổng cộng: 4 người", 2, 2, None, None],
        [None, None, None, None, "Tân Lập, ngày 05 tháng 9 năm 2026"],
        [None, "Người lập biểu", None, None, "Giám đốc"],
    ]:
        sheet.append(row)
    for cells in ("A4:F4", "C5:D5", "A5:A6", "B5:B6", "E5:E6", "F5:F6"):
        sheet.merge_cells(cells)
    path = tmp_path / "ds-xmc.xlsx"
    workbook.save(path)
    preview = preview_import(db, path, today=TODAY)
    assert [(row.values["full_name"], row.values["gender"], row.values["birth_year"],
             row.values["village"]) for row in preview.rows] == [
        ("Lò Văn Pằn", "male", 1985, "Bản Nà Hạ"), ("Lò Thị Ón", "female", 1990, "Bản Nà Hạ"),
        ("Quàng Thị Xuân", "female", 1992, "Bản Nà Hạ"), ("Sùng A Chứ", "male", 1979, "Bản Nà Hạ")]
    assert preview.accepted == 4


def test_a_commune_book_list_stops_at_its_totals_and_reads_its_two_row_header(db, tmp_path):
    path = write_xlsx(tmp_path / "tu-sach.xlsx", [
        ["TỦ SÁCH TRUNG TÂM HỌC TẬP CỘNG ĐỒNG XÃ TÂN LẬP"],
        ["STT", "Tên sách", "Tác giả", "Xuất bản", None, "Số lượng"],
        [None, None, None, "Nhà xuất bản", "Năm xuất bản", None],
        [1, "Cộng đồng và phát triển", "Nguyễn Văn An", "Chính trị quốc gia", 2015, 2],
        [2, "Nuôi gà thả vườn", "Trần Bình", "Nông nghiệp", 2018, 1],
        [None, "Cộng", None, None, None, 3],
        [None, "Người lập", None, None, "Giám đốc"],
        [None, "Lò Văn Thắng", None, None, "Hoàng Thị Hà"],
    ])
    preview = preview_book_import(db, path, today=TODAY)
    assert [(row.title.title, row.title.publisher, row.title.year, row.copies)
            for row in preview.rows] == [
        ("Cộng đồng và phát triển", "Chính trị quốc gia", 2015, 2),
        ("Nuôi gà thả vườn", "Nông nghiệp", 2018, 1)]
