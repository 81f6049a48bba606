"""The main window: navigation by keyboard, language switch without losing work, first start."""

from __future__ import annotations

import contextlib

from pathlib import Path

import pytest

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from conftest import type_text
from desktop.i18n import current_language
from desktop.services.centre import get_centre, get_setting, list_villages
from desktop.store.database import open_database
from desktop.ui.app import ensure_centre
from desktop.ui.centre_form import SetupDialog
from desktop.ui.main_window import MainWindow


def make_window(qtbot, db) -> MainWindow:
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    # the overview comes just after the window first paints, its figures from a worker thread
    qtbot.waitUntil(lambda: getattr(window.screens.get("dashboard"), "dashboard", None) is not None)
    return window


def nav_titles(window: MainWindow) -> list[str]:
    nav = window._nav
    return [nav.item(row).text() for row in range(nav.count())]


def test_navigation_lists_the_screens_in_vietnamese(qtbot, db):
    window = make_window(qtbot, db)
    assert nav_titles(window) == ["Tổng quan", "Học viên", "Lớp học & chuyên đề", "Điểm danh", "Tủ sách", "Báo cáo", "Gửi / nhận dữ liệu", "Xã hội học tập", "Cài đặt"]
    assert "Tân Lập" in window.windowTitle()
    assert str(db.path) in window._status_database.text()


def test_ctrl_number_moves_between_screens(qtbot, db):
    window = make_window(qtbot, db)
    for number, key in ((2, "learners"), (4, "attendance"), (1, "dashboard"), (3, "activities")):
        qtbot.keyClick(window, getattr(Qt.Key, f"Key_{number}"), Qt.KeyboardModifier.ControlModifier)
        assert window.current_screen() is window.screens[key]


def test_switching_to_english_keeps_the_place_and_is_remembered(qtbot, db):
    window = make_window(qtbot, db)
    settings = window.show_screen("settings")
    settings.language.setCurrentIndex(settings.language.findData("en"))
    qtbot.waitUntil(lambda: nav_titles(window)[0] == "Overview")
    assert current_language() == "en"
    assert window.current_screen() is window.screens["settings"]
    assert get_setting(db, "language") == "en"


def test_first_start_asks_for_the_centre_and_its_villages(qtbot, tmp_path: Path):
    db = open_database(tmp_path / "new.sqlite")

    def fill():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SetupDialog)
        form = dialog.form
        type_text(form.name, "Trung tâm học tập cộng đồng xã Mường Phăng")
        type_text(form.commune_name, "Xã Mường Phăng")
        form.commune_code.setText("03163")
        form.province.setCurrentIndex(form.province.findData("11"))
        type_text(form.villages, "Bản Che Căn\nBản Phăng 1\n\nbản che căn\n")
        qtbot.keyClick(dialog, Qt.Key.Key_Return)

    QTimer.singleShot(0, fill)
    assert ensure_centre(db) is True
    centre = get_centre(db)
    assert centre is not None and centre.province_code == "11" and centre.commune_code == "03163"
    assert [v.name for v in list_villages(db)] == ["Bản Che Căn", "Bản Phăng 1"]
    db.close()


def test_entries_carried_over_a_language_switch_are_not_thrown_away_by_esc(qtbot, tmp_path: Path):
    db = open_database(tmp_path / "new.sqlite")
    seen: dict[str, object] = {}

    def type_then_switch_language() -> None:
        dialog = QApplication.activeModalWidget()
        type_text(dialog.form.name, "Trung tâm học tập cộng đồng xã Mường Phăng")
        dialog.language.setCurrentIndex(dialog.language.findData("en"))  # reopens in English
        QTimer.singleShot(50, press_esc_in_the_reopened_dialog)

    def press_esc_in_the_reopened_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        seen["name"] = dialog.form.name.text()
        QTimer.singleShot(50, lambda: answer_then_leave(dialog))
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    def answer_then_leave(dialog) -> None:  # type: ignore[no-untyped-def]
        box = QApplication.activeModalWidget()
        seen["asked"] = isinstance(box, QMessageBox) and box.windowTitle()
        if isinstance(box, QMessageBox):
            next(button for button in box.buttons() if button.text() == "Keep editing").click()
        QTimer.singleShot(50, lambda: leave(dialog))

    def leave(dialog) -> None:  # type: ignore[no-untyped-def]
        seen["still_open"] = dialog.isVisible()
        QDialog.reject(dialog)  # past the question: the test is over

    QTimer.singleShot(0, type_then_switch_language)
    assert ensure_centre(db) is False
    assert seen == {"name": "Trung tâm học tập cộng đồng xã Mường Phăng", "asked": "Close without saving?",
                    "still_open": True}
    db.close()


def test_first_start_shows_what_is_wrong_and_stays_open(qtbot, tmp_path: Path):
    db = open_database(tmp_path / "new.sqlite")
    seen = {}

    def try_empty_then_cancel():
        dialog = QApplication.activeModalWidget()
        qtbot.keyClick(dialog, Qt.Key.Key_Return)  # nothing filled in
        seen["error"] = dialog.form.error.text()
        seen["still_open"] = dialog.isVisible()
        dialog.reject()

    QTimer.singleShot(0, try_empty_then_cancel)
    assert ensure_centre(db) is False
    assert seen["still_open"] and seen["error"]
    assert get_centre(db) is None
    db.close()


def close_message_boxes(seen: list[str]) -> QTimer:
    """Close every warning box as it appears (a user pressing OK), keeping its text."""
    timer = QTimer()

    def close() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            box.accept()

    timer.timeout.connect(close)
    timer.start(20)
    return timer


def test_a_damaged_file_found_after_start_gets_a_clear_warning(qtbot, db, tmp_path: Path):
    from desktop.ui.app import start_integrity_check

    window = make_window(qtbot, db)
    seen: list[str] = []
    closer = close_message_boxes(seen)
    task = start_integrity_check(window, db)
    with qtbot.waitSignal(task.finished, timeout=10000):
        pass
    assert seen == []  # a sound file: no warning

    damaged_path = tmp_path / "damaged.sqlite"
    data = bytearray(db.path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    for offset in range(page_size * 2, min(len(data), page_size * 6)):
        data[offset] = 0x5A
    damaged_path.write_bytes(bytes(data))
    damaged = open_database(damaged_path, create=False, check_integrity=False)
    try:
        task = start_integrity_check(window, damaged)
        qtbot.waitUntil(lambda: bool(seen), timeout=10000)
    finally:
        closer.stop()
        damaged.close()
    assert "hỏng" in seen[0]


def test_the_dashboard_counts_overdue_book_loans_and_opens_the_list(qtbot, db, villages):
    import datetime as dt

    from desktop.services.books.loans import apply_plan, plan_scan
    from test_books_support import small_cabinet

    cabinet = small_cabinet(db, villages)
    lent_on = dt.date.today() - dt.timedelta(days=60)  # long past any loan period
    apply_plan(db, plan_scan(db, "3", cabinet.pang, today=lent_on))
    window = make_window(qtbot, db)
    dashboard = window.screens["dashboard"]
    qtbot.waitUntil(lambda: dashboard.overdue_tile.value.text() == "1", timeout=5000)
    assert dashboard.overdue_button.isEnabled()
    qtbot.mouseClick(dashboard.overdue_button, Qt.MouseButton.LeftButton)
    assert window.current_screen() is window.screens["books"]


def test_returning_to_a_screen_shows_what_changed_meanwhile_and_only_then_reloads(qtbot, db, villages):
    from desktop.services.learners import LearnerInput, create_learner

    create_learner(db, LearnerInput(full_name="Lò Văn Pọm", gender="male", birth_year=1980,
                                    village_id=villages["Bản Nà Hạ"]))
    window = make_window(qtbot, db)
    learners = window.show_screen("learners")
    shown = learners.proxy.rowCount()
    learners.table.selectRow(0)
    resets = []
    learners.model.modelReset.connect(lambda: resets.append(1))
    window.show_screen("settings")
    window.show_screen("learners")
    # nothing changed: the list was not reloaded (the view keeps its place and the row chosen)
    assert resets == []
    assert learners.table.selectionModel().selectedRows()[0].row() == 0

    # another program on the same file (`clc learners import` while the window is open)
    other = open_database(db.path)
    create_learner(other, LearnerInput(full_name="Nguyễn Thị Hoa", gender="female", birth_year=1990,
                                       village_id=villages["Bản Nà Hạ"]))
    other.close()
    window.show_screen("settings")
    window.show_screen("learners")
    assert learners.proxy.rowCount() == shown + 1
    names = [learners.proxy.index(row, 0).data() for row in range(learners.proxy.rowCount())]
    assert any("Nguyễn Thị Hoa" in str(name) for name in names)


@pytest.fixture
def app_start():
    """`launch`, as `clc` runs it; the logging handler and error hook it installs are undone."""
    import gc
    import logging
    import sys

    from desktop.ui.app import launch

    handlers, hook = list(logging.getLogger().handlers), sys.excepthook
    yield launch
    gc.enable()
    for handler in set(logging.getLogger().handlers) - set(handlers):
        logging.getLogger().removeHandler(handler)
        handler.close()
    sys.excepthook = hook


def test_starting_pauses_the_garbage_collector_until_the_window_has_painted(qtbot, db_path, app_start):
    """Then start-up's objects are frozen out of later passes, and the collector runs from the GUI
    thread's timer only (never automatically, in whichever thread allocates)."""
    import gc

    from desktop.ui.gui_thread_gc import GuiThreadCollector

    gc.unfreeze()
    app, window, db = app_start(db_path)
    qtbot.addWidget(window)
    assert not gc.isenabled() and gc.get_freeze_count() == 0  # not painted: that needs the event loop
    qtbot.waitUntil(lambda: gc.get_freeze_count() > 0)
    collector = app.findChild(GuiThreadCollector)
    assert collector is not None and collector.timer.isActive()
    assert not gc.isenabled()
    qtbot.waitUntil(lambda: window.current_screen() is not None)
    db.close()


@pytest.mark.parametrize("damage", ["truncated", "scribbled"])
def test_a_damaged_file_gets_a_clear_message_at_start_not_a_crash(qtbot, db_path, app_start, monkeypatch, damage):
    import shutil

    import desktop.ui.messages
    from desktop.store.backup import make_backup
    from desktop.store.paths import backup_folder_for

    kept = open_database(db_path)
    backup = make_backup(kept.engine, backup_folder_for(db_path), reason="daily")
    kept.close()
    data = bytearray(db_path.read_bytes())
    if damage == "truncated":  # a copy cut short (a pulled USB stick)
        data = data[: len(data) // 3]
    else:  # the centre's page overwritten: the file opens, its first read fails
        import sqlite3

        with contextlib.closing(sqlite3.connect(db_path)) as connection:
            root = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = 'centre'").fetchone()[0]
        page_size = int.from_bytes(data[16:18], "big")
        data[page_size * (root - 1):page_size * (root - 1) + 2048] = bytes(2048)
    db_path.write_bytes(bytes(data))
    import desktop.ui.backups_section as section
    import desktop.ui.restore_offer as offer

    asked = []
    monkeypatch.setattr(offer, "ask_to_restore", lambda parent, message, later: asked.append(message) or False)
    assert app_start(db_path, "vi") == 1  # the user chose Close: nothing opened, nothing changed
    assert "hỏng" in asked[0]
    damaged_bytes = db_path.read_bytes()

    # Restore from a backup: the restore window opens instead of the damaged file
    monkeypatch.setattr(offer, "ask_to_restore", lambda parent, message, later: True)
    monkeypatch.setattr(section, "confirm", lambda *args: True)
    monkeypatch.setattr(section, "inform", lambda *args: None)
    seen = []

    def drive() -> None:
        from PySide6.QtWidgets import QApplication

        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, section.RestoreDialog) and w.isVisible()]
        if not dialogs or not dialogs[0].section.restore_button.isEnabled():
            QTimer.singleShot(50, drive)
            return
        seen.append(dialogs[0].section.model.rows[0].path)
        dialogs[0].section.restore_button.click()

    QTimer.singleShot(0, drive)
    app, window, db = app_start(db_path, "vi")
    qtbot.addWidget(window)
    assert seen == [backup] and "Tân Lập" in window.windowTitle()
    [kept] = (backup_folder_for(db_path) / "damaged").iterdir()
    assert (kept / db_path.name).read_bytes() == damaged_bytes  # the damaged file is kept, raw
    db.close()


def test_an_old_database_is_upgraded_behind_a_progress_dialog_then_opens(qtbot, tmp_path, app_start, monkeypatch):
    import gzip
    import shutil

    from desktop.store.schema_version import HEAD_REVISION
    from desktop.ui import tasks

    path = tmp_path / "old.sqlite"
    with gzip.open(Path(__file__).parent / "fixtures" / "centre-rev0002.sqlite.gz") as packed, \
            path.open("wb") as plain:
        shutil.copyfileobj(packed, plain)
    titles = []
    original = tasks.BackgroundTask.__init__

    def recording(self, parent, title, work, **options):
        titles.append(title)
        original(self, parent, title, work, **options)

    monkeypatch.setattr(tasks.BackgroundTask, "__init__", recording)
    app, window, db = app_start(path, "vi")
    qtbot.addWidget(window)
    try:
        assert titles == ["Đang nâng cấp cơ sở dữ liệu lên phiên bản CLC Ledger này…"]
        with db.engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == HEAD_REVISION
        assert window.windowTitle()
    finally:
        db.close()


# --- opening on a small screen, closing with a backup (issue 18) ---------------------------------

def test_on_a_1366x768_laptop_the_window_opens_maximised_within_the_free_area():
    from PySide6.QtCore import QRect

    from desktop.ui.main_window import initial_geometry, minimum_size

    laptop = QRect(0, 0, 1366, 728)  # 1366×768 less a 40-pixel taskbar
    assert initial_geometry(laptop) is None  # 1366×768 plus a title bar cannot fit: maximised
    assert initial_geometry(QRect(0, 0, 1366, 768)) is None  # nor without a taskbar
    wide = initial_geometry(QRect(0, 0, 1920, 1040))
    assert wide is not None and (wide.width(), wide.height()) == (1366, 768)
    assert QRect(0, 0, 1920, 1040).contains(wide.adjusted(-8, -32, 8, 8))  # centred, frame included
    at_125_percent = QRect(0, 0, 1093, 583)  # the same laptop at Windows' 125%
    smallest = minimum_size(at_125_percent)
    assert smallest.width() <= 1093 - 16 and smallest.height() <= 583 - 40


def test_the_real_window_and_its_status_bar_stay_inside_the_screen(qtbot, db):
    window = MainWindow(db)
    qtbot.addWidget(window)
    available = window.screen().availableGeometry()  # the offscreen screen: 800×800
    with qtbot.waitActive(window):
        window.show()
    assert window.isMaximized()
    assert available.contains(window.frameGeometry())
    status = window.statusBar()
    bottom_left = status.mapToGlobal(status.rect().bottomLeft())
    assert status.isVisible() and available.contains(bottom_left)


def test_closing_the_window_backs_up_what_changed_and_only_that(qtbot, db):
    from desktop.services.centre import add_village
    from desktop.store.backup import list_backups
    from desktop.store.paths import backup_folder_for

    folder = backup_folder_for(db.path)
    assert list_backups(folder) == []
    for _closing in range(2):  # as the probe did: a change, a close, twice
        add_village(db, f"Bản Mới {_closing}")
        window = MainWindow(db)
        qtbot.addWidget(window)
        window.show()
        assert window.close()
    backups = list_backups(folder)
    assert len(backups) == 2 and all(path.name.endswith("-on-close.sqlite") for path in backups)
    window = MainWindow(db)  # opened and closed without a change: nothing new to keep
    qtbot.addWidget(window)
    window.show()
    window.close()
    assert list_backups(folder) == backups
    import sqlite3

    with sqlite3.connect(backups[0]) as copy:  # the newest holds the last change
        names = {row[0] for row in copy.execute("select name from village")}
    assert "Bản Mới 1" in names


def test_a_pin_is_asked_before_the_window_opens(qtbot, db_path, app_start, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    from desktop.services.pin import set_pin

    kept = open_database(db_path)
    set_pin(kept, "2468", "2468")
    kept.close()
    typed, labels = iter(["1111", "2468"]), []
    monkeypatch.setattr(QInputDialog, "getText",
                        lambda parent, title, label, echo: labels.append(label) or (next(typed), True))
    app, window, db = app_start(db_path, "vi")
    qtbot.addWidget(window)
    assert labels == ["Mã PIN của sổ trung tâm:", "Mã PIN không đúng (còn 2 lần thử). Mã PIN:"]
    assert "Tân Lập" in window.windowTitle()
    window.close()
    qtbot.waitUntil(lambda: not window._database_lock.lock.isLocked())  # freed once closed
    db.close()
    monkeypatch.setattr(QInputDialog, "getText", lambda *args: ("0000", True))
    assert app_start(db_path, "vi") == 0  # three wrong PINs: no window
