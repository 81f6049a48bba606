"""Attendance (điểm danh): marks per learner and session, headcounts, walk-ins, evidence.

Every mark is saved as it is made: there is no separate save step to forget.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import mimetypes
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from desktop.errors import NotFoundError, UserError, ValidationError
from desktop.formatting import format_date
from desktop.i18n import _
from desktop.services.activities import SessionInfo, session_info_of
from desktop.services.learners import LearnerSummary, learner_summary
from desktop.store.database import Database
from desktop.store.models import Village
from desktop.store.register_models import (
    Activity,
    Attendance,
    Enrolment,
    Learner,
    Session,
    SessionEvidence,
    WalkIn,
)
from desktop.text.vietnamese import clean_name

MARKS = ("C", "P", "K", "M")
PRESENT_MARKS = frozenset({"C", "M"})  # late still counts as present
MAX_EVIDENCE_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class AttendanceGrid:
    """Enrolled learners × one month's sessions, in the printed sheet's order."""

    activity_id: str
    activity_code: str
    activity_name: str
    year: int
    month: int
    learners: list[LearnerSummary]
    sessions: list[SessionInfo]
    marks: dict[tuple[str, str], str] = field(default_factory=dict)  # (learner_id, session_id)

    def learner_totals(self, learner_id: str) -> dict[str, int]:
        totals = {"present": 0, "P": 0, "K": 0, "M": 0}
        for item in self.sessions:
            mark = self.marks.get((learner_id, item.id))
            if mark in PRESENT_MARKS:
                totals["present"] += 1
            if mark in ("P", "K", "M"):
                totals[mark] += 1
        return totals

    def session_present(self, session_id: str) -> int:
        return sum(1 for learner in self.learners
                   if self.marks.get((learner.id, session_id)) in PRESENT_MARKS)


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    """First day of the month and first day of the next."""
    return dt.date(year, month, 1), dt.date(year + month // 12, month % 12 + 1, 1)


def load_grid(db: Database, activity_id: str, year: int, month: int) -> AttendanceGrid:
    first, following = month_bounds(year, month)
    with db.reading() as session:
        activity = session.get(Activity, activity_id)
        if activity is None or activity.deleted:
            raise NotFoundError(_("This class or talk no longer exists."))
        learners = [
            learner_summary(learner, village)
            for learner, village in session.execute(
                select(Learner, Village.name)
                .join(Enrolment, Enrolment.learner_id == Learner.id)
                .outerjoin(Village, Village.id == Learner.village_id)
                .where(Enrolment.activity_id == activity_id, Enrolment.deleted.is_(False),
                       Learner.deleted.is_(False))
                .order_by(Learner.name_sort, Learner.id)).all()
        ]
        sessions = [session_info_of(item) for item in session.execute(
            select(Session).where(Session.activity_id == activity_id, Session.deleted.is_(False),
                                  Session.cancelled.is_(False), Session.date >= first,
                                  Session.date < following)
            .order_by(Session.date, Session.start_time)).scalars()]
        session_ids = [item.id for item in sessions]
        marks: dict[tuple[str, str], str] = {}
        if session_ids:
            for learner_id, session_id, mark in session.execute(
                    select(Attendance.learner_id, Attendance.session_id, Attendance.mark)
                    .where(Attendance.session_id.in_(session_ids), Attendance.deleted.is_(False))):
                marks[(learner_id, session_id)] = mark
        return AttendanceGrid(activity.id, activity.code, activity.name, year, month,
                              learners, sessions, marks)


@dataclass(frozen=True)
class MarkChange:
    session_id: str
    learner_id: str
    mark: str | None  # None clears the mark


class NotHeldYet(UserError):
    """Marks for a session after today: someone cannot be absent from a day still to come.

    Usually a slip of the cursor or of the month; the user may confirm (a session held today
    but dated tomorrow by mistake, or a computer whose clock is wrong), and the screen then
    names the session in `future_confirmed` so it does not ask again for each mark.
    """

    def __init__(self, message: str, session_ids: list[str]) -> None:
        super().__init__(message)
        self.session_ids = session_ids


def save_marks(db: Database, changes: list[MarkChange], *, today: dt.date | None = None,
               future_confirmed: Collection[str] = ()) -> None:
    """Save marks in one transaction (a single key press, or a whole 'everyone present').

    A mark on a session after today raises NotHeldYet unless that session is in
    `future_confirmed`; clearing a mark is always allowed.
    """
    today = today or dt.date.today()
    for change in changes:
        if change.mark is not None and change.mark not in MARKS:
            raise ValidationError(_("Unknown attendance mark {mark}.").format(mark=change.mark))
    if not changes:
        return
    session_ids = {change.session_id for change in changes}
    with db.unit_of_work() as session:
        sessions = {item.id: item for item in session.execute(
            select(Session).where(Session.id.in_(session_ids))).scalars()}
        if len(sessions) != len(session_ids) or any(item.deleted for item in sessions.values()):
            raise NotFoundError(_("This session no longer exists."))
        ahead = sorted({change.session_id for change in changes if change.mark is not None
                        and sessions[change.session_id].date > today
                        and change.session_id not in future_confirmed},
                       key=lambda session_id: sessions[session_id].date)
        if ahead:
            raise NotHeldYet(_("The session of {date} has not been held yet (today is {today}). "
                               "Marks are normally entered on or after the day of the session.").format(
                date=format_date(sessions[ahead[0]].date), today=format_date(today)), ahead)
        existing = {(row.session_id, row.learner_id): row for row in session.execute(
            select(Attendance).where(Attendance.session_id.in_(session_ids))).scalars()}
        for change in changes:
            row = existing.get((change.session_id, change.learner_id))
            if change.mark is None:
                if row is not None and not row.deleted:
                    row.deleted = True
                continue
            if row is None:
                row = Attendance(session_id=change.session_id, learner_id=change.learner_id,
                                 mark=change.mark)
                session.add(row)
                existing[(change.session_id, change.learner_id)] = row
            elif row.mark != change.mark or row.deleted:
                row.mark, row.deleted = change.mark, False
            sessions[change.session_id].attendance_taken = True


def mark_everyone_present(db: Database, grid: AttendanceGrid, session_id: str, *,
                          today: dt.date | None = None,
                          future_confirmed: Collection[str] = ()) -> list[MarkChange]:
    """Mark every learner without a mark present at one session; returns what changed."""
    changes = [MarkChange(session_id, learner.id, "C") for learner in grid.learners
               if (learner.id, session_id) not in grid.marks]
    save_marks(db, changes, today=today, future_confirmed=future_confirmed)
    return changes


QUICK_ITEM = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+))?\s*(?:\(?\s*([CPKMcpkm])\s*\)?)?\s*$")


def parse_quick_entry(text: str, row_count: int) -> dict[int, str]:
    """Parse "3, 17 (K), 21 (P)" (the sheet's row numbers) into {row: mark} for the absentees.

    Everyone not named is present. A row without a mark is unexcused (K); ranges "5-8" work.
    """
    result: dict[int, str] = {}
    text = text.strip()
    if not text:
        return result
    for item in re.split(r"[,;]", text):
        if not item.strip():
            continue
        match = QUICK_ITEM.match(item)
        if match is None:
            raise ValidationError(_("Cannot read “{item}”: write row numbers like 3, 17 (K), 21 (P).").format(
                item=item.strip()))
        first = int(match.group(1))
        last = int(match.group(2) or first)
        mark = (match.group(3) or "K").upper()
        if last < first:
            first, last = last, first
        for row in range(first, last + 1):
            if not 1 <= row <= row_count:
                raise ValidationError(_("Row {row} is not on the sheet (rows 1 to {count}).").format(
                    row=row, count=row_count))
            result[row] = mark
    return result


def apply_quick_entry(db: Database, grid: AttendanceGrid, session_id: str, text: str, *,
                      today: dt.date | None = None,
                      future_confirmed: Collection[str] = ()) -> list[MarkChange]:
    """All present except the named rows, which get their marks (rows as on the printed sheet)."""
    absentees = parse_quick_entry(text, len(grid.learners))
    changes = [MarkChange(session_id, learner.id, absentees.get(row, "C"))
               for row, learner in enumerate(grid.learners, start=1)]
    save_marks(db, changes, today=today, future_confirmed=future_confirmed)
    return changes


# --- talks: headcounts, walk-ins ---------------------------------------------------------------

def set_headcount(db: Database, session_id: str, total: int | None, women: int | None,
                  minority: int | None) -> SessionInfo:
    for value in (total, women, minority):
        if value is not None and value < 0:
            raise ValidationError(_("Numbers cannot be negative."))
    if total is not None and ((women or 0) > total or (minority or 0) > total):
        raise ValidationError(_("Women and ethnic minority cannot be more than the total."))
    with db.unit_of_work() as session:
        item = session.get(Session, session_id)
        if item is None or item.deleted:
            raise NotFoundError(_("This session no longer exists."))
        item.headcount_total, item.headcount_women, item.headcount_minority = total, women, minority
        item.attendance_taken = True
        return session_info_of(item)


@dataclass(frozen=True)
class WalkInInfo:
    id: str
    session_id: str
    full_name: str
    gender: str | None
    birth_year: int | None
    village_id: str | None
    matched_learner_id: str | None


def _walk_in_info(w: WalkIn) -> WalkInInfo:
    return WalkInInfo(w.id, w.session_id, w.full_name, w.gender, w.birth_year, w.village_id,
                      w.matched_learner_id)


def add_walk_in(db: Database, session_id: str, full_name: str, gender: str | None = None,
                birth_year: int | None = None, village_id: str | None = None) -> WalkInInfo:
    name = clean_name(full_name)
    if not name:
        raise ValidationError(_("Enter the person's full name."), "full_name")
    with db.unit_of_work() as session:
        item = session.get(Session, session_id)
        if item is None or item.deleted:
            raise NotFoundError(_("This session no longer exists."))
        walk_in = WalkIn(session_id=session_id, full_name=name, gender=gender,
                         birth_year=birth_year, village_id=village_id)
        session.add(walk_in)
        item.attendance_taken = True
        session.flush()
        return _walk_in_info(walk_in)


def list_walk_ins(db: Database, session_id: str) -> list[WalkInInfo]:
    with db.reading() as session:
        return [_walk_in_info(w) for w in session.execute(
            select(WalkIn).where(WalkIn.session_id == session_id, WalkIn.deleted.is_(False))
            .order_by(WalkIn.id)).scalars()]


def match_walk_in(db: Database, walk_in_id: str, learner_id: str | None) -> WalkInInfo:
    """Link a walk-in to a registered learner, or undo the link with None."""
    with db.unit_of_work() as session:
        walk_in = session.get(WalkIn, walk_in_id)
        if walk_in is None or walk_in.deleted:
            raise NotFoundError(_("This walk-in no longer exists."))
        if learner_id is not None:
            learner = session.get(Learner, learner_id)
            if learner is None or learner.deleted:
                raise NotFoundError(_("This learner no longer exists."))
        walk_in.matched_learner_id = learner_id
        return _walk_in_info(walk_in)


# --- evidence -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class EvidenceInfo:
    id: str
    file_name: str
    media_type: str
    size: int


def attach_evidence(db: Database, session_id: str, path: Path) -> EvidenceInfo:
    """Keep a photo or scan of the signed paper sheet with the session."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_EVIDENCE_BYTES:
            raise ValidationError(_("The file is larger than 20 MB; scan at a lower resolution."))
        content = path.read_bytes()
    except OSError as error:
        raise ValidationError(_("Cannot read {name}: {reason}").format(
            name=path.name, reason=error.strerror or error)) from error
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if not (media_type.startswith("image/") or media_type == "application/pdf"):
        raise ValidationError(_("Attach a photo (JPG, PNG) or a PDF scan."))
    with db.unit_of_work() as session:
        item = session.get(Session, session_id)
        if item is None or item.deleted:
            raise NotFoundError(_("This session no longer exists."))
        evidence = SessionEvidence(session_id=session_id, file_name=path.name, media_type=media_type,
                                   sha256=hashlib.sha256(content).hexdigest(), content=content)
        session.add(evidence)
        session.flush()
        return EvidenceInfo(evidence.id, evidence.file_name, media_type, len(content))


def list_evidence(db: Database, session_id: str) -> list[EvidenceInfo]:
    with db.reading() as session:
        rows = session.execute(select(SessionEvidence).where(
            SessionEvidence.session_id == session_id, SessionEvidence.deleted.is_(False))).scalars()
        return [EvidenceInfo(e.id, e.file_name, e.media_type, len(e.content)) for e in rows]


def read_evidence(db: Database, evidence_id: str) -> bytes:
    with db.reading() as session:
        evidence = session.get(SessionEvidence, evidence_id)
        if evidence is None or evidence.deleted:
            raise NotFoundError(_("This attachment no longer exists."))
        return evidence.content
