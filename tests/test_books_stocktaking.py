"""Stocktaking: a count shelf by shelf, resumable, compared with the registers, then kept."""

from __future__ import annotations

import datetime as dt

import pytest
from test_books_support import TODAY, small_cabinet, snapshot

from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import set_language
from desktop.services.books.catalogue import find_copy_by_code
from desktop.services.books.incidents import record_loss
from desktop.services.books.loans import scan_and_apply
from desktop.services.books.shelves import shelf_list, shelves
from desktop.services.books.stocktaking import (
    close_stocktake,
    current_stocktake,
    list_stocktakes,
    record_scan,
    remove_scan,
    scans,
    start_stocktake,
    stocktake_report,
)


@pytest.fixture
def cabinet(db, villages):
    set_language("en")
    return small_cabinet(db, villages)


def count_everything_but(db, stocktake_id, missing=(), elsewhere=None):
    """Scan every copy on its recorded shelf except the missing ones; `elsewhere` moves some."""
    elsewhere = elsewhere or {}
    for number in range(1, 16):
        code = str(number)
        if code in missing:
            continue
        shelf = elsewhere.get(code) or find_copy_by_code(db, code).shelf
        record_scan(db, stocktake_id, shelf, code)


def test_a_count_finds_missing_on_loan_misplaced_unknown_and_found_lost(db, cabinet):
    scan_and_apply(db, "1", cabinet.pang, today=TODAY)
    record_loss(db, "14", today=TODAY)
    count = start_stocktake(db, today=TODAY)
    count_everything_but(db, count.id, missing={"1", "2", "5"}, elsewhere={"12": "C1"})
    unknown = record_scan(db, count.id, "C1", "VV.999")
    assert unknown.outcome == "unknown" and unknown.copy is None
    report = stocktake_report(db, count.id)
    assert report.expected == 14  # copy 14 is lost: not expected on the shelves
    assert [c.accession_number for c in report.missing] == [2, 5]
    assert [c.accession_number for c in report.on_loan] == [1]
    assert [(m.copy.accession_number, m.recorded_shelf, m.found_shelf) for m in report.misplaced] == [
        (12, "TN", "C1")]
    assert report.unknown_codes == ("VV.999",)
    assert [c.accession_number for c in report.found_lost] == [14]
    assert report.found == 11
    by_shelf = {s.shelf: (s.expected, s.scanned) for s in report.shelves}
    assert by_shelf["C1"] == (10, 9) and by_shelf["TN"] == (3, 2)


def test_each_scan_is_confirmed_with_its_title(db, cabinet):
    count = start_stocktake(db, today=TODAY)
    result = record_scan(db, count.id, "TN", "11")
    assert result.outcome == "found" and "Dế Mèn phiêu lưu ký" in result.message
    misplaced = record_scan(db, count.id, "PL", "1")
    assert misplaced.outcome == "misplaced" and "shelf C1" in misplaced.message
    again = record_scan(db, count.id, "C1", "000001")
    assert again.rescanned and again.outcome == "found"
    assert [s.code for s in scans(db, count.id)] == ["1", "11"]
    assert [s.code for s in scans(db, count.id, shelf="TN")] == ["11"]


def test_a_count_is_resumable_from_the_database(db_path, cabinet, db):
    from desktop.store.database import open_database

    count = start_stocktake(db, today=TODAY)
    record_scan(db, count.id, "C1", "1")
    record_scan(db, count.id, "C1", "2")
    db.close()
    reopened = open_database(db_path)
    try:
        resumed = current_stocktake(reopened)
        assert resumed is not None and resumed.id == count.id and resumed.scanned == 2
        record_scan(reopened, resumed.id, "C1", "3")
        assert stocktake_report(reopened, resumed.id).found == 3
    finally:
        reopened.close()


def test_only_one_open_count_at_a_time(db, cabinet):
    start_stocktake(db, today=TODAY)
    before = snapshot(db)
    with pytest.raises(ValidationError, match="still open"):
        start_stocktake(db, today=TODAY)
    assert snapshot(db) == before


def test_close_keeps_the_result_even_when_copies_change_later(db, cabinet):
    count = start_stocktake(db, today=TODAY)
    count_everything_but(db, count.id, missing={"3"})
    closed = close_stocktake(db, count.id, today=TODAY + dt.timedelta(days=2))
    assert closed.stocktake.closed_on == TODAY + dt.timedelta(days=2)
    assert (closed.stocktake.expected, closed.stocktake.found, closed.stocktake.missing) == (15, 14, 1)
    record_loss(db, "3", today=TODAY + dt.timedelta(days=3))  # the register moves on
    kept = stocktake_report(db, count.id)
    assert [c.accession_number for c in kept.missing] == [3]
    assert kept.expected == 15 and kept.found == 14
    assert current_stocktake(db) is None
    assert [s.id for s in list_stocktakes(db)] == [count.id]
    before = snapshot(db)
    with pytest.raises(ValidationError, match="closed"):
        record_scan(db, count.id, "C1", "4")
    with pytest.raises(ValidationError):
        close_stocktake(db, count.id)
    assert snapshot(db) == before


def test_a_copy_missing_in_two_consecutive_closed_counts_is_proposed_as_lost(db, cabinet):
    first = start_stocktake(db, today=TODAY)
    count_everything_but(db, first.id, missing={"4", "5"})
    report = close_stocktake(db, first.id, today=TODAY)
    assert report.proposed_lost == ()
    second = start_stocktake(db, today=TODAY + dt.timedelta(days=180))
    count_everything_but(db, second.id, missing={"5", "6"})
    assert [c.accession_number for c in stocktake_report(db, second.id).proposed_lost] == [5]
    closed = close_stocktake(db, second.id, today=TODAY + dt.timedelta(days=181),
                             mark_proposed_lost=True)
    assert [c.accession_number for c in closed.proposed_lost] == [5]
    assert find_copy_by_code(db, "5").status == "lost"
    assert find_copy_by_code(db, "6").status == "active"  # missing once only


def test_closing_can_put_found_lost_copies_back(db, cabinet):
    record_loss(db, "15", today=TODAY)
    count = start_stocktake(db, today=TODAY)
    record_scan(db, count.id, "PL", "15")
    close_stocktake(db, count.id, today=TODAY, restore_found_lost=True)
    assert find_copy_by_code(db, "15").status == "active"


def test_remove_a_mistaken_scan(db, cabinet):
    count = start_stocktake(db, today=TODAY)
    record_scan(db, count.id, "C1", "1")
    remove_scan(db, count.id, "1")
    assert stocktake_report(db, count.id).found == 0
    with pytest.raises(NotFoundError):
        remove_scan(db, count.id, "1")
    record_scan(db, count.id, "C1", "1")  # and scanned again
    assert stocktake_report(db, count.id).found == 1


def test_shelf_lists_for_counting_by_hand(db, cabinet):
    assert shelves(db) == ["C1", "PL", "TN"]
    assert [c.accession_number for c in shelf_list(db, "tn")] == [11, 12, 13]
    assert len(shelf_list(db)) == 15


def test_an_empty_code_is_refused(db, cabinet):
    count = start_stocktake(db, today=TODAY)
    before = snapshot(db)
    with pytest.raises(ValidationError):
        record_scan(db, count.id, "C1", "  ")
    assert snapshot(db) == before
