"""Classes and talks, enrolments and sessions, through the services (no Qt)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from desktop.errors import NotFoundError, ValidationError
from desktop.services.activities import (
    MAX_SERIES_SESSIONS,
    ActivityInput,
    SessionInput,
    add_session,
    create_activity,
    delete_activity,
    delete_session,
    enrol_learners,
    enrol_village,
    enrolled_learner_ids,
    enrolled_learners,
    find_activity_by_code,
    generate_sessions,
    get_activity,
    list_activities,
    list_sessions,
    series_dates,
    set_session_cancelled,
    unenrol_learner,
    update_activity,
    update_session,
)
from desktop.services.learners import LearnerInput, create_learner, set_learner_deleted
from desktop.store.register_models import Activity, Enrolment, Session

TUESDAY, THURSDAY = 1, 3


def literacy(name: str = "Lớp xóa mù chữ bản Nà Hạ", start: dt.date | None = dt.date(2026, 9, 7),
             **changes: object) -> ActivityInput:
    values: dict[str, object] = dict(name=name, kind="literacy_1", topic_group="literacy",
                                     start_date=start, end_date=dt.date(2027, 5, 28))
    values.update(changes)
    return ActivityInput(**values)  # type: ignore[arg-type]


@pytest.fixture
def learners(db, villages, today) -> dict[str, str]:
    """Six learners; two namesakes in different villages."""
    people = [("Nguyễn Thị Hoa", 1985, "Bản Nà Hạ"), ("Nguyễn Thị Hoa", 1992, "Thôn Đông"),
              ("Lò Văn Thắng", 1978, "Bản Nà Hạ"), ("Giàng A Sùng", 1995, "Bản Pá Khoang"),
              ("Lường Thị Mai", 1990, "Bản Nà Hạ"), ("Trần Văn Bình", 1970, "Thôn Tây")]
    made = {}
    for name, year, village in people:
        learner = create_learner(db, LearnerInput(name, "female", None, year, "kinh", villages[village]),
                                 today=today)
        made[f"{name} {year}"] = learner.id
    return made


# --- codes -------------------------------------------------------------------------------------

def test_codes_start_with_the_commune_code_and_the_year(db):
    first = create_activity(db, literacy())
    second = create_activity(db, literacy("Chuyên đề an toàn giao thông", kind="topic_talk",
                                          topic_group="law"))
    other_year = create_activity(db, literacy("Lớp cũ", start=dt.date(2025, 3, 1),
                                              end_date=dt.date(2025, 6, 1)))
    assert first.code == "04321-2026-001"
    assert second.code == "04321-2026-002"
    assert other_year.code == "04321-2025-001"
    assert find_activity_by_code(db, " 04321-2026-002 ").id == second.id


def test_a_deleted_class_keeps_its_code_so_it_is_never_reused(db):
    create_activity(db, literacy())
    second = create_activity(db, literacy("Lớp thứ hai"))
    delete_activity(db, second.id)
    third = create_activity(db, literacy("Lớp thứ ba"))
    assert third.code == "04321-2026-003"
    with pytest.raises(NotFoundError):
        find_activity_by_code(db, second.code)


def test_editing_keeps_the_code_and_saves_every_field(db, villages):
    made = create_activity(db, literacy())
    changed = ActivityInput(
        "Lớp xóa mù chữ bản Nà Hạ (buổi tối)", "literacy_2", "literacy", "Hội Liên hiệp Phụ nữ",
        "Nhà văn hóa", villages["Bản Nà Hạ"], "Lò Thị Thu Hương", dt.date(2026, 9, 7),
        dt.date(2027, 5, 28), 120, 360, "state_budget", 25_000_000, "running", "Học buổi tối")
    saved = update_activity(db, made.id, changed)
    assert saved.code == made.code
    assert get_activity(db, made.id) == changed


# --- validation --------------------------------------------------------------------------------

@pytest.mark.parametrize(("changes", "field"), [
    ({"name": "   "}, "name"),
    ({"kind": "party"}, "kind"),
    ({"topic_group": "gardening"}, "topic_group"),
    ({"status": "paused"}, "status"),
    ({"end_date": dt.date(2026, 9, 1)}, "end_date"),
    ({"funding_amount": -1}, "funding_amount"),
    ({"planned_sessions": -3}, "planned_sessions"),
    ({"planned_periods": -1}, "planned_periods"),
])
def test_invalid_classes_are_refused_naming_the_field(db, changes, field):
    with pytest.raises(ValidationError) as caught:
        create_activity(db, literacy(**changes))
    assert caught.value.field == field
    assert caught.value.message
    assert list_activities(db) == []


@pytest.mark.parametrize(("session", "field"), [
    (SessionInput(dt.date(2026, 11, 3), "25:00"), "start_time"),
    (SessionInput(dt.date(2026, 11, 3), "7.30"), "start_time"),
    (SessionInput(dt.date(2026, 11, 3), "19:00", "9:00"), "end_time"),
    (SessionInput(dt.date(2026, 11, 3), "19:00", "18:30"), "end_time"),
    (SessionInput(dt.date(2026, 11, 3), periods=13), "periods"),
    (SessionInput(dt.date(2026, 11, 3), periods=-1), "periods"),
])
def test_bad_session_times_and_periods_are_refused(db, session, field):
    activity = create_activity(db, literacy())
    with pytest.raises(ValidationError) as caught:
        add_session(db, activity.id, session)
    assert caught.value.field == field
    assert list_sessions(db, activity.id) == []


def test_names_are_cleaned(db):
    made = create_activity(db, literacy("  Lớp   xóa mù chữ  "))
    assert made.name == "Lớp xóa mù chữ"


# --- enrolment ---------------------------------------------------------------------------------

def test_enrolling_skips_learners_already_in_the_class(db, learners):
    activity = create_activity(db, literacy())
    ids = list(learners.values())
    assert enrol_learners(db, activity.id, ids[:3]) == 3
    assert enrol_learners(db, activity.id, [ids[2], ids[3], ids[3]]) == 1
    assert len(enrolled_learner_ids(db, activity.id)) == 4
    assert list_activities(db)[0].enrolled == 4


def test_enrolled_learners_come_in_vietnamese_name_order_with_village(db, learners):
    activity = create_activity(db, literacy())
    enrol_learners(db, activity.id, list(learners.values()))
    rows = enrolled_learners(db, activity.id)
    # By given name: Bình, Hoa, Hoa, Mai, Sùng, Thắng.
    assert [row.full_name.split()[-1] for row in rows] == ["Bình", "Hoa", "Hoa", "Mai", "Sùng", "Thắng"]
    hoa = [row.label() for row in rows if row.full_name == "Nguyễn Thị Hoa"]
    assert sorted(hoa) == ["Nguyễn Thị Hoa (1985, Bản Nà Hạ)", "Nguyễn Thị Hoa (1992, Thôn Đông)"]
    assert [row.id for row in rows] == enrolled_learner_ids(db, activity.id)


def test_enrolling_a_village_adds_only_its_current_learners(db, learners, villages):
    activity = create_activity(db, literacy())
    set_learner_deleted(db, learners["Lường Thị Mai 1990"])
    enrol_learners(db, activity.id, [learners["Lò Văn Thắng 1978"]])
    added = enrol_village(db, activity.id, villages["Bản Nà Hạ"])
    assert added == 1  # Hoa 1985; Thắng was enrolled already and Mai is deleted
    assert set(enrolled_learner_ids(db, activity.id)) == {
        learners["Nguyễn Thị Hoa 1985"], learners["Lò Văn Thắng 1978"]}


def test_removing_a_learner_is_a_tombstone_and_can_be_undone_by_enrolling(db, learners):
    activity = create_activity(db, literacy())
    hoa = learners["Nguyễn Thị Hoa 1985"]
    enrol_learners(db, activity.id, [hoa])
    unenrol_learner(db, activity.id, hoa)
    assert enrolled_learner_ids(db, activity.id) == []
    with db.reading() as session:
        assert session.execute(select(Enrolment.deleted)).scalars().all() == [True]
    assert enrol_learners(db, activity.id, [hoa]) == 1
    with db.reading() as session:
        assert session.execute(select(Enrolment.deleted)).scalars().all() == [False]


def test_enrolling_an_unknown_learner_is_a_clear_error(db):
    activity = create_activity(db, literacy())
    with pytest.raises(NotFoundError):
        enrol_learners(db, activity.id, ["no-such-learner"])


# --- sessions ----------------------------------------------------------------------------------

def test_series_dates_fall_on_the_chosen_weekdays():
    dates = series_dates(dt.date(2026, 11, 1), dt.date(2026, 11, 30), {TUESDAY, THURSDAY})
    assert [day.day for day in dates] == [3, 5, 10, 12, 17, 19, 24, 26]
    assert {day.weekday() for day in dates} == {TUESDAY, THURSDAY}


def test_series_needs_a_weekday_and_an_order(db):
    with pytest.raises(ValidationError) as no_days:
        series_dates(dt.date(2026, 11, 1), dt.date(2026, 11, 30), set())
    assert no_days.value.field == "weekdays"
    with pytest.raises(ValidationError) as backwards:
        series_dates(dt.date(2026, 11, 30), dt.date(2026, 11, 1), {TUESDAY})
    assert backwards.value.field == "end_date"


def test_a_series_of_more_than_400_sessions_is_refused(db):
    activity = create_activity(db, literacy())
    start = dt.date(2026, 1, 1)
    end = start + dt.timedelta(days=MAX_SERIES_SESSIONS)  # 401 days, every day
    with pytest.raises(ValidationError) as caught:
        generate_sessions(db, activity.id, start, end, set(range(7)), SessionInput(start))
    assert caught.value.field == "end_date"
    assert list_sessions(db, activity.id) == []
    exactly = generate_sessions(db, activity.id, start, end - dt.timedelta(days=1), set(range(7)),
                                SessionInput(start), confirm_outside_period=True)
    assert len(exactly) == MAX_SERIES_SESSIONS


def test_generating_skips_dates_that_already_have_a_session(db):
    activity = create_activity(db, literacy(teacher="Lò Thị Thu Hương"))
    add_session(db, activity.id, SessionInput(dt.date(2026, 11, 10), "08:00", "10:00", "Bù buổi"))
    made = generate_sessions(db, activity.id, dt.date(2026, 11, 1), dt.date(2026, 11, 30),
                             {TUESDAY, THURSDAY},
                             SessionInput(dt.date(2026, 11, 1), "19:00", "21:00", "Tiếng Việt", 3,
                                          "Lò Thị Thu Hương", "Nhà văn hóa"))
    assert [s.date.day for s in made] == [3, 5, 12, 17, 19, 24, 26]
    assert all((s.start_time, s.end_time, s.periods, s.venue) == ("19:00", "21:00", 3, "Nhà văn hóa")
               for s in made)
    sessions = list_sessions(db, activity.id)
    assert len(sessions) == 8
    assert sessions[2].content == "Bù buổi"  # the existing one was left alone
    again = generate_sessions(db, activity.id, dt.date(2026, 11, 1), dt.date(2026, 11, 30),
                              {TUESDAY, THURSDAY}, SessionInput(dt.date(2026, 11, 1)))
    assert again == []
    assert [s.date.day for s in list_sessions(db, activity.id, year=2026, month=11)][:2] == [3, 5]


def test_cancelling_a_session_is_reversible_and_not_counted(db):
    activity = create_activity(db, literacy())
    made = generate_sessions(db, activity.id, dt.date(2026, 11, 1), dt.date(2026, 11, 14),
                             {TUESDAY}, SessionInput(dt.date(2026, 11, 1)))
    set_session_cancelled(db, made[0].id)
    assert [s.cancelled for s in list_sessions(db, activity.id)] == [True, False]
    assert list_activities(db)[0].sessions == 1
    assert len(list_sessions(db, activity.id, include_cancelled=False)) == 1
    set_session_cancelled(db, made[0].id, False)
    assert [s.cancelled for s in list_sessions(db, activity.id)] == [False, False]
    assert list_activities(db)[0].sessions == 2


def test_editing_a_session(db):
    activity = create_activity(db, literacy())
    made = add_session(db, activity.id, SessionInput(dt.date(2026, 11, 3), "19:00", "21:00"))
    changed = update_session(db, made.id, SessionInput(dt.date(2026, 11, 4), "18:30", "20:30",
                                                       " Toán ", 2, "Lò Thị Thu Hương", ""))
    assert (changed.date, changed.start_time, changed.content, changed.periods) == (
        dt.date(2026, 11, 4), "18:30", "Toán", 2)


def test_deleting_a_session_leaves_a_tombstone(db):
    activity = create_activity(db, literacy())
    made = add_session(db, activity.id, SessionInput(dt.date(2026, 11, 3)))
    delete_session(db, made.id)
    assert list_sessions(db, activity.id) == []
    with db.reading() as session:
        assert session.get(Session, made.id).deleted is True
    with pytest.raises(NotFoundError):
        set_session_cancelled(db, made.id)


# --- deleting a class --------------------------------------------------------------------------

def test_deleting_a_class_is_a_tombstone_with_its_sessions(db, learners):
    activity = create_activity(db, literacy())
    enrol_learners(db, activity.id, list(learners.values())[:2])
    generate_sessions(db, activity.id, dt.date(2026, 11, 1), dt.date(2026, 11, 30), {TUESDAY},
                      SessionInput(dt.date(2026, 11, 1)))
    delete_activity(db, activity.id)
    assert list_activities(db) == []
    with db.reading() as session:
        row = session.get(Activity, activity.id)
        assert row is not None and row.deleted is True
        assert row.version and row.change_seq  # the tombstone carries a new version to sync
        assert set(session.execute(select(Session.deleted)).scalars()) == {True}
    with pytest.raises(NotFoundError):
        get_activity(db, activity.id)
    with pytest.raises(NotFoundError):
        add_session(db, activity.id, SessionInput(dt.date(2026, 12, 1)))


def test_listing_filters_by_status_kind_and_year(db):
    create_activity(db, literacy(status="running"))
    create_activity(db, literacy("Chuyên đề", kind="topic_talk", topic_group="law", status="finished",
                                 start=dt.date(2025, 10, 1), end_date=dt.date(2025, 10, 1)))
    assert [a.name for a in list_activities(db, status="finished")] == ["Chuyên đề"]
    assert [a.name for a in list_activities(db, kind="literacy_1")] == ["Lớp xóa mù chữ bản Nà Hạ"]
    assert [a.name for a in list_activities(db, year=2025)] == ["Chuyên đề"]
    assert [a.start_date.year for a in list_activities(db)] == [2026, 2025]  # newest first
