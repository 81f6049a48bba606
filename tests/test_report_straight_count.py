"""The report's figures (read with grouped SQL, ids kept raw, marks summed per class and learner
and per session) equal a straightforward count, record by record, on a demo centre: every
session, mark, walk-in and learner loaded and counted in plain Python, and the book cabinet's
figures as the cabinet's own statistics count them."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from sqlalchemy import select

from desktop.demo.books import build_book_demo
from desktop.demo.centre import build_demo
from desktop.reports.model import ENROLMENT
from desktop.reports.periods import parse_period
from desktop.services.books.statistics import cabinet_statistics
from desktop.services.reports import build_report, records_behind
from desktop.store.database import open_database
from desktop.store.register_models import Activity, Attendance, Enrolment, Learner, Session, WalkIn

TODAY = dt.date(2026, 11, 23)
PRESENT = {"C", "M"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):
    db = open_database(tmp_path_factory.mktemp("straight") / "demo.sqlite")
    build_demo(db, years=1, seed=3, today=TODAY)
    build_book_demo(db, years=1, seed=3, today=TODAY)
    yield db
    db.close()


def straight_count(db, first: dt.date, last: dt.date) -> dict[str, object]:
    """Every record loaded and counted one by one, with the rules the report states."""
    with db.reading() as session:
        activities = {item.id: item for item in session.scalars(select(Activity))}
        learners = {item.id: item for item in session.scalars(select(Learner)) if not item.deleted}
        held = {item.id: item for item in session.scalars(select(Session))
                if not item.deleted and not item.cancelled and first <= item.date <= min(last, TODAY)
                and not activities[item.activity_id].deleted}
        marks = [item for item in session.scalars(select(Attendance))
                 if not item.deleted and item.session_id in held]
        walk_ins = [item for item in session.scalars(select(WalkIn)) if not item.deleted and item.session_id in held]
        enrolments = [item for item in session.scalars(select(Enrolment)) if not item.deleted]
        marked_sessions = {mark.session_id for mark in marks}
        present = {(mark.session_id, mark.learner_id) for mark in marks
                   if mark.mark in PRESENT and mark.learner_id in learners}
        times: Counter[str] = Counter()  # participant-times by month
        people: set[str] = set()
        women_times = 0
        for session_id, learner_id in present:
            times[held[session_id].date.strftime("%Y-%m")] += 1
            people.add(learner_id)
            women_times += learners[learner_id].gender == "female"
        for item in held.values():
            if item.id not in marked_sessions and item.headcount_total is not None:
                times[item.date.strftime("%Y-%m")] += item.headcount_total
                women_times += min(item.headcount_women or 0, item.headcount_total)
        for walk_in in walk_ins:
            if (walk_in.session_id, walk_in.matched_learner_id) in present:
                continue  # marked present too: the walk-in adds nobody
            times[held[walk_in.session_id].date.strftime("%Y-%m")] += 1
            if walk_in.matched_learner_id in learners:
                people.add(walk_in.matched_learner_id)
                women_times += learners[walk_in.matched_learner_id].gender == "female"
            else:
                women_times += walk_in.gender == "female"
        held_activities = {item.activity_id for item in held.values()}
        enrolled = {(item.activity_id, item.learner_id) for item in enrolments
                    if item.activity_id in held_activities and item.learner_id in learners}
        # counting enrolments instead: each enrolment once, a matched walk-in once per class
        # unless enrolled in it, the others and the headcounts as they came
        walked = [walk_in for walk_in in walk_ins
                  if (walk_in.session_id, walk_in.matched_learner_id) not in present]
        matched = {(held[walk_in.session_id].activity_id, walk_in.matched_learner_id) for walk_in in walked
                   if walk_in.matched_learner_id in learners}
        headcounts = sum(item.headcount_total for item in held.values()
                         if item.id not in marked_sessions and item.headcount_total is not None)
        enrolment_times = (len(enrolled | matched) + headcounts
                           + sum(walk_in.matched_learner_id not in learners for walk_in in walked))
        return {
            "classes": len(held_activities), "sessions": len(held),
            "participant_times": sum(times.values()), "women_times": women_times, "by_month": dict(times),
            "unique_learners": len(people),
            "women": sum(learners[learner_id].gender == "female" for learner_id in people),
            "enrolment_times": enrolment_times,
            "present_by_session": sorted((held[session_id].date, count) for session_id, count in
                                         Counter(session_id for session_id, _learner in present).items()),
        }


@pytest.mark.parametrize("text", ["2026", "2025-2026", "2026-10", "2026-03-15..2026-04-14"])
def test_the_report_counts_what_a_record_by_record_count_finds(demo, text):
    period = parse_period(text)
    expected = straight_count(demo, period.first, period.last)
    report = build_report(demo, period, as_of=TODAY).total
    assert expected["sessions"] > 0 and expected["participant_times"] > 0  # the period holds real work
    assert report.classes_total == expected["classes"]
    assert report.sessions_total == expected["sessions"]
    assert report.participant_times.total == expected["participant_times"]
    assert report.participant_times.women == expected["women_times"]
    assert report.by_month == expected["by_month"]
    assert report.unique_learners.total == expected["unique_learners"]
    assert report.unique_learners.women == expected["women"]
    by_enrolment = build_report(demo, period, as_of=TODAY, counting=ENROLMENT).total
    assert by_enrolment.participant_times.total == expected["enrolment_times"]
    sessions = records_behind(demo, period, what="sessions", as_of=TODAY)
    assert sorted((line.date, line.present) for line in sessions if line.present) == expected["present_by_session"]


@pytest.mark.parametrize("text", ["2026", "2026-Q2", "2025-12"])
def test_the_book_figures_are_the_cabinet_s_own_statistics(demo, text):
    period = parse_period(text)
    books = build_report(demo, period, as_of=TODAY).total.books
    stats = cabinet_statistics(demo, period.first, period.last)
    assert stats.loans > 0
    for name in ("titles_total", "copies_total", "titles_new", "copies_new", "loans", "readers_total",
                 "readers_new", "reader_visits", "lost_copies", "damaged_copies"):
        assert getattr(books, name) == getattr(stats, name), name
    assert {item.code: item.loans for item in books.loans_by_class} == {
        item.code: item.loans for item in stats.loans_by_class if item.loans}  # the cabinet lists every class
