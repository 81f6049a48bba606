"""Lifelong Learning Week (Tuần lễ hưởng ứng học tập suốt đời): the classes and talks counted in
a year's week, picked from those held in it or added as a new talk, and the week's figures.

The week's dates are set per year (a province may move them): a year without dates of its own
takes those of the year before it (`services.reports.learning_week_of`). Its report
counts, for each picked class or talk, the sessions held in the week and their participant-times
with women and ethnic minorities (as the periodic report counts them), and the books lent in it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, select
from sqlalchemy.orm import Session as OrmSession

from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.reports.indicators import Split, centre_report
from desktop.reports.model import CentreRows
from desktop.reports.periods import Period
from desktop.reports.society import WeekLine, WeekReport
from desktop.services.activities import ActivityInput, SessionInput, add_session, create_activity
from desktop.services.attendance import set_headcount
from desktop.store.database import Database
from desktop.store.register_models import Activity, Session
from desktop.store.society_models import LearningWeekActivity
from desktop.store.types import raw_id


@dataclass(frozen=True)
class WeekActivity:
    """A class or talk with a session in the week; `picked`: counted in the week's report."""

    activity_id: str
    code: str
    name: str
    kind: str
    sessions: int
    picked: bool


def week_period(db: Database, year: int) -> Period:
    from desktop.services.reports import read_period

    return read_period(db, f"{year}-LLW")


@dataclass(frozen=True)
class WeekDates:
    """The year's week and where its dates come from: `from_year` is the year whose dates it
    took (this year: set for it; an earlier year: carried over; None: the general setting)."""

    period: Period
    from_year: int | None

    @property
    def own(self) -> bool:
        return self.from_year == self.period.first.year


def week_dates(db: Database, year: int) -> WeekDates:
    from desktop.services.reports import learning_week_of

    with db.reading() as session:
        _week, from_year = learning_week_of(session, year)
    return WeekDates(week_period(db, year), from_year)


def set_week_dates(db: Database, year: int, month: int, day: int, days: int) -> None:
    """The year's week: its first day and its length (provinces set their own, and may move
    them from one year to the next). Later years without dates of their own follow it."""
    from desktop.services.centre import set_setting
    from desktop.services.reports import week_key

    if not 1990 <= year <= 2100:
        raise ValidationError(_("The year {year} is outside the years a report can cover ({first}–{last}).")
                              .format(year=year, first=1990, last=2100))
    try:
        dt.date(year, month, day)
    except ValueError:
        raise ValidationError(_("Day {day} of month {month} does not exist.").format(day=day, month=month),
                              "starts") from None
    if not 1 <= days <= 31:
        raise ValidationError(_("The week lasts from 1 to 31 days."), "days")
    set_setting(db, week_key(year), f"{month:02d}-{day:02d}/{days}")


def week_activities(db: Database, year: int) -> list[WeekActivity]:
    """The classes and talks with a session held (not cancelled) in the week, and those picked."""
    period = week_period(db, year)
    held = and_(Session.deleted.is_(False), Session.cancelled.is_(False), Session.date >= period.first,
                Session.date <= period.last)
    with db.reading() as session:
        counts: dict[str, int] = {}
        for activity_id, in session.execute(select(Session.activity_id).where(held)):
            counts[activity_id] = counts.get(activity_id, 0) + 1
        picked = set(session.execute(select(LearningWeekActivity.activity_id).where(
            LearningWeekActivity.year == year, LearningWeekActivity.deleted.is_(False))).scalars())
        wanted = set(counts) | picked
        rows = session.execute(select(Activity.id, Activity.code, Activity.name, Activity.kind).where(
            Activity.id.in_(sorted(wanted)), Activity.deleted.is_(False)).order_by(Activity.code)).all()
    return [WeekActivity(row.id, row.code, row.name, row.kind, counts.get(row.id, 0), row.id in picked)
            for row in rows]


def set_picked(db: Database, year: int, activity_id: str, picked: bool) -> None:
    with db.unit_of_work() as session:
        if session.get(Activity, activity_id) is None:
            raise NotFoundError(_("This class or talk is no longer in the list."))
        pick = session.execute(select(LearningWeekActivity).where(
            LearningWeekActivity.year == year, LearningWeekActivity.activity_id == activity_id)).scalars().first()
        if pick is None:
            if picked:
                session.add(LearningWeekActivity(year=year, activity_id=activity_id))
        else:
            pick.deleted = not picked


def add_week_talk(db: Database, year: int, name: str, day: dt.date, *, topic_group: str = "other",
                  venue: str = "", participants: int | None = None, women: int | None = None,
                  minority: int | None = None) -> str:
    """A talk held in the week, with its one session and headcount, picked for the week."""
    period = week_period(db, year)
    if not period.contains(day):
        from desktop.formatting import format_date

        raise ValidationError(_("{date} is not in the Learning Week ({first} – {last}).").format(
            date=format_date(day), first=format_date(period.first), last=format_date(period.last)), "date")
    summary = create_activity(db, ActivityInput(name=name, kind="topic_talk", topic_group=topic_group, venue=venue,
                                                start_date=day, end_date=day, planned_sessions=1,
                                                status="finished"))
    held = add_session(db, summary.id, SessionInput(date=day, venue=venue))
    if participants is not None:
        set_headcount(db, held.id, participants, women, minority)
    set_picked(db, year, summary.id, True)
    return summary.id


def week_report(db: Database, year: int, *, as_of: dt.date | None = None) -> WeekReport:
    """The picked classes and talks, each counted over the week, and the books lent in it."""
    from desktop.services.reports import counting_rule_in

    period = week_period(db, year)
    with db.reading() as session:
        return week_report_in(session, year, period, as_of=as_of or dt.date.today(), counting=counting_rule_in(session))


def week_report_in(session: OrmSession, year: int, period: Period, *, as_of: dt.date, counting: str) -> WeekReport:
    """The same, inside a read transaction (the periodic report of the week uses it)."""
    from desktop.services.reports.books import book_figures
    from desktop.services.reports.rows import read_rows

    # the report's rows keep ids in their stored form: the picks are read the same way, with their text
    picked = dict(session.execute(select(raw_id(LearningWeekActivity.activity_id), LearningWeekActivity.activity_id)
                                  .where(LearningWeekActivity.year == year,
                                         LearningWeekActivity.deleted.is_(False))).all())
    rows = read_rows(session, period.first, period.last, {None: ("", "")}, as_of=as_of)[None]
    books = book_figures(session, period.first, period.last, [None])[None]
    lines = []
    for activity_id, activity in sorted(rows.activities.items(), key=lambda item: item[1].code):
        if activity_id not in picked:
            continue
        sessions = [item for item in rows.sessions if item.activity_id == activity_id]
        held = {item.id for item in sessions}
        only = CentreRows(
            "", "", {activity_id: activity}, sessions,
            [item for item in rows.tallies if item.activity_id == activity_id],
            [item for item in rows.walk_ins if item.session_id in held],
            rows.people, [item for item in rows.enrolments if item.activity_id == activity_id])
        counted: Split = centre_report(only, period, counting=counting).participant_times
        lines.append(WeekLine(picked[activity_id], activity.code, activity.name, activity.kind, len(sessions),
                              counted.total, counted.women, counted.minority))
    return WeekReport(year, period.first, period.last, tuple(lines), books.loans)
