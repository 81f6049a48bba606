"""Plain data the indicators are computed from: one centre's rows for one period.

Read by `services.reports` from the store (a centre's database, or one origin of an office's),
already stripped of deleted rows and cancelled sessions; no SQLAlchemy, no Qt here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from desktop.reports.society import SocietyFigures

ATTENDED, ENROLMENT = "attended", "enrolment"
COUNTING_RULES = (ATTENDED, ENROLMENT)
UNKNOWN = ""  # a village or topic not recorded


# The rows a province's year holds by the hundred thousand (activities, sessions, tallies, walk-ins,
# learners, enrolments) are not `frozen`: its __init__ sets each field through object.__setattr__,
# three times slower, a second of a province's report. They stay hashable, are never changed
# (`dataclasses.replace` makes a new one), and have slots, a third less memory each.
@dataclass(unsafe_hash=True, slots=True)
class ActivityRow:
    """A class or talk with at least one session held in the period."""

    id: str
    code: str
    name: str
    kind: str
    topic_group: str
    village: str = UNKNOWN
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    planned_periods: int | None = None


@dataclass(unsafe_hash=True, slots=True)
class SessionRow:
    """A held session in the period: not cancelled, not deleted, its activity not deleted.

    `named`: the session has attendance marks (then its headcount, if any, is not counted);
    `present`: how many of those marks say the learner came (C or M)."""

    id: str
    activity_id: str
    date: dt.date
    periods: int | None = None
    named: bool = False
    present: int = 0
    headcount_total: int | None = None
    headcount_women: int | None = None
    headcount_minority: int | None = None
    literacy_term: int | None = None  # a literacy class's session: the programme's term taught

    @property
    def counts_headcount(self) -> bool:
        return not self.named and self.headcount_total is not None


@dataclass(unsafe_hash=True, slots=True)
class AttendanceTally:
    """One registered learner's marks in one activity over the period's held sessions."""

    activity_id: str
    learner_id: str
    attended: int  # C or M
    marked: int  # any mark


@dataclass(unsafe_hash=True, slots=True)
class WalkInRow:
    """Someone who came to a session without being on its list; `learner_id` once matched.

    `already_marked`: the matched learner also has a present mark at that session, so the
    walk-in adds nobody."""

    session_id: str
    gender: str | None = None
    birth_year: int | None = None
    minority: bool = False
    village: str = UNKNOWN
    learner_id: str | None = None
    already_marked: bool = False


@dataclass(unsafe_hash=True, slots=True)
class Person:
    """A registered learner, as the breakdowns need them."""

    id: str
    full_name: str = ""
    gender: str | None = None
    birth_date: dt.date | None = None
    birth_year: int | None = None
    minority: bool = False
    village: str = UNKNOWN
    rural_worker: bool = False
    literacy_status: str = ""

    def age_on(self, day: dt.date) -> int | None:
        """Whole years on `day`; from the birth year alone (its birthday taken as passed) when no
        date is known, as the paper forms do."""
        if self.birth_date is not None:
            return day.year - self.birth_date.year - int(
                (day.month, day.day) < (self.birth_date.month, self.birth_date.day))
        if self.birth_year is not None:
            return day.year - self.birth_year
        return None


@dataclass(unsafe_hash=True, slots=True)
class Enrolment:
    activity_id: str
    learner_id: str


@dataclass(frozen=True)
class LoansByClass:
    code: str  # DDC main class, "" when not classified
    loans: int


@dataclass(frozen=True)
class BookFigures:
    """The book cabinet's figures for the period (as services.books.statistics counts them)."""

    titles_total: int = 0
    copies_total: int = 0
    titles_new: int = 0
    copies_new: int = 0
    loans: int = 0
    loans_by_class: tuple[LoansByClass, ...] = ()
    readers_total: int = 0
    readers_new: int = 0
    reader_visits: int = 0
    lost_copies: int = 0
    damaged_copies: int = 0

    def __add__(self, other: BookFigures) -> BookFigures:
        classes: dict[str, int] = {}
        for item in (*self.loans_by_class, *other.loans_by_class):
            classes[item.code] = classes.get(item.code, 0) + item.loans
        numbers = {name: getattr(self, name) + getattr(other, name) for name in BOOK_NUMBERS}
        return BookFigures(**numbers, loans_by_class=tuple(
            LoansByClass(code, loans) for code, loans in sorted(classes.items(), key=_class_order)))


def _class_order(item: tuple[str, int]) -> tuple[bool, str]:
    return (item[0] == "", item[0])


BOOK_NUMBERS = ("titles_total", "copies_total", "titles_new", "copies_new", "loans", "readers_total",
                "readers_new", "reader_visits", "lost_copies", "damaged_copies")


@dataclass(frozen=True)
class CentreRows:
    """Everything one centre's report is computed from."""

    code: str  # commune code
    name: str
    activities: dict[str, ActivityRow] = field(default_factory=dict)
    sessions: list[SessionRow] = field(default_factory=list)
    tallies: list[AttendanceTally] = field(default_factory=list)
    walk_ins: list[WalkInRow] = field(default_factory=list)
    people: dict[str, Person] = field(default_factory=dict)
    enrolments: list[Enrolment] = field(default_factory=list)
    # literacy classes: periods taught from their start to the period's end (not only inside it)
    periods_to_date: dict[str, int] = field(default_factory=dict)
    books: BookFigures = field(default_factory=BookFigures)
    society: SocietyFigures = field(default_factory=SocietyFigures)
