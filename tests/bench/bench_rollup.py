"""Benchmark of the roll-up (issue 9): a province's centres' packages through commune offices to
one province database. Prints figures; asserts only that the province ends with the same per-centre
state as the offices.

    .venv/bin/python tests/bench/bench_rollup.py [--centres 150] [--offices 5] [--years 1] [--cache DIR]

Centres are made as in bench_sync.py (one demo centre of `--years` years, cloned with fresh ids,
codes and keys, kept in --cache). Each centre exports its package for its commune office (centre i
reports to office i mod --offices); each office imports its centres' packages, then writes its
consolidated package; the province imports the --offices consolidated packages. Each stage runs in
a child process, so its peak memory is its own. Measures: time of each stage and of the whole
chain, records per second of the province's import, peak memory, sizes of the consolidated
packages and of the province database, and a re-import (each recognised as already imported).

Then the increment (sync-design items 5 and 7, one level up): the offices acknowledge their
centres and the province its offices (return packages), every centre adds a month of data (three
classes of 25 learners, 8 sessions each with marks, 10 new learners), the offices import those
packages and write their next roll-ups, which hold only what is new; the province imports them.
Measures the increments' size and the province's import time next to the full ones, and checks
the per-centre digests again.
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import os
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_sync import build_district  # noqa: E402


def _child(work, queue, *args) -> None:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = work(*args)
    queue.put((time.perf_counter() - started, result, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))


def in_child(work, *args):  # type: ignore[no-untyped-def]
    """(seconds, result, peak kB) of `work(*args)` run in a fresh process."""
    queue: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    child = multiprocessing.Process(target=_child, args=(work, queue, *args))
    child.start()
    outcome = queue.get()
    child.join()
    return outcome


def import_all(office: str, paths: list[str]) -> tuple[int, list[str]]:
    from desktop.services.sync.receive import import_packages
    from desktop.store.database import open_database

    db = open_database(Path(office))
    try:
        report = import_packages(db, [Path(path) for path in paths])
    finally:
        db.close()
    rows = sum(sum(counts["new"] + counts["updated"] for counts in package.tables.values())
               for package in report.packages)
    set_aside = sum(len(package.set_aside) for package in report.packages)
    return rows, sorted({package.status for package in report.packages}) + ([f"set aside {set_aside}"] if set_aside else [])


def export_rollup_of(office: str, folder: str) -> tuple[str, int, int]:
    from desktop.services.sync.rollup import export_rollup
    from desktop.store.database import open_database

    db = open_database(Path(office))
    try:
        result = export_rollup(db, Path(folder))
    finally:
        db.close()
    return str(result.path), result.rows, result.size


def export_rollup_timed(office: str, folder: str) -> tuple[str, int, int, bool]:
    from desktop.services.sync.rollup import export_rollup
    from desktop.store.database import open_database

    db = open_database(Path(office))
    try:
        result = export_rollup(db, Path(folder))
    finally:
        db.close()
    return str(result.path), result.rows, result.size, result.full


MONTH = (2026, 12)


def add_a_month(centre: str, number: int) -> None:
    """A month of a centre's work: three classes of 25 learners, two sessions a week, every mark,
    and ten new learners."""
    import datetime as dt

    from sqlalchemy import select

    from desktop.services import activities, attendance
    from desktop.services.attendance import MarkChange
    from desktop.services.centre import list_villages
    from desktop.services.learners import LearnerInput, create_learner
    from desktop.store.database import open_database
    from desktop.store.register_models import Learner

    db = open_database(Path(centre))
    try:
        first, last = dt.date(*MONTH, 1), dt.date(*MONTH, 28)
        village = list_villages(db)[0].id
        for person in range(10):
            create_learner(db, LearnerInput(full_name=f"Lò Văn Tháng {number} {person}", birth_year=1980 + person,
                                            gender="male", village_id=village), today=last)
        with db.reading() as session:
            people = list(session.execute(select(Learner.id).where(Learner.deleted.is_(False))
                                          .order_by(Learner.id).limit(75)).scalars())
        for group in range(3):
            course = activities.create_activity(db, activities.ActivityInput(
                name=f"Lớp tháng {MONTH[1]} số {group + 1}", kind="short_course", topic_group="agriculture",
                start_date=first, end_date=last, status="running"))
            members = people[group * 25:(group + 1) * 25]
            activities.enrol_learners(db, course.id, members, on=first)
            activities.generate_sessions(db, course.id, first, last, {1, 3},
                                         activities.SessionInput(date=first, start_time="19:00", end_time="21:00",
                                                                 periods=2))
            grid = attendance.load_grid(db, course.id, *MONTH)
            attendance.save_marks(db, [MarkChange(session.id, learner.id, "C") for session in grid.sessions
                                       for learner in grid.learners], today=last)
    finally:
        db.close()


def held_digests(path: Path) -> dict[bytes, str]:
    with contextlib.closing(sqlite3.connect(path)) as connection:
        return dict(connection.execute("SELECT centre_id, digest FROM sync_centre_state"))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--centres", type=int, default=150)
    parser.add_argument("--offices", type=int, default=5)
    parser.add_argument("--years", type=int, default=1)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "clc-bench-rollup")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desktop.cli import main as clc

    quiet = contextlib.redirect_stdout(open(os.devnull, "w"))
    centres = build_district(args.cache, args.centres, args.years)
    work = Path(tempfile.mkdtemp(prefix="clc-rollup-bench-"))
    province = work / "province.sqlite"
    offices = [work / f"office-{number}.sqlite" for number in range(args.offices)]
    with quiet:
        clc(["init", str(province), "--aggregator", "--level", "province", "--name", "Sở GD&ĐT (bench)", "--code", "12"])
        clc(["keys", "export", "--db", str(province), "--out", str(work / "province.clckey")])
        for number, office in enumerate(offices):
            clc(["init", str(office), "--aggregator", "--level", "commune-office",
                 "--name", f"Phòng VH-XH {number + 1}", "--code", f"VHXH-{number + 1}"])
            clc(["keys", "register", "--db", str(office), str(work / "province.clckey")])
            clc(["keys", "export", "--db", str(office), "--out", str(work / f"office-{number}.clckey")])
            clc(["keys", "register", "--db", str(province), str(work / f"office-{number}.clckey")])

    sticks = [work / f"stick-{number}" for number in range(args.offices)]
    for stick in sticks:
        stick.mkdir()
    started = time.perf_counter()
    for index, path in enumerate(centres):
        number = index % args.offices
        copy = work / path.name
        shutil.copyfile(path, copy)
        with quiet:
            clc(["keys", "register", "--db", str(copy), str(work / f"office-{number}.clckey")])
            clc(["export", "--db", str(copy), "--out", str(sticks[number])])
            clc(["keys", "export", "--db", str(copy), "--out", str(work / f"{path.stem}.clckey")])
            clc(["keys", "register", "--db", str(offices[number]), str(work / f"{path.stem}.clckey")])
    print(f"{args.centres} centres of {args.years} year(s) exported for {args.offices} offices in "
          f"{time.perf_counter() - started:.0f} s (not counted below)", flush=True)

    chain_started = time.perf_counter()
    office_seconds, office_rows, office_peak = 0.0, 0, 0
    for office, stick in zip(offices, sticks):
        seconds, (rows, statuses), peak = in_child(import_all, str(office), [str(p) for p in sorted(stick.iterdir())])
        office_seconds, office_rows, office_peak = office_seconds + seconds, office_rows + rows, max(office_peak, peak)
        assert statuses == ["imported"], statuses
    print(f"centres → offices: {office_rows:,} records in {office_seconds:.0f} s = {office_rows / office_seconds:,.0f} "
          f"records/s; peak memory {office_peak / 1024:.0f} MB", flush=True)

    up = work / "up"
    up.mkdir()
    rollups, export_seconds, export_peak, rollup_rows = [], 0.0, 0, 0
    for office in offices:
        seconds, (path, rows, size), peak = in_child(export_rollup_of, str(office), str(up))
        rollups.append((path, size))
        export_seconds, export_peak, rollup_rows = export_seconds + seconds, max(export_peak, peak), rollup_rows + rows
    sizes = sorted(size for _path, size in rollups)
    print(f"{args.offices} consolidated packages ({rollup_rows:,} records) written in {export_seconds:.0f} s; "
          f"{sum(sizes) / 1e6:.0f} MB in all, largest {sizes[-1] / 1e6:.1f} MB; peak memory {export_peak / 1024:.0f} MB",
          flush=True)

    seconds, (rows, statuses), peak = in_child(import_all, str(province), [path for path, _size in rollups])
    chain = time.perf_counter() - chain_started
    print(f"province import: {rows:,} records in {seconds:.0f} s = {rows / seconds:,.0f} records/s; statuses {statuses}; "
          f"peak memory {peak / 1024:.0f} MB", flush=True)
    print(f"whole chain (offices' imports + roll-ups + province import): {chain:.0f} s for {rows:,} records "
          f"= {rows / chain:,.0f} records/s end to end")

    at_offices: dict[bytes, str] = {}
    for office in offices:
        at_offices.update(held_digests(office))
    at_province = held_digests(province)
    assert len(at_province) == args.centres and at_province == at_offices, "per-centre digests differ"
    print(f"per-centre state digests: all {len(at_province)} equal at the province and at the offices")

    again, (_rows, again_statuses), _peak = in_child(import_all, str(province), [path for path, _size in rollups])
    print(f"re-import of the {args.offices} consolidated packages: {again:.1f} s; statuses {again_statuses}")
    print(f"province database: {province.stat().st_size / 1e6:.0f} MB for {args.centres} centres")
    increment(args, work, centres, offices, province, sizes, seconds, rows, clc, quiet)
    shutil.rmtree(work, ignore_errors=True)
    return 0


def increment(args, work: Path, centres: list[Path], offices: list[Path], province: Path,  # type: ignore[no-untyped-def]
              full_sizes: list[int], full_seconds: float, full_rows: int, clc, quiet) -> None:
    """A month later: acknowledgements down, a month of data up, increments to the province."""
    back = work / "back"
    with quiet:
        clc(["return", "--db", str(province), "--all", "--out", str(back / "province")])
        for number, office in enumerate(offices):
            clc(["import", "--db", str(office)] + [str(p) for p in sorted((back / "province").iterdir())
                                                   if f"_VHXH-{number + 1}_" in p.name])
            clc(["return", "--db", str(office), "--all", "--out", str(back / f"office-{number}")])
    started = time.perf_counter()
    sticks = [work / f"month-{number}" for number in range(args.offices)]
    for stick in sticks:
        stick.mkdir()
    for index, path in enumerate(centres):
        number = index % args.offices
        copy = work / path.name
        with quiet:
            code = f"_{10000 + index + 1:05d}_"  # the centre's commune code (bench_sync._clone)
            clc(["import", "--db", str(copy)] + [str(p) for p in (back / f"office-{number}").iterdir() if code in p.name])
        add_a_month(str(copy), index)
        with quiet:
            clc(["export", "--db", str(copy), "--out", str(sticks[number])])
    print(f"a month of new data at {len(centres)} centres, acknowledged and exported in "
          f"{time.perf_counter() - started:.0f} s (not counted below)", flush=True)
    for office, stick in zip(offices, sticks):
        _seconds, (_rows, statuses), _peak = in_child(import_all, str(office), [str(p) for p in sorted(stick.iterdir())])
        assert statuses == ["imported"], statuses
    up = work / "up-month"
    up.mkdir()
    increments, export_seconds, increment_rows = [], 0.0, 0
    for office in offices:
        seconds, (path, rows, size, full), _peak = in_child(export_rollup_timed, str(office), str(up))
        assert not full, "the roll-up after an acknowledgement must be an increment"
        increments.append((path, size))
        export_seconds, increment_rows = export_seconds + seconds, increment_rows + rows
    sizes = sorted(size for _path, size in increments)
    seconds, (rows, statuses), peak = in_child(import_all, str(province), [path for path, _size in increments])
    print(f"{args.offices} incremental roll-ups ({increment_rows:,} records) written in {export_seconds:.1f} s; "
          f"{sum(sizes) / 1e6:.2f} MB in all (the full ones: {sum(full_sizes) / 1e6:.0f} MB), "
          f"largest {sizes[-1] / 1e6:.2f} MB", flush=True)
    print(f"province import of the increments: {rows:,} records in {seconds:.1f} s (the full ones: {full_rows:,} "
          f"records in {full_seconds:.0f} s); statuses {statuses}; peak memory {peak / 1024:.0f} MB", flush=True)
    at_offices: dict[bytes, str] = {}
    for office in offices:
        at_offices.update(held_digests(office))
    at_province = held_digests(province)
    assert len(at_province) == args.centres and at_province == at_offices, "per-centre digests differ"
    print(f"after the increments, per-centre state digests: all {len(at_province)} equal at the province and "
          "at the offices")


if __name__ == "__main__":
    sys.exit(main())
