"""The Reports screen: the hand-counted October of test_report_indicators shown, drilled into
and saved as files, in a window of 1366×768."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import QThreadPool

from desktop.i18n import set_language
from desktop.ui.screens.reports import ReportsScreen, period_text
from tests.test_report_indicators import centre  # noqa: F401  (the fixture)

pytestmark = pytest.mark.gui
TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def screen(qtbot, db, centre):  # noqa: F811
    widget = ReportsScreen(db, today=TODAY)
    qtbot.addWidget(widget)
    widget.resize(1366 - 240, 768 - 60)
    widget.show()
    qtbot.waitExposed(widget)
    widget.refresh()
    yield widget
    qtbot.waitUntil(lambda: not widget.is_busy(), timeout=20000)


def show_october(qtbot, screen: ReportsScreen) -> None:
    screen.kind.setCurrentIndex(screen.kind.findData("month"))
    screen.year.setValue(2026)
    screen.part.setCurrentIndex(9)
    screen.compute()
    qtbot.waitUntil(lambda: screen.report is not None and not screen.is_busy(), timeout=20000)


def cells(table, row: int) -> list[str]:
    return [table.item(row, column).text() for column in range(table.columnCount())]


def test_the_picker_names_every_kind_of_period():
    assert period_text("month", 2026, 10, None, None) == "2026-10"
    assert period_text("quarter", 2026, 3, None, None) == "2026-Q3"
    assert period_text("term", 2025, 2, None, None) == "2025-2026-HK2"
    assert period_text("school_year", 2025, 1, None, None) == "2025-2026"
    assert period_text("learning_week", 2026, 1, None, None) == "2026-LLW"
    assert period_text("custom", 0, 0, dt.date(2026, 1, 1), dt.date(2026, 3, 31)) == "2026-01-01..2026-03-31"


def test_the_month_s_tables_show_the_hand_counted_figures(qtbot, screen, tmp_path):
    show_october(qtbot, screen)
    assert cells(screen.topics, 0) == ["Xóa mù chữ", "1", "3", "5", "5", "2", "3"]
    assert cells(screen.topics, screen.topics.rowCount() - 1) == ["Tổng số", "4", "7", "51", "33", "34", "6"]
    assert cells(screen.people, 0) == ["Tổng số", "51", "4"]
    assert "Tháng 10/2026" in screen.status.text() and "51 lượt người" in screen.status.text()
    assert "mỗi buổi có mặt" in screen.rule.text()  # the counting rule is stated
    assert [bar for bar in screen.month_chart.bars] == [("10/2026", 51)]
    screen.grab().save(str(tmp_path / "reports_vi.png"))


def test_a_figure_opens_the_classes_behind_it_which_save_as_excel(qtbot, screen, tmp_path):
    show_october(qtbot, screen)
    law = next(row for row in range(screen.topics.rowCount()) if screen.topics.item(row, 0).text()
               == "Phổ biến, giáo dục pháp luật")
    dialog = screen.show_records(screen.report.total.topic_lines[law].topic, modal=False)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    assert [dialog.table.item(0, column).text() for column in (1, 3, 4)] == ["Chuyên đề pháp luật đất đai", "1", "40"]
    dialog.export(tmp_path / "law.xlsx")
    sheet = load_workbook(tmp_path / "law.xlsx").active
    assert sheet["A1"].value == "Tháng 10/2026 — Phổ biến, giáo dục pháp luật"
    assert [cell.value for cell in sheet[3]][1:] == ["Chuyên đề pháp luật đất đai", "Chuyên đề", 1, 40]
    assert [sheet["D4"].value, sheet["E4"].value] == ["=SUM(D3:D3)", "=SUM(E3:E3)"]


def test_the_sessions_of_a_class_and_the_learners_behind_a_line(qtbot, screen):
    show_october(qtbot, screen)
    literacy = screen.show_records("literacy", modal=False)
    qtbot.addWidget(literacy)
    assert literacy.table.rowCount() == 1
    x = next(line for line in screen.report.total.activity_lines if line.topic == "literacy")
    screen.show_behind("sessions", "X", activity_id=x.activity_id, modal=False)
    qtbot.waitUntil(lambda: screen.behind_task is None, timeout=20000)
    sessions = screen.last_dialog
    qtbot.addWidget(sessions)
    assert [[sessions.table.item(row, column).text() for column in (0, 3)] for row in range(3)] == [
        ["01/10/2026", "2"], ["15/10/2026", "1"], ["31/10/2026", "2"]]
    women = next(row for row in range(screen.people.rowCount()) if screen.people.item(row, 0).text() == "Nữ")
    screen.show_behind("learners", "Nữ", keep=screen._people_rows[women], modal=False)
    qtbot.waitUntil(lambda: screen.behind_task is None, timeout=20000)
    learners = screen.last_dialog
    qtbot.addWidget(learners)
    assert sorted(learners.table.item(row, 0).text() for row in range(learners.table.rowCount())) == [
        "Giàng Thị Mỷ", "Lò Thị Lan"]


def printed_text(qtbot, dialog, path) -> list[str]:
    """Print the list through its preview, save the PDF and read its pages back."""
    job = dialog.print_list()
    assert job is not None and dialog.print_list() is None  # one at a time
    qtbot.waitUntil(lambda: job.preview is not None and job.preview.pages_painted >= 1, timeout=30000)
    assert job.preview.save_pdf(path) == path
    job.preview.reject()
    qtbot.waitUntil(lambda: dialog.print_job is None, timeout=5000)
    return [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]


def test_a_drill_down_list_prints_under_the_centre_s_header_with_its_totals(qtbot, screen, tmp_path):
    show_october(qtbot, screen)
    classes = screen.show_records(None, modal=False)
    qtbot.addWidget(classes)
    assert classes.print_button.isVisible()
    pages = printed_text(qtbot, classes, tmp_path / "classes.pdf")
    text = " ".join(pages)
    assert "DANH SÁCH LỚP HỌC VÀ CHUYÊN ĐỀ" in text and "Tháng 10/2026" in text
    assert "GIÁM ĐỐC" in text  # signed as the centre's other documents
    for line in screen.report.total.activity_lines:
        assert line.code in text
    # the hand-counted October: 4 classes and talks, 7 sessions, 51 participant-times
    assert "Tổng số 7 51" in text
    assert "4 lớp học và chuyên đề: 7 buổi, 51 lượt người." in text
    job = classes.print_list()  # the preview's English copy is laid out again in English
    qtbot.waitUntil(lambda: job.preview is not None and job.preview.pages_painted >= 1, timeout=30000)
    job.change_language("en")
    qtbot.waitUntil(lambda: job.preview is not None and job.preview.pages_painted >= 1, timeout=30000)
    english = " ".join(PdfReader(job.preview.save_pdf(tmp_path / "classes-en.pdf")).pages[0].extract_text().split())
    assert "CLASSES AND TALKS BEHIND THE FIGURES" in english and "Month 10/2026" in english
    assert all(line.code in english for line in screen.report.total.activity_lines)  # codes not broken
    assert "Total 7 51" in english
    job.preview.reject()
    qtbot.waitUntil(lambda: classes.print_job is None, timeout=5000)

    x = next(line for line in screen.report.total.activity_lines if line.topic == "literacy")
    screen.show_behind("sessions", "X", activity_id=x.activity_id, modal=False, detail=f"{x.code} {x.name}")
    qtbot.waitUntil(lambda: screen.behind_task is None, timeout=20000)
    sessions = screen.last_dialog
    qtbot.addWidget(sessions)
    text = " ".join(printed_text(qtbot, sessions, tmp_path / "sessions.pdf"))
    assert f"Tháng 10/2026 — {x.code}" in text
    assert all(day in text for day in ("01/10/2026", "15/10/2026", "31/10/2026"))
    assert "Tổng số" in text and " 5 " in text  # 2 + 1 + 2 present

    women = next(row for row in range(screen.people.rowCount()) if screen.people.item(row, 0).text() == "Nữ")
    screen.show_behind("learners", "Nữ", keep=screen._people_rows[women], modal=False)
    qtbot.waitUntil(lambda: screen.behind_task is None, timeout=20000)
    learners = screen.last_dialog
    qtbot.addWidget(learners)
    text = " ".join(printed_text(qtbot, learners, tmp_path / "learners.pdf"))
    assert "Tháng 10/2026 — Nữ" in text and "Giàng Thị Mỷ" in text and "Lò Thị Lan" in text


def test_the_report_is_saved_as_pdf_and_excel_off_the_window_s_thread(qtbot, screen, tmp_path, monkeypatch):
    from desktop.ui import screens

    shown = []
    monkeypatch.setattr(screens.reports, "inform", lambda _parent, _title, text: shown.append(text))
    show_october(qtbot, screen)
    for fmt in ("pdf", "xlsx"):
        task = screen.export(fmt, tmp_path / f"report.{fmt}")
        qtbot.waitUntil(lambda: screen.export_task is None, timeout=30000)
        assert task is not None and (tmp_path / f"report.{fmt}").exists()
    assert "BÁO CÁO" in PdfReader(tmp_path / "report.pdf").pages[0].extract_text()
    assert load_workbook(tmp_path / "report.xlsx")["Theo nhóm chủ đề"]["D3"].value == 5
    assert len(shown) == 2


def test_counting_enrolments_is_saved_and_recounts(qtbot, screen, db):
    from desktop.services.reports import get_counting

    show_october(qtbot, screen)
    screen.counting.setCurrentIndex(screen.counting.findData("enrolment"))
    qtbot.waitUntil(lambda: screen.report is not None and screen.report.counting == "enrolment"
                    and not screen.is_busy(), timeout=20000)
    assert get_counting(db) == "enrolment"
    assert cells(screen.topics, screen.topics.rowCount() - 1)[3] == "48"


def test_in_english_too(qtbot, db, centre, tmp_path):  # noqa: F811
    set_language("en")
    widget = ReportsScreen(db, today=TODAY)
    qtbot.addWidget(widget)
    widget.resize(1366 - 240, 768 - 60)
    widget.show()
    show_october(qtbot, widget)
    assert cells(widget.topics, 0)[0] == "Literacy"
    widget.tabs.setCurrentIndex(1)
    widget.grab().save(str(tmp_path / "reports_en.png"))


def test_at_an_office_every_centre_its_line_and_one_centre_alone(qtbot, tmp_path):
    from office_support import CENTRE_A, CENTRE_B, build_office_fixture

    from desktop.services.sync.receive import import_packages
    from desktop.store.database import open_database

    (tmp_path / "built").mkdir()
    built = build_office_fixture(tmp_path / "built")
    office = open_database(built.fresh_office(tmp_path))
    try:
        import_packages(office, [built.stick], register_new=True)
        today = dt.date.today()
        widget = ReportsScreen(office, today=today)
        qtbot.addWidget(widget)
        widget.resize(1366 - 240, 768 - 60)
        widget.show()
        widget.refresh()
        widget.compute()  # this month: each centre's one session, everyone present
        qtbot.waitUntil(lambda: widget.report is not None and not widget.is_busy(), timeout=20000)
        assert widget.tabs.isTabVisible(widget._centres_tab) and widget.centre.isVisible()
        assert widget.centres.rowCount() == 2
        assert [widget.centres.item(row, 3).text() for row in range(2)] == [
            str(len(CENTRE_A.learners)), str(len(CENTRE_B.learners))]
        widget.tabs.setCurrentIndex(widget._centres_tab)
        widget.grab().save(str(tmp_path / "office_reports_vi.png"))
        widget.centre.setCurrentIndex(widget.centre.findData(CENTRE_B.commune_code))
        widget.compute()
        qtbot.waitUntil(lambda: widget.report is not None and widget.report.total.codes == (CENTRE_B.commune_code,)
                        and not widget.is_busy(), timeout=20000)
        assert widget.report.total.participant_times.total == len(CENTRE_B.learners)
    finally:
        qtbot.waitUntil(lambda: QThreadPool.globalInstance().activeThreadCount() == 0, timeout=20000)
        office.close()


def test_the_months_are_named_and_every_chart_is_shown_whole(qtbot, screen):
    screen.kind.setCurrentIndex(screen.kind.findData("month"))
    assert [screen.part.itemText(index) for index in (0, 9)] == ["Tháng 1", "Tháng 10"]
    show_october(qtbot, screen)
    screen.tabs.setCurrentIndex(1)  # the charts: they scroll rather than squeeze their last lines away
    for chart in (screen.month_chart, screen.topic_chart, screen.share_chart):
        qtbot.waitUntil(chart.isVisible)
        assert chart.height() >= chart.sizeHint().height()
