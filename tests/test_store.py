"""The store: pragmas, migrations, integrity checks, backups and the sync identity of rows."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select, text

from desktop.errors import DatabaseProblem
from desktop.store import backup, migrate
from desktop.store.database import open_database
from desktop.store.schema_version import HEAD_REVISION
from desktop.store.identity import HlcTimestamp, next_hlc, receive_hlc
from desktop.store.models import Base, Centre, Installation, Village, load_all_models
from desktop.store.sync_nodes import origin_centre_id


def test_pragmas_really_take(db):
    with db.reading() as session:
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL


def test_foreign_keys_are_enforced(db):
    from desktop.store.register_models import Learner

    with pytest.raises(Exception, match="FOREIGN KEY"):
        with db.unit_of_work() as session:
            session.add(Learner(full_name="A", name_folded="a", name_sort="a", village_id="nope"))


def test_migration_from_empty_to_head_matches_the_models(tmp_path: Path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    load_all_models()
    db = open_database(tmp_path / "new.sqlite")
    with db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert migrate.current_revision(db.engine) == migrate.head_revision()
    db.close()
    assert differences == []


def test_a_database_from_a_newer_app_is_refused_untouched(db_path: Path):
    connection = sqlite3.connect(db_path)
    connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    connection.commit()
    connection.close()
    before = db_path.read_bytes()
    with pytest.raises(DatabaseProblem, match="9999_future"):
        open_database(db_path)
    assert db_path.read_bytes() == before


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path):
    path = tmp_path / "notes.sqlite"
    path.write_text("Danh sách học viên", encoding="utf-8")
    with pytest.raises(DatabaseProblem):
        open_database(path)


def test_a_damaged_database_is_detected_at_start(db_path: Path):
    data = bytearray(db_path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    for offset in range(page_size * 2, min(len(data), page_size * 6)):
        data[offset] = 0x5A  # scribble over the pages after the schema
    db_path.write_bytes(bytes(data))
    with pytest.raises(DatabaseProblem):
        open_database(db_path)


def test_a_truncated_copy_is_refused_with_a_clear_message_before_the_window_shows(db_path: Path):
    # as a half-finished copy from a pulled USB stick; the window opens without the full check
    data = db_path.read_bytes()
    db_path.write_bytes(data[: len(data) // 3])
    with pytest.raises(DatabaseProblem, match="hỏng"):
        open_database(db_path, check_integrity=False)


def test_backups_are_consistent_single_files_named_with_their_revision(db, tmp_path: Path):
    folder = tmp_path / "backups"
    made = [backup.make_backup(db.engine, folder) for _ in range(5)]
    kept = backup.list_backups(folder)
    assert kept == made[::-1][:len(kept)] and len(kept) >= backup.KEEP_NEWEST
    assert kept[0].name.endswith(f"-r{HEAD_REVISION}-manual.sqlite")
    assert sorted(path.name for path in folder.iterdir()) == sorted(path.name for path in kept)
    copy = sqlite3.connect(kept[0])
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # one file to carry
    assert copy.execute("SELECT count(*) FROM village").fetchone() == (4,)
    copy.close()


def test_every_write_is_stamped_with_a_rising_version_and_sequence(db):
    with db.reading() as session:
        before = session.execute(select(Installation)).scalar_one().last_change_seq
        centre_id = session.execute(select(Centre)).scalar_one().id
    with db.unit_of_work() as session:
        village = Village(centre_id=centre_id, name="Bản Mới", name_folded="ban moi", sort_key="x")
        session.add(village)
    with db.unit_of_work() as session:
        stored = session.get(Village, village.id)
        first_version, first_seq = stored.version, stored.change_seq
        stored.name = "Bản Mới Hơn"
    with db.reading() as session:
        stored = session.get(Village, village.id)
        assert origin_centre_id(session, stored) == centre_id
        assert first_seq == before + 1
        assert stored.change_seq == before + 2
        assert stored.version > first_version
        assert session.execute(select(Installation)).scalar_one().last_change_seq == before + 2


def test_the_clock_never_goes_backwards_when_the_pc_clock_does():
    reading = next_hlc(None, "node", wall_millis=1_795_000_000_000)
    after_reset = next_hlc(reading, "node", wall_millis=946_684_800_000)  # the clock says 2000
    assert after_reset > reading
    assert HlcTimestamp.decode(after_reset.encode()) == after_reset
    assert after_reset.encode() > reading.encode()
    remote = HlcTimestamp(2_000_000_000_000, 5, "other")  # a package from a clock set to 2033
    merged = receive_hlc(after_reset, remote, "node", wall_millis=1_795_000_000_000)
    assert merged > remote and merged.node == "node"


def test_the_schema_constant_is_alembics_head():
    from desktop.store.schema_version import HEAD_REVISION

    assert HEAD_REVISION == migrate.head_revision()


def test_the_data_version_moves_with_every_write_and_only_then(db, villages):
    from desktop.services.centre import set_setting
    from desktop.services.learners import LearnerInput, create_learner

    first = db.data_version()
    assert db.data_version() == first  # reading changes nothing
    set_setting(db, "language", "en")  # a local preference: a commit here
    second = db.data_version()
    assert second != first
    other = open_database(db.path)  # another program writing to the same file
    create_learner(other, LearnerInput(full_name="Hà Thị Mai", birth_year=1975,
                                       village_id=villages["Thôn Đông"]))
    other.close()
    assert db.data_version() != second
