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
    MONTH_WEIGHTS,
    QUOTAS,
    Person,
    Plan,
    PlannedActivity,
    PlannedSession,
    Village,
    make_people,
    person_name,
)
from desktop.demo.centre_attendance import AttendanceDraw
from desktop.i18n import _
from desktop.services.centre import CentreSetup


class _Planner(AttendanceDraw):
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
