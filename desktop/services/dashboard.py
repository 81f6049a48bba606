"""The dashboard's figures (Tổng quan): what needs doing now, and this year's totals."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import exists, func, select

from desktop.services.attendance import PRESENT_MARKS, month_bounds
from desktop.store.database import Database
from desktop.store.models import Village
from desktop.store.register_models import Activity, Attendance, Enrolment, Learner, Session, WalkIn

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
    """Lượt người: attended marks, plus walk-ins (a matched one unless that learner is also
    marked present), plus headcounts of sessions without names; as the reports count them."""
    held = (Session.deleted.is_(False), Session.cancelled.is_(False), Activity.deleted.is_(False),
            Session.date >= first, Session.date < following)
    marks = session.execute(  # type: ignore[attr-defined]
        select(func.count()).select_from(Attendance).join(Session, Session.id == Attendance.session_id)
        .join(Activity, Activity.id == Session.activity_id).join(Learner, Learner.id == Attendance.learner_id)
        .where(Attendance.deleted.is_(False), Attendance.mark.in_(PRESENT_MARKS), Learner.deleted.is_(False),
               *held)).scalar_one()
    marked_present = exists().where(Attendance.session_id == WalkIn.session_id,
                                    Attendance.learner_id == WalkIn.matched_learner_id,
                                    Attendance.deleted.is_(False), Attendance.mark.in_(PRESENT_MARKS))
    matched_learner = exists().where(Learner.id == WalkIn.matched_learner_id, Learner.deleted.is_(False))
    walk_ins = session.execute(  # type: ignore[attr-defined]
        select(func.count()).select_from(WalkIn).join(Session, Session.id == WalkIn.session_id)
        .join(Activity, Activity.id == Session.activity_id)
        .where(WalkIn.deleted.is_(False), *held,
               WalkIn.matched_learner_id.is_(None) | (matched_learner & ~marked_present))).scalar_one()
    has_names = exists().where(Attendance.session_id == Session.id, Attendance.deleted.is_(False))
    headcounts = session.execute(  # type: ignore[attr-defined]
        select(func.coalesce(func.sum(Session.headcount_total), 0))
        .join(Activity, Activity.id == Session.activity_id)
        .where(*held, Session.headcount_total.is_not(None), ~has_names)).scalar_one()
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
    """Enrolled learners of running classes whose last three marked sessions were absences.

    Driven from the few running classes and their sessions, so it stays fast over years of marks.
    """
    running = dict(session.execute(select(Activity.id, Activity.name).where(  # type: ignore[attr-defined]
        Activity.status == "running", Activity.deleted.is_(False))).all())
    if not running:
        return []
    held = session.execute(  # type: ignore[attr-defined]
        select(Session.id, Session.activity_id)
        .where(Session.activity_id.in_(running), Session.deleted.is_(False),
               Session.cancelled.is_(False), Session.date <= today)
        .order_by(Session.date.desc(), Session.start_time.desc())).all()
    marks = {(learner_id, session_id): mark for learner_id, session_id, mark in session.execute(  # type: ignore[attr-defined]
        select(Attendance.learner_id, Attendance.session_id, Attendance.mark)
        .where(Attendance.session_id.in_([row.id for row in held]), Attendance.deleted.is_(False)))}
    enrolled = session.execute(select(Enrolment.activity_id, Enrolment.learner_id).where(  # type: ignore[attr-defined]
        Enrolment.activity_id.in_(running), Enrolment.deleted.is_(False))).all()
    sessions_of: dict[str, list[str]] = {}
    for row in held:
        sessions_of.setdefault(row.activity_id, []).append(row.id)
    flagged: dict[tuple[str, str], int] = {}
    for activity_id, learner_id in enrolled:
        streak = 0
        for session_id in sessions_of.get(activity_id, []):  # newest first
            mark = marks.get((learner_id, session_id))
            if mark is None:
                continue  # not marked yet: neither breaks nor extends the streak
            if mark not in ("P", "K"):
                break
            streak += 1
        if streak >= CONSECUTIVE_ABSENCES:
            flagged[(learner_id, activity_id)] = streak
    if not flagged:
        return []
    people = {row.id: row for row in session.execute(  # type: ignore[attr-defined]
        select(Learner.id, Learner.full_name, Learner.name_sort, Village.name.label("village"))
        .outerjoin(Village, Village.id == Learner.village_id)
        .where(Learner.id.in_({learner_id for learner_id, _ in flagged}), Learner.deleted.is_(False)))}
    result = [AbsentLearner(learner_id, people[learner_id].full_name, people[learner_id].village or "",
                            activity_id, running[activity_id], count)
              for (learner_id, activity_id), count in flagged.items() if learner_id in people]
    result.sort(key=lambda item: (people[item.learner_id].name_sort, item.activity_name))
    return result
