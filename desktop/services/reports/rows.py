"""Reading one period's rows from the store into `reports.model` plain data.

A centre's database gives one `CentreRows`; an office's gives one per origin centre (its rows
are told apart by the `origin` column). Deleted rows, cancelled sessions, sessions of deleted
classes and sessions after `as_of` (not held yet) are left out here, once, for every indicator.
Attendance is summed in SQL per (class, learner) and per session, so a province's year is a few
hundred thousand rows, not millions. Portable SQL only (the office moves to PostgreSQL). Ids are
kept in their stored form (`store.types.raw_id`): opaque keys to the report layer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from sqlalchemy import and_, case, exists, func, select
from sqlalchemy.orm import Session as OrmSession

from desktop.reference.ethnic_groups import ethnic_group_by_key
from desktop.reports.literacy import LITERACY_KINDS
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
from desktop.store.types import raw_id

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


def _chunks(ids: Any) -> Iterator[list[Any]]:
    """Ids in sorted lists of at most CHUNK, for IN lists."""
    ordered = sorted(ids)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start:start + CHUNK]


def read_rows(session: OrmSession, first: dt.date, last: dt.date, centres: dict[Key, tuple[str, str]],
              *, as_of: dt.date) -> dict[Key, CentreRows]:
    """The rows of the period per centre. `centres` maps an origin (None for a centre's own
    database: every row) to its commune code and name; other origins are left out.

    Record ids stay in their stored form (`raw_id`): they are only compared with each other,
    and a province's year holds a million of them, which are not worth converting to text."""
    held_until = min(last, as_of)
    connection = session.connection()  # Core rows: the ORM adds nothing to plain selects but time
    by_origin = None not in centres
    origins = [key for key in centres if key is not None]
    result = {key: CentreRows(code, name) for key, (code, name) in centres.items()}

    def pick(origin: int) -> CentreRows | None:
        return result.get(origin if by_origin else None)

    def only(column: Any) -> list[Any]:
        # one centre of an office: its own rows by the origin's index. Several: every held row,
        # the others dropped by `pick`, since an IN list of a province's origins leads SQLite
        # (without statistics) to read every session of every year by origin, not the period's
        # by date.
        return [column == origins[0]] if by_origin and len(origins) == 1 else []

    held = and_(Session.deleted.is_(False), Session.cancelled.is_(False), Session.date >= first,
                Session.date <= held_until, Activity.deleted.is_(False))
    villages = dict(connection.execute(select(raw_id(Village.id), Village.name)).all())

    # classes and talks with a session held in the period, and those sessions
    read_activities: set[Any] = set()
    held_ids, literacy_ids = [], []  # every class and talk held (of any centre), and the literacy classes
    held_activities = (select(Session.activity_id).join(Activity, Activity.id == Session.activity_id)
                       .where(held, *only(Session.origin)).distinct())
    for row in connection.execute(select(
            raw_id(Activity.id), Activity.origin, Activity.code, Activity.name, Activity.kind, Activity.topic_group,
            raw_id(Activity.village_id), Activity.start_date, Activity.end_date, Activity.planned_periods)
            .where(Activity.id.in_(held_activities))).all():
        held_ids.append(row[0])
        if row[4] in LITERACY_KINDS:
            literacy_ids.append(row[0])
        target = pick(row[1])
        if target is not None:
            read_activities.add(row[0])
            target.activities[row[0]] = ActivityRow(
                row[0], row[2], row[3], row[4], row[5] or "other", villages.get(row[6], UNKNOWN), row[7], row[8],
                row[9])

    # each held session with whether it has marks and how many say present, read mark by mark
    # through the (session, learner) index: no sort of the period's marks (those of deleted
    # learners are taken off below, rarely any)
    live_marks = and_(Attendance.session_id == Session.id, Attendance.deleted.is_(False))
    # whether a session has names matters only to one with a headcount (which then does not count)
    named = case((Session.headcount_total.is_(None), False), else_=exists().where(live_marks))
    present = (select(func.count()).select_from(Attendance).where(live_marks, Attendance.mark.in_(PRESENT))
               .scalar_subquery())
    for row in connection.execute(select(
            raw_id(Session.id), Session.origin, raw_id(Session.activity_id), Session.date, Session.periods,
            Session.headcount_total, Session.headcount_women, Session.headcount_minority, named, present,
            Session.literacy_term)
            .join(Activity, Activity.id == Session.activity_id).where(held, *only(Session.origin))).all():
        target = pick(row[1])
        if target is not None and row[2] in target.activities:
            target.sessions.append(SessionRow(row[0], row[2], row[3], row[4], bool(row[8]), int(row[9] or 0),
                                              row[5], row[6], row[7], row[10]))

    # the period's marks summed per (class, learner): the report's costliest read. Those of a
    # deleted class (never among the `activities` read above, so never counted) are dropped
    # here rather than by a join.
    attended = func.sum(case((Attendance.mark.in_(PRESENT), 1), else_=0))
    held_sessions = and_(Session.deleted.is_(False), Session.cancelled.is_(False), Session.date >= first,
                         Session.date <= held_until)
    for origin, activity_id, learner_id, present_count, marked in connection.execute(
            select(Session.origin, raw_id(Session.activity_id), raw_id(Attendance.learner_id), attended, func.count())
            .join(Session, Session.id == Attendance.session_id)
            .where(held_sessions, Attendance.deleted.is_(False), *only(Session.origin))
            .group_by(Session.origin, Session.activity_id, Attendance.learner_id)).all():
        target = pick(origin)
        if target is not None and activity_id in read_activities:
            target.tallies.append(AttendanceTally(activity_id, learner_id, int(present_count or 0), int(marked)))

    minority = _minority_of()
    already = exists().where(Attendance.session_id == WalkIn.session_id,
                             Attendance.learner_id == WalkIn.matched_learner_id,
                             Attendance.deleted.is_(False), Attendance.mark.in_(PRESENT))
    for row in connection.execute(
            select(raw_id(WalkIn.session_id), Session.origin, WalkIn.gender, WalkIn.birth_year,
                   WalkIn.ethnic_group_key, raw_id(WalkIn.village_id), raw_id(WalkIn.matched_learner_id),
                   already.label("already"))
            .join(Session, Session.id == WalkIn.session_id)
            .join(Activity, Activity.id == Session.activity_id)
            .where(held, WalkIn.deleted.is_(False), *only(Session.origin))).all():
        target = pick(row[1])
        if target is not None:
            target.walk_ins.append(WalkInRow(
                row[0], row[2], row[3], minority(row[4]), villages.get(row[5], UNKNOWN), row[6],
                bool(row[7] and row[6])))

    # the held classes' enrolments, their learners and the literacy classes' periods are read by the
    # ids already in hand: each subquery of the held classes read the period's sessions again
    for ids in _chunks(held_ids):
        for row in connection.execute(
                select(raw_id(EnrolmentRecord.activity_id), raw_id(EnrolmentRecord.learner_id), EnrolmentRecord.origin)
                .where(EnrolmentRecord.deleted.is_(False), raw_id(EnrolmentRecord.activity_id).in_(ids))).all():
            target = pick(row[2])
            if target is not None:
                target.enrolments.append(Enrolment(row[0], row[1]))

    # the learners behind those marks, enrolments and matched walk-ins, and nobody else. A person
    # goes to every centre whose records name them: after a merger of centres, a learner joined as
    # one person is named by the marks of both former centres.
    wanted_by = {key: {tally.learner_id for tally in rows.tallies} | {item.learner_id for item in rows.enrolments}
                 | {item.learner_id for item in rows.walk_ins if item.learner_id} for key, rows in result.items()}
    wanted = set().union(*wanted_by.values())
    columns = (raw_id(Learner.id), Learner.origin, Learner.full_name, Learner.gender, Learner.birth_date,
               Learner.birth_year, Learner.ethnic_group_key, raw_id(Learner.village_id), Learner.rural_worker,
               Learner.literacy_status)
    people: dict[Any, Person] = {}

    def add_people(rows: Any) -> None:
        for row in rows.all():
            if row[0] in wanted:
                people[row[0]] = Person(
                    row[0], row[2], row[3], row[4], row[5], minority(row[6]), villages.get(row[7], UNKNOWN),
                    bool(row[8]), row[9] or "")

    for ids in _chunks(wanted):
        add_people(connection.execute(select(*columns).where(raw_id(Learner.id).in_(ids), Learner.deleted.is_(False))))
    for key, named in wanted_by.items():
        target = result[key].people
        for learner_id in named:
            person = people.get(learner_id)
            if person is not None:
                target[learner_id] = person
    gone = sorted({tally.learner_id for rows in result.values() for tally in rows.tallies
                   if tally.attended and tally.learner_id not in rows.people})
    if gone:  # present marks of learners deleted since: they count nowhere
        taken = dict(connection.execute(
            select(raw_id(Attendance.session_id), func.count()).join(Session, Session.id == Attendance.session_id)
            .join(Activity, Activity.id == Session.activity_id)
            .where(held, Attendance.deleted.is_(False), Attendance.mark.in_(PRESENT),
                   raw_id(Attendance.learner_id).in_(gone)).group_by(Attendance.session_id)).all())
        for rows in result.values():
            rows.sessions[:] = [replace(item, present=item.present - int(taken[item.id])) if item.id in taken
                                else item for item in rows.sessions]

    for row in (row for ids in _chunks(literacy_ids) for row in connection.execute(
            select(raw_id(Session.activity_id), Session.origin, func.coalesce(func.sum(Session.periods), 0))
            .where(raw_id(Session.activity_id).in_(ids), Session.deleted.is_(False), Session.cancelled.is_(False),
                   Session.date <= held_until)
            .group_by(Session.activity_id, Session.origin)).all()):
        target = pick(row[1])
        if target is not None:
            target.periods_to_date[row[0]] = int(row[2])
    return result
