"""The demo centre's plan as plain data (people, villages, classes, sessions), and its people."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from desktop.demo import names as data
from desktop.i18n import _
from desktop.reference.activities import PARTNER_BODIES
from desktop.services.centre import CentreSetup
from desktop.text.vietnamese import clean_name, fold


CLASS_KINDS = ("literacy_1", "literacy_2", "post_literacy", "short_course", "training", "club")


# Activities started in each 12 months, by kind (before a little random variation).
QUOTAS: dict[str, int] = {
    "literacy_1": 2, "literacy_2": 1, "post_literacy": 2, "short_course": 14, "topic_talk": 22,
    "training": 5, "club": 4, "reading_culture": 5, "other": 3,
}


# How likely an activity of a kind starts in each month (1-12): literacy classes open with the
# school year, courses avoid the harvest, nothing much happens around Tết.


MONTH_WEIGHTS: dict[str, tuple[float, ...]] = {
    "literacy": (0.3, 1.0, 1.5, 0.3, 0.1, 0.1, 0.1, 0.5, 3.0, 3.0, 1.5, 0.3),
    "course": (1.0, 0.5, 1.2, 1.2, 0.6, 0.6, 1.0, 1.0, 0.6, 0.7, 1.2, 1.2),
    "talk": (0.8, 0.4, 1.0, 1.0, 0.8, 0.8, 0.9, 1.0, 0.8, 1.2, 1.1, 1.0),
}


T = TypeVar("T")


@dataclass
class Person:
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
class PlannedWalkIn:
    full_name: str
    gender: str | None
    birth_year: int | None
    group: str | None
    village: int | None
    matched: int | None = None


@dataclass
class PlannedSession:
    date: dt.date
    start_time: str
    end_time: str
    content: str
    periods: int | None
    cancelled: bool = False
    taken: bool = False
    headcount: tuple[int, int, int] | None = None
    marks: list[tuple[int, str]] = field(default_factory=list)
    walk_ins: list[PlannedWalkIn] = field(default_factory=list)


@dataclass
class PlannedActivity:
    kind: str
    name: str
    topic_group: str
    partner: str
    venue: str
    village: int | None
    teacher: str
    start: dt.date
    sessions: list[PlannedSession]
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
class Village:
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
class Plan:
    profile: data.CommuneProfile
    setup: CentreSetup
    villages: list[Village]
    people: list[Person]
    activities: list[PlannedActivity]


def weighted(rng: random.Random, pairs: Sequence[tuple[T, int]] | Sequence[tuple[T, float]]) -> T:
    return rng.choices([item for item, _ in pairs], weights=[weight for _, weight in pairs])[0]


def pick(rng: random.Random, candidates: Sequence[int], weight: Callable[[int], float], k: int) -> list[int]:
    """k distinct candidates, drawn with the given weights (Efraimidis–Spirakis keys)."""
    keyed = []
    for index in candidates:
        w = weight(index)
        if w > 0:
            keyed.append((rng.random() ** (1.0 / w), index))
    keyed.sort(reverse=True)
    return [index for _, index in keyed[:k]]


def person_name(rng: random.Random, group: str, gender: str) -> str:
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


def draw_birth_year(rng: random.Random, latest: int) -> int:
    if rng.random() < 0.72:
        return rng.randint(1965, min(1995, latest))
    return rng.randint(1950, latest)


def _make_person(rng: random.Random, village_index: int, village: Village,
                 profile: data.CommuneProfile, today: dt.date) -> Person:
    if village.group == "kinh":
        group = "kinh" if rng.random() < 0.85 else weighted(rng, profile.mix)
    else:
        group = village.group if rng.random() < 0.82 else weighted(rng, profile.mix)
    gender = "female" if rng.random() < 0.57 else "male"
    latest = min(2010, today.year - 15)
    year = draw_birth_year(rng, latest)
    birth_date = None
    if rng.random() < 0.35:
        birth_date = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 364))
        year = birth_date.year
    age = today.year - year
    minority = group != "kinh"
    person = Person(person_name(rng, group, gender), gender, year, birth_date, group, village_index)
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
        person.schooling = weighted(rng, data.SCHOOLING)
    if age < 19:
        person.occupation = weighted(rng, data.OCCUPATIONS_YOUNG)
    elif age > 62:
        person.occupation = weighted(rng, data.OCCUPATIONS_OLD)
    else:
        person.occupation = weighted(rng, data.OCCUPATIONS_WORKING)
    person.rural_worker = 15 <= age <= 60 and person.occupation in data.RURAL_WORK
    person.religion = weighted(rng, data.RELIGIONS.get(group, (("", 1),)))
    person.disability = rng.random() < 0.02
    person.poor_household = rng.random() < (0.25 if minority else 0.07)
    person.reliability = min(0.99, max(0.55, rng.gauss(0.9, 0.07)))
    return person


def make_people(rng: random.Random, villages: list[Village], profile: data.CommuneProfile,
                 count: int, today: dt.date) -> list[Person]:
    sizes = [rng.uniform(0.6, 1.5) for _ in villages]
    people: list[Person] = []
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


@dataclass
class Staff:
    teachers: list[str]
    speakers: dict[str, list[str]]

    def speaker(self, rng: random.Random, partner: str) -> str:
        return rng.choice(self.speakers.get(partner) or self.teachers)

def make_staff(rng: random.Random, profile: data.CommuneProfile) -> Staff:
    local = [group for group, _ in profile.mix if group != "kinh"]

    def name(kinh_share: float) -> str:
        group = "kinh" if rng.random() < kinh_share else rng.choice(local)
        return person_name(rng, group, "female" if rng.random() < 0.5 else "male")
    teachers = [name(0.6) for _ in range(8)]
    speakers = {partner.key: [name(0.5) for _ in range(2)] for partner in PARTNER_BODIES}
    for school in ("primary_school", "lower_secondary_school"):
        speakers[school] = teachers[:4] if school == "primary_school" else teachers[4:]
    return Staff(teachers, speakers)

def topic_ok(first_year: int, day: dt.date) -> bool:
    return first_year == 0 or day.year >= first_year

def funding(rng: random.Random, kind: str) -> tuple[str, int | None]:
    def amount(low: int, high: int, step: int = 500_000) -> int:
        return rng.randint(low // step, high // step) * step

    if kind in ("literacy_1", "literacy_2"):
        return weighted(rng, (("state_budget", 6), ("programme", 4))), amount(18_000_000, 45_000_000)
    if kind == "post_literacy":
        return "state_budget", amount(8_000_000, 20_000_000)
    if kind == "short_course":
        source = weighted(rng, (("state_budget", 3), ("commune_budget", 2), ("programme", 3),
                                 ("socialisation", 2)))
        return source, amount(3_000_000, 15_000_000)
    if kind == "training":
        return weighted(rng, (("programme", 5), ("state_budget", 3), ("other", 1))), \
            amount(2_000_000, 10_000_000)
    if kind == "club":
        return weighted(rng, (("socialisation", 1), ("commune_budget", 1))), amount(1_000_000, 5_000_000)
    roll = rng.random()
    if roll < 0.55:
        return "commune_budget", amount(500_000, 3_000_000, 100_000)
    if roll < 0.75:
        return "socialisation", amount(500_000, 2_000_000, 100_000)
    return "", None
