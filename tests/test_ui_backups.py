"""Settings → Backups: the checked list, the preview against the data in use, and a restore from
the window that every screen then follows."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from desktop.services.centre import add_village, list_villages
from desktop.services.restore import BackupSummary
from desktop.store.backup import make_backup
from desktop.store.paths import backup_folder_for
from desktop.ui.backups_section import BackupTableModel


def test_the_backup_table_shows_counts_and_marks_a_damaged_backup_unusable(tmp_path):
    model = BackupTableModel()
    counts = {"learners": 1234, "classes": 3, "sessions": 40, "marks": 5678, "books": 10, "loans": 9}
    model.set_rows([
        BackupSummary(tmp_path / "a.sqlite", dt.datetime(2026, 11, 23, 17, 5), "on-close", "0004", 10, counts),
        BackupSummary(tmp_path / "b.sqlite", dt.datetime(2026, 11, 22, 8, 0), "daily", "0004", 10,
                      problem="bị hỏng (database disk image is malformed)"),
    ])
    text = [[model.data(model.index(row, column)) for column in range(model.columnCount())]
            for row in range(model.rowCount())]
    assert text[0] == ["23/11/2026 17:05", "khi đóng cửa sổ", "0004", "1.234", "5.678", "9", "tốt"]
    assert text[1][3:6] == ["—", "—", "—"]
    assert text[1][6] == "không khôi phục được"
    assert model.data(model.index(1, 6), Qt.ItemDataRole.ToolTipRole).startswith("bị hỏng (database disk")
    assert model.data(model.index(1, 0), Qt.ItemDataRole.ForegroundRole) is not None


def test_restoring_from_settings_brings_every_screen_back_to_the_backup(qtbot, db, monkeypatch):
    import desktop.ui.backups_section as section
    from desktop.ui.main_window import MainWindow

    make_backup(db.engine, backup_folder_for(db.path), reason="daily")
    add_village(db, "Bản Mới")
    asked = []
    monkeypatch.setattr(section, "confirm", lambda parent, title, text, yes, no: asked.append((text, yes)) or True)
    monkeypatch.setattr(section, "inform", lambda *args: None)
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    settings = window.show_screen("settings")
    assert "Bản Mới" in [settings.village_list.item(row).text() for row in range(settings.village_list.count())]
    settings.show_backups_tab()
    backups = settings.backups_section
    qtbot.waitUntil(lambda: backups.restore_button.isEnabled())
    preview = [[backups.preview.item(row, column).text() for column in range(2)] for row in range(6)]
    assert preview[0] == ["0", "0"]  # learners: the backup and the data in use
    backups.restore_button.click()
    [(text, yes)] = asked
    assert yes.startswith("Khôi phục bản lúc ") and "sẽ được thay bằng" in text
    qtbot.waitUntil(lambda: window.screens.get("settings") is not settings and "settings" in window.screens)
    again = window.screens["settings"]
    assert again.tabs.currentWidget() is again.backups_tab  # back where the user was
    names = [again.village_list.item(row).text() for row in range(again.village_list.count())]
    assert "Bản Mới" not in names and len(names) == 4
    assert "Bản Mới" not in {village.name for village in list_villages(db)}
    qtbot.waitUntil(lambda: again.backups_section.model.rowCount() == 2)  # the backup, and the state before
