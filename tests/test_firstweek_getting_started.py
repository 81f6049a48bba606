"""The overview of a new centre lists its first steps, one click from their screens."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.services.activities import ActivityInput, create_activity
from desktop.services.centre import CentreSetup, add_village, setup_centre
from desktop.services.getting_started import first_steps
from desktop.services.learners import LearnerInput, create_learner
from desktop.store.database import open_database
from desktop.ui.main_window import MainWindow
from tests.firstweek_lists import accession_register


@pytest.fixture
def new_centre(tmp_path: Path):
    db = open_database(tmp_path / "new-centre.sqlite")
    setup_centre(db, CentreSetup(name="Trung tâm học tập cộng đồng xã Tân Lập",
                                 commune_name="Xã Tân Lập", commune_code="04321", province_code="14"))
    yield db
    db.close()


def overview(qtbot, db) -> MainWindow:
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    qtbot.waitUntil(lambda: getattr(window.screens.get("dashboard"), "dashboard", None) is not None)
    return window


def test_each_step_is_done_once_its_records_exist(new_centre, tmp_path: Path):
    steps = first_steps(new_centre, office_key_pinned=False)
    assert not any((steps.villages, steps.learners, steps.books, steps.first_class))
    village = add_village(new_centre, "Bản Nà Hạ")
    create_learner(new_centre, LearnerInput(full_name="Lò Thị Mai", gender="female",
                                            birth_year=1985, village_id=village.id))
    from desktop.services.books.book_import import commit_book_import, preview_book_import

    commit_book_import(new_centre, preview_book_import(
        new_centre, accession_register(tmp_path / "so.xlsx"), today=dt.date(2026, 3, 10)))
    create_activity(new_centre, ActivityInput(name="Lớp xóa mù chữ", kind="literacy_1"))
    steps = first_steps(new_centre, office_key_pinned=False)
    assert (steps.villages, steps.learners, steps.books, steps.first_class) == (True,) * 4
    assert not steps.all_done  # the office's key is still to register
    assert first_steps(new_centre, office_key_pinned=True).all_done
    assert first_steps(new_centre, office_key_pinned=None).all_done  # an office has no key step


def test_a_new_centre_sees_its_first_steps_each_one_click_from_its_screen(qtbot, new_centre):
    window = overview(qtbot, new_centre)
    panel = window.screens["dashboard"].getting_started
    assert panel.isVisible() and panel.title() == "Bắt đầu sử dụng"
    assert [panel.marks[step].text() for step in panel.marks] == ["○"] * 5
    for step, screen in (("learners", "learners"), ("first_class", "activities"),
                         ("office_key", "sync"), ("books", "books"), ("villages", "settings")):
        window.show_screen("dashboard")
        qtbot.mouseClick(panel.buttons[step], Qt.MouseButton.LeftButton)
        assert window.current_screen() is window.screens[screen], step


def test_steps_are_ticked_as_they_are_done_and_the_list_goes_when_all_are(qtbot, db, villages):
    window = overview(qtbot, db)  # a centre with its villages
    dashboard = window.screens["dashboard"]
    panel = dashboard.getting_started
    assert panel.marks["villages"].text() == "✔" and panel.marks["learners"].text() == "○"
    assert panel.labels["villages"].font().strikeOut()
    create_learner(db, LearnerInput(full_name="Lò Thị Mai", gender="female", birth_year=1985,
                                    village_id=villages["Bản Nà Hạ"]))
    dashboard.refresh()
    qtbot.waitUntil(lambda: panel.marks["learners"].text() == "✔")
    from desktop.ui.getting_started import GettingStartedPanel
    from desktop.services.getting_started import FirstSteps

    alone = GettingStartedPanel(lambda step: None)
    qtbot.addWidget(alone)
    alone.show_steps(FirstSteps(True, True, True, True, True))
    assert alone.isHidden()
