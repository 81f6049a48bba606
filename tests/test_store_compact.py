"""Compact storage (issue 17): the 0003 migration keeps every record, and the stored form stays
invisible above the store (ids are text, clocks read as packages carry them)."""

from __future__ import annotations

import contextlib
import gzip
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from desktop.progress import Progress
from desktop.store.database import open_database
from desktop.store.identity import COUNTER_BITS, HlcTimestamp, id_from_bytes, id_to_bytes, next_clock
from desktop.store.models import Installation, load_all_models
from desktop.store.sync_nodes import node_uuids

FIXTURE = Path(__file__).parent / "fixtures" / "centre-rev0002.sqlite.gz"
DERIVED = {"created_at", "updated_at"}  # read from the id and the clock since 0003


@pytest.fixture
def rev0002(tmp_path: Path) -> Path:
    """A centre at revision 0002 with rows in every table (made by the 0002 app: a year of demo
    data, a closed and an open stocktaking, a weeding, a photo of a sheet, tombstones)."""
    path = tmp_path / "centre.sqlite"
    with gzip.open(FIXTURE) as packed, path.open("wb") as plain:
        shutil.copyfileobj(packed, plain)
    return path


def raw_rows(path: Path) -> dict[str, dict[str, dict[str, object]]]:
    """Every syncable row of a 0002 file as the app saw it then: table -> id -> column -> value."""
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.row_factory = sqlite3.Row
        existing = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        tables = {}
        for model in load_all_models():
            if model.__tablename__ not in existing:  # a table of a later revision
                continue
            rows = connection.execute(f"SELECT * FROM {model.__tablename__}").fetchall()
            tables[model.__tablename__] = {row["id"]: {key: row[key] for key in row.keys()
                                                       if key not in DERIVED} for row in rows}
    return tables


def rows_through_the_app(db) -> dict[str, dict[str, dict[str, object]]]:
    """The same, read through the migrated app: ids as text, clocks in their package text form."""
    tables = {}
    with db.reading() as session:
        nodes = node_uuids(session)
        for model in load_all_models():
            table = model.__table__
            rows = {}
            for row in session.execute(select(table)).mappings():
                values = {}
                for key, value in row.items():
                    if key == "origin":
                        values["origin_centre_id"] = nodes[value]
                    elif key == "version":
                        values["version"] = HlcTimestamp.unpack(value, nodes[row["version_node"]]).encode()
                    elif key != "version_node":
                        values[key] = value
                rows[row["id"]] = values
            tables[table.name] = rows
    return tables


def comparable(value: object) -> object:
    """sqlite3 gives the 0002 file's dates and flags as stored text and 0/1."""
    if hasattr(value, "isoformat"):
        return value.isoformat(sep=" ") if hasattr(value, "hour") else value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def test_the_migration_keeps_every_record_id_clock_and_relation(rev0002: Path):
    before = raw_rows(rev0002)
    assert all(before[table] for table in before), "the fixture has rows in every table"
    reports: list[tuple[int, int, str]] = []

    from desktop.store import migrate
    from desktop.store.database import make_engine

    engine = make_engine(rev0002)
    migrate.upgrade_to_head(engine, path=rev0002, backup_folder=rev0002.parent / "backups",
                            progress=Progress(lambda done, total, table: reports.append((done, total, table))))
    engine.dispose()

    db = open_database(rev0002)
    try:
        after = rows_through_the_app(db)
        assert set(before) <= set(after)
        assert all(not after[table] for table in set(after) - set(before))  # later tables start empty
        for table, rows in before.items():
            assert after[table].keys() == rows.keys(), table
            for record_id, values in rows.items():
                migrated = {key: comparable(value) for key, value in after[table][record_id].items()}
                if table == "book_copy":  # 0005: the number as written, derived from the number
                    written = (migrated.pop("accession_prefix"), migrated.pop("accession_code"))
                    number = values["accession_number"]
                    assert written == (("", str(number)) if number is not None else (None, None))
                if table == "session":  # 0010: the literacy term, not recorded before it
                    assert migrated.pop("literacy_term") is None
                assert migrated == values, (table, record_id)
        with db.engine.connect() as connection:
            assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            assert connection.execute(text("PRAGMA foreign_key_check")).first() is None
    finally:
        db.close()
    assert [table for _done, _total, table in reports][:3] == ["centre", "village", "learner"]
    assert reports[-1][0] == reports[-1][1]  # progress reached the end
    assert list((rev0002.parent / "backups").glob("*before-migration-*"))  # the usual backup first


def test_the_migrated_centre_reads_the_same_through_the_services(rev0002: Path):
    from desktop.services.attendance import load_grid
    from desktop.services.learners import list_learners

    with contextlib.closing(sqlite3.connect(rev0002)) as connection:
        names = sorted(row[0] for row in connection.execute("SELECT full_name FROM learner WHERE deleted = 0"))
        activity_id, month = connection.execute(
            "SELECT activity_id, substr(date, 1, 7) FROM session JOIN attendance ON attendance.session_id = session.id "
            "WHERE attendance.deleted = 0 GROUP BY activity_id ORDER BY count(*) DESC LIMIT 1").fetchone()
        marks = {(row[0], row[1]): row[2] for row in connection.execute(
            "SELECT session_id, learner_id, mark FROM attendance JOIN session ON session.id = session_id "
            "WHERE activity_id = ? AND substr(date, 1, 7) = ? AND attendance.deleted = 0",
            (activity_id, month))}
    db = open_database(rev0002)
    try:
        assert sorted(learner.full_name for learner in list_learners(db)) == names
        year, month_number = (int(part) for part in month.split("-"))
        grid = load_grid(db, activity_id, year, month_number)
        assert {(session_id, learner_id): mark for (learner_id, session_id), mark in grid.marks.items()} == marks
    finally:
        db.close()


def test_ids_are_text_above_the_store_and_16_bytes_in_the_file(db, villages):
    village_id = next(iter(villages.values()))
    assert id_from_bytes(id_to_bytes(village_id)) == village_id
    with db.engine.connect() as connection:
        stored = connection.execute(text("SELECT id, typeof(id), length(id) FROM village LIMIT 1")).one()
    assert stored[1:] == ("blob", 16)
    from desktop.services.learners import get_learner
    from desktop.errors import NotFoundError

    with pytest.raises(NotFoundError):  # a typed code that is not an id finds nothing, no crash
        get_learner(db, "no-such-learner")


def test_the_clock_is_one_rising_integer_even_when_the_pc_clock_goes_back():
    first = next_clock(None, now_millis=1_800_000_000_000)
    behind = next_clock(first, now_millis=946_684_800_000)  # a dead CMOS battery: 1 Jan 2000
    assert behind == first + 1
    carried = next_clock((first | 999_999), now_millis=946_684_800_000)
    assert carried > first | 999_999 and carried & ((1 << COUNTER_BITS) - 1) == 0
    reading = HlcTimestamp.unpack(behind, "01a2509d-6ed2-7c67-8be8-c47202f692d1")
    assert HlcTimestamp.decode(reading.encode()) == reading and reading.packed == behind


def test_numbers_are_unique_per_centre_not_per_database(db, villages):
    from desktop.store.book_models import BookReader
    from desktop.store.sync_nodes import node_number

    with db.unit_of_work() as session:
        session.add(BookReader(card_number=7, full_name="Lò Thị Hoa", name_folded="lo thi hoa",
                               name_sort="x", registered_on=__import__("datetime").date(2026, 1, 5)))
    with db.unit_of_work() as session:  # the same card number at another centre, as an office holds
        other = node_number(session, "01a2509d-0000-7000-8000-000000000001", "centre")
        session.add(BookReader(card_number=7, full_name="Hà Văn Nam", name_folded="ha van nam",
                               name_sort="y", registered_on=__import__("datetime").date(2026, 1, 5),
                               origin=other))
    with pytest.raises(IntegrityError), db.unit_of_work() as session:
        session.add(BookReader(card_number=7, full_name="Trùng số", name_folded="trung so",
                               name_sort="z", registered_on=__import__("datetime").date(2026, 1, 5)))


def test_rows_applied_from_a_package_keep_their_identity(db, villages):
    from desktop.store.models import Village
    from desktop.store.sync_nodes import node_number

    centre_id = next(iter(villages.values()))
    with db.reading() as session:
        centre_id = session.execute(select(Installation.centre_id)).scalar_one()
        sequence_before = session.execute(select(Installation.last_change_seq)).scalar_one()
    remote_id = "01a2509d-1111-7000-8000-000000000002"
    with db.unit_of_work(keep_sync_identity=True) as session:
        origin = node_number(session, "01a2509d-2222-7000-8000-000000000003", "centre")
        writer = node_number(session, "01a2509d-3333-7000-8000-000000000004", "installation")
        session.add(Village(id=remote_id, centre_id=centre_id, name="Bản Xa", name_folded="ban xa",
                            sort_key="x", origin=origin, version=12345 << COUNTER_BITS,
                            version_node=writer, change_seq=77, deleted=False))
    with db.reading() as session:
        row = session.get(Village, remote_id)
        assert (row.origin, row.version, row.version_node, row.change_seq) == (
            origin, 12345 << COUNTER_BITS, writer, 77)
        assert session.execute(select(Installation.last_change_seq)).scalar_one() == sequence_before


WRITER = r"""
import sys
from pathlib import Path
from desktop.store.database import open_database
from desktop.store.models import Village
from sqlalchemy import select
from desktop.store.models import Centre

db = open_database(Path(sys.argv[1]))
with db.reading() as session:
    centre_id = session.execute(select(Centre.id)).scalar_one()
for number in range(int(sys.argv[3])):
    with db.unit_of_work() as session:
        name = f"{sys.argv[2]} {number}"
        session.add(Village(centre_id=centre_id, name=name, name_folded=name, sort_key=name))
db.close()
"""


def test_two_writers_on_one_file_never_share_a_change_sequence(db_path: Path, tmp_path: Path):
    """The window and a `clc` command writing at once: each unit of work takes the write lock
    before it reads the sequence, so no two rows get the same number."""
    import subprocess
    import sys

    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    root = Path(__file__).resolve().parents[1]
    writers = [subprocess.Popen([sys.executable, str(script), str(db_path), name, "150"], cwd=root,
                                stderr=subprocess.PIPE, text=True) for name in ("Bản A", "Bản B")]
    for writer in writers:
        _out, errors = writer.communicate(timeout=240)
        assert writer.returncode == 0, errors
    db = open_database(db_path)
    try:
        with db.engine.connect() as connection:
            sequences = connection.execute(text("SELECT change_seq FROM village")).scalars().all()
            last = connection.execute(text("SELECT last_change_seq FROM installation")).scalar_one()
    finally:
        db.close()
    assert len(sequences) == len(set(sequences)) >= 300
    assert max(sequences) == last
