"""The learner register through its service: validation, duplicates, soft delete, order, search."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from desktop.errors import ValidationError
from desktop.services.learners import (
    LearnerFilter,
    LearnerInput,
    ProbableDuplicate,
    create_learner,
    get_learner,
    list_learners,
    set_learner_deleted,
    update_learner,
)

TODAY = dt.date(2026, 11, 23)


def add(db, name, village_id, year=1985, **fields):
    return create_learner(db, LearnerInput(full_name=name, birth_year=year, village_id=village_id, **fields),
                          today=TODAY)


def test_names_are_stored_nfc_with_single_spaces(db, villages):
    decomposed = unicodedata.normalize("NFD", "  Nguyễn   Thị Hoa ")
    learner = add(db, decomposed, villages["Thôn Đông"])
    assert learner.full_name == "Nguyễn Thị Hoa"
    assert unicodedata.is_normalized("NFC", learner.full_name)


@pytest.mark.parametrize(("fields", "field"), [
    ({"full_name": "   "}, "full_name"),
    ({"full_name": "A" * 101}, "full_name"),
    ({"birth_year": 1890}, "birth_date"),
    ({"birth_year": 2030}, "birth_date"),
    ({"birth_date": dt.date(2027, 1, 1), "birth_year": None}, "birth_date"),
    ({"ethnic_group_key": "martian"}, "ethnic_group_key"),
    ({"village_id": "not-a-village"}, "village_id"),
    ({"village_id": None}, "village_id"),
])
def test_bad_input_is_refused_with_the_field_named(db, villages, fields, field):
    data = {"full_name": "Lò Thị Pấng", "birth_year": 1990, "village_id": villages["Bản Nà Hạ"], **fields}
    with pytest.raises(ValidationError) as raised:
        create_learner(db, LearnerInput(**data), today=TODAY)
    assert raised.value.field == field
    assert list_learners(db) == []


def test_birth_date_gives_the_birth_year(db, villages):
    learner = create_learner(db, LearnerInput(full_name="Sùng A Páo", birth_date=dt.date(1979, 4, 2),
                                              village_id=villages["Bản Pá Khoang"]), today=TODAY)
    assert learner.birth_year == 1979


def test_a_probable_duplicate_is_flagged_until_confirmed(db, villages):
    first = add(db, "Nguyễn Thị Hoa", villages["Thôn Đông"], 1985)
    with pytest.raises(ProbableDuplicate) as raised:
        add(db, "nguyen thi hoa", villages["Thôn Đông"], 1985)
    assert raised.value.existing.id == first.id
    assert "1985" in raised.value.message
    add(db, "Nguyễn Thị Hoa", villages["Thôn Tây"], 1985)  # another village: a different person
    create_learner(db, LearnerInput(full_name="Nguyễn Thị Hoa", birth_year=1985,
                                    village_id=villages["Thôn Đông"]), confirm_duplicate=True, today=TODAY)
    assert len(list_learners(db)) == 3


def test_learners_are_listed_in_vietnamese_name_order(db, villages):
    village = villages["Thôn Đông"]
    for name in ["Trần Văn Bình", "Lò Thị Pấng", "Nguyễn Văn An", "Đặng Thị Ánh", "Giàng Thị Mỷ",
                 "Hoàng Văn Đức", "Phạm Thị Dung"]:
        add(db, name, village)
    names = [learner.full_name for learner in list_learners(db)]
    assert names == ["Nguyễn Văn An", "Đặng Thị Ánh", "Trần Văn Bình", "Phạm Thị Dung",
                     "Hoàng Văn Đức", "Giàng Thị Mỷ", "Lò Thị Pấng"]


def test_search_ignores_accents_and_case(db, villages):
    add(db, "Nguyễn Thị Hoa", villages["Thôn Đông"])
    add(db, "Đặng Văn Lâm", villages["Thôn Đông"])
    add(db, "Lò Thị Pấng", villages["Bản Nà Hạ"])
    assert [l.full_name for l in list_learners(db, query="nguyen thi hoa")] == ["Nguyễn Thị Hoa"]
    assert [l.full_name for l in list_learners(db, query="DANG")] == ["Đặng Văn Lâm"]
    assert [l.full_name for l in list_learners(db, query="pang lo")] == ["Lò Thị Pấng"]
    assert list_learners(db, query="%") == []


def test_filters(db, villages, today):
    add(db, "Lò Thị Pấng", villages["Bản Nà Hạ"], 1960, gender="female", ethnic_group_key="thai")
    add(db, "Nguyễn Văn An", villages["Thôn Đông"], 2000, gender="male")
    by_village = list_learners(db, LearnerFilter(village_id=villages["Bản Nà Hạ"]))
    assert [l.full_name for l in by_village] == ["Lò Thị Pấng"]
    assert [l.full_name for l in list_learners(db, LearnerFilter(gender="male"))] == ["Nguyễn Văn An"]
    assert [l.full_name for l in list_learners(db, LearnerFilter(ethnic_group_key="thai"))] == ["Lò Thị Pấng"]
    older = list_learners(db, LearnerFilter(age_band="over-60", today=TODAY))
    assert [l.full_name for l in older] == ["Lò Thị Pấng"]
    young = list_learners(db, LearnerFilter(age_band="15-35", today=TODAY))
    assert [l.full_name for l in young] == ["Nguyễn Văn An"]


def test_soft_delete_keeps_the_record_and_can_be_undone(db, villages):
    learner = add(db, "Vàng A Chứ", villages["Bản Pá Khoang"])
    set_learner_deleted(db, learner.id)
    assert list_learners(db) == []
    assert [l.deleted for l in list_learners(db, LearnerFilter(include_deleted=True))] == [True]
    set_learner_deleted(db, learner.id, False)
    assert [l.full_name for l in list_learners(db)] == ["Vàng A Chứ"]


def test_update_changes_the_record(db, villages):
    learner = add(db, "Cầm Văn Inh", villages["Bản Nà Hạ"])
    data = get_learner(db, learner.id)
    updated = update_learner(db, learner.id, LearnerInput(**{**data.__dict__, "phone": " 0912345678 "}),
                             today=TODAY)
    assert get_learner(db, updated.id).phone == "0912345678"
