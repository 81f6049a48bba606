"""The periodic report of a centre, or an office's consolidated report of its centres.

One read transaction gathers the period's rows (`rows.read_rows`, `books.book_figures`); the
indicators are the pure functions of `desktop.reports`. On an office database each centre is
computed on its own rows (its `origin`) and the totals are their sum, so a learner is never
counted twice within a centre and the consolidated figures are exactly the centres' own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from sqlalchemy import select

from desktop.errors import UserError, ValidationError
from desktop.formatting import format_date
from desktop.i18n import _
from desktop.reports.indicators import CentreReport, centre_report, total_report
from desktop.reports.model import ATTENDED, COUNTING_RULES
from desktop.reports.periodic import Issuer, PeriodicReport, ReportTexts
from desktop.reports.periods import LEARNING_WEEK, Period, period_label
from desktop.services.reports.books import book_figures
from desktop.services.reports.rows import read_rows
from desktop.services.society.figures import society_figures
from desktop.services.sync.mode import is_office, level_label, office_settings
from desktop.store.database import Database
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


def read_period(db: Database, text: str) -> Period:
    """The period a user typed, with this database's term and Lifelong Learning Week dates."""
    from desktop.reports.periods import LearningWeek, TermCalendar, parse_period

    table = Setting.__table__
    with db.reading() as session:
        values = dict(session.execute(select(table.c.key, table.c.value).where(table.c.key.in_(
            (LEARNING_WEEK_KEY, LEARNING_WEEK_DAYS_KEY, SECOND_TERM_KEY)))).all())
    week, terms = LearningWeek(), TermCalendar()
    days = values.get(LEARNING_WEEK_DAYS_KEY, "")
    week = LearningWeek(_month_day(values.get(LEARNING_WEEK_KEY), week.starts),
                        int(days) if days.isdigit() and 0 < int(days) <= 31 else week.days)
    terms = TermCalendar(_month_day(values.get(SECOND_TERM_KEY), terms.second_term_starts))
    return parse_period(text, terms=terms, week=week)


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


def build_report(db: Database, period: Period, *, centre_code: str | None = None,
                 counting: str | None = None, as_of: dt.date | None = None) -> PeriodicReport:
    """The report for `period`: a centre's own, or at an office every centre's and the totals.

    `as_of` (today by default): sessions after it are planned, not held, and are not counted."""
    as_of = as_of or dt.date.today()
    code = centre_code.strip() if centre_code else None
    with db.reading() as session:
        office = is_office(session)
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
        if code is not None:
            centres = [row for row in centres if row.commune_code == code]
            if not centres:
                raise UserError(_("No centre with the commune code {code} is in this database.").format(code=code))
        issuer = _issuer(session, office, [own] if own is not None else [], as_of)  # the new name signs
        if office:
            keys: dict[int | None, tuple[str, str]] = {row.origin: (row.commune_code, row.name) for row in centres}
        else:
            assert own is not None
            # a former centre merged into this one is reported on its own records (its origin)
            keys = ({row.origin: (row.commune_code, row.name) for row in centres}
                    if code is not None and code != own.commune_code else {None: (own.commune_code, own.name)})
        rows = read_rows(session, period.first, period.last, keys, as_of=as_of)
        books = book_figures(session, period.first, period.last, list(keys))
        society = society_figures(session, period, list(keys))
        week = None
        if period.kind == LEARNING_WEEK and not office:
            from desktop.services.society.week import week_report_in

            week = week_report_in(session, period.first.year, period, as_of=as_of, counting=counting)
        texts = _texts(session, period)
    reports: list[CentreReport] = []
    for key, centre_rows in rows.items():
        reports.append(centre_report(replace(centre_rows, books=books[key], society=society[key]), period, counting=counting))
    reports.sort(key=lambda item: item.codes)
    total = total_report(reports, period, counting, _("Total"))
    warnings = _coverage_warnings(db, period, reports, as_of, code) if office else ()
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
    from desktop.reports.behind_figures import learner_lines, session_lines

    as_of = as_of or dt.date.today()
    with db.reading() as session:
        office = is_office(session)
        counting = counting or counting_rule_in(session)
        centres = session.execute(select(Centre.origin, Centre.commune_code, Centre.name)
                                  .where(Centre.deleted.is_(False)).order_by(Centre.commune_code)).all()
        if centre_code:
            centres = [row for row in centres if row.commune_code == centre_code]
        keys = ({row.origin: (row.commune_code, row.name) for row in centres} if office
                else {None: (centres[0].commune_code, centres[0].name)} if centres else {})
        rows = read_rows(session, period.first, period.last, keys, as_of=as_of)
    result: list[object] = []
    for centre_rows in rows.values():
        if what == "learners":
            result += learner_lines(centre_rows, period, counting=counting, topic=topic)
        else:
            result += session_lines(centre_rows, activity_id)
    return result
