"""The communes and wards from 1 July 2025 (issue 16): the official list, read and searched the
Vietnamese way, and picked in the centre's details."""

from __future__ import annotations

import unicodedata
from collections import Counter

import pytest

from desktop.reference.communes import SOURCE, commune_by_code, communes, find_communes
from desktop.reference.provinces import PROVINCES


def test_the_list_is_the_official_one_of_3321_units_with_distinct_codes():
    rows = communes()
    assert len(rows) == 3321 and len({item.code for item in rows}) == 3321
    assert Counter(item.name.split()[0] for item in rows) == {"Xã": 2621, "Phường": 687, "Đặc": 13}
    assert {item.province_code for item in rows} == {province.code for province in PROVINCES}
    assert all(item.code.isdigit() and len(item.code) == 5 for item in rows)
    assert all(unicodedata.is_normalized("NFC", item.name) and item.name == " ".join(item.name.split())
               for item in rows)
    assert SOURCE.with_name("communes_2025.SOURCE.md").is_file()  # where it comes from, and its licence


def test_known_codes():
    assert commune_by_code("00070").name == "Phường Hoàn Kiếm"
    assert commune_by_code("70").name == "Phường Hoàn Kiếm"
    hoan_kiem = commune_by_code("00070")
    assert hoan_kiem.province_code == "01" and hoan_kiem.code_system == "2025"
    assert commune_by_code("00226").name == "Phường Văn Miếu - Quốc Tử Giám"  # two lines in the source
    assert commune_by_code("99999") is None and commune_by_code("abc") is None


@pytest.mark.parametrize("typed", ["nguyen", "Nguyễn", "NGUYEN", unicodedata.normalize("NFD", "nguyễn")])
def test_typing_without_accents_finds_the_name_with_them(typed):
    names = [item.name for item in find_communes(typed, limit=500)]
    assert "Phường Nguyễn Trãi" in names and "Xã Nguyễn Huệ" in names
    assert all("nguy" in unicodedata.normalize("NFD", name).lower() for name in names)


def test_a_name_that_begins_with_the_words_comes_first_the_kind_may_be_left_out():
    assert find_communes("tan hop")[0].name == "Xã Tân Hợp"
    assert find_communes("xa tan hop")[0].name == "Xã Tân Hợp"
    assert [item.name for item in find_communes("quoc tu giam")] == ["Phường Văn Miếu - Quốc Tử Giám"]
    assert find_communes("ea hleo")[0].name == "Xã Ea H'Leo"


def test_a_code_or_a_province_narrows_the_list():
    assert [item.code for item in find_communes("0007")] == ["00070"]
    assert {item.code[:3] for item in find_communes("001", limit=100)} == {"001"}
    in_lai_chau = find_communes("", province_code="12", limit=1000)
    assert len(in_lai_chau) == 38 and {item.province_code for item in in_lai_chau} == {"12"}
    assert all(item.province_code == "15" for item in find_communes("tan", province_code="15"))


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_centres_commune_is_picked_from_the_list(qtbot, language, tmp_path):
    from PySide6.QtCore import Qt

    from desktop.i18n import set_language
    from desktop.ui.centre_form import CentreForm
    from desktop.ui.commune_picker import CommunePickerDialog
    from tests.conftest import type_text

    set_language(language)
    form = CentreForm(with_villages=False)
    qtbot.addWidget(form)
    dialog = CommunePickerDialog("15", "", form)
    qtbot.addWidget(dialog)
    dialog.resize(620, 520)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.results.count() == len(find_communes("", province_code="15", limit=1000))
    dialog.search.setFocus()
    type_text(dialog.search, "tan hop")
    assert dialog.results.currentItem().text() == "04429 — Xã Tân Hợp, Lào Cai"
    dialog.grab().save(str(tmp_path / f"commune-picker-{language}.png"))
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted
    form.use_commune(dialog.chosen)
    setup = form.setup()
    assert (setup.commune_code, setup.commune_name, setup.province_code) == ("04429", "Xã Tân Hợp", "15")
    set_language("vi")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_first_start_refuses_a_typed_code_not_on_the_list_until_the_user_says_it_is_right(
        qtbot, language, tmp_path):
    from desktop.i18n import set_language
    from desktop.services.centre import get_centre
    from desktop.store.database import open_database
    from desktop.ui.centre_form import SetupDialog
    from tests.conftest import type_text

    set_language(language)
    db = open_database(tmp_path / "new.sqlite")
    try:
        dialog = SetupDialog(db)
        qtbot.addWidget(dialog)
        dialog.resize(1366 // 2, 560)
        dialog.show()
        qtbot.waitExposed(dialog)
        form = dialog.form
        type_text(form.name, "Trung tâm học tập cộng đồng xã Mường Toong")
        type_text(form.commune_name, "Xã Mường Toong")
        form.commune_code.setText("03165")
        form.province.setCurrentIndex(form.province.findData("11"))
        type_text(form.villages, "Bản Che Căn")
        assert not form.unlisted_code.isVisible()
        dialog._save()
        assert get_centre(db) is None and dialog.result() != dialog.DialogCode.Accepted
        assert "03165" in form.error.text() and "03163 — Xã Mường Toong" in form.error.text()
        assert form.unlisted_code.isVisible() and not form.unlisted_code.isChecked()
        dialog.grab().save(str(tmp_path / f"unlisted-code-{language}.png"))
        form.unlisted_code.setChecked(True)
        dialog._save()
        qtbot.waitUntil(lambda: get_centre(db) is not None)
        assert get_centre(db).commune_code == "03165"
    finally:
        db.close()
        set_language("vi")
