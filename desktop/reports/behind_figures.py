"""The learners and the sessions behind a report's figures, for the lists a report opens onto:
counted by the same rules as the indicators (`reports.indicators`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desktop.reports.indicators import profile_of
from desktop.reports.model import ATTENDED, CentreRows
from desktop.reports.periods import Period


@dataclass(frozen=True)
class LearnerLine:
    """A registered learner behind the figures: who, and how many participant-times."""

    learner_id: str
    full_name: str
    village: str
    woman: bool
    minority: bool
    rural: bool
    bands: tuple[str, ...]
    age: int | None
    participant_times: int
    activities: int  # classes and talks they count in


@dataclass(frozen=True)
class SessionLine:
    """A held session behind the figures."""

    session_id: str
    activity_code: str
    activity_name: str
    date: dt.date
    periods: int | None
    present: int  # named attendees present or late
    headcount: int | None  # counted when the session has no names
    walk_ins: int


def learner_lines(rows: CentreRows, period: Period, *, counting: str = ATTENDED,
                  topic: str | None = None) -> list[LearnerLine]:
    """The learners counted in the unique learners (of one topic group, or all), with their
    participant-times by the same rules as `centre_report`."""
    held = {item.activity_id for item in rows.sessions}
    wanted = {key for key in held if topic is None or rows.activities[key].topic_group == topic}
    times: dict[str, int] = {}
    activities: dict[str, set[str]] = {}

    def count(learner_id: str, activity_id: str, number: int) -> None:
        times[learner_id] = times.get(learner_id, 0) + number
        activities.setdefault(learner_id, set()).add(activity_id)

    session_activity = {item.id: item.activity_id for item in rows.sessions}
    enrolled = {(item.activity_id, item.learner_id) for item in rows.enrolments
                if item.activity_id in wanted and item.learner_id in rows.people}
    if counting == ATTENDED:
        for tally in rows.tallies:
            if tally.attended and tally.activity_id in wanted and tally.learner_id in rows.people:
                count(tally.learner_id, tally.activity_id, tally.attended)
    else:
        for activity_id, learner_id in enrolled:
            count(learner_id, activity_id, 1)
    seen: set[tuple[str, str]] = set()
    for walk_in in rows.walk_ins:
        activity_id = session_activity.get(walk_in.session_id)
        if (activity_id not in wanted or walk_in.already_marked or walk_in.learner_id is None
                or walk_in.learner_id not in rows.people):
            continue
        key = (activity_id, walk_in.learner_id)
        if counting != ATTENDED and (key in enrolled or key in seen):
            continue
        seen.add(key)
        count(walk_in.learner_id, activity_id, 1)
    lines = []
    for learner_id, number in times.items():
        person = rows.people[learner_id]
        found = profile_of(person, period.last)
        lines.append(LearnerLine(learner_id, person.full_name, person.village, found.woman, found.minority,
                                 found.rural, found.bands, person.age_on(period.last), number,
                                 len(activities[learner_id])))
    return lines


def session_lines(rows: CentreRows, activity_id: str | None = None) -> list[SessionLine]:
    """The held sessions of the period (of one class or talk, or all), in date order."""
    walk_ins: dict[str, int] = {}
    for walk_in in rows.walk_ins:
        walk_ins[walk_in.session_id] = walk_ins.get(walk_in.session_id, 0) + 1
    result = []
    for item in rows.sessions:
        if activity_id is not None and item.activity_id != activity_id:
            continue
        activity = rows.activities[item.activity_id]
        result.append(SessionLine(item.id, activity.code, activity.name, item.date, item.periods, item.present,
                                  item.headcount_total if item.counts_headcount else None,
                                  walk_ins.get(item.id, 0)))
    return sorted(result, key=lambda line: (line.date, line.activity_code))
