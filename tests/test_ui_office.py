"""The office's window on a real office database, with real packages from two real centres."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer

from desktop.services.sync.keys import trusted_keys
from desktop.services.sync.office_browse import centre_learners, received_centres
from desktop.store.database import open_database
from desktop.store.sync_models import IMPORTED, REFUSED
from desktop.ui.office.window import OfficeWindow
from office_support import CENTRE_A, CENTRE_B, OFFICE_NAME, build_office_fixture


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_office_fixture(tmp_path_factory.mktemp("office"))


@pytest.fixture
def office(built, tmp_path):
    db = open_database(built.fresh_office(tmp_path))
    yield db
    db.close()


def make_window(qtbot, db) -> OfficeWindow:
    window = OfficeWindow(db)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    qtbot.waitUntil(lambda: window.screens.get("centres") is not None)
    return window


def nav_titles(window) -> list[str]:
    return [window._nav.item(row).text() for row in range(window._nav.count())]


def run_and_wait(qtbot, screen, start) -> None:
    """Press a button of the receive screen and wait until its work is done and shown."""
    start()
    qtbot.waitUntil(lambda: screen.task is None, timeout=30000)


def preview(qtbot, screen, *paths: Path, register_new: bool = False):
    screen.add_sources(list(paths))
    screen.register_new.setChecked(register_new)
    run_and_wait(qtbot, screen, screen.preview_button.click)
    assert screen.report is not None and screen.report.dry_run
    return screen.report


def flipped_copy(package: Path, folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    data = bytearray(package.read_bytes())
    data[len(data) // 2] ^= 0x01
    copy = folder / package.name
    copy.write_bytes(bytes(data))
    return copy


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


def test_an_office_database_opens_the_office_window_without_asking_for_a_centre(qtbot, built, tmp_path,
                                                                                 app_start):
    app, window, db = app_start(built.fresh_office(tmp_path))
    qtbot.addWidget(window)
    try:
        assert isinstance(window, OfficeWindow)
        assert nav_titles(window) == ["Các trung tâm", "Nhận dữ liệu", "Xem dữ liệu", "Đề nghị đính chính",
                                     "Danh mục dùng chung", "Báo cáo", "Học viên có thể trùng", "Gửi cấp trên",
                                     "Cài đặt"]
        assert OFFICE_NAME in window.windowTitle()
        qtbot.waitUntil(lambda: window.current_screen() is window.screens.get("centres"))
        qtbot.waitUntil(lambda: len(window._shortcut_actions) == 9)  # made just after the first paint
        qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
        assert window.current_screen() is window.screens["receive"]
    finally:
        db.close()


def test_preview_then_import_of_two_centres_shows_their_counts(qtbot, office, built):
    window = make_window(qtbot, office)
    screen = window.show_screen("receive")
    assert not screen.import_button.isEnabled()
    report = preview(qtbot, screen, built.stick, register_new=True)
    assert [package.status for package in report.packages] == [IMPORTED, IMPORTED]
    assert received_centres(office) == []  # a preview saves nothing, not even the keys
    assert trusted_keys(office) == []
    model = screen.results.model
    assert {model.index(row, 1).data() for row in range(2)} == {
        f"{CENTRE_A.name} ({CENTRE_A.commune_code})", f"{CENTRE_B.name} ({CENTRE_B.commune_code})"}
    assert model.index(0, 3).data() == "Sẵn sàng nhập"
    reasons = " ".join(model.index(row, 4).data() for row in range(2))
    assert reasons.count("Khóa mới của") == 2  # the fingerprints to check by phone
    assert "2 gói sẵn sàng nhập" in screen.headline.text()
    # the per-table counts of the package chosen
    screen.results.packages.selectRow(0)
    tables = screen.results.tables
    counts = {tables.item(row, 0).text(): tables.item(row, 1).text() for row in range(tables.rowCount())}
    first = report.packages[0]
    plan = CENTRE_A if first.commune_code == CENTRE_A.commune_code else CENTRE_B
    assert counts["Học viên"] == str(len(plan.learners))
    assert counts["Lượt điểm danh"] == str(len(plan.learners))
    assert screen.import_button.isEnabled()

    run_and_wait(qtbot, screen, screen.import_button.click)
    report = screen.report
    assert report is not None and not report.dry_run
    assert [package.status for package in report.packages] == [IMPORTED, IMPORTED]
    assert screen.results.model.index(0, 3).data() == "Đã nhập"
    assert not screen.import_button.isEnabled()
    assert "Đã nhập 2 gói" in screen.headline.text()
    assert {centre.commune_code for centre in received_centres(office)} == {"01111", "02222"}
    assert len(trusted_keys(office)) == 2

    # the same stick again: recognised, nothing changes
    report = preview(qtbot, screen, built.stick, register_new=True)
    assert {package.status for package in report.packages} == {"already-imported"}
    assert not screen.import_button.isEnabled()


def test_a_package_with_one_flipped_byte_is_refused_with_its_reason_and_nothing_of_it_is_written(
        qtbot, office, built, tmp_path):
    damaged = flipped_copy(built.packages[CENTRE_B.commune_code], tmp_path / "bad")
    window = make_window(qtbot, office)
    screen = window.show_screen("receive")
    report = preview(qtbot, screen, built.packages[CENTRE_A.commune_code], damaged, register_new=True)
    statuses = {package.commune_code or package.file: package.status for package in report.packages}
    assert statuses[CENTRE_A.commune_code] == IMPORTED
    refused = next(package for package in report.packages if package.status == REFUSED)
    row = report.packages.index(refused)
    model = screen.results.model
    assert model.index(row, 3).data() == "Bị từ chối"
    assert "hỏng" in model.index(row, 4).data() or "sửa đổi" in model.index(row, 4).data()
    assert model.index(row, 3).data(Qt.ItemDataRole.BackgroundRole) is not None  # it stands out
    assert "1 gói bị từ chối" in screen.headline.text()

    run_and_wait(qtbot, screen, screen.import_button.click)
    assert [package.status for package in screen.report.packages if package.file == damaged.name] == [REFUSED]
    assert [centre.commune_code for centre in received_centres(office)] == [CENTRE_A.commune_code]
    assert [key.name for key in trusted_keys(office)] == [CENTRE_A.name]


def test_only_a_refused_package_leaves_import_disabled(qtbot, office, built, tmp_path):
    damaged = flipped_copy(built.packages[CENTRE_A.commune_code], tmp_path / "bad")
    window = make_window(qtbot, office)
    screen = window.show_screen("receive")
    preview(qtbot, screen, damaged, register_new=True)
    assert not screen.import_button.isEnabled()
    assert "Không có gói nào nhập được" in screen.headline.text()


def test_an_unknown_centre_is_refused_until_its_key_is_registered_after_the_fingerprint_check(
        qtbot, office, built):
    window = make_window(qtbot, office)
    screen = window.show_screen("receive")
    report = preview(qtbot, screen, built.packages[CENTRE_A.commune_code])
    assert report.packages[0].status == REFUSED and report.packages[0].reason_code == "unknown-key"
    assert "Đăng ký khóa của trung tâm chưa biết" in screen.results.model.index(0, 4).data()

    settings = window.show_screen("settings")
    seen = {}

    def check_then_register(dialog):
        def act():
            seen["enabled_before"] = dialog.register_button.isEnabled()
            seen["digits"] = dialog.digits.text()
            dialog.checked.setChecked(True)
            dialog.register_button.click()
        QTimer.singleShot(0, act)

    assert settings.register_from(built.centre_keys[CENTRE_A.commune_code], check_then_register)
    assert seen["enabled_before"] is False  # not before the user says the fingerprint matched
    keys = trusted_keys(office)
    assert [key.digits for key in keys] == [seen["digits"]]
    assert settings.keys.rowCount() == 1 and settings.keys.item(0, 2).text() == seen["digits"]

    screen = window.show_screen("receive")
    screen.sources.clear()
    report = preview(qtbot, screen, built.packages[CENTRE_A.commune_code])
    assert report.packages[0].status == IMPORTED


def test_a_revoked_centre_is_refused(qtbot, office, built):
    window = make_window(qtbot, office)
    settings = window.show_screen("settings")
    from desktop.services.sync.keys import register_key

    info = register_key(office, built.centre_keys[CENTRE_A.commune_code])
    settings.refresh()
    settings.revoke(info.fingerprint, "máy bị mất")
    assert settings.keys.item(0, 3).text() == "đã thu hồi"
    screen = window.show_screen("receive")
    report = preview(qtbot, screen, built.packages[CENTRE_A.commune_code], register_new=True)
    assert report.packages[0].status == REFUSED and report.packages[0].reason_code == "revoked-key"


def imported_office(office, built) -> None:
    from desktop.services.sync.receive import import_packages

    report = import_packages(office, [built.stick], register_new=True)
    assert [package.status for package in report.packages] == [IMPORTED, IMPORTED]


def test_the_board_lists_every_registered_centre(qtbot, office, built):
    imported_office(office, built)
    window = make_window(qtbot, office)
    board = window.show_screen("centres")
    qtbot.waitUntil(lambda: board.model.rowCount() == 2)
    rows = [[board.proxy.index(row, column).data() for column in range(7)] for row in range(2)]
    assert [row[0] for row in rows] == ["01111", "02222"]
    assert [row[1] for row in rows] == [CENTRE_A.name, CENTRE_B.name]
    assert rows[0][2] == built.marks_day.strftime("%d/%m/%Y")
    assert rows[0][4] == "1" and rows[0][6] == "đầy đủ"
    assert "2 trung tâm đã đăng ký" in board.summary.text()
    board.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert board.proxy.index(0, 0).data() == "02222"
    board.table.selectRow(0)
    qtbot.keyClick(board.table, Qt.Key.Key_Return)
    browse = window.current_screen()
    assert browse is window.screens["browse"]
    assert browse.current_centre_id() == next(c.id for c in received_centres(office) if c.commune_code == "02222")


def test_browsing_shows_a_centres_learners_and_not_anothers(qtbot, office, built):
    imported_office(office, built)
    window = make_window(qtbot, office)
    browse = window.show_screen("browse")
    centres = {centre.commune_code: centre.id for centre in received_centres(office)}
    browse.select_centre(centres[CENTRE_A.commune_code])
    qtbot.waitUntil(lambda: browse.loaded_centre == centres[CENTRE_A.commune_code] and browse.task is None)

    def shown() -> set[str]:
        return {browse.learner_proxy.index(row, 0).data() for row in range(browse.learner_proxy.rowCount())}

    assert shown() == {name for name, _gender, _year in CENTRE_A.learners}
    qtbot.keyClick(browse, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    browse.search.setText("hoa")  # without accents finds "Hoà"; Lò Thị Hoa is the other centre's
    assert shown() == {"Thào Thị Hoà"}
    assert "1 / 3" in browse.learner_count.text() or "1 trong 3" in browse.learner_count.text()
    browse.search.clear()
    assert browse.activities.rowCount() == 1 and browse.activities.item(0, 1).text() == CENTRE_A.class_name
    browse.activities.selectRow(0)
    browse.open_attendance_button.click()
    grid = browse.grid_model.grid
    assert grid is not None and len(grid.learners) == len(CENTRE_A.learners)
    assert set(grid.marks.values()) == {"C"}
    assert not browse.grid_model.flags(browse.grid_model.index(0, 4)) & Qt.ItemFlag.ItemIsEditable

    browse.centre.setCurrentIndex(browse.centre.findData(centres[CENTRE_B.commune_code]))
    qtbot.waitUntil(lambda: browse.loaded_centre == centres[CENTRE_B.commune_code] and browse.task is None)
    assert shown() == {name for name, _gender, _year in CENTRE_B.learners}
    assert len(centre_learners(office, centres[CENTRE_B.commune_code])) == len(CENTRE_B.learners)


def test_the_import_report_is_saved_as_pdf_and_excel_from_the_screen(qtbot, office, built, tmp_path):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    damaged = flipped_copy(built.packages[CENTRE_B.commune_code], tmp_path / "bad")
    window = make_window(qtbot, office)
    screen = window.show_screen("receive")
    preview(qtbot, screen, built.packages[CENTRE_A.commune_code], damaged, register_new=True)
    run_and_wait(qtbot, screen, screen.import_button.click)
    assert screen.save_pdf_button.isEnabled() and screen.save_excel_button.isEnabled()

    pdf = tmp_path / "bao-cao.pdf"
    screen.save_pdf_to(pdf)
    qtbot.waitUntil(lambda: screen.task is None, timeout=30000)
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    for expected in ("BÁO CÁO NHẬP DỮ LIỆU", OFFICE_NAME, CENTRE_A.name, "Đã nhập", "Bị từ chối", damaged.name,
                     "Học viên"):
        assert expected in " ".join(text.split()), expected

    workbook_path = tmp_path / "bao-cao"  # the suffix is added
    screen.save_excel_to(workbook_path)
    qtbot.waitUntil(lambda: screen.task is None, timeout=30000)
    book = load_workbook(tmp_path / "bao-cao.xlsx")
    packages, counts, details = book.worksheets
    header = [cell.value for cell in packages[4]]
    assert header[:6] == ["STT", "Tệp gói dữ liệu", "Trung tâm", "Mã xã", "Các thay đổi", "Kết quả"]
    rows = {row[1]: row for row in packages.iter_rows(min_row=5, values_only=True)}
    assert rows[damaged.name][5] == "Bị từ chối" and rows[damaged.name][6]
    learner_rows = [row for row in counts.iter_rows(min_row=2, values_only=True) if row[3] == "Học viên"]
    assert learner_rows == [(CENTRE_A.name, CENTRE_A.commune_code, built.packages["01111"].name, "Học viên",
                             len(CENTRE_A.learners), 0, 0, 0, 0, 0, 0)]
    assert details.max_row == 1  # nothing set aside, no conflicts: only the header


def test_the_office_key_is_shown_in_digits_and_words_and_saved_for_the_centres(qtbot, office, tmp_path):
    from desktop.services.sync.keys import own_key
    from desktop.sync.keys import read_key_file

    window = make_window(qtbot, office)
    settings = window.show_screen("settings")
    own = own_key(office)
    assert settings.own_digits.text() == own.digits and settings.own_words.text() == own.words
    settings.export_key_to(tmp_path / "khoa-so")
    key = read_key_file(tmp_path / "khoa-so.clckey", expected_role="office")
    assert key.fingerprint.digits == own.digits and key.name == OFFICE_NAME


def test_the_silent_days_setting_is_saved_and_checked(qtbot, office):
    from desktop.services.sync.mode import get_office_settings

    window = make_window(qtbot, office)
    settings = window.show_screen("settings")
    settings.silent_days.setValue(30)
    settings.save_silent.click()
    assert get_office_settings(office).silent_days == 30
    assert "30" in settings.silent_message.text()


def test_usb_sticks_come_first_among_the_drives():
    from desktop.ui.sync.drives import Drive, looks_like_a_stick
    from desktop.ui.sync.drives import ordered as order_drives

    assert looks_like_a_stick("E:/", "FAT32", "C:")
    assert not looks_like_a_stick("C:/", "NTFS", "C:")
    assert looks_like_a_stick("/media/can-bo/KINGSTON", "ext4")
    assert not looks_like_a_stick("/", "ext4")
    drives = [Drive("", Path("C:/"), 1, False), Drive("USB", Path("F:/"), 1, True),
              Drive("", Path("D:/"), 1, False)]
    assert [str(drive.root) for drive in order_drives(drives)] == [str(Path("F:/")), str(Path("C:/")),
                                                                   str(Path("D:/"))]


def test_silent_and_troubled_centres_stand_out_on_the_board():
    import datetime as dt

    from desktop.services.sync.office import CentreStatus
    from desktop.ui.office.board import LAST_PACKAGE, STATE, WAITING, BoardModel

    def status(code: str, **changes) -> CentreStatus:
        values = dict(centre_id=code, name=f"Trung tâm {code}", commune_code=code, fingerprint="ab" * 16,
                      registered_at=dt.datetime(2026, 1, 5), revoked=False, data_runs_to=dt.date(2026, 10, 1),
                      last_package_at=dt.datetime(2026, 10, 2, 8, 0), packages=3, held_gaps=(), cloned=False,
                      silent_days=10, silent=False)
        values.update(changes)
        return CentreStatus(**values)

    model = BoardModel()
    model.set_rows([status("01111"), status("02222", silent_days=50, silent=True),
                    status("03333", held_gaps=((101, 200),)), status("04444", cloned=True),
                    status("05555", last_package_at=None, silent_days=None, silent=True, packages=0)])
    texts = [model.index(row, STATE).data() for row in range(5)]
    assert texts[0] == "đầy đủ" and texts[1] == "im lặng 50 ngày" and texts[4] == "chưa gửi gói nào"
    assert "hai tệp dữ liệu" in texts[3]
    assert model.index(2, WAITING).data() == "đang chờ thay đổi 101–200"
    assert model.index(4, LAST_PACKAGE).data() == "chưa bao giờ"
    backgrounds = [model.index(row, 0).data(Qt.ItemDataRole.BackgroundRole) for row in range(5)]
    assert backgrounds[0] is None and all(brush is not None for brush in backgrounds[1:])
    assert backgrounds[3].color() != backgrounds[1].color()  # a copied database is red, not yellow
