"""Backups: verified before they get their real name, named with date and revision, kept by age,
and a failure shown in the window, never only logged."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from desktop.errors import DatabaseProblem
from desktop.store import backup
from desktop.store.backup import BackupFile, describe, keep_by_age, make_backup, rotate
from desktop.store.database import make_engine
from desktop.store.schema_version import HEAD_REVISION


def _named(folder: Path, moment: dt.datetime, kind: str = "daily") -> Path:
    path = folder / f"clc-backup-{moment:%Y%m%d-%H%M%S-%f}-r{HEAD_REVISION}-{kind}.sqlite"
    path.write_bytes(b"")
    return path


def test_a_backup_name_says_when_which_revision_and_why(tmp_path):
    path = _named(tmp_path, dt.datetime(2026, 3, 5, 7, 8, 9, 10), "before-migration-0005")
    assert describe(path) == BackupFile(path, dt.datetime(2026, 3, 5, 7, 8, 9, 10), HEAD_REVISION,
                                        "before-migration-0005")
    old_style = tmp_path / "clc-backup-20250101-120000-000001-on-close.sqlite"
    assert describe(old_style).revision is None and describe(old_style).kind == "on-close"
    assert describe(tmp_path / "clc-backup-20250101-120000-000001-daily.partial") is None
    assert describe(tmp_path / "notes.sqlite") is None


def test_two_years_of_daily_backups_keep_days_weeks_and_months_not_the_newest_ten(tmp_path):
    newest = dt.datetime(2026, 11, 23, 18, 0)
    for day in range(730):
        for hour in (8, 17):  # the start's and the close's backup
            _named(tmp_path, newest - dt.timedelta(days=day, hours=18 - hour))
    removed = rotate(tmp_path)
    kept = sorted((describe(path) for path in tmp_path.iterdir()), key=lambda b: b.made_at, reverse=True)
    assert len(removed) == 1460 - len(kept)
    days = {b.made_at.date() for b in kept}
    assert {newest.date() - dt.timedelta(days=n) for n in range(7)} <= days  # each of the last 7 days
    months = {(b.made_at.year, b.made_at.month) for b in kept}
    assert len(months) == 12  # a corruption noticed 11 months late still has a good copy
    oldest = kept[-1].made_at
    assert dt.datetime(2025, 12, 1) <= oldest < dt.datetime(2026, 1, 1)
    assert len(kept) <= backup.KEEP_NEWEST + backup.KEEP_DAYS + backup.KEEP_WEEKS + backup.KEEP_MONTHS
    assert rotate(tmp_path) == []  # stable: a second pass removes nothing


def test_the_newest_few_are_kept_whatever_their_day(tmp_path):
    base = dt.datetime(2026, 11, 23, 9, 0)
    paths = [_named(tmp_path, base + dt.timedelta(minutes=n)) for n in range(6)]
    kept = keep_by_age(describe(path) for path in paths)
    assert kept == set(paths[-backup.KEEP_NEWEST:])


def test_a_backup_of_a_damaged_database_fails_its_check_and_leaves_nothing(db_path, tmp_path):
    size = db_path.stat().st_size
    with db_path.open("r+b") as handle:  # pages scribbled over, as a failing disk does
        for page in range(2, size // 4096, 2):
            handle.seek(page * 4096 + 200)
            handle.write(b"\xde\xad\xbe\xef" * 100)
    engine = make_engine(db_path)
    folder = tmp_path / "backups"
    try:
        with pytest.raises(DatabaseProblem) as raised:
            make_backup(engine, folder, reason="daily")
    finally:
        engine.dispose()
    assert raised.value.kind == "damaged"
    assert list(folder.iterdir()) == []  # nothing under a real name, no .partial


def test_a_half_written_backup_from_long_ago_is_cleared_and_never_listed(db, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    stale = folder / "clc-backup-20200101-000000-000000-daily.partial"
    stale.write_bytes(b"SQLite format 3\x00 cut short")
    import os

    os.utime(stale, (0, 0))
    assert backup.list_backups(folder) == []
    made = make_backup(db.engine, folder)
    assert list(folder.iterdir()) == [made]


def test_the_daily_backup_is_due_after_a_day(tmp_path):
    assert backup.backup_due(tmp_path)
    now = dt.datetime(2026, 11, 23, 9, 0)
    _named(tmp_path, now - dt.timedelta(hours=23))
    assert not backup.backup_due(tmp_path, now)
    assert backup.backup_due(tmp_path, now + dt.timedelta(hours=1))


def test_an_import_keeps_the_state_before_it(db, villages, tmp_path):
    from desktop.services.learner_import import commit_import, preview_import

    listing = tmp_path / "hoc-vien.csv"
    listing.write_text("Họ và tên,Năm sinh,Thôn\nLò Văn A,1980,Thôn Đông\n", encoding="utf-8")
    assert commit_import(db, preview_import(db, listing)) == 1
    [before] = backup.list_backups(db.path.parent / "backups")
    assert describe(before).kind == "before-import"
    with sqlite3.connect(before) as copy:
        assert copy.execute("SELECT count(*) FROM learner").fetchone() == (0,)


def test_a_daily_backup_that_fails_is_shown_in_the_window(qtbot, db, monkeypatch):
    import desktop.ui.backup_actions as actions
    from desktop.ui.app import _start_daily_backup
    from desktop.ui.main_window import MainWindow

    (db.path.parent / "backups").write_text("a file where the folder should be")
    shown = []
    monkeypatch.setattr(actions, "show_error", lambda parent, error, title=None: shown.append((title, str(error))))
    window = MainWindow(db)
    qtbot.addWidget(window)
    _start_daily_backup(window, db)
    qtbot.waitUntil(lambda: bool(shown))
    [(title, message)] = shown
    assert title == "Chưa sao lưu được" and message.startswith("Chưa sao lưu được vào ") and "lỗi 17" not in message
