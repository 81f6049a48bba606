"""The dashboard's figures (Tổng quan): what needs doing now, and this year's totals."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from desktop.services.attendance import PRESENT_MARKS, month_bounds
from desktop.store.database import Database
from desktop.store.models import Activity, Attendance, Enrolment, Learner, Session, Village, WalkIn

CONSECUTIVE_ABSENCES = 3


@dataclass(frozen=True)
class SessionDue:
    session_id: str
    activity_id: str
    activity_code: str
    activity_name: str
    date: dt.date
    start_time: str


@dataclass(frozen=True)
class AbsentLearner:
    learner_id: str
    full_name: str
    village: str
    activity_id: str
    activity_name: str
    absences: int


@dataclass(frozen=True)
class Dashboard:
    today: dt.date
    sessions_this_month: list[SessionDue]
    running_activities: int
    participant_times_year: int
    learners_total: int
    absent_streaks: list[AbsentLearner]
    attendance_missing: list[SessionDue]


def participant_times(session: object, first: dt.date, following: dt.date) -> int:
    """Lượt người: attended marks, plus walk-ins, plus headcounts of sessions without names."""
    marks = session.execute(  # type: ignore[attr-defined]
        select(func.count()).select_from(Attendance).join(Session, Session.id == Attendance.session_id)
        .where(Attendance.deleted.is_(False), Attendance.mark.in_(PRESENT_MARKS),
               Session.deleted.is_(False), Session.cancelled.is_(False),
               Session.date >= first, Session.date < following)).scalar_one()
    walk_ins = session.execute(  # type: ignore[attr-defined]
        select(func.count()).select_from(WalkIn).join(Session, Session.id == WalkIn.session_id)
        .where(WalkIn.deleted.is_(False), WalkIn.matched_learner_id.is_(None),
               Session.deleted.is_(False), Session.cancelled.is_(False),
               Session.date >= first, Session.date < following)).scalar_one()
    named = select(Attendance.session_id).where(Attendance.deleted.is_(False))
    headcounts = session.execute(  # type: ignore[attr-defined]
        select(func.coalesce(func.sum(Session.headcount_total), 0))
        .where(Session.deleted.is_(False), Session.cancelled.is_(False),
               Session.date >= first, Session.date < following,
               Session.headcount_total.is_not(None), Session.id.not_in(named))).scalar_one()
    return int(marks) + int(walk_ins) + int(headcounts)


def _due(row: object) -> SessionDue:
    return SessionDue(row.id, row.activity_id, row.code, row.name, row.date, row.start_time)  # type: ignore[attr-defined]


def load_dashboard(db: Database, today: dt.date | None = None) -> Dashboard:
    today = today or dt.date.today()
    first, following = month_bounds(today.year, today.month)
    live_session = (Session.deleted.is_(False), Session.cancelled.is_(False), Activity.deleted.is_(False))
    columns = (Session.id, Session.activity_id, Activity.code, Activity.name, Session.date, Session.start_time)
    with db.reading() as session:
        this_month = [_due(row) for row in session.execute(
            select(*columns).join(Activity, Activity.id == Session.activity_id)
            .where(*live_session, Session.date >= first, Session.date < following)
            .order_by(Session.date, Session.start_time))]
        missing = [_due(row) for row in session.execute(
            select(*columns).join(Activity, Activity.id == Session.activity_id)
            .where(*live_session, Session.date <= today, Session.attendance_taken.is_(False),
                   Session.date >= today - dt.timedelta(days=92))
            .order_by(Session.date.desc()).limit(200))]
        running = session.execute(select(func.count()).select_from(Activity).where(
            Activity.deleted.is_(False), Activity.status == "running")).scalar_one()
        learners = session.execute(select(func.count()).select_from(Learner).where(
            Learner.deleted.is_(False))).scalar_one()
        year_times = participant_times(session, dt.date(today.year, 1, 1), dt.date(today.year + 1, 1, 1))
        streaks = _absence_streaks(session, today)
    return Dashboard(today, this_month, running, year_times, learners, streaks, missing)


def _absence_streaks(session: object, today: dt.date) -> list[AbsentLearner]:
    """Learners of running classes whose last three marked sessions were all absences."""
    rows = session.execute(  # type: ignore[attr-defined]
        select(Attendance.learner_id, Session.activity_id, Attendance.mark, Session.date)
        .join(Session, Session.id == Attendance.session_id)
        .join(Activity, Activity.id == Session.activity_id)
        .join(Enrolment, (Enrolment.activity_id == Activity.id) & (Enrolment.learner_id == Attendance.learner_id))
        .where(Activity.status == "running", Activity.deleted.is_(False), Attendance.deleted.is_(False),
               Enrolment.deleted.is_(False), Session.deleted.is_(False), Session.cancelled.is_(False),
               Session.date <= today)
        .order_by(Attendance.learner_id, Session.activity_id, Session.date.desc())).all()
    streaks: dict[tuple[str, str], int] = {}
    broken: set[tuple[str, str]] = set()
    for learner_id, activity_id, mark, _date in rows:
        key = (learner_id, activity_id)
        if key in broken:
            continue
        if mark in ("P", "K"):
            streaks[key] = streaks.get(key, 0) + 1
        else:
            broken.add(key)
    flagged = [key for key, count in streaks.items() if count >= CONSECUTIVE_ABSENCES]
    if not flagged:
        return []
    learner_ids = {learner_id for learner_id, _ in flagged}
    activity_ids = {activity_id for _, activity_id in flagged}
    people = {row.id: row for row in session.execute(  # type: ignore[attr-defined]
        select(Learner.id, Learner.full_name, Learner.name_sort, Village.name.label("village"))
        .outerjoin(Village, Village.id == Learner.village_id).where(Learner.id.in_(learner_ids)))}
    names = dict(session.execute(select(Activity.id, Activity.name).where(  # type: ignore[attr-defined]
        Activity.id.in_(activity_ids))).all())
    result = [AbsentLearner(learner_id, people[learner_id].full_name, people[learner_id].village or "",
                            activity_id, names[activity_id], streaks[(learner_id, activity_id)])
              for learner_id, activity_id in flagged if not people[learner_id] is None]
    result.sort(key=lambda item: (people[item.learner_id].name_sort, item.activity_name))
    return result
