"""SQLAlchemy models of the register: learners, classes and talks, sessions, attendance.

Apart from `store.models` (the centre, its villages and settings) so that the window can show
before these are mapped; see `store.models.load_all_models`.
"""

# No `from __future__ import annotations`: see store.models.

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop.store.models import Base, Syncable, add_sync_index


class Learner(Syncable, Base):
    __tablename__ = "learner"

    full_name: Mapped[str] = mapped_column(String(120), nullable=False)
    name_folded: Mapped[str] = mapped_column(String(120), nullable=False, index=True)
    name_sort: Mapped[str] = mapped_column(String(500), nullable=False, index=True)
    gender: Mapped[str | None] = mapped_column(String(10), nullable=True)
    birth_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    birth_year: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    ethnic_group_key: Mapped[str | None] = mapped_column(String(40), nullable=True)
    religion: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    village_id: Mapped[str | None] = mapped_column(ForeignKey("village.id"), nullable=True, index=True)
    phone: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    citizen_id: Mapped[str] = mapped_column(String(20), nullable=False, default="")
    occupation: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    schooling: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    literacy_status: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    disability: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    poor_household: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    rural_worker: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")


class Activity(Syncable, Base):
    """A class, course, topic talk, training or club (lớp học / chuyên đề)."""

    __tablename__ = "activity"
    __table_args__ = (UniqueConstraint("code", "origin", name="uq_activity_code"),)

    code: Mapped[str] = mapped_column(String(40), nullable=False)
    name: Mapped[str] = mapped_column(String(300), nullable=False)
    name_folded: Mapped[str] = mapped_column(String(300), nullable=False)
    kind: Mapped[str] = mapped_column(String(30), nullable=False)
    topic_group: Mapped[str] = mapped_column(String(40), nullable=False, default="other")
    partner: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    venue: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    village_id: Mapped[str | None] = mapped_column(ForeignKey("village.id"), nullable=True)
    teacher: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    start_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True, index=True)
    end_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    planned_sessions: Mapped[int | None] = mapped_column(Integer, nullable=True)
    planned_periods: Mapped[int | None] = mapped_column(Integer, nullable=True)
    funding_source: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    funding_amount: Mapped[int | None] = mapped_column(Integer, nullable=True)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="planned")
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")


class Enrolment(Syncable, Base):
    __tablename__ = "enrolment"
    __table_args__ = (UniqueConstraint("activity_id", "learner_id"),)

    # (activity, learner) is unique, so its index serves the activity alone too
    activity_id: Mapped[str] = mapped_column(ForeignKey("activity.id"), nullable=False)
    learner_id: Mapped[str] = mapped_column(ForeignKey("learner.id"), nullable=False, index=True)
    enrolled_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)


class Session(Syncable, Base):
    """One meeting of an activity (buổi học), with an optional headcount for talks."""

    __tablename__ = "session"
    __table_args__ = (Index("ix_session_activity_date", "activity_id", "date"),
                      # a centre's latest session at an office (the completeness board)
                      Index("ix_session_origin_date", "origin", "date"))

    activity_id: Mapped[str] = mapped_column(ForeignKey("activity.id"), nullable=False)
    date: Mapped[dt.date] = mapped_column(Date, nullable=False, index=True)
    start_time: Mapped[str] = mapped_column(String(5), nullable=False, default="")
    end_time: Mapped[str] = mapped_column(String(5), nullable=False, default="")
    content: Mapped[str] = mapped_column(Text, nullable=False, default="")
    periods: Mapped[int | None] = mapped_column(Integer, nullable=True)
    teacher: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    venue: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    cancelled: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    attendance_taken: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    headcount_total: Mapped[int | None] = mapped_column(Integer, nullable=True)
    headcount_women: Mapped[int | None] = mapped_column(Integer, nullable=True)
    headcount_minority: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # the term of the literacy programme taught (1-3 in phase 1, 4-5 in phase 2); None elsewhere
    # and in sessions recorded before terms were (the report's "term not recorded")
    literacy_term: Mapped[int | None] = mapped_column(Integer, nullable=True)


class Attendance(Syncable, Base):
    """A mark for one learner at one session; the natural key is (session, learner)."""

    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("session_id", "learner_id"),
                      Index("ix_attendance_session_marks", "session_id", "deleted", "mark", "learner_id"))

    # (session, learner) is unique and serves a session's marks; nothing looks marks up by
    # learner alone, so that index would only cost a fifth of each mark's size. The reports
    # read a period's marks from the second index alone (an office's millions of them), never
    # the rows.
    session_id: Mapped[str] = mapped_column(ForeignKey("session.id"), nullable=False)
    learner_id: Mapped[str] = mapped_column(ForeignKey("learner.id"), nullable=False)
    mark: Mapped[str] = mapped_column(String(1), nullable=False)


class WalkIn(Syncable, Base):
    """Someone who came to a talk without being on the register; matched to a learner later."""

    __tablename__ = "walk_in"

    session_id: Mapped[str] = mapped_column(ForeignKey("session.id"), nullable=False, index=True)
    full_name: Mapped[str] = mapped_column(String(120), nullable=False)
    gender: Mapped[str | None] = mapped_column(String(10), nullable=True)
    birth_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    ethnic_group_key: Mapped[str | None] = mapped_column(String(40), nullable=True)
    village_id: Mapped[str | None] = mapped_column(ForeignKey("village.id"), nullable=True)
    matched_learner_id: Mapped[str | None] = mapped_column(ForeignKey("learner.id"), nullable=True)


class SessionEvidence(Syncable, Base):
    """A photo or scan of the signed paper sheet, kept with the session."""

    __tablename__ = "session_evidence"

    session_id: Mapped[str] = mapped_column(ForeignKey("session.id"), nullable=False, index=True)
    file_name: Mapped[str] = mapped_column(String(255), nullable=False)
    media_type: Mapped[str] = mapped_column(String(60), nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    content: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)


REGISTER_SYNCABLE_MODELS: tuple[type[Base], ...] = (
    Learner, Activity, Enrolment, Session, Attendance, WalkIn, SessionEvidence,
)
for _model in REGISTER_SYNCABLE_MODELS:
    add_sync_index(_model)
