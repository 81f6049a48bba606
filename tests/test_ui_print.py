"""Print preview, printing from the screens through a background task, and opening a sheet by code."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtGui import QPageLayout

from conftest import type_text
from desktop.services import activities, documents
from desktop.services.learners import LearnerInput, create_learner
from desktop.ui.print_preview import PeriodDialog, PrintPreviewDialog, file_name
from desktop.ui.screens.activities import ActivitiesScreen
from desktop.ui.screens.attendance import AttendanceScreen

TODAY = dt.date(2026, 11, 23)
SURNAMES = ["Vàng", "Hờ", "Lý", "Đặng", "Trần", "Mùa", "Tẩn", "Chảo"]
GIVENS = ["Dính", "Chứ", "Sểnh", "Ước", "Dế", "Chúa", "Lử", "Mẩy"]


def _class(db, villages, names: list[str], name: str, weekdays: set[int]) -> str:
    summary = activities.create_activity(db, activities.ActivityInput(
        name=name, kind="literacy_1", topic_group="literacy", teacher="Lò Văn Thắng",
        start_date=dt.date(2026, 9, 1), status="running"))
    village = villages["Bản Nà Hạ"]
    ids = [create_learner(db, LearnerInput(full_name=person, birth_year=1970 + index % 30,
                                           village_id=village),
                          today=TODAY, confirm_duplicate=True).id
           for index, person in enumerate(names)]
    activities.enrol_learners(db, summary.id, ids)
    activities.generate_sessions(db, summary.id, dt.date(2026, 10, 1), dt.date(2026, 11, 30),
                                 weekdays, activities.SessionInput(date=dt.date(2026, 10, 1)))
    return summary.id


@pytest.fixture
def classes(db, villages) -> dict[str, str]:
    names = ["Nguyễn Thị Hoàng Phương Thảo", "Lò Thị Pấng", "Sùng A Páo", "Giàng Thị Mỷ"]
    names += [f"{s} Thị {g}" for s in SURNAMES for g in GIVENS][:56]
    return {
        "big": _class(db, villages, names, "Lớp xóa mù chữ – Bản Nà Hạ", {0}),
        "small": _class(db, villages, names[1:3], "Câu lạc bộ thêu thổ cẩm", {5}),
    }


def close_preview(qtbot, job) -> None:
    preview = job.preview
    preview.reject()
    qtbot.waitUntil(lambda: job.preview is None, timeout=5000)
    assert not job.folder.exists()  # the temporary PDF went with the preview


def test_preview_dialog_paints_every_page_and_saves_a_copy(qtbot, db, classes, tmp_path: Path) -> None:
    pdf = tmp_path / "sheet.pdf"
    pages = documents.attendance_sheet(db, classes["big"], 2026, 11, pdf)
    dialog = PrintPreviewDialog(pdf, "Bảng điểm danh", suggested_name=file_name("Bảng", "11/2026"))
    qtbot.addWidget(dialog)
    assert dialog.printer.pageLayout().orientation() == QPageLayout.Orientation.Landscape
    assert dialog.suggested_name == "Bảng 11-2026.pdf"
    dialog.open()  # never exec(): a test must not wait on a nested event loop
    qtbot.waitUntil(lambda: dialog.pages_painted == pages, timeout=10000)
    copy = dialog.save_pdf(tmp_path / "copy")
    assert copy == tmp_path / "copy.pdf" and copy.read_bytes() == pdf.read_bytes()
    dialog.reject()
    assert not dialog.isVisible()


def test_saving_to_a_place_that_cannot_be_written_says_so_and_leaves_nothing(
        qtbot, db, classes, tmp_path: Path) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    pdf = tmp_path / "sheet.pdf"
    documents.attendance_sheet(db, classes["small"], 2026, 11, pdf)
    dialog = PrintPreviewDialog(pdf, "Bảng điểm danh")
    qtbot.addWidget(dialog)
    gone = tmp_path / "usb-stick-pulled"  # the folder vanished with the stick
    seen: list[str] = []

    tries = iter(range(250))  # five seconds at most, then stop looking

    def read_and_close() -> None:  # the user reads the message and presses OK
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            box.accept()
        elif next(tries, None) is not None:
            QTimer.singleShot(20, read_and_close)

    QTimer.singleShot(0, read_and_close)
    assert dialog.save_pdf(gone / "bang-diem-danh.pdf") is None
    assert "Không ghi được" in seen[0] and str(gone) in seen[0]
    assert not gone.exists()


def test_printing_a_long_sheet_runs_in_the_background_with_progress(qtbot, db, classes) -> None:
    screen = AttendanceScreen(db)
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    screen.show()
    screen.open_grid(classes["big"], 2026, 11)
    job = screen.print_sheet(blank=False)
    assert job is not None and screen.print_sheet() is None  # one job at a time
    assert job.task.dialog is not None and job.task.dialog.labelText().startswith("Đang chuẩn bị")
    qtbot.waitUntil(lambda: job.preview is not None and job.preview.isVisible(), timeout=30000)
    assert job.pages == 3 and job.progress_reports > 1
    qtbot.waitUntil(lambda: job.preview.pages_painted == 3, timeout=10000)
    close_preview(qtbot, job)
    assert screen.print_job is None


def test_a_cancelled_print_opens_nothing(qtbot, db, classes) -> None:
    screen = AttendanceScreen(db)
    qtbot.addWidget(screen)
    screen.show()
    screen.open_grid(classes["big"], 2026, 11)
    job = screen.print_sheet(blank=True)
    job.cancel()
    qtbot.waitUntil(lambda: screen.print_job is None, timeout=10000)
    assert job.preview is None and not job.folder.exists()


def test_typing_a_sheet_code_opens_that_class_and_month(qtbot, db, classes) -> None:
    screen = AttendanceScreen(db)
    qtbot.addWidget(screen)
    screen.show()
    screen.open_grid(classes["small"], 2026, 11)
    code = documents.find_activity_by_code(db, classes["big"]).code
    screen.code_box.setFocus()
    type_text(screen.code_box, f"CLC:{code}:2026-10:p2\n")
    assert screen.grid is not None
    assert (screen.grid.activity_id, screen.grid.year, screen.grid.month) == (classes["big"], 2026, 10)
    assert screen.activity_box.currentData() == classes["big"]
    assert screen.code_box.text() == ""
    assert len(screen.grid.learners) == 60


def test_activities_screen_prints_class_list_and_register(qtbot, db, classes) -> None:
    screen = ActivitiesScreen(db)
    screen.today = lambda: TODAY
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    screen.show()
    screen.refresh()
    screen.select_activity(classes["small"])
    job = screen.print_class_list()
    assert job is not None
    qtbot.waitUntil(lambda: job.preview is not None and job.preview.pages_painted == 1,
                    timeout=20000)
    assert "Danh sách học viên" in job.preview.suggested_name
    close_preview(qtbot, job)
    job = screen.print_signin_sheet()
    qtbot.waitUntil(lambda: job.preview is not None and job.preview.pages_painted >= 1,
                    timeout=20000)
    close_preview(qtbot, job)
    job = screen.print_register((dt.date(2026, 1, 1), dt.date(2026, 12, 31)))
    qtbot.waitUntil(lambda: job.preview is not None and job.preview.pages_painted >= 1,
                    timeout=20000)
    assert job.preview.printer.pageLayout().orientation() == QPageLayout.Orientation.Landscape
    close_preview(qtbot, job)


def test_period_dialog_offers_whole_years_and_any_dates(qtbot) -> None:
    dialog = PeriodDialog(TODAY)
    qtbot.addWidget(dialog)
    assert dialog.period() == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    dialog.year_box.setCurrentIndex(dialog.year_box.findData(2025))
    assert dialog.period() == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    dialog.last.setDate(dialog.first.date().addDays(-1))
    assert not dialog.ok_button.isEnabled() and dialog.year_box.currentData() is None
    dialog.last.setDate(dialog.first.date().addMonths(3))
    assert dialog.ok_button.isEnabled()


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def test_in_the_english_interface_the_sheet_is_vietnamese_and_an_english_copy_is_english(
        qtbot, db, classes) -> None:
    from desktop.i18n import current_language, set_language

    set_language("en")
    screen = AttendanceScreen(db)
    qtbot.addWidget(screen)
    screen.show()
    screen.open_grid(classes["small"], 2026, 11)
    job = screen.print_sheet(blank=False)
    qtbot.waitUntil(lambda: job.preview is not None and job.preview.isVisible(), timeout=30000)
    official = _pdf_text(job.path)
    for words in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "UBND XÃ TÂN LẬP",
                  "TRUNG TÂM HỌC TẬP CỘNG ĐỒNG", "BẢNG ĐIỂM DANH", "Tháng: 11/2026", "T7", "Họ và tên"):
        assert words in official, words
    assert "PEOPLE'S" not in official and "Attendance" not in official and "Sa\n" not in official
    assert current_language() == "en" and job.preview.language_box.currentText() == "Vietnamese (official)"

    job.preview.language_box.setCurrentIndex(1)  # the user asks for an English copy
    job.preview.language_box.activated.emit(1)
    qtbot.waitUntil(lambda: job.preview is not None and job.language == "en"
                    and job.preview.isVisible(), timeout=30000)
    copy = _pdf_text(job.path)
    for words in ("SOCIALIST REPUBLIC OF VIET NAM", "PEOPLE'S COMMITTEE OF XÃ TÂN LẬP",
                  "COMMUNITY LEARNING CENTRE", "ATTENDANCE SHEET", "Month: 11/2026", "Sat", "Full name"):
        assert words in copy, words
    for vietnamese in ("CỘNG HÒA", "TRUNG TÂM", "Họ và tên", "Tháng", "T7", "Số có mặt"):
        assert vietnamese not in copy, vietnamese
    assert job.path.name.endswith("(English).pdf")
    close_preview(qtbot, job)
