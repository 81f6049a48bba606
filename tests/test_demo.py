"""The demo centre (`clc demo`): realistic, complete enough for every screen, deterministic."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.errors import ValidationError
from desktop.reference.activities import ACTIVITY_KINDS, FUNDING_SOURCES, PARTNER_BODIES, TOPIC_GROUPS
from desktop.reference.ethnic_groups import ethnic_group_by_key
from desktop.demo import names as demo_names
from desktop.services.dashboard import load_dashboard
from desktop.demo.centre import DemoCancelled, DemoSummary, build_demo
from desktop.demo.centre_planner import make_plan as _make_plan
from desktop.store.database import Database, open_database
from desktop.store.models import Centre, Village
from desktop.store.register_models import Activity, Attendance, Enrolment, Learner, Session, WalkIn
from desktop.text.vietnamese import fold

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DemoSummary]:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    db = open_database(path)
    try:
        summary = build_demo(db, years=1, seed=1, today=TODAY)
    finally:
        db.close()
    return path, summary


@pytest.fixture
def demo(built: tuple[Path, DemoSummary]):
    database = open_database(built[0])
    yield database
    database.close()


def _count(db: Database, model: type) -> int:
    with db.reading() as session:
        return session.execute(select(func.count()).select_from(model)).scalar_one()


def _content(db: Database) -> tuple[list[str], list[tuple[str, str]], dict[str, int], list[str]]:
    with db.reading() as session:
        names = list(session.execute(select(Learner.full_name).order_by(Learner.name_sort,
                                                                        Learner.birth_year)).scalars())
        activities = [tuple(row) for row in session.execute(
            select(Activity.code, Activity.name).order_by(Activity.code))]
        marks = {mark: count for mark, count in session.execute(
            select(Attendance.mark, func.count()).group_by(Attendance.mark))}
        villages = list(session.execute(select(Village.name).order_by(Village.sort_key)).scalars())
    return names, activities, marks, villages


def test_one_year_demo_has_counts_in_range(built, demo) -> None:
    summary = built[1]
    assert 8 <= summary.villages <= 14
    assert 330 <= summary.learners <= 380
    assert 50 <= summary.activities <= 85
    assert 300 <= summary.sessions <= 1_500
    assert 8_000 <= summary.marks <= 25_000
    assert summary.walk_ins > 0
    assert (_count(demo, Village), _count(demo, Learner), _count(demo, Activity), _count(demo, Session),
            _count(demo, Attendance), _count(demo, WalkIn), _count(demo, Enrolment)) == (
        summary.villages, summary.learners, summary.activities, summary.sessions, summary.marks,
        summary.walk_ins, summary.enrolments)


def test_centre_is_a_realistic_mountain_commune(demo) -> None:
    with demo.reading() as session:
        centre = session.execute(select(Centre)).scalar_one()
        session.expunge(centre)
        villages = list(session.execute(select(Village.name)).scalars())
    assert centre.name == "Trung tâm học tập cộng đồng xã Chiềng Hoa"
    assert (centre.commune_code, centre.province_code) == ("01234", "14")
    assert centre.director
    assert all(re.match(r"^(Thôn|Bản) \w", name) for name in villages)


def test_same_seed_and_day_give_the_same_content(demo, tmp_path: Path) -> None:
    other = open_database(tmp_path / "again.sqlite")
    try:
        build_demo(other, years=1, seed=1, today=TODAY)
        assert _content(other) == _content(demo)
    finally:
        other.close()


def test_another_seed_gives_another_centre() -> None:
    first, second = _make_plan(1, 1, TODAY), _make_plan(2, 1, TODAY)
    assert [p.full_name for p in first.people] != [p.full_name for p in second.people]
    assert first.setup.province_code != second.setup.province_code


def test_this_month_and_this_year_have_sessions_and_marks(demo) -> None:
    month = dt.date(TODAY.year, TODAY.month, 1)
    year = dt.date(TODAY.year, 1, 1)
    with demo.reading() as session:
        for first in (month, year):
            sessions = session.execute(select(func.count()).select_from(Session).where(
                Session.date >= first, Session.date <= TODAY)).scalar_one()
            marks = session.execute(select(func.count()).select_from(Attendance).join(
                Session, Session.id == Attendance.session_id).where(
                Session.date >= first, Session.date <= TODAY)).scalar_one()
            assert sessions > 0 and marks > 0, first
        future_marks = session.execute(select(func.count()).select_from(Attendance).join(
            Session, Session.id == Attendance.session_id).where(Session.date > TODAY)).scalar_one()
        untaken_with_marks = session.execute(select(func.count()).select_from(Attendance).join(
            Session, Session.id == Attendance.session_id).where(
            Session.attendance_taken.is_(False))).scalar_one()
        last = session.execute(select(func.max(Session.date))).scalar_one()
    assert future_marks == 0
    assert untaken_with_marks == 0
    assert last > TODAY  # planned sessions lie ahead


def test_dashboard_has_something_in_every_list(demo) -> None:
    board = load_dashboard(demo, TODAY)
    assert board.sessions_this_month
    assert board.running_activities >= 3
    assert board.participant_times_year > 1_000
    assert board.learners_total == _count(demo, Learner)
    assert board.absent_streaks
    assert board.attendance_missing
    assert all(item.date <= TODAY for item in board.attendance_missing)


def test_every_kind_and_status_appears_with_valid_vocabulary(demo) -> None:
    with demo.reading() as session:
        rows = session.execute(select(Activity)).scalars().all()
        session.expunge_all()
    kinds = Counter(a.kind for a in rows)
    assert set(kinds) == {kind.key for kind in ACTIVITY_KINDS}
    assert kinds["topic_talk"] > kinds["literacy_1"]
    assert {a.status for a in rows} == {"finished", "running", "planned"}
    assert {a.topic_group for a in rows} <= {group.key for group in TOPIC_GROUPS}
    assert {a.partner for a in rows} <= {partner.name_vi for partner in PARTNER_BODIES}  # as the dialog writes it
    assert {a.funding_source for a in rows} <= {source.key for source in FUNDING_SOURCES} | {""}
    codes = [a.code for a in rows]
    assert len(set(codes)) == len(codes)
    assert all(re.fullmatch(r"01234-\d{4}-\d{3}", code) for code in codes)
    for a in rows:
        assert a.start_date <= a.end_date
        assert a.code.split("-")[1] == str(a.start_date.year)
        assert (a.status == "planned") == (a.start_date > TODAY)
        assert (a.status == "finished") == (a.end_date < TODAY)
    assert any(a.name.startswith("Lớp xóa mù chữ giai đoạn 1 – ") for a in rows)


def test_talks_record_headcounts_names_and_walk_ins(demo) -> None:
    with demo.reading() as session:
        headcounts = session.execute(
            select(Session).where(Session.headcount_total.is_not(None))).scalars().all()
        named_talks = session.execute(
            select(func.count(func.distinct(Session.id))).select_from(Session)
            .join(Activity, Activity.id == Session.activity_id)
            .join(Attendance, Attendance.session_id == Session.id)
            .where(Activity.kind == "topic_talk")).scalar_one()
        matched = session.execute(select(func.count()).select_from(WalkIn).where(
            WalkIn.matched_learner_id.is_not(None))).scalar_one()
        session.expunge_all()
    assert headcounts and named_talks
    for item in headcounts:
        assert 0 <= item.headcount_women <= item.headcount_total
        assert 0 <= item.headcount_minority <= item.headcount_total
        assert item.attendance_taken
    assert matched <= _count(demo, WalkIn)


def test_literacy_sessions_teach_a_term_of_their_phase_in_order(demo) -> None:
    """Every literacy session has its programme term (so the report's learners by term show no
    "not recorded"), a term of the class's phase, and a class never goes back to an earlier term."""
    with demo.reading() as session:
        rows = session.execute(
            select(Activity.code, Activity.kind, Session.date, Session.literacy_term)
            .join(Activity, Activity.id == Session.activity_id)
            .where(Activity.kind.in_(("literacy_1", "literacy_2", "post_literacy", "topic_talk")))
            .order_by(Activity.code, Session.date)).all()
    terms: dict[str, list[int | None]] = {}
    kinds = {}
    for code, kind, _day, term in rows:
        terms.setdefault(code, []).append(term)
        kinds[code] = kind
    literacy = [code for code, kind in kinds.items() if kind.startswith("literacy")]
    assert literacy and any(kinds[code] == "literacy_2" for code in literacy)
    for code, taught in terms.items():
        if kinds[code] == "literacy_1":
            assert set(taught) <= {1, 2, 3} and taught == sorted(taught), code
        elif kinds[code] == "literacy_2":
            assert set(taught) <= {4, 5} and taught == sorted(taught), code
        else:
            assert set(taught) == {None}, code


def test_programme_term_follows_the_school_year_and_stops_at_the_phase_end() -> None:
    from desktop.demo.calendar import programme_term

    phase_1, phase_2, day = (1, 2, 3), (4, 5), dt.date
    # phase 1 in thirds of the school year (September-December, January-April, May-August)
    assert [programme_term(phase_1, day(2025, 10, 6), when) for when in (
        day(2025, 10, 6), day(2025, 12, 31), day(2026, 1, 2), day(2026, 5, 4), day(2026, 9, 7))] == [1, 1, 2, 3, 3]
    # a class starting in August is in term 3, and stays there in the next school year
    assert [programme_term(phase_1, day(2025, 8, 4), when) for when in (day(2025, 8, 4), day(2025, 9, 8))] == [3, 3]
    # phase 2 in halves (September-February, March-August)
    assert [programme_term(phase_2, day(2025, 9, 8), when) for when in (
        day(2026, 2, 27), day(2026, 3, 2))] == [4, 5]
    assert programme_term(phase_2, day(2026, 4, 6), day(2026, 4, 8)) == 5


def test_learners_are_kinh_and_minority_with_real_looking_names(demo) -> None:
    with demo.reading() as session:
        learners = session.execute(select(Learner)).scalars().all()
        session.expunge_all()
    groups = Counter(learner.ethnic_group_key for learner in learners)
    assert groups["kinh"] > 0
    assert sum(count for key, count in groups.items() if key != "kinh") > len(learners) / 2
    assert {"thai", "hmong"} <= set(groups)
    assert all(ethnic_group_by_key(key) is not None for key in groups)
    women = sum(learner.gender == "female" for learner in learners) / len(learners)
    assert 0.5 <= women <= 0.65
    names = [learner.full_name for learner in learners]
    assert all(unicodedata.is_normalized("NFC", name) and len(name.split()) >= 3 for name in names)
    hmong_man = re.compile(r"(Sùng|Giàng|Vàng|Thào|Lý|Mùa|Hầu|Lầu|Hạng|Tráng|Vừ) A \w+")
    assert any(hmong_man.fullmatch(name) for name in names)
    assert all(1950 <= learner.birth_year <= 2010 and learner.village_id for learner in learners)
    assert any(learner.birth_date for learner in learners) and any(learner.phone for learner in learners)
    # Namesakes live in different villages; no two look like one person registered twice.
    by_name: dict[str, set[str]] = {}
    seen = set()
    for learner in learners:
        by_name.setdefault(fold(learner.full_name), set()).add(learner.village_id)
        key = (fold(learner.full_name), learner.birth_year, learner.village_id)
        assert key not in seen
        seen.add(key)
    assert any(len(villages) > 1 for villages in by_name.values())
    assert any(learner.literacy_status for learner in learners)


def test_marks_look_like_a_real_register(demo) -> None:
    _, _, marks, _ = _content(demo)
    total = sum(marks.values())
    assert set(marks) == {"C", "P", "K", "M"}
    assert marks["C"] / total > 0.75
    assert all(marks[mark] / total < 0.12 for mark in "PKM")


def test_a_month_starting_today_still_has_marks() -> None:
    today = dt.date(2026, 3, 1)
    plan = _make_plan(3, 1, today)
    marked = [s for a in plan.activities for s in a.sessions if s.marks and s.date.month == 3
              and s.date.year == 2026]
    assert marked and all(s.date <= today for s in marked)


def test_cancel_rolls_back_the_batch_in_progress(tmp_path: Path) -> None:
    db = open_database(tmp_path / "cancelled.sqlite")
    reports: list[tuple[int, int]] = []
    try:
        with pytest.raises(DemoCancelled):
            build_demo(db, years=1, today=TODAY, progress=lambda done, total: reports.append((done, total)),
                       cancel=lambda: bool(reports) and reports[-1][0] >= 1_000)
        assert _count(db, Activity) == 0 and _count(db, Attendance) == 0
        assert _count(db, Learner) > 0  # the learners' transaction had committed
    finally:
        db.close()
    assert [done for done, _ in reports] == sorted(done for done, _ in reports)
    assert len({total for _, total in reports}) == 1


def test_refuses_bad_years_and_a_database_with_a_centre(db) -> None:
    with pytest.raises(ValidationError):
        build_demo(db, years=0, today=TODAY)
    with pytest.raises(ValidationError):
        build_demo(db, years=1, today=TODAY)


def test_name_data_is_consistent() -> None:
    partners = {partner.key for partner in PARTNER_BODIES}
    topics = {group.key for group in TOPIC_GROUPS}
    for key, stock in demo_names.NAMES.items():
        assert ethnic_group_by_key(key) is not None
        assert len(stock.family_weights) == len(stock.families), key
    for profile in demo_names.COMMUNES:
        assert len(profile.villages) >= 14
        assert all(group in demo_names.NAMES for _, group in profile.villages)
        assert all(group in demo_names.NAMES for group, _ in profile.mix)
    for group, _name, _year, bodies in (*demo_names.COURSES, *demo_names.TRAININGS):
        assert group in topics and set(bodies) <= partners
    assert set(demo_names.TALKS) <= topics
    assert set(demo_names.PARTNERS_BY_GROUP) <= topics
    assert {body for bodies in demo_names.PARTNERS_BY_GROUP.values() for body in bodies} <= partners
    assert {group for group, _ in (*demo_names.CLUBS, *demo_names.READING, *demo_names.OTHERS)} <= topics
