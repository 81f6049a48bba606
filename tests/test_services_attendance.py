"""Attendance marks, quick entry from a paper sheet, talks, walk-ins, evidence and the dashboard."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.errors import NotFoundError, ValidationError
from desktop.services import activities, attendance, dashboard
from desktop.services.attendance import MarkChange
from desktop.services.learners import LearnerInput, create_learner, set_learner_deleted

TODAY = dt.date(2026, 11, 23)
NAMES = ["Trần Văn Bình", "Lò Thị Pấng", "Nguyễn Văn An", "Giàng Thị Mỷ", "Sùng A Páo"]


@pytest.fixture
def running_class(db, villages):
    """A running class with five learners and Tuesday/Thursday sessions in November 2026."""
    summary = activities.create_activity(db, activities.ActivityInput(
        name="Kỹ thuật trồng cà phê", kind="short_course", topic_group="agriculture",
        start_date=dt.date(2026, 11, 2), end_date=dt.date(2026, 12, 20), status="running"))
    learner_ids = [create_learner(db, LearnerInput(full_name=name, birth_year=1980 + i,
                                                   village_id=villages["Bản Nà Hạ"]), today=TODAY).id
                   for i, name in enumerate(NAMES)]
    activities.enrol_learners(db, summary.id, learner_ids)
    activities.generate_sessions(db, summary.id, dt.date(2026, 11, 1), dt.date(2026, 11, 30), {1, 3},
                                 activities.SessionInput(date=dt.date(2026, 11, 1), start_time="19:00",
                                                         end_time="21:00", periods=2))
    return summary


def test_the_grid_is_in_printed_order_with_the_months_sessions(db, running_class):
    grid = attendance.load_grid(db, running_class.id, 2026, 11)
    assert [l.full_name for l in grid.learners] == [
        "Nguyễn Văn An", "Trần Văn Bình", "Giàng Thị Mỷ", "Sùng A Páo", "Lò Thị Pấng"]
    assert [s.date.day for s in grid.sessions] == [3, 5, 10, 12, 17, 19, 24, 26]
    assert grid.marks == {}
    assert attendance.load_grid(db, running_class.id, 2026, 10).sessions == []


def test_marks_are_saved_at_once_and_totals_follow(db, running_class):
    grid = attendance.load_grid(db, running_class.id, 2026, 11)
    first, second = grid.sessions[0].id, grid.sessions[1].id
    an, binh = grid.learners[0].id, grid.learners[1].id
    attendance.save_marks(db, [MarkChange(first, an, "C"), MarkChange(second, an, "M"),
                               MarkChange(first, binh, "K")])
    again = attendance.load_grid(db, running_class.id, 2026, 11)
    assert again.learner_totals(an) == {"present": 2, "P": 0, "K": 0, "M": 1}
    assert again.session_present(first) == 1
    attendance.save_marks(db, [MarkChange(first, binh, None)])  # clearing leaves a tombstone
    assert (binh, first) not in attendance.load_grid(db, running_class.id, 2026, 11).marks
    attendance.save_marks(db, [MarkChange(first, binh, "P")])  # and can be set again
    assert attendance.load_grid(db, running_class.id, 2026, 11).marks[(binh, first)] == "P"


def test_an_unknown_mark_or_session_changes_nothing(db, running_class):
    grid = attendance.load_grid(db, running_class.id, 2026, 11)
    with pytest.raises(ValidationError):
        attendance.save_marks(db, [MarkChange(grid.sessions[0].id, grid.learners[0].id, "X")])
    with pytest.raises(NotFoundError):
        attendance.save_marks(db, [MarkChange(grid.sessions[0].id, grid.learners[0].id, "C"),
                                   MarkChange("no-such-session", grid.learners[0].id, "C")])
    assert attendance.load_grid(db, running_class.id, 2026, 11).marks == {}


@pytest.mark.parametrize(("text", "expected"), [
    ("", {}),
    ("3", {3: "K"}),
    ("3, 17 (K), 21 (P)", {3: "K", 17: "K", 21: "P"}),
    ("2 p; 5-7 m", {2: "P", 5: "M", 6: "M", 7: "M"}),
    (" 4 (K) ,", {4: "K"}),
])
def test_quick_entry_is_read_in_sheet_row_numbers(text, expected):
    assert attendance.parse_quick_entry(text, 30) == expected


@pytest.mark.parametrize("text", ["31", "0", "3 X", "three", "3,, 4 (Q)"])
def test_quick_entry_rejects_what_it_cannot_read(text):
    with pytest.raises(ValidationError):
        attendance.parse_quick_entry(text, 30)


def test_quick_entry_marks_everyone_else_present(db, running_class):
    grid = attendance.load_grid(db, running_class.id, 2026, 11)
    session_id = grid.sessions[2].id
    attendance.apply_quick_entry(db, grid, session_id, "2 (P), 5")
    marks = attendance.load_grid(db, running_class.id, 2026, 11).marks
    assert [marks[(l.id, session_id)] for l in grid.learners] == ["C", "P", "C", "C", "K"]


def test_everyone_present_fills_only_empty_cells(db, running_class):
    grid = attendance.load_grid(db, running_class.id, 2026, 11)
    session_id = grid.sessions[0].id
    attendance.save_marks(db, [MarkChange(session_id, grid.learners[0].id, "P")])
    grid = attendance.load_grid(db, running_class.id, 2026, 11)
    changed = attendance.mark_everyone_present(db, grid, session_id)
    assert len(changed) == 4
    marks = attendance.load_grid(db, running_class.id, 2026, 11).marks
    assert marks[(grid.learners[0].id, session_id)] == "P"


def test_talk_headcount_walk_ins_and_matching(db, villages):
    talk = activities.create_activity(db, activities.ActivityInput(
        name="Phòng chống sốt xuất huyết", kind="topic_talk", topic_group="health",
        start_date=dt.date(2026, 11, 10), status="finished"))
    session = activities.add_session(db, talk.id, activities.SessionInput(date=dt.date(2026, 11, 10)))
    with pytest.raises(ValidationError):
        attendance.set_headcount(db, session.id, 40, 41, 0)
    attendance.set_headcount(db, session.id, 42, 25, 30)
    walk_in = attendance.add_walk_in(db, session.id, "Mùa A Tủa", "male", 1970, villages["Bản Pá Khoang"])
    learner = create_learner(db, LearnerInput(full_name="Mùa A Tủa", birth_year=1970,
                                              village_id=villages["Bản Pá Khoang"]), today=TODAY)
    assert attendance.match_walk_in(db, walk_in.id, learner.id).matched_learner_id == learner.id
    assert attendance.match_walk_in(db, walk_in.id, None).matched_learner_id is None  # reversible
    board = dashboard.load_dashboard(db, TODAY)
    assert board.participant_times_year == 42 + 1  # the headcount and one unmatched walk-in


def test_evidence_is_kept_with_the_session(db, running_class, tmp_path):
    grid = attendance.load_grid(db, running_class.id, 2026, 11)
    photo = tmp_path / "phieu-diem-danh.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    info = attendance.attach_evidence(db, grid.sessions[0].id, photo)
    assert attendance.read_evidence(db, info.id) == photo.read_bytes()
    assert [e.file_name for e in attendance.list_evidence(db, grid.sessions[0].id)] == ["phieu-diem-danh.png"]
    text_file = tmp_path / "notes.txt"
    text_file.write_text("x")
    with pytest.raises(ValidationError):
        attendance.attach_evidence(db, grid.sessions[0].id, text_file)
    with pytest.raises(ValidationError):
        attendance.attach_evidence(db, grid.sessions[0].id, tmp_path / "missing.jpg")


def test_dashboard_shows_what_needs_doing(db, running_class):
    grid = attendance.load_grid(db, running_class.id, 2026, 11)
    pang = next(l for l in grid.learners if l.full_name == "Lò Thị Pấng")
    changes = []
    for item in grid.sessions[:5]:
        for learner in grid.learners:
            changes.append(MarkChange(item.id, learner.id, "K" if learner.id == pang.id and item.date.day > 5 else "C"))
    attendance.save_marks(db, changes)
    board = dashboard.load_dashboard(db, TODAY)
    assert board.running_activities == 1
    assert len(board.sessions_this_month) == 8
    assert board.participant_times_year == 5 * 5 - 3
    assert [(a.full_name, a.absences) for a in board.absent_streaks] == [("Lò Thị Pấng", 3)]
    assert [s.date.day for s in board.attendance_missing] == [19]  # 17 was marked; 24, 26 not yet held
    set_learner_deleted(db, pang.id)
    assert dashboard.load_dashboard(db, TODAY).learners_total == 4
