"""The literacy part of the report: classes of each phase, their learners by programme term,
completions and periods taught against the programme (Circular 33/2021)."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.reports.counts import add_count, sum_tables
from desktop.reports.model import CentreRows
from desktop.reports.periods import Period

LITERACY_PHASES = ("literacy_1", "literacy_2")
LITERACY_KINDS = (*LITERACY_PHASES, "post_literacy")
PROGRAMME_PERIODS = {"literacy_1": 1005, "literacy_2": 949}  # Circular 33/2021
COMPLETED_STATUS = {"literacy_1": "completed_phase_1", "literacy_2": "completed_phase_2"}


@dataclass(frozen=True)
class LiteracyClassLine:
    code: str
    name: str
    kind: str
    periods_in_period: int
    periods_to_date: int
    planned_periods: int | None
    programme_periods: int | None


@dataclass(frozen=True)
class Literacy:
    classes: dict[str, int]  # by kind: literacy_1, literacy_2, post_literacy
    learners: dict[str, int]  # enrolled learners of those classes
    completions: dict[str, int]  # learners who completed a phase whose class ended in the period
    lines: tuple[LiteracyClassLine, ...] = ()
    # phase (literacy_1, literacy_2) -> programme term ("1".."5", or TERM_NOT_RECORDED) -> the
    # learners enrolled in a class of that phase with a session of that term held in the period
    # (a class that moved on to its next term in the period counts its learners in both)
    learners_by_term: dict[str, dict[str, int]] = field(default_factory=dict)

    def __add__(self, other: Literacy) -> Literacy:
        by_term = {phase: sum_tables(self.learners_by_term.get(phase, {}), other.learners_by_term.get(phase, {}))
                   for phase in sorted(set(self.learners_by_term) | set(other.learners_by_term))}
        return Literacy(sum_tables(self.classes, other.classes), sum_tables(self.learners, other.learners),
                        sum_tables(self.completions, other.completions), self.lines + other.lines,
                        {phase: dict(sorted(terms.items(), key=term_order)) for phase, terms in by_term.items()})


TERM_NOT_RECORDED = "not_recorded"  # sessions recorded before terms were, or left without one


def term_order(item: tuple[str, object]) -> tuple[bool, str]:
    return (item[0] == TERM_NOT_RECORDED, item[0])


def literacy_figures(rows: CentreRows, period: Period, held: dict[str, int]) -> Literacy:
    classes: dict[str, int] = {}
    learners: dict[str, set[str]] = {}
    completions: dict[str, int] = {}
    for activity_id in held:
        kind = rows.activities[activity_id].kind
        if kind in LITERACY_KINDS:
            add_count(classes, kind, 1)
    literacy = {activity_id for activity_id in held if rows.activities[activity_id].kind in LITERACY_KINDS}
    for enrolment in rows.enrolments:  # of every held class: the literacy classes' are few
        if enrolment.activity_id not in literacy:
            continue
        activity = rows.activities[enrolment.activity_id]
        person = rows.people.get(enrolment.learner_id)
        if person is None:
            continue
        learners.setdefault(activity.kind, set()).add(person.id)
        ended_now = activity.end_date is not None and period.contains(activity.end_date)
        if ended_now and person.literacy_status == COMPLETED_STATUS.get(activity.kind):
            add_count(completions, activity.kind, 1)
    periods: dict[str, int] = {}
    terms_taught: dict[str, set[str]] = {}
    phased = {activity_id for activity_id in held if rows.activities[activity_id].kind in LITERACY_PHASES}
    for item in rows.sessions:
        add_count(periods, item.activity_id, item.periods or 0)
        if item.activity_id in phased:
            terms_taught.setdefault(item.activity_id, set()).add(
                str(item.literacy_term) if item.literacy_term else TERM_NOT_RECORDED)
    by_term: dict[str, dict[str, set[str]]] = {}
    for enrolment in rows.enrolments:
        if enrolment.activity_id not in terms_taught:
            continue
        person = rows.people.get(enrolment.learner_id)
        if person is None:
            continue
        kind = rows.activities[enrolment.activity_id].kind
        for term in terms_taught[enrolment.activity_id]:
            by_term.setdefault(kind, {}).setdefault(term, set()).add(person.id)
    learners_by_term = {phase: {term: len(ids) for term, ids in sorted(terms.items(), key=term_order)}
                        for phase, terms in sorted(by_term.items())}
    lines = tuple(LiteracyClassLine(
        activity.code, activity.name, activity.kind, periods.get(activity.id, 0),
        rows.periods_to_date.get(activity.id, periods.get(activity.id, 0)), activity.planned_periods,
        PROGRAMME_PERIODS.get(activity.kind))
        for activity in sorted((rows.activities[a] for a in held), key=lambda a: a.code)
        if activity.kind in LITERACY_KINDS)
    return Literacy(classes, {kind: len(ids) for kind, ids in learners.items()}, completions, lines,
                    learners_by_term)
