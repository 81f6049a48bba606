"""Importing an existing catalogue list: preview, one transaction, numbers kept, bad rows named."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from desktop.cli import main
from test_books_support import TODAY, snapshot

from desktop.errors import UserError
from desktop.i18n import set_language
from desktop.services.books.book_import import (
    commit_book_import,
    match_book_header,
    preview_book_import,
)
from desktop.services.books.catalogue import TitleInput, find_copy_by_code, list_copies, search_catalogue
from desktop.services.books.intake import IntakeInput, IntakeLine, record_intake, summary_register

CSV = """DANH MỤC SÁCH TỦ SÁCH XÃ TÂN LẬP
(Kèm theo biên bản kiểm kê ngày 20/11/2026)

STT;Số ĐKCB;Tên sách;Tác giả;Nhà xuất bản;Năm XB;Giá;Môn loại;Số bản;ISBN;Kho;Đối tượng;Ngôn ngữ
(1);(2);(3);(4);(5);(6);(7);(8);(9);(10);(11);(12);(13)
1;1-3;Kỹ thuật nuôi gà thả vườn;Nguyễn Văn Bộ;NXB Nông nghiệp;2019;35.000;636.5;3;978-604-60-0000-6;C1;;
2;4;Luật Đất đai năm 2024;Quốc hội;NXB Tư pháp;2024;30000;340;;;PL;;
3;5, 7;Dế Mèn phiêu lưu ký;Tô Hoài;NXB Kim Đồng;2019;48000;895.9223;2;;TN;Thiếu nhi;
4;;Truyện cổ dân tộc Thái;Nhiều tác giả;NXB Văn hóa dân tộc;2015;55000;398.2;2;;TN;Thiếu nhi;Song ngữ Thái - Việt
5;9;Sách giá âm;A;B;2020;-5000;800;;;;;
6;10;Sách ISBN sai;A;B;2020;1000;800;;978-604-60-0000-0;;;
7;11;Kỹ thuật nuôi gà thả vườn;Nguyễn Văn Bộ;NXB Nông nghiệp;2019;35000;636.5;;;C1;;
8;3;Trùng số;A;B;2020;1000;800;;;;;
;;;;;;;;;;;;
Người lập biểu;;;;Giám đốc;;;;;;;;
"""


@pytest.fixture
def csv_file(tmp_path) -> Path:
    set_language("en")
    path = tmp_path / "danh_muc.csv"
    path.write_text(CSV, encoding="utf-8-sig")
    return path


def test_headers_are_recognised():
    assert match_book_header("Tên sách") == "title"
    assert match_book_header("Số ĐKCB") == "accession"
    assert match_book_header("Nơi xuất bản") == "place"
    assert match_book_header("Năm xuất bản") == "year"
    assert match_book_header("Nhà xuất bản") == "publisher"
    assert match_book_header("Ký hiệu phân loại") == "classification"
    assert match_book_header("Giá") == "price"


def test_preview_reads_rows_and_names_the_bad_ones(db, csv_file):
    before = snapshot(db)
    preview = preview_book_import(db, csv_file, today=TODAY)
    assert snapshot(db) == before  # a preview writes nothing
    assert len(preview.rows) == 8
    problems = dict(preview.problems)
    assert set(problems) == {10, 11, 13}
    assert "negative" in problems[10][0]
    assert "check digit" in problems[11][0]
    assert "never given twice" in problems[13][0]  # number 3 is also in row 1's range 1-3
    first = preview.rows[0]
    assert [code.text for code in first.accession_numbers] == ["1", "2", "3"] and first.copies == 3 and first.shelf == "C1"
    assert first.title.price == 35000 and first.title.isbn == "9786046000006"
    assert preview.rows[1].title.law_book
    assert preview.rows[3].title.language == "vi-minority" and preview.rows[3].title.audience == "children"
    assert preview.copies == 3 + 1 + 2 + 2 + 1


def test_commit_writes_one_opening_batch_keeping_the_numbers(db, csv_file):
    preview = preview_book_import(db, csv_file, today=TODAY)
    result = commit_book_import(db, preview)
    assert result.copies == 9 and result.titles_created == 4 and result.titles_reused == 1
    (batch,) = summary_register(db)
    assert batch.source == "opening" and batch.copies == 9
    assert find_copy_by_code(db, "7").title == "Dế Mèn phiêu lưu ký"
    (chicken,) = search_catalogue(db, "nuoi ga")
    assert chicken.copies == 4  # rows 1 and 7 are one title
    numbers = sorted(c for c in (find_copy_by_code(db, str(n)).accession_number for n in
                                 (1, 2, 3, 4, 5, 7, 11)))
    assert numbers == [1, 2, 3, 4, 5, 7, 11]
    # Copies without a number got the next ones after the highest.
    (folk_tales,) = search_catalogue(db, "truyen co dan toc thai")
    assert [c.accession_number for c in list_copies(db, folk_tales.id)] == [12, 13]
    new = record_intake(db, IntakeInput(date=TODAY, source="purchase"),
                        [IntakeLine(title=TitleInput(title="Sách mới"))], today=TODAY)
    assert new.accession_numbers == (14,)  # 12 and 13 went to the two unnumbered copies


def test_importing_the_same_list_twice_is_refused_row_by_row(db, csv_file):
    commit_book_import(db, preview_book_import(db, csv_file, today=TODAY))
    again = preview_book_import(db, csv_file, today=TODAY)
    numbered = [row for row in again.rows if row.accession_numbers]
    assert all(row.errors for row in numbered)


def test_an_xlsx_list_works_too(db, tmp_path):
    path = tmp_path / "danh_muc.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["SỔ ĐĂNG KÝ CÁ BIỆT"])
    sheet.append(["Ngày vào sổ", "Số ĐKCB", "Tên sách - Tác giả", "Tác giả", "Nơi xuất bản",
                  "Nhà xuất bản", "Năm xuất bản", "Giá tiền", "Môn loại", "Ghi chú"])
    sheet.append(["01/02/2020", 20, "Sổ tay nuôi ong", "Lê Văn Tri", "Hà Nội", "NXB Nông nghiệp",
                  2018.0, 25000.0, "638.1", None])
    book.save(path)
    preview = preview_book_import(db, path, today=TODAY)
    assert preview.problems == []
    (row,) = preview.rows
    assert [code.text for code in row.accession_numbers] == ["20"] and row.title.year == 2018 and row.title.place == "Hà Nội"
    commit_book_import(db, preview)
    assert find_copy_by_code(db, "20").title == "Sổ tay nuôi ong"


def test_a_list_with_no_good_row_imports_nothing(db, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("Tên sách,Tác giả,Giá\nSách A,Ai đó,-1\n", encoding="utf-8")
    preview = preview_book_import(db, path, today=TODAY)
    before = snapshot(db)
    with pytest.raises(UserError):
        commit_book_import(db, preview)
    assert snapshot(db) == before


def test_the_command_line(db_path, csv_file, capsys):
    assert main(["books", "import", str(csv_file), "--db", str(db_path), "--dry-run"]) == 0
    assert "Dry run, nothing saved: 9 copies would be imported." in capsys.readouterr().out
    assert main(["books", "import", str(csv_file), "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "8 rows read: 5 accepted, 3 refused. 9 copies imported." in out
    assert "row 10, refused:" in out
    assert main(["books", "import", str(csv_file), "--db", str(db_path.with_name("none.sqlite"))]) == 1
    missing = csv_file.with_name("missing.csv")
    assert main(["books", "import", str(missing), "--db", str(db_path)]) == 1
    assert "missing.csv" in capsys.readouterr().err
