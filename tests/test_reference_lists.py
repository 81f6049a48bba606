"""A centre's own partner bodies and local names of ethnic groups: kept, offered, understood."""

from __future__ import annotations

import openpyxl
import pytest
from PySide6.QtCore import Qt

from conftest import type_text
from desktop.errors import ValidationError
from desktop.services.learner_import import commit_import, preview_import
from desktop.services.learners import list_learners
from desktop.services.reference_lists import (
    add_local_ethnic_name,
    add_partner_body,
    local_ethnic_names,
    own_partner_bodies,
    partner_choices,
    remove_local_ethnic_name,
    remove_partner_body,
)
from desktop.ui.activity_dialog import ActivityDialog
from desktop.ui.learner_dialog import EthnicGroupCombo
from desktop.ui.screens.settings import SettingsScreen

# ---- services -------------------------------------------------------------------------------

def test_own_partner_bodies_are_kept_sorted_and_offered_after_the_national_ones(db):
    add_partner_body(db, "  Hợp tác xã   Tân Tiến ")
    add_partner_body(db, "Giáo xứ An Bình")
    assert own_partner_bodies(db) == ["Giáo xứ An Bình", "Hợp tác xã Tân Tiến"]
    choices = partner_choices(db)
    assert choices[0].national and choices[-1].value == "Hợp tác xã Tân Tiến"
    assert "Hội Nông dân" in [choice.value for choice in choices]
    remove_partner_body(db, "Giáo xứ An Bình")
    assert own_partner_bodies(db) == ["Hợp tác xã Tân Tiến"]


@pytest.mark.parametrize("name", ["", "   ", "hop tac xa tan tien", "Hội Nông dân", "Farmers' Union"])
def test_an_empty_or_repeated_partner_body_is_refused(db, name):
    add_partner_body(db, "Hợp tác xã Tân Tiến")
    with pytest.raises(ValidationError):
        add_partner_body(db, name)
    assert own_partner_bodies(db) == ["Hợp tác xã Tân Tiến"]


def test_a_local_name_is_understood_for_its_group(db):
    entry = add_local_ethnic_name(db, "Xá", "kho-mu")
    assert entry.group_label == "Khơ-mú"
    assert [(e.name, e.group_key) for e in local_ethnic_names(db)] == [("Xá", "kho-mu")]
    remove_local_ethnic_name(db, "Xá")
    assert local_ethnic_names(db) == []


@pytest.mark.parametrize(("name", "group"), [("Mèo", "dao"), ("", "dao"), ("12", "dao"), ("Xá", "nobody")])
def test_a_local_name_that_already_means_a_group_or_is_bad_is_refused(db, name, group):
    with pytest.raises(ValidationError):
        add_local_ethnic_name(db, name, group)
    assert local_ethnic_names(db) == []


def test_an_import_understands_the_centres_local_names(db, villages, today, tmp_path):
    path = tmp_path / "list.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["Họ và tên", "Năm sinh", "Giới tính", "Dân tộc", "Thôn"])
    book.active.append(["Lò Văn Xôm", 1980, "Nam", "Xá", "Nà Hạ"])
    book.save(path)
    assert preview_import(db, path, today=today).rejected == 1
    add_local_ethnic_name(db, "Xá", "kho-mu")
    preview = preview_import(db, path, today=today)
    assert preview.accepted == 1
    commit_import(db, preview)
    [learner] = list_learners(db)
    assert learner.ethnic_group_key == "kho-mu"


# ---- screens --------------------------------------------------------------------------------

@pytest.fixture
def settings(qtbot, db, villages):  # type: ignore[no-untyped-def]
    screen = SettingsScreen(db)
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    with qtbot.waitActive(screen):
        screen.show()
        screen.activateWindow()
    screen.refresh()
    return screen


def test_settings_add_and_remove_a_partner_body_by_keyboard(qtbot, settings, db):
    settings.partner_name.setFocus()
    type_text(settings.partner_name, "Hợp tác xã Tân Tiến")
    qtbot.keyClick(settings.partner_name, Qt.Key.Key_Return)
    assert [settings.partner_list.item(i).text() for i in range(settings.partner_list.count())] == \
        ["Hợp tác xã Tân Tiến"]
    assert settings.partner_name.text() == ""
    type_text(settings.partner_name, "Hội Nông dân")
    qtbot.keyClick(settings.partner_name, Qt.Key.Key_Return)
    assert "đã có trong danh sách" in settings.lists_message.text()
    assert own_partner_bodies(db) == ["Hợp tác xã Tân Tiến"]
    settings.partner_list.setCurrentRow(0)
    qtbot.mouseClick(settings.remove_partner_button, Qt.MouseButton.LeftButton)
    assert settings.partner_list.count() == 0 and own_partner_bodies(db) == []


def test_settings_add_a_local_ethnic_name(qtbot, settings, db):
    settings.ethnic_group.setCurrentIndex(settings.ethnic_group.findData("kho-mu"))
    settings.ethnic_name.setFocus()
    type_text(settings.ethnic_name, "Xá")
    qtbot.keyClick(settings.ethnic_name, Qt.Key.Key_Return)
    assert settings.ethnic_list.item(0).text() == "Xá → Khơ-mú"
    type_text(settings.ethnic_name, "Mèo")
    qtbot.keyClick(settings.ethnic_name, Qt.Key.Key_Return)
    assert "H'Mông" in settings.lists_message.text()
    assert [entry.name for entry in local_ethnic_names(db)] == ["Xá"]


def test_the_class_dialog_offers_the_centres_own_bodies(qtbot, db):
    add_partner_body(db, "Hợp tác xã Tân Tiến")
    dialog = ActivityDialog(db)
    qtbot.addWidget(dialog)
    offered = [dialog.partner.itemText(i) for i in range(dialog.partner.count())]
    assert offered[-1] == "Hợp tác xã Tân Tiến" and "Hội Nông dân" in offered


def test_the_learner_form_finds_a_group_by_its_local_name(qtbot, db):
    entry = add_local_ethnic_name(db, "Xá", "kho-mu")
    combo = EthnicGroupCombo(local_names=[entry])
    qtbot.addWidget(combo)
    combo.setEditText("xá")
    assert combo.key() == "kho-mu"


def test_the_reader_form_finds_a_group_by_its_local_name_too(qtbot, db):
    from desktop.ui.books.readers import ReaderDialog

    add_local_ethnic_name(db, "Xá", "kho-mu")
    dialog = ReaderDialog(db)
    qtbot.addWidget(dialog)
    dialog.ethnic_group.setEditText("Xá")
    assert dialog.ethnic_group.key() == "kho-mu"
