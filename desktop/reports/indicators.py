"""The report's indicators, computed from plain rows (`reports.model`): one function per centre,
and a sum over centres for an office. The centre's window, the office and `clc report` all call
these, so their figures cannot disagree.

Counting rules (stated on every report):
- a participant-time (lượt người) is one person at one held session (the default) or, by the
  setting, one enrolment in a class held in the period; a talk with a headcount and no names
  counts its headcount; a walk-in counts once, as the learner once matched;
- unique learners are registered learners (walk-ins once matched); walk-ins not matched and
  headcounts are in participant-times only, since nobody can tell who they were;
- ages are taken on the period's last day; the age bands overlap on purpose.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from desktop.reference.activities import ACTIVITY_KINDS, AGE_BANDS, TOPIC_GROUPS
from desktop.reports.model import (
    ATTENDED,
    UNKNOWN,
    ActivityRow,
    BookFigures,
    CentreRows,
    Person,
    WalkInRow,
)
from desktop.reports.counts import add_count, sum_tables
from desktop.reports.literacy import Literacy, literacy_figures
from desktop.reports.periods import Period
from desktop.reports.society import SocietyFigures

POOR_ATTENDANCE_SHARE = 0.7  # attended fewer than this share of the sessions marked
POOR_ATTENDANCE_MIN_MARKED = 3



@dataclass
class Split:
    """A count with its breakdowns: women, ethnic minority, rural workers, age band, village,
    topic group and kind. Bands, villages, topics and kinds hold only what was seen."""

    total: int = 0
    women: int = 0
    minority: int = 0
    rural_workers: int = 0
    age_bands: dict[str, int] = field(default_factory=dict)
    villages: dict[str, int] = field(default_factory=dict)
    topics: dict[str, int] = field(default_factory=dict)
    kinds: dict[str, int] = field(default_factory=dict)

    def add(self, count: int, *, women: int = 0, minority: int = 0, rural: int = 0,
            age: int | None = None, village: str = UNKNOWN, topic: str = UNKNOWN,
            kind: str = UNKNOWN) -> None:
        if not count:
            return
        self.total += count
        self.women += women
        self.minority += minority
        self.rural_workers += rural
        if age is not None:
            for band in AGE_BANDS:
                if band.contains(age):
                    add_count(self.age_bands, band.key, count)
        add_count(self.villages, village, count)
        add_count(self.topics, topic, count)
        add_count(self.kinds, kind, count)

    def add_profile(self, count: int, profile: Profile, activity: ActivityRow) -> None:
        """`count` participant-times of one person (a province's year calls this a million times)."""
        self.total += count
        if profile.woman:
            self.women += count
        if profile.minority:
            self.minority += count
        if profile.rural:
            self.rural_workers += count
        villages, topics, kinds, bands = self.villages, self.topics, self.kinds, self.age_bands
        villages[profile.village] = villages.get(profile.village, 0) + count
        topics[activity.topic_group] = topics.get(activity.topic_group, 0) + count
        kinds[activity.kind] = kinds.get(activity.kind, 0) + count
        for band in profile.bands:
            bands[band] = bands.get(band, 0) + count

    def add_person(self, profile: Profile) -> None:
        """One person (a unique learner): the same as `add(1, …)` with their age, without topic or kind."""
        self.total += 1
        self.women += profile.woman
        self.minority += profile.minority
        self.rural_workers += profile.rural
        bands, villages = self.age_bands, self.villages
        for band in profile.bands:
            bands[band] = bands.get(band, 0) + 1
        villages[profile.village] = villages.get(profile.village, 0) + 1

    def __add__(self, other: Split) -> Split:
        return Split(self.total + other.total, self.women + other.women, self.minority + other.minority,
                     self.rural_workers + other.rural_workers, sum_tables(self.age_bands, other.age_bands),
                     sum_tables(self.villages, other.villages), sum_tables(self.topics, other.topics),
                     sum_tables(self.kinds, other.kinds))

    def as_json(self) -> dict[str, object]:
        return {"total": self.total, "women": self.women, "ethnic_minority": self.minority,
                "rural_workers": self.rural_workers,
                "age_bands": {band.key: self.age_bands.get(band.key, 0) for band in AGE_BANDS},
                "villages": dict(sorted(self.villages.items())), "topic_groups": _in_topic_order(self.topics),
                "kinds": dict(sorted(self.kinds.items()))}


@dataclass(frozen=True)
class Profile:
    """What the breakdowns need of a person, worked out once per report."""

    woman: bool
    minority: bool
    rural: bool
    bands: tuple[str, ...]
    village: str


def profile_of(person: Person, on: dt.date) -> Profile:
    age = person.age_on(on)
    return Profile(person.gender == "female", person.minority, person.rural_worker, _bands(age), person.village)


@functools.lru_cache(maxsize=256)
def _bands(age: int | None) -> tuple[str, ...]:
    """The age bands an age falls in (they overlap), in their order."""
    return tuple(band.key for band in AGE_BANDS if band.contains(age)) if age is not None else ()


def _in_topic_order(table: dict[str, int]) -> dict[str, int]:
    order = {item.key: number for number, item in enumerate(TOPIC_GROUPS)}
    return dict(sorted(table.items(), key=lambda item: (order.get(item[0], len(order)), item[0])))


@dataclass(frozen=True)
class TopicLine:
    """A line of the results table: one topic group."""

    topic: str
    classes: int
    sessions: int
    participant_times: int
    women: int
    minority: int
    rural_workers: int

    def __add__(self, other: TopicLine) -> TopicLine:
        return TopicLine(self.topic, self.classes + other.classes, self.sessions + other.sessions,
                         self.participant_times + other.participant_times, self.women + other.women,
                         self.minority + other.minority, self.rural_workers + other.rural_workers)


@dataclass(frozen=True)
class ActivityLine:
    """One class or talk behind the figures (the drill-down): its sessions and participant-times."""

    activity_id: str
    code: str
    name: str
    kind: str
    topic: str
    sessions: int
    participant_times: int


@dataclass(frozen=True)
class PoorAttendance:
    learner_id: str
    full_name: str
    village: str
    activity_code: str
    activity_name: str
    attended: int
    marked: int


@dataclass
class CentreReport:
    """Every indicator of one centre (or, summed, of several) for one period."""

    codes: tuple[str, ...]  # the commune codes covered
    name: str
    period: Period
    counting: str
    classes_by_kind: dict[str, int] = field(default_factory=dict)
    classes_by_topic: dict[str, int] = field(default_factory=dict)
    sessions_by_kind: dict[str, int] = field(default_factory=dict)
    participant_times: Split = field(default_factory=Split)
    unique_learners: Split = field(default_factory=Split)
    headcount_times: int = 0  # of the participant-times, from headcounts without names
    walk_in_times: int = 0  # of the participant-times, walk-ins not matched to a learner
    by_month: dict[str, int] = field(default_factory=dict)
    topic_lines: tuple[TopicLine, ...] = ()
    literacy: Literacy = field(default_factory=lambda: Literacy({}, {}, {}))
    books: BookFigures = field(default_factory=BookFigures)
    poor_attendance: tuple[PoorAttendance, ...] = ()
    activity_lines: tuple[ActivityLine, ...] = ()
    society: SocietyFigures = field(default_factory=SocietyFigures)

    @property
    def classes_total(self) -> int:
        return sum(self.classes_by_kind.values())

    @property
    def talks_total(self) -> int:
        return sum(count for kind, count in self.classes_by_kind.items() if _is_talk(kind))

    @property
    def sessions_total(self) -> int:
        return sum(self.sessions_by_kind.values())

    def __add__(self, other: CentreReport) -> CentreReport:
        lines = {line.topic: line for line in self.topic_lines}
        for line in other.topic_lines:
            lines[line.topic] = lines[line.topic] + line if line.topic in lines else line
        return CentreReport(
            self.codes + other.codes, self.name, self.period, self.counting,
            sum_tables(self.classes_by_kind, other.classes_by_kind),
            sum_tables(self.classes_by_topic, other.classes_by_topic),
            sum_tables(self.sessions_by_kind, other.sessions_by_kind),
            self.participant_times + other.participant_times, self.unique_learners + other.unique_learners,
            self.headcount_times + other.headcount_times, self.walk_in_times + other.walk_in_times,
            sum_tables(self.by_month, other.by_month), _topic_order(lines.values()),
            self.literacy + other.literacy, self.books + other.books,
            self.poor_attendance + other.poor_attendance, self.activity_lines + other.activity_lines,
            self.society + other.society)


TALK_KINDS = frozenset(kind.key for kind in ACTIVITY_KINDS if kind.is_talk)


def _is_talk(kind: str) -> bool:
    return kind in TALK_KINDS


def _topic_order(lines: Iterable[TopicLine]) -> tuple[TopicLine, ...]:
    order = {item.key: number for number, item in enumerate(TOPIC_GROUPS)}
    return tuple(sorted(lines, key=lambda line: (order.get(line.topic, len(order)), line.topic)))


def _month_key(day: dt.date) -> str:
    return f"{day.year}-{day.month:02d}"


def _walk_in_person(walk_in: WalkInRow, people: dict[str, Person]) -> Person | None:
    return people.get(walk_in.learner_id) if walk_in.learner_id else None


def centre_report(rows: CentreRows, period: Period, *, counting: str = ATTENDED,
                  poor_share: float = POOR_ATTENDANCE_SHARE) -> CentreReport:
    """Every indicator of one centre's rows for the period."""
    activities, people, last = rows.activities, rows.people, period.last
    report = CentreReport((rows.code,), rows.name, period, counting)
    session_activity = {item.id: activities[item.activity_id] for item in rows.sessions}
    held: dict[str, int] = {}
    for item in rows.sessions:
        held[item.activity_id] = held.get(item.activity_id, 0) + 1
        add_count(report.sessions_by_kind, activities[item.activity_id].kind, 1)
    for activity_id in held:
        activity = activities[activity_id]
        add_count(report.classes_by_kind, activity.kind, 1)
        add_count(report.classes_by_topic, activity.topic_group, 1)

    unique = report.unique_learners
    per_topic: dict[str, Split] = {}
    learners_by_topic: dict[str, set[str]] = {}
    counted: set[str] = set()

    by_activity: dict[str, int] = {}

    def times(activity: ActivityRow, count: int = 1) -> Split:
        by_activity[activity.id] = by_activity.get(activity.id, 0) + count
        split = per_topic.get(activity.topic_group)
        if split is None:
            split = per_topic[activity.topic_group] = Split()
        return split

    profiles: dict[str, Profile] = {}

    def profile(person: Person) -> Profile:
        found = profiles.get(person.id)
        if found is None:
            found = profiles[person.id] = profile_of(person, last)
        return found

    def count_learner(person: Person, activity: ActivityRow) -> None:
        ids = learners_by_topic.get(activity.topic_group)
        if ids is None:
            ids = learners_by_topic[activity.topic_group] = set()
        ids.add(person.id)
        counted.add(person.id)

    # headcounts and walk-ins count the same way under both rules
    for item in rows.sessions:
        if item.counts_headcount:
            activity = activities[item.activity_id]
            total = item.headcount_total or 0
            times(activity, total).add(total, women=min(item.headcount_women or 0, total),
                                minority=min(item.headcount_minority or 0, total),
                                topic=activity.topic_group, kind=activity.kind)
            report.headcount_times += total
            add_count(report.by_month, _month_key(item.date), total)
    session_dates = {item.id: item.date for item in rows.sessions}
    # counted only by the enrolment rule (a province's year holds a quarter of a million)
    enrolled = {(item.activity_id, item.learner_id) for item in rows.enrolments
                if item.activity_id in held and item.learner_id in people} if counting != ATTENDED else set()
    matched_seen: set[tuple[str, str]] = set()
    for walk_in in rows.walk_ins:
        if walk_in.session_id not in session_activity or walk_in.already_marked:
            continue
        activity = session_activity[walk_in.session_id]
        person = _walk_in_person(walk_in, people)
        if person is not None:
            if counting != ATTENDED:  # an enrolment-like count: once per activity
                key = (activity.id, person.id)
                if key in enrolled or key in matched_seen:
                    continue
                matched_seen.add(key)
            times(activity).add_profile(1, profile(person), activity)
            count_learner(person, activity)
        else:
            age = last.year - walk_in.birth_year if walk_in.birth_year else None
            times(activity).add(1, women=int(walk_in.gender == "female"), minority=int(walk_in.minority),
                                age=age, village=walk_in.village, topic=activity.topic_group,
                                kind=activity.kind)
            report.walk_in_times += 1
        add_count(report.by_month, _month_key(session_dates[walk_in.session_id]), 1)

    if counting == ATTENDED:
        for tally in rows.tallies:  # a province's year: a quarter of a million
            attended = tally.attended
            if not attended or tally.activity_id not in held:
                continue
            person = people.get(tally.learner_id)
            if person is None:
                continue
            activity = activities[tally.activity_id]
            times(activity, attended).add_profile(attended, profile(person), activity)
            count_learner(person, activity)
        for item in rows.sessions:
            add_count(report.by_month, _month_key(item.date), item.present)
    else:
        first_session: dict[str, dt.date] = {}
        for item in rows.sessions:
            if item.activity_id not in first_session or item.date < first_session[item.activity_id]:
                first_session[item.activity_id] = item.date
        for activity_id, learner_id in sorted(enrolled):
            activity, person = activities[activity_id], people[learner_id]
            times(activity).add_profile(1, profile(person), activity)
            count_learner(person, activity)
            add_count(report.by_month, _month_key(first_session[activity_id]), 1)

    for split in per_topic.values():
        report.participant_times = report.participant_times + split
    for person_id in counted:
        unique.add_person(profile(people[person_id]))
    unique.topics = {topic: len(ids) for topic, ids in learners_by_topic.items()}
    unique.kinds = {}  # a learner may be in several kinds; the per-topic split is kept instead

    sessions_by_topic: dict[str, int] = {}
    for activity_id, count in held.items():
        add_count(sessions_by_topic, activities[activity_id].topic_group, count)
    report.topic_lines = _topic_order(TopicLine(
        topic, report.classes_by_topic.get(topic, 0), sessions_by_topic.get(topic, 0),
        split.total, split.women, split.minority, split.rural_workers)
        for topic in set(report.classes_by_topic) | set(per_topic)
        for split in (per_topic.get(topic, Split()),))
    report.activity_lines = tuple(sorted((ActivityLine(
        activity.id, activity.code, activity.name, activity.kind, activity.topic_group, held[activity.id],
        by_activity.get(activity.id, 0)) for activity in (activities[key] for key in held)),
        key=lambda line: line.code))
    report.literacy = literacy_figures(rows, period, held)
    report.books = rows.books
    report.society = rows.society
    report.poor_attendance = _poor_attendance(rows, held, poor_share)
    return report


def _poor_attendance(rows: CentreRows, held: dict[str, int], share: float) -> tuple[PoorAttendance, ...]:
    """Learners of classes (not talks) who came to fewer than `share` of the sessions marked."""
    found = []
    for tally in rows.tallies:
        if tally.marked < POOR_ATTENDANCE_MIN_MARKED or tally.attended >= share * tally.marked:
            continue  # nearly everyone: decided before any lookup
        activity = rows.activities.get(tally.activity_id)
        person = rows.people.get(tally.learner_id)
        if activity is None or person is None or tally.activity_id not in held or _is_talk(activity.kind):
            continue
        found.append(PoorAttendance(person.id, person.full_name, person.village, activity.code,
                                    activity.name, tally.attended, tally.marked))
    return tuple(sorted(found, key=lambda item: (item.activity_code, item.full_name)))


def total_report(reports: Sequence[CentreReport], period: Period, counting: str, name: str) -> CentreReport:
    """The sum of several centres' reports (an office's consolidated totals)."""
    total = CentreReport((), name, period, counting)
    for report in reports:
        total = total + report
    total.name = name
    return total
