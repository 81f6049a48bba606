"""Gửi lên cấp trên: a package written to a stick or folder, checked, listed in the outbox; the
overview's reminder; the status bar's word on the office."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.i18n import _
from desktop.services.sync.export import outbox
from desktop.services.sync.keys import register_key
from desktop.services.sync.status import send_status, set_reminder_days
from desktop.sync.package import read_envelope
from desktop.ui.sync.drives import Drive, ordered
from desktop.ui.sync.key_dialog import ConfirmKeyDialog
from desktop.ui.sync.outbox_model import ACKNOWLEDGED, CHANGES, FULL, RECORDS
from desktop.ui.sync.send_screen import SendScreen
from sync_ui_support import answering, click, make_office_key, shown


@pytest.fixture(scope="session")
def office_key(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_office_key(tmp_path_factory.mktemp("office"))


@pytest.fixture
def pinned(db, office_key):
    register_key(db, office_key)
    return db


def make_screen(qtbot, db) -> SendScreen:  # type: ignore[no-untyped-def]
    screen = SendScreen(db)
    qtbot.addWidget(screen)
    screen.resize(1136, 720)
    screen.show()
    screen.bring_up_to_date()
    return screen


def activate(qtbot, screen: SendScreen) -> None:  # type: ignore[no-untyped-def]
    """Shortcuts need an active window; offscreen, a closed dialog does not hand activation back."""
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow)


def send_and_answer(qtbot, screen: SendScreen, *dialogs) -> list[str]:  # type: ignore[no-untyped-def]
    """Press Ctrl+Enter as a user would, answer the dialogs, wait until the work is over."""
    activate(qtbot, screen)
    with answering(*dialogs) as texts:
        screen.drive_list.setFocus()
        qtbot.keyClick(screen.drive_list, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: screen.task is None and len(texts) == len(dialogs), timeout=20000)
    return texts


def outbox_row(screen: SendScreen, row: int = 0) -> dict[int, str]:
    return {column: screen.proxy.index(row, column).data() for column in range(screen.proxy.columnCount())}


def test_sending_to_a_usb_stick_writes_a_checked_package_and_says_the_stick_may_be_removed(qtbot, pinned, tmp_path):
    stick = tmp_path / "KINGSTON"
    stick.mkdir()
    screen = make_screen(qtbot, pinned)
    assert screen.outbox_empty.isVisible() and not screen.outbox_table.isVisible()
    screen.use_drive(Drive("KINGSTON", stick, 7_500_000_000, removable=True))
    texts = send_and_answer(qtbot, screen, (QMessageBox, click(_("OK"))))

    [written] = list(stick.iterdir())
    assert written.suffix == ".clcsync"
    envelope = read_envelope(written)  # a real package, readable at the office
    assert envelope.manifest.origin.commune_code == "04321"
    assert envelope.manifest.full  # the first package of an installation is a full one
    assert "Bây giờ có thể rút USB ra" in texts[0]
    assert written.name in texts[0]
    [sent] = outbox(pinned)
    assert f"Số bản ghi: {sent.rows}" in texts[0]

    row = outbox_row(screen)
    assert row[RECORDS] == str(sent.rows) and row[FULL] == "bản đầy đủ" and row[ACKNOWLEDGED] == "chưa"
    assert row[CHANGES] == f"{sent.sequence_from} đến {sent.sequence_to}"
    assert screen.outbox_table.isVisible() and not screen.outbox_empty.isVisible()
    assert screen.outbox_box.title() == "Các gói đã gửi (1)"
    assert "cấp trên chưa xác nhận" in shown(screen.office_label)


def test_sending_to_a_folder_then_only_changes_with_a_full_copy_on_request(qtbot, pinned, tmp_path):
    from desktop.services.centre import add_village

    folder = tmp_path / "gửi lên huyện"
    folder.mkdir()
    screen = make_screen(qtbot, pinned)
    screen.use_folder(folder)
    assert screen.destination() == (folder, False)
    texts = send_and_answer(qtbot, screen, (QMessageBox, click(_("OK"))))
    assert "rút USB" not in texts[0] and "kiểm tra xong" in texts[0]  # a folder: no stick to remove

    add_village(pinned, "Bản Mới")  # a change since: the next package is not a full one
    send_and_answer(qtbot, screen, (QMessageBox, click(_("OK"))))
    activate(qtbot, screen)
    screen.full.setFocus()
    qtbot.keyClick(screen.full, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert screen.full.isChecked()
    send_and_answer(qtbot, screen, (QMessageBox, click(_("OK"))))
    assert not screen.full.isChecked()  # a full copy is a one-off choice

    packages = [read_envelope(path).manifest for path in sorted(folder.iterdir())]
    assert len(packages) == 3
    assert [package.full for package in sorted(packages, key=lambda m: m.created_at)] == [True, False, True]
    assert screen.proxy.rowCount() == 3
    assert [outbox_row(screen, row)[FULL] for row in range(3)] == ["bản đầy đủ", "phần thay đổi", "bản đầy đủ"]


def test_cancel_part_way_leaves_nothing_on_the_stick(qtbot, pinned, tmp_path, monkeypatch):
    from desktop.ui.tasks import BackgroundTask

    stick = tmp_path / "stick"
    stick.mkdir()
    screen = make_screen(qtbot, pinned)
    screen.use_folder(stick)
    seen_partial: list[list[str]] = []

    def cancel_at_first_report(_done: int, _total: int, _message: str) -> None:
        # Runs on the worker as the writer reports its first step, with a partial file begun.
        if not seen_partial:
            seen_partial.append([path.name for path in stick.iterdir()])
            screen.task.cancel()  # what the progress dialog's Cancel button does

    start = BackgroundTask.start

    def start_listening(task: BackgroundTask) -> BackgroundTask:
        # (the worker's own signal, connected directly and before it starts: the cancel lands
        # mid-write every time, however fast the machine)
        task._signals.progressed.connect(cancel_at_first_report, Qt.ConnectionType.DirectConnection)
        return start(task)

    monkeypatch.setattr(BackgroundTask, "start", start_listening)
    with answering():
        screen.send()
        qtbot.waitUntil(lambda: screen.task is None, timeout=20000)
    assert seen_partial and seen_partial[0]  # it was cancelled part-way, with a file begun
    assert list(stick.iterdir()) == []
    assert outbox(pinned) == []
    assert screen.message.text() == "Đã hủy. Không có gì được ghi."


def test_a_folder_removed_before_sending_gives_a_message_not_a_traceback(qtbot, pinned, tmp_path):
    stick = tmp_path / "stick"
    stick.mkdir()
    screen = make_screen(qtbot, pinned)
    screen.use_folder(stick)
    shutil.rmtree(stick)  # the stick was pulled out
    texts = send_and_answer(qtbot, screen, (QMessageBox, click(_("OK"))))
    assert "USB đã bị rút ra" in texts[0] or "không ghi được" in texts[0].lower()
    assert str(stick) in texts[0] and "Traceback" not in texts[0]
    assert screen.message.text() and outbox(pinned) == []


def test_without_an_office_key_the_screen_offers_to_register_one(qtbot, db, tmp_path, office_key):
    screen = make_screen(qtbot, db)
    assert "Chưa đăng ký khóa của cấp trên" in shown(screen.office_label)
    assert screen.pin_button.isVisible() and screen.pin_button.isEnabled()
    stick = tmp_path / "stick"
    stick.mkdir()
    screen.use_folder(stick)
    # Sending asks for the key instead of failing; here the user has no key file yet.
    send_and_answer(qtbot, screen, (QMessageBox, click(_("Not now"))))
    assert list(stick.iterdir()) == []

    def confirm(dialog: QWidget) -> None:
        qtbot.keyClick(dialog, Qt.Key.Key_Return)

    from desktop.ui.sync import send_screen

    with answering((ConfirmKeyDialog, confirm)):
        send_screen.pin_office_key(screen, db, office_key)
    screen.refresh()
    assert "Sở GD&ĐT Sơn La" in shown(screen.office_label)


def test_a_second_send_is_ignored_while_one_is_running(qtbot, pinned, tmp_path):
    screen = make_screen(qtbot, pinned)
    screen.use_folder(tmp_path)
    with answering((QMessageBox, click(_("OK")))) as texts:
        screen.send()
        screen.send()  # a double press
        qtbot.waitUntil(lambda: screen.task is None and len(texts) == 1, timeout=20000)
    assert len(list(tmp_path.glob("*.clcsync"))) == 1, texts


def test_usb_sticks_are_listed_before_other_drives():
    drives = [Drive("Local Disk", Path("C:/"), 10**11, False), Drive("USB B", Path("F:/"), 10**9, True),
              Drive("Data", Path("D:/"), 10**11, False), Drive("KINGSTON", Path("E:/"), 7 * 10**9, True)]
    assert [drive.name for drive in ordered(drives)] == ["KINGSTON", "USB B", "Local Disk", "Data"]
    assert ordered(drives)[0].label() == "USB: KINGSTON (E:) — còn trống 6,5 GB"


# The overview's reminder and the status bar


@pytest.fixture
def dashboard(qtbot, db):  # type: ignore[no-untyped-def]
    from desktop.ui.screens.dashboard import DashboardScreen

    screen = DashboardScreen(db)
    qtbot.addWidget(screen)
    screen.resize(1136, 720)
    screen.show()
    return screen


def test_the_overview_reminds_until_a_package_is_sent_and_again_when_it_is_old(qtbot, pinned, dashboard, tmp_path):
    from desktop.services.sync.export import export_package

    today = dt.date.today()
    status = send_status(pinned)
    dashboard.show_send_reminder(status, today)
    assert dashboard.send_reminder.isVisible()
    assert "chưa được gửi lên cấp trên lần nào" in dashboard.send_reminder_text.text()

    export_package(pinned, tmp_path)
    dashboard.show_send_reminder(send_status(pinned), today)
    assert not dashboard.send_reminder.isVisible()

    set_reminder_days(pinned, 7)
    dashboard.show_send_reminder(send_status(pinned), today + dt.timedelta(days=6))
    assert not dashboard.send_reminder.isVisible()
    dashboard.show_send_reminder(send_status(pinned), today + dt.timedelta(days=8))
    assert dashboard.send_reminder.isVisible()
    assert "cách đây 8 ngày" in dashboard.send_reminder_text.text()


def test_the_reminder_shows_with_the_overview_and_its_button_opens_the_send_screen(qtbot, db, tmp_path):
    from desktop.services.sync.export import export_package
    from desktop.ui.main_window import MainWindow

    window = MainWindow(db)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    dashboard = window.show_screen("dashboard")
    qtbot.waitUntil(lambda: dashboard.dashboard is not None)  # type: ignore[attr-defined]
    assert dashboard.send_reminder.isVisible()  # type: ignore[attr-defined]
    assert "Ctrl+7" in dashboard.send_reminder_button.toolTip()  # type: ignore[attr-defined]
    qtbot.mouseClick(dashboard.send_reminder_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    assert window.current_screen() is window.screens["sync"]

    qtbot.waitUntil(lambda: window._status_sync.text() == "Cấp trên: chưa đăng ký khóa, chưa gửi lần nào")
    assert window._status_sync.isVisible()
    register_key(db, make_office_key(tmp_path))
    (tmp_path / "out").mkdir()
    export_package(db, tmp_path / "out")
    window.navigator.status_changed()
    qtbot.waitUntil(lambda: window._status_sync.text()
                    == f"Cấp trên: gói ngày {dt.date.today():%d/%m/%Y} chưa được xác nhận")
    window.show_screen("dashboard")
    qtbot.waitUntil(lambda: dashboard.send_reminder.isHidden())  # type: ignore[attr-defined]


def test_the_status_bar_says_when_the_office_has_acknowledged(qtbot, pinned, tmp_path):
    from desktop.services.sync.export import export_package, mark_acknowledged
    from desktop.ui.sync.status_text import sync_status_text

    result = export_package(pinned, tmp_path)
    mark_acknowledged(pinned, result.package_hash)
    assert sync_status_text(pinned) == f"Cấp trên: đã nhận gói ngày {dt.date.today():%d/%m/%Y}"
    screen = make_screen(qtbot, pinned)
    assert outbox_row(screen)[ACKNOWLEDGED] == f"{dt.date.today():%d/%m/%Y}"
    assert "cấp trên đã xác nhận ngày" in shown(screen.office_label)
