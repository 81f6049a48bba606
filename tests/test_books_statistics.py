"""Figures for a period: titles and copies, loans by subject, readers, losses, rotations due."""

from __future__ import annotations

import datetime as dt

import pytest
from test_books_support import TODAY, small_cabinet

from desktop.errors import ValidationError
from desktop.services.books.catalogue import TitleInput, find_copy_by_code
from desktop.services.books.intake import IntakeInput, IntakeLine, record_intake
from desktop.services.books.incidents import record_damage, record_loss
from desktop.services.books.loans import apply_plan, plan_scan, scan_and_apply, undo
from desktop.services.books.readers import ReaderInput, create_reader
from desktop.services.books.rotation import RotationBatchInput, RotationList
from desktop.services.books.statistics import cabinet_statistics
from desktop.services.books.weeding import WeedingInput, weed_copies

YEAR = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


@pytest.fixture
def history(db, villages):
    old = record_intake(db, IntakeInput(date=dt.date(2025, 3, 1), source="purchase"), [
        IntakeLine(title=TitleInput(title="Sổ tay trồng chè", classification="633.72",
                                    language="thai"), copies=4)], today=TODAY)  # 1-4
    cabinet = small_cabinet(db, villages)  # 5-19 received today
    create_reader(db, ReaderInput("Người Đọc Cũ", birth_year=1970), today=dt.date(2025, 6, 1))
    scan_and_apply(db, "5", cabinet.pang, today=dt.date(2026, 11, 2))  # agriculture (600)
    scan_and_apply(db, "6", cabinet.pang, today=dt.date(2026, 11, 2))  # same day: one visit
    scan_and_apply(db, "15", cabinet.an, today=dt.date(2026, 11, 3))  # children's, literature 800
    scan_and_apply(db, "1", cabinet.pao, today=dt.date(2025, 12, 20))  # last year
    cancelled = scan_and_apply(db, "18", cabinet.pao, today=dt.date(2026, 11, 4))
    undo(db, cancelled.undo)  # an undone loan does not count
    record_loss(db, "2", compensation=20000, today=dt.date(2026, 5, 5))
    record_damage(db, "3", compensation=5000, today=dt.date(2026, 6, 6))
    weed_copies(db, WeedingInput("01/QĐ"), [find_copy_by_code(db, "4").id], today=dt.date(2026, 7, 7))
    return old, cabinet


def test_the_period_figures(db, history):
    stats = cabinet_statistics(db, *YEAR)
    assert (stats.copies_total, stats.titles_total) == (17, 4)  # 19 less one lost, one weeded
    assert (stats.copies_new, stats.titles_new) == (15, 3)
    assert stats.children_copies == 3 and stats.law_copies == 2 and stats.minority_language_copies == 2
    assert stats.loans == 3 and stats.loans_children == 1
    by_class = {row.code: row.loans for row in stats.loans_by_class}
    assert by_class["600"] == 2 and by_class["800"] == 1 and by_class["300"] == 0
    assert [row.code for row in stats.loans_by_class][:3] == ["000", "100", "200"]
    assert (stats.readers_total, stats.readers_new) == (4, 3)
    assert (stats.active_readers, stats.reader_visits) == (2, 2)
    assert (stats.lost_copies, stats.damaged_copies, stats.compensation) == (1, 1, 25000)
    assert stats.weeded_copies == 1


def test_stock_as_of_the_end_of_an_earlier_period(db, history):
    stats = cabinet_statistics(db, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert (stats.copies_total, stats.titles_total, stats.copies_new) == (4, 1, 4)
    assert stats.loans == 1 and stats.readers_total == 1
    assert stats.overdue_at_end == 0  # the loan of 20/12 was not yet due on 31/12


def test_rotated_batches_due_soon_are_listed(db, history, tmp_path):
    from desktop.services.books.book_import import BookRow
    from desktop.services.books.rotation import import_rotation_batch, receive_all

    rows = [BookRow(2, TitleInput(title="Sách luân chuyển"), 2, codes=("VV.1", "VV.2"))]
    batch = import_rotation_batch(db, RotationBatchInput(
        date=dt.date(2026, 7, 1), lender="Thư viện tỉnh", return_by=dt.date(2027, 1, 10)),
        RotationList(tmp_path / "x.xlsx", "Sheet", rows, []), today=TODAY)
    receive_all(db, batch.id)
    stats = cabinet_statistics(db, *YEAR)
    (due,) = stats.rotated_batches_due
    assert (due.lender, due.days_left, due.copies) == ("Thư viện tỉnh", 10, 2)
    assert stats.rotated_copies_held == 2
    assert stats.copies_total == 17  # rotated copies are not ours
    plan = plan_scan(db, "VV.1", history[1].pang, today=TODAY)
    apply_plan(db, plan)
    assert cabinet_statistics(db, *YEAR).loans_rotated == 1
    assert cabinet_statistics(db, dt.date(2026, 1, 1), dt.date(2026, 11, 30)).rotated_batches_due == ()


def test_a_reversed_period_is_refused(db):
    with pytest.raises(ValidationError):
        cabinet_statistics(db, dt.date(2026, 12, 31), dt.date(2026, 1, 1))
