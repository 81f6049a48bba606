"""Intake: summary register lines, accession numbers in sequence and never given twice."""

from __future__ import annotations

import datetime as dt

import pytest
from test_books_support import TODAY, small_cabinet, snapshot

from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import set_language
from desktop.services.books.catalogue import TitleInput, create_title, find_copy_by_code
from desktop.services.books.intake import (
    IntakeInput,
    IntakeLine,
    add_copies,
    batch_copies,
    delete_copy,
    get_intake,
    record_intake,
    summary_register,
    update_intake,
)
from desktop.services.books.item_register import item_register
from desktop.services.books.weeding import WeedingInput, weed_copies

DONATION = IntakeInput(date=TODAY, source="donation", supplier="Đoàn Thanh niên xã")


def test_ten_copies_of_one_title_is_one_call_with_numbers_in_sequence(db):
    title = create_title(db, TitleInput(title="Sổ tay phòng chống bão lũ", price=12000), today=TODAY)
    result = record_intake(db, DONATION, [IntakeLine(title_id=title.id, copies=10, shelf="E1")],
                           today=TODAY)
    assert result.accession_numbers == tuple(range(1, 11))
    assert result.intake.copies == 10 and result.intake.titles == 1
    assert result.intake.value == 120000  # no stated value: the sum of the prices
    assert (result.intake.entry_number, result.intake.entry_label) == (1, "1/2026")


def test_entry_numbers_run_per_year(db):
    title = create_title(db, TitleInput(title="Tin học cơ bản"), today=TODAY)
    line = [IntakeLine(title_id=title.id)]
    first = record_intake(db, IntakeInput(date=dt.date(2025, 12, 30), source="purchase"), line,
                          today=TODAY).intake
    second = record_intake(db, IntakeInput(date=dt.date(2026, 1, 2), source="purchase",
                                           supplier="Nhà sách Tiền Phong", value=50000), line,
                           today=TODAY).intake
    third = record_intake(db, IntakeInput(date=dt.date(2026, 3, 2), source="purchase"), line,
                          today=TODAY).intake
    assert [(i.entry_year, i.entry_number) for i in (first, second, third)] == [
        (2025, 1), (2026, 1), (2026, 2)]
    assert second.value == 50000
    assert [i.entry_label for i in summary_register(db)] == ["1/2025", "1/2026", "2/2026"]
    assert [i.entry_label for i in summary_register(db, year=2026)] == ["1/2026", "2/2026"]


def test_an_accession_number_is_never_given_again(db, villages):
    cabinet = small_cabinet(db, villages)  # copies 1-15
    delete_copy(db, find_copy_by_code(db, "15").id)
    weed_copies(db, WeedingInput("01/QĐ-TTHTCĐ"), [find_copy_by_code(db, "14").id], confirm=True,
                today=TODAY)
    more = add_copies(db, cabinet.intake_id, cabinet.land_law_id, 2, today=TODAY)
    assert [copy.accession_number for copy in more] == [16, 17]
    with pytest.raises(NotFoundError):
        find_copy_by_code(db, "15")  # deleted copies are gone from the desk...
    assert [line.accession_number for line in item_register(db, first=13)] == [13, 14, 16, 17]


def test_the_item_register_notes_weeding_with_the_decision(db, villages):
    small_cabinet(db, villages)
    weed_copies(db, WeedingInput("07/QĐ-TTHTCĐ"), [find_copy_by_code(db, "2").id], confirm=True,
                today=TODAY)
    set_language("en")  # the Vietnamese note ("đã thanh lọc, QĐ số …") is checked in test_books_i18n
    lines = {line.accession_number: line for line in item_register(db)}
    assert lines[2].note == "weeded, decision 07/QĐ-TTHTCĐ"
    assert lines[2].status == "weeded"
    assert lines[3].note == ""
    assert lines[1].intake_entry == "1/2026" and lines[1].publisher == "NXB Nông nghiệp"


def test_a_batch_can_bring_new_and_known_titles_together(db):
    known = create_title(db, TitleInput(title="Truyện Kiều", authors="Nguyễn Du", price=60000),
                         today=TODAY)
    result = record_intake(db, DONATION, [
        IntakeLine(title_id=known.id, copies=2),
        IntakeLine(title=TitleInput(title="Tắt đèn", authors="Ngô Tất Tố"), copies=1, price=45000),
    ], today=TODAY)
    assert [(c.title, c.accession_number, c.price) for c in result.copies] == [
        ("Truyện Kiều", 1, 60000), ("Truyện Kiều", 2, 60000), ("Tắt đèn", 3, 45000)]
    assert [c.accession_number for c in batch_copies(db, result.intake.id)] == [1, 2, 3]


@pytest.mark.parametrize(("intake", "lines", "field"), [
    (IntakeInput(date=TODAY, source="gift"), None, "source"),
    (IntakeInput(date=TODAY + dt.timedelta(days=1), source="purchase"), None, "date"),
    (IntakeInput(date=TODAY, source="donation"), None, "supplier"),
    (IntakeInput(date=TODAY, source="rotation", supplier="Thư viện tỉnh"), None, "return_by"),
    (IntakeInput(date=TODAY, source="rotation", supplier="Thư viện tỉnh",
                 return_by=TODAY - dt.timedelta(days=1)), None, "return_by"),
    (IntakeInput(date=TODAY, source="purchase", return_by=TODAY), None, "return_by"),
    (IntakeInput(date=TODAY, source="purchase", value=-1), None, "value"),
    (DONATION, [], "lines"),
    (DONATION, [IntakeLine(title=TitleInput(title="X"), copies=0)], "copies"),
    (DONATION, [IntakeLine(title=TitleInput(title="X"), price=-20000)], "price"),
    (DONATION, [IntakeLine(title=TitleInput(title="X", price=-20000))], "price"),
    (DONATION, [IntakeLine(title=TitleInput(title="X", isbn="9786046000000"))], "isbn"),
    (DONATION, [IntakeLine()], "title"),
    (DONATION, [IntakeLine(title=TitleInput(title="X"), accession_numbers=(900,))],
     "accession_numbers"),
    (DONATION, [IntakeLine(title=TitleInput(title="X"), external_codes=("VV.1",))], "codes"),
])
def test_bad_batches_are_refused_and_nothing_is_written(db, intake, lines, field):
    before = snapshot(db)
    with pytest.raises(ValidationError) as raised:
        record_intake(db, intake, lines if lines is not None else [
            IntakeLine(title=TitleInput(title="Sổ tay"))], today=TODAY)
    assert raised.value.field == field
    assert snapshot(db) == before


def test_a_later_line_failing_rolls_back_the_whole_batch(db):
    before = snapshot(db)
    with pytest.raises(ValidationError):
        record_intake(db, DONATION, [IntakeLine(title=TitleInput(title="Tốt"), copies=5),
                                     IntakeLine(title=TitleInput(title="Xấu", price=-1))],
                      today=TODAY)
    assert snapshot(db) == before
    again = record_intake(db, DONATION, [IntakeLine(title=TitleInput(title="Tốt"), copies=5)],
                          today=TODAY)
    assert again.accession_numbers == (1, 2, 3, 4, 5)  # nothing was used up by the failure
    assert again.intake.entry_number == 1


def test_opening_stock_keeps_its_labels_and_numbering_continues_after(db):
    result = record_intake(db, IntakeInput(date=TODAY, source="opening"), [
        IntakeLine(title=TitleInput(title="Sách cũ"), copies=3, accession_numbers=(101, 102, 250))],
        today=TODAY)
    assert result.accession_numbers == (101, 102, 250)
    new = record_intake(db, DONATION, [IntakeLine(title=TitleInput(title="Sách mới"))], today=TODAY)
    assert new.accession_numbers == (251,)
    set_language("en")
    before = snapshot(db)
    with pytest.raises(ValidationError, match="never given twice"):
        record_intake(db, IntakeInput(date=TODAY, source="opening"), [
            IntakeLine(title=TitleInput(title="Trùng"), copies=1, accession_numbers=(102,))],
            today=TODAY)
    assert snapshot(db) == before


def test_update_a_register_line_but_not_its_source_or_year(db, villages):
    cabinet = small_cabinet(db, villages)
    changed = update_intake(db, cabinet.intake_id, IntakeInput(
        date=TODAY - dt.timedelta(days=2), source="donation", supplier="Hội Khuyến học xã",
        document_number="BB 13/2026", value=600000), today=TODAY)
    assert (changed.document_number, changed.value) == ("BB 13/2026", 600000)
    assert get_intake(db, cabinet.intake_id).supplier == "Hội Khuyến học xã"
    for data in (IntakeInput(date=TODAY, source="purchase"),
                 IntakeInput(date=dt.date(2025, 12, 1), source="donation", supplier="X")):
        before = snapshot(db)
        with pytest.raises(ValidationError):
            update_intake(db, cabinet.intake_id, data, today=TODAY)
        assert snapshot(db) == before


def test_a_copy_on_loan_cannot_be_deleted(db, villages):
    from desktop.services.books.loans import scan_and_apply

    cabinet = small_cabinet(db, villages)
    scan_and_apply(db, "5", cabinet.pang, today=TODAY)
    before = snapshot(db)
    with pytest.raises(ValidationError):
        delete_copy(db, find_copy_by_code(db, "5").id)
    assert snapshot(db) == before
