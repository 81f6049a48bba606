"""A package double-clicked (or the app started again) while a window has the data file open goes
to that window: a real second `clc` process hands it over and leaves, with no "already open"."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from office_support import CENTRE_A, build_office_fixture

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


def second_start(qtbot, tmp_path: Path, database: Path, *more: str) -> int:
    """`clc --db DATABASE ...` as Explorer starts it, while this test's window runs its events.
    A start that could not hand over would wait on its message box: the timeout catches that."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_DATA_HOME": str(tmp_path / "xdg"),
           "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, "-m", "desktop", "--db", str(database), *more],
                               cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        qtbot.waitUntil(lambda: process.poll() is not None, timeout=90000)
    finally:
        if process.poll() is None:
            process.kill()
        output = process.communicate()[0]
    assert process.returncode == 0, output.decode(errors="replace")
    return process.returncode


def test_a_package_double_clicked_while_the_office_window_is_open_is_previewed_there(
        qtbot, built, tmp_path, app_start):
    app, window, db = app_start(built.fresh_office(tmp_path), "vi")
    qtbot.addWidget(window)
    try:
        package = built.packages[CENTRE_A.commune_code]
        second_start(qtbot, tmp_path, db.path, "--open", str(package))
        qtbot.waitUntil(lambda: window.current_screen() is window.screens.get("receive"))
        screen = window.current_screen()
        assert [Path(path) for path in screen.source_paths()] == [package.resolve()]
        qtbot.waitUntil(lambda: screen.report is not None, timeout=60000)  # its preview, ready to import
        assert screen.report.dry_run
        assert window.isVisible()
    finally:
        window.close()
        db.close()


def test_starting_the_app_again_brings_the_open_window_forward_instead_of_refusing(
        qtbot, built, tmp_path, app_start):
    app, window, db = app_start(built.fresh_office(tmp_path), "vi")
    qtbot.addWidget(window)
    try:
        window.showMinimized()
        qtbot.waitUntil(window.isMinimized)
        second_start(qtbot, tmp_path, db.path)
        qtbot.waitUntil(lambda: not window.isMinimized())
        assert window.isVisible()
    finally:
        window.close()
        db.close()


def test_the_channel_is_named_for_the_file_so_another_files_start_is_not_handed_over(tmp_path):
    from desktop.ui.running_window import channel_name

    first, second = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    assert channel_name(first) == channel_name(tmp_path / "." / "a.sqlite")
    assert channel_name(first) != channel_name(second)
