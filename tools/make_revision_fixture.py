"""Makes tests/fixtures/centre-revNNNN.sqlite.gz: a centre database written by the app as it was
when NNNN was its newest schema revision, with rows in every table.

    python tools/make_revision_fixture.py 0001 [0003 ...]

Each file is made by that era's own code (its migrations, its demo, its services), checked out
with `git worktree` at the last commit of the era, never by today's code: tests/test_upgrades.py
then proves that today's app opens each one and keeps every record. Run it once per schema
revision, when the next revision is added (add the era's last commit to ERAS).
"""

from __future__ import annotations

import gzip
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
# revision -> the last commit whose newest migration it was (0002's file was made in its own time)
ERAS = {"0001": "21af29c", "0002": "6d8edd1", "0003": "0b9448c", "0004": "3051c43", "0005": "f1220f0", "0009": "235ab4e", "0012": "acc803a"}

# Run inside the old checkout: what its demo leaves empty (a setting, a photo of a signed sheet, a
# deleted session's tombstone; with a book cabinet, a weeding and a closed and an open stocktaking)
FILL = r'''
import datetime as dt, struct, sys, tempfile, zlib
from pathlib import Path
from sqlalchemy import func, select
from desktop.store.database import open_database
from desktop.services.centre import set_setting
from desktop.services.attendance import attach_evidence
from desktop.services.activities import delete_session
try:
    from desktop.store.models import Attendance, Session
except ImportError:  # moved out of models.py in a later era
    from desktop.store.register_models import Attendance, Session

def png(path):  # a real 2x2 grey PNG: the photo of a sheet
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + b"\x80\x80" for _ in range(2))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 0, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return path

db = open_database(Path(sys.argv[1]))
set_setting(db, "language", "vi")
with db.reading() as session:
    marked = select(Attendance.session_id).distinct()
    sessions = session.scalars(select(Session.id).where(Session.id.in_(marked)).limit(2)).all()
    unmarked = session.scalars(select(Session.id).where(Session.id.not_in(marked)).limit(3)).all()
for session_id in sessions:
    attach_evidence(db, session_id, png(Path(tempfile.mkdtemp()) / "so-diem-danh.png"))
for session_id in unmarked[:2]:
    delete_session(db, session_id)  # a tombstone
try:
    from desktop.services.books.stocktaking import close_stocktake, record_scan, start_stocktake
    try:
        from desktop.services.books.stocktaking import shelf_list
    except ImportError:  # moved to its own module in a later era
        from desktop.services.books.shelves import shelf_list
    from desktop.services.books.weeding import WeedingInput, weed_copies, weeding_candidates
except ImportError:
    print("no book cabinet in this era")
else:
    candidates = weeding_candidates(db, damaged_only=True)[:2]
    weed_copies(db, WeedingInput("07/QĐ-TTHTCĐ", dt.date.today(), "Rách nát"), [c.id for c in candidates],
                confirm=True)
    stock = shelf_list(db)
    first = start_stocktake(db, note="Kiểm kê cuối năm")
    for copy in stock[:40]:
        record_scan(db, first.id, copy.shelf or "A", copy.code)
    close_stocktake(db, first.id)
    second = start_stocktake(db, note="Kiểm kê đang làm")
    for copy in stock[40:45]:
        record_scan(db, second.id, copy.shelf or "A", copy.code)
try:  # sync: the office's key pinned and one package written (the centre's own sync tables)
    from desktop.services.sync.export import export_package
    from desktop.services.sync.keys import export_own_key, register_key
    from desktop.services.sync.mode import setup_office
except ImportError:
    print("no sync in this era")
else:
    folder = Path(tempfile.mkdtemp())
    office = open_database(folder / "office.sqlite")
    setup_office(office, level="province", name="Sở GD&ĐT Sơn La", code="14")
    export_own_key(office, folder / "office.clckey")
    office.close()
    register_key(db, folder / "office.clckey")
    export_package(db, folder)
    try:  # the conversation back: a correction, a reference list, a return package applied and answered
        from desktop.services.sync.receive import import_packages
        from desktop.services.sync.corrections import answer_correction, propose_correction, received_corrections
        from desktop.services.sync.reference_versions import publish_reference_version
        from desktop.services.sync.return_centre import import_returns
        from desktop.services.sync.return_office import write_returns
        from desktop.sync.returns import ReferenceEntry
        from desktop.store.register_models import Learner
    except ImportError:
        print("no return packages in this era")
    else:
        office = open_database(folder / "office.sqlite")
        import_packages(office, [folder], register_new=True)
        with office.reading() as session:
            learner_id, born = session.execute(select(Learner.id, Learner.birth_year).where(
                Learner.deleted.is_(False), Learner.birth_year.is_not(None)).limit(1)).one()
        propose_correction(office, table="learner", record_id=learner_id, field="birth_year",
                           value=born - 1, reason="Sổ hộ khẩu ghi năm sinh khác")
        publish_reference_version(office, "partner_bodies", [ReferenceEntry("hoi_nong_dan", "Hội Nông dân", "Farmers' Union")])
        returns = Path(tempfile.mkdtemp())
        write_returns(office, returns)
        office.close()
        import_returns(db, [returns])
        for correction in received_corrections(db, pending_only=True):
            answer_correction(db, correction.id, accept=True)
    try:  # a former centre merged in, one person of both joined
        from desktop.services.learners import LearnerInput, create_learner
        from desktop.services.merger import MergeDecisions, merge_centre, preview_merge
    except ImportError:
        print("no merger in this era")
    else:
        import subprocess
        former = Path(tempfile.mkdtemp()) / "former.sqlite"
        subprocess.run([sys.executable, "-m", "desktop", "demo", str(former), "--years", "1", "--seed", "7",
                        "--commune-code", "04567"], check=True, capture_output=True)
        from desktop.services.centre import add_village

        def plant(target, village):  # the same person, a learner of both communes
            create_learner(target, LearnerInput(full_name="Hoàng Thị Mai", birth_year=1985, gender="female",
                                                village_id=add_village(target, village).id), confirm_duplicate=True)
        plant(db, "Bản Nà Ten")
        former_db = open_database(former)
        plant(former_db, "Nà Ten")
        former_db.close()
        pair = [item for item in preview_merge(db, former).duplicates if item.incoming_name == "Hoàng Thị Mai"][0]
        merge_centre(db, former, MergeDecisions(join_learners={pair.incoming_id: pair.existing_id}))
db.close()
'''


def make(revision: str) -> Path:
    commit = ERAS[revision]
    with tempfile.TemporaryDirectory() as scratch:
        checkout, database = Path(scratch) / "app", Path(scratch) / f"centre-rev{revision}.sqlite"
        subprocess.run(["git", "worktree", "add", "--detach", str(checkout), commit], cwd=ROOT, check=True)
        try:
            environment = {"PYTHONPATH": str(checkout), "QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"}
            subprocess.run([sys.executable, "-m", "desktop", "demo", str(database), "--years", "1"],
                           cwd=checkout, env=environment, check=True)
            subprocess.run([sys.executable, "-c", FILL, str(database)], cwd=checkout, env=environment, check=True)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(checkout)], cwd=ROOT, check=True)
        with sqlite3.connect(database) as connection:
            assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (revision,)
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            empty = [name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                     if connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] == 0]
        connection.close()
        target = FIXTURES / f"centre-rev{revision}.sqlite.gz"
        with database.open("rb") as plain, gzip.open(target, "wb", compresslevel=9) as packed:
            shutil.copyfileobj(plain, packed)
    print(f"{target}: revision {revision} from {commit}; empty tables: {', '.join(empty) or 'none'}")
    return target


if __name__ == "__main__":
    for name in sys.argv[1:] or ["0001", "0003"]:
        make(name)
