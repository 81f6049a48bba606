"""The catalogue: title checks, search as you type, and jumping straight to a scanned code."""

from __future__ import annotations

import dataclasses

import pytest
from test_books_support import GOOD_ISBN_10, GOOD_ISBN_13, TODAY, small_cabinet, snapshot

from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import set_language
from desktop.services.books.catalogue import (
    TitleInput,
    classification_choices,
    create_title,
    delete_title,
    find_copy_by_code,
    get_title,
    get_title_input,
    list_copies,
    lookup_code,
    search_catalogue,
    update_copy,
    update_title,
)


@pytest.fixture
def cabinet(db, villages):
    return small_cabinet(db, villages)


def test_a_title_is_stored_clean_with_its_main_class(db):
    info = create_title(db, TitleInput(title="  Kỹ   thuật trồng chè ", authors="Đỗ Ngọc Quỹ",
                                       classification="633.72", isbn=GOOD_ISBN_10, price=0),
                        today=TODAY)
    assert info.title == "Kỹ thuật trồng chè"
    assert info.main_class == "600"
    assert info.isbn == "0306406152"
    assert info.copies == 0 and info.price == 0


@pytest.mark.parametrize(("fields", "field", "words"), [
    ({"title": "   "}, "title", "title"),
    ({"price": -1000}, "price", "negative"),
    ({"isbn": "978-604-60-0000-0"}, "isbn", "check digit"),
    ({"isbn": "12345"}, "isbn", "10 or 13"),
    ({"year": 1700}, "year", "not plausible"),
    ({"year": 2031}, "year", "not plausible"),
    ({"language": "klingon"}, "language", "language"),
    ({"audience": "teenagers"}, "audience", "children"),
    ({"price": 500_000_000}, "price", "too high"),
])
def test_bad_titles_are_refused_with_a_clear_message_and_nothing_changes(db, fields, field, words):
    set_language("en")
    before = snapshot(db)
    with pytest.raises(ValidationError) as raised:
        create_title(db, TitleInput(**{"title": "Sổ tay chăn nuôi", **fields}), today=TODAY)
    assert raised.value.field == field
    assert words in raised.value.message
    assert snapshot(db) == before


def test_a_second_title_with_the_same_isbn_is_refused_even_written_as_isbn10(db):
    create_title(db, TitleInput(title="Sách A", isbn=GOOD_ISBN_10), today=TODAY)
    before = snapshot(db)
    with pytest.raises(ValidationError) as raised:
        create_title(db, TitleInput(title="Sách B", isbn="978-0-306-40615-7"), today=TODAY)
    assert raised.value.field == "isbn"
    assert snapshot(db) == before


def test_update_and_read_back(db, cabinet):
    data = get_title_input(db, cabinet.chicken_id)
    changed = update_title(db, cabinet.chicken_id, dataclasses.replace(data, price=40000,
                                                                       subjects="Gia cầm"))
    assert changed.price == 40000 and changed.copies == 10
    assert get_title_input(db, cabinet.chicken_id).subjects == "Gia cầm"
    before = snapshot(db)
    with pytest.raises(ValidationError):
        update_title(db, cabinet.chicken_id, dataclasses.replace(data, price=-5))
    assert snapshot(db) == before


@pytest.mark.parametrize("query", ["ga tha vuon", "GÀ THẢ", "nuôi gà", "bo nguyen van",
                                   "chan nuoi", "nong nghiep", "9786046000006"])
def test_search_ignores_accents_and_case_and_covers_authors_subjects_isbn(db, cabinet, query):
    hits = search_catalogue(db, query)
    assert [hit.id for hit in hits] == [cabinet.chicken_id]


def test_search_by_accession_number_puts_that_copys_title_first(db, cabinet):
    hits = search_catalogue(db, "12")
    assert hits[0].id == cabinet.cricket_id and hits[0].matched_code == "12"


def test_search_by_isbn10_finds_the_isbn13_title(db, cabinet):
    title = create_title(db, TitleInput(title="Physics", isbn="978-0-306-40615-7"), today=TODAY)
    assert search_catalogue(db, GOOD_ISBN_10)[0].id == title.id


def test_search_counts_copies_and_filters(db, cabinet):
    (hit,) = search_catalogue(db, "de men")
    assert (hit.copies, hit.available, hit.on_loan) == (3, 3, 0)
    assert [h.id for h in search_catalogue(db, "", audience="children")] == [cabinet.cricket_id]
    assert [h.id for h in search_catalogue(db, "", law_book=True)] == [cabinet.land_law_id]
    assert [h.id for h in search_catalogue(db, "", main_class="600")] == [cabinet.chicken_id]
    assert len(search_catalogue(db, "")) == 3
    assert search_catalogue(db, "zzz") == []
    assert search_catalogue(db, "%") == []  # LIKE wildcards are escaped


def test_lookup_code_jumps_to_copy_title_or_reader(db, cabinet):
    copy = lookup_code(db, "000014")
    assert copy.kind == "copy" and copy.copy is not None and copy.copy.accession_number == 14
    assert copy.title_id == cabinet.land_law_id
    assert lookup_code(db, "ĐKCB 3").copy.accession_number == 3
    title = lookup_code(db, GOOD_ISBN_13)
    assert title.kind == "title" and title.id == cabinet.chicken_id
    reader = lookup_code(db, "bd 2")
    assert reader.kind == "reader" and reader.reader.full_name == "Sùng A Páo"
    assert lookup_code(db, "BD00002").id == cabinet.pao


@pytest.mark.parametrize("code", ["999", "BD99", "978-0-306-40615-7", "hello", ""])
def test_lookup_of_an_unknown_code_says_so(db, cabinet, code):
    match = lookup_code(db, code)
    assert match.kind == "none" and match.message


def test_unknown_accession_number_is_a_clear_not_found(db, cabinet):
    set_language("en")
    with pytest.raises(NotFoundError, match="“404”"):
        find_copy_by_code(db, "404")


def test_copies_of_a_title_in_accession_order(db, cabinet):
    copies = list_copies(db, cabinet.cricket_id)
    assert [copy.accession_number for copy in copies] == [11, 12, 13]
    assert all(copy.shelf == "TN" and copy.audience == "children" for copy in copies)


def test_update_copy_and_refuse_a_negative_price(db, cabinet):
    copy = find_copy_by_code(db, "1")
    moved = update_copy(db, copy.id, shelf="  C2 ", price=30000, notes="Bìa sờn")
    assert (moved.shelf, moved.price, moved.notes) == ("C2", 30000, "Bìa sờn")
    before = snapshot(db)
    with pytest.raises(ValidationError):
        update_copy(db, copy.id, price=-1)
    assert snapshot(db) == before


def test_a_title_with_copies_cannot_be_deleted(db, cabinet):
    before = snapshot(db)
    with pytest.raises(ValidationError):
        delete_title(db, cabinet.chicken_id)
    assert snapshot(db) == before
    lonely = create_title(db, TitleInput(title="Nhập nhầm"), today=TODAY)
    delete_title(db, lonely.id)
    with pytest.raises(NotFoundError):
        get_title(db, lonely.id)


def test_the_default_classification_list_is_the_ddc_main_classes():
    assert [item.code for item in classification_choices()] == [f"{n}00" for n in range(10)]
