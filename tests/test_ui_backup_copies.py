"""The protected USB copy in the window: set up in Settings → Backups, restored from there with its
passphrase, and the overview's reminder once the last copy is a month old."""

from __future__ import annotations

import datetime as dt

from desktop.services.backup_copies import copy_settings, set_copy_folder, write_copy
from desktop.services.backups import back_up_now
from desktop.ui.backup_copy_panel import CopySetupDialog
from desktop.ui.backups_section import BackupsSection
from desktop.ui.screens.dashboard import DashboardScreen

PASSPHRASE = "Trâu ăn cỏ 2026"


def test_the_overview_reminds_a_month_after_the_last_copy(qtbot, db, tmp_path):
    dashboard = DashboardScreen(db)
    qtbot.addWidget(dashboard)
    dashboard.show()
    today = dt.date(2026, 12, 7)
    dashboard.show_copy_reminder(copy_settings(db), today)
    assert not dashboard.copy_reminder.isVisible()  # no stick chosen: nothing to remind
    stick = tmp_path / "usb"
    stick.mkdir()
    set_copy_folder(db, stick, PASSPHRASE, PASSPHRASE)
    dashboard.show_copy_reminder(copy_settings(db), today)
    assert dashboard.copy_reminder.isVisible()
    assert "chưa có bản sao" in dashboard.copy_reminder_text.text().lower()
    write_copy(db, back_up_now(db), today=today)
    dashboard.show_copy_reminder(copy_settings(db), today + dt.timedelta(days=30))
    assert not dashboard.copy_reminder.isVisible()
    dashboard.show_copy_reminder(copy_settings(db), today + dt.timedelta(days=40))
    assert dashboard.copy_reminder.isVisible()
    assert "40 ngày" in dashboard.copy_reminder_text.text() and "07/12/2026" in dashboard.copy_reminder_text.text()


def test_the_stick_and_passphrase_are_set_only_when_typed_twice_the_same(qtbot, db, tmp_path):
    dialog = CopySetupDialog(db)
    qtbot.addWidget(dialog)
    dialog.folder.setText(str(tmp_path))
    dialog.passphrase.setText(PASSPHRASE)
    dialog.repeated.setText(PASSPHRASE + "x")
    dialog.save()
    assert "không giống nhau" in dialog.problem.text() and copy_settings(db).folder is None
    dialog.repeated.setText(PASSPHRASE)
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted and copy_settings(db).folder == tmp_path


def test_a_copy_is_restored_from_the_window_with_its_passphrase(qtbot, db, tmp_path, monkeypatch):
    import desktop.ui.backup_copy_panel as panel

    stick = tmp_path / "usb"
    stick.mkdir()
    set_copy_folder(db, stick, PASSPHRASE, PASSPHRASE)
    backup = back_up_now(db)
    backup.unlink()  # only the stick holds it now
    [copy] = stick.iterdir()
    errors = []
    monkeypatch.setattr(panel, "show_error", lambda parent, error, title=None: errors.append(error.message))
    section = BackupsSection(db.path, db)
    qtbot.addWidget(section)
    section.resize(1366, 768)
    section.show()
    assert "Đang tắt" in section.copy_panel.state.text() or str(stick) in section.copy_panel.state.text()
    section.restore_copy(copy, "sai")
    qtbot.waitUntil(lambda: bool(errors))
    assert "Cụm mật khẩu" in errors[0]
    section.restore_copy(copy, PASSPHRASE)
    qtbot.waitUntil(lambda: section.selected() is not None and section.selected().path.name == backup.name)
    assert section.restore_button.isEnabled()


def test_a_failed_usb_copy_is_not_called_a_failed_backup(qtbot, db, monkeypatch):
    """Only the copy to the stick failed: the backup on this PC exists, and the title says so."""
    from PySide6.QtWidgets import QWidget

    import desktop.ui.backup_actions as actions
    from desktop.errors import UserError
    from desktop.services.backup_copies import CopyFailed

    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(actions, "show_error", lambda parent, error, title: shown.append((title, error.message)))
    parent = QWidget()
    qtbot.addWidget(parent)

    def copy_fails(_progress: object) -> None:
        back_up_now(db)
        raise CopyFailed("USB đã bị rút ra trước khi chép xong.")

    def backup_fails(_progress: object) -> None:
        raise UserError("Ổ đĩa đã đầy.")

    for work in (copy_fails, backup_fails):
        task = actions.start_backup(parent, db, work=work, show_dialog=False)
        qtbot.waitUntil(lambda task=task: len(shown) == (1 if work is copy_fails else 2), timeout=10000)
        del task
    assert [title for title, _message in shown] == ["Chưa chép được sang USB", "Chưa sao lưu được"]
