"""Run inside a private mount namespace whose small tmpfs is filled up (tests/test_disk_full.py):
one user action on a full disk, then the disk freed and the same action again. Prints JSON."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from desktop.errors import UserError  # noqa: E402
from desktop.i18n import set_language  # noqa: E402
from desktop.store.database import open_database, quick_check  # noqa: E402

TODAY = dt.date(2026, 11, 23)


def fill(folder: Path) -> Path:
    """Write until the disk says it is full, to the last byte."""
    filler = folder / "filler"
    handle = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        for size in (1 << 20, 1 << 16, 4096, 512, 1):
            with contextlib.suppress(OSError):
                while True:
                    os.write(handle, b"\0" * size)
    finally:
        os.close(handle)
    try:
        (folder / "probe").write_bytes(b"\0" * 8192)
    except OSError as error:
        assert error.errno == errno.ENOSPC, error
    return filler


def save_a_mark(database: Path, disk: Path) -> dict[str, object]:
    from desktop.services.activities import list_activities
    from desktop.services.attendance import MarkChange, load_grid, save_marks

    db = open_database(database)
    course = list_activities(db)[0]
    grid = load_grid(db, course.id, 2026, 11)
    target = MarkChange(grid.sessions[0].id, grid.learners[0].id, "K")
    before = dict(grid.marks)
    filler = fill(disk)
    outcome: dict[str, object] = {}
    try:
        save_marks(db, [target], today=TODAY)
        outcome["saved_on_full_disk"] = True
    except UserError as error:
        outcome["message"] = error.message
    db.close()
    filler.unlink()
    db = open_database(database)  # the full check, as at the next start
    outcome["unchanged"] = dict(load_grid(db, course.id, 2026, 11).marks) == before
    save_marks(db, [target], today=TODAY)  # usable again once there is room
    outcome["saved_after"] = load_grid(db, course.id, 2026, 11).marks[(target.learner_id, target.session_id)] == "K"
    outcome["sound"] = quick_check(db.engine) == []
    db.close()
    return outcome


def export_to_a_full_stick(database: Path, stick: Path) -> dict[str, object]:
    from sqlalchemy import func, select

    from desktop.services.sync.export import export_package
    from desktop.store.sync_models import SyncOutbox

    db = open_database(database)
    filler = fill(stick)
    outcome: dict[str, object] = {}
    try:
        export_package(db, stick)
        outcome["exported_on_full_disk"] = True
    except UserError as error:
        outcome["message"] = error.message
    outcome["left_on_stick"] = sorted(path.name for path in stick.iterdir() if path.name not in ("filler", "probe"))
    with db.reading() as session:
        outcome["outbox"] = session.execute(select(func.count()).select_from(SyncOutbox)).scalar_one()
    filler.unlink()
    outcome["exported_after"] = export_package(db, stick).path.exists()
    outcome["sound"] = quick_check(db.engine) == []
    db.close()
    return outcome


def back_up_to_a_full_disk(database: Path, disk: Path) -> dict[str, object]:
    from desktop.store.backup import make_backup

    db = open_database(database)
    filler = fill(disk)
    outcome: dict[str, object] = {}
    try:
        make_backup(db.engine, disk / "backups")
        outcome["backed_up_on_full_disk"] = True
    except UserError as error:
        outcome["message"] = error.message
    outcome["left"] = sorted(path.name for path in (disk / "backups").iterdir()) if (disk / "backups").exists() else []
    filler.unlink()
    outcome["backed_up_after"] = make_backup(db.engine, disk / "backups").exists()
    outcome["sound"] = quick_check(db.engine) == []
    db.close()
    return outcome


if __name__ == "__main__":
    set_language("vi")
    action, database, disk = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    actions = {"mark": save_a_mark, "export": export_to_a_full_stick, "backup": back_up_to_a_full_disk}
    print(json.dumps(actions[action](database, disk), ensure_ascii=False))
