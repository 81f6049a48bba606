"""One window per data file: a second start on the same file that the open window does not take
over (tests/test_ui_running_window.py) is refused with a message; the
lock goes when the window closes, and a crashed window's lock does not block the next start."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QLockFile
from PySide6.QtWidgets import QMessageBox

from desktop.i18n import _
from sync_ui_support import answering, click


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


def lock_is_free(db_path: Path) -> bool:
    probe = QLockFile(f"{db_path}.lock")
    probe.setStaleLockTime(0)
    if probe.tryLock(0):
        probe.unlock()
        return True
    return False


def test_a_second_start_on_the_same_file_is_refused_and_the_first_frees_it_on_close(qtbot, db_path, app_start):
    app, window, db = app_start(db_path, "vi")
    qtbot.addWidget(window)
    assert not lock_is_free(db_path)

    # A window that does not answer (hung, or an older version) cannot take the start over:
    # the second start says why it does not open a second window.
    window._running_window_channel.server.close()
    with answering((QMessageBox, click(_("OK")))) as texts:
        assert app_start(db_path, "vi") == 1  # no second window
    assert "Sổ TTHTCĐ đang mở tệp dữ liệu này rồi" in texts[0]
    assert str(db_path) in texts[0]
    assert window.isVisible()  # the first window goes on

    window.close()
    qtbot.waitUntil(lambda: lock_is_free(db_path))
    db.close()
    app, again, db = app_start(db_path, "vi")  # now it opens
    qtbot.addWidget(again)
    assert "Tân Lập" in again.windowTitle()
    again.close()
    db.close()


def test_another_file_opens_beside_a_running_window(qtbot, db_path, app_start, tmp_path):
    import shutil

    other = tmp_path / "other" / "centre.sqlite"
    other.parent.mkdir()
    shutil.copyfile(db_path, other)
    _app, first, db = app_start(db_path, "vi")
    qtbot.addWidget(first)
    _app, second, other_db = app_start(other, "vi")
    qtbot.addWidget(second)
    assert first.isVisible() and second.isVisible()
    db.close()
    other_db.close()


def test_the_lock_of_a_window_that_crashed_does_not_block_the_next_start(qtbot, db_path, app_start):
    holder = subprocess.Popen(
        [sys.executable, "-c", (
            "import sys, time\n"
            "from PySide6.QtCore import QLockFile\n"
            "lock = QLockFile(sys.argv[1]); lock.setStaleLockTime(0)\n"
            "print('locked' if lock.tryLock(1000) else 'refused', flush=True)\n"
            "time.sleep(120)\n"), f"{db_path}.lock"],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        assert not lock_is_free(db_path)
        holder.kill()  # (SIGKILL; TerminateProcess on Windows) a crash, or a power cut: the lock file stays behind
        holder.wait()
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
    assert Path(f"{db_path}.lock").exists()
    _app, window, db = app_start(db_path, "vi")  # opens without a word about the old lock
    qtbot.addWidget(window)
    assert window.isVisible()
    db.close()
