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
        copy.unlink()
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
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
