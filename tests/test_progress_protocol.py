"""One progress-and-cancel protocol (desktop.progress.Progress) for printing, demos and the CLI."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from desktop.cli_progress import terminal_progress
from desktop.demo.books import BookDemoCancelled, build_book_demo
from desktop.demo.centre import DemoCancelled, build_demo
from desktop.printing import render_attendance_sheet
from desktop.progress import Cancelled, Progress
from desktop.store.database import open_database
from test_printing_documents import attendance

TODAY = dt.date(2026, 11, 20)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_printed_document_reports_to_a_progress_and_stops_when_it_is_cancelled(tmp_path: Path) -> None:
    reports: list[tuple[int, int]] = []
    progress = Progress(lambda done, total, _message: reports.append((done, total)))
    out = tmp_path / "sheet.pdf"
    assert render_attendance_sheet(attendance(60, 20), out, progress=progress) >= 2
    assert reports[-1][0] == reports[-1][1] and len(reports) >= 3

    stopping = Progress(lambda done, total, _message: stopping.cancel())
    with pytest.raises(Cancelled):
        render_attendance_sheet(attendance(60, 20), tmp_path / "cancelled.pdf", progress=stopping)
    assert not (tmp_path / "cancelled.pdf").exists()


def test_the_demos_take_the_same_progress_and_their_cancel_is_the_common_one(tmp_path: Path) -> None:
    db = open_database(tmp_path / "demo.sqlite")
    try:
        reports: list[int] = []
        progress = Progress(lambda done, total, _message: reports.append(done))
        summary = build_demo(db, years=1, seed=3, today=TODAY, progress=progress)
        assert reports[-1] > 0 and summary.learners > 0

        cancelled = Progress()
        cancelled.cancel()
        with pytest.raises(BookDemoCancelled) as stopped:
            build_book_demo(db, years=1, seed=3, today=TODAY, progress=cancelled)
        assert isinstance(stopped.value, Cancelled)
        assert issubclass(DemoCancelled, Cancelled)
    finally:
        db.close()


def test_the_cli_draws_a_bar_on_a_terminal_only() -> None:
    terminal = Terminal()
    bar = terminal_progress("Đang tạo trung tâm mẫu", terminal)
    for done in (0, 40, 100):
        bar.report(done, 100)
    drawn = terminal.getvalue()
    assert drawn.count("\r") == 3 and drawn.endswith("100%\n")
    assert "Đang tạo trung tâm mẫu [" + "#" * 12 + "." * 18 + "]  40%" in drawn

    piped = io.StringIO()
    quiet = terminal_progress("Đang tạo trung tâm mẫu", piped)
    quiet.report(50, 100)
    assert piped.getvalue() == ""
