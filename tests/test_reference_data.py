"""Reference lists: ethnic groups, provinces, activity vocabularies and DDC classes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from desktop.reference import activities, ddc, provinces
from desktop.reference.ethnic_groups import (
    ETHNIC_GROUPS, EthnicGroup, ethnic_group_by_key, find_ethnic_group, fold_key,
)

# ---- ethnic groups ---------------------------------------------------------------------------


def test_there_are_54_groups_and_foreigner_in_1979_order() -> None:
    assert len(ETHNIC_GROUPS) == 55
    assert [group.code_1979 for group in ETHNIC_GROUPS] == [f"{n:02d}" for n in range(1, 56)]
    names = [group.name_vi for group in ETHNIC_GROUPS]
    assert names[:10] == ["Kinh", "Tày", "Thái", "Hoa", "Khơ-me", "Mường", "Nùng", "H'Mông", "Dao",
                          "Gia-rai"]
    assert names[22] == "Bru-Vân Kiều"
    assert names[46] == "Cờ Lao"
    assert names[53] == "Rơ-măm"
    assert names[54] == "Người nước ngoài"
    assert ETHNIC_GROUPS[54].key == "foreigner"


def test_keys_are_unique_ascii_slugs() -> None:
    keys = [group.key for group in ETHNIC_GROUPS]
    assert len(set(keys)) == len(keys)
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", key) for key in keys)
    assert {"kinh", "hmong", "kho-me", "foreigner", "bru-van-kieu"} <= set(keys)


def test_only_the_confirmed_2008_codes_are_filled_in() -> None:
    confirmed = {group.key: group.code_2008 for group in ETHNIC_GROUPS if group.code_2008}
    assert confirmed == {
        "kinh": "01", "tay": "02", "thai": "03", "muong": "04", "kho-me": "05", "hoa": "06",
        "nung": "07", "hmong": "08", "dao": "09", "gia-rai": "10", "e-de": "11", "ba-na": "12",
        "san-chay": "13", "cham": "14", "co-ho": "15", "xo-dang": "16", "san-diu": "17",
        "hre": "18", "ra-glai": "19", "mnong": "20",
    }


def test_minority_and_very_small_flags() -> None:
    not_minority = {group.key for group in ETHNIC_GROUPS if not group.minority}
    assert not_minority == {"kinh", "foreigner"}
    very_small = {group.name_vi for group in ETHNIC_GROUPS if group.very_small}
    assert very_small == {"Cống", "Mảng", "Pu Péo", "Si La", "Cờ Lao", "Bố Y", "La Ha", "Ngái",
                          "Chứt", "Ơ Đu", "Brâu", "Rơ-măm", "Lô Lô", "Lự", "Pà Thẻn", "La Hủ"}


def test_no_name_or_other_name_belongs_to_two_groups() -> None:
    owners: dict[str, str] = {}
    for group in ETHNIC_GROUPS:
        for name in {fold_key(n) for n in (group.name_vi, group.name_en, *group.other_names)}:
            assert owners.setdefault(name, group.key) == group.key, name
    # every spelling finds its own group back
    for group in ETHNIC_GROUPS:
        for name in (group.name_vi, group.name_en, *group.other_names):
            assert find_ethnic_group(name) is group, name


def test_groups_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        ETHNIC_GROUPS[0].name_vi = "x"  # type: ignore[misc]


@pytest.mark.parametrize(("text", "key"), [
    ("Mèo", "hmong"), ("HMÔNG", "hmong"), ("Mông", "hmong"), ("h'mong", "hmong"),
    ("H’Mông", "hmong"), ("Hmông", "hmong"), ("Khmer", "kho-me"), ("Khơ me", "kho-me"),
    ("khome", "kho-me"), ("Khơ - me", "kho-me"), ("Thái Đen", "thai"), ("thai trang", "thai"),
    ("Cơ Lao", "co-lao"), ("Cờ-Lao", "co-lao"), ("  kinh ", "kinh"), ("Dân tộc Tày", "tay"),
    ("Ê Đê", "e-de"), ("Ede", "e-de"), ("Bru - Vân Kiều", "bru-van-kieu"), ("xtieng", "xtieng"),
    ("Nguoi nuoc ngoai", "foreigner"), ("Hoa", "hoa"), ("Co", "co"), ("Cống", "cong"),
])
def test_find_ethnic_group_by_name(text: str, key: str) -> None:
    group = find_ethnic_group(text)
    assert group is not None and group.key == key


def test_find_ethnic_group_by_code_in_either_order() -> None:
    assert find_ethnic_group("04").key == "hoa"  # type: ignore[union-attr]
    assert find_ethnic_group("4").key == "hoa"  # type: ignore[union-attr]
    assert find_ethnic_group("04", code_system="2008").key == "muong"  # type: ignore[union-attr]
    assert find_ethnic_group("55").key == "foreigner"  # type: ignore[union-attr]
    assert find_ethnic_group("8.0").key == "hmong"  # type: ignore[union-attr]
    assert find_ethnic_group("30", code_system="2008") is None  # not confirmed yet
    assert find_ethnic_group("56") is None


@pytest.mark.parametrize("text", ["", "   ", "Klingon", "Thái Lan", "x"])
def test_find_ethnic_group_unknown(text: str) -> None:
    assert find_ethnic_group(text) is None


def test_ethnic_group_by_key() -> None:
    group = ethnic_group_by_key("hmong")
    assert isinstance(group, EthnicGroup)
    assert group.name_vi == "H'Mông" and group.code_1979 == "08" and "Mèo" in group.other_names
    assert ethnic_group_by_key("mèo") is None
    assert ethnic_group_by_key("nope") is None


def test_fold_key() -> None:
    assert fold_key("Khơ-me") == "khome"
    assert fold_key("H’Mông") == "hmong"
    assert fold_key("ĐẮK LẮK") == "daklak"
    assert fold_key("Thanh Hoá") == fold_key("Thanh Hóa")


# ---- provinces -------------------------------------------------------------------------------


def test_34_provinces_from_july_2025() -> None:
    assert len(provinces.PROVINCES) == 34
    codes = [province.code for province in provinces.PROVINCES]
    assert len(set(codes)) == 34 and codes == sorted(codes)
    assert codes[:4] == ["01", "04", "08", "11"] and codes[-1] == "96"
    for province in provinces.PROVINCES:
        assert province.valid_from == dt.date(2025, 7, 1)
        assert province.valid_to is None
        assert province.code_system == "2025"
        assert province.name_vi and province.name_en


def test_code_15_is_lao_cai_now_and_the_reuse_is_documented() -> None:
    assert provinces.find_province("15").name_vi == "Lào Cai"  # type: ignore[union-attr]
    assert provinces.find_province("Yên Bái") is None
    assert "Yên Bái" in (provinces.__doc__ or "")


@pytest.mark.parametrize(("query", "code"), [
    ("01", "01"), ("1", "01"), (1, "01"), ("Hà Nội", "01"), ("ha noi", "01"), ("Hanoi", "01"),
    ("Thanh Hoá", "38"), ("tỉnh thanh hóa", "38"), ("TP Hồ Chí Minh", "79"),
    ("Thành phố Hồ Chí Minh", "79"), ("TP.HCM", "79"), ("Huế", "46"), ("Thừa Thiên Huế", "46"),
    ("Đăk Lăk", "66"), ("Dak Lak", "66"), ("TP. Cần Thơ", "92"), ("Cà Mau", "96"),
])
def test_find_province(query: str | int, code: str) -> None:
    province = provinces.find_province(query)
    assert province is not None and province.code == code


@pytest.mark.parametrize("query", ["", "02", "Hà Giang", "Bình Dương", "99"])
def test_find_province_unknown(query: str) -> None:
    assert provinces.find_province(query) is None


# ---- activities and other vocabularies ---------------------------------------------------------


def test_activity_kinds() -> None:
    keys = [kind.key for kind in activities.ACTIVITY_KINDS]
    assert keys == ["literacy_1", "literacy_2", "post_literacy", "short_course", "topic_talk",
                    "training", "club", "reading_culture", "other"]
    assert [kind.key for kind in activities.ACTIVITY_KINDS if kind.is_talk] == ["topic_talk"]
    talk = activities.activity_kind("topic_talk")
    assert talk is not None and talk.name_vi == "Chuyên đề" and talk.name_en == "Topic talk"
    assert activities.activity_kind("nope") is None


def test_attendance_marks() -> None:
    marks = {mark.code: mark for mark in activities.ATTENDANCE_MARKS}
    assert list(marks) == ["C", "P", "K", "M"]
    assert marks["C"].name_vi == "Có mặt" and marks["C"].key == "present"
    assert marks["P"].name_vi == "Vắng có phép" and marks["P"].name_en == "Excused absence"
    assert marks["K"].name_vi == "Vắng không phép"
    assert marks["M"].name_vi == "Đi muộn" and marks["M"].key == "late"
    assert {code for code, mark in marks.items() if mark.counts_present} == {"C", "M"}
    assert activities.attendance_mark("m") is marks["M"]
    assert activities.attendance_mark("excused") is marks["P"]
    assert activities.attendance_mark("X") is None


def test_age_bands_overlap_as_reported() -> None:
    assert [band.key for band in activities.AGE_BANDS] == ["15-25", "15-35", "15-60", "over-60"]
    assert [band.key for band in activities.age_bands_for(20)] == ["15-25", "15-35", "15-60"]
    assert [band.key for band in activities.age_bands_for(25)] == ["15-25", "15-35", "15-60"]
    assert [band.key for band in activities.age_bands_for(36)] == ["15-60"]
    assert [band.key for band in activities.age_bands_for(60)] == ["15-60"]
    assert [band.key for band in activities.age_bands_for(61)] == ["over-60"]
    assert activities.age_bands_for(14) == ()


def test_small_vocabularies() -> None:
    assert [(g.key, g.name_vi) for g in activities.GENDERS] == [("male", "Nam"), ("female", "Nữ")]
    assert [s.key for s in activities.FUNDING_SOURCES] == [
        "state_budget", "commune_budget", "socialisation", "programme", "other"]
    assert [s.key for s in activities.LEARNER_STATUSES][:4] == [
        "studying", "completed_phase_1", "completed_phase_2", "dropped_out"]
    assert len(activities.TOPIC_GROUPS) == 11
    assert activities.TOPIC_GROUPS[0].key == "literacy"
    assert activities.TOPIC_GROUPS[-1].key == "other"
    law = activities.topic_group("law")
    assert law is not None and law.name_vi == "Phổ biến, giáo dục pháp luật"
    partner = activities.partner_body("study_promotion_association")
    assert partner is not None and partner.name_vi == "Hội Khuyến học"
    assert len(activities.PARTNER_BODIES) == 14


@pytest.mark.parametrize("choices", [
    activities.ACTIVITY_KINDS, activities.TOPIC_GROUPS, activities.PARTNER_BODIES,
    activities.LEARNER_STATUSES, activities.ATTENDANCE_MARKS, activities.GENDERS,
    activities.AGE_BANDS, activities.FUNDING_SOURCES, ddc.DDC_MAIN_CLASSES,
])
def test_every_list_has_unique_keys_and_both_labels(choices: tuple[object, ...]) -> None:
    keys = [getattr(choice, "key", None) or getattr(choice, "code", None) for choice in choices]
    assert len(set(keys)) == len(keys)
    for choice in choices:
        name_vi: str = getattr(choice, "name_vi", "")
        name_en: str = getattr(choice, "name_en", "")
        assert name_vi.strip() and name_en.strip()
        assert name_en.replace("–", "-").isascii()  # English labels; en dashes in age ranges


# ---- DDC -------------------------------------------------------------------------------------


def test_ddc_main_classes() -> None:
    assert [item.code for item in ddc.DDC_MAIN_CLASSES] == [f"{n}00" for n in range(10)]
    general = ddc.ddc_main_class("000")
    assert general is not None and general.name_vi == "Tin học, thông tin và tác phẩm tổng quát"
    assert ddc.ddc_main_class("800").name_vi == "Văn học"  # type: ignore[union-attr]
    assert ddc.ddc_main_class("900").name_en == "History and geography"  # type: ignore[union-attr]
    assert ddc.ddc_main_class("650") is None
    assert {item.code for item in ddc.DDC_NOTED_DIVISIONS} == {"340", "370", "610", "630"}


@pytest.mark.parametrize(("call_number", "code"), [
    ("634.9 NG-A", "600"), ("340", "300"), ("895.922", "800"), (" 001.4", "000"),
    ("63", None), ("6345", None), ("V23", None), ("", None),
])
def test_main_class_of_a_call_number(call_number: str, code: str | None) -> None:
    found = ddc.main_class_of(call_number)
    assert (found.code if found else None) == code
