"""An office's report around a merger of centres (issue 16).

A period that begins on or after the merger date is reported under the new centre: the former
centres' records are counted with its own (a learner joined at the merger is one person, so is
counted once). A period that begins before it is reported as it was: each former centre on its
own records as the office held them before the new centre changed them (`merger_originals`),
and the new centre only if it has anything of its own in the period.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session as OrmSession

from desktop.reports.model import BookFigures, CentreRows
from desktop.reports.periods import Period
from desktop.reports.society import SocietyFigures
from desktop.store.database import Database
from desktop.store.sync_nodes import node_uuids

# What a merge changes of a former centre's records that no report, figure or drill-down reads:
# its copies' accession numbers and codes (prefixed or renumbered where they collide) and its
# readers' card numbers. Such rows are read as stored, which keeps the tables' indexes in use.
REPORT_UNREAD_COLUMNS = {
    "book_copy": frozenset({"accession_prefix", "accession_code", "external_code"}),
    "book_reader": frozenset({"card_number"}),
}


@dataclass(frozen=True)
class MergerView:
    folded: dict[int, int] = field(default_factory=dict)  # a former centre's origin → the new centre's
    restored: tuple[str, ...] = ()  # former centres reported as before the merger
    new_before: frozenset[int] = frozenset()  # new centres whose merger is after the whole period
    # former centres merged inside the period: origin → (the new centre's origin, the merger's date)
    straddling: dict[int, tuple[int, dt.date]] = field(default_factory=dict)


def merger_view(session: OrmSession, period: Period) -> MergerView:
    from desktop.store.merger_models import CentreMerger

    rows = session.execute(select(CentreMerger.former_centre_id, CentreMerger.into_centre_id, CentreMerger.merged_on)
                           .where(CentreMerger.deleted.is_(False))).all()
    if not rows:
        return MergerView()
    numbers = {uuid: number for number, uuid in node_uuids(session).items()}
    folded: dict[int, int] = {}
    restored: list[str] = []
    straddling: dict[int, tuple[int, dt.date]] = {}
    first_merger: dict[int, dt.date] = {}
    for former, into, merged_on in rows:
        if into in numbers:
            first_merger[numbers[into]] = min(merged_on, first_merger.get(numbers[into], merged_on))
        if merged_on <= period.first and former in numbers and into in numbers:
            folded[numbers[former]] = numbers[into]
            continue
        restored.append(former)  # read as it was (the whole period, or its part before the merger)
        if merged_on <= period.last and former in numbers and into in numbers:
            straddling[numbers[former]] = (numbers[into], merged_on)
    return MergerView(folded, tuple(sorted(set(restored))),
                      frozenset(node for node, merged_on in first_merger.items() if period.last < merged_on),
                      straddling)


@dataclass(frozen=True)
class FormerMerger:
    """A former centre asked for by its code, and the centre it was merged into."""

    former_name: str
    former_code: str
    into_name: str
    into_code: str
    merged_on: dt.date

    def refusal(self) -> str:
        """For a period that begins on or after the merger: the former centre has no part of it."""
        from desktop.formatting import format_date
        from desktop.i18n import _

        return _("{former} ({former_code}) was merged into {into} ({into_code}) on {date}: from that date its "
                 "records are reported under {into_code}. Choose a period before {date}, or the centre "
                 "{into_code}.").format(former=self.former_name, former_code=self.former_code, into=self.into_name,
                                        into_code=self.into_code, date=format_date(self.merged_on))

    def warning(self) -> str:
        """For a period across the merger date: the report holds the part before it."""
        from desktop.formatting import format_date
        from desktop.i18n import _

        return _("{former} ({former_code}) was merged into {into} ({into_code}) on {date}: this report holds its "
                 "part of the period before that date; the rest is reported under {into_code}.").format(
            former=self.former_name, former_code=self.former_code, into=self.into_name, into_code=self.into_code,
            date=format_date(self.merged_on))


def former_merger(session: OrmSession, commune_code: str) -> FormerMerger | None:
    """The merger of the former centre with this commune code (None: it was not merged)."""
    from desktop.store.merger_models import CentreMerger
    from desktop.store.models import Centre

    row = session.execute(select(CentreMerger.former_name, CentreMerger.former_commune_code, Centre.name,
                                 Centre.commune_code, CentreMerger.merged_on)
                          .join(Centre, Centre.id == CentreMerger.into_centre_id)
                          .where(CentreMerger.former_commune_code == commune_code, CentreMerger.deleted.is_(False))
                          .order_by(CentreMerger.merged_on)).first()
    return FormerMerger(*row) if row is not None else None


@contextlib.contextmanager
def report_session(db: Database, period: Period, office: bool) -> Iterator[tuple[OrmSession, MergerView]]:
    """A read session for the period's report, reading the former centres' records as they were
    where the period begins before their merger (in the session's own temporary tables: the
    report never writes the database, nor waits for its write lock)."""
    from desktop.services.sync.merger_originals import drop_shadows, shadow_originals

    with db.reading() as session:
        view = merger_view(session, period) if office else MergerView()
        shadowed = shadow_originals(session, view.restored, REPORT_UNREAD_COLUMNS)
        try:
            yield session, view
        finally:
            drop_shadows(session, shadowed)  # in the same transaction: on the connection that holds them


def fold_rows(rows: dict[int | None, CentreRows], view: MergerView) -> None:
    """The former centres' rows counted with the new centre's (after the merger date)."""
    for former, into in view.folded.items():
        source, target = rows.pop(former, None), rows.get(into)
        if source is None or target is None:
            continue
        _add_rows(target, source)


def _add_rows(target: CentreRows, source: CentreRows) -> None:
    target.activities.update(source.activities)
    target.sessions.extend(source.sessions)
    target.tallies.extend(source.tallies)
    target.walk_ins.extend(source.walk_ins)
    target.enrolments.extend(source.enrolments)
    target.people.update(source.people)
    target.periods_to_date.update(source.periods_to_date)


def split_straddling(db: Database, session: OrmSession, period: Period, view: MergerView,
                     keys: dict[int | None, tuple[str, str]], rows: dict[int | None, CentreRows],
                     books: dict[int | None, BookFigures] | None, society: dict | None, *,  # type: ignore[type-arg]
                     as_of: dt.date) -> None:
    """A former centre merged inside the period: its part before the merger date as it was (read
    in `session`, where its records are as kept before the merger), its part from that date on
    with the new centre's (read as they are now: a learner joined at the merger is one person).
    Its learning-society figures of the year are the new centre's. Each record counts once: a
    session, an attendance or a loan falls on one side of the date. Without `books` and `society`
    (the drill-down) only the rows are split."""
    from desktop.services.reports.books import book_figures
    from desktop.services.reports.rows import read_rows
    from desktop.services.society.figures import society_figures

    by_date: dict[dt.date, list[int]] = {}
    for former, (into, merged_on) in view.straddling.items():
        if former in keys or into in keys:  # the former centre, or the new one, is in this report
            by_date.setdefault(merged_on, []).append(former)
    if not by_date:
        return
    with db.reading() as current:
        for merged_on, formers in sorted(by_date.items()):
            reported = {former: keys[former] for former in formers if former in keys}
            if reported:  # the part before the merger date, as it was
                before_end = merged_on - dt.timedelta(days=1)
                rows.update(read_rows(session, period.first, before_end, reported, as_of=as_of))
                if books is not None and society is not None:
                    books.update(book_figures(session, period.first, before_end, list(reported)))
                    society.update({former: SocietyFigures() for former in reported})
            going_on: dict[int | None, tuple[str, str]] = {
                former: ("", "") for former in formers if view.straddling[former][0] in keys}
            if not going_on:  # the new centre is not in this report
                continue
            after_rows = read_rows(current, merged_on, period.last, going_on, as_of=as_of)
            for former in going_on:
                _add_rows(rows[view.straddling[former][0]], after_rows[former])
            if books is None or society is None:
                continue
            after_books = book_figures(current, merged_on, period.last, list(going_on))
            after_society = society_figures(current, period, list(going_on))
            for former in going_on:
                into = view.straddling[former][0]
                books[into] = books[into] + after_books[former]
                society[into] = society[into] + after_society[former]


def fold_sums(figures: dict, view: MergerView) -> None:  # type: ignore[type-arg]
    """Book or society figures of the former centres added to the new centre's."""
    for former, into in view.folded.items():
        source = figures.pop(former, None)
        if source is not None and into in figures:
            figures[into] = figures[into] + source


def quiet_new_centres(rows: dict[int | None, CentreRows], books: dict[int | None, BookFigures],
                      view: MergerView) -> None:
    """A new centre is left out of a period wholly before its merger when it had nothing then
    (it did not exist): the office's report of that period stays as it was."""
    for node in view.new_before:
        held = rows.get(node)
        if held is not None and not held.activities and not held.sessions and books.get(node, BookFigures()) \
                == BookFigures():
            del rows[node]
