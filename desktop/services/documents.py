"""Printed documents: read what a document needs in one read transaction, then render it.

Each use case builds the plain dataclasses of desktop.printing from the database and hands them
to the renderer; output to a path is written to a temporary file beside it and renamed at the end,
so a failed or cancelled run never leaves half a PDF. Learners appear in the attendance grid's
order (Vietnamese name order: given name, then the rest; see attendance.load_grid).

A class's code on paper is Activity.code (``01234-2026-007``, unique, given at creation).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session as OrmSession

from desktop.errors import NotFoundError, UserError, ValidationError, os_error_reason
from desktop.formatting import format_date, format_month
from desktop.i18n import _, pick
from desktop.printing.model import (
    AttendanceSheetData,
    CancelCallback,
    ClassListData,
    DocumentHeader,
    LearnerRow,
    ProgressCallback,
    RegisterData,
    RegisterRow,
    SessionColumn,
    SigninSheetData,
)
from desktop.services.activities import ActivitySummary, summarise_activity
from desktop.services.attendance import PRESENT_MARKS, month_bounds
from desktop.store.database import Database
from desktop.store.models import Centre, Village, own_centre_first
from desktop.store.register_models import Activity, Attendance, Enrolment, Learner, Session, WalkIn

Output = str | os.PathLike[str] | IO[bytes]
MAJORITY_GROUPS = ("kinh", "foreigner")  # everyone else counts as an ethnic minority
SIGNIN_MIN_LINES = 16  # a sign-in sheet offers at least this many lines, empty ones to fill in
SIGNIN_EMPTY_LINES = 5  # and never fewer empty lines than this for walk-ins
# The attendance grid's order (attendance.load_grid); every document lists learners this way.
LEARNER_ORDER = (Learner.name_sort, Learner.id)


@dataclass(frozen=True)
class SheetTarget:
    """What a scanned or typed sheet code points at: a class and a month (and the page)."""

    activity_id: str
    code: str
    name: str
    year: int
    month: int
    page: int


# --- finding a class ----------------------------------------------------------------------------

def _activity_by_code(session: OrmSession, code: str) -> Activity | None:
    code = code.strip()
    if not code:
        return None
    found = session.execute(select(Activity).where(
        Activity.code == code, Activity.deleted.is_(False))).scalars().first()
    if found is None:  # typed by hand: letters may come in the other case
        found = session.execute(select(Activity).where(
            func.upper(Activity.code) == code.upper(), Activity.deleted.is_(False))).scalars().first()
    return found


def _resolve(session: OrmSession, activity: str) -> Activity:
    """An activity by id or by its code; NotFoundError with the code when neither matches."""
    found = session.get(Activity, activity) if activity else None
    if found is None or found.deleted:
        found = _activity_by_code(session, activity)
    if found is None:
        raise NotFoundError(_("No class or talk has the code {code}.").format(code=activity.strip()))
    return found


def find_activity_by_code(db: Database, code: str) -> ActivitySummary:
    """The class or talk printed or typed as `code` (blanks and letter case do not matter)."""
    with db.reading() as session:
        return summarise_activity(session, _resolve(session, code))


def resolve_sheet_code(db: Database, text: str) -> SheetTarget:
    """Turn the code line of a returned sheet (``CLC:01234-2026-007:2026-03:p2``) into its class.

    A bare class code is accepted too and means the current month.
    """
    from desktop.printing.codes import parse_sheet_code

    text = text.strip()
    if not text:
        raise ValidationError(_("Type or scan the code printed at the foot of the sheet."))
    try:
        parsed = parse_sheet_code(text)
        code, year, month, page = parsed.class_code, parsed.year, parsed.month, parsed.page
    except ValueError:
        if text.upper().startswith("CLC:"):
            raise ValidationError(_("“{text}” is not a sheet code. It looks like "
                                    "CLC:01234-2026-007:2026-03:p1.").format(text=text)) from None
        today = dt.date.today()
        code, year, month, page = text, today.year, today.month, 1
    with db.reading() as session:
        activity = _resolve(session, code)
        return SheetTarget(activity.id, activity.code, activity.name, year, month, page)


# --- what every document shares -----------------------------------------------------------------

def document_header(session: OrmSession, day: dt.date | None) -> DocumentHeader:
    centre = session.execute(select(Centre).where(Centre.deleted.is_(False)).order_by(own_centre_first(Centre.id))).scalars().first()
    if centre is None:
        raise UserError(_("Set up the centre first."))
    return centre_header(centre.name, centre.commune_name, centre.director, day)


def centre_header(name: str, commune_name: str, director: str, day: dt.date | None, *,
                  recipients: bool = True) -> DocumentHeader:
    """The Decree 30 frame of a centre's documents: the commune People's Committee over the
    centre's name, the commune as the place, the director as signer. Registers kept at the
    centre name no recipients (recipients=False)."""
    commune = commune_name.strip()
    return DocumentHeader(
        issuing_body=_("People's Committee of {commune}").format(commune=commune or "…"),
        centre_name=_centre_line(name, commune),
        place=commune,
        signer_title=_("Director"),
        signer_name=director,
        recipients=(_("Archived at the centre"),) if recipients else (),
        date=day,
    )


def _centre_line(name: str, commune: str) -> str:
    """'Trung tâm học tập cộng đồng xã Tân Lập' under 'UBND xã Tân Lập' drops the repeated commune."""
    from desktop.text.vietnamese import fold

    if not commune or len(name) <= len(commune) or fold(name[-len(commune):]) != fold(commune):
        return name
    short = name[:-len(commune)].rstrip(" ,-–")
    for unit in ("xã", "phường", "thị trấn"):  # the commune's name was stored without its unit
        if fold(short).endswith(" " + fold(unit)):
            short = short[:-len(unit)].rstrip(" ,-–")
    if fold(short) == fold("Trung tâm học tập cộng đồng"):  # the standard name, in the document's language
        return _("Community Learning Centre")
    return short or name


def _minority(ethnic_group_key: str | None) -> bool:
    return ethnic_group_key is not None and ethnic_group_key not in MAJORITY_GROUPS


def _learner_row(learner: Learner, village: str | None) -> LearnerRow:
    from desktop.reference.ethnic_groups import ethnic_group_by_key

    group = ethnic_group_by_key(learner.ethnic_group_key) if learner.ethnic_group_key else None
    schooling = "; ".join(part for part in (learner.schooling, learner.occupation) if part)
    return LearnerRow(
        full_name=learner.full_name,
        birth_year=learner.birth_year,
        birth_date=learner.birth_date,
        gender=learner.gender,
        ethnic_group=pick(group.name_vi, group.name_en) if group else "",
        is_minority=_minority(learner.ethnic_group_key),
        village=village or "",
        occupation=schooling,
        phone=learner.phone,
    )


def _enrolled(session: OrmSession, activity_id: str) -> list[tuple[str, LearnerRow]]:
    """(learner id, row) of everyone enrolled, in the attendance grid's order."""
    rows = session.execute(
        select(Learner, Village.name)
        .join(Enrolment, Enrolment.learner_id == Learner.id)
        .outerjoin(Village, Village.id == Learner.village_id)
        .where(Enrolment.activity_id == activity_id, Enrolment.deleted.is_(False),
               Learner.deleted.is_(False))
        .order_by(*LEARNER_ORDER)).all()
    return [(learner.id, _learner_row(learner, village)) for learner, village in rows]


def _kind_label(key: str) -> str:
    from desktop.reference.activities import activity_kind

    kind = activity_kind(key)
    return pick(kind.name_vi, kind.name_en) if kind else key


@contextlib.contextmanager
def safe_target(out: Output) -> Iterator[Output]:
    """A path is written through a temporary file beside it, renamed only when all went well."""
    if not isinstance(out, (str, os.PathLike)):
        yield out
        return
    path = Path(out)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".part",
                                             dir=path.parent if str(path.parent) else ".")
        os.close(handle)
        with contextlib.suppress(OSError):
            os.chmod(temporary, 0o644)  # mkstemp's 0600 would hide the PDF from other users
    except OSError as error:
        raise UserError(_("Cannot write {path}: {reason}").format(
            path=path, reason=os_error_reason(error))) from error
    try:
        yield temporary
        os.replace(temporary, path)
    except OSError as error:
        raise UserError(_("Cannot write {path}: {reason}").format(
            path=path, reason=os_error_reason(error))) from error
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def _render(renderer: Callable[..., int], data: Any, out: Output, **options: Any) -> int:
    with safe_target(out) as target:
        return renderer(data, target, **options)


# --- attendance sheet ---------------------------------------------------------------------------

def attendance_sheet_data(db: Database, activity: str, year: int, month: int, *,
                          today: dt.date | None = None) -> AttendanceSheetData:
    """The month's sheet of a class (by id or code): learners, sessions, recorded marks."""
    if not (1 <= month <= 12 and 1000 <= year <= 9999):
        raise ValidationError(_("Choose a month between 1 and 12."))
    first, following = month_bounds(year, month)
    with db.reading() as session:
        item = _resolve(session, activity)
        header = document_header(session, today or dt.date.today())
        learners = _enrolled(session, item.id)
        sessions = list(session.execute(
            select(Session.id, Session.date)
            .where(Session.activity_id == item.id, Session.deleted.is_(False),
                   Session.cancelled.is_(False), Session.date >= first, Session.date < following)
            .order_by(Session.date, Session.start_time)).all())
        row_of = {learner_id: index for index, (learner_id, _row) in enumerate(learners)}
        column_of = {session_id: index for index, (session_id, _day) in enumerate(sessions)}
        marks: dict[tuple[int, int], str] = {}
        if sessions:
            for learner_id, session_id, mark in session.execute(
                    select(Attendance.learner_id, Attendance.session_id, Attendance.mark)
                    .where(Attendance.session_id.in_(list(column_of)),
                           Attendance.deleted.is_(False))):
                if learner_id in row_of:
                    marks[(row_of[learner_id], column_of[session_id])] = mark
        return AttendanceSheetData(
            header=header, class_code=item.code, class_name=item.name, teacher=item.teacher,
            venue=item.venue, year=year, month=month,
            learners=[row for _id, row in learners],
            sessions=[SessionColumn(session_id, day) for session_id, day in sessions],
            marks=marks)


def attendance_sheet(db: Database, activity: str, year: int, month: int, out: Output, *,
                     blank: bool = False, extra_rows: int = 0, today: dt.date | None = None,
                     progress: ProgressCallback | None = None,
                     cancel: CancelCallback | None = None) -> int:
    """Print a class's month, blank (names only, for hand ticking) or filled; returns pages."""
    from desktop.printing.attendance import render_attendance_sheet

    data = attendance_sheet_data(db, activity, year, month, today=today)
    return _render(render_attendance_sheet, data, out, blank=blank, extra_rows=extra_rows,
                   progress=progress, cancel=cancel)


# --- sign-in sheet ------------------------------------------------------------------------------

def signin_sheet_data(db: Database, activity: str, when: str | dt.date | None = None, *,
                      empty_rows: int | None = None,
                      today: dt.date | None = None) -> SigninSheetData:
    """A talk's sign-in sheet for one session (by id or date; by default the next one)."""
    today = today or dt.date.today()
    with db.reading() as session:
        item = _resolve(session, activity)
        header = document_header(session, None)
        chosen = _choose_session(session, item.id, when, today)
        day = chosen.date if chosen else (when if isinstance(when, dt.date) else today)
        attendees = [row for _id, row in _enrolled(session, item.id)]
        if chosen is not None:
            enrolled_ids = set(session.execute(select(Enrolment.learner_id).where(
                Enrolment.activity_id == item.id, Enrolment.deleted.is_(False))).scalars())
            villages = {row[0]: row[1] for row in session.execute(select(Village.id, Village.name))}
            for walk_in in session.execute(select(WalkIn).where(
                    WalkIn.session_id == chosen.id, WalkIn.deleted.is_(False))
                    .order_by(WalkIn.id)).scalars():
                if walk_in.matched_learner_id in enrolled_ids:
                    continue
                attendees.append(LearnerRow(
                    full_name=walk_in.full_name, birth_year=walk_in.birth_year,
                    gender=walk_in.gender, is_minority=_minority(walk_in.ethnic_group_key),
                    village=villages.get(walk_in.village_id or "", "")))
        if empty_rows is None:
            lines = max(SIGNIN_MIN_LINES, _usual_talk_size(session, today) + SIGNIN_EMPTY_LINES)
            empty_rows = max(SIGNIN_EMPTY_LINES, lines - len(attendees))
        return SigninSheetData(
            header=header, talk_code=item.code, talk_title=item.name, date=day,
            venue=(chosen.venue if chosen and chosen.venue else item.venue),
            speaker=(chosen.teacher if chosen and chosen.teacher else item.teacher),
            attendees=attendees, empty_rows=empty_rows)


def _usual_talk_size(session: OrmSession, today: dt.date) -> int:
    """How many people the centre's recent talks drew (the median of the last ten counted), so a
    blank sign-in sheet has lines for a usual crowd rather than a fixed handful."""
    named = (select(func.count()).select_from(Attendance)
             .where(Attendance.session_id == Session.id, Attendance.deleted.is_(False),
                    Attendance.mark.in_(sorted(PRESENT_MARKS))).scalar_subquery())
    rows = session.execute(
        select(func.coalesce(Session.headcount_total, named))
        .join(Activity, Activity.id == Session.activity_id)
        .where(Activity.kind == "topic_talk", Activity.deleted.is_(False),
               Session.deleted.is_(False), Session.cancelled.is_(False), Session.date <= today)
        .order_by(Session.date.desc()).limit(10)).scalars().all()
    counted = sorted(int(count) for count in rows if count)
    return counted[len(counted) // 2] if counted else 0


def _choose_session(session: OrmSession, activity_id: str, when: str | dt.date | None,
                    today: dt.date) -> Session | None:
    held = (select(Session).where(Session.activity_id == activity_id, Session.deleted.is_(False),
                                  Session.cancelled.is_(False))
            .order_by(Session.date, Session.start_time))
    if isinstance(when, str) and when:
        found = session.get(Session, when)
        if found is None or found.deleted or found.activity_id != activity_id:
            raise NotFoundError(_("This session no longer exists."))
        return found
    if isinstance(when, dt.date):
        found = session.execute(held.where(Session.date == when)).scalars().first()
        if found is None:
            raise NotFoundError(_("This class or talk has no session on {date}.").format(
                date=format_date(when)))
        return found
    upcoming = session.execute(held.where(Session.date >= today)).scalars().first()
    if upcoming is not None:
        return upcoming
    return session.execute(held.order_by(None).order_by(
        Session.date.desc(), Session.start_time.desc())).scalars().first()


def signin_sheet(db: Database, activity: str, when: str | dt.date | None, out: Output, *,
                 empty_rows: int | None = None, today: dt.date | None = None,
                 progress: ProgressCallback | None = None,
                 cancel: CancelCallback | None = None) -> int:
    from desktop.printing.signin import render_signin_sheet

    data = signin_sheet_data(db, activity, when, empty_rows=empty_rows, today=today)
    return _render(render_signin_sheet, data, out, progress=progress, cancel=cancel)


# --- class list ---------------------------------------------------------------------------------

def class_list_data(db: Database, activity: str, *, today: dt.date | None = None) -> ClassListData:
    today = today or dt.date.today()
    with db.reading() as session:
        item = _resolve(session, activity)
        return ClassListData(
            header=document_header(session, today), class_code=item.code, class_name=item.name,
            kind_label=_kind_label(item.kind), start=item.start_date, end=item.end_date,
            teacher=item.teacher, learners=[row for _id, row in _enrolled(session, item.id)],
            today=today)


def class_list(db: Database, activity: str, out: Output, *, today: dt.date | None = None,
               progress: ProgressCallback | None = None,
               cancel: CancelCallback | None = None) -> int:
    from desktop.printing.class_list import render_class_list

    data = class_list_data(db, activity, today=today)
    return _render(render_class_list, data, out, progress=progress, cancel=cancel)


# --- register of classes and talks --------------------------------------------------------------

def period_label(first: dt.date, last: dt.date) -> str:
    """'Năm 2026', 'Tháng 3/2026' or '01/03/2026 – 15/04/2026'."""
    if first == dt.date(first.year, 1, 1) and last == dt.date(first.year, 12, 31):
        return _("Year {year}").format(year=first.year)
    start, following = month_bounds(first.year, first.month)
    if first == start and last == following - dt.timedelta(days=1):
        return format_month(first.year, first.month)
    return f"{format_date(first)} – {format_date(last)}"


def register_data(db: Database, first: dt.date, last: dt.date, *,
                  today: dt.date | None = None) -> RegisterData:
    """Every class and talk that ran in the period (dates overlap it, or a session fell in it).

    Participant-times count, per session in the period, the headcount where one was taken,
    otherwise the learners marked present (late counts) and the walk-ins not matched to them.
    """
    if last < first:
        raise ValidationError(_("The end date is before the start date."), "end_date")
    in_period = (Session.deleted.is_(False), Session.cancelled.is_(False),
                 Session.date >= first, Session.date <= last)
    female = case((Learner.gender == "female", 1), else_=0)
    minority = case((Learner.ethnic_group_key.is_(None), 0),
                    (Learner.ethnic_group_key.in_(MAJORITY_GROUPS), 0), else_=1)
    walk_female = case((WalkIn.gender == "female", 1), else_=0)
    walk_minority = case((WalkIn.ethnic_group_key.is_(None), 0),
                         (WalkIn.ethnic_group_key.in_(MAJORITY_GROUPS), 0), else_=1)
    with db.reading() as session:
        header = document_header(session, today or dt.date.today())
        held: dict[str, int] = {row[0]: row[1] for row in session.execute(
            select(Session.activity_id, func.count()).where(*in_period)
            .group_by(Session.activity_id))}
        counted: dict[str, list[int]] = {}

        def add(rows: Any) -> None:
            for activity_id, total, women, minorities in rows:
                sums = counted.setdefault(activity_id, [0, 0, 0])
                sums[0] += int(total or 0)
                sums[1] += int(women or 0)
                sums[2] += int(minorities or 0)

        add(session.execute(
            select(Session.activity_id, func.sum(Session.headcount_total),
                   func.sum(func.coalesce(Session.headcount_women, 0)),
                   func.sum(func.coalesce(Session.headcount_minority, 0)))
            .where(*in_period, Session.headcount_total.is_not(None))
            .group_by(Session.activity_id)).all())
        # through the session ids: SQLite then finds marks by their session index, not a scan
        named = select(Session.id).where(*in_period, Session.headcount_total.is_(None))
        add(session.execute(
            select(Session.activity_id, func.count(), func.sum(female), func.sum(minority))
            .select_from(Attendance)
            .join(Session, Session.id == Attendance.session_id)
            .join(Learner, Learner.id == Attendance.learner_id)
            .where(Attendance.session_id.in_(named), Attendance.deleted.is_(False),
                   Attendance.mark.in_(sorted(PRESENT_MARKS)))
            .group_by(Session.activity_id)).all())
        add(session.execute(
            select(Session.activity_id, func.count(), func.sum(walk_female),
                   func.sum(walk_minority))
            .select_from(WalkIn)
            .join(Session, Session.id == WalkIn.session_id)
            .where(WalkIn.session_id.in_(named), WalkIn.deleted.is_(False),
                   WalkIn.matched_learner_id.is_(None))
            .group_by(Session.activity_id)).all())
        overlaps = ((func.coalesce(Activity.start_date, first) <= last)
                    & (func.coalesce(Activity.end_date, Activity.start_date, last) >= first)
                    & Activity.start_date.is_not(None))
        activities = session.execute(
            select(Activity).where(Activity.deleted.is_(False),
                                   overlaps | Activity.id.in_(list(held)))
            .order_by(Activity.start_date, Activity.code)).scalars().all()
        rows = []
        for item in activities:
            total, women, minorities = counted.get(item.id, (0, 0, 0))
            rows.append(RegisterRow(
                code=item.code, name=item.name, topic=_topic_label(item.topic_group),
                start=item.start_date, end=item.end_date, venue=item.venue, partner=item.partner,
                teacher=item.teacher, sessions=held.get(item.id, 0), participants=total,
                women=women, minority=minorities, funding=item.funding_amount))
        return RegisterData(header=header, period_label=period_label(first, last), rows=rows)


def _topic_label(key: str) -> str:
    from desktop.reference.activities import topic_group

    group = topic_group(key)
    return pick(group.name_vi, group.name_en) if group else key


def register(db: Database, first: dt.date, last: dt.date, out: Output, *,
             today: dt.date | None = None, progress: ProgressCallback | None = None,
             cancel: CancelCallback | None = None) -> int:
    """Print the register of classes and talks for a period; returns the number of pages."""
    from desktop.printing.register import render_register

    data = register_data(db, first, last, today=today)
    return _render(render_register, data, out, progress=progress, cancel=cancel)
