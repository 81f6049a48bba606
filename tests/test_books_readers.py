"""Readers: villagers with a card, or a learner made a reader in one call."""

from __future__ import annotations

import pytest
from test_books_support import TODAY, snapshot

from desktop.errors import NotFoundError, ValidationError
from desktop.services.books.loans import scan_and_apply
from desktop.services.books.readers import (
    DuplicateReader,
    ReaderInput,
    create_reader,
    find_reader_by_card,
    get_reader,
    get_reader_input,
    reader_from_learner,
    readers_of_learners,
    search_readers,
    set_reader_deleted,
    update_reader,
)
from desktop.services.learners import LearnerInput, create_learner


def test_card_numbers_are_assigned_in_sequence(db, villages):
    first = create_reader(db, ReaderInput("Hà Thị Ơn", villages["Bản Nà Hạ"], "female", 1972),
                          today=TODAY)
    second = create_reader(db, ReaderInput("Vì Văn Inh", villages["Bản Nà Hạ"], "male", 2012),
                           today=TODAY)
    assert (first.card_number, first.card_code) == (1, "BD00001")
    assert second.card_code == "BD00002"
    assert first.village == "Bản Nà Hạ" and first.registered_on == TODAY


def test_a_learner_becomes_a_reader_in_one_call_and_only_once(db, villages):
    learner = create_learner(db, LearnerInput(full_name="Giàng Thị Mỷ", gender="female",
                                              birth_year=1995, ethnic_group_key="hmong",
                                              village_id=villages["Bản Pá Khoang"], phone="0912345678"),
                             today=TODAY)
    reader = reader_from_learner(db, learner.id, today=TODAY)
    assert (reader.full_name, reader.birth_year, reader.village, reader.learner_id) == (
        "Giàng Thị Mỷ", 1995, "Bản Pá Khoang", learner.id)
    assert reader.phone == "0912345678" and reader.ethnic_group_key == "hmong"
    again = reader_from_learner(db, learner.id, today=TODAY)
    assert again.id == reader.id and again.card_number == reader.card_number
    assert readers_of_learners(db) == {learner.id: reader.id}
    with pytest.raises(NotFoundError):
        reader_from_learner(db, "no-such-learner", today=TODAY)


@pytest.mark.parametrize(("fields", "field"), [
    ({"full_name": " "}, "full_name"),
    ({"full_name": "A" * 101}, "full_name"),
    ({"birth_year": 2025}, "birth_year"),
    ({"birth_year": 1900}, "birth_year"),
    ({"gender": "other"}, "gender"),
    ({"ethnic_group_key": "elf"}, "ethnic_group_key"),
    ({"village_id": "nowhere"}, "village_id"),
])
def test_bad_readers_are_refused_and_nothing_is_written(db, fields, field):
    before = snapshot(db)
    with pytest.raises(ValidationError) as raised:
        create_reader(db, ReaderInput(**{"full_name": "Lò Văn Xiêng", **fields}), today=TODAY)
    assert raised.value.field == field
    assert snapshot(db) == before


def test_a_probable_duplicate_needs_confirmation(db, villages):
    first = create_reader(db, ReaderInput("Lò Thị Pấng", villages["Bản Nà Hạ"], birth_year=1990),
                          today=TODAY)
    before = snapshot(db)
    with pytest.raises(DuplicateReader) as raised:
        create_reader(db, ReaderInput("LÒ THỊ PẤNG", villages["Bản Nà Hạ"], birth_year=1990),
                      today=TODAY)
    assert raised.value.existing.id == first.id
    assert snapshot(db) == before
    second = create_reader(db, ReaderInput("Lò Thị Pấng", villages["Bản Nà Hạ"], birth_year=1990),
                           confirm_duplicate=True, today=TODAY)
    assert second.card_number == 2


def test_search_by_name_without_accents_or_by_card(db, villages):
    create_reader(db, ReaderInput("Nguyễn Thị Hoa", villages["Thôn Đông"], birth_year=1980), today=TODAY)
    create_reader(db, ReaderInput("Sùng A Páo", villages["Bản Pá Khoang"], birth_year=1985), today=TODAY)
    create_reader(db, ReaderInput("Lò Văn Hoan", villages["Bản Nà Hạ"], birth_year=1970), today=TODAY)
    assert [r.full_name for r in search_readers(db, "hoa")] == ["Nguyễn Thị Hoa", "Lò Văn Hoan"]
    assert [r.full_name for r in search_readers(db, "sung a pao")] == ["Sùng A Páo"]
    assert [r.full_name for r in search_readers(db, "BD2")] == ["Sùng A Páo"]
    assert [r.full_name for r in search_readers(db, "", village_id=villages["Bản Nà Hạ"])] == [
        "Lò Văn Hoan"]
    assert find_reader_by_card(db, "bđ-00003").full_name == "Lò Văn Hoan"
    with pytest.raises(NotFoundError):
        find_reader_by_card(db, "BD9")


def test_update_keeps_the_card(db, villages):
    reader = create_reader(db, ReaderInput("Lo Van Xieng", villages["Bản Nà Hạ"], birth_year=1988),
                           today=TODAY)
    data = get_reader_input(db, reader.id)
    changed = update_reader(db, reader.id, ReaderInput("Lò Văn Xiêng", data.village_id, "male", 1988,
                                                       "thai", "0987654321"), today=TODAY)
    assert changed.card_number == reader.card_number and changed.full_name == "Lò Văn Xiêng"
    assert get_reader(db, reader.id).phone == "0987654321"


def test_a_reader_with_books_out_cannot_be_removed(db, villages):
    from test_books_support import small_cabinet

    cabinet = small_cabinet(db, villages)
    scan_and_apply(db, "1", cabinet.pao, today=TODAY)
    before = snapshot(db)
    with pytest.raises(ValidationError):
        set_reader_deleted(db, cabinet.pao)
    assert snapshot(db) == before
    set_reader_deleted(db, cabinet.an)
    assert [r.full_name for r in search_readers(db, "nguyen van an")] == []
    with pytest.raises(NotFoundError):
        get_reader(db, cabinet.an)
