"""Former centres for the merge tests: two demo centres (a year each), and one person who was a
learner of both (written a little differently: the village with and without its "Bản")."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 11, 23)
SHARED_PERSON = ("Hoàng Thị Mai", 1985)
NEW_CODE = "00200"


def demo(path: Path, commune: str, seed: int) -> None:
    subprocess.run([sys.executable, "-m", "desktop", "demo", str(path), "--years", "1", "--seed", str(seed),
                    "--commune-code", commune], cwd=ROOT, check=True, capture_output=True)


def plant_person(path: Path, village: str, course: str) -> str:
    """The shared person, enrolled in a short course held in October 2026 and present twice."""
    from desktop.services import activities, attendance
    from desktop.services.attendance import MarkChange
    from desktop.services.centre import add_village
    from desktop.services.learners import LearnerInput, create_learner
    from desktop.store.database import open_database

    db = open_database(path)
    try:
        village_id = add_village(db, village).id
        name, year = SHARED_PERSON
        person = create_learner(db, LearnerInput(full_name=name, birth_year=year, gender="female",
                                                 village_id=village_id), today=TODAY, confirm_duplicate=True).id
        class_ = activities.create_activity(db, activities.ActivityInput(
            name=course, kind="short_course", topic_group="agriculture",
            start_date=dt.date(2026, 10, 5), end_date=dt.date(2026, 10, 30), status="finished"))
        activities.enrol_learners(db, class_.id, [person])
        activities.generate_sessions(db, class_.id, dt.date(2026, 10, 5), dt.date(2026, 10, 16), {1, 3},
                                     activities.SessionInput(date=dt.date(2026, 10, 5), start_time="19:00",
                                                             end_time="21:00", periods=2))
        grid = attendance.load_grid(db, class_.id, 2026, 10)
        attendance.save_marks(db, [MarkChange(session.id, person, "C") for session in grid.sessions[:2]],
                              today=TODAY)
        return person
    finally:
        db.close()


def new_centre(path: Path) -> None:
    subprocess.run([sys.executable, "-m", "desktop", "init", str(path), "--centre-name",
                    "Trung tâm học tập cộng đồng xã Tân Hợp", "--commune-name", "Xã Tân Hợp",
                    "--commune-code", NEW_CODE, "--province-code", "15", "--unlisted-code"], cwd=ROOT, check=True, capture_output=True)


def copy_file(source: Path, target: Path) -> None:
    with contextlib.closing(sqlite3.connect(source)) as a, contextlib.closing(sqlite3.connect(target)) as b:
        a.backup(b)


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rows_of(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, sorted: what "unchanged" means."""
    with contextlib.closing(sqlite3.connect(path)) as connection:
        tables = [name for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {table: sorted(connection.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)
                for table in tables}


def ids_and_origins(db) -> dict[str, set[tuple[str, str]]]:  # type: ignore[no-untyped-def]
    """Per travelling table: (id, origin centre id) of every row, tombstones too."""
    from desktop.services.sync.rows import codecs
    from desktop.store.sync_nodes import node_uuids

    with db.reading() as session:
        nodes = node_uuids(session)
        return {name: {(row.id, nodes[row.origin]) for row in session.execute(
            select(codec.table.c.id, codec.table.c.origin))} for name, codec in codecs().items()}


def make_former_centres(root: Path) -> tuple[Path, Path]:
    root.mkdir(parents=True, exist_ok=True)
    a, b = root / "chieng-hoa.sqlite", root / "ban-xeo.sqlite"
    demo(a, "00101", 1)
    demo(b, "00102", 2)
    plant_person(a, "Bản Nà Pát", "Trồng chè an toàn")
    plant_person(b, "Nà Pát", "Nuôi ong lấy mật")
    return a, b


def fresh_copies(a: Path, b: Path, folder: Path) -> tuple[Path, Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    new = folder / "tan-hop.sqlite"
    new_centre(new)
    copies = []
    for source in (a, b):
        target = folder / source.name
        copy_file(source, target)
        copies.append(target)
    shutil.rmtree(folder / "backups", ignore_errors=True)
    return new, copies[0], copies[1]


def office_with_formers(folder: Path, *formers: Path):  # type: ignore[no-untyped-def]
    """An office that has received a full package from each former centre; with its key folder."""
    from desktop.services.sync.receive import import_packages
    from desktop.store.database import open_database
    from tests.sync_support import connect, new_office, send

    office = new_office(folder / "office")
    keys = folder / "keys"
    for path in formers:
        former = open_database(path)
        connect(office, former, keys)
        send(former, folder / "stick", full=True)
        former.close()
    assert [item.status for item in import_packages(office, [folder / "stick"]).packages] == ["imported"] * len(formers)
    return office, keys
