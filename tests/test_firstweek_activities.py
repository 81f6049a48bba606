"""Classes and talks held before the app, imported from the sheet a centre kept."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from desktop.cli import main
from desktop.services.activities import list_activities
from desktop.services.activity_import import commit_activity_import, preview_activity_import
from desktop.services.dashboard import load_dashboard, participant_times
from desktop.store.register_models import Activity, Session
from tests.firstweek_lists import PAST_FIRST_ROW, past_activities

TODAY = dt.date(2026, 3, 10)
REFUSED = {
    PAST_FIRST_ROW + 6: ["Tên lớp học, chuyên đề đang để trống."],
    PAST_FIRST_ROW + 7: ["Không rõ loại hình “Hội thảo đầu bờ”: hãy ghi Chuyên đề, Lớp xóa mù chữ, "
                         "Lớp ngắn hạn, Tập huấn, Câu lạc bộ…"],
    PAST_FIRST_ROW + 8: ["“31/11/2025” không phải là ngày có thật: tháng 11 năm 2025 chỉ có 30 "
                         "ngày."],
    PAST_FIRST_ROW + 9: ["Số nữ (45) nhiều hơn tổng số người tham dự (40)."],
}


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    return past_activities(tmp_path / "lop-chuyen-de-2025.xlsx")


def test_the_sheet_is_read_under_its_merged_headers_and_the_totals_row_is_not_a_record(db, sheet):
    preview = preview_activity_import(db, sheet, today=TODAY)
    assert preview.headers[5:11] == ["Từ ngày", "Đến ngày", "Số buổi", "Tổng số", "Nữ", "DTTS"]
    assert preview.mapping == {"name": 1, "kind": 2, "topic": 3, "place": 4, "start_date": 5,
                               "end_date": 6, "sessions": 7, "headcount": 8, "women": 9,
                               "minority": 10, "teacher": 11}
    assert preview.total == 10 and preview.accepted == 6  # "Tổng cộng" is not an activity
    assert dict(preview.problems) == REFUSED


def test_each_class_and_talk_is_recorded_as_the_sheet_says(db, sheet, villages):
    preview = preview_activity_import(db, sheet, today=TODAY)
    assert commit_activity_import(db, preview) == 6
    with db.reading() as session:  # the rows are read while the session is open
        activities = {a.name: a for a in session.execute(select(Activity)).scalars()}
        sessions = {s.activity_id: s for s in session.execute(select(Session)).scalars()}
        literacy = activities["Lớp xóa mù chữ bản Nà Hạ"]
        assert (literacy.kind, literacy.topic_group, literacy.village_id, literacy.start_date,
                literacy.end_date, literacy.planned_sessions, literacy.status, literacy.teacher) == (
            "literacy_1", "literacy", villages["Bản Nà Hạ"], dt.date(2025, 9, 8),
            dt.date(2025, 12, 26), 48, "finished", "Lò Thị Hương")
        assert "Số học viên: 25 (nữ 19, DTTS 25)" in literacy.notes
        assert literacy.id not in sessions  # a past class brings no invented session dates
        chickens = activities["Kỹ thuật nuôi gà thả vườn"]
        assert (chickens.kind, chickens.topic_group, chickens.venue, chickens.village_id) == (
            "topic_talk", "agriculture", "Nhà văn hóa bản Pá Khoang", None)
        talk = sessions[chickens.id]
        assert (talk.date, talk.headcount_total, talk.headcount_women, talk.headcount_minority,
                talk.attendance_taken) == (dt.date(2025, 10, 15), 42, 30, 38, True)
        law = activities["Phòng chống bạo lực gia đình"]
        assert (law.topic_group, law.village_id, sessions[law.id].headcount_total) == (
            "law", villages["Thôn Đông"], 60)
        vaccines = sessions[activities["Nói chuyện về tiêm chủng cho trẻ"].id]  # headcount only
        assert (vaccines.headcount_total, vaccines.headcount_women, vaccines.headcount_minority) == (
            35, None, None)
        computing = activities["Lớp tin học cơ bản"]
        assert (computing.kind, computing.topic_group, computing.start_date, computing.end_date,
                computing.planned_sessions) == ("short_course", "digital", dt.date(2025, 11, 3),
                                                dt.date(2025, 11, 28), 12)
        club = activities["Câu lạc bộ đọc sách thiếu nhi"]
        assert (club.kind, club.topic_group) == ("club", "culture_society")
    codes = sorted(summary.code for summary in list_activities(db))
    assert codes == [f"04321-2025-{number:03d}" for number in range(1, 7)]


def test_talks_count_their_headcount_once_in_the_overview(db, sheet):
    commit_activity_import(db, preview_activity_import(db, sheet, today=TODAY))
    with db.reading() as session:
        year = participant_times(session, dt.date(2025, 1, 1), dt.date(2026, 1, 1))
    assert year == 42 + 60 + 35
    assert load_dashboard(db, dt.date(2025, 12, 31)).participant_times_year == 137


def test_a_second_import_of_the_same_sheet_finds_every_row_already_there(db, sheet):
    commit_activity_import(db, preview_activity_import(db, sheet, today=TODAY))
    again = preview_activity_import(db, sheet, today=TODAY)
    assert again.accepted == 0 and again.duplicates == 6
    assert "Có lẽ đã có trong sổ" in again.rows[0].warnings[0]


def test_the_command_imports_with_a_dry_run_first(db_path, sheet, capsys):
    assert main(["activities", "import", str(sheet), "--db", str(db_path), "--dry-run"]) == 0
    assert "Chạy thử, chưa lưu gì: sẽ nhập 6 lớp học, chuyên đề." in capsys.readouterr().out
    assert main(["activities", "import", str(sheet), "--db", str(db_path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["imported"], report["rejected"]) == (6, 4)
    assert {problem["row"]: problem["errors"] for problem in report["problems"]} == REFUSED
    # Every row is now in the register: the same file again imports nothing and says so.
    assert main(["activities", "import", str(sheet), "--db", str(db_path)]) == 1


def test_the_window_imports_through_the_learner_import_preview(qtbot, db, sheet):
    from desktop.ui.activity_import_dialog import ActivityImportDialog

    dialog = ActivityImportDialog(db, path=sheet, today=TODAY)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Nhập các lớp học, chuyên đề đã tổ chức"
    assert dialog.summary.text() == ("Danh sách có 10 dòng · 6 dòng sẽ được nhập · 4 dòng bị loại "
                                     "· 0 dòng có thể trùng")
    model = dialog.model
    assert model.index(3, 2).data() == "Nói chuyện về tiêm chủng cho trẻ"
    assert (model.index(3, 3).data(), model.index(3, 4).data(), model.index(3, 5).data()) == (
        "05/12/2025", "Chuyên đề", "35")
    assert model.index(7, 7).data().startswith("Không rõ loại hình")
    assert dialog.import_button.text() == "Nhập 6 lớp học, chuyên đề"
    with qtbot.waitSignal(dialog.imported, timeout=10000) as imported:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert imported.args == [6]
    qtbot.waitUntil(lambda: dialog.task is None)
    assert len(list_activities(db)) == 6


def test_past_classes_and_talks_count_in_the_periodic_report(db_path, db, sheet, tmp_path, capsys):
    """Like any other: six activities of 2025, three talks held once with their headcounts."""
    commit_activity_import(db, preview_activity_import(db, sheet, today=TODAY))
    out = tmp_path / "bao-cao-2025.json"
    assert main(["report", "--db", str(db_path), "--period", "2025", "--format", "json", "--out", str(out)]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert (report["classes_total"], report["talks_total"]) == (3, 3)
    assert report["sessions_total"] == 3
    assert report["participant_times_total"] == 42 + 60 + 35
