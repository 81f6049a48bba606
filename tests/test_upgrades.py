"""Upgrades (issue 12): today's app opens a database made by each earlier schema revision, backs it
up first, migrates it and keeps every record; a database from a newer app is refused untouched.

The fixtures were written by the app of each era with its own migrations and a year of demo data,
rows in every table (tools/make_revision_fixture.py; 0002's by the 0002 app itself)."""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.errors import DatabaseProblem
from desktop.services.centre import get_centre, get_setting
from desktop.services.learners import list_learners
from desktop.store.database import open_database
from desktop.store.schema_version import HEAD_REVISION

FIXTURES = Path(__file__).parent / "fixtures"
REVISIONS = sorted(path.name.split("-rev")[1][:4] for path in FIXTURES.glob("centre-rev*.sqlite.gz"))
# Text that no migration has any reason to touch, checked row for row: (table, columns)
SPOT_COLUMNS = {
    "centre": ("name", "commune_code", "director"), "village": ("name",), "learner": ("full_name", "birth_year"),
    "activity": ("code", "name", "teacher", "start_date"), "session_evidence": ("file_name", "sha256", "content"),
    "setting": ("key", "value"), "book_title": ("title", "authors", "isbn"),
    "book_reader": ("card_number", "full_name"),
    "book_weeding": ("decision_number", "reason", "copies"), "book_stocktake": ("note", "found", "missing"),
}


def unpack(revision: str, folder: Path) -> Path:
    path = folder / "centre.sqlite"
    with gzip.open(FIXTURES / f"centre-rev{revision}.sqlite.gz") as packed, path.open("wb") as plain:
        shutil.copyfileobj(packed, plain)
    return path


def snapshot(path: Path) -> dict[str, object]:
    """Per table: its row count, its tombstones, and the sorted spot values."""
    with contextlib.closing(sqlite3.connect(path)) as connection:
        tables = [name for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'alembic_version'")]
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        facts: dict[str, object] = {"revision": revision}
        for table in tables:
            columns = {row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')}
            facts[f"{table} rows"] = connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            if "deleted" in columns:
                facts[f"{table} tombstones"] = connection.execute(
                    f'SELECT count(*) FROM "{table}" WHERE deleted').fetchone()[0]
            if table in SPOT_COLUMNS:
                chosen = ", ".join(SPOT_COLUMNS[table])
                facts[f"{table} values"] = sorted(connection.execute(f'SELECT {chosen} FROM "{table}"'),
                                                  key=repr)
    return facts


def earlier_revisions() -> set[str]:
    """Every revision the head's chain goes through (ids need not be consecutive: parallel branches
    take fixed ids and are chained when they land)."""
    import re

    versions = Path(__file__).parents[1] / "desktop" / "store" / "migrations" / "versions"
    parent = {}
    for path in versions.glob("[0-9]*.py"):
        text = path.read_text(encoding="utf-8")
        revision = re.search(r"^revision = ['\"](\w+)['\"]", text, re.M).group(1)
        down = re.search(r"^down_revision = (?:['\"](\w+)['\"]|None)", text, re.M).group(1)
        parent[revision] = down
    earlier, revision = set(), parent[HEAD_REVISION]
    while revision is not None:
        earlier.add(revision)
        revision = parent[revision]
    return earlier


# Revisions made in parallel and chained within one landing: no installed app ever stopped at
# them (the app of that landing migrates straight through to its head), so no database of theirs
# exists to keep. Every head that lands must get its fixture when the next revision is added.
CHAINED_WITHIN_ONE_LANDING = {"0006", "0007", "0008", "0010", "0011"}


def test_there_is_a_database_of_every_earlier_schema_revision():
    earlier = earlier_revisions()
    assert {"0001", "0004"} <= earlier
    assert earlier - CHAINED_WITHIN_ONE_LANDING <= set(REVISIONS)


# Only an office writes these (what it received, set aside and knows of each centre); the fixtures
# are centres' databases.
OFFICE_ONLY_TABLES = {"sync_stream", "sync_received", "sync_set_aside", "sync_centre_state", "sync_chain_link",
                      "sync_correction", "sync_return_sent", "sync_key_revocation",
                      "sync_chain_centre", "merger_original"}


@pytest.mark.parametrize("revision", REVISIONS)
def test_each_fixture_has_rows_in_every_table(revision, tmp_path):
    facts = snapshot(unpack(revision, tmp_path))
    assert facts["revision"] == revision
    empty = [key for key, value in facts.items() if key.endswith(" rows") and value == 0
             and key.removesuffix(" rows") not in OFFICE_ONLY_TABLES]
    assert empty == []


@pytest.mark.parametrize("revision", REVISIONS)
def test_todays_app_backs_up_migrates_and_keeps_every_record(revision, tmp_path):
    path = unpack(revision, tmp_path)
    before = snapshot(path)
    db = open_database(path, backup_folder=tmp_path / "backups")
    try:
        centre = get_centre(db)
        found = list_learners(db)
        language = get_setting(db, "language", "")
    finally:
        db.close()
    after = snapshot(path)
    assert after["revision"] == HEAD_REVISION
    kept = {key: value for key, value in before.items() if key != "revision"}
    assert {key: after[key] for key in kept} == kept  # every table: its rows, tombstones and values
    # the backup is the old file, whole, taken before the migration (the newest era needs none)
    backups = list((tmp_path / "backups").glob("*before-migration*"))
    assert len(backups) == (0 if revision == HEAD_REVISION else 1)
    for backup in backups:
        assert snapshot(backup) == before
    # and the app reads the records as before: the centre, every live learner, the settings
    # (a merged era also holds the former centres' rows: the centre shown is one of the kept ones)
    held = {(name, commune_code) for name, commune_code, _director in before["centre values"]}  # type: ignore[misc]
    assert (centre.name, centre.commune_code) in held
    with contextlib.closing(sqlite3.connect(path)) as connection:
        live = connection.execute("SELECT count(*) FROM learner WHERE NOT deleted").fetchone()[0]
        evidence = connection.execute("SELECT content FROM session_evidence LIMIT 1").fetchone()[0]
        sha = connection.execute("SELECT sha256 FROM session_evidence LIMIT 1").fetchone()[0]
    assert len(found) == live and live > 300
    assert hashlib.sha256(evidence).hexdigest() == sha  # the photo of the sheet, byte for byte
    assert language == dict(before["setting values"]).get("language", "")  # type: ignore[call-overload]


def newer_database(tmp_path: Path, db_path: Path) -> Path:
    """A database as a later version of the app would leave it: a schema revision this one lacks."""
    path = tmp_path / "newer.sqlite"
    shutil.copyfile(db_path, path)
    with contextlib.closing(sqlite3.connect(path)) as connection, connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099'")
        connection.execute("CREATE TABLE report_archive (id BLOB PRIMARY KEY, title TEXT)")
    return path


def test_a_database_from_a_newer_app_is_refused_with_a_clear_message_and_left_untouched(tmp_path, db_path):
    path = newer_database(tmp_path, db_path)
    fingerprint = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(DatabaseProblem) as refused:
        open_database(path, backup_folder=tmp_path / "backups")
    message = refused.value.message
    assert message.startswith("Tệp dữ liệu này do phiên bản mới hơn của Sổ TTHTCĐ tạo ra "
                              "(lược đồ 0099).")
    assert "Hãy cài phiên bản" in message
    assert hashlib.sha256(path.read_bytes()).hexdigest() == fingerprint
    assert not (tmp_path / "backups").exists() or not list((tmp_path / "backups").iterdir())


def test_clc_refuses_a_newer_database_in_one_line(tmp_path, db_path, capsys):
    path = newer_database(tmp_path, db_path)
    assert main(["--lang", "en", "learners", "list", "--db", str(path)]) == 1
    error = capsys.readouterr().err.strip().splitlines()[-1]
    assert error == ("clc learners: This database was made by a newer version of CLC Ledger (schema 0099). "
                     "Install the newer version to open it.")
