"""Release features of the window: the About box, a .clcsync package opened from Explorer
(`clc --open PACKAGE`), and the quit-after-first-paint switch the frozen bundle's test uses."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import __version__
from desktop.about import SHIPPED, icon_path
from desktop.cli import main
from desktop.i18n import _
from desktop.i18n import set_language
from desktop.services.sync.keys import register_key
from desktop.store.database import open_database
from desktop.store.sync_models import IMPORTED
from desktop.ui.about_dialog import AboutDialog
from desktop.ui.app import QUIT_AFTER_PAINT
from desktop.ui.main_window import MainWindow
from desktop.ui.office.window import OfficeWindow
from office_support import build_office_fixture

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_office_fixture(tmp_path_factory.mktemp("office"))


@pytest.fixture
def app_start():
    """`launch`, as `clc` runs it; the logging handler and error hook it installs are undone."""
    import gc
    import logging

    from desktop.ui.app import launch

    handlers, hook = list(logging.getLogger().handlers), sys.excepthook
    yield launch
    gc.enable()
    for handler in set(logging.getLogger().handlers) - set(handlers):
        logging.getLogger().removeHandler(handler)
        handler.close()
    sys.excepthook = hook


def test_the_about_box_shows_the_version_the_files_in_use_and_the_licences(qtbot, db):
    window = MainWindow(db)
    qtbot.addWidget(window)
    dialog = AboutDialog(db.path, window)
    qtbot.addWidget(dialog)
    heading = dialog.findChild(type(dialog.places), "aboutHeading").text()
    assert f"Phiên bản {__version__}" in heading
    assert str(db.path) in dialog.places.text() and str(db.path.parent / "backups") in dialog.places.text()
    licences = dialog.licences.toPlainText()
    for component in SHIPPED:
        assert component.name in licences and _(component.licence) in licences
    assert "LGPL" in licences and "LICENSE-DejaVu.txt" in licences
    assert window.about_button.text() == "Giới thiệu"
    set_language("en")
    window.rebuild()
    assert window.about_button.text() == "About"

def test_the_window_carries_the_application_icon(qapp):
    from desktop.ui.app import make_application

    assert icon_path().is_file()
    make_application()
    assert QApplication.windowIcon().availableSizes()  # loaded from resources/icons


def test_clc_version_prints_the_one_version(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"CLC Ledger {__version__}"
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'version = { attr = "desktop.__version__" }' in text  # the package's version is the same one


def test_a_package_opened_from_explorer_shows_in_the_offices_receive_screen_previewed(qtbot, built, tmp_path,
                                                                                     app_start):
    commune, package = next(iter(built.packages.items()))
    office = built.fresh_office(tmp_path)
    with contextlib.closing(open_database(office)) as registering:
        register_key(registering, built.centre_keys[commune])  # the centre's key, checked by phone
    app, window, db = app_start(office, package=package)
    qtbot.addWidget(window)
    try:
        assert isinstance(window, OfficeWindow)
        qtbot.waitUntil(lambda: window.screens.get("receive") is not None
                        and window.current_screen() is window.screens["receive"], timeout=10000)
        screen = window.screens["receive"]
        assert screen.source_paths() == [package]
        qtbot.waitUntil(lambda: screen.report is not None and screen.task is None, timeout=30000)
        assert screen.report.dry_run  # a preview: the clerk checks it, then presses Import
        assert [item.status for item in screen.report.packages] == [IMPORTED]  # ready to import
        assert screen.import_button.isEnabled()
    finally:
        db.close()


def test_a_file_opened_on_a_centres_window_that_is_no_return_package_is_refused_with_its_name(
        qtbot, db_path, tmp_path, app_start):
    """A centre's window applies the office's return packages; anything else is refused, named."""
    package = tmp_path / "goi.clcsync"
    package.write_bytes(b"PK")
    seen: list[str] = []

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text() + "\n" + box.informativeText())
            box.accept()
        else:
            QTimer.singleShot(50, read_and_close)

    QTimer.singleShot(50, read_and_close)
    app, window, db = app_start(db_path, package=package)
    qtbot.addWidget(window)
    try:
        qtbot.waitUntil(lambda: bool(seen), timeout=10000)
        assert "không được áp dụng" in seen[0] and package.name in seen[0]
        assert isinstance(window, MainWindow) and not isinstance(window, OfficeWindow)
    finally:
        db.close()


def test_the_quit_after_paint_switch_opens_the_window_and_quits_cleanly(db_path, tmp_path):
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT), **{QUIT_AFTER_PAINT: "1"})
    done = subprocess.run([sys.executable, "-m", "desktop", "--db", str(db_path)], capture_output=True,
                          text=True, env=environment, timeout=120, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("FIRST_PAINT ")
    assert list((db_path.parent / "backups").glob("*.sqlite*"))  # closed as a user closes it: backed up
