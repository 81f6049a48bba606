"""Stocktaking (kiểm kê): count the stock shelf by shelf, resumable across days, then close.

Every scan is stored at once, so a count survives closing the program. The result compares the
scans with the registers: copies missing, on loan, misplaced (found on another shelf than the one
recorded), unknown codes, and copies found that the register says are lost. A copy missing in two
consecutive closed counts is proposed as lost. Closing keeps the result with the count.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session as OrmSession

from desktop.errors import NotFoundError, ValidationError
from desktop.formatting import format_date
from desktop.i18n import _
from desktop.services.books.common import (
    CopyInfo,
    copy_code,
    copy_info,
    find_copy,
    parse_code,
)
from desktop.store.book_models import (
    COPY_ACTIVE,
    COPY_LOST,
    LOAN_OPEN,
    BookCopy,
    BookIncident,
    BookIntake,
    BookLoan,
    BookStocktake,
    BookStocktakeItem,
    BookStocktakeScan,
    BookTitle,
)
from desktop.store.database import Database
from desktop.text.vietnamese import clean_name, fold, sort_key

OUTCOME_MISSING = "missing"
OUTCOME_ON_LOAN = "on_loan"
OUTCOME_MISPLACED = "misplaced"
OUTCOME_FOUND_LOST = "found_lost"
OUTCOME_FOUND_ON_LOAN = "found_on_loan"


@dataclass(frozen=True)
class StocktakeInfo:
    """A count: when it started and closed, how far it got, and (once closed) its totals."""

    id: str
    started_on: dt.date
    closed_on: dt.date | None
    note: str
    scanned: int
    expected: int
    found: int
    missing: int
    on_loan: int
    misplaced: int
    unknown: int
    found_lost: int

    @property
    def is_open(self) -> bool:
        """True until the count is closed."""
        return self.closed_on is None


@dataclass(frozen=True)
class StockScanResult:
    """What one scan during a count found, with the title to confirm it."""

    outcome: str  # found, misplaced, unknown, found_lost, found_on_loan, withdrawn
    code: str
    shelf: str
    copy: CopyInfo | None
    message: str
    rescanned: bool = False  # the copy had been scanned before in this count


@dataclass(frozen=True)
class MisplacedCopy:
    """A copy found on another shelf than the one the register gives."""

    copy: CopyInfo
    recorded_shelf: str
    found_shelf: str


@dataclass(frozen=True)
class ShelfProgress:
    """How far the count of one shelf has got."""

    shelf: str
    expected: int  # copies the register puts on this shelf (on loan ones too)
    scanned: int  # codes scanned on this shelf


@dataclass(frozen=True)
class StocktakeReport:
    """The comparison of a count with the registers."""

    stocktake: StocktakeInfo
    expected: int
    found: int
    missing: tuple[CopyInfo, ...]
    on_loan: tuple[CopyInfo, ...]
    misplaced: tuple[MisplacedCopy, ...]
    unknown_codes: tuple[str, ...]
    found_lost: tuple[CopyInfo, ...]  # the register says lost, but here it is
    found_on_loan: tuple[CopyInfo, ...]  # the register says on loan, but it is on the shelf
    withdrawn_found: tuple[CopyInfo, ...]  # weeded or sent back, yet scanned
    proposed_lost: tuple[CopyInfo, ...]  # missing now and in the previous closed count
    shelves: tuple[ShelfProgress, ...]


def _shelf_key(shelf: str) -> str:
    return fold(shelf)


def _get(session: OrmSession, stocktake_id: str) -> BookStocktake:
    stocktake = session.get(BookStocktake, stocktake_id)
    if stocktake is None or stocktake.deleted:
        raise NotFoundError(_("This stocktaking is no longer in the records."))
    return stocktake


def _get_open(session: OrmSession, stocktake_id: str) -> BookStocktake:
    stocktake = _get(session, stocktake_id)
    if stocktake.closed_on is not None:
        raise ValidationError(_("This stocktaking was closed on {date}; start a new one.").format(
            date=format_date(stocktake.closed_on)))
    return stocktake


def _info(session: OrmSession, stocktake: BookStocktake) -> StocktakeInfo:
    scanned = session.execute(select(func.count()).select_from(BookStocktakeScan).where(
        BookStocktakeScan.stocktake_id == stocktake.id,
        BookStocktakeScan.deleted.is_(False))).scalar_one()
    return StocktakeInfo(
        id=stocktake.id, started_on=stocktake.started_on, closed_on=stocktake.closed_on,
        note=stocktake.note, scanned=scanned, expected=stocktake.expected, found=stocktake.found,
        missing=stocktake.missing, on_loan=stocktake.on_loan, misplaced=stocktake.misplaced,
        unknown=stocktake.unknown, found_lost=stocktake.found_lost)


def start_stocktake(db: Database, *, note: str = "", today: dt.date | None = None) -> StocktakeInfo:
    """Open a new count; refused while another one is open (resume that one instead)."""
    today = today or dt.date.today()
    with db.unit_of_work() as session:
        current = _open_stocktake(session)
        if current is not None:
            raise ValidationError(_("A stocktaking started on {date} is still open; continue it or "
                                    "close it first.").format(date=format_date(current.started_on)))
        stocktake = BookStocktake(started_on=today, note=note.strip())
        session.add(stocktake)
        session.flush()
        return _info(session, stocktake)


def _open_stocktake(session: OrmSession) -> BookStocktake | None:
    return session.execute(select(BookStocktake).where(
        BookStocktake.closed_on.is_(None), BookStocktake.deleted.is_(False))
        .order_by(BookStocktake.started_on.desc())).scalars().first()


def current_stocktake(db: Database) -> StocktakeInfo | None:
    """The open count, to resume, or None."""
    with db.reading() as session:
        stocktake = _open_stocktake(session)
        return _info(session, stocktake) if stocktake else None


def list_stocktakes(db: Database) -> list[StocktakeInfo]:
    """All counts, newest first."""
    with db.reading() as session:
        rows = session.execute(select(BookStocktake).where(BookStocktake.deleted.is_(False))
                               .order_by(BookStocktake.started_on.desc(),
                                         BookStocktake.id.desc())).scalars().all()
        return [_info(session, row) for row in rows]


def record_scan(db: Database, stocktake_id: str, shelf: str, code: str) -> StockScanResult:
    """Record a code scanned (or ticked) on a shelf during an open count, and say what it is."""
    shelf = clean_name(shelf)[:60]
    parsed = parse_code(code)
    if parsed.kind == "empty":
        raise ValidationError(_("Type or scan a code."), "code")
    with db.unit_of_work() as session:
        stocktake = _get_open(session, stocktake_id)
        copy = find_copy(session, parsed)
        stored_code = copy_code(copy) if copy is not None else parsed.text.upper()
        scan = session.execute(select(BookStocktakeScan).where(
            BookStocktakeScan.stocktake_id == stocktake.id,
            BookStocktakeScan.code == stored_code)).scalar_one_or_none()
        rescanned = scan is not None and not scan.deleted
        if scan is None:
            scan = BookStocktakeScan(stocktake_id=stocktake.id, code=stored_code)
            session.add(scan)
        scan.copy_id = copy.id if copy is not None else None
        scan.shelf = shelf
        scan.deleted = False
        scan.scanned_at = dt.datetime.now()
        session.flush()
        if copy is None:
            return StockScanResult("unknown", stored_code, shelf, None, _(
                "Unknown code “{code}”: no copy in the registers has it.").format(code=stored_code))
        title = session.get_one(BookTitle, copy.title_id)
        source = session.execute(select(BookIntake.source).where(
            BookIntake.id == copy.intake_id)).scalar_one()
        on_loan = session.execute(select(BookLoan.id).where(
            BookLoan.copy_id == copy.id, BookLoan.state == LOAN_OPEN,
            BookLoan.deleted.is_(False))).first() is not None
        info = copy_info(copy, title, source, on_loan)
        outcome, message = _classify(info, shelf)
        if rescanned:
            message = _("Scanned again: {message}").format(message=message)
        return StockScanResult(outcome, stored_code, shelf, info, message, rescanned)


def _classify(info: CopyInfo, shelf: str) -> tuple[str, str]:
    if info.status == COPY_LOST:
        return OUTCOME_FOUND_LOST, _("{copy}: recorded as lost, but found here.").format(
            copy=info.label())
    if info.status != COPY_ACTIVE:
        return "withdrawn", _("{copy}: weeded or sent back, yet on the shelf.").format(
            copy=info.label())
    if info.on_loan:
        return OUTCOME_FOUND_ON_LOAN, _("{copy}: recorded as on loan, but found here.").format(
            copy=info.label())
    if info.shelf and shelf and _shelf_key(info.shelf) != _shelf_key(shelf):
        return OUTCOME_MISPLACED, _("{copy}: belongs on shelf {shelf}.").format(
            copy=info.label(), shelf=info.shelf)
    return "found", info.label()


def remove_scan(db: Database, stocktake_id: str, code: str) -> None:
    """Take back a scan made by mistake in an open count."""
    with db.unit_of_work() as session:
        stocktake = _get_open(session, stocktake_id)
        parsed = parse_code(code)
        copy = find_copy(session, parsed)
        stored_code = copy_code(copy) if copy is not None else parsed.text.upper()
        scan = session.execute(select(BookStocktakeScan).where(
            BookStocktakeScan.stocktake_id == stocktake.id,
            BookStocktakeScan.code == stored_code,
            BookStocktakeScan.deleted.is_(False))).scalar_one_or_none()
        if scan is None:
            raise NotFoundError(_("“{code}” was not scanned in this stocktaking.").format(code=code))
        scan.deleted = True


@dataclass
class _Stock:
    infos: dict[str, CopyInfo]  # every copy the count could meet: active, lost, withdrawn-but-scanned
    expected_ids: list[str]


def _load_stock(session: OrmSession, extra_ids: set[str]) -> _Stock:
    on_loan = set(session.execute(select(BookLoan.copy_id).where(
        BookLoan.state == LOAN_OPEN, BookLoan.deleted.is_(False))).scalars())
    statement = (select(BookCopy, BookTitle, BookIntake.source)
                 .join(BookTitle, BookTitle.id == BookCopy.title_id)
                 .join(BookIntake, BookIntake.id == BookCopy.intake_id)
                 .where(BookCopy.deleted.is_(False),
                        BookCopy.status.in_((COPY_ACTIVE, COPY_LOST)) | BookCopy.id.in_(extra_ids)))
    infos: dict[str, CopyInfo] = {}
    expected: list[str] = []
    for copy, title, source in session.execute(statement).all():
        infos[copy.id] = copy_info(copy, title, source, copy.id in on_loan)
        if copy.status == COPY_ACTIVE:
            expected.append(copy.id)
    return _Stock(infos, expected)


def _previous_missing(session: OrmSession, stocktake: BookStocktake) -> set[str]:
    """Copies missing in the closed count before this one."""
    statement = select(BookStocktake).where(
        BookStocktake.closed_on.is_not(None), BookStocktake.deleted.is_(False),
        BookStocktake.id != stocktake.id)
    if stocktake.closed_on is not None:
        statement = statement.where(BookStocktake.closed_on <= stocktake.closed_on,
                                    BookStocktake.id < stocktake.id)
    previous = session.execute(statement.order_by(BookStocktake.closed_on.desc(),
                                                  BookStocktake.id.desc())).scalars().first()
    if previous is None:
        return set()
    return set(session.execute(select(BookStocktakeItem.copy_id).where(
        BookStocktakeItem.stocktake_id == previous.id, BookStocktakeItem.outcome == OUTCOME_MISSING,
        BookStocktakeItem.deleted.is_(False))).scalars())


def _order(infos: list[CopyInfo]) -> tuple[CopyInfo, ...]:
    return tuple(sorted(infos, key=lambda info: (info.accession_number is None,
                                                 info.accession_number or 0, info.code)))


def _report(session: OrmSession, stocktake: BookStocktake) -> StocktakeReport:
    scans = list(session.execute(select(BookStocktakeScan).where(
        BookStocktakeScan.stocktake_id == stocktake.id,
        BookStocktakeScan.deleted.is_(False))).scalars())
    scanned_copies = {scan.copy_id: scan for scan in scans if scan.copy_id is not None}
    stock = _load_stock(session, set(scanned_copies))
    if stocktake.closed_on is not None:
        return _kept_report(session, stocktake, scans, stock)
    missing: list[CopyInfo] = []
    on_loan: list[CopyInfo] = []
    misplaced: list[MisplacedCopy] = []
    found_lost: list[CopyInfo] = []
    found_on_loan: list[CopyInfo] = []
    withdrawn: list[CopyInfo] = []
    found = 0
    for copy_id in stock.expected_ids:
        info = stock.infos[copy_id]
        scan = scanned_copies.get(copy_id)
        if scan is None:
            (on_loan if info.on_loan else missing).append(info)
            continue
        found += 1
        if info.on_loan:
            found_on_loan.append(info)
        elif info.shelf and scan.shelf and _shelf_key(info.shelf) != _shelf_key(scan.shelf):
            misplaced.append(MisplacedCopy(info, info.shelf, scan.shelf))
    for copy_id in scanned_copies:
        scanned = stock.infos.get(copy_id)
        if scanned is None or scanned.status == COPY_ACTIVE:
            continue
        (found_lost if scanned.status == COPY_LOST else withdrawn).append(scanned)
    previous_missing = _previous_missing(session, stocktake)
    proposed = [info for info in missing if info.id in previous_missing]
    return StocktakeReport(
        stocktake=_info(session, stocktake), expected=len(stock.expected_ids), found=found,
        missing=_order(missing), on_loan=_order(on_loan),
        misplaced=tuple(sorted(misplaced, key=lambda m: (m.found_shelf, m.copy.code))),
        unknown_codes=tuple(sorted(scan.code for scan in scans if scan.copy_id is None)),
        found_lost=_order(found_lost), found_on_loan=_order(found_on_loan),
        withdrawn_found=_order(withdrawn), proposed_lost=_order(proposed),
        shelves=_shelves(stock, scans))


def _kept_report(session: OrmSession, stocktake: BookStocktake, scans: list[BookStocktakeScan],
                 stock: _Stock) -> StocktakeReport:
    """The result of a closed count as it was kept, whatever happened to the copies since."""
    items = session.execute(select(BookStocktakeItem).where(
        BookStocktakeItem.stocktake_id == stocktake.id,
        BookStocktakeItem.deleted.is_(False))).scalars().all()
    missing_ids = {item.copy_id for item in items if item.outcome == OUTCOME_MISSING}
    copies = _infos_by_id(session, {item.copy_id for item in items} - set(stock.infos))
    copies.update(stock.infos)
    grouped: dict[str, list[CopyInfo]] = {}
    misplaced = []
    for item in items:
        info = copies[item.copy_id]
        if item.outcome == OUTCOME_MISPLACED:
            misplaced.append(MisplacedCopy(info, item.shelf_recorded, item.shelf_found))
        else:
            grouped.setdefault(item.outcome, []).append(info)
    previous_missing = _previous_missing(session, stocktake)
    return StocktakeReport(
        stocktake=_info(session, stocktake), expected=stocktake.expected, found=stocktake.found,
        missing=_order(grouped.get(OUTCOME_MISSING, [])),
        on_loan=_order(grouped.get(OUTCOME_ON_LOAN, [])),
        misplaced=tuple(sorted(misplaced, key=lambda m: (m.found_shelf, m.copy.code))),
        unknown_codes=tuple(sorted(scan.code for scan in scans if scan.copy_id is None)),
        found_lost=_order(grouped.get(OUTCOME_FOUND_LOST, [])),
        found_on_loan=_order(grouped.get(OUTCOME_FOUND_ON_LOAN, [])), withdrawn_found=(),
        proposed_lost=_order([copies[i] for i in missing_ids & previous_missing]),
        shelves=_shelves(stock, scans))


def _infos_by_id(session: OrmSession, copy_ids: set[str]) -> dict[str, CopyInfo]:
    if not copy_ids:
        return {}
    rows = session.execute(select(BookCopy, BookTitle, BookIntake.source)
                           .join(BookTitle, BookTitle.id == BookCopy.title_id)
                           .join(BookIntake, BookIntake.id == BookCopy.intake_id)
                           .where(BookCopy.id.in_(copy_ids))).all()
    return {copy.id: copy_info(copy, title, source, False) for copy, title, source in rows}


def _shelves(stock: _Stock, scans: list[BookStocktakeScan]) -> tuple[ShelfProgress, ...]:
    expected: dict[str, int] = {}
    names: dict[str, str] = {}
    for copy_id in stock.expected_ids:
        shelf = stock.infos[copy_id].shelf
        expected[_shelf_key(shelf)] = expected.get(_shelf_key(shelf), 0) + 1
        names.setdefault(_shelf_key(shelf), shelf)
    scanned: dict[str, int] = {}
    for scan in scans:
        scanned[_shelf_key(scan.shelf)] = scanned.get(_shelf_key(scan.shelf), 0) + 1
        names.setdefault(_shelf_key(scan.shelf), scan.shelf)
    return tuple(ShelfProgress(names[key], expected.get(key, 0), scanned.get(key, 0))
                 for key in sorted(names, key=lambda key: sort_key(names[key])))


def shelf_progress(db: Database, stocktake_id: str) -> list[ShelfProgress]:
    """Copies expected and codes scanned per shelf, as the report gives them, but counted in the
    database: cheap enough to refresh after every scan on a large cabinet."""
    with db.reading() as session:
        stocktake = _get(session, stocktake_id)
        expected_rows = session.execute(
            select(BookCopy.shelf, func.count()).where(
                BookCopy.status == COPY_ACTIVE, BookCopy.deleted.is_(False))
            .group_by(BookCopy.shelf)).all()
        scanned_rows = session.execute(
            select(BookStocktakeScan.shelf, func.count()).where(
                BookStocktakeScan.stocktake_id == stocktake.id,
                BookStocktakeScan.deleted.is_(False))
            .group_by(BookStocktakeScan.shelf)).all()
    names: dict[str, str] = {}
    expected: dict[str, int] = {}
    scanned: dict[str, int] = {}
    for rows, counts in ((expected_rows, expected), (scanned_rows, scanned)):
        for shelf, count in rows:
            key = _shelf_key(shelf)
            names.setdefault(key, shelf)
            counts[key] = counts.get(key, 0) + int(count)
    return [ShelfProgress(names[key], expected.get(key, 0), scanned.get(key, 0))
            for key in sorted(names, key=lambda key: sort_key(names[key]))]


def stocktake_report(db: Database, stocktake_id: str) -> StocktakeReport:
    """The comparison so far (open count) or as kept (closed count)."""
    with db.reading() as session:
        return _report(session, _get(session, stocktake_id))


def close_stocktake(db: Database, stocktake_id: str, *, today: dt.date | None = None,
                    mark_proposed_lost: bool = False,
                    restore_found_lost: bool = False) -> StocktakeReport:
    """Close the count and keep its result; optionally record the proposed losses and put copies
    found that were recorded lost back in stock."""
    today = today or dt.date.today()
    with db.unit_of_work() as session:
        stocktake = _get_open(session, stocktake_id)
        report = _report(session, stocktake)
        items = ([(info, OUTCOME_MISSING, info.shelf, "") for info in report.missing]
                 + [(info, OUTCOME_ON_LOAN, info.shelf, "") for info in report.on_loan]
                 + [(m.copy, OUTCOME_MISPLACED, m.recorded_shelf, m.found_shelf)
                    for m in report.misplaced]
                 + [(info, OUTCOME_FOUND_LOST, info.shelf, "") for info in report.found_lost]
                 + [(info, OUTCOME_FOUND_ON_LOAN, info.shelf, "") for info in report.found_on_loan])
        for info, outcome, recorded, found_on in items:
            session.add(BookStocktakeItem(stocktake_id=stocktake.id, copy_id=info.id,
                                          outcome=outcome, shelf_recorded=recorded,
                                          shelf_found=found_on))
        stocktake.closed_on = today
        stocktake.expected = report.expected
        stocktake.found = report.found
        stocktake.missing = len(report.missing)
        stocktake.on_loan = len(report.on_loan)
        stocktake.misplaced = len(report.misplaced)
        stocktake.unknown = len(report.unknown_codes)
        stocktake.found_lost = len(report.found_lost)
        note = _("stocktaking of {date}").format(date=format_date(stocktake.started_on))
        if mark_proposed_lost:
            for info in report.proposed_lost:
                copy = session.get_one(BookCopy, info.id)
                copy.status = COPY_LOST
                copy.withdrawn_on = today
                session.add(BookIncident(copy_id=copy.id, kind="lost", date=today, note=note))
        if restore_found_lost:
            for info in report.found_lost:
                copy = session.get_one(BookCopy, info.id)
                copy.status = COPY_ACTIVE
                copy.withdrawn_on = None
                session.add(BookIncident(copy_id=copy.id, kind="found", date=today, note=note))
        session.flush()
        return _report(session, stocktake)


def scans(db: Database, stocktake_id: str, shelf: str | None = None) -> list[StockScanResult]:
    """The codes scanned in a count (on one shelf, if given), newest first, for the scan list."""
    with db.reading() as session:
        stocktake = _get(session, stocktake_id)
        rows = session.execute(select(BookStocktakeScan).where(
            BookStocktakeScan.stocktake_id == stocktake.id, BookStocktakeScan.deleted.is_(False))
            .order_by(BookStocktakeScan.scanned_at.desc())).scalars().all()
        if shelf is not None:
            rows = [row for row in rows if _shelf_key(row.shelf) == _shelf_key(shelf)]
        infos = _infos_by_id(session, {row.copy_id for row in rows if row.copy_id})
        on_loan = set(session.execute(select(BookLoan.copy_id).where(
            BookLoan.state == LOAN_OPEN, BookLoan.deleted.is_(False),
            BookLoan.copy_id.in_(list(infos)))).scalars()) if infos else set()
        results = []
        for row in rows:
            info = infos.get(row.copy_id or "")
            if info is None:
                results.append(StockScanResult("unknown", row.code, row.shelf, None, _(
                    "Unknown code “{code}”: no copy in the registers has it.").format(code=row.code)))
                continue
            if info.id in on_loan:
                info = replace(info, on_loan=True)
            outcome, message = _classify(info, row.shelf)
            results.append(StockScanResult(outcome, row.code, row.shelf, info, message))
        return results
