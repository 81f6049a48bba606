"""A realistic demo centre (`clc demo`): villages, learners, classes, talks, sessions, attendance.

The build has two halves. First a plan is drawn, in memory, from one `random.Random(seed)`: who
lives where, which classes and talks ran when, who came to which session. Only the seed and
`today` decide it, so two builds hold the same content (the UUIDv7 ids differ). Then the plan is
written with ORM objects in batches inside a few transactions, so the sync identity hook stamps
every row as it would for a user's own work.

The data runs up to `today`: finished activities in the past, running classes now (with a few
learners who stopped coming and the last sessions not yet marked, as a real centre has them), and
planned ones in the coming weeks.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass


from desktop.demo import names as data
from desktop.demo.calendar import programme_term
from desktop.demo.centre_planner import make_plan
from desktop.demo.centre_records import CLASS_KINDS, PlannedActivity, Person
from desktop.demo.writer import BATCH, BatchWriter
from desktop.errors import UserError, ValidationError
from desktop.i18n import _
from desktop.progress import Cancelled, Progress, ReportCallback, as_progress
from desktop.reference.activities import LITERACY_TERMS, PARTNER_BODIES
from desktop.services.centre import CentreSetup, get_centre, list_villages, setup_centre
from desktop.store.database import Database
from desktop.store.register_models import Activity, Attendance, Enrolment, Learner, Session, WalkIn
from desktop.text.vietnamese import clean_name, fold, name_sort_key


MAX_YEARS = 30
ROWS_PER_TRANSACTION = 40_000


class DemoCancelled(UserError, Cancelled):
    """The user stopped the build; the transaction in progress was rolled back."""

    def __init__(self) -> None:
        super().__init__(_("Building the demo centre was cancelled."))


@dataclass(frozen=True)
class DemoSummary:
    villages: int
    learners: int
    activities: int
    sessions: int
    marks: int
    walk_ins: int
    enrolments: int = 0


def _chunks(activities: list[PlannedActivity]) -> Iterator[list[PlannedActivity]]:
    chunk: list[PlannedActivity] = []
    rows = 0
    for activity in activities:
        chunk.append(activity)
        rows += 1 + len(activity.learners) + sum(
            1 + len(s.marks) + len(s.walk_ins) for s in activity.sessions)
        if rows >= ROWS_PER_TRANSACTION:
            yield chunk
            chunk, rows = [], 0
    if chunk:
        yield chunk


def _learner_row(person: Person, village_ids: list[str]) -> Learner:
    return Learner(
        full_name=person.full_name, name_folded=fold(person.full_name),
        name_sort=name_sort_key(person.full_name), gender=person.gender,
        birth_date=person.birth_date, birth_year=person.birth_year, ethnic_group_key=person.group,
        religion=person.religion, village_id=village_ids[person.village], phone=person.phone,
        citizen_id=person.citizen_id, occupation=person.occupation, schooling=person.schooling,
        literacy_status=person.literacy_status, disability=person.disability,
        poor_household=person.poor_household, rural_worker=person.rural_worker, notes="")


def _partner_name(key: str) -> str:
    """Activities keep the partner body as its Vietnamese name, as the class dialog writes it."""
    body = next((body for body in PARTNER_BODIES if body.key == key), None)
    return body.name_vi if body else key


def _activity_row(activity: PlannedActivity, commune_code: str, village_ids: list[str]) -> Activity:
    return Activity(
        code=f"{commune_code}-{activity.code}", name=activity.name, name_folded=fold(activity.name),
        kind=activity.kind, topic_group=activity.topic_group, partner=_partner_name(activity.partner),
        venue=activity.venue,
        village_id=village_ids[activity.village] if activity.village is not None else None,
        teacher=activity.teacher, start_date=activity.start, end_date=activity.end,
        planned_sessions=len(activity.sessions),
        planned_periods=sum(s.periods or 0 for s in activity.sessions),
        funding_source=activity.funding_source, funding_amount=activity.funding_amount,
        status=activity.status, notes="")


def _write_chunk(writer: BatchWriter, chunk: list[PlannedActivity], commune_code: str,
                 village_ids: list[str],
                 learner_ids: list[str]) -> None:
    activity_ids = writer.put([_activity_row(a, commune_code, village_ids) for a in chunk])
    session_rows = []
    for activity, activity_id in zip(chunk, activity_ids, strict=True):
        terms = LITERACY_TERMS.get(activity.kind)
        for item in activity.sessions:
            total, women, minority = item.headcount or (None, None, None)
            session_rows.append(Session(
                activity_id=activity_id, date=item.date, start_time=item.start_time,
                end_time=item.end_time, content=item.content, periods=item.periods,
                teacher=activity.teacher, venue=activity.venue, cancelled=item.cancelled,
                attendance_taken=item.taken, headcount_total=total, headcount_women=women,
                headcount_minority=minority,
                literacy_term=programme_term(terms, activity.start, item.date) if terms else None))
    session_ids = iter(writer.put(session_rows))
    rows: list = []
    for activity, activity_id in zip(chunk, activity_ids, strict=True):
        enrolled_on = activity.start - dt.timedelta(days=3 if activity.kind in CLASS_KINDS else 0)
        rows.extend(Enrolment(activity_id=activity_id, learner_id=learner_ids[i], enrolled_on=enrolled_on)
                    for i in activity.learners)
        for item in activity.sessions:
            session_id = next(session_ids)
            rows.extend(Attendance(session_id=session_id, learner_id=learner_ids[i], mark=mark)
                        for i, mark in item.marks)
            rows.extend(WalkIn(
                session_id=session_id, full_name=w.full_name, gender=w.gender, birth_year=w.birth_year,
                ethnic_group_key=w.group,
                village_id=village_ids[w.village] if w.village is not None else None,
                matched_learner_id=learner_ids[w.matched] if w.matched is not None else None)
                for w in item.walk_ins)
            if len(rows) >= 4 * BATCH:
                writer.put(rows)
                rows = []
    writer.put(rows)
    writer.check()  # last chance before this transaction commits


def build_demo(db: Database, *, years: int = 1, seed: int = 1, commune_code: str = "01234",
               today: dt.date | None = None,
               progress: Progress | ReportCallback | None = None,
               cancel: Callable[[], bool] | None = None) -> DemoSummary:
    """Fill a new, empty database with a demo centre whose data runs `years` back from `today`.

    `progress` is a desktop.progress.Progress (or a report callable, with `cancel` a callable
    that says stop). Raises DemoCancelled when cancelled: the transaction in progress is rolled back,
    earlier ones (the centre, the learners, older years) stay, so the caller should discard the file.
    """
    if not 1 <= years <= MAX_YEARS:
        raise ValidationError(_("Choose between 1 and {count} years.").format(count=MAX_YEARS), "years")
    if get_centre(db) is not None:
        raise ValidationError(_("This database already has a centre."))
    today = today or dt.date.today()
    plan = make_plan(seed, years, today)
    activities = plan.activities
    n_sessions = sum(len(a.sessions) for a in activities)
    n_marks = sum(len(s.marks) for a in activities for s in a.sessions)
    n_walk_ins = sum(len(s.walk_ins) for a in activities for s in a.sessions)
    n_enrolments = sum(len(a.learners) for a in activities)
    total = len(plan.people) + len(activities) + n_sessions + n_marks + n_walk_ins + n_enrolments
    task = as_progress(progress, cancel)
    if task.cancelled:
        raise DemoCancelled()

    setup = CentreSetup(plan.setup.name, plan.setup.commune_name, commune_code, plan.setup.province_code,
                        plan.setup.director, plan.setup.villages, plan.setup.address, plan.setup.phone)
    setup_centre(db, setup)
    by_name = {village.name: village.id for village in list_villages(db)}
    village_ids = [by_name[clean_name(v.name)] for v in plan.villages]
    done = 0
    task.report(done, total)
    with db.unit_of_work() as session:
        writer = BatchWriter(session, task, total, done, cancelled=DemoCancelled)
        learner_ids = writer.put([_learner_row(p, village_ids) for p in plan.people])
        writer.check()
        done = writer.done
    for chunk in _chunks(activities):
        with db.unit_of_work() as session:
            writer = BatchWriter(session, task, total, done, cancelled=DemoCancelled)
            _write_chunk(writer, chunk, commune_code.strip(), village_ids, learner_ids)
            done = writer.done
    return DemoSummary(villages=len(plan.villages), learners=len(plan.people),
                       activities=len(activities), sessions=n_sessions, marks=n_marks,
                       walk_ins=n_walk_ins, enrolments=n_enrolments)
