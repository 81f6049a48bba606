"""Pick lists typed into: villages found without their "Bản" or "Thôn", genders in their order."""

from __future__ import annotations

import pytest

from conftest import type_text
from desktop.errors import ValidationError
from desktop.services.centre import VillageInfo
from desktop.text.villages import without_prefix
from desktop.ui.pick_lists import VillageCombo, gender_combo

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")

VILLAGES = [VillageInfo("nh", "Bản Nà Hạ"), VillageInfo("pk", "Bản Pá Khoang"),
            VillageInfo("d", "Thôn Đông"), VillageInfo("c1", "Bản Cang"), VillageInfo("c2", "Bản Càng"),
            VillageInfo("t3", "Tổ dân phố 3"), VillageInfo("x", "Xóm Mới")]


@pytest.mark.parametrize(("name", "bare"), [
    ("Bản Nà Hạ", "Nà Hạ"), ("Thôn Đông", "Đông"), ("Tổ dân phố 3", "3"), ("Tổ 5", "5"),
    ("Ấp Tân Hòa", "Tân Hòa"), ("Buôn Đôn", "Đôn"), ("Khu phố 2", "2"), ("Khóm 4", "4"),
    ("Nà Hạ", "Nà Hạ"), ("Thôn", "Thôn")])
def test_the_name_without_its_prefix(name, bare):
    assert without_prefix(name) == bare


@pytest.fixture
def combo(qtbot):
    widget = VillageCombo(VILLAGES)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def offered(combo: VillageCombo, text: str) -> list[str]:
    combo.lineEdit().clear()
    type_text(combo.lineEdit(), text)
    model = combo._completer.completionModel()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def test_typing_the_name_without_bản_or_thôn_offers_the_village(combo):
    assert combo.village_id() is None and combo.currentText() == ""  # starts empty
    assert offered(combo, "na ha") == ["Bản Nà Hạ"]  # accents optional
    assert offered(combo, "Pá") == ["Bản Pá Khoang"]
    assert offered(combo, "đông") == ["Thôn Đông"]
    assert offered(combo, "cang") == ["Bản Cang", "Bản Càng"]  # the user chooses between them


@pytest.mark.parametrize(("typed", "village_id"), [
    ("na ha", "nh"), ("Nà Hạ", "nh"), ("bản nà hạ", "nh"), ("dong", "d"), ("3", "t3"),
    ("Cang", "c1"), ("Càng", "c2"), ("", None)])
def test_typed_text_is_taken_when_one_village_fits(combo, typed, village_id):
    offered(combo, typed)
    combo.lineEdit().editingFinished.emit()  # Tab out of the field
    assert combo.village_id() == village_id
    if village_id:
        assert combo.currentText() == next(v.name for v in VILLAGES if v.id == village_id)


@pytest.mark.parametrize("typed", ["cáng", "ban cang", "Nà Hà Nội"])
def test_text_naming_no_single_village_is_refused(combo, typed):
    offered(combo, typed)  # Bản Cang and Bản Càng differ by a tone: never guessed
    with pytest.raises(ValidationError) as caught:
        combo.village_id()
    assert caught.value.field == "village_id"


def test_every_form_uses_the_one_village_field(qtbot, db, villages):
    from desktop.ui.activity_dialog import ActivityDialog
    from desktop.ui.books.readers import ReaderDialog
    from desktop.ui.learner_dialog import LearnerDialog

    for dialog in (LearnerDialog(db), ReaderDialog(db), ActivityDialog(db)):
        qtbot.addWidget(dialog)
        assert isinstance(dialog.village, VillageCombo), type(dialog).__name__
        offered(dialog.village, "pa khoang")
        dialog.village.lineEdit().editingFinished.emit()
        assert dialog.village.village_id() == villages["Bản Pá Khoang"]


def test_gender_lists_nam_then_nữ_then_not_given_which_is_the_default(qtbot):
    combo = gender_combo()
    qtbot.addWidget(combo)
    assert [combo.itemText(row) for row in range(combo.count())] == ["Nam", "Nữ", "— không ghi —"]
    assert combo.currentData() is None
