"""The import report from plain data, as PDF (read back with pypdf) and as Excel (read back with openpyxl)."""

from __future__ import annotations

import datetime as dt
import unicodedata

from openpyxl import load_workbook
from pypdf import PdfReader

from desktop.i18n import set_language
from desktop.printing.import_report import (
    ImportReportData,
    PackageLine,
    TableLine,
    render_import_report_pdf,
    write_import_report_workbook,
)

MADE = dt.datetime(2026, 11, 23, 9, 30)


def report(packages: int = 2, *, dry_run: bool = False) -> ImportReportData:
    decomposed = unicodedata.normalize("NFD", "Trung tâm học tập cộng đồng xã Mường Phăng")
    lines = [PackageLine(f"clc_03163_{number:03d}.clcsync", decomposed, "03163", f"{number}–{number + 9}",
                         "imported", "Đã nhập", "", ("Đã nhập tiếp: các thay đổi mà gói này chờ đã đến.",),
                         (TableLine("Học viên", (3, 1, 0, 0, 0, 0, 1)), TableLine("Lượt điểm danh", (40, 0, 2, 1, 1, 1, 0))),
                         ("Điểm danh buổi 12/11: hai bản ghi cho cùng một học viên",),
                         (("Học viên", "0190a1b2-0000-7000-8000-000000000001", "thôn không có trong danh sách"),))
             for number in range(1, packages + 1)]
    lines.append(PackageLine("hong.clcsync", "", "", "", "refused", "Bị từ chối",
                             "“hong.clcsync” bị hỏng (có thể USB bị lỗi). Hãy đề nghị trung tâm gửi lại gói dữ liệu."))
    return ImportReportData("Phòng Văn hóa – Xã hội xã Mường Phăng", MADE, dry_run, tuple(lines))


def pdf_text(path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


def test_the_pdf_names_every_package_its_result_counts_and_set_aside_rows(tmp_path):
    path = tmp_path / "report.pdf"
    pages = render_import_report_pdf(report(), path)
    text = pdf_text(path)
    assert pages == len(PdfReader(path).pages) >= 1
    for expected in ("BÁO CÁO NHẬP DỮ LIỆU", "Phòng Văn hóa – Xã hội xã Mường Phăng", "23/11/2026",
                     "clc_03163_001.clcsync", "Đã nhập", "Bị từ chối", "bị hỏng", "Lượt điểm danh",
                     "thôn không có trong danh sách", "hai bản ghi cho cùng một học viên", "Đã đọc 3 gói"):
        assert expected in text, expected
    assert "Mường Phăng" in text  # drawn NFC although given decomposed


def test_a_preview_says_nothing_was_saved_and_a_long_report_runs_onto_more_pages(tmp_path):
    path = tmp_path / "preview.pdf"
    pages = render_import_report_pdf(report(40, dry_run=True), path)
    text = pdf_text(path)
    assert "XEM TRƯỚC KHI NHẬP DỮ LIỆU" in text and "chưa lưu gì" in text
    assert pages > 1 and "Trang 2/" in text


def test_the_report_follows_the_interface_language(tmp_path):
    set_language("en")
    path = tmp_path / "report.pdf"
    render_import_report_pdf(report(), path)
    assert "IMPORT REPORT" in pdf_text(path) and "Older, ignored" in pdf_text(path)


def test_the_workbook_has_packages_counts_and_set_aside_sheets(tmp_path):
    path = tmp_path / "report.xlsx"
    write_import_report_workbook(report(), path)
    book = load_workbook(path)
    assert book.sheetnames == ["Các gói dữ liệu", "Số bản ghi theo loại dữ liệu", "Để riêng và xung đột"]
    packages, counts, details = book.worksheets
    assert packages["A1"].value == "Báo cáo nhập dữ liệu"
    rows = list(packages.iter_rows(min_row=5, values_only=True))
    assert [row[1] for row in rows] == ["clc_03163_001.clcsync", "clc_03163_002.clcsync", "hong.clcsync"]
    assert rows[0][2] == "Trung tâm học tập cộng đồng xã Mường Phăng"  # stored NFC
    assert rows[2][5] == "Bị từ chối" and "bị hỏng" in rows[2][6]
    assert [cell.value for cell in counts[1]][3:] == ["Loại dữ liệu", "Mới", "Cập nhật", "Không đổi",
                                                      "Cũ hơn, bỏ qua", "Đã xóa", "Xung đột", "Để riêng"]
    assert list(counts.iter_rows(min_row=2, max_row=3, values_only=True))[1][3:] == (
        "Lượt điểm danh", 40, 0, 2, 1, 1, 1, 0)
    kinds = [row[3] for row in details.iter_rows(min_row=2, values_only=True)]
    assert kinds == ["Để riêng", "Xung đột", "Để riêng", "Xung đột"]
    assert details["F2"].value == "0190a1b2-0000-7000-8000-000000000001"
