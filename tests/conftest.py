"""Shared fixtures: each test gets its own real SQLite file, copied from a template built once."""

from __future__ import annotations

import datetime as dt
import gc
import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop.i18n import set_language  # noqa: E402
from desktop.ui.none_guard import guard_none  # noqa: E402

guard_none()  # the window tests make many Qt calls that answer None, as a long session does

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _vietnamese_by_default():
    set_language("vi")
    yield
    set_language("vi")


@pytest.fixture(autouse=True)
def _garbage_collected_on_the_gui_thread(request: pytest.FixtureRequest):
    """Window tests run as the window does: cycles are collected on the GUI thread only, and no
    background job outlives its test (it would write into the next test's files)."""
    if "qtbot" not in request.fixturenames and "qapp" not in request.fixturenames:
        gc.enable()
        yield
        return
    from PySide6.QtCore import QThreadPool

    from desktop.ui.database_worker import wait_for_database_jobs
    from desktop.ui.gui_thread_gc import collect_garbage_on_gui_thread

    collect_garbage_on_gui_thread(request.getfixturevalue("qapp"))
    yield
    assert wait_for_database_jobs(60_000), "a database job was still running"
    assert QThreadPool.globalInstance().waitForDone(60_000), "a background job was still running"


@pytest.fixture(scope="session")
def template_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated database with a centre and four villages, built once per run."""
    from desktop.services.centre import CentreSetup, setup_centre
    from desktop.store.database import open_database

    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    db = open_database(path)
    setup_centre(db, CentreSetup(
        name="Trung tâm học tập cộng đồng xã Tân Lập", commune_name="Xã Tân Lập",
        commune_code="04321", province_code="14", director="Lò Văn Thắng",
        villages=("Bản Nà Hạ", "Thôn Đông", "Bản Pá Khoang", "Thôn Tây")))
    db.close()
    return path


@pytest.fixture
def db_path(template_database: Path, tmp_path: Path) -> Path:
    path = tmp_path / "centre.sqlite"
    shutil.copyfile(template_database, path)
    return path


@pytest.fixture
def db(db_path: Path):
    from desktop.store.database import open_database

    database = open_database(db_path)
    yield database
    database.close()


@pytest.fixture
def villages(db) -> dict[str, str]:
    """Village name → id."""
    from desktop.services.centre import list_villages

    return {village.name: village.id for village in list_villages(db)}


@pytest.fixture
def today() -> dt.date:
    return TODAY


def type_text(widget, text: str) -> None:
    """Type text key by key, Vietnamese letters included, as a Unikey/EVKey user's keyboard sends it.

    qtbot.keyClicks handles ASCII only (QTest asserts on other characters), so each character is
    sent as a key event carrying its text.
    """
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    special = {" ": Qt.Key.Key_Space, "\n": Qt.Key.Key_Return}
    for character in text:
        key = special.get(character, Qt.Key.Key_unknown)
        sent = "\r" if character == "\n" else character
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, sent))
