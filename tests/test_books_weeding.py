"""Weeding: copies leave circulation by decision, stay in the registers, 10% warning."""

from __future__ import annotations

import pytest
from test_books_support import TODAY, small_cabinet, snapshot

from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import set_language
from desktop.services.books.catalogue import TitleInput, find_copy_by_code, search_catalogue
from desktop.services.books.intake import IntakeInput, IntakeLine, record_intake
from desktop.services.books.item_register import item_register
from desktop.services.books.incidents import record_damage
from desktop.services.books.loans import scan_and_apply
from desktop.services.books.settings import CabinetSettings, save_cabinet_settings
from desktop.services.books.weeding import (
    WeedingInput,
    WeedingNeedsConfirmation,
    list_weedings,
    preview_weeding,
    weed_copies,
    weeding_candidates,
)

DECISION = WeedingInput("15/QĐ-TTHTCĐ", TODAY, "Rách nát")


@pytest.fixture
def cabinet(db, villages):
    set_language("en")
    cabinet = small_cabinet(db, villages)
    record_intake(db, IntakeInput(date=TODAY, source="purchase"), [
        IntakeLine(title=TitleInput(title="Tin học cơ bản"), copies=5)], today=TODAY)  # 16-20
    return cabinet


def ids(db, *codes):
    return [find_copy_by_code(db, code).id for code in codes]


def test_weeded_copies_leave_circulation_but_stay_in_the_registers(db, cabinet):
    result = weed_copies(db, DECISION, ids(db, "1", "2"), today=TODAY)
    assert (len(result.copies), result.percent, result.over_limit) == (2, 10.0, False)
    assert result.value == 70000
    (hit,) = search_catalogue(db, "ga tha vuon")
    assert hit.copies == 8
    lines = {line.accession_number: line for line in item_register(db)}
    assert lines[1].status == "weeded" and "15/QĐ-TTHTCĐ" in lines[1].note
    (weeding,) = list_weedings(db)
    assert weeding.decision_number == "15/QĐ-TTHTCĐ" and len(weeding.copies) == 2


def test_past_ten_percent_needs_confirmation_and_nothing_changes_until_then(db, cabinet):
    selection = ids(db, "1", "2", "3")  # 3 of 20 = 15%
    preview = preview_weeding(db, selection)
    assert preview.over_limit and preview.percent == 15.0 and preview.stock == 20
    before = snapshot(db)
    with pytest.raises(WeedingNeedsConfirmation) as raised:
        weed_copies(db, DECISION, selection, today=TODAY)
    assert "15.0%" in raised.value.message and raised.value.preview.over_limit
    assert snapshot(db) == before
    result = weed_copies(db, DECISION, selection, confirm=True, today=TODAY)
    assert result.over_limit


def test_the_warning_share_is_a_setting(db, cabinet):
    save_cabinet_settings(db, CabinetSettings(weeding_warning_percent=5))
    with pytest.raises(WeedingNeedsConfirmation):
        weed_copies(db, DECISION, ids(db, "1", "2"), today=TODAY)


@pytest.mark.parametrize(("decision", "codes", "words"), [
    (WeedingInput("  "), ("1",), "decision"),
    (DECISION, (), "Select"),
    (DECISION, ("1", "1"), "twice"),
])
def test_bad_weeding_requests_change_nothing(db, cabinet, decision, codes, words):
    before = snapshot(db)
    with pytest.raises(ValidationError, match=words):
        weed_copies(db, decision, ids(db, *codes), today=TODAY)
    assert snapshot(db) == before


def test_copies_on_loan_or_already_weeded_are_refused(db, cabinet):
    scan_and_apply(db, "4", cabinet.pang, today=TODAY)
    weed_copies(db, DECISION, ids(db, "5"), today=TODAY)
    before = snapshot(db)
    with pytest.raises(ValidationError, match="on loan"):
        weed_copies(db, DECISION, ids(db, "4"), today=TODAY)
    with pytest.raises(ValidationError, match="weeded already"):
        weed_copies(db, DECISION, ids(db, "5"), today=TODAY)
    with pytest.raises(NotFoundError):
        weed_copies(db, DECISION, ["no-such-copy"], today=TODAY)
    assert snapshot(db) == before


def test_damaged_copies_are_weeding_candidates(db, cabinet):
    record_damage(db, "7", note="Mất bìa", today=TODAY)
    assert [c.accession_number for c in weeding_candidates(db, damaged_only=True)] == [7]
    assert len(weeding_candidates(db, published_before=2020)) == 3  # the 2019 children's book
