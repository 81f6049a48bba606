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
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from sqlalchemy.orm import Session as OrmSession

from desktop.errors import UserError, ValidationError
from desktop.i18n import _
from desktop.reference.activities import PARTNER_BODIES
from desktop.services import demo_names as data
from desktop.services.centre import CentreSetup, get_centre, list_villages, setup_centre
from desktop.store.database import Database
from desktop.store.register_models import Activity, Attendance, Enrolment, Learner, Session, WalkIn
from desktop.text.vietnamese import clean_name, fold, name_sort_key

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]

MAX_YEARS = 30
BATCH = 250  # rows per flush: the identity hook costs more per row in larger flushes
ROWS_PER_TRANSACTION = 40_000

CLASS_KINDS = ("literacy_1", "literacy_2", "post_literacy", "short_course", "training", "club")

# Activities started in each 12 months, by kind (before a little random variation).
QUOTAS: dict[str, int] = {
    "literacy_1": 2, "literacy_2": 1, "post_literacy": 2, "short_course": 14, "topic_talk": 22,
    "training": 5, "club": 4, "reading_culture": 5, "other": 3,
}

# How likely an activity of a kind starts in each month (1-12): literacy classes open with the
# school year, courses avoid the harvest, nothing much happens around Tết.
_EVEN = (1.0,) * 12
MONTH_WEIGHTS: dict[str, tuple[float, ...]] = {
    "literacy": (0.3, 1.0, 1.5, 0.3, 0.1, 0.1, 0.1, 0.5, 3.0, 3.0, 1.5, 0.3),
    "course": (1.0, 0.5, 1.2, 1.2, 0.6, 0.6, 1.0, 1.0, 0.6, 0.7, 1.2, 1.2),
    "talk": (0.8, 0.4, 1.0, 1.0, 0.8, 0.8, 0.9, 1.0, 0.8, 1.2, 1.1, 1.0),
}

# Lunar New Year (Tết) day 1; classes pause a week before to ten days after.
TET = {
    2010: (2, 14), 2011: (2, 3), 2012: (1, 23), 2013: (2, 10), 2014: (1, 31), 2015: (2, 19),
    2016: (2, 8), 2017: (1, 28), 2018: (2, 16), 2019: (2, 5), 2020: (1, 25), 2021: (2, 12),
    2022: (2, 1), 2023: (1, 22), 2024: (2, 10), 2025: (1, 29), 2026: (2, 17), 2027: (2, 6),
    2028: (1, 26), 2029: (2, 13), 2030: (2, 3), 2031: (1, 23), 2032: (2, 11), 2033: (1, 31),
    2034: (2, 19), 2035: (2, 8),
}
PUBLIC_HOLIDAYS = ((4, 30), (5, 1), (9, 2))

T = TypeVar("T")


class DemoCancelled(UserError):
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


# --- the plan (plain data) ---------------------------------------------------------------------

@dataclass
class _Person:
    full_name: str
    gender: str
    birth_year: int
    birth_date: dt.date | None
    group: str
    village: int
    phone: str = ""
    citizen_id: str = ""
    occupation: str = ""
    schooling: str = ""
    religion: str = ""
    literacy_status: str = ""
    disability: bool = False
    poor_household: bool = False
    rural_worker: bool = False
    illiterate: bool = False
    reliability: float = 0.9
    completed_phase_1: dt.date | None = None


@dataclass
class _WalkIn:
    full_name: str
    gender: str | None
    birth_year: int | None
    group: str | None
    village: int | None
    matched: int | None = None


@dataclass
class _Session:
    date: dt.date
    start_time: str
    end_time: str
    content: str
    periods: int | None
    cancelled: bool = False
    taken: bool = False
    headcount: tuple[int, int, int] | None = None
    marks: list[tuple[int, str]] = field(default_factory=list)
    walk_ins: list[_WalkIn] = field(default_factory=list)


@dataclass
class _Activity:
    kind: str
    name: str
    topic_group: str
    partner: str
    venue: str
    village: int | None
    teacher: str
    start: dt.date
    sessions: list[_Session]
    funding_source: str = ""
    funding_amount: int | None = None
    status: str = "planned"
    learners: list[int] = field(default_factory=list)
    forced_running: bool = False
    named: bool = True
    code: str = ""

    @property
    def end(self) -> dt.date:
        return self.sessions[-1].date if self.sessions else self.start


@dataclass
class _Village:
    name: str
    group: str
    people: list[int] = field(default_factory=list)
    minority_share: float = 0.0

    @property
    def in_text(self) -> str:
        """The name inside a sentence: "bản Nà Sài"."""
        return self.name[:1].lower() + self.name[1:]

    @property
    def venue(self) -> str:
        """Its cultural house: "Nhà văn hóa bản Nà Sài"."""
        return f"Nhà văn hóa {self.in_text}"


@dataclass
class _Plan:
    profile: data.CommuneProfile
    setup: CentreSetup
    villages: list[_Village]
    people: list[_Person]
    activities: list[_Activity]


def _weighted(rng: random.Random, pairs: Sequence[tuple[T, int]] | Sequence[tuple[T, float]]) -> T:
    return rng.choices([item for item, _ in pairs], weights=[weight for _, weight in pairs])[0]


def _pick(rng: random.Random, candidates: Sequence[int], weight: Callable[[int], float], k: int) -> list[int]:
    """k distinct candidates, drawn with the given weights (Efraimidis–Spirakis keys)."""
    keyed = []
    for index in candidates:
        w = weight(index)
        if w > 0:
            keyed.append((rng.random() ** (1.0 / w), index))
    keyed.sort(reverse=True)
    return [index for _, index in keyed[:k]]


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _random_day(rng: random.Random, first: dt.date, last: dt.date,
                month_weights: tuple[float, ...] = _EVEN) -> dt.date:
    """A day between first and last, more likely in the heavier months."""
    span = (last - first).days
    top = max(month_weights)
    for _attempt in range(200):
        day = first + dt.timedelta(days=rng.randint(0, max(span, 0)))
        if rng.random() * top <= month_weights[day.month - 1]:
            return day
    return first + dt.timedelta(days=rng.randint(0, max(span, 0)))


def _is_break(day: dt.date) -> bool:
    """Tết and public holidays: no classes."""
    if (day.month, day.day) in PUBLIC_HOLIDAYS:
        return True
    tet = TET.get(day.year)
    if tet is not None:
        delta = (day - dt.date(day.year, *tet)).days
        return -7 <= delta <= 10
    return False


def _series(start: dt.date, weekdays: Sequence[int], every_weeks: int, count: int) -> list[dt.date]:
    """`count` dates on the given weekdays from start, every `every_weeks` weeks, skipping breaks."""
    dates: list[dt.date] = []
    monday = start - dt.timedelta(days=start.weekday())
    while len(dates) < count:
        for weekday in sorted(weekdays):
            day = monday + dt.timedelta(days=weekday)
            if day >= start and not _is_break(day):
                dates.append(day)
                if len(dates) == count:
                    break
        monday += dt.timedelta(weeks=every_weeks)
    return dates


# --- people ------------------------------------------------------------------------------------

def _person_name(rng: random.Random, group: str, gender: str) -> str:
    stock = data.NAMES[group]
    female = gender == "female"
    family = rng.choices(stock.families, weights=stock.family_weights or None)[0]
    middle = rng.choice(stock.middle_female if female else stock.middle_male)
    for _attempt in range(10):
        given = rng.choice(stock.given_female if female else stock.given_male)
        if given not in (middle, family):
            break
    if group == "kinh" and female and middle == "Thị" and rng.random() < 0.15:
        middle = f"Thị {rng.choice(('Thu', 'Thanh', 'Ngọc', 'Hồng', 'Minh', 'Kim'))}"
        if middle.endswith(given):
            middle = "Thị"
    return clean_name(f"{family} {middle} {given}")


def _phone(rng: random.Random) -> str:
    return rng.choice(data.PHONE_PREFIXES) + f"{rng.randint(0, 9_999_999):07d}"


def _citizen_id(rng: random.Random, province_code: str, gender: str, birth_year: int) -> str:
    """A made-up 12-digit citizen id in the real layout: province, century and sex, year, serial."""
    century = 0 if birth_year < 2000 else 2
    sex = century + (1 if gender == "female" else 0)
    return f"0{province_code}{sex}{birth_year % 100:02d}{rng.randint(0, 999_999):06d}"


def _birth_year(rng: random.Random, latest: int) -> int:
    if rng.random() < 0.72:
        return rng.randint(1965, min(1995, latest))
    return rng.randint(1950, latest)


def _make_person(rng: random.Random, village_index: int, village: _Village,
                 profile: data.CommuneProfile, today: dt.date) -> _Person:
    if village.group == "kinh":
        group = "kinh" if rng.random() < 0.85 else _weighted(rng, profile.mix)
    else:
        group = village.group if rng.random() < 0.82 else _weighted(rng, profile.mix)
    gender = "female" if rng.random() < 0.57 else "male"
    latest = min(2010, today.year - 15)
    year = _birth_year(rng, latest)
    birth_date = None
    if rng.random() < 0.35:
        birth_date = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 364))
        year = birth_date.year
    age = today.year - year
    minority = group != "kinh"
    person = _Person(_person_name(rng, group, gender), gender, year, birth_date, group, village_index)
    if rng.random() < (0.65 if age < 45 else 0.3):
        person.phone = _phone(rng)
    if rng.random() < 0.22:
        person.citizen_id = _citizen_id(rng, profile.province_code, gender, year)
    chance_illiterate = (0.30 if gender == "female" else 0.14) if minority else 0.02
    if year < 1970:
        chance_illiterate *= 1.4
    person.illiterate = rng.random() < chance_illiterate
    if person.illiterate:
        person.schooling = rng.choice(data.SCHOOLING_LOW)
    else:
        person.schooling = _weighted(rng, data.SCHOOLING)
    if age < 19:
        person.occupation = _weighted(rng, data.OCCUPATIONS_YOUNG)
    elif age > 62:
        person.occupation = _weighted(rng, data.OCCUPATIONS_OLD)
    else:
        person.occupation = _weighted(rng, data.OCCUPATIONS_WORKING)
    person.rural_worker = 15 <= age <= 60 and person.occupation in data.RURAL_WORK
    person.religion = _weighted(rng, data.RELIGIONS.get(group, (("", 1),)))
    person.disability = rng.random() < 0.02
    person.poor_household = rng.random() < (0.25 if minority else 0.07)
    person.reliability = min(0.99, max(0.55, rng.gauss(0.9, 0.07)))
    return person


def _make_people(rng: random.Random, villages: list[_Village], profile: data.CommuneProfile,
                 count: int, today: dt.date) -> list[_Person]:
    sizes = [rng.uniform(0.6, 1.5) for _ in villages]
    people: list[_Person] = []
    seen: set[tuple[str, int, int]] = set()
    while len(people) < count:
        index = rng.choices(range(len(villages)), weights=sizes)[0]
        person = _make_person(rng, index, villages[index], profile, today)
        key = (fold(person.full_name), person.birth_year, index)
        if key in seen:  # would be a probable duplicate: a real register would not have it
            continue
        seen.add(key)
        people.append(person)
    # A few namesakes in other villages, so pickers must tell them apart by year and village.
    for _pair in range(max(3, count // 300)):
        original = people[rng.randrange(len(people))]
        others = [i for i, v in enumerate(villages) if i != original.village and
                  (v.group == original.group or original.group == "kinh")] or \
                 [i for i in range(len(villages)) if i != original.village]
        home = rng.choice(others)
        twin = _make_person(rng, home, villages[home], profile, today)
        twin.full_name, twin.gender, twin.group = original.full_name, original.gender, original.group
        if twin.birth_year == original.birth_year:
            twin.birth_year, twin.birth_date = original.birth_year - 3, None
        people.append(twin)
    for index, person in enumerate(people):
        villages[person.village].people.append(index)
    for village in villages:
        members = village.people
        village.minority_share = (sum(1 for i in members if people[i].group != "kinh") / len(members)
                                  if members else 0.0)
    return people


# --- activities --------------------------------------------------------------------------------

@dataclass
class _Staff:
    teachers: list[str]
    speakers: dict[str, list[str]]

    def speaker(self, rng: random.Random, partner: str) -> str:
        return rng.choice(self.speakers.get(partner) or self.teachers)


def _make_staff(rng: random.Random, profile: data.CommuneProfile) -> _Staff:
    local = [group for group, _ in profile.mix if group != "kinh"]

    def name(kinh_share: float) -> str:
        group = "kinh" if rng.random() < kinh_share else rng.choice(local)
        return _person_name(rng, group, "female" if rng.random() < 0.5 else "male")
    teachers = [name(0.6) for _ in range(8)]
    speakers = {partner.key: [name(0.5) for _ in range(2)] for partner in PARTNER_BODIES}
    for school in ("primary_school", "lower_secondary_school"):
        speakers[school] = teachers[:4] if school == "primary_school" else teachers[4:]
    return _Staff(teachers, speakers)


def _topic_ok(first_year: int, day: dt.date) -> bool:
    return first_year == 0 or day.year >= first_year


def _funding(rng: random.Random, kind: str) -> tuple[str, int | None]:
    def amount(low: int, high: int, step: int = 500_000) -> int:
        return rng.randint(low // step, high // step) * step

    if kind in ("literacy_1", "literacy_2"):
        return _weighted(rng, (("state_budget", 6), ("programme", 4))), amount(18_000_000, 45_000_000)
    if kind == "post_literacy":
        return "state_budget", amount(8_000_000, 20_000_000)
    if kind == "short_course":
        source = _weighted(rng, (("state_budget", 3), ("commune_budget", 2), ("programme", 3),
                                 ("socialisation", 2)))
        return source, amount(3_000_000, 15_000_000)
    if kind == "training":
        return _weighted(rng, (("programme", 5), ("state_budget", 3), ("other", 1))), \
            amount(2_000_000, 10_000_000)
    if kind == "club":
        return _weighted(rng, (("socialisation", 1), ("commune_budget", 1))), amount(1_000_000, 5_000_000)
    roll = rng.random()
    if roll < 0.55:
        return "commune_budget", amount(500_000, 3_000_000, 100_000)
    if roll < 0.75:
        return "socialisation", amount(500_000, 2_000_000, 100_000)
    return "", None


class _Planner:
    """Draws the centre's activities, then who came to them, in date order."""

    def __init__(self, rng: random.Random, today: dt.date, years: int, profile: data.CommuneProfile,
                 villages: list[_Village], people: list[_Person]) -> None:
        self.rng = rng
        self.today = today
        self.years = years
        self.profile = profile
        self.villages = villages
        self.people = people
        self.staff = _make_staff(rng, profile)
        self.commune = profile.commune
        self.activities: list[_Activity] = []

    # where and who ---------------------------------------------------------------------------
    def _village(self, minority_first: bool = False) -> int:
        if minority_first:
            weights = [0.2 + 3 * v.minority_share for v in self.villages]
        else:
            weights = [1.0 + len(v.people) / 30 for v in self.villages]
        return self.rng.choices(range(len(self.villages)), weights=weights)[0]

    def _commune_venue(self) -> str:
        return self.rng.choice((
            f"Hội trường UBND xã {self.commune}",
            f"Trung tâm học tập cộng đồng xã {self.commune}",
            f"Trường Tiểu học {self.commune}", f"Trường THCS {self.commune}",
            f"Hội trường UBND xã {self.commune}"))

    def _venue(self, village: int | None) -> str:
        return self.villages[village].venue if village is not None else self._commune_venue()

    # activity skeletons -------------------------------------------------------------------------
    def plan(self) -> list[_Activity]:
        rng = self.rng
        for block in range(self.years):
            last = _years_before(self.today, block)
            first = _years_before(self.today, block + 1) + dt.timedelta(days=1)
            for kind, quota in QUOTAS.items():
                count = max(1, quota + rng.randint(-(quota // 5), quota // 5))
                for _ in range(count):
                    self._add(kind, first, last)
            week = self._lifelong_week(first, last)
            if week is not None:
                self.activities.append(week)
        self._add_current()
        self._add_planned()
        self.activities.sort(key=lambda a: (a.start, a.kind, a.name))
        for activity in self.activities:
            self._participants(activity)
        self._number()
        self._finish_statuses()
        return self.activities

    def _add(self, kind: str, first: dt.date, last: dt.date, *, start: dt.date | None = None,
             forced_running: bool = False) -> _Activity:
        weights = MONTH_WEIGHTS["literacy" if kind.startswith("literacy") or kind == "post_literacy"
                                else "course" if kind in ("short_course", "training") else "talk"]
        day = start or _random_day(self.rng, first, last, weights)
        maker = getattr(self, f"_make_{kind}")
        activity: _Activity = maker(day)
        activity.forced_running = forced_running
        self.activities.append(activity)
        return activity

    def _class_sessions(self, start: dt.date, count: int, weekdays: Sequence[int], every: int,
                        times: tuple[str, str], periods: int,
                        content: Callable[[int], str]) -> list[_Session]:
        return [_Session(day, times[0], times[1], content(i), periods)
                for i, day in enumerate(_series(start, weekdays, every, count))]

    def _literacy(self, start: dt.date, phase: int) -> _Activity:
        rng = self.rng
        village = self._village(minority_first=True)
        subjects = data.LITERACY_SUBJECTS_1 if phase == 1 else data.LITERACY_SUBJECTS_2
        count = rng.randint(24, 30)
        weekdays = rng.choice(((0, 2, 4), (1, 3), (0, 3), (1, 4), (1, 3, 5)))
        sessions = self._class_sessions(
            start, count, weekdays, 1, ("19:00", "21:00"), 3,
            lambda i: f"{subjects[i % len(subjects)]} – bài {i // len(subjects) + 1}")
        name = f"Lớp xóa mù chữ giai đoạn {phase} – {self.villages[village].name}"
        venue = rng.choice((self.villages[village].venue,
                            f"Điểm trường {self.villages[village].in_text}"))
        source, amount = _funding(rng, f"literacy_{phase}")
        return _Activity(f"literacy_{phase}", name, "literacy", "primary_school", venue, village,
                         self.staff.speaker(rng, "primary_school"), sessions[0].date, sessions,
                         source, amount)

    def _make_literacy_1(self, start: dt.date) -> _Activity:
        return self._literacy(start, 1)

    def _make_literacy_2(self, start: dt.date) -> _Activity:
        return self._literacy(start, 2)

    def _make_post_literacy(self, start: dt.date) -> _Activity:
        rng = self.rng
        village = self._village(minority_first=True)
        count = rng.randint(16, 26)
        subjects = data.POST_LITERACY_SUBJECTS
        sessions = self._class_sessions(
            start, count, rng.choice(((1, 3), (0, 2), (2, 4))), 1, ("19:00", "21:00"), 3,
            lambda i: f"{subjects[i % len(subjects)]} – bài {i // len(subjects) + 1}")
        partner = rng.choice(data.PARTNERS_BY_GROUP["post_literacy"])
        source, amount = _funding(rng, "post_literacy")
        return _Activity("post_literacy", f"Lớp sau xóa mù chữ – {self.villages[village].name}",
                         "post_literacy", partner, self.villages[village].venue, village,
                         self.staff.speaker(rng, partner), sessions[0].date, sessions, source, amount)

    def _make_short_course(self, start: dt.date) -> _Activity:
        rng = self.rng
        choices = [c for c in data.COURSES if _topic_ok(c[2], start)]
        group, name, _year, partners = rng.choice(choices)
        village = self._village() if rng.random() < 0.7 else None
        count = rng.randint(16, 30)
        every = 1 if rng.random() < 0.75 else 2
        weekdays = rng.choice(((1, 4), (0, 2, 4), (5,), (2, 5), (6,), (1, 3, 5)))
        times = rng.choice((("14:00", "16:30"), ("19:00", "21:00"), ("08:00", "11:00")))
        total = count

        def content(i: int) -> str:
            if i == 0:
                return "Buổi 1: Khai giảng, giới thiệu nội dung"
            if i == total - 1:
                return f"Buổi {i + 1}: Kiểm tra, tổng kết khóa học"
            return f"Buổi {i + 1}: {'Lý thuyết' if i < total // 3 else 'Thực hành'}"

        sessions = self._class_sessions(start, count, weekdays, every, times, 3, content)
        partner = rng.choice(partners)
        if village is not None:
            name = f"{name} – {self.villages[village].name}"
        source, amount = _funding(rng, "short_course")
        return _Activity("short_course", name, group, partner, self._venue(village), village,
                         self.staff.speaker(rng, partner), sessions[0].date, sessions, source, amount)

    def _make_training(self, start: dt.date) -> _Activity:
        rng = self.rng
        group, name, _year, partners = rng.choice([t for t in data.TRAININGS if _topic_ok(t[2], start)])
        days = rng.choice((1, 2, 2, 3))
        subject = name.removeprefix("Tập huấn ")
        subject = subject[0].upper() + subject[1:]
        sessions = [_Session(day, "07:30", "16:30",
                             f"Ngày {i + 1}: {subject if i == 0 else 'Thực hành'}", 8)
                    for i, day in enumerate(_series(start, (0, 1, 2, 3, 4, 5), 1, days))]
        partner = rng.choice(partners)
        source, amount = _funding(rng, "training")
        return _Activity("training", name, group, partner, self._commune_venue(), None,
                         self.staff.speaker(rng, partner), sessions[0].date, sessions, source, amount)

    def _make_club(self, start: dt.date) -> _Activity:
        rng = self.rng
        group, pattern = rng.choice(data.CLUBS)
        village = self._village()
        name = pattern.format(village=self.villages[village].in_text) + f" năm {start.year}"
        count = rng.randint(16, 26)
        sessions = self._class_sessions(
            start, count, (rng.choice((5, 6)),), 2, ("19:30", "21:00"), 2,
            lambda i: f"Sinh hoạt câu lạc bộ lần {i + 1}")
        partner = rng.choice(data.PARTNERS_BY_GROUP[group])
        source, amount = _funding(rng, "club")
        return _Activity("club", name, group, partner, self.villages[village].venue, village,
                         self.staff.speaker(rng, partner), sessions[0].date, sessions, source, amount)

    def _one_off(self, kind: str, start: dt.date, group: str, name: str, village: int | None,
                 days: int = 1) -> _Activity:
        rng = self.rng
        times = rng.choice((("08:00", "10:30"), ("14:00", "16:30"), ("19:30", "21:00")))
        dates = sorted({start + dt.timedelta(days=i * rng.choice((1, 2, 7))) for i in range(days)})
        sessions = [_Session(day, times[0], times[1], name, 2) for day in dates]
        partner = rng.choice(data.PARTNERS_BY_GROUP[group])
        source, amount = _funding(rng, kind)
        activity = _Activity(kind, name, group, partner, self._venue(village), village,
                             self.staff.speaker(rng, partner), sessions[0].date, sessions, source, amount)
        activity.named = rng.random() < 0.5
        return activity

    def _make_topic_talk(self, start: dt.date) -> _Activity:
        rng = self.rng
        groups = [g for g in data.TALKS if any(_topic_ok(y, start) for _, y in data.TALKS[g])]
        weights = {"agriculture": 6, "law": 5, "health": 5, "culture_society": 3, "digital": 3,
                   "life_skills": 2, "vocational": 1, "foreign_languages": 0.3, "other": 0.5}
        group = rng.choices(groups, weights=[weights.get(g, 1) for g in groups])[0]
        topic = rng.choice([t for t, y in data.TALKS[group] if _topic_ok(y, start)])
        village = self._village() if rng.random() < 0.6 else None
        name = f"{topic} – {self.villages[village].name}" if village is not None else topic
        return self._one_off("topic_talk", start, group, name, village)

    def _make_reading_culture(self, start: dt.date) -> _Activity:
        rng = self.rng
        book_day = dt.date(start.year, 4, 21)  # the Vietnamese Book and Reading Culture Day
        patterns = [p for p in data.READING if "{year}" not in p[1] or book_day <= self.today]
        group, pattern = rng.choice(patterns)
        if "{year}" in pattern:
            start = book_day
        village = self._village() if "{village}" in pattern else None
        name = pattern.format(village=self.villages[village].in_text if village is not None else "",
                              year=start.year)
        activity = self._one_off("reading_culture", start, group, name, village, days=rng.randint(1, 3))
        activity.partner = rng.choice(("provincial_library", "study_promotion_association", "youth_union"))
        return activity

    def _make_other(self, start: dt.date) -> _Activity:
        rng = self.rng
        group, pattern = rng.choice(data.OTHERS)
        name = pattern.format(year=start.year)
        return self._one_off("other", start, group, name, None, days=rng.randint(1, 2))

    def _lifelong_week(self, first: dt.date, last: dt.date) -> _Activity | None:
        """Lifelong Learning Week, early October, if it falls inside these 12 months."""
        for year in (first.year, last.year):
            start = dt.date(year, 10, 1)
            if first <= start <= last and start + dt.timedelta(days=6) <= self.today:
                name = data.LIFELONG_WEEK.format(year=year)
                activity = self._one_off("other", start, "culture_society", name, None)
                activity.sessions = [
                    _Session(start + dt.timedelta(days=i), "08:00", "11:00", content, 3)
                    for i, content in enumerate((
                        "Lễ khai mạc Tuần lễ", "Ngày hội đọc sách",
                        "Tư vấn học tập, giới thiệu việc làm",
                        "Giao lưu văn nghệ, thể thao"))]
                activity.partner = "study_promotion_association"
                activity.named = False
                return activity
        return None

    def _add_current(self) -> None:
        """Classes running today, so the dashboard has work to show."""
        rng, today = self.rng, self.today
        plans = (("literacy_1", rng.randint(35, 60), (1, 3), 1),
                 ("short_course", rng.randint(28, 50), (1, 4), 1),
                 ("short_course", rng.randint(21, 40), (0, 2, 4), 1),
                 ("club", rng.randint(90, 160), (rng.choice((5, 6)),), 2))
        for kind, days_ago, weekdays, every in plans:
            activity = self._add(kind, today, today, start=today - dt.timedelta(days=days_ago),
                                 forced_running=True)
            self._reschedule(activity, weekdays, every)
        # A talk this week with a signed sheet, so this month has attendance even on the 1st.
        talk = self._add("topic_talk", today, today,
                         start=max(today.replace(day=1), today - dt.timedelta(days=rng.randint(0, 6))))
        talk.named = True

    def _reschedule(self, activity: _Activity, weekdays: Sequence[int], every: int) -> None:
        """Run a class on a regular schedule from its start until a few weeks after today."""
        dates = _series(activity.start, weekdays, every, 80)
        past = [day for day in dates if day <= self.today]
        dates = dates[:len(past) + self.rng.randint(3, 8)]
        template = activity.sessions[0]
        old = activity.sessions
        activity.sessions = [
            _Session(day, template.start_time, template.end_time,
                     old[i].content if i < len(old) - 1
                     else f"Sinh hoạt câu lạc bộ lần {i + 1}" if activity.kind == "club"
                     else f"Buổi {i + 1}", template.periods)
            for i, day in enumerate(dates)]
        activity.start = dates[0]

    def _add_planned(self) -> None:
        rng, today = self.rng, self.today
        soon = today + dt.timedelta(days=rng.randint(4, 12))
        self._add("topic_talk", soon, soon, start=soon)
        later = today + dt.timedelta(days=rng.randint(15, 45))
        self._add("short_course", later, later, start=later)
        self._add("literacy_2", later, later, start=later + dt.timedelta(days=rng.randint(5, 20)))

    # who came --------------------------------------------------------------------------------------
    def _age(self, person: _Person, day: dt.date) -> int:
        return day.year - person.birth_year

    def _audience(self, activity: _Activity) -> Callable[[_Person], float]:
        lowered = fold(activity.name + " " + activity.partner)
        women = any(word in lowered for word in ("det", "theu", "phu nu", "ba me", "dinh duong",
                                                  "nau an", "womens", "dan vu", "trang phuc"))
        young = activity.topic_group in ("digital", "foreign_languages") or "thanh nien" in lowered
        old = "cao tuoi" in lowered
        day = activity.start

        def weight(person: _Person) -> float:
            age = self._age(person, day)
            if age < 15:
                return 0.0
            w = 1.0
            if women:
                w *= 4.0 if person.gender == "female" else 0.25
            if young:
                w *= 3.0 if age <= 35 else 0.3 if age > 50 else 1.0
            if old:
                w *= 5.0 if age >= 55 else 0.1
            if activity.topic_group == "agriculture" and person.rural_worker:
                w *= 2.0
            if age > 75:
                w *= 0.2
            return w
        return weight

    def _participants(self, activity: _Activity) -> None:
        rng = self.rng
        kind = activity.kind
        if kind in ("literacy_1", "literacy_2"):
            self._literacy_learners(activity)
        elif kind == "post_literacy":
            self._choose(activity, rng.randint(12, 25), lambda p: 3.0 if p.schooling in data.SCHOOLING_LOW
                         or p.completed_phase_1 else 0.4 if p.schooling == "Tiểu học" else 0.0, local=25)
        elif kind in ("short_course", "club"):
            self._choose(activity, rng.randint(20, 38), self._audience(activity), local=20)
        elif kind == "training":
            self._choose(activity, rng.randint(20, 40), self._audience(activity), local=1)
        elif activity.named:
            size = rng.randint(20, 60) if activity.village is not None else rng.randint(30, 70)
            self._choose(activity, size, self._audience(activity), local=30)
        self._attendance(activity)

    def _choose(self, activity: _Activity, size: int, weight: Callable[[_Person], float],
                local: float) -> None:
        people = self.people
        home = activity.village

        def full(index: int) -> float:
            w = weight(people[index])
            return w * local if home is not None and people[index].village == home else w

        activity.learners = sorted(_pick(self.rng, range(len(people)), full, size))

    def _literacy_learners(self, activity: _Activity) -> None:
        day = activity.start
        phase_2 = activity.kind == "literacy_2"

        def weight(person: _Person) -> float:
            age = self._age(person, day)
            if not 15 <= age <= 60:
                return 0.0
            if phase_2:
                if person.completed_phase_1 and person.completed_phase_1 < day:
                    return 20.0
                return 1.0 if person.illiterate and person.literacy_status != "studying" else 0.0
            if person.literacy_status in ("studying", "completed_phase_1", "completed_phase_2"):
                return 0.0
            if person.illiterate:
                return 10.0
            return 0.3 if person.schooling in data.SCHOOLING_LOW else 0.0

        self._choose(activity, self.rng.randint(12, 25), weight, local=15)

    def _attendance(self, activity: _Activity) -> None:
        rng, today = self.rng, self.today
        past = [s for s in activity.sessions if s.date <= today]
        for item in past:
            if activity.kind in CLASS_KINDS and len(activity.sessions) > 4 and rng.random() < 0.015:
                item.cancelled = True
        held = [s for s in past if not s.cancelled]
        running = activity.sessions[-1].date >= today and activity.sessions[0].date <= today
        if activity.kind in CLASS_KINDS:
            self._class_marks(activity, held, running)
        else:
            self._talk_marks(activity, held)

    def _class_marks(self, activity: _Activity, held: list[_Session], running: bool) -> None:
        rng = self.rng
        unmarked = 0
        if running and activity.kind != "training":
            unmarked = 2 if len(held) >= 5 else 1 if len(held) >= 2 else 0
        marked = held[:len(held) - unmarked]
        drops: dict[int, int] = {}
        for learner in activity.learners:
            if len(marked) >= 6 and rng.random() < 0.05:
                drops[learner] = rng.randint(len(marked) // 3, len(marked) - 1)
        if activity.forced_running and len(marked) >= 4 and activity.learners:
            for learner in rng.sample(activity.learners, min(rng.randint(1, 2), len(activity.learners))):
                drops[learner] = rng.randint(max(1, len(marked) - 6), len(marked) - 3)
        for position, item in enumerate(marked):
            item.taken = True
            harvest = 0.88 if item.date.month in (5, 6, 9, 10) else 1.0
            storm = 0.7 if rng.random() < 0.04 else 1.0
            for learner in activity.learners:
                person = self.people[learner]
                if learner in drops and position >= drops[learner]:
                    mark = "K" if rng.random() < 0.85 else "P"
                elif rng.random() < person.reliability * harvest * storm:
                    mark = "M" if rng.random() < 0.06 else "C"
                else:
                    mark = "P" if rng.random() < (0.75 if storm < 1 else 0.5) else "K"
                item.marks.append((learner, mark))
        self._literacy_outcome(activity, drops)

    def _literacy_outcome(self, activity: _Activity, drops: dict[int, int]) -> None:
        if not activity.kind.startswith("literacy"):
            return
        finished = activity.end < self.today
        for learner in activity.learners:
            person = self.people[learner]
            if learner in drops and finished:
                person.literacy_status = "dropped_out"
            elif not finished:
                person.literacy_status = "studying"
            elif activity.kind == "literacy_1":
                person.literacy_status = "completed_phase_1"
                person.completed_phase_1 = activity.end
            else:
                person.literacy_status = "completed_phase_2"

    def _talk_marks(self, activity: _Activity, held: list[_Session]) -> None:
        rng = self.rng
        village = self.villages[activity.village] if activity.village is not None else None
        share = village.minority_share if village else (
            sum(v.minority_share * len(v.people) for v in self.villages) / max(1, len(self.people)))
        for item in held:
            item.taken = True
            if activity.named and activity.learners:
                attendees = [i for i in activity.learners if rng.random() < 0.92] if len(held) > 1 \
                    else activity.learners
                item.marks = [(i, "M" if rng.random() < 0.05 else "C") for i in attendees]
                if rng.random() < 0.12:  # names and a headcount both on the sheet
                    total = len(attendees) + rng.randint(5, 30)
                    item.headcount = self._headcount(total, share)
                if rng.random() < 0.4:
                    item.walk_ins = self._walk_ins(activity, item)
            else:
                total = rng.randint(25, 110) if village else rng.randint(40, 150)
                item.headcount = self._headcount(total, share)

    def _headcount(self, total: int, minority_share: float) -> tuple[int, int, int]:
        rng = self.rng
        women = min(total, round(total * rng.uniform(0.45, 0.68)))
        minority = min(total, max(0, round(total * minority_share * rng.uniform(0.85, 1.08))))
        return total, women, minority

    def _walk_ins(self, activity: _Activity, item: _Session) -> list[_WalkIn]:
        rng = self.rng
        result = []
        enrolled = set(activity.learners)
        for _ in range(rng.randint(1, 4)):
            village = activity.village if activity.village is not None else rng.randrange(len(self.villages))
            neighbours = [i for i in self.villages[village].people if i not in enrolled
                          and self._age(self.people[i], item.date) >= 15]
            if neighbours and rng.random() < 0.3 and item.date < self.today - dt.timedelta(days=30):
                index = rng.choice(neighbours)
                person = self.people[index]
                result.append(_WalkIn(person.full_name, person.gender, person.birth_year, person.group,
                                      person.village, matched=index))
                enrolled.add(index)
                continue
            group = self.villages[village].group
            gender = "female" if rng.random() < 0.55 else "male"
            year = _birth_year(rng, min(2010, item.date.year - 15)) if rng.random() < 0.7 else None
            result.append(_WalkIn(_person_name(rng, group, gender), gender, year, group, village))
        return result

    # codes and statuses ----------------------------------------------------------------------------
    def _number(self) -> None:
        """Codes as create_activity makes them: commune code, start year, number in that year."""
        counters: dict[int, int] = {}
        for activity in self.activities:
            year = activity.start.year
            counters[year] = counters.get(year, 0) + 1
            activity.code = f"{year}-{counters[year]:03d}"

    def _finish_statuses(self) -> None:
        today = self.today
        for activity in self.activities:
            if activity.sessions[0].date > today:
                activity.status = "planned"
            elif activity.end < today:
                activity.status = "finished"
            else:
                activity.status = "running"
        for person in self.people:
            done = person.completed_phase_1
            if (person.literacy_status == "completed_phase_1" and done is not None
                    and (today - done).days > 3 * 365 and self.rng.random() < 0.1):
                person.literacy_status = "relapsed"


def _make_plan(seed: int, years: int, today: dt.date) -> _Plan:
    rng = random.Random(seed)
    profile = data.COMMUNES[(seed - 1) % len(data.COMMUNES)]
    kinh = [v for v in profile.villages if v[1] == "kinh"]
    others = [v for v in profile.villages if v[1] != "kinh"]
    count = rng.randint(8, 14)
    chosen_kinh = rng.sample(kinh, min(len(kinh), max(1, count // 5)))
    chosen = chosen_kinh + rng.sample(others, min(len(others), count - len(chosen_kinh)))
    chosen.sort(key=lambda v: profile.villages.index(v))
    villages = [_Village(name, group) for name, group in chosen]
    people = _make_people(rng, villages, profile, 50 + 300 * years, today)
    planner = _Planner(rng, today, years, profile, villages, people)
    activities = planner.plan()
    director_group = rng.choice([group for group, _ in profile.mix])
    setup = CentreSetup(
        name=f"Trung tâm học tập cộng đồng xã {profile.commune}",
        commune_name=f"Xã {profile.commune}",
        commune_code="",  # filled in by build_demo
        province_code=profile.province_code,
        director=_person_name(rng, director_group, "male" if rng.random() < 0.75 else "female"),
        villages=tuple(v.name for v in villages),
        address=f"{villages[0].name}, xã {profile.commune}, tỉnh {profile.province}",
        phone=f"{profile.area_code} {rng.randint(3_800_000, 3_899_999)}",
    )
    return _Plan(profile, setup, villages, people, activities)


# --- writing -------------------------------------------------------------------------------------

class _Writer:
    """Adds ORM rows in flushed batches, reporting progress and stopping on cancel."""

    def __init__(self, session: OrmSession, total: int, done: int, progress: Progress | None,
                 cancel: Cancel | None) -> None:
        self.session = session
        self.total = total
        self.done = done
        self.progress = progress
        self.cancel = cancel

    def check(self) -> None:
        if self.cancel is not None and self.cancel():
            raise DemoCancelled()

    def put(self, rows: list) -> list[str]:
        ids: list[str] = []
        for start in range(0, len(rows), BATCH):
            part = rows[start:start + BATCH]
            self.check()
            self.session.add_all(part)
            self.session.flush()
            ids.extend(row.id for row in part)
            self.session.expunge_all()  # keep memory flat: the rows are written
            self.done += len(part)
            if self.progress is not None:
                self.progress(self.done, self.total)
        return ids


def _chunks(activities: list[_Activity]) -> Iterator[list[_Activity]]:
    chunk: list[_Activity] = []
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


def _learner_row(person: _Person, village_ids: list[str]) -> Learner:
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


def _activity_row(activity: _Activity, commune_code: str, village_ids: list[str]) -> Activity:
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


def _write_chunk(writer: _Writer, chunk: list[_Activity], commune_code: str, village_ids: list[str],
                 learner_ids: list[str]) -> None:
    activity_ids = writer.put([_activity_row(a, commune_code, village_ids) for a in chunk])
    session_rows = []
    for activity, activity_id in zip(chunk, activity_ids, strict=True):
        for item in activity.sessions:
            total, women, minority = item.headcount or (None, None, None)
            session_rows.append(Session(
                activity_id=activity_id, date=item.date, start_time=item.start_time,
                end_time=item.end_time, content=item.content, periods=item.periods,
                teacher=activity.teacher, venue=activity.venue, cancelled=item.cancelled,
                attendance_taken=item.taken, headcount_total=total, headcount_women=women,
                headcount_minority=minority))
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
               today: dt.date | None = None, progress: Progress | None = None,
               cancel: Cancel | None = None) -> DemoSummary:
    """Fill a new, empty database with a demo centre whose data runs `years` back from `today`.

    Raises DemoCancelled when `cancel()` turns true: the transaction in progress is rolled back,
    earlier ones (the centre, the learners, older years) stay, so the caller should discard the file.
    """
    if not 1 <= years <= MAX_YEARS:
        raise ValidationError(_("Choose between 1 and {count} years.").format(count=MAX_YEARS), "years")
    if get_centre(db) is not None:
        raise ValidationError(_("This database already has a centre."))
    today = today or dt.date.today()
    plan = _make_plan(seed, years, today)
    activities = plan.activities
    n_sessions = sum(len(a.sessions) for a in activities)
    n_marks = sum(len(s.marks) for a in activities for s in a.sessions)
    n_walk_ins = sum(len(s.walk_ins) for a in activities for s in a.sessions)
    n_enrolments = sum(len(a.learners) for a in activities)
    total = len(plan.people) + len(activities) + n_sessions + n_marks + n_walk_ins + n_enrolments
    if cancel is not None and cancel():
        raise DemoCancelled()

    setup = CentreSetup(plan.setup.name, plan.setup.commune_name, commune_code, plan.setup.province_code,
                        plan.setup.director, plan.setup.villages, plan.setup.address, plan.setup.phone)
    setup_centre(db, setup)
    by_name = {village.name: village.id for village in list_villages(db)}
    village_ids = [by_name[clean_name(v.name)] for v in plan.villages]
    done = 0
    if progress is not None:
        progress(done, total)
    with db.unit_of_work() as session:
        writer = _Writer(session, total, done, progress, cancel)
        learner_ids = writer.put([_learner_row(p, village_ids) for p in plan.people])
        writer.check()
        done = writer.done
    for chunk in _chunks(activities):
        with db.unit_of_work() as session:
            writer = _Writer(session, total, done, progress, cancel)
            _write_chunk(writer, chunk, commune_code.strip(), village_ids, learner_ids)
            done = writer.done
    return DemoSummary(villages=len(plan.villages), learners=len(plan.people),
                       activities=len(activities), sessions=n_sessions, marks=n_marks,
                       walk_ins=n_walk_ins, enrolments=n_enrolments)
