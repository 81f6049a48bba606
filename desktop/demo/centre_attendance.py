"""The demo centre's attendance: who came to each planned class and talk, how often, how the
literacy classes ended, and the walk-ins. Part of the planner (centre_planner.py)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from desktop.demo import names as data
from desktop.demo.centre_records import (
    CLASS_KINDS,
    Person,
    PlannedActivity,
    PlannedSession,
    PlannedWalkIn,
    Village,
    draw_birth_year,
    person_name,
    pick,
)
from desktop.i18n import _
from desktop.text.vietnamese import fold


class AttendanceDraw:
    """Draws the participants and attendance of the planner's activities."""

    rng: random.Random
    today: dt.date
    profile: data.CommuneProfile
    villages: list[Village]
    people: list[Person]
    activities: list[PlannedActivity]

    # who came --------------------------------------------------------------------------------------
    def _age(self, person: Person, day: dt.date) -> int:
        return day.year - person.birth_year

    def _audience(self, activity: PlannedActivity) -> Callable[[Person], float]:
        lowered = fold(activity.name + " " + activity.partner)
        women = any(word in lowered for word in ("det", "theu", "phu nu", "ba me", "dinh duong",
                                                  "nau an", "womens", "dan vu", "trang phuc"))
        young = activity.topic_group in ("digital", "foreign_languages") or "thanh nien" in lowered
        old = "cao tuoi" in lowered
        day = activity.start

        def weight(person: Person) -> float:
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

    def _participants(self, activity: PlannedActivity) -> None:
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

    def _choose(self, activity: PlannedActivity, size: int, weight: Callable[[Person], float],
                local: float) -> None:
        people = self.people
        home = activity.village

        def full(index: int) -> float:
            w = weight(people[index])
            return w * local if home is not None and people[index].village == home else w

        activity.learners = sorted(pick(self.rng, range(len(people)), full, size))

    def _literacy_learners(self, activity: PlannedActivity) -> None:
        day = activity.start
        phase_2 = activity.kind == "literacy_2"

        def weight(person: Person) -> float:
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

    def _attendance(self, activity: PlannedActivity) -> None:
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

    def _class_marks(self, activity: PlannedActivity, held: list[PlannedSession], running: bool) -> None:
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

    def _literacy_outcome(self, activity: PlannedActivity, drops: dict[int, int]) -> None:
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

    def _talk_marks(self, activity: PlannedActivity, held: list[PlannedSession]) -> None:
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

    def _walk_ins(self, activity: PlannedActivity, item: PlannedSession) -> list[PlannedWalkIn]:
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
                result.append(PlannedWalkIn(person.full_name, person.gender, person.birth_year, person.group,
                                      person.village, matched=index))
                enrolled.add(index)
                continue
            group = self.villages[village].group
            gender = "female" if rng.random() < 0.55 else "male"
            year = draw_birth_year(rng, min(2010, item.date.year - 15)) if rng.random() < 0.7 else None
            result.append(PlannedWalkIn(person_name(rng, group, gender), gender, year, group, village))
        return result
