"""The demo book cabinet: realistic, consistent with the desk's rules, deterministic."""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.errors import ValidationError
from desktop.demo.books import BookDemoCancelled, BookDemoSummary, build_book_demo
from desktop.services.books.loan_lists import overdue_by_village
from desktop.services.books.loans import ScanAction, plan_scan
from desktop.services.books.settings import load_cabinet_settings
from desktop.services.books.statistics import cabinet_statistics
from desktop.services.books.stocktaking import list_stocktakes, stocktake_report
from desktop.demo.centre import build_demo
from desktop.store.book_models import (
    LOAN_OPEN,
    BookCopy,
    BookIntake,
    BookLoan,
    BookReader,
    BookTitle,
)
from desktop.store.database import Database, open_database

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def centre_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("books-demo") / "centre.sqlite"
    db = open_database(path)
    try:
        build_demo(db, years=3, seed=2, today=TODAY)
    finally:
        db.close()
    return path


@pytest.fixture(scope="module")
def built(centre_file: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BookDemoSummary]:
    path = tmp_path_factory.mktemp("books-demo-built") / "books.sqlite"
    shutil.copyfile(centre_file, path)
    db = open_database(path)
    try:
        summary = build_book_demo(db, years=3, seed=2, today=TODAY)
    finally:
        db.close()
    return path, summary


@pytest.fixture
def demo(built: tuple[Path, BookDemoSummary]):
    database = open_database(built[0])
    yield database
    database.close()


def test_the_scale_follows_the_years(built):
    summary = built[1]
    assert 1_500 <= summary.copies <= 2_000  # about 500 a year
    assert 10_000 <= summary.loans <= 14_000  # about 4,000 a year
    assert summary.readers == 80 + 55 * 3
    assert 0 < summary.overdue < summary.open_loans
    assert summary.lost and summary.damaged and summary.weeded and summary.rotated_batches >= 6


def test_rows_match_the_summary_and_carry_the_sync_identity(demo, built):
    summary = built[1]
    with demo.reading() as session:
        copies = session.execute(select(func.count()).select_from(BookCopy).where(
            BookCopy.accession_number.is_not(None))).scalar_one()
        assert copies == summary.copies
        assert session.execute(select(func.count()).select_from(BookLoan)).scalar_one() == summary.loans
        unstamped = session.execute(select(func.count()).select_from(BookLoan).where(
            (BookLoan.version == "") | BookLoan.change_seq.is_(None))).scalar_one()
        assert unstamped == 0


def test_loans_follow_the_desk_rules(demo):
    settings = load_cabinet_settings(demo)
    with demo.reading() as session:
        loans = session.execute(select(BookLoan.copy_id, BookLoan.reader_id, BookLoan.loaned_on,
                                       BookLoan.due_on, BookLoan.returned_on, BookLoan.state)).all()
        received = dict(session.execute(select(BookCopy.id, BookCopy.received_on)).all())
        registered = dict(session.execute(select(BookReader.id, BookReader.registered_on)).all())
    assert all(settings.is_open(loan.loaned_on) for loan in loans)
    assert all(settings.is_open(loan.due_on) for loan in loans if loan.state == LOAN_OPEN)
    assert all(loan.loaned_on >= received[loan.copy_id] for loan in loans)
    assert all(loan.loaned_on >= registered[loan.reader_id] for loan in loans)
    assert all(loan.returned_on is None or loan.returned_on >= loan.loaned_on for loan in loans)
    open_per_reader = Counter(loan.reader_id for loan in loans if loan.state == LOAN_OPEN)
    assert max(open_per_reader.values()) <= settings.max_copies_per_reader
    # No copy is lent while it is out: loan periods of one copy never overlap.
    by_copy: dict[str, list[tuple[dt.date, dt.date]]] = {}
    for loan in loans:
        end = loan.returned_on or dt.date.max
        by_copy.setdefault(loan.copy_id, []).append((loan.loaned_on, end))
    for periods in by_copy.values():
        periods.sort()
        assert all(later[0] >= earlier[1] for earlier, later in itertools.pairwise(periods))


def test_the_catalogue_reads_like_a_commune_cabinet(demo):
    with demo.reading() as session:
        publishers = Counter(session.execute(select(BookTitle.publisher)).scalars())
        titles = list(session.execute(select(BookTitle.title)).scalars())
        sources = Counter(session.execute(select(BookIntake.source)).scalars())
        laws = session.execute(select(func.count()).select_from(BookTitle).where(
            BookTitle.law_book.is_(True))).scalar_one()
    for publisher in ("NXB Nông nghiệp", "NXB Tư pháp", "NXB Kim Đồng", "NXB Giáo dục Việt Nam"):
        assert publisher in publishers
    assert set(sources) >= {"allocation", "donation", "purchase", "rotation"}
    assert laws > 10
    assert all(unicodedata.is_normalized("NFC", title) for title in titles)


def test_the_services_work_on_the_demo(demo):
    assert overdue_by_village(demo, TODAY)
    stats = cabinet_statistics(demo, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert stats.loans > 2_500 and sum(row.loans for row in stats.loans_by_class) == stats.loans
    assert stats.rotated_batches_due  # the batch held now goes back within a month
    (count,) = list_stocktakes(demo)
    assert not count.is_open and stocktake_report(demo, count.id).missing
    with demo.reading() as session:
        busy = set(session.execute(select(BookLoan.reader_id).where(
            BookLoan.state == LOAN_OPEN)).scalars())
        card = session.execute(select(BookReader.card_number).where(
            BookReader.id.not_in(busy)).limit(1)).scalar_one()
    assert plan_scan(demo, f"BD{card}", today=TODAY).action == ScanAction.START_SESSION


def test_the_summary_register_runs_in_date_order_within_each_year(demo):
    from desktop.services.books.intake import summary_register

    lines = summary_register(demo)
    for year in {line.entry_year for line in lines}:
        entries = sorted((line for line in lines if line.entry_year == year),
                         key=lambda line: line.entry_number)
        assert [line.entry_number for line in entries] == list(range(1, len(entries) + 1))
        assert [line.date for line in entries] == sorted(line.date for line in entries)


def test_the_same_seed_gives_the_same_cabinet(centre_file, tmp_path, built):
    path = tmp_path / "again.sqlite"
    shutil.copyfile(centre_file, path)
    db = open_database(path)
    try:
        assert build_book_demo(db, years=3, seed=2, today=TODAY) == built[1]
    finally:
        db.close()


def test_refusals(centre_file, tmp_path, demo):
    with pytest.raises(ValidationError):
        build_book_demo(demo, years=3, seed=2, today=TODAY)  # a cabinet is there already
    with pytest.raises(ValidationError):
        build_book_demo(demo, years=0)
    path = tmp_path / "cancel.sqlite"
    shutil.copyfile(centre_file, path)
    db = open_database(path)
    try:
        with pytest.raises(BookDemoCancelled):
            build_book_demo(db, years=1, seed=2, today=TODAY, cancel=lambda: True)
        with db.reading() as session:
            assert session.execute(select(func.count()).select_from(BookCopy)).scalar_one() == 0
    finally:
        db.close()


def test_an_empty_database_needs_its_centre_first(db_path: Path, tmp_path: Path):
    db: Database = open_database(tmp_path / "empty.sqlite")
    try:
        with pytest.raises(ValidationError):
            build_book_demo(db, years=1, today=TODAY)
    finally:
        db.close()
