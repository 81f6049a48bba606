"""Centres and offices for the sync tests: real databases, real keys, real packages."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from desktop.services import activities, attendance
from desktop.services.attendance import MarkChange
from desktop.services.centre import CentreSetup, list_villages, setup_centre
from desktop.services.learners import LearnerInput, create_learner
from desktop.services.sync.export import centre_digest, export_package, mark_acknowledged
from desktop.services.sync.keys import export_own_key, register_key
from desktop.services.sync.mode import setup_office
from desktop.services.sync.office import centre_node_of
from desktop.store.database import Database, open_database
from desktop.store.models import Installation
from desktop.store.sync_nodes import node_uuids

TODAY = dt.date(2026, 11, 23)


def new_centre(folder: Path, name: str, commune_code: str, learners: int = 6) -> Database:
    folder.mkdir(parents=True, exist_ok=True)
    db = open_database(folder / f"{commune_code}.sqlite")
    setup_centre(db, CentreSetup(name=name, commune_name=f"Xã {name}", commune_code=commune_code,
                                 province_code="12", villages=("Bản Nà Hạ", "Thôn Đông")))
    village = list_villages(db)[0].id
    people = [create_learner(db, LearnerInput(full_name=f"Lò Thị {name} {number}", birth_year=1970 + number,
                                              gender="female", village_id=village), today=TODAY).id
              for number in range(learners)]
    course = activities.create_activity(db, activities.ActivityInput(
        name=f"Kỹ thuật trồng chè {name}", kind="short_course", topic_group="agriculture",
        start_date=dt.date(2026, 11, 2), end_date=dt.date(2026, 11, 30), status="running"))
    activities.enrol_learners(db, course.id, people)
    activities.generate_sessions(db, course.id, dt.date(2026, 11, 1), dt.date(2026, 11, 14), {1, 3},
                                 activities.SessionInput(date=dt.date(2026, 11, 1), start_time="19:00",
                                                         end_time="21:00", periods=2))
    grid = attendance.load_grid(db, course.id, 2026, 11)
    attendance.save_marks(db, [MarkChange(session.id, learner.id, "C")
                               for session in grid.sessions[:2] for learner in grid.learners])
    return db


def new_office(folder: Path) -> Database:
    folder.mkdir(parents=True, exist_ok=True)
    db = open_database(folder / "office.sqlite")
    setup_office(db, level="province", name="Sở Giáo dục và Đào tạo Lai Châu", code="12")
    return db


def connect(office: Database, centre: Database, folder: Path, *, register_centre: bool = True) -> None:
    """The office hands its key file to the centre (and, usually, the centre its own to the office)."""
    folder.mkdir(parents=True, exist_ok=True)
    office_key = folder / "office.clckey"
    export_own_key(office, office_key)
    register_key(centre, office_key)
    if register_centre:
        centre_key = folder / f"centre-{centre.path.stem}.clckey"
        export_own_key(centre, centre_key)
        register_key(office, centre_key)


@contextlib.contextmanager
def connected_pair(folder: Path, learners: int = 6) -> Iterator[tuple[Database, Database]]:
    """An office and a centre (Mường Than, 04711) that exchanged keys, the office holding the
    centre's first package; both closed afterwards."""
    from desktop.services.sync.receive import import_packages

    office = new_office(folder / "office")
    centre = new_centre(folder / "centre", "Mường Than", "04711", learners=learners)
    try:
        connect(office, centre, folder / "keys")
        import_packages(office, [send(centre, folder / "s1")])
        yield office, centre
    finally:
        office.close()
        centre.close()


def send(centre: Database, folder: Path, *, full: bool = False, acknowledge: bool = False) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    result = export_package(centre, folder, full=full)
    if acknowledge:
        mark_acknowledged(centre, result.package_hash)
    return result.path


def centre_id_of(db: Database) -> str:
    with db.reading() as session:
        from sqlalchemy import select

        return session.execute(select(Installation.centre_id)).scalar_one()


def state_of(db: Database, centre_id: str) -> str:
    """The digest of a centre's records as this database holds them."""
    with db.reading() as session:
        node = centre_node_of(session, centre_id)
        return "" if node is None else centre_digest(session, node, node_uuids(session))


def table_counts(db: Database) -> dict[str, int]:
    from sqlalchemy import func, select

    from desktop.services.sync.rows import codecs

    with db.reading() as session:
        return {name: session.execute(select(func.count()).select_from(codec.table)).scalar_one()
                for name, codec in codecs().items()}


def copy_database(db: Database, target: Path) -> None:
    """What a user's copy of the file holds (a consistent copy: a live WAL file is never copied raw)."""
    import contextlib
    import sqlite3

    target.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.closing(sqlite3.connect(db.path)) as source, contextlib.closing(sqlite3.connect(target)) as copy:
        source.backup(copy)
