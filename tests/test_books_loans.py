"""The loan desk: every rule and every refusal; a refusal changes nothing in the database."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy.exc import IntegrityError
from test_books_support import GOOD_ISBN_13, TODAY, small_cabinet, snapshot

from desktop.errors import NotFoundError, UserError, ValidationError
from desktop.i18n import set_language
from desktop.services.books.catalogue import find_copy_by_code
from desktop.services.books.incidents import mark_found, record_damage, record_loss
from desktop.services.books.loan_lists import (
    list_loans,
    overdue_by_village,
    overdue_count,
    reminder_text,
)
from desktop.services.books.loans import (
    ScanAction,
    apply_plan,
    extend_due_dates,
    plan_scan,
    renew,
    scan_and_apply,
    undo,
)
from desktop.services.books.readers import get_reader, set_reader_deleted
from desktop.services.books.settings import CabinetSettings, Closure, save_cabinet_settings
from desktop.services.books.weeding import WeedingInput, weed_copies
from desktop.store.book_models import BookLoan


@pytest.fixture
def cabinet(db, villages):
    set_language("en")
    return small_cabinet(db, villages)


def lend(db, code, reader_id, day=TODAY):
    plan = plan_scan(db, code, reader_id, today=day)
    assert plan.action == ScanAction.LEND, plan.message
    return apply_plan(db, plan)


# --- the scan box picks the action ---------------------------------------------------------------

def test_a_reader_card_starts_a_session_showing_who_it_is(db, cabinet):
    before = snapshot(db)
    plan = plan_scan(db, "BD00001", today=TODAY)
    assert plan.action == ScanAction.START_SESSION and not plan.needs_confirmation
    assert (plan.reader.full_name, plan.reader.village, plan.reader.birth_year) == (
        "Lò Thị Pấng", "Bản Nà Hạ", 1990)
    assert "Lò Thị Pấng (1990, Bản Nà Hạ)" in plan.message and "0 of 3" in plan.message
    assert snapshot(db) == before  # planning never writes


def test_a_copy_on_the_shelf_is_lent_to_the_current_reader_after_confirmation(db, cabinet):
    plan = plan_scan(db, "3", cabinet.pang, today=TODAY)
    assert plan.action == ScanAction.LEND and plan.needs_confirmation
    assert plan.copy.title == "Kỹ thuật nuôi gà thả vườn" and plan.reader.full_name == "Lò Thị Pấng"
    assert plan.due_on == dt.date(2026, 12, 7)  # adults: 14 days
    before = snapshot(db)
    event = apply_plan(db, plan)
    assert snapshot(db) != before
    assert event.kind == "lent" and event.due_on == dt.date(2026, 12, 7)
    assert event.copy.on_loan and event.reader.open_loans == 1
    (loan,) = list_loans(db, reader_id=cabinet.pang, today=TODAY)
    assert (loan.copy_code, loan.state, loan.loaned_on, loan.village) == ("3", "open", TODAY, "Bản Nà Hạ")


def test_childrens_books_have_the_childrens_period(db, cabinet):
    assert plan_scan(db, "11", cabinet.an, today=TODAY).due_on == dt.date(2026, 11, 30)


def test_the_due_date_skips_the_days_the_cabinet_is_closed(db, cabinet):
    save_cabinet_settings(db, CabinetSettings(
        closures=(Closure(dt.date(2026, 12, 7), dt.date(2026, 12, 12), "Lũ"),)))
    assert plan_scan(db, "1", cabinet.pang, today=TODAY).due_on == dt.date(2026, 12, 14)
    save_cabinet_settings(db, CabinetSettings(opening_weekdays=frozenset({1, 3})))  # Tue, Thu
    assert plan_scan(db, "1", cabinet.pang, today=TODAY).due_on == dt.date(2026, 12, 8)


def test_a_copy_that_is_out_is_returned_by_scanning_it_alone(db, cabinet):
    lend(db, "3", cabinet.pang)
    later = TODAY + dt.timedelta(days=3)
    plan = plan_scan(db, "3", today=later)  # a family member brings it, no reader scanned
    assert plan.action == ScanAction.RETURN and plan.needs_confirmation
    assert plan.reader.full_name == "Lò Thị Pấng" and plan.overdue_days == 0
    event = apply_plan(db, plan)
    assert event.kind == "returned" and not event.copy.on_loan
    (loan,) = list_loans(db, copy_id=event.copy.id, today=later)
    assert (loan.state, loan.returned_on) == ("returned", later)


def test_a_copy_out_to_someone_else_is_returned_even_during_another_session(db, cabinet):
    lend(db, "3", cabinet.pang)
    plan = plan_scan(db, "3", cabinet.pao, today=TODAY + dt.timedelta(days=20))
    assert plan.action == ScanAction.RETURN and plan.reader.id == cabinet.pang
    assert plan.overdue_days == 6 and "6 days overdue" in plan.message


def test_scanning_the_copy_just_lent_again_warns_of_a_double_scan(db, cabinet):
    lend(db, "3", cabinet.pang)
    plan = plan_scan(db, "3", cabinet.pang, today=TODAY)
    assert plan.action == ScanAction.RETURN and plan.warnings


def test_a_name_typed_in_the_scan_box_finds_the_reader(db, cabinet):
    plan = plan_scan(db, "sung a pao", today=TODAY)
    assert plan.action == ScanAction.START_SESSION and plan.reader.id == cabinet.pao
    assert plan_scan(db, "THỊ", today=TODAY).reader.id == cabinet.pang
    plan = plan_scan(db, "ng", today=TODAY)  # Pấng, Nguyễn, Sùng
    assert plan.action == ScanAction.PICK_READER and not plan.needs_confirmation
    assert [r.full_name for r in plan.candidates] == ["Nguyễn Văn An", "Sùng A Páo", "Lò Thị Pấng"]


# --- refusals: each has a reason and changes nothing ---------------------------------------------

def refused(db, code, reader_id=None, day=TODAY):
    before = snapshot(db)
    plan = plan_scan(db, code, reader_id, today=day)
    assert plan.action == ScanAction.REFUSE and plan.refused and plan.message
    with pytest.raises(UserError):
        apply_plan(db, plan)
    assert snapshot(db) == before
    return plan


def test_a_copy_on_the_shelf_without_a_reader_is_refused(db, cabinet):
    plan = refused(db, "3")
    assert "not on loan" in plan.message and "reader's card" in plan.message


def test_an_unknown_accession_number_is_refused(db, cabinet):
    assert "No copy has the accession number 404" in refused(db, "404", cabinet.pang).message


def test_an_unknown_card_is_refused(db, cabinet):
    assert "BD00099" in refused(db, "BD00099").message


def test_an_unknown_code_is_refused(db, cabinet):
    assert "“xyz”" in refused(db, "xyz", cabinet.pang).message
    assert refused(db, "   ").message


def test_an_isbn_scan_asks_for_the_copy_label(db, cabinet):
    assert "accession number label" in refused(db, GOOD_ISBN_13, cabinet.pang).message


def test_a_reader_at_the_limit_is_refused(db, cabinet):
    for code in ("1", "2", "3"):
        lend(db, code, cabinet.pang)
    plan = refused(db, "4", cabinet.pang)
    assert "3 copies out" in plan.message and "limit is 3" in plan.message


def test_the_limit_is_a_setting(db, cabinet):
    save_cabinet_settings(db, CabinetSettings(max_copies_per_reader=1))
    lend(db, "1", cabinet.pang)
    refused(db, "2", cabinet.pang)


def test_a_lost_copy_is_refused(db, cabinet):
    record_loss(db, "5", today=TODAY)
    assert "recorded as lost" in refused(db, "5", cabinet.pang).message


def test_a_weeded_copy_is_refused_with_its_decision(db, cabinet):
    weed_copies(db, WeedingInput("09/QĐ-TTHTCĐ"), [find_copy_by_code(db, "6").id], confirm=True,
                today=TODAY)
    assert "09/QĐ-TTHTCĐ" in refused(db, "6", cabinet.pang).message


def test_a_deleted_reader_is_refused(db, cabinet):
    set_reader_deleted(db, cabinet.an)
    assert "no longer registered" in refused(db, "1", cabinet.an).message


def test_a_second_loan_of_the_same_copy_is_refused_when_saving_a_stale_plan(db, cabinet):
    first = plan_scan(db, "7", cabinet.pang, today=TODAY)
    second = plan_scan(db, "7", cabinet.pao, today=TODAY)  # two desks, or a double confirm
    apply_plan(db, first)
    before = snapshot(db)
    with pytest.raises(ValidationError, match="already on loan"):
        apply_plan(db, second)
    assert snapshot(db) == before
    assert len(list_loans(db, open_only=True, today=TODAY)) == 1


def test_the_database_itself_refuses_two_open_loans_of_one_copy(db, cabinet):
    event = lend(db, "7", cabinet.pang)
    with pytest.raises(IntegrityError), db.unit_of_work() as session:
        session.add(BookLoan(copy_id=event.copy.id, reader_id=cabinet.pao, loaned_on=TODAY,
                             due_on=TODAY, state="open", renewals=0))


def test_a_return_of_a_copy_not_on_loan_is_refused(db, cabinet):
    lend(db, "8", cabinet.pang)
    plan = plan_scan(db, "8", today=TODAY)
    apply_plan(db, plan)
    before = snapshot(db)
    with pytest.raises(ValidationError, match="not on loan"):
        apply_plan(db, plan)  # the same return confirmed twice
    assert snapshot(db) == before
    refused(db, "8")  # and scanned again with no reader: it is on the shelf


def test_the_limit_is_checked_again_when_saving(db, cabinet):
    save_cabinet_settings(db, CabinetSettings(max_copies_per_reader=1))
    first = plan_scan(db, "1", cabinet.pang, today=TODAY)
    second = plan_scan(db, "2", cabinet.pang, today=TODAY)
    apply_plan(db, first)
    before = snapshot(db)
    with pytest.raises(ValidationError, match="limit"):
        apply_plan(db, second)
    assert snapshot(db) == before


def test_a_reader_with_overdue_books_is_warned_not_refused(db, cabinet):
    lend(db, "1", cabinet.pang, day=TODAY - dt.timedelta(days=30))
    plan = plan_scan(db, "2", cabinet.pang, today=TODAY)
    assert plan.action == ScanAction.LEND and any("overdue" in w for w in plan.warnings)
    assert plan_scan(db, "BD1", today=TODAY).warnings


# --- renew, undo, loss, damage, found ------------------------------------------------------------

def test_renew_gives_a_new_due_date_up_to_the_limit(db, cabinet):
    lend(db, "1", cabinet.pang)
    event = renew(db, "1", today=TODAY + dt.timedelta(days=10))
    assert event.due_on == dt.date(2026, 12, 17)
    renew(db, "1", today=TODAY + dt.timedelta(days=12))
    before = snapshot(db)
    with pytest.raises(ValidationError, match="renewed 2 times"):
        renew(db, "1", today=TODAY + dt.timedelta(days=13))
    assert snapshot(db) == before


def test_renew_refusals(db, cabinet):
    before = snapshot(db)
    with pytest.raises(ValidationError, match="not on loan"):
        renew(db, "1", today=TODAY)
    with pytest.raises(NotFoundError):
        renew(db, "999", today=TODAY)
    lend(db, "2", cabinet.pang)
    middle = snapshot(db)
    with pytest.raises(ValidationError, match="no more time"):
        renew(db, "2", today=TODAY)
    assert snapshot(db) == middle
    assert before != middle


@pytest.mark.parametrize("action", ["lend", "return", "renew"])
def test_undo_the_last_action_puts_the_loan_back_as_it_was(db, cabinet, action):
    if action != "lend":
        lend(db, "4", cabinet.pang)
    if action == "lend":
        event = lend(db, "4", cabinet.pang)
    elif action == "return":
        event = apply_plan(db, plan_scan(db, "4", today=TODAY + dt.timedelta(days=2)))
    else:
        event = renew(db, "4", today=TODAY + dt.timedelta(days=5))
    undo(db, event.undo)
    after = snapshot(db)
    open_loans = [row for row in after["book_loan"] if row[5] == "open"]
    expected_open = 0 if action == "lend" else 1
    assert len(open_loans) == expected_open
    if action == "lend":
        assert get_reader(db, cabinet.pang).open_loans == 0
        lend(db, "4", cabinet.pao)  # the copy is free again
    else:
        (loan,) = list_loans(db, open_only=True, today=TODAY)
        assert loan.due_on == dt.date(2026, 12, 7) and loan.renewals == 0


def test_undo_is_refused_once_the_loan_has_changed(db, cabinet):
    event = lend(db, "4", cabinet.pang)
    renew(db, "4", today=TODAY + dt.timedelta(days=8))
    before = snapshot(db)
    with pytest.raises(UserError, match="no longer be undone"):
        undo(db, event.undo)
    assert snapshot(db) == before


def test_undo_of_a_return_is_refused_once_the_copy_is_out_again(db, cabinet):
    lend(db, "4", cabinet.pang)
    returned = apply_plan(db, plan_scan(db, "4", today=TODAY))
    lend(db, "4", cabinet.pao)
    before = snapshot(db)
    with pytest.raises(UserError):
        undo(db, returned.undo)
    assert snapshot(db) == before


def test_loss_of_a_copy_on_loan_closes_the_loan_with_compensation(db, cabinet):
    lend(db, "9", cabinet.pao)
    event = record_loss(db, "9", compensation=35000, note="Cháy bếp", today=TODAY + dt.timedelta(days=9))
    assert event.kind == "lost" and event.reader.id == cabinet.pao and event.compensation == 35000
    assert event.copy.status == "lost" and not event.copy.on_loan
    assert get_reader(db, cabinet.pao).open_loans == 0
    (loan,) = list_loans(db, reader_id=cabinet.pao, today=TODAY)
    assert loan.state == "lost"
    undo(db, event.undo)
    assert find_copy_by_code(db, "9").status == "active"
    assert get_reader(db, cabinet.pao).open_loans == 1


def test_loss_refusals_change_nothing(db, cabinet):
    record_loss(db, "10", today=TODAY)
    before = snapshot(db)
    with pytest.raises(ValidationError):
        record_loss(db, "10", today=TODAY)  # lost already
    with pytest.raises(ValidationError):
        record_loss(db, "1", compensation=-5000, today=TODAY)
    with pytest.raises(NotFoundError):
        record_loss(db, "404", today=TODAY)
    assert snapshot(db) == before


def test_damage_on_return_is_charged_to_the_borrower(db, cabinet):
    lend(db, "12", cabinet.an)
    apply_plan(db, plan_scan(db, "12", today=TODAY + dt.timedelta(days=4)))
    event = record_damage(db, "12", compensation=10000, note="Ướt mưa",
                          today=TODAY + dt.timedelta(days=4))
    assert event.reader.id == cabinet.an and event.copy.damaged
    undo(db, event.undo)
    assert not find_copy_by_code(db, "12").damaged


def test_a_lost_copy_that_turns_up_is_put_back(db, cabinet):
    record_loss(db, "13", today=TODAY)
    event = mark_found(db, "13", today=TODAY + dt.timedelta(days=30))
    assert event.copy.status == "active"
    lend(db, "13", cabinet.an, day=TODAY + dt.timedelta(days=30))
    before = snapshot(db)
    with pytest.raises(ValidationError, match="not recorded as lost"):
        mark_found(db, "13")
    assert snapshot(db) == before


# --- closures, overdue, reminders ----------------------------------------------------------------

def test_extend_all_due_dates_after_an_unplanned_closure(db, cabinet):
    lend(db, "1", cabinet.pang)  # due 7/12
    lend(db, "11", cabinet.an)  # due 30/11
    lend(db, "2", cabinet.pao, day=TODAY - dt.timedelta(days=30))  # overdue before the flood
    result = extend_due_dates(db, dt.date(2026, 11, 30), dt.date(2026, 12, 2), label="Lũ quét")
    assert result.loans == 2
    due = {loan.copy_code: loan.due_on for loan in list_loans(db, open_only=True, today=TODAY)}
    assert due == {"1": dt.date(2026, 12, 10), "11": dt.date(2026, 12, 3), "2": dt.date(2026, 11, 7)}
    # New loans skip the closure too (it was recorded in the settings).
    assert plan_scan(db, "11", cabinet.pang, today=dt.date(2026, 11, 24)).due_on == dt.date(2026, 12, 3)
    before = snapshot(db)
    with pytest.raises(ValidationError):
        extend_due_dates(db, dt.date(2026, 12, 2), dt.date(2026, 11, 30))
    assert snapshot(db) == before


def test_overdue_list_grouped_by_village_with_days(db, cabinet):
    lend(db, "1", cabinet.pang, day=dt.date(2026, 10, 1))  # due 15/10
    lend(db, "2", cabinet.pang, day=dt.date(2026, 10, 20))  # due 3/11
    lend(db, "11", cabinet.an, day=dt.date(2026, 11, 2))  # due 9/11
    lend(db, "3", cabinet.pao)  # not overdue
    groups = overdue_by_village(db, TODAY)
    assert [(g.village, g.loans) for g in groups] == [("Bản Nà Hạ", 2), ("Thôn Đông", 1)]
    (pang,) = groups[0].readers
    assert [(loan.copy_code, loan.days_overdue) for loan in pang.loans] == [("1", 39), ("2", 20)]
    assert pang.most_days == 39
    assert overdue_count(db, TODAY) == 3
    assert overdue_count(db, dt.date(2026, 10, 16)) == 1
    assert [g.village for g in overdue_by_village(db, TODAY, min_days=30)] == ["Bản Nà Hạ"]


def test_the_reminder_text_is_ready_to_copy(db, cabinet):
    lend(db, "1", cabinet.pang, day=dt.date(2026, 10, 1))
    (group,) = overdue_by_village(db, TODAY)
    text = reminder_text(group.readers[0], centre_name="TTHTCĐ xã Tân Lập", today=TODAY)
    assert text.splitlines()[0] == "Hello Lò Thị Pấng,"
    assert "“Kỹ thuật nuôi gà thả vườn” (no. 1), due 15/10/2026, 39 days overdue" in text
    assert "TTHTCĐ xã Tân Lập" in text
    set_language("vi")
    assert "Lò Thị Pấng" in reminder_text(group.readers[0], today=TODAY)


def test_the_loan_book_lists_newest_first(db, cabinet):
    lend(db, "1", cabinet.pang, day=dt.date(2026, 10, 1))
    lend(db, "11", cabinet.an, day=dt.date(2026, 11, 2))
    book = list_loans(db, today=TODAY)
    assert [(loan.copy_code, loan.card_code) for loan in book] == [("11", "BD00003"), ("1", "BD00001")]
    assert [loan.copy_code for loan in list_loans(db, first=dt.date(2026, 11, 1), today=TODAY)] == ["11"]
    assert book[1].overdue_days == 39


def test_scan_and_apply_raises_the_refusal(db, cabinet):
    before = snapshot(db)
    with pytest.raises(UserError, match="not on loan"):
        scan_and_apply(db, "3", today=TODAY)
    assert snapshot(db) == before


def test_a_plan_is_plain_data(db, cabinet):
    plan = plan_scan(db, "3", cabinet.pang, today=TODAY)
    assert dataclasses.is_dataclass(plan) and plan.today == TODAY
    with pytest.raises(dataclasses.FrozenInstanceError):
        plan.code = "4"  # type: ignore[misc]
