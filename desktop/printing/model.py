"""Plain input data for printed documents: frozen dataclasses, no Qt, no SQLAlchemy, no reportlab.

Services fill these; renderers only read them. Lists are already in display order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from desktop.progress import Cancelled, Progress, ReportCallback

ProgressCallback = Progress | ReportCallback
"""A desktop.progress.Progress told the rows laid out and asked whether to stop (or an older
report(done, total) callable)."""

CancelCallback = Callable[[], bool]
"""With a report callable: returns True when the user asked to stop."""

MARKS: tuple[str, ...] = ("C", "P", "K", "M")
"""Attendance marks: present, excused, unexcused, late (late counts as present)."""


PrintCancelled = Cancelled
"""The user cancelled while a document was being laid out; nothing was written (the one
cancellation of desktop.progress, under the name printing code has used)."""


@dataclass(frozen=True)
class DocumentHeader:
    """The Decree 30/2020 frame shared by every document."""

    issuing_body: str  # "UBND XÃ TÀ XÙA"
    centre_name: str  # "TRUNG TÂM HỌC TẬP CỘNG ĐỒNG"
    place: str  # as printed before the date: "Xã Tà Xùa"
    signer_title: str  # "GIÁM ĐỐC"
    signer_name: str
    recipients: tuple[str, ...] = ()
    date: dt.date | None = None  # the date on the "…, ngày … tháng … năm …" line; None: blank


@dataclass(frozen=True)
class LearnerRow:
    full_name: str
    birth_year: int | None = None
    birth_date: dt.date | None = None
    gender: str | None = None  # "female", "male" or None
    ethnic_group: str = ""
    is_minority: bool = False
    village: str = ""
    occupation: str = ""
    phone: str = ""
    notes: str = ""

    @property
    def year_of_birth(self) -> int | None:
        return self.birth_date.year if self.birth_date else self.birth_year

    def age_on(self, day: dt.date) -> int | None:
        """Age in whole years on a day; from the birth year alone when no date is known."""
        if self.birth_date is not None:
            before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
            return day.year - self.birth_date.year - int(before_birthday)
        if self.birth_year is not None:
            return day.year - self.birth_year
        return None


@dataclass(frozen=True)
class SessionColumn:
    session_id: str
    date: dt.date


@dataclass(frozen=True)
class AttendanceSheetData:
    header: DocumentHeader
    class_code: str
    class_name: str
    teacher: str
    venue: str
    year: int
    month: int
    learners: Sequence[LearnerRow]
    sessions: Sequence[SessionColumn]
    marks: Mapping[tuple[int, int], str] = field(default_factory=dict)
    """(learner row index, session index) → "C" / "P" / "K" / "M"."""


@dataclass(frozen=True)
class SigninSheetData:
    header: DocumentHeader
    talk_code: str
    talk_title: str
    date: dt.date
    venue: str
    speaker: str
    attendees: Sequence[LearnerRow]
    empty_rows: int = 0


@dataclass(frozen=True)
class ClassListData:
    header: DocumentHeader
    class_code: str
    class_name: str
    kind_label: str
    start: dt.date | None
    end: dt.date | None
    teacher: str
    learners: Sequence[LearnerRow]
    today: dt.date


@dataclass(frozen=True)
class RegisterRow:
    code: str
    name: str
    topic: str
    start: dt.date | None
    end: dt.date | None
    venue: str
    partner: str
    teacher: str
    sessions: int
    participants: int
    women: int
    minority: int
    funding: int | None = None


@dataclass(frozen=True)
class RegisterData:
    header: DocumentHeader
    period_label: str
    rows: Sequence[RegisterRow]
