"""A learner's personal data on request (Decree 13/2023): everything held about one person, and
erasure that keeps the counts.

Erasure removes what identifies the person (name, exact birth date, phone, citizen ID, religion,
occupation, notes; the same on their reader card and matched walk-ins) and keeps what the reports
count (gender, birth year, ethnic group, village, the marks and loans). The rows are changed, not
deleted, in one unit of work: their new versions travel to the office in the next package, where
they overwrite the office's copy, so the erasure reaches it like any other change.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desktop.errors import NotFoundError, UserError
from desktop.i18n import _
from desktop.store.book_models import BookCopy, BookLoan, BookReader, BookTitle
from desktop.store.database import Database
from desktop.store.models import Village
from desktop.store.register_models import Activity, Attendance, Enrolment, Learner, Session, WalkIn
from desktop.text.vietnamese import fold, name_sort_key

ERASED_NAME = "Đã xóa theo yêu cầu"  # stored data read by the office's clerk: Vietnamese
VISIBLE_DIGITS = 4


def mask_citizen_id(value: str) -> str:
    """A citizen ID as lists and documents show it unless asked: the last four digits only."""
    value = value.strip()
    if len(value) <= VISIBLE_DIGITS:
        return value
    return "•" * (len(value) - VISIBLE_DIGITS) + value[-VISIBLE_DIGITS:]


def _learner(session: Any, learner_id: str) -> Learner:
    learner = session.get(Learner, learner_id)
    if learner is None or learner.deleted:
        raise NotFoundError(_("This learner is no longer registered."))
    return learner


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def learner_record(db: Database, learner_id: str) -> dict[str, Any]:
    """Everything the database holds about one learner, as plain data (for a request from that
    person): their details, classes, marks, walk-ins matched to them, reader card and loans."""
    with db.reading() as session:
        learner = _learner(session, learner_id)
        village = session.get(Village, learner.village_id) if learner.village_id else None
        enrolments = session.execute(
            select(Activity.code, Activity.name, Enrolment.enrolled_on).join(Activity, Activity.id == Enrolment.activity_id)
            .where(Enrolment.learner_id == learner_id, Enrolment.deleted.is_(False))
            .order_by(Activity.code)).all()
        marks = session.execute(
            select(Session.date, Activity.code, Attendance.mark)
            .join(Session, Session.id == Attendance.session_id).join(Activity, Activity.id == Session.activity_id)
            .where(Attendance.learner_id == learner_id, Attendance.deleted.is_(False))
            .order_by(Session.date, Activity.code)).all()
        walk_ins = session.execute(
            select(Session.date, WalkIn.full_name).join(Session, Session.id == WalkIn.session_id)
            .where(WalkIn.matched_learner_id == learner_id, WalkIn.deleted.is_(False))).all()
        reader = session.execute(select(BookReader).where(BookReader.learner_id == learner_id,
                                                          BookReader.deleted.is_(False))).scalar_one_or_none()
        loans = [] if reader is None else session.execute(
            select(BookTitle.title, BookLoan.loaned_on, BookLoan.due_on, BookLoan.returned_on, BookLoan.state)
            .join(BookCopy, BookCopy.id == BookLoan.copy_id).join(BookTitle, BookTitle.id == BookCopy.title_id)
            .where(BookLoan.reader_id == reader.id, BookLoan.deleted.is_(False))
            .order_by(BookLoan.loaned_on)).all()
        return {
            "learner": {"id": learner.id, "full_name": learner.full_name, "gender": learner.gender,
                        "birth_date": _day(learner.birth_date), "birth_year": learner.birth_year,
                        "ethnic_group": learner.ethnic_group_key, "religion": learner.religion,
                        "village": village.name if village else None, "phone": learner.phone,
                        "citizen_id": learner.citizen_id, "occupation": learner.occupation,
                        "schooling": learner.schooling, "literacy_status": learner.literacy_status,
                        "disability": learner.disability, "poor_household": learner.poor_household,
                        "rural_worker": learner.rural_worker, "notes": learner.notes},
            "classes": [{"code": code, "name": name, "enrolled_on": _day(day)} for code, name, day in enrolments],
            "attendance": [{"date": _day(day), "class": code, "mark": mark} for day, code, mark in marks],
            "walk_ins": [{"date": _day(day), "name_written": name} for day, name in walk_ins],
            "reader": None if reader is None else {
                "card_number": reader.card_number, "full_name": reader.full_name, "phone": reader.phone,
                "registered_on": _day(reader.registered_on), "notes": reader.notes},
            "loans": [{"title": title, "loaned_on": _day(loaned), "due_on": _day(due),
                       "returned_on": _day(returned), "state": state}
                      for title, loaned, due, returned, state in loans],
        }


def write_learner_record(db: Database, learner_id: str, path: Path) -> Path:
    """The learner's record as a JSON file (UTF-8, readable in any text editor)."""
    record = learner_record(db, learner_id)
    try:
        path.write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")
    except OSError as error:
        from desktop.errors import os_error_reason

        raise UserError(_("Cannot write {path}: {reason}").format(path=path, reason=os_error_reason(error))) from error
    return path


def erase_learner(db: Database, learner_id: str) -> None:
    """Erase a learner's identifying data on request, keeping what the reports count."""
    with db.unit_of_work() as session:
        learner = _learner(session, learner_id)
        learner.full_name = ERASED_NAME
        learner.name_folded = fold(ERASED_NAME)
        learner.name_sort = name_sort_key(ERASED_NAME)
        learner.birth_date = None
        learner.phone = learner.citizen_id = learner.religion = learner.occupation = learner.notes = ""
        reader = session.execute(select(BookReader).where(BookReader.learner_id == learner_id)).scalar_one_or_none()
        if reader is not None:
            reader.full_name = ERASED_NAME
            reader.name_folded = fold(ERASED_NAME)
            reader.name_sort = name_sort_key(ERASED_NAME)
            reader.phone = reader.notes = ""
        for walk_in in session.execute(select(WalkIn).where(WalkIn.matched_learner_id == learner_id)).scalars():
            walk_in.full_name = ERASED_NAME
