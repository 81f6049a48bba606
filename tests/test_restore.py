"""Restore: the list of backups (checked and counted), the preview, the swap, and what it refuses."""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.errors import DatabaseProblem, UserError
from desktop.services.centre import add_village, list_villages
from desktop.services.restore import list_restorable, preview_restore, restore_backup
from desktop.store.backup import describe, list_backups, make_backup
from desktop.store.database import open_database
from desktop.store.paths import backup_folder_for
from desktop.store.schema_version import HEAD_REVISION

FIXTURES = Path(__file__).parent / "fixtures"


def _villages(path: Path) -> set[str]:
    with contextlib.closing(sqlite3.connect(path)) as connection:
        return {row[0] for row in connection.execute("SELECT name FROM village WHERE deleted = 0")}


def _scribble(path: Path) -> None:
    size = path.stat().st_size
    with path.open("r+b") as handle:
        for page in range(2, size // 4096, 2):
            handle.seek(page * 4096 + 200)
            handle.write(b"\xde\xad\xbe\xef" * 100)


def test_the_list_shows_date_revision_and_counts_and_never_offers_a_damaged_backup(db):
    folder = backup_folder_for(db.path)
    good = make_backup(db.engine, folder, reason="daily")
    add_village(db, "Bản Mới")
    damaged = make_backup(db.engine, folder, reason="manual")
    _scribble(damaged)
    listed = list_restorable(db.path)
    assert [item.path for item in listed] == [damaged, good]
    assert listed[0].problem.startswith("bị hỏng") and not listed[0].restorable
    assert listed[1].restorable and listed[1].revision == HEAD_REVISION and listed[1].kind == "daily"
    assert listed[1].counts == {"learners": 0, "classes": 0, "sessions": 0, "marks": 0, "books": 0, "loans": 0}
    with pytest.raises(DatabaseProblem, match="Hãy chọn bản sao lưu khác"):
        restore_backup(db.path, damaged, db=db)
    assert "Bản Mới" in _villages(db.path)  # nothing was replaced


def test_a_restore_brings_back_the_backup_and_keeps_what_was_there(db, villages):
    from desktop.services.learners import LearnerInput, create_learner

    backup = make_backup(db.engine, backup_folder_for(db.path), reason="daily")
    add_village(db, "Bản Mới")
    create_learner(db, LearnerInput(full_name="Lò Thị Mai", birth_year=1980, gender="female",
                                    village_id=villages["Thôn Đông"]))
    preview = preview_restore(db.path, backup)
    assert preview.current["learners"] == 1 and preview.backup.counts["learners"] == 0
    result = restore_backup(db.path, backup, db=db)
    assert describe(result.safety_copy).kind == "before-restore"
    assert "Bản Mới" not in _villages(db.path) and "Bản Mới" in _villages(result.safety_copy)
    assert "Bản Mới" not in {village.name for village in list_villages(db)}  # the window's db follows
    add_village(db, "Bản Sau")  # and goes on writing to the restored file
    assert "Bản Sau" in _villages(db.path)
    with contextlib.closing(sqlite3.connect(db.path)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert not Path(f"{db.path}.restoring").exists()


def test_a_backup_from_a_newer_version_is_refused_clearly(db):
    backup = make_backup(db.engine, backup_folder_for(db.path), reason="daily")
    with contextlib.closing(sqlite3.connect(backup)) as connection, connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    [listed] = list_restorable(db.path)
    assert listed.problem == "được tạo bởi phiên bản CLC Ledger mới hơn (lược đồ 9999)"
    before = db.path.read_bytes()
    with pytest.raises(DatabaseProblem, match="mới hơn"):
        restore_backup(db.path, backup, db=db)
    assert db.path.read_bytes() == before


def test_an_older_backup_is_upgraded_as_it_is_restored(db_path):
    folder = backup_folder_for(db_path)
    folder.mkdir()
    old = folder / "clc-backup-20250301-080000-000000-r0002-daily.sqlite"
    with gzip.open(FIXTURES / "centre-rev0002.sqlite.gz") as packed, old.open("wb") as plain:
        shutil.copyfileobj(packed, plain)
    [listed] = list_restorable(db_path)
    assert listed.restorable and listed.revision == "0002"
    result = restore_backup(db_path, old)
    assert result.migrated_from == "0002"
    with contextlib.closing(sqlite3.connect(db_path)) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD_REVISION,)
    db = open_database(db_path)
    db.close()


def test_a_damaged_file_is_kept_raw_and_replaced_by_the_last_good_backup(db_path):
    db = open_database(db_path)
    backup = make_backup(db.engine, backup_folder_for(db_path), reason="daily")
    db.close()
    _scribble(db_path)
    with pytest.raises(DatabaseProblem):
        open_database(db_path)
    preview = preview_restore(db_path, backup)
    result = restore_backup(db_path, backup)
    assert result.safety_copy.parent.name == "damaged" and (result.safety_copy / db_path.name).exists()
    assert preview.backup.counts["learners"] == 0
    db = open_database(db_path)  # the full check passes: the last good state is back
    assert len(list_villages(db)) == 4
    db.close()
    assert [item.path for item in list_restorable(db_path)] == [backup]  # raw copies are not offered


def test_a_file_open_in_a_window_elsewhere_is_not_restored_under_it(db_path):
    db = open_database(db_path)
    backup = make_backup(db.engine, backup_folder_for(db_path), reason="daily")
    db.close()
    Path(f"{db_path}.lock").write_text(f"{os.getppid()}\nclc\nhost\n")
    with pytest.raises(UserError, match="Hãy đóng cửa sổ đó trước"):
        restore_backup(db_path, backup)
    Path(f"{db_path}.lock").write_text("999999999\nclc\nhost\n")  # a crashed window's lock
    restore_backup(db_path, backup)


def test_after_a_restore_the_next_package_is_sent_as_a_new_installation(tmp_path):
    from tests.sync_support import connect, new_centre, new_office, send

    from desktop.services.sync.export import export_package
    from desktop.services.sync.receive import import_packages

    office = new_office(tmp_path / "office")
    centre = new_centre(tmp_path / "centre", "Chiềng Ly", "03001")
    try:
        connect(office, centre, tmp_path / "keys")
        backup = make_backup(centre.engine, backup_folder_for(centre.path), reason="daily")
        import_packages(office, [send(centre, tmp_path / "first")])  # sent after the backup was made
        restore_backup(centre.path, backup, db=centre)
        (tmp_path / "stick").mkdir()
        result = export_package(centre, tmp_path / "stick")
        assert result.new_installation and result.full  # no change number is reused under one identity
    finally:
        centre.close()
        office.close()


def test_clc_restore_lists_previews_and_restores(db_path, capsys):
    db = open_database(db_path)
    backup = make_backup(db.engine, backup_folder_for(db_path), reason="daily")
    add_village(db, "Bản Mới")
    db.close()
    assert main(["restore", "--db", str(db_path), "--list", "--json"]) == 0
    [listed] = json.loads(capsys.readouterr().out)
    assert listed["file"] == str(backup) and listed["restorable"] and listed["schema"] == HEAD_REVISION
    assert listed["counts"]["learners"] == 0
    assert main(["restore", "--db", str(db_path), backup.name]) == 1  # not asked for: nothing changed
    out = capsys.readouterr().out
    assert "Không thay đổi gì" in out and "Bản Mới" in _villages(db_path)
    assert main(["restore", "--db", str(db_path), backup.name, "--yes"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1] == f"Đã khôi phục từ {backup.name}."
    assert "Bản Mới" not in _villages(db_path)
    assert len(list_backups(backup_folder_for(db_path))) == 2  # the one restored and the state before
