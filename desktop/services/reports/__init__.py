"""The periodic report of a centre, or an office's consolidated report of its centres.

One read transaction gathers the period's rows (`rows.read_rows`, `books.book_figures`); the
indicators are the pure functions of `desktop.reports`. On an office database each centre is
computed on its own rows (its `origin`) and the totals are their sum, so a learner is never
counted twice within a centre and the consolidated figures are exactly the centres' own.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import gc
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from sqlalchemy import select

from desktop.errors import UserError, ValidationError
from desktop.formatting import format_date
from desktop.i18n import _
from desktop.reports.indicators import CentreReport, centre_report, total_report
from desktop.reports.model import ATTENDED, COUNTING_RULES
from desktop.reports.periodic import Issuer, PeriodicReport, ReportTexts
from desktop.reports.periods import LEARNING_WEEK, LearningWeek, Period, period_label
from desktop.services.reports.books import book_figures
from desktop.services.reports.mergers import (
    fold_rows,
    former_merger,
    fold_sums,
    quiet_new_centres,
    report_session,
    split_straddling,
)
from desktop.services.reports.rows import read_rows
from desktop.services.society.figures import society_figures
from desktop.services.sync.mode import is_office, level_label, office_settings
from desktop.store.database import Database, large_read_cache
from desktop.store.models import Centre, Setting, own_centre_first

COUNTING_KEY = "report_counting"
TEXT_FIELDS = ("situation", "assessment", "direction", "recipients")


def get_counting(db: Database) -> str:
    with db.reading() as session:
        return counting_rule_in(session)


def counting_rule_in(session: object) -> str:
    table = Setting.__table__
    value = session.execute(select(table.c.value).where(table.c.key == COUNTING_KEY)).scalar()  # type: ignore[attr-defined]
    return value if value in COUNTING_RULES else ATTENDED


def set_counting(db: Database, counting: str) -> None:
    if counting not in COUNTING_RULES:
        raise ValidationError(_("A participant-time counts either an attended session or an enrolment."))
    with db.unit_of_work() as session:
        _put(session, COUNTING_KEY, counting)


def _put(session: object, key: str, value: str) -> None:
    setting = session.get(Setting, key)  # type: ignore[attr-defined]
    if setting is None:
        session.add(Setting(key=key, value=value))  # type: ignore[attr-defined]
    else:
        setting.value = value


LEARNING_WEEK_KEY, LEARNING_WEEK_DAYS_KEY, SECOND_TERM_KEY = (
    "learning_week_starts", "learning_week_days", "second_term_starts")


def _month_day(text: str | None, default: tuple[int, int]) -> tuple[int, int]:
    """A "MM-DD" setting; the default when it is missing or not a real day."""
    try:
        month, day = (int(part) for part in (text or "").split("-"))
        dt.date(2000, month, day)  # a leap year, so 02-29 is accepted
    except ValueError:
        return default
    return month, day


def week_key(year: int) -> str:
    """The setting holding one year's Lifelong Learning Week dates, "MM-DD/days"."""
    return f"learning_week:{year}"


def _week_value(text: str | None) -> LearningWeek | None:
    month_day, _sep, days = (text or "").partition("/")
    starts = _month_day(month_day, (0, 0))
    if starts == (0, 0) or not days.isdigit() or not 0 < int(days) <= 31:
        return None
    return LearningWeek(starts, int(days))


def learning_week_of(session: object, year: int) -> tuple[LearningWeek, int | None]:
    """The year's Lifelong Learning Week and the year whose dates it took (None: not set for any
    year). A year without dates of its own takes those of the nearest year before it that has
    some; before any, the one setting of older versions (then the same for every year), else
    the national default (1 October, 7 days)."""
    table = Setting.__table__
    values = dict(session.execute(select(table.c.key, table.c.value).where(  # type: ignore[attr-defined]
        table.c.key.like("learning_week%"))).all())
    own = {}
    for key, value in values.items():
        prefix, _sep, suffix = key.partition(":")
        week = _week_value(value)
        if prefix == "learning_week" and suffix.isdigit() and week is not None:
            own[int(suffix)] = week
    earlier = [each for each in own if each <= year]
    default = LearningWeek()
    days = values.get(LEARNING_WEEK_DAYS_KEY, "")
    week, from_year = (own[max(earlier)], max(earlier)) if earlier else (
        LearningWeek(_month_day(values.get(LEARNING_WEEK_KEY), default.starts),
                     int(days) if days.isdigit() and 0 < int(days) <= 31 else default.days), None)
    if week.starts == (2, 29) and not calendar.isleap(year):  # carried from a leap year
        week = LearningWeek((2, 28), week.days)
    return week, from_year


def read_period(db: Database, text: str) -> Period:
    """The period a user typed, with this database's term and Lifelong Learning Week dates."""
    from desktop.reports.periods import TermCalendar, learning_week_period, parse_period

    table = Setting.__table__
    with db.reading() as session:
        values = dict(session.execute(select(table.c.key, table.c.value).where(table.c.key.in_(
            (SECOND_TERM_KEY,)))).all())
        terms = TermCalendar(_month_day(values.get(SECOND_TERM_KEY), TermCalendar().second_term_starts))
        period = parse_period(text, terms=terms)
        if period.kind == LEARNING_WEEK:
            week, _from_year = learning_week_of(session, period.first.year)
            period = learning_week_period(period.first.year, week)
    return period


def _text_key(period: Period, name: str) -> str:
    # by dates, so "2026-10" and "2026-10-01..2026-10-31" are the same report
    return f"report:{period.first.isoformat()}..{period.last.isoformat()}:{name}"


def load_report_texts(db: Database, period: Period) -> ReportTexts:
    with db.reading() as session:
        return _texts(session, period)


def _texts(session: object, period: Period) -> ReportTexts:
    keys = [_text_key(period, name) for name in TEXT_FIELDS]
    values = dict(session.execute(select(Setting.key, Setting.value).where(Setting.key.in_(keys))).all())  # type: ignore[attr-defined]
    found = {name: values.get(_text_key(period, name), "") for name in TEXT_FIELDS}
    recipients = tuple(line.strip() for line in found.pop("recipients").splitlines() if line.strip())
    return ReportTexts(**found, recipients=recipients)


def save_report_texts(db: Database, period: Period, texts: ReportTexts) -> None:
    """Keep what the user wrote for this period (sections I, III, IV and the recipients)."""
    with db.unit_of_work() as session:
        for name in TEXT_FIELDS[:3]:
            _put(session, _text_key(period, name), getattr(texts, name).strip())
        _put(session, _text_key(period, "recipients"), "\n".join(line.strip() for line in texts.recipients
                                                                 if line.strip()))


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a report builds: a province's year is a million small
    objects and no cycles, and each automatic collection walks them all again (half the time).
    Left as it was found: the window has it off already (ui.gui_thread_gc)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def build_report(db: Database, period: Period, *, centre_code: str | None = None,
                 counting: str | None = None, as_of: dt.date | None = None) -> PeriodicReport:
    """The report for `period`: a centre's own, or at an office every centre's and the totals.

    `as_of` (today by default): sessions after it are planned, not held, and are not counted."""
    with _collector_paused():
        return _build_report(db, period, centre_code=centre_code, counting=counting, as_of=as_of)


def _build_report(db: Database, period: Period, *, centre_code: str | None,
                  counting: str | None, as_of: dt.date | None) -> PeriodicReport:
    as_of = as_of or dt.date.today()
    code = centre_code.strip() if centre_code else None
    with db.reading() as session:
        office = is_office(session)
    with report_session(db, period, office) as (session, mergers), large_read_cache(session):
        counting = counting or counting_rule_in(session)
        if counting not in COUNTING_RULES:
            raise ValidationError(_("A participant-time counts either an attended session or an enrolment."))
        centres = session.execute(select(Centre.origin, Centre.commune_code, Centre.name, Centre.commune_name,
                                         Centre.director)
                                  .where(Centre.deleted.is_(False))
                                  .order_by(own_centre_first(Centre.id), Centre.commune_code)).all()
        if not centres and not office:
            raise UserError(_("Set up the centre first."))
        own = centres[0] if centres else None
        merged = former_merger(session, code) if code is not None else None
        if merged is not None and merged.merged_on <= period.first:
            raise UserError(merged.refusal())  # not an empty report: its records are the new centre's
        straddled = merged is not None and merged.merged_on <= period.last
        if code is not None:
            centres = [row for row in centres if row.commune_code == code]
            if not centres:
                raise UserError(_("No centre with the commune code {code} is in this database.").format(code=code))
        issuer = _issuer(session, office, [own] if own is not None else [], as_of)  # the new name signs
        if office:
            keys: dict[int | None, tuple[str, str]] = {row.origin: (row.commune_code, row.name) for row in centres
                                                       if row.origin not in mergers.folded}
            keys.update({former: ("", "") for former, into in mergers.folded.items() if into in keys})
        else:
            assert own is not None
            # a former centre merged into this one is reported on its own records (its origin)
            keys = ({row.origin: (row.commune_code, row.name) for row in centres}
                    if code is not None and code != own.commune_code else {None: (own.commune_code, own.name)})
        whole = {key: value for key, value in keys.items() if key not in mergers.straddling}
        # a centre reports a former centre merged into it up to the day before the merger
        last = merged.merged_on - dt.timedelta(days=1) if merged is not None and straddled else period.last
        rows = read_rows(session, period.first, last, whole, as_of=as_of)
        books = book_figures(session, period.first, last, list(whole))
        society = society_figures(session, period, list(whole))
        if office:  # a former centre merged inside the period: before the date as it was, then the new centre's
            split_straddling(db, session, period, mergers, keys, rows, books, society, as_of=as_of)
        week = None
        if period.kind == LEARNING_WEEK and not office:
            from desktop.services.society.week import week_report_in

            week = week_report_in(session, period.first.year, period, as_of=as_of, counting=counting)
        texts = _texts(session, period)
    if office:  # after a merger the former centres count under the new one; before it, as they were
        fold_rows(rows, mergers)
        fold_sums(books, mergers)
        fold_sums(society, mergers)
        quiet_new_centres(rows, books, mergers)
    reports: list[CentreReport] = []
    for key, centre_rows in rows.items():
        reports.append(centre_report(replace(centre_rows, books=books[key], society=society[key]), period, counting=counting))
    reports.sort(key=lambda item: item.codes)
    total = total_report(reports, period, counting, _("Total"))
    warnings = [*(_coverage_warnings(db, period, reports, as_of, code) if office else ()),
                *((merged.warning(),) if merged is not None and straddled else ())]
    return PeriodicReport(period, period_label(period), counting, office, issuer, tuple(reports), total,
                          tuple(warnings), texts, as_of, week)


def _issuer(session: object, office: bool, centres: list[Any], as_of: dt.date) -> Issuer:
    """Who signs: the office, or the centre in the frame of its other documents."""
    if office:
        settings = office_settings(session)  # type: ignore[arg-type]
        return Issuer("", settings.name or level_label(settings.level), "", _("Head of office"))
    from desktop.services.documents import centre_header

    own = centres[0]
    frame = centre_header(own.name, own.commune_name, own.director, as_of)
    return Issuer(frame.issuing_body, frame.centre_name, frame.place, frame.signer_title, frame.signer_name)


def report_issuer(db: Database, *, as_of: dt.date | None = None) -> tuple[Issuer, bool]:
    """Who signs this database's reports and lists (in the current language), and whether it
    is an office's."""
    with db.reading() as session:
        office = is_office(session)
        centres = session.execute(select(Centre.origin, Centre.commune_code, Centre.name, Centre.commune_name,
                                         Centre.director)
                                  .where(Centre.deleted.is_(False))
                                  .order_by(own_centre_first(Centre.id), Centre.commune_code)).all()
        if not centres and not office:
            raise UserError(_("Set up the centre first."))
        return _issuer(session, office, list(centres), as_of or dt.date.today()), office


def _coverage_warnings(db: Database, period: Period, reports: list[CentreReport], as_of: dt.date,
                       centre_code: str | None) -> list[str]:
    """A line for each centre whose packages do not cover the whole period (the completeness
    board): none received at all, none since the period ended, or some held back by a gap."""
    from desktop.services.sync.office import completeness_board

    wanted = {code for report in reports for code in report.codes}
    end = min(period.last, as_of)
    lines = []
    for status in completeness_board(db, today=as_of):
        if status.revoked or (centre_code or "") not in ("", status.commune_code):
            continue
        if status.merged_on is not None and status.merged_on <= period.first:
            continue  # merged into a new centre before the period: its records come with that centre's
        if status.commune_code not in wanted and status.last_package_at is not None:
            continue
        if status.last_package_at is None:
            lines.append(_("{name} ({code}): no package received; its figures are missing.").format(
                name=status.name, code=status.commune_code))
        elif status.last_package_at.date() <= end:
            runs_to = format_date(status.data_runs_to) if status.data_runs_to else "—"
            lines.append(_("{name} ({code}): the last package came on {received}, before the period ended; "
                           "its records run to {runs_to}.").format(
                name=status.name, code=status.commune_code, received=format_date(status.last_package_at.date()),
                runs_to=runs_to))
        elif status.held_gaps:
            lines.append(_("{name} ({code}): packages are missing in between; its figures may be short.").format(
                name=status.name, code=status.commune_code))
    return lines


def records_behind(db: Database, period: Period, *, what: str, topic: str | None = None,
                   activity_id: str | None = None, centre_code: str | None = None, counting: str | None = None,
                   as_of: dt.date | None = None) -> list[object]:
    """The records behind a figure (the drill-down): "learners" (of a topic group, or all) or
    "sessions" (of a class or talk, or all), read and counted as the report does."""
    with _collector_paused():
        return _records_behind(db, period, what=what, topic=topic, activity_id=activity_id,
                               centre_code=centre_code, counting=counting, as_of=as_of)


def _records_behind(db: Database, period: Period, *, what: str, topic: str | None, activity_id: str | None,
                    centre_code: str | None, counting: str | None, as_of: dt.date | None) -> list[object]:
    from desktop.reports.behind_figures import learner_lines, session_lines

    as_of = as_of or dt.date.today()
    with db.reading() as session:
        office = is_office(session)
    with report_session(db, period, office) as (session, mergers):  # counted as the report counts
        counting = counting or counting_rule_in(session)
        centres = session.execute(select(Centre.origin, Centre.commune_code, Centre.name)
                                  .where(Centre.deleted.is_(False)).order_by(Centre.commune_code)).all()
        if centre_code:
            centres = [row for row in centres if row.commune_code == centre_code]
        keys = ({row.origin: (row.commune_code, row.name) for row in centres if row.origin not in mergers.folded}
                if office else {None: (centres[0].commune_code, centres[0].name)} if centres else {})
        if office:
            keys.update({former: ("", "") for former, into in mergers.folded.items() if into in keys})
        whole = {key: value for key, value in keys.items() if key not in mergers.straddling}
        rows = read_rows(session, period.first, period.last, whole, as_of=as_of)
        if office:  # split at a merger date inside the period, as the report splits it
            split_straddling(db, session, period, mergers, keys, rows, None, None, as_of=as_of)
    if office:
        fold_rows(rows, mergers)
    result: list[object] = []
    for centre_rows in rows.values():
        if what == "learners":
            result += learner_lines(centre_rows, period, counting=counting, topic=topic)
        else:
            result += session_lines(centre_rows, activity_id)
    return result
