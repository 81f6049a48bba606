"""Drawing the demo centre's plan from one seed: staff, classes and talks, sessions, attendance."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence


from desktop.demo import names as data
from desktop.demo.calendar import random_day, weekly_series, years_before
from desktop.demo.centre_records import (
    funding,
    make_staff,
    topic_ok,
    CLASS_KINDS,
    MONTH_WEIGHTS,
    QUOTAS,
    Person,
    Plan,
    PlannedActivity,
    PlannedSession,
    PlannedWalkIn,
    Village,
    draw_birth_year,
    make_people,
    person_name,
    pick,
)
from desktop.i18n import _
from desktop.services.centre import CentreSetup
from desktop.text.vietnamese import fold


class _Planner:
    """Draws the centre's activities, then who came to them, in date order."""

    def __init__(self, rng: random.Random, today: dt.date, years: int, profile: data.CommuneProfile,
                 villages: list[Village], people: list[Person]) -> None:
        self.rng = rng
        self.today = today
        self.years = years
        self.profile = profile
        self.villages = villages
        self.people = people
        self.staff = make_staff(rng, profile)
        self.commune = profile.commune
        self.activities: list[PlannedActivity] = []

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
    def plan(self) -> list[PlannedActivity]:
        rng = self.rng
        for block in range(self.years):
            last = years_before(self.today, block)
            first = years_before(self.today, block + 1) + dt.timedelta(days=1)
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
             forced_running: bool = False) -> PlannedActivity:
        weights = MONTH_WEIGHTS["literacy" if kind.startswith("literacy") or kind == "post_literacy"
                                else "course" if kind in ("short_course", "training") else "talk"]
        day = start or random_day(self.rng, first, last, weights)
        maker = getattr(self, f"_make_{kind}")
        activity: PlannedActivity = maker(day)
        activity.forced_running = forced_running
        self.activities.append(activity)
        return activity

    def _class_sessions(self, start: dt.date, count: int, weekdays: Sequence[int], every: int,
                        times: tuple[str, str], periods: int,
                        content: Callable[[int], str]) -> list[PlannedSession]:
        return [PlannedSession(day, times[0], times[1], content(i), periods)
                for i, day in enumerate(weekly_series(start, weekdays, every, count))]

    def _literacy(self, start: dt.date, phase: int) -> PlannedActivity:
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
        source, amount = funding(rng, f"literacy_{phase}")
        return PlannedActivity(f"literacy_{phase}", name, "literacy", "primary_school", venue, village,
                         self.staff.speaker(rng, "primary_school"), sessions[0].date, sessions,
                         source, amount)

    def _make_literacy_1(self, start: dt.date) -> PlannedActivity:
        return self._literacy(start, 1)

    def _make_literacy_2(self, start: dt.date) -> PlannedActivity:
        return self._literacy(start, 2)

    def _make_post_literacy(self, start: dt.date) -> PlannedActivity:
        rng = self.rng
        village = self._village(minority_first=True)
        count = rng.randint(16, 26)
        subjects = data.POST_LITERACY_SUBJECTS
        sessions = self._class_sessions(
            start, count, rng.choice(((1, 3), (0, 2), (2, 4))), 1, ("19:00", "21:00"), 3,
            lambda i: f"{subjects[i % len(subjects)]} – bài {i // len(subjects) + 1}")
        partner = rng.choice(data.PARTNERS_BY_GROUP["post_literacy"])
        source, amount = funding(rng, "post_literacy")
        return PlannedActivity("post_literacy", f"Lớp sau xóa mù chữ – {self.villages[village].name}",
                         "post_literacy", partner, self.villages[village].venue, village,
                         self.staff.speaker(rng, partner), sessions[0].date, sessions, source, amount)

    def _make_short_course(self, start: dt.date) -> PlannedActivity:
        rng = self.rng
        choices = [c for c in data.COURSES if topic_ok(c[2], start)]
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
        source, amount = funding(rng, "short_course")
        return PlannedActivity("short_course", name, group, partner, self._venue(village), village,
                         self.staff.speaker(rng, partner), sessions[0].date, sessions, source, amount)

    def _make_training(self, start: dt.date) -> PlannedActivity:
        rng = self.rng
        group, name, _year, partners = rng.choice([t for t in data.TRAININGS if topic_ok(t[2], start)])
        days = rng.choice((1, 2, 2, 3))
        subject = name.removeprefix("Tập huấn ")
        subject = subject[0].upper() + subject[1:]
        sessions = [PlannedSession(day, "07:30", "16:30",
                             f"Ngày {i + 1}: {subject if i == 0 else 'Thực hành'}", 8)
                    for i, day in enumerate(weekly_series(start, (0, 1, 2, 3, 4, 5), 1, days))]
        partner = rng.choice(partners)
        source, amount = funding(rng, "training")
        return PlannedActivity("training", name, group, partner, self._commune_venue(), None,
                         self.staff.speaker(rng, partner), sessions[0].date, sessions, source, amount)

    def _make_club(self, start: dt.date) -> PlannedActivity:
        rng = self.rng
        group, pattern = rng.choice(data.CLUBS)
        village = self._village()
        name = pattern.format(village=self.villages[village].in_text) + f" năm {start.year}"
        count = rng.randint(16, 26)
        sessions = self._class_sessions(
            start, count, (rng.choice((5, 6)),), 2, ("19:30", "21:00"), 2,
            lambda i: f"Sinh hoạt câu lạc bộ lần {i + 1}")
        partner = rng.choice(data.PARTNERS_BY_GROUP[group])
        source, amount = funding(rng, "club")
        return PlannedActivity("club", name, group, partner, self.villages[village].venue, village,
                         self.staff.speaker(rng, partner), sessions[0].date, sessions, source, amount)

    def _one_off(self, kind: str, start: dt.date, group: str, name: str, village: int | None,
                 days: int = 1) -> PlannedActivity:
        rng = self.rng
        times = rng.choice((("08:00", "10:30"), ("14:00", "16:30"), ("19:30", "21:00")))
        dates = sorted({start + dt.timedelta(days=i * rng.choice((1, 2, 7))) for i in range(days)})
        sessions = [PlannedSession(day, times[0], times[1], name, 2) for day in dates]
        partner = rng.choice(data.PARTNERS_BY_GROUP[group])
        source, amount = funding(rng, kind)
        activity = PlannedActivity(kind, name, group, partner, self._venue(village), village,
                             self.staff.speaker(rng, partner), sessions[0].date, sessions, source, amount)
        activity.named = rng.random() < 0.5
        return activity

    def _make_topic_talk(self, start: dt.date) -> PlannedActivity:
        rng = self.rng
        groups = [g for g in data.TALKS if any(topic_ok(y, start) for _, y in data.TALKS[g])]
        weights = {"agriculture": 6, "law": 5, "health": 5, "culture_society": 3, "digital": 3,
                   "life_skills": 2, "vocational": 1, "foreign_languages": 0.3, "other": 0.5}
        group = rng.choices(groups, weights=[weights.get(g, 1) for g in groups])[0]
        topic = rng.choice([t for t, y in data.TALKS[group] if topic_ok(y, start)])
        village = self._village() if rng.random() < 0.6 else None
        name = f"{topic} – {self.villages[village].name}" if village is not None else topic
        return self._one_off("topic_talk", start, group, name, village)

    def _make_reading_culture(self, start: dt.date) -> PlannedActivity:
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

    def _make_other(self, start: dt.date) -> PlannedActivity:
        rng = self.rng
        group, pattern = rng.choice(data.OTHERS)
        name = pattern.format(year=start.year)
        return self._one_off("other", start, group, name, None, days=rng.randint(1, 2))

    def _lifelong_week(self, first: dt.date, last: dt.date) -> PlannedActivity | None:
        """Lifelong Learning Week, early October, if it falls inside these 12 months."""
        for year in (first.year, last.year):
            start = dt.date(year, 10, 1)
            if first <= start <= last and start + dt.timedelta(days=6) <= self.today:
                name = data.LIFELONG_WEEK.format(year=year)
                activity = self._one_off("other", start, "culture_society", name, None)
                activity.sessions = [
                    PlannedSession(start + dt.timedelta(days=i), "08:00", "11:00", content, 3)
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

    def _reschedule(self, activity: PlannedActivity, weekdays: Sequence[int], every: int) -> None:
        """Run a class on a regular schedule from its start until a few weeks after today."""
        dates = weekly_series(activity.start, weekdays, every, 80)
        past = [day for day in dates if day <= self.today]
        dates = dates[:len(past) + self.rng.randint(3, 8)]
        template = activity.sessions[0]
        old = activity.sessions
        activity.sessions = [
            PlannedSession(day, template.start_time, template.end_time,
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


def make_plan(seed: int, years: int, today: dt.date) -> Plan:
    rng = random.Random(seed)
    profile = data.COMMUNES[(seed - 1) % len(data.COMMUNES)]
    kinh = [v for v in profile.villages if v[1] == "kinh"]
    others = [v for v in profile.villages if v[1] != "kinh"]
    count = rng.randint(8, 14)
    chosen_kinh = rng.sample(kinh, min(len(kinh), max(1, count // 5)))
    chosen = chosen_kinh + rng.sample(others, min(len(others), count - len(chosen_kinh)))
    chosen.sort(key=lambda v: profile.villages.index(v))
    villages = [Village(name, group) for name, group in chosen]
    people = make_people(rng, villages, profile, 50 + 300 * years, today)
    planner = _Planner(rng, today, years, profile, villages, people)
    activities = planner.plan()
    director_group = rng.choice([group for group, _ in profile.mix])
    setup = CentreSetup(
        name=f"Trung tâm học tập cộng đồng xã {profile.commune}",
        commune_name=f"Xã {profile.commune}",
        commune_code="",  # filled in by build_demo
        province_code=profile.province_code,
        director=person_name(rng, director_group, "male" if rng.random() < 0.75 else "female"),
        villages=tuple(v.name for v in villages),
        address=f"{villages[0].name}, xã {profile.commune}, tỉnh {profile.province}",
        phone=f"{profile.area_code} {rng.randint(3_800_000, 3_899_999)}",
    )
    return Plan(profile, setup, villages, people, activities)
