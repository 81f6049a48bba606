"""Benchmark of the book cabinet on the 10-year demo (issue 3). Prints figures; asserts nothing.

    .venv/bin/python tests/bench/bench_books.py [--years 10] [--db FILE] [--repeat 50]

Builds (or reuses, with --db) a demo centre with its book cabinet: about 5,000 copies and 40,000
loans at 10 years. Then times, on a copy of that file, what the loan desk and the catalogue do
while a volunteer waits: a scanned reader card, scan-to-loan (plan + apply), scan-to-return
(plan + apply), undo, search as you type, code look-up, and the longer lists (overdue by village,
a year's statistics, a stocktaking report over the whole stock). The budget is 50 ms per scan and
per search keystroke.
"""

from __future__ import annotations

import argparse
import os
import datetime as dt
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

TODAY = dt.date(2026, 11, 23)
BUDGET_MS = 50.0


def build(path: Path, years: int) -> str:
    from desktop.demo.books import build_book_demo
    from desktop.demo.centre import build_demo
    from desktop.store.database import open_database

    db = open_database(path)
    started = time.perf_counter()
    core = build_demo(db, years=years, seed=1, today=TODAY)
    middle = time.perf_counter()
    books = build_book_demo(db, years=years, seed=1, today=TODAY)
    done = time.perf_counter()
    db.close()
    return (f"centre: {core} ({middle - started:.1f} s)\n"
            f"books: {books} ({done - middle:.1f} s)")


def timed(label: str, work: Callable[[int], object], repeat: int, *, budget: bool = True) -> list[float]:
    """Run work(i) `repeat` times; print median, 95th percentile and worst in milliseconds.

    `budget` marks the desk and search-as-you-type operations held to the 50 ms budget.
    """
    times = []
    for index in range(repeat):
        started = time.perf_counter()
        work(index)
        times.append((time.perf_counter() - started) * 1000)
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    flag = "" if not budget or p95 <= BUDGET_MS else "   <-- over budget"
    print(f"{label:<46} median {statistics.median(times):7.2f} ms   p95 {p95:7.2f} ms   "
          f"max {ordered[-1]:7.2f} ms  (n={repeat}){flag}")
    return times


def run(path: Path, repeat: int) -> None:
    from sqlalchemy import func, select

    from desktop.services.books import catalogue, loan_lists, loans, readers, stocktaking
    from desktop.services.books import statistics as stats
    from desktop.services.books.settings import load_cabinet_settings
    from desktop.store.book_models import COPY_ACTIVE, LOAN_OPEN, BookCopy, BookLoan, BookReader
    from desktop.store.database import open_database

    db = open_database(path)
    with db.reading() as session:
        counts = {
            "titles": session.execute(select(func.count(func.distinct(BookCopy.title_id)))).scalar(),
            "copies": session.execute(select(func.count()).select_from(BookCopy)).scalar(),
            "loans": session.execute(select(func.count()).select_from(BookLoan)).scalar(),
            "readers": session.execute(select(func.count()).select_from(BookReader)).scalar(),
        }
        out = set(session.execute(select(BookLoan.copy_id).where(BookLoan.state == LOAN_OPEN)).scalars())
        shelf_codes = [str(n) for n, copy_id in session.execute(select(
            BookCopy.accession_number, BookCopy.id).where(
            BookCopy.status == COPY_ACTIVE, BookCopy.accession_number.is_not(None))).all()
            if copy_id not in out]
        busy = set(session.execute(select(BookLoan.reader_id).where(BookLoan.state == LOAN_OPEN)).scalars())
        reader_rows = session.execute(select(BookReader.id, BookReader.card_number)).all()
    free_readers = [(rid, card) for rid, card in reader_rows if rid not in busy]
    print(f"data: {counts}")
    settings = load_cabinet_settings(db)
    card = lambda i: f"BD{free_readers[i % len(free_readers)][1]:05d}"  # noqa: E731
    timed("scan a reader card (plan)", lambda i: loans.plan_scan(db, card(i), today=TODAY), repeat)
    timed("scan a reader card (plan, settings loaded)",
          lambda i: loans.plan_scan(db, card(i), today=TODAY, settings=settings), repeat)

    lent: list[str] = []

    def lend(i: int) -> None:
        reader_id = free_readers[i % len(free_readers)][0]
        code = shelf_codes[i]
        plan = loans.plan_scan(db, code, reader_id, today=TODAY)
        assert plan.action == loans.ScanAction.LEND, plan.message
        loans.apply_plan(db, plan)
        lent.append(code)

    timed("scan-to-loan: plan + confirm + save", lend, repeat)

    def give_back(i: int) -> None:
        plan = loans.plan_scan(db, lent[i], today=TODAY)
        assert plan.action == loans.ScanAction.RETURN, plan.message
        loans.apply_plan(db, plan)

    timed("scan-to-return: plan + confirm + save", give_back, repeat)
    timed("scan-to-loan, settings passed in", lambda i: loans.apply_plan(db, loans.plan_scan(
        db, shelf_codes[repeat + i], free_readers[(repeat + i) % len(free_readers)][0],
        today=TODAY, settings=settings), settings=settings), repeat)

    def lend_and_undo(i: int) -> None:
        plan = loans.plan_scan(db, shelf_codes[2 * repeat + i], free_readers[i % len(free_readers)][0],
                               today=TODAY, settings=settings)
        event = loans.apply_plan(db, plan, settings=settings)
        assert event.undo is not None
        loans.undo(db, event.undo)

    timed("scan-to-loan then undo", lend_and_undo, repeat)
    timed("look up a code (accession number)",
          lambda i: catalogue.lookup_code(db, shelf_codes[i]), repeat)

    queries = ["k", "ky", "ky thuat", "kỹ thuật nuôi", "luat dat dai", "nuoi ga", "conan tap 1",
               "dế mèn", "to hoai", "tin hoc", "123", "978604", "phap luat hon nhan", "zzz"]
    for query in queries:
        timed(f"search as you type: {query!r}",
              lambda i, q=query: catalogue.search_catalogue(db, q), max(10, repeat // 5))
    timed("search readers: 'thi'", lambda i: readers.search_readers(db, "thi"), max(10, repeat // 5))
    timed("overdue list by village", lambda i: loan_lists.overdue_by_village(db, TODAY), 5, budget=False)
    timed("overdue count (dashboard)", lambda i: loan_lists.overdue_count(db, TODAY), 20)
    timed("statistics for a year", lambda i: stats.cabinet_statistics(
        db, dt.date(2025, 1, 1), dt.date(2025, 12, 31)), 5, budget=False)
    count = stocktaking.start_stocktake(db, today=TODAY)
    timed("stocktaking scan", lambda i: stocktaking.record_scan(db, count.id, "C1", shelf_codes[i]),
          repeat)
    timed("stocktaking report (whole stock)", lambda i: stocktaking.stocktake_report(db, count.id),
          3, budget=False)
    desk_by_keyboard(db, card, shelf_codes[3 * repeat + 10:], repeat)
    db.close()


def desk_by_keyboard(db, card, codes: list[str], repeat: int) -> None:  # type: ignore[no-untyped-def]
    """The loan desk as a volunteer with a USB scanner uses it: keystrokes + Enter, then Enter
    to confirm; timed from the first keystroke to the repainted screen."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from desktop.ui.app import make_application
    from desktop.ui.books.loan_desk import LoanDeskTab

    app = QApplication.instance() or make_application()
    desk = LoanDeskTab(db, today=TODAY)
    desk.resize(1366, 768)
    desk.show()
    desk.focus_start()
    app.processEvents()

    def scan(code: str, *, confirm: bool) -> None:
        QTest.keyClicks(desk.scan, code)
        QTest.keyClick(desk.scan, Qt.Key.Key_Return)
        if confirm:
            QTest.keyClick(desk.scan, Qt.Key.Key_Return)
        app.processEvents()

    lent: list[str] = []

    def lend(i: int) -> None:
        if i % 2 == 0:  # a new reader every two books, as at the desk (not timed separately)
            scan(card(i + 1000), confirm=False)
        scan(codes[i], confirm=True)
        lent.append(codes[i])

    timed("loan desk by keyboard: scan-to-loan", lend, repeat)
    timed("loan desk by keyboard: scan-to-return", lambda i: scan(lent[i], confirm=True), repeat)
    desk.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--db", type=Path, help="an existing demo database (copied, not changed)")
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    folder = Path(tempfile.mkdtemp(prefix="bench-books-"))
    try:
        work = folder / "bench.sqlite"
        if args.db:
            shutil.copyfile(args.db, work)
        else:
            print(build(work, args.years))
        run(work, args.repeat)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    # PySide6 may crash while the interpreter tears down offscreen widgets; the figures are out.
    os._exit(code)
