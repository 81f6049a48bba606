"""Classes and talks (lớp học & chuyên đề), their enrolments and their sessions."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session as OrmSession

from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.services.learners import LearnerSummary
from desktop.store.database import Database
from desktop.store.models import Centre, Village, own_centre_first
from desktop.services.session_dates import check_session_dates
from desktop.store.register_models import Activity, Enrolment, Learner, Session
from desktop.text.vietnamese import clean_name, fold

STATUSES = ("planned", "running", "finished")
TIME_PATTERN = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
MAX_SERIES_SESSIONS = 400


@dataclass(frozen=True)
class ActivityInput:
    name: str
    kind: str
    topic_group: str = "other"
    partner: str = ""
    venue: str = ""
    village_id: str | None = None
    teacher: str = ""
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    planned_sessions: int | None = None
    planned_periods: int | None = None
    funding_source: str = ""
    funding_amount: int | None = None
    status: str = "planned"
    notes: str = ""


@dataclass(frozen=True)
class ActivitySummary:
    id: str
    code: str
    name: str
    kind: str
    topic_group: str
    status: str
    teacher: str
    venue: str
    start_date: dt.date | None
    end_date: dt.date | None
    enrolled: int
    sessions: int
    former_centre: str = ""  # the former commune whose centre held it, for a class that came with a merger


@dataclass(frozen=True)
class SessionInput:
    date: dt.date
    start_time: str = ""
    end_time: str = ""
    content: str = ""
    periods: int | None = None
    teacher: str = ""
    venue: str = ""
    literacy_term: int | None = None  # a literacy class's: the programme's term taught


@dataclass(frozen=True)
class SessionInfo:
    id: str
    activity_id: str
    date: dt.date
    start_time: str
    end_time: str
    content: str
    periods: int | None
    teacher: str
    venue: str
    cancelled: bool
    attendance_taken: bool
    headcount_total: int | None
    headcount_women: int | None
    headcount_minority: int | None
    literacy_term: int | None = None


def _validate(db: Database, data: ActivityInput, held: tuple[str, str] | None = None) -> ActivityInput:
    """`held`: the edited record's kind and topic group, allowed still after the office's list dropped them."""
    from desktop.services.reference_lists import offered_keys

    name = clean_name(data.name)
    if not name:
        raise ValidationError(_("Enter the name of the class or talk."), "name")
    if data.kind not in offered_keys(db, "activity_kinds") and (held is None or data.kind != held[0]):
        raise ValidationError(_("Choose a kind of activity."), "kind")
    if data.topic_group not in offered_keys(db, "topic_groups") and (
            held is None or data.topic_group != held[1]):
        raise ValidationError(_("Choose a topic group."), "topic_group")
    if data.status not in STATUSES:
        raise ValidationError(_("Choose a status."), "status")
    if data.start_date and data.end_date and data.end_date < data.start_date:
        raise ValidationError(_("The end date is before the start date."), "end_date")
    for value, field_name in ((data.planned_sessions, "planned_sessions"),
                              (data.planned_periods, "planned_periods"),
                              (data.funding_amount, "funding_amount")):
        if value is not None and value < 0:
            raise ValidationError(_("Numbers cannot be negative."), field_name)
    return replace(data, name=name, partner=clean_name(data.partner), venue=clean_name(data.venue),
                   teacher=clean_name(data.teacher), notes=data.notes.strip())


def next_activity_code(session: object, year: int) -> str:
    """Codes are the commune code, the year and a number: 01234-2026-007 (sync-design item 1)."""
    centre = session.execute(select(Centre).where(Centre.deleted.is_(False)).order_by(own_centre_first(Centre.id))).scalars().first()  # type: ignore[attr-defined]
    prefix = f"{centre.commune_code if centre else '00000'}-{year}-"
    codes = session.execute(select(Activity.code).where(Activity.code.like(prefix + "%"))).scalars()  # type: ignore[attr-defined]
    numbers = [int(code[len(prefix):]) for code in codes if code[len(prefix):].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


def create_activity(db: Database, data: ActivityInput) -> ActivitySummary:
    clean = _validate(db, data)
    with db.unit_of_work() as session:
        year = (clean.start_date or dt.date.today()).year
        activity = Activity(code=next_activity_code(session, year), name_folded=fold(clean.name))
        _apply(activity, clean)
        session.add(activity)
        session.flush()
        return summarise_activity(session, activity)


def update_activity(db: Database, activity_id: str, data: ActivityInput) -> ActivitySummary:
    with db.reading() as session:
        activity = _get_activity(session, activity_id)
        held = (activity.kind, activity.topic_group)
    clean = _validate(db, data, held)
    with db.unit_of_work() as session:
        activity = _get_activity(session, activity_id)
        _apply(activity, clean)
        activity.name_folded = fold(clean.name)
        session.flush()
        return summarise_activity(session, activity)


def _apply(activity: Activity, data: ActivityInput) -> None:
    for attribute in ("name", "kind", "topic_group", "partner", "venue", "village_id", "teacher",
                      "start_date", "end_date", "planned_sessions", "planned_periods",
                      "funding_source", "funding_amount", "status", "notes"):
        setattr(activity, attribute, getattr(data, attribute))


def _get_activity(session: object, activity_id: str) -> Activity:
    activity = session.get(Activity, activity_id)  # type: ignore[attr-defined]
    if activity is None or activity.deleted:
        raise NotFoundError(_("This class or talk no longer exists."))
    return activity


def get_activity(db: Database, activity_id: str) -> ActivityInput:
    with db.reading() as session:
        a = _get_activity(session, activity_id)
        return ActivityInput(a.name, a.kind, a.topic_group, a.partner, a.venue, a.village_id,
                             a.teacher, a.start_date, a.end_date, a.planned_sessions,
                             a.planned_periods, a.funding_source, a.funding_amount, a.status, a.notes)


def find_activity_by_code(db: Database, code: str) -> ActivitySummary:
    with db.reading() as session:
        activity = session.execute(select(Activity).where(
            Activity.code == code.strip(), Activity.deleted.is_(False))).scalars().first()
        if activity is None:
            raise NotFoundError(_("No class or talk has the code {code}.").format(code=code))
        return summarise_activity(session, activity)


def summarise_activity(session: object, activity: Activity) -> ActivitySummary:
    enrolled = session.execute(select(func.count()).select_from(Enrolment).where(  # type: ignore[attr-defined]
        Enrolment.activity_id == activity.id, Enrolment.deleted.is_(False))).scalar_one()
    sessions = session.execute(select(func.count()).select_from(Session).where(  # type: ignore[attr-defined]
        Session.activity_id == activity.id, Session.deleted.is_(False),
        Session.cancelled.is_(False))).scalar_one()
    return activity_summary_row(activity, enrolled, sessions)


def activity_summary_row(a: Activity, enrolled: int, sessions: int, former_centre: str = "") -> ActivitySummary:
    return ActivitySummary(a.id, a.code, a.name, a.kind, a.topic_group, a.status, a.teacher,
                           a.venue, a.start_date, a.end_date, enrolled, sessions, former_centre)


def _former_centres(session: OrmSession) -> dict[int, str]:
    """Origin → the former commune's name, for the centres merged into this one."""
    from desktop.store.merger_models import CentreMerger
    from desktop.store.sync_nodes import node_uuids

    names = {former: name or centre for former, name, centre in session.execute(
        select(CentreMerger.former_centre_id, CentreMerger.former_commune_name, CentreMerger.former_name)
        .where(CentreMerger.deleted.is_(False)))}
    return {number: names[uuid] for number, uuid in node_uuids(session).items() if uuid in names} if names else {}


def list_activities(db: Database, *, status: str | None = None, kind: str | None = None,
                    year: int | None = None) -> list[ActivitySummary]:
    """Classes and talks, newest first, with their enrolment and session counts."""
    enrolled = (select(Enrolment.activity_id, func.count().label("n"))
                .where(Enrolment.deleted.is_(False)).group_by(Enrolment.activity_id).subquery())
    held = (select(Session.activity_id, func.count().label("n"))
            .where(Session.deleted.is_(False), Session.cancelled.is_(False))
            .group_by(Session.activity_id).subquery())
    statement = (select(Activity, enrolled.c.n, held.c.n)
                 .outerjoin(enrolled, enrolled.c.activity_id == Activity.id)
                 .outerjoin(held, held.c.activity_id == Activity.id)
                 .where(Activity.deleted.is_(False))
                 .order_by(Activity.start_date.desc(), Activity.code.desc()))
    if status:
        statement = statement.where(Activity.status == status)
    if kind:
        statement = statement.where(Activity.kind == kind)
    if year:
        statement = statement.where(Activity.start_date >= dt.date(year, 1, 1),
                                    Activity.start_date <= dt.date(year, 12, 31))
    with db.reading() as session:
        formers = _former_centres(session)
        return [activity_summary_row(a, n_enrolled or 0, n_sessions or 0, formers.get(a.origin, ""))
                for a, n_enrolled, n_sessions in session.execute(statement).all()]


def delete_activity(db: Database, activity_id: str) -> None:
    """Tombstone a class with its sessions; the records stay for sync and audit."""
    with db.unit_of_work() as session:
        activity = _get_activity(session, activity_id)
        activity.deleted = True
        for item in session.execute(select(Session).where(Session.activity_id == activity_id)).scalars():
            item.deleted = True


# --- enrolment -------------------------------------------------------------------------------

def enrol_learners(db: Database, activity_id: str, learner_ids: list[str],
                   on: dt.date | None = None) -> int:
    """Enrol learners (already enrolled ones are skipped); returns how many were added."""
    added = 0
    with db.unit_of_work() as session:
        _get_activity(session, activity_id)
        existing = {e.learner_id: e for e in session.execute(
            select(Enrolment).where(Enrolment.activity_id == activity_id)).scalars()}
        for learner_id in dict.fromkeys(learner_ids):
            learner = session.get(Learner, learner_id)
            if learner is None or learner.deleted:
                raise NotFoundError(_("A chosen learner no longer exists."))
            enrolment = existing.get(learner_id)
            if enrolment is None:
                session.add(Enrolment(activity_id=activity_id, learner_id=learner_id,
                                      enrolled_on=on or dt.date.today()))
                added += 1
            elif enrolment.deleted:
                enrolment.deleted = False
                added += 1
    return added


def enrol_village(db: Database, activity_id: str, village_id: str) -> int:
    """Enrol every current learner of a village."""
    with db.reading() as session:
        ids = list(session.execute(select(Learner.id).where(
            Learner.village_id == village_id, Learner.deleted.is_(False))).scalars())
    return enrol_learners(db, activity_id, ids)


def unenrol_learner(db: Database, activity_id: str, learner_id: str) -> None:
    with db.unit_of_work() as session:
        enrolment = session.execute(select(Enrolment).where(
            Enrolment.activity_id == activity_id, Enrolment.learner_id == learner_id)).scalars().first()
        if enrolment is not None:
            enrolment.deleted = True


def enrolled_learner_ids(db: Database, activity_id: str) -> list[str]:
    with db.reading() as session:
        return list(session.execute(
            select(Enrolment.learner_id).join(Learner, Learner.id == Enrolment.learner_id)
            .where(Enrolment.activity_id == activity_id, Enrolment.deleted.is_(False),
                   Learner.deleted.is_(False)).order_by(Learner.name_sort)).scalars())


# --- sessions --------------------------------------------------------------------------------

def _validate_session(data: SessionInput, kind: str) -> SessionInput:
    from desktop.reference.activities import LITERACY_TERMS

    terms = LITERACY_TERMS.get(kind, ())
    if data.literacy_term is not None and data.literacy_term not in terms:
        if not terms:
            raise ValidationError(_("Only a literacy class's sessions have a programme term."), "literacy_term")
        raise ValidationError(_("This phase is taught in terms {first} to {last}.").format(
            first=terms[0], last=terms[-1]), "literacy_term")
    for value, field_name in ((data.start_time, "start_time"), (data.end_time, "end_time")):
        if value and not TIME_PATTERN.match(value):
            raise ValidationError(_("Write times as hh:mm, for example 19:30."), field_name)
    if data.start_time and data.end_time and data.end_time <= data.start_time:
        raise ValidationError(_("The session ends before it starts."), "end_time")
    if data.periods is not None and not (0 <= data.periods <= 12):
        raise ValidationError(_("A session has between 0 and 12 periods."), "periods")
    return replace(data, content=data.content.strip(), teacher=clean_name(data.teacher),
                   venue=clean_name(data.venue))


def session_info_of(s: Session) -> SessionInfo:
    return SessionInfo(s.id, s.activity_id, s.date, s.start_time, s.end_time, s.content, s.periods,
                       s.teacher, s.venue, s.cancelled, s.attendance_taken, s.headcount_total,
                       s.headcount_women, s.headcount_minority, s.literacy_term)


def add_session(db: Database, activity_id: str, data: SessionInput, *,
                confirm_outside_period: bool = False) -> SessionInfo:
    """Raises OutsidePeriod for a date just outside the class's period, unless confirmed."""
    with db.unit_of_work() as session:
        activity = _get_activity(session, activity_id)
        clean = _validate_session(data, activity.kind)
        check_session_dates([clean.date], activity.start_date, activity.end_date,
                            confirmed=confirm_outside_period)
        item = Session(activity_id=activity_id)
        _apply_session(item, clean)
        session.add(item)
        session.flush()
        return session_info_of(item)


def _apply_session(item: Session, data: SessionInput) -> None:
    for attribute in ("date", "start_time", "end_time", "content", "periods", "teacher", "venue", "literacy_term"):
        setattr(item, attribute, getattr(data, attribute))


def update_session(db: Database, session_id: str, data: SessionInput, *,
                   confirm_outside_period: bool = False) -> SessionInfo:
    with db.unit_of_work() as session:
        item = _get_session(session, session_id)
        activity = _get_activity(session, item.activity_id)
        clean = _validate_session(data, activity.kind)
        if clean.date != item.date:  # an old session is not questioned again for its time or venue
            check_session_dates([clean.date], activity.start_date, activity.end_date,
                                confirmed=confirm_outside_period)
        _apply_session(item, clean)
        return session_info_of(item)


def set_session_cancelled(db: Database, session_id: str, cancelled: bool = True) -> None:
    with db.unit_of_work() as session:
        _get_session(session, session_id).cancelled = cancelled


def delete_session(db: Database, session_id: str) -> None:
    with db.unit_of_work() as session:
        _get_session(session, session_id).deleted = True


def _get_session(session: object, session_id: str) -> Session:
    item = session.get(Session, session_id)  # type: ignore[attr-defined]
    if item is None or item.deleted:
        raise NotFoundError(_("This session no longer exists."))
    return item


def series_dates(start: dt.date, end: dt.date, weekdays: set[int]) -> list[dt.date]:
    """The dates between start and end (inclusive) that fall on the given weekdays (Mon=0)."""
    if end < start:
        raise ValidationError(_("The end date is before the start date."), "end_date")
    if not weekdays:
        raise ValidationError(_("Tick at least one weekday."), "weekdays")
    days = [start + dt.timedelta(days=offset) for offset in range((end - start).days + 1)]
    dates = [day for day in days if day.weekday() in weekdays]
    if len(dates) > MAX_SERIES_SESSIONS:
        raise ValidationError(_("That would make more than {count} sessions; shorten the period.").format(
            count=MAX_SERIES_SESSIONS), "end_date")
    return dates


def generate_sessions(db: Database, activity_id: str, start: dt.date, end: dt.date,
                      weekdays: set[int], template: SessionInput, *,
                      confirm_outside_period: bool = False) -> list[SessionInfo]:
    """Make a weekly series; dates that already have a session are skipped."""
    dates = series_dates(start, end, weekdays)
    with db.unit_of_work() as session:
        activity = _get_activity(session, activity_id)
        clean = _validate_session(template, activity.kind)
        taken = set(session.execute(select(Session.date).where(
            Session.activity_id == activity_id, Session.deleted.is_(False))).scalars())
        check_session_dates([day for day in dates if day not in taken], activity.start_date,
                            activity.end_date, confirmed=confirm_outside_period, field="start_date")
        made = []
        for day in dates:
            if day in taken:
                continue
            item = Session(activity_id=activity_id)
            _apply_session(item, replace(clean, date=day))
            session.add(item)
            made.append(item)
        session.flush()
        return [session_info_of(item) for item in made]


def list_sessions(db: Database, activity_id: str, *, year: int | None = None,
                  month: int | None = None, include_cancelled: bool = True) -> list[SessionInfo]:
    statement = (select(Session).where(Session.activity_id == activity_id, Session.deleted.is_(False))
                 .order_by(Session.date, Session.start_time))
    if year and month:
        first = dt.date(year, month, 1)
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        statement = statement.where(Session.date >= first, Session.date < following)
    if not include_cancelled:
        statement = statement.where(Session.cancelled.is_(False))
    with db.reading() as session:
        return [session_info_of(item) for item in session.execute(statement).scalars()]


def village_names(db: Database) -> dict[str, str]:
    with db.reading() as session:
        return {row.id: row.name for row in session.execute(select(Village.id, Village.name))}


def enrolled_learners(db: Database, activity_id: str) -> list[LearnerSummary]:
    """The learners enrolled in a class, in Vietnamese name order, with birth year and village."""
    statement = (select(Learner, Village.name)
                 .join(Enrolment, Enrolment.learner_id == Learner.id)
                 .outerjoin(Village, Village.id == Learner.village_id)
                 .where(Enrolment.activity_id == activity_id, Enrolment.deleted.is_(False),
                        Learner.deleted.is_(False))
                 .order_by(Learner.name_sort, Learner.id))
    with db.reading() as session:
        return [LearnerSummary(
            learner.id, learner.full_name, learner.name_folded, learner.name_sort, learner.gender,
            learner.birth_year, learner.birth_date, learner.ethnic_group_key, learner.village_id,
            village or "", learner.phone, learner.deleted)
            for learner, village in session.execute(statement).all()]
