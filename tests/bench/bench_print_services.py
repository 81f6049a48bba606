"""Benchmark (a script, not a test): printed documents straight from a 10-year demo database.

    .venv/bin/python tests/bench/bench_print_services.py [--db /tmp/bench10.sqlite] [--runs 7]

Builds the demo database once (``clc demo FILE --years 10``, about a minute) and keeps it. Times,
through desktop.services.documents (database read + layout + PDF written to a real file):

* the monthly attendance sheet of a 60-learner class (the busiest month of a class of the
  demo enlarged to exactly 60 learners, marks recorded), filled;
* the register of classes and talks of the last 12 months;

each against a bare reportlab platypus Table holding the same cells, in the same run (taken in
turns, so machine load hits both). The database read is also shown alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_printing import bare  # noqa: E402

from desktop.i18n import set_language  # noqa: E402
from desktop.printing.fonts import register_fonts  # noqa: E402
from desktop.printing.model import AttendanceSheetData, RegisterData  # noqa: E402

TODAY = dt.date(2026, 11, 23)


def demo_database(path: Path) -> Path:
    from desktop.demo.centre import build_demo
    from desktop.store.database import open_database

    if path.exists() and path.stat().st_size:
        return path
    print(f"building the 10-year demo database in {path} (about a minute)…", flush=True)
    partial = path.with_suffix(".part")
    partial.unlink(missing_ok=True)
    db = open_database(partial)
    build_demo(db, years=10, seed=1, today=TODAY)
    db.close()
    partial.rename(path)
    return path


def sixty_learner_class(db) -> tuple[str, int, int]:  # type: ignore[no-untyped-def]
    """A demo class topped up to 60 learners; returns its id and its busiest month."""
    from collections import Counter

    from desktop.services import activities, attendance
    from desktop.services.attendance import MarkChange
    from desktop.services.learners import list_learners

    rows = [row for row in activities.list_activities(db)
            if row.kind != "topic_talk" and 20 <= row.enrolled <= 60 and row.sessions >= 8]
    chosen = max(rows, key=lambda row: (row.enrolled, row.sessions))
    enrolled = set(activities.enrolled_learner_ids(db, chosen.id))
    others = [learner.id for learner in list_learners(db) if learner.id not in enrolled]
    activities.enrol_learners(db, chosen.id, others[:60 - len(enrolled)])
    months = Counter((s.date.year, s.date.month) for s in activities.list_sessions(db, chosen.id))
    (year, month), _count = months.most_common(1)[0]
    grid = attendance.load_grid(db, chosen.id, year, month)
    attendance.save_marks(db, [
        MarkChange(item.id, learner.id, "CCCPKM"[(row * 7 + column) % 6])
        for row, learner in enumerate(grid.learners)
        for column, item in enumerate(grid.sessions)])
    assert len(grid.learners) == 60
    return chosen.id, year, month


def attendance_cells(data: AttendanceSheetData) -> list[list[list[str]]]:
    """The sheet's cells in blocks of 10 session columns, as plain strings."""
    count = len(data.sessions)
    blocks = []
    for start in range(0, max(count, 1), 10):
        columns = range(start, min(start + 10, count))
        rows = [["STT", "Họ và tên", "Năm sinh", "Thôn",
                 *(data.sessions[c].date.strftime("%d/%m") for c in columns),
                 "C", "P", "K", "Ghi chú"]]
        for r, learner in enumerate(data.learners):
            rows.append([str(r + 1), learner.full_name, str(learner.year_of_birth or ""),
                         learner.village, *(data.marks.get((r, c), "") for c in columns),
                         "15", "3", "2", ""])
        blocks.append(rows)
    return blocks


def register_table(data: RegisterData) -> tuple[list[list[str]], list[float]]:
    """The register's own table as plain strings with its column widths and line breaks:
    the same size as ours, without the frame, fonts beyond one, styles, spans or paragraphs."""
    from reportlab.platypus import Paragraph

    from desktop.printing.pages import LANDSCAPE
    from desktop.printing.register import table_parts

    rows, widths, *_styles = table_parts(data, LANDSCAPE.width)
    cells = [[cell.text if isinstance(cell, Paragraph) else str(cell) for cell in row]
             for row in rows]
    return cells, widths


def bare_table(cells: list[list[str]], widths: list[float], header_rows: int) -> None:
    """A bare platypus Table with these cells and widths on A4 landscape."""
    import io

    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    document = SimpleDocTemplate(io.BytesIO(), pagesize=landscape(A4), leftMargin=15 * mm,
                                 rightMargin=12 * mm, topMargin=12 * mm, bottomMargin=23 * mm)
    table = Table(cells, colWidths=widths, repeatRows=header_rows)
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), "DejaVuSans", 9),
                               ("GRID", (0, 0), (-1, -1), 0.5, "black")]))
    document.build([table])


def timed(ours: Callable[[], object], baseline: Callable[[], object],
          runs: int) -> tuple[float, float, float]:
    """Best time of each and the median of the paired ratios (run in turns)."""
    ours(), baseline()  # warm-up: imports, fonts, caches
    mine: list[float] = []
    plain: list[float] = []
    for _run in range(runs):
        for work, samples in ((ours, mine), (baseline, plain)):
            start = time.perf_counter()
            work()
            samples.append(time.perf_counter() - start)
    return min(mine), min(plain), statistics.median(a / b for a, b in zip(mine, plain, strict=True))


def best(work: Callable[[], object], runs: int) -> float:
    samples = []
    for _run in range(runs):
        start = time.perf_counter()
        work()
        samples.append(time.perf_counter() - start)
    return min(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, default=Path("/tmp/bench10.sqlite"))
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    set_language("vi")
    register_fonts()
    from desktop.services import documents
    from desktop.store.database import open_database

    folder = Path(tempfile.mkdtemp(prefix="clc-bench-"))
    try:
        work_copy = folder / "bench.sqlite"
        shutil.copyfile(demo_database(args.db), work_copy)  # the cached file stays untouched
        db = open_database(work_copy)
        activity_id, year, month = sixty_learner_class(db)
        last = TODAY
        first = dt.date(last.year - 1, last.month, last.day) + dt.timedelta(days=1)
        sheet = documents.attendance_sheet_data(db, activity_id, year, month, today=TODAY)
        register = documents.register_data(db, first, last, today=TODAY)
        out = folder / "out.pdf"
        from desktop.printing import render_attendance_sheet, render_register

        cases = [
            (f"attendance 60 learners x {len(sheet.sessions)} sessions ({month:02d}/{year})",
             lambda: documents.attendance_sheet(db, activity_id, year, month, out, today=TODAY),
             lambda: render_attendance_sheet(sheet, out),
             lambda: bare(attendance_cells(sheet), 1),
             lambda: documents.attendance_sheet_data(db, activity_id, year, month, today=TODAY)),
            (f"register {len(register.rows)} rows (12 months)",
             lambda: documents.register(db, first, last, out, today=TODAY),
             lambda: render_register(register, out),
             lambda: bare_table(*register_table(register), 2),
             lambda: documents.register_data(db, first, last, today=TODAY)),
        ]
        print(f"database: {args.db} (10-year demo); best of {args.runs} runs, taken in turns; "
              "ratio = median of paired ratios")
        print("the bare table starts from data in memory, like our layout; 'with read' adds our "
              "database read and the file written safely")
        for label, ours, layout, baseline, reading in cases:
            mine, plain, ratio = timed(layout, baseline, args.runs)
            whole, _plain, whole_ratio = timed(ours, baseline, args.runs)
            read = best(reading, args.runs)
            print(f"{label:44s} layout {mine * 1000:7.1f} ms  bare {plain * 1000:7.1f} ms  "
                  f"ratio {ratio:4.2f}  |  with read {whole * 1000:7.1f} ms (read {read * 1000:5.1f} ms)"
                  f"  ratio {whole_ratio:4.2f}")
        db.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
