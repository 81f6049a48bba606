"""Session dates that cannot be right for their class, and marks on sessions still to come."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.errors import ValidationError
from desktop.services import activities, attendance
from desktop.services.activities import ActivityInput, SessionInput
from desktop.services.attendance import MarkChange
from desktop.services.learners import LearnerInput, create_learner
from desktop.services.session_dates import OutsidePeriod

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def planned_2027(db):
    """A class planned for March to June 2027, as the probe's was."""
    return activities.create_activity(db, ActivityInput(
        name="Lớp kỹ thuật chăn nuôi", kind="short_course", topic_group="agriculture",
        start_date=dt.date(2027, 3, 1), end_date=dt.date(2027, 6, 30))).id


def test_a_date_years_outside_the_period_is_refused_naming_it(db, planned_2027):
    with pytest.raises(ValidationError) as caught:
        activities.add_session(db, planned_2027, SessionInput(dt.date(2020, 2, 28)))
    assert caught.value.field == "date"
    assert "28/02/2020" in caught.value.message and "01/03/2027 – 30/06/2027" in caught.value.message
    with pytest.raises(ValidationError):  # confirming does not let a wrong year through
        activities.add_session(db, planned_2027, SessionInput(dt.date(2028, 9, 1)),
                               confirm_outside_period=True)
    assert activities.list_sessions(db, planned_2027) == []


def test_a_date_near_the_period_is_saved_once_confirmed(db, planned_2027):
    late_start = SessionInput(dt.date(2027, 2, 20))
    with pytest.raises(OutsidePeriod) as caught:
        activities.add_session(db, planned_2027, late_start)
    assert "20/02/2027" in caught.value.message
    assert activities.list_sessions(db, planned_2027) == []
    saved = activities.add_session(db, planned_2027, late_start, confirm_outside_period=True)
    inside = activities.add_session(db, planned_2027, SessionInput(dt.date(2027, 6, 30)))
    assert [s.date for s in activities.list_sessions(db, planned_2027)] == [saved.date, inside.date]
    # moving a session out of the period asks again; changing only its time does not
    with pytest.raises(OutsidePeriod):
        activities.update_session(db, inside.id, SessionInput(dt.date(2027, 7, 2)))
    activities.update_session(db, saved.id, SessionInput(saved.date, "19:00", "21:00"))


def test_a_series_reaching_outside_the_period_asks_and_a_wrong_year_is_refused(db, planned_2027):
    with pytest.raises(OutsidePeriod) as caught:
        activities.generate_sessions(db, planned_2027, dt.date(2027, 6, 1), dt.date(2027, 7, 31), {0},
                                     SessionInput(dt.date(2027, 6, 1)))
    assert caught.value.message.startswith("Có 4 ngày")  # the four Mondays of July
    with pytest.raises(ValidationError):
        activities.generate_sessions(db, planned_2027, dt.date(2020, 3, 2), dt.date(2020, 3, 31), {0},
                                     SessionInput(dt.date(2020, 3, 2)), confirm_outside_period=True)
    made = activities.generate_sessions(db, planned_2027, dt.date(2027, 6, 1), dt.date(2027, 7, 31),
                                        {0}, SessionInput(dt.date(2027, 6, 1)),
                                        confirm_outside_period=True)
    assert len(made) == 8  # four Mondays in June, four in July


def test_a_class_without_dates_takes_any_date(db):
    open_ended = activities.create_activity(db, ActivityInput(
        name="Câu lạc bộ đọc sách", kind="club", topic_group="other")).id
    activities.add_session(db, open_ended, SessionInput(dt.date(2020, 2, 28)))


def test_marks_on_a_session_still_to_come_need_the_session_confirmed(db, villages):
    summary = activities.create_activity(db, ActivityInput(
        name="Lớp xóa mù chữ", kind="literacy_1", topic_group="literacy",
        start_date=dt.date(2026, 11, 1), end_date=dt.date(2026, 12, 31)))
    learner = create_learner(db, LearnerInput(full_name="Lò Thị Pấng", birth_year=1980,
                                              village_id=villages["Bản Nà Hạ"]), today=TODAY).id
    activities.enrol_learners(db, summary.id, [learner])
    held = activities.add_session(db, summary.id, SessionInput(TODAY))
    coming = activities.add_session(db, summary.id, SessionInput(TODAY + dt.timedelta(days=2)))
    attendance.save_marks(db, [MarkChange(held.id, learner, "K")], today=TODAY)
    with pytest.raises(attendance.NotHeldYet) as caught:
        attendance.save_marks(db, [MarkChange(held.id, learner, "C"), MarkChange(coming.id, learner, "K")],
                              today=TODAY)
    assert caught.value.session_ids == [coming.id]
    assert "25/11/2026" in caught.value.message and "23/11/2026" in caught.value.message
    grid = attendance.load_grid(db, summary.id, 2026, 11)
    assert grid.marks == {(learner, held.id): "K"}  # nothing of the refused save was kept
    attendance.save_marks(db, [MarkChange(coming.id, learner, "P")], today=TODAY,
                          future_confirmed={coming.id})
    attendance.save_marks(db, [MarkChange(coming.id, learner, None)], today=TODAY)  # clearing is free
    assert attendance.load_grid(db, summary.id, 2026, 11).marks == {(learner, held.id): "K"}
