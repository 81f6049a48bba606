"""Fixed vocabularies of a CLC: kinds of activity, topic groups, partners, statuses and marks.

Keys are stored in the database and in sync packages, so they never change; labels may.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar


@dataclass(frozen=True)
class Choice:
    """One entry of a pick list."""

    key: str
    name_vi: str
    name_en: str


@dataclass(frozen=True)
class ActivityKind(Choice):
    # A talk may record a headcount instead of named participants.
    is_talk: bool = False


@dataclass(frozen=True)
class AttendanceMark(Choice):
    code: str = ""  # the letter written on paper sheets
    counts_present: bool = False


@dataclass(frozen=True)
class AgeBand(Choice):
    min_age: int = 0
    max_age: int | None = None  # inclusive; None = no upper limit

    def contains(self, age: int) -> bool:
        return age >= self.min_age and (self.max_age is None or age <= self.max_age)


ACTIVITY_KINDS: tuple[ActivityKind, ...] = (
    ActivityKind("literacy_1", "Lớp xóa mù chữ giai đoạn 1", "Literacy class, phase 1"),
    ActivityKind("literacy_2", "Lớp xóa mù chữ giai đoạn 2", "Literacy class, phase 2"),
    ActivityKind("post_literacy", "Lớp sau xóa mù chữ", "Post-literacy class"),
    ActivityKind("short_course", "Lớp ngắn hạn", "Short course"),
    ActivityKind("topic_talk", "Chuyên đề", "Topic talk", is_talk=True),
    ActivityKind("training", "Tập huấn", "Training"),
    ActivityKind("club", "Câu lạc bộ", "Club"),
    ActivityKind("reading_culture", "Hoạt động đọc sách, văn hóa", "Reading or cultural activity"),
    ActivityKind("other", "Hoạt động khác", "Other activity"),
)

# The literacy programme's terms by phase (Circular 33/2021): phase 1 is taught in terms 1-3,
# phase 2 in terms 4-5. A literacy class's sessions say which term they taught.
LITERACY_TERMS: dict[str, tuple[int, ...]] = {"literacy_1": (1, 2, 3), "literacy_2": (4, 5)}

TOPIC_GROUPS: tuple[Choice, ...] = (
    Choice("literacy", "Xóa mù chữ", "Literacy"),
    Choice("post_literacy", "Sau xóa mù chữ", "Post-literacy"),
    Choice("agriculture", "Trồng trọt, chăn nuôi, lâm nghiệp, thủy sản, khuyến nông – lâm – ngư",
           "Crops, livestock, forestry, fisheries and extension"),
    Choice("law", "Phổ biến, giáo dục pháp luật", "Law dissemination"),
    Choice("health", "Y tế, dinh dưỡng, dân số", "Health, nutrition and population"),
    Choice("culture_society", "Văn hóa – xã hội", "Culture and society"),
    Choice("vocational", "Dạy nghề ngắn hạn", "Vocational short courses"),
    Choice("digital", "Tin học, kỹ năng số (chuyển đổi số)", "IT and digital skills"),
    Choice("foreign_languages", "Ngoại ngữ", "Foreign languages"),
    Choice("life_skills", "Kỹ năng sống", "Life skills"),
    Choice("other", "Khác", "Other"),
)

PARTNER_BODIES: tuple[Choice, ...] = (
    Choice("farmers_union", "Hội Nông dân", "Farmers' Union"),
    Choice("womens_union", "Hội Liên hiệp Phụ nữ", "Women's Union"),
    Choice("youth_union", "Đoàn Thanh niên", "Youth Union"),
    Choice("veterans_association", "Hội Cựu chiến binh", "Veterans' Association"),
    Choice("study_promotion_association", "Hội Khuyến học", "Study Promotion Association"),
    Choice("elderly_association", "Hội Người cao tuổi", "Elderly Association"),
    Choice("agricultural_extension", "Trạm Khuyến nông", "Agricultural extension station"),
    Choice("health_station", "Trạm Y tế", "Health station"),
    Choice("commune_police", "Công an xã", "Commune police"),
    Choice("border_guard", "Đồn Biên phòng", "Border guard post"),
    Choice("primary_school", "Trường Tiểu học", "Primary school"),
    Choice("lower_secondary_school", "Trường Trung học cơ sở", "Lower-secondary school"),
    Choice("provincial_library", "Thư viện tỉnh", "Provincial library"),
    Choice("other", "Khác", "Other"),
)

# Literacy learners (Circular 33/2021); relapse into illiteracy is tracked as its own status.
LEARNER_STATUSES: tuple[Choice, ...] = (
    Choice("studying", "Đang học", "Studying"),
    Choice("completed_phase_1", "Hoàn thành giai đoạn 1", "Completed phase 1"),
    Choice("completed_phase_2", "Hoàn thành giai đoạn 2", "Completed phase 2"),
    Choice("dropped_out", "Bỏ học", "Dropped out"),
    Choice("relapsed", "Tái mù chữ", "Relapsed into illiteracy"),
)

# Late still counts as present: the learner attended the session.
ATTENDANCE_MARKS: tuple[AttendanceMark, ...] = (
    AttendanceMark("present", "Có mặt", "Present", code="C", counts_present=True),
    AttendanceMark("excused", "Vắng có phép", "Excused absence", code="P"),
    AttendanceMark("unexcused", "Vắng không phép", "Unexcused absence", code="K"),
    AttendanceMark("late", "Đi muộn", "Late", code="M", counts_present=True),
)

GENDERS: tuple[Choice, ...] = (  # in the order forms list them: Nam, Nữ
    Choice("male", "Nam", "Male"),
    Choice("female", "Nữ", "Female"),
)

# The bands overlap on purpose: reports count 15–25 inside 15–35 and 15–60.
AGE_BANDS: tuple[AgeBand, ...] = (
    AgeBand("15-25", "Từ 15 đến 25 tuổi", "Aged 15–25", min_age=15, max_age=25),
    AgeBand("15-35", "Từ 15 đến 35 tuổi", "Aged 15–35", min_age=15, max_age=35),
    AgeBand("15-60", "Từ 15 đến 60 tuổi", "Aged 15–60", min_age=15, max_age=60),
    AgeBand("over-60", "Trên 60 tuổi", "Over 60", min_age=61, max_age=None),
)

FUNDING_SOURCES: tuple[Choice, ...] = (
    Choice("state_budget", "Ngân sách nhà nước", "State budget"),
    Choice("commune_budget", "Ngân sách xã", "Commune budget"),
    Choice("socialisation", "Xã hội hóa, tài trợ", "Socialisation and donations"),
    Choice("programme", "Chương trình, dự án", "Programme or project"),
    Choice("other", "Nguồn khác", "Other source"),
)

_C = TypeVar("_C", bound=Choice)


def by_key(choices: Sequence[_C], key: str) -> _C | None:
    """The entry of `choices` stored under `key`, or None for a key this version does not know."""
    return next((choice for choice in choices if choice.key == key), None)


# Keys an office published that this version's lists lack (a province's own topic group), with
# their names: filled when a database opens and when its lists change, so labels show a name.
_RECEIVED: dict[str, dict[str, ActivityKind]] = {}


def learn_received_names(list_name: str, entries: Sequence[Choice]) -> None:
    """Remember the names of `list_name`'s entries (the national entries keep their own)."""
    _RECEIVED[list_name] = {entry.key: ActivityKind(entry.key, entry.name_vi, entry.name_en or entry.name_vi)
                            for entry in entries}


def activity_kind(key: str) -> ActivityKind | None:
    return by_key(ACTIVITY_KINDS, key) or _RECEIVED.get("activity_kinds", {}).get(key)


def topic_group(key: str) -> Choice | None:
    return by_key(TOPIC_GROUPS, key) or _RECEIVED.get("topic_groups", {}).get(key)


def partner_body(key: str) -> Choice | None:
    return by_key(PARTNER_BODIES, key)


def learner_status(key: str) -> Choice | None:
    return by_key(LEARNER_STATUSES, key)


def gender(key: str) -> Choice | None:
    return by_key(GENDERS, key)


def funding_source(key: str) -> Choice | None:
    return by_key(FUNDING_SOURCES, key)


def age_band(key: str) -> AgeBand | None:
    return by_key(AGE_BANDS, key)


def age_bands_for(age: int) -> tuple[AgeBand, ...]:
    """Every band an age falls in (several, since the bands overlap)."""
    return tuple(band for band in AGE_BANDS if band.contains(age))


def attendance_mark(code_or_key: str) -> AttendanceMark | None:
    """The mark for a paper letter ("C", "p") or a stored key ("late")."""
    text = code_or_key.strip()
    return next((mark for mark in ATTENDANCE_MARKS
                 if mark.code == text.upper() or mark.key == text.lower()), None)
