"""Reading one period's rows from the store into `reports.model` plain data.

A centre's database gives one `CentreRows`; an office's gives one per origin centre (its rows
are told apart by the `origin` column). Deleted rows, cancelled sessions, sessions of deleted
classes and sessions after `as_of` (not held yet) are left out here, once, for every indicator.
Attendance is summed in SQL per (class, learner) and per session, so a province's year is a few
hundred thousand rows, not millions. Portable SQL only (the office moves to PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from sqlalchemy import and_, case, exists, func, select
from sqlalchemy.orm import Session as OrmSession

from desktop.reference.ethnic_groups import ethnic_group_by_key
from desktop.reports.indicators import LITERACY_KINDS
from desktop.reports.model import (
    UNKNOWN,
    ActivityRow,
    AttendanceTally,
    CentreRows,
    Enrolment,
    Person,
    SessionRow,
    WalkInRow,
)
from desktop.services.attendance import PRESENT_MARKS
from desktop.store.models import Village
from desktop.store.register_models import Activity, Attendance, Learner, Session, WalkIn
from desktop.store.register_models import Enrolment as EnrolmentRecord

Key = int | None  # the origin centre's node at an office; None: the whole centre database
PRESENT = sorted(PRESENT_MARKS)
CHUNK = 5000  # ids per IN list, well under every database's limit on bound values


def _minority_of() -> Callable[[str | None], bool]:
    cache: dict[str | None, bool] = {}

    def minority(key: str | None) -> bool:
        if key not in cache:
            group = ethnic_group_by_key(key) if key else None
            cache[key] = bool(group and group.minority)
        return cache[key]

    return minority


def read_rows(session: OrmSession, first: dt.date, last: dt.date, centres: dict[Key, tuple[str, str]],
              *, as_of: dt.date) -> dict[Key, CentreRows]:
    """The rows of the period per centre. `centres` maps an origin (None for a centre's own
    database: every row) to its commune code and name; other origins are left out."""
    held_until = min(last, as_of)
    by_origin = None not in centres
    origins = [key for key in centres if key is not None]
    result = {key: CentreRows(code, name) for key, (code, name) in centres.items()}

    def pick(origin: int) -> CentreRows | None:
        return result.get(origin if by_origin else None)

    def only(column: Any) -> list[Any]:
        return [column.in_(origins)] if by_origin else []

    held = and_(Session.deleted.is_(False), Session.cancelled.is_(False), Session.date >= first,
                Session.date <= held_until, Activity.deleted.is_(False))
    villages = dict(session.execute(select(Village.id, Village.name)).all())

    # classes and talks with a session held in the period, and those sessions
    held_activities = (select(Session.activity_id).join(Activity, Activity.id == Session.activity_id)
                       .where(held, *only(Session.origin)).distinct())
    for row in session.execute(select(
            Activity.id, Activity.origin, Activity.code, Activity.name, Activity.kind, Activity.topic_group,
            Activity.village_id, Activity.start_date, Activity.end_date, Activity.planned_periods)
            .where(Activity.id.in_(held_activities))):
        target = pick(row.origin)
        if target is not None:
            target.activities[row.id] = ActivityRow(
                row.id, row.code, row.name, row.kind, row.topic_group or "other",
                villages.get(row.village_id, UNKNOWN), row.start_date, row.end_date, row.planned_periods)

    # marks per session; those of deleted learners are taken off below (rarely any)
    present = case((Attendance.mark.in_(PRESENT), 1), else_=0)
    marks = {row[0]: [row[1], int(row[2] or 0)] for row in session.execute(
        select(Attendance.session_id, func.count(), func.sum(present))
        .join(Session, Session.id == Attendance.session_id)
        .join(Activity, Activity.id == Session.activity_id)
        .where(held, Attendance.deleted.is_(False), *only(Session.origin))
        .group_by(Attendance.session_id))}
    for row in session.execute(select(
            Session.id, Session.origin, Session.activity_id, Session.date, Session.periods,
            Session.headcount_total, Session.headcount_women, Session.headcount_minority)
            .join(Activity, Activity.id == Session.activity_id).where(held, *only(Session.origin))):
        target = pick(row.origin)
        if target is not None and row.activity_id in target.activities:
            named, came = marks.get(row.id, (0, 0))
            target.sessions.append(SessionRow(
                row.id, row.activity_id, row.date, row.periods, bool(named), int(came or 0),
                row.headcount_total, row.headcount_women, row.headcount_minority))

    attended = func.sum(case((Attendance.mark.in_(PRESENT), 1), else_=0))
    unexcused = func.sum(case((Attendance.mark == "K", 1), else_=0))
    for row in session.execute(
            select(Session.origin, Session.activity_id, Attendance.learner_id, attended, func.count(), unexcused)
            .join(Session, Session.id == Attendance.session_id)
            .join(Activity, Activity.id == Session.activity_id)
            .where(held, Attendance.deleted.is_(False), *only(Session.origin))
            .group_by(Session.origin, Session.activity_id, Attendance.learner_id)):
        target = pick(row[0])
        if target is not None:
            target.tallies.append(AttendanceTally(row[1], row[2], int(row[3] or 0), int(row[4]), int(row[5] or 0)))

    minority = _minority_of()
    already = exists().where(Attendance.session_id == WalkIn.session_id,
                             Attendance.learner_id == WalkIn.matched_learner_id,
                             Attendance.deleted.is_(False), Attendance.mark.in_(PRESENT))
    for row in session.execute(
            select(WalkIn.session_id, Session.origin, WalkIn.gender, WalkIn.birth_year, WalkIn.ethnic_group_key,
                   WalkIn.village_id, WalkIn.matched_learner_id, already.label("already"))
            .join(Session, Session.id == WalkIn.session_id)
            .join(Activity, Activity.id == Session.activity_id)
            .where(held, WalkIn.deleted.is_(False), *only(Session.origin))):
        target = pick(row.origin)
        if target is not None:
            target.walk_ins.append(WalkInRow(
                row.session_id, row.gender, row.birth_year, minority(row.ethnic_group_key),
                villages.get(row.village_id, UNKNOWN), row.matched_learner_id,
                bool(row.already and row.matched_learner_id)))

    for row in session.execute(
            select(EnrolmentRecord.activity_id, EnrolmentRecord.learner_id, EnrolmentRecord.origin)
            .where(EnrolmentRecord.deleted.is_(False), EnrolmentRecord.activity_id.in_(held_activities))):
        target = pick(row.origin)
        if target is not None:
            target.enrolments.append(Enrolment(row.activity_id, row.learner_id))

    # the learners behind those marks, enrolments and matched walk-ins, and nobody else
    # (by the records that name them: after a merger of centres, a learner joined as one person is
    # named by the marks of the former centres of both records)
    wanted_by = {key: {tally.learner_id for tally in rows.tallies} | {item.learner_id for item in rows.enrolments}
                 | {item.learner_id for item in rows.walk_ins if item.learner_id} for key, rows in result.items()}
    wanted = set().union(*wanted_by.values())
    columns = (Learner.id, Learner.origin, Learner.full_name, Learner.gender, Learner.birth_date,
               Learner.birth_year, Learner.ethnic_group_key, Learner.village_id, Learner.rural_worker,
               Learner.literacy_status)
    ordered = sorted(wanted)
    for start in range(0, len(ordered), CHUNK):
        for row in session.execute(select(*columns).where(Learner.id.in_(ordered[start:start + CHUNK]),
                                                          Learner.deleted.is_(False))):
            person = Person(
                row.id, row.full_name, row.gender, row.birth_date, row.birth_year,
                minority(row.ethnic_group_key), villages.get(row.village_id, UNKNOWN), bool(row.rural_worker),
                row.literacy_status or "")
            for key, named in wanted_by.items():
                if row.id in named:
                    result[key].people[row.id] = person
    gone = sorted({tally.learner_id for rows in result.values() for tally in rows.tallies
                   if tally.attended and tally.learner_id not in rows.people})
    if gone:  # present marks of learners deleted since: they count nowhere
        taken = dict(session.execute(
            select(Attendance.session_id, func.count()).join(Session, Session.id == Attendance.session_id)
            .join(Activity, Activity.id == Session.activity_id)
            .where(held, Attendance.deleted.is_(False), Attendance.mark.in_(PRESENT),
                   Attendance.learner_id.in_(gone)).group_by(Attendance.session_id)).all())
        for rows in result.values():
            rows.sessions[:] = [replace(item, present=item.present - int(taken[item.id])) if item.id in taken
                                else item for item in rows.sessions]

    literacy = (select(Activity.id).where(Activity.id.in_(held_activities), Activity.kind.in_(LITERACY_KINDS)))
    for row in session.execute(
            select(Session.activity_id, Session.origin, func.coalesce(func.sum(Session.periods), 0))
            .where(Session.activity_id.in_(literacy), Session.deleted.is_(False), Session.cancelled.is_(False),
                   Session.date <= held_until)
            .group_by(Session.activity_id, Session.origin)):
        target = pick(row[1])
        if target is not None:
            target.periods_to_date[row[0]] = int(row[2])
    return result
