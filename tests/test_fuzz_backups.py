"""Backups fed to restore after damage of every kind (flipped bytes, overwritten pages, cut short,
a wrong header, rubbish): the list never raises and never calls a damaged copy good, and a
backup it calls good restores into a database that opens. Bounded: 60 examples, about 15 s."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.errors import UserError
from desktop.services.restore import restore_backup, summarise
from desktop.store.backup import make_backup
from desktop.store.database import open_database

FUZZ = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

damage = st.one_of(
    st.lists(st.tuples(st.integers(min_value=0, max_value=400_000), st.binary(min_size=1, max_size=64)),
             min_size=1, max_size=8).map(lambda edits: ("edit", edits)),
    st.integers(min_value=0, max_value=400_000).map(lambda size: ("cut", size)),
    st.binary(max_size=2048).map(lambda data: ("replace", data)),
)


@pytest.fixture(scope="module")
def good_backup(tmp_path_factory, template_database) -> Path:
    folder = tmp_path_factory.mktemp("fuzz-backup")
    db = open_database(shutil.copyfile(template_database, folder / "centre.sqlite"))
    try:
        return make_backup(db.engine, folder / "source-backups", reason="daily")
    finally:
        db.close()


@FUZZ
@given(change=damage)
def test_a_damaged_backup_is_never_offered_as_good(good_backup, tmp_path_factory, change):
    folder = tmp_path_factory.mktemp("case")
    database = folder / "centre.sqlite"
    shutil.copyfile(good_backup, database)
    backup = folder / "backups" / good_backup.name
    backup.parent.mkdir()
    data = bytearray(good_backup.read_bytes())
    kind, detail = change
    if kind == "edit":
        for offset, piece in detail:
            position = offset % len(data)
            data[position:position + len(piece)] = piece
    elif kind == "cut":
        data = data[:detail % len(data)]
    else:
        data = bytearray(detail)
    backup.write_bytes(bytes(data))
    summary = summarise(backup, full_check=True)  # never raises
    if summary.restorable:  # then it really is sound, and it restores
        with contextlib.closing(sqlite3.connect(f"{backup.as_uri()}?mode=ro&immutable=1", uri=True)) as copy:
            assert copy.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        try:
            restore_backup(database, backup)
        except UserError:
            return  # e.g. a schema the edits made unreadable to the migration: refused, not crashed
        db = open_database(database)
        db.close()
    else:
        with pytest.raises(UserError):
            restore_backup(database, backup)
