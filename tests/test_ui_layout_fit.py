"""No text cut off on any screen or tab of the centre's window at 1366×768, in Vietnamese and in
English, on a year of demo records (tools/screens.py photographs the same, in the pseudo-locale too)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.i18n import set_language
from layout_fit import cut_texts, every_tab

WINDOW_SIZE = (1366, 768 - 40 - 31)  # maximised above the taskbar, under the title bar


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from desktop.demo.centre import build_demo
    from desktop.store.database import open_database

    path = tmp_path_factory.mktemp("layout") / "demo.sqlite"
    db = open_database(path)
    build_demo(db, years=1, seed=5, today=dt.date(2026, 11, 20))
    db.close()
    return path


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_screen_shows_its_texts_whole_at_1366_by_768(qtbot, demo_file, tmp_path, language):
    import shutil

    from desktop.store.database import open_database
    from desktop.ui.main_window import MainWindow

    path = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_file, path)
    set_language(language)
    db = open_database(path)
    look_at_every_screen(qtbot, MainWindow(db), db)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_screen_of_the_office_shows_its_texts_whole(qtbot, tmp_path, language):
    from desktop.services.sync.mode import setup_office
    from desktop.store.database import open_database
    from desktop.ui.office.window import OfficeWindow

    set_language(language)
    db = open_database(tmp_path / "office.sqlite")
    setup_office(db, level="province", name="Sở Giáo dục và Đào tạo tỉnh Lào Cai", code="15")
    look_at_every_screen(qtbot, OfficeWindow(db), db, least=4)


def look_at_every_screen(qtbot, window, db, least: int = 20) -> None:  # type: ignore[no-untyped-def]
    qtbot.addWidget(window)
    window.setWindowState(Qt.WindowState.WindowNoState)  # not maximised: the size below
    window.resize(*WINDOW_SIZE)
    window.show()
    qtbot.waitExposed(window)
    cut: list[str] = []
    visited = []
    try:
        for key in list(window.keys):
            screen = window.show_screen(key)
            qtbot.wait(50)
            for tab in every_tab(screen):
                qtbot.wait(30)
                visited.append(f"{key}{tab}")
                cut += [f"{key}{tab}: {problem}" for problem in cut_texts(window)]
        assert len(visited) > least  # every screen and the tabs inside them were looked at
        assert cut == []
    finally:
        window.close()
        db.close()


def test_the_check_sees_a_label_too_narrow_for_its_text_and_not_a_wide_enough_one(qtbot):
    holder = QWidget()
    qtbot.addWidget(holder)
    narrow, wide = QLabel("Danh sách học viên đi học không đều"), QLabel("Điểm danh")
    narrow.setFixedWidth(80)
    QVBoxLayout(holder).addWidget(narrow)
    holder.layout().addWidget(wide)
    holder.show()
    assert [problem.split(" (")[0] for problem in cut_texts(holder)] == [
        "QLabel 'Danh sách học viên đi học không đều'"]
