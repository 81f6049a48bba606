"""The office's roll-up screens on real databases: pinning the level above's key after the
fingerprint check, writing the consolidated package in the background, the province's board with
centres under each office, possible duplicates, and a centre's key revoked from Settings."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from desktop.services.centre import list_villages
from desktop.services.learners import LearnerInput, create_learner
from desktop.services.sync.keys import export_own_key, trusted_keys
from desktop.services.sync.office_keys import upper_key
from desktop.services.sync.receive import IMPORTED, import_packages
from desktop.store.database import open_database
from desktop.ui.office.board import OFFICE
from desktop.ui.office.window import OfficeWindow
from rollup_support import CENTRES, COMMUNE_OFFICE, PROVINCE, build_world, new_office_at
from sync_support import TODAY, send

SHOTS = os.environ.get("CLC_SCREENSHOTS")  # a folder: save what the screens look like


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_world(tmp_path_factory.mktemp("ui-rollup") / "world")


def make_window(qtbot, db) -> OfficeWindow:
    window = OfficeWindow(db)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    qtbot.waitUntil(lambda: window.screens.get("centres") is not None)
    return window


def shot(window, name: str) -> None:
    if SHOTS:
        window.grab().save(str(Path(SHOTS) / f"{name}.png"))


def test_the_commune_office_writes_its_consolidated_package_and_the_province_shows_centres_under_it(
        qtbot, built, tmp_path):
    world = built.copy(tmp_path / "world")
    commune = open_database(world.commune)
    try:
        window = make_window(qtbot, commune)
        screen = window.show_screen("upper")
        assert PROVINCE in screen.upper_name.text() and screen.send_button.isEnabled()
        assert all(name in screen.plan.text() for name, _code in CENTRES)
        stick = tmp_path / "stick"
        stick.mkdir()
        screen.write_to(stick)
        qtbot.waitUntil(lambda: screen.task is None and "rút USB ra" in screen.outcome.text(), timeout=30000)
        [package] = list(stick.iterdir())
        assert str(package) in screen.outcome.text() and "3 trung tâm" in screen.outcome.text()
        shot(window, "upper-vi")
        window.close()
    finally:
        commune.close()
    province = open_database(world.province)
    try:
        assert import_packages(province, [package]).packages[0].status == IMPORTED
        window = make_window(qtbot, province)
        board = window.show_screen("centres")
        qtbot.waitUntil(lambda: board.model.rowCount() == 4)
        offices = [board.proxy.index(row, OFFICE).data() for row in range(4)]
        codes = [board.proxy.index(row, 0).data() for row in range(4)]
        assert offices == ["trực tiếp", COMMUNE_OFFICE, COMMUNE_OFFICE, COMMUNE_OFFICE]
        assert codes[1:] == [code for _name, code in CENTRES]
        shot(window, "province-board-vi")
        settings = window.show_screen("settings")
        assert any(settings.keys.item(row, 0).text() == COMMUNE_OFFICE and "cấp dưới" in settings.keys.item(row, 3).text()
                   for row in range(settings.keys.rowCount()))
    finally:
        province.close()


def test_the_key_of_the_level_above_is_pinned_only_after_the_fingerprint_check(qtbot, built, tmp_path):
    office = new_office_at(tmp_path / "office", "commune-office", "Phòng VH-XH xã Mới", "VHXH-1")
    province = open_database(built.province)
    try:
        export_own_key(province, tmp_path / "province.clckey")
    finally:
        province.close()
    try:
        window = make_window(qtbot, office)
        screen = window.show_screen("upper")
        assert not screen.send_button.isEnabled() and "Chưa đăng ký" in screen.upper_name.text()
        shot(window, "upper-empty-vi")
        seen = {}

        def check_then_register(dialog):
            def act():
                seen["enabled_before"] = dialog.register_button.isEnabled()
                dialog.checked.setChecked(True)
                dialog.register_button.click()
            QTimer.singleShot(0, act)

        assert screen.register_from(tmp_path / "province.clckey", check_then_register)
        assert seen["enabled_before"] is False
        assert upper_key(office).name == PROVINCE and PROVINCE in screen.upper_name.text()
        # a key of the same level is not the level above
        other = new_office_at(tmp_path / "twin", "commune-office", "Phòng VH-XH xã Bên", "VHXH-2")
        export_own_key(other, tmp_path / "twin.clckey")
        other.close()
        shown = []
        import desktop.ui.office.send_up as send_up

        original = send_up.show_error
        send_up.show_error = lambda parent, error, title=None: shown.append(error.message)
        try:
            assert not screen.register_from(tmp_path / "twin.clckey")
        finally:
            send_up.show_error = original
        assert shown and "cấp trên" in shown[0]
    finally:
        office.close()


def test_possible_duplicates_are_listed_for_review(qtbot, built, tmp_path):
    world = built.copy(tmp_path / "world")
    commune = open_database(world.commune)
    try:
        for code in (CENTRES[0][1], CENTRES[2][1]):
            centre = open_database(world.centres[code])
            try:
                create_learner(centre, LearnerInput(full_name="Lò Văn Thắng", birth_year=1980,
                                                    village_id=list_villages(centre)[0].id), today=TODAY)
                import_packages(commune, [send(centre, tmp_path / code)])
            finally:
                centre.close()
        window = make_window(qtbot, commune)
        screen = window.show_screen("duplicates")
        qtbot.waitUntil(lambda: screen.table.rowCount() == 1)
        assert screen.table.item(0, 0).text() == "Lò Văn Thắng" and screen.table.item(0, 7).text() == "cùng tên thôn, bản"
        assert "1 cặp học viên có thể trùng" in screen.summary.text()
        shot(window, "duplicates-vi")
    finally:
        commune.close()


def test_a_centres_key_is_revoked_from_settings_with_its_name_in_the_question(qtbot, built, tmp_path):
    world = built.copy(tmp_path / "world")
    commune = open_database(world.commune)
    try:
        window = make_window(qtbot, commune)
        settings = window.show_screen("settings")
        row = next(row for row in range(settings.keys.rowCount()) if settings.keys.item(row, 1).text() == CENTRES[0][1])
        settings.keys.selectRow(row)
        asked = {}
        import desktop.ui.office.settings as settings_module

        original_confirm, original_text = settings_module.confirm, settings_module.QInputDialog.getText
        settings_module.confirm = lambda parent, title, text, action, keep: asked.update(text=text) or True
        settings_module.QInputDialog.getText = staticmethod(lambda *args, **kwargs: ("máy bị mất", True))
        try:
            settings._revoke()
        finally:
            settings_module.confirm = original_confirm
            settings_module.QInputDialog.getText = original_text
        assert CENTRES[0][0] in asked["text"]
        assert [key.revoked for key in trusted_keys(commune) if key.code == CENTRES[0][1]] == [True]
    finally:
        commune.close()
