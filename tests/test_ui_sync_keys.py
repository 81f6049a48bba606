"""Settings → Sending data: pinning the office's key after a phone check, this centre's own key,
photos and the reminder interval."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop.i18n import _
from desktop.services.centre import get_setting
from desktop.services.sync.keys import trusted_keys
from desktop.services.sync.status import reminder_days
from desktop.sync.keys import read_key_file
from desktop.ui.screens.settings import SettingsScreen
from desktop.ui.sync.key_dialog import ConfirmKeyDialog
from sync_ui_support import OFFICE_NAME, answering, click, make_office_key, shown


@pytest.fixture(scope="session")
def office_key(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_office_key(tmp_path_factory.mktemp("office"))


@pytest.fixture
def settings(qtbot, db) -> SettingsScreen:
    screen = SettingsScreen(db)
    qtbot.addWidget(screen)
    screen.resize(1136, 720)
    screen.show()
    screen.refresh()
    screen.show_sync_tab()
    return screen


def office_keys(db) -> list:
    return [key for key in trusted_keys(db) if key.role == "office" and not key.revoked]


def check_then(qtbot, key_path: Path, key: int):  # type: ignore[no-untyped-def]
    """A handler for the confirmation dialog: it must show the key's name and fingerprint in
    digits and words, large; then the key (Enter or Esc) is pressed."""
    expected = read_key_file(key_path).fingerprint

    def handler(dialog: QWidget) -> None:
        assert isinstance(dialog, ConfirmKeyDialog)
        assert OFFICE_NAME in shown(dialog.findChild(QWidget, "keyName"))
        assert dialog.fingerprint.digits.text() == expected.digits
        assert dialog.fingerprint.words.text() == expected.words_text
        assert dialog.fingerprint.digits.font().pointSizeF() > dialog.font().pointSizeF()
        qtbot.keyClick(dialog, key)

    return handler


def test_the_office_key_is_stored_only_after_the_user_confirms_the_fingerprint(qtbot, db, settings, office_key):
    assert "Chưa đăng ký khóa" in settings.sync_section.office_name.text()
    with answering((ConfirmKeyDialog, check_then(qtbot, office_key, Qt.Key.Key_Escape))):
        settings.sync_section.pin_key(office_key)
    assert office_keys(db) == []  # Esc: nothing stored

    with answering((ConfirmKeyDialog, check_then(qtbot, office_key, Qt.Key.Key_Return))):
        settings.sync_section.pin_key(office_key)
    [stored] = office_keys(db)
    assert stored.name == OFFICE_NAME
    section = settings.sync_section
    assert OFFICE_NAME in shown(section.office_name)
    assert section.office_fingerprint.digits.text() == stored.digits
    assert section.office_fingerprint.words.text() == stored.words
    assert section.pin_button.text() == "Thay bằng khóa mới của cấp trên…"
    assert "Ctrl+K" in section.pin_button.toolTip()


def test_pinning_the_same_key_again_says_so_and_a_new_office_key_replaces_the_old(qtbot, db, settings, office_key,
                                                                                  tmp_path):
    with answering((ConfirmKeyDialog, check_then(qtbot, office_key, Qt.Key.Key_Return))):
        settings.sync_section.pin_key(office_key)
    with answering((QMessageBox, click(_("OK")))) as texts:
        settings.sync_section.pin_key(office_key)
    assert "đã được đăng ký rồi" in texts[0]

    new_key = make_office_key(tmp_path, "Phòng Văn hóa – Xã hội xã Chiềng Hoa")

    def warns_then_confirms(dialog: QWidget) -> None:
        assert OFFICE_NAME in dialog.findChild(QWidget, "replacesWarning").text()
        qtbot.keyClick(dialog, Qt.Key.Key_Return)

    with answering((ConfirmKeyDialog, warns_then_confirms)):
        settings.sync_section.pin_key(new_key)
    assert [key.name for key in office_keys(db)] == ["Phòng Văn hóa – Xã hội xã Chiềng Hoa"]


def test_a_centre_key_or_a_damaged_file_is_refused_with_a_message(qtbot, db, settings, tmp_path):
    from desktop.services.sync.keys import export_own_key

    own = tmp_path / "mine.clckey"
    export_own_key(db, own)  # this centre's key: the wrong role for an office key
    with answering((QMessageBox, click(_("OK")))) as texts:
        settings.sync_section.pin_key(own)
    assert "không phải của đơn vị cấp trên" in texts[0]
    damaged = tmp_path / "broken.clckey"
    damaged.write_bytes(b"\x00garbage")
    with answering((QMessageBox, click(_("OK")))) as texts:
        settings.sync_section.pin_key(damaged)
    assert "không phải là tệp khóa" in texts[0]
    assert office_keys(db) == []


def test_a_key_file_changed_while_the_dialog_showed_is_not_stored(qtbot, db, settings, office_key, tmp_path):
    import shutil

    shown = tmp_path / "office.clckey"
    shutil.copyfile(office_key, shown)
    (tmp_path / "other").mkdir()
    other = make_office_key(tmp_path / "other", "Kẻ mạo danh")

    def swap_then_confirm(dialog: QWidget) -> None:
        shutil.copyfile(other, shown)  # someone replaces the file while the user reads the digits
        qtbot.keyClick(dialog, Qt.Key.Key_Return)

    with answering((ConfirmKeyDialog, swap_then_confirm), (QMessageBox, click(_("OK")))) as texts:
        settings.sync_section.pin_key(shown)
    assert "đã thay đổi" in texts[0]
    assert office_keys(db) == []


def test_the_centre_key_is_made_when_first_saved_then_shown(qtbot, db, settings, tmp_path):
    from desktop.services.sync.keys import own_key, stored_own_key

    section = settings.sync_section
    assert stored_own_key(db) is None  # showing Settings wrote nothing
    assert section.own_missing.isVisible() and not section.own_fingerprint.isVisible()
    target = tmp_path / "usb" / "tan-lap.clckey"
    target.parent.mkdir()
    with answering((QMessageBox, click(_("OK")))) as texts:
        section.export_key(target)
    mine = own_key(db)
    assert mine.digits in texts[0]
    saved = read_key_file(target, expected_role="centre")
    assert saved.fingerprint.digits == mine.digits and "Tân Lập" in saved.name
    assert section.own_fingerprint.isVisible() and not section.own_missing.isVisible()
    assert section.own_fingerprint.digits.text() == mine.digits
    assert section.own_fingerprint.words.text() == mine.words


def test_photos_and_the_reminder_interval_are_remembered(qtbot, db, settings):
    section = settings.sync_section
    assert section.send_photos.isChecked()  # photos go unless the centre says not
    assert section.reminder.value() == 30
    section.send_photos.setChecked(False)
    section.reminder.setValue(14)
    assert get_setting(db, "sync_send_photos") == "0"
    assert reminder_days(db) == 14
    again = SettingsScreen(db)
    qtbot.addWidget(again)
    again.refresh()
    assert not again.sync_section.send_photos.isChecked()
    assert again.sync_section.reminder.value() == 14


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_sending_tab_fits_at_1366_by_768(qtbot, db, office_key, language):
    """Nothing cut: every label gets the height its wrapped text needs, and the window is wide
    enough for the fingerprints on one line."""
    from desktop.i18n import set_language
    from desktop.services.sync.keys import register_key
    from desktop.ui.main_window import MainWindow

    from desktop.services.sync.keys import own_key

    set_language(language)
    register_key(db, office_key)
    own_key(db)  # both fingerprints on show
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    screen = window.show_screen("settings")
    screen.show_sync_tab()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: screen.sync_section.isVisible())
    # (the screen's loads wait for the worker with events running, and the offscreen screen of
    # 800×600 then shrinks the window: put it back to the size under test)
    window.resize(1366, 768)
    QApplication.processEvents()
    section = screen.sync_section  # type: ignore[attr-defined]
    for view in (section.office_fingerprint, section.own_fingerprint):
        assert view.isVisible()
        assert view.digits.width() >= view.digits.sizeHint().width()
    for label in section.findChildren(QWidget):
        if hasattr(label, "heightForWidth") and label.isVisible() and hasattr(label, "wordWrap") \
                and label.wordWrap():
            assert label.height() >= label.heightForWidth(label.width()), label.text()
