"""A USB stick pulled out, or full, while a backup's protected copy is being written: a clear
message, nothing half-written left under the copy's real name, the local backup and the database
untouched. (A stick pulled during a package export: tests/test_sync_package.py.)"""

from __future__ import annotations

import contextlib
import json
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

from desktop.progress import Progress
from desktop.services.backup_copies import CopyFailed, copy_settings, open_copy, set_copy_folder, write_copy
from desktop.services.centre import add_village
from desktop.store.backup import make_backup
from desktop.store.paths import backup_folder_for
from tests.test_disk_full import _namespaces_work, on_a_small_disk

PASSPHRASE = "Trâu ăn cỏ 2026"
CHILD = Path(__file__).with_name("usb_copy_child.py")


def files_under(root: Path) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def test_a_stick_pulled_out_mid_copy_leaves_nothing_and_says_so(db, tmp_path):
    stick = tmp_path / "USB"
    stick.mkdir()
    set_copy_folder(db, stick, PASSPHRASE, PASSPHRASE)
    add_village(db, "Bản Cũ")
    backup = make_backup(db.engine, backup_folder_for(db.path), reason="manual")
    original = backup.read_bytes()

    def pull_out(done, total, message):
        if stick.exists():
            shutil.rmtree(stick)

    with pytest.raises(CopyFailed) as failed:
        write_copy(db, backup, Progress(pull_out))
    assert "USB đã bị rút ra trước khi chép xong" in failed.value.message
    assert "Đã sao lưu trên máy này" in failed.value.message
    assert not stick.exists() and copy_settings(db).last_copy is None  # no copy is counted
    assert backup.read_bytes() == original  # the local backup is untouched
    with contextlib.closing(sqlite3.connect(db.path)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    add_village(db, "Bản Sau")  # the database goes on working
    stick.mkdir()  # plugged in again: the next copy is whole and opens
    copy = write_copy(db, backup)
    assert files_under(stick) == [copy.name]
    assert open_copy(copy, PASSPHRASE, tmp_path / "elsewhere" / "centre.sqlite").read_bytes() == original


@pytest.mark.skipif(sys.platform == "win32" or not _namespaces_work(),
                    reason="needs user and mount namespaces for a small real disk")
def test_a_stick_that_fills_up_mid_copy_leaves_nothing_and_says_so(db_path, tmp_path):
    stick = tmp_path / "stick"
    result = on_a_small_disk(stick, [sys.executable, str(CHILD), str(db_path), str(stick)], size="64k")
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout)
    assert "copied_to_full_stick" not in outcome and "other_error" not in outcome, outcome
    assert "ổ đĩa đã đầy" in outcome["message"] and "Đã sao lưu trên máy này" in outcome["message"]
    assert outcome["left_on_stick"] == []  # neither the .partial nor anything under the real name
    assert outcome["local_backups"] == 1 and outcome["last_copy"] == "None" and outcome["sound"]
